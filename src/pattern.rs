//! Regexes compiled when compiling pays (issue 16: a small repository within 2× of reading it).
//!
//! Compiling a `regex::Regex` costs 0.1–1 ms (forward and reverse automata, literal
//! prefilters, a UTF-8 automaton per Unicode class); a small repository runs ~100 patterns over
//! a few kilobytes each, so compiling them was a third of its run. `regex_lite` compiles the
//! same pattern ~15× cheaper but searches ~10× slower, and knows ASCII only. On a haystack that
//! is all ASCII both find the same matches: Unicode `\w`, `\d`, `\s`, `\b`, classes and case
//! folding differ from their ASCII forms only on non-ASCII characters. So a [`Pattern`] searches
//! ASCII text with `regex_lite` until it has scanned a budget of bytes in proportion to its
//! size, and compiles the full regex when the budget is spent. Text with non-ASCII characters
//! that are no word characters (dashes, curly quotes, bullets, symbols) gets `regex_lite` too,
//! with the pattern's Unicode classes spelled out as ranges: there, ASCII `\b` is Unicode `\b`.
//! Text with a non-ASCII letter or digit gets the full regex.
//!
//! `regex_lite` gets the pattern as written when that is exact: no Unicode escapes or classes
//! (it rejects `\p{…}` itself), no `\x`/`\u` escapes, no range ending in a non-ASCII character,
//! and neither of the two non-ASCII characters whose case folding reaches ASCII (the Kelvin
//! sign K and the long s ſ). Otherwise it gets the pattern's ASCII part: parsed as `regex`
//! parses it, each class cut to ASCII, each Unicode word boundary made ASCII, printed again. If
//! `regex_lite` still refuses it, the full regex does everything. Debug builds (the tests)
//! search with both engines on every call and assert the same result.

use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Look, Repetition,
};
use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A regex, compiled on first use by the engine that pays (module doc).
#[derive(Debug)]
pub struct Pattern {
    source: Cow<'static, str>,
    lite: OnceLock<Option<regex_lite::Regex>>,
    /// For text whose non-ASCII characters are no word characters (dashes, quotes, symbols):
    /// the pattern with its Unicode classes, word boundaries made ASCII.
    lite_unicode: OnceLock<Option<regex_lite::Regex>>,
    full: OnceLock<regex::Regex>,
    /// ASCII bytes `regex_lite` may still search before the full regex is compiled.
    lite_budget: AtomicUsize,
}

/// Haystack bytes per source byte that `regex_lite` searches before compiling the full regex:
/// measured on the demo's text, the full regex costs about as much to compile as `regex_lite`
/// loses searching ~10–20 bytes of text per byte of pattern.
const BUDGET_PER_SOURCE_BYTE: usize = 32;
const BUDGET_MIN: usize = 4 * 1024;
const BUDGET_MAX: usize = 64 * 1024;

const fn budget(source_len: usize) -> usize {
    let b = source_len * BUDGET_PER_SOURCE_BYTE;
    if b < BUDGET_MIN {
        BUDGET_MIN
    } else if b > BUDGET_MAX {
        BUDGET_MAX
    } else {
        b
    }
}

