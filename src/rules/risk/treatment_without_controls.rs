//! RSK005: treatment is modify/mitigate but no control is named (6.1.3 b).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::values::Treatment;
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK005",
    name: "treatment-without-controls",
    default: Some(Severity::Error),
    summary: "treatment is modify/mitigate but no control is named",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for r in &cx.model.risks {
        // Entries that are not control IDs are IN002's finding; the risk does name controls.
        if r.treatment.value() != Some(Treatment::Modify) || r.controls_written > 0 {
            continue;
        }
        out.push(
            Diagnostic::at(
                &META,
                &r.treatment.loc,
                format!("risk `{}` is to be modified but names no control (ISO 27001 6.1.3 b: determine the controls that implement the treatment)", r.id_str()),
            )
            .label("no controls named")
            .entity(r.id_str())
            .help("list the Annex A controls that treat the risk, e.g. `controls: [A.8.5, A.5.17]`"),
        );
    }
}
