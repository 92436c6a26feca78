//! Spreadsheets (XLSX, XLSM, ODS, XLS) with calamine. Every sheet is a candidate source: its
//! header row decides its kind, so an SoA sheet and a risk-register sheet in one workbook are
//! both read, and dashboards or scoring guides are skipped. Every cell keeps its sheet and
//! A1 position for diagnostics.
//!
//! Every workbook may be hostile (ismslint runs on pull requests), so none is handed to calamine
//! as it is. Each is read under the budgets of [`budget`]; one over budget is IN001 at the file
//! and the rest of the repository is linted:
//! - XLSX/XLSM (zip): [`zipguard`] checks entry count and declared sizes and the parts calamine
//!   expands when it opens a workbook; [`xlsx`] then streams cells one by one in process.
//! - ODS (zip): the same zip checks, then calamine in a child process ([`sandbox`]).
//! - XLS (CFB): [`cfb`] checks the container structure, then calamine in a child process.

pub mod budget;
mod cfb;
pub mod grid;
pub mod sandbox;
mod xlsx;
mod zipguard;

use super::table::{self, TableCell};
use super::{LoadCx, Loaded, Plan};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::input::{parse_error, source_not_found};
use crate::pattern::Pattern;
use crate::source::{Cell, FileId, Loc, SheetNo, Sheets, SourceFile};
use budget::{Budget, MAX_ROWS};
use calamine::Data;
use grid::{Book, Failure, Grid, Val};
use std::collections::{BTreeMap, HashMap};

pub use sandbox::{child_main_if_requested, enable as read_untrusted_formats_in_child_process};

/// A number as a person typed it: `3` not `3.0`.
fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Excel stores `5.10` as the number 5.1. In an ID column a 5.1 that follows 5.9 is 5.10.
fn id_from_number(text: &str, previous: Option<&str>) -> String {
    let (Some((major, minor)), Some(prev)) = (text.split_once('.'), previous) else {
        return text.to_string();
    };
    let prev = prev.trim_start_matches(['A', 'a', '.']);
    let Some((pmajor, pminor)) = prev.split_once('.') else {
        return text.to_string();
    };
    match (minor.parse::<u32>(), pminor.parse::<u32>()) {
        (Ok(m), Ok(p)) if minor.len() == 1 && pmajor == major && p + 1 == m * 10 => {
            format!("{major}.{}", m * 10)
        }
        _ => text.to_string(),
    }
}

pub(crate) fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Run a reader, turning a panic into an error (a crafted workbook can make calamine panic).
pub(crate) fn in_process(f: impl FnOnce() -> Result<Book, Failure>) -> Result<Book, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(Failure::Crashed(
            "failed on it (a damaged or crafted workbook)".to_string(),
        ))
    })
}

/// A zip workbook: XLSX/XLSM in process, ODS in the child process.
fn read_zip(bytes: &[u8], wanted: Option<&str>) -> Result<Book, Failure> {
    let checked = match zipguard::check(bytes) {
        Ok(c) => c,
        Err(Ok(refusal)) => return Err(refusal.into()),
        Err(Err(e)) => return Err(Failure::Unreadable(e)),
    };
    match checked.kind {
        zipguard::ZipKind::Xlsx => {
            in_process(|| xlsx::read(bytes, &checked, wanted, &mut Budget::for_file(bytes.len())))
        }
        zipguard::ZipKind::Ods => sandbox::read(sandbox::Format::Ods, bytes, wanted),
        zipguard::ZipKind::Xlsb => Err(Failure::Unreadable(
            "it is an XLSB (binary) workbook, which ismslint cannot read".to_string(),
        )),
    }
}

/// A legacy `.xls` (CFB/BIFF): its container checked here, then read in the child process.
fn read_xls(bytes: &[u8], wanted: Option<&str>) -> Result<Book, Failure> {
    cfb::check(bytes).map_err(|why| {
        Failure::Refused(format!(
            "{why}, so it is not a workbook that can be read safely (damaged or crafted)"
        ))
    })?;
    sandbox::read(sandbox::Format::Xls, bytes, wanted)
}

