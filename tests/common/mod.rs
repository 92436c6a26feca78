//! Helpers shared by the integration tests.
#![allow(dead_code)]

use ismslint::diagnostic::policy::Selection;
use ismslint::engine::{self, ConfigChoice, EngineError, Options, Outcome};
use ismslint::output::{self, Format};
use std::path::{Path, PathBuf};

/// The date every fixture is linted on, so time-based rules are reproducible.
pub const TODAY: &str = "2026-11-27";

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn options(dir: &Path, select: &[&str]) -> Options {
    let config = ["ismslint.yaml", ".ismslint.yaml"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file());
    Options {
        root: dir.to_path_buf(),
        // Fixtures never pick up a config from a parent folder.
        config: config.map_or(ConfigChoice::Isolated, ConfigChoice::File),
        today: TODAY.parse().expect("valid date"),
        selection: Selection {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: Vec::new(),
        },
        skip: Vec::new(),
    }
}

pub fn lint(dir: &Path, select: &[&str]) -> Outcome {
    match engine::run(&options(dir, select)) {
        Ok(o) => o,
        Err(EngineError::Io(e)) => panic!("{}: {e}", dir.display()),
        Err(EngineError::Config(_, d)) => panic!(
            "{}: invalid config: {:?}",
            dir.display(),
            d.iter().map(|d| &d.message).collect::<Vec<_>>()
        ),
    }
}

pub fn render(o: &Outcome, format: Format) -> String {
    output::render(format, &o.diagnostics, &o.files, &o.summary, false)
}

/// Sub-directories of `dir`, sorted.
pub fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
