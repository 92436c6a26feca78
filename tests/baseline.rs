//! Baselines: written on the demo, they survive edits elsewhere in the files, and only a new
//! defect is reported.

mod common;

use assert_cmd::Command;
use common::{TODAY, repo_root};
use std::fs;
use std::path::Path;

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn ismslint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("ismslint")
        .expect("bin")
        .arg(dir)
        .args(["--isolated", "--format", "concise", "--today", TODAY])
        .args(args)
        .output()
        .expect("run")
}

#[test]
fn baseline_hides_old_findings_and_reports_one_new_defect() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    copy_tree(&repo_root().join("fixtures/repos/demo"), &repo);
    let baseline = dir.path().join("baseline.json");
    let out = ismslint(
        &repo,
        &["--write-baseline", baseline.to_str().expect("utf8")],
    );
    assert_eq!(out.status.code(), Some(0));

    // Unrelated edits: lines added above everything in two files.
    let soa = fs::read_to_string(repo.join("soa.md")).expect("read");
    fs::write(
        repo.join("soa.md"),
        soa.replacen(
            "# Statement of Applicability",
            "# Statement of Applicability\n\nEdited intro.\n",
            1,
        ),
    )
    .expect("write");
    let risks = fs::read_to_string(repo.join("registers/risk-register.csv")).expect("read");
    fs::write(
        repo.join("registers/risk-register.csv"),
        format!("Reviewed 2026-11-01,,,,,,,,,,,,,\n{risks}"),
    )
    .expect("write");
    let clean = ismslint(&repo, &["--baseline", baseline.to_str().expect("utf8")]);
    let text = String::from_utf8_lossy(&clean.stdout);
    assert_eq!(clean.status.code(), Some(0), "{text}");
    assert!(text.starts_with("0 errors, 0 warnings"), "{text}");

    // One new defect: a risk with no owner.
    fs::write(repo.join("registers/risk-register.csv"), format!("Reviewed 2026-11-01,,,,,,,,,,,,,\n{risks}R-099,New supplier risk,,2,2,4,Mitigate,A.5.19,,,,,,\n")).expect("write");
    let out = ismslint(&repo, &["--baseline", baseline.to_str().expect("utf8")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let findings: Vec<&str> = text.lines().filter(|l| l.contains("]")).collect();
    assert_eq!(findings.len(), 1, "{text}");
    assert!(findings[0].contains("[RSK001] risk `R-099`"), "{text}");
}

#[test]
fn fixed_findings_are_reported_and_pruned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).expect("mkdir");
    fs::write(
        repo.join("risks.yaml"),
        "risks:\n  - id: R-1\n  - id: R-2\n",
    )
    .expect("write");
    let baseline = dir.path().join("b.json");
    let b = baseline.to_str().expect("utf8");
    ismslint(&repo, &["--write-baseline", b]);
    fs::write(
        repo.join("risks.yaml"),
        "risks:\n  - id: R-1\n  - id: R-2\n    owner: CISO\n",
    )
    .expect("write");
    let out = ismslint(&repo, &["--baseline", b]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("RSK001 in risks.yaml R-2 no longer occurs")
    );
    let before = fs::read_to_string(&baseline).expect("read");
    ismslint(&repo, &["--baseline", b, "--prune-baseline"]);
    let after = fs::read_to_string(&baseline).expect("read");
    assert!(
        before.contains("\"R-2\"") && !after.contains("\"R-2\"") && after.contains("\"R-1\""),
        "{after}"
    );
}
