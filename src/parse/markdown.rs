//! Markdown: front matter (one record per file) and tables (one record per row; several tables
//! in one file are merged). pulldown-cmark gives byte offsets for every cell.

use super::table::{self, TableCell};
use super::yaml::{self, NodeData};
use super::{LoadCx, Loaded, Plan, structured, value_loc};
use crate::diagnostic::Diagnostic;
use crate::model::record::Kind;
use crate::rules::input::parse_error;
use crate::source::{FileId, Loc, SourceFile};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The front matter block of a Markdown file: the YAML text and where it starts.
pub struct FrontMatter {
    pub yaml_start: usize,
    pub yaml_end: usize,
    /// First byte of the body.
    pub body_start: usize,
}

pub enum FrontMatterResult {
    None,
    Found(FrontMatter),
    /// Opened with `---` and never closed.
    Unterminated,
}

pub fn front_matter(text: &str) -> FrontMatterResult {
    let bom = crate::source::bom_len(text);
    let rest = &text[bom..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        return FrontMatterResult::None;
    }
    let yaml_start = bom + first_line_end;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return FrontMatterResult::Found(FrontMatter {
                yaml_start,
                yaml_end: offset,
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    FrontMatterResult::Unterminated
}

pub fn load(id: FileId, file: &SourceFile, plan: &Plan, cx: &LoadCx) -> Loaded {
    let mut out = Loaded::default();
    let text = &file.text;
    let mut body_start = 0;
    match front_matter(text) {
        FrontMatterResult::None => {}
        FrontMatterResult::Unterminated => {
            out.diagnostics.push(
                Diagnostic::at(
                    &parse_error::META,
                    &Loc::new(
                        id,
                        crate::source::bom_len(text),
                        crate::source::bom_len(text) + 3,
                    ),
                    "front matter is opened with `---` but never closed",
                )
                .label("opened here")
                .help("close the front matter with a line holding only `---`"),
            );
            return out;
        }
        FrontMatterResult::Found(fm) => {
            body_start = fm.body_start;
            match yaml::parse(&text[fm.yaml_start..fm.yaml_end], fm.yaml_start) {
                Err(e) => out.diagnostics.push(structured::yaml_error(id, &e)),
                Ok(Some(root)) if matches!(root.data, NodeData::Map(_)) => {
                    let declared = ["kind", "type"].iter().find_map(|k| {
                        root.get(k)
                            .and_then(|n| n.as_str())
                            .and_then(Kind::from_word)
                    });
                    // A Markdown file with front matter is a controlled document unless it says
                    // (or config says) it is something else.
                    let kind = plan.kind.or(declared).unwrap_or(Kind::Document);
                    out.records
                        .push(structured::record(id, file, &root, kind, plan, None));
                    out.notes
                        .push(format!("front matter read as a {kind} record"));
                }
                Ok(_) => {}
            }
        }
    }
    let table_plan = Plan {
        kind: plan.kind.filter(|k| *k != Kind::Document),
        ..plan.clone()
    };
    for rows in tables(id, file, body_start) {
        if let Some(found) = table::read(&rows, &table_plan, cx) {
            out.notes.push(format!(
                "table on line {} read as {} records",
                rows[0]
                    .first()
                    .map_or(1, |c| file.line_col(c.loc.start).line),
                found.kind
            ));
            out.records.extend(found.records);
        }
    }
    out
}

/// Every table in the body as rows of cells (the header row first).
fn tables(id: FileId, file: &SourceFile, body_start: usize) -> Vec<Vec<Vec<TableCell>>> {
    let body = &file.text[body_start..];
    if !body.contains('|') {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rows: Vec<Vec<TableCell>> = Vec::new();
    let mut cell: Option<(String, usize, usize)> = None;
    let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let (start, end) = (range.start + body_start, range.end + body_start);
        match event {
            Event::Start(Tag::Table(_)) => rows.clear(),
            Event::End(TagEnd::Table) => out.push(std::mem::take(&mut rows)),
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some((String::new(), start, end)),
            Event::End(TagEnd::TableCell) => {
                if let (Some((text, s, e)), Some(row)) = (cell.take(), rows.last_mut()) {
                    let raw = file.text.get(s..e).unwrap_or("");
                    // Point at the cell's content, not its padding.
                    let lead = raw.len() - raw.trim_start().len();
                    let (cs, ce) = (s + lead, s + lead + raw.trim().len());
                    let (loc, verbatim) = value_loc(file, id, cs, ce, text.trim());
                    row.push(TableCell {
                        text: text.trim().to_string(),
                        loc,
                        verbatim,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, ..)) = cell.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((text, ..)) = cell.as_mut() {
                    text.push('\n');
                }
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                // `<br>` inside a cell separates list items.
                if let Some((text, ..)) = cell.as_mut() {
                    if t.trim().to_lowercase().starts_with("<br") {
                        text.push('\n');
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\nbody";
        let FrontMatterResult::Found(fm) = front_matter(text) else {
            panic!("no front matter")
        };
        assert_eq!(&text[fm.yaml_start..fm.yaml_end], "title: x\r\n");
        assert_eq!(&text[fm.body_start..], "body");
    }

    #[test]
    fn unterminated() {
        assert!(matches!(
            front_matter("---\ntitle: x\n"),
            FrontMatterResult::Unterminated
        ));
        assert!(matches!(
            front_matter("# Title\n---\n"),
            FrontMatterResult::None
        ));
    }
}
