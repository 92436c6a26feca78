//! Several sources in one file (issue 9 item 3): which configured source reads each table.
//!
//! One Markdown file may hold SoA theme tables, an exclusions summary and a risk-traceability
//! table; one `sources:` entry per table, all read. In order:
//! 1. a source that picks tables (`table: N`, `header: "Risk ID"`) reads the tables it picks;
//! 2. a source that does not pick reads the tables whose header, with its `columns:` applied,
//!    reads as its kind (so a path-level asset source does not take an asset-to-risk mapping
//!    table that merely shares the `Asset ID` column);
//! 3. a source with `columns:` that still has no table reads the table holding the most of its
//!    configured columns (headers in another language);
//! 4. every other table is read by its own header only when a source of the file says
//!    `detect: true` (`Plan::detect_rest`); otherwise it is not read (issue 18 item 3).

use super::table::{self, TableCell};
use super::{LoadCx, Loaded, Plan, columns};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::input::{parse_error, source_not_found};
use crate::model::record::Kind;
use crate::source::{FileId, Loc, SourceFile};

/// Who reads a table.
#[derive(Clone, Copy)]
pub enum Reader<'p> {
    /// A configured source (an element of `Plan::sources`).
    Source(&'p Plan),
    /// Detection, as without config.
    Detect,
    /// Nobody (`auto: false`).
    Skip,
}

/// A configured source that read no table of the file.
pub struct Unread<'p> {
    pub source: &'p Plan,
}

/// Does a table's header (its first row in Markdown, a row below a title block in CSV) have
/// the cell `wanted`?
fn has_header_cell(rows: &[Vec<TableCell>], wanted: &str) -> bool {
    rows.iter()
        .take(table::HEADER_SEARCH)
        .any(|r| r.iter().any(|c| columns::same_header(&c.text, wanted)))
}

fn picks(source: &Plan, number: usize, rows: &[Vec<TableCell>]) -> bool {
    let by_number = source.tables.is_empty() || source.tables.contains(&number);
    let by_header = source
        .header
        .as_deref()
        .is_none_or(|h| has_header_cell(rows, h));
    by_number && by_header
}

/// The source's plan as it reads one table: a table kind only (a `document` source describes
/// the file's front matter, not its tables).
pub fn table_plan(source: &Plan) -> Plan {
    Plan {
        kind: source.kind.filter(|k| *k != Kind::Document),
        ..source.clone()
    }
}

pub fn assign<'p>(
    tables: &[Vec<Vec<TableCell>>],
    plan: &'p Plan,
    cx: &LoadCx,
    file: &SourceFile,
) -> (Vec<Reader<'p>>, Vec<Unread<'p>>) {
    let mut readers: Vec<Option<Reader<'p>>> = vec![None; tables.len()];
    let mut unread = Vec::new();
    for source in plan.sources.iter().filter(|s| s.selects_tables()) {
        let mut any = false;
        for (t, rows) in tables.iter().enumerate() {
            if readers[t].is_none() && picks(source, t + 1, rows) {
                readers[t] = Some(Reader::Source(source));
                any = true;
            }
        }
        if !any {
            unread.push(Unread { source });
        }
    }
    let open: Vec<&Plan> = plan
        .sources
        .iter()
        .filter(|s| !s.selects_tables() && s.kind != Some(Kind::Document))
        .collect();
    let mut claimed = vec![false; open.len()];
    for (n, source) in open.iter().enumerate() {
        let as_table = table_plan(source);
        for (t, rows) in tables.iter().enumerate() {
            if readers[t].is_none() && table::find_header(rows, &as_table, cx, file, true).is_some()
            {
                readers[t] = Some(Reader::Source(source));
                claimed[n] = true;
            }
        }
    }
    for (n, source) in open.iter().enumerate() {
        if claimed[n] {
            continue;
        }
        let best = source.columns.as_ref().and_then(|mapping| {
            tables
                .iter()
                .enumerate()
                .filter(|(t, _)| readers[*t].is_none())
                .map(|(t, rows)| {
                    let head = rows.first().map(Vec::as_slice).unwrap_or(&[]);
                    let n = mapping
                        .iter()
                        .filter(|(h, _)| head.iter().any(|c| columns::same_header(&c.text, h)))
                        .count();
                    (n, t)
                })
                .filter(|(n, _)| *n > 0)
                .max_by_key(|(n, t)| (*n, usize::MAX - t))
                .map(|(_, t)| t)
        });
        match best {
            Some(t) if source.kind.is_some() => readers[t] = Some(Reader::Source(source)),
            _ => unread.push(Unread { source }),
        }
    }
    let rest = if plan.sources.is_empty() || plan.detect_rest {
        Reader::Detect
    } else {
        Reader::Skip
    };
    (
        readers.into_iter().map(|r| r.unwrap_or(rest)).collect(),
        unread,
    )
}

/// Report the configured sources that read no table: a source that picks tables and found
/// none is IN004 (listing the tables there are); a source that says the file holds a register
/// of its kind, when no table was read as one, is IN004/IN001 as for a one-table file.
pub fn report_unread(
    id: FileId,
    file: &SourceFile,
    tables: &[Vec<Vec<TableCell>>],
    unread: &[Unread],
    out: &mut Loaded,
) {
    for miss in unread {
        let source = miss.source;
        if source.selects_tables() {
            let cfg = source.config_loc.unwrap_or_else(|| Loc::file_start(id));
            let picked = match (&source.tables, &source.header) {
                (t, Some(h)) if t.is_empty() => format!("no table with a header cell `{h}`"),
                (t, Some(h)) => format!("no table {} with a header cell `{h}`", numbers(t)),
                (t, None) => format!("no table {}", numbers(t)),
            };
            let seen: Vec<String> = tables
                .iter()
                .enumerate()
                .map(|(t, rows)| {
                    let head = rows.first().map(Vec::as_slice).unwrap_or(&[]);
                    format!("{}: {}", t + 1, table::header_cells(head))
                })
                .take(12)
                .collect();
            let help = if seen.is_empty() {
                "the file has no table".to_string()
            } else {
                format!("tables in this file (by number): {}", seen.join("; "))
            };
            out.diagnostics.push(
                Diagnostic::at(
                    &source_not_found::META,
                    &cfg,
                    format!(
                        "`{}` has {picked} (`table:` / `header:` in config)",
                        file.path
                    ),
                )
                .label("configured here")
                .related(&Loc::file_start(id), "in this file")
                .help(help),
            );
            continue;
        }
        let Some(kind) = source.kind.filter(|k| *k != Kind::Document) else {
            continue;
        };
        if out.records.iter().any(|r| r.kind == kind) {
            // Another source (or detection) read this file's register of the kind.
            continue;
        }
        match tables.first() {
            Some(rows) => out
                .diagnostics
                .push(table::no_register(rows, source, kind, file, id)),
            None => out.diagnostics.push(
                Diagnostic::at(
                    &parse_error::META,
                    &Loc::file_start(id),
                    format!("no {kind} table found in this file"),
                )
                .help("add a Markdown table whose header has an ID column and the kind's columns"),
            ),
        }
    }
}

fn numbers(tables: &[usize]) -> String {
    let n: Vec<String> = tables.iter().map(usize::to_string).collect();
    n.join(", ")
}
