//! Tables (CSV rows, Markdown tables, later spreadsheet sheets) → records: find the header row,
//! decide the kind from it, pick the ID column, skip section rows.

use super::{LoadCx, Plan};
use crate::model::build::sniff_kind;
use crate::model::control_id::parse_control_ref;
use crate::model::record::{Kind, RawField, RawRecord, RawValue};
use crate::source::Loc;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone)]
pub struct TableCell {
    pub text: String,
    pub loc: Loc,
    pub verbatim: bool,
}

/// How many rows from the top a header row may be (title rows above it are skipped).
const HEADER_SEARCH: usize = 30;

pub struct FoundTable {
    pub kind: Kind,
    pub header_row: usize,
    pub records: Vec<RawRecord>,
    /// Headers named in config `columns:` that the header row lacks.
    pub missing_columns: Vec<String>,
    /// The column read as the ID.
    pub id_col: Option<usize>,
}

/// Find the header and read the rows below it. `None` when no row is a header of a known kind
/// (or of `plan.kind`, when given).
/// The row number a person sees: the sheet row, or the line of a text file.
pub fn row_number(file: &crate::source::SourceFile, row: &[TableCell]) -> usize {
    match row.first() {
        Some(c) => match &c.loc.cell {
            Some(cell) => cell.row as usize + 1,
            None => file.line_col(c.loc.start).line,
        },
        None => 0,
    }
}

