//! An SoA that is not a table (issue 17 item 1): a bullet list with one control per item
//! (`- [A5.1.1 - Policies for information security](link)`,
//! `- A.5.1 Policies … — Applicable: yes — Justification: …`) or one section per control
//! (`## A.5.1 - Policies …` followed by `**Applicable:** Yes` label lines, a definition list or a
//! small `Field | Value` table). Every value keeps its exact place in the file.
//!
//! A file is read this way only when its tables gave no SoA row and it is an SoA by its name or
//! its title (`statement-of-applicability.md`, `# Statement of Applicability`), or when it is
//! dense with controls that state their applicability: a policy that mentions controls in a
//! bullet list (`- A.5.15 Access control is implemented by …`) is not an SoA.

use super::LoadCx;
use crate::model::record::{Kind, RawField, RawRecord, RawValue, Role};
use crate::pattern::Pattern;
use crate::source::{FileId, Loc, SourceFile};

/// What reading a file as a list or sections of controls gave.
#[derive(Debug, Default)]
pub struct ListSoa {
    pub records: Vec<RawRecord>,
    pub notes: Vec<String>,
    /// Why nothing was read, when the file is an SoA by its name or title.
    pub why_not: Option<String>,
}

/// A control reference at the start of a bullet or heading: `A.5.1`, `A5.1.1`, `A 5.1`.
static ID: Pattern = Pattern::new(r"^(?i:a)\s?\.?\s?\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\b");

/// A list item: indentation, marker, optional task box, content.
static BULLET: Pattern =
    Pattern::new(r"^[ \t]{0,8}(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?");

/// A Markdown heading's marker at the start of `line`, as `^ {0,3}(#{1,6})[ \t]+` matches it:
/// (level, end of the marker). Read by hand: the regex's match is unique (each run is taken
/// whole or the match fails), and running it on every line was 3% of a tree of many
/// documents (issue 16).
pub(super) fn heading_marker(line: &str) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let indent = b.iter().take_while(|&&c| c == b' ').count();
    if indent > 3 {
        return None;
    }
    let level = b[indent..].iter().take_while(|&&c| c == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let gap = b[indent + level..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    (gap > 0).then_some((level, indent + level + gap))
}

/// A label inside a bullet item or on a line: `Applicable: yes`, `**Applicable:** Yes`,
/// `**Applicable**: Yes`, after a separator (`—`, `–`, `|`, `;`, `,`, ` - `) or at the start.
static LABEL: Pattern = Pattern::new(
    r"(?:^|[—–|;,(]|\s)\s*(?:\*\*|__)?([A-Za-z][A-Za-z /?]{0,38}[A-Za-z?])(?:\*\*|__)?\s*:(?:\*\*|__)?",
);

/// One line of the body: its text (without the line break) and where it starts.
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    pub(super) start: usize,
}

/// How many lines from `from` on start (after spaces and tabs) with a byte that `starts`
/// takes: an upper bound on the lines of [`lines`] that a bullet or a heading can be read
/// from, for a reader to pass over a document that cannot hold enough of them without
/// building its lines (most documents of a tree: ~11k instructions a document, issue 16).
/// Every line [`lines`] gives starts at `from` or after a `\n` or `\r`; a start between `\r`
/// and `\n` is counted as the empty line it is not, and never counts. Fenced lines are
/// counted too, which only loosens the bound.
pub(super) fn lines_starting(text: &str, from: usize, starts: impl Fn(u8) -> bool) -> usize {
    let b = &text.as_bytes()[from..];
    let starts_at = |i: usize| {
        b[i..]
            .iter()
            .find(|&&c| c != b' ' && c != b'\t')
            .is_some_and(|&c| starts(c))
    };
    usize::from(starts_at(0))
        + memchr::memchr2_iter(b'\n', b'\r', b)
            .filter(|&i| starts_at(i + 1))
            .count()
}

pub(super) fn lines(text: &str, from: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = from;
    let mut fence: Option<&str> = None;
    for raw in crate::source::lines_inclusive(&text[from..]) {
        let line = raw.trim_end_matches(['\n', '\r']);
        let start = offset;
        offset += raw.len();
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if t.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        out.push(Line { text: line, start });
    }
    out
}

/// A value: its text and byte range in the file.
#[derive(Debug, Clone)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
}

