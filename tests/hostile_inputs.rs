//! Inputs built to exhaust memory or time (an alias bomb, 10⁴ suppressions, a record with 10⁴
//! keys, many links, findings and waivers) give the right findings. Correctness only: how the
//! time grows with these inputs is measured by `cargo run --release --example scaling`, not here.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const SOA: &str = "Control,Applicable,Justification\nA.5.1,No,\n";

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

/// F4 as reported: a 1 MiB scalar under an anchor, aliased 20,000 times (1.1 MB of YAML, 20 GiB
/// expanded). `prefix`/`suffix` wrap it (front matter).
fn alias_bomb(prefix: &str, suffix: &str) -> String {
    format!(
        "{prefix}a: &a {}\nb: [{}]\n{suffix}",
        "x".repeat(1 << 20),
        vec!["*a"; 20_000].join(", ")
    )
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs in `dir`, so reported paths are relative to it.
fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("ismslint")
        .expect("binary")
        .current_dir(dir)
        .arg(".")
        .args(["--today", common::TODAY])
        .args(args)
        .output()
        .expect("run");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The findings of a run, as JSON.
fn findings(dir: &Path, args: &[&str]) -> (i32, Vec<Value>) {
    let r = run(dir, &[&["--format", "json"], args].concat());
    let json: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", r.stdout, r.stderr));
    let diags = json["diagnostics"].as_array().expect("diagnostics").clone();
    (r.code, diags)
}

fn count(diags: &[Value], code: &str) -> usize {
    diags.iter().filter(|d| d["code"] == code).count()
}

fn with_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn alias_bomb_in_a_register_is_in001_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("risks.yaml"), &alias_bomb("", ""));
    write(&dir.path().join("soa.csv"), SOA);
    let (code, diags) = findings(dir.path(), &["--isolated"]);
    assert_eq!(code, 1);
    let in001 = with_code(&diags, "IN001");
    assert_eq!(in001.len(), 1, "{in001:?}");
    assert_eq!(in001[0]["path"], "risks.yaml");
    assert_eq!(in001[0]["line"], 2, "at the alias, not the anchor");
    let message = in001[0]["message"].as_str().expect("message");
    assert!(message.contains("alias expansion exceeds"), "{message}");
    let soa005 = with_code(&diags, "SOA005");
    assert_eq!(soa005.len(), 1);
    assert_eq!(soa005[0]["path"], "soa.csv");
}

#[test]
fn alias_bomb_in_front_matter_is_in001_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("policies/p.md"),
        &alias_bomb("---\ntitle: Policy\n", "---\n# Policy\n"),
    );
    write(&dir.path().join("soa.csv"), SOA);
    let (code, diags) = findings(dir.path(), &["--isolated"]);
    assert_eq!(code, 1);
    let in001 = with_code(&diags, "IN001");
    assert_eq!(in001.len(), 1, "{in001:?}");
    assert_eq!(in001[0]["path"], "policies/p.md");
    assert_eq!(in001[0]["line"], 4, "at the alias");
    assert_eq!(count(&diags, "SOA005"), 1);
}

#[test]
fn alias_bomb_in_config_is_a_config_error_that_does_not_echo_the_bomb() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("ismslint.yaml"), &alias_bomb("", ""));
    write(&dir.path().join("soa.csv"), SOA);
    let r = run(dir.path(), &["--format", "concise"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("alias expansion exceeds"),
        "{}",
        &r.stderr[..r.stderr.len().min(2000)]
    );
    // The snippet is the line of the alias (80 KB of `*a, `), never the 1 MiB scalar.
    assert!(
        r.stderr.len() < 200_000,
        "{} bytes on stderr",
        r.stderr.len()
    );
    assert!(!r.stderr.contains(&"x".repeat(100)));
    assert!(r.stdout.is_empty());
}

#[test]
fn alias_bomb_in_a_pack_is_a_config_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("ismslint.yaml"), "packs: [p.yaml]\n");
    write(
        &dir.path().join("p.yaml"),
        &alias_bomb("pack: p\nrule: DOC001\n", ""),
    );
    write(&dir.path().join("soa.csv"), SOA);
    let r = run(dir.path(), &["--format", "concise"]);
    assert_eq!(r.code, 2, "{}", &r.stderr[..r.stderr.len().min(2000)]);
    assert!(
        r.stderr.len() < 200_000,
        "{} bytes on stderr",
        r.stderr.len()
    );
}

