//! The command line: exit codes, config errors, subcommands, determinism.

mod common;

use common::{ismslint, repo_root};
use std::fs;

fn fixture(rel: &str) -> String {
    repo_root().join(rel).to_string_lossy().into_owned()
}

#[test]
fn demo_has_errors_and_exits_1() {
    let out = ismslint()
        .arg(fixture("fixtures/repos/demo"))
        .arg("--isolated")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("error[SOA005/unjustified-exclusion]"),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .is_some_and(|l| l.contains("errors") && l.contains("SoA"))
    );
}

#[test]
fn clean_repository_exits_0() {
    let out = ismslint()
        .args(["check", &fixture("fixtures/repos/clean"), "--isolated"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn exit_zero_and_deny_warnings() {
    ismslint()
        .args([&fixture("fixtures/repos/demo"), "--isolated", "--exit-zero"])
        .assert()
        .code(0);
    let warn_only = fixture("fixtures/rules/SOA006/fires");
    ismslint()
        .args([&warn_only, "--isolated", "--select", "SOA006"])
        .assert()
        .code(0);
    ismslint()
        .args([
            &warn_only,
            "--isolated",
            "--select",
            "SOA006",
            "--deny-warnings",
        ])
        .assert()
        .code(1);
}

#[test]
fn select_and_ignore_by_code_name_and_prefix() {
    let demo = fixture("fixtures/repos/demo");
    let out = ismslint()
        .args([
            &demo,
            "--isolated",
            "--format",
            "concise",
            "--select",
            "RSK",
        ])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("[RSK001]") && !text.contains("[SOA"),
        "{text}"
    );
    let out = ismslint()
        .args([
            &demo,
            "--isolated",
            "--format",
            "concise",
            "--ignore",
            "missing-control,SOA0",
        ])
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("[SOA"));
}

#[test]
fn bad_usage_exits_2() {
    ismslint().arg("/nonexistent/dir").assert().code(2);
    ismslint().args([".", "--format", "xml"]).assert().code(2);
    ismslint()
        .args([".", "--select", "NOPE999"])
        .assert()
        .code(2);
    ismslint()
        .args([".", "--today", "yesterday"])
        .assert()
        .code(2);
}

#[test]
fn invalid_config_points_at_the_line_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("ismslint.yaml"),
        "risk:\n  likelihood: [1, 5]\n  acceptance_treshold: 8\nrules:\n  unjustified-exclusions: warn\n  SOA006: sometimes\n",
    )
    .expect("write");
    let out = ismslint().arg(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ismslint.yaml:3:3"), "{err}");
    assert!(
        err.contains("did you mean `acceptance_threshold`?"),
        "{err}"
    );
    assert!(
        err.contains("unknown rule `unjustified-exclusions`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `unjustified-exclusion`?"),
        "{err}"
    );
    assert!(err.contains("ismslint.yaml:6:11"), "{err}");
}

#[test]
fn risk_matrix_and_levels_are_checked_at_their_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("ismslint.yaml"),
        "risk:\n  likelihood: [Low, Medium, High]\n  impact: [Low, Medium, High]\n  levels: [Low, Medium, High]\n  acceptance_threshold: Severe\n  matrix:\n    - [Low, Low, Medium]\n    - [Low, Medium]\n    - [Medium, High, Hihg]\n",
    )
    .expect("write");
    let out = ismslint().arg(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ismslint.yaml:5:25"), "{err}");
    assert!(
        err.contains("`Severe` is not a level of `risk.levels`"),
        "{err}"
    );
    assert!(err.contains("ismslint.yaml:8:7"), "{err}");
    assert!(err.contains("should have 3 cells"), "{err}");
    assert!(err.contains("ismslint.yaml:9:22"), "{err}");
    assert!(err.contains("did you mean `High`?"), "{err}");
    assert!(err.contains("`Hihg` is not a level"), "{err}");
    fs::write(
        dir.path().join("ismslint.yaml"),
        "risk:\n  likelihood: [Low, Medium, High]\n  impact: [Low, Medium, High]\n  levels: [Low, Medium, High]\n  matrix:\n    - [Low, Low, Medium]\n    - [Low, Medium, High]\n",
    )
    .expect("write");
    let out = ismslint().arg(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ismslint.yaml:6:5"), "{err}");
    assert!(err.contains("3 rows (likelihood, lowest first)"), "{err}");
}

#[test]
fn rule_rsk003_shows_the_configured_matrix_in_a_repository() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("ismslint.yaml"),
        "risk:\n  likelihood: [Rare, Possible, Likely]\n  impact: [Minor, Major, Severe]\n  levels: [Low, Medium, High]\n  matrix:\n    - [Low, Low, Medium]\n    - [Low, Medium, High]\n    - [Medium, High, High]\n  acceptance_threshold: Low\n",
    )
    .expect("write");
    let out = ismslint()
        .current_dir(dir.path())
        .args(["rule", "RSK003"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("# RSK003 score-mismatch"), "{text}");
    assert!(text.contains("| Minor | Major | Severe |"), "{text}");
    // Most likely row on top.
    assert!(
        text.contains("| Likely | Medium | High | High |\n| Possible | Low | Medium | High |\n| Rare | Low | Low | Medium |"),
        "{text}"
    );
    assert!(text.contains("- acceptance threshold: Low"), "{text}");
    // Not for other rules, and not outside a repository with a config.
    let out = ismslint()
        .current_dir(dir.path())
        .args(["rule", "SOA005"])
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("risk methodology of"));
}

