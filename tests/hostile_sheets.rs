//! Hostile workbooks: none may abort, panic, hang or exhaust the memory of `ismslint`. Each is
//! generated here in a temporary folder beside a normal CSV SoA; the run must exit 1 (findings,
//! not a signal, 101 or 134), report IN001 at the workbook, and still lint the CSV (its SOA005).
//! F1–F3 are the reproductions of the security review (`mk_xlsx_corners.py`, `mk_xls_cfb.py`,
//! `mk_xlsx_bomb.py`), ported to Rust; the others are the further cases the review listed.

mod common;

use assert_cmd::Command;
use std::fs;
use std::path::Path;
use std::time::Duration;

// ---------------------------------------------------------------------------------------------
// Running

struct Run {
    code: Option<i32>,
    out: String,
}

const SELECT: [&str; 2] = ["IN001", "SOA005"];

/// A hang is caught by the timeout (a killed run has no exit code, and `check` wants 1); there
/// is no wall-clock assertion beside it: on a loaded 2-core machine a debug build reading a
/// hostile workbook took 13–29 s, and speed is measured by examples/bench.sh, not by a test.
fn lint(dir: &Path) -> Run {
    let out = Command::cargo_bin("ismslint")
        .expect("binary")
        // Run in the folder: reported paths are relative to the current directory.
        .current_dir(dir)
        .args([".", "--isolated", "--format"])
        .args(["concise", "--today", common::TODAY, "--select"])
        .arg(SELECT.join(","))
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run");
    Run {
        code: out.status.code(),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

/// Write `name` (the workbook) and a CSV SoA beside it, lint, and check the outcome.
fn check(name: &str, bytes: &[u8], needle: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join(name), bytes).expect("write workbook");
    fs::write(
        dir.path().join("soa.csv"),
        "Control,Applicable,Justification\nA.5.1,No,\n",
    )
    .expect("write csv");
    let run = lint(dir.path());
    assert_eq!(
        run.code,
        Some(1),
        "exit status (None = killed by a signal): {}",
        run.out
    );
    let at = format!("{name}:1:1: error[IN001] ");
    assert!(
        run.out
            .lines()
            .any(|l| l.starts_with(&at) && l.contains(needle)),
        "no IN001 at {name} saying `{needle}`:\n{}",
        run.out
    );
    assert!(
        run.out.contains("soa.csv:2:") && run.out.contains("SOA005"),
        "the CSV beside it was not linted:\n{}",
        run.out
    );
    run.out
}

// ---------------------------------------------------------------------------------------------
// Zip files, written by hand so that sizes, CRCs and data can be exactly what a test needs.

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

struct Entry {
    name: String,
    /// 0 stored, 8 deflated.
    method: u16,
    data: Vec<u8>,
    crc: u32,
    /// The inflated size written in the headers.
    declared: u64,
}

fn stored(name: &str, data: impl Into<Vec<u8>>) -> Entry {
    let data = data.into();
    Entry {
        name: name.to_string(),
        method: 0,
        crc: crc32(&data),
        declared: data.len() as u64,
        data,
    }
}

fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        let zip64 = e.declared >= 0xFFFF_FFFF;
        let extra: Vec<u8> = if zip64 {
            let mut x = Vec::new();
            le16(&mut x, 1);
            le16(&mut x, 16);
            x.extend_from_slice(&e.declared.to_le_bytes());
            x.extend_from_slice(&(e.data.len() as u64).to_le_bytes());
            x
        } else {
            Vec::new()
        };
        let (usize32, csize32) = if zip64 {
            (0xFFFF_FFFF, 0xFFFF_FFFF)
        } else {
            (e.declared as u32, e.data.len() as u32)
        };
        for (sig, v) in [(0x0403_4b50u32, &mut out), (0x0201_4b50, &mut central)] {
            le32(v, sig);
            if sig == 0x0201_4b50 {
                le16(v, 45); // made by
            }
            le16(v, if zip64 { 45 } else { 20 });
            le16(v, 0); // flags
            le16(v, e.method);
            le32(v, 0); // time, date
            le32(v, e.crc);
            le32(v, csize32);
            le32(v, usize32);
            le16(v, e.name.len() as u16);
            le16(v, extra.len() as u16);
            if sig == 0x0201_4b50 {
                le16(v, 0); // comment
                le16(v, 0); // disk
                le16(v, 0); // internal attributes
                le32(v, 0); // external attributes
                le32(v, offset);
            }
            v.extend_from_slice(e.name.as_bytes());
            v.extend_from_slice(&extra);
            if sig == 0x0403_4b50 {
                v.extend_from_slice(&e.data);
            }
        }
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    le32(&mut out, 0);
    le16(&mut out, entries.len() as u16);
    le16(&mut out, entries.len() as u16);
    le32(&mut out, central.len() as u32);
    le32(&mut out, cd_offset);
    le16(&mut out, 0);
    out
}

