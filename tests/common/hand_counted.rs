//! Repositories whose findings are counted by hand (`fixtures/repos/real-shapes/*`,
//! `fixtures/repos/languages/*`): `expected.tsv` holds the exact set of findings, one per line,
//! `code<TAB>path<TAB>entity<TAB>at` (`at` is the 1-based line, or `Sheet!A1` in a workbook;
//! `entity` is `-` when the finding has none; `#` lines say why), and `reads.tsv` what zero
//! configuration reads, `path<TAB>sheet-or-dash<TAB>kind<TAB>records`. A grouped finding
//! (SOA002 lists every missing control in one) counts once per entity it lists.

use super::{lint, options};
use ismslint::engine::{self, ConfigChoice};
use std::collections::BTreeMap;
use std::path::Path;

/// The rows of a hand-counted TSV file, cells trimmed, comments and blank lines left out.
pub fn rows(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect::<Vec<_>>().join("\t"))
        .collect()
}

/// Multiset difference, both ways, as readable lines; `None` when equal.
pub fn diff(expected: &[String], actual: &[String]) -> Option<String> {
    let mut count: BTreeMap<&str, i64> = BTreeMap::new();
    for e in expected {
        *count.entry(e).or_default() += 1;
    }
    for a in actual {
        *count.entry(a).or_default() -= 1;
    }
    let side = |pos: bool| -> Vec<&str> {
        count
            .iter()
            .filter(|(_, n)| if pos { **n > 0 } else { **n < 0 })
            .map(|(k, _)| *k)
            .collect()
    };
    let (missing, extra) = (side(true), side(false));
    (!missing.is_empty() || !extra.is_empty()).then(|| {
        format!(
            "missing (expected, not reported):\n  {}\nextra (reported, not expected):\n  {}",
            missing.join("\n  "),
            extra.join("\n  ")
        )
    })
}

/// The findings of a repository (linted with its `ismslint.yaml` when it has one), one line
/// each in the `expected.tsv` format.
pub fn findings(dir: &Path) -> Vec<String> {
    let o = lint(dir, &[]);
    o.diagnostics
        .iter()
        .flat_map(|d| {
            // A merged finding: each member, with the finding's rule.
            let own = d
                .members
                .is_empty()
                .then_some((d.rule.code, d.loc, d.entity.as_deref()));
            own.into_iter()
                .chain(d.members.iter().map(|m| (d.rule.code, m.loc(), m.entity())))
        })
        .map(|(code, loc, entity)| {
            let (path, at) = match &loc {
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
            format!("{}\t{path}\t{}\t{at}", code, entity.unwrap_or("-"))
        })
        .collect()
}

/// What zero configuration reads in a repository, in the `reads.tsv` format.
pub fn zero_config_reads(dir: &Path) -> Vec<String> {
    let mut opts = options(dir, &[]);
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

/// How a repository differs from its hand count: findings, then zero-config reads when it has
/// a `reads.tsv`. Empty when it matches.
pub fn failures(dir: &Path) -> Vec<String> {
    let expected_path = dir.join("expected.tsv");
    assert!(
        expected_path.is_file(),
        "{} has no expected.tsv",
        dir.display()
    );
    let mut out = Vec::new();
    if let Some(d) = diff(&rows(&expected_path), &findings(dir)) {
        out.push(format!("{}:\n{d}", dir.display()));
    }
    let reads_path = dir.join("reads.tsv");
    if reads_path.is_file()
        && let Some(d) = diff(&rows(&reads_path), &zero_config_reads(dir))
    {
        out.push(format!("{} (zero config reads):\n{d}", dir.display()));
    }
    out
}
