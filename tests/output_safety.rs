//! Output safety. In CI the author of a pull request controls every file ismslint reads; none
//! of it may become a CI workflow command, reach the terminal as an escape sequence, break the
//! XML of JUnit, render as Markdown markup, or make an invalid URI. One regression test per case
//! of the security review (F8, F8b, F8c, F9, F10, F11, F18, F20), each generating its input in a
//! temporary folder and running the binary, then seeded property tests of `output::sanitize`.

mod common;

use common::{TODAY, ismslint, repo_root};
use ismslint::output::sanitize;
use std::fs;
use std::path::Path;

const FORMATS: [&str; 9] = [
    "human", "concise", "json", "sarif", "github", "junit", "gitlab", "markdown", "html",
];

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs in `dir`, so reported paths are relative to it.
fn run(dir: &Path, args: &[&str]) -> Run {
    let out = ismslint()
        .current_dir(dir)
        .arg(".")
        .arg("--isolated")
        .args(args)
        .output()
        .expect("run");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// A `--format github` line ismslint writes: `::error …,title=CODE name::message`.
fn is_own_annotation(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("::error ")
        .or_else(|| line.strip_prefix("::warning "))
    else {
        return false;
    };
    rest.split_once("::")
        .is_some_and(|(props, _)| props.split(',').any(|p| p.starts_with("title=")))
}

/// No line (as runners split them, at `\n` and `\r`) that GitHub or Azure Pipelines would read
/// as a command: `::` after leading white space, or `##[` / `##vso[` anywhere. In `--format
/// github` output every line must instead be one of ismslint's own annotations.
fn assert_no_ci_commands(what: &str, text: &str, github_stdout: bool) {
    for line in text.split(['\n', '\r']) {
        if github_stdout {
            assert!(
                line.is_empty() || is_own_annotation(line),
                "{what}: data starts a line: {line:?}"
            );
            continue;
        }
        assert!(
            !line.trim_start().starts_with("::"),
            "{what}: a workflow command: {line:?}\n{text}"
        );
        assert!(
            !line.contains("##[") && !line.to_ascii_lowercase().contains("##vso["),
            "{what}: a logging command: {line:?}\n{text}"
        );
    }
}

fn soa_csv(applicable: &str) -> String {
    format!(
        "Control,Applicable,Justification\nA.5.1,\"{}\",x\n",
        applicable.replace('"', "\"\"")
    )
}

const PAYLOAD: &str = "Maybe\n::error file=README.md::INJECTED\n::stop-commands::tok\r::warning::CR \
     \u{a0}::notice::NBSP ##[error]legacy ##vso[task.complete result=Failed]azure ##VSO[x]";

#[test]
fn f8_cell_text_never_starts_a_line_or_a_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("soa.csv"), soa_csv(PAYLOAD)).expect("write");
    for format in FORMATS {
        let r = run(dir.path(), &["--format", format, "--select", "IN002", "-v"]);
        assert_eq!(r.code, Some(1), "{format}: {}", r.stderr);
        assert!(r.stdout.contains("IN002"), "{format}: {}", r.stdout);
        assert_no_ci_commands(format, &r.stdout, format == "github");
        assert_no_ci_commands(format, &r.stderr, false);
    }
    // The value is still shown, escaped, on one line.
    let r = run(dir.path(), &["--format", "concise", "--select", "IN002"]);
    assert!(
        r.stdout
            .contains("`Maybe\\n::error file=README.md::INJECTED\\n::stop-commands::tok\\r"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
}

#[test]
fn f8b_baseline_entries_are_escaped_on_stderr() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(
        repo_root().join("fixtures/repos/demo/soa.md"),
        dir.path().join("soa.md"),
    )
    .expect("copy");
    let baseline = serde_json::json!({
        "version": 1,
        "entries": [
            { "code": "SOA005", "path": "x\n::error::FROM-BASELINE", "count": 1 },
            { "code": "SOA005", "path": "y", "entity": "e\r##vso[task.setvariable variable=v]1\n  ::warning::E", "count": 1 },
        ],
    });
    let bl = dir.path().join("bl.json");
    fs::write(&bl, baseline.to_string()).expect("write");
    let bl = bl.to_string_lossy().into_owned();
    for format in FORMATS {
        let r = run(dir.path(), &["--format", format, "--baseline", &bl]);
        assert!(
            r.stderr.contains("no longer occurs"),
            "{format}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("x\\n::error::FROM-BASELINE"),
            "{}",
            r.stderr
        );
        assert_no_ci_commands(format, &r.stderr, false);
        assert_no_ci_commands(format, &r.stdout, format == "github");
    }
}

