//! Repositories in the shapes real ISMS repositories use (`fixtures/repos/real-shapes/<name>/`),
//! each with its findings counted by hand:
//!
//! - `expected.tsv`: the exact set of findings, one per line, `code<TAB>path<TAB>entity<TAB>at`
//!   where `at` is the 1-based line (text files) or `Sheet!A1` (workbooks) and `entity` is `-`
//!   when the finding has none. Lines starting with `#` are comments (say why each finding is
//!   expected). The repository is linted with its `ismslint.yaml` when it has one.
//! - `reads.tsv` (optional): what zero configuration reads, one register per line,
//!   `path<TAB>sheet-or-dash<TAB>kind<TAB>records`, so detection never regresses.
//!
//! No finding may be missing and none may be extra. A grouped finding (SOA002 lists every missing
//! control in one) is counted once per entity it lists.

mod common;

use ismslint::engine::{self, ConfigChoice};
use std::collections::BTreeMap;
use std::path::Path;

fn rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(|c| c.trim().to_string()).collect())
        .collect()
}

/// Multiset difference, both ways, as readable lines.
fn diff(expected: &[String], actual: &[String]) -> Option<String> {
    let mut count: BTreeMap<&str, i64> = BTreeMap::new();
    for e in expected {
        *count.entry(e).or_default() += 1;
    }
    for a in actual {
        *count.entry(a).or_default() -= 1;
    }
    let missing: Vec<&str> = count
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, _)| *k)
        .collect();
    let extra: Vec<&str> = count
        .iter()
        .filter(|(_, n)| **n < 0)
        .map(|(k, _)| *k)
        .collect();
    (!missing.is_empty() || !extra.is_empty()).then(|| {
        format!(
            "missing (expected, not reported):\n  {}\nextra (reported, not expected):\n  {}",
            missing.join("\n  "),
            extra.join("\n  ")
        )
    })
}

fn findings(dir: &Path) -> Vec<String> {
    let o = common::lint(dir, &[]);
    // A finding that stands for several (SOA002's missing controls) counts as one per entity,
    // as the baseline does.
    o.diagnostics
        .iter()
        .flat_map(|d| {
            if d.members.is_empty() {
                std::slice::from_ref(d)
            } else {
                d.members.as_slice()
            }
        })
        .map(|d| {
            let (path, at) = match &d.loc {
                None => ("(repository)".to_string(), "-".to_string()),
                Some(loc) => {
                    let place = ismslint::output::place(&o.files, loc);
                    let at = match (&place.sheet, &place.cell) {
                        (Some(s), Some(c)) => format!("{s}!{c}"),
                        _ => place.line.to_string(),
                    };
                    (place.path, at)
                }
            };
            format!(
                "{}\t{path}\t{}\t{at}",
                d.rule.code,
                d.entity.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

fn zero_config_reads(dir: &Path) -> Vec<String> {
    let mut opts = common::options(dir, &[]);
    opts.config = ConfigChoice::Isolated;
    let Ok(o) = engine::run(&opts) else {
        panic!("{}: zero-config run failed", dir.display())
    };
    o.detected
        .iter()
        .map(|(path, d)| {
            format!(
                "{path}\t{}\t{}\t{}",
                d.sheet.as_deref().unwrap_or("-"),
                d.kind,
                d.records
            )
        })
        .collect()
}

#[test]
fn real_shapes_give_exactly_the_hand_counted_findings() {
    let root = common::repo_root().join("fixtures/repos/real-shapes");
    let dirs = common::subdirs(&root);
    assert!(!dirs.is_empty(), "no repositories under {}", root.display());
    let mut failures = Vec::new();
    for dir in &dirs {
        let expected_path = dir.join("expected.tsv");
        assert!(
            expected_path.is_file(),
            "{} has no expected.tsv",
            dir.display()
        );
        let expected: Vec<String> = rows(&expected_path)
            .into_iter()
            .map(|r| r.join("\t"))
            .collect();
        if let Some(d) = diff(&expected, &findings(dir)) {
            failures.push(format!("{}:\n{d}", dir.display()));
        }
        let reads_path = dir.join("reads.tsv");
        if reads_path.is_file() {
            let expected: Vec<String> = rows(&reads_path)
                .into_iter()
                .map(|r| r.join("\t"))
                .collect();
            if let Some(d) = diff(&expected, &zero_config_reads(dir)) {
                failures.push(format!("{} (zero config reads):\n{d}", dir.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