/// Read workbook `file` (its text is empty); its sheet names are kept in `file.sheets`, which
/// the cells' locations number.
pub fn load(id: FileId, file: &mut SourceFile, bytes: &[u8], plan: &Plan, cx: &LoadCx) -> Loaded {
    let mut out = Loaded::default();
    let fail = |msg: String, out: &mut Loaded| {
        out.diagnostics.push(
            Diagnostic::at(&parse_error::META, &Loc::file_start(id), msg)
                .help("save the workbook again as .xlsx or .ods, or list it in .ismslintignore"),
        );
    };
    // Check the container first so the message says what the file really is.
    let cfb = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if cfb && !file.path.to_lowercase().ends_with(".xls") {
        fail(
            format!(
                "`{}` is an encrypted (password-protected) or legacy workbook, which cannot be read",
                file.path
            ),
            &mut out,
        );
        return out;
    }
    if !bytes.starts_with(b"PK") && !cfb {
        let looks_like_text = std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok();
        let what = if looks_like_text {
            "it holds text (CSV?), not a workbook: rename it"
        } else {
            "it is not a workbook"
        };
        fail(format!("cannot read `{}`: {what}", file.path), &mut out);
        return out;
    }
    let wanted = plan.sheet.as_deref();
    let read = if cfb {
        read_xls(bytes, wanted)
    } else {
        read_zip(bytes, wanted)
    };
    let book = match read {
        Ok(book) => book,
        Err(Failure::Unreadable(e)) => {
            fail(
                format!("cannot read workbook `{}`: {e}", file.path),
                &mut out,
            );
            return out;
        }
        Err(Failure::Refused(why)) => {
            out.diagnostics.push(
                Diagnostic::at(
                    &parse_error::META,
                    &Loc::file_start(id),
                    format!("workbook `{}` is not read: {why}", file.path),
                )
                .help(
                    "ismslint reads workbooks within fixed budgets, so a crafted file cannot \
                     exhaust the machine; if this is a real register, save it as CSV or split \
                     it, otherwise remove it or list it in .ismslintignore",
                ),
            );
            return out;
        }
        Err(Failure::Crashed(why)) => {
            fail(
                format!(
                    "could not read workbook `{}` safely: the reader {why}",
                    file.path
                ),
                &mut out,
            );
            return out;
        }
    };
    let names = book.names;
    file.sheets = Sheets::new(book.sheets.iter().map(|(name, _)| name.clone()));
    // Every configured source that names a sheet must find it (several sources on one
    // workbook, one per sheet, are all read).
    let named: Vec<&Plan> = if plan.sources.is_empty() {
        vec![plan]
    } else {
        plan.sources.iter().collect()
    };
    let mut missing_sheet = false;
    for source in &named {
        let Some(wanted) = &source.sheet else {
            continue;
        };
        if names.iter().any(|n| n == wanted) {
            continue;
        }
        missing_sheet = true;
        let at = source.config_loc.unwrap_or_else(|| Loc::file_start(id));
        out.diagnostics.push(
            Diagnostic::at(
                &source_not_found::META,
                &at,
                format!("sheet `{wanted}` is not in `{}`", file.path),
            )
            .label("configured here")
            .help(format!("sheets: {}", names.join(", "))),
        );
    }
    if missing_sheet && named.len() == 1 {
        return out;
    }
    // Formulas with no saved value: the ones in cells a register reads are IN001, one finding
    // per column; the rest (dashboards, totals, sign-off sheets) are one `-v` note.
    let mut unread_formulas = UnreadFormulas::default();
    for (name, sheet) in book.sheets {
        let grid = match sheet {
            Ok(g) => g,
            Err(e) => {
                fail(
                    format!("cannot read sheet `{name}` of `{}`: {e}", file.path),
                    &mut out,
                );
                continue;
            }
        };
        // Every sheet read is in the list (it was made from these names).
        let Some(no) = file.sheets.number(&name) else {
            continue;
        };
        let mut unsaved = Vec::new();
        let mut rows = match table_rows((id, no), &name, grid, &mut out, &mut unsaved) {
            Ok(rows) => rows,
            Err(refusal) => {
                fail(
                    format!("workbook `{}` is not read: {}", file.path, refusal.0),
                    &mut out,
                );
                continue;
            }
        };
        if rows
            .iter()
            .all(|r| r.iter().all(|c| c.text.trim().is_empty()))
        {
            unread_formulas.add(&name, &unsaved);
            out.notes.push(format!("sheet `{name}`: empty, skipped"));
            continue;
        }
        // The source naming this sheet reads it; else a source naming the workbook only; else
        // (several sources, none for this sheet) its own header, as without config.
        let by_sheet = plan
            .sources
            .iter()
            .find(|s| s.sheet.as_deref() == Some(name.as_str()));
        let whole = plan.sources.iter().find(|s| s.sheet.is_none());
        let (sheet_plan, required) = match (by_sheet, whole) {
            (Some(s), _) => (s, true),
            (None, Some(s)) => (s, false),
            (None, None) if plan.sources.len() > 1 && !plan.detect_rest => {
                unread_formulas.add(&name, &unsaved);
                continue;
            }
            (None, None) if plan.sources.len() > 1 => (&Plan::default(), false),
            (None, None) => (plan, plan.sheet.is_some()),
        };
        // Sheets are reported by name in `ismslint init`.
        let detected_before = out.detected.len();
        let before = out.records.len();
        // A file name (`SoA.xlsx`) says what the sheet that matches it is; the other sheets of
        // the workbook (risk register, owners, evidence) are read by their own headers.
        let place = table::Place {
            title: &name,
            others_by_header: sheet_plan.config_loc.is_none(),
        };
        let read_kind =
            table::read_into_at(&mut rows, sheet_plan, cx, file, &mut out, required, place);
        let read = read_cells(no, &out.records[before..], &out.detected[detected_before..]);
        unread_formulas.split((id, no), &name, &unsaved, &read, &mut out);
        if let Some(kind) = read_kind {
            for d in &mut out.detected[detected_before..] {
                d.sheet = Some(name.clone());
            }
            let n = out.records.len() - before;
            out.notes
                .push(format!("sheet `{name}`: {n} {kind} records"));
        }
    }
    if let Some(note) = unread_formulas.note() {
        out.notes.push(note);
    }
    out
}

