//! Which of a rule's regexes can match in a piece of text, in one pass: the filter the text
//! rules run before each regex (issue 16).
//!
//! It was a `regex::RegexSet`, which compiles every pattern forwards and backwards (the
//! backward automaton finds where a match starts, which a filter never asks): ~7 ms for the
//! built-in placeholders, paid once by every repository with enough text. This is a lazy DFA
//! compiled forwards only, from the patterns with their word boundaries (`\b`, `\<`, …) taken
//! out: a lazy DFA cannot search Unicode word boundaries beyond ASCII, and without them each
//! pattern matches where it matched and possibly more, so the filter never drops a pattern
//! that matches; the pattern itself then runs on the text that passed. Half the compilation,
//! and no fallback on text with non-ASCII letters.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;

/// The patterns that can match in a text: a superset of those that do.
pub struct Prefilter {
    dfa: DFA,
    caches: CachePool,
}

impl Prefilter {
    /// `None` when a pattern does not parse or the automaton cannot be built (then each
    /// pattern runs on all the text, as without a filter).
    pub fn new<'s>(sources: impl IntoIterator<Item = &'s str>) -> Option<Prefilter> {
        let hirs = sources
            .into_iter()
            .map(|s| {
                let hir = regex_syntax::Parser::new().parse(s).ok()?;
                Some(without_word_boundaries(&hir))
            })
            .collect::<Option<Vec<Hir>>>()?;
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(thompson::WhichCaptures::None))
            .build_many_from_hir(&hirs)
            .ok()?;
        // The literals the patterns' matches start with, looked for before the automaton runs
        // (most blocks hold none).
        let literals =
            regex_automata::util::prefilter::Prefilter::from_hirs_prefix(MatchKind::All, &hirs);
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All).prefilter(literals))
            .build_from_nfa(nfa)
            .ok()?;
        let for_caches = dfa.clone();
        let caches: CachePool = Pool::new(Box::new(move || for_caches.create_cache()));
        Some(Prefilter { dfa, caches })
    }

    /// The indexes of the patterns that can match somewhere in `text`, in order; `None` when
    /// the search gave up (then any pattern can).
    pub fn which(&self, text: &str) -> Option<Vec<usize>> {
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
    fn keeps_every_pattern_that_matches() {
        let sources = [
            r"(?i)\blorem ipsum\b",
            r"\[\s*TBD\s*\]",
            r"(?m)^\s*TODO:",
            r"\bX{3,}\b",
        ];
        let filter = Prefilter::new(sources).unwrap();
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
