//! `ismslint init` records what it detects, and linting right after it gives the same findings.

mod common;

use assert_cmd::Command;
use common::{TODAY, repo_root};
use std::fs;
use std::path::Path;

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// `ismslint init DIR`.
fn init(dir: &Path) -> std::process::Output {
    Command::cargo_bin("ismslint")
        .expect("bin")
        .arg("init")
        .arg(dir)
        .output()
        .expect("init")
}

fn lint(dir: &Path, isolated: bool) -> String {
    let mut cmd = Command::cargo_bin("ismslint").expect("bin");
    cmd.arg(dir).args(["--format", "concise", "--today", TODAY]);
    if isolated {
        cmd.arg("--isolated");
    }
    String::from_utf8(cmd.output().expect("run").stdout).expect("utf8")
}

#[test]
fn linting_after_init_gives_the_same_findings() {
    for repo in [
        "demo",
        "clean",
        "workbook",
        "real-shapes/multi-table-soa-md",
        "real-shapes/template-kit-42001",
        "real-shapes/yaml-soa-one-missing-status",
        "real-shapes/word-scale-5x5-method-md",
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_tree(&repo_root().join("fixtures/repos").join(repo), dir.path());
        // The shape's own config is what init replaces.
        let _ = fs::remove_file(dir.path().join("ismslint.yaml"));
        let before = lint(dir.path(), true);
        let out = init(dir.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(dir.path().join("ismslint.yaml").is_file());
        let after = lint(dir.path(), false);
        assert_eq!(before, after, "{repo}: findings changed after init");
    }
}

/// Issue 12 item 5: on registers scored with words, with composite impact or packed cells,
/// `init` learns the method (scales ordered from the repository's methodology table or matrix
/// sheet, the matrix, `impact: { from: [C, I, A] }`, `split:`), and linting with what it writes
/// gives the same findings as the hand-written config of each shape.
#[test]
fn init_learns_the_risk_method_like_a_hand_written_config() {
    for repo in [
        "word-scale-3x3-md",
        "word-scale-5x5-workbook",
        "treatment-prose-csv",
        "packed-treatment-owner-workbook",
        "composite-impact-csv",
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_tree(
            &repo_root().join("fixtures/repos/real-shapes").join(repo),
            dir.path(),
        );
        let by_hand = lint(dir.path(), false);
        fs::remove_file(dir.path().join("ismslint.yaml")).ok();
        let out = init(dir.path());
        assert!(out.status.success(), "{repo}");
        let yaml = fs::read_to_string(dir.path().join("ismslint.yaml")).expect("config");
        let learned = lint(dir.path(), false);
        assert_eq!(by_hand, learned, "{repo}: init wrote\n{yaml}");
        assert!(
            !learned.contains("IN002") || repo == "treatment-prose-csv",
            "{repo}: {learned}"
        );
    }
    let init = |repo: &str| {
        let out = Command::cargo_bin("ismslint")
            .expect("bin")
            .args(["init", "--stdout"])
            .arg(repo_root().join("fixtures/repos/real-shapes").join(repo))
            .output()
            .expect("init");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let y = init("word-scale-3x3-md");
    assert!(
        y.contains(
            "likelihood: [Low, Medium, High]   # ordered by docs/risk-assessment-procedure.md"
        ),
        "{y}"
    );
    assert!(
        y.contains("not on this scale (RSK002 reports them): `Very High`"),
        "{y}"
    );
    assert!(y.contains("    - [Medium, High, High]"), "{y}");
    let y = init("word-scale-5x5-workbook");
    assert!(
        y.contains("impact: [Negligible, Minor, Moderate, Major, Severe]   # ordered by Risk Assessment 2026.xlsx › Risk Matrix"),
        "{y}"
    );
    let y = init("packed-treatment-owner-workbook");
    assert!(
        y.contains("\"Treatment / Owner\": [treatment, owner]"),
        "{y}"
    );
    let y = init("treatment-prose-csv");
    assert!(
        y.contains("impact: { from: [C, I, A], combine: max }"),
        "{y}"
    );
}

#[test]
fn init_records_sheets_header_rows_and_columns() {
    let out = Command::cargo_bin("ismslint")
        .expect("bin")
        .args(["init", "--stdout"])
        .arg(repo_root().join("fixtures/repos/workbook"))
        .output()
        .expect("init");
    let yaml = String::from_utf8_lossy(&out.stdout);
    assert!(
        yaml.contains("sheet: \"Statement of Applicability\""),
        "{yaml}"
    );
    assert!(yaml.contains("sheet: \"Risk Register\""), "{yaml}");
    assert!(yaml.contains("header_row: 4"), "{yaml}");
    assert!(
        yaml.contains("status: \"Implementation\\nStatus\""),
        "{yaml}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("found: registers/ISMS.xlsx › Statement of Applicability: 93 control records"),
        "{err}"
    );
    insta::assert_snapshot!("init_workbook", yaml);
}

#[test]
fn init_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("ismslint.yaml"), "rules: {}\n").expect("write");
    let run = |args: &[&str]| {
        Command::cargo_bin("ismslint")
            .expect("bin")
            .arg("init")
            .arg(dir.path())
            .args(args)
            .output()
            .expect("init")
    };
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(dir.path().join("ismslint.yaml")).expect("read"),
        "rules: {}\n"
    );
    assert!(run(&["--stdout"]).status.success());
    assert_eq!(
        fs::read_to_string(dir.path().join("ismslint.yaml")).expect("read"),
        "rules: {}\n"
    );
    assert!(run(&["--force"]).status.success());
    assert!(
        fs::read_to_string(dir.path().join("ismslint.yaml"))
            .expect("read")
            .contains("framework")
    );
}

