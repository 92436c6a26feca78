//! Tables (CSV rows, Markdown tables, spreadsheet sheets) → records: find the header row
//! (joined with a group row above it), decide the kind and role from it ([`classify`]), pick
//! the ID column, skip section rows.

use super::classify::{self, Header, Title, Verdict, Want};
use super::{LoadCx, Plan, columns};
use crate::diagnostic::Diagnostic;
use crate::model::control_id::{ControlRef, parse_clause_ref, parse_control_ref, several_controls};
use crate::model::framework::{self, Framework};
use crate::model::record::{Key, Kind, RawField, RawRecord, RawValue, Role};
use crate::source::Loc;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct TableCell {
    /// Up to 24 bytes inline, no allocation of its own: a million-row table holds ten million
    /// cells, most of them short (issue 16).
    pub text: compact_str::CompactString,
    pub loc: Loc,
    pub verbatim: bool,
}

/// The capacity to give a row of `width` cells: its block is as big as the fields of the
/// record read from it, so when the row is freed as read (`read`), the allocator hands that
/// block to the next row's fields, and a big table costs its rows or its records, not both.
/// As big, not bigger: the most cells that fit the allocator's block for the fields (glibc: the
/// bytes asked plus 8, rounded up to 16). Rounding the cells up instead made a 7-column CSV
/// row 9 cells, a 448-byte block where its fields take 400: 48 MB more on a million rows.
pub fn row_capacity(width: usize) -> usize {
    let block = |bytes: usize| (bytes + 8).div_ceil(16) * 16;
    let fields = block(width * std::mem::size_of::<RawField>());
    (fields - 8) / std::mem::size_of::<TableCell>()
}

/// How many rows from the top a header row may be (title rows above it are skipped).
pub const HEADER_SEARCH: usize = 30;

/// What describes a table besides its header.
#[derive(Debug, Clone, Copy, Default)]
pub struct Place<'a> {
    /// The heading or caption above a Markdown table, or the sheet name.
    pub title: &'a str,
    /// A kind from the file name decides only the table that matches it; other tables are read
    /// by their own headers (the sheets of a workbook named `SoA.xlsx`).
    pub others_by_header: bool,
}

pub struct FoundTable {
    pub kind: Kind,
    pub role: Role,
    pub header_row: usize,
    /// The header as read: a group row above the field row joined to it (`Residual L`).
    pub header: Vec<String>,
    pub records: Vec<RawRecord>,
    /// Headers named in config `columns:` that the header row lacks.
    pub missing_columns: Vec<String>,
    /// The column read as the ID.
    pub id_col: Option<usize>,
    /// The field each header cell is read as (config `columns:` first, then aliases).
    pub fields: Vec<Option<&'static str>>,
    /// Cells that cannot be read (IN001), e.g. a control number Excel stored as a date.
    pub diagnostics: Vec<Diagnostic>,
    /// What `-v` says about rows that were not read as records.
    pub notes: Vec<String>,
    /// Columns whose cells pack a treatment and a name (`Modify | J. Smith`), with the fields
    /// they hold (issue 12 item 4).
    pub packed: Vec<(String, Vec<String>)>,
    /// Why the table is another framework's register, not read by the ISO 27001 rules (its
    /// rows are then not read).
    pub other: Option<String>,
}

/// The row number a person sees: the sheet row, or the line of a text file.
pub fn row_number(file: &crate::source::SourceFile, row: &[TableCell]) -> usize {
    match row.first() {
        Some(c) => match c.loc.sheet_cell() {
            Some((_, row, _)) => row as usize + 1,
            None => file.line_col(c.loc.start()).line,
        },
        None => 0,
    }
}

