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
//! that are no word characters (dashes, curly quotes, bullets, symbols) gets `regex_lite` too:
//! the pattern as written when it holds no non-ASCII space either, else with the pattern's
//! Unicode classes spelled out as ranges: there, ASCII `\b` is Unicode `\b`.
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

mod known_starts;
mod walk;

use walk::Walk;

/// Whether a `\d` (Unicode: `\p{Nd}`) or `[0-9]` can match somewhere in `text`: a cheap exact
/// pre-check before the patterns that need a digit (`char::is_numeric` holds for all of `Nd`).
pub fn may_hold_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        || (!text.is_ascii() && text.chars().any(char::is_numeric))
}

/// Is `source` a built-in pattern whose matches are found from its starts alone
/// (`Pattern::find_iter_from_starts`): generated prefix literals and a generated walk, so
/// that no text is searched whole and nothing is compiled for a start the walk drops. A
/// filter over such patterns only has to say the text can hold one (issue 16).
pub fn found_from_starts(source: &str) -> bool {
    known_starts::KNOWN
        .iter()
        .any(|k| k.0 == source && k.5.is_some())
}

/// One search for many words, built as a contiguous NFA rather than the DFA `aho_corasick`
/// picks for few words: the DFA of a few hundred heading or method words cost ~2.8M
/// instructions to build, 9M of the demo repository's 73M (issue 16: a small repository within
/// 2× of reading it), while the haystacks (headings, paths, blocks a prefilter lets through)
/// are short and the NFA searches them about as fast. `any_ascii_case`: the words match in
/// any ASCII case.
pub fn word_search<I, P>(
    words: I,
    kind: aho_corasick::MatchKind,
    any_ascii_case: bool,
) -> Option<aho_corasick::AhoCorasick>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .ascii_case_insensitive(any_ascii_case)
        .match_kind(kind)
        .build(words)
        .ok()
}

/// A regex, compiled on first use by the engine that pays (module doc).
#[derive(Debug)]
pub struct Pattern {
    source: Cow<'static, str>,
    /// The pattern as written, when `regex_lite` reads it as `regex` does (`written_exact`).
    written: OnceLock<Option<regex_lite::Regex>>,
    written_exact: OnceLock<bool>,
    /// For ASCII text otherwise: the pattern's ASCII part (`lite_form`).
    lite: OnceLock<Option<regex_lite::Regex>>,
    /// For text whose non-ASCII characters are no word characters (dashes, quotes, symbols):
    /// the pattern with its Unicode classes, word boundaries made ASCII.
    lite_unicode: OnceLock<Option<regex_lite::Regex>>,
    full: OnceLock<regex::Regex>,
    /// For ASCII text once the budget is spent: the full regex read without Unicode
    /// (`ascii_full`).
    full_ascii: OnceLock<Option<regex::Regex>>,
    /// ASCII bytes `regex_lite` may still search before the full regex is compiled.
    lite_budget: AtomicUsize,
    /// ASCII bytes `full_ascii` may still search before the Unicode regex is compiled.
    ascii_budget: AtomicUsize,
    /// Where its matches can start, for `find_iter` (`Starts`), found on first use.
    starts: OnceLock<Option<Box<Starts>>>,
}

/// Takes `bytes` from `budget` if it holds that many.
fn take(budget: &AtomicUsize, bytes: usize) -> bool {
    budget
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            left.checked_sub(bytes)
        })
        .is_ok()
}

