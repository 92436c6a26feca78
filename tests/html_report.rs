//! The HTML report (issue 15): structure, numbers against the JSON report, no network request,
//! hostile repository text escaped, deterministic bytes.

mod common;

use common::{TODAY, ismslint, repo_root};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// `ismslint report DIR -o OUT` with these threads; the page's bytes.
fn report(dir: &Path, threads: &str, extra: &[&str]) -> String {
    let out = tempfile::tempdir().expect("tempdir");
    let file = out.path().join("r.html");
    let run = ismslint()
        .env("RAYON_NUM_THREADS", threads)
        .arg("report")
        .arg(dir)
        .arg("-o")
        .arg(&file)
        .args(extra)
        .output()
        .expect("run");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stdout.is_empty(), "report prints nothing on stdout");
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("wrote "),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    fs::read_to_string(&file).expect("report written")
}

fn json_count(dir: &Path, extra: &[&str]) -> usize {
    let out = ismslint()
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["diagnostics"].as_array().expect("array").len()
}

const VOID: [&str; 6] = ["meta", "input", "br", "hr", "img", "link"];

/// Parsed enough to check the page: every element closed in order, the ids, the in-page links.
struct Page {
    ids: BTreeMap<String, usize>,
    hrefs: Vec<String>,
    /// Start tags by name.
    tags: BTreeMap<String, usize>,
    /// Every start tag with its attributes as written.
    starts: Vec<String>,
}

