//! Document metadata labels in the languages of issue 13, as data (`rules/lang/doc-labels.tsv`):
//! the labels of document fields (`Verantwortlich`, `Próxima Revisão`, `Schválil`), which the
//! alias table adds to the document kind so front matter, label lines and document-control
//! tables all read them; the headers of revision tables (`Versão | Data | Autor`); the words of
//! the headings over them; and a cheap guess of a document's language from its labels.

use crate::model::lang::Lang;
use crate::model::values::{fold, norm_key};
use std::collections::HashMap;
use std::sync::LazyLock;

const DOC_LABELS_TSV: &str = include_str!("../../rules/lang/doc-labels.tsv");
const FIELDS_TSV: &str = include_str!("../../rules/fields.tsv");

/// English document labels (`rules/fields.tsv`, the document kind, and the revision-table words
/// of `doc_meta`), normalised: a label written the same in English and another language
/// (`Version`, `Classification`, `Status`) says nothing about the language.
static ENGLISH: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    let mut set: std::collections::HashSet<String> = FIELDS_TSV
        .lines()
        .filter_map(|l| l.strip_prefix("document\t"))
        .flat_map(|rest| {
            let mut cols = rest.split('\t');
            let field = cols.next().unwrap_or("");
            let aliases = cols.next().unwrap_or("");
            std::iter::once(field).chain(aliases.split('|'))
        })
        .map(norm_key)
        .collect();
    set.extend(
        [
            "date",
            "author",
            "changes",
            "description",
            "public",
            "internal",
            "confidential",
        ]
        .map(String::from),
    );
    set
});

struct Labels {
    /// Normalised word (and its accent-free form) → (what, languages that use it).
    by_key: HashMap<String, Vec<(&'static str, Lang)>>,
    /// `heading:*` words, lowercased and folded: (what, word).
    headings: Vec<(&'static str, String)>,
}

static LABELS: LazyLock<Labels> = LazyLock::new(|| {
    let mut labels = Labels {
        by_key: HashMap::new(),
        headings: Vec::new(),
    };
    for (what, lang, word) in label_rows() {
        if let Some(kind) = what.strip_prefix("heading:") {
            labels.headings.push((kind, fold(word)));
            continue;
        }
        let key = norm_key(word);
        for k in [fold(&key), key] {
            let e = labels.by_key.entry(k).or_default();
            if !e.contains(&(what, lang)) {
                e.push((what, lang));
            }
        }
    }
    labels
});

/// Document field labels: (canonical document field, word as written). The alias table adds
/// these to the document kind (with their accent-free forms).
///
/// Read from the file itself (`label_rows`, as `LABELS` reads it): the alias table is built at
/// every start, and `LABELS` (its keys folded and hashed, 2.3M instructions) only when a
/// document's labels are looked up (issue 16).
pub fn field_labels() -> impl Iterator<Item = (&'static str, &'static str)> {
    label_rows()
        .filter(|(what, ..)| is_field_label(what))
        .map(|(what, _, word)| (what, word))
}

/// Is a row's `what` a document field (no `rev:`, `heading:`, …, nor the bare date and author)?
fn is_field_label(what: &str) -> bool {
    !what.contains(':') && !matches!(what, "date" | "author")
}

/// The rows of `rules/lang/doc-labels.tsv`: (what, language, word as written), in file order.
fn label_rows() -> impl Iterator<Item = (&'static str, Lang, &'static str)> {
    DOC_LABELS_TSV
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (Some(what), Some(lang), Some(words)) = (cols.next(), cols.next(), cols.next())
            else {
                return None;
            };
            let lang = Lang::from_word(lang)?;
            Some(
                words
                    .split('|')
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                    .map(move |word| (what, lang, word)),
            )
        })
        .flatten()
}

/// Build the label table now (`engine::warm_up`: on an idle core, before a document needs it).
pub fn warm() {
    LazyLock::force(&LABELS);
}

fn lookup(label: &str) -> &'static [(&'static str, Lang)] {
    let key = norm_key(label);
    LABELS
        .by_key
        .get(&key)
        .or_else(|| LABELS.by_key.get(&fold(&key)))
        .map_or(&[], Vec::as_slice)
}

/// The revision-table column a header names in one of these languages: `version`, `date`,
/// `author` or `changes`.
pub fn revision_column(header: &str) -> Option<&'static str> {
    lookup(header)
        .iter()
        .find_map(|(what, _)| what.strip_prefix("rev:"))
}

