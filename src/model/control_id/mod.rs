//! Control IDs in every spelling seen in real SoAs, normalised to `A.5.1` (DESIGN §4.2).

use crate::pattern::Pattern;
use compact_str::{CompactString, format_compact};

mod ascii;

/// What a value in a control field names. The ID is kept inline (`A.5.1` is 5 bytes): a
/// register of 100,000 risks names 400,000 controls, with no allocation each (issue 16).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ControlRef {
    /// Two-level ID (`A.5.1`): an ISO 27001:2022 control if the catalogue has it.
    Control(CompactString),
    /// Three-level ID (`A.9.2.3`): a 2013-edition control.
    Legacy(CompactString),
    /// A clause of ISO 27001 (`clause 7.2`, `§6.1.3`, or `4.1` where no Annex A theme has 4).
    Clause(CompactString),
}

impl ControlRef {
    pub fn id(&self) -> &str {
        match self {
            ControlRef::Control(s) | ControlRef::Legacy(s) | ControlRef::Clause(s) => s,
        }
    }
}

static CONTROL: Pattern = Pattern::new(
    r"(?ix)^\s*
        (?:iso\s*(?:/\s*iec\s*)?\s*27001\s*(?::\s*20(?:13|22))?\s*[:\s]\s*)?   # iso27001:2022 prefix
        (?:annex\s+)?
        (a\s*[.\s]?\s*)?                                                       # A. prefix
        (\d{1,2})\s*\.\s*(\d{1,2})(?:\s*\.\s*(\d{1,2}))?                       # numbers
        (?:$|\.?\s|[:\-–—)]|\.$)",
);

static CLAUSE: Pattern = Pattern::new(r"(?i)^\s*(?:clause|cl\.|§)\s*(\d{1,2}(?:\.\d{1,2}){0,2})\b");

/// `A.5.1`-shaped input, read without a regex (most references are written this way).
fn fast_path(s: &str) -> Option<ControlRef> {
    let rest = s.strip_prefix("A.")?;
    let mut parts = rest.split('.');
    let (a, b) = (parts.next()?, parts.next()?);
    let third = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let num = |p: &str| {
        (!p.is_empty()
            && p.len() <= 2
            && p.bytes().all(|b| b.is_ascii_digit())
            && !p.starts_with('0'))
        .then(|| p.parse::<u32>().ok())
        .flatten()
    };
    num(a)?;
    num(b)?;
    // Each part is one or two ASCII digits without a leading zero: the number prints as it
    // is written, so the normalised ID is `s` itself (no `format!` per reference, issue 16).
    Some(match third {
        None => ControlRef::Control(s.into()),
        Some(t) => {
            num(t)?;
            ControlRef::Legacy(s.into())
        }
    })
}

static CLAUSE_NUMBER: Pattern = Pattern::new(
    r"(?ix)^\s*
        (?:iso\s*(?:/\s*iec\s*)?\s*27001\s*(?::\s*20\d\d)?\s*)?       # iso27001:2022 prefix
        (?:(?:clause|cl\.?|§)\s*)?
        (\d{1,2}(?:\.\d{1,2}){0,2})
        (?:$|\.?\s|[:\-–—)]|\.$)",
);

/// The clause number a cell of a clause checklist names (`4.1`, `Clause 6.1.3`, `§9.2`,
/// `5.1 Leadership and commitment`): clauses 4 to 10 only, and never an `A.` reference.
pub fn parse_clause_ref(s: &str) -> Option<CompactString> {
    let id = CompactString::from(clause_number(s)?);
    let major: u32 = id.split('.').next()?.parse().ok()?;
    (4..=10).contains(&major).then_some(id)
}

pub fn parse_control_ref(s: &str) -> Option<ControlRef> {
    if let Some(r) = fast_path(s) {
        return Some(r);
    }
    if let Some(number) = clause(s) {
        return Some(ControlRef::Clause(number.into()));
    }
    let ascii::ControlParts {
        has_a,
        major,
        minor,
        third,
    } = control(s)?;
    // Annex A themes are 5–8 (2022) and 5–18 (2013). Without an `A`, a number whose first part
    // is 4, or a two-level number outside 5–8, can only be a clause of the management system.
    if !has_a && (major == 4 || (third.is_none() && !(5..=8).contains(&major))) {
        let id = match third {
            Some(t) => format_compact!("{major}.{minor}.{t}"),
            None => format_compact!("{major}.{minor}"),
        };
        return Some(ControlRef::Clause(id));
    }
    Some(match third {
        Some(t) => ControlRef::Legacy(format_compact!("A.{major}.{minor}.{t}")),
        None => ControlRef::Control(format_compact!("A.{major}.{minor}")),
    })
}

/// A pattern's answer read by hand on ASCII text (`ascii`), else by its regex. Debug builds
/// (the tests) check the hand reader against the regex on every call.
fn by_hand<'s, T: PartialEq + std::fmt::Debug>(
    s: &'s str,
    hand: impl Fn(&'s str) -> T,
    regex: impl Fn(&'s str) -> T,
) -> T {
    if !s.is_ascii() {
        return regex(s);
    }
    let found = hand(s);
    debug_assert_eq!(found, regex(s), "hand reader and regex differ on {s:?}");
    found
}

/// `CLAUSE`'s number.
fn clause(s: &str) -> Option<&str> {
    by_hand(s, ascii::clause, clause_by_regex)
}

fn clause_by_regex(s: &str) -> Option<&str> {
    first_group(&CLAUSE, s)
}

/// `CLAUSE_NUMBER`'s number.
fn clause_number(s: &str) -> Option<&str> {
    by_hand(s, ascii::clause_number, clause_number_by_regex)
}

fn clause_number_by_regex(s: &str) -> Option<&str> {
    first_group(&CLAUSE_NUMBER, s)
}

/// What a pattern's first group captures in `s`.
fn first_group<'s>(pattern: &Pattern, s: &'s str) -> Option<&'s str> {
    pattern
        .captures(s)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// What `CONTROL` captures.
