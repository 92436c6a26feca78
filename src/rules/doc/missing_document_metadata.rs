//! DOC004: a controlled document lacks owner, version, approval or review interval (7.5.2).

use super::is_template;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::metadata::{DocMeta, Place};
use crate::model::{Document, Field};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "DOC004",
    name: "missing-document-metadata",
    default: Some(Severity::Warning),
    summary: "a controlled document lacks owner, version, approval or review interval",
    options: &[],
};

fn describe<T>(name: &str, f: &Field<T>) -> Option<String> {
    match f.placeholder() {
        Some(p) => Some(format!("{name} (only the placeholder `{p}`)")),
        None => f.is_blank().then(|| name.to_string()),
    }
}

/// The required fields a document lacks. A field written in the body in words no parser types
/// (`Next review: Quarterly (management review) + after incidents`) is written, not missing.
fn missing(d: &Document, meta: Option<&DocMeta>) -> Vec<String> {
    let states = |fields: &[&str]| meta.is_some_and(|m| fields.iter().any(|f| m.states(f)));
    let mut out = Vec::new();
    if !states(&["owner"]) {
        out.extend(describe("owner", &d.owner));
    }
    if !states(&["version"]) {
        out.extend(describe("version", &d.version));
    }
    if d.approver.is_blank() && d.approved_on.is_blank() && !states(&["approver", "approved_on"]) {
        out.extend(
            if d.approver.placeholder().is_none() && d.approved_on.placeholder().is_some() {
                describe("approval", &d.approved_on)
            } else {
                describe("approval", &d.approver)
            },
        );
    }
    if d.review_interval.is_blank()
        && d.next_review.is_blank()
        && !states(&["review_interval", "next_review"])
    {
        out.extend(
            if d.review_interval.placeholder().is_none() && d.next_review.placeholder().is_some() {
                describe("review interval", &d.next_review)
            } else {
                describe("review interval", &d.review_interval)
            },
        );
    }
    out
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for d in &cx.model.documents {
        let path = &cx.files.get(d.file).path;
        let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
        if is_template(cx, d.file) || name.starts_with("readme") {
            continue;
        }
        let meta = crate::model::metadata::DocMeta::of(&cx.model.text.doc_meta, d);
        // Records (minutes, reports, logs) are kept, not reviewed and approved (7.5.3).
        if meta.is_some_and(|m| m.record) {
            continue;
        }
        let gaps = missing(d, meta);
        if gaps.is_empty() {
            continue;
        }
        // Where metadata was found, when some is in the body (front matter alone goes unsaid).
        let looked = meta
            .filter(|m| m.places.iter().any(|(p, ..)| *p != Place::FrontMatter))
            .map(DocMeta::looked)
            .unwrap_or_default();
        let markdown = path.ends_with(".md") || path.ends_with(".markdown");
        let (what, help) = if !looked.is_empty() {
            (
                format!("lacks {} (its metadata is in {looked})", gaps.join(", ")),
                "add the missing fields where the others are written (a row of the document-control table, a `**Owner:** …` line, or a front-matter key): `owner`, `version`, `approver` and `approved_on`, and `review_interval` (e.g. `12 months`) or `next_review`",
            )
        } else if markdown && !d.has_metadata {
            (
                format!(
                    "states no metadata, so it lacks {} (looked in front matter, a document-control table, label lines such as `Owner: …`, and a revision table)",
                    gaps.join(", ")
                ),
                "add front matter with `owner`, `version`, `approver` and `approved_on`, and `review_interval` (e.g. `12 months`), or a `| Field | Value |` document-control table at the top",
            )
        } else if markdown {
            (
                format!("lacks {}", gaps.join(", ")),
                "add front matter with `owner`, `version`, `approver` and `approved_on`, and `review_interval` (e.g. `12 months`)",
            )
        } else {
            (
                format!("lacks {}", gaps.join(", ")),
                "add `owner`, `version`, `approver` and `approved_on`, and `review_interval` (e.g. `12 months`) or `next_review`",
            )
        };
        out.push(
            Diagnostic::at(
                &META,
                &d.loc,
                format!(
                    "controlled document `{path}` {what} (ISO 27001 7.5.2: documented information is identified, reviewed and approved)"
                ),
            )
            .label("document metadata")
            .entity(if d.id_str().is_empty() { path.as_str() } else { d.id_str() })
            .help(help),
        );
    }
}
