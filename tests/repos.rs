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