impl Pattern {
    /// A built-in pattern (a `static`); it must be valid: it panics on first use otherwise.
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source: Cow::Borrowed(source),
            lite: OnceLock::new(),
            lite_unicode: OnceLock::new(),
            full: OnceLock::new(),
            lite_budget: AtomicUsize::new(budget(source.len())),
        }
    }

    /// A built-in pattern assembled at run time; it must be valid.
    pub fn owned(source: String) -> Pattern {
        let lite_budget = AtomicUsize::new(budget(source.len()));
        Pattern {
            source: Cow::Owned(source),
            lite: OnceLock::new(),
            lite_unicode: OnceLock::new(),
            full: OnceLock::new(),
            lite_budget,
        }
    }

    /// A user's pattern: compiled now, so that its error is reported before linting.
    pub fn checked(source: &str) -> Result<Pattern, regex::Error> {
        let full = regex::Regex::new(source)?;
        let pattern = Pattern::owned(source.to_string());
        let _ = pattern.full.set(full);
        Ok(pattern)
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The full regex, compiled here if it was not yet.
    pub fn full(&self) -> &regex::Regex {
        self.full.get_or_init(|| {
            regex::Regex::new(&self.source)
                .unwrap_or_else(|e| panic!("built-in pattern {:?} is invalid: {e}", self.source))
        })
    }

    /// The engine for `hay`: `regex_lite` while the budget lasts, on text it searches exactly.
    fn engine(&self, hay: &str) -> Engine<'_> {
        // Once compiled, the full regex is the faster one. Debug builds compile it for every
        // pattern to check `regex_lite` against it, and keep checking until the budget is spent.
        if !cfg!(debug_assertions)
            && let Some(full) = self.full.get()
        {
            return Engine::Full(full);
        }
        type Build = fn(&str) -> Option<regex_lite::Regex>;
        let (slot, build): (_, Build) = match Text::of(hay) {
            Text::Ascii => (&self.lite, lite_regex),
            Text::NoWordLetters => (&self.lite_unicode, lite_unicode_regex),
            Text::WordLetters => return Engine::Full(self.full()),
        };
        if self.take_budget(hay.len())
            && let Some(lite) = slot.get_or_init(|| build(&self.source))
        {
            return Engine::Lite(lite);
        }
        Engine::Full(self.full())
    }

    fn take_budget(&self, bytes: usize) -> bool {
        self.lite_budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(bytes)
            })
            .is_ok()
    }

    /// Debug builds (the tests): what `regex_lite` found is what the full regex finds.
    fn debug_check<T: PartialEq + std::fmt::Debug>(
        &self,
        hay: &str,
        lite: impl FnOnce() -> T,
        full: impl FnOnce(&regex::Regex) -> T,
    ) {
        if cfg!(debug_assertions) {
            assert_eq!(lite(), full(self.full()), "{:?} on {hay:?}", self.source);
        }
    }

    pub fn is_match(&self, hay: &str) -> bool {
        match self.engine(hay) {
            Engine::Full(re) => re.is_match(hay),
            Engine::Lite(re) => {
                let found = re.is_match(hay);
                self.debug_check(hay, || found, |f| f.is_match(hay));
                found
            }
        }
    }

    pub fn find<'h>(&self, hay: &'h str) -> Option<Match<'h>> {
        let span = match self.engine(hay) {
            Engine::Full(re) => re.find(hay).map(|m| m.range()),
            Engine::Lite(re) => {
                let found = re.find(hay).map(|m| m.range());
                self.debug_check(hay, || found.clone(), |f| f.find(hay).map(|m| m.range()));
                found
            }
        };
        span.map(|r| Match::new(hay, r.start, r.end))
    }

    pub fn find_iter<'p, 'h>(&'p self, hay: &'h str) -> Matches<'p, 'h> {
        match self.engine(hay) {
            Engine::Full(re) => Matches::Full(hay, re.find_iter(hay)),
            Engine::Lite(re) => {
                self.debug_check(
                    hay,
                    || re.find_iter(hay).map(|m| m.range()).collect::<Vec<_>>(),
                    |f| f.find_iter(hay).map(|m| m.range()).collect(),
                );
                Matches::Lite(hay, re.find_iter(hay))
            }
        }
    }

    pub fn captures<'h>(&self, hay: &'h str) -> Option<Captures<'h>> {
        match self.engine(hay) {
            Engine::Full(re) => re.captures(hay).map(|c| Captures::full(hay, c)),
            Engine::Lite(re) => {
                let found = re.captures(hay).map(|c| Captures::lite(hay, c));
                self.debug_check(
                    hay,
                    || found.as_ref().map(Captures::spans),
                    |f| f.captures(hay).map(|c| Captures::full(hay, c).spans()),
                );
                found
            }
        }
    }

    pub fn captures_iter<'p, 'h>(&'p self, hay: &'h str) -> CaptureMatches<'p, 'h> {
        match self.engine(hay) {
            Engine::Full(re) => CaptureMatches::Full(hay, re.captures_iter(hay)),
            Engine::Lite(re) => {
                self.debug_check(
                    hay,
                    || {
                        re.captures_iter(hay)
                            .map(|c| Captures::lite(hay, c).spans())
                            .collect::<Vec<_>>()
                    },
                    |f| {
                        f.captures_iter(hay)
                            .map(|c| Captures::full(hay, c).spans())
                            .collect()
                    },
                );
                CaptureMatches::Lite(hay, re.captures_iter(hay))
            }
        }
    }

    /// The first match replaced by `rep` (`$1`/`$name` expanded, as `regex` does).
    pub fn replace<'h>(&self, hay: &'h str, rep: &str) -> Cow<'h, str> {
        match self.engine(hay) {
            Engine::Full(re) => re.replace(hay, rep),
            Engine::Lite(re) => {
                let out = re.replace(hay, rep);
                self.debug_check(hay, || out.clone(), |f| f.replace(hay, rep));
                out
            }
        }
    }

    /// Every match replaced by `rep` (`$1`/`$name` expanded, as `regex` does).
    pub fn replace_all<'h>(&self, hay: &'h str, rep: &str) -> Cow<'h, str> {
        match self.engine(hay) {
            Engine::Full(re) => re.replace_all(hay, rep),
            Engine::Lite(re) => {
                let out = re.replace_all(hay, rep);
                self.debug_check(hay, || out.clone(), |f| f.replace_all(hay, rep));
                out
            }
        }
    }
}

