//! RSK004: a risk above the acceptance threshold has no treatment decision (6.1.3 a).

use super::inherent;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK004",
    name: "missing-treatment",
    default: Some(Severity::Error),
    summary: "a risk above the acceptance threshold has no treatment decision",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let cfg = &cx.config.risk;
    // With no threshold stated anywhere, RSK008 says so once (issue 17).
    if cfg.acceptance_threshold.is_none() {
        return;
    }
    let threshold = cfg.threshold();
    for r in &cx.model.risks {
        if !r.treatment.is_blank() {
            continue;
        }
        let Some(score) = inherent(r, cfg) else {
            continue;
        };
        if score.value <= threshold {
            continue;
        }
        let what = r.treatment.blank_phrase("treatment decision");
        out.push(
            Diagnostic::at(
                &META,
                &r.treatment.loc,
                format!(
                    "risk `{}` scores {} (above the acceptance threshold {}) but {what} (ISO 27001 6.1.3 a: select a treatment option)",
                    r.id_str(), cfg.show_score(score.value), cfg.show_score(threshold)
                ),
            )
            .label("no treatment")
            .entity(r.id_str())
            .help("decide: modify (with controls), retain (with acceptance by the risk owner), avoid or share"),
        );
    }
}
