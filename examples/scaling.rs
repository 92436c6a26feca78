//! Scaling benchmark: for each dimension a pull request's author controls, generate inputs of
//! size N, 2N and 4N, time the release binary on each (a child process, best of 5), and check
//! that doubling the input at most doubles the time (ratio ≤ 2.5, for noise).
//!
//!     cargo run --release --example scaling                  # builds and times target/release/ismslint
//!     cargo run --release --example scaling -- --bin PATH    # another build (e.g. main's, for before/after)
//!     cargo run --release --example scaling -- --scale 0.25  # smaller inputs (quick look)
//!     cargo run --release --example scaling -- --only links  # dimensions whose name contains `links`
//!
//! Exits 1 when a ratio exceeds the limit. N is picked so the 4N run takes about a second on
//! a 2-core machine; a run over `--timeout` seconds (default 60) is killed and reported.
//! The machine is shared and noisy: ratios are what to read, not absolute times.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Doubling the input may at most double the time; the rest is slack for noise.
const MAX_RATIO: f64 = 2.5;
/// Each size is timed this many times and the best kept (noise only ever adds time).
const RUNS: usize = 5;

struct Dimension {
    name: &'static str,
    /// What N counts.
    unit: &'static str,
    n: usize,
    generate: fn(&Path, usize),
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("create folder");
    }
    fs::write(path, text).expect("write file");
}

/// F16 as reported: each suppression of DOC002 is followed by a DOC001 placeholder (so every
/// suppression is unused: N × ISM001 and N × DOC001).
fn suppressions_unused(dir: &Path, n: usize) {
    let mut t = String::from("---\ntitle: P\n---\n");
    for _ in 0..n {
        t.push_str("<!-- ismslint-disable-next-line DOC002 -- r -->\nText [Company Name].\n\n");
    }
    write(&dir.join("policies/p.md"), &t);
}

/// N suppressions, each hiding the finding on the line below it.
fn suppressions_used(dir: &Path, n: usize) {
    let mut t = String::from("---\ntitle: P\n---\n");
    for _ in 0..n {
        t.push_str("<!-- ismslint-disable-next-line DOC001 -- r -->\nText [Company Name].\n\n");
    }
    write(&dir.join("policies/p.md"), &t);
}

/// N `disable` ranges and N `enable` comments that close none of them, then findings.
fn suppression_ranges(dir: &Path, n: usize) {
    let mut t = String::from("---\ntitle: P\n---\n");
    for _ in 0..n {
        t.push_str("<!-- ismslint-disable DOC001 -- r -->\n\n<!-- ismslint-enable DOC002 -->\n\nText [Company Name].\n\n");
    }
    write(&dir.join("policies/p.md"), &t);
}

/// F17: one YAML record with N keys.
fn keys_per_record(dir: &Path, n: usize) {
    let mut t = String::from("- id: R-1\n");
    for i in 0..n {
        let _ = writeln!(t, "  k{i}: v");
    }
    write(&dir.join("risks.yaml"), &t);
}

/// N documents, each with a heading and two links with fragments to the next one (one heading
/// exists, one does not): links × files.
fn links_files(dir: &Path, n: usize) {
    for i in 0..n {
        let next = (i + 1) % n;
        write(
            &dir.join(format!("docs/d{i}.md")),
            &format!(
                "# Heading {i}\n\nSee [next](d{next}.md#heading-{next}) and [gone](d{next}.md#nope).\n"
            ),
        );
    }
}

/// One file with N headings, another with N links to them (half of them broken): links ×
/// anchors.
fn links_anchors(dir: &Path, n: usize) {
    let mut target = String::new();
    let mut links = String::new();
    for i in 0..n {
        let _ = writeln!(target, "## Section {i}\n");
        let anchor = if i % 2 == 0 {
            format!("section-{i}")
        } else {
            format!("missing-{i}")
        };
        let _ = writeln!(links, "- [s{i}](target.md#{anchor})");
    }
    write(&dir.join("docs/target.md"), &target);
    write(&dir.join("docs/links.md"), &links);
}

/// N placeholders in one paragraph (one block of prose).
fn findings_block(dir: &Path, n: usize) {
    let mut t = String::from("---\ntitle: P\n---\n");
    for _ in 0..n {
        t.push_str("Text [Company Name] and {{company}}\n");
    }
    write(&dir.join("policies/p.md"), &t);
}