#[test]
fn f8c_file_names_never_start_a_line_or_a_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // A control of its own in each file: rows of one control that agree are one record.
    let soa = |c: &str| format!("Control,Applicable,Justification\nA.5.{c},No,\n");
    fs::write(root.join("soa\n::error::FROM-FILENAME.csv"), soa("1")).expect("write");
    fs::create_dir(root.join("::error::DIR")).expect("mkdir");
    fs::write(root.join("::error::DIR/soa.csv"), soa("2")).expect("write");
    fs::write(root.join("\u{a0}::warning::nbsp.csv"), soa("3")).expect("write");
    fs::write(
        root.join("##vso[task.complete result=Failed]x.csv"),
        soa("4"),
    )
    .expect("write");
    for format in FORMATS {
        let r = run(root, &["--format", format, "-v", "--select", "SOA005"]);
        assert_eq!(r.code, Some(1), "{format}: {}", r.stderr);
        assert_no_ci_commands(format, &r.stdout, format == "github");
        assert_no_ci_commands(format, &r.stderr, false);
        assert!(
            r.stderr.contains("note: soa\\n::error::FROM-FILENAME.csv"),
            "{}",
            r.stderr
        );
    }
    // A path that would start a line with `::` is shown as `./…`.
    let r = run(root, &["--format", "concise", "--select", "SOA005"]);
    assert!(
        r.stdout.contains("./::error::DIR/soa.csv:2:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("./\u{a0}::warning::nbsp.csv:2:"),
        "{}",
        r.stdout
    );
}

#[test]
fn f9_escape_sequences_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let value = "x\u{1b}]0;TITLE\u{7}\u{1b}[2J\u{9b}31m\u{202e}evil";
    fs::write(dir.path().join("soa.csv"), soa_csv(value)).expect("write");
    let unsafe_char =
        |c: char| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c);
    for format in FORMATS {
        let r = run(
            dir.path(),
            &["--format", format, "--select", "IN002", "--color", "never"],
        );
        assert_eq!(r.code, Some(1), "{format}: {}", r.stderr);
        for (what, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
            let bad: Vec<char> = text.chars().filter(|&c| unsafe_char(c)).collect();
            assert!(bad.is_empty(), "{format} {what}: {bad:?}\n{text}");
        }
    }
    // Human output shows the escapes in the message and in the snippet, and the carets still
    // sit under the cell.
    let r = run(dir.path(), &["--select", "IN002", "--color", "never"]);
    let shown = "x\\u{1b}]0;TITLE\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}evil";
    assert!(r.stdout.contains(&format!("`{shown}`")), "{}", r.stdout);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let source = lines
        .iter()
        .position(|l| l.contains(&format!("\"{shown}\"")))
        .expect("the source line in the snippet");
    let start = lines[source].find(shown).expect("cell");
    let carets = lines[source + 1];
    let first = carets.find('^').expect("carets");
    let width = |s: &str| s.chars().count();
    assert_eq!(
        width(&carets[..first]),
        width(&lines[source][..start]),
        "{}",
        r.stdout
    );
    assert_eq!(carets.matches('^').count(), width(shown), "{}", r.stdout);
    // ismslint's own colours still work.
    let r = run(dir.path(), &["--select", "IN002", "--color", "always"]);
    assert!(
        r.stdout.contains("\u{1b}[") && !r.stdout.contains("\u{1b}]0;"),
        "{}",
        r.stdout
    );
}

