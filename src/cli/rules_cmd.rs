//! `ismslint rules` and `ismslint rule CODE`.

use super::RulesFormat;
use crate::rules::{docs, find, metas};
use serde_json::json;

pub fn list(format: RulesFormat) -> String {
    match format {
        RulesFormat::Text => metas()
            .map(|m| {
                format!(
                    "{:<7} {:<30} {:<8} {}\n",
                    m.code,
                    m.name,
                    m.default.map_or("off", |s| s.as_str()),
                    m.summary
                )
            })
            .collect(),
        RulesFormat::Json => {
            let rules: Vec<_> = metas()
                .map(|m| {
                    json!({
                        "code": m.code,
                        "name": m.name,
                        "default": m.default.map_or("off", |s| s.as_str()),
                        "summary": m.summary,
                        "options": m.options.iter().map(|o| json!({"name": o.name, "default": o.default, "doc": o.doc})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&rules).unwrap_or_default();
            s.push('\n');
            s
        }
        RulesFormat::Markdown => {
            let mut s = String::from("| code | name | default | checks |\n|---|---|---|---|\n");
            for m in metas() {
                s.push_str(&format!(
                    "| [{}](rules/{}.md) | {} | {} | {} |\n",
                    m.code,
                    m.code,
                    m.name,
                    m.default.map_or("off", |s| s.as_str()),
                    m.summary.replace('|', "\\|")
                ));
            }
            s
        }
    }
}

pub fn doc(rule: &str) -> Option<&'static str> {
    let meta = find(rule)?;
    docs::doc(meta.code)
}
