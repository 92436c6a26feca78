//! Where a document's metadata was written (issue 11): front matter, a document-control table,
//! label lines (`**Owner:** CISO`), or the newest row of a revision table. Every statement is
//! kept with its place, so DOC004 can say where it looked and DOC011 can show two places that
//! disagree.

use crate::source::{FileId, Loc};

/// The places metadata is read from, in order of trust: front matter first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    FrontMatter,
    ControlTable,
    LabelLines,
    RevisionTable,
}

impl Place {
    pub fn describe(self) -> &'static str {
        match self {
            Place::FrontMatter => "front matter",
            Place::ControlTable => "a document-control table",
            Place::LabelLines => "label lines",
            Place::RevisionTable => "the newest row of a revision table",
        }
    }
}

/// One field as one place states it.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Canonical document field (`owner`, `version`, `approved_on`…).
    pub field: &'static str,
    /// The label as written (`Approved By`), for messages.
    pub label: String,
    pub value: String,
    pub loc: Loc,
    pub place: Place,
}

/// The metadata of one Markdown file, as found.
#[derive(Debug, Clone, Default)]
pub struct DocMeta {
    pub file: FileId,
    /// Each place that held metadata, with where it starts and its 1-based line.
    pub places: Vec<(Place, Loc, usize)>,
    /// Every statement, front matter first, then body places in document order.
    pub statements: Vec<Statement>,
}

impl DocMeta {
    /// Is `field` written somewhere with a value, even one no parser could type (`Next review:
    /// Quarterly (management review)`)?
    /// A date or an interval counts only with a figure in it or an interval word
    /// (`Approval date: Pending` is not an approval).
    pub fn states(&self, field: &str) -> bool {
        use crate::model::values::{parse_duration, placeholder};
        self.statements.iter().any(|s| {
            let v = s.value.trim();
            s.field == field
                && !v.is_empty()
                && placeholder(v).is_none()
                && match field {
                    "approved_on" | "last_reviewed" | "next_review" | "effective_on"
                    | "review_interval" => {
                        v.bytes().any(|b| b.is_ascii_digit())
                            || v.split(|c: char| !c.is_alphanumeric())
                                .any(|w| parse_duration(w).is_some())
                    }
                    _ => true,
                }
        })
    }

    /// The places that held metadata, described for a message.
    pub fn looked(&self) -> String {
        let mut names: Vec<String> = Vec::new();
        for (p, _, line) in &self.places {
            let name = format!("{} (line {line})", p.describe());
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join(", ")
    }
}

/// The fields a document's metadata block may state. Others (`controls`, `related`, `applies`)
/// are read from front matter only: in body text their labels are too common in prose.
pub const METADATA_FIELDS: &[&str] = &[
    "id",
    "type",
    "owner",
    "approver",
    "approved_on",
    "version",
    "status",
    "last_reviewed",
    "review_interval",
    "next_review",
    "classification",
    "effective_on",
];

/// The fields that make a block of labels a document's control block: `Document type` and
/// `Status` alone also describe other things (a standard, a ticket).
pub fn is_core_field(field: &str) -> bool {
    matches!(
        field,
        "owner"
            | "approver"
            | "approved_on"
            | "version"
            | "review_interval"
            | "next_review"
            | "last_reviewed"
            | "effective_on"
            | "classification"
    )
}
