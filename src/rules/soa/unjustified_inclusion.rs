//! SOA007: an applicable control has neither a justification nor a reason (6.1.3 d). An SoA
//! that gives no justification or reason on any row gets one finding listing its controls, not
//! one per row.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::soa::{control_rows, files_with_field};
use crate::rules::{Context, file_anchor, per_file};
use std::collections::BTreeMap;

pub static META: RuleMeta = RuleMeta {
    code: "SOA007",
    name: "unjustified-inclusion",
    default: Some(Severity::Warning),
    summary: "an applicable control has neither a justification nor a reason",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let justified = files_with_field(cx.model, |c| {
        !c.justification.is_blank() || !c.reasons.is_empty()
    });
    let mut rows = Vec::new();
    let mut per_file_rows: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for (c, r) in control_rows(cx.model, cx.catalog) {
        if !c.is_applicable()
            || !c.justification.is_blank()
            || !c.reasons.is_empty()
            || cx.model.control_has_risk_link(c)
        {
            continue;
        }
        if justified.contains(&c.loc.file()) {
            rows.push((c, r));
        } else {
            per_file_rows.entry(c.loc.file()).or_default().push((c, r));
        }
    }
    // A file with no justification or reason on any row: one finding for its controls (a file
    // of one row keeps the row's own finding).
    let mut files_without = BTreeMap::new();
    for (file, list) in per_file_rows {
        if list.len() < 2 {
            rows.extend(list);
            continue;
        }
        let at = file_anchor(&list[0].0.loc);
        let ids = list.iter().map(|(_, r)| r.id().to_string()).collect();
        files_without.insert(file, (at, ids));
    }
    for (c, r) in rows {
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
    per_file(
        cx,
        &META,
        files_without,
        "this SoA gives no justification and no reason for selection for its applicable controls, and no risk is linked to them (ISO 27001 6.1.3 d requires the justification for inclusion)",
        "no justification or reason on any row",
        "add a `Justification` column saying why each control is included, or a `Reasons` column (risk, legal, contractual, business), or link the risks each control treats",
        out,
    );
}
