//! File access for an untrusted repository. A pull request controls every file ismslint reads,
//! so the files it reads outside the walk (config, packs, baselines) are opened only when they
//! are regular files under a size cap — never through a symbolic link, never a FIFO or device
//! (which would hang or never end) — and nothing is written through a link or left half-written.
//! Errors describe the file, never its content.

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

/// Config files, packs and baselines larger than this are refused: real ones are kilobytes.
pub const SIDE_FILE_CAP: u64 = 16 << 20;

#[derive(Debug)]
pub enum ReadError {
    Symlink,
    NotRegular(&'static str),
    TooLarge { size: u64, cap: u64 },
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Symlink => f.write_str(
                "it is a symbolic link, which ismslint never follows (name the real file instead)",
            ),
            ReadError::NotRegular(what) => write!(f, "it is a {what}, not a regular file"),
            ReadError::TooLarge { size, cap } => write!(
                f,
                "it is too large ({} bytes; the limit is {} MiB)",
                size,
                cap >> 20
            ),
            ReadError::Io(e) => write!(f, "{}", io_reason(e)),
        }
    }
}

/// An I/O error as a short reason, without the OS error number noise where we can.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn file_type_name(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "named pipe (FIFO)";
        }
        if ft.is_socket() {
            return "socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "device";
        }
    }
    if ft.is_dir() {
        "folder"
    } else {
        "special file"
    }
}

/// Read `path` if it is a regular file (not a link) of at most `cap` bytes.
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::symlink_metadata(path).map_err(ReadError::Io)?;
    let ft = meta.file_type();
    if ft.is_symlink() {
        return Err(ReadError::Symlink);
    }
    if !ft.is_file() {
        return Err(ReadError::NotRegular(file_type_name(&ft)));
    }
    let file = open_no_follow(path).map_err(ReadError::Io)?;
    // The file may have been swapped between the two calls: check what was opened.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular(file_type_name(&meta.file_type())));
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            cap,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file that grows while it is read still stops at the cap.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            cap,
        });
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO swapped in after the check must not block.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// `path` with `.` and `..` resolved without touching the file system.
pub fn lexical_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                // `..` at `/` stays at `/`, as the file system does.
                if !out.pop() && !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Resolve `rel` (relative to `base`, or absolute) to a path inside one of `allowed` (absolute,
/// canonical folders), refusing `..` that climbs out and symbolic links on the way.
pub fn confine(rel: &str, base: &Path, allowed: &[&Path]) -> Result<PathBuf, String> {
    let joined = lexical_normal(&base.join(rel));
    let Some(inside) = allowed.iter().find(|a| joined.starts_with(a)) else {
        return Err(
            "it is outside the repository; only files under the linted root are read".into(),
        );
    };
    let mut at = inside.to_path_buf();
    let tail = joined.strip_prefix(inside).unwrap_or(Path::new(""));
    let count = tail.components().count();
    for (i, c) in tail.components().enumerate() {
        at.push(c.as_os_str());
        // The last component is checked by `read_regular`.
        if i + 1 < count && std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(format!(
                "`{}` on its way is a symbolic link, which ismslint never follows",
                c.as_os_str().to_string_lossy()
            ));
        }
    }
    Ok(joined)
}

/// Write `bytes` to `path` atomically: a temporary file beside it, then a rename, so an
/// interrupted run leaves the old file whole. A symbolic link at `path` is refused, not
/// followed (a rename would replace the link, but the user meant its target or nothing).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() {
            return Err(format!(
                "cannot write {shown}: it is a symbolic link, which ismslint never writes through"
            ));
        }
        if !meta.file_type().is_file() {
            return Err(format!(
                "cannot write {shown}: it is a {}, not a regular file",
                file_type_name(&meta.file_type())
            ));
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut last_err = None;
    for attempt in 0..100u32 {
        let tmp = dir.join(format!(
            ".{name}.ismslint-tmp-{}-{attempt}",
            std::process::id()
        ));
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                last_err = Some(e);
                break;
            }
        };
        let written = file
            .write_all(bytes)
            .and_then(|()| file.sync_all())
            .and_then(|()| std::fs::rename(&tmp, path));
        drop(file);
        return written.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {shown}: {}", io_reason(&e))
        });
    }
    Err(format!(
        "cannot write {shown}: {}",
        last_err.map_or_else(|| "no temporary file name free".into(), |e| io_reason(&e))
    ))
}

/// Write a report the user named with `-o`. Inside the linted repository the file may have been
/// planted by a pull request as a link to somewhere else (the runner's shell profile): a link
/// there is refused. Outside the repository the user's own links are followed (`/dev/stdout`),
/// devices and FIFOs are written as they are, and regular files are replaced atomically.
pub fn write_report(path: &Path, bytes: &[u8], root: &Path) -> Result<(), String> {
    let absolute = std::path::absolute(path).map(|p| lexical_normal(&p));
    let inside = absolute.as_ref().is_ok_and(|p| p.starts_with(root));
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() && inside => Err(format!(
            "cannot write {}: it is a symbolic link inside the repository, which ismslint never writes through",
            path.display()
        )),
        Ok(m) if m.file_type().is_symlink() || !m.file_type().is_file() => {
            std::fs::write(path, bytes)
                .map_err(|e| format!("cannot write {}: {}", path.display(), io_reason(&e)))
        }
        _ => write_atomic(path, bytes),
    }
}

/// The git root: the nearest folder from `dir` upwards that holds `.git` (a folder, or a file
/// for worktrees and submodules).
pub fn git_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())
        .map(Path::to_path_buf)
}

/// The folders whose config and ignore files apply to a run rooted at `root` (absolute), from
/// `root` upwards: up to the git root, or `root` alone outside a git repository.
pub fn scope_folders(root: &Path) -> Vec<PathBuf> {
    match git_root(root) {
        Some(top) => root
            .ancestors()
            .take_while(|d| d.starts_with(&top))
            .map(Path::to_path_buf)
            .collect(),
        None => vec![root.to_path_buf()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_normal_resolves_dots() {
        assert_eq!(
            lexical_normal(Path::new("/a/b/../c/./d")),
            Path::new("/a/c/d")
        );
        assert_eq!(lexical_normal(Path::new("/a/../../etc")), Path::new("/etc"));
    }

    #[test]
    fn confine_refuses_escapes() {
        let root = Path::new("/repo");
        assert!(confine("packs/p.yaml", root, &[root]).is_ok());
        assert!(confine("../../etc/passwd", root, &[root]).is_err());
        assert!(confine("/proc/self/environ", root, &[root]).is_err());
        assert!(confine("a/../../repo2/x", root, &[root]).is_err());
    }
}
