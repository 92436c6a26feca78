//! Words of registers written in other languages (issue 13), as data: `rules/lang/<code>.tsv`,
//! one file per language, with header aliases for the fields of every kind and the value words
//! for every normalised value (yes/no/undecided, control statuses, treatment options, level
//! words, placeholders). English stays in `rules/fields.tsv` and `model::values`.
//!
//! Matching folds case, punctuation and accents (`Aplicável?` = `aplicavel`, `Begrundung` =
//! `Begründung`, `Massnahme` = `Maßnahme`, Greek tonos); inflected forms are listed in the data
//! (`Vysoký|Vysoká|Vysoké`). Every language's words are active at once: the tests below prove
//! that no folded word names two different fields of one kind, or two different values of one
//! category, across all languages and English, so a table's language never changes what a word
//! means; the language a header is written in is still detected (`detect`), for `-v` and for
//! the conventions that are not words (date order).

use crate::model::lang::Lang;
use crate::model::record::Kind;
use crate::model::word_patterns::WordPatterns;
use std::borrow::Cow;
use std::sync::LazyLock;

mod folded;

const FILES: [(Lang, &str); 9] = [
    (Lang::De, include_str!("../../rules/lang/de.tsv")),
    (Lang::Fr, include_str!("../../rules/lang/fr.tsv")),
    (Lang::Es, include_str!("../../rules/lang/es.tsv")),
    (Lang::Pt, include_str!("../../rules/lang/pt.tsv")),
    (Lang::It, include_str!("../../rules/lang/it.tsv")),
    (Lang::Nl, include_str!("../../rules/lang/nl.tsv")),
    (Lang::Cs, include_str!("../../rules/lang/cs.tsv")),
    (Lang::Pl, include_str!("../../rules/lang/pl.tsv")),
    (Lang::El, include_str!("../../rules/lang/el.tsv")),
];

/// What a value word stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// yes / no / undecided (applicability and other yes/no cells).
    Tri,
    /// implemented / partial / planned / not_implemented / not_applicable.
    Status,
    /// modify / retain / avoid / share.
    Treatment,
    /// "nobody filled this in" (canonical `-`).
    Placeholder,
    /// A level of a word scale: very_low … critical, rare … almost_certain.
    Level,
    /// A column of a revision history table (`Versão | Data | Autor | Alterações`): version,
    /// date, author, changes.
    History,
    /// A column of a risk treatment plan that is no register field (`Risiko-ID | Maßnahme |
    /// Fällig`): the risk the row is about (`risk`), the action (`action`), its due date (`due`).
    Plan,
    /// Words of a free-text justification that state a reason other than risk (`Vertragliche
    /// Anforderung`, `DSGVO-Pflicht`): legal, contractual, business. Matched as whole words of
    /// the text; `*` stands for any word ending (`vertraglich*`, `wymagani* biznesow*`).
    Reason,
    /// A review that has no next date because it is continuous (`Fortlaufend`, `En continu`):
    /// the one value `continuous`.
    Review,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Tri,
        Category::Status,
        Category::Treatment,
        Category::Placeholder,
        Category::Level,
        Category::History,
        Category::Plan,
        Category::Reason,
        Category::Review,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Tri => "tri",
            Category::Status => "status",
            Category::Treatment => "treatment",
            Category::Placeholder => "placeholder",
            Category::Level => "level",
            Category::History => "history",
            Category::Plan => "plan",
            Category::Reason => "reason",
            Category::Review => "review",
        }
    }

    fn from_word(w: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == w)
    }
}

/// One row of a language file, as written (for `ismslint fields --language`).
#[derive(Debug, Clone)]
pub enum Row {
    Field {
        kind: Kind,
        field: &'static str,
        words: Vec<&'static str>,
    },
    Value {
        category: Category,
        value: &'static str,
        words: Vec<&'static str>,
    },
}

