//! Document text as rules see it: blocks of prose with their source ranges, links, and heading
//! anchors. Code, shortcodes and markup are already left out by the parser.

pub use crate::source::heading::{Heading, slug};
use crate::source::{FileId, offset};

/// Where a block of prose comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Markdown body text: a paragraph, heading, list item or table cell.
    Body,
    /// An HTML comment in a Markdown body (`<!-- TODO -->`).
    Comment,
    /// A front matter value. (Its key is not kept: no rule reads it, and a million-cell table
    /// is millions of blocks.)
    FrontMatter,
}

/// One block of prose. `ranges` are byte ranges of the file whose text is the prose (inline
/// markup between them is not part of it); patterns are matched in the source text itself, so
/// every match has an exact location. 24 bytes (a test holds it): a million-row Markdown table
/// is six million blocks, one per cell (issue 16: 40 bytes each were 100 MB of its peak).
#[derive(Debug, Clone, PartialEq)]
pub struct Prose {
    pub ranges: Ranges,
    /// The file, as a `u32` (read it with `file()`): files are counted, not addressed.
    file: u32,
    pub origin: Origin,
}

impl Prose {
    pub fn new(file: FileId, ranges: Ranges, origin: Origin) -> Self {
        Prose {
            ranges,
            file: u32::try_from(file).unwrap_or(u32::MAX),
            origin,
        }
    }

    pub fn file(&self) -> FileId {
        self.file as FileId
    }
}

/// The byte ranges of a block of prose, as `u32` offsets (a file read is at most 64 MiB). Most
/// blocks (a table cell, a front matter value, a plain paragraph) are one range, kept inline
/// in the 16 bytes the pointer of the rare longer list would take.
#[derive(Debug, Clone, PartialEq)]
pub enum Ranges {
    One([(u32, u32); 1]),
    Many(Box<[(u32, u32)]>),
}

impl Ranges {
    /// The ranges of `block`, which is left empty (its buffer kept for the next block).
    pub fn take(block: &mut Vec<(usize, usize)>) -> Ranges {
        let ranges = match block.as_slice() {
            [one] => Ranges::from(*one),
            _ => Ranges::Many(block.iter().map(|&(s, e)| (offset(s), offset(e))).collect()),
        };
        block.clear();
        ranges
    }

    /// The ranges as byte offsets, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (usize, usize)> + '_ {
        let all: &[(u32, u32)] = match self {
            Ranges::One(one) => one,
            Ranges::Many(many) => many,
        };
        all.iter().map(|&(s, e)| (s as usize, e as usize))
    }

    /// The bytes the ranges span.
    pub fn bytes(&self) -> usize {
        self.iter().map(|(s, e)| e.saturating_sub(s)).sum()
    }
}

impl From<(usize, usize)> for Ranges {
    fn from((start, end): (usize, usize)) -> Self {
        Ranges::One([(offset(start), offset(end))])
    }
}

/// A link or image destination in a Markdown body, or a path in a document field.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub file: FileId,
    /// Location of the destination as written.
    pub start: usize,
    pub end: usize,
    pub target: String,
}

/// A Markdown file's heading anchors (GitHub-style slugs and explicit `{#id}`s).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Anchors {
    pub file: FileId,
    pub slugs: Vec<String>,
    /// The headings as written, so that a site generator's own slug rules can be applied.
    pub headings: Vec<Heading>,
}

/// A word of prose, normalised for fingerprint matching, with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub word: String,
    pub start: usize,
    pub end: usize,
}

/// Lower case, and British spellings folded to one form so `organisation` matches
/// `organization` (the folding only has to be the same on both sides, not correct English).
pub fn normalise_word(word: &str) -> String {
    let mut w = String::with_capacity(word.len());
    normalise_word_into(word, &mut w);
    w
}

