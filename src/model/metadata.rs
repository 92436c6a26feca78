//! Where a document's metadata was written (issue 11): front matter, a document-control table,
//! label lines (`**Owner:** CISO`), or the newest row of a revision table. Every statement is
//! kept with its place, so DOC004 can say where it looked and DOC011 can show two places that
//! disagree.

use crate::pattern::Pattern;
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
    /// A bold label alone deep in the body: it fills a gap, it is never compared (DOC011).
    pub weak: bool,
}

/// The metadata of one Markdown file, as found.
#[derive(Debug, Clone)]
pub struct DocMeta {
    pub file: FileId,
    /// Where the document record starts: register rows in the same file are other documents.
    pub document: Loc,
    /// Each place that held metadata, with where it starts and its 1-based line.
    pub places: Vec<(Place, Loc, usize)>,
    /// Every statement, front matter first, then body places in document order.
    pub statements: Vec<Statement>,
    /// The file is a record (minutes, a report, a log, a filled-in form), not a controlled
    /// document: it is not asked for an owner, a version, an approval or a review.
    pub record: bool,
}

impl DocMeta {
    /// The metadata of `d`, when `d` is the document of its file (not a row of a register
    /// table in it).
    pub fn of<'a>(
        all: &'a std::collections::HashMap<FileId, DocMeta>,
        d: &crate::model::Document,
    ) -> Option<&'a DocMeta> {
        all.get(&d.file).filter(|m| m.document == d.loc)
    }

    /// Front matter is one of the places (the file is not only body text).
    pub fn has_front_matter(&self) -> bool {
        self.places.iter().any(|(p, ..)| *p == Place::FrontMatter)
    }

    /// Is `field` written somewhere with a value, even one no parser could type (`Next review:
    /// Quarterly (management review)`)?
    pub fn states(&self, field: &str) -> bool {
        self.statements.iter().any(|s| {
            s.field == field
                && !s.value.trim().is_empty()
                && crate::model::values::placeholder(&s.value).is_none()
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

/// Is a file a record rather than a controlled document? By its name (`minutes`, `report`,
/// `log`, `tracker`, `register`, a date: `management-review-2026-06-09`) unless the name also
/// says policy, procedure, plan…, or by a `Record ID` label in its head.
pub fn is_record(path: &str, head: &str) -> bool {
    static DATED: Pattern = Pattern::new(
        r"(?i)(?:^|[^0-9])(?:20\d{2}-\d{2}(?:-\d{2})?|q[1-4]-?20\d{2}|20\d{2}-?q[1-4])(?:[^0-9]|$)",
    );
    static RECORD_LABEL: Pattern =
        Pattern::new(r"(?im)^[\s*_>|#-]{0,6}record\s*(?:id|no\.?|number)[\s*_]{0,4}[:|]");
    const RECORD_WORDS: &[&str] = &[
        "record",
        "records",
        "report",
        "reports",
        "minutes",
        "log",
        "logs",
        "tracker",
        "ata",
        "atas",
        "meeting",
        "register",
        "registro",
        "protokoll",
        "bericht",
        "acta",
        "journal",
        "dashboard",
        "worksheet",
        "calendar",
    ];
    const DOCUMENT_WORDS: &[&str] = &[
        "policy",
        "policies",
        "procedure",
        "procedures",
        "standard",
        "standards",
        "plan",
        "guideline",
        "guidelines",
        "manual",
        "process",
        "instruction",
        "methodology",
        "charter",
        "sop",
        "politica",
        "procedimento",
        "richtlinie",
        "template",
    ];
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name
        .rsplit_once('.')
        .map_or(name, |(s, _)| s)
        .to_lowercase();
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| DOCUMENT_WORDS.contains(w)) {
        return false;
    }
    // A date in the name marks a record (`management-review-2026-06-09`) unless the name also
    // carries a version (`ISMS-001_Scope_v0.1_2026-02-07`: a dated release of a document).
    let versioned = words
        .iter()
        .any(|w| w.len() > 1 && w.starts_with('v') && w[1..].bytes().all(|b| b.is_ascii_digit()));
    // Each pattern runs only on text holding a literal it cannot match without: `20` (every
    // date spelling), `record` in any case (no non-ASCII letter folds to one of its letters).
    // The head of a document was searched by the regex engine at ~100k instructions a file.
    let has_record = || {
        head.as_bytes()
            .windows(6)
            .any(|w| w.eq_ignore_ascii_case(b"record"))
    };
    words.iter().any(|w| RECORD_WORDS.contains(w))
        || (stem.contains("20") && DATED.is_match(&stem) && !versioned)
        || (has_record() && RECORD_LABEL.is_match(head))
}

#[cfg(test)]
mod tests {
    use super::is_record;

    #[test]
    fn records_by_name_date_or_label() {
        for r in [
            "docs/05-evidence/ata-aprovacao-sgsi-001.md",
            "docs/05-evidence/management-review-2026-06-09.md",
            "docs/05-evidence/dr-test-report-Q2-2026.md",
            "docs/05-evidence/corrective-action-log.md",
            "audit/AUD-005_Audit_Report.md",
        ] {
            assert!(is_record(r, ""), "{r}");
        }
        assert!(is_record(
            "x/AR-002.md",
            "# Repo access review\n\n**Record ID:** AR-002\n"
        ));
        // Dated and labelled in other spellings, past the literal checks that skip the regex.
        assert!(is_record("x/review-q3-2026.md", ""));
        assert!(is_record("x/review-2026Q3.md", ""));
        assert!(is_record("x/AR-003.md", "> RECORD NO. | AR-003\n"));
        assert!(!is_record("x/AR-004.md", "Recorded by: CISO\n"));
        for d in [
            "policies/records-retention-policy.md",
            "policies/logging-and-monitoring-policy.md",
            "procedures/incident-report-procedure.md",
            "policies/access-control.md",
            "isms/risk-treatment-plan-2026.md",
            "core/ISMS-001_Scope_v0.1_2026-02-07.md",
        ] {
            assert!(!is_record(d, "# Policy\n\nOwner: CISO\n"), "{d}");
        }
    }
}
