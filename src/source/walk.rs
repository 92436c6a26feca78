//! Discovery: walking the linted tree, naming conventions for sources (DESIGN §4.4), and the
//! set of files that path references are checked against.

use crate::model::Kind;
use crate::parse::Format;
use std::path::{Path, PathBuf};

/// The files of the linted tree, for checks that a referenced path exists.
pub struct RepoFiles {
    pub root: PathBuf,
    /// Every file the walk saw (any type), relative, `/`-separated.
    pub files: std::collections::BTreeSet<String>,
}

impl RepoFiles {
    /// Does `rel` (relative to the root, `/`-separated, already normalised) name a file or
    /// folder in the tree? Files the walk skipped (ignored ones) are looked up on disk, without
    /// following links.
    pub fn exists(&self, rel: &str) -> bool {
        let rel = rel.trim_end_matches('/');
        if rel.is_empty() || self.files.contains(rel) {
            return true;
        }
        let dir = format!("{rel}/");
        if self
            .files
            .range(dir.clone()..)
            .next()
            .is_some_and(|f| f.starts_with(&dir))
        {
            return true;
        }
        std::fs::symlink_metadata(self.root.join(rel)).is_ok()
    }
}

/// Every file under `root`, sorted, as (relative path with `/`, absolute path). Honours
/// .gitignore and .ismslintignore; never follows symlinks (so never leaves the root).
pub fn walk(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .add_custom_ignore_filename(".ismslintignore")
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        out.push((rel, path.to_path_buf()));
    }
    out
}

/// The kind a file's name or folder suggests (DESIGN §4.4). `None`: decide from content.
pub fn convention(
    rel: &str,
    format: Format,
    docs: &crate::config::DocumentsConfig,
) -> Option<Kind> {
    let lower = rel.to_lowercase();
    let (dirs, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
    let stem = name.split('.').next().unwrap_or("");
    let stem_key: String = stem.chars().filter(|c| c.is_alphanumeric()).collect();
    let by_name = if stem_key.starts_with("soa") || stem_key.contains("statementofapplicability") {
        Some(Kind::Control)
    } else if stem_key == "risks" || stem_key.contains("riskregister") {
        Some(Kind::Risk)
    } else if matches!(stem_key.as_str(), "owners" | "roles" | "people") {
        Some(Kind::Owner)
    } else if stem_key == "evidence" || stem_key.contains("evidenceregister") {
        Some(Kind::Evidence)
    } else if stem_key == "assets"
        || stem_key.contains("assetregister")
        || stem_key.contains("assetinventory")
    {
        Some(Kind::Asset)
    } else {
        None
    };
    if by_name.is_some() {
        return by_name;
    }
    let in_dir = |d: &str| dirs.split('/').any(|x| x == d);
    match format {
        Format::Yaml if in_dir("risks") => Some(Kind::Risk),
        Format::Yaml if in_dir("evidence") => Some(Kind::Evidence),
        Format::Markdown if docs.in_folder(rel) && !is_readme(name) => Some(Kind::Document),
        Format::Markdown if in_dir("risks") => Some(Kind::Risk),
        _ => None,
    }
}

/// README files describe a folder; they are not controlled documents.
fn is_readme(name: &str) -> bool {
    name.starts_with("readme")
}
