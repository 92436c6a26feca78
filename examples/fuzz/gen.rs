//! Structure-aware generators of hostile ISMS repositories: YAML registers with spliced keys,
//! anchors and aliases; CSV/TSV and Markdown tables whose rows and header disagree; Markdown
//! policies with front matter, links and suppressions; XLSX and ODS workbooks written as raw XML
//! (sparse and far-apart cells, merged ranges, repeated rows/columns, shared strings out of
//! range, formulas without values); `.xls` files that are a CFB header with random sector
//! chains; an occasional `ismslint.yaml`. Every byte comes from a seeded generator, so a case is
//! reproduced from its seed alone.

use std::fmt::Write as _;
use std::io::Write as _;

/// splitmix64: small, fast, and the same sequence on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// A small number, usually tiny, sometimes large: most bugs need few items, some need many.
    pub fn size(&mut self, small: usize, large: usize) -> usize {
        if self.chance(90) {
            self.below(small + 1)
        } else {
            self.below(large + 1)
        }
    }
}

/// One generated file: a relative path and its bytes.
pub struct GenFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One generated repository.
pub struct Case {
    pub files: Vec<GenFile>,
    /// The formats it exercises, for the run's statistics.
    pub formats: Vec<&'static str>,
    /// A config file is part of the case: exit 2 with a config error is an allowed outcome.
    pub has_config: bool,
}

const CONTROL_HEADERS: &[&str] = &[
    "Control",
    "Control ID",
    "Ref",
    "#",
    "Annex A",
    "Applicable",
    "Applicable?",
    "Applicability",
    "Included",
    "Justification",
    "Reason",
    "Reason for selection",
    "Status",
    "Implementation Status",
    "Owner",
    "Control owner",
    "Evidence",
    "Risks",
    "Documents",
    "Title",
    "Legal",
    "Contractual",
];
const RISK_HEADERS: &[&str] = &[
    "Risk ID",
    "ID",
    "Risk",
    "Description",
    "Owner",
    "Risk Owner",
    "Likelihood",
    "L",
    "Impact",
    "I",
    "Score",
    "Risk Score",
    "Treatment",
    "Treatment / Owner",
    "Controls",
    "Residual L",
    "Residual I",
    "Residual Score",
    "Accepted by",
    "Accepted on",
    "Acceptance expiry",
    "Review date",
    "Status",
    "Assets",
];
const OTHER_HEADERS: &[&str] = &[
    "Name",
    "Role",
    "Email",
    "Active",
    "Left on",
    "Collected on",
    "Valid for",
    "Location",
    "Classification",
    "Version",
    "Approved by",
    "Next review",
    "",
    " ",
    "Notes",
];
const VALUES: &[&str] = &[
    "A.5.1",
    "A.8.24",
    "5.10",
    "A5.1",
    "A 5.1",
    "A.05.01",
    "ISO27001:2022 A.5.1",
    "A.9.2.3",
    "A.5.38",
    "7.2",
    "clause 6.1.3",
    "Yes",
    "No",
    "yes ",
    "N/A",
    "TBD",
    "TBC",
    "?",
    "x",
    "✓",
    "✅ Yes",
    "❌",
    "Implemented",
    "Partial",
    "planed",
    "Not applicable",
    "1",
    "3",
    "5",
    "12",
    "0",
    "-1",
    "2.5",
    "1e309",
    "NaN",
    "high",
    "Medium",
    "4 - Likely",
    "2026-02-30",
    "2026-11-01",
    "01/03/2026",
    "[YYYY-MM-DD]",
    "45000",
    "[Company Name]",
    "<Organisation>",
    "{{company}}",
    "POL-XXX",
    "Lorem ipsum",
    "R-1",
    "R-001",
    "R-1, R-2,",
    "A.5.1; A.8.2",
    "CISO",
    "@alice",
    "alice@example.com",
    "Mitigate — deploy MFA",
    "Accept – approved by CFO 2026-03",
    "Retain",
    "Modify | J. Smith",
    "",
    "   ",
    "\"",
    "'",
    "|",
    "\\",
    "::error::x",
    "##vso[task.setvariable]",
    "\u{1b}[2J",
    "\u{7}",
    "\u{202e}gnp.exe",
    "a\nb",
    "a\r\nb",
    "a\rb",
    "P1Y",
    "12 months",
    "annually",
    "90d",
    "../../etc/passwd",
    "/etc/passwd",
    "policies/p.md#section",
    "evidence/e.pdf",
    "https://example.com/x",
    "&a",
    "*a",
    "- item",
    "{",
    "[",
    "#",
    "%",
    "\t",
    "\u{feff}",
    "\u{fffe}",
    "\u{ffff}",
    "😀",
    "Ναι",
    "Sí",
    "N° 5",
    "<b>html</b>",
    "`code`",
    "![i](http://x/i.png)",
    "<!-- ismslint-disable -->",
    "ismslint: ignore[SOA005] reason",
];
const KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "owner",
    "applicable",
    "justification",
    "reasons",
    "status",
    "evidence",
    "risks",
    "controls",
    "likelihood",
    "impact",
    "score",
    "treatment",
    "residual_likelihood",
    "residual_impact",
    "residual_score",
    "accepted_by",
    "accepted_on",
    "acceptance_expires",
    "next_review",
    "name",
    "role",
    "email",
    "active",
    "left_on",
    "type",
    "approver",
    "approved_on",
    "version",
    "last_reviewed",
    "review_interval",
    "clauses",
    "related",
    "collected_on",
    "valid_for",
    "location",
    "assets",
    "classification",
    "x",
    "Applicable?",
    "<<",
    "? complex",
];