/// `2010-01-01`: a date where a control number was typed (Excel read `10.1.1` as a date).
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Find the header and read the rows below it; `Err` says why the table is not a register.
///
/// `strict`: only a header row that reads as the kind counts (with the mapping applied), never
/// the row that merely holds the most configured columns.
pub fn read(
    rows: &mut [Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
    strict: bool,
    place: Place,
) -> Result<FoundTable, String> {
    let found = locate(rows, plan, cx, file, strict, place)?;
    let (header_row, kind, role) = (found.row, found.kind, found.role);
    let header_cells = found.header;
    let header: Vec<&str> = header_cells.iter().map(|h| h.trim()).collect();
    let body = &rows[header_row + 1..];
    // Config `split:` per column, looked up once per table rather than once per cell.
    let mut splits: Vec<Option<Vec<String>>> = split_columns(plan, &header)
        .into_iter()
        .map(|s| s.map(<[String]>::to_vec))
        .collect();
    let mut resolved = columns::resolve(cx.fields, kind, mapping(plan), &header);
    // Packed cells (`Modify | J. Smith`): found by their values; a header that names both
    // fields (`Treatment / Owner`) is split without config.
    let mut packed = Vec::new();
    if kind == Kind::Risk {
        for (i, h) in header.iter().enumerate() {
            let Some(at) = packed_treatment(body, i) else {
                continue;
            };
            let named = header_fields(cx.fields, h).filter(|f| f[at] == "treatment");
            let targets: Vec<String> = match &named {
                Some(f) => f.iter().map(|s| s.to_string()).collect(),
                None if at == 0 => vec!["treatment".into(), "owner".into()],
                None => vec!["owner".into(), "treatment".into()],
            };
            if splits[i].is_none() && resolved[i].is_none() && named.is_some() {
                splits[i] = Some(targets.clone());
            }
            packed.push((h.to_string(), targets));
        }
    }
    let view = Header::new(&header_cells, cx.fields);
    let id_col = match role {
        Role::Clause => view
            .clause_col()
            .or_else(|| choose_id_column(rows, header_row, &resolved, kind)),
        Role::Plan => classify::plan_risk_col(&header_cells)
            .or_else(|| choose_id_column(rows, header_row, &resolved, kind)),
        _ => choose_id_column(rows, header_row, &resolved, kind),
    };
    // No column named as the ID: a title-named column of control IDs is the ID (`Contrôle |
    // Intitulé`, see `classify::title_id_col`).
    let title_id = match (id_col, kind, role) {
        (None, Kind::Control, Role::Register | Role::Exclusion | Role::Links) => {
            classify::title_id_col(&view, body)
        }
        _ => None,
    };
    let id_col = id_col.or(title_id);
    // The keys records carry: the header, with the Yes/No column of a clause checklist named
    // as the applicability it is, and a title-named column of IDs named as the ID.
    let mut keys: Vec<&str> = header.clone();
    if let Some(i) = title_id {
        keys[i] = "ID";
        resolved[i] = Some("id");
    }
    // A plan row is keyed by the risk it treats; its own number (`RTP-001`) is the action's.
    if role == Role::Plan
        && let Some(id) = id_col
    {
        for (i, f) in resolved.iter().enumerate() {
            if i != id && *f == Some("id") {
                keys[i] = "Action ID";
            }
        }
        if resolved[id] != Some("id") {
            keys[id] = "Risk ID";
        }
    }
    let applicable_col = match (role, id_col) {
        (Role::Clause, Some(id)) => {
            if resolved[id] != Some("id") {
                keys[id] = "ID";
            }
            let answer = classify::answer_col(&view, body, id);
            if let Some(a) = answer
                && resolved[a] != Some("applicable")
            {
                keys[a] = "Applicable";
            }
            answer
        }
        _ => resolved.iter().position(|f| *f == Some("applicable")),
    };
    // In a 2013-edition SoA, two-level rows with no applicability (`A.5.1 Management direction
    // for information security`) are control objectives: headings, not controls.
    // The edition is the one config declares, else the one most IDs are written in.
    let edition_2013 = kind == Kind::Control
        && role == Role::Register
        && (plan.framework == Some(Framework::Iso27001_2013)
            || id_col.is_some_and(|c| {
                let s = classify::id_stats(body, c);
                s.legacy * 2 > s.controls
            }));
    let mut objectives = 0;
    let mut diagnostics = Vec::new();
    // Another framework's register is not read (decided before its rows are consumed).
    let other = other_framework(rows, (header_row, kind, id_col, &resolved), plan, file);
    // One copy of each key for the whole table, shared by its rows.
    let shared: Vec<Key> = keys.iter().map(|k| Key::new(k.to_string())).collect();

    let mut records = Vec::new();
    let body: &mut [Vec<TableCell>] = if other.is_some() {
        &mut []
    } else {
        &mut rows[header_row + 1..]
    };
    for row in body {
        // Each row is freed once read: a big table is never held twice (cells and records).
        let mut row = std::mem::take(row);
        if row.iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map_or("", |c| c.text.trim());
        if kind == Kind::Control {
            let id_text = cell(id_col);
            let no_answer = cell(applicable_col).is_empty();
            if role != Role::Clause && is_date(id_text) {
                if let Some(c) = id_col.and_then(|i| row.get(i)) {
                    diagnostics.push(
                        Diagnostic::at(
                            &crate::diagnostic::input::parse_error::META,
                            &c.loc,
                            format!("`{id_text}` in the ID column is a date, not a control number: the spreadsheet stored the number typed (e.g. `10.1.1`) as a date, so this row is not read"),
                        )
                        .label("a date")
                        .help("format the ID column as text and type the control number again (`A.10.1.1`), or show it with a number format that writes it as typed"),
                    );
                }
                continue;
            }
            let parsed = match role {
                Role::Clause => parse_clause_ref(id_text).map(ControlRef::Clause),
                _ => parse_control_ref(id_text),
            };
            // A theme heading inside an SoA ("5 Organizational controls") is not a control.
            if parsed.is_none() && (no_answer || role != Role::Register) {
                continue;
            }
            // Two-level (`A.5.1`, or `10.1`, which alone would read as a clause).
            let two_level = matches!(&parsed, Some(ControlRef::Control(_)))
                || matches!(&parsed, Some(ControlRef::Clause(c)) if c.matches('.').count() == 1);
            if edition_2013 && no_answer && two_level {
                objectives += 1;
                continue;
            }
        }
        let first = row.first().map(|c| c.loc);
        let last = row
            .iter()
            .rev()
            .find(|c| !c.text.trim().is_empty())
            .map(|c| c.loc);
        let loc = match (first, last, id_col.and_then(|i| row.get(i))) {
            (_, _, Some(idc)) if !idc.text.trim().is_empty() => idc.loc,
            (Some(f), Some(l), _) if !f.is_cell() => Loc::new(f.file(), f.start(), l.end()),
            (Some(f), _, _) => f,
            _ => continue,
        };
        // A traceability row may name several controls in its ID cell (`A 5.17 A 8.5`): one
        // link record per control. (Read, as the row's place, before the cells' text moves
        // into the fields.)
        let several = match (role, id_col.and_then(|i| row.get(i))) {
            (Role::Links, Some(c)) => several_controls(&c.text),
            _ => Vec::new(),
        };
        // Only the cells the row has: a short row under a wide header costs its own length.
        let width = header.len().min(row.len());
        let mut fields = Vec::with_capacity(width);
        // The chosen ID column goes first so it wins over other columns that alias to `id`.
        let order = id_col
            .filter(|&i| i < width)
            .into_iter()
            .chain((0..width).filter(|i| Some(*i) != id_col));
        for i in order {
            let key = &shared[i];
            if key.is_empty() {
                continue;
            }
            let Some(c) = row.get_mut(i) else { continue };
            if let Some(targets) = &splits[i] {
                push_split(&mut fields, c, targets);
                continue;
            }
            let empty = c.text.trim().is_empty();
            fields.push(RawField {
                key: key.clone(),
                // The cell's text moves into the record (the row is freed once read).
                value: if empty {
                    RawValue::Null
                } else {
                    RawValue::Text(std::mem::take(&mut c.text))
                },
                loc: c.loc,
                verbatim: c.verbatim,
            });
        }
        if several.len() > 1 {
            for one in several {
                let mut fields = fields.clone();
                if let Some(f) = fields.first_mut() {
                    f.value = RawValue::Text(one.into());
                    f.verbatim = false;
                }
                records.push(RawRecord {
                    kind,
                    loc,
                    fields,
                    key_id: None,
                    column_map: plan.lookup.clone().or_else(|| plan.columns.clone()),
                    value_map: plan.values.clone(),
                    lang: None,
                    role,
                });
            }
            continue;
        }
        records.push(RawRecord {
            kind,
            loc,
            fields,
            key_id: None,
            column_map: plan.lookup.clone().or_else(|| plan.columns.clone()),
            value_map: plan.values.clone(),
            lang: None,
            role,
        });
    }
    let mut notes = Vec::new();
    if objectives > 0 {
        notes.push(format!(
            "{objectives} two-level rows without applicability read as control objectives of the 2013 edition (headings), not controls"
        ));
    }
    let missing_columns = plan
        .columns
        .iter()
        .flat_map(|m| m.iter())
        .filter(|(h, _)| !header.iter().any(|x| columns::same_header(x, h)))
        .map(|(h, _)| h.clone())
        .collect();
    Ok(FoundTable {
        kind,
        role,
        header_row,
        header: header_cells,
        records,
        missing_columns,
        id_col,
        fields: resolved,
        diagnostics,
        notes,
        packed,
        other,
    })
}

/// The columns of a closed field (`vocab::VALUE_TARGETS`) whose values do not normalise but
/// form a small closed set (at most 6 words, each in 2 or more rows or the whole column):
/// `Inc`/`Exc`, `Feito`/`Em curso`. For `init` to propose a `values:` block.
fn unread_values(
    kind: Kind,
    columns: &[(String, &'static str)],
    records: &[RawRecord],
) -> Vec<(String, &'static str, Vec<String>)> {
    use crate::model::values;
    let mut out = Vec::new();
    for (header, field) in columns {
        if crate::model::value_targets::value_targets(Some(kind), field).is_empty() {
            continue;
        }
        let reads = |t: &str| match *field {
            "status" => values::parse_status(t).is_some(),
            "treatment" => values::parse_treatment(t).is_some(),
            // An applicability column may hold implementation statuses (`build::control`).
            "applicable" if kind == Kind::Control => {
                values::parse_tri(t).is_some() || values::parse_status(t).is_some()
            }
            _ => values::parse_tri(t).is_some(),
        };
        let mut words: Vec<(String, usize)> = Vec::new();
        let mut cells = 0;
        for r in records {
            let Some(f) = r.fields.iter().find(|f| f.key.trim() == header.trim()) else {
                continue;
            };
            let RawValue::Text(s) = &f.value else {
                continue;
            };
            let (a, b) = values::undecorate(s);
            let t = s[a..b].trim();
            if t.is_empty() || values::placeholder(t).is_some() {
                continue;
            }
            cells += 1;
            if reads(t) {
                continue;
            }
            match words.iter_mut().find(|(w, _)| w.eq_ignore_ascii_case(t)) {
                Some((_, n)) => *n += 1,
                None => words.push((t.to_string(), 1)),
            }
        }
        let unread: usize = words.iter().map(|(_, n)| n).sum();
        let closed = !words.is_empty()
            && words.len() <= 6
            && words.iter().all(|(w, n)| *n >= 2 || w.len() <= 24)
            && unread * 2 >= cells;
        if closed {
            let mut list: Vec<String> = words.into_iter().map(|(w, _)| w).collect();
            list.sort();
            out.push((header.clone(), *field, list));
        }
    }
    out
}

/// The two parts of a packed cell: `X | Y`, else `X / Y` (spaced, so `Avoid/terminate` is one).
fn packed_parts(text: &str) -> Option<(&str, &str)> {
    // `contains('/')` first: most cells have neither, and a `" / "` search sets up a substring
    // searcher each time (a million-row register: 7 million cells, 5% of its run).
    let (a, b) = text
        .split_once('|')
        .or_else(|| text.contains('/').then(|| text.split_once(" / ")).flatten())?;
    let (a, b) = (a.trim(), b.trim());
    (!a.is_empty() && !b.is_empty() && !b.contains('|')).then_some((a, b))
}

/// Does this column pack a treatment option and a name in most of its filled cells? Returns
/// the position of the treatment (0 or 1).
fn packed_treatment(body: &[Vec<TableCell>], col: usize) -> Option<usize> {
    use crate::model::values::parse_treatment;
    let mut filled = 0;
    let mut at = [0usize; 2];
    for row in body {
        let Some(c) = row.get(col) else { continue };
        let t = c.text.trim();
        if t.is_empty() {
            continue;
        }
        filled += 1;
        let Some((a, b)) = packed_parts(t) else {
            continue;
        };
        let name = |s: &str| s.chars().any(char::is_alphabetic) && parse_treatment(s).is_none();
        if parse_treatment(a).is_some() && name(b) {
            at[0] += 1;
        } else if parse_treatment(b).is_some() && name(a) {
            at[1] += 1;
        }
    }
    let (best, n) = if at[0] >= at[1] {
        (0, at[0])
    } else {
        (1, at[1])
    };
    (n > 0 && n * 2 > filled).then_some(best)
}

/// `Treatment / Owner`: a header naming two fields of a risk, in order.
fn header_fields(
    fields: &crate::model::aliases::FieldTable,
    header: &str,
) -> Option<[&'static str; 2]> {
    let (a, b) = header
        .split_once('/')
        .or_else(|| header.split_once('|'))
        .or_else(|| header.split_once('&'))
        .or_else(|| header.split_once(" and "))?;
    let (fa, fb) = (
        fields.canonical(Kind::Risk, a.trim())?,
        fields.canonical(Kind::Risk, b.trim())?,
    );
    (fa != fb).then_some([fa, fb])
}

fn mapping(plan: &Plan) -> Option<&columns::Mapping> {
    plan.lookup
        .as_deref()
        .or(plan.columns.as_deref())
        .map(Vec::as_slice)
}

/// The header row found, with what it was read as.
struct Found {
    row: usize,
    kind: Kind,
    role: Role,
    header: Vec<String>,
}

/// The text of the rows above `row` (title rows), for the table's title.
fn text_above(rows: &[Vec<TableCell>], row: usize) -> String {
    let mut out = String::new();
    for r in &rows[..row.min(rows.len())] {
        for c in r.iter().filter(|c| !c.text.trim().is_empty()).take(8) {
            out.push(' ');
            out.push_str(c.text.trim());
        }
        if out.len() > 2000 {
            break;
        }
    }
    out
}

/// Words of a group row that say the columns below are the residual or the inherent risk.
fn group_prefix(group: &str) -> Option<&'static str> {
    let words: Vec<String> = group
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&[
        "residual",
        "after",
        "post",
        "target",
        "remaining",
        "revised",
        "treated",
        "net",
    ]) {
        Some("Residual")
    } else if has(&[
        "inherent",
        "before",
        "initial",
        "gross",
        "current",
        "pre",
        "raw",
        "untreated",
    ]) {
        Some("Inherent")
    } else {
        None
    }
}

/// The header of row `i`, joined with a group row above it when there is one: a row with
/// fewer cells whose labels (often merged across the columns below them) make a repeated
/// field name specific (`Risk after treatment` over `L | I | Score` → `Residual L`, …).
pub fn effective_header(rows: &[Vec<TableCell>], i: usize, cx: &LoadCx) -> Vec<String> {
    let header: Vec<String> = rows[i].iter().map(|c| c.text.trim().to_string()).collect();
    let Some(group) = i.checked_sub(1).map(|g| &rows[g]) else {
        return header;
    };
    let filled: Vec<usize> = (0..group.len())
        .filter(|&c| !group[c].text.trim().is_empty())
        .collect();
    let header_filled = header.iter().filter(|h| !h.is_empty()).count();
    // A title row (one cell in the first column) is not a group row.
    if filled.is_empty() || filled.len() >= header_filled || (filled.len() == 1 && filled[0] == 0) {
        return header;
    }
    let repeated = |kind: Kind, field: &str| {
        header
            .iter()
            .filter(|h| cx.fields.canonical(kind, h) == Some(field))
            .count()
            > 1
    };
    header
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let Some(&g) = filled.iter().rev().find(|&&g| g <= c) else {
                return h.clone();
            };
            if h.is_empty() {
                return h.clone();
            }
            let label = group[g].text.trim();
            let candidates = group_prefix(label)
                .map(|p| format!("{p} {h}"))
                .into_iter()
                .chain(std::iter::once(format!("{label} {h}")));
            for joined in candidates {
                let better = Kind::ALL.iter().any(|&k| {
                    cx.fields.canonical(k, &joined).is_some()
                        && match cx.fields.canonical(k, h) {
                            None => true,
                            Some(f) => repeated(k, f),
                        }
                });
                if better {
                    return joined;
                }
            }
            h.clone()
        })
        .collect()
}

