//! Files as the linter sees them: decoded text, a line index, and locations into them.

pub mod fsafe;
pub mod heading;
pub mod paths;
pub mod site;
pub mod walk;

use std::path::PathBuf;

pub type FileId = usize;

/// A cell of a spreadsheet: sheet name and zero-based row and column.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cell {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
}

impl Cell {
    /// A1 notation (`D14`).
    pub fn a1(&self) -> String {
        let mut col = self.col + 1;
        let mut letters = Vec::new();
        while col > 0 {
            let rem = (col - 1) % 26;
            letters.push(b'A' + rem as u8);
            col = (col - 1) / 26;
        }
        letters.reverse();
        format!("{}{}", String::from_utf8_lossy(&letters), self.row + 1)
    }
}

/// Where something is: a byte range in a text file, or a cell of a workbook.
///
/// 16 bytes and `Copy`: every field of every record and entity holds one, and a million-row
/// register holds ten million. So a cell names its sheet by number, not by name (the names are
/// kept once per file, in [`SourceFile::sheets`]), and its row and column take the place of the
/// byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Loc {
    /// A `FileId` (a run never holds 2^32 files: each `SourceFile` is over 100 bytes).
    file: u32,
    /// Byte offsets in the file (files are at most 64 MiB, so 32 bits hold them); a cell's row
    /// and column.
    start: u32,
    end: u32,
    /// 0 for a text location; else a [`SheetNo`] of the file's sheets.
    sheet: u32,
}

/// Locations sort as they did when a cell held its sheet's name after a byte range of `0..0`:
/// file, byte range, then sheet, row, column. Sheet numbers follow the sheet names' order
/// ([`Sheets`]), so comparing numbers compares names.
impl Ord for Loc {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Loc {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Loc {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        let start = offset(start);
        Loc {
            file: file_number(file),
            start,
            end: offset(end).max(start),
            sheet: 0,
        }
    }

    /// A cell of a workbook: `sheet` of the file's [`Sheets`], zero-based row and column.
    pub fn in_sheet(file: FileId, sheet: SheetNo, row: u32, col: u32) -> Self {
        Loc {
            file: file_number(file),
            start: row,
            end: col,
            sheet: sheet.0.get(),
        }
    }

    pub fn file(&self) -> FileId {
        self.file as FileId
    }

    /// Is this a cell of a workbook (not a byte range)?
    pub fn is_cell(&self) -> bool {
        self.sheet != 0
    }

    /// A cell's sheet number, row and column.
    pub fn sheet_cell(&self) -> Option<(SheetNo, u32, u32)> {
        let sheet = std::num::NonZeroU32::new(self.sheet)?;
        Some((SheetNo(sheet), self.start, self.end))
    }

    /// The byte range `start..end` in the file (`0..0` for a cell).
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// The start as a byte offset (0 for a cell).
    pub fn start(&self) -> usize {
        if self.is_cell() {
            0
        } else {
            self.start as usize
        }
    }

    /// The end as a byte offset (0 for a cell).
    pub fn end(&self) -> usize {
        if self.is_cell() { 0 } else { self.end as usize }
    }

    /// The start of a file: used for findings about a file as a whole.
    pub fn file_start(file: FileId) -> Self {
        Loc::new(file, 0, 0)
    }

    /// What the order compares: see `Ord`.
    fn key(&self) -> (u32, u32, u32, u32, u32, u32) {
        match self.sheet {
            0 => (self.file, self.start, self.end, 0, 0, 0),
            sheet => (self.file, 0, 0, sheet, self.start, self.end),
        }
    }
}

/// A file id as a location holds it.
fn file_number(file: FileId) -> u32 {
    u32::try_from(file).expect("fewer than 2^32 files in a run")
}

/// A sheet of a workbook, by its number in the file's [`Sheets`] (1-based: 0 is a text
/// location). Only [`Sheets::number`] makes one, so a number always names a sheet of the list
/// it came from (the list the workbook's `SourceFile` keeps).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SheetNo(std::num::NonZeroU32);

/// A workbook's sheet names, sorted and each once: numbered in name order, so locations sort
/// by sheet name as they did when they held it.
#[derive(Clone, Debug, Default)]
pub struct Sheets(Vec<String>);

impl Sheets {
    pub fn new(names: impl IntoIterator<Item = String>) -> Self {
        let mut names: Vec<String> = names.into_iter().collect();
        names.sort_unstable();
        names.dedup();
        Sheets(names)
    }