/// ASCII haystack bytes the full regex without Unicode (`Pattern::ascii_full`) searches before
/// the Unicode regex is compiled: checking that a text is ASCII costs ~0.5–1 instruction a
/// byte, so 2 MiB cost about what compiling a Unicode regex does (~2M instructions).
const ASCII_BUDGET: usize = 2 * 1024 * 1024;

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
            written: OnceLock::new(),
            written_exact: OnceLock::new(),
            lite: OnceLock::new(),
            lite_unicode: OnceLock::new(),
            full: OnceLock::new(),
            full_ascii: OnceLock::new(),
            lite_budget: AtomicUsize::new(budget(source.len())),
            ascii_budget: AtomicUsize::new(ASCII_BUDGET),
            starts: OnceLock::new(),
        }
    }

    /// A built-in pattern assembled at run time; it must be valid.
    pub fn owned(source: String) -> Pattern {
        let lite_budget = AtomicUsize::new(budget(source.len()));
        Pattern {
            source: Cow::Owned(source),
            written: OnceLock::new(),
            written_exact: OnceLock::new(),
            lite: OnceLock::new(),
            lite_unicode: OnceLock::new(),
            full: OnceLock::new(),
            full_ascii: OnceLock::new(),
            lite_budget,
            ascii_budget: AtomicUsize::new(ASCII_BUDGET),
            starts: OnceLock::new(),
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
        // The budget is spent: no more `regex_lite`, and no reading of the text beyond whether
        // it is ASCII (classifying it was 6M instructions over three business units). Asking
        // that of every text costs too, in proportion to the text: after `ASCII_BUDGET` bytes
        // the Unicode regex is compiled, and then it searches everything.
        if let Some(Some(ascii)) = self.full_ascii.get() {
            return match hay.is_ascii() && take(&self.ascii_budget, hay.len()) {
                true => Engine::Ascii(ascii),
                false => Engine::Full(self.full()),
            };
        }
        let text = Text::of(hay);
        if matches!(text, Text::WordLetters) {
            return Engine::Full(self.full());
        }
        if !self.take_budget(hay.len()) {
            return match text {
                Text::Ascii => self
                    .ascii_full()
                    .map_or_else(|| Engine::Full(self.full()), Engine::Ascii),
                _ => Engine::Full(self.full()),
            };
        }
        if self.written_exact_on(&text) {
            let written = self
                .written
                .get_or_init(|| regex_lite::Regex::new(&self.source).ok());
            if let Some(lite) = written {
                return Engine::Lite(lite);
            }
        }
        let (slot, ascii) = match text {
            Text::Ascii => (&self.lite, true),
            _ => (&self.lite_unicode, false),
        };
        match slot.get_or_init(|| lite_form_regex(&self.source, ascii)) {
            Some(lite) => Engine::Lite(lite),
            None => Engine::Full(self.full()),
        }
    }

    /// The full regex for ASCII text: compiled without Unicode (ASCII `\w`, `\d`, `\s`, `\b`
    /// and case folding) when `regex_lite` reads the pattern as written (`written_exact`: the
    /// same reading), else from its ASCII part (`lite_form`). On ASCII text either matches
    /// where the Unicode regex does (module doc) and compiles without the UTF-8 automata of
    /// the Unicode classes: ~35 µs instead of ~280 µs for the patterns whose budget a
    /// repository's first business unit spends (8 of them, 16M instructions, issue 16's
    /// scaling check). `None` when neither compiles (then the Unicode regex does it all).
    fn ascii_full(&self) -> Option<&regex::Regex> {
        self.full_ascii
            .get_or_init(|| {
                let unicode_free = match written_exact(&self.source) {
                    true => regex::RegexBuilder::new(&self.source)
                        .unicode(false)
                        .build()
                        .ok(),
                    false => None,
                };
                unicode_free.or_else(|| {
                    let hir = regex_syntax::Parser::new().parse(&self.source).ok()?;
                    regex::Regex::new(&lite_form(&hir, true).to_string()).ok()
                })
            })
            .as_ref()
    }

    fn take_budget(&self, bytes: usize) -> bool {
        take(&self.lite_budget, bytes)
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
            Engine::Ascii(re) => {
                let found = re.is_match(hay);
                self.debug_check(hay, || found, |f| f.is_match(hay));
                found
            }
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
            Engine::Ascii(re) => {
                let found = re.find(hay).map(|m| m.range());
                self.debug_check(hay, || found.clone(), |f| f.find(hay).map(|m| m.range()));
                found
            }
            Engine::Lite(re) => {
                let found = re.find(hay).map(|m| m.range());
                self.debug_check(hay, || found.clone(), |f| f.find(hay).map(|m| m.range()));
                found
            }
        };
        span.map(|r| Match::new(hay, r.start, r.end))
    }

    /// `find_iter` for a pattern searched in much text where matches are rare (a pack's
    /// placeholder): tried only where a match can start (`find_from_starts`).
    pub fn find_iter_from_starts<'p, 'h>(&'p self, hay: &'h str) -> Matches<'p, 'h> {
        match self.find_from_starts(hay) {
            Some(found) => Matches::Found(hay, found.into_iter()),
            None => self.find_iter(hay),
        }
    }

    pub fn find_iter<'p, 'h>(&'p self, hay: &'h str) -> Matches<'p, 'h> {
        match self.engine(hay) {
            Engine::Full(re) => Matches::Full(hay, re.find_iter(hay)),
            Engine::Ascii(re) => {
                self.debug_check(
                    hay,
                    || re.find_iter(hay).map(|m| m.range()).collect::<Vec<_>>(),
                    |f| f.find_iter(hay).map(|m| m.range()).collect(),
                );
                Matches::Full(hay, re.find_iter(hay))
            }
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

    /// `find_iter`'s matches found by trying the pattern only where a match can start (one of
    /// its prefix literals), anchored there: no literal, no match and nothing compiled; a few,
    /// a few short anchored runs of `regex_lite` instead of a scan of the whole text (issue 16:
    /// the placeholder packs scanned every block holding a `[`, a quarter of a small run).
    /// `None` when the pattern has no such literals or the full regex is the engine to use.
    fn find_from_starts(&self, hay: &str) -> Option<Vec<(usize, usize)>> {
        if !cfg!(debug_assertions) && self.full.get().is_some() {
            return None;
        }
        let starts = self
            .starts
            .get_or_init(|| Starts::of(&self.source).map(Box::new))
            .as_ref()?;
        let mut candidates = starts.candidates(hay);
        candidates.retain(|&at| starts.may_start_at(hay.as_bytes(), at));
        // What the text holds matters only when there is a start to run from, or when the
        // literals are folded (their absence proves nothing in text with non-ASCII letters).
        let text = (starts.folded || !candidates.is_empty()).then(|| Text::of(hay));
        // Without a string every match holds, the text has no match, whatever letters it
        // holds: asked only where that saves a run or the full regex (most texts have no start).
        let found = match text {
            Some(Text::WordLetters) if !starts.may_match(hay) => Vec::new(),
            Some(Text::WordLetters) => return None,
            Some(_) if candidates.is_empty() || !starts.may_match(hay) => Vec::new(),
            Some(text) => self.run_from_starts(starts, hay, &candidates, &text)?,
            None => Vec::new(),
        };
        self.debug_check(
            hay,
            || found.clone(),
            |f| f.find_iter(hay).map(|m| (m.start(), m.end())).collect(),
        );
        Some(found)
    }

    /// `find_from_starts`'s anchored runs from each candidate start (in order) over `text`
    /// (no word letters): `None` when the budget is spent or no form compiles.
    fn run_from_starts(
        &self,
        starts: &Starts,
        hay: &str,
        candidates: &[usize],
        text: &Text,
    ) -> Option<Vec<(usize, usize)>> {
        let form = match text {
            Text::Ascii => Form::Ascii,
            _ => Form::Unicode,
        };
        let written = self.written_exact_on(text);
        if !self.take_budget(candidates.len() * BYTES_PER_START) {
            return None;
        }
        let mut found = Vec::new();
        let mut from = 0;
        for &start in candidates {
            if start < from {
                continue;
            }
            // With a look-around before its first character, the run starts one character
            // earlier, which the anchored form consumes first (`Starts::anchored`).
            let run_from = match starts.looks_behind && start > 0 {
                true => hay[..start]
                    .char_indices()
                    .next_back()
                    .map_or(0, |(i, _)| i),
                false => start,
            };
            let after_one = run_from < start;
            let as_written = match written {
                true => starts.anchored(&self.source, Form::Written, after_one),
                false => None,
            };
            let anchored = match as_written {
                Some(anchored) => anchored,
                None => starts.anchored(&self.source, form, after_one)?,
            };
            if let Some(m) = hay.get(run_from..).and_then(|rest| anchored.find(rest)) {
                found.push((start, run_from + m.end()));
                from = run_from + m.end();
            }
        }
        Some(found)
    }

    /// Does `text` get the pattern as written (`Text::written_exact`, `written_exact`)?
    fn written_exact_on(&self, text: &Text) -> bool {
        text.written_exact()
            && *self
                .written_exact
                .get_or_init(|| written_exact(&self.source))
    }

    pub fn captures<'h>(&self, hay: &'h str) -> Option<Captures<'h>> {
        match self.engine(hay) {
            Engine::Full(re) => re.captures(hay).map(|c| Captures::full(hay, c)),
            Engine::Ascii(re) => {
                let found = re.captures(hay).map(|c| Captures::full(hay, c));
                self.debug_check(
                    hay,
                    || found.as_ref().map(Captures::spans),
                    |f| f.captures(hay).map(|c| Captures::full(hay, c).spans()),
                );
                found
            }
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
            Engine::Ascii(re) => {
                self.debug_check(
                    hay,
                    || {
                        re.captures_iter(hay)
                            .map(|c| Captures::full(hay, c).spans())
                            .collect::<Vec<_>>()
                    },
                    |f| {
                        f.captures_iter(hay)
                            .map(|c| Captures::full(hay, c).spans())
                            .collect()
                    },
                );
                CaptureMatches::Full(hay, re.captures_iter(hay))
            }
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
            Engine::Ascii(re) => {
                let out = re.replace(hay, rep);
                self.debug_check(hay, || out.clone(), |f| f.replace(hay, rep));
                out
            }
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
            Engine::Ascii(re) => {
                let out = re.replace_all(hay, rep);
                self.debug_check(hay, || out.clone(), |f| f.replace_all(hay, rep));
                out
            }
            Engine::Lite(re) => {
                let out = re.replace_all(hay, rep);
                self.debug_check(hay, || out.clone(), |f| f.replace_all(hay, rep));
                out
            }
        }
    }
}

