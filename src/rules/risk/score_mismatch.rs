//! RSK003: a stated score differs from the one the methodology computes.

use super::num;
use crate::config::ScoreMethod;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::Field;
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK003",
    name: "score-mismatch",
    default: Some(Severity::Error),
    summary: "a stated score differs from the one the methodology computes",
    options: &[],
};

/// A stated score with the likelihood and impact it should come from.
type Triple<'a> = (&'a str, &'a Field<f64>, &'a Field<f64>, &'a Field<f64>);

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let cfg = &cx.config.risk;
    let op = match cfg.score {
        ScoreMethod::Product => "×",
        ScoreMethod::Sum => "+",
    };
    for r in &cx.model.risks {
        let pairs: [Triple; 2] = [
            ("score", &r.score, &r.likelihood, &r.impact),
            (
                "residual score",
                &r.residual_score,
                &r.residual_likelihood,
                &r.residual_impact,
            ),
        ];
        for (name, score, l, i) in pairs {
            let (Some(s), Some(lv), Some(iv)) = (score.value(), l.value(), i.value()) else {
                continue;
            };
            let expected = cfg.compute(lv, iv);
            if (s - expected).abs() < 1e-9 {
                continue;
            }
            out.push(
                Diagnostic::at(
                    &META,
                    &score.loc,
                    format!(
                        "risk `{}`: {name} is {} but {} {op} {} = {} (ISO 27001 6.1.2 b: the methodology must give consistent results)",
                        r.id_str(), num(s), num(lv), num(iv), num(expected)
                    ),
                )
                .label(format!("expected {}", num(expected)))
                .related(&l.loc, "likelihood")
                .related(&i.loc, "impact")
                .entity(r.id_str())
                .help(format!("correct the score to {}, or set `risk.score: {}` in ismslint.yaml if the methodology differs", num(expected), if cfg.score == ScoreMethod::Product { "sum" } else { "product" })),
            );
        }
    }
}