/// XML 1.0 `Char`.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Well-formed XML: parsed by quick-xml (matching end tags, valid attributes and entity
/// references, one root), and every character an XML `Char`.
fn assert_well_formed(xml: &str) {
    use quick_xml::events::Event;
    if let Some(c) = xml.chars().find(|&c| !is_xml_char(c)) {
        panic!("not an XML character: {c:?}\n{xml}");
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0usize;
    let mut roots = 0;
    loop {
        match reader.read_event() {
            Err(e) => panic!(
                "not well-formed at {}: {e}\n{xml}",
                reader.buffer_position()
            ),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                roots += usize::from(depth == 0);
                depth += 1;
                for a in e.attributes() {
                    a.expect("attribute")
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("attribute value");
                }
            }
            Ok(Event::Empty(e)) => {
                roots += usize::from(depth == 0);
                for a in e.attributes() {
                    a.expect("attribute")
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("attribute value");
                }
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::GeneralRef(r)) => {
                let name = r.xml10_content().into_owned();
                quick_xml::escape::unescape(&format!("&{name};"))
                    .unwrap_or_else(|e| panic!("entity &{name};: {e}"));
            }
            Ok(Event::Text(t)) => assert!(
                depth > 0 || t.trim_ascii().is_empty(),
                "text outside the root"
            ),
            Ok(_) => {}
        }
    }
    assert_eq!((depth, roots), (0, 1), "{xml}");
}

#[test]
fn f10_junit_is_well_formed_for_any_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let value = "x\u{ffff}\u{fffe}\u{1}\u{b}\u{c}\u{1b}[31m<&>\"' ]]> &amp; \u{85}";
    fs::write(dir.path().join("soa\u{1}\u{ffff}<&\".csv"), soa_csv(value)).expect("write");
    let report = dir.path().join("report.xml");
    let r = run(
        dir.path(),
        &[
            "--format",
            "junit",
            "--select",
            "IN002",
            "-o",
            &format!("junit:{}", report.display()),
        ],
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stdout.contains("x\\u{ffff}\\u{fffe}\\u{1}"),
        "{}",
        r.stdout
    );
    assert_well_formed(&r.stdout);
    assert_well_formed(&fs::read_to_string(&report).expect("report"));
    assert_no_ci_commands("junit", &r.stdout, false);
    // The reference check itself rejects what the old renderer wrote.
    let bad = std::panic::catch_unwind(|| assert_well_formed("<a>x\u{ffff}</a>"));
    assert!(bad.is_err());
}

/// Markdown as GitHub renders it, parsed with pulldown-cmark (tables, strikethrough, math):
/// no link, image, HTML or math from data, and every table row with as many cells as its
/// header.
fn assert_inert_markdown(md: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    let mut cells = 0;
    let mut header_cells = None;
    for (event, range) in Parser::new_ext(md, opts).into_offset_iter() {
        match event {
            // What pulldown-cmark does not implement: GitHub's extended autolinks, recognised
            // in the source text outside code spans.
            Event::Text(_) => assert!(!bare_autolink(&md[range]), "an autolink\n{md}"),
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::HtmlBlock)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Start(Tag::Strikethrough | Tag::Emphasis | Tag::Strong) => {
                panic!("markup from data: {event:?}\n{md}")
            }
            Event::Start(Tag::Table(_)) => header_cells = None,
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead) => header_cells = Some(cells),
            Event::End(TagEnd::TableRow) => assert_eq!(Some(cells), header_cells, "{md}"),
            _ => {}
        }
    }
}

/// `scheme://` or `www.` as GitHub's extended autolinks find them in source text.
fn bare_autolink(raw: &str) -> bool {
    raw.to_ascii_lowercase().contains("www.")
        || raw
            .match_indices("://")
            .any(|(i, _)| raw[..i].ends_with(|c: char| c.is_ascii_alphabetic()))
}

const MARKDOWN_PAYLOAD: &str = "a` ![t](https://evil.example/t.png) [fix](https://evil.example/) \
     <img src=x onerror=alert(1)> www.evil.example | cell *em* ~~del~~ $x$ &lt;b&gt; `b ```c``` \\| d";

