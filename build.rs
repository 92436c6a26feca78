//! Puts the commit into `ismslint --version` (`ismslint 0.1.0 (1a2b3c4d5e6f 2026-12-01)`).
//!
//! The commit comes from, in order: `ISMSLINT_COMMIT` (set by whoever builds from a tree without
//! git), the git checkout the crate is built in, or the `.cargo_vcs_info.json` that
//! `cargo publish` writes into the crate. Without any of them the version alone is printed.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=ISMSLINT_COMMIT");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = Path::new(&dir);
    let commit = std::env::var("ISMSLINT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .map(|c| c.trim().to_string())
        .or_else(|| git_commit(dir))
        .or_else(|| published_commit(dir));
    let long = match commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=ISMSLINT_VERSION_LONG={long}");
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// The checked-out commit and its date, only when the crate is the top of that checkout (a crate
/// unpacked inside some other repository must not print that repository's commit).
fn git_commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    // Rebuild when HEAD moves: HEAD itself, the branch it points at, and packed refs.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(dir, &["rev-parse", "--git-path", &name]) {
            let path = dir.join(path);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    let commit = git(dir, &["rev-parse", "--short=12", "HEAD"])?;
    Some(match git(dir, &["log", "-1", "--format=%cs", "HEAD"]) {
        Some(date) => format!("{commit} {date}"),
        None => commit,
    })
}

/// `cargo publish` records the commit in `.cargo_vcs_info.json` (`"sha1": "<40 hex>"`).
fn published_commit(dir: &Path) -> Option<String> {
    let info = dir.join(".cargo_vcs_info.json");
    if !info.exists() {
        return None;
    }
    println!("cargo:rerun-if-changed={}", info.display());
    let text = std::fs::read_to_string(info).ok()?;
    let rest = &text[text.find("\"sha1\"")? + "\"sha1\"".len()..];
    let start = rest.find('"')? + 1;
    let sha: String = rest[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (sha.len() >= 12).then(|| sha[..12].to_string())
}
