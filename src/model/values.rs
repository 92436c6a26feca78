//! Reading raw cell/field text as typed values (DESIGN §4.2). Pure functions, no locations:
//! callers attach locations and turn `Err` into IN002 diagnostics.

use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;

/// Field names compared case-, space- and punctuation-insensitively.
pub fn norm_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Text that stands for "nobody filled this in": placeholders from templates and trackers.
/// Returns the placeholder as written, trimmed.
pub fn placeholder(s: &str) -> Option<&str> {
    static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\[[^\]\[()]*\]|<[^<>]*>|\{\{[^{}]*\}\})$").expect("valid regex")
    });
    const WORDS: &[&str] = &[
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
    let is = bracketed
        || WORDS.iter().any(|w| t.eq_ignore_ascii_case(w))
        || (!word.is_empty()
            && word.len() < t.len()
            && WORDS.iter().any(|w| word.eq_ignore_ascii_case(w)))
        || foreign(word);
    is.then_some(t)
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
    treatment_word(s)
        .or_else(|| head(s).and_then(treatment_word))
        .or_else(|| treatment_prose(s).map(|(t, _)| t))
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

/// A number at the start of a cell: `3`, `3.5`, `4 - Likely`, `4 (High)`.
pub fn parse_number(s: &str) -> Option<f64> {
    static NUM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:$|[-–—:(/=]|\s)").expect("valid regex")
    });
    if let Ok(n) = s.trim().parse::<f64>() {
        return n.is_finite().then_some(n);
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

/// The month a month-name word names: English, German and French, full or abbreviated
/// (`Jan`, `Jan.`, `January`, `März`, `Maerz`, `févr.`).
fn month_word(w: &str) -> Option<i8> {
    let w = w.trim_end_matches('.').to_lowercase();
    const MONTHS: [&[&str]; 12] = [
        &["jan", "january", "januar", "janvier", "jänner", "janv"],
        &[
            "feb", "february", "februar", "février", "fevrier", "févr", "fevr",
        ],
        &["mar", "march", "märz", "maerz", "mars", "mär"],
        &["apr", "april", "avril", "avr"],
        &["may", "mai"],
        &["jun", "june", "juni", "juin"],
        &["jul", "july", "juli", "juillet", "juil"],
        &["aug", "august", "août", "aout"],
        &["sep", "sept", "september", "septembre"],
        &["oct", "october", "oktober", "octobre", "okt"],
        &["nov", "november", "novembre"],
        &[
            "dec",
            "december",
            "dezember",
            "décembre",
            "decembre",
            "dez",
            "déc",
        ],
    ];
    MONTHS
        .iter()
        .position(|names| names.contains(&w.as_str()))
        .and_then(|i| i8::try_from(i + 1).ok())
}

/// A date written to the month (`Jan 2025`, `März 2026`, `January-2025`, `2025-01`): its year
/// and month (issue 17 item 2). Review rules read it as the end of that month.
pub fn parse_month(s: &str) -> Option<(i16, i8)> {
    static WORDS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\p{L}+\.?)[\s\-/,]*(\d{4})$").expect("valid regex"));
    static ISO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{2})$").expect("valid regex"));
    let t = s.trim();
    let (y, m) = if let Some(c) = WORDS.captures(t) {
        (c[2].parse().ok()?, month_word(&c[1])?)
    } else if let Some(c) = ISO.captures(t) {
        (c[1].parse().ok()?, c[2].parse().ok()?)
    } else {
        return None;
    };
    ((1..=12).contains(&m) && (1000..=9999).contains(&y)).then_some((y, m))
}

pub fn parse_date(s: &str, order: DateOrder) -> Result<Date, DateError> {
    if let Some((y, m)) = parse_month(s) {
        return Date::new(y, m, 1)
            .map(|d| d.last_of_month())
            .map_err(|_| DateError::Invalid);
    }
    static ISO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$").expect("valid regex")
    });
    static DMY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$").expect("valid regex"));
    let t = s.trim();
    // The common case, `2026-03-01`, without a regex.
    if t.len() == 10
        && t.as_bytes()[4] == b'-'
        && t.as_bytes()[7] == b'-'
        && let (Ok(y), Ok(m), Ok(d)) = (t[..4].parse(), t[5..7].parse(), t[8..].parse())
    {
        return Date::new(y, m, d).map_err(|_| DateError::Invalid);
    }
    let (y, m, d) = if let Some(c) = ISO.captures(t) {
        (c[1].parse(), c[2].parse(), c[3].parse())
    } else if let Some(c) = DMY.captures(t) {
        match order {
            DateOrder::DayMonth => (c[3].parse(), c[2].parse(), c[1].parse()),
            DateOrder::MonthDay => (c[3].parse(), c[1].parse(), c[2].parse()),
            DateOrder::IsoOnly => return Err(DateError::Ambiguous),
        }
    } else {
        return Err(DateError::Invalid);
    };
    match (y, m, d) {
        (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d).map_err(|_| DateError::Invalid),
        _ => Err(DateError::Invalid),
    }
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

pub fn parse_duration(s: &str) -> Option<Duration> {
    static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:every\s+)?(\d{1,4})\s*-?\s*(d|days?|w|weeks?|m|mo|months?|y|yr|years?)$")
            .expect("valid regex")
    });
    static ISO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^p(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)w)?(?:(\d+)d)?$").expect("valid regex")
    });
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
        assert_eq!(parse_number("high"), None);
        assert_eq!(parse_number("12abc"), None);
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
    fn durations() {
        assert_eq!(parse_duration("12 months"), Some(Duration::Months(12)));
        assert_eq!(parse_duration("Annually"), Some(Duration::Months(12)));
        assert_eq!(parse_duration("6m"), Some(Duration::Months(6)));
        assert_eq!(parse_duration("90d"), Some(Duration::Days(90)));
        assert_eq!(parse_duration("1y"), Some(Duration::Months(12)));
        assert_eq!(parse_duration("P1Y"), Some(Duration::Months(12)));
        assert_eq!(parse_duration("sometimes"), None);
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
}
