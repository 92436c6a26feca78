//! DOC012: a controlled document of a 2022 ISMS cites an ISO 27001:2013 control in its text
//! (`A.9.2.3`, `A.12.4.1`, the objective `A.13.2`) — the SoA was migrated, the documents were not.
//!
//! Cited: three-level IDs in the 2013 catalogue, and two-level 2013 objectives of the themes
//! that no longer exist (A.9 to A.18). Not cited: two-level IDs of themes 5–8 (valid 2022
//! controls), and `A.9.x` / `A.10.x` in a sentence about monitoring, audit, management review,
//! nonconformity or improvement (clauses 9 and 10 written with an `A.`). SoA and register files
//! are left to SOA004, which reads their control columns; a 2013 ISMS (config `framework:
//! iso27001:2013`, or an SoA whose rows are mostly 2013 IDs) is not checked.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::control_id::ControlRef;
use crate::model::framework::Framework;
use crate::model::text::Origin;
use crate::pattern::Pattern;
use crate::rules::Context;
use crate::source::Loc;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

pub static META: RuleMeta = RuleMeta {
    code: "DOC012",
    name: "legacy-control-reference",
    default: Some(Severity::Warning),
    summary: "a document of a 2022 ISMS cites an ISO 27001:2013 control",
    options: &[],
};

/// Is the ISMS on the 2013 edition? Config says so, or most SoA rows are 2013 IDs.
fn is_2013_isms(cx: &Context) -> bool {
    if cx.config.framework == Some(Framework::Iso27001_2013) {
        return true;
    }
    let (mut old, mut new) = (0usize, 0usize);
    for c in &cx.model.controls {
        match c.id.get() {
            Some(ControlRef::Legacy(_)) => old += 1,
            Some(ControlRef::Control(_)) => new += 1,
            _ => {}
        }
    }
    old > new
}

/// Words around `A.9.1` that say it means clause 9.1 (performance evaluation) or 10.x.
fn clause_context(text: &str) -> bool {
    static CLAUSE: Pattern = Pattern::new(
        r"(?i)\b(?:clause|monitor\w*|measurement|internal audit|management review|nonconformit\w*|corrective action|continual improvement|performance evaluation)\b",
    );
    CLAUSE.is_match(text)
}

/// The 2022 controls a 2013 ID (control or objective) became.
fn successors(cx: &Context, id: &str) -> Vec<String> {
    let mut out: Vec<String> = if cx.catalog.legacy.contains_key(id) {
        cx.catalog.successors(id).to_vec()
    } else {
        let prefix = format!("{id}.");
        cx.catalog
            .legacy
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .flat_map(|k| cx.catalog.successors(k).iter().cloned())
            .collect()
    };
    out.sort_by_key(|s| id_key(s));
    out.dedup();
    out
}

/// `A.5.10` after `A.5.9`.
fn id_key(id: &str) -> Vec<u32> {
    id.trim_start_matches("A.")
        .split('.')
        .map(|p| p.parse().unwrap_or(0))
        .collect()
}

rule_impl!();

/// Can `chunk` hold a control ID (`A` and, at most three characters on, a digit)? Most
/// blocks cannot, and this is much cheaper to ask than the pattern (issue 16). `is_numeric`
/// holds for every character `\d` matches.
fn may_cite(chunk: &str) -> bool {
    memchr::memchr_iter(b'A', chunk.as_bytes())
        .any(|i| chunk[i + 1..].chars().take(4).any(char::is_numeric))
}