/// A sparse sheet → the rows of table cells the table reader takes: every position of the used
/// range (up to [`MAX_ROWS`] rows), numbers in ID columns re-read (5.1 after 5.9 is 5.10), and
/// the cells that hold a formula with no saved value (row, column, formula) in `unsaved`.
fn table_rows(
    (id, no): (FileId, SheetNo),
    name: &str,
    grid: Grid,
    out: &mut Loaded,
    unsaved: &mut Vec<(u32, u32, String)>,
) -> Result<Vec<Vec<TableCell>>, budget::Refusal> {
    let Some(((row0, col0), (row1, col1))) = grid.bounds else {
        return Ok(Vec::new());
    };
    if row1 < row0 || col1 < col0 {
        return Ok(Vec::new());
    }
    let height = (row1 - row0) as usize + 1;
    let width = (col1 - col0) as usize + 1;
    budget::area(name, height as u64, width as u64)?;
    let height = height.min(MAX_ROWS);
    // Which cell is at each position (the last one read there).
    let mut at = vec![u32::MAX; height * width];
    for (i, (r, c, _)) in grid.cells.iter().enumerate() {
        if (row0..=row1).contains(r) && (col0..=col1).contains(c) {
            let (r, c) = ((r - row0) as usize, (c - col0) as usize);
            if r < height {
                at[r * width + c] = i as u32;
            }
        }
    }
    let formulas: HashMap<(u32, u32), &str> = grid
        .formulas
        .iter()
        .map(|(r, c, f)| ((*r, *c), f.as_str()))
        .collect();
    let mut rows: Vec<Vec<TableCell>> = Vec::with_capacity(height);
    let mut previous_ids: Vec<Option<String>> = vec![None; width];
    for r in 0..height {
        let mut cells = Vec::with_capacity(width);
        for c in 0..width {
            let (abs_row, abs_col) = (row0 + r as u32, col0 + c as u32);
            let value = grid
                .cells
                .get(at[r * width + c] as usize)
                .map(|(_, _, v)| v);
            let mut text = match value {
                None => String::new(),
                Some(Val::Float(bits)) => number_text(f64::from_bits(*bits)),
                Some(Val::Text(s) | Val::Other(s)) => s.clone(),
            };
            if let Some(Val::Float(_)) = value {
                text = id_from_number(&text, previous_ids[c].as_deref());
            }
            if matches!(value, Some(Val::Float(_) | Val::Text(_))) && text.contains('.') {
                previous_ids[c] = Some(text.clone());
            }
            if value.is_none()
                && let Some(f) = formulas.get(&(abs_row, abs_col))
            {
                unsaved.push((abs_row, abs_col, f.to_string()));
            }
            if !text.trim().is_empty() {
                out.cells.push(((no, abs_row, abs_col), text.clone()));
            }
            cells.push(TableCell {
                text: text.into(),
                loc: Loc::in_sheet(id, no, abs_row, abs_col),
                verbatim: false,
            });
        }
        rows.push(cells);
    }
    Ok(rows)
}

