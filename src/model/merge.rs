//! Rows of SoA tables that only add to the SoA (issue 9): an "Excluded controls" summary
//! (`Control | Justification`) and a traceability table (`Control | Risk IDs`). Each row is
//! merged into the control's register row, so a control listed in a theme table and again in
//! the summary is one control, not a duplicate (IN003).
//!
//! - An exclusion row excludes its control: a register row with no decision (or an undecided
//!   one) becomes excluded, and its justification is the summary's (the register row's own
//!   only when the summary leaves the cell empty).
//!   With no register row, the exclusion row is the control's SoA row. A register row that
//!   says the control applies contradicts the summary: both rows stay, and IN003 shows them.
//! - A traceability row adds its risks and documents. With no register row it is dropped: the
//!   control is missing from the SoA (SOA002) whatever the traceability table says.

use crate::model::entity::{Control, Field, Item, Risk, Val};
use crate::model::record::Role;
use crate::model::values::Tri;
use crate::source::{FileId, Loc, SourceMap};
use std::collections::HashMap;

pub fn partial_rows(controls: &mut Vec<Control>) {
    if controls
        .iter()
        .all(|c| c.role == Role::Register || c.role == Role::Clause)
    {
        return;
    }
    let mut main: HashMap<String, usize> = HashMap::new();
    for (i, c) in controls.iter().enumerate() {
        if c.role == Role::Register
            && let Some(r) = c.control_ref()
        {
            main.entry(r.id().to_string()).or_insert(i);
        }
    }
    let mut dropped = vec![false; controls.len()];
    // Exclusions first, so a traceability row can add to a control only the summary lists.
    for role in [Role::Exclusion, Role::Links] {
        for i in 0..controls.len() {
            if controls[i].role != role {
                continue;
            }
            let Some(id) = controls[i].control_ref().map(|r| r.id().to_string()) else {
                dropped[i] = true;
                continue;
            };
            let Some(&m) = main.get(&id) else {
                match role {
                    Role::Exclusion => {
                        main.insert(id, i);
                    }
                    _ => dropped[i] = true,
                }
                continue;
            };
            if m == i {
                continue;
            }
            let src = controls[i].clone();
            let dst = &mut controls[m];
            if role == Role::Exclusion {
                if dst.applicable.value() == Some(Tri::Yes) {
                    continue;
                }
                if matches!(
                    dst.applicable.val,
                    Val::Missing | Val::Placeholder(_) | Val::Ok(Tri::Undecided)
                ) {
                    dst.applicable = src.applicable.clone();
                }
                // The summary is where the exclusion is justified: its text (or its empty
                // cell, when neither row says why) is the one the rules judge.
                if !src.justification.is_blank() || dst.justification.is_blank() {
                    dst.justification = src.justification.clone();
                }
            }
            add_links(dst, &src);
            dropped[i] = true;
        }
    }
    let mut i = 0;
    controls.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
}

fn add_items(to: &mut Vec<Item<String>>, from: &[Item<String>]) {
    for item in from {
        if !to.iter().any(|t| t.value.eq_ignore_ascii_case(&item.value)) {
            to.push(item.clone());
        }
    }
}

/// A traceability row's links: risks and documents. Its other columns (an action's owner in a
/// treatment plan) say nothing about the control's SoA row.
fn add_links(dst: &mut Control, src: &Control) {
    add_items(&mut dst.risks, &src.risks);
    add_items(&mut dst.documents, &src.documents);
}

/// Two records of one kind and ID that disagree on a field (issue 17): IN003 shows both.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// `risk` or `SoA control`, for the message.
    pub kind: &'static str,
    pub id: String,
    /// Every field the two records disagree on; the first is shown with its values.
    pub fields: Vec<&'static str>,
    /// The first record's value of the first such field, and where it is.
    pub first: (String, Loc),
    /// The other record's value, and where it is.
    pub again: (String, Loc),
    /// The other record is a treatment plan, decisions or acceptance row: it was joined to the
    /// first (its other fields count), and the first record's value is the one the rules read.
    pub joined: bool,
    /// The other record is a row of an SoA excerpt quoted in another document (issue 18
    /// item 3): it was not merged, and contradicts the SoA row.
    pub excerpt: bool,
}

