//! A risk register or treatment plan written one section per risk (issue 17): a heading naming
//! the risk (`### [RISK-001] Biometric data breach`, `## R-04 — Laptop theft`) or a plan entry
//! and its risk (`### RTP-001: RISK-001 — Biometric data breach`), followed by label lines
//! (`**Treatment:** Mitigate`, `* **Owner**: IT Lead`, `**Due:** 2026-06-15`) and a label whose
//! bullet list is its value (`**Controls:**` then `- A.8.24 …`). Every value keeps its exact
//! place in the file.
//!
//! A plan entry is a plan record (`Role::Plan`) joined to the register's risk by the risk ID
//! in its heading (`model::merge::join_risks`). A file is read this way only when its tables
//! gave no risk, and only when at least two sections name a risk and state something: a
//! document that mentions `R-1` in a heading is not a register.

use super::LoadCx;
use super::soa_list::{
    Line, Span, heading_marker, labelled_as, last_line_end, lines, section_end, section_fields_as,
    trim,
};
use crate::model::record::{Kind, RawField, RawRecord, RawValue, Role};
use crate::pattern::Pattern;
use crate::source::{FileId, Loc, SourceFile};

/// A risk ID at the start of a heading: `RISK-001`, `[RISK-001]`, `R-04`, `RSK 7`, `RK-02`.
static RISK_ID: Pattern = Pattern::new(r"^[*_\[\s]*((?:RISK|RSK|RK|R)[-_ ]?\d{1,4})\b");

/// A plan entry's own ID before its risk's: `RTP-001:`, `TP-3 —`, `PLAN-02 -`.
static PLAN_ID: Pattern =
    Pattern::new(r"^[*_\[\s]*(?:RTP|TP|TRP|PLAN|RT)[-_ ]?\d{1,4}\b[\]*_]*\s*[:—–-]?\s*");

