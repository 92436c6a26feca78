//! The rule catalogue is public API: codes, names and default severities are snapshotted, and
//! every rule must have its documentation and fixtures that fire and that pass.

mod common;

use common::{repo_root, subdirs};
use ismslint::rules::metas;

#[test]
fn codes_names_and_severities_are_stable() {
    let list: String = metas()
        .map(|m| {
            format!(
                "{} {} {}\n",
                m.code,
                m.name,
                m.default.map_or("off", |s| s.as_str())
            )
        })
        .collect();
    insta::assert_snapshot!(list);
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let all: Vec<_> = metas().collect();
    for (i, a) in all.iter().enumerate() {
        assert!(
            a.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            a.name
        );
        for b in &all[i + 1..] {
            assert_ne!(a.code, b.code);
            assert_ne!(a.name, b.name);
        }
    }
}

#[test]
fn every_rule_has_a_doc_with_the_required_sections() {
    for m in metas() {
        let path = repo_root().join("rules").join(format!("{}.md", m.code));
        let doc =
            std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing {}", path.display()));
        assert!(
            doc.starts_with(&format!("# {} {}", m.code, m.name)),
            "{}: title",
            m.code
        );
        for section in [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "## How to fix it",
            "## Options",
        ] {
            assert!(doc.contains(section), "{} doc lacks {section}", m.code);
        }
        assert!(
            doc.contains("ISO 27001") || doc.contains("7.5"),
            "{} doc names no clause",
            m.code
        );
    }
}

#[test]
fn every_rule_has_fixtures_that_fire_and_that_pass() {
    for m in metas() {
        let cases: Vec<String> = subdirs(&repo_root().join("fixtures/rules").join(m.code))
            .iter()
            .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
            .collect();
        assert!(
            cases.iter().any(|c| c.starts_with("fires")),
            "{} has no `fires` fixture",
            m.code
        );
        assert!(
            cases.iter().any(|c| c.starts_with("passes")),
            "{} has no `passes` fixture",
            m.code
        );
    }
}

#[test]
fn readme_rule_table_is_current() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let table = ismslint::cli::rules_markdown();
    assert!(
        readme.contains(&table),
        "README's rule table is stale: paste the output of `ismslint rules --format markdown`"
    );
}

#[test]
fn every_soa_and_risk_rule_fires_on_a_spreadsheet_fixture() {
    // SOA011 compares the counts a Markdown SoA states in its text with its rows: a workbook
    // has no text around its table (issue 18 item 4).
    const TEXT_ONLY: &[&str] = &["SOA011"];
    for m in metas().filter(|m| {
        (m.code.starts_with("SOA") || m.code.starts_with("RSK")) && !TEXT_ONLY.contains(&m.code)
    }) {
        let has_sheet = subdirs(&repo_root().join("fixtures/rules").join(m.code))
            .iter()
            .any(|case| {
                case.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("fires"))
                    && std::fs::read_dir(case)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .any(|f| {
                            let name = f.file_name().to_string_lossy().to_lowercase();
                            name.ends_with(".xlsx") || name.ends_with(".ods")
                        })
            });
        assert!(
            has_sheet,
            "{} has no spreadsheet fixture that fires",
            m.code
        );
    }
}
