//! Which of a rule's regexes can match in a piece of text, in one pass: the filter the text
//! rules run before each regex (issue 16).
//!
//! It was a `regex::RegexSet`, which compiles every pattern forwards and backwards (the
//! backward automaton finds where a match starts, which a filter never asks): ~7 ms for the
//! built-in placeholders, paid once by every repository with enough text. This is a lazy DFA
//! compiled forwards only, from the patterns with their word boundaries (`\b`, `\<`, …) taken
//! out: a lazy DFA cannot search Unicode word boundaries beyond ASCII, and without them each
//! pattern matches where it matched and possibly more, so the filter never drops a pattern
//! that matches; the pattern itself then runs on the text that passed.
//!
//! Two automata, each built on first use: one for text that is all ASCII, from the patterns
//! read without Unicode (ASCII `\w`, `\s`, case folding: on ASCII text they match exactly where
//! the Unicode patterns do, and their classes are a few ranges instead of thousands), and one
//! for other text, from the patterns as written. Reading the multi-language placeholder
//! patterns with Unicode case folding and compiling their Unicode classes was most of the
//! filter's cost (79M instructions, a fifth of a one-unit tree's run); a repository whose text
//! is ASCII never pays it. ASCII text is first searched for literals one of which every match
//! holds (`Needles`); the ASCII automaton is built when a text holds one.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Look, Repetition};
use std::cmp::Reverse;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

mod ascii_forms;
mod hir_code;

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;

/// The patterns that can match in a text: a superset of those that do.
pub struct Prefilter {
    sources: Vec<String>,
    /// For text that is all ASCII (`ascii_hir`).
    ascii: OnceLock<Option<AsciiFilter>>,
    /// For other text: the patterns as written.
    unicode: OnceLock<Option<Automaton>>,
}

/// The filter for ASCII text: literals one of which every match holds (`Needles`), then the
/// automaton of the patterns' ASCII forms, built when a text first holds one of the literals.
/// Text without placeholders holds none of them (the synthetic business units of issue 16's
/// scaling check never did): then the automaton is never built, nor the forms read (~20M
/// instructions, half of what the first business unit cost beyond the next).
///
/// When every pattern is found from its starts (`pattern::found_from_starts`), text holding a
/// literal gets no automaton at all: the patterns whose own literals it holds
/// (`Needles::which`) each look at their own starts, which is the automaton's filter done per
/// pattern, and the automaton (15M instructions to build, most of what a repository's first
/// business unit cost beyond the next, issue 16's scaling check) is never built.
struct AsciiFilter {
    needles: Option<Needles>,
    automaton: OnceLock<Option<Automaton>>,
    /// Every pattern is found from its starts.
    by_starts: bool,
}

struct Automaton {
    dfa: DFA,
    caches: CachePool,
}

impl Prefilter {
    /// Nothing is compiled yet: each automaton is built when text of its kind is first asked.
    pub fn new<'s>(sources: impl IntoIterator<Item = &'s str>) -> Prefilter {
        Prefilter {
            sources: sources.into_iter().map(str::to_string).collect(),
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// The run's filter for `sources`, the same one each time it is asked: a rule builds its
    /// `PatternIndex` when it runs, and the engine may have started building the filter before
    /// (`warm_ascii`, during the load).
    pub fn shared<'s>(sources: impl IntoIterator<Item = &'s str>) -> Arc<Prefilter> {
        static SHARED: Mutex<Vec<Arc<Prefilter>>> = Mutex::new(Vec::new());
        let wanted = Prefilter::new(sources);
        let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = shared.iter().find(|f| f.sources == wanted.sources) {
            return Arc::clone(known);
        }
        let filter = Arc::new(wanted);
        shared.push(Arc::clone(&filter));
        filter
    }

    /// Build the automaton for ASCII text now (most repositories' text is ASCII), so that the
    /// first block asked finds it built.
    pub fn warm_ascii(&self) {
        self.ascii();
    }

    /// Is the automaton for ASCII text built?
    #[cfg(test)]
    pub fn is_warm(&self) -> bool {
        self.ascii.get().is_some()
    }

    fn ascii(&self) -> Option<&AsciiFilter> {
        self.ascii
            .get_or_init(|| {
                let needed = self
                    .sources
                    .iter()
                    .map(|s| ascii_needed(s))
                    .collect::<Option<Vec<Option<Vec<Lit>>>>>()?;
                Some(AsciiFilter {
                    needles: Needles::of(needed.iter().map(Option::as_deref)),
                    automaton: OnceLock::new(),
                    by_starts: self
                        .sources
                        .iter()
                        .all(|s| crate::pattern::found_from_starts(s)),
                })
            })
            .as_ref()
    }

    fn ascii_automaton<'a>(&self, filter: &'a AsciiFilter) -> Option<&'a Automaton> {
        filter
            .automaton
            .get_or_init(|| Automaton::new(self.sources.iter().map(|s| ascii_form(s))))
            .as_ref()
    }

    /// The indexes of the patterns that can match somewhere in `text`, in order; `None` when
    /// any pattern can: ASCII text holding a literal when the patterns are found from their
    /// starts (`AsciiFilter`), or the search gave up, or a pattern could not be compiled.
    pub fn which(&self, text: &str) -> Option<Vec<usize>> {
        let automaton = if text.is_ascii() {
            let ascii = self.ascii()?;
            // Most text holds none of the literals: no automaton pass (two of them over all
            // prose, DOC001's and DOC007's, were a fifth of a large tree's rules, issue 16).
            if ascii.needles.as_ref().is_some_and(|n| !n.any_in(text)) {
                #[cfg(debug_assertions)]
                if let Some(automaton) = self.ascii_automaton(ascii) {
                    assert_eq!(
                        automaton.which(text),
                        Some(Vec::new()),
                        "needles in {text:?}"
                    );
                }
                return Some(Vec::new());
            }
            if ascii.by_starts
                && let Some(hits) = ascii.needles.as_ref().and_then(|n| n.which(text))
            {
                #[cfg(debug_assertions)]
                if let Some(can) = self.ascii_automaton(ascii).and_then(|a| a.which(text)) {
                    assert!(can.iter().all(|p| hits.contains(p)), "{hits:?} in {text:?}");
                }
                return Some(hits);
            }
            self.ascii_automaton(ascii)
        } else {
            self.unicode
                .get_or_init(|| {
                    Automaton::new(self.sources.iter().map(|s| {
                        let hir = regex_syntax::Parser::new().parse(s).ok()?;
                        Some(without_word_boundaries(&hir))
                    }))
                })
                .as_ref()
        };
        automaton?.which(text)
    }
}