enum Engine<'p> {
    Full(&'p regex::Regex),
    Lite(&'p regex_lite::Regex),
}

/// What `regex_lite` can search exactly: `\b` and `\w` differ from `regex`'s only at a
/// non-ASCII letter, digit or other word character; classes, case folding and `.` only at a
/// non-ASCII character.
enum Text {
    Ascii,
    NoWordLetters,
    WordLetters,
}

impl Text {
    fn of(hay: &str) -> Text {
        if hay.is_ascii() {
            Text::Ascii
        } else if hay
            .chars()
            .any(|c| !c.is_ascii() && regex_syntax::is_word_character(c))
        {
            Text::WordLetters
        } else {
            Text::NoWordLetters
        }
    }
}

/// `source` for `regex_lite`, exact on text with no non-ASCII word character: the classes as
/// `regex` reads them (ranges `regex_lite` knows, case folding spelled out), the word
/// boundaries ASCII (the same there, as such text's non-ASCII characters are non-word for both).
fn lite_unicode_regex(source: &str) -> Option<regex_lite::Regex> {
    let hir = regex_syntax::Parser::new().parse(source).ok()?;
    regex_lite::Regex::new(&lite_form(&hir, false).to_string()).ok()
}

/// `source` compiled by `regex_lite` where its matches on ASCII text are those of `regex`.
fn lite_regex(source: &str) -> Option<regex_lite::Regex> {
    if lite_exact_as_written(source)
        && let Ok(re) = regex_lite::Regex::new(source)
    {
        return Some(re);
    }
    let hir = regex_syntax::Parser::new().parse(source).ok()?;
    regex_lite::Regex::new(&lite_form(&hir, true).to_string()).ok()
}

/// Is `regex_lite`'s reading of `source` the same as `regex`'s on ASCII text, if it accepts
/// it? (It rejects what it does not know, such as `\p{L}` or class set operations.) Not when a
/// character could stand for ASCII letters under Unicode case folding (K, ſ, or a range
/// reaching them) or an escape could write such a character.
fn lite_exact_as_written(source: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{212A}' | '\u{017F}' => return false,
            '\\' if matches!(chars.peek(), Some('x' | 'u' | 'U')) => return false,
            '-' if !prev.unwrap_or(' ').is_ascii()
                || !chars.peek().copied().unwrap_or(' ').is_ascii() =>
            {
                return false;
            }
            _ => {}
        }
        // An escaped character is not a range end: `\-` stays a literal.
        prev = Some(c);
        if c == '\\' {
            prev = chars.next();
        }
    }
    true
}

