//! One unreadable column is one finding (issue 17 item 2). When most filled cells of a column
//! fail to normalise (`High-ish`, `see notes`, a date format nobody configured), the rules that
//! read that field cannot run on the register: the IN002 findings of its cells become members of
//! one finding at the column, which gives the count and names the rules that could not run.
//! Waivers and the baseline still act on each cell (`diagnostic::group`).

use crate::diagnostic::Diagnostic;
use crate::diagnostic::group::Group;
use crate::diagnostic::input::invalid_value;
use crate::model::aliases::FieldTable;
use crate::model::record::{Kind, RawRecord, RawValue};
use crate::source::{Loc, SheetNo, SourceFile};
use std::collections::BTreeMap;

/// The rules that read a field: what cannot run when its column is unreadable.
fn rules_reading(kind: Kind, field: &str) -> Option<&'static str> {
    Some(match (kind, field) {
        (Kind::Control, "applicable") => {
            "SOA005 unjustified-exclusion, SOA007 unjustified-inclusion, SOA009 undecided-applicability, LNK001 control-without-risk, RSK006 excluded-control-treats-risk"
        }
        (Kind::Control, "status") => "SOA008 missing-status, LNK004 implemented-without-evidence",
        (Kind::Risk, "likelihood" | "impact" | "score") => {
            "RSK002 score-out-of-scale, RSK003 score-mismatch, RSK007 residual-exceeds-inherent, RSK008 unaccepted-residual-risk"
        }
        (Kind::Risk, "residual_likelihood" | "residual_impact" | "residual_score") => {
            "RSK007 residual-exceeds-inherent, RSK008 unaccepted-residual-risk"
        }
        (Kind::Risk, "treatment") => {
            "RSK004 missing-treatment, RSK005 treatment-without-controls, RSK008 unaccepted-residual-risk"
        }
        (Kind::Risk, "accepted_on") => "RSK008 unaccepted-residual-risk",
        (Kind::Risk, "acceptance_expires" | "next_review") => "RSK009 acceptance-expired",
        (Kind::Document, "approved_on" | "last_reviewed" | "next_review" | "review_interval") => {
            "DOC005 review-overdue"
        }
        (Kind::Evidence, "collected_on" | "expires" | "valid_for") => "EVD001 stale-evidence",
        (Kind::Owner, "left_on") => "LNK006 inactive-owner",
        _ => return None,
    })
}

/// A column: file, sheet, header as written (the record's shared copy of it), kind.
type Column = (usize, Option<SheetNo>, crate::model::record::Key, Kind);

fn contains(outer: &Loc, inner: &Loc) -> bool {
    if outer.file() != inner.file() {
        return false;
    }
    match (outer.sheet_cell(), inner.sheet_cell()) {
        (Some(a), Some(b)) => a == b,
        (None, None) => outer.start() <= inner.start() && inner.end() <= outer.end(),
        _ => false,
    }
}

/// The filled cells and the IN002 findings of each column, counted a record at a time: the
/// records of a big register are counted as they are normalised, and freed (`engine::model`).
/// The columns of a file are those of its own records, so files are counted apart: a `Columns`
/// holds the records of one file (`group` names that file).
#[derive(Default)]
pub struct Columns {
    filled: BTreeMap<Column, usize>,
    /// (record, finding) of each IN002 finding, by column.
    failed: BTreeMap<Column, Vec<(usize, usize)>>,
    /// The columns of the keys a table's rows share (one copy per column): each header is
    /// looked up once and its cells counted here, not once per cell in `filled`.
    shared: Vec<Shared>,
}

/// A key seen: the field it reads as, when a rule reads that field, and its filled cells.
/// (The key is kept while remembered, so no other key can take its address.)
struct Shared {
    key: crate::model::record::Key,
    kind: Kind,
    file: usize,
    read: Option<&'static str>,
    filled: usize,
}

