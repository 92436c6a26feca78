//! GitLab Code Quality report: a JSON array of issues with stable fingerprints.

use super::fingerprint::{fingerprint, path_of};
use super::place;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;
use serde_json::{Value, json};

pub fn render(diags: &[Diagnostic], files: &SourceMap) -> String {
    let issues: Vec<Value> = diags
        .iter()
        .map(|d| {
            let (path, line) = match &d.loc {
                Some(l) => {
                    let p = place(files, l);
                    let desc_line = if p.cell.is_some() { 1 } else { p.line };
                    (p.path, desc_line)
                }
                None => (path_of(d, files), 1),
            };
            let cell = d.loc.as_ref().and_then(|l| l.cell.as_ref()).map(|c| format!("{}!{}: ", c.sheet, c.a1())).unwrap_or_default();
            json!({
                "description": format!("{cell}{} {}", d.rule.code, d.message),
                "check_name": format!("{} {}", d.rule.code, d.rule.name),
                "fingerprint": fingerprint(d, files),
                "severity": if d.severity == Severity::Error { "major" } else { "minor" },
                "location": { "path": if path.is_empty() { ".".to_string() } else { path }, "lines": { "begin": line } },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_default();
    s.push('\n');
    s
}
