//! XLSX/XLSM, in process: calamine's streaming cell reader, one cell at a time into a sparse
//! [`Grid`], under the budgets. calamine's `worksheet_range` would first build a dense range of
//! the whole used area (`Range::from_sparse`), which for cells in `A1` and `XFD1048576` asks for
//! 512 GiB; its `worksheet_formula` expands shared formulas into a table sized by the `si`
//! attribute. Neither is called here.

use super::budget::{self, Budget, Refusal};
use super::grid::{Book, Failure, Grid, Val};
use super::zipguard::{self, Checked};
use calamine::{Data, DataRef, Reader, Xlsx, XlsxError, XlsxFormulaMetadata};
use std::cell::Cell;
use std::collections::HashMap;
use std::io::{Read, Seek};

pub fn read(
    bytes: &[u8],
    checked: &Checked,
    wanted: Option<&str>,
    budget: &mut Budget,
) -> Result<Book, Failure> {
    let (reader, opened) = checked.tracked(bytes);
    let mut book: Xlsx<_> =
        Xlsx::new(reader).map_err(|e| Failure::Unreadable(calamine::Error::Xlsx(e).to_string()))?;
    zipguard::check_inflated(opened.get())?;
    let names = book.sheet_names();
    let mut out = Book::with_names(names.clone())?;
    for name in &names {
        if wanted.is_some_and(|w| w != name) {
            continue;
        }
        // Formulas are read in the same pass. A sheet whose formula markup calamine rejects was
        // still read before (values only): read it again without formulas.
        let before = budget.clone();
        let mut sheet = read_sheet(&mut book, name, true, &opened, budget)?;
        if sheet.is_err() {
            *budget = before;
            sheet = read_sheet(&mut book, name, false, &opened, budget)?;
        }
        out.sheets.push((name.clone(), sheet));
    }
    Ok(out)
}

fn read_sheet<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
    with_formulas: bool,
    opened: &Cell<u64>,
    budget: &mut Budget,
) -> Result<Result<Grid, String>, Refusal> {
    let reader = book.worksheet_cells_reader(name);
    // Opening the sheet inflated its part (or one more time).
    zipguard::check_inflated(opened.get())?;
    let mut reader = match reader {
        Ok(r) => r,
        // A chart sheet or the like: read as an empty sheet, as calamine's worksheet_range does.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Ok(Grid::default())),
        Err(e) => return Ok(Err(calamine::Error::Xlsx(e).to_string())),
    };
    let mut grid = Grid::default();
    let mut bounds: Option<((u32, u32), (u32, u32))> = None;
    // Shared formulas: index → (template, anchor cell), expanded only for cells that need it.
    let mut templates: HashMap<usize, (String, (u32, u32))> = HashMap::new();
    loop {
        let record = if with_formulas {
            reader.next_cell_with_formula_metadata()
        } else {
            reader.next_cell().map(|c| {
                c.map(|c| calamine::XlsxCellFormulaMetadataRecord {
                    pos: c.get_position(),
                    value: c.get_value().clone(),
                    formula: None,
                })
            })
        };
        let record = match record {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => return Ok(Err(calamine::Error::Xlsx(e).to_string())),
        };
        let pos = record.pos;
        let formula = match record.formula {
            Some(XlsxFormulaMetadata::Normal { formula }) => Some(formula),
            Some(XlsxFormulaMetadata::Shared {
                shared_index,
                range,
                formula,
            }) => {
                if let Some(range) = range {
                    budget.text(formula.len())?;
                    templates.insert(shared_index, (formula.clone(), range.start));
                }
                Some(formula)
            }
            Some(XlsxFormulaMetadata::SharedDerived { shared_index }) => {
                if record.value == DataRef::Empty {
                    templates
                        .get(&shared_index)
                        .and_then(|(t, start)| calamine::expand_shared_formula(t, *start, pos).ok())
                } else {
                    None
                }
            }
            _ => None,
        };
        if record.value == DataRef::Empty {
            // A formula with no saved value: kept for the IN001 that says so.
            if let Some(f) = formula.filter(|f| !f.is_empty()) {
                budget.text(f.len())?;
                budget.cell()?;
                grid.formulas.push((pos.0, pos.1, f));
            }
            continue;
        }
        let (start, end) = bounds.get_or_insert((pos, pos));
        *start = (start.0.min(pos.0), start.1.min(pos.1));
        *end = (end.0.max(pos.0), end.1.max(pos.1));
        budget::area(
            name,
            u64::from(end.0 - start.0) + 1,
            u64::from(end.1 - start.1) + 1,
        )?;
        let value = match record.value {
            DataRef::Float(f) => Val::Float(f.to_bits()),
            DataRef::SharedString(s) => {
                budget.text(s.len())?;
                Val::Text(s.to_string())
            }
            DataRef::String(s) => {
                budget.text(s.len())?;
                Val::Text(s)
            }
            other => {
                let text = super::cell_text(&Data::from(other));
                budget.text(text.len())?;
                Val::Other(text)
            }
        };
        budget.cell()?;
        grid.cells.push((pos.0, pos.1, value));
    }
    grid.bounds = bounds;
    Ok(Ok(grid))
}
