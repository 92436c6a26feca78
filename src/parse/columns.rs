//! Which field each column (or key) holds. A config `columns:` mapping is a correction of
//! detection, never a replacement (issue 9 items 1–2): a mapped header reads the field config
//! names; every other header is read through the alias tables, except that an alias never takes
//! a field config gave to another column that is present (`columns: { impact: R }` on
//! `C | I | A | R | L` reads impact from `R` only: `I` is then not impact).

use crate::model::aliases::FieldTable;
use crate::model::record::Kind;
use crate::model::values::norm_key;

/// Config `columns:`: header as written → canonical field.
pub type Mapping = [(String, String)];

/// Two headers are the same when they match ignoring case, spaces and punctuation (`Risk ID`,
/// `risk_id`); headers made only of punctuation (`#`) must match exactly.
pub fn same_header(a: &str, b: &str) -> bool {
    let (na, nb) = (norm_key(a), norm_key(b));
    if na.is_empty() || nb.is_empty() {
        a.trim() == b.trim()
    } else {
        na == nb
    }
}

/// The field config maps `header` to, if config names this header (the first entry for a
/// header wins).
fn mapped<'m>(mapping: &'m Mapping, header: &str) -> Option<&'m str> {
    mapping
        .iter()
        .find(|(h, _)| same_header(h, header))
        .map(|(_, f)| f.as_str())
}

/// Fields that config maps to a header present in `headers`.
fn taken<'m>(mapping: &'m Mapping, headers: &[&str]) -> Vec<&'m str> {
    headers.iter().filter_map(|x| mapped(mapping, x)).collect()
}

/// The field each of `headers` holds for records of `kind`.
pub fn resolve(
    fields: &FieldTable,
    kind: Kind,
    mapping: Option<&Mapping>,
    headers: &[&str],
) -> Vec<Option<&'static str>> {
    let Some(mapping) = mapping.filter(|m| !m.is_empty()) else {
        return headers.iter().map(|h| fields.canonical(kind, h)).collect();
    };
    // A mapping to a field the kind does not have (a source without `kind:` whose table turns
    // out to be of another kind) leaves the column to the aliases, as `model::build` does.
    let of_kind = fields.fields(kind);
    let field_of =
        |h: &str| mapped(mapping, h).and_then(|f| of_kind.iter().find(|c| **c == f).copied());
    let taken: Vec<&str> = headers.iter().filter_map(|h| field_of(h)).collect();
    headers
        .iter()
        .map(|h| field_of(h).or_else(|| fields.canonical(kind, h).filter(|c| !taken.contains(c))))
        .collect()
}

/// The headers as detection should see them with the mapping applied: a mapped header becomes
/// its field's name, a header whose alias names a field config gave to another column becomes
/// empty (it names nothing), the others stay as written. Used to decide a table's kind.
pub fn effective_headers(
    fields: &FieldTable,
    mapping: Option<&Mapping>,
    headers: &[&str],
) -> Vec<String> {
    let Some(mapping) = mapping.filter(|m| !m.is_empty()) else {
        return headers.iter().map(|h| h.to_string()).collect();
    };
    let taken = taken(mapping, headers);
    headers
        .iter()
        .map(|h| match mapped(mapping, h) {
            Some(f) => f.to_string(),
            None if Kind::ALL
                .iter()
                .any(|k| fields.canonical(*k, h).is_some_and(|c| taken.contains(&c))) =>
            {
                String::new()
            }
            None => h.to_string(),
        })
        .collect()
}

/// The kind a header row describes once the mapping is applied.
pub fn sniff(fields: &FieldTable, mapping: Option<&Mapping>, headers: &[&str]) -> Option<Kind> {
    let effective = effective_headers(fields, mapping, headers);
    let refs: Vec<&str> = effective.iter().map(String::as_str).collect();
    crate::model::build::sniff_kind(fields, &refs)
}

/// The ID a raw record is written with (its key, or the field read as `id`), as written.
pub fn record_id<'r>(
    r: &'r crate::model::RawRecord,
    fields: &crate::model::aliases::FieldTable,
) -> Option<&'r str> {
    if let Some((id, _)) = r.key_id.as_deref() {
        return Some(id);
    }
    let keys: Vec<&str> = r.fields.iter().map(|f| f.key.as_str()).collect();
    let resolved = resolve(
        fields,
        r.kind,
        r.column_map.as_deref().map(|m| m.as_slice()),
        &keys,
    );
    let i = resolved.iter().position(|f| *f == Some("id"))?;
    match &r.fields[i].value {
        crate::model::RawValue::Text(t) => Some(t),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(h, f)| (h.to_string(), f.to_string()))
            .collect()
    }

    #[test]
    fn explicit_mapping_beats_aliases() {
        let t = FieldTable::builtin();
        let headers = ["ID", "Risk", "C", "I", "A", "R", "L", "Score"];
        let map = m(&[("R", "impact"), ("L", "likelihood")]);
        let got = resolve(&t, Kind::Risk, Some(&map), &headers);
        assert_eq!(
            got[3], None,
            "`I` is not impact when config maps impact to `R`"
        );
        assert_eq!(got[5], Some("impact"));
        assert_eq!(got[6], Some("likelihood"));
        // Detection still reads the columns config does not name.
        assert_eq!(got[0], Some("id"));
        assert_eq!(got[7], Some("score"));
        assert_eq!(sniff(&t, Some(&map), &headers), Some(Kind::Risk));
    }

    #[test]
    fn a_mapped_column_that_is_absent_takes_nothing() {
        let t = FieldTable::builtin();
        let headers = ["ID", "I", "L"];
        let map = m(&[("Impact (1-5)", "impact")]);
        let got = resolve(&t, Kind::Risk, Some(&map), &headers);
        assert_eq!(got[1], Some("impact"));
    }

    #[test]
    fn headers_match_ignoring_case_and_punctuation() {
        assert!(same_header("Risk ID", "risk_id"));
        assert!(same_header(" # ", "#"));
        assert!(!same_header("#", "No"));
    }
}