/// The header row and the kind it names (for `assign`: does this table read as the source's
/// kind?).
pub fn find_header(
    rows: &[Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
    strict: bool,
) -> Option<(usize, Kind)> {
    locate(rows, plan, cx, file, strict, Place::default())
        .ok()
        .map(|f| (f.row, f.kind))
}

/// The header row, its kind and role. Config `columns:` is applied before the header is
/// judged, so a mapping corrects detection (`Aplicável?` mapped to `applicable` makes an SoA
/// header); when no row reads as the kind and not `strict`, the row holding the most configured
/// columns is the header of the configured kind. `Err` says why no row is a header.
fn locate(
    rows: &[Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
    strict: bool,
    place: Place,
) -> Result<Found, String> {
    let mapping = mapping(plan);
    let configured = plan.kind.filter(|_| plan.config_loc.is_some());
    let want = match (configured, plan.kind) {
        (Some(k), _) => Want::Prefer {
            kind: k,
            others: false,
        },
        (None, Some(k)) => Want::Prefer {
            kind: k,
            others: place.others_by_header,
        },
        (None, None) => Want::Auto,
    };
    let sheet = rows
        .iter()
        .flat_map(|r| r.first())
        .find_map(|c| file.sheet_of(&c.loc))
        .unwrap_or("");
    let context = plan.context.as_deref().unwrap_or("");
    // The words before the title rows are the same for every row tried as the header.
    let base = Title::new(&file.path, &format!("{} {context} {sheet}", place.title));
    let title_at = |i: usize| base.with(&text_above(rows, i));
    // The header as detection sees it: joined with a group row, with the mapping applied.
    let seen = |i: usize| -> (Vec<String>, Vec<String>) {
        let header = effective_header(rows, i, cx);
        let refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let effective = columns::effective_headers(cx.fields, mapping, &refs);
        (header, effective)
    };
    let found = |row: usize, kind: Kind, role: Role, header: Vec<String>| Found {
        row,
        kind,
        role,
        header,
    };
    if let Some(n) = plan.header_row {
        // `header_row` is the row number as shown in the spreadsheet or the line in the file.
        let i = rows
            .iter()
            .position(|r| row_number(file, r) == n)
            .ok_or_else(|| format!("it has no row {n} (the configured `header_row`)"))?;
        let (header, effective) = seen(i);
        let view = Header::new(&effective, cx.fields);
        let (body, title) = (&rows[i + 1..], title_at(i));
        return match plan.kind {
            Some(k) => {
                let role = classify::role_of(k, &view, body, &title);
                Ok(found(i, k, role, header))
            }
            None => match classify::classify(&view, body, &title, Want::Auto) {
                Verdict::Read(k, role) => Ok(found(i, k, role, header)),
                Verdict::Skip(why) => Err(why.unwrap_or_else(|| {
                    format!("row {n} (the configured `header_row`) names no kind")
                })),
            },
        };
    }
    let mut reason: Option<String> = None;
    let mut first_header: Option<String> = None;
    for i in 0..rows.len().min(HEADER_SEARCH) {
        if rows[i].iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        let (header, effective) = seen(i);
        let view = Header::new(&effective, cx.fields);
        let (body, title) = (&rows[i + 1..], title_at(i));
        first_header.get_or_insert_with(|| Header::new(&header, cx.fields).describe());
        match classify::classify(&view, body, &title, want) {
            Verdict::Read(k, role) if configured.is_none_or(|c| c == k) => {
                return Ok(found(i, k, role, header));
            }
            Verdict::Read(..) => {}
            Verdict::Skip(why) => {
                if reason.is_none() {
                    reason = why;
                }
            }
        }
    }
    let why = || {
        reason.clone().unwrap_or_else(|| match &first_header {
            Some(h) => format!("no row names a register (first row {h})"),
            None => "it is empty".to_string(),
        })
    };
    if strict {
        return Err(why());
    }
    let Some(kind) = plan.kind else {
        return Err(why());
    };
    let configured_cells = |row: &Vec<TableCell>| {
        mapping.map_or(0, |m| {
            m.iter()
                .filter(|(h, _)| row.iter().any(|c| columns::same_header(&c.text, h)))
                .count()
        })
    };
    let by_columns = rows
        .iter()
        .enumerate()
        .take(HEADER_SEARCH)
        .map(|(i, r)| (configured_cells(r), i))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, i)| (*n, usize::MAX - i))
        .map(|(_, i)| i);
    // Config picked this very table (`table:`, `header:`): its header is the row with the
    // picked cell, or its first row.
    let row = by_columns.or_else(|| {
        plan.selects_tables()
            .then(|| {
                rows.iter()
                    .take(HEADER_SEARCH)
                    .position(|r| match &plan.header {
                        Some(h) => r.iter().any(|c| columns::same_header(&c.text, h)),
                        None => r.iter().any(|c| !c.text.trim().is_empty()),
                    })
            })
            .flatten()
    });
    let Some(i) = row else {
        return Err(why());
    };
    let (header, effective) = seen(i);
    let view = Header::new(&effective, cx.fields);
    let role = classify::role_of(kind, &view, &rows[i + 1..], &title_at(i));
    Ok(found(i, kind, role, header))
}

