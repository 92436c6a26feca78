//! The same synthetic registers as a workbook and as CSV, to compare their load time:
//!
//!     cargo run --release --example synth_sheets -- OUT --rows 10000
//!
//! Writes `OUT/xlsx/{risks.xlsx,soa.xlsx}` and `OUT/csv/{risks.csv,soa.csv}` (same cells).

use rust_xlsxwriter::Workbook;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

const CATALOG: &str = include_str!("../rules/catalog/annexa-2022.tsv");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().ok_or("usage: synth_sheets OUT [--rows N]")?);
    let mut rows = 10_000usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rows" => rows = args.next().ok_or("missing value")?.parse()?,
            _ => return Err(format!("unknown option {a}").into()),
        }
    }
    let controls: Vec<&str> = CATALOG
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    let risk_header = [
        "Risk ID",
        "Risk",
        "Risk Owner",
        "Likelihood",
        "Impact",
        "Risk Score",
        "Treatment",
        "Controls",
    ];
    let risk_rows: Vec<Vec<String>> = (0..rows)
        .map(|i| {
            let (l, im) = (i % 5 + 1, (i / 5) % 5 + 1);
            vec![
                format!("R-{i:05}"),
                format!("Synthetic risk {i}"),
                ["CISO", "CTO", "COO"][i % 3].to_string(),
                l.to_string(),
                im.to_string(),
                (l * im).to_string(),
                "Mitigate".to_string(),
                format!(
                    "{}, {}",
                    controls[i % controls.len()],
                    controls[(i * 7) % controls.len()]
                ),
            ]
        })
        .collect();
    let soa_header = ["Control", "Applicable", "Justification", "Status", "Owner"];
    let soa_rows: Vec<Vec<String>> = controls
        .iter()
        .map(|c| {
            vec![
                c.to_string(),
                "Yes".into(),
                format!("Treats risks recorded against {c}"),
                "Planned".into(),
                "CISO".into(),
            ]
        })
        .collect();

    fs::create_dir_all(out.join("xlsx"))?;
    fs::create_dir_all(out.join("csv"))?;
    for (name, header, body) in [
        ("risks", &risk_header[..], &risk_rows),
        ("soa", &soa_header[..], &soa_rows),
    ] {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        let mut csv = String::new();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, *h)?;
        }
        writeln!(csv, "{}", header.join(","))?;
        for (r, row) in body.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v.parse::<f64>() {
                    Ok(n) if !v.starts_with('A') => {
                        ws.write_number(r as u32 + 1, c as u16, n)?;
                    }
                    _ => {
                        ws.write_string(r as u32 + 1, c as u16, v.as_str())?;
                    }
                }
            }
            let cells: Vec<String> = row
                .iter()
                .map(|v| {
                    if v.contains(',') {
                        format!("\"{v}\"")
                    } else {
                        v.clone()
                    }
                })
                .collect();
            writeln!(csv, "{}", cells.join(","))?;
        }
        book.save(out.join("xlsx").join(format!("{name}.xlsx")))?;
        fs::write(out.join("csv").join(format!("{name}.csv")), csv)?;
    }
    eprintln!(
        "wrote {rows} risks and {} SoA rows as XLSX and CSV under {}",
        controls.len(),
        out.display()
    );
    Ok(())
}
