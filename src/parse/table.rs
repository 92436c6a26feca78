//! Tables (CSV rows, Markdown tables, later spreadsheet sheets) → records: find the header row,
//! decide the kind from it, pick the ID column, skip section rows.

use super::{LoadCx, Plan, columns};
use crate::model::control_id::{ControlRef, parse_control_ref};
use crate::model::framework::{self, Framework};
use crate::model::record::{Kind, RawField, RawRecord, RawValue};
use crate::source::Loc;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct TableCell {
    pub text: String,
    pub loc: Loc,
    pub verbatim: bool,
}

/// How many rows from the top a header row may be (title rows above it are skipped).
pub const HEADER_SEARCH: usize = 30;

pub struct FoundTable {
    pub kind: Kind,
    pub header_row: usize,
    pub records: Vec<RawRecord>,
    /// Headers named in config `columns:` that the header row lacks.
    pub missing_columns: Vec<String>,
    /// The column read as the ID.
    pub id_col: Option<usize>,
    /// The field each header cell is read as (config `columns:` first, then aliases).
    pub fields: Vec<Option<&'static str>>,
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
    read_strict(rows, plan, cx, file, false)
}

/// [`read`]; `strict`: only a header row that reads as the kind counts (with the mapping
/// applied), never the row that merely holds the most configured columns.
pub fn read_strict(
    rows: &[Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
    strict: bool,
) -> Option<FoundTable> {
    let (header_row, kind) = find_header(rows, plan, cx, file, strict)?;
    let header: Vec<&str> = rows[header_row].iter().map(|c| c.text.trim()).collect();
    // Config `split:` per column, looked up once per table rather than once per cell.
    let splits = split_columns(plan, &header);
    let resolved = columns::resolve(cx.fields, kind, mapping(plan), &header);
    let id_col = choose_id_column(rows, header_row, &resolved, kind);
    let applicable_col = resolved.iter().position(|f| *f == Some("applicable"));
    // In a 2013-edition SoA a two-level ID (`A.5.1 Management direction…`) is a control
    // objective: a heading, not a control.
    let edition_2013 = plan.framework == Some(Framework::Iso27001_2013);

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
        if kind == Kind::Control
            && edition_2013
            && matches!(
                parse_control_ref(cell(id_col)),
                Some(ControlRef::Control(_))
            )
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
    let missing_columns = plan
        .columns
        .iter()
        .flat_map(|m| m.iter())
        .filter(|(h, _)| !header.iter().any(|x| columns::same_header(x, h)))
        .map(|(h, _)| h.clone())
        .collect();
    Some(FoundTable {
        kind,
        header_row,
        records,
        missing_columns,
        id_col,
        fields: resolved,
    })
}

fn mapping(plan: &Plan) -> Option<&columns::Mapping> {
    plan.columns.as_deref().map(Vec::as_slice)
}

/// The header row and the kind it names. Config `columns:` is applied before the header is
/// judged, so a mapping corrects detection (`Aplicável?` mapped to `applicable` makes an SoA
/// header); when no row reads as the kind and not `strict`, the row holding the most configured
/// columns is the header of the configured kind.
pub fn find_header(
    rows: &[Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
    strict: bool,
) -> Option<(usize, Kind)> {
    let mapping = mapping(plan);
    if let Some(n) = plan.header_row {
        // `header_row` is the row number as shown in the spreadsheet or the line in the file.
        let i = rows.iter().position(|r| row_number(file, r) == n)?;
        let headers: Vec<&str> = rows[i].iter().map(|c| c.text.trim()).collect();
        let kind = plan
            .kind
            .or_else(|| columns::sniff(cx.fields, mapping, &headers))?;
        return Some((i, kind));
    }
    for (i, row) in rows.iter().enumerate().take(HEADER_SEARCH) {
        let headers: Vec<&str> = row.iter().map(|c| c.text.trim()).collect();
        match (columns::sniff(cx.fields, mapping, &headers), plan.kind) {
            (Some(k), None) => return Some((i, k)),
            (Some(k), Some(p)) if k == p => return Some((i, k)),
            _ => {}
        }
    }
    if strict {
        return None;
    }
    let kind = plan.kind?;
    let configured = |row: &Vec<TableCell>| {
        mapping.map_or(0, |m| {
            m.iter()
                .filter(|(h, _)| row.iter().any(|c| columns::same_header(&c.text, h)))
                .count()
        })
    };
    let by_columns = rows
        .iter()
        .enumerate()
        .take(HEADER_SEARCH)
        .map(|(i, r)| (configured(r), i))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, i)| (*n, usize::MAX - i))
        .map(|(_, i)| (i, kind));
    if by_columns.is_some() || !plan.selects_tables() {
        return by_columns;
    }
    // Config picked this very table (`table:`, `header:`): its header is the row with the
    // picked cell, or its first row.
    rows.iter()
        .take(HEADER_SEARCH)
        .position(|r| match &plan.header {
            Some(h) => r.iter().any(|c| columns::same_header(&c.text, h)),
            None => r.iter().any(|c| !c.text.trim().is_empty()),
        })
        .map(|i| (i, kind))
}

