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

#[test]
fn real_shapes_give_exactly_the_hand_counted_findings() {
    let root = common::repo_root().join("fixtures/repos/real-shapes");
    let dirs = common::subdirs(&root);
    assert!(!dirs.is_empty(), "no repositories under {}", root.display());
    let failures: Vec<String> = dirs
        .iter()
        .flat_map(|d| common::hand_counted::failures(d))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