/// What one anchored run of `regex_lite` from a candidate start is charged to the budget, in
/// haystack bytes: a placeholder's run ends within a line.
const BYTES_PER_START: usize = 8;

/// Where the matches of a pattern can start: the literals every match begins with (its
/// prefix literals, as `regex` finds them for its own prefilter). The pattern anchored at the
/// start of the rest of the text (`\A(?:…)` on `&hay[start..]`) finds the match `find_iter`
/// finds there — or, when the pattern looks before its first character (`\b`, `(?m:^)`), the
/// pattern after one character, run from the character before the start (`\A(?s:.)(?:…)`):
/// a look-around sees one character on each side, and the anchored run then sees the same ones.
#[derive(Debug)]
struct Starts {
    literals: Literals,
    /// The literals are matched in any ASCII case, which finds every start only in text
    /// without non-ASCII letters (the Kelvin sign K is a `k`, the long s ſ an `s`).
    folded: bool,
    /// Looks before its first character: a run from `start > 0` begins one character earlier.
    looks_behind: bool,
    /// The parsed pattern, for the anchored forms that cannot be written from its source; the
    /// built-in packs' patterns are parsed only then (`known_starts`).
    hir: OnceLock<Option<Hir>>,
    /// `regex_lite` forms, by [`Form`] and whether they start after the character before.
    anchored: [OnceLock<Option<regex_lite::Regex>>; 6],
    /// `lite_form`'s ASCII form of a built-in pattern `regex_lite` refuses as written,
    /// generated (`known_starts`): the Unicode form, for the rare text with a non-ASCII space,
    /// is made from a parse.
    ascii: Option<&'static str>,
    /// The first steps of a built-in pattern's automaton (`walk`, generated): a start from
    /// which it dies is no start. The `[` of a clause reference (`[7.2]`), a control reference
    /// (`[A.8.32]`) or a Markdown task box starts no placeholder, `[Company Name]` no role
    /// placeholder (issue 16: each pattern run from a start compiles its `regex_lite` form
    /// first, 50–1,000 bytes, ~20 of them on a small repository).
    walk: Option<&'static Walk>,
    /// Byte strings one of which every match holds, for a built-in pattern (`required`,
    /// generated): a text holding none has no match, whatever its starts (`27002` for the
    /// ISO 27002 claims, whose `iso` starts at every "decision" and "supervisor").
    required: Option<&'static [&'static [u8]]>,
}

