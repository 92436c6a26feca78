//! RSK008: residual (or retained) risk above the threshold has no acceptance by the risk owner
//! with a date (6.1.3 f).

use super::{inherent, residual};
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::values::Treatment;
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK008",
    name: "unaccepted-residual-risk",
    default: Some(Severity::Error),
    summary: "residual risk above the threshold has no acceptance by the risk owner",
    options: &[],
};

fn same_person(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let cfg = &cx.config.risk;
    // No threshold in config or in the repository's methodology (issue 17): say so once
    // rather than judge every risk against a number nobody chose.
    if cfg.acceptance_threshold.is_none() {
        let scored = cx
            .model
            .risks
            .iter()
            .filter(|r| residual(r, cfg).or_else(|| inherent(r, cfg)).is_some())
            .count();
        if scored > 0 {
            out.push(
                Diagnostic::new(
                    &META,
                    None,
                    format!(
                        "no risk acceptance threshold is stated, in ismslint.yaml or in a risk methodology document, so the residual risk of {scored} scored risk{} was not checked for acceptance (RSK008) nor for a missing treatment decision (RSK004) (ISO 27001 6.1.2 a 1: establish risk acceptance criteria)",
                        if scored == 1 { "" } else { "s" }
                    ),
                )
                .help("state the criteria in the risk methodology (`Risk acceptance threshold: 12`, `Risk appetite: 0.30`), or set `risk.acceptance_threshold` in ismslint.yaml"),
            );
        }
        return;
    }
    let threshold = cfg.threshold();
    for r in &cx.model.risks {
        let res = r.residual();
        let retained = r.treatment.value() == Some(Treatment::Retain);
        let Some(score) = residual(r, cfg).or_else(|| inherent(r, cfg)) else {
            continue;
        };
        if score.value <= threshold || !(retained || residual(r, cfg).is_some()) {
            continue;
        }
        // An acceptance past its expiry is RSK009's finding, not this one.
        let has_acceptance = !res.accepted_by.is_blank() && !res.accepted_on.is_blank();
        let mut problem = None;
        if !has_acceptance {
            let missing = match (res.accepted_by.is_blank(), res.accepted_on.is_blank()) {
                (true, true) => "no acceptance (`accepted_by`, `accepted_on`)",
                (true, false) => "no `accepted_by`",
                _ => "no acceptance date (`accepted_on`)",
            };
            problem = Some((missing.to_string(), res.accepted_by.loc));
        } else if let (Some(by), Some(owner)) = (res.accepted_by.get(), r.owner.get()) {
            let allowed = same_person(by, owner)
                || cfg.acceptors.iter().any(|a| same_person(a, by))
                || cx
                    .model
                    .owner(by)
                    .is_some_and(|o| o.names().any(|n| same_person(n, owner)));
            if !allowed {
                problem = Some((
                    format!("acceptance by `{by}`, who is not the risk owner `{owner}`"),
                    res.accepted_by.loc,
                ));
            }
        }
        let Some((what, loc)) = problem else { continue };
        let kind = if retained {
            "retained risk"
        } else {
            "residual risk"
        };
        out.push(
            Diagnostic::at(
                &META,
                &loc,
                format!(
                    "risk `{}`: {kind} {} is above the acceptance threshold {} with {what} (ISO 27001 6.1.3 f: risk owners approve the treatment plan and accept residual risk)",
                    r.id_str(), cfg.show_score(score.value), cfg.show_score(threshold)
                ),
            )
            .label("not accepted by the risk owner")
            .related(&score.loc, "score")
            .entity(r.id_str())
            .help("record `accepted_by` (the risk owner, or a role in `risk.acceptors`) and `accepted_on`, or treat the risk further"),
        );
    }
}