/// A pattern with ASCII word boundaries, and with `ascii` only the part that can match ASCII
/// text: its classes cut to ASCII.
fn lite_form(hir: &Hir, ascii: bool) -> Hir {
    match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0.clone()),
        HirKind::Class(_) if !ascii => hir.clone(),
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
            if class.ranges().is_empty() {
                never()
            } else {
                Hir::class(Class::Unicode(class))
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7f)]));
            if class.ranges().is_empty() {
                never()
            } else {
                Hir::class(Class::Bytes(class))
            }
        }
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(lite_form(&rep.sub, ascii)),
        }),
        // Groups stay, even ones that can no longer match: their numbers must not move.
        HirKind::Capture(cap) => Hir::capture(Capture {
            index: cap.index,
            name: cap.name.clone(),
            sub: Box::new(lite_form(&cap.sub, ascii)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|h| lite_form(h, ascii)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|h| lite_form(h, ascii)).collect())
        }
    }
}

/// Matches nowhere, in a syntax every engine reads (an empty class prints as `[a&&b]`).
fn never() -> Hir {
    Hir::concat(vec![
        Hir::look(Look::WordAscii),
        Hir::look(Look::WordAsciiNegate),
    ])
}

/// A match: its text and where it is in the haystack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'h> {
    hay: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    fn new(hay: &'h str, start: usize, end: usize) -> Self {
        Match { hay, start, end }
    }
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn as_str(&self) -> &'h str {
        &self.hay[self.start..self.end]
    }
}

/// The groups of one match.
#[derive(Debug)]
pub struct Captures<'h> {
    hay: &'h str,
    inner: Inner<'h>,
}

#[derive(Debug)]
enum Inner<'h> {
    Full(regex::Captures<'h>),
    Lite(regex_lite::Captures<'h>),
}

impl<'h> Captures<'h> {
    fn full(hay: &'h str, c: regex::Captures<'h>) -> Self {
        Captures {
            hay,
            inner: Inner::Full(c),
        }
    }

    fn lite(hay: &'h str, c: regex_lite::Captures<'h>) -> Self {
        Captures {
            hay,
            inner: Inner::Lite(c),
        }
    }

    /// Group `i` (0: the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        let span = match &self.inner {
            Inner::Full(c) => c.get(i).map(|m| (m.start(), m.end())),
            Inner::Lite(c) => c.get(i).map(|m| (m.start(), m.end())),
        };
        span.map(|(start, end)| Match::new(self.hay, start, end))
    }

    /// The group named `name`, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        let span = match &self.inner {
            Inner::Full(c) => c.name(name).map(|m| (m.start(), m.end())),
            Inner::Lite(c) => c.name(name).map(|m| (m.start(), m.end())),
        };
        span.map(|(start, end)| Match::new(self.hay, start, end))
    }

    /// The number of groups, the whole match included.
    pub fn len(&self) -> usize {
        match &self.inner {
            Inner::Full(c) => c.len(),
            Inner::Lite(c) => c.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole match.
    pub fn get_match(&self) -> Match<'h> {
        self.get(0).expect("group 0 always matches")
    }

    fn spans(&self) -> Vec<Option<(usize, usize)>> {
        (0..self.len())
            .map(|i| self.get(i).map(|m| (m.start(), m.end())))
            .collect()
    }
}

/// `&caps[1]`: the text of a group that must have matched.
impl std::ops::Index<usize> for Captures<'_> {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group {i} in this match"))
    }
}

/// `&caps["name"]`: the text of a named group that must have matched.
impl std::ops::Index<&str> for Captures<'_> {
    type Output = str;
    fn index(&self, name: &str) -> &str {
        self.name(name)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group {name:?} in this match"))
    }
}

