//! A long table at the top level of a body, read a chunk of rows at a time: pulldown-cmark builds
//! a document's whole block tree before it gives the first event (710 MB for a 60 MB table,
//! issue 16), so a chunk of rows is parsed behind the table's head line and delimiter line, as a
//! document of its own, and its events are moved back to the rows' place in the file.
//!
//! It is done only where it reads what one parse of the whole document reads, and checked:
//! - a document's block structure is decided line by line from the top (a table needs its next
//!   line to be a delimiter row, which the parse is given), except for link reference and
//!   footnote definitions: a body with `]:` anywhere is read whole;
//! - the text before the table is parsed with the head and the first chunk, and the table must
//!   start at the head line at the top level there (not in a list, quote or fence), every block
//!   before it ending before it; else the body is read whole;
//! - each row of a table is one line; a chunk whose table ends before the chunk does is where
//!   the table ends, and the text from the line after its last row is read as a document again
//!   (the line that ended a table starts a block at the top level);
//! - pulldown-cmark stops a table after 2^18 cells it added to short rows; its count restarts
//!   with each chunk, so a table with that many empty cells is read whole.
//!
//! Any doubt (`None`) and the body is read whole (`super::read`); debug builds read every table
//! in chunks of two rows and compare with the whole reading.

use super::{Reader, options};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// Bodies read in chunks: above 1 MB (debug builds: all but empty ones).
const MIN_BODY: usize = if cfg!(debug_assertions) { 0 } else { 1 << 20 };
/// Rows of a chunk: a tree of a few hundred kilobytes.
const ROWS: usize = if cfg!(debug_assertions) { 2 } else { 4096 };
/// pulldown-cmark's `MAX_AUTOCOMPLETED_CELLS` (the empty cells it adds to a table's short rows).
const MAX_ADDED_CELLS: usize = 1 << 18;

/// Whether a body is read by `read`.
pub(super) fn applies(body: &str) -> bool {
    body.len() > MIN_BODY && !body.contains("]:")
}

/// Reads `body` (at byte `base` of the file) into `reader`: each table whose head is found by
/// text (`find_head`) in chunks, the text between tables whole. `None`: read it whole.
pub(super) fn read(reader: &mut Reader<'_>, body: &str, base: usize) -> Option<()> {
    let mut at = 0;
    while at < body.len() {
        let rest = &body[at..];
        match find_head(rest) {
            Some(head) => at += table(reader, rest, base + at, head)?,
            None => {
                reader.parse(rest, base + at);
                break;
            }
        }
    }
    Some(())
}

/// A table's head, found by text: the start of its head line, and the start of the line after
/// its delimiter line (its first row).
#[derive(Clone, Copy)]
struct Head {
    start: usize,
    rows: usize,
}

/// The first pair of lines of `text` that may be a table's head: a line with a `|`, then a line
/// of `|`, `:`, `-` and spaces with a `|` and a `-`. The parse decides (`table`).
fn find_head(text: &str) -> Option<Head> {
    let mut previous: Option<(usize, bool)> = None;
    let mut at = 0;
    while at < text.len() {
        let next = line_end(text, at);
        let line = &text[at..next];
        let delimiter = line.contains('|')
            && line.contains('-')
            && line
                .bytes()
                .all(|b| matches!(b, b'|' | b':' | b'-' | b' ' | b'\t' | b'\r' | b'\n'));
        if delimiter && let Some((start, true)) = previous {
            return Some(Head { start, rows: next });
        }
        previous = Some((at, line.contains('|')));
        at = next;
    }
    None
}

/// The start of the line after the one at `at`.
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1)
}

/// The starts of the next `ROWS` lines from `at`, and the end of the last.
fn lines(text: &str, at: usize) -> Vec<usize> {
    let mut lines = vec![at];
    let mut at = at;
    while at < text.len() && lines.len() <= ROWS {
        at = line_end(text, at);
        lines.push(at);
    }
    lines
}

