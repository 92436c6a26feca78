//! ismslint: a fast, offline linter for ISO/IEC 27001 ISMS repositories.
//!
//! Pipeline (DESIGN §2): discover → load (parallel) → normalise → model → rules → policy → render.
//!
//! Layers: each top-level module names (`crate::x`) only modules to its left, never one to its
//! right (a test below reads `src/` and fails on a cycle):
//!
//! `pattern` → `source` → `diagnostic` → `model` → `parse` → `catalog`, `config` → `rules` →
//! `engine` → `output` → `cli`
//!
//! - `pattern`: regexes compiled when compiling pays (small ASCII texts go to `regex_lite`).
//! - `source`: files, spans, the walk, site generators; `diagnostic`: findings, rule metadata
//!   (`RuleMeta`, and the IN codes the readers emit, `diagnostic::input`), grouping, baseline.
//! - `model`: records, entities, normalisation (`build`) and what it reads: values, the Annex A
//!   catalogue (`model::catalog`), the risk methodology (`risk_method`, `scale`).
//! - `parse`: one reader per format, table classification, naming conventions.
//! - `catalog` (packs; re-exports the catalogue) and `config` (`ismslint.yaml`, what the
//!   repository states, `learn`) both sit on `parse`, neither names the other.
//! - `rules` read the model with config; `engine` runs the stages, the severity policy and the
//!   suppressions (`engine::severity`, `engine::suppress`); `output` renders; `cli` drives.

pub mod catalog;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod model;
pub mod output;
pub mod parse;
pub mod pattern;
pub mod rules;
pub mod source;

/// The layers hold: no top-level module names (`crate::x`) a module that names it back, directly
/// or through others. Read from the source text, like `grep -rhoE 'crate::[a-z_]+' src/<module>`,
/// comments and tests included (an intra-doc link is a reference too).
#[cfg(test)]
mod layers {
    use std::collections::BTreeMap;
    use std::path::Path;

    /// Each `crate::x` a file names, with the first line naming it.
    fn named(text: &str, out: &mut BTreeMap<String, usize>) {
        for (n, line) in text.lines().enumerate() {
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
                    .unwrap_or(rest.len());
                if end > 0 {
                    out.entry(rest[..end].to_string()).or_insert(n + 1);
                }
            }
        }
    }

    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("read src")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }

    #[test]
    fn top_level_modules_form_no_import_cycle() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        // A folder or a file beside lib.rs (not lib.rs, not main.rs) is a top-level module.
        let mut modules: Vec<String> = std::fs::read_dir(&src)
            .expect("read src")
            .map(|e| e.expect("entry").path())
            .filter_map(|p| match p.extension() {
                None if p.is_dir() => Some(p.file_name()?.to_string_lossy().into_owned()),
                Some(e) if e == "rs" => Some(p.file_stem()?.to_string_lossy().into_owned()),
                _ => None,
            })
            .filter(|m| m != "lib" && m != "main")
            .collect();
        modules.sort();
        // module -> (module it names -> where, first place)
        let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for m in &modules {
            let mut paths = Vec::new();
            if src.join(m).is_dir() {
                files(&src.join(m), &mut paths);
            } else {
                paths.push(src.join(format!("{m}.rs")));
            }
            let to = edges.entry(m.clone()).or_default();
            for p in paths {
                let text = std::fs::read_to_string(&p).expect("read file");
                let mut seen = BTreeMap::new();
                named(&text, &mut seen);
                for (target, line) in seen {
                    if &target != m && modules.contains(&target) {
                        let at = p.strip_prefix(&src).unwrap_or(&p).display().to_string();
                        to.entry(target).or_insert(format!("src/{at}:{line}"));
                    }
                }
            }
        }
        // The shortest way back from `from` to `goal`, as the modules on it.
        let path_back = |from: &str, goal: &str| -> Option<Vec<String>> {
            let mut prev: BTreeMap<String, String> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([from.to_string()]);
            while let Some(m) = queue.pop_front() {
                if m == goal {
                    let mut path = vec![m.clone()];
                    while let Some(p) = prev.get(path.last().unwrap()) {
                        path.push(p.clone());
                    }
                    path.reverse();
                    return Some(path);
                }
                for next in edges.get(&m).into_iter().flat_map(|t| t.keys()) {
                    if next != from && !prev.contains_key(next) {
                        prev.insert(next.clone(), m.clone());
                        queue.push_back(next.clone());
                    }
                }
            }
            None
        };
        let mut cyclic = Vec::new();
        let mut shortest: Option<Vec<String>> = None;
        for (from, to) in &edges {
            for (target, at) in to {
                if let Some(back) = path_back(target, from) {
                    cyclic.push(format!("{from} -> {target} ({at})"));
                    if shortest.as_ref().is_none_or(|s| back.len() + 1 < s.len()) {
                        shortest = Some(std::iter::once(from.clone()).chain(back).collect());
                    }
                }
            }
        }
        let graph: Vec<String> = edges
            .iter()
            .map(|(m, to)| {
                format!(
                    "{m} -> {}",
                    to.keys().cloned().collect::<Vec<_>>().join(" ")
                )
            })
            .collect();
        assert!(
            cyclic.is_empty(),
            "top-level modules import each other in a circle, e.g. {}; edges on a cycle:\n  {}\n\ngraph:\n  {}",
            shortest.unwrap_or_default().join(" -> "),
            cyclic.join("\n  "),
            graph.join("\n  ")
        );
    }
}
