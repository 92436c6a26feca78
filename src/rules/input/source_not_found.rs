//! IN004: a configured source matches no file. Emitted by discovery (`src/engine.rs`).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::{Context, Rule};

pub static META: RuleMeta = RuleMeta {
    code: "IN004",
    name: "source-not-found",
    default: Some(Severity::Error),
    summary: "a configured source matches no file, or a configured column does not exist",
    options: &[],
};

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _cx: &Context, _out: &mut Vec<Diagnostic>) {}
}
