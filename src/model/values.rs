//! Reading raw cell/field text as typed values (DESIGN §4.2). Pure functions, no locations:
//! callers attach locations and turn `Err` into IN002 diagnostics.

use crate::pattern::Pattern;
use jiff::civil::Date;

/// Field names compared case-, space- and punctuation-insensitively.
pub fn norm_key(s: &str) -> String {
    if s.is_ascii() {
        // The common case, byte by byte: an ASCII character is alphanumeric and lower-cased
        // exactly as ASCII (the Unicode path cost ~1,700 instructions a key, 959 keys at start).
        let mut key = String::with_capacity(s.len());
        key.extend(
            s.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return key;
    }
    // Character by character, the ASCII ones as above: labels in other languages are mostly
    // ASCII letters around a few accented ones.
    let mut key = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                key.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// Text that stands for "nobody filled this in": placeholders from templates and trackers.
/// Returns the placeholder as written, trimmed.
pub fn placeholder(s: &str) -> Option<&str> {
    if !may_be_placeholder(s) {
        debug_assert!(!is_placeholder(s), "{s}");
        return None;
    }
    thread_local! {
        static SEEN: Seen<bool> = Default::default();
    }
    // A register repeats its values (`5`, `modify`, `ciso`, a date) in every row.
    remembered(&SEEN, 4096, s, is_placeholder).then(|| s.trim())
}

/// Answers remembered per thread, by text.
type Seen<V> = std::cell::RefCell<foldhash::HashMap<Box<str>, V>>;

/// `read(s)`, remembered in `seen` (this thread's) for up to `limit` distinct short texts: a
/// register repeats its values in every row, and a million distinct IDs are not kept. Long
/// texts (prose) are read at once: no value worth remembering is longer than a few words.
fn remembered<V: Copy>(
    seen: &'static std::thread::LocalKey<Seen<V>>,
    limit: usize,
    s: &str,
    read: impl FnOnce(&str) -> V,
) -> V {
    if s.len() > 64 {
        return read(s);
    }
    if let Some(known) = seen.with_borrow(|seen| seen.get(s).copied()) {
        return known;
    }
    let v = read(s);
    seen.with_borrow_mut(|seen| {
        if seen.len() < limit {
            seen.insert(s.into(), v);
        }
    });
    v
}

/// Placeholder words (`is_placeholder`), compared in any ASCII case.
const PLACEHOLDER_WORDS: &[&str] = &[
    "-",
    "—",
    "–",
    "?",
    "??",
    "???",
    "❓",
    "tbd",
    "tbc",
    "tba",
    "todo",
    "xxx",
    "xx",
    "to be defined",
    "to be decided",
    "to be confirmed",
    "pending",
    "unknown",
    // Not-assessed markers of SoA trackers: "no decision / no status yet".
    "to be assessed",
    "not assessed",
    "not yet assessed",
    "to be determined",
    "pending assessment",
    "not yet decided",
];

/// Can `s` be a placeholder at all? Not when it holds an ASCII letter or digit that no
/// placeholder word holds, in any language, and is not bracketed: most values (`Synthetic risk
/// 7`, `R-000042`) are told apart in a few instructions, without a look-up (issue 16: placeholder
/// checks were ~450 instructions a text field of a risk).
fn may_be_placeholder(s: &str) -> bool {
    static ALLOWED: std::sync::LazyLock<u128> = std::sync::LazyLock::new(|| {
        let own = PLACEHOLDER_WORDS
            .iter()
            .flat_map(|w| w.bytes())
            .filter(u8::is_ascii_alphanumeric)
            .fold(0u128, |set, b| set | 1 << b.to_ascii_lowercase());
        own | crate::model::words::Words::get()
            .value_bytes(crate::model::words::Category::Placeholder)
    });
    let t = s.trim_start();
    // A long text is not remembered either: `is_placeholder` tells it apart by its length.
    if t.len() > 64 || matches!(t.as_bytes().first(), Some(b'[' | b'<' | b'{')) {
        return true;
    }
    let allowed = *ALLOWED;
    !t.bytes()
        .any(|b| b.is_ascii_alphanumeric() && allowed & (1 << b.to_ascii_lowercase()) == 0)
}

fn is_placeholder(s: &str) -> bool {
    static BRACKETED: Pattern = Pattern::new(r"^(\[[^\]\[()]*\]|<[^<>]*>|\{\{[^{}]*\}\})$");
    let t = s.trim();
    // `❓ TBC`: a question-mark icon before the word says the same thing twice.
    let word = t
        .strip_prefix('❓')
        .or_else(|| t.strip_prefix('?'))
        .map_or(t, str::trim_start);
    // Called on every value: decide cheaply for the common case of real text.
    let bracketed =
        matches!(t.as_bytes().first(), Some(b'[' | b'<' | b'{')) && BRACKETED.is_match(t);
    // `A definir`, `k doplnění`, `προς συμπλήρωση` (issue 13): the other languages' words, in
    // short values only (a placeholder is a few words, never a sentence).
    let foreign = |w: &str| {
        w.len() <= 48
            && w.contains(char::is_alphabetic)
            && crate::model::words::Words::get()
                .value(crate::model::words::Category::Placeholder, w)
                .is_some()
    };
    bracketed
        || PLACEHOLDER_WORDS.iter().any(|w| t.eq_ignore_ascii_case(w))
        || (!word.is_empty()
            && word.len() < t.len()
            && PLACEHOLDER_WORDS
                .iter()
                .any(|w| word.eq_ignore_ascii_case(w)))
        || foreign(word)
}

/// Is `c` an icon, emoji or a joiner of one (issue 17 item 2): `✅`, `🔴`, `⚠️`, `★`, `●`.
fn is_icon(c: char) -> bool {
    // `❓` says "undecided": the placeholder rules read it with the word it marks.
    !matches!(c, '❓' | '❔')
        && matches!(c as u32,
        0x1F000..=0x1FAFF   // emoji, coloured circles and squares
        | 0x2600..=0x27BF   // misc symbols and dingbats (✅ ❌ ✔ ✗ ☑ ☐ ⚠)
        | 0x2B00..=0x2BFF   // ⭐ ⬛ ⬤
        | 0x25A0..=0x25FF   // geometric shapes (● ○ ■ ▲)
        | 0x2190..=0x21FF   // arrows
        | 0xFE00..=0xFE0F   // variation selectors
        | 0x200D            // zero-width joiner
        | 0x20E3            // keycap
        | 0xE0020..=0xE007F)
}

/// The part of a value that holds it, without icons and decoration: `✅ Yes`, `🔴 High`,
/// `⚠️ Partial`, `**Yes**`, `Yes*`, `🟡 6` (issue 17 item 2). Returns the byte range of `s` to
/// read; the whole (trimmed) value when it is nothing but an icon (`✅` is itself a yes), or
/// when nothing is to be taken off.
pub fn undecorate(s: &str) -> (usize, usize) {
    // Called on every value: one that starts and ends with an ASCII character that is no space
    // nor emphasis (`5`, `modify`, `2027-06-30`) has nothing to take off.
    let plain =
        |b: &u8| b.is_ascii() && !(*b as char).is_whitespace() && !matches!(b, b'*' | b'_' | b'`');
    if s.as_bytes().first().is_some_and(plain) && s.as_bytes().last().is_some_and(plain) {
        return (0, s.len());
    }
    let lead = s.len() - s.trim_start().len();
    let (mut a, mut b) = (lead, lead + s.trim().len());
    let whole = (a, b);
    loop {
        let before = (a, b);
        let t = &s[a..b];
        // Icons before or after the word, with the spaces around them.
        let icons_front = t.len()
            - t.trim_start_matches(|c: char| is_icon(c) || c.is_whitespace())
                .len();
        a += icons_front;
        let t = &s[a..b];
        b = a + t
            .trim_end_matches(|c: char| is_icon(c) || c.is_whitespace())
            .len();
        let t = &s[a..b];
        // Emphasis around the value (`**Yes**`, `__Yes__`, `*Yes*`, `` `Yes` ``).
        for m in ["**", "__", "*", "_", "`"] {
            let t = &s[a..b];
            if t.len() > 2 * m.len() && t.starts_with(m) && t.ends_with(m) {
                a += m.len();
                b -= m.len();
                break;
            }
        }
        // A footnote mark after the value (`Yes*`, `High**`).
        let t2 = &s[a..b];
        if !t.starts_with('*') && t2.ends_with('*') && !t2.trim_end_matches('*').is_empty() {
            b = a + t2.trim_end_matches('*').trim_end().len();
        }
        if (a, b) == before {
            break;
        }
    }
    if a >= b { whole } else { (a, b) }
}

/// Applicability and other yes/no cells, with undecided kept apart from "no".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    Undecided,
}

pub fn parse_tri(s: &str) -> Option<Tri> {
    if placeholder(s).is_some_and(|p| !p.starts_with(['[', '<', '{'])) {
        return Some(Tri::Undecided);
    }
    parse_tri_english(s).or_else(|| {
        // `Sim`, `Nein`, `Ano`, `Ναι` (issue 13): the other languages' words.
        Some(
            match crate::model::words::Words::get().value(crate::model::words::Category::Tri, s)? {
                "yes" => Tri::Yes,
                "no" => Tri::No,
                _ => Tri::Undecided,
            },
        )
    })
}

/// `parse_tri` with the English words and ticks alone.
pub fn parse_tri_english(s: &str) -> Option<Tri> {
    let t = s.trim().to_lowercase();
    let t = t.trim_end_matches(['.', '!']);
    Some(match t {
        "yes" | "y" | "true" | "x" | "χ" | "х" | "✓" | "✔" | "✔️" | "✔︎" | "✅" | "☑" | "☑️"
        | "🗹" | "applicable" | "included" | "include" | "selected" | "in scope" | "1" | "ja"
        | "oui" | "si" | "sí" => Tri::Yes,
        // `χ` and `х` above: the Greek capital Chi `Χ` and the Cyrillic `Х`, lower-cased, tick
        // like `X` (issue 13).
        "no" | "n" | "false" | "✗" | "✘" | "❌" | "❎" | "✖" | "✖️" | "☐" | "☒" | "excluded"
        | "exclude" | "not applicable" | "n/a" | "na" | "n.a." | "n.a" | "0" | "not selected"
        | "out of scope" | "nein" | "non" => Tri::No,
        "" | "-" | "—" | "–" | "tbd" | "tbc" | "❓" | "?" | "??" | "unknown" | "undecided"
        | "pending" | "to be decided" => Tri::Undecided,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Implemented,
    Partial,
    Planned,
    NotImplemented,
    NotApplicable,
}

pub const STATUS_WORDS: &[&str] = &[
    "implemented",
    "partially implemented",
    "planned",
    "in progress",
    "not implemented",
    "not started",
    "not applicable",
];

/// `Implemented (80%)`, `Mitigate - reduce likelihood`: the word before a note.
fn head(s: &str) -> Option<&str> {
    let cut = s
        .find(['(', '[', ':'])
        .or_else(|| s.find(" - "))
        .or_else(|| s.find(" – "))?;
    let h = s[..cut].trim();
    (!h.is_empty()).then_some(h)
}

pub fn parse_status(s: &str) -> Option<Status> {
    status_word(s).or_else(|| head(s).and_then(status_word))
}

fn status_word(s: &str) -> Option<Status> {
    status_word_english(s).or_else(|| {
        Some(
            match crate::model::words::Words::get()
                .value(crate::model::words::Category::Status, s)?
            {
                "implemented" => Status::Implemented,
                "partial" => Status::Partial,
                "planned" => Status::Planned,
                "not_implemented" => Status::NotImplemented,
                _ => Status::NotApplicable,
            },
        )
    })
}

/// `status_word` with the English words alone.
pub fn status_word_english(s: &str) -> Option<Status> {
    let t = norm_key(s);
    Some(match t.as_str() {
        "implemented" | "done" | "complete" | "completed" | "inplace" | "operational" | "yes"
        | "live" | "effective" | "fullyimplemented" => Status::Implemented,
        "partial" | "partiallyimplemented" | "partlyimplemented" | "partially" => Status::Partial,
        "planned" | "inprogress" | "ongoing" | "underway" | "scheduled" | "wip" => Status::Planned,
        "notimplemented" | "notstarted" | "no" | "missing" | "none" | "open" => {
            Status::NotImplemented
        }
        "notapplicable" | "na" | "excluded" => Status::NotApplicable,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    Modify,
    Retain,
    Avoid,
    Share,
}

pub const TREATMENT_WORDS: &[&str] = &["modify", "retain", "avoid", "share"];

pub fn parse_treatment(s: &str) -> Option<Treatment> {
    thread_local! {
        static SEEN: Seen<Option<Treatment>> = Default::default();
    }
    // A register repeats its few treatments in every row (~1,100 instructions a row read).
    remembered(&SEEN, 1024, s, read_treatment)
}

fn read_treatment(s: &str) -> Option<Treatment> {
    treatment_word(s)
        .or_else(|| head(s).and_then(treatment_word))
        .or_else(|| treatment_prose(s).map(|(t, _)| t))
        .or_else(|| verb_last(s))
}

/// `Mit Monitoring akzeptieren`, `Durch Verschlüsselung mindern`: languages that put the verb
/// last (German, Dutch) name the option at the end of a short cell. Only another language's word
/// counts there: an English sentence ending in `accept` (`Owner to decide whether to accept`)
/// states no decision.
fn verb_last(s: &str) -> Option<Treatment> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let last = words.last()?.trim_matches(|c: char| !c.is_alphanumeric());
    if words.len() > 4 || treatment_word_english(last).is_some() {
        return None;
    }
    treatment_word(last)
}

/// A treatment written as its option followed by the plan (issue 12 item 3): `Mitigate — deploy
/// MFA`, `Reduce: …`, `Treat (…)`, `Transfer to insurer`, `Accept – approved by CFO`,
/// `Avoid/terminate`, `Risk reduction by …`. The option is read from the leading word (or the
/// two leading words); returns it with the rest, the plan, trimmed (empty when there is none).
pub fn treatment_prose(s: &str) -> Option<(Treatment, &str)> {
    let t = s.trim_start();
    let word_end = |from: usize| {
        t[from..]
            .find(|c: char| !c.is_alphabetic())
            .map_or(t.len(), |i| from + i)
    };
    let first = word_end(0);
    if first == 0 {
        return None;
    }
    // `Risk reduction`, `Risk acceptance`: two words.
    let after_first = &t[first..];
    let gap = after_first.len() - after_first.trim_start_matches(' ').len();
    let two = (gap > 0)
        .then(|| word_end(first + gap))
        .filter(|&e| e > first + gap)
        .and_then(|e| treatment_word(&t[..e]).map(|w| (w, e)));
    let (option, end) = match two {
        Some(found) => found,
        None => (treatment_word(&t[..first])?, first),
    };
    let rest = t[end..]
        .trim_start_matches(|c: char| c.is_whitespace() || "—–-:;,.(/|".contains(c))
        .trim_end();
    let rest = if t[end..].trim_start().starts_with('(') {
        rest.strip_suffix(')').unwrap_or(rest).trim_end()
    } else {
        rest
    };
    Some((option, rest))
}

fn treatment_word(s: &str) -> Option<Treatment> {
    treatment_word_english(s).or_else(|| {
        Some(
            match crate::model::words::Words::get()
                .value(crate::model::words::Category::Treatment, s)?
            {
                "modify" => Treatment::Modify,
                "retain" => Treatment::Retain,
                "avoid" => Treatment::Avoid,
                _ => Treatment::Share,
            },
        )
    })
}

/// `treatment_word` with the English words alone.
pub fn treatment_word_english(s: &str) -> Option<Treatment> {
    let t = norm_key(s);
    Some(match t.as_str() {
        "modify" | "modification" | "mitigate" | "mitigation" | "reduce" | "reduction"
        | "treat" | "control" | "riskmodification" | "riskreduction" => Treatment::Modify,
        "retain" | "retention" | "accept" | "accepted" | "acceptance" | "tolerate"
        | "riskretention" | "riskacceptance" => Treatment::Retain,
        "avoid" | "avoidance" | "terminate" | "eliminate" | "riskavoidance" => Treatment::Avoid,
        "share" | "sharing" | "transfer" | "transferred" | "insure" | "insurance"
        | "risksharing" | "risktransfer" => Treatment::Share,
        _ => return None,
    })
}

/// Split a list written in one string: `,` `;` `|` or newline; empty items dropped. Returns each
/// item with its byte range inside `s` (trimmed).
pub fn split_list(s: &str) -> Vec<(&str, usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ','))) {
        if matches!(c, ',' | ';' | '|' | '\n') {
            let piece = &s[start..i];
            let lead = piece.len() - piece.trim_start().len();
            let item = piece.trim();
            if !item.is_empty() {
                out.push((item, start + lead, start + lead + item.len()));
            }
            start = i + c.len_utf8();
        }
    }
    out
}

/// A number at the start of a cell: `3`, `3.5`, `4 - Likely`, `4 (High)`, and as written in
/// the languages of issue 13: a decimal comma (`0,3`, `12,5 %`), digits grouped by thousands
/// with a decimal comma (`1.234,5`, `1 234,5`) or point (`1,234.5`). A percentage is the
/// number written (`12,5 %` is 12.5). A list (`1,2,3`) is no number.
pub fn parse_number(s: &str) -> Option<f64> {
    static NUM: Pattern = Pattern::new(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:$|[-–—:(/=%]|\s)");
    // Grouped by thousands: `1.234,5`, `1 234,5` (also a no-break or thin space), `1.234.567`,
    // `1,234.5`, `1,234,567`.
    static GROUPED: Pattern = Pattern::new(
        r"^(-?)(?:([0-9]{1,3}(?:[. \x{a0}\x{202f}][0-9]{3})+),([0-9]+)|([0-9]{1,3}(?:[\x{a0}\x{202f}][0-9]{3})+|[0-9]{1,3}(?:\.[0-9]{3}){2,})|([0-9]{1,3}(?:,[0-9]{3})+)\.([0-9]+)|([0-9]{1,3}(?:,[0-9]{3}){2,}))[ \t]*%?$",
    );
    let t = s.trim();
    // Most scores are a digit or two (`5`, `12`): read as an integer, which an f64 holds exactly
    // up to 15 digits, without the float parser (issue 16: ~150 instructions a score, five
    // scores a risk).
    if (1..=15).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
        let n = t.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        debug_assert_eq!(t.parse::<f64>().ok(), Some(n as f64));
        return Some(n as f64);
    }
    if let Ok(n) = t.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    if let Some(c) = GROUPED.captures(t) {
        let digits = |i: usize| {
            c.get(i).map(|m| {
                m.as_str()
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
            })
        };
        let (int, frac) = match (digits(2), digits(4), digits(5), digits(7)) {
            (Some(i), ..) => (i, digits(3)),
            (_, Some(i), ..) => (i, None),
            (_, _, Some(i), _) => (i, digits(6)),
            (.., Some(i)) => (i, None),
            _ => return None,
        };
        let text = format!("{}{int}.{}", &c[1], frac.as_deref().unwrap_or("0"));
        return text.parse().ok();
    }
    let caps = NUM.captures(s)?;
    caps[1].replace(',', ".").parse().ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// `01/03/2026` is 1 March.
    DayMonth,
    /// `03/01/2026` is 1 March.
    MonthDay,
    /// Slashed dates with the day first or last are ambiguous: rejected.
    #[default]
    IsoOnly,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    Invalid,
    /// `01/03/2026` with no `date_order` configured.
    Ambiguous,
}

/// A word with its accents and Greek tonos taken off and lowercased, for looking up month and
/// interval words (`März`/`marz`, `Μαρτίου`/`μαρτιου`, `března`/`brezna`).
pub fn fold(w: &str) -> String {
    crate::model::words::fold_accents(w)
}

/// The month a month-name word names, full or abbreviated, in English and the languages of
/// issue 13 (`Jan`, `Jan.`, `January`, `März`, `févr.`, `março`, `března`, `marca`,
/// `Μαρτίου`): nominative and genitive forms, accents optional.
fn month_word(w: &str) -> Option<i8> {
    let w = fold(w.trim_end_matches('.'));
    // Folded forms (see `fold`); no word names two months.
    const MONTHS: [&[&str]; 12] = [
        &[
            "jan",
            "january",
            "januar",
            "janner",
            "janvier",
            "janv",
            "enero",
            "ene",
            "janeiro",
            "gennaio",
            "gen",
            "januari",
            "leden",
            "ledna",
            "styczen",
            "stycznia",
            "sty",
            "ιανουαριοσ",
            "ιανουαριου",
            "ιαν",
        ],
        &[
            "feb",
            "february",
            "februar",
            "feber",
            "fevrier",
            "fevr",
            "febrero",
            "fevereiro",
            "fev",
            "febbraio",
            "februari",
            "unor",
            "unora",
            "luty",
            "lutego",
            "lut",
            "φεβρουαριοσ",
            "φεβρουαριου",
            "φεβ",
        ],
        &[
            "mar",
            "march",
            "marz",
            "maerz",
            "mars",
            "marzo",
            "marco",
            "maart",
            "mrt",
            "brezen",
            "brezna",
            "marzec",
            "marca",
            "μαρτιοσ",
            "μαρτιου",
            "μαρ",
        ],
        &[
            "apr",
            "april",
            "avril",
            "avr",
            "abril",
            "abr",
            "aprile",
            "duben",
            "dubna",
            "kwiecien",
            "kwietnia",
            "kwi",
            "απριλιοσ",
            "απριλιου",
            "απρ",
        ],
        &[
            "may",
            "mai",
            "mayo",
            "maio",
            "maggio",
            "mag",
            "mei",
            "kveten",
            "kvetna",
            "maj",
            "maja",
            "μαιοσ",
            "μαιου",
            "μαι",
        ],
        &[
            "jun",
            "june",
            "juni",
            "juin",
            "junio",
            "junho",
            "giugno",
            "giu",
            "cerven",
            "cervna",
            "czerwiec",
            "czerwca",
            "cze",
            "ιουνιοσ",
            "ιουνιου",
            "ιουν",
        ],
        &[
            "jul",
            "july",
            "juli",
            "juillet",
            "juil",
            "julio",
            "julho",
            "luglio",
            "lug",
            "cervenec",
            "cervence",
            "lipiec",
            "lipca",
            "lip",
            "ιουλιοσ",
            "ιουλιου",
            "ιουλ",
        ],
        &[
            "aug",
            "august",
            "aout",
            "agosto",
            "ago",
            "augustus",
            "srpen",
            "srpna",
            "sierpien",
            "sierpnia",
            "sie",
            "αυγουστοσ",
            "αυγουστου",
            "αυγ",
        ],
        &[
            "sep",
            "sept",
            "september",
            "septembre",
            "septiembre",
            "setiembre",
            "setembro",
            "set",
            "settembre",
            "zari",
            "wrzesien",
            "wrzesnia",
            "wrz",
            "σεπτεμβριοσ",
            "σεπτεμβριου",
            "σεπ",
        ],
        &[
            "oct",
            "october",
            "oktober",
            "octobre",
            "okt",
            "octubre",
            "outubro",
            "out",
            "ottobre",
            "ott",
            "rijen",
            "rijna",
            "pazdziernik",
            "pazdziernika",
            "paz",
            "οκτωβριοσ",
            "οκτωβριου",
            "οκτ",
        ],
        &[
            "nov",
            "november",
            "novembre",
            "noviembre",
            "novembro",
            "listopad",
            "listopadu",
            "listopada",
            "lis",
            "νοεμβριοσ",
            "νοεμβριου",
            "νοε",
        ],
        &[
            "dec",
            "december",
            "dezember",
            "dez",
            "decembre",
            "diciembre",
            "dic",
            "dezembro",
            "dicembre",
            "prosinec",
            "prosince",
            "grudzien",
            "grudnia",
            "gru",
            "δεκεμβριοσ",
            "δεκεμβριου",
            "δεκ",
        ],
    ];
    MONTHS
        .iter()
        .position(|names| names.contains(&w.as_str()))
        .and_then(|i| i8::try_from(i + 1).ok())
}

/// A date written to the month (`Jan 2025`, `März 2026`, `março de 2026`, `January-2025`,
/// `2025-01`): its year and month (issue 17 item 2). Review rules read it as the end of that
/// month.
pub fn parse_month(s: &str) -> Option<(i16, i8)> {
    static WORDS: Pattern = Pattern::new(r"^(\p{L}+\.?)(?:\s+(?:de|del))?[\s\-/,]*(\d{4})$");
    static ISO: Pattern = Pattern::new(r"^(\d{4})-(\d{2})$");
    let t = s.trim();
    // Exact pre-checks (most values asked are full dates or words): WORDS ends in a year of four
    // digits and starts with a letter, ISO ends in a digit, and only ASCII digits parse.
    let year_last = t.len() >= 4 && t.as_bytes()[t.len() - 4..].iter().all(u8::is_ascii_digit);
    if !year_last && !t.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (y, m) = if year_last
        && t.starts_with(char::is_alphabetic)
        && let Some(c) = WORDS.captures(t)
    {
        (c[2].parse().ok()?, month_word(&c[1])?)
    } else if t.len() == 7
        && let Some(c) = ISO.captures(t)
    {
        // Only ASCII digits parse: a month that parses is 7 bytes long.
        (c[1].parse().ok()?, c[2].parse().ok()?)
    } else {
        return None;
    };
    ((1..=12).contains(&m) && (1000..=9999).contains(&y)).then_some((y, m))
}

/// A date written to the quarter (`Q1 2026`, `1Q 2026`, `2026-Q1`, `T1 2026` for trimestre,
/// `1. Quartal 2026`, `1º trimestre de 2026`): its year and quarter. Review rules read it as
/// the end of that quarter.
pub fn parse_quarter(s: &str) -> Option<(i16, i8)> {
    static QUARTER: Pattern = Pattern::new(
        r"(?i)^(?:[QT]([1-4])[ \t/\-]*([0-9]{4})|([1-4])[QT][ \t/\-]*([0-9]{4})|([0-9]{4})[ \t/\-]*[QT]([1-4])|([1-4])[ \t]*(?:\.|º|°|o|er|e|st|nd|rd|th)?[ \t]*(?:quartal|trimestre|quarter|kwartaal|kwartał|čtvrtletí|τρίμηνο)(?:[ \t]+(?:de|del))?[ \t]+([0-9]{4}))$",
    );
    let t = s.trim();
    // Exact pre-checks: every form ends in an ASCII digit (a year or `[1-4]`) and holds a
    // letter (`Q`, `T` or a word): a full date (`2026-03-01`) holds none.
    let letter = |b: &u8| b.is_ascii_alphabetic() || !b.is_ascii();
    if !t.ends_with(|c: char| c.is_ascii_digit()) || !t.as_bytes().iter().any(letter) {
        debug_assert!(!t.ends_with(|c: char| c.is_ascii_digit()) || !QUARTER.is_match(t));
        return None;
    }
    let c = QUARTER.captures(t)?;
    let (q, y) = [(1, 2), (3, 4), (6, 5), (7, 8)]
        .into_iter()
        .find_map(|(q, y)| Some((c.get(q)?, c.get(y)?)))?;
    let (q, y): (i8, i16) = (q.as_str().parse().ok()?, y.as_str().parse().ok()?);
    (1000..=9999).contains(&y).then_some((y, q))
}

/// How precisely a date was written when it is not to the day: `"month"` or `"quarter"`, for
/// messages ("read as the end of that quarter").
pub fn date_period(s: &str) -> Option<&'static str> {
    if parse_month(s).is_some() {
        Some("month")
    } else if parse_quarter(s).is_some() {
        Some("quarter")
    } else {
        None
    }
}

