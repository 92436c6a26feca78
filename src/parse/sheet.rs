//! Spreadsheets (XLSX, XLSM, ODS, XLS) with calamine. Every sheet is a candidate source: its
//! header row decides its kind, so an SoA sheet and a risk-register sheet in one workbook are
//! both read, and dashboards or scoring guides are skipped. Every cell keeps its sheet and
//! A1 position for diagnostics.

use super::table::{self, TableCell};
use super::{LoadCx, Loaded, Plan};
use crate::diagnostic::Diagnostic;
use crate::rules::input::{parse_error, source_not_found};
use crate::source::{Cell, FileId, Loc, SourceFile};
use calamine::{Data, Reader};
use std::io::Cursor;

/// Rows read from one sheet at most; a register is far smaller.
const MAX_ROWS: usize = 1_000_000;

fn cell_loc(id: FileId, sheet: &str, row: u32, col: u32) -> Loc {
    Loc {
        file: id,
        start: 0,
        end: 0,
        cell: Some(Box::new(Cell {
            sheet: sheet.to_string(),
            row,
            col,
        })),
    }
}

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

fn cell_text(value: &Data) -> String {
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

pub fn load(id: FileId, file: &SourceFile, bytes: &[u8], plan: &Plan, cx: &LoadCx) -> Loaded {
    let mut out = Loaded::default();
    let fail = |msg: String, out: &mut Loaded| {
        out.diagnostics.push(
            Diagnostic::at(&parse_error::META, &Loc::file_start(id), msg)
                .help("save the workbook again as .xlsx or .ods, or list it in .ismslintignore"),
        );
    };
    // Check the container first so the message says what the file really is.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && !file.path.to_lowercase().ends_with(".xls") {
        fail(
            format!(
                "`{}` is an encrypted (password-protected) or legacy workbook, which cannot be read",
                file.path
            ),
            &mut out,
        );
        return out;
    }
    if !bytes.starts_with(b"PK") && !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let looks_like_text = std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok();
        let what = if looks_like_text {
            "it holds text (CSV?), not a workbook: rename it"
        } else {
            "it is not a workbook"
        };
        fail(format!("cannot read `{}`: {what}", file.path), &mut out);
        return out;
    }
    let mut book = match calamine::open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(b) => b,
        Err(e) => {
            fail(
                format!("cannot read workbook `{}`: {e}", file.path),
                &mut out,
            );
            return out;
        }
    };
    let names = book.sheet_names();
    if let Some(wanted) = &plan.sheet
        && !names.iter().any(|n| n == wanted)
    {
        let at = plan
            .config_loc
            .clone()
            .unwrap_or_else(|| Loc::file_start(id));
        out.diagnostics.push(
            Diagnostic::at(
                &source_not_found::META,
                &at,
                format!("sheet `{wanted}` is not in `{}`", file.path),
            )
            .label("configured here")
            .help(format!("sheets: {}", names.join(", "))),
        );
        return out;
    }
    for name in &names {
        if plan.sheet.as_ref().is_some_and(|w| w != name) {
            continue;
        }
        let range = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                fail(
                    format!("cannot read sheet `{name}` of `{}`: {e}", file.path),
                    &mut out,
                );
                continue;
            }
        };
        // Formulas with no cached value read as empty cells: say so instead of guessing.
        let formulas = book.worksheet_formula(name).ok();
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<TableCell>> = Vec::new();
        let width = range.width();
        let mut previous_ids: Vec<Option<String>> = vec![None; width];
        for (r, row) in range.rows().enumerate().take(MAX_ROWS) {
            let mut cells = Vec::with_capacity(width);
            for (c, value) in row.iter().enumerate() {
                let (abs_row, abs_col) = (row0 + r as u32, col0 + c as u32);
                let mut text = cell_text(value);
                if let Data::Float(_) = value {
                    text = id_from_number(&text, previous_ids[c].as_deref());
                }
                if matches!(value, Data::Float(_) | Data::String(_)) && text.contains('.') {
                    previous_ids[c] = Some(text.clone());
                }
                if value == &Data::Empty {
                    let formula = formulas
                        .as_ref()
                        .and_then(|f| f.get_value((abs_row, abs_col)))
                        .filter(|f| !f.is_empty());
                    if let Some(f) = formula {
                        out.diagnostics.push(
                            Diagnostic::at(
                                &parse_error::META,
                                &cell_loc(id, name, abs_row, abs_col),
                                format!("formula `={f}` has no saved value: ismslint reads the values a spreadsheet saved, and never evaluates formulas"),
                            )
                            .help("open the workbook in a spreadsheet program and save it, so the formula's result is stored"),
                        );
                    }
                }
                if !text.trim().is_empty() {
                    out.cells
                        .push(((name.clone(), abs_row, abs_col), text.clone()));
                }
                cells.push(TableCell {
                    text,
                    loc: cell_loc(id, name, abs_row, abs_col),
                    verbatim: false,
                });
            }
            rows.push(cells);
        }
        if rows
            .iter()
            .all(|r| r.iter().all(|c| c.text.trim().is_empty()))
        {
            out.notes.push(format!("sheet `{name}`: empty, skipped"));
            continue;
        }
        let required = plan.sheet.is_some();
        // Sheets are reported by name in `ismslint init`.
        let detected_before = out.detected.len();
        let before = out.records.len();
        match table::read_into(&rows, plan, cx, file, &mut out, required) {
            Some(kind) => {
                for d in &mut out.detected[detected_before..] {
                    d.sheet = Some(name.clone());
                }
                let n = out.records.len() - before;
                out.notes
                    .push(format!("sheet `{name}`: {n} {kind} records"));
            }
            None => out.notes.push(format!(
                "sheet `{name}`: skipped, no header row names a kind (a dashboard or guide?)"
            )),
        }
    }
    out
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
    fn ten_after_nine() {
        assert_eq!(id_from_number("5.1", Some("5.9")), "5.10");
        assert_eq!(id_from_number("5.2", Some("5.19")), "5.20");
        assert_eq!(id_from_number("5.1", None), "5.1");
        assert_eq!(id_from_number("5.1", Some("A.5.9")), "5.10");
        assert_eq!(id_from_number("6.1", Some("5.9")), "6.1");
        assert_eq!(number_text(3.0), "3");
    }
}
