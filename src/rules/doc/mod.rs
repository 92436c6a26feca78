//! DOC: documents and document text (7.5 documented information; template wording left in).
pub mod broken_link;
pub mod clause_exclusion;
pub mod iso27002_as_requirement;
pub mod legacy_control_reference;
pub mod metadata_conflict;
pub mod missing_document_metadata;
pub mod missing_mandatory_document;
mod prefilter;
pub mod repeated_justification;
pub mod review_overdue;
pub mod self_approval;
pub mod template_placeholder;
pub mod template_text;

use crate::catalog::packs::{LazyRegex, Matcher, Pattern};
use crate::model::text::{Origin, normalise_word_into};
use crate::rules::Context;
use crate::source::{FileId, Loc};
use prefilter::Prefilter;
use std::collections::HashMap;

/// A block of text to match patterns in: a prose block of a Markdown file, or a text field of a
/// register (SoA justifications in YAML/CSV).
pub struct TextBlock<'a> {
    pub file: FileId,
    pub ranges: std::borrow::Cow<'a, crate::model::text::Ranges>,
    pub origin: Option<&'a Origin>,
}

/// The blocks of text the text rules read besides the prose (`prose_block`): Markdown SoA
/// cells are already body prose; for other formats the SoA justifications are added here.
pub fn justification_blocks<'a>(cx: &'a Context) -> Vec<TextBlock<'a>> {
    let mut out = Vec::new();
    for c in &cx.model.controls {
        let loc = &c.justification.loc;
        if c.justification.get().is_some()
            && !loc.is_cell()
            && !cx.files.get(loc.file()).path.ends_with(".md")
        {
            out.push(TextBlock {
                file: loc.file(),
                ranges: std::borrow::Cow::Owned((loc.start(), loc.end()).into()),
                origin: None,
            });
        }
    }
    out
}

/// A block of prose as a block of text. Made as it is read, not kept in a vector: a
/// million-cell table is a million blocks, and a vector of them cost as much as the prose.
fn prose_block(p: &crate::model::text::Prose) -> TextBlock<'_> {
    TextBlock {
        file: p.file(),
        ranges: std::borrow::Cow::Borrowed(&p.ranges),
        origin: Some(&p.origin),
    }
}

/// Files exempt from DOC001–DOC004: templates (config `documents.templates`).
pub fn is_template(cx: &Context, file: FileId) -> bool {
    cx.config.documents.is_template(&cx.files.get(file).path)
}

/// Markup that is not text: Hugo/Jinja shortcodes (`{{< ref "x" >}}`, `{{% note %}}`) and wiki
/// links (`[[Access Policy]]`, `[[ORGANISATION]]` names a page, it is not a placeholder).
/// Sorted and not overlapping, as `overlaps` needs.
fn shortcodes(text: &str) -> Vec<(usize, usize)> {
    static MARKUP: crate::pattern::Pattern =
        crate::pattern::Pattern::new(r"(?s)\{\{[<%].*?[%>]\}\}|\[\[[^\[\]\n]*\]\]");
    // `{{` or `[[`: each `{` or `[` (memchr) followed by its twin. Two substring searches per
    // block cost more than the rest of finding none (issue 16).
    let b = text.as_bytes();
    if !memchr::memchr2_iter(b'{', b'[', b).any(|i| b.get(i + 1) == Some(&b[i])) {
        return Vec::new();
    }
    MARKUP
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Does `[start, end)` overlap one of `ranges`, which are sorted and do not overlap each other
/// (shortcodes, as found left to right)? Binary search: the range that starts last before `end`
/// is the only one that can.
fn overlaps(ranges: &[(usize, usize)], start: usize, end: usize) -> bool {
    let n = ranges.partition_point(|&(a, _)| a < end);
    n > 0 && start < ranges[n - 1].1
}

/// The matches kept so far in a block: they do not overlap each other, so sorted by start
/// their ends are sorted too, and an overlap is found by looking at one neighbour.
#[derive(Default)]
struct Taken(std::collections::BTreeSet<(usize, usize)>);

impl Taken {
    fn overlaps(&self, start: usize, end: usize) -> bool {
        // The kept match with the largest (start, end) starting before `end` reaches furthest.
        self.0
            .range(..(end, 0))
            .next_back()
            .is_some_and(|&(_, e)| start < e)
    }

    fn insert(&mut self, start: usize, end: usize) {
        self.0.insert((start, end));
    }
}

/// Text, in bytes, from which finding which regexes of a rule can match in a block (one
/// `Prefilter` pass) first is faster than running each regex over every block.
const SET_MIN_BYTES: usize = 256 * 1024;

/// The patterns of one rule, indexed once per run: a `Prefilter` to skip text no regex matches,
/// and phrases by their first word.
pub struct PatternIndex<'p> {
    /// Compiled on first use: a small repository pays only for the regexes it runs.
    regexes: Vec<(&'p Pattern, &'p LazyRegex)>,
    /// Built only for a repository with much text (`SET_MIN_BYTES`): compiling it costs more
    /// than it saves on a small one (issue 16: a small repository within 2× of reading it).
    set: std::sync::OnceLock<std::sync::Arc<Prefilter>>,
    by_first_word: foldhash::HashMap<&'p str, Vec<(&'p Pattern, &'p [String])>>,
    /// The bytes a word can start with to be a phrase's first word once normalised: its first
    /// byte in lower case, and every non-ASCII byte (a word's lower case can start otherwise).
    first_bytes: [bool; 256],
    /// The same for a word's first two bytes, both ASCII (`FirstPairs`).
    first_pairs: FirstPairs,
    /// Literals of each phrase, in lower case, that ASCII text holding the phrase holds
    /// (`PhraseNeedles`); `None` when a phrase has none.
    phrase_needles: Option<PhraseNeedles>,
}

