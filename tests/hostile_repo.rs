//! A pull request controls every file of the repository ismslint reads in CI. These tests are the
//! file-access cases of the hostile-repository review (issue 8): nothing outside the root is
//! read, printed or written; nothing hangs; boundaries of the repository hold; odd encodings and
//! line endings are read. Each test builds its repository in a temporary folder.

mod common;

use assert_cmd::Command;
use std::fs;
use std::path::Path;

const SOA: &str = "Control,Applicable,Justification\nA.5.1,No,\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn ismslint(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::cargo_bin("ismslint").expect("binary");
    cmd.args(args);
    if args.first() != Some(&"init") {
        cmd.args(["--today", common::TODAY]);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.timeout(std::time::Duration::from_secs(30));
    let out = cmd.output().expect("run");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn lint(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![dir.to_str().expect("utf8"), "--format", "concise"];
    args.extend_from_slice(extra);
    ismslint(&args, &[])
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[test]
fn packs_outside_the_root_are_refused_without_echoing_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = tempfile::NamedTempFile::new().expect("secret");
    fs::write(secret.path(), "TOP-SECRET-VALUE\n").expect("write");
    for pack in [
        secret.path().to_str().expect("utf8").to_string(),
        "../../../../../../../../etc/passwd".into(),
        "/proc/self/environ".into(),
    ] {
        fs::write(
            dir.path().join("ismslint.yaml"),
            format!("packs: [\"{pack}\"]\n"),
        )
        .expect("w");
        let r = ismslint(
            &[dir.path().to_str().expect("utf8")],
            &[("MY_SECRET", "hunter2")],
        );
        assert_eq!(r.code, 2, "{pack}: {}", r.stderr);
        assert!(r.stderr.contains("outside the repository"), "{}", r.stderr);
        for leak in ["TOP-SECRET-VALUE", "hunter2", "root:x:"] {
            assert!(
                !r.stderr.contains(leak) && !r.stdout.contains(leak),
                "{pack} leaked"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_pack_inside_the_root_that_links_outside_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("outside");
    fs::write(outside.path().join("p.yaml"), "SECRET-PACK\n").expect("w");
    symlink(outside.path(), dir.path().join("packs"));
    symlink(
        outside.path().join("p.yaml"),
        dir.path().join("direct.yaml"),
    );
    for pack in ["packs/p.yaml", "direct.yaml"] {
        fs::write(
            dir.path().join("ismslint.yaml"),
            format!("packs: [{pack}]\n"),
        )
        .expect("w");
        let r = lint(dir.path(), &[]);
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
        assert!(!r.stderr.contains("SECRET-PACK"));
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_config_is_refused_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    symlink("/etc/passwd", dir.path().join("ismslint.yaml"));
    fs::write(dir.path().join("soa.csv"), SOA).expect("w");
    let r = lint(dir.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert!(!r.stderr.contains("root:"), "{}", r.stderr);
    // --isolated still lints the repository.
    let r = lint(dir.path(), &["--isolated"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("SOA005"));
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_never_hang_the_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("p.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    fs::write(dir.path().join("ismslint.yaml"), "packs: [p.yaml]\n").expect("w");
    let r = lint(dir.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("named pipe"), "{}", r.stderr);

    // A baseline that is a FIFO, a device or a link to one.
    fs::remove_file(dir.path().join("ismslint.yaml")).expect("rm");
    symlink("/dev/zero", dir.path().join("zero.json"));
    for baseline in [
        fifo.clone(),
        dir.path().join("zero.json"),
        "/dev/zero".into(),
    ] {
        let r = lint(
            dir.path(),
            &["--baseline", baseline.to_str().expect("utf8")],
        );
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("cannot read baseline"), "{}", r.stderr);
    }
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_symlink_and_quotes_names_for_any_shell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    let outside = dir.path().join("outside");
    fs::create_dir_all(&repo).expect("mkdir");
    fs::create_dir_all(&outside).expect("mkdir");
    fs::write(repo.join("soa$(touch PWNED)`id`!x.csv"), SOA).expect("w");
    // Dangling, then live link, with and without --force.
    symlink("../outside/.bash_profile", repo.join("ismslint.yaml"));
    for force in [false, true] {
        let mut args = vec!["init", repo.to_str().expect("utf8")];
        if force {
            args.push("--force");
        }
        let r = ismslint(&args, &[]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("never writes through"), "{}", r.stderr);
        assert!(!outside.join(".bash_profile").exists());
    }
    fs::write(outside.join("precious"), "precious\n").expect("w");
    fs::remove_file(repo.join("ismslint.yaml")).expect("rm");
    symlink("../outside/precious", repo.join("ismslint.yaml"));
    let r = ismslint(&["init", repo.to_str().expect("utf8"), "--force"], &[]);
    assert_eq!(r.code, 2);
    assert_eq!(
        fs::read_to_string(outside.join("precious")).expect("read"),
        "precious\n"
    );

    // Written for real: the name is escaped so no shell expands it, and the config still reads.
    fs::remove_file(repo.join("ismslint.yaml")).expect("rm");
    let r = ismslint(&["init", repo.to_str().expect("utf8")], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let yaml = fs::read_to_string(repo.join("ismslint.yaml")).expect("read");
    let line = yaml
        .lines()
        .find(|l| l.contains("path:"))
        .expect("a path line");
    assert_eq!(
        line,
        r#"  - path: "soa\x24(touch PWNED)\x60id\x60\x21x.csv""#
    );
    let leftovers: Vec<_> = fs::read_dir(&repo)
        .expect("ls")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("ismslint-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    let r = lint(&repo, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("SOA005"), "{}", r.stdout);
    assert!(!r.stdout.contains("IN004"), "{}", r.stdout);
}

#[test]
fn ignore_files_and_configs_above_the_repository_do_not_apply() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A git repository below a folder with a stray ignore file and config.
    let repo = dir.path().join("a/repo");
    fs::create_dir_all(repo.join(".git")).expect("mkdir");
    fs::write(repo.join("soa.csv"), SOA).expect("w");
    for ignore in [".ignore", ".gitignore", ".ismslintignore"] {
        fs::write(dir.path().join(ignore), "soa.csv\n").expect("w");
    }
    fs::write(dir.path().join("ismslint.yaml"), "rules: {SOA005: allow}\n").expect("w");
    let r = lint(&repo, &["--select", "SOA001,SOA005"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("SOA005"), "{}", r.stdout);

    // No git repository at all: only the linted folder's own files count.
    let plain = dir.path().join("b/c/isms");
    fs::create_dir_all(&plain).expect("mkdir");
    fs::write(plain.join("soa.csv"), SOA).expect("w");
    let r = lint(&plain, &["--select", "SOA005"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("SOA005"));
}

#[test]
fn ignore_files_and_config_between_the_git_root_and_a_subfolder_apply() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path();
    fs::create_dir_all(repo.join(".git")).expect("mkdir");
    let isms = repo.join("isms");
    fs::create_dir_all(isms.join("drafts")).expect("mkdir");
    fs::write(isms.join("soa.csv"), SOA).expect("w");
    fs::write(isms.join("drafts/soa.csv"), SOA).expect("w");
    fs::write(repo.join(".gitignore"), "drafts/\n").expect("w");
    fs::write(repo.join("ismslint.yaml"), "rules: {SOA002: allow}\n").expect("w");
    let r = lint(&isms, &["--select", "SOA002,SOA005"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout.matches("SOA005").count(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("soa.csv:2"), "{}", r.stdout);
    assert!(!r.stdout.contains("drafts"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("SOA002"),
        "config at the git root applies"
    );
}

#[test]
fn baseline_writes_are_atomic_and_counts_saturate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).expect("mkdir");
    fs::write(repo.join("soa.csv"), SOA).expect("w");
    let bl = dir.path().join("bl.json");
    let bl_s = bl.to_str().expect("utf8");
    let r = lint(&repo, &["--write-baseline", bl_s]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // Counts near the top of the range add up without wrapping around.
    let huge = u64::MAX;
    fs::write(
        &bl,
        format!(
            r#"{{"version":1,"entries":[{{"code":"SOA005","path":"x","count":{huge}}},{{"code":"SOA006","path":"y","count":{huge}}}]}}"#
        ),
    )
    .expect("w");
    let r = lint(&repo, &["--baseline", bl_s]);
    assert!(
        r.stderr
            .contains(&format!("{huge} recorded findings are fixed")),
        "{}",
        r.stderr
    );

    // Pruning writes a new file and renames it: under a file-size limit the write fails and
    // the old baseline stays whole.
    if std::process::Command::new("prlimit")
        .arg("--version")
        .output()
        .is_ok()
    {
        let before = fs::read(&bl).expect("read");
        let status = std::process::Command::new("prlimit")
            .args(["--fsize=16", "--"])
            .arg(assert_cmd::cargo::cargo_bin("ismslint"))
            .args([repo.to_str().expect("utf8"), "--baseline", bl_s])
            .arg("--prune-baseline")
            .output()
            .expect("run");
        assert_ne!(status.status.code(), Some(0));
        assert_eq!(fs::read(&bl).expect("read"), before, "baseline damaged");
        // The killed process could not remove its temporary file; a later run is unaffected.
        for e in fs::read_dir(dir.path()).expect("ls").filter_map(|e| e.ok()) {
            if e.file_name().to_string_lossy().contains("ismslint-tmp") {
                fs::remove_file(e.path()).expect("rm");
            }
        }
    }
    let r = lint(&repo, &["--baseline", bl_s, "--prune-baseline"]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let pruned = fs::read_to_string(&bl).expect("read");
    assert!(pruned.contains("\"entries\": []"), "{pruned}");
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("ismslint-tmp")),
        "{names:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_baseline_symlink_is_never_written_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("soa.csv"), SOA).expect("w");
    fs::write(dir.path().join("target.json"), "keep").expect("w");
    symlink("target.json", dir.path().join("bl.json"));
    let bl = dir.path().join("bl.json");
    let r = lint(
        dir.path(),
        &["--write-baseline", bl.to_str().expect("utf8")],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("target.json")).expect("read"),
        "keep"
    );
}

#[cfg(unix)]
#[test]
fn broken_link_checks_never_probe_outside_the_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    let outside = dir.path().join("outside");
    fs::create_dir_all(repo.join("policies")).expect("mkdir");
    fs::create_dir_all(&outside).expect("mkdir");
    fs::write(outside.join("secret.txt"), "").expect("w");
    symlink("../../outside", repo.join("policies/out"));
    // A link that stays inside the root is still followed for the check.
    fs::create_dir_all(repo.join("policies/v2")).expect("mkdir");
    fs::write(repo.join("policies/v2/a.md"), "# A\n").expect("w");
    symlink("v2", repo.join("policies/current"));
    fs::write(
        repo.join("policies/p.md"),
        "---\ntitle: P\n---\n[a](out/secret.txt) [b](out/absent.txt) [c](current/a.md) [d](current/gone.md)\n",
    )
    .expect("w");
    let r = lint(&repo, &["--select", "DOC010"]);
    // Both outside links get the same answer (no finding), so nothing is learned about the
    // outside; the inside link to a missing file is still reported.
    assert_eq!(r.stdout.matches("DOC010").count(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("current/gone.md"), "{}", r.stdout);
}

#[test]
fn utf16_registers_and_cr_only_line_endings_are_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in
        "Control,Applicable,Justification\r\nA.5.1,No,\r\nA.5.2,Yes,Needed\r\n".encode_utf16()
    {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    fs::create_dir_all(p.join("le")).expect("mkdir");
    fs::write(p.join("le/soa.csv"), &utf16).expect("w");
    let mut be = vec![0xFE, 0xFF];
    for unit in "Control,Applicable,Justification\nA.5.3,No,\n".encode_utf16() {
        be.extend_from_slice(&unit.to_be_bytes());
    }
    fs::create_dir_all(p.join("be")).expect("mkdir");
    fs::write(p.join("be/soa.csv"), &be).expect("w");
    fs::create_dir_all(p.join("policies")).expect("mkdir");
    fs::write(
        p.join("policies/p.md"),
        "---\rtitle: P\rowner: CISO\rversion: 1\r---\r# P\rText\r",
    )
    .expect("w");
    fs::write(
        p.join("cr/soa.csv")
            .parent()
            .map(|d| {
                fs::create_dir_all(d).expect("mkdir");
                d.join("soa.csv")
            })
            .expect("path"),
        "Control,Applicable,Justification\rA.5.4,No,\rA.5.5,No,\r",
    )
    .expect("w");
    let r = lint(p, &["--select", "IN001,SOA005,DOC004"]);
    let out = &r.stdout;
    assert!(!out.contains("binary"), "{out}");
    assert!(out.contains("le/soa.csv:2:"), "{out}");
    assert!(out.contains("be/soa.csv:2:"), "{out}");
    assert!(out.contains("cr/soa.csv:2:"), "{out}");
    assert!(out.contains("cr/soa.csv:3:"), "{out}");
    // The front matter is found: owner and version are read, only approval and review lack.
    assert!(out.contains("policies/p.md:2:1"), "{out}");
    assert!(out.contains("lacks approval, review interval"), "{out}");
}

#[cfg(unix)]
#[test]
fn unreadable_root_is_exit_2_and_unreadable_folders_are_findings() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("root");
    fs::create_dir_all(root.join("sub")).expect("mkdir");
    fs::write(root.join("sub/soa.csv"), SOA).expect("w");
    let mode =
        |p: &Path, m: u32| fs::set_permissions(p, fs::Permissions::from_mode(m)).expect("chmod");
    mode(dir.path(), 0o755);
    mode(&root.join("sub"), 0o000);
    // Root ignores permissions: run as nobody when we are root, else as ourselves.
    let as_nobody = |args: &[&str]| -> Option<Run> {
        let bin = assert_cmd::cargo::cargo_bin("ismslint");
        let is_root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .ok()
            .is_some_and(|o| o.stdout.starts_with(b"0\n"));
        let mut cmd = if is_root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&bin);
            c
        } else {
            std::process::Command::new(&bin)
        };
        let out = cmd.args(args).output().ok()?;
        Some(Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    };
    let root_s = root.to_str().expect("utf8");
    if let Some(r) = as_nobody(&[root_s, "--format", "concise", "--isolated"])
        && !r.stderr.contains("setpriv")
    {
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        assert!(
            r.stdout
                .contains("sub:1:1: error[IN001] cannot read `sub`: permission denied"),
            "{}",
            r.stdout
        );
        mode(&root.join("sub"), 0o755);
        mode(&root, 0o000);
        let r = as_nobody(&[root_s, "--format", "concise", "--isolated"]).expect("run");
        assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("permission denied"), "{}", r.stderr);
    }
    mode(&root, 0o755);
    mode(&root.join("sub"), 0o755);
    let r = lint(&dir.path().join("missing"), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn reports_are_never_written_through_a_link_the_repository_planted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).expect("mkdir");
    fs::write(repo.join("soa.csv"), SOA).expect("w");
    fs::write(dir.path().join("profile"), "keep\n").expect("w");
    symlink("../profile", repo.join("ismslint.sarif"));
    let target = repo.join("ismslint.sarif");
    let spec = format!("sarif:{}", target.display());
    let r = lint(&repo, &["-o", &spec]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("symbolic link inside the repository"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("profile")).expect("r"),
        "keep\n"
    );
    // A report outside the repository, and a device the user names, are written.
    let out = dir.path().join("out.json");
    let r = lint(
        &repo,
        &[
            "-o",
            &format!("json:{}", out.display()),
            "-o",
            "json:/dev/null",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(fs::read_to_string(&out).expect("r").contains("SOA005"));
}

/// Site configs (issue 11 item 3) are read like any side file: a link or a FIFO is not read
/// (no site), a config naming folders outside the site is not followed, garbage is no crash, and
/// a site-absolute link never reaches outside the root.
#[cfg(unix)]
#[test]
fn site_configs_are_read_safely() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join("docs/policies")).expect("mkdir");
    fs::write(
        root.join("docs/policies/a.md"),
        "# A\n\n[x](/../../../etc/passwd) [y](/img/none.png)\n",
    )
    .expect("w");
    // A Docusaurus config that is a link to a file outside: never read, never echoed.
    symlink("/etc/passwd", root.join("docusaurus.config.js"));
    let r = lint(root, &["--select", "DOC010"]);
    assert!(!r.stdout.contains("root:") && !r.stderr.contains("root:"));
    assert!(r.stdout.contains("img/none.png"), "{}", r.stdout);
    // A FIFO as mkdocs.yml does not hang the run.
    let status = std::process::Command::new("mkfifo")
        .arg(root.join("mkdocs.yml"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let r = lint(root, &["--select", "DOC010"]);
    assert!(r.stdout.contains("img/none.png"), "{}", r.stdout);
    // Garbage and folders outside the site: no crash, and `/etc/passwd` is looked for inside.
    fs::remove_file(root.join("docusaurus.config.js")).expect("rm");
    fs::write(
        root.join("docusaurus.config.js"),
        "{{{{ staticDirectories: ['../../..', '/etc'], docs: { path: '../..' \u{0} \u{feff}",
    )
    .expect("w");
    let r = lint(root, &["--select", "DOC010"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(r.stdout.contains("etc/passwd"), "{}", r.stdout);
    assert!(!r.stdout.contains("root:"), "{}", r.stdout);
}
