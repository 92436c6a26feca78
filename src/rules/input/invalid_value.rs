//! IN002: a value cannot be read as its field's type. Emitted by normalisation
//! (`src/model/build.rs`), which marks the field invalid so no other rule reports it again.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "IN002",
    name: "invalid-value",
    default: Some(Severity::Error),
    summary: "a value cannot be read as its field's type (status, number, date, yes/no)",
    options: &[],
};

rule_impl!();

fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