impl Automaton {
    /// `None` when a pattern does not parse or the automaton cannot be built.
    fn new(hirs: impl Iterator<Item = Option<Hir>>) -> Option<Automaton> {
        let hirs = hirs.collect::<Option<Vec<Hir>>>()?;
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .utf8(false),
            )
            .build_many_from_hir(&hirs)
            .ok()?;
        // No literal prefilter: finding the patterns' prefix literals cost ~16M instructions,
        // and the automaton alone searched faster (`[` starts many placeholders and is common):
        // units-30 −27M, iso27001-starter-kit −35M.
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .build_from_nfa(nfa)
            .ok()?;
        let for_caches = dfa.clone();
        let caches: CachePool = Pool::new(Box::new(move || for_caches.create_cache()));
        Some(Automaton { dfa, caches })
    }

    fn which(&self, text: &str) -> Option<Vec<usize>> {
        let mut cache = self.caches.get();
        // Most text matches nothing: a search that stops at the first match first.
        let matched = self
            .dfa
            .try_search_fwd(&mut cache, &Input::new(text).earliest(true))
            .ok()?;
        if matched.is_none() {
            return Some(Vec::new());
        }
        let mut found = PatternSet::new(self.dfa.pattern_len());
        self.dfa
            .try_which_overlapping_matches(&mut cache, &Input::new(text), &mut found)
            .ok()?;
        Some(found.iter().map(|p| p.as_usize()).collect())
    }
}

/// Literals, one of which each match of the ASCII form of a pattern holds (`needed`): text
/// that holds none of them matches none of the patterns. Found by Aho-Corasick's packed
/// (SIMD) search, far faster than the automaton reads a byte: its case-insensitive search and
/// a set whose literals start with common bytes (`i` of `insert`) ran byte by byte, as slow as
/// the automaton (issue 16). So a literal in any case is cut to its first three bytes in each
/// of their cases (still held by every match), and short literals are searched apart from
/// long ones, which the packed search then finds by their first three bytes.
struct Needles {
    searchers: Vec<aho_corasick::AhoCorasick>,
    /// Which patterns a text holding some of the literals can match (`Needles::which`).
    by_pattern: Option<ByPattern>,
}

/// The literals the needles search (`kept`), all found in one overlapping search, and for
/// each pattern the set of them one of which a text holds when it holds one of the pattern's
/// own literals: a literal holding another is not searched, the other stands for it.
struct ByPattern {
    kept: aho_corasick::AhoCorasick,
    /// By pattern, a bit per literal of `kept`.
    masks: Vec<u64>,
}

/// A literal of `needed`: its bytes, in lower case when `folded` (matched in any ASCII case).
#[derive(Clone, Debug, PartialEq)]
struct Lit {
    bytes: Vec<u8>,
    folded: bool,
}

