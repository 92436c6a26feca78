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

#[test]
fn broken_and_huge_workbooks_are_diagnosed_or_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    fs::write(p.join("corrupt.xlsx"), b"PK\x03\x04 this zip is truncated").expect("write");
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(4096, 0);
    fs::write(p.join("protected.xlsx"), cfb).expect("write");
    fs::write(p.join("really-csv.xlsx"), "Control,Applicable\nA.5.1,Yes\n").expect("write");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("Empty").expect("name");
    let big = book.add_worksheet();
    big.set_name("Risks").expect("name");
    for (c, h) in ["Risk ID", "Risk Owner", "Likelihood", "Impact", "Treatment"]
        .iter()
        .enumerate()
    {
        big.write_string(0, c as u16, *h).expect("write");
    }
    for r in 1..=100_000u32 {
        big.write_string(r, 0, format!("R-{r}")).expect("write");
        big.write_string(r, 1, "CISO").expect("write");
        big.write_number(r, 2, f64::from(r % 5 + 1)).expect("write");
        big.write_number(r, 3, 1.0).expect("write");
        big.write_string(r, 4, "Retain").expect("write");
    }
    book.save(p.join("register.xlsx")).expect("save");
    let (code, out) = run(p);
    assert!(code == 0 || code == 1, "exit {code}: {out}");
    assert!(
        out.contains("corrupt.xlsx:1:1: error[IN001] cannot read workbook"),
        "{out}"
    );
    assert!(
        out.contains("protected.xlsx:1:1: error[IN001]") && out.contains("password-protected"),
        "{out}"
    );
    assert!(
        out.contains("really-csv.xlsx:1:1: error[IN001]") && out.contains("CSV"),
        "{out}"
    );
    assert!(out.contains("100000 risks"), "{out}");
}
