//! The model: entities indexed by ID, references resolved into edges both ways.

use crate::model::control_id::ControlRef;
use crate::model::entity::*;
use crate::model::record::Kind;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Default)]
pub struct Model {
    pub controls: Vec<Control>,
    pub risks: Vec<Risk>,
    pub owners: Vec<Owner>,
    pub documents: Vec<Document>,
    pub evidence: Vec<Evidence>,
    pub assets: Vec<Asset>,
    /// Kinds that at least one source provides: references are checked only against these.
    pub sourced: BTreeSet<Kind>,
    /// Files that hold SoA rows, by file ID, in the order found.
    pub soa_files: Vec<usize>,
    /// Files named or titled like an SoA that gave no control, and why (issue 17 item 1).
    pub soa_tried: Vec<(String, String)>,
    /// Document text for the text rules.
    pub text: TextIndex,
    /// Records of one ID that disagree (issue 17): IN003.
    pub conflicts: Vec<crate::model::merge::Conflict>,
    index: Indexes,
}

/// Prose, links and anchors of the repository's documents.
#[derive(Debug, Default)]
pub struct TextIndex {
    pub prose: Vec<crate::model::text::Prose>,
    pub links: Vec<crate::model::text::Link>,
    /// Heading anchors of each Markdown file.
    pub anchors: HashMap<crate::source::FileId, Vec<String>>,
    /// Headings of each Markdown file as written (for a site generator's slug rules).
    pub headings: HashMap<crate::source::FileId, Vec<crate::model::text::Heading>>,
    /// Field values that are whole placeholders, reported by their field's rule.
    pub placeholders: Vec<crate::source::Loc>,
    /// Where each Markdown document's metadata is written, statement by statement.
    pub doc_meta: HashMap<crate::source::FileId, crate::model::metadata::DocMeta>,
}

#[derive(Debug, Default)]
struct Indexes {
    /// Control ID → SoA rows (more than one is a duplicate).
    controls: HashMap<String, Vec<usize>>,
    /// Risk ID → its first row (by lookup key; the row's own ID tells keys apart: `owns`).
    risks: crate::model::first_rows::FirstRows,
    owners: HashMap<String, usize>,
    documents: HashMap<String, usize>,
    evidence: HashMap<String, usize>,
    assets: HashMap<String, usize>,
    /// Control ID → (risk index, item index) of risks that cite it; `u32`s (rows of files of at
    /// most 64 MiB): 100 units' 200,000 citations were 6 MB as `usize` pairs.
    risks_citing: HashMap<String, Vec<(u32, u32)>>,
    /// Control ID → evidence items that cover it.
    evidence_for: HashMap<String, Vec<u32>>,
}

/// The row is one of the lookup key `k`.
fn owns(risks: &[Risk], row: usize, k: &str) -> bool {
    risks[row].id.get().is_some_and(|id| same_key(id, k))
}

