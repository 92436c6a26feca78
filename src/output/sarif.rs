//! SARIF 2.1.0 for GitHub code scanning: every rule with its descriptions and help, results with
//! repository-relative URIs, regions in Unicode code points, related locations, logical
//! locations for spreadsheet cells, and partial fingerprints that survive line moves.

use super::fingerprint::fingerprint;
use super::place;
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

fn location(files: &SourceMap, loc: &Loc) -> Value {
    let p = place(files, loc);
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
                "fullDescription": { "text": full_description(doc) },
                "help": { "text": doc, "markdown": doc },
                "defaultConfiguration": { "level": level(m.default) },
                "properties": { "tags": ["iso27001"] },
            })
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut r = json!({
                "ruleId": d.rule.code,
                "level": level(Some(d.severity)),
                "message": { "text": match &d.help { Some(h) => format!("{}\nHelp: {h}", d.message), None => d.message.clone() } },
                "partialFingerprints": { "ismslint/v1": fingerprint(d, files) },
            });
            if let Some(i) = all.iter().position(|m| m.code == d.rule.code) {
                r["ruleIndex"] = json!(i);
            }
            r["locations"] = match &d.loc {
                Some(l) => json!([location(files, l)]),
                None => json!([]),
            };
            if !d.related.is_empty() {
                let related: Vec<Value> = d
                    .related
                    .iter()
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
                r["properties"] = json!({ "entity": e });
            }
            r
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ismslint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/ismslint/ismslint",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
