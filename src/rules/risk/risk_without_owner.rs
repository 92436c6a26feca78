//! RSK001: a risk has no owner (6.1.2 c 2).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK001",
    name: "risk-without-owner",
    default: Some(Severity::Error),
    summary: "a risk has no owner",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for r in &cx.model.risks {
        if !r.owner.is_blank() {
            continue;
        }
        let what = r.owner.blank_phrase("owner");
        out.push(
            Diagnostic::at(
                &META,
                &r.owner.loc,
                format!(
                    "risk `{}`: {what} (ISO 27001 6.1.2 c 2 requires a risk owner for every risk)",
                    r.id_str()
                ),
            )
            .label("no risk owner")
            .entity(r.id_str())
            .help("name the person or role accountable for the risk, e.g. `owner: CTO`"),
        );
    }
}