/// A deflate stream that inflates to `size` bytes of `A` (one literal, then copies of 258 bytes
/// at distance 1 in a fixed-Huffman block: 13 bits per 258 bytes).
fn deflate_bomb(size: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, len: u32) {
            self.acc |= value << self.n;
            self.n += len;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        // Huffman codes go most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            let reversed = code.reverse_bits() >> (32 - len);
            self.put(u64::from(reversed), len);
        }
    }
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // final block
    b.put(1, 2); // fixed Huffman
    b.code(0x30 + u32::from(b'A'), 8);
    let mut copies = (size - 1) / 258;
    let literals = (size - 1) % 258;
    let copy = |b: &mut Bits| {
        b.code(0xC0 + 5, 8); // length 258 (symbol 285)
        b.code(0, 5); // distance 1
    };
    // Copy by copy until byte-aligned, then 8 copies are 13 identical bytes.
    while b.n != 0 && copies > 0 {
        copy(&mut b);
        copies -= 1;
    }
    if copies >= 8 {
        let mut chunk = Bits {
            out: Vec::new(),
            acc: 0,
            n: 0,
        };
        for _ in 0..8 {
            copy(&mut chunk);
        }
        let chunk = chunk.out;
        for _ in 0..copies / 8 {
            b.out.extend_from_slice(&chunk);
        }
        copies %= 8;
    }
    for _ in 0..copies {
        copy(&mut b);
    }
    for _ in 0..literals {
        b.code(0x30 + u32::from(b'A'), 8);
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

// ---------------------------------------------------------------------------------------------
// XLSX

const CT: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const SHEET_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

fn workbook_xml(sheets: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    for i in 1..=sheets {
        s += &format!(r#"<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>"#);
    }
    s + "</sheets></workbook>"
}

/// `sheets` sheets, all backed by one worksheet part.
fn workbook_rels(sheets: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for i in 1..=sheets {
        s += &format!(
            r#"<Relationship Id="rId{i}" Type="{SHEET_REL}" Target="worksheets/sheet1.xml"/>"#
        );
    }
    s + "</Relationships>"
}

fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// An XLSX with one sheet (`rows` inside `<sheetData>`) and `extra` parts.
fn xlsx(sheet: &str, extra: Vec<Entry>) -> Vec<u8> {
    let mut entries = vec![
        stored("[Content_Types].xml", CT),
        stored("_rels/.rels", RELS),
        stored("xl/workbook.xml", workbook_xml(1)),
        stored("xl/_rels/workbook.xml.rels", workbook_rels(1)),
        stored("xl/worksheets/sheet1.xml", sheet),
    ];
    entries.extend(extra);
    zip(&entries)
}

#[test]
fn f1_xlsx_cells_in_opposite_corners() {
    // mk_xlsx_corners.py: A1 and XFD1048576 → a 512 GiB dense range.
    let rows = format!(
        r#"<row r="1">{}</row><row r="1048576">{}</row>"#,
        inline("A1", "Control"),
        inline("XFD1048576", "x")
    );
    let book = xlsx(&sheet_xml(&rows), vec![]);
    assert!(book.len() < 4096);
    check("soa.xlsx", &book, "spans 1048576 rows × 16384 columns");
}

#[test]
fn f3_xlsx_shared_strings_zip_bomb() {
    // mk_xlsx_bomb.py: a shared-string table that inflates to 4 GiB. (The CRC is left 0: it is
    // only checked once all 4 GiB are inflated, which a reader must never get to.)
    let gib4 = 4u64 << 30;
    let data = deflate_bomb(gib4);
    assert!(data.len() < 32 << 20);
    let sst = Entry {
        name: "xl/sharedStrings.xml".into(),
        method: 8,
        data,
        crc: 0,
        declared: gib4,
    };
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    check(
        "soa.xlsx",
        &xlsx(&sheet_xml(rows), vec![sst]),
        "inflates to 4096 MiB",
    );
}

#[test]
fn xlsx_entry_that_inflates_past_its_declared_size() {
    // The same bomb declaring 1 KiB: the zip reader must stop at the declared size.
    let sst = Entry {
        name: "xl/sharedStrings.xml".into(),
        method: 8,
        data: deflate_bomb(1 << 30),
        crc: 0,
        declared: 1024,
    };
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    check(
        "soa.xlsx",
        &xlsx(&sheet_xml(rows), vec![sst]),
        "cannot read workbook",
    );
}

#[test]
fn xlsx_shared_string_count_calamine_would_reserve() {
    let sst = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="200000000000"><si><t>Control</t></si></sst>"#;
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    check(
        "soa.xlsx",
        &xlsx(&sheet_xml(rows), vec![stored("xl/sharedStrings.xml", sst)]),
        "declares 200000000000 shared strings",
    );
}

#[test]
fn xlsx_styles_copied_per_cell_format() {
    // One font with a 1 MiB name, used by 10,000 cell formats: calamine copies it into each.
    let font = format!(r#"<font><name val="{}"/></font>"#, "F".repeat(1 << 20));
    let styles = format!(
        r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1">{font}</fonts><cellXfs>{}</cellXfs></styleSheet>"#,
        r#"<xf fontId="0"/>"#.repeat(10_000)
    );
    let rows = format!(r#"<row r="1">{}</row>"#, inline("A1", "Control"));
    check(
        "soa.xlsx",
        &xlsx(&sheet_xml(&rows), vec![stored("xl/styles.xml", styles)]),
        "cell formats",
    );
}

#[test]
fn xlsx_shared_string_used_by_many_cells() {
    // 512 KiB of text in one shared string, used by 300 cells: 150 MiB once expanded.
    let sst = format!(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{}</t></si></sst>"#,
        "S".repeat(512 << 10)
    );
    let rows: String = (1..=300)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    check(
        "soa.xlsx",
        &xlsx(&sheet_xml(&rows), vec![stored("xl/sharedStrings.xml", sst)]),
        "MiB of text",
    );
}

#[test]
fn xlsx_one_huge_cell() {
    let rows = format!(r#"<row r="1">{}</row>"#, inline("A1", &"x".repeat(2 << 20)));
    check(
        "soa.xlsx",
        &xlsx(&sheet_xml(&rows), vec![]),
        "a cell holds 2048 KiB of text",
    );
}

#[test]
fn xlsx_too_many_sheets() {
    let sheet = sheet_xml(&format!(r#"<row r="1">{}</row>"#, inline("A1", "x")));
    let book = zip(&[
        stored("[Content_Types].xml", CT),
        stored("_rels/.rels", RELS),
        stored("xl/workbook.xml", workbook_xml(1001)),
        stored("xl/_rels/workbook.xml.rels", workbook_rels(1001)),
        stored("xl/worksheets/sheet1.xml", sheet),
    ]);
    check("soa.xlsx", &book, "it has 1001 sheets");
}

#[test]
fn xlsx_one_large_part_behind_many_sheets() {
    // 600 sheets, all backed by one 512 KiB worksheet part: 300 MiB of XML to parse.
    let padding = format!("<!--{}-->", "p".repeat(512 << 10));
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{padding}<sheetData><row r="1">{}</row></sheetData></worksheet>"#,
        inline("A1", "x")
    );
    let book = zip(&[
        stored("[Content_Types].xml", CT),
        stored("_rels/.rels", RELS),
        stored("xl/workbook.xml", workbook_xml(600)),
        stored("xl/_rels/workbook.xml.rels", workbook_rels(600)),
        stored("xl/worksheets/sheet1.xml", sheet),
    ]);
    check("soa.xlsx", &book, "inflates more than 256 MiB");
}

#[test]
fn zip_with_too_many_entries() {
    let mut entries = vec![
        stored("[Content_Types].xml", CT),
        stored("_rels/.rels", RELS),
    ];
    entries.extend((0..10_001).map(|i| stored(&format!("junk/{i}"), "")));
    check("soa.xlsx", &zip(&entries), "10003 entries");
}

#[test]
fn xlsb_content_in_an_xlsx_file() {
    let book = zip(&[
        stored("[Content_Types].xml", CT),
        stored("_rels/.rels", RELS),
        stored("xl/workbook.bin", vec![0u8; 64]),
    ]);
    check("soa.xlsx", &book, "XLSB");
}

/// A normal SoA in `soa.xlsx`, beside the CSV one: both are read.
fn normal_soa_rows() -> String {
    format!(
        r#"<row r="1">{}{}{}</row><row r="2">{}{}</row>"#,
        inline("A1", "Control"),
        inline("B1", "Applicable"),
        inline("C1", "Justification"),
        inline("A2", "A.5.2"),
        inline("B2", "No"),
    )
}

fn lint_with_csv(name: &str, bytes: &[u8]) -> Run {
    let dir = with_csv(name, bytes);
    lint(dir.path())
}

fn with_csv(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join(name), bytes).expect("write workbook");
    fs::write(
        dir.path().join("soa.csv"),
        "Control,Applicable,Justification\nA.5.1,No,\n",
    )
    .expect("write csv");
    dir
}

/// The library alone (as in this test process) reads `.xls`/`.ods` in process, the binary in
/// its child process: the findings must be the same.
fn in_process_reads_like_the_binary(name: &str, bytes: &[u8]) {
    let dir = with_csv(name, bytes);
    let binary = lint(dir.path()).out;
    let library = common::render(
        &common::lint(dir.path(), &SELECT),
        ismslint::output::Format::Concise,
    );
    assert_eq!(library, binary);
}

#[test]
fn xlsx_huge_declared_dimension_is_only_a_declaration() {
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>{}</sheetData></worksheet>"#,
        normal_soa_rows()
    );
    let run = lint_with_csv("soa.xlsx", &xlsx(&sheet, vec![]));
    assert_eq!(run.code, Some(1), "{}", run.out);
    assert!(!run.out.contains("IN001"), "{}", run.out);
    assert!(
        run.out.contains("soa.xlsx › S1!C2: error[SOA005] A.5.2"),
        "{}",
        run.out
    );
}

#[test]
fn xlsx_shared_formula_with_a_huge_index() {
    // calamine's worksheet_formula would size a table by `si`; its value is simply missing.
    // Both cells are in the SoA's Justification column: one IN001 for the column.
    let rows = format!(
        r#"{}<row r="3">{}{}<c r="C3"><f t="shared" si="4000000000" ref="C3:C4">1+1</f></c></row><row r="4">{}{}<c r="C4"><f t="shared" si="4000000000"/></c>{}</row>"#,
        normal_soa_rows(),
        inline("A3", "A.5.3"),
        inline("B3", "Yes"),
        inline("A4", "A.5.4"),
        inline("B4", "Yes"),
        inline("D4", "note")
    );
    let run = lint_with_csv("soa.xlsx", &xlsx(&sheet_xml(&rows), vec![]));
    assert_eq!(run.code, Some(1), "{}", run.out);
    assert!(
        run.out.contains(
            "S1!C3: error[IN001] 2 formulas in column `Justification` of a register have no saved value (the first `=1+1`)"
        ),
        "{}",
        run.out
    );
    assert!(!run.out.contains("S1!C4: error[IN001]"), "{}", run.out);
    assert!(run.out.contains("soa.csv:2:"), "{}", run.out);
}

#[test]
fn xlsx_formulas_without_values_are_one_finding_per_register_column() {
    // 1,500 scores computed by a formula that was never evaluated (a workbook written by a
    // script): one finding for the column, at its first cell.
    let mut rows = format!(
        r#"<row r="1">{}{}{}{}{}{}</row>"#,
        inline("A1", "Risk ID"),
        inline("B1", "Risk"),
        inline("C1", "Owner"),
        inline("D1", "Likelihood"),
        inline("E1", "Impact"),
        inline("F1", "Risk Score")
    );
    for r in 2..=1501 {
        rows += &format!(
            r#"<row r="{r}">{}{}{}<c r="D{r}"><v>2</v></c><c r="E{r}"><v>3</v></c><c r="F{r}"><f>D{r}*E{r}</f></c></row>"#,
            inline(&format!("A{r}"), &format!("R-{r}")),
            inline(&format!("B{r}"), "Phishing"),
            inline(&format!("C{r}"), "CISO"),
        );
    }
    let run = lint_with_csv("risks.xlsx", &xlsx(&sheet_xml(&rows), vec![]));
    let listed: Vec<&str> = run
        .out
        .lines()
        .filter(|l| l.contains("error[IN001]"))
        .collect();
    assert_eq!(listed.len(), 1, "{}", run.out);
    assert!(
        listed[0].contains(
            "risks.xlsx › S1!F2: error[IN001] 1500 formulas in column `Risk Score` of a register have no saved value (the first `=D2*E2`)"
        ),
        "{}",
        run.out
    );
}

#[test]
fn xlsx_formulas_without_values_outside_a_register_are_a_note() {
    // A dashboard: counts and totals computed by formulas, no register. Nothing ismslint reads
    // is missing, so no finding; `-v` says it once.
    let rows: String = (1..=1500)
        .map(|r| {
            format!(
                r#"<row r="{r}">{}<c r="B{r}"><f>1+{r}</f></c>{}</row>"#,
                inline(&format!("A{r}"), "x"),
                inline(&format!("C{r}"), "y")
            )
        })
        .collect();
    let run = lint_with_csv("soa.xlsx", &xlsx(&sheet_xml(&rows), vec![]));
    assert!(!run.out.contains("IN001"), "{}", run.out);
}

#[test]
fn xlsx_deeply_nested_xml() {
    let depth = 200_000;
    let rows = format!(
        r#"{}<row r="3"><c r="D3" t="inlineStr"><is>{}{}</is></c></row>"#,
        normal_soa_rows(),
        "<x>".repeat(depth),
        "</x>".repeat(depth)
    );
    let run = lint_with_csv("soa.xlsx", &xlsx(&sheet_xml(&rows), vec![]));
    assert_eq!(run.code, Some(1), "{}", run.out);
    assert!(run.out.contains("soa.csv:2:"), "{}", run.out);
}

// ---------------------------------------------------------------------------------------------
// ODS (read by calamine in the child process)

fn ods(table: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="SoA">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip(&[
        stored("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        stored(
            "META-INF/manifest.xml",
            r#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#,
        ),
        stored("content.xml", content),
    ])
}

fn ods_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

// The child's address-space limit is what stops this one; RLIMIT_AS is enforced on Linux (not on
// macOS, and Windows has no rlimits: there only the wall-clock timeout applies).
#[cfg(target_os = "linux")]
#[test]
fn ods_repeated_rows_and_columns() {
    // One row of 16,384 cells repeated 6,000 times: 98 million cells in calamine.
    let table = r#"<table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    check(
        "soa.ods",
        &ods(table),
        "could not read workbook `soa.ods` safely",
    );
}

// The child's address-space limit is what stops this one; RLIMIT_AS is enforced on Linux (not on
// macOS, and Windows has no rlimits: there only the wall-clock timeout applies).
#[cfg(target_os = "linux")]
#[test]
fn ods_space_run_of_two_billion() {
    let table = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>"#;
    check(
        "soa.ods",
        &ods(table),
        "could not read workbook `soa.ods` safely",
    );
}

#[test]
fn ods_content_zip_bomb() {
    let content = Entry {
        name: "content.xml".into(),
        method: 8,
        data: deflate_bomb(1 << 30),
        crc: 0,
        declared: 1 << 30,
    };
    let book = zip(&[
        stored("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        content,
    ]);
    check(
        "soa.ods",
        &book,
        "zip entry `content.xml` inflates to 1024 MiB",
    );
}

#[test]
fn normal_ods_is_read_through_the_child() {
    let table = format!(
        "<table:table-row>{}{}{}</table:table-row><table:table-row>{}{}</table:table-row>",
        ods_cell("Control"),
        ods_cell("Applicable"),
        ods_cell("Justification"),
        ods_cell("A.5.2"),
        ods_cell("No"),
    );
    let run = lint_with_csv("soa.ods", &ods(&table));
    assert_eq!(run.code, Some(1), "{}", run.out);
    assert!(!run.out.contains("IN001"), "{}", run.out);
    assert!(
        run.out.contains("soa.ods › SoA!C2: error[SOA005] A.5.2"),
        "{}",
        run.out
    );
    in_process_reads_like_the_binary("soa.ods", &ods(&table));
}

// ---------------------------------------------------------------------------------------------
// XLS (CFB container, BIFF8 records)

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;

/// `mk_xls_cfb.py`: a CFB header alone.
fn cfb_header() -> Vec<u8> {
    let mut h = vec![0u8; 512];
    h[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    h[0x1E] = 9; // 512-byte sectors
    h[0x20] = 6; // 64-byte mini sectors
    h[0x44..0x48].copy_from_slice(&ENDOFCHAIN.to_le_bytes()); // no DIFAT sectors
    h
}

#[test]
fn f2a_xls_with_an_empty_fat() {
    let mut h = cfb_header();
    h[0x4C..0x200].fill(0xFF); // every DIFAT entry free → empty FAT
    check("soa.xls", &h, "leaves the allocation table");
}

#[test]
fn f2b_xls_fat_that_loops() {
    let mut h = cfb_header();
    h.resize(1024, 0); // DIFAT[0] = 0: FAT sector 0 is all zeros → sector 0 chains to itself
    check("soa.xls", &h, "loops back to sector 0");
}

/// A valid CFB file holding one `Workbook` stream.
fn cfb(stream: &[u8]) -> Vec<u8> {
    let mut stream = stream.to_vec();
    stream.resize(stream.len().max(4096).next_multiple_of(512), 0);
    let n = (stream.len() / 512) as u32; // stream sectors 0..n, directory n, FAT n + 1
    let mut h = cfb_header();
    h[0x18] = 0x3E;
    h[0x1A] = 3;
    h[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    h[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
    h[0x30..0x34].copy_from_slice(&n.to_le_bytes());
    h[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
    h[0x3C..0x40].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
    h[0x4C..0x200].fill(0xFF);
    h[0x4C..0x50].copy_from_slice(&(n + 1).to_le_bytes());
    let mut dir = vec![0u8; 512];
    let mut entry = |i: usize, name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let e = &mut dir[i * 128..(i + 1) * 128];
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (k, u) in units.iter().enumerate() {
            e[k * 2..k * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1; // black
        e[68..72].copy_from_slice(&FREESECT.to_le_bytes());
        e[72..76].copy_from_slice(&FREESECT.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
    };
    entry(0, "Root Entry", 5, 1, ENDOFCHAIN, 0);
    entry(1, "Workbook", 2, FREESECT, 0, stream.len() as u32);
    let mut fat: Vec<u32> = (1..n)
        .chain([ENDOFCHAIN, ENDOFCHAIN, 0xFFFF_FFFD])
        .collect();
    fat.resize(128, FREESECT);
    let mut out = h;
    out.extend_from_slice(&stream);
    out.extend_from_slice(&dir);
    out.extend(fat.iter().flat_map(|w| w.to_le_bytes()));
    out
}

fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

fn label(row: u16, col: u16, text: &str) -> Vec<u8> {
    let mut d = Vec::new();
    for v in [row, col, 0, text.len() as u16] {
        d.extend_from_slice(&v.to_le_bytes());
    }
    d.push(0); // 8-bit characters
    d.extend_from_slice(text.as_bytes());
    record(0x0204, &d)
}

/// A BIFF8 workbook stream with one worksheet `SoA` made of `records`.
fn biff8(records: &[Vec<u8>]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = vec![0u8; 16];
        d[..2].copy_from_slice(&0x0600u16.to_le_bytes());
        d[2..4].copy_from_slice(&dt.to_le_bytes());
        record(0x0809, &d)
    };
    let sheet_record = |pos: u32| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend_from_slice(&[0, 0, 3, 0]);
        d.extend_from_slice(b"SoA");
        record(0x0085, &d)
    };
    let globals_len = (bof(5).len() + sheet_record(0).len() + 4) as u32;
    let mut s = bof(5);
    s.extend(sheet_record(globals_len));
    s.extend(record(0x000A, &[]));
    s.extend(bof(0x10));
    for r in records {
        s.extend_from_slice(r);
    }
    s.extend(record(0x000A, &[]));
    s
}

#[test]
fn normal_xls_is_read_through_the_child() {
    let book = cfb(&biff8(&[
        label(0, 0, "Control"),
        label(0, 1, "Applicable"),
        label(0, 2, "Justification"),
        label(1, 0, "A.5.2"),
        label(1, 1, "No"),
    ]));
    let run = lint_with_csv("soa.xls", &book);
    assert_eq!(run.code, Some(1), "{}", run.out);
    assert!(!run.out.contains("IN001"), "{}", run.out);
    assert!(
        run.out.contains("soa.xls › SoA!C2: error[SOA005] A.5.2"),
        "{}",
        run.out
    );
    assert!(run.out.contains("soa.csv:2:"), "{}", run.out);
    in_process_reads_like_the_binary("soa.xls", &book);
}

#[test]
fn cfb_checks_protect_the_in_process_fallback_too() {
    // The library alone reads `.xls` in process; F2a and F2b are refused before calamine.
    for (bytes, needle) in [
        (
            {
                let mut h = cfb_header();
                h[0x4C..0x200].fill(0xFF);
                h
            },
            "leaves the allocation table",
        ),
        (
            {
                let mut h = cfb_header();
                h.resize(1024, 0);
                h
            },
            "loops back",
        ),
    ] {
        let dir = with_csv("soa.xls", &bytes);
        let out = common::render(
            &common::lint(dir.path(), &SELECT),
            ismslint::output::Format::Concise,
        );
        assert!(
            out.contains("soa.xls:1:1: error[IN001]") && out.contains(needle),
            "{out}"
        );
        assert!(out.contains("soa.csv:2:"), "{out}");
    }
}

// The child's address-space limit is what stops this one; RLIMIT_AS is enforced on Linux (not on
// macOS, and Windows has no rlimits: there only the wall-clock timeout applies).
#[cfg(target_os = "linux")]
#[test]
fn xls_biff_record_that_makes_calamine_abort() {
    // A valid container whose sheet declares 4 billion rows × 255 columns (DIMENSIONS):
    // calamine reserves room for all of them and aborts. Only the child dies.
    let mut dims = Vec::new();
    dims.extend_from_slice(&0u32.to_le_bytes());
    dims.extend_from_slice(&u32::MAX.to_le_bytes());
    dims.extend_from_slice(&0u16.to_le_bytes());
    dims.extend_from_slice(&0xFFu16.to_le_bytes());
    dims.extend_from_slice(&0u16.to_le_bytes());
    let book = cfb(&biff8(&[record(0x0200, &dims), label(0, 0, "Control")]));
    check("soa.xls", &book, "could not read workbook `soa.xls` safely");
}
