//! Word patterns of the language files (`zákonn*`, `obchodní požadav*`): `*` stands for any
//! run of word characters, and a match starts and ends at a word boundary. This is what
//! `\b(?:…)\b` with `\w*` for each `*` matches, without the regex: each Unicode `\w` compiles to
//! its own automaton (~0.3 ms each), and the ~70 stars of the reason words made one regex a
//! fifth of a small repository's run (issue 16). Word characters and boundaries are the regex
//! crate's own (`regex_syntax::is_word_character`), so the matches are the same.

use std::collections::HashMap;

/// A set of word patterns, matched anywhere in a text.
#[derive(Debug, Default)]
pub struct WordPatterns {
    /// Patterns by their first character: each the literal pieces between the stars.
    by_first: HashMap<char, Vec<Vec<String>>>,
}

fn is_word(c: char) -> bool {
    regex_syntax::is_word_character(c)
}

impl WordPatterns {
    /// Patterns as written (`*` = word characters); empty ones are ignored.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_first: HashMap<char, Vec<Vec<String>>> = HashMap::new();
        for p in patterns {
            let pieces: Vec<String> = p.split('*').map(str::to_string).collect();
            // A pattern that starts with `*` has no first character to index by; the language
            // files have none, and such a pattern would match at every boundary.
            let Some(first) = pieces[0].chars().next() else {
                continue;
            };
            let list = by_first.entry(first).or_default();
            if !list.contains(&pieces) {
                list.push(pieces);
            }
        }
        WordPatterns { by_first }
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Does any pattern match in `text`, starting and ending at a word boundary?
    pub fn is_match(&self, text: &str) -> bool {
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            if let Some(list) = self.by_first.get(&c)
                && boundary(prev, Some(c))
                && list.iter().any(|p| matches_at(text, i, p))
            {
                return true;
            }
            prev = Some(c);
        }
        false
    }
}

/// `\b` between `before` and `after` (None = the text's edge).
fn boundary(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(is_word) != after.is_some_and(is_word)
}

/// Do `pieces` (literals with `\w*` between them) match `text` from byte `at`, ending at a word
/// boundary? Tries the longest run of word characters first, as the regex's greedy `\w*`.
fn matches_at(text: &str, at: usize, pieces: &[String]) -> bool {
    let Some(rest) = text[at..].strip_prefix(pieces[0].as_str()) else {
        return false;
    };
    let end = at + pieces[0].len();
    if pieces.len() == 1 {
        let before = text[..end].chars().next_back();
        return boundary(before, rest.chars().next());
    }
    // Every end of a run of word characters after `end`, longest first.
    let mut ends = vec![end];
    for (j, c) in rest.char_indices() {
        if !is_word(c) {
            break;
        }
        ends.push(end + j + c.len_utf8());
    }
    ends.iter()
        .rev()
        .any(|&e| matches_at_piece(text, e, &pieces[1..]))
}

/// Like `matches_at`, for the pieces after a star (the first piece may be empty).
fn matches_at_piece(text: &str, at: usize, pieces: &[String]) -> bool {
    if pieces[0].is_empty() && pieces.len() == 1 {
        let before = text[..at].chars().next_back();
        return boundary(before, text[at..].chars().next());
    }
    matches_at(text, at, pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same answers as the regex this replaces, on the shapes that matter.
    #[test]
    fn matches_like_the_regex() {
        let words = ["zákonn*", "obchodní požadav*", "ley", "a*b", "dsgvo", "x*"];
        let set = WordPatterns::new(words);
        let alts: Vec<String> = words
            .iter()
            .map(|w| {
                w.split('*')
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\w*")
            })
            .collect();
        let re = regex::Regex::new(&format!(r"\b(?:{})\b", alts.join("|"))).unwrap();
        for text in [
            "zákonný požadavek",
            "nezákonný",
            "zákonn",
            "obchodní požadavky firmy",
            "obchodní  požadavky",
            "obchodní požadav",
            "la ley 3/2018",
            "leyes",
            "ley_",
            "ley-",
            "ab",
            "axxb",
            "axxbx",
            "axbxb",
            "a b",
            "dsgvo-pflicht",
            "bdsgvo",
            "x",
            "x_y",
            "éx",
            "",
            "νομοθετική",
        ] {
            assert_eq!(set.is_match(text), re.is_match(text), "{text:?}");
        }
    }
}
