//! RSK009: a risk acceptance or risk review date has passed (8.2: risk assessments at planned
//! intervals).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK009",
    name: "acceptance-expired",
    default: Some(Severity::Warning),
    summary: "a risk acceptance or risk review date has passed",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for r in &cx.model.risks {
        let res = r.residual();
        if let Some(d) = res.acceptance_expires.value().filter(|d| *d < cx.today) {
            let d = crate::rules::shown_date(cx, d, &res.acceptance_expires.loc);
            out.push(
                Diagnostic::at(
                    &META,
                    &res.acceptance_expires.loc,
                    format!("risk `{}`: its acceptance expired on {d} (ISO 27001 6.1.3 f, 8.2: accepted risks are reassessed)", r.id_str()),
                )
                .label("acceptance expired")
                .entity(r.id_str())
                .help("have the risk owner reassess and re-accept the risk, with a new expiry date"),
            );
        }
        if let Some(d) = res.next_review.value().filter(|d| *d < cx.today) {
            let d = crate::rules::shown_date(cx, d, &res.next_review.loc);
            out.push(
                Diagnostic::at(
                    &META,
                    &res.next_review.loc,
                    format!("risk `{}`: its review was due on {d} (ISO 27001 8.2: risk assessments at planned intervals)", r.id_str()),
                )
                .label("review overdue")
                .entity(r.id_str())
                .help("review the risk and set the next review date"),
            );
        }
    }
}
