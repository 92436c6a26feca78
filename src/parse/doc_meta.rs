//! Document metadata written in the body of a Markdown file (issue 11): a document-control
//! table (`| Field | Value |`, or any two-column table whose first column holds Owner, Version,
//! Approved by…), label lines (`**Owner:** CISO`, `Version: 1.2`, also inside a blockquote and
//! several on one line separated by `|` or `·`), and the newest row of a revision table
//! (`## Revision history`: `Version | Date | Author | Approver | Changes`).
//!
//! Labels go through the document field aliases (`rules/fields.tsv`), limited to the fields a
//! metadata block states (`METADATA_FIELDS`): in running text `Controls:` or `Applies:` are
//! prose, not metadata. A label line is metadata only where metadata is written: in the head of
//! the file (before its first `##` section), in a blockquote, under a "Document control"
//! heading, in a block of two or more labels with a version or a date among them, or as a bold
//! label standing alone in a paragraph (`**Next review**: 2027-03-01`).

use super::table::TableCell;
use crate::model::aliases::FieldTable;
use crate::model::doc_labels;
use crate::model::metadata::{METADATA_FIELDS, Place, Statement};
use crate::model::record::Kind;
use crate::model::values;
use crate::pattern::Pattern;
use crate::source::{FileId, Loc, SourceFile};

/// What the body says about the document, with where each place starts.
#[derive(Default)]
pub struct BodyMeta {
    pub places: Vec<(Place, Loc)>,
    pub statements: Vec<Statement>,
    /// Label lines were found where metadata is written (the head, a document-control
    /// section, a blockquote), not only as a sign-off at the end.
    pub placed_labels: bool,
}

impl BodyMeta {
    fn add(&mut self, place: Place, at: &Loc, statements: Vec<Statement>) {
        if statements.is_empty() {
            return;
        }
        self.places.push((place, *at));
        self.statements.extend(statements);
    }
}

/// The document field a label names, if it is one a metadata block states.
fn metadata_field(fields: &FieldTable, label: &str) -> Option<&'static str> {
    let label = label
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == ':' || c == '：')
        .trim();
    if label.is_empty() || label.len() > 40 {
        return None;
    }
    fields
        .canonical(Kind::Document, label)
        .filter(|f| METADATA_FIELDS.contains(f))
}

pub fn read(
    id: FileId,
    file: &SourceFile,
    body_start: usize,
    tables: &[Vec<Vec<TableCell>>],
    titles: &[String],
    fields: &FieldTable,
) -> BodyMeta {
    let mut out = BodyMeta::default();
    for (t, rows) in tables.iter().enumerate() {
        let title = titles.get(t).map_or("", String::as_str);
        if let Some(found) = revision_table(rows, title, fields) {
            out.add(Place::RevisionTable, &rows[0][0].loc, found);
        } else if let Some(found) = control_table(rows, fields) {
            out.add(Place::ControlTable, &rows[0][0].loc, found);
        }
    }
    let (at, found, placed) = label_lines(id, file, body_start, fields);
    out.placed_labels = placed;
    if let Some(at) = at {
        out.add(Place::LabelLines, &at, found);
    }
    // Body places in document order, so "where it looked" reads top to bottom.
    out.places.sort_by_key(|(_, l)| l.start());
    out
}

fn statement(field: &'static str, label: &str, cell: &TableCell, place: Place) -> Statement {
    Statement {
        weak: false,
        field,
        label: label
            .trim()
            .trim_end_matches([':', '：'])
            .trim()
            .to_string(),
        value: cell.text.trim().to_string(),
        loc: cell.loc,
        place,
    }
}

