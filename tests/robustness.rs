//! No input makes ismslint panic: each bad file becomes a diagnostic and the rest is linted.

mod common;

use assert_cmd::Command;
use std::fs;

fn run(dir: &std::path::Path) -> (i32, String) {
    let out = Command::cargo_bin("ismslint")
        .expect("binary")
        .args([
            dir.to_str().expect("utf8 path"),
            "--isolated",
            "--format",
            "concise",
            "--today",
            common::TODAY,
        ])
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn hostile_files_give_diagnostics_not_crashes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    fs::write(
        p.join("soa.yaml"),
        "controls:\n  - id: A.5.1\n    applicable: [unclosed\n",
    )
    .expect("write");
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    fs::write(p.join("risks.yaml"), bomb).expect("write");
    let mut nested = String::from("owners:\n");
    for depth in 0..50 {
        nested.push_str(&format!("{}- k{depth}:\n", "  ".repeat(depth + 1)));
    }
    fs::write(p.join("owners.yaml"), nested).expect("write");
    fs::write(
        p.join("deep.json"),
        "[".repeat(10_000) + &"]".repeat(10_000),
    )
    .expect("write");
    fs::write(p.join("binary.md"), [0u8, 159, 146, 150, 0, 1, 2, 3]).expect("write");
    fs::write(p.join("latin1.csv"), b"Control,Applicable,Justification\nA.5.1,Yes,Pol\xedtica de seguridad aprobada por la direcci\xf3n\n").expect("write");
    fs::write(p.join("empty.yaml"), "").expect("write");
    fs::write(p.join("empty.md"), "").expect("write");
    fs::write(
        p.join("crlf.md"),
        "\u{feff}---\r\ntitle: Policy\r\nowner: CISO\r\n---\r\n# Policy\r\n",
    )
    .expect("write");
    fs::write(
        p.join("ragged.csv"),
        "Control,Applicable,Justification\nA.5.2,No\nA.5.3,Yes,a,b,c,d\n\"unclosed,quote\n",
    )
    .expect("write");
    fs::write(p.join("open.md"), "---\ntitle: never closed\n").expect("write");
    let (code, out) = run(p);
    assert!(code == 0 || code == 1, "exit {code}: {out}");
    assert!(out.contains("risks.yaml") && out.contains("alias"), "{out}");
    assert!(
        out.contains("deep.json") && (out.contains("nesting") || out.contains("recursion")),
        "{out}"
    );
    assert!(out.contains("binary.md") && out.contains("binary"), "{out}");
    assert!(out.contains("soa.yaml") && out.contains("IN001"), "{out}");
    assert!(
        out.contains("open.md") && out.contains("never closed"),
        "{out}"
    );
    // The Latin-1 SoA row was still read: A.5.1 is applicable.
    assert!(out.contains("applicable"), "{out}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_out_of_the_root_are_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    fs::write(
        outside.path().join("soa.yaml"),
        "controls:\n  - id: A.5.1\n    applicable: no\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).expect("symlink");
    std::os::unix::fs::symlink(outside.path().join("soa.yaml"), dir.path().join("soa.yaml"))
        .expect("symlink");
    let (code, out) = run(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("SOA001"),
        "the linked SoA outside the root is not read: {out}"
    );
}