pub fn read(
    rows: &[Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
) -> Option<FoundTable> {
    let (header_row, kind) = find_header(rows, plan, cx, file)?;
    let header: Vec<&str> = rows[header_row].iter().map(|c| c.text.trim()).collect();
    // Config `split:` per column, looked up once per table rather than once per cell.
    let splits = split_columns(plan, &header);
    let id_col = choose_id_column(rows, header_row, &header, kind, plan, cx);
    let applicable_col = header
        .iter()
        .position(|h| cx.fields.canonical(kind, h) == Some("applicable"));

    let mut records = Vec::new();
    for row in &rows[header_row + 1..] {
        if row.iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map_or("", |c| c.text.trim());
        // A theme heading inside an SoA ("5 Organizational controls") is not a control.
        if kind == Kind::Control
            && parse_control_ref(cell(id_col)).is_none()
            && cell(applicable_col).is_empty()
        {
            continue;
        }
        // Only the cells the row has: a short row under a wide header costs its own length.
        let width = header.len().min(row.len());
        let mut fields = Vec::with_capacity(width);
        // The chosen ID column goes first so it wins over other columns that alias to `id`.
        let order = id_col
            .filter(|&i| i < width)
            .into_iter()
            .chain((0..width).filter(|i| Some(*i) != id_col));
        for i in order {
            let key = header[i];
            if key.is_empty() {
                continue;
            }
            let Some(c) = row.get(i) else { continue };
            if let Some(targets) = splits[i] {
                push_split(&mut fields, c, targets);
                continue;
            }
            let text = c.text.trim();
            fields.push(RawField {
                key: key.to_string(),
                value: if text.is_empty() {
                    RawValue::Null
                } else {
                    RawValue::Text(c.text.clone())
                },
                loc: c.loc.clone(),
                verbatim: c.verbatim,
            });
        }
        let first = row.first().map(|c| c.loc.clone());
        let last = row
            .iter()
            .rev()
            .find(|c| !c.text.trim().is_empty())
            .map(|c| c.loc.clone());
        let loc = match (first, last, id_col.and_then(|i| row.get(i))) {
            (_, _, Some(idc)) if !idc.text.trim().is_empty() => idc.loc.clone(),
            (Some(f), Some(l), _) if f.cell.is_none() => Loc::new(f.file, f.start, l.end),
            (Some(f), _, _) => f,
            _ => continue,
        };
        records.push(RawRecord {
            kind,
            loc,
            fields,
            key_id: None,
            column_map: plan.columns.clone(),
        });
    }
    let written: HashSet<String> = header.iter().map(|h| h.to_ascii_lowercase()).collect();
    let missing_columns = plan
        .columns
        .iter()
        .flat_map(|m| m.iter())
        .filter(|(h, _)| !written.contains(&h.trim().to_ascii_lowercase()))
        .map(|(h, _)| h.clone())
        .collect();
    Some(FoundTable {
        kind,
        header_row,
        records,
        missing_columns,
        id_col,
    })
}

fn find_header(
    rows: &[Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
) -> Option<(usize, Kind)> {
    if let Some(n) = plan.header_row {
        // `header_row` is the row number as shown in the spreadsheet or the line in the file.
        let i = rows.iter().position(|r| row_number(file, r) == n)?;
        let headers: Vec<&str> = rows[i].iter().map(|c| c.text.trim()).collect();
        let kind = plan.kind.or_else(|| sniff_kind(cx.fields, &headers))?;
        return Some((i, kind));
    }
    // The headers config names as the ID column, lower-cased, to look each cell up in.
    let id_headers: Option<HashSet<String>> = plan.columns.as_ref().map(|columns| {
        columns
            .iter()
            .filter(|(_, canon)| canon == "id")
            .map(|(h, _)| h.trim().to_ascii_lowercase())
            .collect()
    });
    for (i, row) in rows.iter().enumerate().take(HEADER_SEARCH) {
        let headers: Vec<&str> = row.iter().map(|c| c.text.trim()).collect();
        if let Some(id_headers) = &id_headers {
            // Config names the columns: the header is the row that has the configured ID column.
            let has_id = headers
                .iter()
                .any(|x| id_headers.contains(&x.to_ascii_lowercase()));
            if has_id && let Some(kind) = plan.kind.or_else(|| sniff_kind(cx.fields, &headers)) {
                return Some((i, kind));
            }
            continue;
        }
        match (sniff_kind(cx.fields, &headers), plan.kind) {
            (Some(k), None) => return Some((i, k)),
            (Some(k), Some(p)) if k == p => return Some((i, k)),
            _ => {}
        }
    }
    None
}

/// When several columns alias to `id` (`#` and `Control`), the one whose values parse as IDs
/// wins (for controls); otherwise the first one.
fn choose_id_column(
    rows: &[Vec<TableCell>],
    header_row: usize,
    header: &[&str],
    kind: Kind,
    plan: &Plan,
    cx: &LoadCx,
) -> Option<usize> {
    // Configured header (lower-cased) → is it the ID column; the first entry for a header wins.
    let mut configured: HashMap<String, bool> = HashMap::new();
    for (k, c) in plan.columns.iter().flat_map(|m| m.iter()) {
        configured
            .entry(k.to_ascii_lowercase())
            .or_insert(c == "id");
    }
    let is_id = |h: &str| {
        configured
            .get(&h.to_ascii_lowercase())
            .copied()
            .unwrap_or_else(|| cx.fields.canonical(kind, h) == Some("id"))
    };
    let candidates: Vec<usize> = (0..header.len()).filter(|&i| is_id(header[i])).collect();
    if candidates.len() <= 1 || kind != Kind::Control {
        return candidates.first().copied();
    }
    // Count the IDs in each candidate column, looking at each cell once (not at every row once
    // per candidate: there may be many of both).
    let mut parsed = vec![0usize; header.len()];
    let mut is_candidate = vec![false; header.len()];
    for &i in &candidates {
        is_candidate[i] = true;
    }
    for r in &rows[header_row + 1..] {
        for (i, c) in r.iter().enumerate().take(header.len()) {
            if is_candidate[i] && parse_control_ref(&c.text).is_some() {
                parsed[i] += 1;
            }
        }
    }
    // Prefer the leftmost on a tie.
    candidates
        .into_iter()
        .max_by_key(|&i| (parsed[i], usize::MAX - i))
}

/// Read the table of a file and report, in `out`, what it could not find: the header row of a
/// kind the file must hold (IN001), or columns that config names and the header lacks (IN004).
pub fn read_into(
    rows: &[Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
    out: &mut super::Loaded,
    required: bool,
) -> Option<Kind> {
    use crate::diagnostic::Diagnostic;
    use crate::rules::input::{parse_error, source_not_found};
    let id = rows.first()?.first().map_or(0, |c| c.loc.file);
    let Some(found) = read(rows, plan, cx, file) else {
        let kind = plan.kind.filter(|_| required)?;
        let start = Loc::file_start(id);
        let d = match (&plan.columns, &plan.config_loc) {
            (Some(cols), Some(cfg)) => {
                let id_header = cols.iter().find(|(_, c)| c == "id").map_or("", |(h, _)| h.as_str());
                Diagnostic::at(&source_not_found::META, cfg, format!("no row of `{}` has the configured ID column `{id_header}`", file.path))
                    .label("configured here")
                    .related(&start, "in this file")
                    .help("correct `columns:` to the header as written in the file")
            }
            _ => Diagnostic::at(&parse_error::META, &start, format!("no header row of a {kind} table found in the first rows"))
                .label("expected a header row here or below")
                .help(format!("add a header with an ID column and the {kind} columns, or map them with `columns:` in the source's config")),
        };
        out.diagnostics.push(d);
        return None;
    };
    let header_loc = rows[found.header_row]
        .first()
        .map_or_else(|| Loc::file_start(id), |c| c.loc.clone());
    for missing in &found.missing_columns {
        let at = plan
            .config_loc
            .clone()
            .unwrap_or_else(|| header_loc.clone());
        out.diagnostics.push(
            Diagnostic::at(
                &source_not_found::META,
                &at,
                format!(
                    "column `{missing}` named in config is not in the header of `{}`",
                    file.path
                ),
            )
            .label("configured here")
            .related(&header_loc, "header row")
            .help("correct the column name in `columns:` to the header as written in the file"),
        );
    }
    let header_at = match &header_loc.cell {
        Some(c) => format!("{}!{}", c.sheet, c.a1()),
        None => format!("line {}", file.line_col(header_loc.start).line),
    };
    out.notes.push(format!(
        "table with header at {header_at} read as {} records",
        found.kind
    ));
    let header: Vec<&str> = rows[found.header_row]
        .iter()
        .map(|c| c.text.trim())
        .collect();
    let mut columns = Vec::new();
    let mut unmapped = Vec::new();
    for (i, h) in header.iter().enumerate().filter(|(_, h)| !h.is_empty()) {
        let field = if Some(i) == found.id_col {
            Some("id")
        } else {
            cx.fields.canonical(found.kind, h).filter(|c| *c != "id")
        };
        match field {
            Some(canon) if !columns.iter().any(|(_, c)| *c == canon) => {
                columns.push((h.to_string(), canon))
            }
            _ => unmapped.push(h.to_string()),
        }
    }
    out.detected.push(super::Detected {
        kind: found.kind,
        sheet: header_loc.cell.as_ref().map(|c| c.sheet.clone()),
        header_row: row_number(file, &rows[found.header_row]),
        columns,
        unmapped,
        records: found.records.len(),
    });
    let kind = found.kind;
    out.records.extend(found.records);
    Some(kind)
}

/// The config `split:` targets of each column (the first entry for a header wins).
fn split_columns<'p>(plan: &'p Plan, header: &[&str]) -> Vec<Option<&'p [String]>> {
    let mut by_header: HashMap<String, &'p [String]> = HashMap::new();
    for (h, targets) in plan.split.iter().flat_map(|s| s.iter()) {
        by_header
            .entry(h.trim().to_ascii_lowercase())
            .or_insert(targets.as_slice());
    }
    header
        .iter()
        .map(|h| by_header.get(&h.trim().to_ascii_lowercase()).copied())
        .collect()
}

/// `Modify | J. Smith` in a `Treatment / Owner` column → `treatment` and `owner` fields.
fn push_split(fields: &mut Vec<RawField>, cell: &TableCell, targets: &[String]) {
    let mut offset = 0;
    let parts: Vec<(usize, &str)> = cell
        .text
        .split('|')
        .map(|p| {
            let at = offset;
            offset += p.len() + 1;
            (at, p)
        })
        .collect();
    for (i, target) in targets.iter().enumerate() {
        let (at, part) = parts.get(i).copied().unwrap_or((cell.text.len(), ""));
        let lead = part.len() - part.trim_start().len();
        let value = part.trim();
        let loc = if cell.verbatim && cell.loc.cell.is_none() {
            Loc::new(
                cell.loc.file,
                cell.loc.start + at + lead,
                cell.loc.start + at + lead + value.len(),
            )
        } else {
            cell.loc.clone()
        };
        fields.push(RawField {
            key: target.clone(),
            value: if value.is_empty() {
                RawValue::Null
            } else {
                RawValue::Text(value.to_string())
            },
            loc,
            verbatim: cell.verbatim,
        });
    }
}
