//! Human output: codespan-reporting snippets with secondary labels across files, then the
//! summary line.

use super::{place, summary_line};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Summary;
use crate::source::SourceMap;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::term::termcolor::{Ansi, NoColor};
use codespan_reporting::term::{self, Config};

/// `at book.xlsx › Sheet!D14: `value``, quoting the cell when it holds something.
fn at_cell(files: &SourceMap, loc: &crate::source::Loc) -> String {
    let place = place(files, loc).display();
    match files.cell_text(loc) {
        Some(text) => {
            let short: String = text.chars().take(80).collect();
            let more = if text.chars().count() > 80 { "…" } else { "" };
            format!("at {place}: `{}{more}`", short.replace('\n', " "))
        }
        None => format!("at {place}"),
    }
}

pub fn to_codespan(d: &Diagnostic, files: &SourceMap) -> CsDiagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let mut cs = CsDiagnostic::new(severity)
        .with_code(format!("{}/{}", d.rule.code, d.rule.name))
        .with_message(&d.message);
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    if let Some(loc) = &d.loc {
        if loc.cell.is_some() {
            notes.push(at_cell(files, loc));
        } else {
            labels.push(Label::primary(loc.file, loc.start..loc.end).with_message(&d.label));
        }
    }
    for r in &d.related {
        if r.loc.cell.is_some() {
            notes.push(format!(
                "{}: {}",
                r.message,
                at_cell(files, &r.loc).trim_start_matches("at ")
            ));
        } else {
            labels.push(
                Label::secondary(r.loc.file, r.loc.start..r.loc.end).with_message(&r.message),
            );
        }
    }
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    cs = cs.with_labels(labels).with_notes(notes);
    cs
}

pub fn render(diags: &[Diagnostic], files: &SourceMap, summary: &Summary, color: bool) -> String {
    let config = Config::default();
    let mut buf: Vec<u8> = Vec::new();
    for d in diags {
        let cs = to_codespan(d, files);
        let result = if color {
            let mut w = Ansi::new(&mut buf);
            term::emit_to_write_style(&mut w, &config, files, &cs)
        } else {
            let mut w = NoColor::new(&mut buf);
            term::emit_to_write_style(&mut w, &config, files, &cs)
        };
        if result.is_err() {
            // A location the renderer cannot show still gets reported, plainly.
            buf.extend_from_slice(
                format!("{}[{}]: {}\n", d.severity.as_str(), d.rule.code, d.message).as_bytes(),
            );
        }
    }
    let mut out = String::from_utf8_lossy(&buf).into_owned();
    out.push_str(&summary_line(summary));
    out.push('\n');
    out
}
