//! The fuzzing harness's long run: generated hostile repositories linted by the release binary
//! as a child process (an abort, a signal, a hang or a blown memory limit is counted, not
//! fatal). Failing cases are saved so they can join the regression corpus in
//! `fixtures/hostile/fuzz/` (the test `tests/fuzz.rs` lints every folder there).
//!
//!     cargo build --release
//!     cargo run --release --example fuzz -- --cases 20000 [--seed 1] [--save DIR] [--timeout 20]
//!
//! `cargo fuzz` needs a nightly compiler, which this project's machines do not have; and the
//! failures that matter here (aborts on allocation failure inside dependencies, hangs) end a
//! process, so the harness drives the real binary from outside, with seeded structure-aware
//! generators instead of coverage feedback.

#[path = "gen.rs"]
mod generate;
mod harness;

use std::path::PathBuf;
use std::time::Duration;

fn main() {
    let mut cases = 1000usize;
    let mut seed = 1u64;
    let mut save: Option<PathBuf> = None;
    let mut timeout = 20u64;
    let mut bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/ismslint");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_default();
        match a.as_str() {
            "--cases" => cases = val().parse().unwrap_or(cases),
            "--seed" => seed = val().parse().unwrap_or(seed),
            "--save" => save = Some(PathBuf::from(val())),
            "--timeout" => timeout = val().parse().unwrap_or(timeout),
            "--bin" => bin = PathBuf::from(val()),
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    if !bin.is_file() {
        eprintln!(
            "{} not found: run `cargo build --release` first",
            bin.display()
        );
        std::process::exit(2);
    }
    let settings = harness::Settings {
        bin,
        timeout: Duration::from_secs(timeout),
    };
    // In chunks, so a long run shows progress.
    let chunk = 500usize.min(cases.max(1));
    let mut done = 0usize;
    let mut failures = 0usize;
    let mut formats = std::collections::BTreeMap::new();
    let started = std::time::Instant::now();
    while done < cases {
        let n = chunk.min(cases - done);
        let report = harness::run(&settings, seed + done as u64, n, save.as_deref());
        for (f, c) in report.by_format {
            *formats.entry(f).or_insert(0usize) += c;
        }
        for (seed, f, saved) in &report.failures {
            println!(
                "FAIL seed {seed}: {}{}",
                f.what,
                saved
                    .as_ref()
                    .map(|p| format!(" (saved to {})", p.display()))
                    .unwrap_or_default()
            );
        }
        failures += report.failures.len();
        done += report.cases;
        if report.cases == 0 {
            break;
        }
        eprintln!(
            "{done}/{cases} cases, {failures} failures, {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    let per_format: Vec<String> = formats.iter().map(|(f, n)| format!("{f} {n}")).collect();
    println!(
        "{done} cases (seeds {seed}..{}), {failures} failures, {:.0} s; files per format: {}",
        seed + done as u64,
        started.elapsed().as_secs_f64(),
        per_format.join(", ")
    );
    std::process::exit(i32::from(failures > 0));
}