/// For each phrase, the start of its longest word that every way of writing the word holds
/// (`word_stem`), in lower case: an ASCII block without an apostrophe that holds none of them,
/// in any case, holds no phrase, and its words are not read (issue 16: reading every word of
/// every block was a tenth of a large tree's run). A phrase with a word no ASCII text
/// normalises to needs none.
///
/// What holds for a phrase's longest word holds for each of its words: a block that holds the
/// longest stem of a phrase holds the phrase only if it holds the stems of all its words.
/// Common words pass the first test (`organization` of "tailor this policy to your
/// organization"); few blocks hold every word of a phrase (synth: 120,000 blocks had their
/// words read for DOC002, 459M instructions). Each stem is looked for once a block, longest
/// first, and only in a block that passed the first test (one overlapping search of all the
/// stems cost more than reading the words).
struct PhraseNeedles {
    /// The longest stem of each phrase.
    any: aho_corasick::AhoCorasick,
    /// The stem of every word of the phrases, each once.
    stems: Vec<memchr::memmem::Finder<'static>>,
    /// By phrase, the indexes in `stems` of its words' stems, longest first.
    by_phrase: Vec<Vec<usize>>,
}

/// Whether a block holds a stem of `PhraseNeedles`: not looked for yet, no, yes.
#[derive(Clone, Copy, PartialEq)]
enum Held {
    Unknown,
    No,
    Yes,
}

impl PhraseNeedles {
    fn of(phrases: &[&[String]]) -> Option<PhraseNeedles> {
        let mut needles: Vec<&str> = Vec::new();
        let mut stems: Vec<&str> = Vec::new();
        let mut by_phrase = Vec::new();
        for words in phrases {
            if words.iter().any(|w| !w.is_ascii()) {
                continue;
            }
            let stem = words.iter().map(|w| word_stem(w)).max_by_key(|s| s.len())?;
            if stem.is_empty() {
                return None;
            }
            if !needles.contains(&stem) {
                needles.push(stem);
            }
            // A word whose stem is empty is held by any text: it asks nothing.
            let mut own: Vec<&str> = words
                .iter()
                .map(|w| word_stem(w))
                .filter(|s| !s.is_empty())
                .collect();
            own.sort_by_key(|s| std::cmp::Reverse(s.len()));
            let ids = own
                .into_iter()
                .map(|s| match stems.iter().position(|k| *k == s) {
                    Some(i) => i,
                    None => {
                        stems.push(s);
                        stems.len() - 1
                    }
                })
                .collect();
            by_phrase.push(ids);
        }
        Some(PhraseNeedles {
            any: crate::pattern::word_search(
                needles,
                aho_corasick::MatchKind::LeftmostFirst,
                false,
            )?,
            stems: stems
                .into_iter()
                .map(|s| memchr::memmem::Finder::new(s).into_owned())
                .collect(),
            by_phrase,
        })
    }

    /// Can `lower` (a block's ASCII text in lower case) hold one of the phrases? `held`: a
    /// buffer.
    fn may_hold(&self, lower: &str, held: &mut Vec<Held>) -> bool {
        if !self.any.is_match(lower) {
            return false;
        }
        held.clear();
        held.resize(self.stems.len(), Held::Unknown);
        self.by_phrase.iter().any(|ids| {
            ids.iter().all(|&i| {
                if held[i] == Held::Unknown {
                    held[i] = match self.stems[i].find(lower.as_bytes()) {
                        Some(_) => Held::Yes,
                        None => Held::No,
                    };
                }
                held[i] == Held::Yes
            })
        })
    }
}

/// The part of a normalised word that the lower case of every word normalising to it holds:
/// the word without the folded ending it may end with (`colour` is `color`: `col`).
fn word_stem(word: &str) -> &str {
    crate::model::text::FOLDED_ENDINGS
        .iter()
        .filter_map(|(_, to)| word.strip_suffix(to))
        .min_by_key(|s| s.len())
        .unwrap_or(word)
}

