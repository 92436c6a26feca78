//! CSV and TSV: csv-core gives us byte positions of every field, so each cell has an exact
//! location. Delimiter: tab for TSV; for CSV, `;` when it outnumbers `,` on the first lines
//! (European spreadsheet exports).

use super::table::{self, TableCell};
use super::{Format, LoadCx, Loaded, Plan, value_loc};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::input::parse_error;
use crate::source::{FileId, Loc, SourceFile};
use csv_core::{ReadFieldResult, ReaderBuilder};

/// Cells longer than this are cut: no legitimate register cell is a megabyte.
const MAX_CELL: usize = 1 << 20;

pub fn load(id: FileId, file: &SourceFile, format: Format, plan: &Plan, cx: &LoadCx) -> Loaded {
    let mut out = Loaded::default();
    let delimiter = match format {
        Format::Tsv => b'\t',
        _ => sniff_delimiter(file.text()),
    };
    let mut rows = match rows(id, file, delimiter) {
        Ok(rows) => rows,
        Err(d) => {
            out.diagnostics.push(*d);
            return out;
        }
    };
    if plan.sources.len() <= 1 && !plan.selects_tables() {
        table::read_into(&mut rows, plan, cx, file, &mut out, true);
        return out;
    }
    // Several sources name this file: the one that picks its table, or whose kind its header
    // reads as, reads it (`assign`).
    let mut tables = [rows];
    let (readers, unread) = super::assign::assign(&tables, plan, cx, file);
    match readers.first() {
        Some(super::assign::Reader::Source(source)) => {
            table::read_into(&mut tables[0], source, cx, file, &mut out, true);
        }
        Some(super::assign::Reader::Detect) => {
            table::read_into(&mut tables[0], &Plan::default(), cx, file, &mut out, false);
        }
        _ => {}
    }
    super::assign::report_unread(id, file, &tables, &unread, &mut out);
    out
}

fn sniff_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(10).collect();
    let count = |c: char| head.chars().filter(|&x| x == c).count();
    if count(';') > count(',') { b';' } else { b',' }
}

/// A cell whose unquoted bytes are `field`, written at `[start, end)` in the file.
fn cell(file: &SourceFile, id: FileId, field: &[u8], start: usize, end: usize) -> TableCell {
    let text = compact_str::CompactString::from_utf8_lossy(field);
    let (loc, verbatim) = value_loc(file, id, start, end, &text);
    TableCell {
        text,
        loc,
        verbatim,
    }
}

fn rows(
    id: FileId,
    file: &SourceFile,
    delimiter: u8,
) -> Result<Vec<Vec<TableCell>>, Box<Diagnostic>> {
    let bytes = file.text().as_bytes();
    let bom = crate::source::bom_len(file.text());
    let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
    let mut pos = bom;
    let mut rows = Vec::new();
    let mut row: Vec<TableCell> = Vec::new();
    let mut buf = vec![0u8; 4096];
    let mut field: Vec<u8> = Vec::new();
    let mut field_start = pos;
    loop {
        let input = &bytes[pos..];
        let (res, nin, nout) = reader.read_field(input, &mut buf);
        if field.len() < MAX_CELL {
            field.extend_from_slice(&buf[..nout]);
        }
        pos += nin;
        match res {
            ReadFieldResult::InputEmpty if input.is_empty() => {}
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => continue,
            ReadFieldResult::Field { record_end } => {
                let mut end = pos;
                // The consumed bytes end with the delimiter or line terminator; the cell does not.
                if !record_end && end > field_start && bytes[end - 1] == delimiter {
                    end -= 1;
                }
                while end > field_start && matches!(bytes[end - 1], b'\r' | b'\n') {
                    end -= 1;
                }
                // A CRLF's `\n` may be consumed with the next field: it is not part of it.
                while field_start < end && matches!(bytes[field_start], b'\r' | b'\n') {
                    field_start += 1;
                }
                row.push(cell(file, id, &field, field_start, end));
                field.clear();
                field_start = pos;
                if record_end {
                    // The next row is sized for as many cells as this one: most rows of a
                    // table are as wide.
                    let capacity = table::row_capacity(row.len());
                    rows.push(std::mem::replace(&mut row, Vec::with_capacity(capacity)));
                }
                continue;
            }
            ReadFieldResult::End => break,
        }
        // Empty input: tell the reader the stream ended.
        let (res, _, nout) = reader.read_field(&[], &mut buf);
        field.extend_from_slice(&buf[..nout]);
        match res {
            ReadFieldResult::Field { .. } => {
                row.push(cell(file, id, &field, field_start, pos));
                field.clear();
                field_start = pos;
                rows.push(std::mem::take(&mut row));
            }
            ReadFieldResult::End => break,
            _ => {
                return Err(Box::new(
                    Diagnostic::at(
                        &parse_error::META,
                        &Loc::new(id, pos, pos),
                        "cannot parse CSV: unexpected end of file",
                    )
                    .help("check for an unclosed quote"),
                ));
            }
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Vec<(String, String)>> {
        let file = SourceFile::new("t.csv".into(), "t.csv".into(), text.into());
        rows(0, &file, b',')
            .unwrap()
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| (c.text.into(), file.text()[c.loc.range()].to_string()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn spans_point_at_cells() {
        let r = cells("a,b\r\n\"x, y\",z\n");
        assert_eq!(r[0], [("a".into(), "a".into()), ("b".into(), "b".into())]);
        assert_eq!(r[1][0], ("x, y".into(), "x, y".into()));
        assert_eq!(r[1][1], ("z".into(), "z".into()));
    }

    #[test]
    fn multiline_and_ragged() {
        let r = cells("a,b,c\n\"line1\nline2\",2\nlast");
        assert_eq!(r[1][0].0, "line1\nline2");
        assert_eq!(r[1].len(), 2);
        assert_eq!(r[2][0].0, "last");
    }

    #[test]
    fn empty_cells() {
        let r = cells("a,,c\n");
        assert_eq!(r[0][1].0, "");
        assert_eq!(r[0][2], ("c".into(), "c".into()));
    }
}