/// A table of label/value pairs: two columns (or four: two pairs per row), the header row
/// included (`| Document owner | CISO |` is often the first row), with at least two labels that
/// name metadata fields and labels in at least half of its rows.
fn control_table(rows: &[Vec<TableCell>], fields: &FieldTable) -> Option<Vec<Statement>> {
    let width = rows.first()?.len();
    if !(width == 2 || width == 4) || rows.len() > 40 {
        return None;
    }
    // A table that describes fields (`Field | Example`, `Element | Requirement`, `Version |
    // Meaning`) is a specification in a document-control procedure, not this document's values.
    let second = values::norm_key(&rows[0][1].text);
    const DESCRIBING: &[&str] = &[
        "example",
        "examples",
        "description",
        "requirement",
        "requirements",
        "meaning",
        "whentouse",
        "purpose",
        "format",
        "allowedvalues",
        "explanation",
        "guidance",
        "definition",
        "rule",
        "rules",
        "usage",
        "notes",
        "instructions",
        "howtofill",
        "mandatory",
        "required",
    ];
    if DESCRIBING.contains(&second.as_str()) {
        return None;
    }
    let mut found: Vec<Statement> = Vec::new();
    let mut labelled_rows = 0;
    for row in rows {
        let mut any = false;
        for pair in row.chunks(2) {
            let [label, value] = pair else { continue };
            if let Some(field) = metadata_field(fields, &label.text) {
                any = true;
                if !value.text.trim().is_empty() {
                    found.push(statement(field, &label.text, value, Place::ControlTable));
                }
            }
        }
        labelled_rows += usize::from(any);
    }
    let distinct = {
        let mut f: Vec<&str> = found.iter().map(|s| s.field).collect();
        f.sort_unstable();
        f.dedup();
        f.len()
    };
    let core = found
        .iter()
        .any(|s| crate::model::metadata::is_core_field(s.field));
    (distinct >= 2 && core && labelled_rows * 2 >= rows.len()).then_some(found)
}

/// A revision (change history) table: under a heading or caption that names one, or with a
/// version column and a date column. Its newest row states the version, the author (owner),
/// the approver, and the date (of approval when the row names an approver, else of the last
/// review).
fn revision_table(
    rows: &[Vec<TableCell>],
    title: &str,
    fields: &FieldTable,
) -> Option<Vec<Statement>> {
    static TITLE: Pattern = Pattern::new(
        r"(?i)change\s*log|revision|version history|document history|change history|history of changes|amendment|record of changes|histórico|historico|änderungshistorie|versionshistorie|änderungsverlauf|historique|historial|cronologia|historie|historia zmian|ιστορικό",
    );
    let header = rows.first()?;
    // English names, else the same column in another language (`Versão | Data | Autor`,
    // `Änderungen`; issue 13): `want[0]` names the column, in `rules/lang/doc-labels.tsv` or
    // in the history words of `rules/lang/<code>.tsv`.
    let col = |want: &[&str]| {
        let english = header.iter().position(|c| {
            let h = values::norm_key(&c.text);
            want.contains(&h.as_str())
        });
        english.or_else(|| {
            header.iter().position(|c| {
                doc_labels::revision_column(&c.text).is_some_and(|k| k == want[0])
                    || crate::model::words::Words::get()
                        .value(crate::model::words::Category::History, &c.text)
                        .is_some_and(|w| w == want[0])
            })
        })
    };
    let doc_col = |field: &str| {
        header.iter().position(|c| {
            fields.canonical(Kind::Document, c.text.trim()) == Some(field)
                || values::norm_key(&c.text) == field.replace('_', "")
        })
    };
    let version = col(&[
        "version",
        "ver",
        "rev",
        "revision",
        "versionno",
        "versionnumber",
        "v",
    ])?;
    let date = col(&[
        "date",
        "revisiondate",
        "versiondate",
        "dateofchange",
        "changedate",
        "releasedate",
    ])
    .or_else(|| doc_col("approved_on"));
    let author = col(&[
        "author",
        "owner",
        "changedby",
        "preparedby",
        "editor",
        "madeby",
        "revisedby",
        "modifiedby",
    ]);
    let approver = doc_col("approver");
    let changes = col(&[
        "changes",
        "change",
        "description",
        "changedescription",
        "summary",
        "comment",
        "comments",
        "notes",
        "descriptionofchange",
        "summaryofchanges",
        "reason",
    ]);
    // A date column always (a `Version | Meaning` table under "Version numbering" is a scheme,
    // not a history); without a revision heading, an author or a changes column too. A table
    // with a document ID or title column is a register of documents, not one's history.
    let titled = TITLE.is_match(title) || doc_labels::heading_names("revision", title);
    let register = doc_col("id").is_some() || doc_col("title").is_some();
    if register || date.is_none() || !(titled || author.is_some() || changes.is_some()) {
        return None;
    }
    let body: Vec<&Vec<TableCell>> = rows[1..]
        .iter()
        .filter(|r| r.get(version).is_some_and(|c| !c.text.trim().is_empty()))
        .collect();
    let newest = newest_row(&body, version, date)?;
    let label = |i: usize| header.get(i).map_or(String::new(), |c| c.text.to_string());
    let mut found = Vec::new();
    let mut push = |field: &'static str, i: Option<usize>| {
        if let Some(cell) = i.and_then(|i| newest.get(i))
            && !cell.text.trim().is_empty()
        {
            found.push(statement(
                field,
                &label(i.unwrap_or(0)),
                cell,
                Place::RevisionTable,
            ));
        }
    };
    push("version", Some(version));
    push("owner", author);
    push("approver", approver);
    let approved = approver
        .and_then(|i| newest.get(i))
        .is_some_and(|c| !c.text.trim().is_empty());
    push(
        if approved {
            "approved_on"
        } else {
            "last_reviewed"
        },
        date,
    );
    Some(found)
}