/// A set of byte pairs: the first two bytes, in lower case, of the phrases' first words. A
/// word whose first two bytes are ASCII letters or digits normalises to a word starting with
/// them in lower case (normalising folds endings from the fourth byte on), so a pair not in
/// the set rules the word out as a phrase's start without normalising it (issue 16: most
/// words pass the first-byte test).
struct FirstPairs(Box<[u64; 1024]>);

impl FirstPairs {
    fn insert(&mut self, a: u8, b: u8) {
        let i = usize::from(a) << 8 | usize::from(b);
        self.0[i >> 6] |= 1 << (i & 63);
    }

    fn contains(&self, a: u8, b: u8) -> bool {
        let i = usize::from(a) << 8 | usize::from(b);
        self.0[i >> 6] & (1 << (i & 63)) != 0
    }

    /// Can the word `raw` (as written, apostrophes in) normalise to a phrase's first word?
    /// Only its first two bytes are asked, and only when both are ASCII letters or digits.
    fn may_start(&self, raw: &[u8]) -> bool {
        match raw {
            [a, b, ..] if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() => {
                self.contains(a.to_ascii_lowercase(), b.to_ascii_lowercase())
            }
            _ => true,
        }
    }
}

/// The sources of the regexes among `patterns`, in order: what a `PatternIndex` filters.
fn regex_sources(patterns: &[Pattern]) -> impl Iterator<Item = &str> {
    patterns.iter().filter_map(|p| match &p.matcher {
        Matcher::Regex(re) => Some(re.as_str()),
        Matcher::Phrase(_) => None,
    })
}

/// The bytes of text the regex rules search in `prose` (what `SET_MIN_BYTES` is compared with).
pub fn prose_bytes(prose: &[crate::model::text::Prose]) -> usize {
    prose.iter().map(|p| p.ranges.bytes()).sum()
}

/// Do `prose` and `others` hold at least `SET_MIN_BYTES` of text? Counted only until they do:
/// a sum over every block (a million on a large tree) per regex rule was a serial cost of its
/// own (issue 16).
fn enough_text(prose: &[crate::model::text::Prose], others: &[TextBlock]) -> bool {
    let mut bytes = 0;
    prose
        .iter()
        .map(|p| p.ranges.bytes())
        .chain(others.iter().map(|b| b.ranges.bytes()))
        .any(|n| {
            bytes += n;
            bytes >= SET_MIN_BYTES
        })
}

/// Starts building the regex rules' filters (DOC001's placeholders, DOC007's ISO 27002
/// wording) in the background once the load has read `SET_MIN_BYTES` of prose, so the rules
/// find them built: built when DOC001 first asks, ~30M instructions ran on one core while the
/// other waited, most of what a repository's first business unit costs beyond the next ones
/// (issue 16's scaling check). Loading counts the bytes as each file is parsed.
pub struct FilterWarmup {
    filters: Vec<std::sync::Arc<Prefilter>>,
    bytes: std::sync::atomic::AtomicUsize,
}