    /// The number of sheet `name`, if the workbook has it.
    pub fn number(&self, name: &str) -> Option<SheetNo> {
        let i = self.0.binary_search_by(|n| n.as_str().cmp(name)).ok()?;
        let n = u32::try_from(i + 1).ok()?;
        std::num::NonZeroU32::new(n).map(SheetNo)
    }

    /// The name of sheet `no`.
    pub fn name(&self, no: SheetNo) -> Option<&str> {
        let i = usize::try_from(no.0.get() - 1).ok()?;
        self.0.get(i).map(String::as_str)
    }
}

/// A byte offset as a location holds it (saturating: no text file read is 4 GiB).
pub(crate) fn offset(byte: usize) -> u32 {
    u32::try_from(byte).unwrap_or(u32::MAX)
}

/// One loaded file. `text` is the decoded content (UTF-8, BOM removed is NOT done here:
/// offsets always refer to this exact string).
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the linted root, with `/` separators.
    pub path: String,
    pub abs: PathBuf,
    /// The decoded content, read through [`SourceFile::text`]: held from the load on, unless
    /// [`SourceFile::release_text`] dropped it (then read again from `abs` when first asked).
    held: std::sync::OnceLock<String>,
    /// Set when the text was released: what the text was, to check it is read again the same.
    released: Option<Released>,
    line_starts: LineStarts,
    /// Chars before every `CHAR_STRIDE`th byte, built on the first column asked on a long line:
    /// a column is then counted over at most `CHAR_STRIDE` bytes, not over the whole line (many
    /// findings on one long line would otherwise cost findings × line length).
    char_counts: std::sync::OnceLock<Vec<usize>>,
    /// A workbook's non-empty cells (sheet, row, column → text), to quote them in messages.
    pub cells: std::collections::HashMap<(SheetNo, u32, u32), String>,
    /// A workbook's sheets: the names its cells' locations number.
    pub sheets: Sheets,
}

/// Where every `LINE_STRIDE`th line starts; the starts between are found from the one before
/// them (at most `LINE_STRIDE - 1` line breaks further). A file's line starts are kept to the
/// end of the run (even when its text is released), and a start per line cost four bytes a line (issue 16: 15 MB of the 100-unit
/// tree's peak); now it is half a byte. Four bytes a kept start for a file under 4 GiB (every
/// file read: they are capped far below), eight otherwise.
#[derive(Debug)]
struct LineStarts {
    every: Every,
    /// Lines in the file.
    count: usize,
}

#[derive(Debug)]
enum Every {
    Short(Vec<u32>),
    Long(Vec<usize>),
}

/// One line start kept in this many.
const LINE_STRIDE: usize = 8;