/// One field's two values, when they differ.
struct Diff {
    field: &'static str,
    first: (String, Loc),
    again: (String, Loc),
}

/// Compare one field of two records; with `fill`, a blank field of `dst` takes `src`'s value.
fn field<T: Clone>(
    name: &'static str,
    dst: &mut Field<T>,
    src: &Field<T>,
    same: impl Fn(&T, &T) -> bool,
    show: impl Fn(&T) -> String,
    fill: bool,
    diffs: &mut Vec<Diff>,
) {
    match (&dst.val, &src.val) {
        (Val::Ok(a), Val::Ok(b)) if !same(a, b) => diffs.push(Diff {
            field: name,
            first: (show(a), dst.loc),
            again: (show(b), src.loc),
        }),
        (Val::Missing | Val::Placeholder(_), Val::Ok(_)) if fill => *dst = src.clone(),
        _ => {}
    }
}

#[allow(clippy::ptr_arg)] // used as `Fn(&String, &String)` for `Field<String>`
fn same_text(a: &String, b: &String) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

fn same_num(a: &f64, b: &f64) -> bool {
    (a - b).abs() < 1e-9
}

fn show_num(v: &f64) -> String {
    format!("{v}")
}

fn show_debug<T: std::fmt::Debug>(v: &T) -> String {
    format!("{v:?}").to_lowercase()
}

fn add_controls(dst: &mut Risk, src: &Risk) {
    for c in &src.controls {
        if !dst.controls.iter().any(|d| d.value.id() == c.value.id()) {
            dst.controls.push(c.clone());
            dst.controls_written += 1;
        }
    }
}

/// A text field, compared case- and space-insensitively.
fn text_field(
    name: &'static str,
    dst: &mut Field<String>,
    src: &Field<String>,
    fill: bool,
    d: &mut Vec<Diff>,
) {
    field(name, dst, src, same_text, String::clone, fill, d);
}

/// A date field, shown as written in ISO form.
fn date_field(
    name: &'static str,
    dst: &mut Field<jiff::civil::Date>,
    src: &Field<jiff::civil::Date>,
    fill: bool,
    d: &mut Vec<Diff>,
) {
    field(name, dst, src, |a, b| a == b, |v| v.to_string(), fill, d);
}

/// A field of normalised words (treatment, applicability, status): equal or not.
fn exact_field<T: Clone + PartialEq + std::fmt::Debug>(
    name: &'static str,
    dst: &mut Field<T>,
    src: &Field<T>,
    fill: bool,
    d: &mut Vec<Diff>,
) {
    field(name, dst, src, |a, b| a == b, show_debug, fill, d);
}

/// The fields of a risk that two records of it compare; `plan`: the other record is a
/// treatment plan row, whose owner and status are its action's and whose ratings (a plan's
/// "residual after" column) are not the register's.
fn risk_fields(dst: &mut Risk, src: &Risk, plan: bool, fill: bool) -> Vec<Diff> {
    let mut d = Vec::new();
    exact_field(
        "treatment",
        &mut dst.treatment,
        &src.treatment,
        fill,
        &mut d,
    );
    let src_res = src.residual();
    dst.edit_residual(|res| {
        text_field(
            "accepted_by",
            &mut res.accepted_by,
            &src_res.accepted_by,
            fill,
            &mut d,
        );
        date_field(
            "accepted_on",
            &mut res.accepted_on,
            &src_res.accepted_on,
            fill,
            &mut d,
        );
        date_field(
            "acceptance_expires",
            &mut res.acceptance_expires,
            &src_res.acceptance_expires,
            fill,
            &mut d,
        );
    });
    if plan {
        // A plan names its risk briefly (`R-001 — Ransomware`): its title only fills a gap.
        if fill && dst.title.is_blank() && !src.title.is_blank() {
            dst.title = src.title.clone();
        }
        return d;
    }
    text_field("title", &mut dst.title, &src.title, fill, &mut d);
    text_field("owner", &mut dst.owner, &src.owner, fill, &mut d);
    for (name, a, b) in [
        ("likelihood", &mut dst.likelihood, &src.likelihood),
        ("impact", &mut dst.impact, &src.impact),
        ("score", &mut dst.score, &src.score),
    ] {
        field(name, a, b, same_num, show_num, fill, &mut d);
    }
    dst.edit_residual(|res| {
        for (name, a, b) in [
            (
                "residual_likelihood",
                &mut res.residual_likelihood,
                &src_res.residual_likelihood,
            ),
            (
                "residual_impact",
                &mut res.residual_impact,
                &src_res.residual_impact,
            ),
            (
                "residual_score",
                &mut res.residual_score,
                &src_res.residual_score,
            ),
        ] {
            field(name, a, b, same_num, show_num, fill, &mut d);
        }
        date_field(
            "next_review",
            &mut res.next_review,
            &src_res.next_review,
            fill,
            &mut d,
        );
        text_field("status", &mut res.status, &src_res.status, fill, &mut d);
    });
    d
}

