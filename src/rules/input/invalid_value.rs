//! IN002: a value cannot be read as its field's type. Emitted by normalisation
//! (`src/model/build.rs`), which marks the field invalid so no other rule reports it again.

use crate::diagnostic::Diagnostic;
use crate::rules::Context;

pub use crate::diagnostic::input::invalid_value::META;

rule_impl!();

fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