impl FilterWarmup {
    pub fn new(packs: &crate::catalog::packs::Packs) -> Self {
        let filters = [&packs.placeholders, &packs.iso27002]
            .into_iter()
            .filter(|list| regex_sources(list).next().is_some())
            .map(|list| Prefilter::shared(regex_sources(list)))
            .collect();
        FilterWarmup {
            filters,
            bytes: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// A file's prose was read: the one call that crosses `SET_MIN_BYTES` starts the build.
    pub fn read(&self, bytes: usize) {
        use std::sync::atomic::Ordering;
        if bytes == 0 {
            return;
        }
        let before = self.bytes.fetch_add(bytes, Ordering::Relaxed);
        if before < SET_MIN_BYTES && before + bytes >= SET_MIN_BYTES {
            let filters = self.filters.clone();
            rayon::spawn(move || filters.iter().for_each(|f| f.warm_ascii()));
        }
    }
}

impl<'p> PatternIndex<'p> {
    pub fn new(patterns: &'p [Pattern]) -> Self {
        let mut regexes = Vec::new();
        let mut by_first_word: foldhash::HashMap<&str, Vec<_>> = Default::default();
        let mut first_bytes = [false; 256];
        first_bytes[0x80..].fill(true);
        let mut first_pairs = FirstPairs(Box::new([0; 1024]));
        let mut phrases = Vec::new();
        for p in patterns {
            match &p.matcher {
                Matcher::Regex(re) => regexes.push((p, re)),
                Matcher::Phrase(words) => {
                    phrases.push(words.as_slice());
                    if let Some(first) = words.first() {
                        if let Some(&b) = first.as_bytes().first() {
                            first_bytes[usize::from(b.to_ascii_lowercase())] = true;
                        }
                        match first.as_bytes() {
                            [a, b, ..] => {
                                first_pairs.insert(a.to_ascii_lowercase(), b.to_ascii_lowercase())
                            }
                            // A one-letter first word: any second byte.
                            [a] => (0..=255)
                                .for_each(|b| first_pairs.insert(a.to_ascii_lowercase(), b)),
                            [] => {}
                        }
                        by_first_word
                            .entry(first.as_str())
                            .or_default()
                            .push((p, words.as_slice()));
                    }
                }
            }
        }
        PatternIndex {
            regexes,
            set: std::sync::OnceLock::new(),
            by_first_word,
            first_bytes,
            first_pairs,
            phrase_needles: match phrases.is_empty() {
                true => None,
                false => PhraseNeedles::of(&phrases),
            },
        }
    }

    /// Every match in the repository's text, in a stable order: regexes or phrases, with or
    /// without template files. Blocks are matched in parallel.
    pub fn matches_in(
        &self,
        cx: &Context,
        phrases: bool,
        skip_templates: bool,
    ) -> Vec<(FileId, usize, usize, &'p Pattern)> {
        use rayon::prelude::*;
        let prose = &cx.model.text.prose;
        let others = justification_blocks(cx);
        // The filter pays for its compilation (~3 ms for the built-in placeholders with their
        // languages) only over enough text; the demo repository (~100 blocks, ~40 KB) is
        // faster without it.
        if !phrases && enough_text(prose, &others) {
            self.set
                .get_or_init(|| Prefilter::shared(self.regexes.iter().map(|(_, re)| re.as_str())));
        }
        // Asked once per file, not per block (a table of a million rows is a million blocks).
        let templates: Vec<bool> = (0..cx.files.len())
            .map(|f| skip_templates && is_template(cx, f))
            .collect();
        let matches = |block: &TextBlock| -> Vec<(FileId, usize, usize, &Pattern)> {
            if templates[block.file] {
                return Vec::new();
            }
            let found = if phrases {
                self.phrase_matches(cx, block)
            } else {
                self.regex_matches(cx, block)
            };
            found
                .into_iter()
                .map(|(s, e, p)| (block.file, s, e, p))
                .collect()
        };
        // In block order (`collect` keeps it), with no vector per block.
        let mut found: Vec<_> = prose
            .par_iter()
            .flat_map_iter(|p| matches(&prose_block(p)))
            .collect();
        found.extend(others.iter().flat_map(matches));
        found
    }

    /// Regex matches in a block, as file ranges. Overlapping matches of several patterns are
    /// one occurrence (the first pattern's), so each placeholder is reported once.
    pub fn regex_matches(
        &self,
        cx: &Context,
        block: &TextBlock,
    ) -> Vec<(usize, usize, &'p Pattern)> {
        let text = &cx.files.get(block.file).text();
        let mut found: Vec<(usize, usize, &Pattern)> = Vec::new();
        let mut taken = Taken::default();
        for (s, e) in block.ranges.iter() {
            let Some(chunk) = text.get(s..e) else {
                continue;
            };
            let hits = match self.set.get() {
                Some(set) => set.which(chunk),
                None => None,
            };
            let hits = hits.unwrap_or_else(|| (0..self.regexes.len()).collect());
            if hits.is_empty() {
                continue;
            }
            self.chunk_matches(chunk, s, &hits, &mut taken, &mut found);
        }
        found.sort_by_key(|f| f.0);
        found
    }

    /// The matches of the regexes `hits` in `chunk` (at `offset` in the file) that are not
    /// markup, not a pattern's near-miss (`unless`) and not inside a match already taken.
    fn chunk_matches(
        &self,
        chunk: &str,
        offset: usize,
        hits: &[usize],
        taken: &mut Taken,
        found: &mut Vec<(usize, usize, &'p Pattern)>,
    ) {
        let masked = shortcodes(chunk);
        for &i in hits {
            let (p, re) = self.regexes[i];
            // Text without the literals a match starts with is skipped there, uncompiled.
            for m in re.find_iter_from_starts(chunk) {
                let (ms, me) = (m.start(), m.end());
                if overlaps(&masked, ms, me) || p.excluded(m.as_str()) {
                    continue;
                }
                if taken.overlaps(offset + ms, offset + me) {
                    continue;
                }
                taken.insert(offset + ms, offset + me);
                found.push((offset + ms, offset + me, p));
            }
        }
    }

    /// Regex matches in one piece of text, as `(start, end, pattern)`, the way a block is
    /// matched (for tests of a pack).
    #[cfg(test)]
    pub fn text_matches(&self, text: &str) -> Vec<(usize, usize, &'p Pattern)> {
        let hits: Vec<usize> = (0..self.regexes.len()).collect();
        let mut found = Vec::new();
        self.chunk_matches(text, 0, &hits, &mut Taken::default(), &mut found);
        found.sort_by_key(|f| f.0);
        found
    }

    /// Phrase matches (normalised words, in order, adjacent) in a block.
    pub fn phrase_matches(
        &self,
        cx: &Context,
        block: &TextBlock,
    ) -> Vec<(usize, usize, &'p Pattern)> {
        if self.by_first_word.is_empty() {
            return Vec::new();
        }
        let text = &cx.files.get(block.file).text();
        /// Per thread, the buffers of a block: its words, and two normalised words (a block
        /// of many words grew a vector of its own through several reallocations, issue 16).
        type Buffers = (Vec<(usize, usize, bool)>, String, String, Vec<Held>);
        thread_local! {
            static BUFFERS: std::cell::RefCell<Buffers> = const {
                std::cell::RefCell::new((Vec::new(), String::new(), String::new(), Vec::new()))
            };
        }
        BUFFERS.with_borrow_mut(|(toks, first, next, held)| {
            if !self.may_hold_phrase(text, block, first, held) {
                debug_assert!(
                    {
                        toks.clear();
                        self.block_phrases(text, block, toks, first, next)
                            .is_empty()
                    },
                    "a phrase in a block without its literal"
                );
                return Vec::new();
            }
            toks.clear();
            self.block_phrases(text, block, toks, first, next)
        })
    }

    /// Can `block` hold a phrase? Not when each of its pieces is ASCII without an apostrophe
    /// and together they hold no phrase's needles in any case (`PhraseNeedles`). `lower`: a
    /// buffer for the pieces in lower case, one line each (no stem holds a line break, so
    /// none is found across two pieces); `held`: a buffer.
    fn may_hold_phrase(
        &self,
        text: &str,
        block: &TextBlock,
        lower: &mut String,
        held: &mut Vec<Held>,
    ) -> bool {
        let Some(needles) = &self.phrase_needles else {
            return true;
        };
        lower.clear();
        for (s, e) in block.ranges.iter() {
            let Some(chunk) = text.get(s..e) else {
                continue;
            };
            if !chunk.is_ascii() || chunk.contains('\'') {
                return true;
            }
            lower.push_str(chunk);
            lower.push('\n');
        }
        lower.make_ascii_lowercase();
        needles.may_hold(lower, held)
    }

    /// `phrase_matches` with its buffers.
    fn block_phrases(
        &self,
        text: &str,
        block: &TextBlock,
        toks: &mut Vec<(usize, usize, bool)>,
        first: &mut String,
        next: &mut String,
    ) -> Vec<(usize, usize, &'p Pattern)> {
        // The block's words as file ranges, normalised only where a phrase could start (most
        // words cannot: a fifth of a run over many documents normalised every word, issue 16).
        // Each word with whether it holds an apostrophe (`words` gives it without).
        for (s, e) in block.ranges.iter() {
            let Some(chunk) = text.get(s..e) else {
                continue;
            };
            let masked = shortcodes(chunk);
            crate::model::text::words(chunk, s, |w, start, end| {
                if !overlaps(&masked, start - s, end - s) {
                    toks.push((start, end, w.len() != end - start));
                }
            });
        }
        // A word as `words` gives it (apostrophes dropped), normalised into `buf`.
        let normalised = |&(start, end, apostrophe): &(usize, usize, bool), buf: &mut String| {
            buf.clear();
            let raw = &text[start..end];
            if apostrophe {
                let word: String = raw.chars().filter(|c| !matches!(c, '\'' | '’')).collect();
                normalise_word_into(&word, buf);
            } else {
                normalise_word_into(raw, buf);
            }
        };
        let mut found = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            let raw = &text.as_bytes()[t.0..t.1];
            if !self.first_bytes[usize::from(raw[0].to_ascii_lowercase())]
                || !self.first_pairs.may_start(raw)
            {
                continue;
            }
            normalised(t, first);
            let Some(candidates) = self.by_first_word.get(first.as_str()) else {
                continue;
            };
            for (p, words) in candidates {
                let end = i + words.len();
                if end <= toks.len()
                    && toks[i + 1..end].iter().zip(&words[1..]).all(|(t, w)| {
                        normalised(t, next);
                        *next == *w
                    })
                {
                    found.push((toks[i].0, toks[end - 1].1, *p));
                }
            }
        }
        found
    }
}

/// A pattern match, ready to become a finding (DOC001, DOC002, DOC007).
pub struct PatternMatch<'a> {
    pub loc: Loc,
    /// The matched source text.
    pub text: &'a str,
    pub pattern: &'a Pattern,
    /// The document the text is in.
    pub entity: String,
}

impl PatternMatch<'_> {
    /// The pattern's fix, naming the pattern so it can be disabled.
    pub fn help(&self) -> String {
        format!(
            "{} (pattern `{}`)",
            self.pattern.fix,
            self.pattern.full_id()
        )
    }
}

