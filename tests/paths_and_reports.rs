//! Issue 10: paths from where the user stands (every format relative to the current directory;
//! SARIF, GitLab and GitHub annotations relative to the repository root), and reports written by
//! `-o` never linted.

mod common;

use assert_cmd::Command;
use common::TODAY;
use std::fs;
use std::path::Path;

fn ismslint(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ismslint").expect("binary");
    cmd.current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("ISMSLINT_TODAY", TODAY);
    cmd
}

/// A git repository whose ISMS lives in `isms/`: an SoA with an unjustified exclusion, and a
/// policy with a placeholder.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join(".git")).expect("git");
    fs::create_dir_all(root.join("isms/policies")).expect("mkdir");
    fs::write(
        root.join("isms/soa.yaml"),
        "controls:\n  - id: A.7.4\n    applicable: no\n",
    )
    .expect("write");
    fs::write(
        root.join("isms/policies/access.md"),
        "---\ntitle: Access\nowner: CISO\nversion: 1\napprover: CEO\napproved_on: 2026-01-01\nreview_interval: 12 months\n---\n\nThis binds [Company Name].\n",
    )
    .expect("write");
    dir
}

fn run(cwd: &Path, args: &[&str]) -> String {
    let out = ismslint(cwd).args(args).output().expect("run");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The files a report names, for each format.
fn paths(format: &str, text: &str) -> Vec<String> {
    match format {
        "concise" => text
            .lines()
            .filter(|l| l.contains(": error[") || l.contains(": warning["))
            .filter(|l| !l.starts_with("(repository)"))
            .map(|l| l.split(':').next().unwrap_or_default().to_string())
            .collect(),
        "github" => text
            .lines()
            .filter_map(|l| l.split("file=").nth(1))
            .map(|rest| rest.split(',').next().unwrap_or_default().to_string())
            .collect(),
        "json" => {
            let doc: serde_json::Value = serde_json::from_str(text).expect("json");
            doc["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .filter_map(|d| d["path"].as_str().map(String::from))
                .collect()
        }
        "sarif" => {
            let doc: serde_json::Value = serde_json::from_str(text).expect("json");
            let results = doc["runs"][0]["results"].as_array().expect("results");
            for r in results {
                assert_eq!(
                    r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
                    "%SRCROOT%"
                );
            }
            results
                .iter()
                .map(|r| {
                    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect()
        }
        "gitlab" => {
            let doc: serde_json::Value = serde_json::from_str(text).expect("json");
            doc.as_array()
                .expect("issues")
                .iter()
                .map(|i| {
                    i["location"]["path"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect()
        }
        other => panic!("{other}"),
    }
}

#[test]
fn a_sub_folder_linted_from_the_repository_root_and_from_inside_it() {
    let dir = repo();
    let root = dir.path();
    let inside = root.join("isms/policies");
    for (cwd, target) in [(root.to_path_buf(), "isms"), (inside.clone(), "..")] {
        for format in ["concise", "json", "github", "sarif", "gitlab"] {
            let text = run(&cwd, &[target, "--format", format]);
            let named = paths(format, &text);
            assert!(!named.is_empty(), "{format} from {}: {text}", cwd.display());
            // SARIF, GitLab and annotations: from the repository root; the rest: from here.
            let base = if matches!(format, "github" | "sarif" | "gitlab") {
                root
            } else {
                cwd.as_path()
            };
            for p in &named {
                assert!(
                    base.join(p).is_file(),
                    "{format} from {}: `{p}` is not a file relative to {}",
                    cwd.display(),
                    base.display()
                );
            }
            if matches!(format, "github" | "sarif" | "gitlab") {
                assert!(named.iter().any(|p| p == "isms/soa.yaml"), "{named:?}");
            }
        }
    }
    // From inside, the human output names the SoA as `../soa.yaml`.
    let human = run(&inside, &["..", "--color", "never"]);
    assert!(human.contains("\n../soa.yaml:2:5: error[SOA005"), "{human}");
    assert!(human.contains("\naccess.md:10:12: error[DOC001"), "{human}");
}

#[test]
fn outside_a_git_repository_sarif_is_relative_to_the_current_directory() {
    let dir = repo();
    fs::remove_dir(dir.path().join(".git")).expect("rm .git");
    let text = run(dir.path(), &["isms", "--format", "sarif"]);
    assert!(paths("sarif", &text).iter().any(|p| p == "isms/soa.yaml"));
}

#[test]
fn an_unknown_report_format_exits_2_and_lists_the_formats() {
    let dir = repo();
    let out = ismslint(dir.path())
        .args(["isms", "-o", "xml:out.xml"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown report format `xml`"), "{err}");
    assert!(
        err.contains("human, concise, json, sarif, github, junit, gitlab, markdown"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "nothing is linted");
    assert!(!dir.path().join("xml:out.xml").exists());
    assert!(!dir.path().join("out.xml").exists());
    // A near miss gets a suggestion; a file name with a colon is still possible.
    let out = ismslint(dir.path())
        .args(["isms", "-o", "sarf:out.sarif"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `sarif`?"));
    let out = ismslint(dir.path())
        .args(["isms", "--format", "json", "-o", "./notes:today.json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(dir.path().join("notes:today.json").is_file());
}

#[test]
fn reports_written_into_the_linted_tree_are_not_linted() {
    let dir = repo();
    let isms = dir.path().join("isms");
    let concise = |extra: &[&str]| {
        let mut args = vec![".", "--format", "concise"];
        args.extend(extra);
        run(&isms, &args)
    };
    // The Markdown report quotes `[Company Name]`: linted, it would be a new DOC001.
    let first = concise(&["-o", "markdown:lint-summary.md", "-o", "json:lint.json"]);
    assert!(isms.join("lint-summary.md").is_file() && isms.join("lint.json").is_file());
    let second = concise(&["-o", "markdown:lint-summary.md", "-o", "json:lint.json"]);
    assert_eq!(first, second);
    // Reports by their usual names are never linted, whoever wrote them.
    fs::rename(
        isms.join("lint-summary.md"),
        isms.join("ismslint-report.md"),
    )
    .expect("mv");
    fs::rename(isms.join("lint.json"), isms.join("ismslint-report.json")).expect("mv");
    fs::write(isms.join("old.sarif"), "{}").expect("write");
    let third = concise(&[]);
    assert_eq!(first, third);
    // A file of the same kind that is not a report is linted (the check above is not vacuous).
    fs::rename(isms.join("ismslint-report.md"), isms.join("notes.md")).expect("mv");
    assert_ne!(first, concise(&[]));
}
