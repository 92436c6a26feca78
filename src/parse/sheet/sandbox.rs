//! `.xls` and `.ods` are read by calamine in a child process under resource limits.
//!
//! Why: calamine builds a dense range for every sheet of these formats while it opens the
//! workbook (before any of our budgets can look at it), and its `.xls` reader has more ways to
//! panic, loop or allocate without bound than a pre-check can rule out (BIFF records sized by
//! their own fields, ODS cells repeated by attributes, `<text:s text:c="2000000000"/>`). An
//! allocation failure aborts the process and `catch_unwind` cannot stop that; a child process
//! can die instead. The child is the `ismslint` binary itself, re-run with a hidden first
//! argument ([`CHILD_ARG`]); it reads the request and the workbook on stdin, limits its own
//! address space, CPU time and core dumps (unix, via `setrlimit`), reads the workbook with the
//! same budgets as the in-process reader, and writes the sparse sheets as JSON on stdout. The
//! parent enforces a wall-clock timeout and a cap on the answer, and turns a crash, a limit or
//! a timeout into IN001 ("could not read this workbook safely").
//!
//! The binary opts in with [`enable`] (`main.rs`). Without it, as when the `ismslint` library
//! runs inside a test harness (whose `current_exe` is the harness, not ismslint), these formats
//! are read in process after the same pre-checks (CFB structure, zip sizes) and under
//! `catch_unwind`: a panic is then IN001, but an allocation failure inside calamine is not
//! survivable there. On Windows there are no rlimits: the wall-clock timeout still applies.

use super::budget::Budget;
use super::grid::{self, Book, Failure};
use calamine::{Ods, Reader, Xls};
use serde::{Deserialize, Serialize};
use std::ffi::OsStr;
use std::io::{BufWriter, Cursor, Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The hidden first argument that makes `ismslint` a workbook reader. It starts with `--` so no
/// path given by a user can be taken for it (clap would reject it as an unknown option).
pub const CHILD_ARG: &str = "--internal-read-workbook";

/// Address space of the child: any real `.xls`/`.ods` register reads in a few hundred MB (a
/// full 65,536 × 256 `.xls` sheet is ~0.5 GB in calamine), while a crafted one that asks for
/// more dies here instead of taking the runner's memory.
pub const CHILD_MEMORY_BYTES: u64 = 1 << 30;
/// CPU time of the child; reading a 64 MiB workbook takes a few seconds.
pub const CHILD_CPU_SECONDS: u64 = 30;
/// Wall-clock time the parent waits for the child (covers a child that blocks, and slow,
/// loaded CI machines).
pub const CHILD_TIMEOUT: Duration = Duration::from_secs(60);
/// The child's answer: the budgets bound it to ~4 M cells and 128 MiB of text; JSON escapes
/// control characters, so allow for some growth.
pub const CHILD_MAX_OUTPUT: u64 = 512 << 20;
/// What the child reads on stdin: the request line and a workbook (files over 64 MiB are
/// refused before they are read).
const CHILD_MAX_INPUT: u64 = (64 << 20) + (1 << 20);

static CHILD_EXE: OnceLock<PathBuf> = OnceLock::new();

/// Read `.xls` and `.ods` in a child process from now on: the `ismslint` binary calls this.
pub fn enable() {
    if let Ok(exe) = std::env::current_exe() {
        let _ = CHILD_EXE.set(exe);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    Xls,
    Ods,
}

#[derive(Debug, Serialize, Deserialize)]
struct Request {
    format: Format,
    sheet: Option<String>,
}

/// Read an `.xls` or `.ods` workbook: in the child process when enabled, else in process.
pub fn read(format: Format, bytes: &[u8], wanted: Option<&str>) -> Result<Book, Failure> {
    match CHILD_EXE.get() {
        Some(exe) => read_in_child(exe, format, bytes, wanted),
        None => super::in_process(|| read_with_calamine(format, bytes, wanted)),
    }
}

/// What the child does (and the in-process fallback): calamine, then the budgets.
pub fn read_with_calamine(
    format: Format,
    bytes: &[u8],
    wanted: Option<&str>,
) -> Result<Book, Failure> {
    let mut budget = Budget::for_file(bytes.len());
    match format {
        Format::Xls => {
            let mut book: Xls<_> = Xls::new(Cursor::new(bytes))
                .map_err(|e| Failure::Unreadable(calamine::Error::Xls(e).to_string()))?;
            sheets(&mut book, wanted, &mut budget, calamine::Error::Xls)
        }
        Format::Ods => {
            let mut book: Ods<_> = Ods::new(Cursor::new(bytes))
                .map_err(|e| Failure::Unreadable(calamine::Error::Ods(e).to_string()))?;
            sheets(&mut book, wanted, &mut budget, calamine::Error::Ods)
        }
    }
}

fn sheets<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(
    book: &mut R,
    wanted: Option<&str>,
    budget: &mut Budget,
    wrap: fn(R::Error) -> calamine::Error,
) -> Result<Book, Failure> {
    let names = book.sheet_names();
    let mut out = Book::with_names(names.clone())?;
    for name in &names {
        if wanted.is_some_and(|w| w != name) {
            continue;
        }
        let range = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                out.sheets.push((name.clone(), Err(wrap(e).to_string())));
                continue;
            }
        };
        let formulas = book.worksheet_formula(name).ok();
        let grid = grid::from_range(name, &range, formulas.as_ref(), budget)?;
        out.sheets.push((name.clone(), Ok(grid)));
    }
    Ok(out)
}