fn value(rng: &mut Rng) -> String {
    if rng.chance(2) {
        // A long value: long cells, long lines, long scalars.
        let unit = rng.pick(VALUES).to_string();
        return unit.repeat(rng.size(50, 5_000).max(1));
    }
    if rng.chance(10) {
        return format!("{}{}", rng.pick(VALUES), rng.pick(VALUES));
    }
    rng.pick(VALUES).to_string()
}

/// A YAML scalar as written: plain, single- or double-quoted, or a block scalar.
fn yaml_scalar(rng: &mut Rng, indent: usize) -> String {
    let v = value(rng);
    match rng.below(6) {
        0 => format!("'{}'", v.replace('\'', "''").replace('\n', " ")),
        1 => format!(
            "\"{}\"",
            v.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
                .replace('\r', "\\r")
        ),
        2 => {
            let pad = " ".repeat(indent + 2);
            format!("|\n{pad}{}", v.replace('\n', &format!("\n{pad}")))
        }
        _ => v.replace(['\n', '\r'], " "),
    }
}

struct Yaml {
    out: String,
    anchors: usize,
    nodes: usize,
}

impl Yaml {
    fn node(&mut self, rng: &mut Rng, indent: usize, depth: usize) {
        self.nodes += 1;
        let pad = " ".repeat(indent);
        // An anchor on this node, or an alias instead of it.
        if self.anchors > 0 && rng.chance(8) {
            let _ = writeln!(self.out, " *a{}", rng.below(self.anchors + 1));
            return;
        }
        let anchor = if rng.chance(6) {
            self.anchors += 1;
            format!(" &a{}", self.anchors)
        } else {
            String::new()
        };
        if depth > 6 || self.nodes > 400 || rng.chance(55) {
            let _ = writeln!(self.out, "{anchor} {}", yaml_scalar(rng, indent));
            return;
        }
        if rng.chance(15) {
            // Flow style, sometimes unbalanced.
            let items: Vec<String> = (0..rng.size(4, 50))
                .map(|_| value(rng).replace(['\n', '\r'], " "))
                .collect();
            let close = if rng.chance(90) { "]" } else { "" };
            let _ = writeln!(self.out, "{anchor} [{}{close}", items.join(", "));
            return;
        }
        let _ = writeln!(self.out, "{anchor}");
        if rng.chance(50) {
            for _ in 0..rng.size(6, 200) {
                let _ = write!(self.out, "{pad}-");
                self.node(rng, indent + 2, depth + 1);
            }
        } else {
            for _ in 0..rng.size(8, 300) {
                let _ = write!(self.out, "{pad}{}:", rng.pick(KEYS));
                self.node(rng, indent + 2, depth + 1);
            }
        }
    }
}

