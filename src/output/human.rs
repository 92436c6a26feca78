//! Human output, compact as gcc and clang print it (issue 10: a finding is a few lines, not a
//! screen): `path:line:col: severity[CODE/name]: message`, then the source lines of its labels
//! with carets under the spans (`^` the finding, `-` the places it relates to), labels in other
//! files under their own `┌─ path:line:col`, notes and `= help:`, then the summary line. Only
//! the first line of a finding starts at the left margin.
//!
//! A long source line is cut around its labels to about [`WIDTH`] columns, with `…` where text
//! is left out, as rustc does: a 1,700-character table row shows the cell that is wrong and its
//! neighbours. Everything is computed on that window (never on the whole line), so the size and
//! the time of the output grow with the number of findings, not with findings × line length. A
//! label that spans several lines is drawn on its first line.
//!
//! Everything from the repository is escaped (see `sanitize`): messages, labels, notes, file
//! names, and the source text, in which control characters are shown as visible escapes and
//! the carets are placed under the escaped text.

use super::sanitize::{escape_text, is_unsafe_char, line_start_path};
use super::{place, summary_line};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Summary;
use crate::source::{FileId, Loc, SourceFile, SourceMap};
use std::fmt::Write;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Columns of source text shown per line, at most (plus the `…` marks).
pub const WIDTH: usize = 120;
/// Columns kept before the first label when the labels of a line are too far apart to show
/// together.
const LEAD: usize = 20;
/// A tab is shown as this many spaces.
const TAB: &str = "    ";

