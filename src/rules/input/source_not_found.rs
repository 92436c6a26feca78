//! IN004: a configured source matches no file. Emitted by discovery (`src/engine.rs`).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "IN004",
    name: "source-not-found",
    default: Some(Severity::Error),
    summary: "a configured source matches no file, or a sheet, table or column it names does not exist",
    options: &[],
};

rule_impl!();

fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
