//! IN004: a configured source matches no file. Emitted by discovery (`src/engine.rs`).

use crate::diagnostic::Diagnostic;
use crate::rules::Context;

pub use crate::diagnostic::input::source_not_found::META;

rule_impl!();

fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
