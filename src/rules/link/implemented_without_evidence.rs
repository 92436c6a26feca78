//! LNK004: a control marked implemented has no evidence linked (9.1, 7.5: documented
//! information as evidence).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::Kind;
use crate::model::values::Status;
use crate::rules::soa::{control_rows, files_with_field};
use crate::rules::{Context, file_anchor, per_file};
use std::collections::BTreeMap;

pub static META: RuleMeta = RuleMeta {
    code: "LNK004",
    name: "implemented-without-evidence",
    default: Some(Severity::Warning),
    summary: "a control marked implemented has no evidence linked",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let has_register = cx.model.sourced.contains(&Kind::Evidence);
    let mut files_without_evidence = BTreeMap::new();
    let with_column = files_with_field(cx.model, |c| c.has_evidence_column);
    for (c, r) in control_rows(cx.model, cx.catalog) {
        if !c.is_applicable() || c.status.value() != Some(Status::Implemented) {
            continue;
        }
        if !c.evidence.is_empty() || cx.model.evidence_for(r.id()).next().is_some() {
            continue;
        }
        if !with_column.contains(&c.loc.file()) && !has_register {
            files_without_evidence
                .entry(c.loc.file())
                .or_insert_with(|| (file_anchor(&c.loc), Vec::new()))
                .1
                .push(r.id().to_string());
            continue;
        }
        out.push(
            Diagnostic::at(
                &META,
                if c.has_evidence_column { &c.evidence_loc } else { &c.status.loc },
                format!("{} is marked implemented but no evidence is linked to it (ISO 27001 9.1 and 7.5.1: keep evidence that controls operate)", r.id()),
            )
            .label("no evidence")
            .related(&c.status.loc, "marked implemented")
            .entity(r.id())
            .help("link evidence: the row's `evidence`, or an evidence record whose `controls` names it"),
        );
    }
    per_file(
        cx,
        &META,
        files_without_evidence,
        "this SoA marks controls implemented but links no evidence, and the repository has no evidence register (ISO 27001 9.1 and 7.5.1)",
        "no evidence column",
        "add an `Evidence` column, or an evidence register (`evidence.yaml`) whose records name the controls",
        out,
    );
}