/// How the prefix literals are found.
#[derive(Debug)]
enum Literals {
    /// One byte that is no ASCII letter (`[`, `<`, `{`: most placeholder patterns), so case
    /// folding leaves it alone: `memchr` finds it, with no automaton to build.
    Byte(u8),
    /// Otherwise by their first bytes, then compared there: nothing to build (a run starts
    /// ~30 of these and searches little text with each; an Aho-Corasick automaton per pattern
    /// cost ~280k instructions to build, 5M of a small run).
    Many(Box<FirstBytes>),
}

impl Literals {
    fn new(literals: &[Vec<u8>], folded: bool) -> Option<Literals> {
        if let [one] = literals
            && let [b] = one.as_slice()
            && !b.is_ascii_alphabetic()
        {
            return Some(Literals::Byte(*b));
        }
        FirstBytes::new(literals, folded).map(|f| Literals::Many(Box::new(f)))
    }
}

/// Literals found where one of their first bytes is (`memchr` for up to three such bytes, a
/// table for more), each compared there only with the literals of that first byte.
#[derive(Debug)]
struct FirstBytes {
    /// The bytes a literal starts with, in both ASCII cases when `folded`.
    firsts: Vec<u8>,
    /// `firsts` as a table.
    is_first: [bool; 256],
    /// The literals, by their first byte (lower case when `folded`).
    literals: Vec<Vec<u8>>,
    /// `literals[from[b]..from[b + 1]]` start with `b`.
    from: Box<[u16; 257]>,
    /// Compared in any ASCII case.
    folded: bool,
}

impl FirstBytes {
    fn new(literals: &[Vec<u8>], folded: bool) -> Option<FirstBytes> {
        if literals.is_empty() || literals.iter().any(Vec::is_empty) || literals.len() > 60_000 {
            return None;
        }
        let key = |l: &Vec<u8>| match folded {
            true => l[0].to_ascii_lowercase(),
            false => l[0],
        };
        let mut sorted = literals.to_vec();
        sorted.sort_by_key(key);
        let mut from = Box::new([0u16; 257]);
        for l in &sorted {
            from[usize::from(key(l)) + 1] += 1;
        }
        for b in 1..257 {
            from[b] += from[b - 1];
        }
        let mut is_first = [false; 256];
        for l in &sorted {
            is_first[usize::from(l[0])] = true;
            if folded {
                is_first[usize::from(l[0].to_ascii_lowercase())] = true;
                is_first[usize::from(l[0].to_ascii_uppercase())] = true;
            }
        }
        let firsts = (0..=255u8).filter(|b| is_first[usize::from(*b)]).collect();
        Some(FirstBytes {
            firsts,
            is_first,
            literals: sorted,
            from,
            folded,
        })
    }

    /// Does one of the literals start at `at` in `hay`?
    fn starts_at(&self, hay: &[u8], at: usize) -> bool {
        let rest = &hay[at..];
        let b = match self.folded {
            true => rest[0].to_ascii_lowercase(),
            false => rest[0],
        };
        let group = &self.literals
            [usize::from(self.from[usize::from(b)])..usize::from(self.from[usize::from(b) + 1])];
        group.iter().any(|l| match rest.get(..l.len()) {
            Some(here) if self.folded => here.eq_ignore_ascii_case(l),
            Some(here) => here == l.as_slice(),
            None => false,
        })
    }

    /// Every position in `hay` where a literal starts, in order.
    fn find(&self, hay: &[u8]) -> Vec<usize> {
        let keep = |at: &usize| self.starts_at(hay, *at);
        match *self.firsts.as_slice() {
            [a] => memchr::memchr_iter(a, hay).filter(keep).collect(),
            [a, b] => memchr::memchr2_iter(a, b, hay).filter(keep).collect(),
            [a, b, c] => memchr::memchr3_iter(a, b, c, hay).filter(keep).collect(),
            _ => (0..hay.len())
                .filter(|at| self.is_first[usize::from(hay[*at])])
                .filter(keep)
                .collect(),
        }
    }

    /// `find` by an Aho-Corasick automaton (what it replaced): debug builds check each search.
    #[cfg(debug_assertions)]
    fn by_automaton(&self, hay: &str) -> Vec<usize> {
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(self.folded)
            .build(&self.literals)
            .expect("literals build an automaton");
        let mut starts: Vec<usize> = ac.find_overlapping_iter(hay).map(|m| m.start()).collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    }
}

/// What `Starts` needs from a parse of the pattern: its prefix literals (in any ASCII case
/// when `folded`) and whether it looks before its first character.
#[derive(Debug, PartialEq)]
struct Seed {
    literals: Vec<Vec<u8>>,
    folded: bool,
    looks_behind: bool,
}

impl Seed {
    fn of(hir: &Hir) -> Option<Seed> {
        use regex_syntax::hir::literal::{ExtractKind, Extractor};
        // A pattern that can match the empty string can match anywhere.
        if hir.properties().minimum_len().is_none_or(|n| n == 0) {
            return None;
        }
        // Case-insensitive words give a literal per way of writing them (`ZERT`, `ZERt`, …),
        // too many to list: their letters are looked for in any ASCII case instead.
        let mut folded = false;
        let unfolded = ascii_letters_unfolded(hir, &mut folded);
        // With `regex`'s limits first; else a class of up to 26 characters is up to 26
        // literals (`[A-Z]`): still few, and a start at each capital is still much less text
        // than all of it.
        let extract = |limit_class| {
            Extractor::new()
                .kind(ExtractKind::Prefix)
                .limit_class(limit_class)
                .extract(&unfolded)
        };
        let mut seq = extract(10);
        if !seq.is_finite() {
            seq = extract(26);
        }
        let literals = seq.literals()?;
        if literals.is_empty() || literals.iter().any(|l| l.is_empty()) {
            return None;
        }
        Some(Seed {
            literals: literals.iter().map(|l| l.as_bytes().to_vec()).collect(),
            folded,
            looks_behind: looks_before_consuming(hir),
        })
    }
}