#[test]
fn f11_markdown_renders_data_as_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("soa.csv"), soa_csv(MARKDOWN_PAYLOAD)).expect("write");
    fs::write(dir.path().join("a|b`![i](https:x)<b>.csv"), soa_csv("No")).expect("write");
    let r = run(
        dir.path(),
        &["--format", "markdown", "--select", "IN002,SOA006"],
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.contains("IN002"), "{}", r.stdout);
    // The file name is a code span, its `|` escaped.
    assert!(
        r.stdout.contains("``a\\|b`![i](https:x)<b>.csv:2:12``"),
        "{}",
        r.stdout
    );
    assert_inert_markdown(&r.stdout);
    // The step summary written by `--format github`.
    let summary = dir.path().join("summary.md");
    let out = ismslint()
        .arg(dir.path())
        .args([
            "--isolated",
            "--format",
            "github",
            "--select",
            "IN002,SOA006",
        ])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let md = fs::read_to_string(&summary).expect("summary");
    assert!(md.contains("IN002"), "{md}");
    assert_inert_markdown(&md);
}

#[test]
fn f18_write_errors_exit_2_with_a_message() {
    let clean = repo_root().join("fixtures/repos/clean");
    let full = || {
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full")
    };
    for format in ["json", "human"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ismslint"))
            .arg(&clean)
            .args(["--isolated", "--format", format])
            .env("ISMSLINT_TODAY", TODAY)
            .env_remove("GITHUB_STEP_SUMMARY")
            .stdout(full())
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("cannot write to standard output"), "{err}");
    }
    let r = run(&clean, &["--format", "json", "-o", "sarif:/dev/full"]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("cannot write /dev/full"), "{}", r.stderr);
    let out = ismslint()
        .arg(&clean)
        .args(["--isolated", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", "/dev/full")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write GITHUB_STEP_SUMMARY"));
}

#[test]
fn f18_closed_pipe_is_not_an_error() {
    // Enough findings to fill any pipe buffer, so the write meets the closed pipe.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut csv = String::from("Control,Applicable,Justification\n");
    for i in 1..=3000 {
        csv.push_str(&format!("A.5.{i},Maybe,x\n"));
    }
    fs::write(dir.path().join("soa.csv"), csv).expect("write");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ismslint"))
        .arg(dir.path())
        .args(["--isolated", "--select", "IN002"])
        .env("ISMSLINT_TODAY", TODAY)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    // Quietly: no panic, no message, and the exit code of the findings.
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.is_empty(), "{err}");
}