/// The loaded tables.
pub struct Words {
    /// Per kind (`Kind as usize`): folded header → canonical field, over all languages.
    fields: Vec<foldhash::HashMap<Cow<'static, str>, &'static str>>,
    /// Per category (`Category as usize`): folded word → canonical value, over all languages.
    /// Looked up for every value cell (placeholders): foldhash, and no key allocated per look-up.
    values: Vec<foldhash::HashMap<Cow<'static, str>, &'static str>>,
    /// Per category: the ASCII bytes of its folded words, as a bit set (`value`'s quick no).
    value_bytes: Vec<u128>,
    /// Folded header word (any kind) → the languages that use it, as a bit set of `Lang` (English
    /// from `rules/fields.tsv`).
    header_langs: foldhash::HashMap<Cow<'static, str>, u16>,
    /// Rows per language, as written.
    rows: Vec<(Lang, Row)>,
}

fn bit(l: Lang) -> u16 {
    1 << (l as u16)
}

/// FNV-1a of the files the tables are read from, in the order `load` reads them, computed
/// when the program is compiled: tells whether `folded.rs` was generated from these files.
const SOURCES_HASH: u64 = sources_hash();

const fn sources_hash() -> u64 {
    const fn fnv(mut h: u64, text: &str) -> u64 {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            h ^= bytes[i] as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
            i += 1;
        }
        // A file's end counts: moving a line from one file to the next changes the hash.
        h ^ 0xff
    }
    let mut h = fnv(0xcbf2_9ce4_8422_2325, crate::model::aliases::FIELDS_TSV);
    let mut i = 0;
    while i < FILES.len() {
        h = fnv(h, FILES[i].1);
        i += 1;
    }
    h
}

/// The generated `folded.rs`: every word's key (`key`), in the order `Words::load` reads them.
#[cfg(test)]
fn render_folded() -> String {
    let mut keys: Vec<String> = Vec::new();
    Words::load_with(|w| {
        let k = key(w);
        keys.push(k.clone());
        Cow::Owned(k)
    });
    let mut out = String::from(
        "//! Generated by `ISMSLINT_BLESS=1 cargo test --lib folded_words_are_current` from\n\
         //! rules/fields.tsv and rules/lang/*.tsv: each word's folded key, in the order\n\
         //! `Words::load` reads them. Do not edit.\n\n",
    );
    out.push_str(&format!(
        "pub(super) const SOURCES: u64 = {SOURCES_HASH:#018x};\n\n"
    ));
    out.push_str("#[rustfmt::skip]\npub(super) static KEYS: &[&str] = &[\n");
    for k in keys {
        out.push_str(&format!("    {k:?},\n"));
    }
    out.push_str("];\n");
    out
}

/// The base letter of an accented one (Latin and Greek), or the letters it is spelled with.
fn base(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ě' | 'ē' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ľ' | 'ĺ' | 'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ș' | 'ş' => "s",
        'ť' | 'ț' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ū' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'œ' => "oe",
        'æ' => "ae",
        'ά' => "α",
        'έ' => "ε",
        'ή' => "η",
        'ί' | 'ϊ' | 'ΐ' => "ι",
        'ό' => "ο",
        'ύ' | 'ϋ' | 'ΰ' => "υ",
        'ώ' => "ω",
        'ς' => "σ",
        _ => return None,
    })
}

/// A word or header as compared: lower case, letters and digits only, accents folded.
pub fn fold(s: &str) -> String {
    fold_chars(s.len(), s.chars().filter(|c| c.is_alphanumeric()))
}

/// Lower case with accents folded, everything else kept (`15. März` → `15. marz`): month and
/// interval words are read with their spaces and dots.
pub fn fold_accents(s: &str) -> String {
    fold_chars(s.len(), s.chars())
}

fn fold_chars(len: usize, chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(len);
    fold_chars_into(&mut out, chars);
    out
}

/// The ASCII bytes of `words`, as a bit set.
fn ascii_bytes<'w>(words: impl Iterator<Item = &'w Cow<'static, str>>) -> u128 {
    words
        .flat_map(|w| w.bytes())
        .filter(u8::is_ascii)
        .fold(0, |set, b| set | 1u128 << b)
}

fn fold_chars_into(out: &mut String, chars: impl Iterator<Item = char>) {
    for c in chars {
        // An ASCII letter's lower case is one ASCII letter with no accent to fold (most words
        // of most repositories: this is called for every header and value cell).
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for l in c.to_lowercase() {
            match base(l) {
                Some(b) => out.push_str(b),
                None => out.push(l),
            }
        }
    }
}

/// A word of a language file, folded; `#` and other words of no letters are kept trimmed.
fn key(w: &str) -> String {
    let k = fold(w);
    if k.is_empty() {
        w.trim().to_string()
    } else {
        k
    }
}

