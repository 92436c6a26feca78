//! DOC011: two places in one document state different metadata — front matter says version
//! 1.2 and the document-control table says 1.3, or two owners (7.5.2, 7.5.3).
//!
//! The most trusted statement of each field (front matter, then a document-control table,
//! label lines, the newest revision row) is compared with every other one. Placeholders are
//! not compared (DOC001/DOC004 own them). From a revision table only the version is compared:
//! the author and date of the last change are not the document's owner and approval date.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::metadata::{Place, Statement};
use crate::model::values::{self, DateOrder, norm_key};
use crate::parse::doc_meta::version_number;
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "DOC011",
    name: "metadata-conflict",
    default: Some(Severity::Warning),
    summary: "two places in a document state different metadata (version, owner, dates)",
    options: &[],
};

rule_impl!();

/// A date as written, or its leading part (`2026-12-31 (annual)`).
fn date(v: &str) -> Option<jiff::civil::Date> {
    let lead = v.find([' ', '(', ',']).map_or(v, |i| &v[..i]);
    [v, lead]
        .iter()
        .find_map(|t| values::parse_date(t, DateOrder::default()).ok())
}

/// The value without a trailing explanation: `Public (may be shared)`, `Draft - awaiting CEO`,
/// `2.1 (reconstructed)` state `Public`, `Draft`, `2.1`.
fn head(v: &str) -> &str {
    let cut = [" (", " - ", " — ", " – "]
        .iter()
        .filter_map(|sep| v.find(sep))
        .min()
        .unwrap_or(v.len());
    v[..cut].trim()
}

fn same(cx: &Context, field: &str, a: &str, b: &str) -> bool {
    let (na, nb) = (norm_key(a), norm_key(b));
    if na == nb || norm_key(head(a)) == norm_key(head(b)) {
        return true;
    }
    let (a, b) = (head(a), head(b));
    match field {
        "version" => matches!((version_number(a), version_number(b)), (Some(x), Some(y)) if x == y),
        "approved_on" | "last_reviewed" | "next_review" | "effective_on" => {
            match (date(a), date(b)) {
                (Some(x), Some(y)) => x == y,
                // A date against words that are not one: not comparable.
                _ => true,
            }
        }
        "review_interval" => match (values::parse_duration(a), values::parse_duration(b)) {
            (Some(x), Some(y)) => x == y,
            _ => true,
        },
        // `INTERNO` and `INTERNAL`: one level written in two languages (issue 13).
        "classification" => matches!(
            (
                crate::model::doc_labels::classification_level(a),
                crate::model::doc_labels::classification_level(b)
            ),
            (Some(x), Some(y)) if x == y
        ),
        // `CISO` and `Jane Doe (CISO)` name one owner; so do an owner's ID and name.
        "owner" | "approver" => {
            na.contains(&nb)
                || nb.contains(&na)
                || matches!((cx.model.owner(a), cx.model.owner(b)), (Some(x), Some(y)) if std::ptr::eq(x, y))
        }
        _ => false,
    }
}

/// `Author` and `Prepared by` name who wrote the document, which is often not its owner: they
/// are read as the owner when nothing else names one, but never compared with an owner.
fn author_label(s: &Statement) -> bool {
    matches!(
        norm_key(&s.label).as_str(),
        "author" | "authors" | "documentauthor" | "preparedby" | "writtenby" | "maintainer"
    ) || crate::model::doc_labels::is_author_label(&s.label)
}

fn comparable(s: &Statement) -> bool {
    !s.weak
        && values::placeholder(&s.value).is_none()
        && !s.value.trim().is_empty()
        && (s.place != Place::RevisionTable || s.field == "version")
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let documents = super::DocumentEntities::new(cx);
    let mut files: Vec<_> = cx.model.text.doc_meta.values().collect();
    files.sort_by_key(|m| m.file);
    for meta in files {
        if super::is_template(cx, meta.file) {
            continue;
        }
        let mut ordered: Vec<&Statement> =
            meta.statements.iter().filter(|s| comparable(s)).collect();
        ordered.sort_by_key(|s| s.place);
        let mut reported: Vec<&str> = Vec::new();
        for (i, first) in ordered.iter().enumerate() {
            if reported.contains(&first.field)
                || ordered[..i].iter().any(|s| s.field == first.field)
            {
                continue;
            }
            let Some(other) = ordered[i + 1..].iter().find(|s| {
                s.field == first.field
                    && author_label(s) == author_label(first)
                    && !same(cx, s.field, &first.value, &s.value)
            }) else {
                continue;
            };
            reported.push(first.field);
            let path = &cx.files.get(meta.file).path;
            let name = first.field.replace('_', " ");
            out.push(
                Diagnostic::at(
                    &META,
                    &other.loc,
                    format!(
                        "`{path}` states its {name} twice, differently: `{}` in {} and `{}` in {} (ISO 27001 7.5.2/7.5.3: documented information is identified and its versions controlled; a reader cannot tell which is current)",
                        other.value.trim(),
                        other.place.describe(),
                        first.value.trim(),
                        first.place.describe(),
                    ),
                )
                .label(format!("{} `{}`", other.label, other.value.trim()))
                .related(&first.loc, format!("{} `{}`", first.label, first.value.trim()))
                .entity(documents.entity(cx, meta.file))
                .help(format!("make the {name} agree in both places, or keep it in one place only (front matter is read first)")),
            );
        }
    }
}