/// When several columns are read as `id` (`#` and `Control`), the one whose values parse as
/// IDs wins (for controls); otherwise the first one.
fn choose_id_column(
    rows: &[Vec<TableCell>],
    header_row: usize,
    resolved: &[Option<&'static str>],
    kind: Kind,
) -> Option<usize> {
    let candidates: Vec<usize> = (0..resolved.len())
        .filter(|&i| resolved[i] == Some("id"))
        .collect();
    if candidates.len() <= 1 || kind != Kind::Control {
        return candidates.first().copied();
    }
    // Count the IDs in each candidate column, looking at each cell once (not at every row once
    // per candidate: there may be many of both).
    let mut parsed = vec![0usize; resolved.len()];
    let mut is_candidate = vec![false; resolved.len()];
    for &i in &candidates {
        is_candidate[i] = true;
    }
    for r in &rows[header_row + 1..] {
        for (i, c) in r.iter().enumerate().take(resolved.len()) {
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

/// The header cells of a row, for messages: `` `A`, `B`, `C` ``.
pub fn header_cells(row: &[TableCell]) -> String {
    let cells: Vec<String> = row
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .take(20)
        .map(|t| format!("`{}`", t.replace('\n', " ")))
        .collect();
    if cells.is_empty() {
        "no cells".into()
    } else {
        cells.join(", ")
    }
}

/// The finding for a file config says holds a `kind` register where none was found: IN004
/// when config names the columns (listing the first row's cells), else IN001.
pub fn no_register(
    rows: &[Vec<TableCell>],
    plan: &Plan,
    kind: Kind,
    file: &crate::source::SourceFile,
    id: crate::source::FileId,
) -> crate::diagnostic::Diagnostic {
    use crate::diagnostic::Diagnostic;
    use crate::rules::input::{parse_error, source_not_found};
    let start = Loc::file_start(id);
    let first = rows
        .iter()
        .find(|r| r.iter().any(|c| !c.text.trim().is_empty()));
    let found_cells = first.map_or_else(|| "no cells".into(), |r| header_cells(r));
    match (&plan.columns, &plan.config_loc) {
        (Some(cols), Some(cfg)) => {
            let named: Vec<String> = cols.iter().map(|(h, _)| format!("`{h}`")).collect();
            Diagnostic::at(
                &source_not_found::META,
                cfg,
                format!(
                    "no row of `{}` has a configured column ({}) or reads as a {kind} header; its first row has {found_cells}",
                    file.path,
                    named.join(", ")
                ),
            )
            .label("configured here")
            .related(&start, "in this file")
            .help("correct `columns:` to the header as written in the file")
        }
        _ => Diagnostic::at(
            &parse_error::META,
            &start,
            format!("no header row of a {kind} table found in the first rows"),
        )
        .label("expected a header row here or below")
        .help(format!(
            "add a header with an ID column and the {kind} columns, or map them with `columns:` in the source's config"
        )),
    }
}

/// Where a header row is, as a person would say it.
fn header_at(file: &crate::source::SourceFile, loc: &Loc) -> String {
    match &loc.cell {
        Some(c) => format!("{}!{}", c.sheet, c.a1()),
        None => format!("line {}", file.line_col(loc.start).line),
    }
}

/// Read the table of a file and report, in `out`, what it could not find: the header row of a
/// kind the file must hold (IN001, or IN004 when config names its columns), or columns that
/// config names and the header lacks (IN004, listing the header cells found). A table another
/// framework holds is found but gives no records (issue 9 item 8).
pub fn read_into(
    rows: &[Vec<TableCell>],
    plan: &Plan,
    cx: &LoadCx,
    file: &crate::source::SourceFile,
    out: &mut super::Loaded,
    required: bool,
) -> Option<Kind> {
    use crate::diagnostic::Diagnostic;
    use crate::rules::input::source_not_found;
    let id = rows.first()?.first().map_or(0, |c| c.loc.file);
    let Some(found) = read_strict(rows, plan, cx, file, !required) else {
        let kind = plan.kind.filter(|_| required)?;
        out.diagnostics
            .push(no_register(rows, plan, kind, file, id));
        return None;
    };
    let header_row = &rows[found.header_row];
    let header_loc = header_row
        .first()
        .map_or_else(|| Loc::file_start(id), |c| c.loc.clone());
    let at = header_at(file, &header_loc);
    if let Some(why) = other_framework(rows, &found, plan, file) {
        out.notes
            .push(format!("table with header at {at} skipped: {why}"));
        return Some(found.kind);
    }
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
                    "column `{missing}` named in config is not in the header of `{}` ({}): the header has {}",
                    file.path,
                    header_at(file, &header_loc),
                    header_cells(header_row)
                ),
            )
            .label("configured here")
            .related(&header_loc, "header row")
            .help("correct the column name in `columns:` to the header as written in the file"),
        );
    }
    // A configured register whose ID column neither config nor detection finds would give
    // records nobody can refer to.
    if found.id_col.is_none()
        && let Some(cfg) = &plan.config_loc
    {
        out.diagnostics.push(
            Diagnostic::at(
                &source_not_found::META,
                cfg,
                format!(
                    "no column of the {} table in `{}` ({at}) is read as its ID: the header has {}",
                    found.kind,
                    file.path,
                    header_cells(header_row)
                ),
            )
            .label("configured here")
            .related(&header_loc, "header row")
            .help("name the ID column in `columns:`, e.g. `columns: { id: \"Ref\" }`"),
        );
    }
    out.notes.push(format!(
        "table with header at {at} read as {} records",
        found.kind
    ));
    let header: Vec<&str> = header_row.iter().map(|c| c.text.trim()).collect();
    let mut columns = Vec::new();
    let mut unmapped = Vec::new();
    for (i, h) in header.iter().enumerate().filter(|(_, h)| !h.is_empty()) {
        let field = if Some(i) == found.id_col {
            Some("id")
        } else {
            found.fields[i].filter(|c| *c != "id")
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
        header_row: row_number(file, header_row),
        columns,
        unmapped,
        records: found.records.len(),
        table: 0,
        tables_in_file: 0,
        pick: None,
    });
    let kind = found.kind;
    out.records.extend(found.records);
    Some(kind)
}

