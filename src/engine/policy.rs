//! Policy: config levels, `--select`/`--ignore`, inline suppressions and waivers, one finding
//! per defect, and the output order — all applied here, in this order.

use super::severity;
use super::{Ledger, Options};
use crate::config::Config;
use crate::diagnostic;
use crate::rules;

pub(super) fn decide(mut ledger: Ledger, config: &Config, opts: &Options) -> Ledger {
    let files = &ledger.files;
    let diagnostics = std::mem::take(&mut ledger.diagnostics);
    let diagnostics = severity::apply(diagnostics, config, &opts.selection);
    // Suppressions and waivers act on the findings as configured; what they add (ISM001–003)
    // goes through the policy too.
    let enabled = |code: &str| {
        rules::find(code).is_some_and(|m| severity::level(m, config, &opts.selection).is_some())
    };
    let diagnostics =
        super::suppress::apply(diagnostics, files, &config.waivers, opts.today, &enabled);
    // One defect, one finding: what was reported per entity and is not hidden is merged now.
    let mut diagnostics =
        diagnostic::group::merge(severity::apply(diagnostics, config, &opts.selection));
    diagnostic::sort(&mut diagnostics, files);
    ledger.diagnostics = diagnostics;
    ledger
}