impl Starts {
    fn of(source: &str) -> Option<Starts> {
        let (seed, hir, ascii, walk, required) =
            match known_starts::KNOWN.iter().find(|k| k.0 == source) {
                Some((_, literals, folded, looks_behind, ascii, walk, required)) => {
                    let literals = literals.iter().map(|l| l.to_vec()).collect();
                    let seed = Seed {
                        literals,
                        folded: *folded,
                        looks_behind: *looks_behind,
                    };
                    (seed, OnceLock::new(), *ascii, walk.as_ref(), *required)
                }
                None => {
                    let hir = regex_syntax::Parser::new().parse(source).ok()?;
                    let seed = Seed::of(&hir)?;
                    (seed, OnceLock::from(Some(hir)), None, None, None)
                }
            };
        let literals = Literals::new(&seed.literals, seed.folded)?;
        Some(Starts {
            literals,
            folded: seed.folded,
            looks_behind: seed.looks_behind,
            hir,
            anchored: Default::default(),
            ascii,
            walk,
            required,
        })
    }

    /// Can `hay` hold a match, by the byte strings every match holds one of (`required`)?
    fn may_match(&self, hay: &str) -> bool {
        self.required.is_none_or(|required| {
            required
                .iter()
                .any(|r| memchr::memmem::find(hay.as_bytes(), r).is_some())
        })
    }

    /// Can a match start at `at`, by the pattern's automaton (`walk`)? Always when its walk
    /// is not known.
    fn may_start_at(&self, hay: &[u8], at: usize) -> bool {
        self.walk.is_none_or(|walk| walk.may_start_at(hay, at))
    }

    /// Every position in `hay` where one of the literals starts, in order (overlapping
    /// matches come by their end).
    fn candidates(&self, hay: &str) -> Vec<usize> {
        match &self.literals {
            Literals::Byte(b) => memchr::memchr_iter(*b, hay.as_bytes()).collect(),
            Literals::Many(firsts) => {
                let found = firsts.find(hay.as_bytes());
                #[cfg(debug_assertions)]
                assert_eq!(found, firsts.by_automaton(hay), "literal starts in {hay:?}");
                found
            }
        }
    }

    /// `source` anchored at the start of the haystack for `regex_lite`, in `form` (`None` as
    /// written when `regex_lite` refuses it or it is verbose), after one character of any
    /// kind when `after_one`; compiled on first use.
    fn anchored(&self, source: &str, form: Form, after_one: bool) -> Option<&regex_lite::Regex> {
        let slot = &self.anchored[form as usize * 2 + usize::from(after_one)];
        slot.get_or_init(|| {
            let skip = if after_one { "(?s:.)" } else { "" };
            if form == Form::Written {
                // A built-in pattern with a generated ASCII form is one `regex_lite` refuses as
                // written: trying cost a parse of up to 1.5 KB that fails late (issue 16: three
                // of the demo repository's placeholder patterns, ~2M instructions).
                if self.ascii.is_some() {
                    debug_assert!(
                        regex_lite::Regex::new(&format!("\\A{skip}(?:{source})")).is_err()
                    );
                    return None;
                }
                return match verbose(source) {
                    true => None,
                    false => regex_lite::Regex::new(&format!("\\A{skip}(?:{source})")).ok(),
                };
            }
            let ascii = form == Form::Ascii;
            let form = match self.ascii {
                Some(printed) if ascii => printed.to_string(),
                _ => {
                    let hir = self
                        .hir
                        .get_or_init(|| regex_syntax::Parser::new().parse(source).ok())
                        .as_ref()?;
                    lite_form(hir, ascii).to_string()
                }
            };
            regex_lite::Regex::new(&format!("\\A{skip}(?:{form})")).ok()
        })
        .as_ref()
    }
}