/// Reads the text before the table at `head` and the table, from `text` at byte `base` of the
/// file; returns where the text after the table starts.
fn table(reader: &mut Reader<'_>, text: &str, base: usize, head: Head) -> Option<usize> {
    let mut added = 0;
    // The text before the table, its head and the first chunk, parsed together.
    let first = lines(text, head.rows);
    let end = *first.last()?;
    let mut events = Parser::new_ext(&text[..end], options()).into_offset_iter();
    let mut depth = 0usize;
    loop {
        let (event, range) = events.next()?;
        if matches!(event, Event::Start(Tag::Table(_))) {
            if depth != 0 || range.start != head.start {
                return None;
            }
            reader.event(event, base + range.start, base + range.end);
            break;
        }
        if range.end > head.start {
            return None;
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.checked_sub(1)?,
            _ => {}
        }
        reader.event(event, base + range.start, base + range.end);
    }
    let at = |i: usize| base + i;
    let (mut rows, mut table_end) = chunk(reader, &mut events, at, &first, true, &mut added)?;
    let mut chunk_lines = first;
    let head_text = &text[head.start..head.rows];
    // Later chunks: the head and delimiter lines, then the chunk's rows.
    while rows + 1 == chunk_lines.len() && *chunk_lines.last()? < text.len() {
        let from = *chunk_lines.last()?;
        chunk_lines = lines(text, from);
        let to = *chunk_lines.last()?;
        let mut doc = String::with_capacity(head_text.len() + to - from);
        doc.push_str(head_text);
        doc.push_str(&text[from..to]);
        let shift = |i: usize| i + head_text.len() - from;
        let local: Vec<usize> = chunk_lines.iter().map(|&i| shift(i)).collect();
        let mut events = Parser::new_ext(&doc, options()).into_offset_iter();
        match events.next()? {
            (Event::Start(Tag::Table(_)), r) if r.start == 0 => {}
            _ => return None,
        }
        let at = |i: usize| base + (i + from).saturating_sub(head_text.len());
        (rows, table_end) = chunk(reader, &mut events, at, &local, false, &mut added)?;
    }
    reader.event(Event::End(TagEnd::Table), table_end, table_end);
    Some(chunk_lines[rows])
}

/// Reads a chunk's table from after its `Start(Table)`: its head (when `head`, the table's first
/// chunk) and its rows, up to its `End(Table)`, which is not read (the table may go on in the
/// next chunk). `lines`: the starts of the chunk's row lines in the parsed text, and their end;
/// `at`: a file offset from one in the parsed text; `added`: the empty cells seen so far.
/// Returns the rows read and the file offset of the table's end.
fn chunk<'a>(
    reader: &mut Reader<'_>,
    events: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    at: impl Fn(usize) -> usize,
    lines: &[usize],
    head: bool,
    added: &mut usize,
) -> Option<(usize, usize)> {
    let mut in_head = true;
    let mut rows = 0;
    for (event, range) in events {
        match &event {
            Event::End(TagEnd::Table) => return Some((rows, at(range.end))),
            Event::End(TagEnd::TableHead) if in_head => {
                in_head = false;
                if !head {
                    continue;
                }
            }
            Event::Start(Tag::TableRow) => {
                // Each row is the next line.
                let line = lines.get(rows..rows + 2)?;
                if in_head || !(line[0]..line[1]).contains(&range.start) {
                    return None;
                }
                rows += 1;
            }
            Event::Start(Tag::TableCell) if range.is_empty() && (head || !in_head) => {
                *added += 1;
                if *added >= MAX_ADDED_CELLS {
                    return None;
                }
            }
            _ => {}
        }
        if in_head && !head {
            continue;
        }
        reader.event(event, at(range.start), at(range.end));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn chunked(text: &str) -> bool {
        let file = SourceFile::new("p.md".into(), "p.md".into(), text.into());
        read(&mut Reader::new(0, &file), text, 0).is_some()
    }

    /// Top-level tables are read in chunks (the tests of `super` check that it reads what a
    /// whole parse reads); a table in a list or a fence is not.
    #[test]
    fn only_top_level_tables_are_read_in_chunks() {
        let table = "| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\n";
        assert!(chunked(table));
        assert!(chunked(&format!("# T\n\nText\n{table}\nMore\n{table}")));
        assert!(chunked(&format!("{table}# After\n")));
        assert!(!chunked(&format!(
            "- item\n\n  {}",
            table.replace('\n', "\n  ")
        )));
        assert!(!chunked(&format!("```\n{table}")));
        // A lone `\r` ends a row too: two rows on one line.
        assert!(!chunked(&table.replacen("2 |\n", "2 |\r", 1)));
    }
}