/// A control entry being read.
#[derive(Debug)]
struct Entry {
    start: usize,
    end: usize,
    id: Span,
    title: Option<Span>,
    /// (canonical field, label as written, value span)
    fields: Vec<(&'static str, Span)>,
    link: Option<Span>,
    /// Bullet item (`true`) or section.
    bullet: bool,
}

/// Trim a span of the text: spaces, emphasis markers and trailing separators.
pub(super) fn trim(text: &str, mut s: usize, mut e: usize) -> Option<Span> {
    loop {
        let before = (s, e);
        let t = &text[s..e];
        let lead = t.len() - t.trim_start().len();
        s += lead;
        let t = &text[s..e];
        e = s + t.trim_end().len();
        let t = &text[s..e];
        for m in ["**", "__"] {
            if t.len() >= 4 && t.starts_with(m) && t.ends_with(m) {
                s += 2;
                e -= 2;
            }
        }
        let t = &text[s..e];
        if let Some(c) = t.chars().next_back()
            && matches!(c, '—' | '–' | '|' | ';' | ',' | '-' | ':')
        {
            e -= c.len_utf8();
        }
        let t = &text[s..e];
        if let Some(c) = t.chars().next()
            && matches!(c, '—' | '–' | '|' | ';' | ',' | '-' | ':' | '.' | ')')
        {
            s += c.len_utf8();
        }
        if (s, e) == before {
            break;
        }
    }
    (s < e).then_some(Span { start: s, end: e })
}

/// Where the control ID is at the start of `text[s..e]` (after emphasis), if there is one.
fn id_at(text: &str, s: usize, e: usize) -> Option<(Span, usize)> {
    let t = &text[s..e];
    let lead = t.len() - t.trim_start_matches(['*', '_', ' ']).len();
    let rest = &t[lead..];
    let m = ID.find(rest)?;
    let id = Span {
        start: s + lead + m.start(),
        end: s + lead + m.end(),
    };
    // Emphasis closing the ID (`**A.5.1**`).
    let mut after = id.end;
    while text[after..e].starts_with(['*', '_']) {
        after += 1;
    }
    Some((id, after))
}

/// The labelled values in `text[s..e]`; returns them and where the first label starts.
fn labelled(text: &str, s: usize, e: usize, cx: &LoadCx) -> (Vec<(&'static str, Span)>, usize) {
    labelled_as(text, s, e, cx, Kind::Control)
}

/// The field a label names for records of `kind`: a field of the kind, or for a risk (a
/// treatment plan's section) a plan action's due date or action (`Due`, `Actions`).
fn label_field(cx: &LoadCx, kind: Kind, label: &str) -> Option<&'static str> {
    use super::classify::{PLAN_ACTION_HEADERS, PLAN_DUE_HEADERS};
    cx.fields.canonical(kind, label).or_else(|| {
        let key = crate::model::values::norm_key(label);
        (kind == Kind::Risk)
            .then(|| {
                PLAN_DUE_HEADERS
                    .iter()
                    .chain(PLAN_ACTION_HEADERS)
                    .find(|h| **h == key)
                    .copied()
            })
            .flatten()
    })
}

pub(super) fn labelled_as(
    text: &str,
    s: usize,
    e: usize,
    cx: &LoadCx,
    kind: Kind,
) -> (Vec<(&'static str, Span)>, usize) {
    let t = &text[s..e];
    let mut found: Vec<(&'static str, usize, usize)> = Vec::new();
    for c in LABEL.captures_iter(t) {
        let (Some(whole), Some(label)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(field) = label_field(cx, kind, label.as_str().trim()) else {
            continue;
        };
        if matches!(field, "id" | "title") {
            continue;
        }
        found.push((field, s + whole.start(), s + whole.end()));
    }
    let first = found.first().map_or(e, |f| f.1);
    let mut out = Vec::new();
    for (i, (field, _, value_start)) in found.iter().enumerate() {
        let value_end = found.get(i + 1).map_or(e, |n| n.1);
        if let Some(v) = trim(text, *value_start, value_end)
            && !out.iter().any(|(f, _): &(&str, Span)| f == field)
        {
            out.push((*field, v));
        }
    }
    (out, first)
}

/// A Markdown link `[text](target)` starting at `s`: (text span, target span, end).
fn link_at(text: &str, s: usize, e: usize) -> Option<(Span, Span, usize)> {
    let t = &text[s..e];
    if !t.starts_with('[') {
        return None;
    }
    let close = t.find("](")?;
    let target_end = t[close + 2..].find(')')? + close + 2;
    Some((
        Span {
            start: s + 1,
            end: s + close,
        },
        Span {
            start: s + close + 2,
            end: s + target_end,
        },
        s + target_end + 1,
    ))
}

/// A bullet item naming a control, if it is one.
fn bullet(text: &str, line: &Line, cx: &LoadCx) -> Option<Entry> {
    let m = BULLET.find(line.text)?;
    let s = line.start + m.end();
    let e = line.start + line.text.len();
    let (id, title, link, rest_start) = if let Some((label, target, after)) = link_at(text, s, e) {
        let (id, after_id) = id_at(text, label.start, label.end)?;
        (id, trim(text, after_id, label.end), Some(target), after)
    } else {
        let (id, after_id) = id_at(text, s, e)?;
        // A link right after the ID (`A.5.1 [Policies](policies.md)`).
        let rest = &text[after_id..e];
        let lead = rest.len() - rest.trim_start().len();
        match link_at(text, after_id + lead, e) {
            Some((label, target, after)) => {
                (id, trim(text, label.start, label.end), Some(target), after)
            }
            None => (id, None, None, after_id),
        }
    };
    let (fields, first) = labelled(text, rest_start, e, cx);
    let title = title.or_else(|| trim(text, rest_start, first));
    Some(Entry {
        start: line.start,
        end: e,
        id,
        title,
        fields,
        link,
        bullet: true,
    })
}

/// A heading naming a control: (level, entry without fields).
fn section_heading(text: &str, line: &Line) -> Option<(usize, Entry)> {
    let (level, end) = heading_marker(line.text)?;
    let s = line.start + end;
    let body = line.text.trim_end().trim_end_matches('#');
    let e = line.start + body.trim_end().len();
    if s >= e {
        return None;
    }
    let (id, after) = id_at(text, s, e)?;
    Some((
        level,
        Entry {
            start: line.start,
            end: e,
            id,
            title: trim(text, after, e),
            fields: Vec::new(),
            link: None,
            bullet: false,
        },
    ))
}

/// Where the section whose heading is line `i` ends (exclusive): at the next heading of the
/// same or a higher level, or one that `starts` another entry.
pub(super) fn section_end(
    all: &[Line],
    i: usize,
    level: usize,
    starts: impl Fn(&Line) -> bool,
) -> usize {
    let mut j = i + 1;
    while j < all.len() {
        if heading_marker(all[j].text).is_some_and(|(h, _)| h <= level) {
            break;
        }
        if starts(&all[j]) {
            break;
        }
        j += 1;
    }
    j
}

/// The end of a section's last line with text (a `---` rule is not text).
pub(super) fn last_line_end(body: &[Line]) -> Option<usize> {
    body.iter()
        .rev()
        .find(|l| !l.text.trim().is_empty() && l.text.trim() != "---")
        .map(|l| l.start + l.text.len())
}

/// The values under a control's heading: label lines, a definition list, a `Field | Value`
/// table.
fn section_fields(text: &str, body: &[Line], cx: &LoadCx) -> Vec<(&'static str, Span)> {
    section_fields_as(text, body, cx, Kind::Control)
}

/// [`section_fields`] for records of `kind`. For a risk, a label alone on its line
/// (`**Annex A Controls**:`) takes the bullet list under it as its value.
pub(super) fn section_fields_as(
    text: &str,
    body: &[Line],
    cx: &LoadCx,
    kind: Kind,
) -> Vec<(&'static str, Span)> {
    let mut out: Vec<(&'static str, Span)> = Vec::new();
    let push = |field: &'static str, v: Option<Span>, out: &mut Vec<(&'static str, Span)>| {
        if let Some(v) = v
            && !out.iter().any(|(f, _)| *f == field)
        {
            out.push((field, v));
        }
    };
    let canon = |label: &str| {
        let l = label
            .trim()
            .trim_matches(['*', '_'])
            .trim()
            .trim_end_matches(':');
        label_field(cx, kind, l.trim()).filter(|f| !matches!(*f, "id" | "title"))
    };
    for (i, line) in body.iter().enumerate() {
        let t = line.text;
        let e = line.start + t.len();
        if kind == Kind::Risk
            && let Some(label) = t.trim().strip_suffix(':').or_else(|| {
                let t = t.trim();
                t.strip_suffix(":**").map(|x| x.trim_start_matches('*'))
            })
            && let Some(field) = canon(label)
        {
            // The bullet items that follow (blank lines between them allowed).
            let items: Vec<&Line> = body[i + 1..]
                .iter()
                .skip_while(|l| l.text.trim().is_empty())
                .take_while(|l| l.text.trim().is_empty() || BULLET.is_match(l.text))
                .filter(|l| !l.text.trim().is_empty())
                .collect();
            if let (Some(first), Some(last)) = (items.first(), items.last()) {
                let vs = first.start + BULLET.find(first.text).map_or(0, |m| m.end());
                push(
                    field,
                    trim(text, vs, last.start + last.text.len()),
                    &mut out,
                );
            }
            continue;
        }
        // `| Applicable | Yes |`
        if t.trim_start().starts_with('|') {
            let cells = pipe_cells(t, line.start);
            if let [(ls, le), (vs, ve), ..] = cells.as_slice()
                && let Some(field) = canon(&text[*ls..*le])
            {
                push(field, trim(text, *vs, *ve), &mut out);
            }
            continue;
        }
        // Definition list: `Applicable` then `: Yes`.
        if let Some(next) = body.get(i + 1)
            && let Some(def) = next.text.strip_prefix(": ")
            && let Some(field) = canon(t)
        {
            let vs = next.start + 2;
            push(field, trim(text, vs, vs + def.len()), &mut out);
            continue;
        }
        // Label lines, also as bullets: `**Applicable:** Yes`, `- Applicable: Yes`.
        let s = BULLET.find(t).map_or(line.start, |m| line.start + m.end());
        let (fields, first) = labelled_as(text, s, e, cx, kind);
        if text[s..first].trim().is_empty() {
            for (f, v) in fields {
                push(f, Some(v), &mut out);
            }
        }
    }
    out
}

/// The cells of a table line `| a | b |` as byte ranges.
fn pipe_cells(t: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let inner_start = t.find('|').map_or(0, |i| i + 1);
    let mut cell_start = inner_start;
    for (i, c) in t.char_indices().skip_while(|(i, _)| *i < inner_start) {
        if c == '|' {
            out.push((start + cell_start, start + i));
            cell_start = i + 1;
        }
    }
    out
}

/// Does the file call itself an SoA: its name, or its first heading.
pub fn titled_soa(lines_text: &str) -> bool {
    let title = lines_text
        .lines()
        .find(|l| heading_marker(l).is_some())
        .unwrap_or("")
        .to_lowercase();
    title.contains("statement of applicability")
        || title
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "soa")
}

/// Read the file's controls as bullets or sections. `named`: its name or plan makes it an SoA.
pub fn read(id: FileId, file: &SourceFile, body_start: usize, named: bool, cx: &LoadCx) -> ListSoa {
    let text = file.text();
    let titled = titled_soa(&text[body_start..]);
    // Neither named nor titled, a file is read only with 10 entries or more, and each entry
    // starts on a line of its own: a list item (`BULLET`: a marker `-`, `*`, `+` or a digit,
    // which may be a non-ASCII one, after spaces and tabs) or a heading (`#` after spaces).
    // Fewer such lines, nothing is read.
    let marker =
        |b: u8| !b.is_ascii() || b.is_ascii_digit() || matches!(b, b'-' | b'*' | b'+' | b'#');
    if !named && !titled && lines_starting(text, body_start, marker) < 10 {
        // The bound holds only while `BULLET` and `heading_marker` read the lines it assumes:
        // debug builds (every test) read the document anyway and check that nothing was missed.
        debug_assert!(
            {
                let all = read_lines(id, file, body_start, named, titled, cx);
                all.records.is_empty() && all.notes.is_empty() && all.why_not.is_none()
            },
            "list SoA passed over in {}",
            file.path
        );
        return ListSoa::default();
    }
    read_lines(id, file, body_start, named, titled, cx)
}

/// `read` once the document can hold enough entries, or is an SoA by its name or title.
fn read_lines(
    id: FileId,
    file: &SourceFile,
    body_start: usize,
    named: bool,
    titled: bool,
    cx: &LoadCx,
) -> ListSoa {
    let text = file.text();
    let all = lines(text, body_start);
    let mut out = ListSoa::default();
    let mut entries: Vec<Entry> = Vec::new();
    let mut list_items = 0usize;
    let mut i = 0;
    while i < all.len() {
        let line = &all[i];
        if BULLET.is_match(line.text) && !line.text.trim_start().starts_with('|') {
            list_items += 1;
            if let Some(e) = bullet(text, line, cx) {
                entries.push(e);
            }
            i += 1;
            continue;
        }
        if let Some((level, mut entry)) = section_heading(text, line) {
            // A sub-heading naming another control ends the section too.
            let j = section_end(&all, i, level, |l| section_heading(text, l).is_some());
            entry.fields = section_fields(text, &all[i + 1..j], cx);
            if let Some(end) = last_line_end(&all[i + 1..j]) {
                entry.end = end;
            }
            entries.push(entry);
            i = j;
            continue;
        }
        i += 1;
    }
    let stated = entries
        .iter()
        .filter(|e| e.fields.iter().any(|(f, _)| *f == "applicable") || e.link.is_some())
        .count();
    let sections = entries.iter().filter(|e| !e.bullet).count();
    let bullets = entries.len() - sections;
    let is_soa = if named || titled {
        // An SoA names several controls, and its list items are mostly controls.
        entries.len() >= 3 && (bullets == 0 || sections > 0 || bullets * 2 >= list_items)
    } else {
        // Without a name or title: many controls, most of them stating their applicability.
        entries.len() >= 10 && stated * 2 >= entries.len()
    };
    if !is_soa {
        if named || titled {
            out.why_not = Some(if entries.is_empty() {
                "no table of it is an SoA, and no list item or heading starts with a control ID (`- A.5.1 …`, `## A.5.1 …`)".to_string()
            } else {
                format!(
                    "only {} of its {} list items start with a control ID: read as prose, not as an SoA",
                    bullets, list_items
                )
            });
        }
        return out;
    }
    let shape = match (bullets, sections) {
        (_, 0) => "a bullet list, one control per item",
        (0, _) => "one section per control",
        _ => "bullet items and sections, one control each",
    };
    let first = file.line_col(entries[0].start).line;
    let last = file.line_col(entries[entries.len() - 1].start).line;
    out.notes.push(format!(
        "read as an SoA written as {shape}: {} controls (lines {first}–{last}), {} stating applicability or linking evidence",
        entries.len(),
        stated
    ));
    let field = |key: &str, s: &Span, verbatim: bool, value: Option<&str>| RawField {
        key: crate::model::record::Key::new(key.into()),
        value: RawValue::Text(value.map_or_else(|| text[s.start..s.end].into(), Into::into)),
        loc: Loc::new(id, s.start, s.end),
        verbatim,
    };
    for e in entries {
        let mut fields = vec![field("id", &e.id, true, None)];
        if let Some(t) = &e.title {
            fields.push(field("title", t, true, None));
        }
        for (f, v) in &e.fields {
            // A value that is one link (`[Policy](policies/x.md)`) is its target.
            match (*f, link_at(text, v.start, v.end)) {
                ("evidence" | "documents", Some((_, target, end))) if end == v.end => {
                    fields.push(field(f, &target, true, None))
                }
                _ => fields.push(field(f, v, true, None)),
            }
        }
        if let Some(link) = &e.link {
            if !e.fields.iter().any(|(f, _)| *f == "evidence") {
                fields.push(field("evidence", link, true, None));
            }
            // A control whose item links its evidence is in the SoA as applied.
            if !e.fields.iter().any(|(f, _)| *f == "applicable") {
                fields.push(field("applicable", link, false, Some("yes")));
            }
        }
        out.records.push(RawRecord {
            kind: Kind::Control,
            loc: Loc::new(id, e.start, e.end),
            fields,
            key_id: None,
            column_map: None,
            value_map: None,
            lang: None,
            role: Role::Register,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marker read by hand is the regex's match.
    #[test]
    fn heading_marker_as_regex() {
        let re = regex::Regex::new(r"^ {0,3}(#{1,6})[ \t]+").unwrap();
        for line in [
            "# A",
            "## B",
            "###### six",
            "####### seven",
            "#",
            "#x",
            "   ## three",
            "    ## four",
            "##\t\t tab",
            "## ",
            " # ",
            "",
            "text",
            "#  \n",
            "##\n",
            " ",
            "\t# t",
        ] {
            let want = re
                .captures(line)
                .map(|c| (c.get(1).unwrap().as_str().len(), c.get(0).unwrap().end()));
            assert_eq!(super::heading_marker(line), want, "{line:?}");
        }
    }

    fn read_text(path: &str, text: &str) -> (ListSoa, String) {
        let file = SourceFile::new(path.into(), path.into(), text.into());
        let fields = crate::model::aliases::FieldTable::builtin();
        // None of these files is under a documents folder (`documents.folders`).
        let named =
            super::super::convention::convention(path, super::super::Format::Markdown, false)
                == Some(Kind::Control);
        (
            read(
                0,
                &file,
                0,
                named,
                &LoadCx {
                    fields: &fields,
                    language: None,
                },
            ),
            text.to_string(),
        )
    }

    fn value<'a>(text: &'a str, r: &RawRecord, key: &str) -> Option<&'a str> {
        r.fields
            .iter()
            .find(|f| f.key.as_str() == key)
            .map(|f| &text[f.loc.range()])
    }

    #[test]
    fn bullets_with_links_and_labels() {
        let (soa, text) = read_text(
            "soa.md",
            "# SoA\n\n- [A5.1.1 - Policies for information security](policies/infosec.md)\n- A.5.2 Review of the policies — Applicable: yes — Justification: Annual review\n- **A.6.1.1** Roles: Applicable: No; Justification: Small team\n- A.6.1.2 Segregation of duties\n",
        );
        assert_eq!(soa.records.len(), 4);
        let r = &soa.records;
        assert_eq!(value(&text, &r[0], "id"), Some("A5.1.1"));
        assert_eq!(
            value(&text, &r[0], "title"),
            Some("Policies for information security")
        );
        assert_eq!(value(&text, &r[0], "evidence"), Some("policies/infosec.md"));
        assert_eq!(value(&text, &r[1], "title"), Some("Review of the policies"));
        assert_eq!(value(&text, &r[1], "applicable"), Some("yes"));
        assert_eq!(value(&text, &r[1], "justification"), Some("Annual review"));
        assert_eq!(value(&text, &r[2], "id"), Some("A.6.1.1"));
        assert_eq!(value(&text, &r[2], "applicable"), Some("No"));
        assert_eq!(value(&text, &r[2], "justification"), Some("Small team"));
        assert_eq!(value(&text, &r[3], "applicable"), None);
        assert_eq!(value(&text, &r[3], "title"), Some("Segregation of duties"));
    }

    #[test]
    fn sections_with_labels_definitions_and_tables() {
        let (soa, text) = read_text(
            "statement-of-applicability.md",
            "# Statement of Applicability\n\n## A.5.1 - Policies for information security\n\n**Applicable:** Yes\n**Justification:** Required\n\n## A.5.2 Review\n\nApplicable\n: TBD\n\n## A.5.3 Segregation of duties\n\n| Field | Value |\n|---|---|\n| Applicable | No |\n| Justification | One person team |\n",
        );
        assert_eq!(soa.records.len(), 3);
        let r = &soa.records;
        assert_eq!(value(&text, &r[0], "applicable"), Some("Yes"));
        assert_eq!(value(&text, &r[0], "justification"), Some("Required"));
        assert_eq!(value(&text, &r[1], "applicable"), Some("TBD"));
        assert_eq!(value(&text, &r[2], "applicable"), Some("No"));
        assert_eq!(
            value(&text, &r[2], "justification"),
            Some("One person team")
        );
        assert_eq!(
            value(&text, &r[0], "title"),
            Some("Policies for information security")
        );
    }

    #[test]
    fn a_policy_mentioning_controls_is_not_an_soa() {
        let (soa, _) = read_text(
            "access-control-policy.md",
            "# Access control policy\n\n- A.5.15 Access control is implemented by the IAM team\n- A.5.16 Identities are managed in the directory\n- A.5.17 Passwords follow the standard\n- A.5.18 Access rights are reviewed quarterly\n",
        );
        assert!(soa.records.is_empty());
        assert!(soa.why_not.is_none());
    }

    #[test]
    fn a_named_soa_without_controls_says_why() {
        let (soa, _) = read_text("soa.md", "# SoA\n\nSee the spreadsheet.\n");
        assert!(soa.records.is_empty());
        assert!(soa.why_not.unwrap().contains("no list item or heading"));
    }
}
