//! Final severities in one place: config levels, `--select` / `--ignore`.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};

/// `--select` / `--ignore` entries: codes, names or code prefixes (`SOA`, `RSK00`).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

fn matches(pattern: &str, meta: &RuleMeta) -> bool {
    let p = pattern.trim();
    meta.name.eq_ignore_ascii_case(p)
        || meta.code.len() >= p.len() && meta.code[..p.len()].eq_ignore_ascii_case(p)
}

/// Is `pattern` a code, name or code prefix of at least one rule?
pub fn is_known_pattern(pattern: &str) -> bool {
    !pattern.trim().is_empty() && crate::rules::metas().any(|m| matches(pattern, m))
}

impl Selection {
    pub fn selected(&self, meta: &RuleMeta) -> bool {
        (self.select.is_empty() || self.select.iter().any(|p| matches(p, meta)))
            && !self.ignore.iter().any(|p| matches(p, meta))
    }
}

/// The severity a rule reports at, `None` when it is turned off.
pub fn level(meta: &RuleMeta, config: &Config, selection: &Selection) -> Option<Severity> {
    if !selection.selected(meta) {
        return None;
    }
    match config.rules.get(meta.code).and_then(|s| s.level) {
        Some(level) => level,
        // A rule named in --select runs even when it is off by default.
        None => meta
            .default
            .or_else(|| (!selection.select.is_empty()).then_some(Severity::Warning)),
    }
}

/// Drop findings of rules that are off and set the configured severity on the rest.
pub fn apply(diags: Vec<Diagnostic>, config: &Config, selection: &Selection) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter_map(|mut d| {
            d.severity = level(d.rule, config, selection)?;
            Some(d)
        })
        .collect()
}
