//! The fields with a closed set of values and the words each takes (issue 18 item 1): what
//! `values:` in `ismslint.yaml` may map to, and which columns `init` proposes a `values:` block
//! for. `config::vocab` re-exports them beside the other words the config accepts.

use crate::model::record::Kind;

/// Words `values:` maps to, per kind and field: the fields with a closed set of values
/// (issue 18 item 1). `values: { applicable: { Inc: yes } }`.
pub const VALUE_TARGETS: &[(Kind, &str, &[&str])] = &[
    (Kind::Control, "applicable", TRI_TARGETS),
    (
        Kind::Control,
        "status",
        &[
            "implemented",
            "partially_implemented",
            "planned",
            "not_implemented",
            "not_applicable",
        ],
    ),
    (
        Kind::Risk,
        "treatment",
        &["modify", "retain", "avoid", "share"],
    ),
    (Kind::Owner, "active", TRI_TARGETS),
    (Kind::Document, "applicable", TRI_TARGETS),
];
const TRI_TARGETS: &[&str] = &["yes", "no", "undecided"];

/// The `values:` fields of a source of `kind` (of any kind when it has none).
pub fn value_fields(kind: Option<Kind>) -> Vec<&'static str> {
    let mut v: Vec<&str> = VALUE_TARGETS
        .iter()
        .filter(|(k, _, _)| kind.is_none_or(|x| x == *k))
        .map(|(_, f, _)| *f)
        .collect();
    v.dedup();
    v
}

/// The words a field of a source of `kind` may be mapped to.
pub fn value_targets(kind: Option<Kind>, field: &str) -> Vec<&'static str> {
    let mut v: Vec<&str> = VALUE_TARGETS
        .iter()
        .filter(|(k, f, _)| *f == field && kind.is_none_or(|x| x == *k))
        .flat_map(|(_, _, t)| t.iter().copied())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}
