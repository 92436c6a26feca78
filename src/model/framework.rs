//! Other frameworks are not ISO 27001 (issue 9 item 8). Repositories keep ISO 42001, NIS2,
//! SOC 2, ISO 27701 or NIST CSF registers beside the 27001 SoA, often with the same header; their
//! IDs (`A.6.2.4` in 42001 is not the 2013 control A.6.2.4) must not reach the 27001 rules.
//!
//! A source says which framework it holds (`framework:` in config). Without config, a reference
//! prefixed with another framework (`42001:A.6.2.4`, `SOC2 CC6.1`, `NIST PR.AC-1`) is not a
//! 27001 reference, and a table whose file name or title names another framework and whose IDs
//! mostly fail the 27001:2022 catalogue is another framework's table. The names are data:
//! `rules/catalog/frameworks.tsv`.

use crate::pattern::Pattern;
use std::sync::LazyLock;

const FRAMEWORKS_TSV: &str = include_str!("../../rules/catalog/frameworks.tsv");

/// The framework a source holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Framework {
    #[default]
    Iso27001_2022,
    /// The 2013 edition: two-level IDs are control objectives (headings), not controls.
    Iso27001_2013,
    /// Anything else: not read by the ISO 27001 rules.
    Other(String),
}

/// How config spells the two editions.
pub const EDITIONS: [&str; 2] = ["iso27001:2022", "iso27001:2013"];

impl Framework {
    /// Read a `framework:` value. `Err` carries the edition a near-miss spelling of ISO 27001
    /// probably meant: a typo must not silently turn the 27001 rules off for a source.
    pub fn parse(s: &str) -> Result<Framework, Option<&'static str>> {
        let key: String = s
            .to_lowercase()
            .replace("iec", "")
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match key.as_str() {
            "iso27001" | "27001" | "iso270012022" | "270012022" => Ok(Framework::Iso27001_2022),
            "iso270012013" | "270012013" => Ok(Framework::Iso27001_2013),
            "" => Err(None),
            // `iso27001:2021`, `iso 27001 2o22`: a 27001 edition misspelt.
            _ if key.contains("27001") => Err(Some(if key.contains("13") {
                EDITIONS[1]
            } else {
                EDITIONS[0]
            })),
            _ if named_in(s).is_some() => Ok(Framework::Other(s.trim().to_string())),
            _ => match crate::model::values::did_you_mean(s, EDITIONS) {
                Some(edition) => Err(Some(edition)),
                None => Ok(Framework::Other(s.trim().to_string())),
            },
        }
    }

    pub fn is_27001(&self) -> bool {
        !matches!(self, Framework::Other(_))
    }
}

struct Known {
    name: String,
    /// `NAMED` for this framework alone, compiled when `ANY_NAMED` has matched a text.
    named: Pattern,
}

/// The name of a framework anywhere in a file name or title, not inside a longer word or number.
fn named_pattern(alternatives: &str) -> String {
    format!(r"(?i)(?:^|[^[:alnum:]]|iso|iec)(?:{alternatives})(?:$|[^[:alnum:]])")
}

static KNOWN: LazyLock<Vec<Known>> = LazyLock::new(|| {
    FRAMEWORKS_TSV
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(name, pattern)| {
            let source = named_pattern(pattern);
            Known {
                name: name.to_string(),
                named: Pattern::owned(source),
            }
        })
        .collect()
});

/// Does a text name any framework? One regex for all (an alternation matches where one of its
/// alternatives does), so that the common answer — no — does not compile the 21 regexes of
/// `KNOWN` (2.9 ms at start-up, issue 16); which framework is named is asked of them in order.
static ANY_NAMED: LazyLock<Pattern> = LazyLock::new(|| {
    let alternatives: Vec<&str> = FRAMEWORKS_TSV
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(_, pattern)| pattern)
        .collect();
    Pattern::owned(named_pattern(&alternatives.join("|")))
});

/// A value that starts with another framework's name and then a reference of it: one regex with
/// a group per framework (the first that matches names it), not a set of one regex each, as each
/// copy of the Unicode `\s`/`\d` classes cost its own compilation (5.8 ms for the set against
/// 0.4 ms, issue 16). The patterns have no groups of their own (tested).
static PREFIXED: LazyLock<(Pattern, Vec<&'static str>)> = LazyLock::new(|| {
    let mut alternatives = Vec::new();
    let mut names = Vec::new();
    for line in FRAMEWORKS_TSV.lines().skip(1) {
        if let Some((name, pattern)) = line.split_once('\t') {
            alternatives.push(format!("({pattern})"));
            names.push(name);
        }
    }
    let re = Pattern::owned(format!(
        r"(?i)^\s*(?:iso\s*(?:/?\s*iec)?\s*)?(?:{})(?:\s*:\s*\d{{4}})?\s*[:\s]\s*\S",
        alternatives.join("|")
    ));
    (re, names)
});