fn conflict(kind: &'static str, id: &str, diffs: Vec<Diff>, joined: bool) -> Option<Conflict> {
    let fields = diffs.iter().map(|d| d.field).collect();
    let first = diffs.into_iter().next()?;
    Some(Conflict {
        kind,
        id: id.to_string(),
        fields,
        first: first.first,
        again: first.again,
        joined,
        excerpt: false,
    })
}

/// Join the records of one risk (issue 17). A register's risk and the rows of a treatment plan,
/// decisions table or acceptance log with its ID are one risk: the plan adds its treatment,
/// controls, acceptance and actions. Two register rows of one ID that agree wherever both say
/// something (a filter view repeating rows, the same register as CSV and workbook) are one
/// record; where they disagree both stay, and the conflict is returned for IN003.
pub fn join_risks(risks: &mut Vec<Risk>) -> Vec<Conflict> {
    let mut conflicts = Vec::new();
    let mut main = crate::model::first_rows::FirstRows::default();
    // Register rows first, so a plan row finds its risk wherever the plan is.
    // The rows of the fullest register first, so a filter view's copy joins the register's row
    // (and findings point at the register).
    let per_file = rows_per_file(risks.iter().map(|r| r.loc.file()));
    // Each key once, a plan row after every register row, then the fuller file first: asked per
    // comparison, the file's row count was a hash lookup n log n times, most of this join on a
    // register of 100,000 risks (issue 16). One `u64` a row, and rows as `u32` (a row of a file
    // of at most 64 MiB): 12 bytes a risk, not the 32 of `sort_by_cached_key`'s pairs.
    let keys: Vec<u64> = risks
        .iter()
        .map(|r| {
            let rows = per_file[&r.loc.file()] as u64;
            (u64::from(r.role == Role::Plan) << 32) | (u64::from(u32::MAX) - rows)
        })
        .collect();
    let mut order: Vec<u32> = (0..risks.len() as u32).collect();
    // Stable: rows of one key stay in order.
    order.sort_by_key(|&i| keys[i as usize]);
    drop(keys);
    let mut dropped = vec![false; risks.len()];
    for i in order {
        let i = i as usize;
        let Some(id) = risks[i].id.get().map(|s| join_key(s)) else {
            continue;
        };
        if id.is_empty() {
            continue;
        }
        let Some(m) = main.get(&id, |row, k| joins_on(risks, row, k)) else {
            // A plan row with no register row is the only record of its risk: the plan's
            // responsible person is all it says of an owner.
            let r = &mut risks[i];
            if r.role == Role::Plan
                && let Some(a) = r.actions().first()
            {
                r.owner = a.owner.clone();
            }
            main.push(id, i, |row, k| joins_on(risks, row, k));
            continue;
        };
        let src = risks[i].clone();
        let plan = src.role == Role::Plan;
        let dst = &mut risks[m];
        let diffs = risk_fields(dst, &src, plan, false);
        if !plan && !diffs.is_empty() {
            conflicts.extend(conflict("risk", src.id_str(), diffs, false));
            continue;
        }
        risk_fields(dst, &src, plan, true);
        // A register that names no owner: the plan's owner of the risk's treatment is the one
        // it has (issue 17, a plan written one section per risk).
        if plan
            && dst.owner.is_blank()
            && let Some(a) = src.actions().first()
        {
            dst.owner = a.owner.clone();
        }
        add_controls(dst, &src);
        // A copy of the register row (filter view, CSV and workbook) repeats its action.
        if plan && !src.actions().is_empty() {
            dst.rare
                .get_mut()
                .actions
                .extend(src.actions().iter().cloned());
        }
        for a in src.assets() {
            if !dst
                .assets()
                .iter()
                .any(|d| d.value.eq_ignore_ascii_case(&a.value))
            {
                dst.rare.get_mut().assets.push(a.clone());
            }
        }
        conflicts.extend(conflict("risk", src.id_str(), diffs, true));
        dropped[i] = true;
    }
    let mut i = 0;
    risks.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
    conflicts
}

