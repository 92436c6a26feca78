//! DOC006: a document's approver is its owner (A.5.3 segregation of duties).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "DOC006",
    name: "self-approval",
    default: Some(Severity::Warning),
    summary: "a document's approver is its owner",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &cx.model.documents {
        let (Some(owner), Some(approver)) = (d.owner.get(), d.approver.get()) else {
            continue;
        };
        // The same person under two names (ID and full name) is still the same person.
        let same = owner.trim().eq_ignore_ascii_case(approver.trim())
            || matches!((cx.model.owner(owner), cx.model.owner(approver)), (Some(a), Some(b)) if std::ptr::eq(a, b));
        if !same {
            continue;
        }
        let path = &cx.files.get(d.file).path;
        out.push(
            Diagnostic::at(
                &META,
                &d.approver.loc,
                format!("document `{path}` is approved by its own owner `{owner}` (ISO 27001 A.5.3 segregation of duties; 7.5.2 approval for suitability)"),
            )
            .label("approver is the owner")
            .related(&d.owner.loc, "owner")
            .entity(if d.id_str().is_empty() { path.as_str() } else { d.id_str() })
            .help("have someone other than the author approve it (top management for the information security policy, 5.2)"),
        );
    }
}
