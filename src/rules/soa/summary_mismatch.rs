//! SOA011: the SoA's own summary contradicts its rows (issue 18 item 4).
//!
//! An SoA written in Markdown often states its counts above or below the table: a summary table
//! (`| **Implemented** | 72 | 77% |`, a theme table's `| Total | 93 | 91 | 2 |` row) or a line
//! (`- **Partially Implemented:** 19 controls`, `93 controls: 91 applicable, 2 not applicable`).
//! Each stated count is compared with the rows of the same file: total, applicable, excluded,
//! implemented, partial, planned, not implemented. A percentage is not a count; a number about
//! something else (risks, assets, a subset such as one theme's row) is not a claim.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::values::{Status, Tri};
use crate::model::{Control, Role};
use crate::pattern::Pattern;
use crate::rules::Context;
use crate::source::{FileId, Loc};
use std::collections::BTreeMap;

pub static META: RuleMeta = RuleMeta {
    code: "SOA011",
    name: "summary-mismatch",
    default: Some(Severity::Warning),
    summary: "a count stated in the SoA's summary differs from its rows",
    options: &[],
};

rule_impl!();

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Count {
    Total,
    Applicable,
    Excluded,
    Implemented,
    Partial,
    Planned,
    NotImplemented,
}

impl Count {
    fn what(self) -> &'static str {
        match self {
            Count::Total => "controls",
            Count::Applicable => "applicable controls",
            Count::Excluded => "excluded (not applicable) controls",
            Count::Implemented => "implemented controls",
            Count::Partial => "partially implemented controls",
            Count::Planned => "planned (in progress) controls",
            Count::NotImplemented => "not implemented controls",
        }
    }

    /// The count a label names: `**Total Controls**`, `Not Applicable`, `Partially
    /// Implemented:`. Anything else (a theme, `Risks`, `Implemented (%)`) is not one.
    fn from_label(label: &str) -> Option<Count> {
        let l: String = label
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '`' | ':'))
            .collect::<String>()
            .to_lowercase();
        let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
        let l = l
            .strip_suffix(" controls")
            .or_else(|| l.strip_suffix(" control"))
            .unwrap_or(&l);
        Some(match l {
            "total" | "controls" | "total controls" | "annex a controls" | "total annex a"
            | "all" => Count::Total,
            "applicable" | "included" | "in scope" => Count::Applicable,
            "not applicable" | "excluded" | "n/a" | "out of scope" => Count::Excluded,
            "implemented" | "fully implemented" => Count::Implemented,
            "partially implemented" | "partial" | "partly implemented" => Count::Partial,
            "planned" | "in progress" => Count::Planned,
            "not implemented" | "not started" => Count::NotImplemented,
            _ => return None,
        })
    }
}

/// A count stated in the file: what it counts, the number, where the number is written.
struct Claim {
    count: Count,
    n: usize,
    start: usize,
    end: usize,
}

/// `- **Implemented:** 62 controls`, `Applicable: 91`: a label, a colon, a whole number that
/// is not a percentage or a fraction.
static LINE: Pattern = Pattern::new(
    r"^\s*(?:[-*+]\s+|\d+\.\s+)?\**([A-Za-z][A-Za-z /]{1,40}?)\**\s*:\s*\**\s*\**(\d{1,4})\**(?:\s|$|\*|,|\.|;)",
);

/// `93 controls: 91 applicable, 2 not applicable`, `91 are applicable and 2 excluded`.
static SENTENCE: Pattern = Pattern::new(
    r"(?i)\b(\d{1,4})\s+(?:controls?\s+)?(?:are\s+|is\s+)?(not applicable|applicable|excluded|partially implemented|not implemented|implemented)\b",
);

/// `93 controls:` opening a breakdown (the total of the sentence form).
static SENTENCE_TOTAL: Pattern = Pattern::new(r"(?i)\b(\d{1,4})\s+(?:annex a\s+)?controls\s*[:(]");

fn cells(line: &str) -> Option<Vec<(usize, usize)>> {
    let t = line.trim_start();
    if !t.starts_with('|') {
        return None;
    }
    let base = line.len() - t.len();
    let mut out = Vec::new();
    let mut start = base + 1;
    for (i, ch) in line[base + 1..].char_indices() {
        if ch == '|' {
            out.push((start, base + 1 + i));
            start = base + 2 + i;
        }
    }
    if start < line.len() && !line[start..].trim().is_empty() {
        out.push((start, line.len()));
    }
    Some(out)
}

fn is_delimiter(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A cell holding only a whole number (`93`, `**93**`): the number and its span.
fn number_cell(line: &str, (a, b): (usize, usize)) -> Option<(usize, usize, usize)> {
    let cell = &line[a..b];
    let t = cell.trim().trim_matches('*').trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit()) || t.len() > 4 {
        return None;
    }
    let off = a + cell.find(t)?;
    Some((t.parse().ok()?, off, off + t.len()))
}

