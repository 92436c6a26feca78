//! The risk method a repository states in its own documents (issue 17 item 4): the acceptance
//! threshold or risk appetite written in a methodology (`Risk appetite: 0.30`, `acceptance
//! threshold: 12`) and numeric likelihood and impact scales (`scores 0.1 – 1.0`, or a
//! `Likelihood | Description` table whose levels are numbered). Used only where config says
//! nothing; `-v` quotes where each was found.
//!
//! Only methodology documents are read (a path naming the method, risk assessment or risk
//! management): a policy that mentions "appetite" in passing states no method.

use crate::config::RiskConfig;
use crate::model::values::parse_number;
use crate::pattern::Pattern;
use crate::source::SourceMap;
use std::sync::LazyLock;

/// One statement found: the value(s), the words quoted and where (`path:line`).
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub value: T,
    pub quote: String,
    pub at: String,
}

#[derive(Debug, Default, PartialEq)]
pub struct Stated {
    pub threshold: Option<Found<f64>>,
    pub likelihood: Option<Found<(f64, f64)>>,
    pub impact: Option<Found<(f64, f64)>>,
    /// A threshold written as a level (`Risk appetite: Medium`), used on a word scale.
    pub threshold_word: Option<Found<String>>,
}

/// Words of a methodology document's path (letters and digits, lower case), in the
/// languages registers are read in too (issue 13).
const METHOD_WORDS: &[&str] = &[
    "methodolog",
    "riskassessment",
    "riskmanagement",
    "riskcriteria",
    "acceptancecriteria",
    "riskappetite",
    "risktreatmentprocedure",
    "riskprocedure",
    "riskmethod",
    // The same in the languages registers are read in (issue 13).
    "metodolog",
    "methodik",
    "méthodolog",
    "metodik",
    "gestaoderisco",
    "gestãoderisco",
    "avaliacaoderisco",
    "avaliaçãoderisco",
    "gestionderiesgo",
    "analisisderiesgo",
    "análisisderiesgo",
    "gestiondesrisques",
    "analysedesrisques",
    "risikomanagement",
    "risikobewertung",
    "risikoanalyse",
    "gestionedelrischio",
    "gestionedeirischi",
    "valutazionedelrischio",
    "valutazionedeirischi",
    "risicomanagement",
    "risicobeoordeling",
    "risicoanalyse",
    "řízenírizik",
    "analýzarizik",
    "zarządzanieryzykiem",
    "analizaryzyka",
    "διαχείρισηκινδύνων",
    "εκτίμησηκινδύνων",
];

/// A file that may state the risk method: its path names it.
pub(crate) fn methodology_file(path: &str) -> bool {
    // One search for every word: this is asked of every file, once per run (~28k
    // instructions a file as forty `contains`).
    static WORDS: LazyLock<Option<aho_corasick::AhoCorasick>> = LazyLock::new(|| {
        crate::pattern::word_search(METHOD_WORDS, aho_corasick::MatchKind::Standard, false)
    });
    let named = |joined: &str| match &*WORDS {
        Some(ac) => ac.is_match(joined),
        None => METHOD_WORDS.iter().any(|w| joined.contains(w)),
    };
    if path.is_ascii() {
        // The common case, byte by byte: as below, without the Unicode tables.
        let b = path.as_bytes();
        let ends = |ext: &str| {
            let n = ext.len();
            b.len() > n
                && b[b.len() - n..].eq_ignore_ascii_case(ext.as_bytes())
                && !b[b.len() - n - 1].is_ascii_alphanumeric()
        };
        if !(ends("md") || ends("txt") || ends("markdown")) {
            return false;
        }
        let joined: String = b
            .iter()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| char::from(c.to_ascii_lowercase()))
            .collect();
        return named(&joined);
    }
    methodology_file_by_chars(path, named)
}

/// `methodology_file` a character at a time, with Unicode's lower case and letters: any path.
/// `named`: the joined words name the method.
fn methodology_file_by_chars(path: &str, named: impl Fn(&str) -> bool) -> bool {
    let p = path.to_lowercase();
    let p: String = p
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let joined: String = p.split_whitespace().collect();
    (p.ends_with(" md") || p.ends_with(" txt") || p.ends_with(" markdown")) && named(&joined)
}

static THRESHOLD: Pattern = Pattern::new(
    r"(?i)\b(risk\s+appetite|(?:risk\s+)?acceptance\s+(?:threshold|level|criterion|criteria)|acceptable\s+risk\s+(?:level|threshold|score)|risk\s+tolerance(?:\s+threshold)?|risk\s+threshold)\b[*_`\s]*(?:is|=|:|of|at|set\s+(?:at|to))?[*_`\s]*(?:a\s+score\s+of\s+|score\s+)?(\d+(?:[.,]\d+)?)\b",
);