fn parse(html: &str) -> Page {
    assert!(html.starts_with("<!DOCTYPE html>"), "doctype");
    let mut page = Page {
        ids: BTreeMap::new(),
        hrefs: Vec::new(),
        tags: BTreeMap::new(),
        starts: Vec::new(),
    };
    let mut stack: Vec<String> = Vec::new();
    let mut i = html.find('>').expect("doctype end") + 1;
    let b = html.as_bytes();
    while let Some(off) = html[i..].find('<') {
        let at = i + off;
        let end = at + html[at..].find('>').expect("tag end");
        let tag = &html[at + 1..end];
        // An attribute value never holds a raw `<` or `>` (they are escaped).
        assert!(!tag.contains('<'), "raw < in a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().unwrap_or_default();
            assert_eq!(open, name, "</{name}> closes <{open}> at byte {at}");
            i = end + 1;
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        assert!(!name.is_empty(), "bad tag at {at}: {tag}");
        // Attribute values are double-quoted and never hold a raw quote.
        assert_eq!(tag.matches('"').count() % 2, 0, "quotes in {tag}");
        *page.tags.entry(name.clone()).or_default() += 1;
        // Each attribute once (values are text: only the names are compared).
        let names: Vec<&str> = tag
            .split('"')
            .step_by(2)
            .flat_map(|part| part.split_whitespace().skip_while(|w| *w == name))
            .map(|w| w.trim_end_matches('='))
            .filter(|w| !w.is_empty())
            .collect();
        let unique: BTreeSet<&&str> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "an attribute twice in <{tag}>");
        page.starts.push(tag.to_string());
        for (attr, store) in [(" id=\"", 0), (" href=\"", 1)] {
            if let Some(p) = tag.find(attr) {
                let v = &tag[p + attr.len()..];
                let v = &v[..v.find('"').expect("closing quote")];
                if store == 0 {
                    *page.ids.entry(v.to_string()).or_default() += 1;
                } else {
                    page.hrefs.push(v.to_string());
                }
            }
        }
        i = end + 1;
        if name == "script" || name == "style" {
            let close = format!("</{name}>");
            i = i + html[i..].find(&close).expect("raw text end") + close.len();
            continue;
        }
        if !VOID.contains(&name.as_str()) && b[end - 1] != b'/' {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    page
}

fn structural(html: &str) -> Page {
    let page = parse(html);
    for (id, n) in &page.ids {
        assert_eq!(*n, 1, "id {id} used {n} times");
    }
    for h in &page.hrefs {
        let target = h
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("link out: {h}"));
        assert!(page.ids.contains_key(target), "link to no id: {h}");
    }
    no_network(html, &page);
    page
}

/// Nothing the browser would fetch: no external scripts, styles, images, fonts or frames.
fn no_network(html: &str, page: &Page) {
    for bad in [
        "url(",
        "@import",
        "<link",
        "<script src",
        "<img",
        "<iframe",
        "<object",
        "<embed",
    ] {
        assert!(!html.contains(bad), "{bad}");
    }
    for tag in &page.starts {
        // Attribute names only: values are text.
        let tag: String = tag.split('"').step_by(2).collect::<Vec<_>>().join("\"\"");
        for attr in [
            " src=",
            " srcset=",
            " action=",
            " xlink:href=",
            " poster=",
            " data=",
        ] {
            assert!(!tag.contains(attr), "{attr} in <{tag}>");
        }
    }
    assert_eq!(page.tags.get("script"), Some(&1), "one script, ours");
    assert_eq!(page.tags.get("style"), Some(&1), "one style, ours");
    assert!(html.contains("default-src 'none'"), "CSP");
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

#[test]
fn demo_report_structure_and_numbers() {
    let demo = repo_root().join("fixtures/repos/demo");
    let html = report(&demo, "2", &[]);
    let page = structural(&html);
    // Six sections, 93 controls in the grid and 93 control details.
    for id in ["overview", "soa", "risks", "trace", "findings", "rules"] {
        assert!(page.ids.contains_key(id), "{id}");
    }
    assert_eq!(count(&html, "data-control=\""), 93);
    assert_eq!(count(&html, "class=\"control d-"), 93);
    // Findings: one article per finding of the JSON report.
    assert_eq!(
        count(&html, "<article class=\"finding\""),
        json_count(&demo, &[])
    );
    // The grid agrees with the summary (89/93 controls have a row, 84 applicable and 5 excluded
    // counting a 2013-edition row, A.9.2.3, that the grid does not count as a 2022 decision).
    let cells = |class: &str| count(&html, &format!("class=\"cell {class}"));
    let applicable: usize = [
        "implemented",
        "partial",
        "planned",
        "not-implemented",
        "not-applicable",
        "unknown",
    ]
    .iter()
    .map(|s| cells(&format!("st-{s}")))
    .sum();
    assert_eq!(applicable, 83);
    assert_eq!(cells("d-excluded") + cells("d-undecided"), 6);
    assert_eq!(cells("d-missing"), 93 - 89);
    assert!(html.contains("2013 row A.9.2.3 maps to it"));
    assert!(html.contains("--today") || html.contains(TODAY), "the date");
    // Heat maps: every risk of the register (14) is counted once per map, or said to be off it
    // (R-005's impact 6 is off the 1–5 scale; one risk has no residual rating).
    let mut per_map: BTreeMap<&str, usize> = BTreeMap::new();
    for which in ["inh", "res"] {
        let needle = format!("data-cell=\"hm-{which}-");
        for (p, _) in html.match_indices(&needle) {
            let rest = &html[p..];
            let c = rest.find("data-count=\"").expect("count") + 12;
            let n: usize = rest[c..c + rest[c..].find('"').expect("quote")]
                .parse()
                .expect("number");
            *per_map.entry(which).or_default() += n;
        }
    }
    assert_eq!(per_map["inh"], 13, "{per_map:?}");
    assert_eq!(per_map["res"], 13, "{per_map:?}");
    assert!(html.contains(
        "Not placed: inherent 0 unrated, 1 off the scale; residual 1 unrated, 0 off the scale."
    ));
    // A cell with risks has a list whose size is its count, and a link target.
    assert!(html.contains("class=\"cell-list\" id=\"hm-inh-"));
    // The threshold is drawn and named.
    assert!(html.contains("class=\"threshold\""));
    assert!(html.contains("acceptance threshold"));
    // Rule documentation for each rule with findings.
    assert!(html.contains("id=\"rule-SOA005\""));
}

#[test]
fn same_bytes_whatever_the_threads() {
    for repo in ["demo", "workbook"] {
        let dir = repo_root().join("fixtures/repos").join(repo);
        let one = report(&dir, "1", &[]);
        let again = report(&dir, "1", &[]);
        let four = report(&dir, "4", &[]);
        assert!(one == again, "{repo}: two runs differ");
        assert!(one == four, "{repo}: 1 and 4 threads differ");
        structural(&one);
    }
}

#[test]
fn format_html_and_output_spec() {
    let demo = repo_root().join("fixtures/repos/demo");
    let out = ismslint()
        .arg(&demo)
        .args(["--format", "html"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(1),
        "errors in the demo fail --format html"
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("x.html");
    let spec = format!("html:{}", file.display());
    let out = ismslint()
        .arg(&demo)
        .args(["--format", "concise", "-o", &spec])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&file).expect("written"), stdout);
    assert_eq!(stdout, report(&demo, "2", &[]));
}

/// The method's own words on the axes: a 3×3 word scale with a matrix.
#[test]
fn word_scale_axes() {
    let dir = repo_root().join("fixtures/repos/real-shapes/word-scale-5x5-workbook");
    let html = report(&dir, "2", &[]);
    structural(&html);
    for word in ["Rare", "Almost certain", "Negligible", "Severe"] {
        assert!(html.contains(&format!(">{word}</text>")), "{word}");
    }
    assert!(html.contains("acceptance threshold: score above Medium"));
}

const HOSTILE: &str = "<script>alert(1)</script>\"onload=alert(2) x='y' </style><img src=x onerror=alert(3)>\u{1}\u{1b}[31m\u{202e}";

#[test]
fn hostile_text_is_shown_never_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let csv_field = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    fs::write(
        root.join("soa.csv"),
        format!(
            "Control,Applicable,Justification,Owner,Status\nA.5.1,Yes,{},{},Implemented\nA.5.2,Maybe {},x,\n",
            csv_field(HOSTILE),
            csv_field(HOSTILE),
            csv_field(HOSTILE)
        ),
    )
    .expect("write");
    let name = "risks <script>alert(4)<\u{2f}script> \"onload=x </style>\u{7}.csv";
    let name = name.replace('/', "-");
    fs::write(
        root.join(&name),
        format!(
            "Risk ID,Risk,Risk Owner,Likelihood,Impact,Treatment,Controls\nR-1,{},{},4,5,Mitigate,A.5.1\n{},t,o,9,1,Mitigate,A.5.2\n",
            csv_field(HOSTILE),
            csv_field(HOSTILE),
            csv_field(&format!("R-2{HOSTILE}"))
        ),
    )
    .expect("write");
    let html = report(root, "2", &["--isolated"]);
    let page = structural(&html);
    // The data was read and shown (escaped), in the SoA detail, the risk table and findings.
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=alert(2)"),
        "escaped text shown"
    );
    assert!(html.contains("&lt;/style&gt;&lt;img src=x onerror=alert(3)&gt;"));
    assert!(
        html.contains("risks &lt;script&gt;alert(4)"),
        "file name shown"
    );
    assert!(
        html.contains("\\u{1}\\u{1b}[31m\\u{202e}"),
        "controls visible"
    );
    // Never as markup.
    for bad in ["<script>alert", "\"onload=", "<img", "onerror=alert(3)>"] {
        assert!(!html.contains(bad), "{bad} raw in the page");
    }
    assert_eq!(count(&html, "</style>"), 1);
    assert_eq!(count(&html, "</script>"), 1);
    let controls: BTreeSet<char> = html
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
        .collect();
    assert!(controls.is_empty(), "raw control characters: {controls:?}");
    // Hostile IDs still give unique, safe anchors.
    assert!(page.ids.keys().all(|id| {
        id.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    }));
}

#[test]
fn empty_repository_still_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = report(dir.path(), "2", &["--isolated"]);
    structural(&html);
    assert!(html.contains("No risk register was found"));
    assert_eq!(count(&html, "class=\"cell d-missing"), 93);
}
