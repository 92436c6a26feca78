//! Writes the spreadsheet fixtures under `fixtures/` (committed; run again after changing them):
//!
//!     cargo run --example make_sheet_fixtures
//!
//! XLSX files are written with rust_xlsxwriter; the ODS file is assembled by hand (a zip with
//! `content.xml`), which is all an OpenDocument spreadsheet needs.

use rust_xlsxwriter::{Color, ExcelDateTime, Format, Formula, Workbook, Worksheet};
use std::fs;
use std::io::Write;
use std::path::Path;

/// One cell of a fixture sheet.
#[derive(Clone)]
enum V {
    S(&'static str),
    T(String),
    N(f64),
    /// A date cell (serial with a date format).
    D(u16, u8, u8),
    /// A date cell shown through its own number format: how Excel stores a control number
    /// typed as `10.1.1` (1 January 2010, shown `yy.m.d`).
    DF(u16, u8, u8, &'static str),
    /// A formula with no saved result.
    F(&'static str),
    /// A theme heading merged across `n` columns.
    M(&'static str, u16),
    E,
}

use V::*;

type Rows = Vec<Vec<V>>;

fn write_sheet(ws: &mut Worksheet, rows: &Rows) -> Result<(), Box<dyn std::error::Error>> {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match v {
                S(s) => {
                    ws.write_string(r, c, *s)?;
                }
                T(s) => {
                    ws.write_string(r, c, s.as_str())?;
                }
                N(n) => {
                    ws.write_number(r, c, *n)?;
                }
                D(y, m, d) => drop(ws.write_datetime_with_format(
                    r,
                    c,
                    &ExcelDateTime::from_ymd(*y, *m, *d)?,
                    &date,
                )?),
                DF(y, m, d, format) => drop(ws.write_datetime_with_format(
                    r,
                    c,
                    &ExcelDateTime::from_ymd(*y, *m, *d)?,
                    &Format::new().set_num_format(*format),
                )?),
                F(f) => {
                    ws.write_formula(r, c, Formula::new(*f).set_result(""))?;
                }
                M(s, n) => {
                    ws.merge_range(r, c, r, c + n - 1, s, &Format::new())?;
                }
                E => {}
            }
        }
    }
    Ok(())
}

fn xlsx(path: &str, sheets: &[(&str, Rows)]) -> Result<(), Box<dyn std::error::Error>> {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name)?;
        write_sheet(ws, rows)?;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    fs::create_dir_all(path.parent().ok_or("no parent")?)?;
    book.save(&path)?;
    Ok(())
}

fn ods(path: &str, sheet: &str, rows: &[Vec<&str>]) -> Result<(), Box<dyn std::error::Error>> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for cell in row {
            if cell.is_empty() {
                table.push_str("<table:table-cell/>");
            } else {
                table.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                    esc(cell)
                ));
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{}">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        esc(sheet)
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    fs::create_dir_all(path.parent().ok_or("no parent")?)?;
    let mut zip = zip::ZipWriter::new(fs::File::create(&path)?);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    zip.start_file("META-INF/manifest.xml", stored)?;
    zip.write_all(manifest.as_bytes())?;
    zip.start_file("content.xml", stored)?;
    zip.write_all(content.as_bytes())?;
    zip.finish()?;
    Ok(())
}

/// Remove the saved results of formulas, as a workbook written by a script (not saved by a
/// spreadsheet program) has them.
fn strip_formula_values(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Read;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let mut archive = zip::ZipArchive::new(fs::File::open(&path)?)?;
    let mut entries = Vec::new();
    let re = regex::Regex::new(r"(<f>[^<]*</f>)<v>[^<]*</v>")?;
    for i in 0..archive.len() {
        let mut f = archive.by_index(i)?;
        let name = f.name()?.to_string();
        let mut data: Vec<u8> = Vec::new();
        f.read_to_end(&mut data)?;
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(data)?;
            data = re.replace_all(&text, "$1").into_owned().into_bytes();
        }
        entries.push((name, data));
    }
    let mut zip = zip::ZipWriter::new(fs::File::create(&path)?);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(name, opts)?;
        zip.write_all(&data)?;
    }
    zip.finish()?;
    Ok(())
}

fn soa_header() -> Vec<V> {
    vec![
        S("Control"),
        S("Title"),
        S("Applicable?"),
        S("Justification"),
        S("Reasons"),
        S("Implementation\nStatus"),
        S("Owner"),
    ]
}

/// An SoA sheet with a title block above the header.
fn soa(rows: Vec<Vec<V>>) -> Rows {
    let mut out = vec![
        vec![S("Statement of Applicability")],
        vec![S("Date of last review"), D(2026, 3, 1)],
        vec![],
        soa_header(),
    ];
    out.extend(rows);
    out
}

fn risk_header() -> Vec<V> {
    vec![
        S("Risk ID"),
        S("Risk"),
        S("Risk Owner"),
        S("Likelihood"),
        S("Impact"),
        S("Risk Score"),
        S("Treatment"),
        S("Controls"),
        S("Residual L"),
        S("Residual I"),
        S("Accepted by"),
        S("Acceptance date"),
        S("Acceptance expiry"),
        S("Review date"),
    ]
}

fn risks(rows: Vec<Vec<V>>) -> Rows {
    let mut out = vec![vec![S("Risk Register")], vec![], risk_header()];
    out.extend(rows);
    out
}

fn ok_row(id: &'static str) -> Vec<V> {
    vec![
        S(id),
        E,
        S("Yes"),
        S("Required by our customer contracts"),
        S("contractual"),
        S("Implemented"),
        S("CISO"),
    ]
}

/// Section titles of ISO/IEC 27001:2013 Annex A (A.5 to A.18).
const SECTIONS_2013: [&str; 14] = [
    "Information security policies",
    "Organization of information security",
    "Human resource security",
    "Asset management",
    "Access control",
    "Cryptography",
    "Physical and environmental security",
    "Operations security",
    "Communications security",
    "System acquisition, development and maintenance",
    "Supplier relationships",
    "Information security incident management",
    "Information security aspects of business continuity management",
    "Compliance",
];

