//! `ismslint config-schema`: a JSON Schema of `ismslint.yaml`, so editors (yaml-language-server)
//! complete and validate it. Built from the same tables the config validator uses: the rule
//! registry, the field aliases and the kinds.

use crate::model::aliases::FieldTable;
use crate::model::record::Kind;
use crate::rules::metas;
use serde_json::json;

pub fn schema() -> String {
    let fields = FieldTable::builtin();
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let all_fields: Vec<&str> = {
        let mut v: Vec<&str> = Kind::ALL
            .iter()
            .flat_map(|k| fields.fields(*k).iter().copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let level = json!({ "enum": ["allow", "off", "warn", "warning", "deny", "error"] });
    let mut rule_props = serde_json::Map::new();
    for m in metas() {
        let mut opts = serde_json::Map::new();
        opts.insert("level".into(), level.clone());
        for o in m.options {
            opts.insert(
                o.name.into(),
                json!({ "type": "number", "description": o.doc }),
            );
        }
        let setting = json!({
            "description": format!("{} {}: {}", m.code, m.name, m.summary),
            "oneOf": [level.clone(), { "type": "object", "properties": opts, "additionalProperties": false }],
        });
        rule_props.insert(m.code.into(), setting.clone());
        rule_props.insert(m.name.into(), setting);
    }
    let rule_names: Vec<String> = metas()
        .flat_map(|m| [m.code.to_string(), m.name.to_string()])
        .collect();
    let scale =
        json!({ "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 });
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    let doc = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "ismslint.yaml",
        "description": "Configuration of ismslint, the ISO/IEC 27001 ISMS repository linter",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "framework": { "enum": ["iso27001:2022", "iso27001", "iso27001:2013"], "description": "The ISO 27001 edition of every source (default iso27001:2022)" },
            "auto": { "type": "boolean", "description": "Find sources by naming conventions and table headers (default true)" },
            "date_order": { "enum": ["day-month", "month-day", "iso"] },
            "sources": { "type": "array", "items": {
                "type": "object",
                "required": ["path"],
                "additionalProperties": false,
                "properties": {
                    "path": { "type": "string", "description": "File or glob, relative to the linted root" },
                    "kind": { "enum": kinds },
                    "sheet": { "type": "string" },
                    "table": {
                        "description": "The tables of a file of several this source reads, by number (1 = the first, in document order)",
                        "oneOf": [
                            { "type": "integer", "minimum": 1 },
                            { "type": "array", "items": { "type": "integer", "minimum": 1 }, "minItems": 1 },
                        ],
                    },
                    "header": { "type": "string", "minLength": 1, "description": "The source reads the tables whose header has this cell, e.g. \"Risk ID\"" },
                    "framework": {
                        "type": "string",
                        "minLength": 1,
                        "description": "iso27001:2022 (default), iso27001:2013, or another framework's name (iso42001, nis2, soc2…): not read by the ISO 27001 rules",
                        "examples": ["iso27001:2022", "iso27001:2013", "iso42001", "nis2", "soc2"],
                    },
                    "header_row": { "type": "integer", "minimum": 1 },
                    "columns": { "type": "object", "propertyNames": { "enum": all_fields }, "additionalProperties": { "type": "string" } },
                    "split": { "type": "object", "additionalProperties": { "type": "array", "items": { "enum": all_fields }, "minItems": 2 } },
                },
            }},
            "risk": { "type": "object", "additionalProperties": false, "properties": {
                "likelihood": scale.clone(),
                "impact": scale,
                "score": { "enum": ["product", "sum"] },
                "acceptance_threshold": { "type": "number" },
                "acceptors": strings.clone(),
            }},
            "rules": { "type": "object", "properties": rule_props, "additionalProperties": false },
            "aliases": { "type": "object", "propertyNames": { "enum": kinds }, "additionalProperties": {
                "type": "object", "additionalProperties": { "oneOf": [{ "type": "string" }, strings.clone()] } } },
            "documents": { "type": "object", "additionalProperties": false, "properties": {
                "folders": strings.clone(), "templates": strings.clone() } },
            "packs": strings.clone(),
            "disable_patterns": strings,
            "waivers": { "type": "array", "items": {
                "type": "object",
                "required": ["rule", "reason"],
                "additionalProperties": false,
                "properties": {
                    "rule": { "enum": rule_names },
                    "entity": { "type": "string" },
                    "path": { "type": "string" },
                    "reason": { "type": "string", "minLength": 1 },
                    "expires": { "type": "string", "format": "date" },
                    "approved_by": { "type": "string" },
                },
            }},
        },
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