/// Can a text name a framework, or prefix a reference with one? Only where it holds, in
/// some ASCII case, a literal every match of one framework's pattern holds (`nis`, `800`,
/// `42001`): most IDs and titles hold none, and the two regexes of every framework (`(?i)` with
/// Unicode `\s`, ~1.4M instructions each to compile) are then never compiled (issue 16: 4.5% of
/// the demo repository's run). Under `(?i)` an ASCII letter matches no other character but the
/// Kelvin sign (a `k`) and the long s (an `s`): a text holding one of them gets `None`, ask the
/// regex.
fn may_name_framework(text: &str) -> Option<bool> {
    static SEARCH: LazyLock<Option<aho_corasick::AhoCorasick>> = LazyLock::new(|| {
        crate::pattern::word_search(ANCHORS, aho_corasick::MatchKind::Standard, true)
    });
    match &*SEARCH {
        Some(ac) if text.is_ascii() || !text.contains(['\u{212A}', '\u{17F}']) => {
            Some(ac.is_match(text))
        }
        _ => None,
    }
}

/// `anchors_of` each pattern of `frameworks.tsv`, in its order: written out, as deriving them
/// parses every pattern (1M instructions, 1.6% of the demo repository's run). A test derives
/// them again and names the line to change when the file changes.
const ANCHORS: &[&str] = &[
    "42001",
    "27701",
    "27017",
    "27018",
    "22301",
    "9001",
    "20000-1",
    "20000",
    "nis",
    "soc",
    "800",
    "800-53",
    "nist",
    "csf",
    "dora",
    "pci",
    "hipaa",
    "tisax",
    "cis",
    "csa",
    "ccm",
    "bsi",
    "c5",
    "essentials",
    "cmmc",
    "fedramp",
];

/// Strings one of which every match of a framework's `pattern` holds, in the case written
/// (`nis` for `nis\s*-?\s*2`): of a concatenation, the first part whose strings are the longest
/// (the framework's name comes first: `cis`, not the `control` of `cis\s*controls?`, which
/// every access-control policy holds); of an alternation, those of each branch. `None` when a
/// branch has none.
#[cfg(test)]
fn anchors_of(pattern: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::{Hir, HirKind};
    fn of(hir: &Hir) -> Option<Vec<Vec<u8>>> {
        match hir.kind() {
            HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
            HirKind::Capture(c) => of(&c.sub),
            HirKind::Repetition(r) if r.min > 0 => of(&r.sub),
            HirKind::Concat(subs) => {
                let shortest = |set: &Vec<Vec<u8>>| set.iter().map(Vec::len).min();
                let mut best: Option<Vec<Vec<u8>>> = None;
                for set in subs.iter().filter_map(of) {
                    if best.as_ref().is_none_or(|b| shortest(&set) > shortest(b)) {
                        best = Some(set);
                    }
                }
                best
            }
            HirKind::Alternation(subs) => {
                subs.iter().map(of).try_fold(Vec::new(), |mut all, set| {
                    all.extend(set?);
                    Some(all)
                })
            }
            _ => None,
        }
    }
    of(&regex_syntax::Parser::new().parse(pattern).ok()?)
}

/// The other framework a file name or title names, if any.
pub fn named_in(text: &str) -> Option<&'static str> {
    if may_name_framework(text) == Some(false) {
        debug_assert!(!ANY_NAMED.is_match(text), "{text:?}");
        return None;
    }
    if !ANY_NAMED.is_match(text) {
        return None;
    }
    KNOWN
        .iter()
        .find(|k| k.named.is_match(text))
        .map(|k| k.name.as_str())
}

/// The other framework a reference is prefixed with (`42001:A.6.2.4`, `SOC2 CC6.1`).
pub fn reference_prefix(value: &str) -> Option<&'static str> {
    let v = value.trim_start();
    // Most references are `A.5.1`: no framework name starts like that.
    if v.starts_with(['A', 'a']) && v[1..].starts_with(['.', ' ']) {
        return None;
    }
    let (re, names) = &*PREFIXED;
    if may_name_framework(v) == Some(false) {
        debug_assert!(re.captures(v).is_none(), "{v:?}");
        return None;
    }
    let caps = re.captures(v)?;
    (1..caps.len())
        .find(|&i| caps.get(i).is_some())
        .map(|i| names[i - 1])
}

/// Is `id` (already normalised: `A.5.1`, `A.9.2.3`) an ISO 27001 Annex A control of the 2022
/// or the 2013 edition? A 2013 SoA whose title happens to name another framework is still a
/// 27001 SoA.
pub fn in_annex_a(id: &str) -> bool {
    static IDS: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
        let catalog = crate::model::catalog::Catalog::shared();
        let legacy = catalog.legacy.keys().cloned();
        catalog
            .controls
            .iter()
            .map(|c| c.id.clone())
            .chain(legacy)
            .collect()
    });
    IDS.contains(id)
}

