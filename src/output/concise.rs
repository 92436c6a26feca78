//! `path:line:col: severity[CODE] message`, one line per finding, then the summary.

use super::sanitize::{escape_text, line_start_path};
use super::{place, summary_line};
use crate::diagnostic::Diagnostic;
use crate::engine::Summary;
use crate::source::SourceMap;
use std::fmt::Write;

pub fn render(diags: &[Diagnostic], files: &SourceMap, summary: &Summary) -> String {
    let mut out = String::new();
    for d in diags {
        let at = d.loc.as_ref().map_or_else(
            || "(repository)".to_string(),
            |l| line_start_path(&place(files, l).display()).into_owned(),
        );
        let _ = writeln!(
            out,
            "{at}: {}[{}] {}",
            d.severity.as_str(),
            d.rule.code,
            escape_text(&d.message)
        );
    }
    let _ = writeln!(out, "{}", summary_line(summary));
    out
}
