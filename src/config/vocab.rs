//! The words `ismslint.yaml` accepts, in one place: the validator reads values through these
//! tables and `ismslint config-schema` generates the JSON Schema from them, so the published
//! schema accepts what the validator accepts and rejects what it rejects (a test compares the
//! two on every word of every table, on variants of them and on near misses).

use super::ScoreMethod;
use crate::diagnostic::Severity;
use crate::model::record::Kind;
pub use crate::model::value_targets::{VALUE_TARGETS, value_fields, value_targets};
use crate::model::values::DateOrder;

/// Keys of the top-level mapping.
pub const TOP_KEYS: &[&str] = &[
    "framework",
    "sources",
    "auto",
    "risk",
    "rules",
    "aliases",
    "date_order",
    "packs",
    "disable_patterns",
    "documents",
    "waivers",
    "language",
];
/// Keys of a `sources:` entry.
pub const SOURCE_KEYS: &[&str] = &[
    "path",
    "kind",
    "sheet",
    "table",
    "header",
    "header_row",
    "columns",
    "split",
    "framework",
    "detect",
    "values",
    "aliases",
    "language",
];
/// Keys of `risk:`.
pub const RISK_KEYS: &[&str] = &[
    "likelihood",
    "impact",
    "score",
    "acceptance_threshold",
    "acceptors",
    "levels",
    "matrix",
];
/// Keys of a composite `risk.impact: { from: [C, I, A], combine: max }`.
pub const COMPOSITE_KEYS: &[&str] = &["from", "combine", "scale"];
/// Keys of a level written as a mapping: `{ level: Medium, aliases: [Med, Moderate] }`.
pub const LEVEL_KEYS: &[&str] = &["level", "aliases"];
/// `combine:` values of composite impact.
pub const COMBINE: &[(&str, super::scale::Combine)] = &[
    ("max", super::scale::Combine::Max),
    ("highest", super::scale::Combine::Max),
    ("sum", super::scale::Combine::Sum),
    ("mean", super::scale::Combine::Mean),
    ("average", super::scale::Combine::Mean),
];
/// Keys of `documents:`.
pub const DOCUMENT_KEYS: &[&str] = &["folders", "templates", "site_roots"];
/// Keys of a `waivers:` entry.
pub const WAIVER_KEYS: &[&str] = &["rule", "entity", "path", "reason", "expires", "approved_by"];

/// `auto:` values, as written (YAML 1.2 reads `yes` and `no` as strings).
pub const AUTO: &[(&str, bool)] = &[
    ("true", true),
    ("yes", true),
    ("false", false),
    ("no", false),
];
/// `date_order:` values, as written.
pub const DATE_ORDERS: &[(&str, DateOrder)] = &[
    ("day-month", DateOrder::DayMonth),
    ("dmy", DateOrder::DayMonth),
    ("day-first", DateOrder::DayMonth),
    ("month-day", DateOrder::MonthDay),
    ("mdy", DateOrder::MonthDay),
    ("month-first", DateOrder::MonthDay),
    ("iso", DateOrder::IsoOnly),
];
/// `language:` values (issue 13), as written: ISO 639-1 codes and English names.
pub const LANGUAGES: &[(&str, crate::model::lang::Lang)] = {
    use crate::model::lang::Lang::*;
    &[
        ("en", En),
        ("english", En),
        ("de", De),
        ("german", De),
        ("fr", Fr),
        ("french", Fr),
        ("es", Es),
        ("spanish", Es),
        ("pt", Pt),
        ("portuguese", Pt),
        ("it", It),
        ("italian", It),
        ("nl", Nl),
        ("dutch", Nl),
        ("cs", Cs),
        ("czech", Cs),
        ("pl", Pl),
        ("polish", Pl),
        ("el", El),
        ("greek", El),
    ]
};
/// `risk.score:` values, as written.
pub const SCORE_METHODS: &[(&str, ScoreMethod)] = &[
    ("product", ScoreMethod::Product),
    ("multiply", ScoreMethod::Product),
    ("l*i", ScoreMethod::Product),
    ("sum", ScoreMethod::Sum),
    ("add", ScoreMethod::Sum),
    ("l+i", ScoreMethod::Sum),
];
/// Rule levels (`rules: { SOA005: warn }`), in any case. `None` turns the rule off.
pub const LEVELS: &[(&str, Option<Severity>)] = &[
    ("allow", None),
    ("off", None),
    ("ignore", None),
    ("none", None),
    ("warn", Some(Severity::Warning)),
    ("warning", Some(Severity::Warning)),
    ("deny", Some(Severity::Error)),
    ("error", Some(Severity::Error)),
];
/// What may separate the letters of a `kind:` word (`Risk Register`, `risk-register`).
pub const KIND_SEPARATORS: &[char] = &[' ', '-', '_', '.', '/'];

pub fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

pub fn level(word: &str) -> Option<Option<Severity>> {
    lookup(LEVELS, &word.to_ascii_lowercase())
}

/// A `kind:` (sources) or the kind of an `aliases:` entry: a word of `Kind::WORDS` in any case,
/// with separators between its letters.
pub fn kind(word: &str) -> Option<Kind> {
    if word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || KIND_SEPARATORS.contains(&c))
    {
        Kind::from_word(word)
    } else {
        None
    }
}

/// A JSON Schema (ECMA-262) pattern matching `words` in any ASCII case, with any of
/// `separators` before, between and after their letters.
pub fn pattern(words: &[&str], separators: &[char]) -> String {
    let sep = if separators.is_empty() {
        String::new()
    } else {
        let class: String = separators
            .iter()
            .map(|c| match c {
                '-' | '\\' | ']' | '^' | '/' | '.' => format!("\\{c}"),
                c => c.to_string(),
            })
            .collect();
        format!("[{class}]*")
    };
    let letter = |c: char| {
        if c.is_ascii_alphabetic() {
            format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
        } else if c.is_ascii_alphanumeric() {
            c.to_string()
        } else {
            format!("\\{c}")
        }
    };
    let alternatives: Vec<String> = words
        .iter()
        .map(|w| w.chars().map(letter).collect::<Vec<_>>().join(sep.as_str()))
        .collect();
    format!("^{sep}(?:{}){sep}$", alternatives.join("|"))
}

/// A number written as text (`"8"`, `2.5`): the validator reads scalars as text, so a quoted
/// number is a number.
pub const NUMBER_TEXT: &str = r"^\s*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$";
/// A whole number of at least 1 written as text (`"4"`).
pub const POSITIVE_INTEGER_TEXT: &str = r"^\s*\+?0*[1-9][0-9]*\s*$";
/// An ISO 27001 edition as `framework:` reads it (`iso27001:2022`, `ISO/IEC 27001:2013`,
/// `27001`): case, spaces and punctuation aside.
pub const EDITION_PATTERN: &str = "^[^A-Za-z0-9]*(?:[iI][^A-Za-z0-9]*[sS][^A-Za-z0-9]*[oO][^A-Za-z0-9]*)?(?:[iI][^A-Za-z0-9]*[eE][^A-Za-z0-9]*[cC][^A-Za-z0-9]*)?2[^A-Za-z0-9]*7[^A-Za-z0-9]*0[^A-Za-z0-9]*0[^A-Za-z0-9]*1[^A-Za-z0-9]*(?:2[^A-Za-z0-9]*0[^A-Za-z0-9]*(?:2[^A-Za-z0-9]*2|1[^A-Za-z0-9]*3)[^A-Za-z0-9]*)?$";