#[test]
fn source_selectors_and_framework_typos_are_rejected_with_did_you_mean() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    fs::write(
        p.join("soa.md"),
        "| Control | Applicable |\n|---|---|\n| A.5.1 | Yes |\n",
    )
    .expect("write");
    let cases = [
        ("tabel: 2", "did you mean `table`?"),
        ("haeder: Risk ID", "did you mean `header`?"),
        ("framwork: iso42001", "did you mean `framework`?"),
        ("table: 0", "`table` is the number of a table"),
        ("table: [1, two]", "`table` is the number of a table"),
        ("framework: iso27001:2021", "did you mean `iso27001:2022`?"),
        ("framework: iso2701:2013", "did you mean `iso27001:2013`?"),
    ];
    for (line, expected) in cases {
        fs::write(
            p.join("ismslint.yaml"),
            format!("sources:\n  - path: soa.md\n    kind: control\n    {line}\n"),
        )
        .expect("write");
        let out = ismslint().arg(p).output().expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{line}: {err}");
        assert!(err.contains(expected), "{line}: {err}");
        assert!(err.contains("ismslint.yaml:4:"), "{line}: {err}");
    }
    // A workbook's table is its sheet.
    fs::write(
        p.join("ismslint.yaml"),
        "sources:\n  - path: soa.xlsx\n    kind: control\n    header: Control\n",
    )
    .expect("write");
    let out = ismslint().arg(p).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("name the sheet with `sheet:`"));
    // The top level names an edition of ISO 27001; another framework goes on its sources.
    fs::write(p.join("ismslint.yaml"), "framework: iso42001\n").expect("write");
    let out = ismslint().arg(p).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("edition of ISO 27001"));
    // Accepted: selectors and another framework's name on a source.
    fs::write(
        p.join("ismslint.yaml"),
        "framework: iso27001:2022\nsources:\n  - path: soa.md\n    kind: control\n    table: 1\n    header: Control\n    framework: iso42001\n",
    )
    .expect("write");
    let out = ismslint().arg(p).output().expect("run");
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn config_is_found_in_parent_directories_and_isolated_ignores_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join(".git")).expect("git dir");
    fs::write(
        dir.path().join("ismslint.yaml"),
        "rules:\n  SOA001: allow\n",
    )
    .expect("write");
    fs::create_dir(dir.path().join("sub")).expect("sub");
    ismslint().arg(dir.path().join("sub")).assert().code(0);
    ismslint()
        .arg(dir.path().join("sub"))
        .arg("--isolated")
        .assert()
        .code(1);
}

#[test]
fn rule_levels_from_config_apply() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("ismslint.yaml"), "rules:\n  no-soa: warn\n").expect("write");
    let out = ismslint()
        .arg(dir.path())
        .args(["--format", "concise"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("warning[SOA001]"));
}

