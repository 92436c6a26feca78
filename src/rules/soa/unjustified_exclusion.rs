//! SOA005: a control is excluded with no justification (6.1.3 d).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;
use crate::rules::soa::control_rows;

pub static META: RuleMeta = RuleMeta {
    code: "SOA005",
    name: "unjustified-exclusion",
    default: Some(Severity::Error),
    summary: "a control is excluded with no justification",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (c, r) in control_rows(cx.model, cx.catalog) {
        if !c.is_excluded() || !c.justification.is_blank() {
            continue;
        }
        let what = c.justification.blank_phrase("justification");
        out.push(
            Diagnostic::at(
                &META,
                &c.justification.loc,
                format!(
                    "{} is excluded but {what} (ISO 27001 6.1.3 d requires a justification for every exclusion)",
                    r.id()
                ),
            )
            .label("excluded without justification")
            .related(&c.applicable.loc, "excluded here")
            .entity(r.id())
            .help("say why the control does not apply to this organisation, e.g. \"No on-premises data centre: all hosting is at AWS eu-west-1\""),
        );
    }
}
