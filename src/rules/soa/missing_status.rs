//! SOA008: an applicable control has no implementation status.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::Val;
use crate::rules::soa::{control_rows, files_with_field};
use crate::rules::{Context, file_anchor, per_file};
use std::collections::BTreeMap;

pub static META: RuleMeta = RuleMeta {
    code: "SOA008",
    name: "missing-status",
    default: Some(Severity::Warning),
    summary: "an applicable control has no implementation status",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    // One finding for a file that has no status column at all, not one per row.
    let mut files_without_column = BTreeMap::new();
    let with_column = files_with_field(cx.model, |c| c.has_status_column);
    for (c, r) in control_rows(cx.model, cx.catalog) {
        if !c.is_applicable() {
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
        // A maturity level is this control's implementation statement.
        if c.status.val == Val::Missing && !c.maturity.is_blank() {
            continue;
        }
        let what = match &c.status.val {
            Val::Missing => "no implementation status".to_string(),
            Val::Placeholder(p) => {
                format!("the placeholder `{p}` as its implementation status")
            }
            _ => continue,
        };
        out.push(
            Diagnostic::at(
                &META,
                &c.status.loc,
                format!("{} is applicable but has {what} (ISO 27001 6.1.3 d: the SoA states whether each control is implemented)", r.id()),
            )
            .label("no status")
            .entity(r.id())
            .help("set the status: implemented, partially implemented, planned or not implemented"),
        );
    }
    per_file(
        cx,
        &META,
        files_without_column,
        "this SoA has no implementation status for its applicable controls (ISO 27001 6.1.3 d: the SoA states whether each control is implemented)",
        "no status column",
        "add a `Status` column (or `status:` key): implemented, partially implemented, planned or not implemented",
        out,
    );
}