impl Needles {
    /// From each pattern's `needed` literals; `None` when a pattern holds no literal every
    /// match has (then any text can match).
    fn of<'l>(needed: impl Iterator<Item = Option<&'l [Lit]>>) -> Option<Needles> {
        let mut lits: Vec<Vec<u8>> = Vec::new();
        let mut by_pattern: Vec<Vec<Vec<u8>>> = Vec::new();
        for pattern in needed {
            let mut own = Vec::new();
            for lit in pattern? {
                if lit.bytes.is_empty() {
                    return None;
                }
                for bytes in case_variants(lit) {
                    if !lits.contains(&bytes) {
                        lits.push(bytes.clone());
                    }
                    own.push(bytes);
                }
            }
            by_pattern.push(own);
        }
        // A literal holding another is found wherever it is.
        let holds = |b: &[u8], a: &[u8]| a.len() < b.len() && b.windows(a.len()).any(|w| w == a);
        let kept: Vec<&Vec<u8>> = lits
            .iter()
            .filter(|b| !lits.iter().any(|a| holds(b, a)))
            .collect();
        let (short, long): (Vec<&Vec<u8>>, Vec<&Vec<u8>>) = kept.iter().partition(|l| l.len() < 3);
        let mut searchers = Vec::new();
        for group in [short, long] {
            if group.is_empty() {
                continue;
            }
            let ac = aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(group)
                .ok()?;
            searchers.push(ac);
        }
        Some(Needles {
            searchers,
            by_pattern: ByPattern::of(&kept, &by_pattern),
        })
    }

    /// Does `text` hold one of the literals?
    fn any_in(&self, text: &str) -> bool {
        self.searchers.iter().any(|ac| ac.is_match(text))
    }

    /// The patterns whose literals `text` holds (a superset: a literal another holds stands
    /// for it), in order; `None` when that is not known.
    fn which(&self, text: &str) -> Option<Vec<usize>> {
        let by = self.by_pattern.as_ref()?;
        let found = by
            .kept
            .find_overlapping_iter(text)
            .fold(0u64, |found, m| found | 1 << m.pattern().as_usize());
        Some(
            (0..by.masks.len())
                .filter(|&p| by.masks[p] & found != 0)
                .collect(),
        )
    }
}

impl ByPattern {
    /// `None` when the literals are too many for a mask.
    fn of(kept: &[&Vec<u8>], by_pattern: &[Vec<Vec<u8>>]) -> Option<ByPattern> {
        if kept.len() > 64 {
            return None;
        }
        // Each of a pattern's literals is kept or holds one that is.
        let masks = by_pattern
            .iter()
            .map(|own| {
                (0..kept.len())
                    .filter(|&k| {
                        own.iter()
                            .any(|b| b.windows(kept[k].len()).any(|w| w == kept[k].as_slice()))
                    })
                    .fold(0u64, |mask, k| mask | 1 << k)
            })
            .collect();
        let kept = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(kept)
            .ok()?;
        Some(ByPattern { kept, masks })
    }
}

/// The ways of writing `lit`: itself, or when it is in any case its first three bytes in
/// each case of their letters.
fn case_variants(lit: &Lit) -> Vec<Vec<u8>> {
    if !lit.folded {
        return vec![lit.bytes.clone()];
    }
    let mut out = vec![Vec::new()];
    for &b in lit.bytes.iter().take(3) {
        let cases = match b.is_ascii_alphabetic() {
            true => vec![b.to_ascii_lowercase(), b.to_ascii_uppercase()],
            false => vec![b],
        };
        out = out
            .into_iter()
            .flat_map(|v| {
                cases.iter().map(move |&c| {
                    let mut v = v.clone();
                    v.push(c);
                    v
                })
            })
            .collect();
    }
    out
}

/// Literals one of which every match of `hir` holds (an empty list: `hir` matches nothing);
/// `None` when there are none to name (it can match the empty string, or a wide class). Of a
/// sequence, the rarest of its parts' lists is kept (`rarity`).
fn needed(hir: &Hir) -> Option<Vec<Lit>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(_) | HirKind::Class(_) => match exact(hir) {
            Some(lit) => Some(vec![lit]),
            None => class_bytes(hir).map(|bytes| {
                bytes
                    .into_iter()
                    .map(|b| Lit {
                        bytes: vec![b],
                        folded: false,
                    })
                    .collect()
            }),
        },
        HirKind::Repetition(rep) if rep.min == 0 => None,
        HirKind::Repetition(rep) => match exact(&rep.sub) {
            Some(lit) if rep.min <= 8 => Some(vec![repeated(lit, rep.min)]),
            _ => needed(&rep.sub),
        },
        HirKind::Capture(cap) => needed(&cap.sub),
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                for lit in needed(sub)? {
                    if !all.contains(&lit) {
                        all.push(lit);
                    }
                }
            }
            // A literal holding another is found wherever it is: `XX|X` is `X`.
            let holds_another = |(i, b): (usize, &Lit)| {
                all.iter()
                    .enumerate()
                    .any(|(j, a)| i != j && a.bytes.len() < b.bytes.len() && holds(b, a))
            };
            let keep: Vec<bool> = all.iter().enumerate().map(|x| !holds_another(x)).collect();
            Some(
                all.into_iter()
                    .zip(keep)
                    .filter_map(|(lit, keep)| keep.then_some(lit))
                    .collect(),
            )
        }
        HirKind::Concat(subs) => {
            // Runs of parts that match one string each, joined: a longer literal is rarer.
            let mut candidates: Vec<Vec<Lit>> = Vec::new();
            let mut run: Option<Lit> = None;
            let end_run = |run: &mut Option<Lit>, candidates: &mut Vec<Vec<Lit>>| {
                if let Some(lit) = run.take() {
                    candidates.push(vec![lit]);
                }
            };
            for sub in subs {
                if matches!(sub.kind(), HirKind::Empty | HirKind::Look(_)) {
                    continue;
                }
                if let Some(lit) = exact(sub) {
                    run = Some(join(run.take(), lit));
                    continue;
                }
                // `X{2,}`: its first two `X` close the run.
                if let HirKind::Repetition(rep) = sub.kind()
                    && rep.min > 0
                    && rep.min <= 8
                    && let Some(lit) = exact(&rep.sub)
                {
                    run = Some(join(run.take(), repeated(lit, rep.min)));
                }
                end_run(&mut run, &mut candidates);
                if let Some(lits) = needed(sub) {
                    candidates.push(lits);
                }
            }
            end_run(&mut run, &mut candidates);
            // The rarest; of equals, the fewest literals, then the first.
            let key = |(i, lits): &(usize, Vec<Lit>)| {
                let rarest = lits.iter().map(rarity).min().unwrap_or(u32::MAX);
                (rarest, Reverse(lits.len()), Reverse(*i))
            };
            candidates
                .into_iter()
                .enumerate()
                .max_by_key(key)
                .map(|(_, lits)| lits)
        }
    }
}

