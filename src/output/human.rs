//! Human output: codespan-reporting snippets with secondary labels across files, then the
//! summary line.
//!
//! Everything from the repository is escaped (see `sanitize`): messages, labels, notes, file
//! names, and the source lines of the snippets. For those, codespan-reporting is given a display
//! copy of each file in which unsafe characters are replaced by visible escapes; the byte spans
//! of the labels are mapped into that copy, so carets still sit under the right text.

use super::sanitize::{escape_text, is_unsafe_char};
use super::{place, summary_line};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Summary;
use crate::source::{FileId, SourceFile, SourceMap};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::{Ansi, NoColor};
use codespan_reporting::term::{self, Config};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// One character of the original text shown as an escape in the display copy.
struct Escape {
    /// Byte offset in the original text.
    at: usize,
    /// Its length in the original text.
    len: usize,
    /// Bytes the escapes before this one added.
    before: usize,
    /// Bytes the escapes up to and including this one added.
    after: usize,
}

/// A file as codespan-reporting shows it.
struct Shown<'a> {
    file: &'a SourceFile,
    name: Cow<'a, str>,
    text: Cow<'a, str>,
    escapes: Vec<Escape>,
}

impl<'a> Shown<'a> {
    fn new(file: &'a SourceFile) -> Self {
        let name = escape_text(&file.path);
        let text = file.text.as_str();
        let bytes = text.as_bytes();
        let shown_raw = |i: usize, c: char| match c {
            '\n' | '\t' => true,
            // A line ending (codespan trims it), not a carriage return inside a line.
            '\r' => {
                bytes.get(i + 1) == Some(&b'\n') || file.line_range(file.line_index(i)).end == i + 1
            }
            '[' => {
                let before = &bytes[..i];
                !(before.ends_with(b"##")
                    || (before.len() >= 5
                        && before[before.len() - 5..].eq_ignore_ascii_case(b"##vso")))
            }
            _ => !is_unsafe_char(c),
        };
        let mut escapes = Vec::new();
        let mut out = String::new();
        let mut last = 0;
        let mut added = 0;
        for (i, c) in text.char_indices() {
            if (is_unsafe_char(c) || c == '[') && !shown_raw(i, c) {
                out.push_str(&text[last..i]);
                let escaped = escape_text(&text[i..i + c.len_utf8()]);
                let escaped = if c == '[' {
                    "\\u{5b}"
                } else {
                    escaped.as_ref()
                };
                out.push_str(escaped);
                let before = added;
                added += escaped.len() - c.len_utf8();
                escapes.push(Escape {
                    at: i,
                    len: c.len_utf8(),
                    before,
                    after: added,
                });
                last = i + c.len_utf8();
            }
        }
        let text = if escapes.is_empty() {
            Cow::Borrowed(text)
        } else {
            out.push_str(&text[last..]);
            Cow::Owned(out)
        };
        Shown {
            file,
            name,
            text,
            escapes,
        }
    }

    /// An offset of the original text in the display copy.
    fn map(&self, orig: usize) -> usize {
        let n = self.escapes.partition_point(|e| e.at < orig);
        orig + n.checked_sub(1).map_or(0, |k| self.escapes[k].after)
    }

    /// An offset of the display copy in the original text (inside an escape: its character).
    fn unmap(&self, shown: usize) -> usize {
        let n = self.escapes.partition_point(|e| e.at + e.before <= shown);
        match n.checked_sub(1).map(|k| &self.escapes[k]) {
            None => shown,
            Some(e) if shown < e.at + e.len + e.after => e.at,
            Some(e) => shown - e.after,
        }
    }
}

/// The files the diagnostics point into, as shown.
struct ShownFiles<'a> {
    files: HashMap<FileId, Shown<'a>>,
}

impl<'a> ShownFiles<'a> {
    fn new(diags: &[Diagnostic], files: &'a SourceMap) -> Self {
        let mut shown = HashMap::new();
        let locs = diags
            .iter()
            .flat_map(|d| d.loc.iter().chain(d.related.iter().map(|r| &r.loc)));
        for loc in locs {
            if loc.cell.is_none() && loc.file < files.len() {
                shown
                    .entry(loc.file)
                    .or_insert_with(|| Shown::new(files.get(loc.file)));
            }
        }
        ShownFiles { files: shown }
    }

