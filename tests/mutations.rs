//! Robustness by mutation: fixture files are damaged in deterministic, seeded ways (bytes
//! flipped, cut short, special characters spliced in) and linted. Whatever the damage, ismslint
//! must report and carry on — never panic.

mod common;

use common::{lint, repo_root};
use std::fs;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SPLICES: &[&[u8]] = &[
    b"\n",
    b"\r\n",
    b"---\n",
    b"|",
    b"\"",
    b",",
    b":",
    b"- ",
    b"[",
    b"]",
    b"{{",
    b"&a ",
    b"*a",
    b"\t",
    b"#",
    b"<!--",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    "é".as_bytes(),
    "✓".as_bytes(),
    b"A.9.2.3",
    b"5.10",
    b"TBD",
    b"[Company Name]",
    b"```\n",
];

fn mutate(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..1 + rng.below(4) {
        if out.is_empty() {
            break;
        }
        let at = rng.below(out.len());
        match rng.below(4) {
            0 => out[at] ^= 1 << rng.below(8),
            1 => out.truncate(at),
            2 => {
                let s = SPLICES[rng.below(SPLICES.len())];
                out.splice(at..at, s.iter().copied());
            }
            _ => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
        }
    }
    out
}

#[test]
fn damaged_files_never_panic() {
    let sources = [
        "fixtures/repos/demo/soa.md",
        "fixtures/repos/demo/registers/risk-register.csv",
        "fixtures/repos/demo/owners.yaml",
        "fixtures/repos/demo/evidence.yaml",
        "fixtures/repos/demo/policies/acceptable-use-policy.md",
        "fixtures/repos/clean/registers/risks.yaml",
        "fixtures/repos/workbook/registers/ISMS.xlsx",
        "fixtures/rules/SOA005/fires-ods/soa.ods",
    ];
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    // More rounds for a longer search: ISMSLINT_MUTATION_ROUNDS=5000 cargo test --release.
    let rounds: usize = std::env::var("ISMSLINT_MUTATION_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let mut runs = 0;
    for round in 0..rounds {
        let dir = tempfile::tempdir().expect("tempdir");
        for (i, src) in sources.iter().enumerate() {
            let bytes = fs::read(repo_root().join(src)).expect("read fixture");
            let name = src.rsplit('/').next().expect("name");
            let sub = dir.path().join(if name.ends_with(".md") && i > 0 {
                "policies"
            } else {
                "."
            });
            fs::create_dir_all(&sub).expect("mkdir");
            fs::write(sub.join(name), mutate(&mut rng, &bytes)).expect("write");
        }
        // A panic here fails the test with the round number, for reproduction.
        let outcome = std::panic::catch_unwind(|| lint(dir.path(), &[]));
        assert!(outcome.is_ok(), "round {round} panicked");
        runs += 1;
    }
    assert_eq!(runs, rounds);
}
