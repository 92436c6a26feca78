//! What a reader hands back: the non-empty cells of each sheet and the bounds of its used range,
//! sparse, so a sheet never costs more than its cells. The same shape comes from the in-process
//! XLSX reader and (as JSON) from the child process that reads `.xls`/`.ods`.

use super::budget::{self, Budget, Refusal};
use calamine::{Data, Range};
use serde::{Deserialize, Serialize};

/// A non-empty cell value, as the table reader needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Val {
    /// A number (`f64` bits, exact through JSON): an ID column may need it re-read (5.1 → 5.10).
    Float(u64),
    /// A string cell.
    Text(String),
    /// Any other value, already as the text a person sees (dates, booleans, errors, integers).
    Other(String),
}

/// One sheet, sparse.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Grid {
    /// First and last (row, column) of the used range, absolute; `None` for an empty sheet.
    pub bounds: Option<((u32, u32), (u32, u32))>,
    /// Non-empty values at absolute positions, in reading order (a later one at the same
    /// position wins).
    pub cells: Vec<(u32, u32, Val)>,
    /// Formulas of cells with no value, at absolute positions.
    pub formulas: Vec<(u32, u32, String)>,
}

/// A workbook: its sheet names in order, and the sheets that were read (a per-sheet error is a
/// message for IN001 at that sheet).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Book {
    pub names: Vec<String>,
    pub sheets: Vec<(String, Result<Grid, String>)>,
}

impl Book {
    /// An empty book with these sheet names, refused when there are too many to read.
    pub fn with_names(names: Vec<String>) -> Result<Book, Failure> {
        if names.len() > super::budget::MAX_SHEETS {
            return Err(Failure::Refused(format!(
                "it has {} sheets, more than {}",
                names.len(),
                super::budget::MAX_SHEETS
            )));
        }
        Ok(Book {
            names,
            sheets: Vec::new(),
        })
    }
}

/// Why a workbook yields nothing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Failure {
    /// Over a budget, or a structure that would crash a reader: what it is.
    Refused(String),
    /// The reader's own error.
    Unreadable(String),
    /// The reader crashed or hit a resource limit: what happened to it.
    Crashed(String),
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        Failure::Refused(r.0)
    }
}

/// The value of a calamine cell, `None` when empty. Text is charged to the budget before it is
/// copied.
pub fn val(value: &Data, budget: &mut Budget) -> Result<Option<Val>, Refusal> {
    Ok(Some(match value {
        Data::Empty => return Ok(None),
        Data::Float(f) => Val::Float(f.to_bits()),
        Data::String(s) => {
            budget.text(s.len())?;
            Val::Text(s.clone())
        }
        other => {
            let text = super::cell_text(other);
            budget.text(text.len())?;
            Val::Other(text)
        }
    }))
}

/// A sheet read by calamine into a dense `Range` (ODS, XLS): back to sparse, under the budgets.
pub fn from_range(
    sheet: &str,
    range: &Range<Data>,
    formulas: Option<&Range<String>>,
    budget: &mut Budget,
) -> Result<Grid, Refusal> {
    let (Some(start), Some(_)) = (range.start(), range.end()) else {
        return Ok(Grid::default());
    };
    let width = range.width();
    // The rows the old reader iterated: the range's cells in rows of `width`.
    let rows = range.rows().len();
    budget::area(sheet, rows as u64, width as u64)?;
    let end = (
        start.0.saturating_add(rows.saturating_sub(1) as u32),
        start.1.saturating_add(width.saturating_sub(1) as u32),
    );
    let mut grid = Grid {
        bounds: Some((start, end)),
        ..Grid::default()
    };
    for (r, c, value) in range.used_cells() {
        if r >= budget::MAX_ROWS {
            break;
        }
        if let Some(v) = val(value, budget)? {
            budget.cell()?;
            grid.cells.push((start.0 + r as u32, start.1 + c as u32, v));
        }
    }
    if let Some(formulas) = formulas
        && let Some(fstart) = formulas.start()
    {
        for (r, c, f) in formulas.used_cells() {
            let pos = (fstart.0 + r as u32, fstart.1 + c as u32);
            let inside = pos.0 >= start.0 && pos.0 <= end.0 && pos.1 >= start.1 && pos.1 <= end.1;
            let empty = range.get_value(pos).is_none_or(|v| v == &Data::Empty);
            if inside && empty && !f.is_empty() && ((pos.0 - start.0) as usize) < budget::MAX_ROWS {
                budget.text(f.len())?;
                grid.formulas.push((pos.0, pos.1, f.clone()));
            }
        }
    }
    Ok(grid)
}
