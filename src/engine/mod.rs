//! The pipeline (DESIGN §2), one stage per module, each handing the next a named value:
//!
//! configure → discover → load (parallel, per file) → model (normalise, build, merge) →
//! check (rules) → policy (levels, suppressions, waivers, grouping, order) → report.
//!
//! `Setup` (config, packs, field aliases, catalogue) is read by every stage; `Ledger` (the files
//! read, findings, `-v` notes, what `init` is told) is handed on and added to by each.

mod check;
mod configure;
mod discover;
mod entities;
mod knowledge_base;
mod load;
mod model;
mod policy;
mod report;
pub mod severity;
pub mod suppress;
mod warm;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::source::SourceMap;
use jiff::civil::Date;
use severity::Selection;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use crate::config::learn::MethodologySeen;
pub use discover::is_report_name;

#[derive(Debug, Clone)]
pub enum ConfigChoice {
    /// Search the root and its parents up to the git root.
    Discover,
    File(PathBuf),
    Isolated,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub config: ConfigChoice,
    pub today: Date,
    pub selection: Selection,
    /// Files ismslint itself writes in this run (`-o` reports): never linted.
    pub skip: Vec<PathBuf>,
    /// `-v`: the timing note also gives each stage's memory peak (read from `/proc`, about
    /// 1% of a small run's time, so only when it is shown).
    pub verbose: bool,
    /// `init`: the risk rows are kept for it to learn the method from (`Outcome::methodology`).
    pub learn: bool,
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    pub soa: SoaSummary,
    pub risks: usize,
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct SoaSummary {
    /// Annex A controls that have a row.
    pub covered: usize,
    pub catalogue: usize,
    pub applicable: usize,
    pub excluded: usize,
}

pub struct Outcome {
    pub methodology: MethodologySeen,
    /// The registers found, per file (for `ismslint init`).
    pub detected: Vec<(String, crate::parse::Detected)>,
    /// Files of a register format that no kind matched.
    pub unclassified: Vec<String>,
    pub files: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// What `--verbose` prints: how each file was read, which kinds had no source.
    pub notes: Vec<String>,
    /// The model the rules read and the configuration in force (the HTML report draws them).
    pub model: Model,
    pub config: Config,
    /// The packs (their compiled patterns) and field table the rules read, no longer needed:
    /// kept so that the CLI, which exits without freeing the outcome, does not free them
    /// either (~1M instructions).
    _read: (
        crate::catalog::packs::Packs,
        crate::model::aliases::FieldTable,
    ),
}

pub enum EngineError {
    /// The config is invalid: its diagnostics (located in the config file).
    Config(SourceMap, Vec<Diagnostic>),
    Io(String),
}

/// What the run reports besides the model, handed on from stage to stage and added to by each:
/// the files read, the findings, the notes `-v` prints, and what `init` is told.
struct Ledger {
    files: SourceMap,
    /// The first file linted: the files before it are the config file and packs.
    base: usize,
    diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
    /// The registers found, per file (for `ismslint init`).
    detected: Vec<(String, crate::parse::Detected)>,
    /// Files of a register format that no kind matched.
    unclassified: Vec<String>,
    /// The words risk registers score with, their rows, how many scores are numbers.
    seen: MethodologySeen,
}

/// How long each stage took, and the memory peak at its end, for `-v`.
struct Clock {
    started: Instant,
    lap: Instant,
    timings: Vec<(&'static str, Duration)>,
    /// The process's peak resident memory so far, in bytes, at the end of each stage (where
    /// the system says it: Linux), when `measure`.
    peaks: Vec<(&'static str, u64)>,
    measure: bool,
}

/// The peak resident memory of this process so far (Linux: `VmHWM` of `/proc/self/status`),
/// so `-v` shows which stage holds the memory of a big repository (issue 16).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

impl Clock {
    fn start(measure: bool) -> Self {
        let started = Instant::now();
        Clock {
            started,
            lap: started,
            timings: Vec::new(),
            peaks: Vec::new(),
            measure,
        }
    }

    /// The stage `name` ends now.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.timings.push((name, now - self.lap));
        self.lap = now;
        if let Some(peak) = self.measure.then(peak_memory).flatten() {
            self.peaks.push((name, peak));
        }
    }

    /// Timings vary run to run: they go to the verbose notes on stderr, never into the output.
    fn note(&self) -> String {
        let spent: Vec<String> = self
            .timings
            .iter()
            .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0))
            .collect();
        let mut note = format!(
            "timings: {} (total {:.1} ms)",
            spent.join(", "),
            self.started.elapsed().as_secs_f64() * 1000.0
        );
        if !self.peaks.is_empty() {
            let peaks: Vec<String> = self
                .peaks
                .iter()
                .map(|(name, bytes)| format!("{name} {:.1} MB", *bytes as f64 / 1e6))
                .collect();
            note.push_str(&format!(
                "; peak memory at the end of each stage: {}",
                peaks.join(", ")
            ));
        }
        note
    }
}

pub fn run(opts: &Options) -> Result<Outcome, EngineError> {
    let mut clock = Clock::start(opts.verbose);
    warm::tables();
    let (config, mut files) = configure::config(opts)?;
    // The walk (system calls) and the built-in tables (CPU) need nothing of each other.
    let (walked, tables) = rayon::join(
        || crate::source::walk::walk(&opts.root),
        configure::Tables::builtin,
    );
    warm::documents(&walked);
    let mut setup = configure::setup(opts, config, tables, &mut files)?;
    let (found, repo) = discover::discover(opts, &setup, files, walked);
    clock.lap("discover");
    let inputs = load::load(found, &setup);
    clock.lap("load");
    // The risk method the repository's methodology states completes `setup.config` here.
    let (model, ledger) = model::build(inputs, &mut setup);
    clock.lap("model");
    let ledger = check::check(&model, ledger, &setup, &repo, opts);
    clock.lap("rules");
    let ledger = policy::decide(ledger, &setup.config, opts);
    clock.lap("sort");
    Ok(report::outcome(model, ledger, setup, &clock))
}
