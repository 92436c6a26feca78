//! One parser per format. Each turns a file into raw records with a location per field, plus
//! IN001 diagnostics for what it cannot read. Files are independent, so loading runs in parallel.

pub mod assign;
pub mod classify;
pub mod columns;
pub mod convention;
pub mod csv;
pub mod doc_meta;
pub mod markdown;
pub mod prose;
pub mod risk_sections;
pub mod sheet;
pub mod soa_list;
pub mod structured;
pub mod table;
pub mod yaml;

use crate::diagnostic::Diagnostic;
use crate::model::aliases::FieldTable;
use crate::model::record::{Kind, RawRecord};
use crate::source::{FileId, Loc, SourceFile};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Markdown,
    Csv,
    Tsv,
    /// XLSX/ODS: read by the spreadsheet source (not in this build).
    Sheet,
}

impl Format {
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "yaml" | "yml" | "json" => Format::Yaml,
            "md" | "markdown" => Format::Markdown,
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "xlsx" | "xlsm" | "ods" | "xls" => Format::Sheet,
            _ => return None,
        })
    }
}

/// Column header → the fields its cells hold (config `split:`).
pub type SplitColumns = Vec<(String, Vec<String>)>;

/// How to read one file: what config or conventions say about it.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The kind config or a naming convention gives; `None` = decide from content.
    pub kind: Option<Kind>,
    /// Header as written → canonical field, from config `columns:`.
    pub columns: Option<Arc<Vec<(String, String)>>>,
    /// 1-based header row from config.
    pub header_row: Option<usize>,
    /// Columns whose cells hold several fields separated by `|` (config `split:`).
    pub split: Option<Arc<SplitColumns>>,
    /// The sheet config names (spreadsheets); `None` = every sheet.
    pub sheet: Option<String>,
    /// The tables config picks in a file of several (`table: N`, 1-based in document order);
    /// empty = any.
    pub tables: Vec<usize>,
    /// Config `header:`: the source reads the tables whose header has this cell.
    pub header: Option<String>,
    /// The framework config declares for the source; `None` = not declared (detected).
    pub framework: Option<crate::model::framework::Framework>,
    /// Every configured source that matched the file, in config order, each with its own
    /// plan: one `sources:` entry per table or sheet, all read.
    pub sources: Vec<Plan>,
    /// The `sources:` entry in config that the file matched, if any.
    pub config_loc: Option<Loc>,
    /// Tables no configured source claims are read by their own header (config `auto`).
    pub detect_rest: bool,
    /// Config `columns:` followed by the source's own `aliases:` (header → field), as the
    /// tables of the source are read: a configured column wins over a source alias, which wins
    /// over the global and built-in aliases (issue 18 item 2). `None` = `columns` alone.
    pub lookup: Option<Arc<Vec<(String, String)>>>,
    /// Config `values:` of the source (issue 18 item 1).
    pub values: Option<Arc<crate::model::record::ValueMap>>,
    /// What is written above a Markdown table (its headings), for framework detection.
    pub context: Option<String>,
    /// The source's `language:` (issue 13); `None` = config's top-level one, else detected.
    pub language: Option<crate::model::lang::Lang>,
}

impl Plan {
    /// Does config pick tables by number or header cell?
    pub fn selects_tables(&self) -> bool {
        !self.tables.is_empty() || self.header.is_some()
    }
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub records: Vec<RawRecord>,
    pub diagnostics: Vec<Diagnostic>,
    /// What `--verbose` shows: how the file was read.
    pub notes: Vec<String>,
    /// Prose of Markdown bodies and front matter values, for the text rules.
    pub prose: Vec<crate::model::text::Prose>,
    pub links: Vec<crate::model::text::Link>,
    pub anchors: Option<crate::model::text::Anchors>,
    /// The registers found in the file, for `ismslint init`.
    pub detected: Vec<Detected>,
    /// Non-empty workbook cells, kept so messages can quote them.
    pub cells: Vec<((crate::source::SheetNo, u32, u32), String)>,
    /// Where a Markdown document's metadata is written (front matter, tables, label lines).
    pub doc_meta: Option<crate::model::metadata::DocMeta>,
    /// A file named or titled like an SoA that gave no control: why (for `-v` and SOA001).
    pub soa_tried: Option<String>,
    /// The language each register table of the file was read as (issue 13).
    pub languages: Vec<(crate::source::FileId, crate::model::lang::Lang)>,
    /// What a Markdown page's front matter calls it (`kind: chapter`), if it says.
    pub page_kind: Option<PageKind>,
}

