//! What one workbook may cost to read. Every workbook in a pull request may be hostile, so each
//! is read under explicit budgets; a workbook over one is not read (IN001 at the file) and the
//! rest of the repository is linted. Each number is far above any real ISMS register and far
//! below what would hurt a CI runner (a few hundred MB at most per file).

/// Rows read from one sheet at most; a register is far smaller. Rows past it are not read (as
/// before the budgets), they do not refuse the file.
pub const MAX_ROWS: usize = 1_000_000;

/// Cells in the used range of one sheet: rows (up to [`MAX_ROWS`]) × columns between its first
/// and last non-empty cell. Each becomes a table cell of ~120 bytes, so a sheet at the budget
/// takes ~0.5 GB; a 100,000-row register 40 columns wide fits. A sheet with cells in `A1` and
/// `XFD1048576` (17 billion cells) does not.
pub const MAX_AREA: u64 = 4_000_000;

/// Non-empty cells read from one workbook, over all its sheets.
pub const MAX_CELLS: usize = 4_000_000;

/// Non-empty cells a workbook may hold whatever its size, and how many more per byte of the
/// file. Each cell read costs ~1–2 KB downstream (records, values, findings), so a 1 KB ODS
/// whose `number-rows-repeated` turns three cells into three million (5.8 GB, found by the
/// fuzzer) must not get the whole [`MAX_CELLS`]. Real workbooks hold far fewer cells per byte:
/// a 10,000-row register saved by a spreadsheet program takes ~2.4 bytes per cell.
pub const CELL_FLOOR: usize = 100_000;
pub const CELLS_PER_BYTE: usize = 16;

/// Text of one cell. Excel holds at most 32,767 characters (≤ 128 KiB of UTF-8); 1 MiB is the
/// CSV reader's limit too.
pub const MAX_CELL_BYTES: usize = 1 << 20;

/// Text read from one workbook: cell values and formulas, counted each time a shared string or
/// shared formula is used, which is how a small workbook expands to a large one (like YAML
/// aliases). Each byte is held ~4 times (cell, table, records, quotes), so ≤ ~0.5 GB.
pub const MAX_TEXT_BYTES: usize = 128 << 20;

/// Sheets in one workbook. Registers have a handful; calamine looks sheets up by a linear search,
/// so a million sheets would be quadratic.
pub const MAX_SHEETS: usize = 1_000;

/// Entries in a zip container (XLSX/XLSM/ODS). A workbook has tens; the central directory of a
/// 64 MiB file could list a million.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Declared inflated size of one zip entry. The zip reader fails an entry that inflates past its
/// declared size, so this bounds what any reader can get out of the entry.
pub const MAX_ENTRY_BYTES: u64 = 256 << 20;

/// Declared inflated size of all entries of one zip together, and also the bytes inflated while
/// reading the workbook (an entry read twice, e.g. one worksheet part shared by many sheets,
/// counts twice). 256 MiB of XML is a register of millions of cells; parsing it takes ~1 s.
pub const MAX_INFLATED_BYTES: u64 = 256 << 20;

/// Strings in an XLSX shared-string table (`<si>` elements, and the `uniqueCount` calamine
/// reserves room for up front: 24 bytes each). One per cell of a full-budget workbook.
pub const MAX_SHARED_STRINGS: u64 = MAX_CELLS as u64;

/// Bytes calamine may build from an XLSX `styles.xml`: it copies the font, fill, border and
/// number format of every cell format (`<xf>`), so one 1 MB font name used by a million formats
/// would be a terabyte. Real workbooks need a few MB.
pub const MAX_STYLE_BYTES: u64 = 64 << 20;

/// IN001 "formula has no saved value" findings listed for one workbook; the rest are counted in
/// one more finding. A workbook saved without values can have one per cell, and four million
/// findings (~0.4 KB each, rendered) would cost more than the workbook.
pub const MAX_FORMULA_FINDINGS: usize = 1_000;

/// Why a workbook is not read: a budget it exceeds, or a structure that would crash a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

/// Running totals for one workbook.
#[derive(Debug, Default, Clone)]
pub struct Budget {
    cells: usize,
    text: usize,
    /// Non-empty cells allowed; `0` = [`MAX_CELLS`].
    max_cells: usize,
}

impl Budget {
    /// The budget of a workbook file of `len` bytes.
    pub fn for_file(len: usize) -> Self {
        Budget {
            max_cells: CELL_FLOOR
                .saturating_add(len.saturating_mul(CELLS_PER_BYTE))
                .min(MAX_CELLS),
            ..Budget::default()
        }
    }

    /// One more non-empty cell.
    pub fn cell(&mut self) -> Result<(), Refusal> {
        self.cells += 1;
        let max = if self.max_cells == 0 {
            MAX_CELLS
        } else {
            self.max_cells
        };
        if self.cells > max {
            return Err(Refusal(format!(
                "it expands to more than {max} non-empty cells (at most {CELL_FLOOR} plus \
                 {CELLS_PER_BYTE} per byte of the file are read)"
            )));
        }
        Ok(())
    }

    /// `len` more bytes of text, for one cell value or formula.
    pub fn text(&mut self, len: usize) -> Result<(), Refusal> {
        if len > MAX_CELL_BYTES {
            return Err(Refusal(format!(
                "a cell holds {} KiB of text, more than the {} KiB a cell may hold",
                len >> 10,
                MAX_CELL_BYTES >> 10
            )));
        }
        self.text = self.text.saturating_add(len);
        if self.text > MAX_TEXT_BYTES {
            return Err(Refusal(format!(
                "its cells hold more than {} MiB of text (shared strings are counted at each use)",
                MAX_TEXT_BYTES >> 20
            )));
        }
        Ok(())
    }
}

/// The area check for a sheet whose non-empty cells span `rows` × `cols`.
pub fn area(sheet: &str, rows: u64, cols: u64) -> Result<(), Refusal> {
    let read_rows = rows.min(MAX_ROWS as u64);
    if read_rows.saturating_mul(cols) > MAX_AREA {
        return Err(Refusal(format!(
            "sheet `{sheet}` spans {rows} rows × {cols} columns, more than the {MAX_AREA} cells \
             ismslint reads from a sheet"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_refuse_past_the_limit() {
        let mut b = Budget::default();
        assert!(b.text(MAX_CELL_BYTES).is_ok());
        assert!(b.text(MAX_CELL_BYTES + 1).is_err());
        assert!(area("S", 1_048_576, 16_384).is_err());
        assert!(area("S", 100_000, 40).is_ok());
        // Rows past MAX_ROWS are not read, so they do not count.
        assert!(area("S", u64::from(u32::MAX), 4).is_ok());
    }

    #[test]
    fn small_files_get_few_cells() {
        let mut tiny = Budget::for_file(1_000);
        assert!((0..CELL_FLOOR + 16_000).all(|_| tiny.cell().is_ok()));
        assert!(tiny.cell().is_err());
        let big = Budget::for_file(64 << 20);
        assert_eq!(big.max_cells, MAX_CELLS);
    }
}