/// The official SARIF 2.1.0 schema from the serde-sarif sources (as in tests/outputs.rs).
fn sarif_validator() -> jsonschema::Validator {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let schema = fs::read_dir(home.join("registry/src"))
        .expect("cargo registry")
        .flatten()
        .flat_map(|index| fs::read_dir(index.path()).into_iter().flatten().flatten())
        .filter(|k| {
            k.file_name()
                .to_string_lossy()
                .starts_with("serde-sarif-0.8")
        })
        .map(|k| k.path().join("src/schema.json"))
        .find(|p| p.is_file())
        .expect("serde-sarif sources in the cargo registry");
    let mut schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(schema).expect("schema")).expect("json");
    for def in ["run", "toolComponent"] {
        if let Some(lang) = schema
            .pointer_mut(&format!("/definitions/{def}/properties/language"))
            .and_then(|v| v.as_object_mut())
        {
            lang.remove("pattern");
        }
    }
    jsonschema::validator_for(&schema).expect("compile schema")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn f20_sarif_uris_are_percent_encoded() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("policies")).expect("mkdir");
    let names = ["a b#c%41.md", "q?x:y[1]é.md"];
    for name in names {
        fs::write(
            dir.path().join("policies").join(name),
            "---\ntitle: x\n---\n[Company Name]\n",
        )
        .expect("write");
    }
    let r = run(dir.path(), &["--format", "sarif", "--select", "DOC001"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let uris: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|res| {
            res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .expect("uri")
        })
        .collect();
    assert_eq!(
        uris,
        [
            "policies/a%20b%23c%2541.md",
            "policies/q%3Fx%3Ay%5B1%5D%C3%A9.md"
        ]
    );
    for (uri, name) in uris.iter().zip(names) {
        assert_eq!(percent_decode(uri), format!("policies/{name}"));
    }
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let _: serde_sarif::sarif::Sarif = serde_json::from_str(&r.stdout).expect("typed SARIF");
    // JSON and GitLab keep the plain path (JSON-escaped, nothing more).
    let r = run(dir.path(), &["--format", "json", "--select", "DOC001"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(doc["diagnostics"][0]["path"], "policies/a b#c%41.md");
    let r = run(dir.path(), &["--format", "gitlab", "--select", "DOC001"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(doc[0]["location"]["path"], "policies/a b#c%41.md");
}

#[test]
fn json_formats_stay_equal_while_breaking_logging_commands() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("soa.csv"),
        soa_csv("x ##[error]y ##vso[task.complete]z"),
    )
    .expect("write");
    for format in ["json", "sarif", "gitlab"] {
        let r = run(dir.path(), &["--format", format, "--select", "IN002"]);
        assert_no_ci_commands(format, &r.stdout, false);
        assert!(
            !r.stdout.contains("##[error]y") && r.stdout.contains("##\\u005berror]y"),
            "{}",
            r.stdout
        );
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        assert!(
            doc.to_string()
                .contains("x ##[error]y ##vso[task.complete]z"),
            "{format}"
        );
    }
}

// ---- Property tests of the sanitising functions, on seeded pseudo-random strings.

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Strings made of the pieces that matter: line breaks, controls, escapes, backticks, CI
/// markers, Markdown and XML markup, white space and ordinary text.
fn random_string(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "\n",
        "\r",
        "\r\n",
        "\t",
        "\u{0}",
        "\u{7}",
        "\u{b}",
        "\u{1b}",
        "\u{1b}[2J",
        "\u{7f}",
        "\u{85}",
        "\u{9b}",
        "\u{202e}",
        "\u{2066}",
        "\u{2028}",
        "\u{ffff}",
        "\u{fffe}",
        "\u{a0}",
        "\u{3000}",
        " ",
        "  ",
        "`",
        "``",
        "```",
        ":",
        "::",
        "::error::x",
        "##",
        "#",
        "[",
        "]",
        "##[",
        "##vso[",
        "##VsO[",
        "vso",
        "|",
        "\\",
        "\\|",
        "<",
        ">",
        "&",
        "\"",
        "'",
        "!",
        "(",
        ")",
        "*",
        "_",
        "~",
        "$",
        "@",
        "https://",
        "www.",
        "a",
        "Z",
        "é",
        "✓",
        "🏴",
        "soa.csv",
        "%",
        "?",
        "/",
        "-",
    ];
    let n = rng.below(24);
    (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

fn starts_command_or_marker(text: &str) -> Option<&str> {
    text.split(['\n', '\r']).find(|line| {
        line.trim_start().starts_with("::")
            || line.contains("##[")
            || line.to_ascii_lowercase().contains("##vso[")
    })
}

#[test]
fn property_escape_text_gives_one_safe_line() {
    let mut rng = Rng(0x5eed_0001);
    for _ in 0..20_000 {
        let s = random_string(&mut rng);
        let e = sanitize::escape_text(&s);
        assert!(!e.chars().any(sanitize::is_unsafe_char), "{s:?} -> {e:?}");
        assert!(!e.contains(['\n', '\r']), "{s:?} -> {e:?}");
        assert!(
            !e.contains("##[") && !e.to_ascii_lowercase().contains("##vso["),
            "{s:?} -> {e:?}"
        );
        // Safe text is left alone.
        if !s.chars().any(sanitize::is_unsafe_char)
            && !s.contains("##[")
            && !s.to_ascii_lowercase().contains("##vso[")
        {
            assert_eq!(e, s);
        }
        let p = sanitize::line_start_path(&s);
        assert!(!p.trim_start().starts_with("::"), "{s:?} -> {p:?}");
    }
}

#[test]
fn property_no_line_starts_a_command() {
    let mut rng = Rng(0x5eed_0002);
    for _ in 0..20_000 {
        let s = random_string(&mut rng);
        let n = sanitize::neutralise_line_starts(&s);
        assert_eq!(starts_command_or_marker(&n), None, "{s:?} -> {n:?}");
        // Line structure is kept.
        assert_eq!(
            n.matches(['\n', '\r']).count(),
            s.matches(['\n', '\r']).count()
        );
        // And on top of escaped text it changes nothing more than the line start.
        let line = format!("{}\n", sanitize::escape_text(&s));
        assert_eq!(
            starts_command_or_marker(&sanitize::neutralise_line_starts(&line)),
            None
        );
    }
}

#[test]
fn property_markdown_cells_are_inert() {
    let mut rng = Rng(0x5eed_0003);
    for _ in 0..5_000 {
        let a = random_string(&mut rng);
        let b = random_string(&mut rng);
        let md = format!(
            "| a | b |\n|---|---|\n| {} | {} |\n",
            sanitize::md_code_span(&a),
            sanitize::md_message(&b)
        );
        assert_eq!(md.lines().count(), 3, "{a:?} {b:?}\n{md}");
        assert_inert_markdown(&md);
        assert!(!bare_autolink(&sanitize::md_text(&b)), "{b:?}");
    }
}

#[test]
fn property_xml_and_uris() {
    let mut rng = Rng(0x5eed_0004);
    for _ in 0..20_000 {
        let s = random_string(&mut rng);
        let x = sanitize::xml_escape(&sanitize::escape_text(&s)).into_owned();
        assert!(x.chars().all(is_xml_char), "{s:?} -> {x:?}");
        assert_well_formed(&format!("<r a=\"{x}\">{x}</r>"));
        let u = sanitize::percent_encode_path(&s);
        assert!(
            u.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@%".contains(&b)),
            "{s:?} -> {u:?}"
        );
        assert_eq!(percent_decode(&u), s);
    }
}

/// A snippet per finding on a 30,000-column line would make human output grow as findings ×
/// line length (5,000 findings: 750 MB). Long lines are cut around the span instead, to about
/// 120 columns with `…` on the sides (issue 10), and the carets stay under the span.
#[test]
fn long_lines_are_cut_around_the_span_in_human_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("policies")).expect("mkdir");
    let line = vec!["[Company Name]"; 2000].join(" ");
    std::fs::write(
        dir.path().join("policies/p.md"),
        format!("---\ntitle: P\n---\n{line}\n"),
    )
    .expect("write");
    let out = assert_cmd::Command::cargo_bin("ismslint")
        .expect("binary")
        .current_dir(dir.path())
        .args([".", "--select", "DOC001", "--color", "never"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("error[DOC001").count(), 2000);
    assert!(text.len() < 2000 * 700, "{} bytes", text.len());
    let lines: Vec<&str> = text.lines().collect();
    // The second finding: its source line is cut on both sides, its carets under its span.
    let at = lines
        .iter()
        .position(|l| l.starts_with("policies/p.md:4:16: error[DOC001"))
        .expect("second finding");
    let source = lines[at + 1];
    let carets = lines[at + 2];
    assert!(
        source.starts_with(" 4 │ [Company Name] [Company Name]"),
        "{source}"
    );
    assert!(source.ends_with('…'), "{source}");
    assert!(source.chars().count() <= 130, "{source}");
    assert_eq!(carets, "   │                ^^^^^^^^^^^^^^ placeholder");
    let far = lines
        .iter()
        .position(|l| l.starts_with("policies/p.md:4:15001: error[DOC001"))
        .expect("a finding far along the line");
    let source = lines[far + 1];
    assert!(
        source.starts_with(" 4 │ …") && source.ends_with('…'),
        "{source}"
    );
    let col = |s: &str, pat: char| s.find(pat).map(|i| s[..i].chars().count());
    let caret = col(lines[far + 2], '^').expect("caret");
    assert_eq!(
        source.chars().skip(caret).take(14).collect::<String>(),
        "[Company Name]",
        "{source}"
    );
}
