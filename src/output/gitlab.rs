//! GitLab Code Quality report: a JSON array of issues with stable fingerprints. Paths are
//! relative to the repository root, as GitLab resolves them; a finding about the repository as
//! a whole is placed at line 1 of the file `SourceMap::anchor` picks (as in SARIF).

use super::fingerprint::fingerprint;
use super::repo_place;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Loc, SourceMap};
use serde_json::{Value, json};

pub fn render(diags: &[Diagnostic], files: &SourceMap) -> String {
    let anchor = files.anchor().map(Loc::file_start);
    let issues: Vec<Value> = diags
        .iter()
        .map(|d| {
            let (path, line) = match d.loc.as_ref().or(anchor.as_ref()) {
                Some(l) => {
                    let p = repo_place(files, l);
                    let desc_line = if p.cell.is_some() { 1 } else { p.line };
                    (p.path, desc_line)
                }
                None => (".".to_string(), 1),
            };
            let cell = super::cell_prefix(d, files);
            json!({
                "description": format!("{cell}{} {}", d.rule.code, d.message),
                "check_name": format!("{} {}", d.rule.code, d.rule.name),
                "fingerprint": fingerprint(d, files),
                "severity": if d.severity == Severity::Error { "major" } else { "minor" },
                "location": { "path": path, "lines": { "begin": line } },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_default();
    s.push('\n');
    s
}
