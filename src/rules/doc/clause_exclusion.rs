//! DOC008: a clause 4–10 requirement is marked excluded or not applicable. Only Annex A
//! controls can be excluded; every management system clause applies.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::control_id::ControlRef;
use crate::model::values::Tri;
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "DOC008",
    name: "clause-exclusion",
    default: Some(Severity::Error),
    summary: "a clause 4–10 requirement is marked excluded",
    options: &[],
};

fn finding(clause: &str, title: Option<&str>, loc: &crate::source::Loc) -> Diagnostic {
    let name = title.map(|t| format!(" ({t})")).unwrap_or_default();
    Diagnostic::at(
        &META,
        loc,
        format!("clause {clause}{name} is marked excluded or not applicable: ISO 27001 clauses 4–10 always apply (4.3 and 6.1.3 d allow excluding Annex A controls only)"),
    )
    .label("clause excluded")
    .entity(format!("clause {clause}"))
    .help("mark the clause applicable and say how it is met; only Annex A controls may be excluded in the SoA")
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let title = |id: &str| cx.catalog.clause(id).map(|c| c.title.as_str());
    for c in &cx.model.controls {
        if let (Some(ControlRef::Clause(id)), true) = (c.id.get(), c.is_excluded()) {
            out.push(finding(id, title(id), &c.applicable.loc));
        }
    }
    for d in &cx.model.documents {
        if d.applicable.value() != Some(Tri::No) {
            continue;
        }
        for clause in &d.clauses {
            let id = clause
                .value
                .trim_start_matches(|ch: char| !ch.is_ascii_digit());
            if cx.catalog.clause(id).is_some() {
                out.push(
                    finding(id, title(id), &d.applicable.loc)
                        .related(&clause.loc, "clause named here"),
                );
            }
        }
    }
}
