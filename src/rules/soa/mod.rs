//! SOA: the Statement of Applicability (6.1.3 c–d).
pub mod id_title_mismatch;
pub mod legacy_control_id;
pub mod missing_control;
pub mod missing_status;
pub mod no_soa;
pub mod summary_mismatch;
pub mod undecided_applicability;
pub mod unjustified_exclusion;
pub mod unjustified_inclusion;
pub mod unknown_control;
pub mod weak_justification;

use crate::catalog::Catalog;
use crate::model::control_id::ControlRef;
use crate::model::{Control, Item, Model};
use crate::source::Loc;

fn text(f: &crate::model::Field<String>) -> &str {
    f.get().map_or("", String::as_str)
}

/// Who cites a control, for messages; formatted only when a finding is made.
pub enum Citer<'a> {
    Soa,
    Risk(&'a str),
    Document(&'a str),
    Evidence(&'a str),
}

impl std::fmt::Display for Citer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Citer::Soa => write!(f, "the SoA"),
            Citer::Risk(id) => write!(f, "risk `{id}`"),
            Citer::Document(id) => write!(f, "document `{id}`"),
            Citer::Evidence(id) => write!(f, "evidence `{id}`"),
        }
    }
}

/// Every control reference in the repository that is not an SoA row ID: risks', documents'
/// and evidence items' `controls`, with who cites it.
pub fn cited_controls(model: &Model) -> impl Iterator<Item = (&Item<ControlRef>, Citer<'_>)> {
    let risks = model
        .risks
        .iter()
        .flat_map(|r| r.controls.iter().map(move |i| (i, Citer::Risk(r.id_str()))));
    let docs = model.documents.iter().flat_map(|d| {
        d.controls
            .iter()
            .map(move |i| (i, Citer::Document(text(&d.id))))
    });
    let evidence = model.evidence.iter().flat_map(|e| {
        e.controls
            .iter()
            .map(move |i| (i, Citer::Evidence(text(&e.id))))
    });
    risks.chain(docs).chain(evidence)
}

/// Every control ID written anywhere: SoA rows (the ID cell) and citations.
pub fn every_control_ref(model: &Model) -> impl Iterator<Item = (&ControlRef, &Loc, Citer<'_>)> {
    all_control_rows(model)
        .map(|(c, r)| (r, &c.id.loc, Citer::Soa))
        .chain(cited_controls(model).map(|(i, who)| (&i.value, &i.loc, who)))
}

/// SoA rows that are controls (not clause rows), with their ID, including IDs no catalogue
/// knows. Only the rules that report unknown and legacy IDs read these.
pub fn all_control_rows(model: &Model) -> impl Iterator<Item = (&Control, &ControlRef)> {
    model
        .controls
        .iter()
        .filter_map(|c| c.control_ref().map(|r| (c, r)))
}

/// SoA rows whose ID is a known control (2022, or 2013 with its own SOA004 finding). A row
/// with an unknown ID has one finding, SOA003, not a cascade of others.
pub fn control_rows<'a>(
    model: &'a Model,
    catalog: &'a Catalog,
) -> impl Iterator<Item = (&'a Control, &'a ControlRef)> {
    all_control_rows(model).filter(|(_, r)| match r {
        ControlRef::Control(id) => catalog.control(id).is_some(),
        ControlRef::Legacy(id) => catalog.is_legacy(id),
        ControlRef::Clause(_) => false,
    })
}

/// Files in which at least one SoA row has a field (`has` says whether a row has it). A file
/// where no row has the field gets one finding about the missing column; in a file where some
/// rows have it, the rows that lack it are reported one by one.
pub fn files_with_field(
    model: &Model,
    has: impl Fn(&Control) -> bool,
) -> std::collections::HashSet<crate::source::FileId> {
    model
        .controls
        .iter()
        .filter(|c| has(c))
        .map(|c| c.loc.file())
        .collect()
}

/// Text compared after lower-casing and dropping punctuation and extra spaces.
pub fn normalise_text(s: &str) -> String {
    if s.is_ascii() {
        // The common case in one pass: an ASCII character is alphanumeric and lower-cased
        // exactly as ASCII (the general path allocates three strings and a vector per call).
        let mut out = String::with_capacity(s.len());
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b == b'/' {
                out.push(char::from(b.to_ascii_lowercase()));
            } else if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
        if out.ends_with(' ') {
            out.pop();
        }
        debug_assert_eq!(out, normalise_text_unicode(s));
        return out;
    }
    normalise_text_unicode(s)
}

/// `normalise_text` for any text (lower case with Unicode's rules, final sigma included).
fn normalise_text_unicode(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_text_of_ascii_is_the_unicode_reading() {
        let all: String = (0u8..128).map(char::from).collect();
        for s in [
            all.as_str(),
            "",
            " ",
            "  A.5.1  Policies -- for\tinformation/security. ",
            "Not applicable: N/A",
            "ΟΔΟΣ Straße",
        ] {
            assert_eq!(normalise_text(s), normalise_text_unicode(s), "{s:?}");
        }
    }
}