/// Does `source` turn on verbose mode (`(?x)`), where a `#` comment would swallow the `)`
/// `Starts::anchored` closes it with?
fn verbose(source: &str) -> bool {
    source.match_indices("(?").any(|(i, _)| {
        source[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
            .any(|c| c == 'x')
    })
}

/// The generated `known_starts.rs`: the `Seed` of each of `sources` that has one.
pub fn render_known_starts(sources: &[&str]) -> String {
    let mut out = String::from(
        "//! Generated: the prefix literals of the built-in packs' regexes (`Seed`), so that a run\n\
         //! does not parse them to find where their matches start (issue 16). Regenerate with\n\
         //! `ISMSLINT_BLESS=1 cargo test --lib known_starts_are_current`.\n\n\
         /// (source, literals, folded, looks_behind, ascii, walk, required): `ascii` is the\n\
         /// pattern's `regex_lite` form for ASCII text (`lite_form`) when `regex_lite` refuses it\n\
         /// as written (`\\p{Lu}`): printed here, it needs no parse either. `walk`: the first\n\
         /// steps of its automaton from a start (`walk::render`). `required`: byte strings one of\n\
         /// which every match holds (`required_literals`).\n\
         pub(super) type Known = (\n\
         \x20   &'static str,\n\
         \x20   &'static [&'static [u8]],\n\
         \x20   bool,\n\
         \x20   bool,\n\
         \x20   Option<&'static str>,\n\
         \x20   Option<Walk>,\n\
         \x20   Option<&'static [&'static [u8]]>,\n\
         );\n\n\
         use super::Walk;\n\n\
         #[rustfmt::skip]\n\
         pub(super) static KNOWN: &[Known] = &[\n",
    );
    for source in sources {
        let Some(hir) = regex_syntax::Parser::new().parse(source).ok() else {
            continue;
        };
        let Some(seed) = Seed::of(&hir) else {
            continue;
        };
        let forms = match regex_lite::Regex::new(source) {
            Ok(_) => "None".to_string(),
            // Escaped, not raw: a printed class may hold a tab or a carriage return.
            Err(_) => format!("Some({:?})", lite_form(&hir, true).to_string()),
        };
        let literals: Vec<String> = seed
            .literals
            .iter()
            .map(|l| format!("b\"{}\"", l.escape_ascii()))
            .collect();
        let walk = walk::render(source).unwrap_or_else(|| "None".to_string());
        let required = match required_literals(&hir) {
            Some(set) => {
                let set: Vec<String> = set
                    .iter()
                    .map(|l| format!("b\"{}\"", l.escape_ascii()))
                    .collect();
                format!("Some(&[{}])", set.join(", "))
            }
            None => "None".to_string(),
        };
        out.push_str(&format!(
            "    (\n        r####\"{source}\"####,\n        &[{}],\n        {},\n        {},\n        {forms},\n        {walk},\n        {required},\n    ),\n",
            literals.join(", "),
            seed.folded,
            seed.looks_behind
        ));
    }
    out.push_str("];\n");
    out
}

/// Byte strings one of which every match of `hir` holds: a literal of a concatenation (the
/// likeliest to be missing from a text: the longest, then the one with the rarest bytes), one
/// of each branch of an alternation. A literal in the parse is exact, in any text: case
/// folding (`(?i)`) makes a letter a class, and classes are not taken. `None` when there is
/// none or a set would be long.
fn required_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Capture(Capture { sub, .. }) => required_literals(sub),
        HirKind::Repetition(rep) if rep.min > 0 => required_literals(&rep.sub),
        HirKind::Concat(subs) => subs
            .iter()
            .filter_map(required_literals)
            .max_by_key(|set| set.iter().map(|l| rarity(l)).min()),
        HirKind::Alternation(subs) => {
            let mut set: Vec<Vec<u8>> = Vec::new();
            for sub in subs {
                set.extend(required_literals(sub)?);
            }
            set.sort();
            set.dedup();
            (set.len() <= 8).then_some(set)
        }
        _ => None,
    }
}

/// How likely a text lacks `literal`: longer first, then holding a byte other than a small
/// letter, a space or common punctuation.
fn rarity(literal: &[u8]) -> (usize, bool) {
    let common = |b: &u8| b.is_ascii_lowercase() || b" .,;:-()[]\n\t'\"/".contains(b);
    (literal.len(), !literal.iter().all(common))
}

/// `hir` with each class that is one ASCII letter in both cases (`[Zz]`, `[Kk\u{212A}]`, as
/// `(?i)` writes letters) made that letter, lower case; `folded` tells whether there was one.
fn ascii_letters_unfolded(hir: &Hir, folded: &mut bool) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => match ascii_letter_in_both_cases(class) {
            Some(letter) => {
                *folded = true;
                Hir::literal([letter])
            }
            None => hir.clone(),
        },
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(ascii_letters_unfolded(&rep.sub, folded)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(ascii_letters_unfolded(&cap.sub, folded)),
            ..cap.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(
            subs.iter()
                .map(|h| ascii_letters_unfolded(h, folded))
                .collect(),
        ),
        HirKind::Alternation(subs) => Hir::alternation(
            subs.iter()
                .map(|h| ascii_letters_unfolded(h, folded))
                .collect(),
        ),
        _ => hir.clone(),
    }
}

/// The letter, lower case, of a class that is exactly one ASCII letter in both cases and its
/// other Unicode case foldings.
fn ascii_letter_in_both_cases(class: &ClassUnicode) -> Option<u8> {
    let chars: Vec<char> = class
        .ranges()
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .take(4)
        .collect();
    let lower = *chars.iter().find(|c| c.is_ascii_lowercase())?;
    let mut expected = vec![lower.to_ascii_uppercase(), lower];
    match lower {
        'k' => expected.push('\u{212A}'),
        's' => expected.push('\u{017F}'),
        _ => {}
    }
    expected.sort_unstable();
    (chars == expected).then_some(lower as u8)
}

/// Can the pattern test the text before its match (a look-around such as `\b` or `^`) before
/// it consumes a character?
fn looks_before_consuming(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => false,
        HirKind::Look(_) => true,
        HirKind::Repetition(rep) => looks_before_consuming(&rep.sub),
        HirKind::Capture(cap) => looks_before_consuming(&cap.sub),
        HirKind::Concat(subs) => {
            for sub in subs {
                if looks_before_consuming(sub) {
                    return true;
                }
                if sub.properties().minimum_len() != Some(0) {
                    return false;
                }
            }
            false
        }
        HirKind::Alternation(subs) => subs.iter().any(looks_before_consuming),
    }
}