/// `Risk appetite: Medium`, `The acceptance threshold is **Medium**`: a level named after the
/// label (only used when the repository's score scale has that level).
static THRESHOLD_WORD: Pattern = Pattern::new(
    r"(?i)\b(?:risk\s+appetite|(?:risk\s+)?acceptance\s+(?:threshold|level)|acceptable\s+risk\s+level|risk\s+tolerance|risk\s+threshold)\b[*_`\s]*(?:is|=|:|set\s+(?:at|to))[*_`\s]*(?:a\s+)?(?:risk\s+level\s+of\s+)?((?-i:[A-Z][a-z]+)(?:\s(?-i:[A-Z][a-z]+))?)\b",
);

/// `aceita riscos residuais BAIXO ou MÉDIO (score ≤ 11)`, `Residual risk ≤ Medium (score ≤ 11)
/// → auto-accept`, `Risks up to <= 6 are accepted`: acceptance and an upper bound in one sentence
/// about risk, in any of the languages registers are read in (issue 13): the bound is the
/// threshold. Unbounded lazy gaps (not counted repetitions) keep the pattern cheap to compile;
/// `at_most` checks the sentence names a risk and the bound is no duration or percentage.
static AT_MOST: LazyLock<Pattern> = LazyLock::new(|| {
    const ACCEPT: &str =
        r"(?:accept|aceit|acept|akzept|accett|aanvaard|akcept|přij|αποδεκτ|αποδοχ)";
    const BOUND: &str = r"(?:≤|<=|=<|⩽)[ \t]*([0-9]+(?:[.,][0-9]+)?)";
    Pattern::owned(format!(
        r"(?i){ACCEPT}[^.\n]*?{BOUND}|{BOUND}[^.\n]*?{ACCEPT}"
    ))
});

/// The threshold an `AT_MOST` sentence states, with the words quoted.
fn at_most(line: &str) -> Option<(f64, String)> {
    const RISK: &[&str] = &[
        "risk",
        "risco",
        "riesgo",
        "risque",
        "risik",
        "rischi",
        "risico",
        "rizik",
        "ryzyk",
        "κίνδυν",
        "score",
    ];
    const UNITS: &[&str] = &[
        "%", "day", "dia", "día", "jour", "tag", "giorn", "dag", "den", "dní", "dni", "ημέρ",
        "month", "mes", "mois", "monat", "mese", "maand", "měsíc", "miesi", "μήν", "year", "ano",
        "año", "an", "jahr", "ann", "jaar", "rok", "let", "έτ", "hour", "hora", "heure", "stund",
        "ore", "uur", "hodin", "godzin", "ώρ", "week", "seman", "semaine", "woche",
    ];
    if !BOUNDS.iter().any(|b| line.contains(b)) {
        debug_assert!(
            !AT_MOST.is_match(line),
            "AT_MOST matches {line:?} without a bound"
        );
        return None;
    }
    let c = AT_MOST.captures(line)?;
    let all = c.get(0)?;
    let n = c.get(1).or_else(|| c.get(2))?;
    let lower = line.to_lowercase();
    let next_word = line[n.end()..]
        .trim_start()
        .split(|ch: char| !ch.is_alphabetic() && ch != '%')
        .next()
        .unwrap_or("")
        .to_lowercase();
    let unit = !next_word.is_empty() && UNITS.iter().any(|u| next_word.starts_with(u));
    (all.as_str().chars().count() <= 160 && RISK.iter().any(|r| lower.contains(r)) && !unit)
        .then(|| Some((num(n.as_str())?, all.as_str().to_string())))
        .flatten()
}

/// `Risks scoring above 8 after treatment are accepted by the risk owner`: a sentence about
/// acceptance that names the score above which it is needed.
static ABOVE: Pattern = Pattern::new(
    r"(?i)\b(?:risks?|scores?)\s+(?:scoring|rated|with\s+an?\s+(?:residual\s+)?(?:score|rating))\s+(?:above|over|greater\s+than|higher\s+than|more\s+than)\s+(\d+(?:[.,]\d+)?)\b[^.\n]{0,80}\baccept",
);

/// A band of risk levels the methodology accepts: `**Low (5–8):** Accepted with documented
/// justification`, `**1–6 (Low):** Accept or monitor`. The highest accepted band's top is the threshold.
static BAND: Pattern = Pattern::new(
    r"(?i)\(?\s*\b(\d+(?:[.,]\d+)?)\s*(?:–|—|-|to)\s*(\d+(?:[.,]\d+)?)\s*\)?[*_:\s]*(?:\([^)\n]{1,20}\)[*_:\s]*)?(?:accepted|acceptable|accept)\b",
);

