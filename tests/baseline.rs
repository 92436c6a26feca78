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

/// SOA002 is one finding per SoA, but the baseline and waivers act on each missing control:
/// after a baseline, a newly missing control is reported alone; a waiver of one control takes it
/// out of the list (issue 10).
#[test]
fn missing_controls_are_one_finding_but_baselined_and_waived_one_by_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    copy_tree(&repo_root().join("fixtures/repos/demo"), &repo);
    let baseline = dir.path().join("baseline.json");
    let b = baseline.to_str().expect("utf8");
    let soa002 = |out: &std::process::Output| -> Vec<String> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.contains("[SOA002]"))
            .map(String::from)
            .collect()
    };
    let before = ismslint(&repo, &[]);
    let lines = soa002(&before);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("3 Annex A controls are missing") && lines[0].contains("A.8.9–A.8.11"),
        "{lines:?}"
    );
    // The baseline records each missing control.
    ismslint(&repo, &["--write-baseline", b]);
    let recorded = fs::read_to_string(&baseline).expect("read");
    for id in ["A.8.9", "A.8.10", "A.8.11"] {
        assert!(
            recorded.contains(&format!("\"entity\": \"{id}\"")),
            "{recorded}"
        );
    }
    // A row deleted: only that control is new.
    let soa = fs::read_to_string(repo.join("soa.md")).expect("read");
    let without: String = soa
        .lines()
        .filter(|l| !l.contains("A.8.12 Data leakage prevention"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(repo.join("soa.md"), without).expect("write");
    let out = ismslint(&repo, &["--baseline", b]);
    let lines = soa002(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("Annex A control A.8.12 (Data leakage prevention) is missing"),
        "{lines:?}"
    );
    // A waiver of one control takes it out of the finding.
    fs::write(
        repo.join("ismslint.yaml"),
        "waivers:\n  - rule: SOA002\n    entity: A.8.10\n    reason: agreed with the auditor\n",
    )
    .expect("write");
    let out = Command::cargo_bin("ismslint")
        .expect("bin")
        .arg(&repo)
        .args(["--format", "json", "--today", TODAY, "--select", "SOA002"])
        .output()
        .expect("run");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let d = &doc["diagnostics"][0];
    assert_eq!(d["entity"], "soa.md");
    assert_eq!(
        d["entities"],
        serde_json::json!(["A.8.9", "A.8.11", "A.8.12"])
    );
    assert!(
        d["message"].as_str().is_some_and(
            |m| m.starts_with("3 Annex A controls") && m.contains("A.8.9, A.8.11–A.8.12")
        ),
        "{d}"
    );
}

/// Issue 10: a finding on an SoA row carries the control as entity, whatever rule made it (a
/// placeholder or template sentence in a justification, an unreadable status), so a waiver of
/// that control hides it.
#[test]
fn findings_on_soa_rows_are_about_the_control() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path();
    fs::write(
        repo.join("soa.md"),
        "# SoA\n\n| Control | Applicable | Justification | Status |\n|---|---|---|---|\n\
         | A.5.1 Policies | Yes | Required by the [Company Name] board | Implemented |\n\
         | A.8.28 Secure coding | No | Customise this template before publishing it. | Planed |\n",
    )
    .expect("write");
    fs::write(
        repo.join("controls.yaml"),
        "kind: control\ncontrols:\n  - id: A.5.2\n    applicable: yes\n    justification: \"ACME Corporation requires it\"\n    status: Planed\n",
    )
    .expect("write");
    let findings = |repo: &Path| -> Vec<(String, String)> {
        let out = Command::cargo_bin("ismslint")
            .expect("bin")
            .current_dir(repo)
            .args([
                ".",
                "--format",
                "json",
                "--today",
                TODAY,
                "--select",
                "DOC001,DOC002,IN002",
            ])
            .output()
            .expect("run");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        doc["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or_default().to_string(),
                    d["entity"].as_str().unwrap_or("-").to_string(),
                )
            })
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        findings(repo),
        pairs(&[
            ("DOC002", "A.5.2"),
            ("IN002", "A.5.2"),
            ("DOC001", "A.5.1"),
            ("DOC002", "A.8.28"),
            ("IN002", "A.8.28"),
        ])
    );
    fs::write(
        repo.join("ismslint.yaml"),
        "waivers:\n  - { rule: DOC002, entity: A.8.28, reason: vendor sentence kept on purpose }\n  - { rule: template-placeholder, entity: A.5.1, reason: filled in at signature }\n  - { rule: IN002, entity: A.5.2, reason: migrating }\n",
    )
    .expect("write");
    assert_eq!(
        findings(repo),
        pairs(&[("DOC002", "A.5.2"), ("IN002", "A.8.28")])
    );
}
