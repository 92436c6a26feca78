//! Paths as users read them (issue 10): findings name files relative to the current directory,
//! as ruff and clippy do, so `ismslint isms/` prints `isms/policies/x.md`; SARIF and GitLab
//! reports name them relative to the repository root (`%SRCROOT%`), the git root above the
//! linted folder, or the current directory outside a repository.

use std::path::{Path, PathBuf};

/// `target` relative to the folder `base`, `/`-separated (`../x/y.md`), both made absolute and
/// lexically normalised first. `None` when they share no root (another drive on Windows).
pub fn relative(base: &Path, target: &Path) -> Option<String> {
    Base::new(base)?.relative(target)
}

/// A folder made absolute and lexically normalised once, for the paths of many files.
pub struct Base(PathBuf);

fn absolute(p: &Path) -> Option<PathBuf> {
    std::path::absolute(p)
        .map(|p| super::fsafe::lexical_normal(&p))
        .ok()
}

impl Base {
    pub fn new(base: &Path) -> Option<Base> {
        absolute(base).map(Base)
    }

    /// `target` relative to this folder (see [`relative`]).
    pub fn relative(&self, target: &Path) -> Option<String> {
        let target = absolute(target)?;
        let mut b = self.0.components().peekable();
        let mut t = target.components().peekable();
        if b.peek() != t.peek() {
            return None;
        }
        while b.peek().is_some() && b.peek() == t.peek() {
            b.next();
            t.next();
        }
        let mut out = String::new();
        for part in b
            .map(|_| "..".into())
            .chain(t.map(|c| c.as_os_str().to_string_lossy()))
        {
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(&part);
        }
        if out.is_empty() {
            out.push('.');
        }
        Some(out)
    }
}

/// The repository root for SARIF and GitLab paths: the git root above `root`, else the current
/// directory when `root` is inside it, else `root` itself.
pub fn repository_root(root: &Path, cwd: &Path) -> PathBuf {
    let root = std::path::absolute(root)
        .map(|p| super::fsafe::lexical_normal(&p))
        .unwrap_or_else(|_| root.to_path_buf());
    if let Some(top) = super::fsafe::git_root(&root) {
        return top;
    }
    if root.starts_with(cwd) {
        cwd.to_path_buf()
    } else {
        root
    }
}

/// Is a relative path inside its base (no leading `..`, not absolute)?
pub fn is_inside(rel: &str) -> bool {
    !(rel == ".." || rel.starts_with("../") || Path::new(rel).is_absolute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let r = |b: &str, t: &str| relative(Path::new(b), Path::new(t)).unwrap_or_default();
        assert_eq!(r("/repo", "/repo/isms/soa.md"), "isms/soa.md");
        assert_eq!(r("/repo/isms/policies", "/repo/isms/soa.md"), "../soa.md");
        assert_eq!(r("/repo/isms", "/repo/isms"), ".");
        assert_eq!(r("/a/b", "/c/d.md"), "../../c/d.md");
        assert_eq!(r("/repo/./x/..", "/repo/soa.md"), "soa.md");
        assert!(is_inside("isms/soa.md"));
        assert!(!is_inside("../soa.md"));
        assert!(!is_inside(".."));
    }
}