/// The same band in the languages of issue 13, where the verb ends the clause: `**Niedrig
/// (5–8):** Wird mit dokumentierter Begründung akzeptiert`, `Faible (1-4) : risque accepté`. The
/// clause (up to its full stop) must not deny it (`nicht`, `non`, `não`, …: see `DENIED`).
static BAND_LATE: Pattern = Pattern::new(
    r"(?i)\(?\s*\b(\d+(?:[.,]\d+)?)\s*(?:–|—|-|bis|à|a|al|tot|do|έως)\s*(\d+(?:[.,]\d+)?)\s*\)?[*_:\s]*(?:\([^)\n]{1,20}\)[*_:\s]*)?([^.\n]{0,60}?)\b(?:akzeptiert|akzeptabel|accepté|acceptée|acceptés|acceptées|acceptable|aceito|aceita|aceitável|aceitavel|aceptado|aceptada|aceptable|accettato|accettata|accettabile|geaccepteerd|aanvaard|aanvaardbaar|akceptowane|akceptowany|akceptowalne|akceptowalny|přijato|přijat|přijatelné|přijatelný|αποδεκτ\w*)",
);

/// Words that deny acceptance in a band's clause (`Wird nicht akzeptiert`, `non accepté`).
static DENIED: Pattern =
    Pattern::new(r"(?i)\b(?:nicht|kein\w*|not|no|non|pas|não|nao|niet|geen|nie|ne|δεν|μη)\b");

/// `NovaPay accepts risks scoring:` — a list of accepted bands follows.
static ACCEPTS_INTRO: Pattern =
    Pattern::new(r"(?i)\baccepts?\b[^.\n]{0,40}\b(?:risks?|scores?|levels?)\b[^.\n]{0,30}:\s*$");

/// A band in a bullet: `- **1–6** (Low)`.
static LIST_BAND: Pattern =
    Pattern::new(r"\b(\d+(?:[.,]\d+)?)\s*(?:–|—|-|to)\s*(\d+(?:[.,]\d+)?)\b");

/// A band accepted only on conditions, or not at all.
static CONDITION: Pattern = Pattern::new(r"(?i)\b(?:only|approv|sign-?off|must|treat|not|escalat)");

static RANGE: Pattern = Pattern::new(
    r"(?i)\b(likelihood|probability|impact|consequence|scores?|scale)\b[^\n|]{0,40}?\b(\d+(?:[.,]\d+)?)\s*(?:–|—|-|to|\.\.)\s*(\d+(?:[.,]\d+)?)\b",
);

/// What `THRESHOLD` and `THRESHOLD_WORD` need: each of their labels holds one of these.
const THRESHOLD_NEEDS: &[&str] = &[
    "appetite",
    "acceptance",
    "acceptable",
    "tolerance",
    "threshold",
];
/// What `ABOVE`, `BAND` and `ACCEPTS_INTRO` need.
const ACCEPT_NEEDS: &[&str] = &["accept"];
/// What `BAND_LATE` needs on an ASCII line (its Czech and Greek verbs are not ASCII).
const LATE_NEEDS: &[&str] = &[
    "akzept", "accept", "aceit", "acept", "accett", "aanvaard", "akcept",
];
/// What `RANGE` needs.
const RANGE_NEEDS: &[&str] = &[
    "likelihood",
    "probability",
    "impact",
    "consequence",
    "score",
    "scale",
];
/// What `AT_MOST` needs, in any text: a bound.
const BOUNDS: &[&str] = &["≤", "<=", "=<", "⩽"];

/// A line of a methodology document, with what the patterns need checked before they run
/// (issue 16: ~750 regex searches of a small repository's methodology lines, a tenth of its
/// run, where most lines hold none of the words a pattern needs).
struct Line<'a> {
    text: &'a str,
    /// The line in ASCII lower case, when it is ASCII: there `(?i)` folds only ASCII letters
    /// into a pattern's words, so a line without one of them cannot match. (In other text the
    /// Kelvin sign and the long s fold to `k` and `s`: such a line is always searched.)
    lower: Option<String>,
}

impl Line<'_> {
    /// Could a pattern that needs one of `needs` (lower case) match this line?
    fn may_hold(&self, needs: &[&str]) -> bool {
        self.lower
            .as_deref()
            .is_none_or(|l| needs.iter().any(|w| l.contains(w)))
    }

    /// `search` (of `pattern` in the line) when the line holds one of `needs`; debug builds
    /// check that a line without is no match.
    fn search<T>(
        &self,
        needs: &[&str],
        pattern: &Pattern,
        search: impl FnOnce() -> Option<T>,
    ) -> Option<T> {
        if self.may_hold(needs) {
            return search();
        }
        debug_assert!(
            !pattern.is_match(self.text),
            "{:?} matches {:?}, without any of {needs:?}",
            pattern.as_str(),
            self.text
        );
        None
    }
}