/// The kind a page's front matter declares (`kind:`, `type:` or `layout:`).
#[derive(Debug, Clone, Default)]
pub struct PageKind {
    /// The word as written (the site-page word when several keys are given).
    pub word: String,
    /// A page of a site or knowledge base (`chapter`, `tutorial`, …): never a controlled document.
    pub site: bool,
    /// The page names a kind that is neither a site page nor an ISMS document type
    /// (`work-instruction`, `checklist`, `field-guide`), states no owner, version, approval or
    /// review, and was read as a document: the index of that record in `records`.
    pub bare_record: Option<usize>,
}

/// A register found in a file: what `ismslint init` writes into `sources:`.
#[derive(Debug, Clone)]
pub struct Detected {
    pub kind: Kind,
    pub sheet: Option<String>,
    /// Row number as the user sees it (sheet row, or file line); 0 when not a table.
    pub header_row: usize,
    /// Header as written → the field it was read as.
    pub columns: Vec<(String, &'static str)>,
    /// Headers no field alias matched.
    pub unmapped: Vec<String>,
    pub records: usize,
    /// The table's number in a Markdown file (1-based, document order); 0 otherwise.
    pub table: usize,
    /// How many tables the file holds (Markdown), so `init` knows when to write `table:`.
    pub tables_in_file: usize,
    /// A header cell that every table of this kind in the file has and no other table of the
    /// file has: what `init` writes as `header:` when a file holds several registers.
    pub pick: Option<String>,
    /// Columns whose cells pack two fields (`Modify | J. Smith`): header → the fields, for
    /// `init` to write as `split:` (issue 12 item 4).
    pub packed: Vec<(String, Vec<String>)>,
    /// Columns of a closed field (applicability, status…) whose values do not normalise but
    /// form a small set: (header, field, the values), for `init` to write as `values:`
    /// (issue 18 item 1).
    pub unread_values: Vec<(String, &'static str, Vec<String>)>,
}

pub struct LoadCx<'a> {
    pub fields: &'a FieldTable,
    /// Config's top-level `language:` (issue 13): tables are read as this language.
    pub language: Option<crate::model::lang::Lang>,
}

pub fn load(id: FileId, file: &SourceFile, format: Format, plan: &Plan, cx: &LoadCx) -> Loaded {
    match format {
        Format::Yaml => structured::load(id, file, plan, cx),
        Format::Markdown => markdown::load(id, file, plan, cx),
        Format::Csv | Format::Tsv => csv::load(id, file, format, plan, cx),
        // Spreadsheets are binary: the engine hands their bytes to `sheet::load`.
        Format::Sheet => Loaded::default(),
    }
}

/// The location of a value whose text is `value`, found at `[start, end)` in the file. When the
/// span holds exactly the value (or the value in quotes), offsets inside the value are file
/// offsets ("verbatim").
pub fn value_loc(
    file: &SourceFile,
    id: FileId,
    start: usize,
    end: usize,
    value: &str,
) -> (Loc, bool) {
    let text = file.text().get(start..end).unwrap_or("");
    if text == value {
        return (Loc::new(id, start, end), true);
    }
    if !value.is_empty() && text.len() >= 2 && text.get(1..text.len() - 1) == Some(value) {
        return (Loc::new(id, start + 1, end - 1), true);
    }
    (Loc::new(id, start, end), false)
}