impl Words {
    /// The tables, with each word folded when `folded.rs` was generated from these very files
    /// (a run folds none of the ~6,000 words: 8% of a small repository's run, issue 16), else
    /// now.
    fn load() -> Words {
        if folded::SOURCES == SOURCES_HASH {
            let mut keys = folded::KEYS.iter();
            Words::load_with(|w| {
                let k = keys.next().copied().unwrap_or_default();
                debug_assert_eq!(k, key(w), "src/model/words/folded.rs is stale");
                Cow::Borrowed(k)
            })
        } else {
            Words::load_with(|w| Cow::Owned(key(w)))
        }
    }

    /// The tables, each word's key given by `key_of`, called once per word in the order of the
    /// files (the order of `folded::KEYS`).
    fn load_with(mut key_of: impl FnMut(&'static str) -> Cow<'static, str>) -> Words {
        let mut w = Words {
            fields: vec![foldhash::HashMap::default(); Kind::ALL.len()],
            values: vec![foldhash::HashMap::default(); Category::ALL.len()],
            value_bytes: Vec::new(),
            header_langs: foldhash::HashMap::default(),
            rows: Vec::new(),
        };
        // English headers count for detection (English wins ties); the canonical field names
        // are those of `rules/fields.tsv`.
        let mut canonical_fields: Vec<(Kind, &'static str)> = Vec::new();
        for line in crate::model::aliases::FIELDS_TSV.lines().skip(1) {
            // Columns read in place: a vector per line was ~1,300 allocations at start-up.
            let mut cols = line.split('\t');
            let (Some(kind), Some(field), Some(aliases)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            if let Some(kind) = Kind::from_word(kind) {
                canonical_fields.push((kind, field));
            }
            for a in std::iter::once(field).chain(aliases.split('|')) {
                *w.header_langs.entry(key_of(a)).or_default() |= bit(Lang::En);
            }
        }
        for (lang, text) in FILES {
            for line in text.lines() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let mut cols = line.split('\t');
                let (Some(what), Some(group), Some(canonical), Some(words), None) = (
                    cols.next(),
                    cols.next(),
                    cols.next(),
                    cols.next(),
                    cols.next(),
                ) else {
                    continue;
                };
                let list: Vec<&'static str> = words
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                match what {
                    "field" => {
                        let Some(kind) = Kind::from_word(group) else {
                            continue;
                        };
                        // The canonical name as written in `rules/fields.tsv`.
                        let Some(field) = canonical_fields
                            .iter()
                            .find(|(k, f)| *k == kind && *f == canonical)
                            .map(|(_, f)| *f)
                        else {
                            continue;
                        };
                        for a in &list {
                            let k = key_of(a);
                            *w.header_langs.entry(k.clone()).or_default() |= bit(lang);
                            w.fields[kind as usize].entry(k).or_insert(field);
                        }
                        w.rows.push((
                            lang,
                            Row::Field {
                                kind,
                                field,
                                words: list,
                            },
                        ));
                    }
                    "value" => {
                        let Some(category) = Category::from_word(group) else {
                            continue;
                        };
                        for a in &list {
                            w.values[category as usize]
                                .entry(key_of(a))
                                .or_insert(canonical);
                        }
                        w.rows.push((
                            lang,
                            Row::Value {
                                category,
                                value: canonical,
                                words: list,
                            },
                        ));
                    }
                    _ => {}
                }
            }
        }
        w.value_bytes = w
            .values
            .iter()
            .map(|words| ascii_bytes(words.keys()))
            .collect();
        w
    }

    /// The tables, loaded once.
    pub fn get() -> &'static Words {
        static WORDS: LazyLock<Words> = LazyLock::new(Words::load);
        &WORDS
    }

    /// The ASCII letters and digits (lower case) of a category's folded words, as a bit set:
    /// a word holding another is none of them (`value`'s quick no).
    pub fn value_bytes(&self, category: Category) -> u128 {
        self.value_bytes[category as usize]
    }

    /// The field a header names in one of the languages (folded), if any.
    pub fn field(&self, kind: Kind, folded: &str) -> Option<&'static str> {
        self.fields[kind as usize].get(folded).copied()
    }

