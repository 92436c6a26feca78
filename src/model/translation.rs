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
    // The tables of each kind holding each ID, in file order. An original shares at least 80%
    // of a copy's IDs, so at least one: the tables to try for a copy are the earlier ones
    // holding one of its IDs, not every earlier table (5,000 documents: 12.5M pairs).
    let mut holders: HashMap<(Kind, &str), Vec<FileId>> = HashMap::new();
    for ((kind, file), set) in &ids {
        for id in set {
            holders.entry((*kind, id.as_str())).or_default().push(*file);
        }
    }
    let mut out = BTreeMap::new();
    let mut candidates: Vec<FileId> = Vec::new();
    for ((kind, file), set) in &ids {
        if set.len() < MIN_RECORDS && *kind != Kind::Document {
            continue;
        }
        candidates.clear();
        for id in set {
            if let Some(files) = holders.get(&(*kind, id.as_str())) {
                candidates.extend(files.iter().take_while(|f| *f < file));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let original = candidates
            .iter()
            .filter(|f| lang(f) != lang(file))
            .filter(|f| !out.contains_key(&(*kind, **f)))
            .find(|f| {
                let other = &ids[&(*kind, **f)];
                set.intersection(other).count() as f64 >= SHARE * set.len() as f64
            });
        if let Some(f) = original {
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

    #[test]
    fn the_first_earlier_table_sharing_enough_ids_is_the_original() {
        // File 1 shares one ID of four, file 2 all four, file 3 (a copy of 2, in German too)
        // is no original for 4; 4 is a copy of 2 (the first that shares enough).
        let mut r = recs(Kind::Risk, 1, &["R-1", "R-9", "R-10", "R-11"]);
        r.extend(recs(Kind::Risk, 2, &["R-1", "R-2", "R-3", "R-4"]));
        r.extend(recs(Kind::Risk, 3, &["R-1", "R-2", "R-3", "R-4"]));
        r.extend(recs(Kind::Risk, 4, &["r-1", "R-2", "R-3", "R-4", "R-5"]));
        let langs = HashMap::from([(3, Lang::De), (4, Lang::Fr)]);
        let t = translated(&r, &langs);
        assert_eq!(
            t,
            BTreeMap::from([((Kind::Risk, 3), 2), ((Kind::Risk, 4), 2)])
        );
    }
}
