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
        revision_self_approval(cx, d, out);
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

/// The newest row of a revision table whose author approved their own change, when the
/// document's owner and approver (read first from front matter or a control table) are not
/// that row's: the check above reads the document's fields, this one the row.
fn revision_self_approval(cx: &Context, d: &crate::model::Document, out: &mut Vec<Diagnostic>) {
    use crate::model::metadata::Place;
    let Some(meta) = crate::model::metadata::DocMeta::of(&cx.model.text.doc_meta, d) else {
        return;
    };
    let row = |field: &str| {
        meta.statements
            .iter()
            .find(|s| s.place == Place::RevisionTable && s.field == field)
            .filter(|s| crate::model::values::placeholder(&s.value).is_none())
    };
    let (Some(author), Some(approver)) = (row("owner"), row("approver")) else {
        return;
    };
    // Already the document's own fields: reported by the check above.
    if d.approver.loc == approver.loc {
        return;
    }
    let same = author
        .value
        .trim()
        .eq_ignore_ascii_case(approver.value.trim())
        || matches!((cx.model.owner(&author.value), cx.model.owner(&approver.value)), (Some(a), Some(b)) if std::ptr::eq(a, b));
    if !same {
        return;
    }
    let path = &cx.files.get(d.file).path;
    out.push(
        Diagnostic::at(
            &META,
            &approver.loc,
            format!("the newest revision of `{path}` is approved by its own author `{}` (ISO 27001 A.5.3 segregation of duties; 7.5.2 approval for suitability)", author.value.trim()),
        )
        .label("approver is the author")
        .related(&author.loc, "author of the revision")
        .entity(if d.id_str().is_empty() { path.as_str() } else { d.id_str() })
        .help("have someone other than the author approve the revision, and record who did in the revision table"),
    );
}
