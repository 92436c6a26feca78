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
//! is ASCII never pays it.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Look, Repetition};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;

/// The patterns that can match in a text: a superset of those that do.
pub struct Prefilter {
    sources: Vec<String>,
    /// For text that is all ASCII (`ascii_hir`).
    ascii: OnceLock<Option<Automaton>>,
    /// For other text: the patterns as written.
    unicode: OnceLock<Option<Automaton>>,
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

    fn ascii(&self) -> Option<&Automaton> {
        self.ascii
            .get_or_init(|| Automaton::new(self.sources.iter().map(|s| ascii_hir(s))))
            .as_ref()
    }

    /// The indexes of the patterns that can match somewhere in `text`, in order; `None` when
    /// the search gave up or a pattern could not be compiled (then any pattern can).
    pub fn which(&self, text: &str) -> Option<Vec<usize>> {
        let automaton = if text.is_ascii() {
            self.ascii()
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