enum Engine<'p> {
    Full(&'p regex::Regex),
    /// The full regex for ASCII text only (`Pattern::ascii_full`).
    Ascii(&'p regex::Regex),
    Lite(&'p regex_lite::Regex),
}

/// What `regex_lite` can search exactly: `\b` and `\w` differ from `regex`'s only at a
/// non-ASCII letter, digit or other word character; classes, case folding and `.` only at a
/// non-ASCII character.
enum Text {
    Ascii,
    /// Non-ASCII characters, none a word character or a space (dashes, quotes, symbols): a
    /// pattern written for `regex_lite` reads it as `regex` does (`written_exact`).
    Symbols,
    /// Non-ASCII characters, none a word character, some a space (`\u{a0}`), which `regex`'s
    /// `\s` matches and `regex_lite`'s does not.
    NoWordLetters,
    WordLetters,
}

impl Text {
    fn of(hay: &str) -> Text {
        if hay.is_ascii() {
            return Text::Ascii;
        }
        let mut text = Text::Symbols;
        for c in hay.chars().filter(|c| !c.is_ascii()) {
            if regex_syntax::is_word_character(c) {
                return Text::WordLetters;
            }
            if c.is_whitespace() {
                text = Text::NoWordLetters;
            }
        }
        text
    }

    /// Does a pattern that `written_exact` calls exact read this text as `regex` does?
    fn written_exact(&self) -> bool {
        matches!(self, Text::Ascii | Text::Symbols)
    }
}

/// The `regex_lite` forms of a pattern, searching the text kinds it is exact on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// As written: ASCII text and `Text::Symbols`, when `written_exact`.
    Written = 0,
    /// `lite_form` cut to ASCII: ASCII text.
    Ascii = 1,
    /// `lite_form` with its Unicode classes: text without non-ASCII word characters.
    Unicode = 2,
}

/// `source` for `regex_lite`, exact on text with no non-ASCII word character: the classes as
/// `regex` reads them (ranges `regex_lite` knows, case folding spelled out), the word
/// boundaries ASCII (the same there, as such text's non-ASCII characters are non-word for both).
#[cfg(test)]
fn lite_unicode_regex(source: &str) -> Option<regex_lite::Regex> {
    lite_form_regex(source, false)
}

/// `source` compiled by `regex_lite` where its matches on ASCII text are those of `regex`.
#[cfg(test)]
fn lite_regex(source: &str) -> Option<regex_lite::Regex> {
    if written_exact(source)
        && let Ok(re) = regex_lite::Regex::new(source)
    {
        return Some(re);
    }
    lite_form_regex(source, true)
}

/// `source` through `lite_form` (ASCII or not), compiled by `regex_lite`.
fn lite_form_regex(source: &str, ascii: bool) -> Option<regex_lite::Regex> {
    let hir = regex_syntax::Parser::new().parse(source).ok()?;
    regex_lite::Regex::new(&lite_form(&hir, ascii).to_string()).ok()
}

/// Is `regex_lite`'s reading of `source` the same as `regex`'s on ASCII text, if it accepts
/// it? (It rejects what it does not know, such as `\p{L}` or class set operations.) Not when a
/// character could stand for ASCII letters under Unicode case folding (K, ſ, or a range
/// reaching them) or an escape could write such a character. Then it is also the same on text
/// whose non-ASCII characters are no word characters and no spaces (`Text::Symbols`): `\w`,
/// `\d`, `\b`, `\s` and case folding differ only on those, and `.`, literals and classes of
/// ASCII ends read a non-ASCII character alike.
fn written_exact(source: &str) -> bool {
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
    /// Found already (`Pattern::find_from_starts`).
    Found(&'h str, std::vec::IntoIter<(usize, usize)>),
}

impl<'h> Iterator for Matches<'_, 'h> {
    type Item = Match<'h>;
    fn next(&mut self) -> Option<Match<'h>> {
        match self {
            Matches::Full(hay, it) => it.next().map(|m| Match::new(hay, m.start(), m.end())),
            Matches::Lite(hay, it) => it.next().map(|m| Match::new(hay, m.start(), m.end())),
            Matches::Found(hay, it) => it.next().map(|(start, end)| Match::new(hay, start, end)),
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
                assert!(matches!(
                    Text::of(text),
                    Text::NoWordLetters | Text::Symbols
                ));
                let a: Vec<_> = full.find_iter(text).map(|m| m.range()).collect();
                let b: Vec<_> = lite.find_iter(text).map(|m| m.range()).collect();
                assert_eq!(a, b, "{source} on {text:?}");
            }
        }
        assert!(matches!(Text::of("1–6 “quoted” • ≤"), Text::Symbols));
        assert!(matches!(Text::of("non\u{a0}breaking"), Text::NoWordLetters));
        // As written, on text of symbols without spaces: what `regex` finds.
        for source in [r"\s+\w+", r"(?i)[^a-z ]+", r".\b", r"(?i)accepted\W+"] {
            let (p, full) = (Pattern::new(source), regex::Regex::new(source).unwrap());
            let text = "Risks 1–6 are “accepted” • score ≤ 8 — see § 6.1.3";
            let a: Vec<_> = full.find_iter(text).map(|m| m.range()).collect();
            let b: Vec<_> = p.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(a, b, "{source}");
            assert!(p.written.get().is_some_and(Option::is_some), "{source}");
        }
        assert!(matches!(Text::of("přijato"), Text::WordLetters));
        assert!(matches!(Text::of("naïve"), Text::WordLetters));
        // `²` is a number but not a decimal digit: no word character for `regex` either.
        assert!(matches!(Text::of("m²"), Text::Symbols));
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
        assert!(!written_exact("(?i)\u{212A}"));
        assert!(!written_exact("(?i)\u{017F}"));
        assert!(!written_exact("(?i)[a-\u{0200}]"));
        assert!(!written_exact(r"(?i)\x{212A}"));
        assert!(!written_exact(r"\u{17F}"));
        assert!(written_exact(r"(?i)\bá\s*[a-z–—]\-ö"));
        assert!(written_exact(r"(?:–|—|-|to)"));
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

    /// Once the budget is spent, ASCII text gets the regex compiled without Unicode, or from
    /// the pattern's ASCII part where reading it without Unicode would differ or fails.
    #[test]
    fn ascii_text_gets_a_regex_without_unicode_once_the_budget_is_spent() {
        for (source, hay, found) in [
            (r"\d+\s\w+\b", "12 ab, 3", Some("12 ab")),
            // Without Unicode, the negated class could match a byte of a UTF-8 sequence.
            (r"(?i)[^,\n]+ok", "a, b OK", Some(" b OK")),
            // The Kelvin sign folds to `k` with Unicode only.
            ("(?i)x\u{212A}", "-XK", Some("XK")),
            (r"(?i)\bstra(?:ss|ß)e\b", "Strasse", Some("Strasse")),
        ] {
            let p = Pattern::new(source);
            p.lite_budget.store(0, Ordering::Relaxed);
            assert!(matches!(p.engine(hay), Engine::Ascii(_)), "{source}");
            assert_eq!(p.find(hay).map(|m| m.as_str()), found, "{source}");
        }
    }

    #[test]
    fn the_full_regex_is_compiled_once_the_budget_is_spent() {
        let p = Pattern::new(r"\d+");
        let text = "1234567890".repeat(10);
        for _ in 0..(BUDGET_MIN / text.len()) {
            assert!(p.is_match(&text));
        }
        assert!(p.full.get().is_none() || cfg!(debug_assertions));
        assert!(p.written.get().is_some_and(Option::is_some));
        assert!(matches!(p.engine(&text), Engine::Ascii(_)));
        assert!(matches!(p.engine("١٢٣"), Engine::Full(_)));
        assert_eq!(
            p.find_iter("a1b22c333")
                .map(|m| m.as_str())
                .collect::<Vec<_>>(),
            ["1", "22", "333"]
        );
    }

    /// Searching from the prefix literals only finds what `regex` finds: patterns with a
    /// look-around before their first character (run from the character before), folded
    /// case-insensitive words, classes of capitals, at the text's start and after a match.
    #[test]
    fn matches_from_starts_are_the_full_regex_matches() {
        let texts = [
            "[Company Name] at start, [TBD] and [ insert date ]; Kelvin \u{212A} no",
            "XXX-XXXX and ABC-XX, xABC-XXX, ISO 27002 requires; iso/iec 27002:2022 mandates",
            "Lorem ipsum — “[Your Company]” • ZERTIFIZIERT nach ISO 27002 … [A / B]",
            "zertifiziert Zertifikat naïve [Firmenname] ISO27002",
            "[Describe — should match minimum necessary scope] [Insert — here]",
            "XXX",
            "[",
            "",
        ];
        for source in [
            r"(?i)\[\s*(?:your\s+|the\s+)?(?:company|organi[sz]ation)(?:\s+name)?\s*\]",
            r"\b[A-Z]{2,6}-X{2,}\b|\bX{3,}\b",
            r"(?i)\bISO(?:/IEC)?\s*27002(?::20(?:13|22))?\s+(?:requires|mandates)",
            r"(?i)(?:zertifiziert|zertifikat|certifi[ée]e?)",
            r"(?i)\blorem ipsum\b",
            r"(?m)^\[",
            r"\[[^\]\[\n/|]+?(?:\s+/\s+[^\]\[\n/|]+?)+\]",
            r"(?i)\[\s*(?:tbd|insert\b[^\]\[\n]*)\s*\]",
            // `regex_lite` refuses it as written: on text of symbols, the Unicode form (a
            // dash inside the brackets is no ASCII character but still `[^\]\[\n]`).
            r"(?i)\[\s*(?:describe\b[^\]\[\n]*|[\p{L}/&-]+\s+name)\s*\]",
        ] {
            let p = Pattern::owned(source.to_string());
            let full = regex::Regex::new(source).unwrap();
            for text in texts {
                let a: Vec<_> = full.find_iter(text).map(|m| m.range()).collect();
                let b: Vec<_> = p.find_iter_from_starts(text).map(|m| m.range()).collect();
                assert_eq!(a, b, "{source} on {text:?}");
            }
        }
    }

    #[test]
    fn starts_of_patterns() {
        let starts = Starts::of(r"(?i)\blorem ipsum\b").unwrap();
        assert!(starts.folded && starts.looks_behind);
        assert_eq!(starts.candidates("LOREM IPSUM, lorem Ipsum"), [0, 13]);
        let starts = Starts::of(r"\[\s*TBD\s*\]").unwrap();
        assert!(!starts.folded && !starts.looks_behind);
        // A pattern that can match the empty string can start anywhere.
        assert!(Starts::of(r"\[?").is_none());
        assert!(verbose("(?x) a # b") && verbose("(?ix:a)") && !verbose("(?i)x"));
        let fold = |s: &str| match regex_syntax::Parser::new().parse(s).unwrap().into_kind() {
            HirKind::Class(Class::Unicode(c)) => ascii_letter_in_both_cases(&c),
            _ => None,
        };
        assert_eq!(fold("(?i)k"), Some(b'k'));
        assert_eq!(fold("(?i)s"), Some(b's'));
        assert_eq!(fold("(?i)z"), Some(b'z'));
        assert_eq!(fold("[Zz]"), Some(b'z'));
        assert_eq!(fold("(?i)é"), None);
        assert_eq!(fold("[a-z]"), None);
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