/// The consultancy workbook of `fixtures/repos/real-shapes/consultancy-workbook`: `SoA.xlsx`
/// with a 2013-edition SoA sheet (section rows, objective rows, control numbers without `A.`,
/// those of A.10 and A.11 stored as dates shown `yy.m.d`, one shown `d/m/yyyy`), a risk register
/// with a header split over two rows and packed `Treatment / Owner` cells, and an owners tab.
fn consultancy_workbook() -> Result<(), Box<dyn std::error::Error>> {
    let catalog = include_str!("../rules/catalog/annexa-2013.tsv");
    let owners = [
        "ISMS Manager",
        "IT Manager",
        "HR Manager",
        "Facilities Manager",
        "Legal Counsel",
    ];
    let reasons = ["Business", "Legal", "Contractual"];
    let mut rows: Rows = vec![
        vec![S("Statement of Applicability — ISO/IEC 27001:2013")],
        vec![S("Prepared for the management board, version 3")],
        vec![],
        vec![
            S("Ref"),
            S("Control"),
            S("Applicable"),
            S("Reason"),
            S("Justification"),
            S("Implementation status"),
            S("Owner"),
            S("Evidence"),
        ],
    ];
    let (mut section, mut objective) = (String::new(), String::new());
    for (n, line) in catalog.lines().skip(1).enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        let (id, title) = (cols[0].trim_start_matches("A."), cols[1]);
        let parts: Vec<u8> = id.split('.').map(str::parse).collect::<Result<_, _>>()?;
        let (major, minor, item) = (parts[0], parts[1], parts[2]);
        if major.to_string() != section {
            section = major.to_string();
            let heading = format!("A.{major} {}", SECTIONS_2013[usize::from(major) - 5]);
            rows.push(vec![M(Box::leak(heading.into_boxed_str()), 8)]);
        }
        if format!("{major}.{minor}") != objective {
            objective = format!("{major}.{minor}");
            // An objective row: two-level number and its objective, nothing else.
            let text = if objective == "5.1" {
                "Management direction for information security".to_string()
            } else {
                format!("Objective {objective} of the 2013 edition")
            };
            rows.push(vec![T(objective.clone()), T(text)]);
        }
        // Typed as `10.1.1`, Excel stored the numbers of A.10 and A.11 as dates; the consultant
        // showed them again with the format `yy.m.d`, except one left as Excel showed it.
        let reference = match (major, minor, item) {
            (11, 1, 6) => DF(2011, 1, 6, "d/m/yyyy"),
            (10 | 11, _, _) => DF(2000 + u16::from(major), minor, item, "yy.m.d"),
            _ => T(id.to_string()),
        };
        rows.push(vec![
            reference,
            T(title.to_string()),
            S("Yes"),
            S(reasons[n % reasons.len()]),
            T(format!(
                "Agreed in workshop W-{:03} with the process owner",
                n + 1
            )),
            S("Implemented"),
            S(owners[n % owners.len()]),
            T(format!("EV-{:03}", n + 1)),
        ]);
    }
    let risk = |id, what, l, i, s: Option<f64>, residual: Option<(f64, f64, f64)>, packed, ctl| {
        let (rl, ri, rs) = residual.map_or((E, E, E), |(a, b, c)| (N(a), N(b), N(c)));
        vec![
            S(id),
            S(what),
            N(l),
            N(i),
            s.map_or(E, N),
            rl,
            ri,
            rs,
            S(packed),
            S(ctl),
        ]
    };
    let risks: Rows = vec![
        vec![S("Risk register")],
        vec![],
        vec![
            E,
            E,
            M("Risk before treatment", 3),
            E,
            E,
            M("Risk after treatment", 3),
        ],
        vec![
            S("Risk ID"),
            S("Risk"),
            S("L"),
            S("I"),
            S("Score"),
            S("L"),
            S("I"),
            S("Score"),
            S("Treatment / Owner"),
            S("Controls"),
        ],
        risk(
            "R-01",
            "Phishing leads to a stolen account",
            4.0,
            4.0,
            Some(16.0),
            Some((2.0, 2.0, 4.0)),
            "Modify | J. Smith",
            "9.4.2",
        ),
        risk(
            "R-02",
            "Ransomware on the file server",
            3.0,
            5.0,
            Some(15.0),
            Some((2.0, 3.0, 6.0)),
            "Modify | A. Jones",
            "12.3.1",
        ),
        risk(
            "R-03",
            "Laptop lost on a journey",
            2.0,
            3.0,
            Some(5.0),
            None,
            "Accept | K. Brown",
            "",
        ),
    ];
    let people = [
        ("J. Smith", "ISMS Manager", "j.smith@example.com"),
        ("A. Jones", "IT Manager", "a.jones@example.com"),
        ("K. Brown", "HR Manager", "k.brown@example.com"),
        ("M. Green", "Facilities Manager", "m.green@example.com"),
        ("P. White", "Legal Counsel", "p.white@example.com"),
    ];
    let mut owners_tab: Rows = vec![vec![S("Name"), S("Role"), S("Email")]];
    owners_tab.extend(people.iter().map(|(n, r, e)| vec![S(n), S(r), S(e)]));
    xlsx(
        "fixtures/repos/real-shapes/consultancy-workbook/SoA.xlsx",
        &[
            ("SoA 2013", rows),
            ("Risk register", risks),
            ("Owners", owners_tab),
        ],
    )
}