    fn get(&self, id: FileId) -> Result<&Shown<'a>, FilesError> {
        self.files.get(&id).ok_or(FilesError::FileMissing)
    }

    /// A byte range of the original file in its display copy.
    fn range(&self, id: FileId, r: Range<usize>) -> Range<usize> {
        match self.files.get(&id) {
            Some(s) => s.map(r.start)..s.map(r.end),
            None => r,
        }
    }
}

impl<'b> Files<'b> for ShownFiles<'_> {
    type FileId = FileId;
    type Name = &'b str;
    type Source = &'b str;

    fn name(&'b self, id: FileId) -> Result<&'b str, FilesError> {
        Ok(self.get(id)?.name.as_ref())
    }

    fn source(&'b self, id: FileId) -> Result<&'b str, FilesError> {
        Ok(self.get(id)?.text.as_ref())
    }

    fn line_index(&'b self, id: FileId, byte: usize) -> Result<usize, FilesError> {
        let s = self.get(id)?;
        Ok(s.file.line_index(s.unmap(byte)))
    }

    fn line_range(&'b self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let s = self.get(id)?;
        if line_index >= s.file.line_count() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: s.file.line_count() - 1,
            });
        }
        let r = s.file.line_range(line_index);
        Ok(s.map(r.start)..s.map(r.end))
    }

    /// The column in the original text, as the other formats report it.
    fn column_number(
        &'b self,
        id: FileId,
        line_index: usize,
        byte: usize,
    ) -> Result<usize, FilesError> {
        let s = self.get(id)?;
        let range = s.file.line_range(line_index);
        let byte = s.unmap(byte);
        Ok(codespan_reporting::files::column_index(&s.file.text, range, byte) + 1)
    }
}

/// `at book.xlsx › Sheet!D14: `value``, quoting the cell when it holds something.
fn at_cell(files: &SourceMap, loc: &crate::source::Loc) -> String {
    let place = escape_text(&place(files, loc).display()).into_owned();
    match files.cell_text(loc) {
        Some(text) => {
            let short: String = text.chars().take(80).collect();
            let more = if text.chars().count() > 80 { "…" } else { "" };
            format!("at {place}: `{}{more}`", escape_text(&short))
        }
        None => format!("at {place}"),
    }
}

/// Lines longer than this (bytes) are not quoted whole: a snippet per finding on a 5,000-column
/// table row or minified file would make the output grow as findings × line length.
const LONG_LINE: usize = 400;
/// Labels spanning more lines than this are not drawn line by line, for the same reason.
const TALL_LABEL: usize = 30;

/// `at path:line:col: `…excerpt…`` for a location whose line is too long (or whose span too
/// tall) to quote as a snippet: the text around the location, escaped.
fn excerpt(files: &SourceMap, loc: &crate::source::Loc) -> Option<String> {
    let file = files.get(loc.file);
    let first = file.line_index(loc.start);
    let last = file.line_index(loc.end);
    let line = file.line_range(first);
    if line.len() <= LONG_LINE && last - first <= TALL_LABEL {
        return None;
    }
    let text = &file.text;
    let floor = |mut i: usize| {
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let from = floor(loc.start.saturating_sub(60).max(line.start));
    let to = floor((loc.start + 80).min(line.end));
    let body = text[from..to].trim_end_matches(['\r', '\n']);
    let before = if from > line.start { "…" } else { "" };
    let after = if to < line.end.saturating_sub(1) {
        "…"
    } else {
        ""
    };
    let place = escape_text(&place(files, loc).display()).into_owned();
    Some(format!(
        "at {place}: `{before}{}{after}`",
        escape_text(body)
    ))
}

fn to_codespan(d: &Diagnostic, files: &SourceMap, shown: &ShownFiles) -> CsDiagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let mut cs = CsDiagnostic::new(severity)
        .with_code(format!("{}/{}", d.rule.code, d.rule.name))
        .with_message(escape_text(&d.message));
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    if let Some(loc) = &d.loc {
        if loc.cell.is_some() {
            notes.push(at_cell(files, loc));
        } else if let Some(note) = excerpt(files, loc) {
            notes.push(note);
        } else {
            labels.push(
                Label::primary(loc.file, shown.range(loc.file, loc.start..loc.end))
                    .with_message(escape_text(&d.label)),
            );
        }
    }
    for r in &d.related {
        if r.loc.cell.is_some() {
            notes.push(format!(
                "{}: {}",
                escape_text(&r.message),
                at_cell(files, &r.loc).trim_start_matches("at ")
            ));
        } else if let Some(note) = excerpt(files, &r.loc) {
            notes.push(format!(
                "{}: {}",
                escape_text(&r.message),
                note.trim_start_matches("at ")
            ));
        } else {
            labels.push(
                Label::secondary(r.loc.file, shown.range(r.loc.file, r.loc.start..r.loc.end))
                    .with_message(escape_text(&r.message)),
            );
        }
    }
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", escape_text(help)));
    }
    cs = cs.with_labels(labels).with_notes(notes);
    cs
}

