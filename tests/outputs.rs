//! Every output format on the demo repository (snapshots), SARIF validated against the SARIF
//! 2.1.0 JSON schema, and several outputs in one run.

mod common;

use assert_cmd::Command;
use common::{TODAY, lint, render, repo_root, subdirs};
use ismslint::output::Format;

fn demo() -> ismslint::engine::Outcome {
    lint(&repo_root().join("fixtures/repos/demo"), &[])
}

/// The official SARIF 2.1.0 schema, as shipped inside the serde-sarif crate's sources (a
/// dev-dependency, so it is in the cargo registry whenever the tests are built).
fn sarif_schema() -> serde_json::Value {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let mut found = None;
    for index in std::fs::read_dir(home.join("registry/src"))
        .expect("cargo registry")
        .flatten()
    {
        for krate in std::fs::read_dir(index.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = krate.file_name().to_string_lossy().into_owned();
            if name.starts_with("serde-sarif-0.8") && krate.path().join("src/schema.json").is_file()
            {
                found = Some(krate.path().join("src/schema.json"));
            }
        }
    }
    let schema = found.expect("serde-sarif sources in the cargo registry");
    serde_json::from_str(&std::fs::read_to_string(schema).expect("schema.json")).expect("schema")
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let workbook = lint(&repo_root().join("fixtures/repos/workbook"), &[]);
    let rsk006 = lint(&repo_root().join("fixtures/rules/RSK006/fires-xlsx"), &[]);
    let mut schema = sarif_schema();
    // The official schema's `language` patterns have a stray `]` that strict regex engines
    // reject when compiling the schema; we never emit `language`, so those patterns are dropped.
    for def in ["run", "toolComponent"] {
        if let Some(lang) = schema
            .pointer_mut(&format!("/definitions/{def}/properties/language"))
            .and_then(|v| v.as_object_mut())
        {
            lang.remove("pattern");
        }
    }
    let validator = jsonschema::validator_for(&schema).expect("compile schema");
    // The validator does reject what is not SARIF 2.1.0.
    assert!(!validator.is_valid(&serde_json::json!({ "version": "2.0.0", "runs": [] })));
    assert!(
        !validator
            .is_valid(&serde_json::json!({ "version": "2.1.0", "runs": [{ "results": [] }] }))
    );
    for o in [demo(), workbook, rsk006] {
        let text = render(&o, Format::Sarif);
        let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        // And it reads as the typed SARIF model.
        let _: serde_sarif::sarif::Sarif = serde_json::from_str(&text).expect("typed SARIF");
        assert_eq!(
            doc["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .map(Vec::len),
            Some(ismslint::rules::metas().count())
        );
    }
}

/// GitHub refuses a whole SARIF file when one result has no location (issue 10): every result
/// of every fixture repository and rule fixture has a physical location with a file and a line.
#[test]
fn every_sarif_result_has_a_physical_location() {
    let mut dirs = subdirs(&repo_root().join("fixtures/repos"));
    for rule in subdirs(&repo_root().join("fixtures/rules")) {
        dirs.extend(subdirs(&rule));
    }
    // A folder with nothing in it: SOA001 is about the repository, and still located.
    let empty = tempfile::tempdir().expect("tempdir");
    dirs.push(empty.path().to_path_buf());
    let mut results = 0;
    let mut missing = Vec::new();
    for dir in &dirs {
        let o = lint(dir, &[]);
        let doc: serde_json::Value =
            serde_json::from_str(&render(&o, Format::Sarif)).expect("json");
        for r in doc["runs"][0]["results"].as_array().expect("results") {
            results += 1;
            let at = &r["locations"][0]["physicalLocation"];
            let located = at["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| !u.is_empty())
                && at["region"]["startLine"].as_u64().is_some_and(|l| l >= 1);
            if !located {
                missing.push(format!("{}: {}", dir.display(), r["ruleId"]));
            }
        }
    }
    assert!(results > 100, "only {results} results");
    assert!(
        missing.is_empty(),
        "results without a location:\n{}",
        missing.join("\n")
    );
}

#[test]
fn sarif_cells_are_logical_locations_and_fingerprints_ignore_lines() {
    let o = lint(&repo_root().join("fixtures/rules/RSK006/fires-xlsx"), &[]);
    let doc: serde_json::Value = serde_json::from_str(&render(&o, Format::Sarif)).expect("json");
    let result = &doc["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "RSK006")
        .expect("RSK006")
        .clone();
    assert_eq!(
        result["locations"][0]["logicalLocations"][0]["name"],
        "Risks!H4"
    );
    assert_eq!(
        result["relatedLocations"][0]["logicalLocations"][0]["name"],
        "SoA!C5"
    );

    // Moving a finding down a file keeps its fingerprint.
    let dir = tempfile::tempdir().expect("tempdir");
    let soa = "controls:\n  - id: A.7.4\n    applicable: no\n";
    std::fs::write(dir.path().join("soa.yaml"), soa).expect("write");
    let fp = |o: &ismslint::engine::Outcome| {
        let d: serde_json::Value = serde_json::from_str(&render(o, Format::Sarif)).expect("json");
        d["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .find(|r| r["ruleId"] == "SOA005")
            .expect("SOA005")["partialFingerprints"]
            .clone()
    };
    let before = fp(&lint(dir.path(), &["SOA005"]));
    std::fs::write(dir.path().join("soa.yaml"), format!("# moved\n\n{soa}")).expect("write");
    assert_eq!(before, fp(&lint(dir.path(), &["SOA005"])));
}

#[test]
fn every_format_snapshot() {
    let o = demo();
    for (name, format) in [
        ("github", Format::Github),
        ("junit", Format::Junit),
        ("gitlab", Format::Gitlab),
        ("markdown", Format::Markdown),
        ("sarif", Format::Sarif),
    ] {
        insta::assert_snapshot!(format!("demo_{name}"), render(&o, format));
    }
}

#[test]
fn several_outputs_in_one_run_and_the_step_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "previous step\n").expect("write");
    let out = Command::cargo_bin("ismslint")
        .expect("bin")
        .arg(repo_root().join("fixtures/repos/demo"))
        .args(["--isolated", "--format", "github", "--today", TODAY])
        .arg("--output")
        .arg(format!("sarif:{}", dir.path().join("r.sarif").display()))
        .arg("-o")
        .arg(format!("json:{}", dir.path().join("r.json").display()))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("::"));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.sarif")).expect("sarif"))
            .expect("json");
    assert_eq!(sarif["version"], "2.1.0");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).expect("json"))
            .expect("json");
    assert_eq!(json["version"], 1);
    let md = std::fs::read_to_string(&summary).expect("summary");
    assert!(md.starts_with("previous step\n## ismslint"), "{md}");
}

#[test]
fn github_annotations_escape_properties_and_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("soa, v2: final.yaml"),
        "kind: control\ncontrols:\n  - id: A.7.4\n    applicable: no\n",
    )
    .expect("write");
    let o = lint(dir.path(), &["SOA005"]);
    let text = render(&o, Format::Github);
    assert!(
        text.contains("file=soa%2C v2%3A final.yaml,line="),
        "{text}"
    );
    assert!(text.contains("%0Ahelp: "), "{text}");
    assert_eq!(text.lines().count(), 1);
}