/// N placeholders on one line.
fn findings_line(dir: &Path, n: usize) {
    let mut t = String::from("---\ntitle: P\n---\n");
    for _ in 0..n {
        t.push_str("Text [Company Name] ");
    }
    t.push('\n');
    write(&dir.join("policies/p.md"), &t);
}

/// N risks in one YAML file, each with findings (no owner, score mismatch, unknown control).
fn findings_records(dir: &Path, n: usize) {
    let mut t = String::from("risks:\n");
    for i in 0..n {
        let _ = writeln!(
            t,
            "  - id: R-{i}\n    likelihood: 3\n    impact: 4\n    score: 5\n    treatment: modify\n    controls: [A.9.{i}]"
        );
    }
    write(&dir.join("risks.yaml"), &t);
}

/// N risks whose owner and defaults are aliases: alias-expanded bytes grow with N (within the
/// budget).
fn alias_bytes(dir: &Path, n: usize) {
    let mut t = String::from(
        "ciso: &ciso Jane Doe, Chief Information Security Officer\ndefaults: &d {treatment: modify, review: 12 months}\nrisks:\n",
    );
    for i in 0..n {
        let _ = writeln!(
            t,
            "  - id: R-{i}\n    title: Risk number {i} of the register\n    owner: *ciso\n    likelihood: 2\n    impact: 3\n    extra: *d"
        );
    }
    write(&dir.join("risks.yaml"), &t);
}

/// A CSV whose header has N columns, over N rows of one cell: header width × rows.
fn columns_rows(dir: &Path, n: usize) {
    let mut t = String::from("Risk ID,Likelihood");
    for i in 0..n {
        let _ = write!(t, ",c{i}");
    }
    t.push('\n');
    for i in 0..n {
        let _ = writeln!(t, "R-{i}");
    }
    write(&dir.join("risks.csv"), &t);
}

/// N documents with a placeholder each, and N waivers in config, one per file.
fn waivers(dir: &Path, n: usize) {
    let mut config = String::from("waivers:\n");
    for i in 0..n {
        write(
            &dir.join(format!("policies/p{i}.md")),
            &format!("---\ntitle: P{i}\n---\nText [Company Name].\n"),
        );
        let _ = writeln!(
            config,
            "  - {{rule: DOC001, path: policies/p{i}.md, reason: accepted for now}}"
        );
    }
    write(&dir.join("ismslint.yaml"), &config);
}

fn dimensions() -> Vec<Dimension> {
    vec![
        Dimension {
            name: "suppressions (F16, all unused)",
            unit: "suppressions",
            n: 25_000,
            generate: suppressions_unused,
        },
        Dimension {
            name: "suppressions (all used)",
            unit: "suppressions",
            n: 25_000,
            generate: suppressions_used,
        },
        Dimension {
            name: "suppression ranges",
            unit: "disable+enable",
            n: 20_000,
            generate: suppression_ranges,
        },
        Dimension {
            name: "keys per record (F17)",
            unit: "keys",
            n: 100_000,
            generate: keys_per_record,
        },
        Dimension {
            name: "links x files",
            unit: "files",
            n: 4_000,
            generate: links_files,
        },
        Dimension {
            name: "links x anchors",
            unit: "links",
            n: 50_000,
            generate: links_anchors,
        },
        Dimension {
            name: "findings per block",
            unit: "findings",
            n: 25_000,
            generate: findings_block,
        },
        Dimension {
            name: "findings on one line",
            unit: "findings",
            n: 25_000,
            generate: findings_line,
        },
        Dimension {
            name: "findings per file (records)",
            unit: "risks",
            n: 10_000,
            generate: findings_records,
        },
        Dimension {
            name: "alias-expanded bytes",
            unit: "aliases",
            n: 25_000,
            generate: alias_bytes,
        },
        Dimension {
            name: "columns x rows (CSV)",
            unit: "columns, rows",
            n: 30_000,
            generate: columns_rows,
        },
        Dimension {
            name: "waivers x findings",
            unit: "waivers",
            n: 2_500,
            generate: waivers,
        },
    ]
}