/// A YAML register: one of the shapes DESIGN §4.3 lists, then spliced.
pub fn yaml(rng: &mut Rng) -> String {
    let mut y = Yaml {
        out: String::new(),
        anchors: 0,
        nodes: 0,
    };
    match rng.below(5) {
        0 => {
            let _ = writeln!(
                y.out,
                "kind: {}",
                rng.pick(&["control", "risk", "owner", "x"])
            );
            let _ = write!(
                y.out,
                "{}:",
                rng.pick(&["controls", "risks", "owners", "evidence"])
            );
            y.node(rng, 2, 0);
        }
        1 => {
            for i in 0..rng.size(5, 100) {
                let _ = writeln!(y.out, "- id: R-{i}");
                for _ in 0..rng.size(6, 40) {
                    let _ = write!(y.out, "  {}:", rng.pick(KEYS));
                    y.node(rng, 4, 1);
                }
            }
        }
        2 => {
            for i in 0..rng.size(5, 60) {
                let _ = write!(y.out, "A.5.{i}:");
                y.node(rng, 2, 1);
            }
        }
        3 => {
            // Alias chains: each level repeats the one before.
            let _ = writeln!(y.out, "a0: &a0 {}", yaml_scalar(rng, 0).replace('\n', " "));
            let levels = rng.size(4, 12);
            for l in 1..=levels {
                let refs: Vec<String> = (0..rng.size(4, 12).max(1))
                    .map(|_| format!("*a{}", l - 1))
                    .collect();
                let _ = writeln!(y.out, "a{l}: &a{l} [{}]", refs.join(", "));
            }
            y.anchors = levels;
        }
        _ => {
            y.node(rng, 0, 0);
        }
    }
    if rng.chance(30) {
        splice_lines(rng, &mut y.out);
    }
    y.out
}

/// Key splicing: duplicate, move or cut lines, as merges and bad edits do.
fn splice_lines(rng: &mut Rng, text: &mut String) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..rng.size(3, 30) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(4) {
            0 => {
                let l = lines[i].clone();
                let j = rng.below(lines.len());
                lines.insert(j, l);
            }
            1 => {
                lines.remove(i);
            }
            2 => {
                let l = lines.remove(i);
                let j = rng.below(lines.len() + 1);
                lines.insert(j, l);
            }
            _ => {
                let indent = " ".repeat(rng.below(12));
                lines[i] = format!("{indent}{}", lines[i].trim_start());
            }
        }
    }
    *text = lines.join("\n");
    text.push('\n');
}

fn header(rng: &mut Rng) -> Vec<String> {
    let pool = match rng.below(3) {
        0 => CONTROL_HEADERS,
        1 => RISK_HEADERS,
        _ => OTHER_HEADERS,
    };
    let mut h: Vec<String> = vec![rng.pick(&["Control", "Risk ID", "ID", "#"]).to_string()];
    for _ in 0..rng.size(6, 60) {
        h.push(if rng.chance(85) {
            rng.pick(pool).to_string()
        } else {
            value(rng)
        });
    }
    h
}

fn rows(rng: &mut Rng, width: usize) -> Vec<Vec<String>> {
    (0..rng.size(12, 3000))
        .map(|_| {
            // Row and header disagree now and then: ragged tables.
            let w = if rng.chance(15) {
                rng.below(width * 2 + 2)
            } else {
                width
            };
            (0..w).map(|_| value(rng)).collect()
        })
        .collect()
}

fn csv_cell(rng: &mut Rng, v: &str, sep: char) -> String {
    if v.contains([sep, '"', '\n', '\r']) || rng.chance(10) {
        let body = v.replace('"', "\"\"");
        // An unbalanced quote now and then.
        if rng.chance(3) {
            format!("\"{body}")
        } else {
            format!("\"{body}\"")
        }
    } else {
        v.to_string()
    }
}