/// `Some(exit code)` when this process was started as the workbook reader.
pub fn child_main_if_requested() -> Option<i32> {
    let first = std::env::args_os().nth(1)?;
    (first == OsStr::new(CHILD_ARG)).then(child_main)
}

fn child_main() -> i32 {
    limit_resources();
    let mut input = Vec::new();
    if std::io::stdin()
        .lock()
        .take(CHILD_MAX_INPUT)
        .read_to_end(&mut input)
        .is_err()
    {
        return 2;
    }
    let Some(newline) = input.iter().position(|&b| b == b'\n') else {
        return 2;
    };
    let Ok(request) = serde_json::from_slice::<Request>(&input[..newline]) else {
        return 2;
    };
    let result = read_with_calamine(
        request.format,
        &input[newline + 1..],
        request.sheet.as_deref(),
    );
    let mut out = BufWriter::new(std::io::stdout().lock());
    if serde_json::to_writer(&mut out, &result).is_err() || out.flush().is_err() {
        return 2;
    }
    0
}

/// Lower (never raise) this process's limits: address space, CPU time, no core dumps.
#[cfg(unix)]
fn limit_resources() {
    use rlimit::Resource;
    let limits = [
        (Resource::AS, CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES),
        // At the soft limit the kernel sends SIGXCPU, at the hard one SIGKILL.
        (Resource::CPU, CHILD_CPU_SECONDS, CHILD_CPU_SECONDS + 1),
        (Resource::CORE, 0, 0),
    ];
    for (resource, soft, hard) in limits {
        if let Ok((_, current_hard)) = resource.get() {
            let hard = hard.min(current_hard);
            let _ = resource.set(soft.min(hard), hard);
        }
    }
}

#[cfg(not(unix))]
fn limit_resources() {}

fn read_in_child(
    exe: &PathBuf,
    format: Format,
    bytes: &[u8],
    wanted: Option<&str>,
) -> Result<Book, Failure> {
    let request = Request {
        format,
        sheet: wanted.map(str::to_string),
    };
    let mut header = serde_json::to_vec(&request).unwrap_or_default();
    header.push(b'\n');
    let mut command = Command::new(exe);
    command.arg(CHILD_ARG);
    let unsafe_read = |why: String| Failure::Crashed(why);
    match run_limited(command, &[&header, bytes], CHILD_TIMEOUT, CHILD_MAX_OUTPUT) {
        Ran::Exited(status, out) if status.success() => {
            serde_json::from_slice::<Result<Book, Failure>>(&out).unwrap_or_else(|e| {
                Err(unsafe_read(format!(
                    "gave an answer that could not be read ({e})"
                )))
            })
        }
        Ran::Exited(status, _) => Err(unsafe_read(describe(status))),
        Ran::TimedOut => Err(unsafe_read(format!(
            "took longer than {} s",
            CHILD_TIMEOUT.as_secs()
        ))),
        Ran::TooMuchOutput => Err(unsafe_read(format!(
            "answered more than {} MiB",
            CHILD_MAX_OUTPUT >> 20
        ))),
        Ran::NotStarted(e) => Err(unsafe_read(format!("could not be started ({e})"))),
    }
}

