//! The fuzzing harness in CI: every crash ever found (the corpus in `fixtures/hostile/fuzz/`)
//! stays fixed, and a short seeded run of generated hostile repositories ends with no abort,
//! panic, hang or invalid output. The long run is `cargo run --release --example fuzz`.
//! `ISMSLINT_FUZZ_CASES` and `ISMSLINT_FUZZ_SEED` change the short run's size and seeds.

#[path = "../examples/fuzz/gen.rs"]
#[allow(dead_code)]
mod generate;
#[path = "../examples/fuzz/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::path::PathBuf;
use std::time::Duration;

fn settings() -> harness::Settings {
    harness::Settings {
        bin: assert_cmd::cargo::cargo_bin("ismslint"),
        // A debug build on a loaded 2-core machine: generous, a hang is still caught.
        timeout: Duration::from_secs(60),
    }
}

#[test]
fn every_crash_in_the_corpus_stays_fixed() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile/fuzz");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "the corpus is empty");
    let work = tempfile::tempdir().expect("tempdir");
    let s = settings();
    let mut failures = Vec::new();
    for dir in &dirs {
        // Linted from a copy: the harness writes its stdout/stderr files beside the folder.
        let name = dir.file_name().expect("name");
        let copy = work.path().join(name);
        copy_dir(dir, &copy);
        let has_config = copy.join("ismslint.yaml").exists();
        if let Err(f) = harness::check_repo(&s, &copy, has_config) {
            failures.push(format!("{}: {}\n{}", dir.display(), f.what, f.stderr_head));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_short_seeded_run_finds_nothing() {
    let cases = std::env::var("ISMSLINT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed = std::env::var("ISMSLINT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let report = harness::run(&settings(), seed, cases, None);
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|(seed, f, _)| format!("seed {seed}: {}\n{}", f.what, f.stderr_head))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed (reproduce with `cargo run --release --example fuzz -- --seed N --cases 1 --save DIR`):\n{}",
        failures.len(),
        report.cases,
        failures.join("\n\n")
    );
    assert_eq!(report.cases, cases);
    // Every format was generated.
    for f in ["yaml", "csv", "markdown", "xlsx", "ods", "xls"] {
        assert!(
            report.by_format.get(f).is_some_and(|n| *n > 0),
            "no {f} case"
        );
    }
}

#[test]
fn cases_are_reproducible_from_their_seed() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    for seed in [7, 8, 9] {
        let ca = harness::materialise(seed, a.path()).expect("write");
        let cb = harness::materialise(seed, b.path()).expect("write");
        assert_eq!(ca.files.len(), cb.files.len());
        for (x, y) in ca.files.iter().zip(&cb.files) {
            assert_eq!(x.path, y.path);
            assert_eq!(x.bytes, y.bytes);
        }
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("ls").filter_map(|e| e.ok()) {
        let target = to.join(entry.file_name());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