/// The row with the highest version number (`1.10` after `1.9`); when versions do not read as
/// numbers, the latest date; else the last row.
fn newest_row<'a>(
    rows: &[&'a Vec<TableCell>],
    version: usize,
    date: Option<usize>,
) -> Option<&'a Vec<TableCell>> {
    let numbers: Vec<Option<Vec<u64>>> = rows
        .iter()
        .map(|r| r.get(version).and_then(|c| version_number(&c.text)))
        .collect();
    if !numbers.is_empty() && numbers.iter().all(Option::is_some) {
        let best = (0..rows.len()).max_by(|&a, &b| numbers[a].cmp(&numbers[b]).then(b.cmp(&a)))?;
        return Some(rows[best]);
    }
    if let Some(d) = date {
        let dates: Vec<Option<jiff::civil::Date>> = rows
            .iter()
            .map(|r| {
                r.get(d)
                    .and_then(|c| values::parse_date_in(&c.text, None, None).ok())
                    .map(|(d, _)| d)
            })
            .collect();
        if dates.iter().all(Option::is_some) && !dates.is_empty() {
            let best = (0..rows.len()).max_by(|&a, &b| dates[a].cmp(&dates[b]).then(b.cmp(&a)))?;
            return Some(rows[best]);
        }
    }
    rows.last().copied()
}

/// `v1.2`, `1.2.0`, `Version 3` → `[1, 2]`, `[1, 2]`, `[3]` (trailing zeros dropped, so `1.0`
/// and `1` are the same version).
pub fn version_number(text: &str) -> Option<Vec<u64>> {
    let t = text.trim();
    let t = t
        .strip_prefix("version")
        .or_else(|| t.strip_prefix("Version"))
        .unwrap_or(t)
        .trim_start()
        .trim_start_matches(['v', 'V'])
        .trim();
    if t.is_empty()
        || !t
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut parts: Vec<u64> = t.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    while parts.len() > 1 && parts.last() == Some(&0) {
        parts.pop();
    }
    Some(parts)
}

/// One `Label: value` segment of a line: the label, and the value's byte range in the line.
struct Labelled<'a> {
    label: &'a str,
    /// The metadata field the label names; `None` for another label (`Risk score:`).
    field: Option<&'static str>,
    value: (usize, usize),
    bold: bool,
}