/// `fixtures/repos/real-shapes/word-scale-5x5-workbook`: a 5×5 register scored with words
/// (Rare…Almost certain × Negligible…Severe, levels Low…Critical) and a colour-coded risk matrix
/// sheet, most likely row on top, as consultancy templates draw it (issue 12).
fn word_scale_workbook() -> Result<(), Box<dyn std::error::Error>> {
    let header = [
        "Ref",
        "Risk description",
        "Risk owner",
        "Likelihood",
        "Impact",
        "Inherent risk",
        "Treatment option",
        "Controls",
        "Residual likelihood",
        "Residual impact",
        "Residual risk",
        "Accepted by",
        "Acceptance date",
    ];
    let mut register: Rows = vec![
        vec![S("Information security risk register 2026")],
        vec![S("Scales and matrix: see the Risk Matrix sheet")],
        vec![],
        header.iter().map(|h| S(h)).collect(),
    ];
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Option<(u16, u8, u8)>,
    );
    let rows: [Row; 10] = [
        (
            "R-01",
            "Ransomware on the design file server",
            "Head of IT",
            "Likely",
            "Major",
            "High",
            "Modify",
            "A.8.7, A.8.13",
            "Unlikely",
            "Major",
            "Medium",
            "",
            None,
        ),
        (
            "R-02",
            "Cloud admin account taken over",
            "Head of IT",
            "4 - Likely",
            "Severe",
            "Critical",
            "Modify",
            "A.5.15, A.8.5",
            "Possible",
            "Major",
            "High",
            "Head of IT",
            Some((2026, 2, 12)),
        ),
        (
            "R-03",
            "Client drawings sent to the wrong client",
            "Studio Director",
            "Possible",
            "Moderate",
            "High",
            "Modify",
            "A.5.14",
            "",
            "",
            "",
            "",
            None,
        ),
        (
            "R-04",
            "Office burglary, workstations stolen",
            "Office Manager",
            "Almost certain",
            "Severe",
            "Critical",
            "",
            "",
            "",
            "",
            "",
            "",
            None,
        ),
        (
            "R-05",
            "Plotter keeps copies of printed plans",
            "Office Manager",
            "Rare",
            "Minor",
            "Low",
            "Accept",
            "",
            "",
            "",
            "",
            "",
            None,
        ),
        (
            "R-06",
            "Backup drive fails silently",
            "Head of IT",
            "Unlikely",
            "Catastrophic",
            "High",
            "Modify",
            "A.8.13",
            "",
            "",
            "",
            "",
            None,
        ),
        (
            "R-07",
            "Laptop lost on a site visit",
            "Head of IT",
            "Possible",
            "Major",
            "High",
            "Modify",
            "A.8.24",
            "Likely",
            "Major",
            "High",
            "",
            None,
        ),
        (
            "R-08",
            "Freelancer keeps access after the project",
            "Studio Director",
            "Unlikely",
            "Moderate",
            "Medium",
            "Modify",
            "A.5.18",
            "Possible",
            "Major",
            "High",
            "",
            None,
        ),
        (
            "R-09",
            "Guest Wi-Fi reaches the office network",
            "Head of IT",
            "L2",
            "3",
            "Med",
            "Accept",
            "",
            "",
            "",
            "",
            "",
            None,
        ),
        (
            "R-10",
            "Licence server outage stops CAD work",
            "",
            "Likely",
            "Minor",
            "Medium",
            "Modify",
            "A.8.14",
            "",
            "",
            "",
            "",
            None,
        ),
    ];
    for (id, what, owner, l, i, s, t, c, rl, ri, rs, by, on) in rows {
        let text = |v: &'static str| if v.is_empty() { E } else { S(v) };
        register.push(vec![
            S(id),
            S(what),
            text(owner),
            text(l),
            text(i),
            text(s),
            text(t),
            text(c),
            text(rl),
            text(ri),
            text(rs),
            text(by),
            on.map_or(E, |(y, m, d)| D(y, m, d)),
        ]);
    }
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Risk Register")?;
    write_sheet(ws, &register)?;
    // The matrix: most likely row on top, each cell filled with its level's colour.
    let colour = |level: &str| match level {
        "Low" => Color::RGB(0x92D050),
        "Medium" => Color::RGB(0xFFFF00),
        "High" => Color::RGB(0xFFC000),
        _ => Color::RGB(0xFF0000),
    };
    let ws = book.add_worksheet();
    ws.set_name("Risk Matrix")?;
    ws.write_string(0, 0, "Risk matrix: likelihood (rows) × impact (columns)")?;
    let impacts = ["Negligible", "Minor", "Moderate", "Major", "Severe"];
    ws.write_string(2, 0, "Likelihood \\ Impact")?;
    for (c, i) in impacts.iter().enumerate() {
        ws.write_string(2, c as u16 + 1, *i)?;
    }
    let matrix: [(&str, [&str; 5]); 5] = [
        (
            "Almost certain",
            ["Medium", "High", "High", "Critical", "Critical"],
        ),
        ("Likely", ["Medium", "Medium", "High", "High", "Critical"]),
        ("Possible", ["Low", "Medium", "Medium", "High", "High"]),
        ("Unlikely", ["Low", "Low", "Medium", "Medium", "High"]),
        ("Rare", ["Low", "Low", "Low", "Medium", "Medium"]),
    ];
    for (r, (likelihood, cells)) in matrix.iter().enumerate() {
        let r = r as u32 + 3;
        ws.write_string(r, 0, *likelihood)?;
        for (c, level) in cells.iter().enumerate() {
            let fill = Format::new().set_background_color(colour(level));
            ws.write_string_with_format(r, c as u16 + 1, *level, &fill)?;
        }
    }
    ws.write_string(9, 0, "Low and Medium: accepted by the risk owner. High and Critical: treat, and accept what remains.")?;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/repos/real-shapes/word-scale-5x5-workbook/Risk Assessment 2026.xlsx");
    fs::create_dir_all(path.parent().ok_or("no parent")?)?;
    book.save(&path)?;
    Ok(())
}

