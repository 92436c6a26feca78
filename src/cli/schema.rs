//! `ismslint config-schema`: a JSON Schema of `ismslint.yaml`, so editors (yaml-language-server)
//! complete and validate it. Generated from the tables the config validator reads
//! (`config::vocab`, `Kind::WORDS`, the field aliases, the rule registry), so what one accepts
//! the other accepts (`tests/config_schema.rs` compares them value by value).
//!
//! The validator reads every scalar as text, so the schema takes a number or boolean where text
//! is expected (a sheet named `2024`) and a number written as text where a number is expected.
//! What a JSON Schema cannot say is left to the validator: a scale's minimum below its maximum,
//! a glob that compiles, a date that exists, a misspelt ISO 27001 edition that has no `27001` in
//! it (`iso2701:2022` is rejected with a suggestion; the schema reads it as another framework),
//! a risk level that must be one of `risk.levels` (`acceptance_threshold`, matrix cells), the
//! dimensions of the risk matrix, a level named twice.

use crate::config::vocab::{self, KIND_SEPARATORS, pattern};
use crate::diagnostic::OptionKind;
use crate::model::aliases::FieldTable;
use crate::model::record::Kind;
use crate::rules::metas;
use serde_json::{Value, json};

/// Text, or a YAML scalar read as text (a number, `true`).
fn scalar() -> Value {
    json!({ "type": ["string", "number", "boolean"] })
}

/// One scalar or a list of them (the validator reads a lone value as a list of one), or nothing.
fn scalars() -> Value {
    json!({ "anyOf": [
        { "type": "null" },
        scalar(),
        { "type": "array", "items": scalar() },
    ] })
}

/// A number, or a number written as text.
fn number(description: &str) -> Value {
    json!({ "description": description, "anyOf": [
        { "type": "number" },
        { "type": "string", "pattern": vocab::NUMBER_TEXT },
    ] })
}

/// A whole number of at least 1, or one written as text.
fn positive_integer(description: &str) -> Value {
    json!({ "description": description, "anyOf": [
        { "type": "integer", "minimum": 1 },
        { "type": "string", "pattern": vocab::POSITIVE_INTEGER_TEXT },
    ] })
}

/// A word of `table`, exactly as written.
fn words<T>(table: &[(&str, T)], description: &str) -> Value {
    let words: Vec<&str> = table.iter().map(|(w, _)| *w).collect();
    json!({ "enum": words, "description": description })
}

/// A rule code or name, in any case.
fn rule_name() -> Value {
    let names: Vec<&str> = metas().flat_map(|m| [m.code, m.name]).collect();
    json!({
        "type": "string",
        "pattern": pattern(&names, &[]),
        "examples": names,
        "description": "A rule code (SOA005) or name (unjustified-exclusion)",
    })
}

/// A word naming `kinds` (all kinds when empty), as `kind:` reads it.
fn kind_words(kinds: &[Kind]) -> Vec<&'static str> {
    Kind::WORDS
        .iter()
        .filter(|(_, k)| kinds.is_empty() || kinds.contains(k))
        .map(|(w, _)| *w)
        .collect()
}

fn kind_value(kinds: &[Kind]) -> Value {
    let names: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| kinds.is_empty() || kinds.contains(k))
        .map(|k| k.name())
        .collect();
    json!({
        "type": "string",
        "pattern": pattern(&kind_words(kinds), KIND_SEPARATORS),
        "examples": names,
        "description": "control | risk | owner | document | evidence | asset (also plurals and names such as `risks`, `soa`, `risk register`)",
    })
}

/// A rule setting: a level, or `{ level, <options> }`.
fn rule_setting(m: &crate::diagnostic::RuleMeta) -> Value {
    let level = json!({
        "type": "string",
        "pattern": pattern(&vocab::LEVELS.iter().map(|(w, _)| *w).collect::<Vec<_>>(), &[]),
        "examples": ["allow", "warn", "deny"],
        "description": "allow (off), warn, deny (error)",
    });
    let mut opts = serde_json::Map::new();
    opts.insert("level".into(), level.clone());
    for o in m.options {
        let value = match o.kind {
            OptionKind::Integer => json!({ "description": o.doc, "anyOf": [
                { "type": "integer" },
                { "type": "string", "pattern": r"^\s*[+-]?[0-9]+(?:\.0*)?\s*$" },
            ] }),
            OptionKind::Number => number(o.doc),
        };
        opts.insert(o.name.into(), value);
    }
    json!({
        "description": format!("{} {}: {}", m.code, m.name, m.summary),
        "anyOf": [level, { "type": "object", "properties": opts, "additionalProperties": false }],
    })
}