/// The `Label: value` segments of a line (several separated by `|`, `·` or `•`); an icon
/// before a label is decoration (`**📋 Document Owner:** CEO | **📄 Version:** 2.6`).
fn segments<'a>(line: &'a str, fields: &FieldTable) -> Vec<Labelled<'a>> {
    static LABEL: Pattern = Pattern::new(
        r"^\s*(\*\*|__)?\s*(?:[\p{So}\x{FE0F}\x{200D}]\s*)*([\p{L}][\p{L}\p{N} /&'’.-]*?)\s*(\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*",
    );
    static VERSION: Pattern = Pattern::new(
        r"^\s*(?:\*\*|__)?\s*(?i:version|ver\.|rev\.)\s+v?(\d{1,4}(?:\.\d{1,4}){0,3})(?:\*\*|__)?\s*$",
    );
    static SEP: Pattern = Pattern::new(r"\s+[|·•]\s+");
    // A line without a separator is one segment, the line: with no version word at its start
    // and no colon it holds nothing, known before the lists below are allocated (two
    // allocations for each line of prose, ~300 instructions, issue 16).
    if memchr::memchr3(b'|', 0xC2, 0xE2, line.as_bytes()).is_none()
        && !starts_like_version(line)
        && memchr::memchr2(b':', 0xEF, line.as_bytes()).is_none()
    {
        return Vec::new();
    }
    let mut out: Vec<Labelled> = Vec::new();
    // Each pattern runs only on a line holding what it cannot match without (a separator, a
    // version word, a colon): most lines of a document hold none (issue 16).
    let mut starts = vec![0];
    let mut ends = Vec::new();
    // `·` is C2 B7 and `•` E2 80 A2 in UTF-8: a line without `|`, C2 or E2 holds none.
    if memchr::memchr3(b'|', 0xC2, 0xE2, line.as_bytes()).is_some()
        && line.contains(['|', '·', '•'])
    {
        starts.extend(SEP.find_iter(line).map(|m| m.end()));
        ends.extend(SEP.find_iter(line).map(|m| m.start()));
    }
    ends.push(line.len());
    for (s, e) in starts.into_iter().zip(ends) {
        let seg = &line[s..e];
        // `**ISO 27001:2022 — A.5.15 | Version 1.0**`: a version without a colon. (Neither
        // `v`, `e` nor `r` has a non-ASCII letter that folds to it.)
        if starts_like_version(seg)
            && let Some(v) = VERSION.captures(seg)
            && let Some(m) = v.get(1)
        {
            out.push(Labelled {
                label: "Version",
                field: Some("version"),
                value: (s + m.start(), s + m.end()),
                bold: false,
            });
            continue;
        }
        // `：` is EF BC 9A in UTF-8: a segment without `:` or EF holds neither.
        if memchr::memchr2(b':', 0xEF, seg.as_bytes()).is_none() || !seg.contains([':', '：']) {
            continue;
        }
        let Some(c) = LABEL.captures(seg) else {
            continue;
        };
        let label = c.get(2).map_or("", |m| m.as_str());
        // A label is a few words (`Approved by`), not a sentence ending in a colon.
        if label.chars().count() > 40 {
            continue;
        }
        // `Owner / Audit Lead`: the first part that names a field.
        let mut field = metadata_field(fields, label).or_else(|| {
            label
                .split(['/', '&'])
                .find_map(|part| metadata_field(fields, part))
        });
        // `Approved by: CEO · Date: 2026-03-01`: the date of that approval.
        if field.is_none()
            && (values::norm_key(label) == "date" || doc_labels::is_date_label(label))
            && out.last().is_some_and(|l| l.field == Some("approver"))
        {
            field = Some("approved_on");
        }
        let whole = c.get(0).map_or(0, |m| m.end());
        let value = trim_value(&seg[whole..]);
        let vs = s + whole + (seg[whole..].len() - seg[whole..].trim_start().len());
        out.push(Labelled {
            label,
            field,
            value: (vs, vs + value.len()),
            bold: c.get(1).is_some(),
        });
    }
    out
}

/// Can `VERSION` match `seg`? Its version word (`version`, `ver.`, `rev.`) comes first, after
/// spaces and one `**` or `__`: only those first bytes are looked at (a search of every `e` of
/// every line was the larger part of this module's cost, issue 16). Neither `v`, `e` nor `r`
/// has a non-ASCII letter that folds to it.
fn starts_like_version(seg: &str) -> bool {
    let s = seg.trim_start();
    let s = s
        .strip_prefix("**")
        .or_else(|| s.strip_prefix("__"))
        .unwrap_or(s)
        .trim_start();
    s.as_bytes()
        .get(..3)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"ver") || w.eq_ignore_ascii_case(b"rev"))
}