    /// The canonical value a word stands for in one of the languages.
    pub fn value(&self, category: Category, word: &str) -> Option<&'static str> {
        thread_local! {
            // Called for every value cell: fold into a reused buffer.
            static BUF: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        let word = word.trim().trim_end_matches(['.', '!']);
        let fold_and_look_up = |word: &str| {
            BUF.with_borrow_mut(|k| {
                k.clear();
                fold_chars_into(k, word.chars().filter(|c| c.is_alphanumeric()));
                if k.is_empty() {
                    return None;
                }
                self.values[category as usize].get(k.as_str()).copied()
            })
        };
        // Folding keeps an ASCII letter or digit, lower-cased: a word holding one that none of
        // the category's words holds is none of them, and is not folded (`Synthetic risk 1000`
        // and every other unique title or ID has a digit no placeholder word has: ~500
        // instructions a value, issue 16).
        let known = self.value_bytes[category as usize];
        if word
            .bytes()
            .any(|b| b.is_ascii_alphanumeric() && known & (1u128 << b.to_ascii_lowercase()) == 0)
        {
            debug_assert_eq!(fold_and_look_up(word), None, "{word}");
            return None;
        }
        fold_and_look_up(word)
    }

    /// Does free text state a reason other than risk in one of the languages (`reason` words:
    /// `Vertragliche Anforderung`, `DSGVO-Pflicht`, `Exigence réglementaire`)?
    pub fn states_reason(&self, text: &str) -> bool {
        static REASON: LazyLock<WordPatterns> = LazyLock::new(|| {
            let words: Vec<String> = Words::get()
                .rows
                .iter()
                .filter_map(|(_, r)| match r {
                    Row::Value {
                        category: Category::Reason,
                        words,
                        ..
                    } => Some(words),
                    _ => None,
                })
                .flatten()
                .map(|w| w.split('*').map(fold_accents).collect::<Vec<_>>().join("*"))
                .collect();
            WordPatterns::new(words.iter().map(String::as_str))
        });
        !REASON.is_empty() && REASON.is_match(&fold_accents(text))
    }

    /// Rows of a language file, as written.
    pub fn rows(&self, lang: Lang) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(move |(l, _)| *l == lang)
            .map(|(_, r)| r)
    }
}

/// The language a header row is written in: the language whose header words match most cells
/// (English wins ties, and a header with no word of another language is English). Returns the
/// language, the cells it matched and the non-empty cells.
pub fn detect<S: AsRef<str>>(cells: &[S]) -> (Lang, usize, usize) {
    let w = Words::get();
    let masks: Vec<u16> = cells
        .iter()
        .map(|c| c.as_ref().trim())
        .filter(|c| !c.is_empty())
        .map(|c| w.header_langs.get(key(c).as_str()).copied().unwrap_or(0))
        .collect();
    let count = |l: Lang| masks.iter().filter(|m| *m & bit(l) != 0).count();
    let mut best = (Lang::En, count(Lang::En));
    for l in Lang::ALL.into_iter().skip(1) {
        let n = count(l);
        if n > best.1 {
            best = (l, n);
        }
    }
    (best.0, best.1, masks.len())
}

/// Two words of one level class (`Alta` and `High`, `Vysoký` and `Vysoká`): the canonical level
/// both stand for, when they stand for the same one. English level words are included.
pub fn same_level(a: &str, b: &str) -> bool {
    matches!((level_class(a), level_class(b)), (Some(x), Some(y)) if x == y)
}

/// The level a word names in any language of rules/lang/ or in English (`Vysoký`, `Alta`,
/// `Medium`): `very_low`, `low`, `medium`, `high`, `very_high`, `critical`, or a likelihood word
/// (`rare` … `almost_certain`).
pub fn level_class(s: &str) -> Option<&'static str> {
    Words::get().value(Category::Level, s).or_else(|| {
        Some(match fold(s).as_str() {
            "verylow" => "very_low",
            "low" => "low",
            "medium" | "med" | "moderate" => "medium",
            "high" => "high",
            "veryhigh" => "very_high",
            "critical" => "critical",
            "rare" => "rare",
            "unlikely" => "unlikely",
            "possible" => "possible",
            "likely" => "likely",
            "almostcertain" => "almost_certain",
            _ => return None,
        })
    })
}