/// Is `a` found wherever `b` is?
fn holds(b: &Lit, a: &Lit) -> bool {
    let inside = |hay: &[u8]| hay.windows(a.bytes.len()).any(|w| w == a.bytes.as_slice());
    match (a.folded, b.folded) {
        (false, false) | (true, true) => inside(&b.bytes),
        (true, false) => inside(&b.bytes.to_ascii_lowercase()),
        (false, true) => false,
    }
}

/// `lit` `n` times over.
fn repeated(lit: Lit, n: u32) -> Lit {
    let bytes = (0..n).flat_map(|_| lit.bytes.iter().copied()).collect();
    Lit { bytes, ..lit }
}

/// `a` then `b`, in any ASCII case when either is.
fn join(a: Option<Lit>, b: Lit) -> Lit {
    let Some(mut a) = a else {
        return b;
    };
    if b.folded && !a.folded {
        a.bytes.make_ascii_lowercase();
        a.folded = true;
    }
    let mut tail = b.bytes;
    if a.folded {
        tail.make_ascii_lowercase();
    }
    a.bytes.extend(tail);
    a
}

/// The one string `hir` matches, if it matches one (a letter in both cases: folded).
fn exact(hir: &Hir) -> Option<Lit> {
    match hir.kind() {
        HirKind::Literal(lit) => Some(Lit {
            bytes: lit.0.to_vec(),
            folded: false,
        }),
        HirKind::Class(_) => match class_bytes(hir)?.as_slice() {
            [b] => Some(Lit {
                bytes: vec![*b],
                folded: false,
            }),
            [a, b] if a.is_ascii_uppercase() && *b == a.to_ascii_lowercase() => Some(Lit {
                bytes: vec![*b],
                folded: true,
            }),
            _ => None,
        },
        HirKind::Capture(cap) => exact(&cap.sub),
        _ => None,
    }
}

/// The bytes a class matches, sorted, when it is a few ASCII ones.
fn class_bytes(hir: &Hir) -> Option<Vec<u8>> {
    let ranges: Vec<(u32, u32)> = match hir.kind() {
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
        _ => return None,
    };
    let mut bytes = Vec::new();
    for (start, end) in ranges {
        if end > 0x7F || end - start >= 8 {
            return None;
        }
        bytes.extend((start..=end).filter_map(|b| u8::try_from(b).ok()));
        if bytes.len() > 8 {
            return None;
        }
    }
    Some(bytes)
}

/// How rarely a literal can be expected in prose: letters and spaces are everywhere, digits
/// less so, capitals and punctuation (`[`, `<`, `X` matched exactly) least.
fn rarity(lit: &Lit) -> u32 {
    lit.bytes
        .iter()
        .map(|&b| match b {
            b' ' | b'\t' | b'\n' => 0,
            b'a'..=b'z' => 1,
            b'A'..=b'Z' if lit.folded => 1,
            b'0'..=b'9' | b'.' | b',' | b'-' | b'/' | b':' | b'(' | b')' => 3,
            _ => 6,
        })
        .sum()
}

/// `ascii_hir` of `source`: generated for a built-in pattern (`ascii_forms`), else made now.
fn ascii_form(source: &str) -> Option<Hir> {
    known_form(source)
        .and_then(|(code, _)| hir_code::decode(code))
        .or_else(|| ascii_hir(source))
}

/// What `needed` finds in `source`'s ASCII form (generated for a built-in pattern); `None`
/// when the form cannot be made.
fn ascii_needed(source: &str) -> Option<Option<Vec<Lit>>> {
    match known_form(source) {
        Some((_, needed)) => Some(needed.map(|lits| {
            lits.iter()
                .map(|&(bytes, folded)| Lit {
                    bytes: bytes.to_vec(),
                    folded,
                })
                .collect()
        })),
        None => Some(needed(&ascii_hir(source)?)),
    }
}

