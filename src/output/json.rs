//! The JSON report (format documented in README.md, "JSON output"). Stable: fields are only
//! ever added, and `version` changes if one is removed or changes meaning.

use super::place;
use crate::diagnostic::Diagnostic;
use crate::engine::Summary;
use crate::source::{Loc, SourceMap};
use serde_json::{Value, json};

pub const FORMAT_VERSION: u32 = 1;

fn location(files: &SourceMap, loc: &Loc) -> serde_json::Map<String, Value> {
    let p = place(files, loc);
    let mut m = serde_json::Map::new();
    m.insert("path".into(), json!(p.path));
    if p.cell.is_some() {
        m.insert("sheet".into(), json!(p.sheet));
        m.insert("cell".into(), json!(p.cell));
    } else {
        m.insert("line".into(), json!(p.line));
        m.insert("column".into(), json!(p.column));
        m.insert("end_line".into(), json!(p.end_line));
        m.insert("end_column".into(), json!(p.end_column));
    }
    m
}

pub fn render(diags: &[Diagnostic], files: &SourceMap, summary: &Summary) -> String {
    let items: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut m = serde_json::Map::new();
            m.insert("code".into(), json!(d.rule.code));
            m.insert("name".into(), json!(d.rule.name));
            m.insert("severity".into(), json!(d.severity.as_str()));
            m.insert("message".into(), json!(d.message));
            match &d.loc {
                Some(l) => m.extend(location(files, l)),
                None => {
                    m.insert("path".into(), Value::Null);
                }
            }
            m.insert("entity".into(), json!(d.entity));
            // A finding that stands for several (SOA002's missing controls): each one's entity.
            if !d.members.is_empty() {
                m.insert("entities".into(), json!(d.entities()));
            }
            let related: Vec<Value> = d
                .related
                .iter()
                .map(|r| {
                    let mut lm = location(files, &r.loc);
                    lm.insert("message".into(), json!(r.message));
                    Value::Object(lm)
                })
                .collect();
            m.insert("related".into(), Value::Array(related));
            m.insert("help".into(), json!(d.help));
            Value::Object(m)
        })
        .collect();
    let doc = json!({
        "version": FORMAT_VERSION,
        "tool": { "name": "ismslint", "version": env!("CARGO_PKG_VERSION") },
        "summary": summary,
        "diagnostics": items,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