/// Nested anchors (each level would be copied) and many small aliases within the budget are
/// read as written.
#[test]
fn ordinary_aliases_are_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut t = String::from("ciso: &ciso Jane Doe\nrisks:\n");
    for i in 0..3000 {
        let _ = writeln!(
            t,
            "  - {{id: R-{i}, owner: *ciso, likelihood: 2, impact: 3, treatment: modify, controls: [A.5.1]}}"
        );
    }
    write(&dir.path().join("risks.yaml"), &t);
    let (_, diags) = findings(dir.path(), &["--isolated", "--select", "IN,RSK001"]);
    assert!(diags.is_empty(), "{diags:?}");
}

/// F16: 5,000 suppressions, each with the finding it hides.
#[test]
fn thousands_of_suppressions_are_all_honoured() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut t = String::from("---\ntitle: P\n---\n");
    for _ in 0..5000 {
        t.push_str("<!-- ismslint-disable-next-line DOC001 -- r -->\nText [Company Name].\n\n");
    }
    // One not suppressed, at the end.
    t.push_str("Text [Company Name].\n");
    write(&dir.path().join("policies/p.md"), &t);
    let (_, diags) = findings(dir.path(), &["--isolated", "--select", "DOC001,ISM"]);
    assert_eq!(count(&diags, "ISM001"), 0);
    let doc001 = with_code(&diags, "DOC001");
    assert_eq!(doc001.len(), 1);
    assert_eq!(doc001[0]["line"], 3 + 3 * 5000 + 1);
}

/// F16 as reported: suppressions of a rule that finds nothing there are each unused.
#[test]
fn thousands_of_unused_suppressions_are_each_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut t = String::from("---\ntitle: P\n---\n");
    for _ in 0..3000 {
        t.push_str("<!-- ismslint-disable-next-line DOC002 -- r -->\nText [Company Name].\n\n");
    }
    write(&dir.path().join("policies/p.md"), &t);
    let (_, diags) = findings(dir.path(), &["--isolated", "--select", "DOC,ISM"]);
    assert_eq!(count(&diags, "ISM001"), 3000);
    assert_eq!(count(&diags, "DOC001"), 3000);
}

/// `disable` … `enable` ranges: an `enable` closes the ranges of the codes it names (all with
/// none), others stay open to the end of the file.
#[test]
fn suppression_ranges_close_by_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut t = String::from("---\ntitle: P\n---\n");
    for _ in 0..2000 {
        // Opened for DOC001, an `enable` of another rule does not close it.
        t.push_str("<!-- ismslint-disable DOC001 -- r -->\n\n<!-- ismslint-enable DOC002 -->\n\nText [Company Name].\n\n");
    }
    // Closes every DOC001 range: the placeholder after it is reported.
    t.push_str("<!-- ismslint-enable DOC001 -->\n\nText [Company Name].\n\n");
    // A range of two codes, closed by an `enable` without codes.
    t.push_str("<!-- ismslint-disable DOC001, DOC007 -- r -->\n\nText [Company Name].\n\n<!-- ismslint-enable -->\n\nText [Company Name].\n");
    write(&dir.path().join("policies/p.md"), &t);
    let (_, diags) = findings(dir.path(), &["--isolated", "--select", "DOC001,ISM"]);
    let doc001 = with_code(&diags, "DOC001");
    assert_eq!(doc001.len(), 2, "{doc001:?}");
    let lines = 3 + 6 * 2000;
    assert_eq!(doc001[0]["line"], lines + 3);
    assert_eq!(doc001[1]["line"], lines + 11);
    assert_eq!(count(&diags, "ISM001"), 0, "every range hides a finding");
}

/// F17: one record with 20,000 keys is one risk.
#[test]
fn a_record_with_thousands_of_keys_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut t = String::from("- id: R-1\n  likelihood: 2\n  impact: 3\n  owner: Jane\n");
    for i in 0..20_000 {
        let _ = writeln!(t, "  k{i}: v");
    }
    write(&dir.path().join("risks.yaml"), &t);
    let r = run(dir.path(), &["--isolated", "--format", "json"]);
    let json: Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(json["summary"]["risks"], 1);
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(count(diags, "IN001"), 0);
    assert_eq!(count(diags, "ISM001"), 0);
}