/// The generated (code, needed) of a built-in pattern.
fn known_form(source: &str) -> Option<(&'static str, ascii_forms::Needed)> {
    let i = ascii_forms::KNOWN
        .binary_search_by(|(known, ..)| (*known).cmp(source))
        .ok()?;
    let (_, code, needed) = ascii_forms::KNOWN[i];
    Some((code, needed))
}

/// The generated `ascii_forms.rs`: `ascii_hir` of each of `sources`, sorted by source, for
/// those whose form reads back equal (`hir_code`).
#[cfg(test)]
fn render_ascii_forms(sources: &[&str]) -> String {
    let mut forms: Vec<(&str, String, String)> = sources
        .iter()
        .filter_map(|source| {
            let hir = ascii_hir(source)?;
            let code = hir_code::encode(&hir);
            let needed = match needed(&hir) {
                Some(lits) => {
                    let lits: Vec<String> = lits
                        .iter()
                        .map(|l| format!("(b\"{}\", {})", l.bytes.escape_ascii(), l.folded))
                        .collect();
                    format!("Some(&[{}])", lits.join(", "))
                }
                None => "None".to_string(),
            };
            (hir_code::decode(&code).as_ref() == Some(&hir)).then_some((*source, code, needed))
        })
        .collect();
    forms.sort();
    forms.dedup();
    let mut out = String::from(
        "//! Generated: the filter's ASCII form (`ascii_hir`) of each built-in pack regex, written\n\
         //! by `hir_code`, so that a run does not parse and translate them (issue 16). Regenerate\n\
         //! with `ISMSLINT_BLESS=1 cargo test --lib ascii_forms_are_current`.\n\n\
         /// What `needed` finds in a form: (bytes, folded) literals.\n\
         pub(super) type Needed = Option<&'static [(&'static [u8], bool)]>;\n\n\
         /// (source, code, needed), sorted by source.\n\
         pub(super) type Known = (&'static str, &'static str, Needed);\n\n\
         #[rustfmt::skip]\n\
         pub(super) static KNOWN: &[Known] = &[\n",
    );
    for (source, code, needed) in forms {
        out.push_str(&format!(
            "    (\n        r####\"{source}\"####,\n        \"{code}\",\n        {needed},\n    ),\n"
        ));
    }
    out.push_str("];\n");
    out
}

/// `source` as it matches on ASCII text, without its word boundaries (as `without_word_boundaries`
/// takes them out of the Unicode form): its syntax tree with
/// every non-ASCII literal taken out and every `\p{…}` class cut to ASCII (`ascii_ast`), read
/// without Unicode. On ASCII text that changes nothing: a Unicode class or case folding differs
/// from its ASCII form only by non-ASCII characters, and `.` or a negated class matches the same
/// ASCII characters; the two non-ASCII letters whose case folding reaches ASCII (the Kelvin
/// sign and the long s) become their ASCII letters in either case, which can only add matches.
fn ascii_hir(source: &str) -> Option<Hir> {
    let mut ast = regex_syntax::ast::parse::Parser::new().parse(source).ok()?;
    ascii_ast(source, &mut ast)?;
    regex_syntax::hir::translate::TranslatorBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .translate(source, &ast)
        .ok()
}

/// `ascii_hir`'s rewrite of the syntax tree, in place.
fn ascii_ast(source: &str, ast: &mut Ast) -> Option<()> {
    match ast {
        Ast::Literal(lit) if !lit.c.is_ascii() => {
            *ast = bracketed(lit.span, folds_to_ascii(lit.c).to_vec());
        }
        Ast::ClassUnicode(class) => {
            let items = unicode_items(source, class)?;
            *ast = bracketed(class.span, items);
        }
        Ast::ClassBracketed(class) => ascii_set(source, &mut class.kind)?,
        Ast::Repetition(rep) => ascii_ast(source, &mut rep.ast)?,
        Ast::Group(group) => ascii_ast(source, &mut group.ast)?,
        Ast::Alternation(alt) => {
            for a in &mut alt.asts {
                ascii_ast(source, a)?;
            }
        }
        Ast::Concat(concat) => {
            for a in &mut concat.asts {
                ascii_ast(source, a)?;
            }
        }
        // Word boundaries out here, not in the translated tree (`without_word_boundaries`
        // rebuilds every node of it: two thirds of this form's cost).
        Ast::Assertion(a) if !is_line_or_text_assertion(&a.kind) => {
            *ast = Ast::Empty(Box::new(a.span));
        }
        Ast::Empty(_)
        | Ast::Flags(_)
        | Ast::Literal(_)
        | Ast::Dot(_)
        | Ast::Assertion(_)
        | Ast::ClassPerl(_) => {}
    }
    Some(())
}

fn is_line_or_text_assertion(kind: &ast::AssertionKind) -> bool {
    use ast::AssertionKind::*;
    matches!(kind, StartLine | EndLine | StartText | EndText)
}

fn ascii_set(source: &str, set: &mut ClassSet) -> Option<()> {
    match set {
        ClassSet::Item(item) => ascii_item(source, item),
        ClassSet::BinaryOp(op) => {
            ascii_set(source, &mut op.lhs)?;
            ascii_set(source, &mut op.rhs)
        }
    }
}