/// Of the control IDs written in a table, how many are in neither ISO 27001 Annex A (2022 or
/// 2013), and how many there are.
pub fn failing_ids<'a>(ids: impl Iterator<Item = &'a str>) -> (usize, usize) {
    use crate::model::control_id::{ControlRef, parse_control_ref};
    let mut total = 0;
    let mut failing = 0;
    for id in ids.filter(|s| !s.trim().is_empty()) {
        total += 1;
        let ok = matches!(
            parse_control_ref(id),
            Some(ControlRef::Control(c) | ControlRef::Legacy(c)) if in_annex_a(&c)
        ) && reference_prefix(id).is_none();
        failing += usize::from(!ok);
    }
    (failing, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_patterns_have_no_groups_of_their_own() {
        let (re, names) = &*PREFIXED;
        assert_eq!(re.full().captures_len(), names.len() + 1);
    }

    /// Built-in patterns are compiled on first use, where an invalid one would panic.
    #[test]
    fn every_framework_pattern_compiles() {
        for known in KNOWN.iter() {
            let _ = known.named.full();
        }
        let _ = ANY_NAMED.full();
    }

    #[test]
    fn prefixed_references_name_their_framework() {
        assert_eq!(reference_prefix("42001:A.6.2.4"), Some("ISO/IEC 42001"));
        assert_eq!(reference_prefix("SOC2 CC6.1"), Some("SOC 2"));
        assert_eq!(reference_prefix("SOC 2 CC6.1"), Some("SOC 2"));
        assert_eq!(reference_prefix("NIST PR.AC-1"), Some("NIST CSF"));
        assert_eq!(reference_prefix("27701 A.7.2.1"), Some("ISO/IEC 27701"));
        assert_eq!(
            reference_prefix("ISO/IEC 27701:2019 A.7.2.1"),
            Some("ISO/IEC 27701")
        );
        for ours in [
            "A.5.1",
            "5.1",
            "ISO27001:2022 A.5.1",
            "A 8.2",
            "R-001",
            "NIS2",
        ] {
            assert_eq!(reference_prefix(ours), None, "{ours}");
        }
    }

    #[test]
    fn every_framework_pattern_has_anchors() {
        // Else no text is ruled out, and every ID compiles both regexes (`may_name_framework`).
        for (name, pattern) in FRAMEWORKS_TSV
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once('\t'))
        {
            let anchors = anchors_of(pattern);
            assert!(anchors.is_some_and(|a| !a.is_empty()), "{name}");
        }
        assert_eq!(
            anchors_of(r"cis\s*(?:controls?|csc)"),
            Some(vec![b"cis".to_vec()])
        );
        let derived: Vec<String> = FRAMEWORKS_TSV
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once('\t'))
            .flat_map(|(_, pattern)| anchors_of(pattern).unwrap_or_default())
            .map(|a| String::from_utf8(a).unwrap())
            .collect();
        assert_eq!(
            ANCHORS, derived,
            "update ANCHORS to what rules/catalog/frameworks.tsv gives"
        );
        assert_eq!(may_name_framework("R-001"), Some(false));
        assert_eq!(
            may_name_framework("policies/access-control-policy.md"),
            Some(false)
        );
        assert_eq!(may_name_framework("Reviewed 2026-01-15"), Some(false));
        assert_eq!(may_name_framework("Risk register"), Some(false));
        assert_eq!(may_name_framework("iso-42001-SoA"), Some(true));
        assert_eq!(may_name_framework("Ni\u{212a}S2"), None);
        assert_eq!(may_name_framework("SoA › People controls"), Some(false));
        assert_eq!(may_name_framework("Risikoregister › NIS-2"), Some(true));
    }

    #[test]
    fn names_in_file_names_and_titles() {
        assert_eq!(named_in("ai/iso42001-soa.md"), Some("ISO/IEC 42001"));
        assert_eq!(named_in("NIS2 measures"), Some("NIS2"));
        assert_eq!(named_in("soc-2-controls.csv"), Some("SOC 2"));
        assert_eq!(named_in("Annex A (ISO/IEC 27001:2022)"), None);
        assert_eq!(named_in("pandora-box.md"), None);
        assert_eq!(named_in("soa.md"), None);
    }

    #[test]
    fn config_spellings() {
        assert_eq!(
            Framework::parse("iso27001:2022"),
            Ok(Framework::Iso27001_2022)
        );
        assert_eq!(
            Framework::parse("ISO/IEC 27001:2013"),
            Ok(Framework::Iso27001_2013)
        );
        assert_eq!(
            Framework::parse("iso42001"),
            Ok(Framework::Other("iso42001".into()))
        );
        assert_eq!(
            Framework::parse("iso27001:2021"),
            Err(Some("iso27001:2022"))
        );
        assert!(Framework::parse("iso2701:2022").is_err());
    }

    #[test]
    fn a_42001_annex_mostly_fails_the_27001_catalogue() {
        // A.5.2 is a 2022 control and A.6.1.2 a 2013 one; the others are in neither.
        let ids = ["A.2.2", "A.4.2", "A.5.2", "A.6.1.2", "A.9.3", "A.10.2"];
        assert_eq!(failing_ids(ids.into_iter()), (4, 6));
        // A 2013-edition SoA passes.
        let ids = ["A.9.2.3", "A.12.6.1", "A.18.1.4"];
        assert_eq!(failing_ids(ids.into_iter()), (0, 3));
    }
}