fn num(s: &str) -> Option<f64> {
    parse_number(&s.replace(',', "."))
}

/// The words quoted in a note: without Markdown emphasis, at most 100 characters.
fn quote(text: &str) -> String {
    let t: String = text
        .trim()
        .trim_start_matches(['-', '>', '#', '|', ' '])
        .chars()
        .filter(|c| !matches!(c, '*' | '`'))
        .take(100)
        .collect();
    t.trim().to_string()
}

/// Read the statements of every methodology document; the first of each wins (files in path
/// order).
pub fn read(files: &SourceMap) -> Stated {
    let mut out = Stated::default();
    let mut paths: Vec<(&str, &str)> = files
        .iter()
        .filter(|(_, f)| methodology_file(&f.path))
        .map(|(_, f)| (f.path.as_str(), f.text()))
        .collect();
    paths.sort();
    for (path, text) in &paths {
        // Accepted bands of this file: the top of the highest is its threshold.
        let mut band: Option<Found<f64>> = None;
        let mut in_code = false;
        // `We accept risks scoring:` then one band a bullet: the first band accepted without
        // conditions (`- **1–6** (Low)`) is the threshold; the next line that is no bullet
        // ends the list.
        let mut accepts_list = false;
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            if in_code {
                continue;
            }
            let bullet = line.trim_start().starts_with(['-', '*', '+']);
            let checked = Line {
                text: line,
                lower: line.is_ascii().then(|| line.to_ascii_lowercase()),
            };
            // Every pattern here but ACCEPTS_INTRO and THRESHOLD_WORD needs a digit: a line
            // without one (most prose) is not searched for them.
            let digits = crate::pattern::may_hold_digit(line);
            if accepts_list && bullet {
                if digits
                    && let Some(c) = LIST_BAND.captures(line)
                    && let Some(hi) = num(&c[2])
                    && !CONDITION.is_match(line)
                {
                    band.get_or_insert(Found {
                        value: hi,
                        quote: quote(line),
                        at: format!("{path}:{}", n + 1),
                    });
                    accepts_list = false;
                }
                continue;
            }
            if !line.trim().is_empty() {
                // `ACCEPTS_INTRO` ends with `:\s*$`.
                let intro = line.trim_end().ends_with(':');
                accepts_list = intro
                    && checked
                        .search(ACCEPT_NEEDS, &ACCEPTS_INTRO, || {
                            ACCEPTS_INTRO.is_match(line).then_some(())
                        })
                        .is_some();
                debug_assert!(intro || !ACCEPTS_INTRO.is_match(line), "{line:?}");
            }
            let at = || format!("{path}:{}", n + 1);
            let stated = digits
                .then(|| {
                    checked
                        .search(THRESHOLD_NEEDS, &THRESHOLD, || THRESHOLD.captures(line))
                        .and_then(|c| Some((num(&c[2])?, c.get(0)?.as_str().to_string())))
                        .or_else(|| {
                            let c =
                                checked.search(ACCEPT_NEEDS, &ABOVE, || ABOVE.captures(line))?;
                            Some((num(&c[1])?, c.get(0)?.as_str().to_string()))
                        })
                        .or_else(|| at_most(line))
                })
                .flatten();
            if out.threshold.is_none()
                && let Some((v, words)) = stated
            {
                out.threshold = Some(Found {
                    value: v,
                    quote: quote(&words),
                    at: at(),
                });
            }
            if out.threshold_word.is_none()
                && let Some(c) = checked.search(THRESHOLD_NEEDS, &THRESHOLD_WORD, || {
                    THRESHOLD_WORD.captures(line)
                })
                && let (Some(w), Some(all)) = (c.get(1), c.get(0))
            {
                out.threshold_word = Some(Found {
                    value: w.as_str().to_string(),
                    quote: quote(all.as_str()),
                    at: at(),
                });
            }
            let late = || {
                checked
                    .search(LATE_NEEDS, &BAND_LATE, || BAND_LATE.captures(line))
                    .filter(|c| !DENIED.is_match(c.get(3).map_or("", |m| m.as_str())))
            };
            if digits
                && let Some(c) = checked
                    .search(ACCEPT_NEEDS, &BAND, || BAND.captures(line))
                    .or_else(late)
                && let Some(hi) = num(&c[2])
                && band.as_ref().is_none_or(|b| hi > b.value)
            {
                band = Some(Found {
                    value: hi,
                    quote: quote(line),
                    at: at(),
                });
            }
            if digits
                && let Some(c) = checked.search(RANGE_NEEDS, &RANGE, || RANGE.captures(line))
                && let (Some(lo), Some(hi)) = (num(&c[2]), num(&c[3]))
                && lo < hi
                && hi <= 100.0
            {
                // The axes the sentence names before the range (`Likelihood and impact are
                // each scored 0.1 – 1.0` names both); none named (`scores 0.1 – 1.0`): both.
                let before = line[..c.get(2).map_or(0, |m| m.start())].to_lowercase();
                let names_l = before.contains("likelihood") || before.contains("probability");
                let names_i = before.contains("impact") || before.contains("consequence");
                let (l, i) = match (names_l, names_i) {
                    (false, false) => (true, true),
                    named => named,
                };
                let found = Found {
                    value: (lo, hi),
                    quote: quote(line),
                    at: at(),
                };
                // A generic "scores 0.1 – 1.0" is the likelihood and impact scale only when
                // it has decimals (a "score 1-25" range is of the product, not the axes).
                if !(names_l || names_i) && lo.fract() == 0.0 && hi.fract() == 0.0 {
                    continue;
                }
                if l && out.likelihood.is_none() {
                    out.likelihood = Some(found.clone());
                }
                if i && out.impact.is_none() {
                    out.impact = Some(found);
                }
            }
        }
        if out.threshold.is_none() {
            out.threshold = band;
        }
    }
    // A numbered `Likelihood | Description` table (the reader `init` learns word scales with).
    // Only the methodology documents' tables are split into cells (a workbook sheet's place,
    // `book.xlsx › Sheet`, is still judged whole, as before).
    let grids = super::learn::grids_where(files, methodology_file);
    for (place, rows) in grids.iter().filter(|(p, _)| methodology_file(p)) {
        for (h, header) in rows.iter().enumerate() {
            for (col, cell) in header.iter().enumerate() {
                let Some(axis) = super::learn::axis_of(cell) else {
                    continue;
                };
                let slot = match axis {
                    "likelihood" => &mut out.likelihood,
                    "impact" => &mut out.impact,
                    _ => continue,
                };
                if slot.is_some() {
                    continue;
                }
                let vals: Vec<f64> = rows[h + 1..]
                    .iter()
                    .map_while(|r| r.get(col).and_then(|c| num(c.trim())))
                    .collect();
                if vals.len() < 3 {
                    continue;
                }
                let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if lo < hi {
                    *slot = Some(Found {
                        value: (lo, hi),
                        quote: format!("a `{}` table with levels {lo} to {hi}", cell.trim()),
                        at: format!("{place} (table at row {})", h + 1),
                    });
                }
            }
        }
    }
    out
}