/// A list item's marker (`- `, `* `, `1. `).
static BULLET: Pattern = Pattern::new(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+");

/// An asset ID: `INFO-001`, `AST-12`, `A-7`.
static ASSET_ID: Pattern = Pattern::new(r"\b(?:[A-Z]{1,6}[-_]\d{1,4}|[A-Z]{2,6}\d{2,4})\b");

/// Likelihood and impact written as letters after a label of their own (`**Calculated**: L=5,
/// I=5`, `P = 3 × I = 4`).
static LETTER_SCORES: Pattern = Pattern::new(
    r"\b[LP][ \t]*[=:][ \t]*([0-9]+(?:[.,][0-9]+)?)[ \t]*[,;/×x*]?[ \t]*I[ \t]*[=:][ \t]*([0-9]+(?:[.,][0-9]+)?)\b",
);

/// `* **Calculated**: L=5, I=5 | **Score**: **25** 🔴 **CRITICAL**`: the likelihood and impact
/// the letters give, and the labels that follow them on the line (the line's first label names
/// no field, so the label-line reader leaves it). Fields already read win.
fn letter_scores(text: &str, body: &[Line], cx: &LoadCx, fields: &mut Vec<(&'static str, Span)>) {
    for line in body {
        let Some(c) = LETTER_SCORES.captures(line.text) else {
            continue;
        };
        let (Some(l), Some(i), Some(all)) = (c.get(1), c.get(2), c.get(0)) else {
            continue;
        };
        let at = |m: crate::pattern::Match| Span {
            start: line.start + m.start(),
            end: line.start + m.end(),
        };
        let mut found = vec![("likelihood", at(l)), ("impact", at(i))];
        let (s, e) = (line.start + all.end(), line.start + line.text.len());
        let (after, first) = labelled_as(text, s, e, cx, Kind::Risk);
        if text[s..first]
            .trim_matches(|c: char| c.is_whitespace() || "|,;".contains(c))
            .is_empty()
        {
            found.extend(after);
        }
        for (f, v) in found {
            // `**25** 🔴 …` whose opening `**` the label reader took: the emphasis holds it.
            let t = &text[v.start..v.end];
            let v = match t.find("**") {
                Some(k) if k > 0 && text[..v.start].ends_with("**") => Span {
                    start: v.start,
                    end: v.start + k,
                },
                _ => emphasised(text, v),
            };
            if !fields.iter().any(|(g, _)| *g == f) {
                fields.push((f, v));
            }
        }
    }
}

/// What reading a file as one section per risk gave.
#[derive(Debug, Default)]
pub struct Sections {
    pub records: Vec<RawRecord>,
    pub notes: Vec<String>,
}

/// A risk or plan entry being read: its whole place, the risk's ID, the plan's own ID.
struct Entry {
    place: Span,
    plan_id: Option<Span>,
    plan: bool,
    id: Span,
    title: Option<Span>,
    fields: Vec<(&'static str, Span)>,
}

/// A heading naming a risk: (level, entry without fields).
fn heading(text: &str, line: &Line) -> Option<(usize, Entry)> {
    let (level, end) = heading_marker(line.text)?;
    let s = line.start + end;
    let body = line.text.trim_end().trim_end_matches('#');
    let e = line.start + body.trim_end().len();
    if s >= e || level < 2 {
        return None;
    }
    let plan = PLAN_ID.find(&text[s..e]);
    let plan_id = plan.and_then(|p| {
        let t = &text[s + p.start()..s + p.end()];
        let lead = t.len() - t.trim_start_matches(['*', '_', '[', ' ', '\t']).len();
        let id_len = t[lead..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ')))
            .unwrap_or(t.len() - lead);
        trim(text, s + p.start() + lead, s + p.start() + lead + id_len)
    });
    let plan = plan.map(|p| s + p.end());
    let from = plan.unwrap_or(s);
    let c = RISK_ID.captures(&text[from..e])?;
    let id = c.get(1)?;
    let id = Span {
        start: from + id.start(),
        end: from + id.end(),
    };
    let after = text[id.end..e]
        .find(|c: char| !matches!(c, ']' | '*' | '_'))
        .map_or(e, |k| id.end + k);
    Some((
        level,
        Entry {
            place: Span {
                start: line.start,
                end: e,
            },
            title: trim(text, after, e),
            id,
            fields: Vec::new(),
            plan: plan.is_some(),
            plan_id,
        },
    ))
}

/// `**15/06/2026** (20 days)` is the date; `**25** 🔴 **CRITICAL**` is 25: a value that opens
/// with emphasis is what the emphasis holds.
fn emphasised(text: &str, v: Span) -> Span {
    let t = &text[v.start..v.end];
    if let Some(rest) = t.strip_prefix("**")
        && let Some(close) = rest.find("**")
        && close > 0
    {
        return Span {
            start: v.start + 2,
            end: v.start + 2 + close,
        };
    }
    v
}

/// An upper bound on the lines of `text` that [`heading`] can read an entry from: lines
/// whose first byte after spaces and tabs is `#`, followed by another `#` (level 2 or more),
/// holding an `R`. Found from the `#` bytes alone: a document has few.
fn risk_headings(text: &str) -> usize {
    let b = text.as_bytes();
    let line_break = |c: &u8| *c == b'\n' || *c == b'\r';
    memchr::memchr_iter(b'#', b)
        .filter(|&i| {
            let first = b[..i]
                .iter()
                .rev()
                .find(|&&c| c != b' ' && c != b'\t')
                .is_none_or(line_break);
            let line = &b[i..];
            first && line.get(1) == Some(&b'#') && {
                let end = line.iter().position(line_break).unwrap_or(line.len());
                memchr::memchr(b'R', &line[..end]).is_some()
            }
        })
        .count()
}

/// Does the file call itself a treatment plan (its name or first heading)?
fn plan_file(path: &str, text: &str) -> bool {
    let key = |s: &str| crate::model::values::norm_key(s);
    let title = text
        .lines()
        .find(|l| heading_marker(l).is_some())
        .map(key)
        .unwrap_or_default();
    key(path).contains("treatmentplan") || title.contains("treatmentplan")
}

pub fn read(id: FileId, file: &SourceFile, body_start: usize, cx: &LoadCx) -> Sections {
    let text = file.text();
    // Two entries are needed, each under a heading of level 2 or more whose line holds the
    // `R` of its risk ID (`heading`: `RISK_ID` is case-sensitive): fewer such lines, nothing
    // is read, and most documents are passed over without building their lines (issue 16).
    if risk_headings(&text[body_start..]) < 2 {
        // The bound holds only while `heading` and `RISK_ID` read what it assumes: debug
        // builds (every test) read the document anyway and check that nothing was missed.
        debug_assert!(
            {
                let all = read_lines(id, file, body_start, cx);
                all.records.is_empty() && all.notes.is_empty()
            },
            "risk sections passed over in {}",
            file.path
        );
        return Sections::default();
    }
    read_lines(id, file, body_start, cx)
}

/// `read` once the document can hold two entries.
fn read_lines(id: FileId, file: &SourceFile, body_start: usize, cx: &LoadCx) -> Sections {
    let text = file.text();
    let all = lines(text, body_start);
    let plan_named = plan_file(&file.path, &text[body_start..]);
    let mut entries = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let Some((level, mut entry)) = heading(text, &all[i]) else {
            i += 1;
            continue;
        };
        let j = section_end(&all, i, level, |l| heading(text, l).is_some());
        entry.fields = section_fields_as(text, &all[i + 1..j], cx, Kind::Risk)
            .into_iter()
            .map(|(f, v)| (f, emphasised(text, v)))
            .collect();
        letter_scores(text, &all[i + 1..j], cx, &mut entry.fields);
        if let Some(end) = last_line_end(&all[i + 1..j]) {
            entry.place.end = end;
        }
        entry.plan |= plan_named;
        if !entry.fields.is_empty() {
            entries.push(entry);
        }
        i = j;
    }
    let mut out = Sections::default();
    if entries.len() < 2 {
        return out;
    }
    let plans = entries.iter().filter(|e| e.plan).count();
    let first = file.line_col(entries[0].place.start).line;
    let last = file.line_col(entries[entries.len() - 1].place.start).line;
    out.notes.push(format!(
        "read as one section per risk: {} {} (lines {first}–{last})",
        entries.len(),
        if plans == entries.len() {
            "treatment plan entries, joined to their risks by the ID in each heading"
        } else {
            "risks"
        }
    ));
    let field = |key: &str, s: &Span| {
        // A bullet list under its label: the items, one a line, their markers blanked so
        // every value keeps its place.
        let value: String = crate::source::lines_inclusive(&text[s.start..s.end])
            .map(|l| match BULLET.find(l) {
                Some(m) => " ".repeat(m.end()) + &l[m.end()..],
                None => l.to_string(),
            })
            .collect();
        RawField {
            key: crate::model::record::Key::new(key.into()),
            value: RawValue::Text(value.into()),
            loc: Loc::new(id, s.start, s.end),
            verbatim: true,
        }
    };
    for e in entries {
        let mut fields = vec![field("id", &e.id)];
        if let Some(t) = &e.title {
            fields.push(field("title", t));
        }
        if let Some(p) = &e.plan_id {
            fields.push(field("action id", p));
        }
        // An asset described in words (`S3 buckets containing biometric images`) names no
        // asset of the inventory: only asset IDs are references.
        fields.extend(
            e.fields
                .iter()
                .filter(|(f, v)| *f != "assets" || ASSET_ID.is_match(&text[v.start..v.end]))
                .map(|(f, v)| field(f, v)),
        );
        out.records.push(RawRecord {
            kind: Kind::Risk,
            loc: Loc::new(id, e.place.start, e.place.end),
            fields,
            key_id: None,
            column_map: None,
            value_map: None,
            role: if e.plan { Role::Plan } else { Role::Register },
            lang: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> Option<(usize, Entry)> {
        let line = Line { text, start: 0 };
        heading(text, &line)
    }

    #[test]
    fn risk_and_plan_headings() {
        let t = "### [RISK-001] Biometric data breach";
        let (level, e) = entry(t).expect("a risk");
        assert_eq!(
            (level, &t[e.id.start..e.id.end], e.plan),
            (3, "RISK-001", false)
        );
        let t = "### RTP-001: RISK-001 — Biometric data breach (S3)";
        let (_, e) = entry(t).expect("a plan entry");
        assert_eq!(&t[e.id.start..e.id.end], "RISK-001");
        assert!(e.plan);
        let p = e.plan_id.expect("plan ID");
        assert_eq!(&t[p.start..p.end], "RTP-001");
        assert_eq!(
            e.title.map(|s| &t[s.start..s.end]),
            Some("Biometric data breach (S3)")
        );
        // Near misses: a heading that mentions a risk later, a summary of several entries,
        // a document title.
        assert!(entry("## Follow-up of R-01").is_none());
        assert!(entry("### RTP-008 to RTP-017: [Abbreviated]").is_none());
        assert!(entry("# R-01 Ransomware").is_none());
        let v = "**15/06/2026** (20 days)";
        let s = emphasised(
            v,
            Span {
                start: 0,
                end: v.len(),
            },
        );
        assert_eq!(&v[s.start..s.end], "15/06/2026");
    }
}