/// Every match of `patterns` (regexes, or phrases when `phrases`) in the repository's text.
pub fn pattern_matches<'a>(
    cx: &'a Context,
    patterns: &'a [Pattern],
    phrases: bool,
    skip_templates: bool,
) -> Vec<PatternMatch<'a>> {
    let documents = DocumentEntities::new(cx);
    PatternIndex::new(patterns)
        .matches_in(cx, phrases, skip_templates)
        .into_iter()
        .map(|(file, start, end, pattern)| PatternMatch {
            loc: Loc::new(file, start, end),
            text: &cx.files.get(file).text()[start..end],
            pattern,
            entity: documents.entity(cx, file),
        })
        .collect()
}

/// The ID (or path) of the document each file holds, for `entity`: the first document record
/// of the file, as a map built once (not a search of all documents per finding).
pub struct DocumentEntities<'a>(HashMap<FileId, Option<&'a String>>);

impl<'a> DocumentEntities<'a> {
    pub fn new(cx: &'a Context) -> Self {
        let mut by_file = HashMap::new();
        for d in &cx.model.documents {
            by_file.entry(d.file).or_insert_with(|| d.id.get());
        }
        DocumentEntities(by_file)
    }

    pub fn entity(&self, cx: &Context, file: FileId) -> String {
        match self.0.get(&file) {
            Some(Some(id)) => (*id).clone(),
            _ => cx.files.get(file).path.clone(),
        }
    }
}