impl Columns {
    /// Count record `i` (`raw`), whose normalising found `diags`.
    pub fn add(&mut self, i: usize, raw: &RawRecord, diags: &[Diagnostic], fields: &FieldTable) {
        for f in &raw.fields {
            // Cells of a text file (no sheet) under a shared key: counted in `shared`.
            let slot = if f.loc.is_cell() {
                None
            } else {
                self.slot(raw.kind, &f.key, f.loc.file(), fields)
            };
            let canon = match slot {
                Some(s) => self.shared[s].read,
                None => fields
                    .canonical(raw.kind, &f.key)
                    .filter(|c| rules_reading(raw.kind, c).is_some()),
            };
            if canon.is_none() {
                continue;
            }
            let text = match &f.value {
                RawValue::Text(t) => t.trim(),
                _ => continue,
            };
            // A number is never a placeholder (scores are most cells of a big register).
            let number = text.bytes().all(|b| b.is_ascii_digit());
            if text.is_empty() || !number && crate::model::values::placeholder(text).is_some() {
                continue;
            }
            let column = || -> Column {
                (
                    f.loc.file(),
                    f.loc.sheet_cell().map(|(sheet, ..)| sheet),
                    f.key.clone(),
                    raw.kind,
                )
            };
            for (j, d) in diags.iter().enumerate() {
                if d.rule.code == invalid_value::META.code
                    && d.group.is_none()
                    && d.loc.as_ref().is_some_and(|l| contains(&f.loc, l))
                {
                    self.failed.entry(column()).or_default().push((i, j));
                }
            }
            match slot {
                Some(s) => self.shared[s].filled += 1,
                None => *self.filled.entry(column()).or_default() += 1,
            }
        }
    }

    /// The slot of `key` in `shared`. Keys not shared by rows (YAML mappings hold their own)
    /// fill the slots once: then their cells are counted by column in `filled`, and slots and
    /// `filled` are added up by column in `group`.
    fn slot(
        &mut self,
        kind: Kind,
        key: &crate::model::record::Key,
        file: usize,
        fields: &FieldTable,
    ) -> Option<usize> {
        const SLOTS: usize = 64;
        let same =
            |s: &Shared| std::sync::Arc::ptr_eq(&s.key, key) && s.kind == kind && s.file == file;
        if let Some(i) = self.shared.iter().position(same) {
            return Some(i);
        }
        if self.shared.len() == SLOTS {
            return None;
        }
        let read = fields
            .canonical(kind, key)
            .filter(|c| rules_reading(kind, c).is_some());
        self.shared.push(Shared {
            key: key.clone(),
            kind,
            file,
            read,
            filled: 0,
        });
        Some(self.shared.len() - 1)
    }

    /// Does any column have a finding?
    pub fn any_failed(&self) -> bool {
        !self.failed.is_empty()
    }

    /// Mark the IN002 findings of mostly-unreadable columns as members of one finding per
    /// column: `group(i, j, g)` puts finding `j` of record `i` in group `g`.
    pub fn group(
        self,
        fields: &FieldTable,
        source: &SourceFile,
        mut group: impl FnMut(usize, usize, std::sync::Arc<Group>),
    ) {
        let mut filled = self.filled;
        for s in self.shared.into_iter().filter(|s| s.filled > 0) {
            *filled.entry((s.file, None, s.key, s.kind)).or_default() += s.filled;
        }
        for (column, members) in self.failed {
            let total = filled.get(&column).copied().unwrap_or(0);
            if members.len() < 3 || members.len() * 2 <= total {
                continue;
            }
            let (_, sheet, header, kind) = &column;
            let Some(canon) = fields.canonical(*kind, header) else {
                continue;
            };
            let path = &source.path;
            let place = match sheet.and_then(|s| source.sheets.name(s)) {
                Some(s) => format!("`{path}` (sheet `{s}`)"),
                None => format!("`{path}`"),
            };
            let key = [
                place,
                header.to_string(),
                total.to_string(),
                rules_reading(*kind, canon).unwrap_or("").to_string(),
            ]
            .join("\u{1f}");
            let g = std::sync::Arc::new(Group {
                key,
                merge: column_merge,
            });
            for (i, j) in members {
                group(i, j, g.clone());
            }
        }
    }
}

/// The one finding for an unreadable column, at its first unreadable cell.
fn column_merge(
    rule: &'static crate::diagnostic::RuleMeta,
    key: &str,
    members: &[crate::diagnostic::group::Member],
) -> Diagnostic {
    let mut parts = key.split('\u{1f}');
    let (place, header, total, rules) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let first = &members[0];
    let mut d = Diagnostic::new(
        rule,
        first.loc(),
        format!(
            "column `{header}` of {place}: {} of its {total} filled cells cannot be read, so {rules} could not run on those rows; the first: {}",
            members.len(),
            first.message()
        ),
    );
    d.label = format!("column `{header}`: {} unreadable values", members.len());
    d.help = first.help().map(str::to_string);
    d.entity = Some(format!("{place} column `{header}`").replace('`', ""));
    d.related = members
        .iter()
        .skip(1)
        .filter_map(|m| m.loc())
        .take(5)
        .map(|loc| crate::diagnostic::Label {
            loc,
            message: "unreadable".into(),
        })
        .collect();
    d
}