/// What decided the order of day and month in a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadBy {
    /// The date says it itself: ISO order, a month name, a day above 12, a month or quarter.
    Written,
    /// `date_order` in config.
    Config,
    /// The convention of the language the table or document is written in (`Lang::date_order`).
    Convention(crate::model::lang::Lang),
}

/// A date as written (DESIGN §4.2, issue 13 item 3). `order` is `date_order` from config when it
/// is set; else `lang`, the language of the table or document when it is known, decides a
/// numeric date whose day and month could be either (`03/04/2026`) by its convention; with
/// neither, such a date is `Ambiguous` — never a silent guess. A numeric date that can only be
/// read one way (`15/03/2026`) is read without either; `iso` in config rejects all of them.
pub fn parse_date_in(
    s: &str,
    order: Option<DateOrder>,
    lang: Option<crate::model::lang::Lang>,
) -> Result<(Date, ReadBy), DateError> {
    let t = s.trim();
    // The common case, `2026-03-01`, without a regex.
    if t.len() == 10
        && t.as_bytes()[4] == b'-'
        && t.as_bytes()[7] == b'-'
        && let (Ok(y), Ok(m), Ok(d)) = (t[..4].parse(), t[5..7].parse(), t[8..].parse())
    {
        return Date::new(y, m, d)
            .map(|d| (d, ReadBy::Written))
            .map_err(|_| DateError::Invalid);
    }
    if let Some((y, m)) = parse_month(t) {
        return Date::new(y, m, 1)
            .map(|d| (d.last_of_month(), ReadBy::Written))
            .map_err(|_| DateError::Invalid);
    }
    if let Some((y, q)) = parse_quarter(t) {
        return Date::new(y, q * 3, 1)
            .map(|d| (d.last_of_month(), ReadBy::Written))
            .map_err(|_| DateError::Invalid);
    }
    static ISO: Pattern = Pattern::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$");
    // `01/03/2026`, `1.3.2026`, `01-03-2026`, `15. 3. 2026` (Czech), `15.03.2026.`
    static NUMERIC: Pattern = Pattern::new(
        r"^([0-9]{1,2})(?:[ \t]*[/.][ \t]*|-)([0-9]{1,2})(?:[ \t]*[/.][ \t]*|-)([0-9]{4})\.?$",
    );
    // `15. März 2026`, `3 de março de 2026`, `1er janvier 2026`, `15 Μαρτίου 2026`.
    static DAY_WORD: Pattern = Pattern::new(
        r"^([0-9]{1,2})(?:\.|º|°|er|st|nd|rd|th)?[ \t]*(?:de[ \t]+)?(\p{L}+\.?)[ \t]*(?:de[ \t]+|del[ \t]+|,[ \t]*)?([0-9]{4})$",
    );
    // `March 15, 2026`.
    static WORD_DAY: Pattern =
        Pattern::new(r"^(\p{L}+\.?)[ \t]+([0-9]{1,2})(?:st|nd|rd|th)?,?[ \t]+([0-9]{4})$");
    let valid = |y: i16, m: i8, d: i8, by| {
        Date::new(y, m, d)
            .map(|d| (d, by))
            .map_err(|_| DateError::Invalid)
    };
    let num = |s: &str| s.parse::<i16>().map_err(|_| DateError::Invalid);
    let small = |s: &str| s.parse::<i8>().map_err(|_| DateError::Invalid);
    if let Some(c) = ISO.captures(t) {
        return valid(num(&c[1])?, small(&c[2])?, small(&c[3])?, ReadBy::Written);
    }
    if let Some(c) = DAY_WORD.captures(t) {
        let m = month_word(&c[2]).ok_or(DateError::Invalid)?;
        return valid(num(&c[3])?, m, small(&c[1])?, ReadBy::Written);
    }
    if let Some(c) = WORD_DAY.captures(t) {
        let m = month_word(&c[1]).ok_or(DateError::Invalid)?;
        return valid(num(&c[3])?, m, small(&c[2])?, ReadBy::Written);
    }
    let Some(c) = NUMERIC.captures(t) else {
        return Err(DateError::Invalid);
    };
    let (a, b, y) = (small(&c[1])?, small(&c[2])?, num(&c[3])?);
    let (order, by) = match (order, lang) {
        (Some(DateOrder::IsoOnly), _) => return Err(DateError::Ambiguous),
        (Some(o), _) => (o, ReadBy::Config),
        // Only one reading is a date: it needs no convention.
        _ if a > 12 && b <= 12 => (DateOrder::DayMonth, ReadBy::Written),
        _ if b > 12 && a <= 12 => (DateOrder::MonthDay, ReadBy::Written),
        // The same day either way (`05/05/2026`).
        _ if a == b => (DateOrder::DayMonth, ReadBy::Written),
        (None, Some(l)) if l.date_order() != DateOrder::IsoOnly => {
            (l.date_order(), ReadBy::Convention(l))
        }
        (None, _) => return Err(DateError::Ambiguous),
    };
    match order {
        DateOrder::MonthDay => valid(y, a, b, by),
        _ => valid(y, b, a, by),
    }
}