/// The field values that are whole placeholders and that another rule reports (`owner: [TBD]`
/// is DOC004's, a risk's `owner: TBD` RSK001's), by file and sorted, to ask whether a match is
/// one of them by binary search rather than by comparing it with all of them.
pub struct PlaceholderFields(HashMap<FileId, Ranges>);

/// Ranges sorted by start, with the furthest end reached so far.
struct Ranges {
    ranges: Vec<(usize, usize)>,
    max_end: Vec<usize>,
}

/// The placeholders in a document's fields that DOC004 does not report, so DOC001 does (one
/// defect, one finding): the title, type, status or last review date; the approval date when
/// an approver is named (or the approver when the date is), the next review when a review
/// interval is set (or the interval when the date is); a field whose value DOC004 finds written
/// elsewhere in the file (a table, a label line); and every field of a README, which DOC004
/// does not read. Mirrors `missing_document_metadata::missing`.
fn unowned_document_placeholders(cx: &Context, d: &crate::model::Document) -> Vec<(usize, usize)> {
    use crate::model::Field;
    fn at<T>(f: &Field<T>) -> Option<(usize, usize)> {
        f.placeholder().map(|_| (f.loc.start(), f.loc.end()))
    }
    let path = &cx.files.get(d.file).path;
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let meta = crate::model::metadata::DocMeta::of(&cx.model.text.doc_meta, d);
    let states = |fields: &[&str]| meta.is_some_and(|m| fields.iter().any(|f| m.states(f)));
    let mut out: Vec<Option<(usize, usize)>> = vec![
        at(&d.id),
        at(&d.title),
        at(&d.doc_type),
        at(&d.status),
        at(&d.last_reviewed),
    ];
    let readme = name.starts_with("readme");
    if readme || states(&["owner"]) {
        out.push(at(&d.owner));
    }
    if readme || states(&["version"]) {
        out.push(at(&d.version));
    }
    if readme
        || !(d.approver.is_blank() && d.approved_on.is_blank())
        || states(&["approver", "approved_on"])
    {
        out.extend([at(&d.approver), at(&d.approved_on)]);
    }
    if readme
        || !(d.review_interval.is_blank() && d.next_review.is_blank())
        || states(&["review_interval", "next_review"])
    {
        out.extend([at(&d.review_interval), at(&d.next_review)]);
    }
    out.into_iter().flatten().collect()
}

impl PlaceholderFields {
    pub fn new(cx: &Context) -> Self {
        let unowned: std::collections::HashSet<(FileId, usize, usize)> = cx
            .model
            .documents
            .iter()
            .flat_map(|d| {
                unowned_document_placeholders(cx, d)
                    .into_iter()
                    .map(move |(s, e)| (d.file, s, e))
            })
            .collect();
        let mut by_file: HashMap<FileId, Vec<(usize, usize)>> = HashMap::new();
        for l in &cx.model.text.placeholders {
            if unowned.contains(&(l.file(), l.start(), l.end())) {
                continue;
            }
            by_file
                .entry(l.file())
                .or_default()
                .push((l.start(), l.end()));
        }
        PlaceholderFields(
            by_file
                .into_iter()
                .map(|(file, mut ranges)| {
                    ranges.sort_unstable();
                    let mut max = 0;
                    let max_end = ranges
                        .iter()
                        .map(|&(_, e)| {
                            max = max.max(e);
                            max
                        })
                        .collect();
                    (file, Ranges { ranges, max_end })
                })
                .collect(),
        )
    }

    /// Does `[start, end)` overlap one of the placeholder values of `file`? (`[TBD]` in front
    /// matter is a list holding the value `TBD`: the match is wider than the value.) Of the
    /// values that start before `end`, the one reaching furthest decides.
    pub fn overlaps(&self, file: FileId, start: usize, end: usize) -> bool {
        let Some(r) = self.0.get(&file) else {
            return false;
        };
        let n = r.ranges.partition_point(|&(s, _)| s < end);
        n > 0 && start < r.max_end[n - 1]
    }
}

