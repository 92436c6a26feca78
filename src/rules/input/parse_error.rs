//! IN001: a file cannot be parsed. Emitted by the parsers (`src/parse/`); the rest of the
//! repository is still linted.

use crate::diagnostic::Diagnostic;
use crate::rules::Context;

pub use crate::diagnostic::input::parse_error::META;

rule_impl!();

/// Reported while loading, where the bytes are.
fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