/// The endings `normalise_word` folds (the first that ends the word), as (written, folded).
pub const FOLDED_ENDINGS: [(&str, &str); 8] = [
    ("isation", "ization"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("our", "or"),
    ("tre", "ter"),
    ("lled", "led"),
    ("lling", "ling"),
];

/// `normalise_word`, appended to `out` (many words in one buffer: no `String` per word).
pub fn normalise_word_into(word: &str, out: &mut String) {
    let at = out.len();
    if word.is_ascii() {
        out.push_str(word);
        out[at..].make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    // Every folded ending ends in one of these letters: most words need no comparison.
    if !out.ends_with(['e', 'n', 'r', 'd', 'g']) {
        return;
    }
    for (from, to) in FOLDED_ENDINGS {
        let w = &out[at..];
        if w.len() > from.len() + 2 && w.ends_with(from) {
            out.truncate(out.len() - from.len());
            out.push_str(to);
            break;
        }
    }
}

/// Words of `text` (at byte `base` in its file) with their file ranges. Apostrophes inside a
/// word are dropped (`don't` = `dont`); everything else that is not a letter or digit splits.
pub fn tokens(text: &str, base: usize, out: &mut Vec<Token>) {
    words(text, base, |word, start, end| {
        out.push(Token {
            word: normalise_word(word),
            start,
            end,
        });
    });
}

/// The words of `tokens`, not normalised, each with its file range, given to `f` (the word is
/// a slice of `text` unless it holds an apostrophe).
pub fn words(text: &str, base: usize, f: impl FnMut(&str, usize, usize)) {
    // Most text is ASCII: bytes are its characters (a fifth of a run over many documents went
    // to decoding characters here, issue 16).
    if text.is_ascii() {
        ascii_words(text, base, f)
    } else {
        words_by(text, base, f, text.char_indices())
    }
}

/// `words` of ASCII text: bytes are its characters, letters and digits `is_ascii_alphanumeric`
/// (what `char::is_alphanumeric` is on ASCII) and `'` its only apostrophe. A word is scanned by
/// a tight loop over bytes rather than a character at a time through `words_by`, which was
/// most of the phrase matching's cost (issue 16).
fn ascii_words(text: &str, base: usize, mut f: impl FnMut(&str, usize, usize)) {
    let b = text.as_bytes();
    let mut word = String::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let s = i;
        let mut apostrophe = false;
        i += 1;
        while let Some(&c) = b.get(i) {
            if c == b'\'' {
                apostrophe = true;
            } else if !c.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        }
        let raw = &text[s..i];
        if apostrophe {
            word.clear();
            word.extend(raw.chars().filter(|&c| c != '\''));
            f(&word, base + s, base + i);
        } else {
            f(raw, base + s, base + i);
        }
    }
}

/// `words` over `chars`, the characters of `text` with their byte offsets.
fn words_by(
    text: &str,
    base: usize,
    mut f: impl FnMut(&str, usize, usize),
    chars: impl Iterator<Item = (usize, char)>,
) {
    let mut start: Option<usize> = None;
    let mut apostrophe = false;
    let mut word = String::new();
    let mut flush = |s: usize, end: usize, apostrophe: bool| {
        let raw = &text[s..end];
        if apostrophe {
            word.clear();
            word.extend(raw.chars().filter(|c| !matches!(c, '\'' | '’')));
            f(&word, base + s, base + end);
        } else {
            f(raw, base + s, base + end);
        }
    };
    for (i, c) in chars {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if matches!(c, '\'' | '’') && start.is_some() {
            apostrophe = true;
        } else if let Some(s) = start.take() {
            flush(s, i, apostrophe);
            apostrophe = false;
        }
    }
    if let Some(s) = start {
        flush(s, text.len(), apostrophe);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million-row Markdown table is millions of blocks: their size is its memory.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_block_of_prose_is_24_bytes() {
        assert_eq!(std::mem::size_of::<Ranges>(), 16);
        assert_eq!(std::mem::size_of::<Prose>(), 24);
        let many = Ranges::take(&mut vec![(1, 4), (6, 9)]);
        assert_eq!(many.iter().collect::<Vec<_>>(), [(1, 4), (6, 9)]);
        assert_eq!(many.bytes(), 6);
        assert_eq!(Ranges::from((3, 5)).iter().collect::<Vec<_>>(), [(3, 5)]);
    }

    #[test]
    fn slugs_like_github() {
        assert_eq!(
            slug("3. Roles & Responsibilities"),
            "3-roles--responsibilities"
        );
        assert_eq!(slug("Access Control"), "access-control");
    }

    #[test]
    fn spelling_is_folded() {
        assert_eq!(
            normalise_word("Organisation"),
            normalise_word("organization")
        );
        assert_eq!(normalise_word("minimise"), normalise_word("minimize"));
        assert_eq!(normalise_word("labelling"), normalise_word("labeling"));
    }

    /// The ASCII path of `words` finds what the character path finds.
    #[test]
    fn words_of_ascii_text_as_of_any_text() {
        let collect = |text: &str, ascii: bool| {
            let mut out = Vec::new();
            let f = |w: &str, s, e| out.push((w.to_string(), s, e));
            if ascii {
                ascii_words(text, 7, f);
            } else {
                words_by(text, 7, f, text.char_indices());
            }
            out
        };
        for text in [
            "Don't panic: the ISMS-owner's 2 reviews (Q3) are due.",
            "'quoted' words' and trailing'",
            "",
            "   ",
            "a",
            "x1y2 __ z",
            "''a'b'' c' 'd",
            "it's  -- 'twas",
            "a'",
            "'",
            "x'''y z''",
            "end'",
            "9a_b-c.d,e",
        ] {
            assert_eq!(collect(text, true), collect(text, false), "{text:?}");
        }
        let mut seen = Vec::new();
        words("Größe, don’t", 0, |w, s, e| {
            seen.push((w.to_string(), s, e))
        });
        assert_eq!(
            seen,
            [("Größe".to_string(), 0, 7), ("dont".to_string(), 9, 16)]
        );
    }

    #[test]
    fn normalised_endings() {
        for (w, n) in [
            ("Organisation", "organization"),
            ("colour", "color"),
            ("centre", "center"),
            ("travelled", "traveled"),
            ("use", "use"),
            ("Rise", "rise"),
            ("Policies", "policies"),
        ] {
            assert_eq!(normalise_word(w), n);
        }
    }

    #[test]
    fn tokens_have_file_ranges() {
        let mut out = Vec::new();
        tokens("Don't  panic, Org.", 10, &mut out);
        let words: Vec<_> = out
            .iter()
            .map(|t| (t.word.as_str(), t.start, t.end))
            .collect();
        assert_eq!(
            words,
            [("dont", 10, 15), ("panic", 17, 22), ("org", 24, 27)]
        );
    }

    #[test]
    fn words_in_one_buffer_are_the_tokens() {
        let text = "Users’ ORGANISATION can't, Ærø ’twas labelling";
        let mut out = Vec::new();
        tokens(text, 3, &mut out);
        let mut buf = String::new();
        let mut seen = Vec::new();
        words(text, 3, |w, start, end| {
            let at = buf.len();
            normalise_word_into(w, &mut buf);
            seen.push((buf[at..].to_string(), start, end));
        });
        let want: Vec<_> = out.into_iter().map(|t| (t.word, t.start, t.end)).collect();
        assert_eq!(seen, want);
        assert_eq!(want[0].0, "users");
        assert_eq!(want[1].0, "organization");
        assert_eq!(want[2].0, "cant");
    }
}