fn control_fields(dst: &mut Control, src: &Control, fill: bool) -> Vec<Diff> {
    let mut d = Vec::new();
    exact_field(
        "applicable",
        &mut dst.applicable,
        &src.applicable,
        fill,
        &mut d,
    );
    text_field(
        "justification",
        &mut dst.justification,
        &src.justification,
        fill,
        &mut d,
    );
    exact_field("status", &mut dst.status, &src.status, fill, &mut d);
    text_field("owner", &mut dst.owner, &src.owner, fill, &mut d);
    if fill && dst.title.is_blank() {
        dst.title = src.title.clone();
    }
    d
}

/// Join SoA rows of one control that agree (issue 17): an SoA excerpt quoted in a policy, or
/// the same SoA kept as CSV and workbook, adds no control and is no duplicate. Rows that
/// disagree stay, and the conflict is returned for IN003.
pub fn join_controls(controls: &mut Vec<Control>) -> Vec<Conflict> {
    let mut conflicts = Vec::new();
    let mut main: HashMap<String, usize> = HashMap::new();
    let mut dropped = vec![false; controls.len()];
    // The SoA's rows first (the file with the most rows): an excerpt joins them, not they it.
    let per_file = rows_per_file(controls.iter().map(|c| c.loc.file()));
    let mut order: Vec<usize> = (0..controls.len()).collect();
    order.sort_by_cached_key(|&i| std::cmp::Reverse(per_file[&controls[i].loc.file()]));
    for i in order {
        if controls[i].role == Role::Clause {
            continue;
        }
        let Some(id) = controls[i].control_ref().map(|r| r.id().to_string()) else {
            continue;
        };
        let Some(&m) = main.get(&id) else {
            main.insert(id, i);
            continue;
        };
        let src = controls[i].clone();
        let dst = &mut controls[m];
        let diffs = control_fields(dst, &src, false);
        if !diffs.is_empty() {
            conflicts.extend(conflict("SoA control", &id, diffs, false));
            continue;
        }
        control_fields(dst, &src, true);
        dst.has_status_column |= src.has_status_column;
        if dst.maturity.is_blank() && !src.maturity.is_blank() {
            dst.maturity = src.maturity.clone();
        }
        dst.has_owner_column |= src.has_owner_column;
        dst.has_evidence_column |= src.has_evidence_column;
        add_links(dst, &src);
        add_items(&mut dst.evidence, &src.evidence);
        for r in &src.reasons {
            if !dst.reasons.iter().any(|d| d.value == r.value) {
                dst.reasons.push(r.clone());
            }
        }
        dropped[i] = true;
    }
    let mut i = 0;
    controls.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
    conflicts
}

/// The risk at `row` joins on `key`.
fn joins_on(risks: &[Risk], row: usize, key: &str) -> bool {
    risks[row].id.get().map(|s| join_key(s)).as_deref() == Some(key)
}

fn rows_per_file(
    files: impl Iterator<Item = crate::source::FileId>,
) -> HashMap<crate::source::FileId, usize> {
    let mut n = HashMap::new();
    for f in files {
        *n.entry(f).or_insert(0) += 1;
    }
    n
}