/// A reference that names a path: not a URL, not an ID. A path has a `/` or a file extension,
/// and an extension starts with a letter (`pdf`, `md`, `xlsx`, `mp4`): the `.1` of `EX-7.1`
/// and the `.2` of `v1.2` are numbering, not extensions.
pub fn is_path(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && !s.contains(char::is_whitespace)
        && !is_external(s)
        && (s.contains('/')
            || s.rsplit_once('.').is_some_and(|(stem, ext)| {
                !stem.is_empty()
                    && (1..=5).contains(&ext.len())
                    && ext.starts_with(|c: char| c.is_ascii_alphabetic())
                    && ext.chars().all(char::is_alphanumeric)
            }))
}

/// A reference that is an ID (`EV-012`, `EX-7.1`, `POL_3`): letters, then a number with
/// optional dotted or dashed parts; no spaces, no `/`, no extension. Returns the ID's prefix
/// in upper case (`EX`), the family it belongs to.
pub fn id_prefix(s: &str) -> Option<String> {
    static ID: crate::pattern::Pattern =
        crate::pattern::Pattern::new(r"^([A-Za-z]{1,10})[-_]?[0-9]+(?:[-_.][0-9A-Za-z]+)*$");
    let s = s.trim();
    if is_path(s) {
        return None;
    }
    ID.captures(s).map(|c| c[1].to_ascii_uppercase())
}

/// URLs and other links that do not name a file in the repository.
pub fn is_external(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.starts_with("//")
        || lower.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme.len() > 1
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        })
}

/// Resolve a relative path written in `file`: relative to the file's folder, then to the root.
/// `None` when it leaves the repository (which we never look into).
pub fn resolve(cx: &Context, file: FileId, target: &str) -> Option<String> {
    resolve_with(cx, file, target, |c| cx.repo.exists(c))
}

/// [`resolve`] with the existence test given, for a rule that asks many times and keeps what
/// it learnt (EVD002: which folders are missing).
pub fn resolve_with(
    cx: &Context,
    file: FileId,
    target: &str,
    mut exists: impl FnMut(&str) -> bool,
) -> Option<String> {
    let from = &cx.files.get(file).path;
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let candidates: Vec<String> = if let Some(abs) = target.strip_prefix('/') {
        normalise_path("", abs).into_iter().collect()
    } else {
        [normalise_path(dir, target), normalise_path("", target)]
            .into_iter()
            .flatten()
            .collect()
    };
    let first = candidates.first()?.clone();
    Some(candidates.into_iter().find(|c| exists(c)).unwrap_or(first))
}

