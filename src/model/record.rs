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
        Kind::WORDS
            .iter()
            .find(|(word, _)| *word == w)
            .map(|(_, kind)| *kind)
    }

    /// The words that name each kind, compared after `norm_key` (case, spaces and punctuation
    /// aside). The config schema is generated from this table too.
    pub const WORDS: &'static [(&'static str, Kind)] = &[
        ("control", Kind::Control),
        ("controls", Kind::Control),
        ("soa", Kind::Control),
        ("statementofapplicability", Kind::Control),
        ("annexa", Kind::Control),
        ("risk", Kind::Risk),
        ("risks", Kind::Risk),
        ("riskregister", Kind::Risk),
        ("register", Kind::Risk),
        ("owner", Kind::Owner),
        ("owners", Kind::Owner),
        ("people", Kind::Owner),
        ("person", Kind::Owner),
        ("persons", Kind::Owner),
        ("roles", Kind::Owner),
        ("role", Kind::Owner),
        ("staff", Kind::Owner),
        ("team", Kind::Owner),
        ("users", Kind::Owner),
        ("document", Kind::Document),
        ("documents", Kind::Document),
        ("policy", Kind::Document),
        ("policies", Kind::Document),
        ("procedure", Kind::Document),
        ("procedures", Kind::Document),
        ("standard", Kind::Document),
        ("standards", Kind::Document),
        ("plan", Kind::Document),
        ("plans", Kind::Document),
        ("record", Kind::Document),
        ("records", Kind::Document),
        ("guideline", Kind::Document),
        ("guidelines", Kind::Document),
        ("process", Kind::Document),
        ("manual", Kind::Document),
        ("evidence", Kind::Evidence),
        ("evidences", Kind::Evidence),
        ("evidenceitem", Kind::Evidence),
        ("asset", Kind::Asset),
        ("assets", Kind::Asset),
        ("assetregister", Kind::Asset),
        ("inventory", Kind::Asset),
    ];
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
    /// Up to 24 bytes kept inline, longer text on the heap: most cells of a register (IDs,
    /// dates, scores, names) cost no allocation of their own, in 24 bytes like a boxed `str`
    /// (issue 16: a million-row register has ten million cells).
    Text(compact_str::CompactString),
    /// A YAML sequence: each item with its own location (inline up to 24 bytes, as `Text`).
    List(Box<[(compact_str::CompactString, Loc)]>),
    /// A nested mapping or other structure no field reads as a value.
    Nested,
}

/// A key or column header as written, one shared copy per column: a thin pointer (8 bytes,
/// not the 16 of `Arc<str>`), so a field is 56 bytes, not 64 (issue 16: a million-row
/// register holds ten million fields).
pub type Key = std::sync::Arc<String>;

#[derive(Debug, Clone)]
pub struct RawField {
    /// The key or column header as written; one shared copy per table column.
    pub key: Key,
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
    /// A row of a risk treatment plan, decisions table or acceptance log (`Risk ID | Treatment |
    /// Controls | Owner | Due`): it adds to the register's risk of that ID (issue 17). Its owner
    /// and status are the action's, not the risk's.
    Plan,
}

/// Config `values:` of a source: (canonical field, value as written, the value it means).
pub type ValueMap = Vec<(String, String, String)>;

#[derive(Debug, Clone)]
pub struct RawRecord {
    pub kind: Kind,
    /// The whole row or mapping.
    pub loc: Loc,
    pub fields: Vec<RawField>,
    /// The value used as ID when the record is a mapping keyed by ID.
    /// Boxed: most records have none, and a million-row table holds a million records.
    pub key_id: Option<Box<(String, Loc)>>,
    /// Column mapping given in config: header as written → canonical field.
    pub column_map: Option<std::sync::Arc<Vec<(String, String)>>>,
    pub role: Role,
    /// Config `values:` of the source: (field, value as written, the value it means).
    pub value_map: Option<std::sync::Arc<ValueMap>>,
    /// The language the record is written in, when known (issue 13): for a Markdown document,
    /// guessed from its metadata labels; tables: set by the table language detection.
    pub lang: Option<crate::model::lang::Lang>,
}

impl RawField {
    /// Location of a sub-range `[start, end)` of the value text.
    pub fn sub_loc(&self, start: usize, end: usize) -> Loc {
        if self.verbatim && !self.loc.is_cell() {
            Loc::new(
                self.loc.file(),
                self.loc.start() + start,
                self.loc.start() + end,
            )
        } else {
            self.loc
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million-row register holds ten million fields: their size is the register's memory.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_field_is_56_bytes() {
        use std::mem::size_of;
        assert_eq!(size_of::<Key>(), 8);
        assert_eq!(size_of::<RawValue>(), 24);
        assert_eq!(size_of::<Loc>(), 16);
        assert_eq!(size_of::<RawField>(), 56);
    }
}
