//! The control and clause patterns of `control_id` read by hand on ASCII text (issue 16).
//!
//! Classifying a table reads every cell as a possible control ID; the patterns ran on a
//! backtracking-free regex engine at ~4,600 instructions a cell, and compiling the control
//! pattern cost ~230 µs of a small repository's run. These readers take the paths the regex
//! would, in its order of preference (an optional part taken before it is skipped, more digits
//! before fewer), so they capture what it captures. On ASCII text `\s` is `[\t\n\v\f\r ]`, `\d`
//! is `[0-9]`, a word character is `[A-Za-z0-9_]`, and case folding is ASCII's (`ſ` and the
//! Kelvin sign, which fold to `s` and `k`, are not ASCII). Text with any other character goes
//! to the regex. Debug builds (the tests) check each answer against the regex.

/// What the control pattern captures: the `A` prefix, and the two or three numbers.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ControlParts {
    pub has_a: bool,
    pub major: u32,
    pub minor: u32,
    pub third: Option<u32>,
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The first position at or after `i` that is not white space.
fn skip_space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    i
}

/// `word` (lowercase) at `i`, any case: the position after it.
fn word_at(b: &[u8], i: usize, word: &str) -> Option<usize> {
    let end = i + word.len();
    b.get(i..end)
        .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
        .then_some(end)
}

/// `\d{1,2}` at `i` where what follows must not be a digit (each pattern follows its numbers
/// with a space, a dot or an end, so giving a digit back never lets it match): the number and
/// the position after it.
fn number(b: &[u8], i: usize) -> Option<(u32, usize)> {
    let n = b[i.min(b.len())..]
        .iter()
        .take(3)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if n == 0 || n > 2 {
        return None;
    }
    let value = b[i..i + n]
        .iter()
        .fold(0, |v, c| v * 10 + u32::from(c - b'0'));
    Some((value, i + n))
}

/// `(?:$|\.?\s|[:\-–—)]|\.$)` at `i` (the dashes are not ASCII).
fn ends_number(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        None => true,
        Some(&c) if is_space(c) || matches!(c, b':' | b'-' | b')') => true,
        Some(b'.') => b.get(i + 1).is_none_or(|&c| is_space(c)),
        Some(_) => false,
    }
}

/// `iso\s*(?:/\s*iec\s*)?\s*27001` at `i`: the position after `27001`.
fn iso_27001(b: &[u8], i: usize) -> Option<usize> {
    let mut i = skip_space(b, word_at(b, i, "iso")?);
    if b.get(i) == Some(&b'/') {
        // Taken when it matches; skipped, `27001` would have to start at the slash.
        i = skip_space(b, word_at(b, skip_space(b, i + 1), "iec")?);
    }
    word_at(b, i, "27001")
}

/// `\s*(?::\s*20` + `year` at `i`: the position after the year, when there is one.
fn edition(b: &[u8], i: usize, year: impl Fn(&[u8]) -> bool) -> Option<usize> {
    let colon = skip_space(b, i);
    (b.get(colon) == Some(&b':')).then_some(())?;
    let at = skip_space(b, colon + 1);
    let digits = b.get(at..at + 4)?;
    (digits.starts_with(b"20") && year(&digits[2..])).then_some(at + 4)
}

/// The control pattern's prefix `iso…27001\s*(?::\s*20(?:13|22))?\s*[:\s]\s*` at `i`: where
/// it may end, in the regex's order (the edition taken first). An end the regex reaches only
/// by giving back a space before a colon is left out: the rest of the pattern cannot start
/// at a colon.
fn control_prefix_ends(b: &[u8], i: usize) -> Vec<usize> {
    let Some(q) = iso_27001(b, i) else {
        return Vec::new();
    };
    // `\s*[:\s]\s*`: a colon between spaces, or at least one space.
    let separator = |x: usize| {
        let t = skip_space(b, x);
        match b.get(t) {
            Some(b':') => Some(skip_space(b, t + 1)),
            _ => (t > x).then_some(t),
        }
    };
    let with_edition = edition(b, q, |y| y == b"13" || y == b"22").and_then(separator);
    with_edition.into_iter().chain(separator(q)).collect()
}

/// The control pattern on ASCII text.
pub(super) fn control(s: &str) -> Option<ControlParts> {
    let b = s.as_bytes();
    let p0 = skip_space(b, 0);
    let starts = control_prefix_ends(b, p0);
    starts
        .into_iter()
        .chain(std::iter::once(p0))
        .find_map(|at| control_after_prefix(b, at))
}

