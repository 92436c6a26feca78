//! Built-in catalogues: ISO/IEC 27001:2022 Annex A, the 2013 list, the 2013→2022
//! correspondence and clauses 4–10. The data lives in `rules/catalog/*.tsv` and is embedded.
//! In `model` because reading a table already needs it (is an ID an Annex A control?); the
//! `catalog` module re-exports it beside the pattern packs.

use std::collections::BTreeMap;

const ANNEX_A_2022: &str = include_str!("../../rules/catalog/annexa-2022.tsv");
const ANNEX_A_2013: &str = include_str!("../../rules/catalog/annexa-2013.tsv");
const MAP_2013_2022: &str = include_str!("../../rules/catalog/map-2013-2022.tsv");
const CLAUSES_2022: &str = include_str!("../../rules/catalog/clauses-2022.tsv");
const CLAUSE_KEYWORDS: &str = include_str!("../../rules/catalog/clause-keywords.tsv");

#[derive(Debug, Clone)]
pub struct CatalogControl {
    pub id: String,
    pub title: String,
    pub theme: String,
}

#[derive(Debug, Clone)]
pub struct Clause {
    pub id: String,
    pub title: String,
    pub documented_information: String,
    pub doc_kind: String,
    /// Words in a document's title or type that show it covers this clause (DOC009).
    pub keywords: Vec<String>,
}

impl Clause {
    /// The clause requires documented information to be available or retained.
    pub fn requires_document(&self) -> bool {
        matches!(self.doc_kind.as_str(), "available" | "retained")
    }
}

#[derive(Debug, Default)]
pub struct Catalog {
    /// 2022 controls in catalogue order.
    pub controls: Vec<CatalogControl>,
    /// foldhash, not SipHash: the keys are the catalogue's own IDs, and every control ID a
    /// register cites is looked up here, several times per risk across the rules (issue 16).
    index: foldhash::HashMap<String, usize>,
    /// 2013 control ID → title.
    pub legacy: BTreeMap<String, String>,
    /// 2013 control ID → 2022 control IDs.
    pub legacy_map: BTreeMap<String, Vec<String>>,
    pub clauses: Vec<Clause>,
}

/// Rows of a TSV with a header row; blank lines skipped.
fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect())
}

impl Catalog {
    pub fn builtin() -> Self {
        let mut cat = Catalog::default();
        for r in rows(ANNEX_A_2022) {
            cat.add_control(CatalogControl {
                id: r[0].to_string(),
                title: r.get(1).unwrap_or(&"").to_string(),
                theme: r.get(2).unwrap_or(&"").to_string(),
            });
        }
        for r in rows(ANNEX_A_2013) {
            cat.legacy
                .insert(r[0].to_string(), r.get(1).unwrap_or(&"").to_string());
        }
        for r in rows(MAP_2013_2022) {
            if let Some(new) = r.get(1) {
                cat.legacy_map
                    .entry(r[0].to_string())
                    .or_default()
                    .push(new.to_string());
            }
        }
        for r in rows(CLAUSES_2022) {
            let get = |i: usize| r.get(i).unwrap_or(&"").to_string();
            cat.clauses.push(Clause {
                id: get(0),
                title: get(1),
                documented_information: get(2),
                doc_kind: get(3),
                keywords: Vec::new(),
            });
        }
        for r in rows(CLAUSE_KEYWORDS) {
            if let Some(c) = cat.clauses.iter_mut().find(|c| c.id == r[0]) {
                // A clause may have several rows (English, then other languages' words).
                c.keywords.extend(
                    r.get(1)
                        .unwrap_or(&"")
                        .split('|')
                        .filter(|k| !k.is_empty())
                        .map(str::to_string),
                );
            }
        }
        cat
    }

    /// The built-in catalogue, built once per process (table classification asks it for every
    /// table).
    pub fn shared() -> &'static Catalog {
        static SHARED: std::sync::LazyLock<Catalog> = std::sync::LazyLock::new(Catalog::builtin);
        &SHARED
    }

    fn add_control(&mut self, c: CatalogControl) {
        self.index.insert(c.id.clone(), self.controls.len());
        self.controls.push(c);
    }

    pub fn control(&self, id: &str) -> Option<&CatalogControl> {
        self.index.get(id).map(|&i| &self.controls[i])
    }

    pub fn is_legacy(&self, id: &str) -> bool {
        self.legacy.contains_key(id)
    }

    /// The 2022 controls a 2013 control maps to.
    pub fn successors(&self, legacy_id: &str) -> &[String] {
        self.legacy_map
            .get(legacy_id)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_the_standard() {
        let cat = Catalog::builtin();
        assert_eq!(cat.controls.len(), 93);
        assert_eq!(cat.legacy.len(), 114);
        assert_eq!(cat.successors("A.18.2.3"), ["A.5.36", "A.8.8"]);
        assert_eq!(cat.control("A.8.28").unwrap().title, "Secure coding");
        let new_in_2022 = cat
            .controls
            .iter()
            .filter(|c| !cat.legacy_map.values().any(|v| v.contains(&c.id)))
            .count();
        assert_eq!(new_in_2022, 11);
    }
}