/// How a limited child process ended.
#[derive(Debug)]
pub enum Ran {
    Exited(ExitStatus, Vec<u8>),
    TimedOut,
    TooMuchOutput,
    NotStarted(std::io::Error),
}

/// Run `command` with `input` (concatenated) on its stdin, its stdout collected up to
/// `max_output` bytes, stderr discarded, and killed after `timeout`.
pub fn run_limited(
    mut command: Command,
    input: &[&[u8]],
    timeout: Duration,
    max_output: u64,
) -> Ran {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let deadline = Instant::now() + timeout;
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => return Ran::NotStarted(e),
    };
    let stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            if let Some(mut w) = stdin {
                for part in input {
                    // A child that stops reading (it crashed) closes the pipe: nothing to do.
                    if w.write_all(part).is_err() {
                        break;
                    }
                }
            }
        });
        scope.spawn(move || {
            let mut out = Vec::new();
            if let Some(r) = stdout {
                let _ = r.take(max_output + 1).read_to_end(&mut out);
            }
            let _ = tx.send(out);
        });
        let out = rx.recv_timeout(deadline.saturating_duration_since(Instant::now()));
        let kill = |child: &mut std::process::Child| {
            let _ = child.kill();
            let _ = child.wait();
        };
        let Ok(out) = out else {
            kill(&mut child);
            return Ran::TimedOut;
        };
        if out.len() as u64 > max_output {
            kill(&mut child);
            return Ran::TooMuchOutput;
        }
        // Stdout is closed: the child is exiting. Wait for it, still within the deadline.
        loop {
            match child.try_wait() {
                Ok(Some(status)) => return Ran::Exited(status, out),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                _ => {
                    kill(&mut child);
                    return Ran::TimedOut;
                }
            }
        }
    })
}

/// What an abnormal exit means, for the IN001 message.
fn describe(status: ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        // Signal numbers as on Linux and the BSDs (macOS included).
        match status.signal() {
            Some(6) => {
                return format!(
                    "aborted, most likely on needing more than its {} MiB of memory",
                    CHILD_MEMORY_BYTES >> 20
                );
            }
            Some(24) => {
                return format!("used more than its {CHILD_CPU_SECONDS} s of CPU time");
            }
            Some(9) => return "was killed (out of memory or time)".to_string(),
            Some(11) => return "crashed (segmentation fault)".to_string(),
            Some(sig) => return format!("was stopped by signal {sig}"),
            None => {}
        }
    }
    match status.code() {
        Some(101) => "failed on it (a damaged or crafted workbook)".to_string(),
        Some(code) => format!("exited with code {code}"),
        None => "ended abnormally".to_string(),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_child_that_hangs_is_killed_at_the_timeout() {
        let mut sleep = Command::new("sleep");
        sleep.arg("30");
        let started = Instant::now();
        let ran = run_limited(sleep, &[b"x"], Duration::from_millis(200), 1 << 20);
        assert!(matches!(ran, Ran::TimedOut), "{ran:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn a_child_that_floods_stdout_is_cut_off() {
        let mut yes = Command::new("yes");
        yes.arg("flood");
        let ran = run_limited(yes, &[], Duration::from_secs(10), 1 << 16);
        assert!(matches!(ran, Ran::TooMuchOutput), "{ran:?}");
    }

    #[test]
    fn a_child_gets_its_input_and_returns_its_output() {
        let ran = run_limited(
            Command::new("cat"),
            &[b"head\n", &[7u8; 200_000]],
            Duration::from_secs(10),
            1 << 20,
        );
        match ran {
            Ran::Exited(status, out) => {
                assert!(status.success());
                assert_eq!(out.len(), 5 + 200_000);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn signals_are_described() {
        use std::os::unix::process::ExitStatusExt;
        assert!(describe(ExitStatus::from_raw(6)).contains("memory"));
        assert!(describe(ExitStatus::from_raw(101 << 8)).contains("damaged"));
    }
}