/// Wall time of one run, or `None` when it was killed at the timeout.
fn time_once(bin: &Path, dir: &Path, timeout: Duration) -> Option<Duration> {
    let start = Instant::now();
    // Isolated from any config above the temporary folder; the waivers need their own.
    let config = dir.join("ismslint.yaml");
    let mut cmd = Command::new(bin);
    cmd.arg(dir);
    if config.exists() {
        cmd.arg("--config").arg(&config);
    } else {
        cmd.arg("--isolated");
    }
    let mut child = cmd
        .args(["--format", "concise", "--exit-zero"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run ismslint");
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let took = start.elapsed();
            assert!(
                status.code().is_some_and(|c| c <= 1),
                "{} exited with {status}",
                dir.display()
            );
            return Some(took);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Best of `runs`; `None` when the first run timed out.
fn best_of(bin: &Path, dir: &Path, runs: usize, timeout: Duration) -> Option<Duration> {
    let mut best: Option<Duration> = None;
    for _ in 0..runs {
        let t = time_once(bin, dir, timeout)?;
        best = Some(best.map_or(t, |b| b.min(t)));
    }
    best
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut bin: Option<PathBuf> = None;
    let mut scale = 1.0f64;
    let mut only: Option<String> = None;
    let mut timeout = 60u64;
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--bin" => bin = Some(PathBuf::from(value())),
            "--scale" => scale = value().parse().expect("--scale takes a number"),
            "--only" => only = Some(value()),
            "--timeout" => timeout = value().parse().expect("--timeout takes seconds"),
            other => panic!("unknown argument {other}"),
        }
    }
    let bin = bin.unwrap_or_else(|| {
        // `cargo run --example` does not build the binary: build it, then use the one beside
        // this example (target/release/examples/scaling → target/release/ismslint).
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let ok = Command::new(cargo)
            .args(["build", "--release", "--quiet", "--bin", "ismslint"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "cargo build --release --bin ismslint failed");
        let exe = std::env::current_exe().expect("current exe");
        exe.parent()
            .and_then(Path::parent)
            .expect("target dir")
            .join(format!("ismslint{}", std::env::consts::EXE_SUFFIX))
    });
    let timeout = Duration::from_secs(timeout);
    let root = std::env::temp_dir().join(format!("ismslint-scaling-{}", std::process::id()));
    println!("binary: {}", bin.display());
    println!(
        "{:<31} {:>15} {:>8} {:>9} {:>9} {:>9} {:>8} {:>8}",
        "dimension", "unit", "N", "t(N)", "t(2N)", "t(4N)", "2N/N", "4N/2N"
    );
    let mut failed = Vec::new();
    for d in dimensions() {
        if only.as_ref().is_some_and(|o| !d.name.contains(o.as_str())) {
            continue;
        }
        let n = ((d.n as f64 * scale) as usize).max(1);
        let mut times = Vec::new();
        for k in [1, 2, 4] {
            let dir = root.join(format!("{}-{k}", d.name.replace([' ', '(', ')', ','], "_")));
            let _ = fs::remove_dir_all(&dir);
            (d.generate)(&dir, n * k);
            times.push(best_of(&bin, &dir, RUNS, timeout));
            let _ = fs::remove_dir_all(&dir);
            if times.last().is_some_and(Option::is_none) {
                break;
            }
        }
        let show = |t: Option<&Option<Duration>>| match t {
            Some(Some(t)) => format!("{:.3}s", t.as_secs_f64()),
            Some(None) => format!(">{}s", timeout.as_secs()),
            None => "-".into(),
        };
        let ratio = |a: Option<&Option<Duration>>, b: Option<&Option<Duration>>| match (a, b) {
            (Some(Some(a)), Some(Some(b))) => Some(b.as_secs_f64() / a.as_secs_f64()),
            _ => None,
        };
        let r1 = ratio(times.first(), times.get(1));
        let r2 = ratio(times.get(1), times.get(2));
        let fmt_ratio = |r: Option<f64>| r.map_or("-".into(), |r| format!("{r:.2}"));
        println!(
            "{:<31} {:>15} {:>8} {:>9} {:>9} {:>9} {:>8} {:>8}",
            d.name,
            d.unit,
            n,
            show(times.first()),
            show(times.get(1)),
            show(times.get(2)),
            fmt_ratio(r1),
            fmt_ratio(r2)
        );
        let timed_out = times.iter().any(Option::is_none);
        if timed_out || [r1, r2].iter().flatten().any(|&r| r > MAX_RATIO) {
            failed.push(d.name);
        }
    }
    let _ = fs::remove_dir_all(&root);
    if failed.is_empty() {
        println!("ok: every ratio is at most {MAX_RATIO}");
    } else {
        println!(
            "FAILED: superlinear (ratio above {MAX_RATIO} or timed out): {}",
            failed.join(", ")
        );
        std::process::exit(1);
    }
}