/// Apply what the repository states where config says nothing; the `-v` notes say what was
/// taken from where.
pub fn apply(stated: &Stated, risk: &mut RiskConfig) -> Vec<String> {
    let mut notes = Vec::new();
    if risk.acceptance_threshold.is_none()
        && risk.levels.is_none()
        && let Some(t) = &stated.threshold
    {
        risk.acceptance_threshold = Some(t.value);
        risk.threshold_stated = Some(format!("{} (`{}`)", t.at, t.quote));
        notes.push(format!(
            "risk acceptance threshold {} taken from {}: `{}` (set `risk.acceptance_threshold` in ismslint.yaml to override)",
            t.value, t.at, t.quote
        ));
    }
    if !risk.scale_configured {
        for (name, found, range, words) in [
            (
                "likelihood",
                &stated.likelihood,
                &mut risk.likelihood,
                risk.likelihood_levels.is_some(),
            ),
            (
                "impact",
                &stated.impact,
                &mut risk.impact,
                risk.impact_levels.is_some(),
            ),
        ] {
            if let (Some(f), false) = (found, words) {
                *range = f.value;
                notes.push(format!(
                    "{name} scale {}–{} taken from {}: `{}` (set `risk.{name}` in ismslint.yaml to override)",
                    f.value.0, f.value.1, f.at, f.quote
                ));
            }
        }
    }
    notes
}