/// The matches of `ID` (`\bA\s?\.?\s?(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?\b`) in ASCII
/// text, found as the regex finds them, into `out`: at each `A` after a non-word character,
/// the alternatives in the regex's order of preference (an optional part taken before left
/// out, two digits before one), the first that ends at a word boundary; the next search
/// starts after a match. On ASCII text `\s`, `\d`, `\w` and `\b` are their ASCII forms. A
/// search per block through the regex cost a third of this rule (issue 16); tested against it.
fn ascii_ids(text: &str, out: &mut Vec<(usize, usize)>) {
    let b = text.as_bytes();
    let word = |i: usize| {
        b.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    let space = |i: usize| {
        b.get(i)
            .is_some_and(|c| matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '))
    };
    let is = |i: usize, c: u8| b.get(i) == Some(&c);
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    // The ends of `\d{1,2}` at `i`, two digits first.
    let digits = |i: usize| {
        let mut ends = [None, None];
        if digit(i) {
            if digit(i + 1) {
                ends[0] = Some(i + 2);
            }
            ends[1] = Some(i + 1);
        }
        ends.into_iter().flatten()
    };
    // `(?:\.(\d{1,2}))?\b` from `i`: taken first, then left out.
    let tail = |i: usize| -> Option<usize> {
        if is(i, b'.') {
            for e in digits(i + 1) {
                if word(e - 1) != word(e) {
                    return Some(e);
                }
            }
        }
        (word(i - 1) != word(i)).then_some(i)
    };
    let numbers = |i: usize| -> Option<usize> {
        for e1 in digits(i) {
            if !is(e1, b'.') {
                continue;
            }
            for e2 in digits(e1 + 1) {
                if let Some(end) = tail(e2) {
                    return Some(end);
                }
            }
        }
        None
    };
    let optional = |i: usize, take: bool| -> [Option<usize>; 2] {
        if take {
            [Some(i + 1), Some(i)]
        } else {
            [Some(i), None]
        }
    };
    let at = |a: usize| -> Option<usize> {
        for p1 in optional(a + 1, space(a + 1)).into_iter().flatten() {
            for p2 in optional(p1, is(p1, b'.')).into_iter().flatten() {
                for p3 in optional(p2, space(p2)).into_iter().flatten() {
                    if let Some(end) = numbers(p3) {
                        return Some(end);
                    }
                }
            }
        }
        None
    };
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'A', &b[from..]) {
        let a = from + k;
        if (a == 0 || !word(a - 1))
            && let Some(end) = at(a)
        {
            out.push((a, end));
            from = end;
        } else {
            from = a + 1;
        }
    }
}

/// The groups of a whole match of `ID` (`A.9.2.3`, `A 12.1`): theme, number, and the third
/// level if any. Read from the match itself, not with `captures` (a capturing search cost
/// as much as the rest of this rule, issue 16): the prefix `A\s?\.?\s?` holds no numeric
/// character and the digits no `.`, so the first numeric character starts the theme and the
/// dots split the rest exactly as the groups do.
fn id_parts(whole: &str) -> Option<(&str, &str, Option<&str>)> {
    let digits = whole.get(1..)?;
    let digits = &digits[digits.find(char::is_numeric)?..];
    let mut parts = digits.split('.');
    let (theme, n, c) = (parts.next()?, parts.next()?, parts.next());
    Some((theme, n, c))
}

/// The 2013 IDs cited in one block of prose: (file, ID, place), in order. `mapping` says whether
/// a file is a mapping between the editions.
fn block_citations(
    cx: &Context,
    p: &crate::model::text::Prose,
    mapping: &(impl Fn(usize) -> bool + Sync),
) -> Vec<(usize, String, Loc)> {
    // The `ID` matches of a chunk, as ranges: one buffer per thread, not one per block.
    thread_local! {
        static IDS: std::cell::RefCell<Vec<(usize, usize)>> = const {
            std::cell::RefCell::new(Vec::new())
        };
    }
    IDS.with_borrow_mut(|ids| chunk_citations(cx, p, mapping, ids))
}

/// `block_citations` with its buffer.
fn chunk_citations(
    cx: &Context,
    p: &crate::model::text::Prose,
    mapping: &(impl Fn(usize) -> bool + Sync),
    ids: &mut Vec<(usize, usize)>,
) -> Vec<(usize, String, Loc)> {
    static ID: Pattern = Pattern::new(r"\bA\s?\.?\s?(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?\b");
    let text = &cx.files.get(p.file()).text();
    let mut found = Vec::new();
    for (s, e) in p.ranges.iter() {
        let Some(chunk) = text.get(s..e) else {
            continue;
        };
        // "formerly A.9.2.3 (ISO 27001:2013)" names the old edition on purpose.
        if chunk.contains("2013") || !may_cite(chunk) {
            continue;
        }
        ids.clear();
        if chunk.is_ascii() {
            ascii_ids(chunk, ids);
        } else {
            ids.extend(ID.find_iter(chunk).map(|m| (m.start(), m.end())));
        }
        if ids.is_empty() || mapping(p.file()) {
            continue;
        }
        for &(ms, me) in ids.iter() {
            let Some((theme, n, c)) = id_parts(&chunk[ms..me]) else {
                continue;
            };
            let theme: u32 = theme.parse().unwrap_or(0);
            // A two-level ID of themes 5–8 is a 2022 control: decided before the ID is
            // written out (most IDs in a 2022 ISMS's documents are these).
            if c.is_none() && theme < 9 {
                continue;
            }
            let id = match c {
                Some(c) => format!("A.{theme}.{n}.{c}"),
                None => format!("A.{theme}.{n}"),
            };
            let legacy = if c.is_some() {
                cx.catalog.legacy.contains_key(&id)
            } else {
                // Objectives of the themes 2022 no longer has; `A.9.1`/`A.10.2` next to
                // clause words are clauses.
                !successors(cx, &id).is_empty() && (theme > 10 || !clause_context(chunk))
            };
            if legacy {
                found.push((p.file(), id, Loc::new(p.file(), s + ms, s + me)));
            }
        }
    }
    found
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    if is_2013_isms(cx) {
        return;
    }
    // Files that hold register rows: their IDs are SOA004's.
    let registers: HashSet<usize> = cx
        .model
        .controls
        .iter()
        .map(|c| c.loc.file())
        .chain(cx.model.risks.iter().map(|r| r.loc.file()))
        .collect();
    let documents = super::DocumentEntities::new(cx);
    let controlled: HashSet<usize> = cx.model.documents.iter().map(|d| d.file).collect();
    // Whether a file is not read at all, decided once per file: a document has a prose block
    // per paragraph, and matching its path against the framework names and the template globs
    // for each block made this rule the third slowest on a tree of many documents.
    let skipped: Vec<OnceLock<bool>> = (0..cx.files.len()).map(|_| OnceLock::new()).collect();
    let skipped = |file: usize| {
        *skipped[file].get_or_init(|| {
            !controlled.contains(&file)
                || registers.contains(&file)
                // A document of another framework's pack (`iso27018-pii-cloud/…/CLD-POL-A.10`)
                // cites that framework's Annex A: its A.10.1 is ISO 27018's, not 27001:2013's.
                || crate::model::framework::named_in(&cx.files.get(file).path).is_some()
                || super::is_template(cx, file)
        })
    };
    // A mapping between the editions (a table whose header names 2013) cites 2013 IDs on
    // purpose. Asked once per file, when a block of it first holds an ID.
    let mappings: Vec<OnceLock<bool>> = (0..cx.files.len()).map(|_| OnceLock::new()).collect();
    let mapping = |file: usize| {
        *mappings[file].get_or_init(|| {
            cx.files.get(file).text().lines().any(|l| {
                let l = l.trim_start();
                l.starts_with('|') && l.contains("2013")
            })
        })
    };
    // The blocks are read in parallel (a serial pass over every paragraph was the slowest
    // rule on one core while the other waited, issue 16); the citations come back in block
    // order, so each ID's places are listed as before.
    let found: Vec<(usize, String, Loc)> = cx
        .model
        .text
        .prose
        .par_iter()
        .filter(|p| !matches!(p.origin, Origin::FrontMatter) && !skipped(p.file()))
        .flat_map_iter(|p| block_citations(cx, p, &mapping))
        .collect();
    // Per document, per 2013 ID: where it is cited, in order.
    let mut cited: BTreeMap<(usize, String), Vec<Loc>> = BTreeMap::new();
    for (file, id, loc) in found {
        cited.entry((file, id)).or_default().push(loc);
    }
    for ((file, id), locs) in cited {
        let now = successors(cx, &id);
        let title = cx
            .catalog
            .legacy
            .get(&id)
            .map(|t| format!(" ({t})"))
            .unwrap_or_default();
        let path = &cx.files.get(file).path;
        let what = if id.matches('.').count() == 3 {
            "control"
        } else {
            "control objective"
        };
        let more = match locs.len() {
            1 => String::new(),
            n => format!(" (cited {n} times in this document; each place is listed)"),
        };
        let replacement = if now.is_empty() {
            "it has no ISO 27001:2022 equivalent".to_string()
        } else {
            format!("in ISO 27001:2022 it is {}", now.join(" / "))
        };
        let mut d = Diagnostic::at(
            &META,
            &locs[0],
            format!("`{path}` cites {id}{title}, an ISO 27001:2013 {what}; {replacement}{more} (ISO 27001 7.5.2: documented information is reviewed for suitability — the SoA was migrated to 2022, this document was not)"),
        )
        .label("2013-edition control")
        .entity(documents.entity(cx, file))
        .help(if now.is_empty() {
            format!("remove or reword the reference to {id}")
        } else {
            format!("replace {id} with {}", now.join(" / "))
        });
        for loc in &locs[1..] {
            d = d.related(loc, format!("{id} again"));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::clause_context;

    /// Every text the ID pattern matches passes the cheap check first.
    #[test]
    fn may_cite_whatever_the_pattern_matches() {
        let id = regex::Regex::new(r"\bA\s?\.?\s?(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?\b").unwrap();
        for text in [
            "see A.9.2.3",
            "A 9.2",
            "A. 12.1",
            "A\u{a0}.\u{a0}9.4",
            "(A\u{2003}\u{0663}.\u{0664})",
            "Annex A, clause 9",
            "A policy for 2026",
            "no capital here 9.1",
        ] {
            if id.is_match(text) {
                assert!(super::may_cite(text), "{text:?}");
            }
        }
        assert!(!super::may_cite("A policy applies."));
        assert!(!super::may_cite("no capital here 9.1"));
    }

    /// The groups read from a whole match are the groups `captures` gives.
    #[test]
    fn id_parts_as_captures() {
        let id = regex::Regex::new(r"\bA\s?\.?\s?(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?\b").unwrap();
        let text = "A.9.2.3, A 12.1 and A. 5.15; A\u{a0}.\u{a0}9.4 (A\u{2003}\u{0663}.\u{0664}) \
                    A.10.1.2.3 A.8.1. A.18.2.1x A.5.1";
        let mut n = 0;
        for c in id.captures_iter(text) {
            let group = |i: usize| c.get(i).map(|m| m.as_str());
            let (theme, num, third) = super::id_parts(&c[0]).unwrap();
            assert_eq!(
                (Some(theme), Some(num), third),
                (group(1), group(2), group(3))
            );
            n += 1;
        }
        assert!(n >= 7, "{n}");
    }

    /// The hand-written search finds what the regex finds, on many ASCII texts.
    #[test]
    fn ascii_ids_as_regex() {
        let id = regex::Regex::new(r"\bA\s?\.?\s?(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?\b").unwrap();
        let alphabet = b"AA.. \t\n9012x_-";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut texts: Vec<String> = [
            "see A.9.2.3, A 12.1 and A. 5.15; A.10.1.2.3 A.8.1. A.18.2.1x A.5.1",
            "A.123.4 AA.5.1 _A.5.1 A.5.1_ A.5.1.x A  5.1 A\t.\t5.1 A..5.1 A.5..1 A.5.12.123",
            "A.5.1.2.3.4 A5.1 A 5.10.10 A.05.01 xA.5.1 A.5.1A",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for _ in 0..20_000 {
            let mut t = String::new();
            for _ in 0..(seed % 13) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push(char::from(
                    alphabet[(seed % alphabet.len() as u64) as usize],
                ));
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            texts.push(t);
        }
        for t in &texts {
            let want: Vec<(usize, usize)> = id.find_iter(t).map(|m| (m.start(), m.end())).collect();
            let mut got = Vec::new();
            super::ascii_ids(t, &mut got);
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn clause_words() {
        assert!(clause_context(
            "Monitoring results are evaluated as required by A.9.1."
        ));
        assert!(!clause_context("Access is granted as A.9.1 requires."));
    }
}