/// A date with the day and month order `order` and no language: see `parse_date_in`. With
/// `IsoOnly` (config's own dates, e.g. a waiver's `expires`) no numeric date is read.
pub fn parse_date(s: &str, order: DateOrder) -> Result<Date, DateError> {
    parse_date_in(s, Some(order), None).map(|(d, _)| d)
}

/// A review interval or validity period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duration {
    Days(i32),
    Months(i32),
}

impl Duration {
    pub fn after(self, date: Date) -> Option<Date> {
        let span = match self {
            Duration::Days(d) => jiff::Span::new().days(d),
            Duration::Months(m) => jiff::Span::new().months(m),
        };
        date.checked_add(span).ok()
    }
}

/// A review written as continuous instead of a date or a frequency (`Continuous`, `Ongoing`;
/// other languages' words in the `review` rows of `rules/lang/<lang>.tsv`: `Fortlaufend`,
/// `En continu`, `Průběžně`).
pub fn continuous_review(s: &str) -> bool {
    let t = s.trim().trim_end_matches('.').to_lowercase();
    matches!(
        t.as_str(),
        "continuous" | "continuously" | "continual" | "continually" | "ongoing" | "on-going"
    ) || crate::model::words::Words::get()
        .value(crate::model::words::Category::Review, &t)
        .is_some()
}

