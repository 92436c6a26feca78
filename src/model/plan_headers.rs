//! The header words of a risk treatment plan's columns (issue 17): the risk a row is about, its
//! action and its due date. Read by table classification (`parse::classify`, which re-exports
//! them) and by normalisation (`build`), which reads a plan's rows.

use crate::model::values;

/// Header cells of a treatment plan's risk column: the risk the row is about.
const PLAN_RISK_HEADERS: &[&str] = &[
    "riskid",
    "riskids",
    "riskref",
    "riskreference",
    "riskno",
    "risknumber",
    "relatedrisk",
    "relatedriskid",
    "linkedrisk",
];

/// Header words of a treatment plan's own columns: the action, its due date.
pub const PLAN_ACTION_HEADERS: &[&str] = &[
    "action",
    "actions",
    "treatmentaction",
    "plannedaction",
    "plannedactions",
    "measure",
    "measures",
    "task",
];

/// Header cells of a treatment action's due date.
pub const PLAN_DUE_HEADERS: &[&str] = &[
    "due",
    "duedate",
    "deadline",
    "targetdate",
    "targetcompletion",
    "targetcompletiondate",
    "completionby",
    "dueby",
    "enddate",
];

/// What a plan column's header names, in English (the lists above) or in another language
/// (`plan` words of `rules/lang/<lang>.tsv`: `Risiko-ID`, `Maßnahme`, `Fällig`): `risk`,
/// `action` or `due`.
pub fn plan_header(h: &str) -> Option<&'static str> {
    let k = values::norm_key(h);
    if PLAN_RISK_HEADERS.contains(&k.as_str()) {
        return Some("risk");
    }
    if PLAN_ACTION_HEADERS.contains(&k.as_str()) {
        return Some("action");
    }
    if PLAN_DUE_HEADERS.contains(&k.as_str()) {
        return Some("due");
    }
    crate::model::words::Words::get().value(crate::model::words::Category::Plan, h)
}

/// Does a header name a plan's `action` or `due` column (see `plan_header`)?
pub fn is_plan_header(h: &str, what: &str) -> bool {
    plan_header(h) == Some(what)
}
