//! RSK007: residual score above inherent score.

use super::{inherent, residual};
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK007",
    name: "residual-exceeds-inherent",
    default: Some(Severity::Error),
    summary: "residual score above inherent score",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let cfg = &cx.config.risk;
    for r in &cx.model.risks {
        let (Some(inh), Some(res)) = (inherent(r, cfg), residual(r, cfg)) else {
            continue;
        };
        if res.value <= inh.value {
            continue;
        }
        out.push(
            Diagnostic::at(
                &META,
                &res.loc,
                format!(
                    "risk `{}`: residual score {} is above the inherent score {}: treatment cannot increase a risk (ISO 27001 6.1.3, 8.3)",
                    r.id_str(), cfg.show_score(res.value), cfg.show_score(inh.value)
                ),
            )
            .label("residual above inherent")
            .related(&inh.loc, "inherent score")
            .entity(r.id_str())
            .help("check the residual likelihood and impact, or the inherent assessment"),
        );
    }
}