fn control(s: &str) -> Option<ascii::ControlParts> {
    by_hand(s, ascii::control, control_by_regex)
}

/// A number the regex captures but `u32` cannot hold (a non-ASCII digit) makes no control
/// (the two numbers) or no third part.
fn control_by_regex(s: &str) -> Option<ascii::ControlParts> {
    let c = CONTROL.captures(s)?;
    let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    Some(ascii::ControlParts {
        has_a: c.get(1).is_some(),
        major: n(2)?,
        minor: n(3)?,
        third: n(4),
    })
}

/// The controls a cell names when it names several (`A.5.17, A.8.5`, `A 5.17 A 8.5`).
pub(crate) fn several_controls(text: &str) -> Vec<String> {
    static REF: Pattern =
        Pattern::new(r"(?i)\bA\s*\.?\s*\d{1,2}\s*\.\s*\d{1,2}(?:\s*\.\s*\d{1,2})?\b");
    let listed: Vec<&str> = crate::model::values::split_list(text)
        .into_iter()
        .map(|(item, _, _)| item)
        .collect();
    if listed.len() > 1 && listed.iter().all(|i| parse_control_ref(i).is_some()) {
        return listed.into_iter().map(str::to_string).collect();
    }
    REF.find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctl(s: &str) -> Option<ControlRef> {
        parse_control_ref(s)
    }

    #[test]
    fn spellings_of_a_5_1() {
        for s in [
            "A.5.1",
            "A5.1",
            "A 5.1",
            "5.1",
            "A.05.01",
            "iso27001:A.5.1",
            "ISO27001:2022 A.5.1",
            "ISO/IEC 27001:2022 A.5.1",
            "A.5.1 Policies for information security",
            "A.5.1: Policies",
            "A.5.1 - Policies",
            " a.5.1 ",
        ] {
            assert_eq!(ctl(s), Some(ControlRef::Control("A.5.1".into())), "{s}");
        }
    }

    #[test]
    fn ten_is_not_one() {
        assert_eq!(ctl("A.5.10"), Some(ControlRef::Control("A.5.10".into())));
        assert_eq!(ctl("5.10"), Some(ControlRef::Control("A.5.10".into())));
    }

    #[test]
    fn legacy_and_clauses() {
        assert_eq!(ctl("A.9.2.3"), Some(ControlRef::Legacy("A.9.2.3".into())));
        assert_eq!(ctl("9.2.3"), Some(ControlRef::Legacy("A.9.2.3".into())));
        assert_eq!(ctl("clause 7.2"), Some(ControlRef::Clause("7.2".into())));
        assert_eq!(ctl("§6.1.3"), Some(ControlRef::Clause("6.1.3".into())));
        assert_eq!(ctl("4.1"), Some(ControlRef::Clause("4.1".into())));
        assert_eq!(ctl("A.4.1"), Some(ControlRef::Control("A.4.1".into())));
        assert_eq!(ctl("R-001"), None);
        assert_eq!(ctl("5.1abc"), None);
    }

    /// The hand readers of ASCII text capture what the regexes capture: on strings put
    /// together from the pieces the patterns read, and on spellings that take the regexes'
    /// less preferred paths.
    #[test]
    fn ascii_readers_agree_with_the_regexes() {
        let agree = |s: &str| {
            assert_eq!(ascii::control(s), control_by_regex(s), "CONTROL on {s:?}");
            assert_eq!(ascii::clause(s), clause_by_regex(s), "CLAUSE on {s:?}");
            assert_eq!(
                ascii::clause_number(s),
                clause_number_by_regex(s),
                "CLAUSE_NUMBER on {s:?}"
            );
        };
        const PIECES: &[&str] = &[
            "A", "a", ".", " ", "  ", "\t", "5", "12", "123", "0", "iso", "ISO", "27001", ":",
            "2022", "2013", "2017", "/", "iec", "annex", "Annex", "clause", "Clause", "cl", "cl.",
            "-", ")", "x", "_", "9", "10", "8.1", "A.5.1", "(",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..60_000 {
            let len = 1 + next(7);
            let text: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            agree(&text);
        }
        for s in [
            "iso27001:2022:A.5.1",
            "ISO 27001 A.5.1",
            "iso/iec 27001:2013 9.2.3",
            "iso27001: 2022",
            "annex A 5.1",
            "annexA.5.1",
            "A.123.1",
            "A.5.1.2x",
            "A.5.1.",
            "A.5.1. Policies",
            "clause 7.2a",
            "cl.6.1.3",
            "cl 5",
            "iso 27001 clause 9.2",
            "10.2)",
            "5 . 1",
            "a . 5 . 1 . 2",
        ] {
            agree(s);
        }
    }

    #[test]
    fn clause_numbers() {
        assert_eq!(parse_clause_ref("5.1").as_deref(), Some("5.1"));
        assert_eq!(parse_clause_ref("Clause 6.1.3").as_deref(), Some("6.1.3"));
        assert_eq!(parse_clause_ref("§9.2").as_deref(), Some("9.2"));
        assert_eq!(
            parse_clause_ref("10.2 Nonconformity").as_deref(),
            Some("10.2")
        );
        assert_eq!(parse_clause_ref("A.5.1"), None);
        assert_eq!(parse_clause_ref("11.1"), None);
        assert_eq!(parse_clause_ref("R-001"), None);
    }
}
