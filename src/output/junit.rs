//! JUnit XML: one test suite per rule, one failing test case per rule and file (its findings in
//! the failure text), and one passing case for each rule with no findings.

use super::fingerprint::path_of;
use super::place;
use super::sanitize::{escape_text, line_start_path, xml_escape};
use crate::diagnostic::Diagnostic;
use crate::rules::metas;
use crate::source::SourceMap;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One line of text as XML: characters XML forbids (and every other control) as visible
/// escapes, then markup escaped.
fn xml(s: &str) -> String {
    xml_escape(&escape_text(s)).into_owned()
}

pub fn render(diags: &[Diagnostic], files: &SourceMap) -> String {
    let mut by_rule: BTreeMap<&str, BTreeMap<String, Vec<&Diagnostic>>> = BTreeMap::new();
    for d in diags {
        by_rule
            .entry(d.rule.code)
            .or_default()
            .entry(path_of(d, files))
            .or_default()
            .push(d);
    }
    let total: usize = metas()
        .map(|m| by_rule.get(m.code).map_or(1, BTreeMap::len))
        .sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"ismslint\" tests=\"{total}\" failures=\"{}\">",
        by_rule.values().map(BTreeMap::len).sum::<usize>()
    );
    for m in metas() {
        let cases = by_rule.get(m.code);
        let n = cases.map_or(1, BTreeMap::len);
        let failures = cases.map_or(0, BTreeMap::len);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{} {}\" tests=\"{n}\" failures=\"{failures}\">",
            m.code, m.name
        );
        match cases {
            None => {
                let _ = writeln!(
                    out,
                    "    <testcase classname=\"{}\" name=\"{}\"/>",
                    m.code,
                    xml(m.summary)
                );
            }
            Some(per_file) => {
                for (path, ds) in per_file {
                    let name = if path.is_empty() {
                        "(repository)"
                    } else {
                        path.as_str()
                    };
                    let _ = writeln!(
                        out,
                        "    <testcase classname=\"{}\" name=\"{}\">",
                        m.code,
                        xml(name)
                    );
                    // One line per finding, each starting with its location.
                    let body: Vec<String> = ds
                        .iter()
                        .map(|d| {
                            let at = d.loc.as_ref().map_or_else(
                                || "(repository)".into(),
                                |l| line_start_path(&place(files, l).display()).into_owned(),
                            );
                            format!("{at}: {}", escape_text(&d.message))
                        })
                        .collect();
                    let _ = writeln!(
                        out,
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                        ds[0].severity.as_str(),
                        xml(&format!("{} finding(s) of {} {}", ds.len(), m.code, m.name)),
                        xml_escape(&body.join("\n"))
                    );
                    let _ = writeln!(out, "    </testcase>");
                }
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}