#[test]
fn rules_and_rule_subcommands() {
    let out = ismslint()
        .args(["rules", "--format", "json"])
        .output()
        .expect("run");
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        rules.as_array().map(Vec::len),
        Some(ismslint::rules::metas().count())
    );
    let out = ismslint()
        .args(["rule", "unjustified-exclusion"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# SOA005 unjustified-exclusion"));
    ismslint().args(["rule", "XYZ"]).assert().code(2);
}

/// Issue 10: a CLI that forgives typos and says what is wrong.
#[test]
fn mistakes_get_a_did_you_mean_and_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        let out = ismslint()
            .current_dir(dir.path())
            .args(args)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // A mistyped subcommand is not taken for a folder to lint.
    let err = run(&["rulse"]);
    assert!(
        err.contains("unknown command `rulse`: did you mean `ismslint rules` or `ismslint rule`?"),
        "{err}"
    );
    let err = run(&["confg-schema"]);
    assert!(
        err.contains("did you mean `ismslint config-schema`?"),
        "{err}"
    );
    let err = run(&["explian", "SOA005"]);
    assert!(
        err.contains("unknown command `explian`: did you mean `ismslint explain`?"),
        "{err}"
    );
    // A path that does not exist says so.
    let err = run(&["registers"]);
    assert!(err.contains("registers does not exist"), "{err}");
    let err = run(&["check", "isms/soa.md"]);
    assert!(err.contains("isms/soa.md does not exist"), "{err}");
    // Unknown codes in --select/--ignore, with the flag and a suggestion.
    let err = run(&[".", "--select", "SOA05"]);
    assert!(
        err.contains("unknown rule `SOA05` in --select (did you mean `SOA005`?)"),
        "{err}"
    );
    let err = run(&[".", "--ignore", "unjustified-exclusions"]);
    assert!(
        err.contains("in --ignore (did you mean `unjustified-exclusion`?)"),
        "{err}"
    );
    let err = run(&["rule", "SOA05"]);
    assert!(err.contains("(did you mean `SOA005`?)"), "{err}");
}

#[test]
fn explain_is_rule() {
    let rule = ismslint().args(["rule", "SOA005"]).output().expect("run");
    let explain = ismslint()
        .args(["explain", "SOA005"])
        .output()
        .expect("run");
    assert_eq!(explain.status.code(), Some(0));
    assert_eq!(rule.stdout, explain.stdout);
    assert!(String::from_utf8_lossy(&explain.stdout).starts_with("# SOA005"));
}

#[test]
fn unknown_codes_in_suppressions_are_ism002_with_a_suggestion() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("policies")).expect("mkdir");
    fs::write(
        dir.path().join("policies/p.md"),
        "<!-- ismslint-disable-next-line DOC01 -- filled in at signature -->\nThis binds [Company Name].\n",
    )
    .expect("write");
    let out = ismslint()
        .arg(dir.path())
        .args([
            "--isolated",
            "--format",
            "concise",
            "--select",
            "DOC001,ISM",
        ])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "error[ISM002] unknown rule `DOC01` (did you mean `DOC001` or `DOC010` or `DOC011` or `DOC012`?) in suppression"
        ),
        "{text}"
    );
    // It hides nothing.
    assert!(text.contains("error[DOC001]"), "{text}");
}