/// A CSV or TSV register, with title rows, BOMs, mixed line endings and other encodings.
pub fn csv(rng: &mut Rng) -> (String, Vec<u8>) {
    let sep = *rng.pick(&[',', ',', ';', '\t']);
    let eol = *rng.pick(&["\n", "\r\n", "\r"]);
    let mut text = String::new();
    for _ in 0..rng.size(2, 10) {
        let _ = write!(text, "{}{eol}", value(rng).replace(['\n', '\r'], " "));
    }
    let h = header(rng);
    let width = h.len();
    let line = |rng: &mut Rng, cells: &[String]| {
        cells
            .iter()
            .map(|c| csv_cell(rng, c, sep))
            .collect::<Vec<_>>()
            .join(&sep.to_string())
    };
    let hl = line(rng, &h);
    let _ = write!(text, "{hl}{eol}");
    for r in rows(rng, width) {
        let l = line(rng, &r);
        let _ = write!(text, "{l}{}", if rng.chance(3) { "\n" } else { eol });
    }
    let ext = if sep == '\t' { "tsv" } else { "csv" };
    (ext.into(), encode(rng, &text))
}

/// UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252-ish bytes.
fn encode(rng: &mut Rng, text: &str) -> Vec<u8> {
    match rng.below(10) {
        0 => {
            let mut b = vec![0xEF, 0xBB, 0xBF];
            b.extend_from_slice(text.as_bytes());
            b
        }
        1 => {
            let mut b = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }
        2 => {
            let mut b = vec![0xFE, 0xFF];
            for u in text.encode_utf16() {
                b.extend_from_slice(&u.to_be_bytes());
            }
            b
        }
        3 => text
            .chars()
            .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
            .collect(),
        _ => text.as_bytes().to_vec(),
    }
}

fn md_table(rng: &mut Rng, out: &mut String) {
    let h = header(rng);
    let cell = |v: &str| v.replace('|', "\\|").replace(['\n', '\r'], "<br>");
    let _ = writeln!(
        out,
        "| {} |",
        h.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
    );
    let _ = writeln!(out, "|{}", "---|".repeat(h.len().max(1)));
    for r in rows(rng, h.len()) {
        let _ = writeln!(
            out,
            "| {} |",
            r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        );
        if rng.chance(5) {
            let _ = writeln!(out, "\n## {}\n", value(rng).replace('\n', " "));
        }
    }
    out.push('\n');
}

/// A Markdown policy or SoA: front matter, headings, tables, links, suppressions, code.
pub fn markdown(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.chance(70) {
        out.push_str("---\n");
        out.push_str(&yaml(rng));
        if rng.chance(92) {
            out.push_str(if rng.chance(80) { "---\n" } else { "...\n" });
        }
    }
    for _ in 0..rng.size(10, 400) {
        match rng.below(10) {
            0 => {
                let _ = writeln!(out, "# {}\n", value(rng).replace('\n', " "));
            }
            1 => md_table(rng, &mut out),
            2 => {
                let target = rng.pick(&[
                    "p.md",
                    "../p.md",
                    "../../../../etc/passwd",
                    "policies/p.md#purpose",
                    "#purpose",
                    "missing.md",
                    "evidence/e.pdf",
                    "out/secret.txt",
                    "a%20b.md",
                    "p.md#",
                    "http://example.com",
                    "mailto:x@y",
                    "",
                ]);
                let _ = writeln!(out, "See [{}]({target}).\n", value(rng).replace('\n', " "));
            }
            3 => {
                let code = rng.pick(&[
                    "DOC001",
                    "DOC002",
                    "SOA005",
                    "doc",
                    "",
                    "XYZ999",
                    "template-placeholder",
                ]);
                let reason = if rng.chance(70) { " -- a reason" } else { "" };
                let form = rng.pick(&[
                    "ismslint-disable-next-line",
                    "ismslint-disable",
                    "ismslint-enable",
                    "ismslint-disable-line",
                ]);
                let _ = writeln!(out, "<!-- {form} {code}{reason} -->");
            }
            4 => {
                let _ = writeln!(out, "```\n{}\n```\n", value(rng));
            }
            5 => {
                let _ = writeln!(out, "- [ ] {}\n- [x] {}\n", value(rng), value(rng));
            }
            6 => {
                let _ = writeln!(out, "{{{{< {} >}}}}\n", value(rng).replace('\n', " "));
            }
            7 => {
                let _ = writeln!(out, "> **{}:** {}\n", rng.pick(KEYS), value(rng));
            }
            _ => {
                let _ = writeln!(out, "{}\n", value(rng));
            }
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            // Characters XML 1.0 forbids are written anyway now and then: readers must cope.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                let _ = write!(o, "&#{};", c as u32);
            }
            c => o.push(c),
        }
    }
    o
}