/// A CSV whose header has thousands of columns and whose rows have one cell.
#[test]
fn a_wide_header_over_short_rows_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut t = String::from("Risk ID,Likelihood");
    for i in 0..5000 {
        let _ = write!(t, ",c{i}");
    }
    t.push('\n');
    for i in 0..5000 {
        let _ = writeln!(t, "R-{i}");
    }
    write(&dir.path().join("risks.csv"), &t);
    let r = run(dir.path(), &["--isolated", "--format", "json"]);
    let json: Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(json["summary"]["risks"], 5000);
}

/// Links with fragments across many files: each link is checked against its target's headings.
#[test]
fn links_with_fragments_across_many_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 300;
    for i in 0..n {
        let next = (i + 1) % n;
        write(
            &dir.path().join(format!("docs/d{i}.md")),
            &format!(
                "# Heading {i}\n\n## Scope {{#custom-{i}}}\n\n[a](d{next}.md#heading-{next}) [b](d{next}.md#custom-{next}) [c](d{next}.md#Custom-{next}) [d](d{next}.md#nope) [e](#scope) [f](missing.md#x)\n"
            ),
        );
    }
    let (_, diags) = findings(dir.path(), &["--isolated", "--select", "DOC010"]);
    let messages: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().expect("message"))
        .collect();
    // Per file: `#nope`, `#scope` (the heading has a custom ID) and the missing file.
    assert_eq!(
        diags.len(),
        3 * n,
        "{:?}",
        &messages[..messages.len().min(6)]
    );
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains("has no heading `#nope`"))
            .count(),
        n
    );
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains("has no heading `#scope`"))
            .count(),
        n
    );
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains("which does not exist"))
            .count(),
        n
    );
}

/// Many findings in one block of prose and on one line: every placeholder once, shortcodes
/// masked, overlapping patterns reported once.
#[test]
fn thousands_of_findings_in_one_block() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut t = String::from("---\ntitle: P\n---\n");
    for _ in 0..2000 {
        t.push_str("Text [Company Name] and {{company}} {{< ref \"[Company Name]\" >}}\n");
    }
    t.push('\n');
    for _ in 0..2000 {
        t.push_str("[insert company name here] ");
    }
    t.push('\n');
    write(&dir.path().join("policies/p.md"), &t);
    let (_, diags) = findings(dir.path(), &["--isolated", "--select", "DOC001"]);
    let on_last_line = diags.iter().filter(|d| d["line"] == 3 + 2000 + 2).count();
    assert_eq!(on_last_line, 2000, "overlapping patterns count once");
    assert_eq!(diags.len(), 2 * 2000 + 2000);
    // Columns on the long line are counted in chars.
    let last = diags.last().expect("a finding");
    assert_eq!(last["column"], 1 + 1999 * 27);
}

/// Many waivers and many findings: each waiver is matched, by path and by entity.
#[test]
fn thousands_of_waivers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 400;
    let mut config = String::from("waivers:\n");
    for i in 0..n {
        write(
            &dir.path().join(format!("policies/p{i}.md")),
            &format!("---\nid: POL-{i}\ntitle: P{i}\n---\nText [Company Name].\n"),
        );
        // Half by path, a quarter by entity, a quarter not at all.
        match i % 4 {
            0 | 1 => {
                let _ = writeln!(
                    config,
                    "  - {{rule: DOC001, path: \"policies/p{i}.md\", reason: r}}"
                );
            }
            2 => {
                let _ = writeln!(config, "  - {{rule: DOC001, entity: pol-{i}, reason: r}}");
            }
            _ => {}
        }
    }
    let _ = writeln!(
        config,
        "  - {{rule: DOC001, path: \"nowhere/*.md\", reason: r}}\n  - {{rule: DOC001, entity: POL-0, path: \"policies/p1.md\", reason: r}}\n  - {{rule: DOC001, path: \"policies/p1*.md\", reason: r, expires: 2020-01-01}}"
    );
    write(&dir.path().join("ismslint.yaml"), &config);
    let (_, diags) = findings(dir.path(), &["--select", "DOC001,ISM"]);
    let doc001 = with_code(&diags, "DOC001");
    assert_eq!(doc001.len(), n / 4);
    assert!(doc001.iter().all(|d| {
        let p = d["path"].as_str().expect("path");
        p.trim_start_matches("policies/p")
            .trim_end_matches(".md")
            .parse::<usize>()
            .is_ok_and(|i| i % 4 == 3)
    }));
    // The waiver matching no file and the one whose entity and path never meet are unused.
    assert_eq!(
        count(&diags, "ISM001"),
        2,
        "{:?}",
        with_code(&diags, "ISM001")
    );
    assert_eq!(count(&diags, "ISM003"), 1);
}