fn ascii_item(source: &str, item: &mut ClassSetItem) -> Option<()> {
    match item {
        ClassSetItem::Literal(lit) if !lit.c.is_ascii() => {
            *item = union(lit.span, folds_to_ascii(lit.c).to_vec());
        }
        ClassSetItem::Range(range) if !range.end.c.is_ascii() => {
            let span = range.span;
            let mut items = Vec::new();
            if range.start.c.is_ascii() {
                items.push(range_item(span, range.start.c, '\x7F'));
            }
            for c in ['\u{017F}', '\u{212A}'] {
                if (range.start.c..=range.end.c).contains(&c) {
                    items.extend(folds_to_ascii(c).iter().cloned());
                }
            }
            *item = union(span, items);
        }
        ClassSetItem::Unicode(class) => {
            let items = unicode_items(source, class)?;
            *item = union(class.span, items);
        }
        ClassSetItem::Bracketed(class) => ascii_set(source, &mut class.kind)?,
        ClassSetItem::Union(u) => {
            for i in &mut u.items {
                ascii_item(source, i)?;
            }
        }
        ClassSetItem::Empty(_)
        | ClassSetItem::Literal(_)
        | ClassSetItem::Range(_)
        | ClassSetItem::Ascii(_)
        | ClassSetItem::Perl(_) => {}
    }
    Some(())
}

/// The ASCII letters a non-ASCII character matches under case folding (none but for the Kelvin
/// sign and the long s), as class items.
fn folds_to_ascii(c: char) -> &'static [ClassSetItem] {
    static KELVIN: OnceLock<[ClassSetItem; 2]> = OnceLock::new();
    static LONG_S: OnceLock<[ClassSetItem; 2]> = OnceLock::new();
    let pair = |a: char, b: char| [literal_item(a), literal_item(b)];
    match c {
        '\u{212A}' => KELVIN.get_or_init(|| pair('k', 'K')),
        '\u{017F}' => LONG_S.get_or_init(|| pair('s', 'S')),
        _ => &[],
    }
}

/// A `\p{…}` class as the ASCII ranges it holds (read with Unicode, as written, negation
/// included), plus the ASCII letters its Kelvin sign or long s fold to.
fn unicode_items(source: &str, class: &ast::ClassUnicode) -> Option<Vec<ClassSetItem>> {
    let hir = regex_syntax::hir::translate::Translator::new()
        .translate(source, &Ast::ClassUnicode(Box::new(class.clone())))
        .ok()?;
    let HirKind::Class(Class::Unicode(set)) = hir.kind() else {
        return None;
    };
    let mut items = Vec::new();
    for r in set.ranges() {
        if r.start().is_ascii() {
            items.push(range_item(class.span, r.start(), r.end().min('\x7F')));
        }
        for c in ['\u{017F}', '\u{212A}'] {
            if (r.start()..=r.end()).contains(&c) {
                items.extend(folds_to_ascii(c).iter().cloned());
            }
        }
    }
    Some(items)
}

fn literal(span: ast::Span, c: char) -> ast::Literal {
    ast::Literal {
        span,
        kind: ast::LiteralKind::Verbatim,
        c,
    }
}

fn literal_item(c: char) -> ClassSetItem {
    ClassSetItem::Literal(literal(ast::Span::splat(ast::Position::new(0, 1, 1)), c))
}

fn range_item(span: ast::Span, start: char, end: char) -> ClassSetItem {
    ClassSetItem::Range(ast::ClassSetRange {
        span,
        start: literal(span, start),
        end: literal(span, end),
    })
}

fn union(span: ast::Span, items: Vec<ClassSetItem>) -> ClassSetItem {
    ClassSetItem::Union(ast::ClassSetUnion { span, items })
}

/// `[…]` of `items`; no items: a class that matches nothing.
fn bracketed(span: ast::Span, items: Vec<ClassSetItem>) -> Ast {
    Ast::ClassBracketed(Box::new(ast::ClassBracketed {
        span,
        negated: false,
        kind: ClassSet::Item(union(span, items)),
    }))
}

/// `hir` with each word boundary replaced by the empty pattern: it matches wherever `hir`
/// matches (and maybe elsewhere). Capture groups are dropped: a filter asks no groups.
fn without_word_boundaries(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(look) if is_word_boundary(*look) => Hir::empty(),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(without_word_boundaries(&rep.sub)),
        }),
        HirKind::Capture(Capture { sub, .. }) => without_word_boundaries(sub),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(without_word_boundaries).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(without_word_boundaries).collect())
        }
    }
}

