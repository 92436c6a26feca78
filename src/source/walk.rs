//! Discovery: walking the linted tree (the naming conventions for sources are
//! `parse::convention`), and the set of files that path references are checked against.

use std::path::{Path, PathBuf};

/// The files of the linted tree, for checks that a referenced path exists.
pub struct RepoFiles {
    pub root: PathBuf,
    /// Every file the walk saw (any type), relative, `/`-separated.
    pub files: std::collections::BTreeSet<String>,
    /// Documentation sites found (Docusaurus, MkDocs, Hugo), innermost first.
    pub sites: Vec<crate::source::site::Site>,
    /// Folders config names as served at a site's `/` (`documents.site_roots`).
    pub site_roots: Vec<String>,
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
        exists_inside(&self.root, rel)
    }
}

/// Does `rel` exist under `root`, resolving symbolic links only while they stay inside the
/// root? A path that leads out of the root counts as existing: whether a file outside exists
/// is none of the repository's business (and would make DOC010 an oracle for the runner's
/// file system).
fn exists_inside(root: &Path, rel: &str) -> bool {
    let mut pending: Vec<std::ffi::OsString> = Path::new(rel)
        .components()
        .rev()
        .map(|c| c.as_os_str().to_os_string())
        .collect();
    let mut at = root.to_path_buf();
    let mut hops = 0;
    while let Some(part) = pending.pop() {
        if part == ".." {
            if !at.pop() || !at.starts_with(root) {
                return true;
            }
            continue;
        }
        if part == "." {
            continue;
        }
        at.push(&part);
        let Ok(meta) = std::fs::symlink_metadata(&at) else {
            return false;
        };
        if !meta.file_type().is_symlink() {
            continue;
        }
        hops += 1;
        let Ok(target) = std::fs::read_link(&at) else {
            return true;
        };
        at.pop();
        if hops > 40 || target.is_absolute() {
            return true;
        }
        pending.extend(
            target
                .components()
                .rev()
                .map(|c| c.as_os_str().to_os_string()),
        );
    }
    at.starts_with(root)
}

/// The walk's result: the files, and what could not be read (never skipped in silence).
#[derive(Default)]
pub struct Walked {
    /// Every file under the root, sorted, as (relative path with `/`, absolute path).
    pub files: Vec<(String, PathBuf)>,
    /// (relative path, reason) of folders and ignore files the walk could not read.
    pub errors: Vec<(String, String)>,
}

const IGNORE_FILES: [&str; 3] = [".gitignore", ".ignore", ".ismslintignore"];

/// Ignore files of the folders between the git root and `root` (exclusive): they apply to a
/// run on a sub-folder of a repository, as git would apply them. Nothing above the git root
/// (or above `root` outside a repository) is read: a stray `.gitignore` in a parent folder
/// must not hide the registers.
fn ancestor_ignores(root: &Path) -> Vec<ignore::gitignore::Gitignore> {
    // Deepest first: the nearest folder's patterns win, as in git.
    crate::source::fsafe::scope_folders(root)
        .into_iter()
        .skip(1)
        .filter_map(|dir| {
            let mut b = ignore::gitignore::GitignoreBuilder::new(&dir);
            let mut any = false;
            for name in IGNORE_FILES {
                let path = dir.join(name);
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
                    any |= b.add(&path).is_none();
                }
            }
            any.then(|| b.build().ok()).flatten()
        })
        .collect()
}

/// Every file under `root`, sorted. Honours .gitignore, .ignore and .ismslintignore from the
/// root down, and from the git root down to the root; never follows symlinks (so never leaves
/// the root); the user's global git excludes are not read, so every machine sees the same files.
pub fn walk(root: &Path) -> Walked {
    let mut out = Walked::default();
    let abs_root = root
        .canonicalize()
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_path_buf());
    let ancestors = std::sync::Arc::new(ancestor_ignores(&abs_root));
    let walker = ignore::WalkBuilder::new(&abs_root)
        .follow_links(false)
        .add_custom_ignore_filename(".ismslintignore")
        .require_git(false)
        .parents(false)
        .git_global(false)
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let ignored = ancestors.iter().find_map(|gi| {
                let m = gi.matched_path_or_any_parents(entry.path(), is_dir);
                (!m.is_none()).then(|| m.is_ignore())
            });
            ignored != Some(true)
        })
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    let rel_of = |path: &Path| {
        path.strip_prefix(&abs_root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    };
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.errors.push(walk_error(&e, &rel_of));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        out.files.push((
            rel_of(path),
            root.join(path.strip_prefix(&abs_root).unwrap_or(path)),
        ));
    }
    out
}

/// A walk error as (relative path, reason).
fn walk_error(e: &ignore::Error, rel_of: &dyn Fn(&Path) -> String) -> (String, String) {
    match e {
        ignore::Error::WithPath { path, err } => (rel_of(path), inner_reason(err)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err, rel_of)
        }
        ignore::Error::Partial(errs) => errs
            .first()
            .map_or((String::new(), e.to_string()), |inner| {
                walk_error(inner, rel_of)
            }),
        ignore::Error::Loop { child, .. } => (rel_of(child), "symbolic link loop".into()),
        other => (String::new(), other.to_string()),
    }
}

fn inner_reason(e: &ignore::Error) -> String {
    match e.io_error() {
        Some(io) if io.raw_os_error() == Some(13) => "permission denied".into(),
        Some(io) => crate::source::fsafe::io_reason(io),
        None => e.to_string(),
    }
}