/// Words on the line that say the number counts something else, or a part of the SoA.
fn other_subject(line: &str) -> bool {
    let l = line.to_lowercase();
    [
        "risk",
        "asset",
        "document",
        "policy",
        "policies",
        "finding",
        "nonconform",
        "theme",
        "clause",
        "requirement",
        "target",
        "objective",
    ]
    .iter()
    .any(|w| l.contains(w))
}

fn claims(text: &str) -> Vec<Claim> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut header: Option<Vec<String>> = None;
    let mut prev: Option<&str> = None;
    let mut in_code = false;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            in_code = !in_code;
        }
        if in_code {
            prev = Some(line);
            continue;
        }
        if let Some(cs) = cells(line) {
            if is_delimiter(line) {
                header = prev.and_then(cells).map(|h| {
                    h.iter()
                        .map(|(a, b)| prev.unwrap_or("")[*a..*b].to_string())
                        .collect()
                });
                prev = Some(line);
                continue;
            }
            let label = cs.first().map(|(a, b)| &line[*a..*b]).unwrap_or("");
            let Some(count) = Count::from_label(label) else {
                prev = Some(line);
                continue;
            };
            if count == Count::Total
                && let Some(h) = &header
                && h.len() == cs.len()
            {
                // The totals row of a table whose columns say what each number counts.
                for (i, c) in cs.iter().enumerate().skip(1) {
                    let Some(what) = Count::from_label(&h[i]) else {
                        continue;
                    };
                    if other_subject(&h[i]) {
                        continue;
                    }
                    if let Some((n, s, e)) = number_cell(line, *c) {
                        out.push(Claim {
                            count: what,
                            n,
                            start: at + s,
                            end: at + e,
                        });
                    }
                }
            } else if let Some((n, s, e)) = cs.get(1).and_then(|c| number_cell(line, *c)) {
                // `| **Implemented** | 72 | 77% |`: the first cell after the label. A header
                // that says the column counts something else (`Risks`) is not a claim.
                let about_other = header
                    .as_ref()
                    .and_then(|h| h.get(1))
                    .is_some_and(|h| other_subject(h));
                if !about_other {
                    out.push(Claim {
                        count,
                        n,
                        start: at + s,
                        end: at + e,
                    });
                }
            }
            prev = Some(line);
            continue;
        }
        header = None;
        prev = Some(line);
        if other_subject(line) {
            continue;
        }
        if let Some(m) = LINE.captures(line)
            && let Some(count) = Count::from_label(&m[1])
        {
            let g = m.get(2).expect("group");
            // `Implemented: 62 of 93` is still 62; `62/93` and `62%` are not counts here.
            let rest = &line[g.end()..];
            if !rest.starts_with(['%', '/']) {
                out.push(Claim {
                    count,
                    n: m[2].parse().unwrap_or(0),
                    start: at + g.start(),
                    end: at + g.end(),
                });
            }
            continue;
        }
        let breakdown = SENTENCE.find_iter(line).count();
        if breakdown == 0 {
            continue;
        }
        if let Some(m) = SENTENCE_TOTAL.captures(line) {
            let g = m.get(1).expect("group");
            out.push(Claim {
                count: Count::Total,
                n: m[1].parse().unwrap_or(0),
                start: at + g.start(),
                end: at + g.end(),
            });
        }
        for m in SENTENCE.captures_iter(line) {
            let g = m.get(1).expect("group");
            let count = match m[2].to_lowercase().as_str() {
                "applicable" => Count::Applicable,
                "not applicable" | "excluded" => Count::Excluded,
                "implemented" => Count::Implemented,
                "partially implemented" => Count::Partial,
                _ => Count::NotImplemented,
            };
            out.push(Claim {
                count,
                n: m[1].parse().unwrap_or(0),
                start: at + g.start(),
                end: at + g.end(),
            });
        }
    }
    out
}

/// The counts of the rows of one file.
fn row_counts(rows: &[&Control]) -> BTreeMap<Count, usize> {
    let mut c = BTreeMap::new();
    c.insert(Count::Total, rows.len());
    let n = |f: &dyn Fn(&Control) -> bool| rows.iter().filter(|r| f(r)).count();
    c.insert(
        Count::Applicable,
        n(&|r| r.applicable.value() == Some(Tri::Yes)),
    );
    c.insert(
        Count::Excluded,
        n(&|r| r.applicable.value() == Some(Tri::No)),
    );
    let status = |s: Status| n(&|r: &Control| r.status.value() == Some(s));
    c.insert(Count::Implemented, status(Status::Implemented));
    c.insert(Count::Partial, status(Status::Partial));
    c.insert(Count::Planned, status(Status::Planned));
    c.insert(Count::NotImplemented, status(Status::NotImplemented));
    c
}