/// `fixtures/repos/real-shapes/packed-treatment-owner-workbook`: a register whose
/// `Treatment / Owner` column packs the option and the owner in one cell (`Reduce / M. Okafor`,
/// `Accept | L. Brandt`), with no config: split by itself (issue 12 item 4).
fn packed_workbook() -> Result<(), Box<dyn std::error::Error>> {
    let mut rows: Rows = vec![
        vec![S("Risk treatment plan — Brandt & Okafor Logistics")],
        vec![],
        vec![
            S("Risk No"),
            S("Risk"),
            S("Likelihood"),
            S("Impact"),
            S("Rating"),
            S("Treatment / Owner"),
            S("Controls"),
        ],
    ];
    let data: [(&str, &str, f64, f64, f64, &str, &str); 7] = [
        (
            "R1",
            "Dispatch system outage",
            3.0,
            4.0,
            12.0,
            "Reduce / M. Okafor",
            "A.8.14",
        ),
        (
            "R2",
            "Fuel card fraud",
            2.0,
            3.0,
            6.0,
            "Accept | L. Brandt",
            "",
        ),
        (
            "R3",
            "Warehouse fire",
            1.0,
            5.0,
            5.0,
            "Transfer / Finance Director",
            "",
        ),
        (
            "R4",
            "Driver phone lost with delivery data",
            4.0,
            3.0,
            12.0,
            "Modify",
            "A.8.1",
        ),
        (
            "R5",
            "Legacy customs portal",
            3.0,
            3.0,
            9.0,
            "Avoid/terminate / P. Novak",
            "",
        ),
        (
            "R6",
            "Shared depot password",
            4.0,
            4.0,
            16.0,
            "Reduce / M. Okafor",
            "",
        ),
        (
            "R7",
            "Tachograph data altered",
            2.0,
            4.0,
            6.0,
            "Reduce | L. Brandt",
            "A.8.15",
        ),
    ];
    for (id, what, l, i, r, packed, ctl) in data {
        rows.push(vec![
            S(id),
            S(what),
            N(l),
            N(i),
            N(r),
            S(packed),
            if ctl.is_empty() { E } else { S(ctl) },
        ]);
    }
    xlsx(
        "fixtures/repos/real-shapes/packed-treatment-owner-workbook/Risk treatment plan.xlsx",
        &[("Risks", rows)],
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    consultancy_workbook()?;
    word_scale_workbook()?;
    packed_workbook()?;
    let catalog = include_str!("../rules/catalog/annexa-2022.tsv");
    // A full workbook: SoA with merged theme rows and numeric IDs (5.1 … 5.10 as numbers), a
    // risk register, and a dashboard sheet that is not a register.
    let mut soa_rows = Vec::new();
    let mut theme = "";
    for line in catalog.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (id, title, th) = (cols[0], cols[1], cols[2]);
        if th != theme {
            theme = th;
            soa_rows.push(vec![M(
                match th {
                    "Organizational" => "5 Organizational controls",
                    "People" => "6 People controls",
                    "Physical" => "7 Physical controls",
                    _ => "8 Technological controls",
                },
                7,
            )]);
        }
        let number: f64 = id.trim_start_matches("A.").parse()?;
        let row = vec![
            N(number),
            T(title.to_string()),
            S("Yes"),
            T(format!("Selected for {}", title.to_lowercase())),
            S("contractual"),
            S("Implemented"),
            S("CISO"),
        ];
        soa_rows.push(row);
    }
    xlsx(
        "fixtures/repos/workbook/registers/ISMS.xlsx",
        &[
            (
                "Dashboard",
                vec![
                    vec![S("ISMS dashboard")],
                    vec![S("Open risks"), N(3.0)],
                    vec![S("Controls implemented"), N(93.0)],
                ],
            ),
            ("Statement of Applicability", soa(soa_rows)),
            (
                "Risk Register",
                risks(vec![
                    vec![
                        S("R-1"),
                        S("Phishing"),
                        S("CISO"),
                        N(4.0),
                        N(4.0),
                        N(16.0),
                        S("Mitigate"),
                        S("A.6.3, A.8.5"),
                        N(2.0),
                        N(2.0),
                        E,
                        E,
                        E,
                        D(2027, 3, 1),
                    ],
                    vec![
                        S("R-2"),
                        S("Ransomware"),
                        S("CISO"),
                        N(3.0),
                        N(5.0),
                        N(15.0),
                        S("Modify"),
                        S("A.8.7 | A.8.13"),
                        N(2.0),
                        N(3.0),
                        E,
                        E,
                        E,
                        D(2027, 3, 1),
                    ],
                ]),
            ),
        ],
    )?;

    // One fixture per SOA and RSK rule where it fires, in a workbook.
    let soa_fixture_at = |path: &str, rows: Vec<Vec<V>>| xlsx(path, &[("SoA", soa(rows))]);
    let soa_fixture = |code: &str, rows: Vec<Vec<V>>| {
        xlsx(
            &format!("fixtures/rules/{code}/fires-xlsx/soa.xlsx"),
            &[("SoA", soa(rows))],
        )
    };
    let risk_fixture = |code: &str, rows: Vec<Vec<V>>| {
        xlsx(
            &format!("fixtures/rules/{code}/fires-xlsx/risks.xlsx"),
            &[("Risks", risks(rows))],
        )
    };
    xlsx(
        "fixtures/rules/SOA001/fires-xlsx/register.xlsx",
        &[(
            "Risks",
            risks(vec![vec![
                S("R-1"),
                S("Phishing"),
                S("CISO"),
                N(2.0),
                N(2.0),
            ]]),
        )],
    )?;
    soa_fixture("SOA002", vec![ok_row("A.5.1")])?;
    soa_fixture("SOA003", vec![ok_row("A.5.38")])?;
    soa_fixture("SOA004", vec![ok_row("A.9.2.3")])?;
    soa_fixture("SOA005", vec![vec![S("A.7.4"), E, S("No"), E]])?;
    soa_fixture("SOA006", vec![vec![S("A.7.4"), E, S("No"), S("N/A")]])?;
    soa_fixture(
        "SOA007",
        vec![vec![S("A.5.7"), E, S("Yes"), E, E, S("Planned")]],
    )?;
    soa_fixture(
        "SOA008",
        vec![vec![
            S("A.5.7"),
            E,
            S("Yes"),
            S("Threat feeds from our provider"),
            S("business"),
            S("TBC"),
        ]],
    )?;
    soa_fixture("SOA009", vec![vec![S("A.5.7"), E, S("?"), E]])?;
    // A 2022 ID with the title of another control (2013 A.9.2.2 user access provisioning is
    // now A.5.18 Access rights; A.8.2 is Privileged access rights).
    soa_fixture(
        "SOA010",
        vec![vec![
            S("A.8.2"),
            S("Access rights"),
            S("Yes"),
            S("Least privilege for every account"),
            S("contractual"),
            S("Implemented"),
            S("CISO"),
        ]],
    )?;
    risk_fixture(
        "RSK001",
        vec![vec![S("R-1"), S("Phishing"), S("[TBD]"), N(2.0), N(2.0)]],
    )?;
    risk_fixture(
        "RSK002",
        vec![vec![S("R-1"), S("Phishing"), S("CISO"), N(6.0), N(2.0)]],
    )?;
    risk_fixture(
        "RSK003",
        vec![vec![
            S("R-1"),
            S("Phishing"),
            S("CISO"),
            N(4.0),
            N(4.0),
            N(12.0),
        ]],
    )?;
    risk_fixture(
        "RSK004",
        vec![vec![
            S("R-1"),
            S("Phishing"),
            S("CISO"),
            N(4.0),
            N(4.0),
            N(16.0),
        ]],
    )?;
    risk_fixture(
        "RSK005",
        vec![vec![
            S("R-1"),
            S("Phishing"),
            S("CISO"),
            N(4.0),
            N(4.0),
            N(16.0),
            S("Mitigate"),
        ]],
    )?;
    xlsx(
        "fixtures/rules/RSK006/fires-xlsx/isms.xlsx",
        &[
            (
                "SoA",
                soa(vec![vec![
                    S("A.7.4"),
                    E,
                    S("No"),
                    S("Fully remote company with no premises"),
                ]]),
            ),
            (
                "Risks",
                risks(vec![vec![
                    S("R-1"),
                    S("Office theft"),
                    S("CISO"),
                    N(2.0),
                    N(2.0),
                    N(4.0),
                    S("Mitigate"),
                    S("A.7.4"),
                ]]),
            ),
        ],
    )?;
    risk_fixture(
        "RSK007",
        vec![vec![
            S("R-1"),
            S("Phishing"),
            S("CISO"),
            N(2.0),
            N(2.0),
            N(4.0),
            S("Mitigate"),
            S("A.6.3"),
            N(3.0),
            N(3.0),
        ]],
    )?;
    risk_fixture(
        "RSK008",
        vec![vec![
            S("R-1"),
            S("Phishing"),
            S("CISO"),
            N(4.0),
            N(4.0),
            N(16.0),
            S("Accept"),
        ]],
    )?;
    risk_fixture(
        "RSK009",
        vec![vec![
            S("R-1"),
            S("Phishing"),
            S("CISO"),
            N(2.0),
            N(2.0),
            N(4.0),
            S("Accept"),
            E,
            E,
            E,
            S("CISO"),
            D(2025, 1, 10),
            D(2026, 1, 10),
        ]],
    )?;
    // A treatment plan sheet beside the register: an action past its due date, in progress.
    xlsx(
        "fixtures/rules/RSK010/fires-xlsx/risks.xlsx",
        &[
            (
                "Risks",
                risks(vec![vec![
                    S("R-1"),
                    S("Phishing"),
                    S("CISO"),
                    N(2.0),
                    N(2.0),
                    N(4.0),
                    S("Modify"),
                    S("A.6.3"),
                ]]),
            ),
            (
                "Treatment plan",
                vec![
                    vec![
                        S("ID"),
                        S("Risk ID"),
                        S("Action"),
                        S("Owner"),
                        S("Due Date"),
                        S("Status"),
                    ],
                    vec![
                        S("TP-1"),
                        S("R-1"),
                        S("Phishing drill for every team"),
                        S("HR Lead"),
                        D(2025, 3, 31),
                        S("In progress"),
                    ],
                ],
            ),
        ],
    )?;
    // A register whose rows carry their own treatment due date and status (issue 18): R-1 is
    // past due and in progress; R-2 retained (no action); R-3 done.
    xlsx(
        "fixtures/rules/RSK010/fires-register-xlsx/risks.xlsx",
        &[(
            "Risk Register",
            vec![
                vec![
                    S("Risk ID"),
                    S("Risk"),
                    S("Risk Owner"),
                    S("Likelihood"),
                    S("Impact"),
                    S("Treatment"),
                    S("Treatment Due"),
                    S("Action Status"),
                    S("Status"),
                ],
                vec![
                    S("R-1"),
                    S("Phishing"),
                    S("CISO"),
                    N(3.0),
                    N(3.0),
                    S("Modify"),
                    D(2025, 5, 31),
                    S("In progress"),
                    S("Open"),
                ],
                vec![
                    S("R-2"),
                    S("Flood"),
                    S("COO"),
                    N(1.0),
                    N(3.0),
                    S("Retain"),
                    D(2025, 5, 31),
                    S("Not started"),
                    S("Open"),
                ],
                vec![
                    S("R-3"),
                    S("Lost laptop"),
                    S("CISO"),
                    N(2.0),
                    N(3.0),
                    S("Modify"),
                    D(2025, 5, 31),
                    S("Done"),
                    S("Closed"),
                ],
            ],
        )],
    )?;
    // A formula whose value was never saved: IN001 at its cell, the rest still read.
    risk_fixture(
        "IN001",
        vec![vec![
            S("R-1"),
            S("Phishing"),
            S("CISO"),
            N(2.0),
            N(2.0),
            F("=D4*E4"),
        ]],
    )?;
    strip_formula_values("fixtures/rules/IN001/fires-xlsx/risks.xlsx")?;
    // The near miss: a workbook written by a script, whose formulas have no saved value only
    // on a dashboard sheet and in a summary block beside the register (counts, averages). No
    // cell a register reads is a formula: no IN001 (`-v` notes the formulas once).
    xlsx(
        "fixtures/rules/IN001/passes-formulas-outside-register/risks.xlsx",
        &[
            (
                "Risks",
                risks(vec![
                    vec![
                        S("R-1"),
                        S("Phishing"),
                        S("CISO"),
                        N(2.0),
                        N(3.0),
                        N(6.0),
                        S("Modify"),
                        S("A.6.3"),
                    ],
                    vec![],
                    vec![S("Risks"), F("=COUNTA(A4:A5)"), S("listed")],
                    vec![
                        S("R-2"),
                        S("Laptop theft"),
                        S("IT Manager"),
                        N(1.0),
                        N(3.0),
                        N(3.0),
                        S("Modify"),
                        S("A.8.1"),
                    ],
                ]),
            ),
            (
                "Dashboard",
                vec![
                    vec![S("Risk Dashboard")],
                    vec![],
                    vec![S("Open risks"), F("=COUNTA(Risks!A4:A100)"), S("rows")],
                    vec![S("Average score"), F("=AVERAGE(Risks!F4:F100)"), S("of 25")],
                    vec![S("Highest score"), F("=MAX(Risks!F4:F100)"), S("of 25")],
                ],
            ),
        ],
    )?;
    strip_formula_values("fixtures/rules/IN001/passes-formulas-outside-register/risks.xlsx")?;

    // Control numbers Excel stored as dates: shown `yy.m.d` they read as typed (A.9.2.3, a
    // 2013 ID: SOA004 at the cell); shown as a date they are IN001 at the cell.
    soa_fixture_at(
        "fixtures/rules/SOA004/fires-date-typed-id-xlsx/soa.xlsx",
        vec![
            ok_row("A.5.1"),
            vec![
                DF(2009, 2, 3, "yy.m.d"),
                E,
                S("Yes"),
                S("Joiners and leavers are handled by HR"),
                S("business"),
                S("Implemented"),
                S("CISO"),
            ],
        ],
    )?;
    soa_fixture_at(
        "fixtures/rules/IN001/fires-date-typed-id-xlsx/soa.xlsx",
        vec![
            ok_row("A.5.1"),
            vec![
                DF(2010, 1, 1, "d/m/yyyy"),
                E,
                S("Yes"),
                S("Keys are kept in the provider's key store"),
                S("business"),
                S("Implemented"),
                S("CISO"),
            ],
        ],
    )?;
    // A 2013 SoA: objective rows (two-level, no applicability) are headings, not controls
    // with an undecided applicability.
    let legacy_row = |id: &'static str| {
        vec![
            S(id),
            E,
            S("Yes"),
            T(format!("Agreed with the process owner for {id}")),
            S("business"),
            S("Implemented"),
            S("CISO"),
        ]
    };
    soa_fixture_at(
        "fixtures/rules/SOA009/passes-2013-objective-rows-xlsx/soa.xlsx",
        vec![
            vec![
                S("A.5.1"),
                S("Management direction for information security"),
            ],
            legacy_row("A.5.1.1"),
            legacy_row("A.5.1.2"),
            vec![S("A.6.1"), S("Internal organization")],
            legacy_row("A.6.1.1"),
            legacy_row("A.6.1.2"),
        ],
    )?;
    // `SoA.xlsx` names the SoA sheet; its risk tab is read by its header.
    xlsx(
        "fixtures/rules/RSK003/fires-soa-workbook-risk-tab/SoA.xlsx",
        &[
            ("SoA", soa(vec![ok_row("A.5.1")])),
            (
                "Risks",
                risks(vec![vec![
                    S("R-1"),
                    S("Phishing"),
                    S("CISO"),
                    N(4.0),
                    N(4.0),
                    N(12.0),
                ]]),
            ),
        ],
    )?;
    // A risk register whose header is split over two rows: the group row says which `L | I |
    // Score` is before treatment and which after.
    let split = |residual: (f64, f64, f64)| -> Rows {
        vec![
            vec![S("Risk register")],
            vec![
                E,
                E,
                M("Risk before treatment", 3),
                E,
                E,
                M("Risk after treatment", 3),
            ],
            vec![
                S("Risk ID"),
                S("Risk Owner"),
                S("L"),
                S("I"),
                S("Score"),
                S("L"),
                S("I"),
                S("Score"),
                S("Treatment"),
                S("Controls"),
            ],
            vec![
                S("R-1"),
                S("CISO"),
                N(2.0),
                N(2.0),
                N(4.0),
                N(residual.0),
                N(residual.1),
                N(residual.2),
                S("Mitigate"),
                S("A.6.3"),
            ],
        ]
    };
    xlsx(
        "fixtures/rules/RSK007/fires-split-header-xlsx/risk-register.xlsx",
        &[("Risks", split((3.0, 3.0, 9.0)))],
    )?;
    xlsx(
        "fixtures/rules/RSK007/passes-split-header-xlsx/risk-register.xlsx",
        &[("Risks", split((1.0, 2.0, 2.0)))],
    )?;

    // ODS: an SoA with an unjustified exclusion.
    ods(
        "fixtures/rules/SOA005/fires-ods/soa.ods",
        "Statement of Applicability",
        &[
            vec!["Statement of Applicability"],
            vec![],
            vec!["Control", "Applicable?", "Justification"],
            vec!["A.5.1", "Yes", "Policy set required by customer contracts"],
            vec!["A.7.4", "No", ""],
        ],
    )?;
    config_fixtures()?;
    czech_language_workbooks()?;
    czech_matrix_sheet_workbook()?;
    eprintln!("spreadsheet fixtures written");
    Ok(())
}

