//! Inline suppressions and config waivers (DESIGN §7).
//!
//! Markdown: `<!-- ismslint-disable-next-line CODE -- reason -->`, and
//! `<!-- ismslint-disable CODE -- reason -->` … `<!-- ismslint-enable CODE -->`.
//! YAML: `# ismslint: ignore[CODE] reason` at the end of a line, or alone on the line above.
//! Codes or names; the reason is mandatory. Waivers (config `waivers:`) cover what cannot hold
//! comments (CSV and spreadsheet rows), keyed by rule and entity and/or path.

use super::Diagnostic;
use crate::config::Waiver;
use crate::rules::ism::{EXPIRED, INVALID, UNUSED};
use crate::rules::{self};
use crate::source::{FileId, Loc, SourceMap};
use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug)]
struct Suppression {
    file: FileId,
    /// 1-based lines covered, inclusive.
    first: usize,
    last: usize,
    codes: Vec<&'static str>,
    loc: Loc,
    used: bool,
}

static MD_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*ismslint-(disable-next-line|disable|enable)\b(.*?)-->")
        .expect("valid regex")
});
static YAML_IGNORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#\s*ismslint:\s*ignore(\[[^\]]*\])?(.*)$").expect("valid regex"));

/// Codes (or names) → rule codes; unknown ones are returned apart.
fn resolve(list: &str) -> (Vec<&'static str>, Vec<String>) {
    let mut codes = Vec::new();
    let mut unknown = Vec::new();
    for item in list
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match rules::find(item) {
            Some(m) => codes.push(m.code),
            None => unknown.push(item.to_string()),
        }
    }
    (codes, unknown)
}

fn invalid(loc: Loc, message: String) -> Diagnostic {
    Diagnostic::at(&INVALID, &loc, message)
        .label("invalid suppression")
        .help("write `<!-- ismslint-disable-next-line CODE -- reason -->` in Markdown, or `# ismslint: ignore[CODE] reason` in YAML")
}