/// `(?:annex\s+)?(a\s*[.\s]?\s*)?` and the numbers, at `i`.
fn control_after_prefix(b: &[u8], i: usize) -> Option<ControlParts> {
    let annex = word_at(b, i, "annex")
        .map(|e| (e, skip_space(b, e)))
        .filter(|(e, after)| after > e)
        .map(|(_, after)| after);
    for at in annex.into_iter().chain(std::iter::once(i)) {
        let a = matches!(b.get(at), Some(b'a' | b'A')).then(|| {
            let j = skip_space(b, at + 1);
            match b.get(j) {
                Some(b'.') => skip_space(b, j + 1),
                _ => j,
            }
        });
        let tried = a.map(|j| (true, j)).into_iter().chain([(false, at)]);
        for (has_a, j) in tried {
            if let Some((major, minor, third)) = control_numbers(b, j) {
                return Some(ControlParts {
                    has_a,
                    major,
                    minor,
                    third,
                });
            }
        }
    }
    None
}

/// `(\d{1,2})\s*\.\s*(\d{1,2})(?:\s*\.\s*(\d{1,2}))?` and the end after it, at `i`.
fn control_numbers(b: &[u8], i: usize) -> Option<(u32, u32, Option<u32>)> {
    let (major, e) = number(b, i)?;
    let dot = skip_space(b, e);
    (b.get(dot) == Some(&b'.')).then_some(())?;
    let (minor, m) = number(b, skip_space(b, dot + 1))?;
    let third_dot = skip_space(b, m);
    if b.get(third_dot) == Some(&b'.')
        && let Some((third, t)) = number(b, skip_space(b, third_dot + 1))
        && ends_number(b, t)
    {
        return Some((major, minor, Some(third)));
    }
    ends_number(b, m).then_some((major, minor, None))
}

/// `\d{1,2}(?:\.\d{1,2}){0,2}` at `i`: where it may end, in the regex's order (more digits,
/// then more parts, first).
fn clause_number_ends(b: &[u8], i: usize) -> Vec<usize> {
    fn from(b: &[u8], i: usize, parts_left: usize, out: &mut Vec<usize>) {
        for n in [2, 1] {
            if !b
                .get(i..i + n)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            {
                continue;
            }
            let end = i + n;
            if parts_left > 0 && b.get(end) == Some(&b'.') {
                from(b, end + 1, parts_left - 1, out);
            }
            out.push(end);
        }
    }
    let mut out = Vec::new();
    from(b, i, 2, &mut out);
    out
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// `(?i)^\s*(?:clause|cl\.|§)\s*(\d{1,2}(?:\.\d{1,2}){0,2})\b` on ASCII text: the number.
pub(super) fn clause(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let p = skip_space(b, 0);
    let after = word_at(b, p, "clause").or_else(|| word_at(b, p, "cl."))?;
    let start = skip_space(b, after);
    // The number ends in a digit: `\b` holds where no word character follows.
    clause_number_ends(b, start)
        .into_iter()
        .find(|&e| b.get(e).is_none_or(|&c| !is_word(c)))
        .map(|e| &s[start..e])
}

/// The clause-number pattern of `parse_clause_ref` on ASCII text: the number.
pub(super) fn clause_number(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let p0 = skip_space(b, 0);
    // `(?:iso…27001\s*(?::\s*20\d\d)?\s*)?`: the edition taken first, then skipped, then no
    // prefix at all.
    let prefixed = iso_27001(b, p0).map(|q| {
        let with_edition = edition(b, q, |y| y.iter().all(u8::is_ascii_digit));
        let ends: Vec<usize> = with_edition.into_iter().chain([q]).collect();
        ends.into_iter()
            .map(|e| skip_space(b, e))
            .collect::<Vec<_>>()
    });
    let starts = prefixed.into_iter().flatten().chain([p0]);
    for at in starts {
        // `(?:(?:clause|cl\.?|§)\s*)?`: each spelling of the word, then none.
        let words = [
            word_at(b, at, "clause"),
            word_at(b, at, "cl."),
            word_at(b, at, "cl"),
        ];
        let numbers = words
            .into_iter()
            .flatten()
            .map(|e| skip_space(b, e))
            .chain([at]);
        for n in numbers {
            if let Some(e) = clause_number_ends(b, n)
                .into_iter()
                .find(|&e| ends_number(b, e))
            {
                return Some(&s[n..e]);
            }
        }
    }
    None
}
