//! DOC004: a controlled document lacks owner, version, approval or review interval (7.5.2).

use super::is_template;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
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

fn missing(d: &Document) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(describe("owner", &d.owner));
    out.extend(describe("version", &d.version));
    if d.approver.is_blank() && d.approved_on.is_blank() {
        out.extend(describe("approval", &d.approver));
    }
    if d.review_interval.is_blank() && d.next_review.is_blank() {
        out.extend(describe("review interval", &d.review_interval));
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
        let gaps = missing(d);
        if gaps.is_empty() {
            continue;
        }
        let what = if d.has_metadata {
            "lacks"
        } else {
            "has no front matter, so it lacks"
        };
        out.push(
            Diagnostic::at(
                &META,
                &d.loc,
                format!(
                    "controlled document `{path}` {what} {} (ISO 27001 7.5.2: documented information is identified, reviewed and approved)",
                    gaps.join(", ")
                ),
            )
            .label("document metadata")
            .entity(if d.id_str().is_empty() { path.as_str() } else { d.id_str() })
            .help("add front matter with `owner`, `version`, `approver` and `approved_on`, and `review_interval` (e.g. `12 months`)"),
        );
    }
}
