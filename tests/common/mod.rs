//! Helpers shared by the integration tests.
#![allow(dead_code)]

use ismslint::engine::severity::Selection;
use ismslint::engine::{self, ConfigChoice, EngineError, Options, Outcome};
use ismslint::output::{self, Format};
use std::path::{Path, PathBuf};

/// The date every fixture is linted on, so time-based rules are reproducible.
pub const TODAY: &str = "2026-11-27";

/// The binary with a fixed today and no colour or CI summary from the environment.
pub fn ismslint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("ismslint").expect("binary");
    cmd.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("ISMSLINT_TODAY", TODAY);
    cmd
}

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
        verbose: false,
        learn: false,
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
pub mod hand_counted;

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

/// A YAML tree as JSON, numbers and booleans typed as a YAML 1.2 reader types them (for checking
/// configs against the JSON Schema).
pub fn yaml_to_json(node: &ismslint::parse::yaml::Node) -> serde_json::Value {
    use ismslint::parse::yaml::NodeData;
    match &node.data {
        NodeData::Null => serde_json::Value::Null,
        NodeData::Scalar(s) => {
            if let Ok(n) = s.parse::<i64>() {
                n.into()
            } else if let Ok(f) = s.parse::<f64>() {
                serde_json::Number::from_f64(f).map_or_else(|| s.to_string().into(), Into::into)
            } else if let Ok(b) = s.parse::<bool>() {
                b.into()
            } else {
                s.to_string().into()
            }
        }
        NodeData::Seq(items) => items.iter().map(yaml_to_json).collect(),
        NodeData::Map(pairs) => pairs
            .iter()
            .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), yaml_to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}
