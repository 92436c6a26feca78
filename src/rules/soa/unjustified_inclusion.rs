//! SOA007: an applicable control has neither a justification nor a reason (6.1.3 d).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;
use crate::rules::soa::control_rows;

pub static META: RuleMeta = RuleMeta {
    code: "SOA007",
    name: "unjustified-inclusion",
    default: Some(Severity::Warning),
    summary: "an applicable control has neither a justification nor a reason",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (c, r) in control_rows(cx.model, cx.catalog) {
        if !c.is_applicable()
            || !c.justification.is_blank()
            || !c.reasons.is_empty()
            || cx.model.control_has_risk_link(c)
        {
            continue;
        }
        out.push(
            Diagnostic::at(
                &META,
                &c.justification.loc,
                format!(
                    "{} is applicable but has no justification, no reason for selection and no linked risk (ISO 27001 6.1.3 d requires the justification for inclusion)",
                    r.id()
                ),
            )
            .label("no justification or reason")
            .entity(r.id())
            .help("link the risk it treats, or state its reason (legal, contractual, business) and a justification"),
        );
    }
}
