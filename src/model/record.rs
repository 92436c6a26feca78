//! What a parser produces: records of a kind, each field with its raw text and location.

use crate::source::Loc;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Control,
    Risk,
    Owner,
    Document,
    Evidence,
    Asset,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Control,
        Kind::Risk,
        Kind::Owner,
        Kind::Document,
        Kind::Evidence,
        Kind::Asset,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Control => "control",
            Kind::Risk => "risk",
            Kind::Owner => "owner",
            Kind::Document => "document",
            Kind::Evidence => "evidence",
            Kind::Asset => "asset",
        }
    }

    /// Read a kind from config, a YAML `kind:` key, a front-matter `type:` or a top-level
    /// collection key (`controls:`, `risks:`).
    pub fn from_word(word: &str) -> Option<Kind> {
        let w = crate::model::values::norm_key(word);
        Some(match w.as_str() {
            "control" | "controls" | "soa" | "statementofapplicability" | "annexa" => Kind::Control,
            "risk" | "risks" | "riskregister" | "register" => Kind::Risk,
            "owner" | "owners" | "people" | "person" | "persons" | "roles" | "role" | "staff"
            | "team" | "users" => Kind::Owner,
            "document" | "documents" | "policy" | "policies" | "procedure" | "procedures"
            | "standard" | "standards" | "plan" | "plans" | "record" | "records" | "guideline"
            | "guidelines" | "process" | "manual" => Kind::Document,
            "evidence" | "evidences" | "evidenceitem" => Kind::Evidence,
            "asset" | "assets" | "assetregister" | "inventory" => Kind::Asset,
            _ => return None,
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone)]
pub enum RawValue {
    /// Explicit null, or an empty cell.
    Null,
    Text(String),
    /// A YAML sequence: each item with its own location.
    List(Vec<(String, Loc)>),
    /// A nested mapping or other structure no field reads as a value.
    Nested,
}

#[derive(Debug, Clone)]
pub struct RawField {
    /// The key or column header as written.
    pub key: String,
    pub value: RawValue,
    /// Location of the value (the cell, or the YAML value node).
    pub loc: Loc,
    /// `true` when the text at `loc` is exactly the value (plain YAML, unquoted cell), so
    /// offsets inside the value are offsets in the file.
    pub verbatim: bool,
}

/// What a table row is for, besides being a record of its kind. Most rows are register rows;
/// some tables of an SoA only add to it (issue 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Register,
    /// A row of an "Excluded controls" summary (`Control | Justification`): the control is
    /// excluded, with this justification.
    Exclusion,
    /// A row of a traceability table (`Control | Risk IDs`): links added to the control's SoA
    /// row.
    Links,
    /// A row of a clause checklist (`Clause | Requirement | Yes/No/N/A`): its ID is a clause of
    /// ISO 27001, never an Annex A control.
    Clause,
}

#[derive(Debug, Clone)]
pub struct RawRecord {
    pub kind: Kind,
    /// The whole row or mapping.
    pub loc: Loc,
    pub fields: Vec<RawField>,
    /// The value used as ID when the record is a mapping keyed by ID.
    pub key_id: Option<(String, Loc)>,
    /// Column mapping given in config: header as written → canonical field.
    pub column_map: Option<std::sync::Arc<Vec<(String, String)>>>,
    pub role: Role,
}

impl RawField {
    /// Location of a sub-range `[start, end)` of the value text.
    pub fn sub_loc(&self, start: usize, end: usize) -> Loc {
        if self.verbatim && self.loc.cell.is_none() {
            Loc::new(self.loc.file, self.loc.start + start, self.loc.start + end)
        } else {
            self.loc.clone()
        }
    }
}