/// `A1` notation for zero-based row and column.
fn a1(row: u64, col: u64) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// A cell position: where the table puts it, or in a sparse sheet sometimes anywhere up to the
/// format's limits.
fn position(rng: &mut Rng, sparse: bool, row: u64, col: u64) -> (u64, u64) {
    if !sparse {
        return (row, col);
    }
    match rng.below(20) {
        0 => (1_048_575, 16_383),
        1 => (rng.next() % 1_048_576, rng.next() % 16_384),
        2 => (row + rng.next() % 100_000, col),
        _ => (row, col),
    }
}

fn zip_bytes(entries: &[(&str, Vec<u8>)], rng: &mut Rng) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        for (name, data) in entries {
            let method = if rng.chance(50) {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            };
            let opts = zip::write::SimpleFileOptions::default().compression_method(method);
            if zip.start_file(*name, opts).is_err() || zip.write_all(data).is_err() {
                break;
            }
        }
        let _ = zip.finish();
    }
    buf.into_inner()
}

/// An XLSX workbook as raw parts, so the hostile shapes (far-apart cells, merged ranges beyond
/// the sheet, shared-string indexes out of range, lying dimensions) can be written.
pub fn xlsx(rng: &mut Rng) -> Vec<u8> {
    let sheets = rng.size(2, 12).max(1);
    let mut strings: Vec<String> = Vec::new();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut wb_sheets = String::new();
    let mut wb_rels = String::new();
    let mut overrides = String::new();
    for s in 1..=sheets {
        let name = xml_escape(
            &value(rng)
                .replace(['\n', '\r'], " ")
                .chars()
                .take(31)
                .collect::<String>(),
        );
        let name = if name.is_empty() {
            format!("Sheet{s}")
        } else {
            name
        };
        let _ = write!(
            wb_sheets,
            r#"<sheet name="{name}" sheetId="{s}" r:id="rId{s}"/>"#
        );
        let _ = write!(
            wb_rels,
            r#"<Relationship Id="rId{s}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{s}.xml"/>"#
        );
        let _ = write!(
            overrides,
            r#"<Override PartName="/xl/worksheets/sheet{s}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        );
        let mut data = String::new();
        let h = header(rng);
        let body = rows(rng, h.len());
        let mut all = vec![h];
        all.extend(body);
        let mut merges = Vec::new();
        let sparse = rng.chance(15);
        for (r, cells) in all.iter().enumerate() {
            let mut row_xml = String::new();
            let mut row_no = r as u64;
            for (c, v) in cells.iter().enumerate() {
                let (rr, cc) = position(rng, sparse, r as u64, c as u64);
                row_no = rr;
                let at = a1(rr, cc);
                if rng.chance(3) {
                    merges.push(format!(
                        "{at}:{}",
                        a1(rr + rng.next() % 2000, cc + rng.next() % 50)
                    ));
                }
                match rng.below(10) {
                    0 => {
                        let _ = write!(row_xml, r#"<c r="{at}"><f>SUM(A1:A9)</f></c>"#);
                    }
                    1 => {
                        let _ = write!(
                            row_xml,
                            r#"<c r="{at}"><v>{}</v></c>"#,
                            rng.next() % 100_000
                        );
                    }
                    2 => {
                        let idx = if rng.chance(90) {
                            strings.len()
                        } else {
                            rng.below(1 << 20) + strings.len()
                        };
                        strings.push(v.clone());
                        let _ = write!(row_xml, r#"<c r="{at}" t="s"><v>{idx}</v></c>"#);
                    }
                    3 => {
                        let _ = write!(row_xml, r#"<c r="{at}" t="b"><v>{}</v></c>"#, rng.below(3));
                    }
                    4 => {
                        let _ = write!(row_xml, r#"<c r="{at}" t="e"><v>#REF!</v></c>"#);
                    }
                    5 => {
                        // No reference: the reader counts.
                        let _ = write!(
                            row_xml,
                            r#"<c t="inlineStr"><is><t>{}</t></is></c>"#,
                            xml_escape(v)
                        );
                    }
                    _ => {
                        let _ = write!(
                            row_xml,
                            r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#,
                            xml_escape(v)
                        );
                    }
                }
            }
            let _ = write!(data, r#"<row r="{}">{row_xml}</row>"#, row_no + 1);
        }
        let dim = if rng.chance(20) {
            "<dimension ref=\"A1:XFD1048576\"/>".to_string()
        } else {
            String::new()
        };
        let merge_xml = if merges.is_empty() {
            String::new()
        } else {
            format!(
                "<mergeCells count=\"{}\">{}</mergeCells>",
                merges.len(),
                merges
                    .iter()
                    .map(|m| format!("<mergeCell ref=\"{m}\"/>"))
                    .collect::<String>()
            )
        };
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{data}</sheetData>{merge_xml}</worksheet>"#
        );
        parts.push((format!("xl/worksheets/sheet{s}.xml"), sheet.into_bytes()));
    }
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{1}</sst>"#,
        strings.len(),
        strings
            .iter()
            .map(|s| format!("<si><t>{}</t></si>", xml_escape(s)))
            .collect::<String>()
    );
    let ct = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>{overrides}</Types>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let wb = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{wb_sheets}</sheets></workbook>"#
    );
    let wbrels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{wb_rels}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
    );
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", ct.into_bytes()),
        ("_rels/.rels", rels.as_bytes().to_vec()),
        ("xl/workbook.xml", wb.into_bytes()),
        ("xl/_rels/workbook.xml.rels", wbrels.into_bytes()),
        ("xl/sharedStrings.xml", sst.into_bytes()),
    ];
    for (n, d) in &parts {
        entries.push((n.as_str(), d.clone()));
    }
    if rng.chance(10) {
        // A part missing.
        let i = rng.below(entries.len());
        entries.remove(i);
    }
    zip_bytes(&entries, rng)
}

/// An ODS workbook: repeated rows and columns (real files repeat empty cells to column 16384),
/// covered (merged) cells, typed values.
pub fn ods(rng: &mut Rng) -> Vec<u8> {
    let mut tables = String::new();
    for t in 0..rng.size(2, 6).max(1) {
        let h = header(rng);
        let mut all = vec![h.clone()];
        all.extend(rows(rng, h.len()));
        let mut body = String::new();
        let hostile = rng.chance(20);
        for r in &all {
            let rep_rows = if hostile && rng.chance(5) {
                format!(
                    " table:number-rows-repeated=\"{}\"",
                    *rng.pick(&[2, 1000, 1_048_000, 4_000_000_000u64])
                )
            } else {
                String::new()
            };
            let _ = write!(body, "<table:table-row{rep_rows}>");
            for v in r {
                let rep = if (hostile && rng.chance(8)) || rng.chance(1) {
                    format!(
                        " table:number-columns-repeated=\"{}\"",
                        *rng.pick(&[2, 50, 1024, 16_384, 1_000_000u64])
                    )
                } else {
                    String::new()
                };
                match rng.below(8) {
                    0 => {
                        let _ = write!(body, "<table:covered-table-cell{rep}/>");
                    }
                    1 => {
                        let _ = write!(body, "<table:table-cell{rep}/>");
                    }
                    2 => {
                        let _ = write!(
                            body,
                            r#"<table:table-cell office:value-type="float" office:value="{}"{rep}><text:p>{}</text:p></table:table-cell>"#,
                            rng.next() % 1000,
                            xml_escape(v)
                        );
                    }
                    3 => {
                        let _ = write!(
                            body,
                            r#"<table:table-cell office:value-type="date" office:date-value="{}"{rep}/>"#,
                            xml_escape(v)
                        );
                    }
                    4 => {
                        let _ = write!(
                            body,
                            r#"<table:table-cell table:number-columns-spanned="{}" table:number-rows-spanned="{}" office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                            rng.below(40),
                            rng.below(40),
                            xml_escape(v)
                        );
                    }
                    _ => {
                        let _ = write!(
                            body,
                            r#"<table:table-cell office:value-type="string"{rep}><text:p>{}</text:p></table:table-cell>"#,
                            xml_escape(v)
                        );
                    }
                }
            }
            body.push_str("</table:table-row>");
        }
        let name = xml_escape(&value(rng).replace(['\n', '\r'], " "));
        let _ = write!(
            tables,
            r#"<table:table table:name="{name}{t}">{body}</table:table>"#
        );
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_bytes(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            ),
            ("META-INF/manifest.xml", manifest.as_bytes().to_vec()),
            ("content.xml", content.into_bytes()),
        ],
        rng,
    )
}