/// `dir/../a/./b` → `a/b`; `None` when `..` climbs above the root.
fn normalise_path(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `%20` and friends in link targets.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| s.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let Some(b) = hex {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_load_starts_the_filters_once_prose_reaches_the_threshold() {
        let mut packs = crate::catalog::packs::Packs::default();
        packs.placeholders = crate::catalog::packs::Packs::builtin().placeholders;
        packs.placeholders.truncate(2);
        let warmup = FilterWarmup::new(&packs);
        assert_eq!(warmup.filters.len(), 1, "iso27002 is empty: no filter");
        let filter = &warmup.filters[0];
        warmup.read(SET_MIN_BYTES - 1);
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!filter.is_warm(), "below the threshold nothing is built");
        warmup.read(1);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !filter.is_warm() {
            assert!(
                std::time::Instant::now() < deadline,
                "the filter was never built"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    #[test]
    fn a_block_holds_a_phrase_only_with_the_stems_of_all_its_words() {
        let phrase = |s: &str| -> Vec<String> {
            s.split(' ')
                .map(crate::model::text::normalise_word)
                .collect()
        };
        let phrases = [
            phrase("tailor this policy to your organization"),
            phrase("fabrikam"),
        ];
        let refs: Vec<&[String]> = phrases.iter().map(Vec::as_slice).collect();
        let needles = PhraseNeedles::of(&refs).unwrap();
        let mut held = Vec::new();
        for (lower, yes) in [
            // The longest word alone, as in every synthetic policy paragraph.
            (
                "the organisation applies control a.5.14 in practice.",
                false,
            ),
            ("please tailor this policy to your organisation.", true),
            // Words in another order or split across pieces still pass (the words decide).
            ("your organization\nto tailor this policy", true),
            ("tailor this policy to the organization", false),
            ("fabrikam", true),
            ("nothing here", false),
        ] {
            assert_eq!(needles.may_hold(lower, &mut held), yes, "{lower}");
        }
    }

    #[test]
    fn paths_and_urls() {
        assert!(is_path("evidence/report.pdf"));
        assert!(is_path("report.pdf"));
        assert!(!is_path("POL-001"));
        assert!(!is_path("https://example.com/a"));
        assert!(!is_path("Jira ticket SEC-12"));
        assert!(!is_path("EX-7.1"));
        assert!(!is_path("v1.2"));
        assert!(is_path("EX-7.1-remote-work.md"));
        assert!(is_path("scan.mp4"));
        assert_eq!(id_prefix("EX-7.1").as_deref(), Some("EX"));
        assert_eq!(id_prefix("ev-012").as_deref(), Some("EV"));
        assert_eq!(id_prefix("Jira ticket SEC-12"), None);
        assert_eq!(id_prefix("see wiki"), None);
        assert_eq!(id_prefix("A.5.1"), None);
        assert_eq!(id_prefix("report.pdf"), None);
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("C.md"));
        assert_eq!(
            normalise_path("policies", "../evidence/./a.pdf").as_deref(),
            Some("evidence/a.pdf")
        );
        assert_eq!(normalise_path("", "../a"), None);
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
    }

    /// The placeholder matches in `text` read as a Markdown body, as DOC001 finds them:
    /// (matched text, pattern id).
    fn placeholder_matches<'p>(index: &PatternIndex<'p>, text: &str) -> Vec<(String, String)> {
        let file = crate::source::SourceFile::new("p.md".into(), "p.md".into(), text.into());
        let body = crate::parse::prose::read(0, &file, 0);
        let mut out = Vec::new();
        for p in &body.prose {
            for (s, e) in p.ranges.iter() {
                for (ms, me, pat) in index.text_matches(&text[s..e]) {
                    out.push((text[s + ms..s + me].to_string(), pat.id.clone()));
                }
            }
        }
        out
    }

    /// Every pattern of the placeholder pack has examples that fire (one placeholder, found by
    /// this pattern) and near-misses that do not (found by no pattern).
    #[test]
    fn every_placeholder_pattern_fires_on_its_examples_and_not_on_its_near_misses() {
        let packs = crate::catalog::packs::Packs::builtin();
        let index = PatternIndex::new(&packs.placeholders);
        let pack_text = include_str!("../../../rules/packs/placeholders.yaml");
        let root = crate::parse::yaml::parse(pack_text, 0).unwrap().unwrap();
        let patterns = root.get("patterns").and_then(|p| p.as_seq()).unwrap();
        assert_eq!(patterns.len(), packs.placeholders.len());
        let strings = |p: &crate::parse::yaml::Node, key: &str| -> Vec<String> {
            p.get(key)
                .and_then(|n| n.as_seq())
                .unwrap_or(&[])
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect()
        };
        let mut failures = Vec::new();
        for p in patterns {
            let id = p.get("id").and_then(|n| n.as_str()).unwrap();
            let (fires, passes) = (strings(p, "fires"), strings(p, "passes"));
            if fires.is_empty() || passes.is_empty() {
                failures.push(format!("{id}: needs `fires` and `passes` examples"));
            }
            for text in fires {
                let found = placeholder_matches(&index, &text);
                if found.len() != 1 || found[0].1 != id {
                    failures.push(format!("{id}: `{text}` gives {found:?}"));
                }
            }
            for text in passes {
                let found = placeholder_matches(&index, &text);
                if !found.is_empty() {
                    failures.push(format!("{id}: near-miss `{text}` gives {found:?}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The DOC007 patterns that carry examples (those for the languages of issue 13) fire on
    /// them, once, and not on their near-misses.
    #[test]
    fn iso27002_patterns_fire_on_their_examples_and_not_on_their_near_misses() {
        let packs = crate::catalog::packs::Packs::builtin();
        let index = PatternIndex::new(&packs.iso27002);
        let pack_text = include_str!("../../../rules/packs/iso27002.yaml");
        let root = crate::parse::yaml::parse(pack_text, 0).unwrap().unwrap();
        let patterns = root.get("patterns").and_then(|p| p.as_seq()).unwrap();
        let strings = |p: &crate::parse::yaml::Node, key: &str| -> Vec<String> {
            p.get(key)
                .and_then(|n| n.as_seq())
                .unwrap_or(&[])
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect()
        };
        let mut failures = Vec::new();
        let mut checked = 0;
        for p in patterns {
            let id = p.get("id").and_then(|n| n.as_str()).unwrap();
            for text in strings(p, "fires") {
                checked += 1;
                let found = placeholder_matches(&index, &text);
                if found.len() != 1 || found[0].1 != id {
                    failures.push(format!("{id}: `{text}` gives {found:?}"));
                }
            }
            for text in strings(p, "passes") {
                let found = placeholder_matches(&index, &text);
                if !found.is_empty() {
                    failures.push(format!("{id}: near-miss `{text}` gives {found:?}"));
                }
            }
        }
        assert!(checked >= 10);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// A phone mask is one placeholder, not one per group of `X`.
    #[test]
    fn a_phone_mask_is_one_match() {
        let packs = crate::catalog::packs::Packs::builtin();
        let index = PatternIndex::new(&packs.placeholders);
        assert_eq!(
            placeholder_matches(&index, "Call +33 XXX XXX XXX or +49 40 XXX XXX."),
            [
                ("+33 XXX XXX XXX".to_string(), "phone-mask".to_string()),
                ("+49 40 XXX XXX".to_string(), "phone-mask".to_string())
            ]
        );
    }
}
