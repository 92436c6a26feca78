//! SOA009: applicability is empty, TBD or `?`.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::Val;
use crate::model::values::Tri;
use crate::rules::Context;
use crate::rules::soa::control_rows;

pub static META: RuleMeta = RuleMeta {
    code: "SOA009",
    name: "undecided-applicability",
    default: Some(Severity::Error),
    summary: "applicability is empty, TBD or `?`",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (c, r) in control_rows(cx.model, cx.catalog) {
        let written = match &c.applicable.val {
            Val::Missing => "no applicability decision".to_string(),
            Val::Placeholder(p) => format!("applicability `{p}`"),
            Val::Ok(Tri::Undecided) => "an undecided applicability".to_string(),
            _ => continue,
        };
        out.push(
            Diagnostic::at(
                &META,
                &c.applicable.loc,
                format!("{} has {written}: the SoA must decide whether each control applies (ISO 27001 6.1.3 d)", r.id()),
            )
            .label("undecided")
            .entity(r.id())
            .help("write yes (with the reason for inclusion) or no (with the justification for exclusion)"),
        );
    }
}