pub fn render(diags: &[Diagnostic], files: &SourceMap, summary: &Summary, color: bool) -> String {
    let config = Config::default();
    let shown = ShownFiles::new(diags, files);
    let mut buf: Vec<u8> = Vec::new();
    for d in diags {
        let cs = to_codespan(d, files, &shown);
        let result = if color {
            let mut w = Ansi::new(&mut buf);
            term::emit_to_write_style(&mut w, &config, &shown, &cs)
        } else {
            let mut w = NoColor::new(&mut buf);
            term::emit_to_write_style(&mut w, &config, &shown, &cs)
        };
        if result.is_err() {
            // A location the renderer cannot show still gets reported, plainly.
            buf.extend_from_slice(
                format!(
                    "{}[{}]: {}\n",
                    d.severity.as_str(),
                    d.rule.code,
                    escape_text(&d.message)
                )
                .as_bytes(),
            );
        }
    }
    let mut out = String::from_utf8_lossy(&buf).into_owned();
    out.push_str(&summary_line(summary));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn shown(text: &str) -> (SourceFile, Vec<(usize, usize)>) {
        let file = SourceFile::new("f".into(), PathBuf::new(), text.into());
        let s = Shown::new(&file);
        let spans = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .map(|i| (i, s.map(i)))
            .collect();
        (file, spans)
    }

    #[test]
    fn display_copy_escapes_and_maps_offsets() {
        let text = "ab\u{1b}[2Jc\r\nd ##[x]\u{202e}e\n";
        let file = SourceFile::new("f\n::error::x".into(), PathBuf::new(), text.into());
        let s = Shown::new(&file);
        assert_eq!(s.name, "f\\n::error::x");
        assert_eq!(s.text, "ab\\u{1b}[2Jc\r\nd ##\\u{5b}x]\\u{202e}e\n");
        // Offsets before, at, inside and after each escape.
        assert_eq!(s.map(2), 2);
        assert_eq!(&s.text[s.map(3)..], &s.text[8..]);
        assert_eq!(s.unmap(2), 2);
        assert_eq!(s.unmap(5), 2); // inside `\u{1b}`
        assert_eq!(s.unmap(s.map(3)), 3);
        for (orig, mapped) in shown(text).1 {
            assert_eq!(s.unmap(mapped), orig);
            assert_eq!(&s.text[mapped..mapped], "");
        }
        // Same lines as the original.
        for line in 0..file.line_count() {
            let r = file.line_range(line);
            assert_eq!(
                s.file.line_index(s.unmap(s.map(r.start))),
                file.line_index(r.start)
            );
        }
    }

    #[test]
    fn plain_files_are_shown_as_they_are() {
        let text = "# Policy\n\tindented ## [not a marker]\r\n";
        let file = SourceFile::new("p.md".into(), PathBuf::new(), text.into());
        let s = Shown::new(&file);
        assert!(matches!(s.text, Cow::Borrowed(_)));
        assert!(s.escapes.is_empty());
        assert_eq!(s.map(5), 5);
    }
}