/// Apply the word scales the repository's methodology documents draw (issue 17), where config
/// has none: the likelihood and impact scales, the score levels and the matrix, and a threshold
/// written as a level. A scale the register's words mostly do not fit is not used, and a note
/// says so once (never a guessed order). Runs before [`apply`], so a word scale wins over a
/// numeric range stated in the same documents.
pub fn apply_words(
    seen: &super::learn::MethodologySeen,
    files: &SourceMap,
    stated: &Stated,
    risk: &mut RiskConfig,
) -> Vec<String> {
    use super::learn::{USUAL_ORDER, learn_stated};
    use crate::config::scale::Scale;
    let mut notes = Vec::new();
    if seen.words.is_empty()
        || risk.scale_configured
        || risk.likelihood_levels.is_some()
        || risk.impact_levels.is_some()
        || risk.levels.is_some()
        || risk.impact_from.is_some()
    {
        return notes;
    }
    let (method, drawn) = learn_stated(seen, files, methodology_file);
    let stated_here =
        |l: &Option<super::learn::Learned>| l.as_ref().filter(|l| l.from != USUAL_ORDER).cloned();
    let mut take = |name: &str, learned: Option<super::learn::Learned>| {
        let axis = if name == "levels" { "score" } else { name };
        match learned {
            Some(l) => {
                let mut note = format!(
                    "{name} scale {} taken from {} (set `risk.{name}` in ismslint.yaml to override)",
                    l.levels.join(", "),
                    l.from
                );
                if !l.unordered.is_empty() {
                    let words: Vec<String> = l.unordered.iter().map(|w| format!("`{w}`")).collect();
                    note.push_str(&format!(
                        "; the register also writes {}, which this scale does not have (RSK002 reports those risks)",
                        words.join(", ")
                    ));
                }
                notes.push(note);
                Some(Scale::from_names(&l.levels))
            }
            None => {
                // A scale drawn for this axis that the register's words do not fit: said once.
                let words: Vec<String> = seen
                    .words
                    .iter()
                    .filter(|(a, _)| *a == axis)
                    .map(|(_, w)| format!("`{w}`"))
                    .collect();
                if let Some((_, levels, at)) = drawn.iter().find(|(a, ..)| *a == axis)
                    && !words.is_empty()
                {
                    notes.push(format!(
                        "{name} scale {} stated in {at} is not used: the register writes {}, most of which it does not have (set `risk.{name}` in ismslint.yaml)",
                        levels.join(", "),
                        words.join(", ")
                    ));
                }
                None
            }
        }
    };
    let mut likelihood = take("likelihood", stated_here(&method.likelihood));
    let mut impact = take("impact", stated_here(&method.impact));
    let mut levels = take("levels", stated_here(&method.levels));
    // Nothing states a scale for an axis whose words are levels of one ordered class
    // (`Nízká/Střední/Vysoká`, `Low/Medium/High`): held in the words' own order, for comparing
    // levels with levels only (issue 13).
    let mut assumed: Vec<(&str, Vec<String>)> = Vec::new();
    for (name, slot) in [
        ("likelihood", &mut likelihood),
        ("impact", &mut impact),
        ("levels", &mut levels),
    ] {
        let axis = if name == "levels" { "score" } else { name };
        if slot.is_some() || drawn.iter().any(|(a, ..)| *a == axis) {
            continue;
        }
        // A numeric score or threshold is not compared with a position on a word scale.
        if axis == "score" && (seen.score_numbers > 0 || risk.acceptance_threshold.is_some()) {
            continue;
        }
        let words: Vec<&str> = seen
            .words
            .iter()
            .filter(|(a, _)| *a == axis)
            .map(|(_, w)| w.as_str())
            .collect();
        let threshold = (axis == "score")
            .then(|| stated.threshold_word.as_ref().map(|t| t.value.as_str()))
            .flatten();
        if let Some(order) = assumed_order(&words, threshold) {
            *slot = Some(Scale::from_names(&order));
            assumed.push((name, order));
        }
    }
    if !assumed.is_empty() {
        let said: Vec<String> = assumed
            .iter()
            .map(|(name, order)| format!("{name}: {}", order.join(" < ")))
            .collect();
        notes.push(format!(
            "word scale assumed from the words ({}): nothing in the repository states it, so levels are compared only with levels (a residual level above the inherent one, a threshold written as a level) and no score is computed or checked from them; state it under `risk:` in ismslint.yaml to check scores",
            said.join("; ")
        ));
        risk.scales_assumed = assumed
            .iter()
            .map(|(name, _)| match *name {
                "likelihood" => "risk.likelihood",
                "impact" => "risk.impact",
                _ => "risk.levels",
            })
            .collect();
    }
    if let Some(l) = likelihood {
        risk.likelihood = (1.0, l.len() as f64);
        risk.likelihood_levels = Some(l);
    }
    if let Some(i) = impact {
        risk.impact = (1.0, i.len() as f64);
        risk.impact_levels = Some(i);
    }
    let Some(levels) = levels else {
        return notes;
    };
    // The matrix, as positions of the score levels (rows: likelihood lowest first).
    if let (Some((m, at)), Some(l), Some(i), true) = (
        &method.matrix,
        &risk.likelihood_levels,
        &risk.impact_levels,
        risk.scales_assumed.is_empty(),
    ) {
        let cells: Option<Vec<Vec<usize>>> = m
            .iter()
            .map(|row| row.iter().map(|w| levels.position(w)).collect())
            .collect();
        if let Some(cells) =
            cells.filter(|c| c.len() == l.len() && c.iter().all(|r| r.len() == i.len()))
        {
            risk.matrix = Some(cells);
            notes.push(format!(
                "risk matrix taken from {at} (set `risk.matrix` in ismslint.yaml to override)"
            ));
        }
    }
    if risk.acceptance_threshold.is_none()
        && let Some(t) = &stated.threshold_word
        && let Some(p) = levels.position(&t.value)
    {
        risk.acceptance_threshold = Some(p as f64);
        risk.threshold_stated = Some(format!("{} (`{}`)", t.at, t.quote));
        notes.push(format!(
            "risk acceptance threshold {} taken from {}: `{}` (set `risk.acceptance_threshold` in ismslint.yaml to override)",
            levels.name(p as f64).unwrap_or(&t.value),
            t.at,
            t.quote
        ));
    }
    risk.levels = Some(levels);
    notes
}