/// The cells of `sheet` a register read as a field: the cells of the records' rows in the
/// columns whose header maps to a field (the ID column included).
fn read_cells(
    sheet: SheetNo,
    records: &[crate::model::record::RawRecord],
    detected: &[super::Detected],
) -> HashMap<(u32, u32), String> {
    let mapped: std::collections::HashSet<&str> = detected
        .iter()
        .flat_map(|d| d.columns.iter().map(|(h, _)| h.trim()))
        .collect();
    let mut read = HashMap::new();
    for record in records {
        for field in &record.fields {
            if let Some((no, row, col)) = field.loc.sheet_cell()
                && no == sheet
                && mapped.contains(field.key.trim())
            {
                read.insert((row, col), field.key.trim().to_string());
            }
        }
    }
    read
}

/// A formula that aggregates a range (`COUNTA(B5:B54)`, `AVERAGE(F4:F100)`): a total or count
/// in a summary block under or beside a register, not the value of one row's field.
fn is_summary(formula: &str) -> bool {
    static AGGREGATE: Pattern = Pattern::new(
        r"(?i)\b(COUNT|COUNTA|COUNTBLANK|COUNTIFS?|SUM|SUMIFS?|SUMPRODUCT|AVERAGE|AVERAGEIFS?|MAX|MIN|MEDIAN)\s*\(",
    );
    static RANGE: Pattern =
        Pattern::new(r"\$?[A-Za-z]{1,3}\$?([0-9]*)\s*:\s*\$?[A-Za-z]{1,3}\$?([0-9]*)");
    // A range over several rows (or whole columns): `D4:E4`, one row's own cells, is not one.
    AGGREGATE.is_match(formula)
        && RANGE
            .captures_iter(formula)
            .any(|c| c[1].is_empty() || c[1] != c[2])
}

/// A workbook's formulas with no saved value that no register reads: counted for one note.
#[derive(Default)]
struct UnreadFormulas {
    count: usize,
    sheets: Vec<String>,
    first: Option<(String, u32, u32)>,
}

impl UnreadFormulas {
    fn add(&mut self, sheet: &str, cells: &[(u32, u32, String)]) {
        let refs: Vec<&(u32, u32, String)> = cells.iter().collect();
        self.add_refs(sheet, &refs);
    }

    fn add_refs(&mut self, sheet: &str, cells: &[&(u32, u32, String)]) {
        let Some((r, c, _)) = cells.first() else {
            return;
        };
        self.count += cells.len();
        self.sheets.push(sheet.to_string());
        if self.first.is_none() {
            self.first = Some((sheet.to_string(), *r, *c));
        }
    }

