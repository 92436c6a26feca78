//! Deterministic generator of a large synthetic ISMS repository, for benchmarks:
//!
//!     cargo run --release --example synth -- OUT --risks 100000 --documents 5000
//!
//! Writes a full SoA (93 controls), owners, a risk register split into files of 1,000 risks,
//! and policy documents with front matter. The same arguments always give the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

const CATALOG: &str = include_str!("../rules/catalog/annexa-2022.tsv");

/// A tiny deterministic generator (xorshift), so the output never depends on a seed source.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .ok_or("usage: synth OUT [--risks N] [--documents N]")?,
    );
    let (mut risks, mut documents) = (100_000usize, 5_000usize);
    while let Some(a) = args.next() {
        let v: usize = args.next().ok_or("missing value")?.parse()?;
        match a.as_str() {
            "--risks" => risks = v,
            "--documents" => documents = v,
            _ => return Err(format!("unknown option {a}").into()),
        }
    }
    let controls: Vec<&str> = CATALOG
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    let owners = [
        "ciso", "cto", "cfo", "coo", "hr", "eng", "ops", "dpo", "legal", "it",
    ];
    fs::create_dir_all(out.join("registers/risks"))?;
    fs::create_dir_all(out.join("policies"))?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);

    let mut s = String::from("owners:\n");
    for o in owners {
        writeln!(s, "  - id: {o}\n    name: Owner {o}\n    role: {o} role")?;
    }
    fs::write(out.join("registers/owners.yaml"), s)?;

    let mut s = String::from("Control,Applicable,Justification,Reasons,Status,Owner,Evidence\n");
    for (i, c) in controls.iter().enumerate() {
        writeln!(
            s,
            "{c},Yes,Control {c} treats risks recorded in the register,risk,Planned,{}",
            owners[i % owners.len()]
        )?;
    }
    fs::write(out.join("registers/soa.csv"), s)?;

    for chunk in 0..risks.div_ceil(1000) {
        let mut s = String::from("risks:\n");
        for i in chunk * 1000..((chunk + 1) * 1000).min(risks) {
            let (l, im) = (rng.range(1, 5), rng.range(1, 5));
            let c1 = controls[rng.range(0, controls.len() as u64 - 1) as usize];
            let c2 = controls[rng.range(0, controls.len() as u64 - 1) as usize];
            let c2 = if c1 == c2 { "" } else { c2 };
            writeln!(
                s,
                "  - id: R-{i:06}\n    title: Synthetic risk {i}\n    owner: {}\n    likelihood: {l}\n    impact: {im}\n    score: {}\n    treatment: modify\n    controls: [{c1}{}{c2}]\n    residual_likelihood: 1\n    residual_impact: {}\n    next_review: 2027-06-30",
                owners[i % owners.len()],
                l * im,
                if c2.is_empty() { "" } else { ", " },
                im.min(3),
            )?;
        }
        fs::write(
            out.join(format!("registers/risks/risks-{chunk:04}.yaml")),
            s,
        )?;
    }

    for i in 0..documents {
        let owner = owners[i % owners.len()];
        let approver = owners[(i + 1) % owners.len()];
        let c = controls[i % controls.len()];
        let mut body = format!(
            "---\nid: DOC-{i:05}\ntitle: Synthetic policy {i}\ntype: policy\nowner: {owner}\napprover: {approver}\nversion: \"1.{}\"\napproved_on: 2026-01-15\nreview_interval: 12 months\ncontrols: [{c}]\n---\n\n# Synthetic policy {i}\n\n",
            i % 10
        );
        for p in 0..20 {
            writeln!(
                body,
                "Paragraph {p} of policy {i} describes how the organisation applies control {c} in practice.\n"
            )?;
        }
        body.push_str("| Role | Duty |\n|---|---|\n| Owner | Maintains this policy |\n| Staff | Follow it |\n");
        fs::write(out.join(format!("policies/policy-{i:05}.md")), body)?;
    }
    eprintln!(
        "wrote {risks} risks, {documents} documents to {}",
        out.display()
    );
    Ok(())
}