/// ANSI styles; empty strings when colour is off.
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, style: &str, text: &str) -> String {
        if self.on && !text.is_empty() {
            format!("\x1b[{style}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, s: Severity, text: &str) -> String {
        self.wrap(
            match s {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
            },
            text,
        )
    }
    fn gutter(&self, text: &str) -> String {
        self.wrap("1;34", text)
    }
    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
}

/// One label drawn under a source line: a byte range of the file and its message.
struct Mark {
    start: usize,
    end: usize,
    primary: bool,
    message: String,
}

/// A mark placed in the shown text: columns (0-based, display width), whether it is the
/// finding's own, and its message (already escaped).
struct Placed {
    from: usize,
    to: usize,
    primary: bool,
    message: String,
}

/// The chars of a line to show: a byte range within the line (no line break), and whether text
/// was left out before and after it.
struct Window {
    range: Range<usize>,
    cut_before: bool,
    cut_after: bool,
}

/// `pos` moved back by up to `n` chars, never below `floor`; and how many it moved.
fn back(text: &str, mut pos: usize, n: usize, floor: usize) -> (usize, usize) {
    let mut moved = 0;
    while moved < n && pos > floor {
        pos -= 1;
        while pos > floor && !text.is_char_boundary(pos) {
            pos -= 1;
        }
        moved += 1;
    }
    (pos, moved)
}

/// `pos` moved forward by up to `n` chars, never past `ceil`; and how many it moved.
fn forward(text: &str, mut pos: usize, n: usize, ceil: usize) -> (usize, usize) {
    let mut moved = 0;
    while moved < n && pos < ceil {
        pos += 1;
        while pos < ceil && !text.is_char_boundary(pos) {
            pos += 1;
        }
        moved += 1;
    }
    (pos, moved)
}

/// Chars in `text[from..to]`, counted up to `limit` (enough to know it is more).
fn chars_upto(text: &str, from: usize, to: usize, limit: usize) -> usize {
    text[from..to].chars().take(limit).count()
}

/// The part of `line` (a byte range without its line break) to show so that the marks, or the
/// `anchor` mark when they are too far apart, are in view with context on both sides.
fn window(text: &str, line: Range<usize>, marks: &[&Mark], anchor: &Mark) -> Window {
    let (ls, le) = (line.start, line.end);
    let whole = Window {
        range: line.clone(),
        cut_before: false,
        cut_after: false,
    };
    if le - ls <= WIDTH || chars_upto(text, ls, le, WIDTH + 1) <= WIDTH {
        return whole;
    }
    let lo = marks
        .iter()
        .map(|m| m.start)
        .min()
        .unwrap_or(ls)
        .clamp(ls, le);
    let hi = marks
        .iter()
        .map(|m| m.end)
        .max()
        .unwrap_or(ls)
        .clamp(lo, le);
    let span = chars_upto(text, lo, hi, WIDTH + 1);
    let (left, right) = if span > WIDTH {
        // The marks do not fit together: show the anchor with a little lead.
        let at = anchor.start.clamp(ls, le);
        let (left, used) = back(text, at, LEAD, ls);
        (left, forward(text, at, WIDTH - used, le).0)
    } else {
        let rest = WIDTH - span;
        let (left, used_left) = back(text, lo, rest / 2, ls);
        let (right, used_right) = forward(text, hi, rest - used_left, le);
        let left = back(text, left, rest - used_left - used_right, ls).0;
        (left, right)
    };
    Window {
        range: left..right,
        cut_before: left > ls,
        cut_after: right < le,
    }
}

/// The window's text as shown (escaped, tabs expanded) and the display column at which each of
/// its chars starts (plus the end), keyed by byte offset in the file.
fn shown(text: &str, w: &Window) -> (String, Vec<(usize, usize)>) {
    let mut out = String::new();
    let mut cols = Vec::new();
    let mut col = 0;
    if w.cut_before {
        out.push('…');
        col += 1;
    }
    let bytes = text.as_bytes();
    for (i, c) in text[w.range.clone()].char_indices() {
        let at = w.range.start + i;
        cols.push((at, col));
        let piece: std::borrow::Cow<str> = if c == '\t' {
            TAB.into()
        } else if is_unsafe_char(c) {
            escape_text(&text[at..at + c.len_utf8()])
                .into_owned()
                .into()
        } else if c == '['
            && (bytes[..at].ends_with(b"##")
                || (at >= 5 && bytes[at - 5..at].eq_ignore_ascii_case(b"##vso")))
        {
            // `##[` and `##vso[` are CI commands anywhere in a line.
            "\\u{5b}".into()
        } else {
            let mut s = String::new();
            s.push(c);
            s.into()
        };
        col += if c == '\t' || is_unsafe_char(c) || piece.len() > c.len_utf8() {
            piece.chars().count()
        } else {
            c.width().unwrap_or(0)
        };
        out.push_str(&piece);
    }
    cols.push((w.range.end, col));
    if w.cut_after {
        out.push('…');
    }
    (out, cols)
}

/// The display column of byte `at` (clamped to the window).
fn column(cols: &[(usize, usize)], at: usize) -> usize {
    match cols.binary_search_by_key(&at, |&(b, _)| b) {
        Ok(i) => cols[i].1,
        Err(0) => cols.first().map_or(0, |c| c.1),
        Err(i) => cols[i - 1].1,
    }
}

/// The rows under a source line: markers with the rightmost label's message after them, then
/// one row per other label with a message, right to left, with `│` where labels further left
/// still wait for theirs.
fn underline(mut placed: Vec<Placed>, severity: Severity, paint: &Paint) -> Vec<String> {
    placed.sort_by_key(|p| (p.from, p.to));
    let style = |p: &Placed| if p.primary { Some(severity) } else { None };
    let draw = |text: &str, p: &Placed| match style(p) {
        Some(s) => paint.severity(s, text),
        None => paint.gutter(text),
    };
    let mut row = String::new();
    let mut col = 0;
    for p in &placed {
        if p.from < col {
            // Overlapping labels: the markers already drawn stand for both.
            continue;
        }
        row.push_str(&" ".repeat(p.from - col));
        let width = p.to.saturating_sub(p.from).max(1);
        let mark = if p.primary { "^" } else { "-" };
        row.push_str(&draw(&mark.repeat(width), p));
        col = p.from + width;
    }
    let mut rows = Vec::new();
    let last = placed.iter().rposition(|p| !p.message.is_empty());
    // The rightmost label's message goes on the marker row when no marker follows it.
    let inline =
        last.filter(|&i| placed[i].from == placed.iter().map(|p| p.from).max().unwrap_or(0));
    if let Some(i) = inline {
        row.push(' ');
        row.push_str(&draw(&placed[i].message, &placed[i]));
    }
    rows.push(row);
    let hanging: Vec<usize> = (0..placed.len())
        .filter(|&i| !placed[i].message.is_empty() && Some(i) != inline)
        .collect();
    for (k, &i) in hanging.iter().enumerate().rev() {
        let mut row = String::new();
        let mut col = 0;
        for &j in &hanging[..k] {
            let at = placed[j].from;
            if at < col || at == placed[i].from {
                continue;
            }
            row.push_str(&" ".repeat(at - col));
            row.push_str(&draw("│", &placed[j]));
            col = at + 1;
        }
        row.push_str(&" ".repeat(placed[i].from.saturating_sub(col)));
        row.push_str(&draw(&placed[i].message, &placed[i]));
        rows.push(row);
    }
    rows
}

/// The labels of one file, by line (0-based), in the order the file is shown.
struct Block {
    file: FileId,
    lines: std::collections::BTreeMap<usize, Vec<Mark>>,
}

/// `book.xlsx › Sheet!D14: `value`` (`Sheet!D14: …` in the finding's own workbook), quoting the
/// cell when it holds something.
fn at_cell(files: &SourceMap, loc: &Loc, own: Option<FileId>) -> String {
    let p = place(files, loc);
    let cell = match (&p.sheet, &p.cell) {
        (Some(sheet), Some(cell)) if own == Some(loc.file()) => format!("{sheet}!{cell}"),
        _ => p.display(),
    };
    let cell = escape_text(&cell).into_owned();
    match files.cell_text(loc) {
        Some(text) => {
            let short: String = text.chars().take(80).collect();
            let more = if text.chars().count() > 80 { "…" } else { "" };
            format!("{cell}: `{}{more}`", escape_text(&short))
        }
        None => cell,
    }
}

/// The end of a line's text: its range without the line break.
fn content(file: &SourceFile, line: usize) -> Range<usize> {
    let r = file.line_range(line);
    let text = &file.text()[r.clone()];
    r.start..r.start + text.trim_end_matches(['\r', '\n']).len()
}

fn render_one(d: &Diagnostic, files: &SourceMap, paint: &Paint, out: &mut String) {
    let sev = d.severity.as_str();
    let code = format!("{sev}[{}/{}]", d.rule.code, d.rule.name);
    let message = escape_text(&d.message);
    let mut notes = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut add = |loc: &Loc, primary: bool, message: &str| {
        let file = files.get(loc.file());
        let line = file.line_index(loc.start());
        let text_end = content(file, line).end;
        let mark = Mark {
            start: loc.start().min(text_end),
            // A label over several lines is drawn on its first.
            end: loc.end().min(text_end).max(loc.start().min(text_end)),
            primary,
            message: escape_text(message).into_owned(),
        };
        let i = match blocks.iter().position(|b| b.file == loc.file()) {
            Some(i) => i,
            None => {
                blocks.push(Block {
                    file: loc.file(),
                    lines: Default::default(),
                });
                blocks.len() - 1
            }
        };
        blocks[i].lines.entry(line).or_default().push(mark);
    };
    let header_at = match &d.loc {
        Some(loc) if loc.is_cell() => {
            if files.cell_text(loc).is_some() {
                notes.push(format!("cell {}", at_cell(files, loc, Some(loc.file()))));
            }
            Some(place(files, loc).display())
        }
        Some(loc) => {
            // A file with no text (unreadable, binary, a workbook) has no line to show.
            if !files.get(loc.file()).text().is_empty() {
                add(loc, true, &d.label);
            }
            Some(place(files, loc).display())
        }
        None => None,
    };
    for r in &d.related {
        if r.loc.is_cell() {
            notes.push(format!(
                "{}: {}",
                escape_text(&r.message),
                at_cell(files, &r.loc, d.loc.as_ref().map(|l| l.file()))
            ));
        } else if files.get(r.loc.file()).text().is_empty() {
            notes.push(format!(
                "{}: {}",
                escape_text(&r.message),
                escape_text(&place(files, &r.loc).display())
            ));
        } else {
            add(&r.loc, false, &r.message);
        }
    }
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", escape_text(help)));
    }
    match header_at {
        Some(at) => {
            let at = line_start_path(&escape_text(&at)).into_owned();
            let _ = writeln!(
                out,
                "{}: {}: {}",
                paint.bold(&at),
                paint.severity(d.severity, &code),
                paint.bold(&message)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{}: {}",
                paint.severity(d.severity, &code),
                paint.bold(&message)
            );
        }
    }
    let digits = blocks
        .iter()
        .flat_map(|b| b.lines.keys())
        .map(|l| (l + 1).to_string().len())
        .max()
        .unwrap_or(1);
    let pad = " ".repeat(digits + 2);
    let primary_file = d.loc.as_ref().filter(|l| !l.is_cell()).map(|l| l.file());
    for block in &blocks {
        let file = files.get(block.file);
        if Some(block.file) != primary_file {
            // A label in another file: where it is, as the header says for the finding.
            if let Some(first) = block.lines.values().next().and_then(|m| m.first()) {
                let lc = file.line_col(first.start);
                let at = escape_text(files.shown_path(block.file)).into_owned();
                let _ = writeln!(
                    out,
                    "{pad}{} {at}:{}:{}",
                    paint.gutter("┌─"),
                    lc.line,
                    lc.column
                );
            }
        }
        let mut previous: Option<usize> = None;
        for (&line, marks) in &block.lines {
            if previous.is_some_and(|p| line > p + 1) {
                let _ = writeln!(out, "{pad}{}", paint.gutter("·"));
            }
            previous = Some(line);
            let range = content(file, line);
            let refs: Vec<&Mark> = marks.iter().collect();
            let anchor = marks.iter().find(|m| m.primary).unwrap_or(&marks[0]);
            let w = window(file.text(), range, &refs, anchor);
            let (text, cols) = shown(file.text(), &w);
            let number = format!("{:>digits$}", line + 1);
            let _ = writeln!(out, " {} {}", paint.gutter(&format!("{number} │")), text);
            let mut placed = Vec::new();
            for m in marks {
                if m.end < w.range.start || m.start > w.range.end {
                    // Off the shown part of a long line: said in words.
                    if !m.message.is_empty() {
                        notes.push(format!("{} (line {}, further along)", m.message, line + 1));
                    }
                    continue;
                }
                placed.push(Placed {
                    from: column(&cols, m.start),
                    to: column(&cols, m.end),
                    primary: m.primary,
                    message: m.message.clone(),
                });
            }
            if placed.is_empty() {
                continue;
            }
            for row in underline(placed, d.severity, paint) {
                let row = row.trim_end();
                let _ = writeln!(out, "{pad}{} {row}", paint.gutter("│"));
            }
        }
    }
    for note in notes {
        let _ = writeln!(out, "{pad}{} {note}", paint.gutter("="));
    }
}

