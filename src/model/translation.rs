//! A register kept twice, in two languages (issue 13): a kit with `registers/` in English and
//! `registers-de/` in German holds every SoA row, risk and asset twice, with the same IDs and
//! translated text. The copy is a translation, not a second register: its records are not read
//! again (they would be duplicates, IN003, and every finding twice). `-v` says which file was
//! taken as the translation of which.

use crate::model::lang::Lang;
use crate::model::record::Kind;
use crate::source::FileId;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Of two tables of one kind, the later repeats the earlier when at least this share of its IDs
/// are the earlier one's.
const SHARE: f64 = 0.8;
/// Fewer records than this are not judged a translation, except a document (one record per
/// file: `POL-00.md` and `de/POL-00.md` with the same document ID).
const MIN_RECORDS: usize = 3;

/// The (kind, file) pairs whose records are translations of an earlier file's, each with that
/// earlier file. `records`: (kind, file, ID) of every record in file order; `langs`: the
/// language each file's tables were read as.
pub fn translated(
    records: &[(Kind, FileId, String)],
    langs: &HashMap<FileId, Lang>,
) -> BTreeMap<(Kind, FileId), FileId> {
    let mut ids: BTreeMap<(Kind, FileId), BTreeSet<String>> = BTreeMap::new();
    for (kind, file, id) in records {
        if !id.is_empty() {
            ids.entry((*kind, *file))
                .or_default()
                .insert(id.to_lowercase());
        }
    }
    let lang = |f: &FileId| langs.get(f).copied().unwrap_or(Lang::En);
    let mut out = BTreeMap::new();
    for ((kind, file), set) in &ids {
        if set.len() < MIN_RECORDS && *kind != Kind::Document {
            continue;
        }
        let original = ids
            .iter()
            .filter(|((k, f), _)| k == kind && f < file && lang(f) != lang(file))
            .filter(|((k, f), _)| !out.contains_key(&(*k, *f)))
            .find(|(_, other)| set.intersection(other).count() as f64 >= SHARE * set.len() as f64);
        if let Some(((_, f), _)) = original {
            out.insert((*kind, *file), *f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recs(kind: Kind, file: FileId, ids: &[&str]) -> Vec<(Kind, FileId, String)> {
        ids.iter().map(|i| (kind, file, i.to_string())).collect()
    }

    #[test]
    fn a_translated_copy_is_found_and_a_second_register_is_not() {
        let mut r = recs(Kind::Control, 1, &["A.5.1", "A.5.2", "A.5.3", "A.5.4"]);
        r.extend(recs(
            Kind::Control,
            2,
            &["A.5.1", "A.5.2", "A.5.3", "A.5.4"],
        ));
        // Same IDs, same language: duplicates (IN003), not a translation.
        r.extend(recs(
            Kind::Control,
            3,
            &["A.5.1", "A.5.2", "A.5.3", "A.5.4"],
        ));
        // Another language, other IDs: a register of its own.
        r.extend(recs(Kind::Risk, 4, &["R-1", "R-2", "R-3"]));
        r.extend(recs(Kind::Risk, 5, &["R-7", "R-8", "R-9"]));
        // One policy in two languages, and another policy.
        r.extend(recs(Kind::Document, 6, &["POL-00"]));
        r.extend(recs(Kind::Document, 7, &["POL-00"]));
        r.extend(recs(Kind::Document, 8, &["POL-01"]));
        let langs = HashMap::from([(2, Lang::De), (5, Lang::De), (7, Lang::De), (8, Lang::De)]);
        let t = translated(&r, &langs);
        assert_eq!(
            t,
            BTreeMap::from([((Kind::Control, 2), 1), ((Kind::Document, 7), 6)])
        );
    }
}