/// A risk ID as tables join on it: case aside, and `R‑001` with a non-breaking hyphen (a word
/// processor's) the same as `R-001`.
fn join_key(id: &str) -> String {
    let id = id.trim();
    // An ASCII ID has no dash to map, and its lower case is its ASCII lower case: one copy,
    // not a `char` at a time into two (issue 16).
    if id.is_ascii() {
        return id.to_ascii_lowercase();
    }
    id.chars()
        .map(|c| match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Words of a heading or caption that say a table quotes part of the SoA (issue 18 item 3).
const EXCERPT_WORDS: &[&str] = &[
    "excerpt",
    "excerpts",
    "extract",
    "extracts",
    "summary",
    "example",
    "examples",
    "sample",
    "snippet",
    "overview",
    "quoted",
    "auszug",
    "beispiel",
    "zusammenfassung",
    "extracto",
    "resumen",
    "ejemplo",
    "resumo",
    "exemplo",
    "trecho",
    "extrait",
    "exemple",
    "résumé",
];

/// A file named like an SoA, or in a folder named like one (`soa/people.md`).
fn soa_named(path: &str) -> bool {
    path.to_lowercase().split('/').any(|part| {
        let stem = part.split('.').next().unwrap_or(part);
        let key: String = stem.chars().filter(|c| c.is_alphanumeric()).collect();
        key.starts_with("soa") || key.contains("statementofapplicability")
    })
}

/// The heading above a Markdown table row and the caption line right above the table (or a
/// workbook row's sheet name): where a document says a table is an excerpt.
fn table_heading(files: &SourceMap, loc: &Loc) -> String {
    if let Some((sheet, ..)) = files.sheet_cell(loc) {
        return sheet.to_string();
    }
    let file = files.get(loc.file());
    let lower = file.path.to_lowercase();
    if !(lower.ends_with(".md") || lower.ends_with(".markdown")) {
        return String::new();
    }
    let mut line = file.line_index(loc.start().min(file.text().len()));
    let text = |i: usize| file.text()[file.line_range(i)].trim().to_string();
    // Up over the table's own rows.
    while line > 0 && text(line).starts_with('|') {
        line -= 1;
    }
    let mut caption = String::new();
    let mut heading = String::new();
    let mut i = line;
    loop {
        let t = text(i);
        if t.starts_with('#') {
            heading = t;
            break;
        }
        if caption.is_empty() && !t.is_empty() && !t.starts_with('|') {
            caption = t;
        }
        if i == 0 || line - i > 40 {
            break;
        }
        i -= 1;
    }
    format!("{heading} {caption}")
}

fn excerpt_word(heading: &str) -> Option<&'static str> {
    heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .find_map(|w| {
            let w = w.to_lowercase();
            EXCERPT_WORDS.iter().copied().find(|e| *e == w)
        })
}

/// SoA excerpts (issue 18 item 3): an SoA-looking table in a file that is not the SoA, with few
/// rows beside the SoA's (at most a third), that quotes the SoA (half its controls or more are
/// SoA rows), or sits under an excerpt / summary / extract / example heading and names at least
/// one SoA control. Its rows add
/// nothing to the SoA: they are removed, each excerpt file is one `-v` note. Where an excerpt
/// row states the control's applicability or status differently from the SoA row, the
/// contradiction is returned for IN003 (a document quoting the SoA must agree with it).
///
/// The SoA is every file named like one (`soa.csv`, `soa/people.md`,
/// `statement-of-applicability.md`); with none, the file with the most SoA rows. A repository
/// whose only SoA-looking table is in a policy reads that table as its SoA (it is all the
/// repository states about applicability; SOA002 then names what it leaves out), with a note.
pub fn excerpts(controls: &mut Vec<Control>, files: &SourceMap) -> (Vec<String>, Vec<Conflict>) {
    let mut notes = Vec::new();
    let mut conflicts = Vec::new();
    let register = |c: &Control| c.role == Role::Register && c.control_ref().is_some();
    let mut per_file: Vec<(FileId, usize)> = Vec::new();
    for c in controls.iter().filter(|c| register(c)) {
        match per_file.iter_mut().find(|(f, _)| *f == c.loc.file()) {
            Some((_, n)) => *n += 1,
            None => per_file.push((c.loc.file(), 1)),
        }
    }
    if per_file.is_empty() {
        return (notes, conflicts);
    }
    let named: Vec<FileId> = per_file
        .iter()
        .filter(|(f, _)| soa_named(&files.get(*f).path))
        .map(|(f, _)| *f)
        .collect();
    let soa_files: Vec<FileId> = if named.is_empty() {
        let biggest = per_file
            .iter()
            .max_by(|a, b| {
                a.1.cmp(&b.1)
                    .then_with(|| files.get(b.0).path.cmp(&files.get(a.0).path))
            })
            .map(|(f, _)| *f)
            .into_iter()
            .collect::<Vec<_>>();
        if per_file.len() == 1 {
            notes.push(format!(
                "{}: its SoA table is read as the repository's SoA: no file is named like an SoA and no other table states applicability",
                files.get(biggest[0]).path
            ));
        }
        biggest
    } else {
        named
    };
    let soa_rows: usize = per_file
        .iter()
        .filter(|(f, _)| soa_files.contains(f))
        .map(|(_, n)| n)
        .sum();
    let mut soa_row: HashMap<String, usize> = HashMap::new();
    for (i, c) in controls.iter().enumerate() {
        if register(c) && soa_files.contains(&c.loc.file()) {
            soa_row.entry(c.id_str().to_string()).or_insert(i);
        }
    }
    let mut dropped = vec![false; controls.len()];
    for &(file, rows) in &per_file {
        if soa_files.contains(&file) || rows * 3 > soa_rows {
            continue;
        }
        let idx: Vec<usize> = (0..controls.len())
            .filter(|&i| register(&controls[i]) && controls[i].loc.file() == file)
            .collect();
        let quoted = idx
            .iter()
            .filter(|&&i| soa_row.contains_key(controls[i].id_str()))
            .count();
        let first = &controls[idx[0]];
        let heading = table_heading(files, &first.loc);
        // A heading word alone needs one quoted control: a split SoA's `People controls
        // overview` quotes none, and is part of the SoA, not an excerpt of it.
        let why = match excerpt_word(&heading) {
            Some(w) if quoted > 0 => format!("under a heading that says `{w}`"),
            _ if quoted * 2 >= idx.len() => format!("{quoted} of its controls are SoA rows"),
            _ => continue,
        };
        let mut absent = Vec::new();
        for &i in &idx {
            dropped[i] = true;
            let src = &controls[i];
            let Some(&m) = soa_row.get(src.id_str()) else {
                absent.push(src.id_str().to_string());
                continue;
            };
            let mut dst = controls[m].clone();
            let mut d = Vec::new();
            exact_field(
                "applicable",
                &mut dst.applicable,
                &src.applicable,
                false,
                &mut d,
            );
            exact_field("status", &mut dst.status, &src.status, false, &mut d);
            if let Some(mut c) = conflict("SoA control", src.id_str(), d, false) {
                c.excerpt = true;
                conflicts.push(c);
            }
        }
        let line = files.span(&first.loc).0.line;
        let at = if line > 0 {
            format!("{}:{line}", files.get(file).path)
        } else {
            files.get(file).path.clone()
        };
        let absent = if absent.is_empty() {
            String::new()
        } else {
            format!(
                "; not in the SoA, so not added to it: {}",
                absent.join(", ")
            )
        };
        notes.push(format!(
            "{at}: SoA excerpt skipped ({rows} row{}, {why}; the SoA has {soa_rows}){absent}",
            if rows == 1 { "" } else { "s" }
        ));
    }
    let mut i = 0;
    controls.retain(|_| {
        i += 1;
        !dropped[i - 1]
    });
    (notes, conflicts)
}

#[cfg(test)]
mod tests {
    use super::{excerpt_word, soa_named};

    #[test]
    fn soa_files_and_excerpt_headings() {
        for p in [
            "soa.csv",
            "isms/SoA-2026.xlsx",
            "soa/people-controls.md",
            "docs/statement-of-applicability.md",
        ] {
            assert!(soa_named(p), "{p}");
        }
        for p in [
            "policies/access-control.md",
            "risk/register.md",
            "isms-manual.md",
        ] {
            assert!(!soa_named(p), "{p}");
        }
        assert_eq!(excerpt_word("## 2. SoA excerpt"), Some("excerpt"));
        assert_eq!(excerpt_word("## Auszug aus der SoA"), Some("auszug"));
        assert_eq!(excerpt_word("## Controls Summary: "), Some("summary"));
        assert_eq!(excerpt_word("## 4. Controls"), None);
        // Whole words only.
        assert_eq!(excerpt_word("## Examplary controls"), None);
    }
}