/// Why a table is another framework's, if it is: config says so, or (without a declared
/// framework) its file name, sheet name, title rows or heading name another framework and most
/// of its control IDs are not ISO 27001:2022 Annex A controls.
fn other_framework(
    rows: &[Vec<TableCell>],
    found: &FoundTable,
    plan: &Plan,
    file: &crate::source::SourceFile,
) -> Option<String> {
    match &plan.framework {
        Some(Framework::Other(name)) => {
            return Some(format!(
                "framework `{name}` (config), not read by the ISO 27001 rules"
            ));
        }
        Some(_) => return None,
        None => {}
    }
    let header = &rows[found.header_row];
    let sheet = header
        .first()
        .and_then(|c| c.loc.cell.as_ref())
        .map(|c| c.sheet.as_str());
    let titles = rows[..found.header_row]
        .iter()
        .flat_map(|r| r.iter().map(|c| c.text.as_str()));
    let context: Vec<&str> = std::iter::once(file.path.as_str())
        .chain(sheet)
        .chain(plan.context.as_deref())
        .chain(titles)
        .collect();
    let name = context.iter().find_map(|t| framework::named_in(t))?;
    let body = &rows[found.header_row + 1..];
    let ids: Vec<&str> = if found.kind == Kind::Control {
        body.iter()
            .filter_map(|r| found.id_col.and_then(|i| r.get(i)))
            .map(|c| c.text.as_str())
            .collect()
    } else {
        let col = found.fields.iter().position(|f| *f == Some("controls"))?;
        body.iter()
            .filter_map(|r| r.get(col))
            .flat_map(|c| crate::model::values::split_list(&c.text))
            .map(|(item, _, _)| item)
            .collect()
    };
    let (failing, total) = framework::failing_ids(ids.into_iter());
    (total > 0 && failing * 2 > total).then(|| {
        format!(
            "it is titled for {name} and {failing} of its {total} control IDs are not ISO 27001 Annex A controls (another framework's register; declare `framework:` on a source to say otherwise)"
        )
    })
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