impl LineStarts {
    fn new(bytes: &[u8]) -> Self {
        // LF, CRLF and a lone CR (old Mac files) each end a line.
        let starts = std::iter::once(0).chain(
            line_breaks(bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        let mut count = 0;
        let kept = starts.inspect(|_| count += 1).step_by(LINE_STRIDE);
        let every = match u32::try_from(bytes.len()) {
            Ok(_) => Every::Short(kept.map(offset).collect()),
            Err(_) => Every::Long(kept.collect()),
        };
        LineStarts { every, count }
    }

    /// The start of the `k`th kept line (line `k * LINE_STRIDE`).
    fn kept(&self, k: usize) -> Option<usize> {
        match &self.every {
            Every::Short(v) => v.get(k).map(|&s| s as usize),
            Every::Long(v) => v.get(k).copied(),
        }
    }

    /// How many kept starts are at or before `byte`.
    fn kept_until(&self, byte: usize) -> usize {
        match &self.every {
            Every::Short(v) => v.partition_point(|&s| s as usize <= byte),
            Every::Long(v) => v.partition_point(|&s| s <= byte),
        }
    }

    /// Line `i`'s start.
    fn get(&self, bytes: &[u8], i: usize) -> Option<usize> {
        if i >= self.count {
            return None;
        }
        let mut start = self.kept(i / LINE_STRIDE)?;
        for _ in 0..i % LINE_STRIDE {
            start = next_line_start(bytes, start)?;
        }
        Some(start)
    }

    /// The line `byte` is on (the last line starting at or before it), and its start.
    fn line_of(&self, bytes: &[u8], byte: usize) -> (usize, usize) {
        let k = self.kept_until(byte).saturating_sub(1);
        let (mut line, mut start) = (k * LINE_STRIDE, self.kept(k).unwrap_or(0));
        while line + 1 < self.count {
            match next_line_start(bytes, start) {
                Some(next) if next <= byte => (line, start) = (line + 1, next),
                _ => break,
            }
        }
        (line, start)
    }
}

/// The start of the line after the one that `start` is on.
fn next_line_start(bytes: &[u8], start: usize) -> Option<usize> {
    let rest = bytes.get(start..)?;
    line_breaks(rest)
        .map(|i| start + i)
        .find(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
        .map(|i| i + 1)
}

/// A 1-based line and column (columns in Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A released text's length and fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Released {
    len: usize,
    hash: u64,
}

impl Released {
    fn of(text: &str) -> Self {
        use std::hash::BuildHasher;
        Released {
            len: text.len(),
            hash: foldhash::fast::FixedState::with_seed(0x1505).hash_one(text.as_bytes()),
        }
    }
}

/// Files larger than this are not read: no register or policy is this big.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

impl SourceFile {
    pub fn new(path: String, abs: PathBuf, text: String) -> Self {
        let line_starts = LineStarts::new(text.as_bytes());
        SourceFile {
            path,
            abs,
            held: std::sync::OnceLock::from(text),
            released: None,
            line_starts,
            char_counts: std::sync::OnceLock::new(),
            cells: std::collections::HashMap::new(),
            sheets: Sheets::default(),
        }
    }

    /// The file's decoded text; offsets of its locations are offsets in it. A released text is
    /// read again from disk here, once, the first time it is asked for (a finding in it).
    pub fn text(&self) -> &str {
        self.held.get_or_init(|| self.read_again())
    }

    /// Drop the text until something asks for it again (issue 16: the load releases each
    /// register once its records are built, and no rule reads its text; 100 units: 61 MB of a
    /// 328 MB peak). Its line starts are kept; its length and fingerprint check the second read.
    pub fn release_text(&mut self) {
        if let Some(text) = self.held.take() {
            self.released = Some(Released::of(&text));
        }
    }

    /// The text is not held now (released and not asked for since).
    pub fn is_released(&self) -> bool {
        self.held.get().is_none()
    }

    /// A released text, read and decoded as the load did. Should the file have changed since
    /// (another process wrote it during the run), its locations no longer point into it: the
    /// text is then as many spaces as the first reading had bytes, so every location still
    /// lies in it, and a warning says the file's findings quote nothing.
    fn read_again(&self) -> String {
        let Some(first) = self.released else {
            return String::new();
        };
        let again = fsafe::read_regular(&self.abs, MAX_FILE_BYTES)
            .ok()
            .map(|bytes| decode(bytes).0)
            .filter(|text| Released::of(text) == first);
        again.unwrap_or_else(|| {
            eprintln!(
                "warning: {} changed while it was linted: its findings are placed where the first reading put them, and quote nothing",
                self.path
            );
            " ".repeat(first.len)
        })
    }

    /// The sheet name of `loc`, a cell of this workbook.
    pub fn sheet_of(&self, loc: &Loc) -> Option<&str> {
        self.sheet_cell(loc).map(|(sheet, ..)| sheet)
    }

    /// `loc`, a cell of this workbook, with its sheet's name borrowed.
    pub fn sheet_cell(&self, loc: &Loc) -> Option<(&str, u32, u32)> {
        let (no, row, col) = loc.sheet_cell()?;
        Some((self.sheets.name(no)?, row, col))
    }

    /// `loc`, a cell of this workbook, as a [`Cell`].
    pub fn cell(&self, loc: &Loc) -> Option<Cell> {
        let (sheet, row, col) = self.sheet_cell(loc)?;
        Some(Cell {
            sheet: sheet.to_string(),
            row,
            col,
        })
    }

    pub fn line_index(&self, byte: usize) -> usize {
        self.line_starts.line_of(self.text().as_bytes(), byte).0
    }

    pub fn line_range(&self, line_index: usize) -> std::ops::Range<usize> {
        let bytes = self.text().as_bytes();
        let start = self.line_starts.get(bytes, line_index);
        let end = match start {
            Some(s) if line_index + 1 < self.line_starts.count => next_line_start(bytes, s),
            _ => None,
        };
        start.unwrap_or(self.text().len())..end.unwrap_or(self.text().len())
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.count
    }

    pub fn line_col(&self, byte: usize) -> LineCol {
        let byte = self.floor_char_boundary(byte.min(self.text().len()));
        let (line, start) = self.line_starts.line_of(self.text().as_bytes(), byte);
        let mut column = self.chars_between(start, byte) + 1;
        // A byte order mark is not a column the user can see.
        if line == 0 && byte > 0 && self.text().starts_with('\u{feff}') {
            column -= 1;
        }
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Chars in `text[start..end]` (both char boundaries).
    fn chars_between(&self, start: usize, end: usize) -> usize {
        if end - start <= CHAR_STRIDE {
            return self.text()[start..end].chars().count();
        }
        let bytes = self.text().as_bytes();
        let counts = self.char_counts.get_or_init(|| {
            let mut total = 0;
            let mut counts = vec![0];
            for chunk in bytes.chunks(CHAR_STRIDE) {
                total += chunk.iter().filter(|&&b| !is_continuation(b)).count();
                counts.push(total);
            }
            counts
        });
        // Chars starting before `at`: the count at the stride below it, plus the rest.
        let before = |at: usize| {
            let k = at / CHAR_STRIDE;
            counts[k]
                + bytes[k * CHAR_STRIDE..at]
                    .iter()
                    .filter(|&&b| !is_continuation(b))
                    .count()
        };
        before(end) - before(start)
    }

    fn floor_char_boundary(&self, mut byte: usize) -> usize {
        while byte > 0 && !self.text().is_char_boundary(byte) {
            byte -= 1;
        }
        byte
    }
}

const CHAR_STRIDE: usize = 4096;

/// A UTF-8 continuation byte (`10xxxxxx`): not the first byte of a char.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// All files read in one run, indexed by `FileId`.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// Each file's path relative to the current directory, once `set_bases` is called.
    shown: Vec<String>,
    /// Each file's path relative to the repository root, once `set_bases` is called.
    in_repo: Vec<String>,
    /// Files that a finding about the repository as a whole is placed at where a format needs a
    /// file (SARIF, GitLab), best first: the config file, the SoA, the first file linted.
    pub anchors: Vec<FileId>,
}

impl SourceMap {
    /// Show paths relative to `cwd` (all formats) and to `repo` (SARIF, GitLab) instead of
    /// relative to the linted root. Files whose location is unknown keep their linted path.
    pub fn set_bases(&mut self, cwd: &std::path::Path, repo: &std::path::Path) {
        // Each base is made absolute once, not once a file.
        let (cwd, repo) = (paths::Base::new(cwd), paths::Base::new(repo));
        let rel = |base: &Option<paths::Base>, f: &SourceFile| {
            if f.abs.as_os_str().is_empty() {
                return f.path.clone();
            }
            base.as_ref()
                .and_then(|b| b.relative(&f.abs))
                .unwrap_or_else(|| f.abs.to_string_lossy().into_owned())
        };
        // In parallel: each path is made absolute and compared component by component, ~20 ms
        // on one core for 10,000 files while the other waited (issue 16).
        use rayon::prelude::*;
        let files = &self.files;
        let (shown, in_repo) = rayon::join(
            || files.par_iter().map(|f| rel(&cwd, f)).collect(),
            || files.par_iter().map(|f| rel(&repo, f)).collect(),
        );
        self.shown = shown;
        self.in_repo = in_repo;
    }

    /// A file's path as the user reads it: relative to the current directory (the linted root
    /// until `set_bases`).
    pub fn shown_path(&self, id: FileId) -> &str {
        self.shown
            .get(id)
            .map_or_else(|| self.files[id].path.as_str(), String::as_str)
    }

    /// A file's path relative to the repository root (the linted root until `set_bases`).
    pub fn repo_path(&self, id: FileId) -> &str {
        self.in_repo
            .get(id)
            .map_or_else(|| self.files[id].path.as_str(), String::as_str)
    }

    /// The file a repository-wide finding is placed at in formats that need one: the first
    /// anchor inside the repository.
    pub fn anchor(&self) -> Option<FileId> {
        self.anchors
            .iter()
            .copied()
            .find(|&id| id < self.files.len() && paths::is_inside(self.repo_path(id)))
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate()
    }

    /// The text of the cell a location names, if it is a non-empty workbook cell.
    pub fn cell_text(&self, loc: &Loc) -> Option<&str> {
        let cell = loc.sheet_cell()?;
        self.get(loc.file()).cells.get(&cell).map(String::as_str)
    }

    /// The workbook cell a location names, with its sheet's name.
    pub fn cell(&self, loc: &Loc) -> Option<Cell> {
        self.files.get(loc.file())?.cell(loc)
    }

    /// The workbook cell a location names, its sheet's name borrowed (for sorting: no copy).
    pub fn sheet_cell(&self, loc: &Loc) -> Option<(&str, u32, u32)> {
        // A text location (most) needs no look-up of its file.
        if !loc.is_cell() {
            return None;
        }
        self.files.get(loc.file())?.sheet_cell(loc)
    }

    /// Start and end of a location as 1-based line/column.
    pub fn span(&self, loc: &Loc) -> (LineCol, LineCol) {
        if loc.is_cell() {
            return (LineCol::default(), LineCol::default());
        }
        let file = self.get(loc.file());
        (file.line_col(loc.start()), file.line_col(loc.end()))
    }
}

/// The lines of `text` with their line break (LF, CRLF or a lone CR), like
/// `str::split_inclusive('\n')` but for every line ending a file may use.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut i =
            memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |n| start + n);
        if i < bytes.len() {
            i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        let line = &text[start..i];
        start = i;
        Some(line)
    })
}

