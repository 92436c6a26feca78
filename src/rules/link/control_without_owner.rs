//! LNK003: an applicable control has no owner (5.3, A.5.2: roles and responsibilities).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::soa::{control_rows, files_with_field};
use crate::rules::{Context, file_anchor, per_file};
use std::collections::BTreeMap;

pub static META: RuleMeta = RuleMeta {
    code: "LNK003",
    name: "control-without-owner",
    default: Some(Severity::Warning),
    summary: "an applicable control has no owner",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut files_without_column = BTreeMap::new();
    let with_column = files_with_field(cx.model, |c| c.has_owner_column);
    for (c, r) in control_rows(cx.model, cx.catalog) {
        if !c.is_applicable() || !c.owner.is_blank() {
            continue;
        }
        if !with_column.contains(&c.loc.file()) {
            files_without_column
                .entry(c.loc.file())
                .or_insert_with(|| (file_anchor(&c.loc), Vec::new()))
                .1
                .push(r.id().to_string());
            continue;
        }
        let what = c.owner.blank_phrase("owner");
        out.push(
            Diagnostic::at(
                &META,
                &c.owner.loc,
                format!("{} is applicable but {what} (ISO 27001 5.3 and A.5.2: responsibilities are assigned)", r.id()),
            )
            .label("no owner")
            .entity(r.id())
            .help("name the person or role responsible for operating the control"),
        );
    }
    per_file(
        cx,
        &META,
        files_without_column,
        "this SoA names no owner for its applicable controls (ISO 27001 5.3 and A.5.2: responsibilities are assigned)",
        "no owner column",
        "add an `Owner` column (or `owner:` key) naming who operates each control",
        out,
    );
}