/// `columns:` and `split:` name fields of the source's kind (of any kind when it has none).
fn per_kind_fields(fields: &FieldTable) -> Vec<Value> {
    let all: Vec<&str> = {
        let mut v: Vec<&str> = Kind::ALL
            .iter()
            .flat_map(|k| fields.fields(*k).iter().copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let columns = |names: &[&str], kind: Option<Kind>| {
        let value_fields: serde_json::Map<String, Value> = vocab::value_fields(kind)
            .into_iter()
            .map(|f| {
                (
                    f.to_string(),
                    json!({ "type": "object", "additionalProperties": { "enum": vocab::value_targets(kind, f) } }),
                )
            })
            .collect();
        json!({
            "aliases": { "type": ["object", "null"], "propertyNames": { "enum": names }, "additionalProperties": scalars() },
            "values": { "type": ["object", "null"], "propertyNames": { "enum": vocab::value_fields(kind) }, "properties": value_fields },
            "columns": { "type": ["object", "null"], "propertyNames": { "enum": names }, "additionalProperties": scalar() },
            "split": { "type": ["object", "null"], "additionalProperties": {
                "type": "array", "items": { "enum": names }, "minItems": 2 } },
        })
    };
    let mut out = vec![json!({
        "if": { "not": { "required": ["kind"] } },
        "then": { "properties": columns(&all, None) },
    })];
    for kind in Kind::ALL {
        out.push(json!({
            "if": { "required": ["kind"], "properties": { "kind": kind_value(&[kind]) } },
            "then": { "properties": columns(fields.fields(kind), Some(kind)) },
        }));
    }
    out
}

pub fn schema() -> String {
    let fields = FieldTable::builtin();
    let mut rule_props = serde_json::Map::new();
    for m in metas() {
        rule_props.insert(pattern(&[m.code, m.name], &[]), rule_setting(m));
    }
    let scale =
        json!({ "type": "array", "items": number("a scale end"), "minItems": 2, "maxItems": 2 });
    // A word scale: two or more levels, lowest first, not all numbers (`[1, 5]` is a range).
    let level = json!({ "anyOf": [
        { "type": "string", "pattern": r"\S" },
        { "type": ["number", "boolean"] },
        { "type": "object", "required": ["level"], "additionalProperties": false,
          "propertyNames": { "enum": vocab::LEVEL_KEYS },
          "properties": { "level": { "anyOf": [{ "type": "string", "pattern": r"\S" }, { "type": ["number", "boolean"] }] }, "aliases": scalars() } },
    ] });
    let levels = json!({
        "description": "Levels, lowest first, e.g. [Low, Medium, High]; a level may be { level: Medium, aliases: [Med] }",
        "type": "array", "minItems": 2, "items": level,
        "contains": { "not": number("") },
    });
    let composite = json!({
        "description": "Impact computed from rated columns, e.g. { from: [C, I, A], combine: max }",
        "type": "object", "required": ["from"], "additionalProperties": false,
        "propertyNames": { "enum": vocab::COMPOSITE_KEYS },
        "properties": {
            "from": { "type": "array", "minItems": 2, "items": { "anyOf": [{ "type": "string", "pattern": r"\S" }, { "type": ["number", "boolean"] }] } },
            "combine": words(vocab::COMBINE, "max (the highest part), sum or mean"),
            "scale": { "anyOf": [scale.clone(), levels.clone()] },
        },
    });
    let aliases_per_kind: serde_json::Map<String, Value> = Kind::ALL
        .iter()
        .map(|k| {
            (
                pattern(&kind_words(&[*k]), KIND_SEPARATORS),
                json!({
                    "type": ["object", "null"],
                    "propertyNames": { "enum": fields.fields(*k) },
                    "additionalProperties": scalars(),
                }),
            )
        })
        .collect();
    let workbook = r"(?:\.[xX][lL][sS][xXmM]?|\.[oO][dD][sS])$";
    let doc = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "ismslint.yaml",
        "description": "Configuration of ismslint, the ISO/IEC 27001 ISMS repository linter",
        "type": ["object", "null"],
        "additionalProperties": false,
        "propertyNames": { "enum": vocab::TOP_KEYS },
        "properties": {
            "framework": {
                // `framework: 27001` is a number to YAML, and an edition to the validator.
                "anyOf": [{ "type": "string", "pattern": vocab::EDITION_PATTERN }, { "const": 27001 }],
                "examples": crate::model::framework::EDITIONS,
                "description": "The ISO 27001 edition of every source: iso27001:2022 (default) or iso27001:2013",
            },
            "auto": {
                "description": "Find sources by naming conventions and table headers (default true)",
                "anyOf": [{ "type": "boolean" }, words(vocab::AUTO, "true or false")],
            },
            "date_order": words(vocab::DATE_ORDERS, "How to read 01/03/2026: day-month, month-day, or iso (only ISO dates)"),
            "language": words(vocab::LANGUAGES, "The language of the registers' headers and values (en, de, fr, es, pt, it, nl, cs, pl, el); default: detected per table"),
            "sources": { "type": "array", "items": {
                "type": "object",
                "required": ["path"],
                "additionalProperties": false,
                "propertyNames": { "enum": vocab::SOURCE_KEYS },
                "properties": {
                    "path": { "type": ["string", "number", "boolean"], "minLength": 1, "description": "File or glob, relative to the linted root" },
                    "kind": kind_value(&[]),
                    "sheet": scalar(),
                    "table": {
                        "description": "The tables of a file of several this source reads, by number (1 = the first, in document order)",
                        "anyOf": [
                            positive_integer("a table number"),
                            { "type": "array", "items": positive_integer("a table number") },
                        ],
                    },
                    "header": {
                        "description": "The source reads the tables whose header has this cell, e.g. \"Risk ID\"",
                        "anyOf": [{ "type": "string", "pattern": r"\S" }, { "type": ["number", "boolean"] }],
                    },
                    "framework": {
                        "type": ["string", "number"],
                        "pattern": r"[A-Za-z0-9]",
                        "description": "iso27001:2022 (default), iso27001:2013, or another framework's name (iso42001, nis2, soc2…): not read by the ISO 27001 rules",
                        "examples": ["iso27001:2022", "iso27001:2013", "iso42001", "nis2", "soc2"],
                        "anyOf": [
                            { "pattern": vocab::EDITION_PATTERN },
                            { "not": { "pattern": "27001" } },
                        ],
                    },
                    "header_row": positive_integer("The line (or sheet row) of the header; default: detected"),
                    "columns": { "type": ["object", "null"], "description": "field: column header, to correct detection" },
                    "split": { "type": ["object", "null"], "description": "column header: [field, field] for a cell holding two fields" },
                    "detect": {
                        "description": "Also read the tables of the file no configured source reads, by their own headers (default false)",
                        "anyOf": [{ "type": "boolean" }, words(vocab::AUTO, "true or false")],
                    },
                    "aliases": { "type": ["object", "null"], "description": "field: [header, …] naming the field in this source only (source columns > source aliases > global aliases > built-in)" },
                    "values": { "type": ["object", "null"], "description": "field: { value as written: the value it means }, e.g. applicable: { Inc: yes, Exc: no }" },
                    "language": words(vocab::LANGUAGES, "The language of this source's headers and values; default: the top-level `language`, else detected per table"),
                },
                "allOf": per_kind_fields(&fields).into_iter().chain([json!({
                    // `table` and `header` pick tables of Markdown or CSV; a workbook has sheets.
                    "if": { "properties": { "path": { "type": "string", "pattern": workbook } } },
                    "then": { "not": { "anyOf": [{ "required": ["table"] }, { "required": ["header"] }] } },
                })]).collect::<Vec<_>>(),
            }},
            "risk": { "type": ["object", "null"], "additionalProperties": false, "propertyNames": { "enum": vocab::RISK_KEYS }, "properties": {
                "likelihood": { "anyOf": [scale.clone(), levels.clone()] },
                "impact": { "anyOf": [scale.clone(), levels.clone(), composite] },
                "score": words(vocab::SCORE_METHODS, "product (likelihood × impact) or sum"),
                "acceptance_threshold": {
                    "description": "Scores above this need a treatment decision and, if they stay above it, acceptance: a number, or a level of `levels`",
                    "anyOf": [number("a score"), { "type": "string", "pattern": r"\S" }],
                },
                "acceptors": scalars(),
                "levels": levels,
                "matrix": {
                    "description": "The risk matrix: one row per likelihood level (lowest first), one cell per impact level (lowest first), each a level of `levels`",
                    "type": "array", "items": { "type": "array", "items": scalar() },
                },
            },
            "allOf": [
                { "if": { "required": ["acceptance_threshold"], "properties": { "acceptance_threshold": { "not": number("") } } },
                  "then": { "required": ["levels"] } },
                { "if": { "required": ["matrix"] }, "then": { "required": ["levels"] } },
            ]},
            "rules": { "type": ["object", "null"], "patternProperties": rule_props, "additionalProperties": false },
            "aliases": { "type": ["object", "null"], "patternProperties": aliases_per_kind, "additionalProperties": false },
            "documents": { "type": ["object", "null"], "additionalProperties": false, "propertyNames": { "enum": vocab::DOCUMENT_KEYS }, "properties": {
                "folders": scalars(), "templates": scalars(), "site_roots": scalars() } },
            "packs": { "anyOf": [scalar(), { "type": "array", "items": scalar() }] },
            "disable_patterns": { "anyOf": [scalar(), { "type": "array", "items": scalar() }] },
            "waivers": { "type": "array", "items": {
                "type": "object",
                "required": ["rule", "reason"],
                "anyOf": [{ "required": ["entity"] }, { "required": ["path"] }],
                "additionalProperties": false,
                "propertyNames": { "enum": vocab::WAIVER_KEYS },
                "properties": {
                    "rule": rule_name(),
                    "entity": scalar(),
                    "path": scalar(),
                    "reason": { "anyOf": [{ "type": "string", "pattern": r"\S" }, { "type": ["number", "boolean"] }] },
                    "expires": { "type": "string", "pattern": r"^\s*[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?:[T ].*)?\s*$", "description": "YYYY-MM-DD" },
                    "approved_by": scalar(),
                },
            }},
        },
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