    /// IN001 for the formulas in cells a register reads, one finding per column at its first
    /// such cell; the others are counted for the note.
    fn split(
        &mut self,
        (id, no): (FileId, SheetNo),
        sheet: &str,
        cells: &[(u32, u32, String)],
        read: &HashMap<(u32, u32), String>,
        out: &mut Loaded,
    ) {
        let (in_register, elsewhere): (Vec<_>, Vec<_>) = cells
            .iter()
            .partition(|(r, c, f)| read.contains_key(&(*r, *c)) && !is_summary(f));
        self.add_refs(sheet, &elsewhere);
        let mut by_col: BTreeMap<u32, Vec<&(u32, u32, String)>> = BTreeMap::new();
        for cell in in_register {
            by_col.entry(cell.1).or_default().push(cell);
        }
        for (col, mut cells) in by_col {
            cells.sort();
            let (row, _, f) = cells[0];
            let header = read.get(&(*row, col)).map_or("", String::as_str);
            let message = if cells.len() == 1 {
                format!(
                    "formula `={f}` has no saved value, in column `{header}` of a register: ismslint reads the values a spreadsheet saved, and never evaluates formulas, so this cell is read as empty"
                )
            } else {
                format!(
                    "{} formulas in column `{header}` of a register have no saved value (the first `={f}`): ismslint reads the values a spreadsheet saved, and never evaluates formulas, so these cells are read as empty",
                    cells.len()
                )
            };
            out.diagnostics.push(
                Diagnostic::at(&parse_error::META, &Loc::in_sheet(id, no, *row, col), message)
                    .label(if cells.len() == 1 {
                        "no saved value".to_string()
                    } else {
                        format!("the first of {} cells in this column with no saved value", cells.len())
                    })
                    .help("open the workbook in Excel or LibreOffice and save it, so each formula's result is stored; or have the script that writes the workbook write the values"),
            );
        }
    }

    fn note(&self) -> Option<String> {
        let (sheet, row, col) = self.first.as_ref()?;
        let first = Cell {
            sheet: sheet.clone(),
            row: *row,
            col: *col,
        }
        .a1();
        let mut sheets = self.sheets.clone();
        sheets.dedup();
        Some(format!(
            "{} formulas have no saved value (first at {sheet}!{first}; sheets: {}), in cells no register reads or in totals over a range: not reported (open and save the workbook in Excel or LibreOffice to store their values)",
            self.count,
            sheets.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_are_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let d = Data::DateTime(ExcelDateTime::new(
            46082.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        assert_eq!(cell_text(&d), "2026-03-01");
    }

    #[test]
    fn summary_formulas() {
        assert!(is_summary("COUNTA(B5:B54)"));
        assert!(is_summary("COUNTIF(K5:K54,\"Active\")"));
        assert!(is_summary(
            "IFERROR(AVERAGE('Summary Dashboard'!G7:G11),\"\")"
        ));
        assert!(is_summary("SUM($D$4:$D$100)"));
        // Near misses: one row's own value.
        assert!(!is_summary("D4*E4"));
        assert!(!is_summary("IF(D4*E4>12,\"High\",\"Low\")"));
        assert!(!is_summary("VLOOKUP(B4,Scales!A:B,2,FALSE)"));
        assert!(!is_summary("MAX(D4,E4)"));
        assert!(!is_summary("MAX(D4:E4)"));
    }

    #[test]
    fn ten_after_nine() {
        assert_eq!(id_from_number("5.1", Some("5.9")), "5.10");
        assert_eq!(id_from_number("5.2", Some("5.19")), "5.20");
        assert_eq!(id_from_number("5.1", None), "5.1");
        assert_eq!(id_from_number("5.1", Some("A.5.9")), "5.10");
        assert_eq!(id_from_number("6.1", Some("5.9")), "6.1");
        assert_eq!(number_text(3.0), "3");
    }
}