/// A value without what ends the line in Markdown: a hard break (two spaces, `\`, `<br>`) and
/// closing emphasis.
fn trim_value(v: &str) -> &str {
    let mut v = v.trim_start();
    loop {
        let before = v.len();
        v = v.trim_end();
        for tail in ["<br>", "<br/>", "<br />", "\\", "**", "__"] {
            if let Some(rest) = v.strip_suffix(tail) {
                v = rest;
            }
        }
        if v.len() == before {
            return v;
        }
    }
}

/// A value that reads as a statement, not a sentence of prose.
fn short(value: &str) -> bool {
    let words = value.split_whitespace().count();
    !value.is_empty() && value.len() <= 120 && words <= 12 && !value.ends_with('.')
}

/// Fields whose value is typed (a version, a date, an interval, a class): a block of labels
/// with one of these is metadata, where a list of roles (`**Owner:** approves…`) is not.
fn anchors_block(field: &str, value: &str) -> bool {
    matches!(
        field,
        "version"
            | "approved_on"
            | "last_reviewed"
            | "next_review"
            | "effective_on"
            | "review_interval"
            | "classification"
            | "id"
    ) && (value.bytes().any(|b| b.is_ascii_digit())
        || values::parse_duration(value).is_some()
        || values::placeholder(value).is_some()
        || field == "classification")
}

/// Label lines, block by block (a block is a run of non-blank lines: a paragraph, a
/// blockquote, a list). Code is skipped.
fn label_lines(
    id: FileId,
    file: &SourceFile,
    body_start: usize,
    fields: &FieldTable,
) -> (Option<Loc>, Vec<Statement>, bool) {
    static META_HEADING: Pattern = Pattern::new(
        r"(?i)document (?:control|information|details|properties|metadata)|^#+\s*metadata\b|control information",
    );
    let text = &file.text();
    let mut first: Option<Loc> = None;
    let mut found = Vec::new();
    let mut placed_any = false;
    let mut fence: Option<&str> = None;
    let mut in_head = true;
    let mut meta_section = false;
    // The current block: (segment, line start, quoted, list item).
    let mut block: Vec<(Labelled, usize, bool, bool)> = Vec::new();
    let mut offset = body_start;
    let mut flush = |block: &mut Vec<(Labelled, usize, bool, bool)>, in_head: bool, meta: bool| {
        let mut taken = std::mem::take(block);
        // `**📋 Document Control:**` over the labels: the block says it is the metadata, as a
        // `## Document control` heading would.
        let meta = meta
            || taken
                .iter()
                .any(|(l, ..)| l.field.is_none() && META_HEADING.is_match(l.label));
        // A block with more other labels than metadata ones is a record of something else
        // (`**Risk score**: 25 / **Treatment**: Mitigate / **Owner**: Cloud Lead`).
        let others = taken.iter().filter(|(l, ..)| l.field.is_none()).count();
        taken.retain(|(l, ..)| l.field.is_some());
        if others > taken.len() && !in_head && !meta {
            return;
        }
        let distinct = {
            let mut f: Vec<&str> = taken.iter().filter_map(|(l, ..)| l.field).collect();
            f.sort_unstable();
            f.dedup();
            f.len()
        };
        let value = |l: &Labelled, at: usize| &text[at + l.value.0..at + l.value.1];
        // Where metadata is written: the head, a document-control section, a blockquote.
        let placed = in_head || meta || taken.iter().any(|(_, _, q, _)| *q);
        // A bold label alone in a paragraph deep in the body (`**Next review**: 2027-03-01`)
        // fills a gap in a review or approval field, never more: `**Status:**`, `**Owner:**` or
        // `**Version:**` there are usually about a component, not the document.
        let lone = !placed && taken.len() == 1;
        // Under a document-control label or heading a long value (a badge image for the
        // classification) is left out, not the block.
        if meta {
            taken.retain(|(l, at, ..)| short(value(l, *at)));
        }
        let keep = taken.iter().all(|(l, at, ..)| short(value(l, *at)))
            && match taken.as_slice() {
                [] => false,
                [(l, at, quoted, listed)] => {
                    in_head
                        || meta
                        || *quoted
                        || (l.bold
                            && !listed
                            && value(l, *at).len() <= 80
                            && matches!(
                                l.field,
                                Some(
                                    "next_review"
                                        | "review_interval"
                                        | "last_reviewed"
                                        | "approver"
                                        | "approved_on"
                                        | "effective_on"
                                        | "classification"
                                )
                            ))
                }
                many => {
                    in_head
                        || meta
                        || many.iter().any(|(_, _, q, _)| *q)
                        || (distinct >= 2
                            && many.iter().any(|(l, at, ..)| {
                                anchors_block(l.field.unwrap_or(""), value(l, *at))
                            }))
                }
            };
        if !keep {
            return;
        }
        for (l, at, ..) in taken {
            let (s, e) = (at + l.value.0, at + l.value.1);
            if s == e {
                continue;
            }
            let loc = Loc::new(id, s, e);
            first.get_or_insert(loc);
            let Some(field) = l.field else { continue };
            placed_any |= placed;
            found.push(Statement {
                weak: lone,
                field,
                label: l.label.trim().to_string(),
                value: text[s..e].to_string(),
                loc,
                place: Place::LabelLines,
            });
        }
    };
    for raw in crate::source::lines_inclusive(&text[body_start..]) {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut block, in_head, meta_section);
            fence = Some(&trimmed[..3]);
            continue;
        }
        // Blockquote markers off; what is left is the line's text.
        let mut rest = line;
        let mut quoted = false;
        while let Some(r) = rest.trim_start().strip_prefix('>') {
            rest = r;
            quoted = true;
        }
        let content = rest.trim_start();
        if content.is_empty() {
            flush(&mut block, in_head, meta_section);
            continue;
        }
        if !quoted && line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        if let Some(h) = content.strip_prefix('#') {
            flush(&mut block, in_head, meta_section);
            let level = 1 + h.len() - h.trim_start_matches('#').len();
            if level >= 2 {
                in_head = false;
            }
            meta_section =
                META_HEADING.is_match(content) || doc_labels::heading_names("control", content);
            continue;
        }
        if content.starts_with('|') {
            continue;
        }
        let (content, listed) = match strip_list_marker(content) {
            Some(c) => (c, true),
            None => (content, false),
        };
        let base = at + (line.len() - content.len());
        for l in segments(content, fields) {
            block.push((l, base, quoted, listed));
        }
    }
    flush(&mut block, in_head, meta_section);
    (first, found, placed_any)
}