#[test]
fn color_follows_flags_and_environment() {
    let demo = fixture("fixtures/repos/demo");
    let out = ismslint()
        .args([&demo, "--isolated", "--color", "always"])
        .output()
        .expect("run");
    assert!(out.stdout.contains(&0x1b));
    let out = ismslint()
        .args([&demo, "--isolated"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(!out.stdout.contains(&0x1b), "NO_COLOR wins");
    let out = ismslint()
        .args([&demo, "--isolated"])
        .output()
        .expect("run");
    assert!(!out.stdout.contains(&0x1b), "not a terminal");
}

#[test]
fn output_is_identical_across_thread_counts() {
    let demo = fixture("fixtures/repos/demo");
    let run = |threads: &str, format: &str| {
        ismslint()
            .args([&demo, "--isolated", "--format", format])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("run")
            .stdout
    };
    for format in [
        "human", "concise", "json", "sarif", "github", "junit", "gitlab", "markdown", "html",
    ] {
        let one = run("1", format);
        assert_eq!(one, run("2", format), "{format}");
        assert_eq!(one, run("2", format), "{format}, second run");
    }
}

#[test]
fn packs_from_config_add_and_disable_patterns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    fs::create_dir(p.join("policies")).expect("dir");
    fs::write(
        p.join("policies/a.md"),
        "---\nowner: A\napprover: B\nversion: 1\napproved_on: 2026-01-01\nreview_interval: 1y\n---\n\nWelcome to Initrode. Document POL-XXX.\n",
    )
    .expect("write");
    fs::write(
        p.join("vendor-pack.yaml"),
        "pack: vendor\nrule: DOC002\npatterns:\n  - id: initrode\n    phrase: Initrode\n    message: the vendor's sample company\n    fix: write your name\n",
    )
    .expect("write");
    fs::write(
        p.join("ismslint.yaml"),
        "packs: [vendor-pack.yaml]\ndisable_patterns: [placeholders/xxx]\n",
    )
    .expect("write");
    let out = ismslint()
        .arg(p)
        .args(["--format", "concise", "--select", "DOC001,DOC002"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[DOC002] `Initrode`"), "{text}");
    assert!(!text.contains("POL-XXX"), "{text}");

    fs::write(
        p.join("ismslint.yaml"),
        "disable_patterns: [placeholders/xxy]\n",
    )
    .expect("write");
    let out = ismslint().arg(p).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `placeholders/xxx`?"));

    fs::write(
        p.join("vendor-pack.yaml"),
        "pack: vendor\nrule: DOC002\npatterns:\n  - id: bad\n    regex: '(unclosed'\n",
    )
    .expect("write");
    fs::write(p.join("ismslint.yaml"), "packs: [vendor-pack.yaml]\n").expect("write");
    let out = ismslint().arg(p).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("vendor-pack.yaml:5:12") && err.contains("invalid regex"),
        "{err}"
    );
}

#[test]
fn config_schema_accepts_our_configs_and_rejects_typos() {
    let out = ismslint().arg("config-schema").output().expect("run");
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("valid JSON Schema");
    let mut checked = 0;
    // Rule cases (`fixtures/rules/<CODE>/<case>`) and repositories (`fixtures/repos/<name>`,
    // `fixtures/repos/real-shapes/<name>`).
    let groups = ["fixtures/rules", "fixtures/repos"].map(|g| repo_root().join(g));
    let dirs: Vec<_> = groups
        .iter()
        .flat_map(|g| common::subdirs(g))
        .flat_map(|d| {
            let mut v = common::subdirs(&d);
            v.push(d);
            v
        })
        .collect();
    for case in dirs {
        let path = case.join("ismslint.yaml");
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let node = ismslint::parse::yaml::parse(&text, 0)
            .expect("yaml")
            .expect("doc");
        let errors: Vec<String> = validator
            .iter_errors(&common::yaml_to_json(&node))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} configs checked");
    let typo = serde_json::json!({ "rules": { "unjustified-exclusions": "warn" }, "risk": { "acceptance_treshold": 8 } });
    assert!(!validator.is_valid(&typo));
    for bad in [
        serde_json::json!({ "sources": [{ "path": "soa.md", "tabel": 2 }] }),
        serde_json::json!({ "sources": [{ "path": "soa.md", "table": 0 }] }),
        serde_json::json!({ "sources": [{ "path": "soa.md", "header": "" }] }),
        serde_json::json!({ "framework": "iso42001" }),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
    }
    let good = serde_json::json!({ "sources": [
        { "path": "soa.md", "kind": "control", "table": [1, 2], "framework": "iso27001:2013" },
        { "path": "soa.md", "kind": "risk", "header": "Risk ID", "framework": "iso42001" },
    ] });
    assert!(validator.is_valid(&good));
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = ismslint()
            .args(["completions", shell])
            .output()
            .expect("run");
        assert!(out.status.success(), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("ismslint"),
            "{shell}"
        );
    }
}

#[test]
fn quiet_prints_findings_only() {
    let soa006 = fixture("fixtures/rules/SOA006/fires");
    let out = ismslint()
        .args([
            &soa006,
            "--isolated",
            "--select",
            "SOA006",
            "--format",
            "concise",
            "-q",
        ])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().all(|l| l.contains("[SOA006]")), "{text}");
    assert_eq!(text.lines().count(), 4, "{text}");
    let clean = ismslint()
        .args([&fixture("fixtures/repos/clean"), "--isolated", "-q"])
        .output()
        .expect("run");
    assert!(clean.stdout.is_empty());
}