/// A Markdown file holding several registers gets one source per register, each picking its
/// tables by a header cell only they have (issue 9 item 3); linting with it gives the same
/// findings as before init.
#[test]
fn init_writes_table_selectors_for_a_file_of_several_registers() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("isms.md"),
        "# ISMS registers\n\n## Organisational\n\n| Control | Applicable | Justification |\n|---|---|---|\n| A.5.1 | Yes | Policy set required by customer contracts |\n\n## People\n\n| Control | Applicable | Justification |\n|---|---|---|\n| A.6.1 | Yes | Screening is a condition of our customer contracts |\n\n## Risks\n\n| Risk ID | Likelihood | Impact | Score | Controls | Owner |\n|---|---|---|---|---|---|\n| R-1 | 2 | 3 | 6 | A.6.1 | CISO |\n\n## Change log\n\n| Version | Date | Change |\n|---|---|---|\n| 1.0 | 2026-01-05 | First issue |\n",
    )
    .expect("write");
    let before = lint(dir.path(), true);
    let out = init(dir.path());
    assert!(out.status.success());
    let yaml = fs::read_to_string(dir.path().join("ismslint.yaml")).expect("config");
    assert!(
        yaml.contains("kind: control\n    header: \"Control\""),
        "{yaml}"
    );
    assert!(
        yaml.contains("kind: risk\n    header: \"Risk ID\""),
        "{yaml}"
    );
    assert_eq!(before, lint(dir.path(), false), "{yaml}");
}

/// Issue 17: a register and a treatment plan written one section per risk are written as risk
/// sources by `init`, and read the same way after it: the same risk findings. (The plan is a
/// controlled document by its title only while no config names it a register.)
#[test]
fn risk_sections_read_the_same_after_init() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(
        &repo_root().join("fixtures/repos/real-shapes/treatment-plan-sections"),
        dir.path(),
    );
    let risks = |s: String| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains("[RSK") || l.contains("[IN00"))
            .map(String::from)
            .collect()
    };
    let before = risks(lint(dir.path(), true));
    assert_eq!(before.len(), 5, "{before:?}");
    assert!(init(dir.path()).status.success());
    assert_eq!(before, risks(lint(dir.path(), false)));
}