/// Positions of every `\r` and `\n`.
fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    // Searched many bytes at a time: every file's text passes here (issue 16).
    memchr::memchr2_iter(b'\n', b'\r', bytes)
}

/// How file bytes were decoded, when it was not plain UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoded {
    Utf8,
    /// UTF-16 with a byte order mark (Excel's "Unicode text" export, PowerShell's default).
    Utf16,
    /// Not valid UTF-8: read as Windows-1252.
    Windows1252,
}

impl Decoded {
    /// What `--verbose` says about the decoding, if anything.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Decoded::Utf8 => None,
            Decoded::Utf16 => Some("UTF-16 with a byte order mark: decoded"),
            Decoded::Windows1252 => Some("not valid UTF-8: read as Windows-1252"),
        }
    }
}

/// Decode file bytes: UTF-8 (the BOM stays in the text so offsets match the file), UTF-16
/// with a BOM (the BOM is kept as U+FEFF so columns are counted as for UTF-8), else
/// Windows-1252.
/// Valid UTF-8 (most files) becomes the text without a copy: a big file is not held twice
/// while it is decoded (a finding in a released 39 MB register reads it again at the end of
/// the run, when the run's memory is at its peak).
pub fn decode(bytes: Vec<u8>) -> (String, Decoded) {
    let utf16 = match bytes.as_slice() {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        let (text, _) = encoding.decode_with_bom_removal(&bytes);
        return (format!("\u{feff}{text}"), Decoded::Utf16);
    }
    match String::from_utf8(bytes) {
        Ok(s) => (s, Decoded::Utf8),
        Err(e) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(e.as_bytes());
            (text.into_owned(), Decoded::Windows1252)
        }
    }
}

