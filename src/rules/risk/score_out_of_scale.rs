//! RSK002: likelihood or impact outside the methodology's scale, or not a whole number on an
//! integer scale.

use super::num;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::Field;
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK002",
    name: "score-out-of-scale",
    default: Some(Severity::Error),
    summary: "likelihood or impact outside the methodology scale",
    options: &[],
};

/// A field, the scale it is on, and the config key of that scale.
type Scaled<'a> = (&'a str, &'a Field<f64>, (f64, f64), &'a str);

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let cfg = &cx.config.risk;
    for r in &cx.model.risks {
        let res = r.residual();
        // Values that are no level of a word scale.
        for o in &r.method().off_scale {
            out.push(
                Diagnostic::at(
                    &META,
                    &o.loc,
                    format!("risk `{}`: {} `{}` is not on the scale of the risk methodology: {} (ISO 27001 6.1.2 b: consistent, comparable results)", r.id_str(), o.field, o.text, o.scale),
                )
                .label("not a level of the scale")
                .entity(r.id_str())
                .help(format!("write one of {}, or add the word to the scale in ismslint.yaml (`{}`; a level may have `aliases:`)", o.scale, o.key)),
            );
        }
        // Numeric parts of composite impact, on the part scale.
        if let Some(comp) = cfg.impact_from.as_ref().filter(|c| c.part_levels.is_none()) {
            let (lo, hi) = comp.part_range;
            for (k, f) in &r.method().impact_parts {
                let Some(v) = f.value() else { continue };
                if v >= lo
                    && v <= hi
                    && (v.fract() == 0.0 || lo.fract() != 0.0 || hi.fract() != 0.0)
                {
                    continue;
                }
                out.push(
                    Diagnostic::at(
                        &META,
                        &f.loc,
                        format!("risk `{}`: {k} {} is outside the scale {}–{} of the risk methodology (ISO 27001 6.1.2 b: consistent, comparable results)", r.id_str(), num(v), num(lo), num(hi)),
                    )
                    .label("off the scale")
                    .entity(r.id_str())
                    .help(format!("use a value on the scale, or set it in ismslint.yaml (`risk.impact.scale: [{}, {}]`)", num(lo), num(hi))),
                );
            }
        }
        let fields: [Scaled; 4] = [
            (
                "likelihood",
                &r.likelihood,
                cfg.likelihood,
                "risk.likelihood",
            ),
            ("impact", &r.impact, cfg.impact, "risk.impact"),
            (
                "residual likelihood",
                &res.residual_likelihood,
                cfg.likelihood,
                "risk.likelihood",
            ),
            (
                "residual impact",
                &res.residual_impact,
                cfg.impact,
                "risk.impact",
            ),
        ];
        for (name, field, (lo, hi), key) in fields {
            // Impact computed from composite parts: an off-scale part is the finding.
            if name == "impact" && r.method().impact_from_parts {
                continue;
            }
            let Some(v) = field.value() else { continue };
            let integer_scale = lo.fract() == 0.0 && hi.fract() == 0.0;
            let problem = if v < lo || v > hi {
                format!("is outside the scale {}–{}", num(lo), num(hi))
            } else if integer_scale && v.fract() != 0.0 {
                format!("is not a whole number on the scale {}–{}", num(lo), num(hi))
            } else {
                continue;
            };
            out.push(
                Diagnostic::at(
                    &META,
                    &field.loc,
                    format!("risk `{}`: {name} {} {problem} of the risk methodology (ISO 27001 6.1.2 b: consistent, comparable results)", r.id_str(), num(v)),
                )
                .label("off the scale")
                .entity(r.id_str())
                .help(format!("use a value on the scale, or set the scale in ismslint.yaml (`{key}: [{}, {}]`)", num(lo), num(hi))),
            );
        }
    }
}
