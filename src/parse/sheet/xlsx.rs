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
use std::collections::{HashMap, HashSet};
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
        let sheet = match sheet {
            Ok((mut grid, dates)) => {
                show_dates_in_id_columns(&mut book, name, &mut grid, &dates, &opened)?;
                Ok(grid)
            }
            Err(e) => Err(e),
        };
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
) -> Result<Result<(Grid, Dates), String>, Refusal> {
    let reader = book.worksheet_cells_reader(name);
    // Opening the sheet inflated its part (or one more time).
    zipguard::check_inflated(opened.get())?;
    let mut reader = match reader {
        Ok(r) => r,
        // A chart sheet or the like: read as an empty sheet, as calamine's worksheet_range does.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Ok((Grid::default(), Vec::new()))),
        Err(e) => return Ok(Err(calamine::Error::Xlsx(e).to_string())),
    };
    let mut grid = Grid::default();
    let mut bounds: Option<((u32, u32), (u32, u32))> = None;
    // Date cells: index in `grid.cells` and (year, month, day), to show as their number format
    // does when they sit in an ID column (a control number Excel stored as a date).
    let mut dates: Dates = Vec::new();
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
                if let DataRef::DateTime(dt) = &other {
                    let (y, m, d, ..) = dt.to_ymd_hms_milli();
                    dates.push((grid.cells.len(), (y, m, d)));
                }
                let text = super::cell_text(&Data::from(other));
                budget.text(text.len())?;
                Val::Other(text)
            }
        };
        budget.cell()?;
        grid.cells.push((pos.0, pos.1, value));
    }
    grid.bounds = bounds;
    Ok(Ok((grid, dates)))
}

/// Date cells of a sheet: index in its grid's cells, and (year, month, day).
type Dates = Vec<(usize, Ymd)>;

/// A date's year, month and day.
type Ymd = (u16, u8, u8);

/// Header cells of a column that holds control numbers.
const ID_HEADERS: &[&str] = &[
    "control",
    "controlid",
    "controlref",
    "controlreference",
    "controlno",
    "controlnumber",
    "ref",
    "reference",
    "id",
    "no",
    "#",
    "annexa",
    "annexacontrol",
    "isocontrol",
    "clause",
];

/// Columns that hold control numbers: a header that says so, or two cells that read as one.
fn id_columns(grid: &Grid, date_cols: &HashSet<u32>) -> HashSet<u32> {
    let mut ids: HashMap<u32, usize> = HashMap::new();
    let mut named = HashSet::new();
    for (_, c, v) in &grid.cells {
        if !date_cols.contains(c) {
            continue;
        }
        let text = match v {
            Val::Text(t) => t.clone(),
            Val::Float(bits) => super::number_text(f64::from_bits(*bits)),
            Val::Other(_) => continue,
        };
        let key: String = text
            .chars()
            .filter(|ch| ch.is_alphanumeric() || *ch == '#')
            .flat_map(char::to_lowercase)
            .collect();
        if ID_HEADERS.contains(&key.as_str()) {
            named.insert(*c);
        } else if crate::model::control_id::parse_control_ref(&text).is_some() {
            *ids.entry(*c).or_default() += 1;
        }
    }
    named.extend(ids.into_iter().filter(|(_, n)| *n >= 2).map(|(c, _)| c));
    named
}

/// Date cells in a column of control numbers are shown as the spreadsheet shows them: a
/// `10.1.1` that Excel stored as 1 January 2010 with the number format `yy.m.d` reads `10.1.1`.
/// The number formats are read in a second pass over the sheet, only when such cells exist.
/// A date whose format is not a plain day-month-year pattern stays an ISO date (the table
/// reader reports it, IN001).
fn show_dates_in_id_columns<RS: Read + Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
    grid: &mut Grid,
    dates: &Dates,
    opened: &Cell<u64>,
) -> Result<(), Refusal> {
    if dates.is_empty() {
        return Ok(());
    }
    let date_cols: HashSet<u32> = dates.iter().map(|(i, _)| grid.cells[*i].1).collect();
    let id_cols = id_columns(grid, &date_cols);
    let wanted: HashMap<(u32, u32), (usize, Ymd)> = dates
        .iter()
        .filter(|(i, _)| id_cols.contains(&grid.cells[*i].1))
        .map(|&(i, ymd)| ((grid.cells[i].0, grid.cells[i].1), (i, ymd)))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let reader = book.worksheet_cells_reader(name);
    zipguard::check_inflated(opened.get())?;
    let Ok(mut reader) = reader else {
        return Ok(());
    };
    let mut styled: Vec<(usize, Ymd, usize)> = Vec::new();
    while let Ok(Some((row, col, style))) = reader.next_style_id() {
        if let Some(&(i, ymd)) = wanted.get(&(row, col)) {
            styled.push((i, ymd, style));
        }
    }
    let styles = reader.styles();
    for (i, ymd, style) in styled {
        let code = styles
            .get(style)
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.as_str());
        // Shown as a control number (`10.1.1`), it is read as one; shown as a date
        // (`6/1/2011`), it stays a date, which the table reader reports (IN001).
        if let Some(text) = code
            .and_then(|c| show_date(c, ymd))
            .filter(|t| crate::model::control_id::parse_control_ref(t).is_some())
        {
            grid.cells[i].2 = Val::Text(text);
        }
    }
    Ok(())
}

/// A date as a day-month-year number format shows it (`yy.m.d`, `d/m/yyyy`); `None` for a
/// format with anything else (month names, times, conditions).
pub(super) fn show_date(code: &str, (y, m, d): Ymd) -> Option<String> {
    let section = code.split(';').next()?;
    let chars: Vec<char> = section.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            // `[$-409]` locale, `[Red]` colour: not shown.
            '[' => i += chars[i..].iter().position(|&x| x == ']')? + 1,
            '"' => {
                let len = chars[i + 1..].iter().position(|&x| x == '"')?;
                out.extend(&chars[i + 1..i + 1 + len]);
                i += len + 2;
            }
            '\\' => {
                out.push(*chars.get(i + 1)?);
                i += 2;
            }
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' => {
                let run = chars[i..]
                    .iter()
                    .take_while(|x| x.eq_ignore_ascii_case(&c))
                    .count();
                let part = match (c.to_ascii_lowercase(), run) {
                    ('y', 1 | 2) => format!("{:02}", y % 100),
                    ('y', 3 | 4) => format!("{y}"),
                    ('m', 1) => m.to_string(),
                    ('m', 2) => format!("{m:02}"),
                    ('d', 1) => d.to_string(),
                    ('d', 2) => format!("{d:02}"),
                    _ => return None,
                };
                out.push_str(&part);
                i += run;
            }
            '.' | '-' | '/' | ' ' | ',' => {
                out.push(c);
                i += 1;
            }
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::show_date;

    #[test]
    fn dates_shown_as_their_format() {
        assert_eq!(show_date("yy.m.d", (2010, 1, 1)).as_deref(), Some("10.1.1"));
        assert_eq!(show_date("yy.m.d", (2005, 1, 2)).as_deref(), Some("05.1.2"));
        assert_eq!(
            show_date("[$-409]d/m/yyyy;@", (2026, 3, 1)).as_deref(),
            Some("1/3/2026")
        );
        assert_eq!(show_date("d\\.m", (2026, 3, 1)).as_deref(), Some("1.3"));
        assert_eq!(show_date("mmm d", (2026, 3, 1)), None);
        assert_eq!(show_date("h:mm", (2026, 3, 1)), None);
    }
}