fn is_word_boundary(look: Look) -> bool {
    !matches!(
        look,
        Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ascii_forms.rs` holds, for each built-in regex, what `ascii_hir` makes of it.
    #[test]
    fn ascii_forms_are_current() {
        let p = crate::catalog::packs::Packs::builtin();
        let sources = p.regex_sources();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/rules/doc/prefilter/ascii_forms.rs"
        );
        let generated = render_ascii_forms(&sources);
        if std::env::var_os("ISMSLINT_BLESS").is_some() {
            // The table compiled into this test is the old one: nothing more to compare.
            std::fs::write(path, &generated).unwrap();
            return;
        }
        assert!(
            std::fs::read_to_string(path).unwrap() == generated,
            "src/rules/doc/prefilter/ascii_forms.rs is stale: \
             run `ISMSLINT_BLESS=1 cargo test --lib ascii_forms_are_current`"
        );
        // Every built-in source has its form, and it is the one a parse would give.
        for source in sources {
            let hir = ascii_hir(source).unwrap();
            assert_eq!(ascii_needed(source), Some(needed(&hir)), "{source}");
            assert_eq!(ascii_form(source), Some(hir), "{source}");
            assert!(
                ascii_forms::KNOWN.iter().any(|(s, ..)| *s == source),
                "no generated form for {source}"
            );
        }
    }

    #[test]
    fn one_filter_per_list_of_patterns() {
        let a = Prefilter::shared([r"\[one filter\]", r"per list"]);
        let b = Prefilter::shared([r"\[one filter\]", r"per list"]);
        let c = Prefilter::shared([r"\[one filter\]"]);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert!(a.ascii.get().is_none());
        a.warm_ascii();
        assert!(b.ascii.get().is_some_and(Option::is_some));
        assert_eq!(b.which("a [one filter] here"), Some(vec![0]));
    }

    #[test]
    fn keeps_every_pattern_that_matches() {
        let sources = [
            r"(?i)\blorem ipsum\b",
            r"\[\s*TBD\s*\]",
            r"(?m)^\s*TODO:",
            r"\bX{3,}\b",
        ];
        let filter = Prefilter::new(sources);
        let texts = [
            "Lorem ipsum dolor",
            "Owner: [ TBD ]",
            "intro\n  TODO: write",
            "code XXXX here",
            "Größe: XXX — lorem ipsum über",
            "nothing to see",
            "",
        ];
        for text in texts {
            let which = filter.which(text).unwrap();
            for (i, s) in sources.iter().enumerate() {
                if regex::Regex::new(s).unwrap().is_match(text) {
                    assert!(
                        which.contains(&i),
                        "{s:?} matches {text:?} but was filtered out"
                    );
                }
            }
        }
        assert_eq!(filter.which("nothing to see"), Some(vec![]));
        // Without its word boundaries the pattern may pass text it does not match.
        assert_eq!(filter.which("xlorem ipsumx"), Some(vec![0]));
    }

    /// Both automata, on the built-in packs' patterns and on the shapes where ASCII and Unicode
    /// readings could part (case folding of `k` and `s`, `\p{Lu}`, non-ASCII literals, negated
    /// classes, `.`): every pattern that matches a text is kept for it.
    #[test]
    fn keeps_every_pattern_that_matches_on_ascii_and_other_text() {
        let packs = crate::catalog::packs::Packs::builtin();
        let mut sources: Vec<&str> = [
            r"(?i)\bkelvin\b",
            r"(?i)long s",
            r"\[\s*\p{Lu}{2,}\s*\]",
            r"(?i)\[[^\]]{1,20}\]",
            r"(?i)(?:zertifiziert|certifié)\s+.{0,5}ISO",
            r"\w+@\w+",
        ]
        .to_vec();
        for list in [&packs.placeholders, &packs.iso27002] {
            sources.extend(list.iter().filter_map(|p| match &p.matcher {
                crate::catalog::packs::Matcher::Regex(re) => Some(re.as_str()),
                crate::catalog::packs::Matcher::Phrase(_) => None,
            }));
        }
        let filter = Prefilter::new(sources.iter().copied());
        let texts = [
            "KELVIN here, and a LONG S; [ AB ] or [Insert name]",
            "zertifiziert nach ISO 27001, certifié selon ISO",
            "Owner: [TBD], date [YYYY-MM-DD], mail a@b, [COMPANY NAME], XXXX-XX",
            "Der Inhaber: [NAME DER ORGANISATION] — ÄÖÜ [ÜBERPRÜFEN]",
            "Kelvin sign \u{212A}elvin, ſ long s, [tbd] über alles",
            "certified to ISO 27002; requirements of ISO/IEC 27002:2022",
            "nothing to see",
        ];
        for text in texts {
            let which = filter.which(text).expect("both automata build");
            for (i, s) in sources.iter().enumerate() {
                if regex::Regex::new(s).unwrap().is_match(text) {
                    assert!(
                        which.contains(&i),
                        "{s:?} matches {text:?} but was filtered out"
                    );
                }
            }
        }
        assert!(filter.ascii.get().is_some() && filter.unicode.get().is_some());
    }

    /// The built-in packs' literals: DOC007's patterns all need `27002`, DOC001's few
    /// punctuation marks and rare words.
    #[test]
    fn needles_of_the_builtin_packs() {
        let packs = crate::catalog::packs::Packs::builtin();
        let lits = |list: &[crate::catalog::packs::Pattern]| -> Vec<String> {
            let mut out: Vec<String> = list
                .iter()
                .filter_map(|p| match &p.matcher {
                    crate::catalog::packs::Matcher::Regex(re) => Some(re.as_str()),
                    crate::catalog::packs::Matcher::Phrase(_) => None,
                })
                .flat_map(|s| needed(&ascii_hir(s).unwrap()).unwrap())
                .map(|l| {
                    format!(
                        "{}{}",
                        String::from_utf8_lossy(&l.bytes),
                        if l.folded { "/i" } else { "" }
                    )
                })
                .collect();
            out.sort();
            out.dedup();
            out
        };
        assert_eq!(lits(&packs.iso27002), ["27002"]);
        assert_eq!(
            lits(&packs.placeholders),
            [
                "-XX",
                "<",
                "<!--",
                "X",
                "XX",
                "XXX",
                "[",
                "insert/i",
                "lorem ipsum/i",
                "{{"
            ]
        );
        // A sequence that cannot match names no literal at all; one that can be empty, none.
        let hir = |s: &str| ascii_hir(s).unwrap();
        assert_eq!(needed(&hir("a[é]b")), Some(vec![]));
        assert_eq!(needed(&hir("a*")), None);
        let of = |sources: &[&str]| {
            let needed: Vec<Option<Vec<Lit>>> = sources.iter().map(|s| needed(&hir(s))).collect();
            Needles::of(needed.iter().map(Option::as_deref))
        };
        assert!(of(&["x|a?"]).is_none());
        let n = of(&[r"(?i)\bab+c\b", r"[0-3]Q"]).unwrap();
        for (text, yes) in [("xABc", true), ("2Q", true), ("2q", false), ("ac", false)] {
            assert_eq!(n.any_in(text), yes, "{text}");
        }
    }

    /// A text holding literals can match only the patterns whose literals it holds; a literal
    /// holding another (`xaby`, `abc` hold `ab`) is found by the other, so those patterns come
    /// with it, and overlapping literals (`ab`, `bcd` in `abcd`) are all found.
    #[test]
    fn needles_say_which_patterns_a_text_can_match() {
        let hir = |s: &str| ascii_hir(s).unwrap();
        let of = |sources: &[&str]| {
            let needed: Vec<Option<Vec<Lit>>> = sources.iter().map(|s| needed(&hir(s))).collect();
            Needles::of(needed.iter().map(Option::as_deref)).unwrap()
        };
        let n = of(&[
            r"(?i)\bab+c\b",
            r"[0-3]Q",
            r"xaby",
            r"ab",
            r"abc",
            r"bcd",
            r"a[é]b",
        ]);
        for (text, hits) in [
            ("xABc", vec![0]),
            ("2Q ab", vec![0, 1, 2, 3, 4]),
            ("abcd", vec![0, 2, 3, 4, 5]),
            ("zbcd", vec![5]),
        ] {
            assert_eq!(n.which(text), Some(hits), "{text}");
        }
        // DOC001's placeholders: front matter's `[A.5.14]` can only be a bracketed one, and
        // `Maintains` only `insert … here`.
        let packs = crate::catalog::packs::Packs::builtin();
        let sources: Vec<&str> = super::super::regex_sources(&packs.placeholders).collect();
        let n = of(&sources);
        let named = |text: &str| -> Vec<&str> {
            let hits = n.which(text).unwrap();
            let ids = packs
                .placeholders
                .iter()
                .filter(|p| matches!(p.matcher, crate::catalog::packs::Matcher::Regex(_)));
            ids.enumerate()
                .filter(|(i, _)| hits.contains(i))
                .map(|(_, p)| p.id.as_str())
                .collect()
        };
        assert_eq!(named("Maintains this policy"), ["insert-here"]);
        let bracketed = named("controls: [A.5.14]");
        assert!(bracketed.contains(&"company-name") && bracketed.contains(&"masked-number"));
        assert!(!bracketed.contains(&"insert-here") && !bracketed.contains(&"xxx"));
    }

    #[test]
    fn ascii_form_cuts_classes_and_drops_non_ascii_literals() {
        let re = |src: &str| regex::Regex::new(&ascii_hir(src).unwrap().to_string()).unwrap();
        let p = re(r"\p{Lu}é|(?i:[ſé]ab)|\P{Ll}x|[à-ž]y|(?i:\u{212A}elvin)|\bw\b");
        for yes in ["sab", "Sab", "Zx", "5x", "kelvin", "KELVIN", "aw"] {
            assert!(p.is_match(yes), "{yes}");
        }
        for no in ["Aé", "éab", "zx", "ay", "elvin"] {
            assert!(!p.is_match(no), "{no}");
        }
    }

    #[test]
    fn word_boundaries_of_every_kind_are_taken_out() {
        let hir = regex_syntax::Parser::new()
            .parse(r"\b(?-u:\b)\B\<\>\b{start-half}a(?m:^)$")
            .unwrap();
        let stripped = without_word_boundaries(&hir).to_string();
        assert!(
            !stripped.contains(r"\b") && !stripped.contains(r"\B"),
            "{stripped}"
        );
        assert!(stripped.contains('a'), "{stripped}");
    }
}
