//! DOC005: a document's review is overdue: `next_review` passed, or `last_reviewed` (else
//! `approved_on`) plus `review_interval` passed.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "DOC005",
    name: "review-overdue",
    default: Some(Severity::Warning),
    summary: "a document's review date has passed",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &cx.model.documents {
        // A record's `Review date` in its body is when the review it records took place; a
        // record whose front matter says `next_review:` still asks for that review.
        if crate::model::metadata::DocMeta::of(&cx.model.text.doc_meta, d)
            .is_some_and(|m| m.record && !m.has_front_matter())
        {
            continue;
        }
        let path = &cx.files.get(d.file).path;
        let (due, loc, how) = if let Some(next) = d.next_review.value() {
            (
                next,
                &d.next_review.loc,
                "its next review was due".to_string(),
            )
        } else {
            let (last, loc, what) = match (d.last_reviewed.value(), d.approved_on.value()) {
                (Some(l), _) => (l, &d.last_reviewed.loc, "last reviewed"),
                (None, Some(a)) => (a, &d.approved_on.loc, "approved"),
                _ => continue,
            };
            let Some(interval) = d.review_interval.value() else {
                continue;
            };
            let Some(due) = interval.after(last) else {
                continue;
            };
            let last = crate::rules::shown_date(cx, last, loc);
            (
                due,
                loc,
                format!("it was {what} on {last} and its review interval ended"),
            )
        };
        if due >= cx.today {
            continue;
        }
        let due = if d.next_review.value().is_some() {
            crate::rules::shown_date(cx, due, loc)
        } else {
            due.to_string()
        };
        out.push(
            Diagnostic::at(
                &META,
                loc,
                format!("document `{path}` is overdue for review: {how} on {due} (ISO 27001 7.5.2 and 5.2: documents are reviewed at planned intervals)"),
            )
            .label("review overdue")
            .entity(if d.id_str().is_empty() { path.as_str() } else { d.id_str() })
            .help("review the document, record `last_reviewed`, and set the next review date"),
        );
    }
}