/// The order of a column's level words when nothing states it: every word that names a level
/// is of one ordered class (low < medium < high, or rare < … < almost certain; inflected forms
/// and other languages are one level), and such words are at least half of the words written
/// (the rest stay unreadable). A threshold written as a level of the class joins the scale.
/// `None` when the words are of no class, of two, or hold both `very high` and `critical` (whose
/// order no word says).
fn assumed_order(words: &[&str], threshold: Option<&str>) -> Option<Vec<String>> {
    use crate::model::words::{level_class, level_rank};
    let ranked: Vec<(&str, u8, &str)> = words
        .iter()
        .filter_map(|w| level_rank(w).map(|(class, r)| (class, r, *w)))
        .collect();
    let class = ranked.first()?.0;
    if ranked.iter().any(|(c, ..)| *c != class) || ranked.len() * 2 < words.len() {
        return None;
    }
    let mut levels: Vec<(u8, &str)> = Vec::new();
    let extra = threshold.and_then(|t| {
        level_rank(t)
            .filter(|(c, _)| *c == class)
            .map(|(_, r)| (r, t))
    });
    for (r, w) in ranked.iter().map(|(_, r, w)| (*r, *w)).chain(extra) {
        if !levels.iter().any(|(_, x)| level_class(x) == level_class(w)) {
            levels.push((r, w));
        }
    }
    let has = |c: &str| levels.iter().any(|(_, w)| level_class(w) == Some(c));
    if has("very_high") && has("critical") {
        return None;
    }
    levels.sort_by_key(|(r, _)| *r);
    Some(levels.into_iter().map(|(_, w)| w.to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_assumed_only_from_one_class_of_level_words() {
        let o = |w: &[&str], t: Option<&str>| assumed_order(w, t);
        assert_eq!(
            o(&["Vysoká", "Nízká", "Vysoký", "Střední"], None),
            Some(vec!["Nízká".into(), "Střední".into(), "Vysoká".into()])
        );
        assert_eq!(
            o(&["High", "Low", "Banana"], Some("Medium")),
            Some(vec!["Low".into(), "Medium".into(), "High".into()])
        );
        assert_eq!(
            o(&["Likely", "Rare"], None),
            Some(vec!["Rare".into(), "Likely".into()])
        );
        // Near misses: two classes, mostly no levels, very high beside critical.
        assert_eq!(o(&["High", "Likely"], None), None);
        assert_eq!(o(&["High", "Banana", "Apple"], None), None);
        assert_eq!(o(&["Very High", "Critical", "Low"], None), None);
        assert_eq!(o(&["Banana"], None), None);
    }

    fn caps(line: &str) -> Option<f64> {
        THRESHOLD.captures(line).and_then(|c| num(&c[2]))
    }

    #[test]
    fn an_upper_bound_of_acceptance_in_any_language() {
        let t = |l: &str| at_most(l).map(|(v, _)| v);
        assert_eq!(
            t("> **A TWYN aceita riscos residuais BAIXO ou MÉDIO** (score ≤ 11) após controles"),
            Some(11.0)
        );
        assert_eq!(
            t("- Residual risk ≤ **MÉDIO** (score ≤ 11) → Auto-accept by Gestor SGSI"),
            Some(11.0)
        );
        assert_eq!(t("Risiken mit Wert <= 6 werden akzeptiert."), Some(6.0));
        assert_eq!(t("Los riesgos con puntuación ≤ 4 se aceptan."), Some(4.0));
        // Near misses: a duration, a percentage, no risk named, no acceptance.
        assert_eq!(t("Risk exceptions are accepted for ≤ 90 days."), None);
        assert_eq!(
            t("Risks are accepted when ≤ 5% of revenue is exposed."),
            None
        );
        assert_eq!(t("Invoices ≤ 500 are accepted without approval."), None);
        assert_eq!(t("Risks with score ≤ 4 are monitored."), None);
    }

    #[test]
    fn methodology_file_reads_paths_as_before() {
        // The reading before the ASCII path and the one search: a character at a time, a
        // `contains` per word.
        let before = |path: &str| {
            methodology_file_by_chars(path, |joined| {
                METHOD_WORDS.iter().any(|w| joined.contains(w))
            })
        };
        for path in [
            "docs/risk-methodology.md",
            "docs/Risk_Assessment.MARKDOWN",
            "docs/risk-assessment.txt",
            "docs/risk-assessment.xmd",
            "docs/risk-assessment.md.bak",
            "md",
            ".md",
            "risk appetite/x.md",
            "Méthodologie des risques.md",
            "gestão de risco.md",
            "İmd",
            "risk-methodİmd",
            "x/ΔΙΑΧΕΊΡΙΣΗ ΚΙΝΔΎΝΩΝ.md",
            "policies/access-control.md",
        ] {
            assert_eq!(methodology_file(path), before(path), "{path}");
        }
    }

    #[test]
    fn thresholds_and_scales_as_written() {
        assert_eq!(caps("**Risk appetite:** 0.30"), Some(0.30));
        assert_eq!(caps("The acceptance threshold is 12."), Some(12.0));
        assert_eq!(caps("- Risk acceptance criteria: score 9"), Some(9.0));
        assert_eq!(caps("Acceptable risk level = 6"), Some(6.0));
        let above = |l: &str| ABOVE.captures(l).and_then(|c| num(&c[1]));
        assert_eq!(
            above("Risks scoring above 8 after treatment are accepted by the risk owner."),
            Some(8.0)
        );
        assert_eq!(
            above("Risks scoring above 15 are reported to the board."),
            None
        );
        let band = |l: &str| BAND.captures(l).and_then(|c| num(&c[2]));
        assert_eq!(
            band("- **Low (5–8):** Accepted with documented justification."),
            Some(8.0)
        );
        assert_eq!(band("- **Medium (9–12):** Treatment recommended."), None);
        assert_eq!(band("- **1–6 (Low):** Accept or monitor"), Some(6.0));
        // The verb at the end of the clause (German and the other languages of issue 13).
        let late = |l: &str| {
            BAND_LATE
                .captures(l)
                .filter(|c| !DENIED.is_match(c.get(3).map_or("", |m| m.as_str())))
                .and_then(|c| num(&c[2]))
        };
        assert_eq!(
            late(
                "- **Niedrig (5–8):** Wird mit dokumentierter Begründung akzeptiert. Überwachung."
            ),
            Some(8.0)
        );
        assert_eq!(
            late("- Faible (1 à 4) : risque accepté par le propriétaire"),
            Some(4.0)
        );
        // Near misses: denied, another sentence, an unacceptable band.
        assert_eq!(late("- **Hoch (13–16):** Wird nicht akzeptiert."), None);
        assert_eq!(
            late("- **Mittel (9–12):** Behandlung empfohlen. Restrisiken werden akzeptiert."),
            None
        );
        assert_eq!(late("- Vysoké (13–25): nepřijatelné"), None);
        assert!(ACCEPTS_INTRO.is_match("NovaPay accepts risks scoring:"));
        assert!(!ACCEPTS_INTRO.is_match("The CEO accepts risks scoring above 12."));
        assert!(CONDITION.is_match("- **7–12** (Medium) only with management approval"));
        assert!(!CONDITION.is_match("- **1–6** (Low)"));
        // Near misses: no number, or a number that is not the threshold's.
        assert_eq!(caps("Our risk appetite is low for ISO 27001 matters"), None);
        assert_eq!(caps("see the risk appetite statement"), None);
        let word = |l: &str| THRESHOLD_WORD.captures(l).map(|c| c[1].to_string());
        assert_eq!(word("**Risk appetite:** Medium").as_deref(), Some("Medium"));
        assert_eq!(
            word("The acceptance threshold is **Very Low** for patient data.").as_deref(),
            Some("Very Low")
        );
        assert_eq!(word("Our risk appetite is low for ISO 27001 matters"), None);
        assert_eq!(word("The risk appetite statement is approved yearly"), None);
        let c = RANGE
            .captures("Likelihood and impact are scored 0.1 – 1.0")
            .expect("range");
        assert_eq!((&c[2], &c[3]), ("0.1", "1.0"));
        assert!(methodology_file("docs/risk-methodology.md"));
        assert!(methodology_file("ISMS/Risk Assessment Procedure.md"));
        assert!(!methodology_file("policies/access-control.md"));
        assert!(!methodology_file("docs/risk-methodology.xlsx"));
    }
}