/// The ordered class a level belongs to and its rank in it (1 = lowest): the intensity class
/// (very low < low < medium < high < very high, critical on top) or the likelihood class (rare <
/// unlikely < possible < likely < almost certain). The order is the words' own, which no
/// repository states: it orders levels for comparison only, never for arithmetic.
pub fn level_rank(s: &str) -> Option<(&'static str, u8)> {
    Some(match level_class(s)? {
        "very_low" => ("intensity", 1),
        "low" => ("intensity", 2),
        "medium" => ("intensity", 3),
        "high" => ("intensity", 4),
        "very_high" => ("intensity", 5),
        "critical" => ("intensity", 6),
        "rare" => ("likelihood", 1),
        "unlikely" => ("likelihood", 2),
        "possible" => ("likelihood", 3),
        "likely" => ("likelihood", 4),
        "almost_certain" => ("likelihood", 5),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::aliases::FieldTable;
    use std::collections::BTreeMap;

    #[test]
    fn ascii_folds_as_unicode_lower_case_does() {
        for b in 0u8..128 {
            let c = char::from(b);
            let lower: String = c.to_lowercase().collect();
            assert_eq!(fold_accents(&c.to_string()), lower);
        }
        assert_eq!(fold("Größe / ÉTAT-2"), "grosseetat2");
    }

    /// `folded.rs` holds the keys of the current word files (regenerate with
    /// `ISMSLINT_BLESS=1 cargo test --lib folded_words_are_current`).
    #[test]
    fn folded_words_are_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/model/words/folded.rs");
        let generated = render_folded();
        if std::env::var_os("ISMSLINT_BLESS").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        assert!(
            std::fs::read_to_string(path).unwrap() == generated,
            "src/model/words/folded.rs is stale: ISMSLINT_BLESS=1 cargo test --lib folded_words_are_current"
        );
        assert_eq!(folded::SOURCES, SOURCES_HASH);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Aplicável?"), "aplicavel");
        assert_eq!(fold("Begründung"), "begrundung");
        assert_eq!(fold("Maßnahme"), "massnahme");
        assert_eq!(fold("Odůvodnění"), "oduvodneni");
        assert_eq!(fold("Όχι"), "οχι");
        assert_eq!(fold("Mise en Œuvre"), "miseenoeuvre");
        assert_eq!(fold("Ryzyko szczątkowe"), "ryzykoszczatkowe");
    }

    #[test]
    fn every_file_row_is_read() {
        for (lang, text) in FILES {
            let rows = text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .count();
            let read = Words::get().rows(lang).count();
            assert_eq!(
                rows,
                read,
                "{}: a row names an unknown kind, field or category",
                lang.name()
            );
        }
    }

    /// No folded header names two fields of one kind, in any two languages (English included):
    /// so every language's words can be active at once.
    #[test]
    fn no_header_names_two_fields() {
        let english = FieldTable::english();
        let mut seen: BTreeMap<(Kind, String), (&str, Lang)> = BTreeMap::new();
        for (lang, row) in &Words::get().rows {
            let Row::Field { kind, field, words } = row else {
                continue;
            };
            for w in words {
                let k = key(w);
                if let Some(en) = english.canonical(*kind, &k) {
                    assert_eq!(
                        en,
                        *field,
                        "{} {kind} header {w:?} names {field}, English {en}",
                        lang.name()
                    );
                }
                if let Some((prev, pl)) = seen.insert((*kind, k), (field, *lang)) {
                    assert_eq!(
                        prev,
                        *field,
                        "{kind} header {w:?}: {} {field}, {} {prev}",
                        lang.name(),
                        pl.name()
                    );
                }
            }
        }
    }

    /// No folded value word stands for two values of one category, in any two languages, nor
    /// for another value than the English word it folds onto.
    #[test]
    fn no_word_means_two_values() {
        let mut seen: BTreeMap<(Category, String), (&str, Lang)> = BTreeMap::new();
        for (lang, row) in &Words::get().rows {
            let Row::Value {
                category,
                value,
                words,
            } = row
            else {
                continue;
            };
            for w in words {
                let english = match category {
                    Category::Tri => crate::model::values::parse_tri_english(w).map(|t| match t {
                        crate::model::values::Tri::Yes => "yes",
                        crate::model::values::Tri::No => "no",
                        crate::model::values::Tri::Undecided => "undecided",
                    }),
                    Category::Status => {
                        crate::model::values::status_word_english(w).map(status_name)
                    }
                    Category::Treatment => {
                        crate::model::values::treatment_word_english(w).map(treatment_name)
                    }
                    _ => None,
                };
                if let Some(en) = english {
                    assert_eq!(
                        en,
                        *value,
                        "{} {w:?} is {value}, in English {en}",
                        lang.name()
                    );
                }
                if let Some((prev, pl)) = seen.insert((*category, key(w)), (value, *lang)) {
                    assert_eq!(
                        prev,
                        *value,
                        "{} word {w:?}: {} {value}, {} {prev}",
                        category.name(),
                        lang.name(),
                        pl.name()
                    );
                }
            }
        }
    }

    fn status_name(s: crate::model::values::Status) -> &'static str {
        use crate::model::values::Status::*;
        match s {
            Implemented => "implemented",
            Partial => "partial",
            Planned => "planned",
            NotImplemented => "not_implemented",
            NotApplicable => "not_applicable",
        }
    }

    fn treatment_name(t: crate::model::values::Treatment) -> &'static str {
        use crate::model::values::Treatment::*;
        match t {
            Modify => "modify",
            Retain => "retain",
            Avoid => "avoid",
            Share => "share",
        }
    }

    #[test]
    fn reasons_in_justifications() {
        let w = Words::get();
        for yes in [
            "Vertragliche Anforderung",
            "DSGVO-Pflicht",
            "Exigence réglementaire",
            "Requisito contratual do cliente",
            "Wymóg ustawowy",
            "Νομοθετική απαίτηση",
        ] {
            assert!(w.states_reason(yes), "{yes}");
        }
        // Near misses: a word that only starts like one (`Ustawienia` = settings), risk words.
        for no in [
            "Ustawienia domyślne",
            "Erforderlich zur Risikominderung",
            "Mitigates ransomware risk",
            "Vorgaben umgesetzt",
        ] {
            assert!(!w.states_reason(no), "{no}");
        }
    }

    #[test]
    fn headers_are_detected() {
        let cs = [
            "Opatření",
            "Název",
            "Aplikovatelnost",
            "Odůvodnění",
            "Implementace",
            "Odkaz na dokumentaci",
        ];
        assert_eq!(detect(&cs), (Lang::Cs, 6, 6));
        let pt = [
            "Ref.",
            "Controle",
            "Aplicável?",
            "Status",
            "Justificativa / Implementação",
        ];
        assert_eq!(detect(&pt).0, Lang::Pt);
        let de = [
            "Kontroll-ID",
            "Kontrollname",
            "Bereich",
            "Anwendbar",
            "Begründung",
            "Umsetzungsstatus",
        ];
        assert_eq!(detect(&de).0, Lang::De);
        let es = [
            "ID",
            "Nombre del control",
            "Categoría",
            "Descripción",
            "¿Aplica?",
            "Justificación",
        ];
        assert_eq!(detect(&es).0, Lang::Es);
        // English wins ties: `Status | Version` is English.
        assert_eq!(detect(&["ID", "Status", "Version"]).0, Lang::En);
        assert_eq!(
            detect(&["Control", "Applicable", "Justification"]).0,
            Lang::En
        );
    }

    #[test]
    fn inflected_levels_are_one_level() {
        for (a, b) in [
            ("Vysoký", "Vysoká"),
            ("Vysoké", "high"),
            ("Alta", "Alto"),
            ("Média", "Medium"),
            ("Wysokie", "Wysoka"),
            ("Υψηλός", "Υψηλή"),
            ("niedrige", "Low"),
            ("Baixa", "baixo"),
        ] {
            assert!(same_level(a, b), "{a} = {b}");
        }
        for (a, b) in [
            ("Alta", "Baixa"),
            ("Vysoká", "Velmi vysoká"),
            ("High", "Critical"),
        ] {
            assert!(!same_level(a, b), "{a} ≠ {b}");
        }
    }

    #[test]
    fn values_in_every_language_and_their_near_misses() {
        use crate::model::values::{
            Status, Treatment, Tri, parse_status, parse_treatment, parse_tri, placeholder,
        };
        for (word, tri) in [
            ("Sim", Tri::Yes),
            ("Não", Tri::No),
            ("Nao", Tri::No),
            ("Ja", Tri::Yes),
            ("Nein", Tri::No),
            ("Ano", Tri::Yes),
            ("Ne", Tri::No),
            ("Aplica parcialmente", Tri::Yes),
            ("No aplica", Tri::No),
            ("Ναι", Tri::Yes),
            ("Όχι", Tri::No),
            ("Tak", Tri::Yes),
            ("Nee", Tri::No),
            ("n.v.t.", Tri::No),
            ("A definir", Tri::Undecided),
            // Look-alike ticks: Greek capital Chi, Cyrillic Ha.
            ("Χ", Tri::Yes),
            ("Х", Tri::Yes),
            ("x", Tri::Yes),
        ] {
            assert_eq!(parse_tri(word), Some(tri), "{word}");
        }
        // Near misses: words that are no answer stay unread (IN002), never a guess.
        for word in ["Simples", "Jawohl", "Anonym", "Nein danke", "Ψ", "Ж"] {
            assert_eq!(parse_tri(word), None, "{word}");
        }
        for (word, status) in [
            ("Implementado", Status::Implemented),
            ("Parcial", Status::Partial),
            ("Umgesetzt", Status::Implemented),
            ("teilweise", Status::Partial),
            ("Částečně", Status::Partial),
            ("Castecne", Status::Partial),
            ("Mis en œuvre", Status::Implemented),
            ("Mis en oeuvre", Status::Implemented),
            ("Planejado", Status::Planned),
            ("Wdrożone", Status::Implemented),
            ("Υλοποιημένο", Status::Implemented),
            ("Não aplicável", Status::NotApplicable),
        ] {
            assert_eq!(parse_status(word), Some(status), "{word}");
        }
        assert_eq!(parse_status("Implementação"), None);
        for (word, t) in [
            ("Mitigar", Treatment::Modify),
            ("Mindern", Treatment::Modify),
            ("Akzeptieren", Treatment::Retain),
            ("Transferir", Treatment::Share),
            ("Αποδοχή", Treatment::Retain),
            ("Mitigar — implantar MFA", Treatment::Modify),
        ] {
            assert_eq!(parse_treatment(word), Some(t), "{word}");
        }
        for word in [
            "A definir",
            "k doplnění",
            "à définir",
            "por definir",
            "da definire",
            "nog te bepalen",
            "do uzupełnienia",
            "προς συμπλήρωση",
            "zu ergänzen",
        ] {
            assert!(placeholder(word).is_some(), "{word}");
        }
        // `Offen` is a risk status (open), not a placeholder; a sentence is never one.
        for word in [
            "Offen",
            "A definir o escopo do SGSI com a diretoria",
            "Definido",
        ] {
            assert!(placeholder(word).is_none(), "{word}");
        }
    }

    #[test]
    fn translated_and_inflected_headers_name_their_fields() {
        let t = FieldTable::builtin();
        for (kind, header, field) in [
            (Kind::Control, "Aplicável?", "applicable"),
            (Kind::Control, "Aplicavel", "applicable"),
            (Kind::Control, "¿Aplica?", "applicable"),
            (Kind::Control, "Begrundung", "justification"),
            (Kind::Control, "Kontroll-ID", "id"),
            (Kind::Control, "Aplikovatelnost", "applicable"),
            (Kind::Control, "Odůvodnění", "justification"),
            (Kind::Control, "Εφαρμόζεται", "applicable"),
            (Kind::Risk, "Maßnahmen", "controls"),
            (Kind::Risk, "Massnahmen", "controls"),
            (Kind::Risk, "Pravděpodobnost", "likelihood"),
            (Kind::Risk, "Prawdopodobieństwo", "likelihood"),
            (Kind::Document, "Próxima Revisão", "next_review"),
            (Kind::Document, "Proprietário", "owner"),
        ] {
            assert_eq!(t.canonical(kind, header), Some(field), "{kind} {header}");
        }
        // English alone does not read them.
        assert_eq!(
            FieldTable::english().canonical(Kind::Control, "Aplicável?"),
            None
        );
        // A header that only looks like one.
        assert_eq!(t.canonical(Kind::Control, "Aplicação"), None);
    }
}