/// An owner label that names who wrote the document (`Autor`, `Rédigé par`, `Zpracoval`).
pub fn is_author_label(label: &str) -> bool {
    lookup(label).iter().any(|(what, _)| *what == "author")
}

/// The classification level a value names in any of these languages or English (`INTERNO`,
/// `Interne`, `Internal` → `internal`), for comparing two statements of it.
pub fn classification_level(value: &str) -> Option<&'static str> {
    lookup(value)
        .iter()
        .find_map(|(what, _)| what.strip_prefix("class:"))
}

/// A bare date label (`Datum`, `Data`, `Fecha`).
pub fn is_date_label(label: &str) -> bool {
    lookup(label).iter().any(|(what, _)| *what == "date")
}

/// A heading or caption that names a document-control block (`kind` = `control`) or a
/// revision history (`revision`) in one of these languages.
pub fn heading_names(kind: &str, title: &str) -> bool {
    // Per kind, one search for all its words: every heading of every document is asked
    // (~3,600 instructions a heading as one `contains` a word).
    static SEARCH: LazyLock<Vec<(&'static str, Option<aho_corasick::AhoCorasick>)>> =
        LazyLock::new(|| {
            let mut kinds: Vec<&'static str> = LABELS.headings.iter().map(|(k, _)| *k).collect();
            kinds.sort_unstable();
            kinds.dedup();
            kinds
                .into_iter()
                .map(|kind| {
                    let words = LABELS.headings.iter().filter(|(k, _)| *k == kind);
                    let ac = crate::pattern::word_search(
                        words.map(|(_, w)| w.as_str()),
                        aho_corasick::MatchKind::Standard,
                        false,
                    );
                    (kind, ac)
                })
                .collect()
        });
    let t = fold(title);
    match SEARCH.iter().find(|(k, _)| *k == kind) {
        Some((_, Some(ac))) => ac.is_match(&t),
        _ => LABELS
            .headings
            .iter()
            .any(|(k, w)| *k == kind && t.contains(w.as_str())),
    }
}

/// The language a document's metadata labels are written in, when they say: the language with
/// the most labels among them, if one has more than every other (a label several languages
/// share counts for each). English labels are not listed here: a document labelled only in
/// English has no language from this guess. Small and replaceable: the table language
/// detection of issue 13 item 2 can take its place.
pub fn language_of<'a>(labels: impl IntoIterator<Item = &'a str>) -> Option<Lang> {
    let mut votes: Vec<(Lang, usize)> = Vec::new();
    for label in labels {
        if ENGLISH.contains(&norm_key(label)) {
            continue;
        }
        let mut langs: Vec<Lang> = lookup(label).iter().map(|(_, l)| *l).collect();
        langs.sort_unstable();
        langs.dedup();
        for l in langs {
            match votes.iter_mut().find(|(v, _)| *v == l) {
                Some((_, n)) => *n += 1,
                None => votes.push((l, 1)),
            }
        }
    }
    votes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    match votes.as_slice() {
        [(l, _)] => Some(*l),
        [(l, a), (_, b), ..] if a > b => Some(*l),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::aliases::FieldTable;
    use crate::model::record::Kind;

    #[test]
    fn labels_in_every_language_name_their_field() {
        let t = FieldTable::builtin();
        for (label, field) in [
            ("Verantwortlich", "owner"),
            ("Eigentümer", "owner"),
            ("Propriétaire", "owner"),
            ("Responsable", "owner"),
            ("Proprietário", "owner"),
            ("Responsabile", "owner"),
            ("Eigenaar", "owner"),
            ("Vlastník", "owner"),
            ("Właściciel", "owner"),
            ("Ιδιοκτήτης", "owner"),
            ("Versão", "version"),
            ("Versión", "version"),
            ("Versione", "version"),
            ("Verze", "version"),
            ("Wersja", "version"),
            ("Έκδοση", "version"),
            ("Genehmigt von", "approver"),
            ("Approuvé par", "approver"),
            ("Aprobado por", "approver"),
            ("Aprovado por", "approver"),
            ("Approvato da", "approver"),
            ("Goedgekeurd door", "approver"),
            ("Schválil", "approver"),
            ("Zatwierdził", "approver"),
            ("Εγκρίθηκε από", "approver"),
            ("Nächste Überprüfung", "next_review"),
            ("Próxima Revisão", "next_review"),
            ("Proxima Revisao", "next_review"),
            ("Prochaine révision", "next_review"),
            ("Próxima revisión", "next_review"),
            ("Prossima revisione", "next_review"),
            ("Volgende herziening", "next_review"),
            ("Příští revize", "next_review"),
            ("Następny przegląd", "next_review"),
            ("Επόμενη αναθεώρηση", "next_review"),
            ("ΕΠΟΜΕΝΗ ΑΝΑΘΕΩΡΗΣΗ", "next_review"),
            ("Gültig ab", "effective_on"),
            ("Klassifizierung", "classification"),
            ("Periodicidade de revisão", "review_interval"),
            ("Última revisão", "last_reviewed"),
        ] {
            assert_eq!(t.canonical(Kind::Document, label), Some(field), "{label}");
        }
        // English stays English; a word that is no label names nothing.
        assert_eq!(t.canonical(Kind::Document, "Owner"), Some("owner"));
        assert_eq!(t.canonical(Kind::Document, "Geschäftsführer"), None);
        assert_eq!(t.canonical(Kind::Document, "Datum"), None);
    }

    #[test]
    fn no_word_names_two_fields() {
        for (key, uses) in &LABELS.by_key {
            let mut whats: Vec<&str> = uses
                .iter()
                .map(|(w, _)| *w)
                .filter(|w| !w.contains(':') && !matches!(*w, "date" | "author"))
                .collect();
            whats.sort_unstable();
            whats.dedup();
            assert!(whats.len() <= 1, "{key} names {whats:?}");
        }
        // Every document field named here is a field of the document kind.
        let t = FieldTable::builtin();
        for (field, word) in field_labels() {
            assert!(
                t.fields(Kind::Document).contains(&field),
                "{field} ({word})"
            );
        }
    }

    #[test]
    fn revision_headers_and_headings() {
        assert_eq!(revision_column("Versão"), Some("version"));
        assert_eq!(revision_column("Data"), Some("date"));
        assert_eq!(revision_column("Autor"), Some("author"));
        assert_eq!(revision_column("Alterações"), Some("changes"));
        assert_eq!(revision_column("Änderungen"), Some("changes"));
        assert_eq!(revision_column("Controle"), None);
        assert!(heading_names("revision", "## Histórico de Revisões"));
        assert!(heading_names("revision", "Änderungshistorie"));
        assert!(heading_names("control", "> **Dokumentenkontrolle**"));
        assert!(!heading_names("control", "## Zugriffskontrolle"));
        // The one search says what a `contains` a word said.
        let each = |kind: &str, title: &str| {
            let t = fold(title);
            LABELS
                .headings
                .iter()
                .any(|(k, w)| *k == kind && t.contains(w.as_str()))
        };
        for title in [
            "## Histórico de Revisões",
            "Änderungshistorie",
            "> **Dokumentenkontrolle**",
            "## Zugriffskontrolle",
            "## Document control",
            "",
            "Ιστορικό αναθεωρήσεων",
        ] {
            for kind in ["control", "revision", "other"] {
                assert_eq!(
                    heading_names(kind, title),
                    each(kind, title),
                    "{kind} {title}"
                );
            }
        }
        assert!(is_date_label("Datum"));
        assert!(is_author_label("Autor"));
        assert!(!is_author_label("Proprietário"));
        assert_eq!(classification_level("INTERNO"), Some("internal"));
        assert_eq!(classification_level("Internal"), Some("internal"));
        assert_eq!(classification_level("CONFIDENCIAL"), Some("confidential"));
        assert_eq!(classification_level("Důvěrné"), Some("confidential"));
        assert_eq!(classification_level("Geheimnis"), None);
        assert!(!is_date_label("Version"));
    }

    #[test]
    fn a_document_language_from_its_labels() {
        assert_eq!(
            language_of([
                "Eigentümer",
                "Genehmigt von",
                "Version",
                "Nächste Überprüfung"
            ]),
            Some(Lang::De)
        );
        assert_eq!(
            language_of(["Versão", "Próxima Revisão", "owner"]),
            Some(Lang::Pt)
        );
        assert_eq!(language_of(["owner", "version"]), None);
        // English keys written the same in French or German do not outvote one Portuguese label.
        assert_eq!(
            language_of([
                "version",
                "classification",
                "owner",
                "Frequência de Revisão"
            ]),
            Some(Lang::Pt)
        );
        // `Datum` is German, Dutch and Czech: it alone does not say which.
        assert_eq!(language_of(["Datum"]), None);
    }
}