/// When several columns are read as `id` (`#` and `Control`), the one whose values parse as
/// IDs wins (for controls); otherwise the first one.
fn choose_id_column(
    rows: &[Vec<TableCell>],
    header_row: usize,
    resolved: &[Option<&'static str>],
    kind: Kind,
) -> Option<usize> {
    let candidates: Vec<usize> = (0..resolved.len())
        .filter(|&i| resolved[i] == Some("id"))
        .collect();
    if candidates.len() <= 1 || kind != Kind::Control {
        return candidates.first().copied();
    }
    // Count the IDs in each candidate column, looking at each cell once (not at every row once
    // per candidate: there may be many of both).
    let mut parsed = vec![0usize; resolved.len()];
    let mut is_candidate = vec![false; resolved.len()];
    for &i in &candidates {
        is_candidate[i] = true;
    }
    for r in &rows[header_row + 1..] {
        for (i, c) in r.iter().enumerate().take(resolved.len()) {
            if is_candidate[i] && parse_control_ref(&c.text).is_some() {
                parsed[i] += 1;
            }
        }
    }
    // Prefer the leftmost on a tie.
    candidates
        .into_iter()
        .max_by_key(|&i| (parsed[i], usize::MAX - i))
}

/// The header cells of a row, for messages: `` `A`, `B`, `C` ``.
pub fn header_cells(row: &[TableCell]) -> String {
    let cells: Vec<String> = row
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .take(20)
        .map(|t| format!("`{}`", t.replace('\n', " ")))
        .collect();
    if cells.is_empty() {
        "no cells".into()
    } else {
        cells.join(", ")
    }
}

/// The finding for a file config says holds a `kind` register where none was found: IN004
/// when config names the columns (listing the first row's cells), else IN001.
pub fn no_register(
    rows: &[Vec<TableCell>],
    plan: &Plan,
    kind: Kind,
    file: &crate::source::SourceFile,
    id: crate::source::FileId,
) -> crate::diagnostic::Diagnostic {
    use crate::diagnostic::Diagnostic;
    use crate::diagnostic::input::{parse_error, source_not_found};
    let start = Loc::file_start(id);
    let first = rows
        .iter()
        .find(|r| r.iter().any(|c| !c.text.trim().is_empty()));
    let found_cells = first.map_or_else(|| "no cells".into(), |r| header_cells(r));
    match (&plan.columns, &plan.config_loc) {
        (Some(cols), Some(cfg)) => {
            let named: Vec<String> = cols.iter().map(|(h, _)| format!("`{h}`")).collect();
            Diagnostic::at(
                &source_not_found::META,
                cfg,
                format!(
                    "no row of `{}` has a configured column ({}) or reads as a {kind} header; its first row has {found_cells}",
                    file.path,
                    named.join(", ")
                ),
            )
            .label("configured here")
            .related(&start, "in this file")
            .help("correct `columns:` to the header as written in the file")
        }
        _ => Diagnostic::at(
            &parse_error::META,
            &start,
            format!("no header row of a {kind} table found in the first rows"),
        )
        .label("expected a header row here or below")
        .help(format!(
            "add a header with an ID column and the {kind} columns, or map them with `columns:` in the source's config"
        )),
    }
}

/// Where a header row is, as a person would say it.
fn header_at(file: &crate::source::SourceFile, loc: &Loc) -> String {
    match file.cell(loc) {
        Some(c) => format!("{}!{}", c.sheet, c.a1()),
        None => format!("line {}", file.line_col(loc.start()).line),
    }
}

/// Read the table of a file and report, in `out`, what it could not find: the header row of a
/// kind the file must hold (IN001, or IN004 when config names its columns), or columns that
/// config names and the header lacks (IN004, listing the header cells found). A table another
/// framework holds is found but gives no records (issue 9 item 8). `-v` says why a table was
/// read or skipped.
pub fn read_into(
    rows: &mut [Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
    out: &mut super::Loaded,
    required: bool,
) -> Option<Kind> {
    read_into_at(rows, plan, cx, file, out, required, Place::default())
}

/// Where a table starts, as `-v` shows it: `line 12` or `Sheet!A3`.
pub(crate) fn table_at(file: &crate::source::SourceFile, rows: &[Vec<TableCell>]) -> String {
    let first = rows
        .iter()
        .flat_map(|r| r.iter())
        .find(|c| !c.text.trim().is_empty());
    match first {
        Some(c) => header_at(file, &c.loc),
        None => "(empty)".to_string(),
    }
}

/// [`read_into`] for a table with a title (a Markdown caption, a sheet name) or in a workbook
/// whose file name decides only the sheet that matches it.
pub fn read_into_at(
    rows: &mut [Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
    out: &mut super::Loaded,
    required: bool,
    place: Place,
) -> Option<Kind> {
    use crate::diagnostic::input::source_not_found;
    let id = rows.first()?.first().map_or(0, |c| c.loc.file());
    let found = match read(rows, plan, cx, file, !required, place) {
        Ok(found) => found,
        Err(why) => {
            out.notes
                .push(format!("table at {} skipped: {why}", table_at(file, rows)));
            let kind = plan.kind.filter(|_| required)?;
            out.diagnostics
                .push(no_register(rows, plan, kind, file, id));
            return None;
        }
    };
    let header_row = &rows[found.header_row];
    let header_loc = header_row
        .first()
        .map_or_else(|| Loc::file_start(id), |c| c.loc);
    let at = header_at(file, &header_loc);
    if let Some(why) = &found.other {
        out.notes
            .push(format!("table with header at {at} skipped: {why}"));
        return Some(found.kind);
    }
    for missing in &found.missing_columns {
        let at = plan.config_loc.unwrap_or(header_loc);
        out.diagnostics.push(
            Diagnostic::at(
                &source_not_found::META,
                &at,
                format!(
                    "column `{missing}` named in config is not in the header of `{}` ({}): the header has {}",
                    file.path,
                    header_at(file, &header_loc),
                    header_cells(header_row)
                ),
            )
            .label("configured here")
            .related(&header_loc, "header row")
            .help("correct the column name in `columns:` to the header as written in the file"),
        );
    }
    // A configured register whose ID column neither config nor detection finds would give
    // records nobody can refer to (people are referred to by name: an owners register keyed by
    // name has what it needs).
    let named_owners = found.kind == Kind::Owner && found.fields.contains(&Some("name"));
    if found.id_col.is_none()
        && !named_owners
        && let Some(cfg) = &plan.config_loc
    {
        out.diagnostics.push(
            Diagnostic::at(
                &source_not_found::META,
                cfg,
                format!(
                    "no column of the {} table in `{}` ({at}) is read as its ID: the header has {}",
                    found.kind,
                    file.path,
                    header_cells(header_row)
                ),
            )
            .label("configured here")
            .related(&header_loc, "header row")
            .help("name the ID column in `columns:`, e.g. `columns: { id: \"Ref\" }`"),
        );
    }
    let role = match found.role {
        Role::Register => String::new(),
        Role::Exclusion => " (an excluded-controls summary: each row excludes its control)".into(),
        Role::Links => " (a traceability table: its links are added to the SoA rows)".into(),
        Role::Clause => " (a clause checklist: its IDs are ISO 27001 clauses)".into(),
        Role::Plan => {
            " (a risk treatment plan, decisions or acceptance log: each row adds to the register's risk of its ID)".into()
        }
    };
    out.notes.push(format!(
        "table with header at {at} read as {} records{role}",
        found.kind
    ));
    // The language of the header (issue 13): set in config, else the language whose words
    // name most header cells (English unless another matches more).
    let (detected, matched, cells) = crate::model::words::detect(&found.header);
    out.languages
        .push((id, plan.language.or(cx.language).unwrap_or(detected)));
    match plan.language.or(cx.language) {
        Some(set) => out.notes.push(format!(
            "table with header at {at}: header read as {} (set by `language:` in config; detected: {} with {matched} of {cells} headers)",
            set.name(),
            detected.name()
        )),
        None if detected != crate::model::lang::Lang::En => out.notes.push(format!(
            "table with header at {at}: header read as {} ({matched} of {cells} headers)",
            detected.name()
        )),
        None => {}
    }
    for n in &found.notes {
        out.notes.push(format!("table with header at {at}: {n}"));
    }
    out.diagnostics.extend(found.diagnostics);
    let header: Vec<&str> = found.header.iter().map(|h| h.trim()).collect();
    let mut columns = Vec::new();
    let mut unmapped = Vec::new();
    for (i, h) in header.iter().enumerate().filter(|(_, h)| !h.is_empty()) {
        let field = if Some(i) == found.id_col {
            Some("id")
        } else {
            found.fields[i].filter(|c| *c != "id")
        };
        match field {
            Some(canon) if !columns.iter().any(|(_, c)| *c == canon) => {
                columns.push((h.to_string(), canon))
            }
            _ => unmapped.push(h.to_string()),
        }
    }
    if plan.config_loc.is_none()
        && let Some(why) = blank_document_form(found.kind, found.role, &found.records, cx)
    {
        out.notes
            .push(format!("table with header at {at} skipped: {why}"));
        return Some(found.kind);
    }
    let unread_values = unread_values(found.kind, &columns, &found.records);
    out.detected.push(super::Detected {
        unread_values,
        kind: found.kind,
        sheet: file.sheet_of(&header_loc).map(str::to_string),
        header_row: row_number(file, header_row),
        columns,
        unmapped,
        records: found.records.len(),
        table: 0,
        tables_in_file: 0,
        pick: None,
        packed: found.packed.clone(),
    });
    let kind = found.kind;
    // Moved, not copied, into an empty list: a million-row table's records (72 MB) were held
    // twice while copied.
    if out.records.is_empty() {
        out.records = found.records;
    } else {
        out.records.extend(found.records);
    }
    Some(kind)
}

/// A review checklist in the shape of a document register (`| Document Name | Doc ID | Version |
/// Owner | Approved By | … | Status |` with `☐ Pass ☐ Fail` in Status and every other cell
/// empty): a form to fill while reviewing the documents, not a register of them. Its rows would
/// be documents that lack everything (DOC004) and repeat IDs (IN003).
fn blank_document_form(
    kind: Kind,
    role: Role,
    records: &[RawRecord],
    cx: &LoadCx,
) -> Option<String> {
    const METADATA: [&str; 8] = [
        "owner",
        "version",
        "approver",
        "approved_on",
        "last_reviewed",
        "next_review",
        "review_interval",
        "effective_on",
    ];
    if kind != Kind::Document || role != Role::Register || records.len() < 3 {
        return None;
    }
    let filled = |v: &RawValue| match v {
        RawValue::Text(t) => {
            let t = t.trim();
            !t.is_empty() && !t.chars().all(|c| c == '☐' || c == '□' || c.is_whitespace())
        }
        RawValue::Null => false,
        _ => true,
    };
    let mut columns = 0;
    for r in records {
        for f in &r.fields {
            if cx
                .fields
                .canonical(kind, &f.key)
                .is_some_and(|c| METADATA.contains(&c))
            {
                columns += 1;
                if filled(&f.value) {
                    return None;
                }
            }
        }
    }
    (columns > 0).then(|| {
        format!(
            "its {} rows fill none of its owner, version, approval or review columns: a blank review checklist, not a document register",
            records.len()
        )
    })
}

/// Why a table is another framework's, if it is: config says so, or (without a declared
/// framework) its file name, sheet name, title rows or heading name another framework and most
/// of its control IDs are not ISO 27001:2022 Annex A controls.
fn other_framework(
    rows: &[Vec<TableCell>],
    (header_row, kind, id_col, fields): (usize, Kind, Option<usize>, &[Option<&'static str>]),
    plan: &Plan,
    file: &crate::source::SourceFile,
) -> Option<String> {
    match &plan.framework {
        Some(Framework::Other(name)) => {
            return Some(format!(
                "framework `{name}` (config), not read by the ISO 27001 rules"
            ));
        }
        Some(_) => return None,
        None => {}
    }
    let header = &rows[header_row];
    let sheet = header.first().and_then(|c| file.sheet_of(&c.loc));
    let titles = rows[..header_row]
        .iter()
        .flat_map(|r| r.iter().map(|c| &*c.text));
    let context: Vec<&str> = std::iter::once(file.path.as_str())
        .chain(sheet)
        .chain(plan.context.as_deref())
        .chain(titles)
        .collect();
    let name = context.iter().find_map(|t| framework::named_in(t))?;
    let body = &rows[header_row + 1..];
    let ids: Vec<&str> = if kind == Kind::Control {
        body.iter()
            .filter_map(|r| id_col.and_then(|i| r.get(i)))
            .map(|c| &*c.text)
            .collect()
    } else {
        let col = fields.iter().position(|f| *f == Some("controls"))?;
        body.iter()
            .filter_map(|r| r.get(col))
            .flat_map(|c| crate::model::values::split_list(&c.text))
            .map(|(item, _, _)| item)
            .collect()
    };
    let (failing, total) = framework::failing_ids(ids.into_iter());
    (total > 0 && failing * 2 > total).then(|| {
        format!(
            "it is titled for {name} and {failing} of its {total} control IDs are not ISO 27001 Annex A controls (another framework's register; declare `framework:` on a source to say otherwise)"
        )
    })
}

/// The config `split:` targets of each column (the first entry for a header wins).
fn split_columns<'p>(plan: &'p Plan, header: &[&str]) -> Vec<Option<&'p [String]>> {
    let mut by_header: HashMap<String, &'p [String]> = HashMap::new();
    for (h, targets) in plan.split.iter().flat_map(|s| s.iter()) {
        by_header
            .entry(h.trim().to_ascii_lowercase())
            .or_insert(targets.as_slice());
    }
    header
        .iter()
        .map(|h| by_header.get(&h.trim().to_ascii_lowercase()).copied())
        .collect()
}

/// `Modify | J. Smith` in a `Treatment / Owner` column → `treatment` and `owner` fields.
fn push_split(fields: &mut Vec<RawField>, cell: &TableCell, targets: &[String]) {
    let mut offset = 0;
    // `Modify | J. Smith`, or `Modify / J. Smith` (spaced: `Avoid/terminate` is one word).
    let sep = if cell.text.contains('|') || !cell.text.contains(" / ") {
        "|"
    } else {
        " / "
    };
    let parts: Vec<(usize, &str)> = cell
        .text
        .split(sep)
        .map(|p| {
            let at = offset;
            offset += p.len() + sep.len();
            (at, p)
        })
        .collect();
    for (i, target) in targets.iter().enumerate() {
        let (at, part) = parts.get(i).copied().unwrap_or((cell.text.len(), ""));
        let lead = part.len() - part.trim_start().len();
        let value = part.trim();
        let loc = if cell.verbatim && !cell.loc.is_cell() {
            Loc::new(
                cell.loc.file(),
                cell.loc.start() + at + lead,
                cell.loc.start() + at + lead + value.len(),
            )
        } else {
            cell.loc
        };
        fields.push(RawField {
            key: Key::new(target.clone()),
            value: if value.is_empty() {
                RawValue::Null
            } else {
                RawValue::Text(value.into())
            },
            loc,
            verbatim: cell.verbatim,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_takes_the_block_of_its_record() {
        let block = |bytes: usize| (bytes + 8).div_ceil(16) * 16;
        let (cell, field) = (size_of::<TableCell>(), size_of::<RawField>());
        for width in 0..40 {
            let cap = row_capacity(width);
            assert!(cap >= width);
            assert!(block(cap * cell) <= block(width * field));
            assert!(block((cap + 1) * cell) > block(width * field));
        }
        // The 7 columns of a CSV risk register: 8 cells (384 bytes) in the fields' 400-byte block.
        assert_eq!((cell, field, row_capacity(7)), (48, 56, 8));
    }
}
