//! SARIF 2.1.0 for GitHub code scanning: every rule with its descriptions and help, results with
//! repository-relative URIs (`%SRCROOT%` is the repository root), regions in Unicode code points,
//! related locations, logical locations for spreadsheet cells, and partial fingerprints that
//! survive line moves.
//!
//! GitHub refuses a whole file when one result has no location, so every result has one: a
//! finding about a file is at line 1 of it; a finding about the repository as a whole (no SoA,
//! a mandatory document missing) is at line 1 of the config file when there is one, else of the
//! SoA, else of the first file linted (`SourceMap::anchor`). GitHub's documented limits are kept:
//! at most 25,000 results per run (errors first; a tool notification says how many were left
//! out), at most 100 related locations per result (the number it displays), one tag per rule.

use super::fingerprint::fingerprint;
use super::repo_place;
use super::sanitize::percent_encode_path;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{docs, metas};
use crate::source::{Loc, SourceMap};
use serde_json::{Value, json};

fn level(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        None => "none",
    }
}

/// The "What it checks" paragraph of a rule's doc.
fn full_description(doc: &str) -> String {
    doc.split("## What it checks")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// GitHub rejects a run with more results than this.
pub const MAX_RESULTS: usize = 25_000;
/// GitHub displays this many locations of a result (and rejects more than 1,000).
pub const MAX_RELATED: usize = 100;

fn location(files: &SourceMap, loc: &Loc) -> Value {
    let p = repo_place(files, loc);
    // A URI reference: `a b#c.md` is `a%20b%23c.md`.
    let uri = percent_encode_path(&p.path);
    let mut physical = json!({ "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" } });
    let mut out = serde_json::Map::new();
    match (&p.sheet, &p.cell) {
        (Some(sheet), Some(cell)) => {
            out.insert(
                "logicalLocations".into(),
                json!([{ "name": format!("{sheet}!{cell}"), "fullyQualifiedName": format!("{} › {sheet}!{cell}", p.path), "kind": "element" }]),
            );
            physical["region"] =
                json!({ "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1 });
        }
        _ => {
            physical["region"] = json!({
                "startLine": p.line,
                "startColumn": p.column,
                "endLine": p.end_line,
                "endColumn": p.end_column.max(if p.end_line == p.line { p.column } else { 1 }),
            });
        }
    }
    out.insert("physicalLocation".into(), physical);
    Value::Object(out)
}

/// The message, led by the cell for a workbook finding (GitHub shows the file only), then the
/// help.
fn message(d: &Diagnostic, files: &SourceMap) -> String {
    let cell = super::cell_prefix(d, files);
    match &d.help {
        Some(h) => format!("{cell}{}\nHelp: {h}", d.message),
        None => format!("{cell}{}", d.message),
    }
}

pub fn render(diags: &[Diagnostic], files: &SourceMap) -> String {
    let all: Vec<_> = metas().collect();
    let rules: Vec<Value> = all
        .iter()
        .map(|m| {
            let doc = docs::doc(m.code).unwrap_or("");
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": m.summary },
                "helpUri": format!("https://github.com/ismslint/ismslint/blob/main/rules/{}.md", m.code),
                "fullDescription": { "text": full_description(doc) },
                "help": { "text": doc, "markdown": doc },
                "defaultConfiguration": { "level": level(m.default) },
                "properties": { "tags": ["iso27001"] },
            })
        })
        .collect();
    // Over GitHub's limit, errors are kept before warnings, each in the report's order.
    let kept: Vec<&Diagnostic> = if diags.len() > MAX_RESULTS {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let mut warnings_left = MAX_RESULTS.saturating_sub(errors);
        let mut errors_left = MAX_RESULTS;
        diags
            .iter()
            .filter(|d| {
                let left = match d.severity {
                    Severity::Error => &mut errors_left,
                    Severity::Warning => &mut warnings_left,
                };
                let keep = *left > 0;
                *left = left.saturating_sub(1);
                keep
            })
            .collect()
    } else {
        diags.iter().collect()
    };
    let anchor = files.anchor().map(Loc::file_start);
    let results: Vec<Value> = kept
        .iter()
        .map(|d| {
            let mut r = json!({
                "ruleId": d.rule.code,
                "level": level(Some(d.severity)),
                "message": { "text": message(d, files) },
                "partialFingerprints": { "ismslint/v1": fingerprint(d, files) },
            });
            if let Some(i) = all.iter().position(|m| m.code == d.rule.code) {
                r["ruleIndex"] = json!(i);
            }
            r["locations"] = match d.loc.as_ref().or(anchor.as_ref()) {
                Some(l) => json!([location(files, l)]),
                // Nothing at all was linted: the repository root itself.
                None => json!([{ "physicalLocation": {
                    "artifactLocation": { "uri": ".", "uriBaseId": "%SRCROOT%" },
                    "region": { "startLine": 1 },
                } }]),
            };
            if d.loc.is_none() {
                r["properties"] = json!({ "scope": "repository" });
            }
            if !d.related.is_empty() {
                let related: Vec<Value> = d
                    .related
                    .iter()
                    .take(MAX_RELATED)
                    .enumerate()
                    .map(|(i, rl)| {
                        let mut v = location(files, &rl.loc);
                        v["id"] = json!(i);
                        v["message"] = json!({ "text": rl.message });
                        v
                    })
                    .collect();
                r["relatedLocations"] = Value::Array(related);
            }
            if let Some(e) = &d.entity {
                r["properties"]["entity"] = json!(e);
            }
            if !d.members.is_empty() {
                r["properties"]["entities"] = json!(d.entities());
            }
            r
        })
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "ismslint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/ismslint/ismslint",
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if kept.len() < diags.len() {
        run["invocations"] = json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": [{
                "level": "warning",
                "message": { "text": format!(
                    "{} of {} findings are left out (warnings first): GitHub code scanning accepts at most {MAX_RESULTS} results per run; the other formats list them all",
                    diags.len() - kept.len(),
                    diags.len()
                ) },
            }],
        }]);
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn github_limits_are_kept() {
        let mut files = SourceMap::default();
        let id = files.add(SourceFile::new(
            "soa.md".into(),
            "soa.md".into(),
            "x\n".into(),
        ));
        let warn = &crate::rules::soa::weak_justification::META;
        let err = &crate::rules::soa::unjustified_exclusion::META;
        let mut diags: Vec<Diagnostic> = (0..MAX_RESULTS + 10)
            .map(|i| Diagnostic::at(warn, &Loc::file_start(id), format!("w{i}")))
            .collect();
        let mut first = Diagnostic::at(err, &Loc::file_start(id), "e");
        for _ in 0..MAX_RELATED + 5 {
            first = first.related(&Loc::file_start(id), "here");
        }
        diags.push(first);
        let doc: Value = serde_json::from_str(&render(&diags, &files)).expect("json");
        let results = doc["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), MAX_RESULTS);
        // The error is kept, its related locations capped; the last warnings are left out.
        let error = results.last().expect("one");
        assert_eq!(error["level"], "error");
        assert_eq!(
            error["relatedLocations"].as_array().map(Vec::len),
            Some(MAX_RELATED)
        );
        let note = &doc["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
        assert!(
            note["message"]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("11 of 25011 findings are left out")),
            "{note}"
        );
    }
}