/// Does `bytes` start with a UTF-16 byte order mark?
pub fn is_utf16(bytes: &[u8]) -> bool {
    matches!(bytes, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..])
}

/// The byte length of a leading UTF-8 byte order mark, if present.
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A released text is read again as it was, with the same lines and columns; a file
    /// changed since reads as blanks of the first reading's length, so no location falls out
    /// of it.
    #[test]
    fn a_released_text_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let abs = dir.path().join("risks.yaml");
        let text = "risks:\n  - id: R-1\n    title: Größe\n";
        std::fs::write(&abs, text).unwrap();
        let mut f = SourceFile::new("risks.yaml".into(), abs.clone(), text.into());
        let before = f.line_col(text.find("Größe").unwrap() + 7);
        f.release_text();
        assert!(f.is_released());
        assert_eq!(f.text(), text);
        assert!(!f.is_released());
        assert_eq!(f.line_col(text.find("Größe").unwrap() + 7), before);

        let mut g = SourceFile::new("risks.yaml".into(), abs.clone(), text.into());
        g.release_text();
        std::fs::write(&abs, "risks: []\n").unwrap();
        assert_eq!(g.text(), " ".repeat(text.len()));
        assert_eq!(g.line_range(2), text.len()..text.len());

        let mut h = SourceFile::new(
            "gone.yaml".into(),
            dir.path().join("gone.yaml"),
            text.into(),
        );
        h.release_text();
        assert_eq!(h.text().len(), text.len());
    }

    /// Locations sort and compare as when a cell held its sheet's name (`Option<Cell>` after a
    /// byte range of `0..0`): findings are sorted by location.
    #[test]
    fn locations_sort_as_with_sheet_names() {
        let sheets = Sheets::new(["Risks", "SoA", "Assets", "SoA", "ÄÖ", "a"].map(String::from));
        let mut old = Vec::new();
        let mut new = Vec::new();
        for file in [0, 1] {
            for (start, end) in [(0, 0), (0, 5), (3, 4), (7, 7)] {
                old.push((file as u32, start as u32, end as u32, None));
                new.push(Loc::new(file, start, end));
            }
            for name in ["Risks", "SoA", "Assets", "ÄÖ", "a"] {
                for (row, col) in [(0, 0), (0, 9), (2, 1), (10, 0)] {
                    let cell = Cell {
                        sheet: name.to_string(),
                        row,
                        col,
                    };
                    old.push((file as u32, 0, 0, Some(cell)));
                    let no = sheets.number(name).unwrap();
                    assert_eq!(sheets.name(no), Some(name));
                    new.push(Loc::in_sheet(file, no, row, col));
                }
            }
        }
        for (i, a) in new.iter().enumerate() {
            for (j, b) in new.iter().enumerate() {
                assert_eq!(a.cmp(b), old[i].cmp(&old[j]), "{:?} {:?}", old[i], old[j]);
                assert_eq!(a == b, old[i] == old[j]);
            }
        }
        assert_eq!(
            Loc::in_sheet(0, sheets.number("SoA").unwrap(), 3, 4).range(),
            0..0
        );
    }

    /// Lines found from the kept starts are those a start per line gave.
    #[test]
    fn lines_from_every_eighth_start() {
        let texts = [
            String::new(),
            "a".into(),
            "\n".into(),
            "a\r\nb\rc\n\r\n\n\rd".into(),
            (0..100)
                .map(|i| ["x\n", "yy\r\n", "\r", "zzz\n", "\n"][i % 5])
                .collect(),
            (0..37).map(|i| format!("{i}\r\n")).collect(),
        ];
        for text in texts {
            let bytes = text.as_bytes();
            let mut all = vec![0];
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    all.push(i + 1);
                }
            }
            let f = SourceFile::new("t".into(), "t".into(), text.clone());
            assert_eq!(f.line_count(), all.len(), "{text:?}");
            for (i, &start) in all.iter().enumerate() {
                let end = all.get(i + 1).copied().unwrap_or(text.len());
                assert_eq!(f.line_range(i), start..end, "{text:?} line {i}");
            }
            assert_eq!(f.line_range(all.len()), text.len()..text.len());
            for byte in 0..=text.len() + 2 {
                let line = all.partition_point(|&s| s <= byte) - 1;
                assert_eq!(f.line_index(byte), line, "{text:?} at {byte}");
            }
        }
    }

    #[test]
    fn columns_on_long_lines_count_chars() {
        let line: String = (0..20_000).map(|i| ["a", "é", "€", "😀"][i % 4]).collect();
        let text = format!("x\n{line}\n\u{feff}y");
        let f = SourceFile::new("t".into(), "t".into(), text.clone());
        for (byte, _) in text.char_indices().step_by(997) {
            let start = f.line_range(f.line_index(byte)).start;
            let expected = text[start..byte].chars().count() + 1;
            assert_eq!(f.line_col(byte).column, expected, "at {byte}");
        }
        assert_eq!(f.line_col(text.len()).line, 3);
    }
}