pub fn render(diags: &[Diagnostic], files: &SourceMap, summary: &Summary, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    for d in diags {
        render_one(d, files, &paint, &mut out);
    }
    out.push_str(&summary_line(summary));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::rules::doc::template_placeholder::META;
    use std::path::PathBuf;

    fn one(text: &str, start: usize, end: usize, label: &str) -> String {
        let mut files = SourceMap::default();
        let id = files.add(SourceFile::new("p.md".into(), PathBuf::new(), text.into()));
        let d = Diagnostic::at(&META, &Loc::new(id, start, end), "m").label(label);
        render(&[d], &files, &Summary::default(), false)
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let out = one("a\nSee [Company Name] here.\n", 6, 20, "placeholder");
        assert!(out.starts_with("p.md:2:5: error[DOC001/template-placeholder]: m\n"));
        assert!(out.contains(" 2 │ See [Company Name] here.\n"), "{out}");
        assert!(
            out.contains("   │     ^^^^^^^^^^^^^^ placeholder\n"),
            "{out}"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line = format!("{}[Company Name]{}", "a".repeat(1000), "b".repeat(1000));
        let out = one(&line, 1000, 1014, "placeholder");
        let shown = out.lines().nth(1).expect("source line");
        assert!(
            shown.contains("…aaa") && shown.contains("[Company Name]bbb") && shown.ends_with('…')
        );
        assert!(shown.chars().count() < WIDTH + 10, "{shown}");
        let carets = out.lines().nth(2).expect("carets");
        assert_eq!(
            carets.find('^').map(|i| carets[..i].chars().count()),
            shown.find('[').map(|i| shown[..i].chars().count())
        );
    }

    #[test]
    fn control_characters_are_escaped_and_carets_follow() {
        let text = "x\u{1b}[2J ##[y] [Company Name]\n";
        let start = text.find("[Company").expect("at");
        let out = one(text, start, start + 14, "");
        let shown = out.lines().nth(1).expect("source");
        assert!(
            shown.contains("x\\u{1b}[2J ##\\u{5b}y] [Company Name]"),
            "{shown}"
        );
        let carets = out.lines().nth(2).expect("carets");
        assert_eq!(
            carets.find('^').map(|i| carets[..i].chars().count()),
            shown.find("[Company").map(|i| shown[..i].chars().count())
        );
    }
}
