//! RSK006: a risk is treated by a control that the SoA excludes.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK006",
    name: "excluded-control-treats-risk",
    default: Some(Severity::Error),
    summary: "a risk is treated by a control that the SoA excludes",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for r in &cx.model.risks {
        for item in &r.controls {
            let id = item.value.id();
            let Some(row) = cx.model.soa_row(id) else {
                continue;
            };
            if !row.is_excluded() {
                continue;
            }
            out.push(
                Diagnostic::at(
                    &META,
                    &item.loc,
                    format!("risk `{}` is treated by {id}, which the Statement of Applicability excludes (ISO 27001 6.1.3 d: the SoA contains the controls the treatment needs)", r.id_str()),
                )
                .label(format!("{id} treats this risk"))
                .related(&row.applicable.loc, format!("{id} is excluded here"))
                .entity(r.id_str())
                .help(format!("include {id} in the SoA (with this risk as its reason), or treat the risk with another control")),
            );
        }
    }
}