pub fn parse_duration(s: &str) -> Option<Duration> {
    thread_local! {
        static SEEN: Seen<Option<Duration>> = Default::default();
    }
    // A register writes the same few intervals (`12 months`) in every row, and reading one
    // costs several regex searches (issue 16).
    remembered(&SEEN, 1024, s, read_duration)
}

/// `parse_duration`, not remembered.
fn read_duration(s: &str) -> Option<Duration> {
    static AMOUNT: Pattern = Pattern::new(
        r"^(?:every\s+)?(\d{1,4})\s*-?\s*(d|days?|w|weeks?|m|mo|months?|y|yr|years?)$",
    );
    static ISO: Pattern = Pattern::new(r"^p(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)w)?(?:(\d+)d)?$");
    let t = s.trim().to_lowercase();
    let named = match t.as_str() {
        "annual" | "annually" | "yearly" | "every year" | "once a year" => {
            Some(Duration::Months(12))
        }
        "biannual" | "biannually" | "semi-annual" | "semi-annually" | "semiannually"
        | "half-yearly" | "every six months" => Some(Duration::Months(6)),
        "quarterly" | "every quarter" => Some(Duration::Months(3)),
        "monthly" | "every month" => Some(Duration::Months(1)),
        "weekly" | "every week" => Some(Duration::Days(7)),
        "daily" | "every day" => Some(Duration::Days(1)),
        "biennial" | "biennially" | "every two years" => Some(Duration::Months(24)),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    if let Some(d) = duration_word(&t) {
        return Some(d);
    }
    // Both patterns below give a duration only with a digit.
    if !crate::pattern::may_hold_digit(&t) {
        return None;
    }
    if let Some(c) = AMOUNT.captures(&t) {
        let n: i32 = c[1].parse().ok()?;
        return Some(match &c[2][..1] {
            "d" => Duration::Days(n),
            "w" => Duration::Days(n * 7),
            "m" => Duration::Months(n),
            _ => Duration::Months(n * 12),
        });
    }
    if let Some(c) = ISO.captures(&t) {
        let get = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
        return match (get(1), get(2), get(3), get(4)) {
            (None, None, None, None) => None,
            (y, m, None, None) => Some(Duration::Months(y.unwrap_or(0) * 12 + m.unwrap_or(0))),
            (None, None, w, d) => Some(Duration::Days(w.unwrap_or(0) * 7 + d.unwrap_or(0))),
            _ => None,
        };
    }
    None
}

/// A review interval written in one of the languages of issue 13: a word (`Trimestral`,
/// `jährlich`, `čtvrtletně`, `ετήσια`, `per kwartaal`) or a count of units (`alle 12 Monate`,
/// `a cada 12 meses`, `tous les 6 mois`, `každých 12 měsíců`, `co 6 miesięcy`). `t` is
/// lowercased.
fn duration_word(t: &str) -> Option<Duration> {
    let f = fold(t.trim_end_matches('.'));
    let f = f.as_str();
    // Folded forms (see `fold`), with the feminine and plural forms adjectives take.
    let months = match f {
        "jahrlich" | "annuel" | "annuelle" | "annuellement" | "anual" | "anualmente"
        | "annuale" | "annualmente" | "jaarlijks" | "rocne" | "rocni" | "rocznie" | "roczny"
        | "coroczny" | "ετησια" | "ετησιωσ" | "ετησιοσ" | "einmal jahrlich" | "une fois par an"
        | "una vez al ano" | "uma vez por ano" | "una volta l'anno" | "una volta all'anno"
        | "jedenkrat rocne" | "raz w roku" | "jednou rocne" | "jaarlijkse" | "cada ano"
        | "todos os anos" | "tous les ans" | "ogni anno" | "elk jaar" | "ieder jaar"
        | "kazdy rok" | "co rok" | "jedes jahr" => 12,
        "halbjahrlich"
        | "semestriel"
        | "semestrielle"
        | "semestriellement"
        | "semestral"
        | "semestralmente"
        | "semestrale"
        | "halfjaarlijks"
        | "pololetne"
        | "pololetni"
        | "polrocznie"
        | "co pol roku"
        | "εξαμηνιαια"
        | "εξαμηνιαιωσ"
        | "ανα εξαμηνο" => 6,
        "vierteljahrlich"
        | "quartalsweise"
        | "trimestriel"
        | "trimestrielle"
        | "trimestriellement"
        | "trimestral"
        | "trimestralmente"
        | "trimestrale"
        | "per kwartaal"
        | "elk kwartaal"
        | "ieder kwartaal"
        | "driemaandelijks"
        | "ctvrtletne"
        | "ctvrtletni"
        | "kwartalnie"
        | "co kwartal"
        | "τριμηνιαια"
        | "τριμηνιαιωσ"
        | "ανα τριμηνο" => 3,
        "monatlich" | "mensuel" | "mensuelle" | "mensuellement" | "mensual" | "mensualmente"
        | "mensal" | "mensalmente" | "mensile" | "mensilmente" | "maandelijks" | "mesicne"
        | "mesicni" | "miesiecznie" | "co miesiac" | "μηνιαια" | "μηνιαιωσ" | "ανα μηνα" => {
            1
        }
        "zweijahrlich"
        | "bisannuel"
        | "bienal"
        | "biennale"
        | "tweejaarlijks"
        | "co dva roky"
        | "co dwa lata"
        | "ανα διετια" => 24,
        _ => 0,
    };
    if months > 0 {
        return Some(Duration::Months(months));
    }
    match f {
        "wochentlich"
        | "hebdomadaire"
        | "semanal"
        | "settimanale"
        | "wekelijks"
        | "tydne"
        | "tygodniowo"
        | "εβδομαδιαια" => return Some(Duration::Days(7)),
        "taglich"
        | "quotidien"
        | "diario"
        | "diaria"
        | "giornaliero"
        | "quotidiano"
        | "dagelijks"
        | "denne"
        | "codziennie"
        | "καθημερινα" => return Some(Duration::Days(1)),
        _ => {}
    }
    // `alle 12 Monate`, `a cada 12 meses`, `tous les 6 mois`, `ogni 6 mesi`, `elke 12
    // maanden`, `každých 12 měsíců`, `co 12 miesięcy`, `κάθε 12 μήνες`, `12 Monate`.
    static COUNT: Pattern = Pattern::new(
        r"^(?:alle|(?:a[ \t]+)?cada|tous[ \t]+les|toutes[ \t]+les|ogni|elke|iedere|kazdych|kazde|co|καθε)?[ \t]*([0-9]{1,3})[ \t]+(\S+)$",
    );
    let c = COUNT.captures(f)?;
    let n: i32 = c[1].parse().ok()?;
    let unit = &c[2];
    let months = |u: &str| {
        matches!(
            u,
            "monat"
                | "monate"
                | "monaten"
                | "mois"
                | "mes"
                | "meses"
                | "mese"
                | "mesi"
                | "maand"
                | "maanden"
                | "mesic"
                | "mesice"
                | "mesicu"
                | "miesiac"
                | "miesiace"
                | "miesiecy"
                | "μηνα"
                | "μηνεσ"
                | "μηνων"
        )
    };
    let years = |u: &str| {
        matches!(
            u,
            "jahr"
                | "jahre"
                | "jahren"
                | "an"
                | "ans"
                | "annee"
                | "annees"
                | "ano"
                | "anos"
                | "anno"
                | "anni"
                | "jaar"
                | "rok"
                | "roky"
                | "let"
                | "lata"
                | "lat"
                | "χρονο"
                | "χρονια"
                | "ετοσ"
                | "ετη"
        )
    };
    let weeks = |u: &str| {
        matches!(
            u,
            "woche"
                | "wochen"
                | "semaine"
                | "semaines"
                | "semana"
                | "semanas"
                | "settimana"
                | "settimane"
                | "week"
                | "weken"
                | "tyden"
                | "tydny"
                | "tydnu"
                | "tydzien"
                | "tygodnie"
                | "tygodni"
                | "εβδομαδα"
                | "εβδομαδεσ"
        )
    };
    let days = |u: &str| {
        matches!(
            u,
            "tag"
                | "tage"
                | "tagen"
                | "jour"
                | "jours"
                | "dia"
                | "dias"
                | "giorno"
                | "giorni"
                | "dag"
                | "dagen"
                | "den"
                | "dny"
                | "dni"
                | "dzien"
                | "ημερα"
                | "ημερεσ"
        )
    };
    if months(unit) {
        Some(Duration::Months(n))
    } else if years(unit) {
        Some(Duration::Months(n * 12))
    } else if weeks(unit) {
        Some(Duration::Days(n * 7))
    } else if days(unit) {
        Some(Duration::Days(n))
    } else {
        None
    }
}

/// The closest of `candidates` to `word`, for "did you mean".
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&w, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_key_of_ascii_is_the_unicode_reading() {
        let unicode = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let all: String = (0u8..128).map(char::from).collect();
        assert_eq!(norm_key(&all), unicode(&all));
        for s in [
            "Risk Owner",
            "Applicable?",
            "#",
            "",
            "Próxima Revisão",
            "ẞ Straße İ",
        ] {
            assert_eq!(norm_key(s), unicode(s), "{s:?}");
        }
    }

    #[test]
    fn tri_state() {
        assert_eq!(parse_tri("Yes "), Some(Tri::Yes));
        assert_eq!(parse_tri("✅"), Some(Tri::Yes));
        assert_eq!(parse_tri("N/A"), Some(Tri::No));
        assert_eq!(parse_tri("TBD"), Some(Tri::Undecided));
        assert_eq!(parse_tri(""), Some(Tri::Undecided));
        assert_eq!(parse_tri("maybe"), None);
    }

    #[test]
    fn lists() {
        let items: Vec<_> = split_list("R-1, R-2;;R-3 | R-4,")
            .into_iter()
            .map(|(s, _, _)| s)
            .collect();
        assert_eq!(items, ["R-1", "R-2", "R-3", "R-4"]);
        let s = "a ,  bb";
        let (_, start, end) = split_list(s)[1];
        assert_eq!(&s[start..end], "bb");
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("4 - Likely"), Some(4.0));
        assert_eq!(parse_number("3.5"), Some(3.5));
        // Integers as the float parser reads them, to its limit of exact digits and past it.
        assert_eq!(parse_number(" 007 "), Some(7.0));
        assert_eq!(parse_number("999999999999999"), Some(999_999_999_999_999.0));
        assert_eq!(
            parse_number("12345678901234567890"),
            Some(1.2345678901234567e19)
        );
        assert_eq!(parse_number("high"), None);
        assert_eq!(parse_number("12abc"), None);
    }

    #[test]
    fn numbers_as_written_in_other_languages() {
        assert_eq!(parse_number("0,3"), Some(0.3));
        assert_eq!(parse_number("12,5 %"), Some(12.5));
        assert_eq!(parse_number("12,5%"), Some(12.5));
        assert_eq!(parse_number("30%"), Some(30.0));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("1 234,5"), Some(1234.5));
        assert_eq!(parse_number("1\u{a0}234,5"), Some(1234.5));
        assert_eq!(parse_number("1\u{202f}234"), Some(1234.0));
        assert_eq!(parse_number("1.234.567"), Some(1_234_567.0));
        assert_eq!(parse_number("-1.234,5"), Some(-1234.5));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("1,234,567"), Some(1_234_567.0));
        assert_eq!(parse_number("3,5 - Hoch"), Some(3.5));
        // Near misses: a list, a point decimal, a version, a date, a range.
        assert_eq!(parse_number("1,2,3"), None);
        assert_eq!(parse_number("1, 2, 3"), None);
        assert_eq!(parse_number("3.5"), Some(3.5));
        // `1.234` and `1,234` alone read as decimals, as before: no language decides here.
        assert_eq!(parse_number("1.234"), Some(1.234));
        assert_eq!(parse_number("1,5"), Some(1.5));
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(parse_number("15.03.2026"), None);
        assert_eq!(parse_number("1.234,5,6"), None);
        assert_eq!(parse_number("12,34,56"), None);
    }

    #[test]
    fn dates() {
        let d = Date::new(2026, 3, 1).unwrap();
        assert_eq!(parse_date("2026-03-01", DateOrder::IsoOnly), Ok(d));
        assert_eq!(
            parse_date("2026-03-01T10:00:00Z", DateOrder::IsoOnly),
            Ok(d)
        );
        assert_eq!(parse_date("01/03/2026", DateOrder::DayMonth), Ok(d));
        assert_eq!(
            parse_date("01/03/2026", DateOrder::IsoOnly),
            Err(DateError::Ambiguous)
        );
        assert_eq!(
            parse_date("2026-13-40", DateOrder::IsoOnly),
            Err(DateError::Invalid)
        );
    }

    #[test]
    fn dates_as_written_in_other_languages() {
        use crate::model::lang::Lang;
        let day = |y, m, d| Date::new(y, m, d).unwrap();
        let written = |s: &str| parse_date_in(s, None, None);
        for (s, d) in [
            ("15/03/2026", day(2026, 3, 15)),
            ("15.03.2026", day(2026, 3, 15)),
            ("15-03-2026", day(2026, 3, 15)),
            ("25.3.2026", day(2026, 3, 25)),
            ("15. 3. 2026", day(2026, 3, 15)),
            ("05/05/2026", day(2026, 5, 5)),
            ("12/31/2026", day(2026, 12, 31)),
            ("15. März 2026", day(2026, 3, 15)),
            ("3 de março de 2026", day(2026, 3, 3)),
            ("3 de marco de 2026", day(2026, 3, 3)),
            ("1er janvier 2026", day(2026, 1, 1)),
            ("15 marzo 2026", day(2026, 3, 15)),
            ("15 de marzo de 2026", day(2026, 3, 15)),
            ("15 maart 2026", day(2026, 3, 15)),
            ("15. března 2026", day(2026, 3, 15)),
            ("1. ledna 2027", day(2027, 1, 1)),
            ("15 marca 2026", day(2026, 3, 15)),
            ("2 stycznia 2026", day(2026, 1, 2)),
            ("15 Μαρτίου 2026", day(2026, 3, 15)),
            ("15 ΜΑΡΤΙΟΥ 2026", day(2026, 3, 15)),
            ("15 March 2026", day(2026, 3, 15)),
            ("March 15, 2026", day(2026, 3, 15)),
            ("15 févr. 2026", day(2026, 2, 15)),
            ("31 dic 2026", day(2026, 12, 31)),
            ("März 2026", day(2026, 3, 31)),
            ("março de 2026", day(2026, 3, 31)),
            ("marzo de 2026", day(2026, 3, 31)),
            ("listopad 2026", day(2026, 11, 30)),
            ("Σεπτέμβριος 2026", day(2026, 9, 30)),
        ] {
            assert_eq!(written(s), Ok((d, ReadBy::Written)), "{s}");
        }
        // Ambiguous: config decides, else the language's convention, else an error.
        assert_eq!(written("03/04/2026"), Err(DateError::Ambiguous));
        assert_eq!(
            parse_date_in("03/04/2026", None, Some(Lang::En)),
            Err(DateError::Ambiguous)
        );
        assert_eq!(
            parse_date_in("03/04/2026", None, Some(Lang::Pt)),
            Ok((day(2026, 4, 3), ReadBy::Convention(Lang::Pt)))
        );
        assert_eq!(
            parse_date_in("03/04/2026", Some(DateOrder::MonthDay), Some(Lang::De)),
            Ok((day(2026, 3, 4), ReadBy::Config))
        );
        // `iso` in config reads no numeric date, even one that could be only one.
        assert_eq!(
            parse_date_in("15/03/2026", Some(DateOrder::IsoOnly), Some(Lang::De)),
            Err(DateError::Ambiguous)
        );
        // Near misses: no such day, no such month word, a month word with a day but no year.
        for s in [
            "31/02/2026",
            "15 Foo 2026",
            "32. März 2026",
            "15. März",
            "13/13/2026",
            "15.03.26",
        ] {
            assert!(written(s).is_err(), "{s}");
        }
    }

    #[test]
    fn quarter_dates_are_the_end_of_the_quarter() {
        let end = |y, m, d| Ok((Date::new(y, m, d).unwrap(), ReadBy::Written));
        for s in [
            "Q1 2026",
            "q1 2026",
            "1Q 2026",
            "2026-Q1",
            "2026 Q1",
            "Q1/2026",
            "T1 2026",
            "1. Quartal 2026",
            "1º trimestre de 2026",
            "1er trimestre 2026",
        ] {
            assert_eq!(parse_date_in(s, None, None), end(2026, 3, 31), "{s}");
        }
        assert_eq!(parse_date_in("Q4 2026", None, None), end(2026, 12, 31));
        assert_eq!(parse_date_in("3Q 2027", None, None), end(2027, 9, 30));
        assert_eq!(date_period("Q2 2026"), Some("quarter"));
        assert_eq!(date_period("Jan 2026"), Some("month"));
        assert_eq!(date_period("2026-01-31"), None);
        // Near misses: no fifth quarter, a quarter without a year, a control ID.
        for s in ["Q5 2026", "Q1", "Q1 26", "A.5.1"] {
            assert!(parse_date_in(s, None, None).is_err(), "{s}");
        }
    }

    #[test]
    fn month_dates_are_the_end_of_the_month() {
        let end = |y, m, d| Ok(Date::new(y, m, d).unwrap());
        assert_eq!(parse_date("Jan 2025", DateOrder::IsoOnly), end(2025, 1, 31));
        assert_eq!(
            parse_date("März 2026", DateOrder::IsoOnly),
            end(2026, 3, 31)
        );
        assert_eq!(
            parse_date("February 2028", DateOrder::IsoOnly),
            end(2028, 2, 29)
        );
        assert_eq!(
            parse_date("Sept. 2026", DateOrder::IsoOnly),
            end(2026, 9, 30)
        );
        assert_eq!(parse_date("2025-11", DateOrder::IsoOnly), end(2025, 11, 30));
        assert_eq!(
            parse_date("Foo 2025", DateOrder::IsoOnly),
            Err(DateError::Invalid)
        );
        assert_eq!(parse_month("2026-03-01"), None);
    }

    #[test]
    fn icons_and_decoration_are_not_values() {
        let read = |s: &'static str| {
            let (a, b) = undecorate(s);
            &s[a..b]
        };
        assert_eq!(read("✅ Yes"), "Yes");
        assert_eq!(read("❌ No"), "No");
        assert_eq!(read("🟢 Treated"), "Treated");
        assert_eq!(read("🔴 High"), "High");
        assert_eq!(read("⚠️ Partial"), "Partial");
        assert_eq!(read("**Yes**"), "Yes");
        assert_eq!(read("Yes*"), "Yes");
        assert_eq!(read("🟡 6"), "6");
        assert_eq!(read(" ✅ "), "✅");
        assert_eq!(read("Implemented ✔️"), "Implemented");
        assert_eq!(
            read("A.5.1 Policies — see note"),
            "A.5.1 Policies — see note"
        );
        for icon in ["✅", "✔", "☑", "✔️"] {
            assert_eq!(parse_tri(icon), Some(Tri::Yes), "{icon}");
        }
        for icon in ["❌", "✗", "☐", "✖️"] {
            assert_eq!(parse_tri(icon), Some(Tri::No), "{icon}");
        }
    }

    #[test]
    fn treatment_verb_last() {
        assert_eq!(
            parse_treatment("Mit Monitoring akzeptieren"),
            Some(Treatment::Retain)
        );
        assert_eq!(
            parse_treatment("Durch Verschlüsselung mindern"),
            Some(Treatment::Modify)
        );
        // English words at the end of a sentence state no decision; long cells are prose.
        assert_eq!(parse_treatment("Owner to decide whether to accept"), None);
        assert_eq!(parse_treatment("Owner will accept"), None);
        assert_eq!(
            parse_treatment(
                "Die Geschäftsführung wird im nächsten Quartal über das Risiko akzeptieren"
            ),
            None
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("12 months"), Some(Duration::Months(12)));
        assert_eq!(parse_duration("Annually"), Some(Duration::Months(12)));
        for w in [
            "Continuous",
            "Fortlaufend",
            "Kontinuierlich",
            "En continu",
            "Průběžně",
            "Doorlopend",
            "Ciągły",
            "Contínuo",
            "Continuo",
        ] {
            assert!(continuous_review(w), "{w}");
        }
        for w in ["2026-07-01", "Annual", "Continuous monitoring of X", "TBD"] {
            assert!(!continuous_review(w), "{w}");
        }
        assert_eq!(parse_duration("6m"), Some(Duration::Months(6)));
        assert_eq!(parse_duration("90d"), Some(Duration::Days(90)));
        assert_eq!(parse_duration("1y"), Some(Duration::Months(12)));
        assert_eq!(parse_duration("P1Y"), Some(Duration::Months(12)));
        assert_eq!(parse_duration("sometimes"), None);
    }

    #[test]
    fn durations_as_written_in_other_languages() {
        let m = |n| Some(Duration::Months(n));
        for (words, months) in [
            (
                &[
                    "Anual",
                    "jährlich",
                    "annuel",
                    "anual",
                    "annuale",
                    "jaarlijks",
                    "ročně",
                    "rocznie",
                    "ετήσια",
                    "Einmal jährlich",
                    "alle 12 Monate",
                    "a cada 12 meses",
                    "cada 12 meses",
                    "každých 12 měsíců",
                    "co 12 miesięcy",
                    "κάθε 12 μήνεσ",
                    "ogni 12 mesi",
                    "elke 12 maanden",
                    "tous les 12 mois",
                    "1 Jahr",
                    "12 Monate",
                ][..],
                12,
            ),
            (
                &[
                    "Semestral",
                    "halbjährlich",
                    "semestriel",
                    "semestrale",
                    "halfjaarlijks",
                    "pololetně",
                    "εξαμηνιαία",
                    "tous les 6 mois",
                    "alle 6 Monate",
                ][..],
                6,
            ),
            (
                &[
                    "Trimestral",
                    "vierteljährlich",
                    "trimestriel",
                    "trimestrale",
                    "per kwartaal",
                    "čtvrtletně",
                    "co kwartał",
                    "τριμηνιαία",
                    "alle 3 Monate",
                ][..],
                3,
            ),
            (
                &[
                    "Mensal",
                    "monatlich",
                    "mensuel",
                    "mensual",
                    "mensile",
                    "maandelijks",
                    "měsíčně",
                    "miesięcznie",
                    "μηνιαία",
                ][..],
                1,
            ),
        ] {
            for w in words {
                assert_eq!(parse_duration(w), m(months), "{w}");
            }
        }
        assert_eq!(parse_duration("alle 2 Wochen"), Some(Duration::Days(14)));
        assert_eq!(parse_duration("wöchentlich"), Some(Duration::Days(7)));
        // Near misses: a word that is no interval, a count of no unit, a frequency of events.
        for w in [
            "Trimestre",
            "alle 12",
            "12 Risiken",
            "jährliche Prüfung",
            "Monat",
        ] {
            assert_eq!(parse_duration(w), None, "{w}");
        }
    }

    #[test]
    fn words_before_a_note() {
        assert_eq!(parse_status("Implemented (80%)"), Some(Status::Implemented));
        assert_eq!(
            parse_status("Partially implemented - MFA pending"),
            Some(Status::Partial)
        );
        assert_eq!(
            parse_treatment("Mitigate (reduce likelihood)"),
            Some(Treatment::Modify)
        );
        assert_eq!(parse_status("Planed (Q3)"), None);
        for (t, option, plan) in [
            (
                "Mitigate — deploy MFA for all admins",
                Treatment::Modify,
                "deploy MFA for all admins",
            ),
            ("Reduce: patch monthly", Treatment::Modify, "patch monthly"),
            (
                "Treat (firewall rules, A.8.20)",
                Treatment::Modify,
                "firewall rules, A.8.20",
            ),
            ("Transfer to insurer", Treatment::Share, "to insurer"),
            (
                "Accept – approved by CFO",
                Treatment::Retain,
                "approved by CFO",
            ),
            ("Avoid/terminate", Treatment::Avoid, "terminate"),
            (
                "Risk reduction by training",
                Treatment::Modify,
                "by training",
            ),
            ("Tolerate", Treatment::Retain, ""),
        ] {
            assert_eq!(treatment_prose(t), Some((option, plan)), "{t}");
            assert_eq!(parse_treatment(t), Some(option), "{t}");
        }
        for t in [
            "Monitor quarterly",
            "Ongoing",
            "Deploy MFA then accept",
            "",
            "—",
        ] {
            assert_eq!(treatment_prose(t), None, "{t}");
        }
    }

    #[test]
    fn placeholders() {
        assert_eq!(placeholder("[TBD]"), Some("[TBD]"));
        assert_eq!(placeholder("<Owner>"), Some("<Owner>"));
        assert_eq!(placeholder("TBC"), Some("TBC"));
        assert_eq!(placeholder("Jane Doe"), None);
        assert_eq!(placeholder("[link](x.md)"), None);
    }

    /// The quick no: a letter or digit no placeholder word has (`h`, `0`), in any language.
    #[test]
    fn most_values_are_told_apart_from_placeholders_without_a_look_up() {
        for value in ["Synthetic risk 7", "R-000042", "Jane Doe", "2027-06-30"] {
            assert!(!may_be_placeholder(value), "{value}");
            assert_eq!(placeholder(value), None, "{value}");
        }
        for value in [
            "TBD",
            "  ❓ tbc",
            "[anything]",
            "pending",
            "A definir",
            "k doplnění",
        ] {
            assert!(may_be_placeholder(value), "{value}");
        }
        assert_eq!(placeholder("A definir"), Some("A definir"));
        assert_eq!(placeholder("  ❓ tbc"), Some("❓ tbc"));
    }
}