/// Several configured sources on one workbook, one per sheet, with headers in another language
/// mapped by `columns:` (IN004 fires when the configured sheets are not there, passes when they
/// are; issue 9 item 3).
fn config_fixtures() -> Result<(), Box<dyn std::error::Error>> {
    let book = || -> Vec<(&'static str, Rows)> {
        vec![
            (
                "Maßnahmen",
                vec![
                    vec![S("Anwendbarkeitserklärung")],
                    vec![S("Maßnahme"), S("Anwendbar"), S("Begründung")],
                    vec![
                        S("A.5.1"),
                        S("Yes"),
                        S("Die Leitlinie ist Grundlage unserer Kundenverträge"),
                    ],
                    vec![
                        S("A.7.4"),
                        S("No"),
                        S("Keine eigenen Räume: alle Systeme laufen beim Cloud-Anbieter"),
                    ],
                ],
            ),
            (
                "Risiken",
                vec![
                    vec![
                        S("Risiko-ID"),
                        S("Wahrscheinlichkeit"),
                        S("Auswirkung"),
                        S("Risikoeigner"),
                    ],
                    vec![S("R-1"), N(2.0), N(3.0), S("IT-Leitung")],
                ],
            ),
        ]
    };
    for case in ["fires-two-sheet-sources", "passes-two-sheet-sources"] {
        xlsx(&format!("fixtures/rules/IN004/{case}/isms.xlsx"), &book())?;
    }
    Ok(())
}

