//! Registers in the organisation's own language (issue 13): `fixtures/repos/languages/<code>/`,
//! one small repository per language in the same shape — an SoA excerpt with one exclusion
//! without justification and one undecided row, a risk register scored with words and one
//! residual risk nobody accepted, a policy whose approval is a placeholder — each with its
//! findings counted by hand in `expected.tsv` (as `tests/real_shapes.rs`:
//! `code<TAB>path<TAB>entity<TAB>line`, `#` lines say why) and what zero configuration reads in
//! `reads.tsv` (`path<TAB>sheet-or-dash<TAB>kind<TAB>records`): the SoA and the register are
//! read without config, by their translated headers. A language is added by adding a folder.

mod common;

use common::hand_counted::{self, rows};

#[test]
fn every_language_gives_exactly_the_hand_counted_findings() {
    let root = common::repo_root().join("fixtures/repos/languages");
    let dirs = common::subdirs(&root);
    assert!(!dirs.is_empty(), "no repositories under {}", root.display());
    let mut failures = Vec::new();
    for dir in &dirs {
        let reads = rows(&dir.join("reads.tsv"));
        // Zero config reads an SoA and a risk register in every language.
        for kind in ["control", "risk"] {
            assert!(
                reads.iter().any(|r| r.split('\t').nth(2) == Some(kind)),
                "{}: reads.tsv lists no {kind} register",
                dir.display()
            );
        }
        failures.extend(hand_counted::failures(dir));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `language:` in config (issue 13): valid at the top and under a source, an unknown language
/// is an error with a did-you-mean, and `-v` says which language a header was read as.
#[test]
fn language_in_config() {
    let pt = common::repo_root().join("fixtures/repos/languages/pt");
    let dir = tempfile::tempdir().expect("tempdir");
    for f in ["declaracao-de-aplicabilidade.md", "registro-de-riscos.md"] {
        std::fs::copy(pt.join(f), dir.path().join(f)).expect("copy");
    }
    let run = |config: &str| {
        std::fs::write(dir.path().join("ismslint.yaml"), config).expect("write");
        common::ismslint()
            .args(["-v", "--today", "2026-12-01"])
            .arg(dir.path())
            .output()
            .expect("run")
    };
    // Detected without config.
    let out = run("rules:\n  SOA002: allow\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("header read as Portuguese (6 of 8 headers)"),
        "{err}"
    );
    // Forced for the whole repository.
    let out = run("language: pt\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("header read as Portuguese (set by `language:` in config"),
        "{err}"
    );
    // Forced for one source; the other table is still detected.
    let out = run(
        "language: en\nsources:\n  - path: registro-de-riscos.md\n    kind: risk\n    language: portuguese\n  - path: declaracao-de-aplicabilidade.md\n    kind: control\n",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "registro-de-riscos.md: table with header at line 5: header read as Portuguese (set by"
        ),
        "{err}"
    );
    assert!(
        err.contains("declaracao-de-aplicabilidade.md: table with header at line 5: header read as English (set by"),
        "{err}"
    );
    // Unknown, at the top and under a source.
    let out = run("language: portugese\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ismslint.yaml:1:11"), "{err}");
    assert!(err.contains("did you mean `portuguese`?"), "{err}");
    let out = run("sources:\n  - path: registro-de-riscos.md\n    language: cz\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`cz` is not one"), "{err}");
    assert!(err.contains("did you mean `czech`?"), "{err}");
}

/// `ismslint fields --language` lists a language's words; an unknown language exits 2.
#[test]
fn fields_of_a_language() {
    let out = common::ismslint()
        .args(["fields", "--language", "de"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("## German headers and values"), "{text}");
    assert!(text.contains("`begründung`"), "{text}");
    common::ismslint()
        .args(["fields", "--language", "klingon"])
        .assert()
        .code(2);
}
