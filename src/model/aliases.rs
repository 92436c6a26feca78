//! The alias tables: which headers and keys name which canonical field, per kind. The data is
//! `rules/fields.tsv`; config can add aliases (`aliases:` in ismslint.yaml). Headers in the
//! other languages (`rules/lang/`, `model::words`) are looked up after the English ones.

use crate::model::record::Kind;
use crate::model::values::norm_key;
use std::collections::HashMap;

pub(crate) const FIELDS_TSV: &str = include_str!("../../rules/fields.tsv");

#[derive(Debug, Clone)]
pub struct FieldTable {
    /// Per kind (`Kind as usize`): normalised alias → canonical field name (foldhash: looked up
    /// for every key of every record).
    aliases: Vec<foldhash::HashMap<String, &'static str>>,
    /// Canonical fields per kind, in table order.
    fields: HashMap<Kind, Vec<&'static str>>,
    /// Headers in the other languages are read too (`false`: English and config only).
    languages: bool,
    /// Different for tables that may answer differently: new with each table built and each
    /// alias added (a clone keeps it), so a caller may remember answers per stamp.
    stamp: u64,
}

/// A stamp no table had before.
fn next_stamp() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl FieldTable {
    /// English (`rules/fields.tsv`) and the other languages (`rules/lang/`).
    pub fn builtin() -> Self {
        FieldTable {
            languages: true,
            stamp: next_stamp(),
            ..FieldTable::english()
        }
    }

    /// `rules/fields.tsv` alone.
    pub fn english() -> Self {
        let mut table = FieldTable {
            aliases: vec![foldhash::HashMap::default(); Kind::ALL.len()],
            fields: HashMap::new(),
            languages: false,
            stamp: next_stamp(),
        };
        for line in FIELDS_TSV.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let mut cols = line.split('\t');
            let (Some(kind), Some(field)) = (cols.next(), cols.next()) else {
                continue;
            };
            let Some(kind) = Kind::from_word(kind) else {
                continue;
            };
            table.fields.entry(kind).or_default().push(field);
            let map = &mut table.aliases[kind as usize];
            map.insert(norm_key(field), field);
            for alias in cols.next().unwrap_or("").split('|') {
                let key = norm_key(alias);
                let key = if key.is_empty() {
                    alias.trim().to_string()
                } else {
                    key
                };
                if !key.is_empty() {
                    map.entry(key).or_insert(field);
                }
            }
        }
        // Document metadata labels in other languages (issue 13), with their accent-free forms;
        // an English alias keeps its field.
        let map = &mut table.aliases[Kind::Document as usize];
        for (field, word) in crate::model::doc_labels::field_labels() {
            let Some(field) = table
                .fields
                .get(&Kind::Document)
                .and_then(|f| f.iter().find(|f| **f == field))
            else {
                continue;
            };
            let key = norm_key(word);
            map.entry(crate::model::values::fold(&key)).or_insert(field);
            map.entry(key).or_insert(field);
        }
        table
    }

    /// Canonical fields of a kind.
    pub fn fields(&self, kind: Kind) -> &[&'static str] {
        self.fields.get(&kind).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Add an alias from config. Returns false if `field` is not a field of `kind`.
    pub fn add_alias(&mut self, kind: Kind, field: &str, alias: &str) -> bool {
        let Some(canonical) = self.fields(kind).iter().find(|f| **f == field).copied() else {
            return false;
        };
        self.aliases[kind as usize].insert(norm_key(alias), canonical);
        self.stamp = next_stamp();
        true
    }

    /// Equal stamps, equal answers from `canonical` (see `stamp`).
    pub fn stamp(&self) -> u64 {
        self.stamp
    }

    /// The canonical field a header or key names, if any.
    pub fn canonical(&self, kind: Kind, header: &str) -> Option<&'static str> {
        thread_local! {
            // Called for every field of every record: normalise into a reused buffer.
            static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        let map = &self.aliases[kind as usize];
        BUF.with_borrow_mut(|buf| {
            buf.clear();
            if header.is_ascii() {
                // The common case, without the Unicode tables.
                buf.extend(
                    header
                        .bytes()
                        .filter(u8::is_ascii_alphanumeric)
                        .map(|b| char::from(b.to_ascii_lowercase())),
                );
            } else {
                buf.extend(
                    header
                        .chars()
                        .filter(|c| c.is_alphanumeric())
                        .flat_map(char::to_lowercase),
                );
            }
            if buf.is_empty() {
                // `#` normalises to nothing; it is kept as its own alias.
                return map.get(header.trim()).copied();
            }
            map.get(buf.as_str()).copied().or_else(|| {
                if !self.languages {
                    return None;
                }
                let words = crate::model::words::Words::get();
                if header.is_ascii() {
                    words.field(kind, buf)
                } else {
                    words.field(kind, &crate::model::words::fold(header))
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve() {
        let t = FieldTable::builtin();
        assert_eq!(
            t.canonical(Kind::Control, "Applicable?"),
            Some("applicable")
        );
        assert_eq!(t.canonical(Kind::Control, "Appl"), Some("applicable"));
        assert_eq!(t.canonical(Kind::Control, "Control ID"), Some("id"));
        assert_eq!(t.canonical(Kind::Risk, "Risk Owner"), Some("owner"));
        assert_eq!(t.canonical(Kind::Risk, "L"), Some("likelihood"));
        assert_eq!(
            t.canonical(Kind::Document, "approval date"),
            Some("approved_on")
        );
        assert_eq!(t.canonical(Kind::Control, "Shoe size"), None);
    }

    #[test]
    fn no_alias_names_two_fields() {
        let mut seen: HashMap<(Kind, String), &str> = HashMap::new();
        for line in FIELDS_TSV.lines().skip(1) {
            let cols: Vec<_> = line.split('\t').collect();
            let kind = Kind::from_word(cols[0]).unwrap();
            for alias in std::iter::once(cols[1]).chain(cols[2].split('|')) {
                let key = norm_key(alias);
                let key = if key.is_empty() {
                    alias.to_string()
                } else {
                    key
                };
                if let Some(prev) = seen.insert((kind, key.clone()), cols[1]) {
                    assert_eq!(
                        prev, cols[1],
                        "alias {alias:?} of {kind} names {prev} and {}",
                        cols[1]
                    );
                }
            }
        }
    }
}