fn strip_list_marker(s: &str) -> Option<&str> {
    for m in ["- ", "* ", "+ "] {
        if let Some(r) = s.strip_prefix(m) {
            return Some(r.trim_start());
        }
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && digits <= 3)
        .then(|| {
            s[digits..]
                .strip_prefix(". ")
                .or_else(|| s[digits..].strip_prefix(") "))
        })
        .flatten()
        .map(str::trim_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> (SourceFile, BodyMeta) {
        let file = SourceFile::new("p.md".into(), "p.md".into(), text.into());
        let b = crate::parse::prose::read(0, &file, 0);
        let fields = FieldTable::builtin();
        let m = read(0, &file, 0, &b.tables, &b.table_titles, &fields);
        (file, m)
    }

    fn stated(f: &SourceFile, m: &BodyMeta) -> Vec<String> {
        m.statements
            .iter()
            .map(|s| {
                assert_eq!(&f.text()[s.loc.range()], s.value, "{s:?}");
                format!("{}={}@{:?}", s.field, s.value, s.place)
            })
            .collect()
    }

    /// Every segment `VERSION` matches passes the cheap look first.
    #[test]
    fn version_segments_start_like_one() {
        static VERSION: Pattern = Pattern::new(
            r"^\s*(?:\*\*|__)?\s*(?i:version|ver\.|rev\.)\s+v?(\d{1,4}(?:\.\d{1,4}){0,3})(?:\*\*|__)?\s*$",
        );
        for seg in [
            "Version 1.2",
            "**Version 1.2**",
            "__ver. 3__",
            " \u{a0}** REV. 4.1.2",
            "VERSION v2",
            "Rev. 7",
            "verſion 1",
            "A version 1.2",
            "Ø version",
            "e",
            "",
        ] {
            if VERSION.is_match(seg) {
                assert!(starts_like_version(seg), "{seg:?}");
            }
        }
        assert!(VERSION.is_match("**Version 1.2**") && VERSION.is_match(" \u{a0}** REV. 4.1.2"));
        assert!(!starts_like_version("A version 1.2"));
        assert!(!starts_like_version("Paragraph 1 describes how"));
    }

    #[test]
    fn blockquote_labels_with_hard_breaks_and_separators() {
        let (f, m) = body(
            "# Policy\n\n> **Document control**  \n> Owner: [ROLE, e.g. CISO]  \n> Version: 1.2\n\n> **Approved by:** CEO · **Date:** 2026-03-01\n",
        );
        assert_eq!(
            stated(&f, &m),
            [
                "owner=[ROLE, e.g. CISO]@LabelLines",
                "version=1.2@LabelLines",
                "approver=CEO@LabelLines",
                "approved_on=2026-03-01@LabelLines"
            ]
        );
    }

    #[test]
    fn icons_before_labels_are_decoration() {
        let (f, m) = body(
            "# Access Control Policy\n\n**📋 Document Owner:** CEO | **📄 Version:** 2.6 | **📅 Next Review:** 2027-03-01\n",
        );
        assert_eq!(
            stated(&f, &m),
            [
                "owner=CEO@LabelLines",
                "version=2.6@LabelLines",
                "next_review=2027-03-01@LabelLines"
            ]
        );
    }

    #[test]
    fn a_document_control_label_over_the_labels_makes_them_metadata() {
        let (f, m) = body(
            "# P\n\n## Purpose\n\nText.\n\n---\n\n**📋 Document Control:**  \n**✅ Approved by:** J. Doe, CEO  \n**📤 Distribution:** Public  \n**🏷️ Classification:** [![Confidentiality: Public](https://img.shields.io/badge/C-Public-lightgrey?style=flat-square)](./CLASSIFICATION.md#levels)  \n**⏰ Next Review:** 2027-07-25  \n**🎯 Framework:** ISO 27001\n",
        );
        assert_eq!(
            stated(&f, &m),
            [
                "approver=J. Doe, CEO@LabelLines",
                "next_review=2027-07-25@LabelLines"
            ]
        );
        // Without it, a block of mostly other labels deep in the body is a record of something else.
        let (_, m) = body(
            "# P\n\n## Purpose\n\nText.\n\n**Approved by:** J. Doe  \n**Distribution:** Public  \n**Framework:** ISO 27001\n",
        );
        assert!(m.statements.is_empty(), "{:?}", m.statements);
    }

    #[test]
    fn a_list_of_roles_is_not_metadata() {
        let (_, m) = body(
            "# Policy\n\n## Roles\n\n- **Owner:** approves access requests\n- **Approver:** signs off changes\n\nThe owner: someone.\n",
        );
        assert!(m.statements.is_empty(), "{:?}", m.statements);
    }

    #[test]
    fn a_bold_label_alone_and_a_list_with_a_version() {
        let (f, m) = body(
            "# P\n\n## 9. Review\n\n**Next Review**: 2027-01-31\n\n## 10\n\n- **Owner:** CISO\n- **Version:** 2.0\n",
        );
        assert_eq!(
            stated(&f, &m),
            [
                "next_review=2027-01-31@LabelLines",
                "owner=CISO@LabelLines",
                "version=2.0@LabelLines"
            ]
        );
    }

    #[test]
    fn code_is_skipped() {
        let (_, m) = body("# P\n\n```\nOwner: x\nVersion: 1\n```\n");
        assert!(m.statements.is_empty());
    }

    #[test]
    fn control_table_with_field_value_header_or_without() {
        let (f, m) = body(
            "| Field | Value |\n|---|---|\n| **Document ID** | POL-1 |\n| Owner | CISO |\n| Approved By | CEO |\n| Purpose | x |\n",
        );
        assert_eq!(
            stated(&f, &m),
            [
                "id=POL-1@ControlTable",
                "owner=CISO@ControlTable",
                "approver=CEO@ControlTable"
            ]
        );
        let (_, m) = body("| Document owner | CISO |\n|---|---|\n| Version | 1.0 |\n");
        assert_eq!(m.statements.len(), 2);
        // A two-column register is not a control table.
        let (_, m) = body("| Control | Owner |\n|---|---|\n| 5.1 | CISO |\n| 5.2 | CTO |\n");
        assert!(m.statements.is_empty());
    }

    #[test]
    fn revision_table_newest_row() {
        let (f, m) = body(
            "## Revision history\n\n| Version | Date | Author | Approved by | Changes |\n|---|---|---|---|---|\n| 1.9 | 2025-01-01 | A | B | x |\n| 1.10 | 2026-02-01 | Ann | Ann | y |\n| 1.2 | 2024-01-01 | C | D | z |\n",
        );
        assert_eq!(
            stated(&f, &m),
            [
                "version=1.10@RevisionTable",
                "owner=Ann@RevisionTable",
                "approver=Ann@RevisionTable",
                "approved_on=2026-02-01@RevisionTable"
            ]
        );
    }

    #[test]
    fn versions() {
        assert_eq!(version_number("v1.2"), Some(vec![1, 2]));
        assert_eq!(version_number("1.0"), version_number("1"));
        assert_eq!(version_number("Version 3.0.1"), Some(vec![3, 0, 1]));
        assert_eq!(version_number("draft"), None);
    }

    #[test]
    fn labels_and_revision_tables_in_other_languages() {
        let (f, m) = body(
            "# Richtlinie\n\n> **Dokumentenkontrolle**  \n> Eigentümer: ISB  \n> Genehmigt von: Geschäftsführung  \n> Version: 1.0  \n> Gültig ab: 01.02.2026  \n> Nächste Überprüfung: 01.02.2027\n",
        );
        assert_eq!(
            stated(&f, &m),
            [
                "owner=ISB@LabelLines",
                "approver=Geschäftsführung@LabelLines",
                "version=1.0@LabelLines",
                "effective_on=01.02.2026@LabelLines",
                "next_review=01.02.2027@LabelLines"
            ]
        );
        let (f, m) = body(
            "# Política\n\n## Histórico de Revisões\n\n| Versão | Data | Autor | Alterações |\n|---|---|---|---|\n| 1.0 | 02/06/2026 | Gestor SGSI | Criação |\n| 1.1 | 15/06/2026 | Ana | Revisão |\n",
        );
        assert_eq!(
            stated(&f, &m),
            [
                "version=1.1@RevisionTable",
                "owner=Ana@RevisionTable",
                "last_reviewed=15/06/2026@RevisionTable"
            ]
        );
        // `**Aprovado por:** CEO · **Data:** …`: the date of that approval.
        let (f, m) =
            body("# P\n\n**Versão:** 2.0 | **Aprovado por:** CEO | **Data:** 03/04/2026\n");
        assert_eq!(
            stated(&f, &m),
            [
                "version=2.0@LabelLines",
                "approver=CEO@LabelLines",
                "approved_on=03/04/2026@LabelLines"
            ]
        );
        // Near miss: a heading about access control is no document-control section, and a
        // list of role duties in German is not metadata.
        let (_, m) = body(
            "# P\n\n## Zugriffskontrolle\n\nText.\n\n- **Eigentümer:** genehmigt Zugriffe\n- **Verantwortlich:** prüft Rechte\n",
        );
        assert!(m.statements.is_empty(), "{:?}", m.statements);
    }

    #[test]
    fn translated_revision_table_is_a_history_not_labels() {
        // `Versão | Data | Autor | Alterações` (issue 13): its header is no label/value pairs
        // (`Versão` = `Data`), it is a revision table whose newest row states the version.
        let (f, m) = body(
            "## Histórico de Alterações\n\n| Versão | Data | Autor | Alterações |\n|---|---|---|---|\n| 1.0 | 2026-06-02 | Gestor SGSI | Versão inicial |\n",
        );
        assert_eq!(
            stated(&f, &m),
            [
                "version=1.0@RevisionTable",
                "owner=Gestor SGSI@RevisionTable",
                "last_reviewed=2026-06-02@RevisionTable"
            ]
        );
        // The document-control table in Portuguese is still one.
        let (f, m) = body(
            "| Campo | Valor |\n|---|---|\n| **Proprietário** | CISO |\n| **Versão** | 2.0 |\n",
        );
        assert_eq!(
            stated(&f, &m),
            ["owner=CISO@ControlTable", "version=2.0@ControlTable"]
        );
    }
}
