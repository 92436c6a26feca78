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
    let matrix = cfg.levels.is_some() && cfg.matrix.is_some();
    for r in &cx.model.risks {
        let res = r.residual();
        // Composite impact: a stated impact against the one its parts give.
        if let (Some(stated), Some(computed), Some(comp)) = (
            r.impact.value(),
            r.method().impact_computed,
            &cfg.impact_from,
        ) && (stated - computed).abs() >= 1e-9
        {
            let parts: Vec<String> = r
                .method()
                .impact_parts
                .iter()
                .map(|(k, f)| format!("{k} {}", f.value().map_or(String::new(), num)))
                .collect();
            let mut d = Diagnostic::at(
                &META,
                &r.impact.loc,
                format!(
                    "risk `{}`: impact is {} but {}({}) = {} (ISO 27001 6.1.2 b: the methodology must give consistent results)",
                    r.id_str(),
                    cfg.show_impact(stated),
                    comp.combine.name(),
                    parts.join(", "),
                    cfg.show_impact(computed)
                ),
            )
            .label(format!("expected {}", cfg.show_impact(computed)));
            for (k, f) in &r.method().impact_parts {
                d = d.related(&f.loc, k.clone());
            }
            out.push(
                d.entity(r.id_str())
                    .help(format!("correct the impact to {}, or correct `risk.impact` in ismslint.yaml if the methodology differs", cfg.show_impact(computed))),
            );
        }
        let pairs: [Triple; 2] = [
            ("score", &r.score, &r.likelihood, &r.impact),
            (
                "residual score",
                &res.residual_score,
                &res.residual_likelihood,
                &res.residual_impact,
            ),
        ];
        for (name, score, l, i) in pairs {
            let (Some(s), Some(lv), Some(iv)) = (score.value(), l.value(), i.value()) else {
                continue;
            };
            let Some(expected) = cfg.compute(lv, iv) else {
                continue;
            };
            if (s - expected).abs() < 1e-9 {
                continue;
            }
            let d = if matrix {
                let cell = format!(
                    "likelihood {} × impact {}",
                    cfg.show_likelihood(lv),
                    cfg.show_impact(iv)
                );
                Diagnostic::at(
                    &META,
                    &score.loc,
                    format!(
                        "risk `{}`: {name} is {} but the risk matrix gives {} for {cell} (ISO 27001 6.1.2 b: the methodology must give consistent results)",
                        r.id_str(), cfg.show_score(s), cfg.show_score(expected)
                    ),
                )
                .label(format!("matrix cell {cell} = {}", cfg.show_score(expected)))
                .help(format!("correct the {name} to {}, or correct `risk.matrix` in ismslint.yaml if the methodology differs (`ismslint rule RSK003` shows the matrix)", cfg.show_score(expected)))
            } else {
                Diagnostic::at(
                    &META,
                    &score.loc,
                    format!(
                        "risk `{}`: {name} is {} but {} {op} {} = {} (ISO 27001 6.1.2 b: the methodology must give consistent results)",
                        r.id_str(), num(s), with_position(cfg.likelihood_levels.is_some(), cfg.show_likelihood(lv), lv), with_position(cfg.impact_levels.is_some(), cfg.show_impact(iv), iv), num(expected)
                    ),
                )
                .label(format!("expected {}", num(expected)))
                .help(format!("correct the score to {}, or set `risk.score: {}` in ismslint.yaml if the methodology differs", num(expected), if cfg.score == ScoreMethod::Product { "sum" } else { "product" }))
            };
            out.push(
                d.related(&l.loc, "likelihood")
                    .related(&i.loc, "impact")
                    .entity(r.id_str()),
            );
        }
    }
}

/// `Likely (4)` on a word scale scored by numbers, `4` on a numeric one.
fn with_position(words: bool, shown: String, v: f64) -> String {
    if words {
        format!("{shown} ({})", num(v))
    } else {
        shown
    }
}