/// `fixtures/repos/languages/cs`: a Czech SoA workbook and risk register (issue 13). Headers with a
/// trailing space and a line break, `Ano`/`Ne`/`Částečně`, and a 3×3 scale whose adjectives take
/// the gender of each column's noun: `Vysoká` pravděpodobnost, `Vysoký` dopad, `Vysoké` riziko.
fn czech_language_workbooks() -> Result<(), Box<dyn std::error::Error>> {
    type Control = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    );
    let controls: [Control; 20] = [
        (
            "A.5.1",
            "Politiky pro bezpečnost informací",
            "Ano",
            "Vedení schválilo hlavní politiku a pět tematických politik; zaměstnanci je každý rok podepisují",
            "Implementováno",
            "Vedení společnosti",
            "DK-01",
        ),
        (
            "A.5.2",
            "Role a odpovědnosti v oblasti bezpečnosti informací",
            "Ano",
            "Manažer bezpečnosti je jmenován písemně, úkoly IT a personálního oddělení popisuje organizační řád",
            "Implementováno",
            "Vedení společnosti",
            "DK-02",
        ),
        (
            "A.5.9",
            "Inventář informací a jiných souvisejících aktiv",
            "Ano",
            "Notebooky, servery a cloudová předplatná jsou v evidenci majetku, každé s odpovědnou osobou",
            "Implementováno",
            "Vedoucí IT",
            "DK-03",
        ),
        (
            "A.5.15",
            "Řízení přístupu",
            "Ano",
            "Telemetrická data vidí jen tým daného zákazníka; obchod k nim přístup nemá",
            "Implementováno",
            "Vedoucí IT",
            "DK-04",
        ),
        (
            "A.5.17",
            "Autentizační informace",
            "Ano",
            "Hesla jsou ve sdíleném správci hesel a počáteční heslo se mění při prvním přihlášení",
            "Implementováno",
            "Vedoucí IT",
            "DK-05",
        ),
        (
            "A.5.18",
            "Přístupová práva",
            "Částečně",
            "Personální oddělení zakládá požadavek při každém nástupu a odchodu; čtvrtletní revize práv zatím neběží",
            "Částečně implementováno",
            "Personalistka",
            "",
        ),
        (
            "A.5.23",
            "Bezpečnost informací při využívání cloudových služeb",
            "Ano",
            "Telemetrická platforma a pošta běží u poskytovatelů v EU; smlouvy a nastavení kontrolujeme před nasazením",
            "Implementováno",
            "Manažer bezpečnosti",
            "DK-06",
        ),
        (
            "A.5.24",
            "Plánování a příprava řízení incidentů bezpečnosti informací",
            "Ano",
            "Postup pro incidenty s kontakty na hosting a NÚKIB je sepsán a jednou ročně procvičen",
            "Implementováno",
            "Manažer bezpečnosti",
            "DK-07",
        ),
        (
            "A.5.30",
            "Připravenost IKT na kontinuitu činností",
            "Ano",
            "Příjem dat z vozidel musí naběhnout do čtyř hodin; test obnovy je naplánován na druhé čtvrtletí",
            "Plánováno",
            "Provoz IT",
            "",
        ),
        (
            "A.5.34",
            "Soukromí a ochrana osobních údajů",
            "Ano",
            "Polohy řidičů zpracováváme pro zákazníky jako zpracovatel podle čl. 28 GDPR",
            "Implementováno",
            "Manažer bezpečnosti",
            "DK-08",
        ),
        (
            "A.6.3",
            "Povědomí, vzdělávání a školení o bezpečnosti informací",
            "Ano",
            "Všichni zaměstnanci absolvují školení o phishingu při nástupu a pak každý rok",
            "Implementováno",
            "Personalistka",
            "DK-09",
        ),
        (
            "A.7.4",
            "Monitorování fyzické bezpečnosti",
            "Ne",
            "Kanceláře máme v pronájmu v administrativní budově; kamerový systém a ostrahu budovy zajišťuje pronajímatel",
            "",
            "",
            "",
        ),
        (
            "A.7.10",
            "Paměťová média",
            "Ano",
            "Vydáváme jen šifrované flash disky, vyřazené disky likviduje certifikovaná firma",
            "Implementováno",
            "Vedoucí IT",
            "DK-10",
        ),
        (
            "A.8.1",
            "Koncová zařízení uživatelů",
            "Ano",
            "Všechny notebooky jsou spravovány centrálně, se šifrováním disku a automatickými aktualizacemi",
            "Implementováno",
            "Vedoucí IT",
            "DK-11",
        ),
        (
            "A.8.5",
            "Bezpečná autentizace",
            "Ano",
            "Dvoufaktorové přihlášení do pošty, VPN a telemetrické platformy od loňské migrace",
            "Implementováno",
            "Provoz IT",
            "DK-12",
        ),
        (
            "A.8.7",
            "Ochrana proti malwaru",
            "Ano",
            "Antivir na všech noteboocích a serverech; přílohy kontroluje poskytovatel pošty",
            "Implementováno",
            "Provoz IT",
            "DK-13",
        ),
        (
            "A.8.13",
            "Zálohování informací",
            "Ano",
            "Noční záloha telemetrické databáze do druhého datového centra a měsíční test obnovy",
            "Implementováno",
            "Provoz IT",
            "DK-14",
        ),
        (
            "A.8.15",
            "Logování",
            "Ano",
            "Přihlášení do platformy a zásahy administrátorů v cloudu uchováváme dvanáct měsíců",
            "Částečně implementováno",
            "Manažer bezpečnosti",
            "",
        ),
        (
            "A.8.24",
            "Použití kryptografie",
            "k doplnění",
            "Zda budeme spravovat vlastní klíče pro zákaznický portál, rozhodne příští bezpečnostní výbor",
            "",
            "Manažer bezpečnosti",
            "",
        ),
        ("A.8.30", "Vývoj zajišťovaný externě", "Ne", "", "", "", ""),
    ];
    let mut soa: Rows = vec![
        vec![S(
            "Prohlášení o aplikovatelnosti – Telemetrie Morava s.r.o.",
        )],
        vec![],
        vec![
            S("Opatření"),
            S("Název"),
            S("Aplikovatelnost "),
            S("Odůvodnění"),
            S("Implementace "),
            S("Vlastník\nopatření"),
            S("Důkaz"),
        ],
    ];
    for (id, title, applicable, why, status, owner, evidence) in controls {
        soa.push(
            [id, title, applicable, why, status, owner, evidence]
                .iter()
                .map(|s| if s.is_empty() { E } else { S(s) })
                .collect(),
        );
    }
    xlsx("fixtures/repos/languages/cs/SoA.xlsx", &[("SoA", soa)])?;

    type Risk = (
        &'static str,
        &'static str,
        &'static str,
        [&'static str; 4],
        &'static str,
        &'static str,
        &'static str,
        Option<(u16, u8, u8)>,
    );
    // (id, risk, owner, [likelihood, impact, level, treatment], controls, residual, accepted by, on)
    let risks: [Risk; 5] = [
        (
            "R-01",
            "Ransomware zašifruje telemetrickou databázi a souborový server",
            "Vedoucí IT",
            ["Střední", "Vysoký", "Vysoká", "Snížení"],
            "A.8.7, A.8.13, A.5.30",
            "Nízké",
            "",
            None,
        ),
        (
            "R-02",
            "Účet dispečera je převzat phishingem",
            "Manažer bezpečnosti",
            ["Vysoká", "Střední", "Vysoká", "Snížení"],
            "A.6.3, A.8.5, A.5.17",
            "Střední",
            "Manažer bezpečnosti",
            Some((2026, 2, 12)),
        ),
        (
            "R-03",
            "Bývalý zaměstnanec si ponechá přístup k datům zákazníků",
            "Personalistka",
            ["Střední", "Střední", "Střední", "Snížení"],
            "A.5.15, A.5.18, A.5.2",
            "Střední",
            "",
            None,
        ),
        (
            "R-04",
            "Polohy řidičů uniknou kvůli chybnému nastavení cloudu",
            "Manažer bezpečnosti",
            ["Nízká", "Vysoký", "Střední", "Snížení"],
            "A.5.23, A.5.34, A.5.24, A.8.15",
            "Nízké",
            "",
            None,
        ),
        (
            "R-05",
            "Ztráta notebooku nebo flash disku s daty zákazníků",
            "Vedoucí IT",
            ["Vysoká", "Nízký", "Střední", "Snížení"],
            "A.8.1, A.7.10, A.5.9, A.5.1",
            "Nízké",
            "",
            None,
        ),
    ];
    let mut register: Rows = vec![
        vec![S("Registr rizik 2026")],
        [
            "ID rizika",
            "Riziko",
            "Vlastník rizika",
            "Pravděpodobnost",
            "Dopad",
            "Úroveň rizika",
            "Ošetření rizika",
            "Opatření",
            "Zbytkové riziko",
            "Akceptoval",
            "Datum akceptace",
        ]
        .iter()
        .map(|h| S(h))
        .collect(),
    ];
    for (id, risk, owner, [l, i, level, treatment], controls, residual, by, on) in risks {
        let mut row: Vec<V> = [
            id, risk, owner, l, i, level, treatment, controls, residual, by,
        ]
        .iter()
        .map(|s| if s.is_empty() { E } else { S(s) })
        .collect();
        row.push(on.map_or(E, |(y, m, d)| D(y, m, d)));
        register.push(row);
    }
    let legend: Rows = vec![
        vec![S("Stupnice hodnocení rizik")],
        vec![S("Úroveň"), S("Pravděpodobnost"), S("Dopad")],
        vec![
            S("Nízká"),
            S("Nepravděpodobné v příštích třech letech"),
            S("Drobné omezení, žádná data zákazníků"),
        ],
        vec![
            S("Střední"),
            S("Může nastat v příštích třech letech"),
            S("Výpadek na jeden den nebo několik záznamů"),
        ],
        vec![
            S("Vysoká"),
            S("Očekává se během roku"),
            S("Výpadek příjmu dat nebo únik dat mnoha řidičů"),
        ],
        vec![],
        vec![S(
            "Zbytkové riziko nad úrovní Nízká akceptuje vlastník rizika písemně.",
        )],
    ];
    xlsx(
        "fixtures/repos/languages/cs/Registr rizik.xlsx",
        &[("Rizika", register), ("Legenda", legend)],
    )?;
    Ok(())
}

