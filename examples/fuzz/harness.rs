//! Runs the ismslint binary on generated repositories as a child process, so an abort, a
//! signal, a hang or a memory blow-up is caught and counted instead of ending the harness.
//! Shared by `cargo run --example fuzz` (long runs) and `tests/fuzz.rs` (the short CI run and
//! the corpus of every crash found so far).

use super::generate::{self, Rng};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address-space limit of a child (through `prlimit` where it exists): a run that needs more
/// is a finding, not a machine brought to its knees.
const MEMORY_LIMIT: &str = "--as=3000000000";

pub struct Settings {
    pub bin: PathBuf,
    pub timeout: Duration,
}

/// Why a run is a failure of ismslint.
#[derive(Debug)]
pub struct Failure {
    pub what: String,
    pub stderr_head: String,
}

fn prlimit_available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new("prlimit")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Lint `dir` once and judge the outcome: exit 0 or 1 with valid JSON on stdout, or exit 2
/// with a message when the repository holds a config (a broken config stops the run).
pub fn check_repo(s: &Settings, dir: &Path, config_allowed: bool) -> Result<(), Failure> {
    let out_path = dir.with_extension("stdout");
    let err_path = dir.with_extension("stderr");
    let stdout = std::fs::File::create(&out_path).map_err(|e| harness_error(&e))?;
    let stderr = std::fs::File::create(&err_path).map_err(|e| harness_error(&e))?;
    let mut cmd = if prlimit_available() {
        let mut c = Command::new("prlimit");
        c.arg(MEMORY_LIMIT).arg("--").arg(&s.bin);
        c
    } else {
        Command::new(&s.bin)
    };
    cmd.arg(dir)
        .args(["--format", "json", "--today", "2026-11-27"])
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr);
    if !config_allowed {
        cmd.arg("--isolated");
    }
    let started = Instant::now();
    let mut child = cmd.spawn().map_err(|e| harness_error(&e))?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > s.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Failure {
                    what: format!("hang: still running after {:?}", s.timeout),
                    stderr_head: head(&err_path),
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(harness_error(&e)),
        }
    };
    let stderr_head = head(&err_path);
    let fail = |what: String| {
        Err(Failure {
            what,
            stderr_head: stderr_head.clone(),
        })
    };
    let code = status.code();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return fail(format!("killed by signal {sig}"));
        }
    }
    if stderr_head.contains("panicked") {
        return fail("panic".into());
    }
    match code {
        Some(0 | 1) => {
            let bytes = std::fs::read(&out_path).unwrap_or_default();
            match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(v) if v.get("diagnostics").is_some_and(|d| d.is_array()) => {}
                Ok(_) => return fail("JSON output without diagnostics".into()),
                Err(e) => return fail(format!("output is not JSON: {e}")),
            }
        }
        Some(2) if config_allowed && !stderr_head.trim().is_empty() => {}
        Some(c) => return fail(format!("exit code {c}")),
        None => return fail("no exit code".into()),
    }
    let _ = std::fs::remove_file(&out_path);
    let _ = std::fs::remove_file(&err_path);
    Ok(())
}

fn harness_error(e: &std::io::Error) -> Failure {
    Failure {
        what: format!("harness: {e}"),
        stderr_head: String::new(),
    }
}

fn head(path: &Path) -> String {
    let text = std::fs::read(path).unwrap_or_default();
    String::from_utf8_lossy(&text[..text.len().min(2000)]).into_owned()
}

/// What a run found.
#[derive(Default)]
pub struct Report {
    pub cases: usize,
    pub by_format: BTreeMap<&'static str, usize>,
    /// (seed, failure, where the case was saved).
    pub failures: Vec<(u64, Failure, Option<PathBuf>)>,
    pub elapsed: Duration,
}

/// Write the case for `seed` into `dir`.
pub fn materialise(seed: u64, dir: &Path) -> std::io::Result<generate::Case> {
    let mut rng = Rng::new(seed);
    let case = generate::case(&mut rng);
    for f in &case.files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &f.bytes)?;
    }
    Ok(case)
}

/// Run `cases` cases, seeds `first_seed..`. Failing cases are copied under `save` when given.
pub fn run(s: &Settings, first_seed: u64, cases: usize, save: Option<&Path>) -> Report {
    let started = Instant::now();
    let mut report = Report::default();
    let work = std::env::temp_dir().join(format!("ismslint-fuzz-{}", std::process::id()));
    for seed in first_seed..first_seed + cases as u64 {
        let dir = work.join(format!("case-{seed}"));
        let _ = std::fs::remove_dir_all(&dir);
        let case = match std::fs::create_dir_all(&dir).and_then(|()| materialise(seed, &dir)) {
            Ok(c) => c,
            Err(e) => {
                report.failures.push((seed, harness_error(&e), None));
                continue;
            }
        };
        for f in &case.formats {
            *report.by_format.entry(f).or_default() += 1;
        }
        report.cases += 1;
        if let Err(failure) = check_repo(s, &dir, case.has_config) {
            let saved = save.and_then(|root| {
                let to = root.join(format!("seed-{seed}"));
                copy_dir(&dir, &to).ok()?;
                let note = format!(
                    "{}\n\nreproduce: cargo run --release --example fuzz -- --seed {seed} --cases 1\n\n{}",
                    failure.what, failure.stderr_head
                );
                std::fs::write(to.with_extension("txt"), note).ok()?;
                Some(to)
            });
            report.failures.push((seed, failure, saved));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    let _ = std::fs::remove_dir_all(&work);
    report.elapsed = started.elapsed();
    report
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