/// Read the suppressions of every text file; malformed ones become ISM002.
fn collect(files: &SourceMap, out: &mut Vec<Diagnostic>) -> Vec<Suppression> {
    let mut found = Vec::new();
    for (id, file) in files.iter() {
        let lower = file.path.to_lowercase();
        let is_md = lower.ends_with(".md") || lower.ends_with(".markdown");
        let is_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
        if !(is_md || is_yaml) || !file.text.contains("ismslint") {
            continue;
        }
        // Open `disable` ranges: (codes, start line, loc).
        let mut open: Vec<(Vec<&'static str>, usize, Loc)> = Vec::new();
        let mut offset = 0;
        for (n, line) in file.text.split_inclusive('\n').enumerate() {
            let line_no = n + 1;
            let line_start = offset;
            offset += line.len();
            if is_md {
                for c in MD_NEXT.captures_iter(line) {
                    let whole = c.get(0).expect("match");
                    let loc = Loc::new(id, line_start + whole.start(), line_start + whole.end());
                    let kind = &c[1];
                    let body = c[2].trim();
                    let (codes_part, reason) = match body.split_once("--") {
                        Some((codes, reason)) => (codes.trim(), reason.trim()),
                        None => (body, ""),
                    };
                    let (codes, unknown) = resolve(codes_part);
                    if kind == "enable" {
                        // Close the ranges it names (all of them when it names none).
                        let (closing, still_open): (Vec<_>, Vec<_>) =
                            open.drain(..).partition(|(c, ..)| {
                                codes.is_empty() || codes.iter().any(|x| c.contains(x))
                            });
                        open = still_open;
                        for (codes, start, loc) in closing {
                            found.push(Suppression {
                                file: id,
                                first: start,
                                last: line_no,
                                codes,
                                loc,
                                used: false,
                            });
                        }
                        continue;
                    }
                    if let Some(problem) = problem(&codes, &unknown, reason) {
                        out.push(invalid(loc, problem));
                        continue;
                    }
                    if kind == "disable" {
                        open.push((codes, line_no, loc));
                    } else {
                        found.push(Suppression {
                            file: id,
                            first: line_no + 1,
                            last: line_no + 1,
                            codes,
                            loc,
                            used: false,
                        });
                    }
                }
            } else if let Some(c) = YAML_IGNORE.captures(line.trim_end_matches(['\n', '\r'])) {
                let whole = c.get(0).expect("match");
                let loc = Loc::new(id, line_start + whole.start(), line_start + whole.end());
                let codes_part = c.get(1).map_or("", |m| m.as_str().trim_matches(['[', ']']));
                let reason = c[2].trim();
                let (codes, unknown) = resolve(codes_part);
                if let Some(problem) = problem(&codes, &unknown, reason) {
                    out.push(invalid(loc, problem));
                    continue;
                }
                // Alone on its line: covers the next line; after content: covers its own line.
                let alone = line[..whole.start()].trim().is_empty();
                let target = if alone { line_no + 1 } else { line_no };
                found.push(Suppression {
                    file: id,
                    first: target,
                    last: target,
                    codes,
                    loc,
                    used: false,
                });
            }
        }
        let last_line = file.line_count();
        for (codes, start, loc) in open {
            found.push(Suppression {
                file: id,
                first: start,
                last: last_line,
                codes,
                loc,
                used: false,
            });
        }
    }
    found
}

fn problem(codes: &[&str], unknown: &[String], reason: &str) -> Option<String> {
    if !unknown.is_empty() {
        return Some(format!(
            "unknown rule {} in suppression",
            unknown
                .iter()
                .map(|u| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if codes.is_empty() {
        return Some(
            "suppression names no rule: give the code or name of the finding it hides".into(),
        );
    }
    if reason.is_empty() {
        return Some("suppression has no reason: say why the finding does not apply (it is what an auditor will read)".into());
    }
    None
}

/// Drop suppressed and waived findings; add ISM001–ISM003 findings about the suppressions.
pub fn apply(
    diags: Vec<Diagnostic>,
    files: &SourceMap,
    waivers: &[Waiver],
    today: Date,
    enabled: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut extra = Vec::new();
    let mut sups = collect(files, &mut extra);
    let mut waiver_used = vec![false; waivers.len()];
    let mut kept = Vec::with_capacity(diags.len());
    for d in diags {
        let mut hidden = false;
        if let Some(loc) = &d.loc
            && loc.cell.is_none()
        {
            let line = files.get(loc.file).line_col(loc.start).line;
            for s in sups.iter_mut() {
                if s.file == loc.file
                    && s.first <= line
                    && line <= s.last
                    && s.codes.contains(&d.rule.code)
                {
                    s.used = true;
                    hidden = true;
                }
            }
        }
        let path = d
            .loc
            .as_ref()
            .map(|l| files.get(l.file).path.as_str())
            .unwrap_or("");
        for (i, w) in waivers.iter().enumerate() {
            if w.matches(d.rule.code, d.entity.as_deref(), path) {
                // An expired waiver hides nothing: the finding shows again with ISM003.
                if w.expires.is_some_and(|e| e < today) {
                    waiver_used[i] = true;
                    continue;
                }
                waiver_used[i] = true;
                hidden = true;
            }
        }
        if !hidden {
            kept.push(d);
        }
    }
    // A suppression of rules that did not run (`--select`, `allow`) is not known to be unused.
    for s in sups
        .iter()
        .filter(|s| !s.used && s.codes.iter().any(|c| enabled(c)))
    {
        extra.push(
            Diagnostic::at(
                &UNUSED,
                &s.loc,
                format!(
                    "this suppression of {} hides no finding",
                    s.codes.join(", ")
                ),
            )
            .label("unused suppression")
            .help("remove it: the finding it was written for is gone"),
        );
    }
    for (w, used) in waivers.iter().zip(&waiver_used) {
        if let Some(e) = w.expires.filter(|e| *e < today) {
            extra.push(
                Diagnostic::at(
                    &EXPIRED,
                    &w.loc,
                    format!(
                        "the waiver of {} expired on {e}: the findings it hid are reported again",
                        w.rule
                    ),
                )
                .label("expired waiver")
                .entity(w.entity.clone().unwrap_or_default())
                .help("fix the findings, or renew the waiver with a new `expires` and approval"),
            );
        } else if !used && enabled(w.rule) {
            extra.push(
                Diagnostic::at(
                    &UNUSED,
                    &w.loc,
                    format!("this waiver of {} hides no finding", w.rule),
                )
                .label("unused waiver")
                .entity(w.entity.clone().unwrap_or_default())
                .help("remove it: the finding it was written for is gone"),
            );
        }
    }
    kept.extend(extra);
    kept
}