/// A Czech asset and risk workbook scored with words and no config anywhere (issue 13): the
/// `Registr rizik` sheet rates `Dopad` and `Pravděpodobnost` with `Nízký/Střední/Vysoký` and
/// `Nízká/Střední/Vysoká`, its `Úroveň rizika` looks the pair up in a hidden `_RiskMatrix` sheet
/// (corner `Dopad / Pravděpodobnost`: impact rows, likelihood columns), and a `RACI` sheet
/// (`Činnost / Role | R | A | C | I`-shaped) is no scale.
fn czech_matrix_sheet_workbook() -> Result<(), Box<dyn std::error::Error>> {
    let header = [
        "ID rizika",
        "Aktivum",
        "Vlastník rizika",
        "Název rizika",
        "Dopad",
        "Pravděpodobnost",
        "Úroveň rizika",
        "Ošetření rizika",
        "Opatření",
    ];
    let risks: [[&str; 9]; 8] = [
        [
            "RZ-01",
            "Mapový server",
            "Vedoucí provozu",
            "Výpadek mapového serveru během svozové trasy",
            "Vysoký",
            "Střední",
            "Vysoká",
            "Snížení",
            "A.8.14, A.5.30",
        ],
        [
            "RZ-02",
            "Zálohy účetnictví",
            "Ekonomka",
            "Záloha účetnictví se nedá obnovit",
            "Střední",
            "Nízká",
            "Nízká",
            "Snížení",
            "A.8.13",
        ],
        [
            "RZ-03",
            "Firemní telefony řidičů",
            "Vedoucí provozu",
            "Ztráta telefonu s přihlášenou aplikací pro řidiče",
            "Střední",
            "Střední",
            "Střední",
            "Snížení",
            "A.8.1, A.6.7",
        ],
        [
            "RZ-04",
            "Zákaznický portál",
            "",
            "Převzetí účtu zákazníka uhodnutým heslem",
            "Vysoký",
            "Vysoká",
            "Vysoká",
            "Snížení",
            "A.5.17, A.8.5",
        ],
        [
            "RZ-05",
            "Tiskárna ve skladu",
            "Správce IT",
            "Tisk vážních lístků se zastaví",
            "Nízký",
            "Vysoká",
            "Nízká",
            "Akceptace",
            "",
        ],
        [
            "RZ-06",
            "Databáze vozidel",
            "Správce IT",
            "Dodavatel navigace změní formát exportu bez ohlášení",
            "Střední",
            "Vysoká",
            "Vysoká",
            "Snížení",
            "A.5.20, A.5.22",
        ],
        [
            "RZ-07",
            "Archiv smluv",
            "Ekonomka",
            "Papírové smlouvy poškodí vlhkost",
            "Nízký",
            "Nízká",
            "Nízká",
            "Akceptace",
            "",
        ],
        [
            "RZ-08",
            "Řídicí systém váhy",
            "Vedoucí provozu",
            "Ransomware zašifruje řídicí systém váhy",
            "Katastrofální",
            "Nízká",
            "Vysoká",
            "Snížení",
            "A.8.7, A.8.13",
        ],
    ];
    let mut register: Rows = vec![header.iter().map(|h| S(h)).collect()];
    for row in risks {
        register.push(
            row.iter()
                .map(|c| if c.is_empty() { E } else { S(c) })
                .collect(),
        );
    }
    let matrix: Rows = vec![
        vec![
            S("Dopad / Pravděpodobnost"),
            S("Nízká"),
            S("Střední"),
            S("Vysoká"),
        ],
        vec![S("Nízký"), S("Nízká"), S("Nízká"), S("Střední")],
        vec![S("Střední"), S("Nízká"), S("Střední"), S("Vysoká")],
        vec![S("Vysoký"), S("Střední"), S("Vysoká"), S("Vysoká")],
    ];
    let raci: Rows = vec![
        vec![
            S("Činnost / Role"),
            S("Vedoucí provozu"),
            S("Správce IT"),
            S("Ekonomka"),
        ],
        vec![S("Hodnocení rizik"), S("A"), S("R"), S("C")],
        vec![S("Obnova ze zálohy"), S("I"), S("R"), S("A")],
        vec![S("Přezkoumání registru"), S("A"), S("C"), S("I")],
    ];
    let legend: Rows = vec![
        vec![S("Sloupec"), S("Hodnota"), S("Význam / Definice")],
        vec![
            S("Dopad"),
            S("Nízký"),
            S("Provoz jede dál, nejvýše hodinové zdržení"),
        ],
        vec![
            S("Dopad"),
            S("Vysoký"),
            S("Svoz stojí déle než den nebo uniknou data zákazníků"),
        ],
        vec![
            S("Pravděpodobnost"),
            S("Nízká"),
            S("Méně než jednou za pět let"),
        ],
        vec![
            S("Pravděpodobnost"),
            S("Vysoká"),
            S("Jednou ročně a častěji"),
        ],
    ];
    let mut book = Workbook::new();
    for (name, rows, hidden) in [
        ("Registr rizik", &register, false),
        ("Legenda", &legend, false),
        ("RACI", &raci, false),
        ("_RiskMatrix", &matrix, true),
    ] {
        let ws = book.add_worksheet();
        ws.set_name(name)?;
        write_sheet(ws, rows)?;
        if hidden {
            ws.set_hidden(true);
        }
    }
    let dir = "fixtures/repos/real-shapes/cz-register-matrix-sheet";
    fs::create_dir_all(dir)?;
    book.save(format!("{dir}/Registr aktiv a rizik.xlsx"))?;
    Ok(())
}