/// An `.xls`: a CFB header whose FAT, DIFAT and directory point anywhere, then a few sectors of
/// random words (chains that loop, end early or run off the file).
pub fn xls(rng: &mut Rng) -> Vec<u8> {
    let sectors = rng.size(4, 40);
    let mut b = vec![0u8; 512 * (sectors + 1)];
    b[0..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    b[0x18] = 0x3E;
    b[0x1A] = 3;
    b[0x1C] = 0xFE;
    b[0x1D] = 0xFF;
    b[0x1E] = if rng.chance(90) {
        9
    } else {
        rng.below(32) as u8
    };
    b[0x20] = 6;
    let word = |rng: &mut Rng| -> u32 {
        match rng.below(6) {
            0 => 0xFFFF_FFFE,
            1 => 0xFFFF_FFFF,
            2 => 0xFFFF_FFFD,
            3 => rng.next() as u32,
            _ => rng.below(sectors + 2) as u32,
        }
    };
    let put = |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    let v = rng.below(4) as u32;
    put(&mut b, 0x2C, v); // number of FAT sectors
    let v = word(rng);
    put(&mut b, 0x30, v); // first directory sector
    put(&mut b, 0x38, 4096);
    let v = word(rng);
    put(&mut b, 0x3C, v); // first mini FAT sector
    let v = rng.below(3) as u32;
    put(&mut b, 0x40, v);
    let v = word(rng);
    put(&mut b, 0x44, v); // first DIFAT sector
    let v = rng.below(3) as u32;
    put(&mut b, 0x48, v);
    for i in 0..109 {
        let v = if i < 3 { word(rng) } else { 0xFFFF_FFFF };
        put(&mut b, 0x4C + i * 4, v);
    }
    for s in 0..sectors {
        let base = 512 * (s + 1);
        if rng.chance(30) {
            // A directory entry naming the Workbook stream.
            let name: Vec<u8> = "Workbook"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect();
            b[base..base + name.len()].copy_from_slice(&name);
            b[base + 0x40] = 18;
            b[base + 0x42] = 2;
            let v = word(rng);
            put(&mut b, base + 0x74, v);
            let v = rng.next() as u32 % 100_000;
            put(&mut b, base + 0x78, v);
        } else {
            for w in 0..128 {
                let v = word(rng);
                put(&mut b, base + w * 4, v);
            }
        }
    }
    b
}

/// A config that is usually valid, so the run goes on to read the repository with it.
pub fn config(rng: &mut Rng) -> String {
    let mut c = String::new();
    if rng.chance(50) {
        c.push_str("sources:\n");
        for _ in 0..rng.size(3, 10) {
            let _ = writeln!(
                c,
                "  - path: \"{}\"\n    kind: {}",
                rng.pick(&[
                    "*.csv",
                    "**/*.xlsx",
                    "soa.md",
                    "registers/**",
                    "../x",
                    "[",
                    "*.ods",
                    "*.xls"
                ]),
                rng.pick(&["control", "risk", "owner", "document", "evidence", "asset"])
            );
            if rng.chance(40) {
                let _ = writeln!(
                    c,
                    "    columns: {{ {}: \"{}\" }}",
                    rng.pick(&["id", "applicable", "impact", "owner"]),
                    rng.pick(CONTROL_HEADERS)
                );
            }
            if rng.chance(20) {
                let _ = writeln!(c, "    header_row: {}", rng.below(20));
            }
            if rng.chance(20) {
                let _ = writeln!(
                    c,
                    "    sheet: \"{}\"",
                    rng.pick(&["SoA", "Risks", "Sheet1", ""])
                );
            }
        }
    }
    if rng.chance(40) {
        let _ = writeln!(
            c,
            "risk:\n  likelihood: [1, {}]\n  impact: [1, {}]\n  score: {}\n  acceptance_threshold: {}",
            rng.pick(&[3, 5, 10]),
            rng.pick(&[3, 5, 10]),
            rng.pick(&["product", "sum"]),
            rng.below(30)
        );
    }
    if rng.chance(30) {
        let _ = writeln!(c, "packs: [pack.yaml]");
    }
    if rng.chance(30) {
        let _ = writeln!(
            c,
            "waivers:\n  - rule: {}\n    entity: A.5.1\n    reason: contract\n    expires: 2026-01-01",
            rng.pick(&["SOA005", "control-without-risk", "NOPE"])
        );
    }
    if rng.chance(10) {
        c.push_str(&yaml(rng));
    }
    c
}

/// Byte damage on top of the structure: flips, cuts, interesting bytes.
pub fn damage(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..rng.size(3, 50).max(1) {
        if bytes.is_empty() {
            bytes.push(0);
        }
        let i = rng.below(bytes.len());
        match rng.below(5) {
            0 => bytes[i] ^= 1 << rng.below(8),
            1 => bytes.truncate(i),
            2 => bytes.insert(
                i,
                *rng.pick(&[0u8, 0xFF, 0xFE, b'\r', b'\n', b'"', b'|', b'&', b'*', 0x1B]),
            ),
            3 => {
                let end = (i + rng.below(64)).min(bytes.len());
                let chunk = bytes[i..end].to_vec();
                let at = rng.below(bytes.len());
                bytes.splice(at..at, chunk);
            }
            _ => bytes[i] = rng.next() as u8,
        }
    }
}

/// Generated files are cut at this size (workbooks hold far more once decompressed).
const MAX_FILE: usize = 6 << 20;

/// One repository: a few generated files of random formats, some damaged.
pub fn case(rng: &mut Rng) -> Case {
    let mut files = Vec::new();
    let mut formats = Vec::new();
    let mut has_config = false;
    for n in 0..rng.size(3, 8).max(1) {
        let (path, bytes, format): (String, Vec<u8>, &'static str) = match rng.below(9) {
            0 | 1 => {
                let dir = rng.pick(&["", "risks/", "registers/", "evidence/"]);
                let name = rng.pick(&["soa", "risks", "owners", "evidence", "assets", "register"]);
                let ext = rng.pick(&["yaml", "yml", "json"]);
                (
                    format!("{dir}{name}{n}.{ext}"),
                    yaml(rng).into_bytes(),
                    "yaml",
                )
            }
            2 | 3 => {
                let (ext, b) = csv(rng);
                let name = rng.pick(&["soa", "risk-register", "owners", "table"]);
                (format!("{name}{n}.{ext}"), b, "csv")
            }
            4 | 5 => {
                let dir = rng.pick(&["policies/", "procedures/", "", "templates/"]);
                let name = rng.pick(&["p", "soa", "statement-of-applicability", "README"]);
                let text = markdown(rng);
                (format!("{dir}{name}{n}.md"), encode(rng, &text), "markdown")
            }
            6 => (format!("soa{n}.xlsx"), xlsx(rng), "xlsx"),
            7 => (format!("risks{n}.ods"), ods(rng), "ods"),
            _ => (format!("soa{n}.xls"), xls(rng), "xls"),
        };
        let mut bytes = bytes;
        if rng.chance(15) {
            damage(rng, &mut bytes);
        }
        // Keep a case quick to write and lint: a cut is damage too.
        bytes.truncate(MAX_FILE);
        files.push(GenFile { path, bytes });
        formats.push(format);
    }
    if rng.chance(12) {
        has_config = true;
        files.push(GenFile {
            path: "ismslint.yaml".into(),
            bytes: config(rng).into_bytes(),
        });
        files.push(GenFile {
            path: "pack.yaml".into(),
            bytes: yaml(rng).into_bytes(),
        });
        formats.push("config");
    }
    Case {
        files,
        formats,
        has_config,
    }
}
