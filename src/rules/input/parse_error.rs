//! IN001: a file cannot be parsed. Emitted by the parsers (`src/parse/`); the rest of the
//! repository is still linted.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "IN001",
    name: "parse-error",
    default: Some(Severity::Error),
    summary: "a file cannot be parsed (YAML, CSV, front matter)",
    options: &[],
};

rule_impl!();

/// Reported while loading, where the bytes are.
fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