/// Fewer rows than this is an excerpt or a start, not an SoA whose summary can be checked.
const MIN_ROWS: usize = 20;

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut by_file: BTreeMap<FileId, Vec<&Control>> = BTreeMap::new();
    for c in &cx.model.controls {
        if c.role == Role::Register && c.control_ref().is_some() {
            by_file.entry(c.loc.file()).or_default().push(c);
        }
    }
    // An SoA split over the files of one folder (`soa/organizational-controls.md`, …) is
    // summarised by the folder's README or index: its claims are about the folder's rows.
    let folder = |path: &str| path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let mut by_folder: BTreeMap<String, Vec<&Control>> = BTreeMap::new();
    for (file, rows) in &by_file {
        by_folder
            .entry(folder(cx.files.repo_path(*file)))
            .or_default()
            .extend(rows.iter().copied());
    }
    let mut checked: Vec<(FileId, Vec<&Control>)> = by_file.into_iter().collect();
    for (id, f) in cx.files.iter() {
        let path = cx.files.repo_path(id).to_string();
        let name = path.rsplit('/').next().unwrap_or("").to_lowercase();
        let summary_name = [
            "readme.md",
            "index.md",
            "summary.md",
            "overview.md",
            "_index.md",
        ]
        .contains(&name.as_str());
        if !summary_name
            || checked.iter().any(|(c, _)| *c == id)
            || !f.path.to_lowercase().ends_with(".md")
        {
            continue;
        }
        let dir = folder(&path);
        // The root README describes the repository, not one SoA.
        if dir.is_empty() {
            continue;
        }
        if let Some(rows) = by_folder.get(&dir) {
            checked.push((id, rows.clone()));
        }
    }
    for (file, rows) in checked {
        let f = cx.files.get(file);
        if !f.path.to_lowercase().ends_with(".md") || rows.len() < MIN_ROWS {
            continue;
        }
        let counted = row_counts(&rows);
        let has_status = rows.iter().any(|r| r.has_status_column);
        let claims = claims(f.text());
        // A stated total the rows do not reach: the other counts follow from it; one finding.
        let total_off = claims
            .iter()
            .any(|c| c.count == Count::Total && c.n != rows.len());
        let mut seen = std::collections::BTreeSet::new();
        for claim in claims {
            if total_off && claim.count != Count::Total {
                continue;
            }
            if claim.count >= Count::Implemented && !has_status {
                continue;
            }
            let rowsn = counted[&claim.count];
            if rowsn == claim.n || !seen.insert((claim.count, claim.n)) {
                continue;
            }
            let what = claim.count.what();
            out.push(
                Diagnostic::at(
                    &META,
                    &Loc::new(file, claim.start, claim.end),
                    format!(
                        "the SoA states {} {what}, but its rows count {rowsn} (ISO 27001 6.1.3 d and 7.5.2: the SoA is one consistent statement of the controls)",
                        claim.n
                    ),
                )
                .label(format!("rows: {rowsn}"))
                .help("correct the summary to the rows (or the rows the summary describes); a summary computed from the table cannot drift"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Count, usize)> {
        claims(text).into_iter().map(|c| (c.count, c.n)).collect()
    }

    #[test]
    fn claims_in_summary_tables_lines_and_sentences() {
        assert_eq!(
            found(
                "| Status | Count | % |\n|---|---|---|\n| **Implemented** | 72 | 77% |\n| Partial | 19 | 20% |\n"
            ),
            vec![(Count::Implemented, 72), (Count::Partial, 19)]
        );
        assert_eq!(
            found(
                "| Theme | Controls | Applicable | Excluded |\n|---|---|---|---|\n| A.5 | 37 | 37 | 0 |\n| **Total** | **93** | **91** | **2** |\n"
            ),
            vec![
                (Count::Total, 93),
                (Count::Applicable, 91),
                (Count::Excluded, 2)
            ]
        );
        assert_eq!(
            found("- **Implemented:** 62 controls  \n- **Not Applicable:** 3 controls\n"),
            vec![(Count::Implemented, 62), (Count::Excluded, 3)]
        );
        assert_eq!(
            found("This SoA covers 93 controls: 91 applicable, 2 not applicable.\n"),
            vec![
                (Count::Total, 93),
                (Count::Applicable, 91),
                (Count::Excluded, 2)
            ]
        );
    }

    #[test]
    fn near_misses_are_not_claims() {
        for text in [
            "12 risks are implemented in the register.\n",
            "- Implemented: 70%\n",
            "| Annex A controls implemented | 70% |\n",
            "| Theme | Risks |\n|---|---|\n| Total | 14 |\n",
            "Implemented: 62/93\n",
            "Target: 85 controls implemented by Q3 (objective 4).\n",
            "```\nImplemented: 3\n```\n",
            "| A.5 Organizational | 37 | 37 |\n",
        ] {
            assert!(found(text).is_empty(), "{text:?}: {:?}", found(text));
        }
    }
}