/// `key(id) == k`, without a string for `key(id)` where `id` is ASCII.
fn same_key(id: &str, k: &str) -> bool {
    let s = id.trim().trim_start_matches('@');
    if s.is_ascii() {
        s.len() == k.len()
            && s.bytes()
                .zip(k.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        key(id) == k
    }
}

/// Add `value` to the list of `id`, copying the ID only the first time it is seen: 100,000 risks
/// cite a few hundred controls, and a copy per citation was most of the index (issue 16).
fn push_at<T>(map: &mut HashMap<String, Vec<T>>, id: &str, value: T) {
    match map.get_mut(id) {
        Some(list) => list.push(value),
        None => {
            map.insert(id.to_string(), vec![value]);
        }
    }
}

/// Lookup key: case-insensitive, and `@alice` names the same person as `alice`.
fn key(s: &str) -> String {
    let s = s.trim().trim_start_matches('@');
    // The same lower case for ASCII text, without a `char` at a time (issue 16).
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

impl Model {
    /// Small enough that the rules may run side by side (`rules::run`): below half a million
    /// entities and text blocks, two rules' working sets alive at once cost little memory
    /// (100 business units, 355,103: +0.5 MB of 338 MB), while a million-row register's cost
    /// tens of megabytes (+77 MB on a 1M-row CSV, +63 MB on a 1M-row Markdown table).
    pub fn is_small(&self) -> bool {
        const SMALL: usize = 500_000;
        self.controls.len()
            + self.risks.len()
            + self.owners.len()
            + self.documents.len()
            + self.evidence.len()
            + self.assets.len()
            + self.text.prose.len()
            < SMALL
    }

    /// Build the indexes; call once after all entities are in.
    pub fn index(&mut self) {
        let mut ix = Indexes::default();
        let mut soa_files: std::collections::HashSet<usize> =
            self.soa_files.iter().copied().collect();
        for (i, c) in self.controls.iter().enumerate() {
            if let Some(r) = c.control_ref() {
                ix.controls.entry(r.id().to_string()).or_default().push(i);
            }
            if soa_files.insert(c.loc.file()) {
                self.soa_files.push(c.loc.file());
            }
        }
        for (i, r) in self.risks.iter().enumerate() {
            if let Some(id) = r.id.get() {
                ix.risks
                    .push(key(id), i, |row, k| owns(&self.risks, row, k));
            }
            for (j, item) in r.controls.iter().enumerate() {
                push_at(&mut ix.risks_citing, item.value.id(), (i as u32, j as u32));
            }
        }
        for (i, o) in self.owners.iter().enumerate() {
            for name in o.names() {
                ix.owners.entry(key(name)).or_insert(i);
            }
        }
        for (i, d) in self.documents.iter().enumerate() {
            if let Some(id) = d.id.get() {
                ix.documents.entry(key(id)).or_insert(i);
            }
        }
        for (i, e) in self.evidence.iter().enumerate() {
            if let Some(id) = e.id.get() {
                ix.evidence.entry(key(id)).or_insert(i);
            }
            for c in &e.controls {
                push_at(&mut ix.evidence_for, c.value.id(), i as u32);
            }
        }
        for (i, a) in self.assets.iter().enumerate() {
            for name in [&a.id, &a.name].into_iter().filter_map(|f| f.get()) {
                ix.assets.entry(key(name)).or_insert(i);
            }
        }
        // Debug builds check each ID's row against a map of the keys themselves.
        #[cfg(debug_assertions)]
        {
            let mut first: HashMap<String, usize> = HashMap::new();
            for (i, r) in self.risks.iter().enumerate() {
                if let Some(id) = r.id.get() {
                    first.entry(key(id)).or_insert(i);
                }
            }
            for (k, i) in first {
                let found = ix.risks.get(&k, |row, k| owns(&self.risks, row, k));
                assert_eq!(found, Some(i), "risk `{k}`");
            }
        }
        self.index = ix;
    }

    pub fn has_soa(&self) -> bool {
        self.sourced.contains(&Kind::Control) || !self.controls.is_empty()
    }

    /// The first SoA row for a control ID.
    pub fn soa_row(&self, id: &str) -> Option<&Control> {
        self.index
            .controls
            .get(id)
            .and_then(|rows| rows.first())
            .map(|&i| &self.controls[i])
    }

    pub fn soa_rows(&self, id: &str) -> &[usize] {
        self.index
            .controls
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The first risk of an ID.
    pub fn risk(&self, id: &str) -> Option<&Risk> {
        self.index
            .risks
            .get(&key(id), |row, k| owns(&self.risks, row, k))
            .map(|i| &self.risks[i])
    }

    /// The owner a reference names: by ID or name, or, for `Name, Role`, `Name (Role)` and
    /// `Name / Role`, by one of its parts (`James Doe, CEO` is James Doe).
    pub fn owner(&self, name: &str) -> Option<&Owner> {
        let get = |s: &str| self.index.owners.get(&key(s)).map(|&i| &self.owners[i]);
        get(name).or_else(|| {
            name.split([',', '(', ')', '/', ';'])
                .map(str::trim)
                .filter(|p| !p.is_empty() && p.len() < name.trim().len())
                .find_map(get)
        })
    }

    pub fn document(&self, id: &str) -> Option<&Document> {
        self.index
            .documents
            .get(&key(id))
            .map(|&i| &self.documents[i])
    }

    pub fn evidence_item(&self, id: &str) -> Option<&Evidence> {
        self.index
            .evidence
            .get(&key(id))
            .map(|&i| &self.evidence[i])
    }

    pub fn asset(&self, id: &str) -> Option<&Asset> {
        self.index.assets.get(&key(id)).map(|&i| &self.assets[i])
    }

    /// Risks whose `controls` cite this control: (risk, the citing item).
    pub fn risks_citing(
        &self,
        control_id: &str,
    ) -> impl Iterator<Item = (&Risk, &Item<ControlRef>)> {
        self.index
            .risks_citing
            .get(control_id)
            .into_iter()
            .flatten()
            .map(|&(r, j)| {
                (
                    &self.risks[r as usize],
                    &self.risks[r as usize].controls[j as usize],
                )
            })
    }

    /// Evidence items that name this control.
    pub fn evidence_for(&self, control_id: &str) -> impl Iterator<Item = &Evidence> {
        self.index
            .evidence_for
            .get(control_id)
            .into_iter()
            .flatten()
            .map(|&i| &self.evidence[i as usize])
    }

    /// A control is linked to a risk from either side: a risk's `controls` names it, or the SoA
    /// row's `risks` names a risk that exists (or any risk, when there is no risk register).
    pub fn control_has_risk_link(&self, c: &Control) -> bool {
        let id = c.id_str();
        self.risks_citing(id).next().is_some()
            || c.risks
                .iter()
                .any(|r| !self.sourced.contains(&Kind::Risk) || self.risk(&r.value).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::{key, same_key};

    #[test]
    fn same_key_is_key_equality() {
        let ids = [
            "R-1",
            "r-1",
            " R-1 ",
            "@R-1",
            "@ R-1",
            "R-10",
            "",
            "@",
            "Řízení",
            "řízení",
            "ŘÍZENÍ",
            "ΟΔΟΣ",
            "οδος",
            "İ",
            "i",
            "\u{130}x",
            "K",
            "\u{212a}",
        ];
        for a in ids {
            for b in ids {
                assert_eq!(same_key(a, &key(b)), key(a) == key(b), "{a:?} {b:?}");
            }
        }
    }
}
