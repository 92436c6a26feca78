//! Deterministic generator of a large synthetic ISMS repository, for benchmarks:
//!
//!     cargo run --release --example synth -- OUT --risks 100000 --documents 5000
//!
//! Writes a full SoA (93 controls), owners, a risk register split into files of 1,000 risks,
//! and policy documents with front matter. The same arguments always give the same bytes.
//!
//! Other shapes (examples/bench.sh uses them all):
//!
//!     synth OUT --units N        one register file of 1,000 risks per unit (~36 MB at 100 units)
//!                                and per unit: 50 documents with ~11 KB bodies and 25 evidence
//!                                files (~110 MB and ~7,500 files at 100 units)
//!     synth OUT --units N --missing-evidence 1
//!                                the same, but every evidence record names a file that is
//!                                missing (25,000 EVD002 findings at 100 units; the default
//!                                names a file for one record in 20 and writes it, and leaves
//!                                one missing per 10 units)
//!     synth OUT --csv-rows N     one CSV risk register (35 bytes a row: ~35 MB at 1M rows)
//!     synth OUT --md-rows N      one Markdown risk table (~57 bytes a row: ~60 MB at 1.05M rows)

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
    let (mut units, mut csv_rows, mut md_rows) = (None, None, None);
    let mut missing_evidence = false;
    while let Some(a) = args.next() {
        let v: usize = args.next().ok_or("missing value")?.parse()?;
        match a.as_str() {
            "--risks" => risks = v,
            "--documents" => documents = v,
            "--units" => units = Some(v),
            "--csv-rows" => csv_rows = Some(v),
            "--md-rows" => md_rows = Some(v),
            "--missing-evidence" => missing_evidence = v != 0,
            _ => return Err(format!("unknown option {a}").into()),
        }
    }
    if let Some(rows) = csv_rows {
        return csv_register(&out, rows);
    }
    if let Some(rows) = md_rows {
        return md_register(&out, rows);
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
    if let Some(units) = units {
        return unit_tree(&out, units, missing_evidence, &controls, &owners, &mut rng);
    }

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

/// The multi-unit tree: one big register with every unit's risks, and per unit its documents
/// (with long bodies) and evidence files.
fn unit_tree(
    out: &std::path::Path,
    units: usize,
    missing_evidence: bool,
    controls: &[&str],
    owners: &[&str],
    rng: &mut Rng,
) -> Result<(), Box<dyn std::error::Error>> {
    let pick = |rng: &mut Rng| controls[rng.range(0, controls.len() as u64 - 1) as usize];
    let mut s = String::from("risks:\n");
    for u in 0..units {
        for k in 0..1000 {
            let i = u * 1000 + k;
            let (l, im) = (rng.range(1, 5), rng.range(1, 5));
            let (c1, c2) = (pick(rng), pick(rng));
            let c2 = if c1 == c2 { "" } else { c2 };
            writeln!(
                s,
                "  - id: R-{i:07}\n    title: Synthetic risk {i} of business unit {u}\n    description: >-\n      A threat to the information assets of business unit {u} exploits a\n      weakness in process {k}, with an impact on confidentiality or availability.\n    owner: {}\n    likelihood: {l}\n    impact: {im}\n    score: {}\n    treatment: modify\n    controls: [{c1}{}{c2}]\n    residual_likelihood: 1\n    residual_impact: {}\n    next_review: 2027-06-30",
                owners[i % owners.len()],
                l * im,
                if c2.is_empty() { "" } else { ", " },
                im.min(3),
            )?;
        }
    }
    fs::write(out.join("registers/risks.yaml"), s)?;
    for u in 0..units {
        let dir = out.join(format!("units/unit-{u:03}"));
        fs::create_dir_all(dir.join("policies"))?;
        fs::create_dir_all(dir.join("evidence"))?;
        for e in 0..25 {
            let mut s = String::from("evidence:\n");
            for r in 0..20 {
                let c = pick(rng);
                // Where the evidence is kept: by default the first record of each set names a
                // file written beside it, one record in ten units names a file that is missing
                // (EVD002 fires a handful of times), the others name none. With
                // `--missing-evidence 1` every record names a missing file (25,000 EVD002
                // findings at 100 units: the tree of the first benchmarks).
                let location = if missing_evidence {
                    format!("\n    location: evidence/unit-{u:03}/set-{e:02}/item-{r:02}.pdf")
                } else if r == 0 || (r == 1 && e == 0 && u % 10 == 0) {
                    format!("\n    location: set-{e:02}/item-{r:02}.pdf")
                } else {
                    String::new()
                };
                writeln!(
                    s,
                    "  - id: EV-{u:03}-{e:02}-{r:02}\n    controls: [{c}]\n    description: Evidence {r} of set {e} for business unit {u}, showing control {c} operates{location}\n    collected_on: 2026-0{}-15\n    valid_for: 12 months",
                    1 + (r % 9)
                )?;
            }
            if !missing_evidence {
                let set = dir.join(format!("evidence/set-{e:02}"));
                fs::create_dir_all(&set)?;
                fs::write(
                    set.join("item-00.pdf"),
                    format!("%PDF-1.4\n% evidence set {e} of business unit {u}\n"),
                )?;
            }
            fs::write(dir.join(format!("evidence/evidence-{e:02}.yaml")), s)?;
        }
        for d in 0..50 {
            let i = u * 50 + d;
            let owner = owners[i % owners.len()];
            let approver = owners[(i + 1) % owners.len()];
            let c = controls[i % controls.len()];
            let mut body = format!(
                "---\nid: DOC-{i:05}\ntitle: Policy {d} of business unit {u}\ntype: policy\nowner: {owner}\napprover: {approver}\nversion: \"1.{}\"\napproved_on: 2026-01-15\nreview_interval: 12 months\ncontrols: [{c}]\n---\n\n# Policy {d} of business unit {u}\n\n",
                i % 10
            );
            for p in 0..12 {
                writeln!(body, "## Section {p}\n")?;
                for q in 0..9 {
                    writeln!(
                        body,
                        "Paragraph {q} of section {p} describes how business unit {u} applies control {c} in practice, who does it and how often."
                    )?;
                }
                body.push('\n');
            }
            body.push_str("| Role | Duty |\n|---|---|\n| Owner | Maintains this policy |\n| Staff | Follow it |\n");
            fs::write(dir.join(format!("policies/policy-{i:05}.md")), body)?;
        }
    }
    eprintln!(
        "wrote {units} units ({} risks, {} documents) to {}",
        units * 1000,
        units * 50,
        out.display()
    );
    Ok(())
}

/// One CSV risk register of `rows` rows.
fn csv_register(out: &std::path::Path, rows: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut s = String::from("Risk ID,Risk,Owner,Likelihood,Impact,Score,Treatment\n");
    for i in 0..rows {
        let (l, im) = (rng.range(1, 5), rng.range(1, 5));
        writeln!(s, "R-{i:07},Risk {i},ciso,{l},{im},{},Treat", l * im)?;
    }
    fs::create_dir_all(out.join("registers"))?;
    fs::write(out.join("registers/risks.csv"), s)?;
    eprintln!("wrote a CSV register of {rows} rows to {}", out.display());
    Ok(())
}

/// One Markdown risk table of `rows` rows.
fn md_register(out: &std::path::Path, rows: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut s = String::from(
        "# Risk register\n\n| Risk ID | Risk | Owner | Likelihood | Impact | Score |\n|---|---|---|---|---|---|\n",
    );
    for i in 0..rows {
        let (l, im) = (rng.range(1, 5), rng.range(1, 5));
        writeln!(
            s,
            "| R-{i:07} | Synthetic risk {i} | ciso | {l} | {im} | {} |",
            l * im
        )?;
    }
    fs::create_dir_all(out)?;
    fs::write(out.join("risk-register.md"), s)?;
    eprintln!(
        "wrote a Markdown register of {rows} rows to {}",
        out.display()
    );
    Ok(())
}
