//! A Markdown summary for pull-request comments and the GitHub step summary: counts per rule
//! and the first findings as a table. Text from the repository is escaped for GitHub-flavoured
//! Markdown (`sanitize::md_message`, `md_code_span`): it renders as text, never as markup.
//! Paths are relative to the repository root: a comment on a pull request is read there, not
//! in the folder ismslint ran in.

use super::repo_place;
use super::sanitize::{md_code_span, md_message};
use crate::diagnostic::Diagnostic;
use crate::engine::Summary;
use crate::source::SourceMap;
use std::collections::BTreeMap;
use std::fmt::Write;

/// How many findings the table lists; the counts cover all of them.
const FIRST: usize = 50;

pub fn render(diags: &[Diagnostic], files: &SourceMap, summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## ismslint\n\n{}\n", super::summary_line(summary));
    if diags.is_empty() {
        let _ = writeln!(out, "No findings.");
        return out;
    }
    let mut counts: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    for d in diags {
        *counts
            .entry((d.rule.code, d.rule.name, d.severity.as_str()))
            .or_default() += 1;
    }
    let _ = writeln!(
        out,
        "| rule | name | severity | findings |\n|---|---|---|---:|"
    );
    for ((code, name, sev), n) in &counts {
        let _ = writeln!(out, "| {code} | {name} | {sev} | {n} |");
    }
    let _ = writeln!(out, "\n| | location | rule | message |\n|---|---|---|---|");
    for d in diags.iter().take(FIRST) {
        let at = d
            .loc
            .as_ref()
            .map_or_else(|| "(repository)".into(), |l| repo_place(files, l).display());
        let icon = if d.severity == crate::diagnostic::Severity::Error {
            "❌"
        } else {
            "⚠️"
        };
        let _ = writeln!(
            out,
            "| {icon} | {} | {} | {} |",
            md_code_span(&at),
            d.rule.code,
            md_message(&d.message)
        );
    }
    if diags.len() > FIRST {
        let _ = writeln!(
            out,
            "\n…and {} more; run `ismslint` locally for all of them.",
            diags.len() - FIRST
        );
    }
    out
}