/// The matches of a pattern in one haystack, in order.
pub enum Matches<'p, 'h> {
    Full(&'h str, regex::Matches<'p, 'h>),
    Lite(&'h str, regex_lite::Matches<'p, 'h>),
}

impl<'h> Iterator for Matches<'_, 'h> {
    type Item = Match<'h>;
    fn next(&mut self) -> Option<Match<'h>> {
        match self {
            Matches::Full(hay, it) => it.next().map(|m| Match::new(hay, m.start(), m.end())),
            Matches::Lite(hay, it) => it.next().map(|m| Match::new(hay, m.start(), m.end())),
        }
    }
}

/// The groups of each match of a pattern in one haystack, in order.
pub enum CaptureMatches<'p, 'h> {
    Full(&'h str, regex::CaptureMatches<'p, 'h>),
    Lite(&'h str, regex_lite::CaptureMatches<'p, 'h>),
}

impl<'h> Iterator for CaptureMatches<'_, 'h> {
    type Item = Captures<'h>;
    fn next(&mut self) -> Option<Captures<'h>> {
        match self {
            CaptureMatches::Full(hay, it) => it.next().map(|c| Captures::full(hay, c)),
            CaptureMatches::Lite(hay, it) => it.next().map(|c| Captures::lite(hay, c)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both engines over every text: the same matches, groups and replacements.
    fn same_everywhere(source: &str, texts: &[&str]) {
        let full = regex::Regex::new(source).unwrap();
        let lite = lite_regex(source).unwrap_or_else(|| panic!("{source} has no lite form"));
        for text in texts {
            assert!(text.is_ascii());
            let spans = |c: Captures<'_>| c.spans();
            let a: Vec<_> = full
                .captures_iter(text)
                .map(|c| spans(Captures::full(text, c)))
                .collect();
            let b: Vec<_> = lite
                .captures_iter(text)
                .map(|c| spans(Captures::lite(text, c)))
                .collect();
            assert_eq!(a, b, "{source} on {text:?}");
        }
    }

    const TEXTS: &[&str] = &[
        "",
        "Risk acceptance threshold: 8. Risks 1-6 are accepted.",
        "A.5.1 Policies for information security | Yes | [Company Name] TBD",
        "KELVIN kelvin Ks ss SS long_s_2 x9 _under_ score-word",
        "Likelihood and impact are rated from 1 to 5 and multiplied.",
        "line one\nline two\r\n- **1-6** (Low)\n",
        "[INSERT ORGANISATION NAME] [A / B / C] {{< shortcode >}}",
    ];

    #[test]
    fn ascii_text_matches_alike_in_both_engines() {
        for source in [
            r"\b\w+\b",
            r"(?i)\bk\w*",
            r"(?i)\bs+\b",
            r"[^.\n]{0,60}accepted",
            r"(?i)\b(risk\s+)?acceptance\s+threshold\b\s*:?\s*(\d+)",
            r"\p{L}+",
            r"\p{Lu}[\p{L}\d_]*",
            r"(?i)\[\s*(?:insert|enter)\s+[^\]]+\]",
            r"(?m)^\s*[-*]\s+\*\*(\d+)[–—-](\d+)\*\*",
            r"(?:(é+)|(\w+))\s(\d)?",
            r"(?i)(?:ά|a)(?P<word>\w+)",
            r"\B\w\B",
        ] {
            same_everywhere(source, TEXTS);
        }
    }

    #[test]
    fn text_without_non_ascii_word_characters_matches_alike_in_both_engines() {
        let texts = [
            "Risks 1–6 are “accepted” • score ≤ 8 — see § 6.1.3",
            "non\u{a0}breaking\u{a0}space and ‘quotes’ © 2026 ✓",
            "[Company Name] – TBD …",
        ];
        for source in [
            r"\b\w+\b",
            r"\s+",
            r"[^.\n]{0,60}accepted",
            r"(?i)\(?\s*\b(\d+)\s*(?:–|—|-|to)\s*(\d+)",
            r"(?i)accept[^.\n]*?(?:≤|<=)[ \t]*([0-9]+)",
            r"\p{L}+",
            r"\W+",
            r".",
        ] {
            let full = regex::Regex::new(source).unwrap();
            let lite = lite_unicode_regex(source).unwrap();
            for text in texts {
                assert!(matches!(Text::of(text), Text::NoWordLetters));
                let a: Vec<_> = full.find_iter(text).map(|m| m.range()).collect();
                let b: Vec<_> = lite.find_iter(text).map(|m| m.range()).collect();
                assert_eq!(a, b, "{source} on {text:?}");
            }
        }
        assert!(matches!(Text::of("přijato"), Text::WordLetters));
        assert!(matches!(Text::of("naïve"), Text::WordLetters));
        // `²` is a number but not a decimal digit: no word character for `regex` either.
        assert!(matches!(Text::of("m²"), Text::NoWordLetters));
    }

    #[test]
    fn groups_keep_their_numbers_when_a_branch_cannot_match_ascii() {
        let lite = lite_regex(r"(?:(\p{Greek}+)|(\w+))").unwrap();
        let caps = lite.captures("abc").unwrap();
        assert!(caps.get(1).is_none());
        assert_eq!(caps.get(2).map(|m| m.as_str()), Some("abc"));
    }

    #[test]
    fn patterns_that_case_fold_into_ascii_are_not_read_as_written() {
        // K (Kelvin) and ſ (long s) match `k` and `s` under Unicode case folding.
        assert!(!lite_exact_as_written("(?i)\u{212A}"));
        assert!(!lite_exact_as_written("(?i)\u{017F}"));
        assert!(!lite_exact_as_written("(?i)[a-\u{0200}]"));
        assert!(!lite_exact_as_written(r"(?i)\x{212A}"));
        assert!(!lite_exact_as_written(r"\u{17F}"));
        assert!(lite_exact_as_written(r"(?i)\bá\s*[a-z–—]\-ö"));
        assert!(lite_exact_as_written(r"(?:–|—|-|to)"));
        // Through the ASCII part, their ASCII meaning is kept.
        let p = Pattern::new("(?i)\u{212A}\u{017F}");
        assert!(p.is_match("ks"));
        assert!(p.is_match("KS"));
    }

    #[test]
    fn text_that_is_not_ascii_is_searched_by_the_full_regex() {
        let p = Pattern::new(r"\w+");
        assert_eq!(p.find("přijato").map(|m| m.as_str()), Some("přijato"));
        assert!(p.full.get().is_some());
    }

    #[test]
    fn the_full_regex_is_compiled_once_the_budget_is_spent() {
        let p = Pattern::new(r"\d+");
        let text = "1234567890".repeat(10);
        for _ in 0..(BUDGET_MIN / text.len()) {
            assert!(p.is_match(&text));
        }
        assert!(p.full.get().is_none() || cfg!(debug_assertions));
        assert!(p.lite.get().is_some_and(Option::is_some));
        assert!(matches!(p.engine(&text), Engine::Full(_)));
        assert_eq!(
            p.find_iter("a1b22c333")
                .map(|m| m.as_str())
                .collect::<Vec<_>>(),
            ["1", "22", "333"]
        );
    }

    #[test]
    fn captures_read_like_regex() {
        let p = Pattern::new(r"(?P<a>\d+)-(?P<b>\d+)?");
        let caps = p.captures("x 12- y").unwrap();
        assert_eq!(&caps[1], "12");
        assert_eq!(&caps["a"], "12");
        assert!(caps.name("b").is_none());
        assert_eq!(caps.get_match().range(), 2..5);
        assert_eq!(caps.len(), 3);
        assert_eq!(p.replace_all("1-2 and 3-4", "$b:$a"), "2:1 and 4:3");
        assert_eq!(p.replace("1-2 and 3-4", ""), " and 3-4");
    }
}
