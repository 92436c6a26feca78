//! Whole example repositories: the clean one has zero findings; the demo one is snapshotted.

mod common;

use common::{lint, render, repo_root};
use ismslint::output::Format;

#[test]
fn clean_repository_has_no_findings() {
    let o = lint(&repo_root().join("fixtures/repos/clean"), &[]);
    assert!(o.diagnostics.is_empty(), "{}", render(&o, Format::Concise));
    assert_eq!(o.summary.soa.covered, 93);
    assert!(o.summary.risks >= 15);
}

#[test]
fn demo_repository_findings() {
    let o = lint(&repo_root().join("fixtures/repos/demo"), &[]);
    insta::assert_snapshot!("demo_concise", render(&o, Format::Concise));
    insta::assert_snapshot!("demo_json", render(&o, Format::Json));
    insta::assert_snapshot!("demo_human", render(&o, Format::Human));
}

#[test]
fn well_written_policy_set_has_no_document_findings() {
    let o = lint(
        &repo_root().join("fixtures/repos/policy-set"),
        &["DOC", "EVD"],
    );
    assert!(o.diagnostics.is_empty(), "{}", render(&o, Format::Concise));
}

#[test]
fn template_kit_has_one_finding_per_placeholder() {
    let o = lint(
        &repo_root().join("fixtures/repos/template-kit"),
        &["DOC", "EVD"],
    );
    let count = |code: &str| o.diagnostics.iter().filter(|d| d.rule.code == code).count();
    // Counted by hand in the two files: 18 placeholders outside required fields, 5 template
    // sentences or sample names, 2 documents whose required metadata are placeholders.
    assert_eq!(count("DOC001"), 18, "{}", render(&o, Format::Concise));
    assert_eq!(count("DOC002"), 5);
    assert_eq!(count("DOC004"), 2);
    // No two findings of one rule at the same place.
    let mut places: Vec<_> = o
        .diagnostics
        .iter()
        .filter_map(|d| d.loc.as_ref().map(|l| (d.rule.code, l.file, l.start)))
        .collect();
    let n = places.len();
    places.dedup();
    assert_eq!(places.len(), n);
    insta::assert_snapshot!("template_kit", render(&o, Format::Concise));
}
