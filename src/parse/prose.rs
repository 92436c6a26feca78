//! The prose, links and heading anchors of a Markdown body. Code (fenced, indented, inline),
//! HTML other than comments, task-list markers, footnote labels and link reference definitions
//! are not prose; Hugo shortcodes are masked by the rules that match text.

use super::table::TableCell;
use super::value_loc;
use crate::model::text::{Anchors, Heading, Link, Origin, Prose, slug};
use crate::source::{FileId, SourceFile};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

mod chunks;

#[derive(Debug, PartialEq)]
pub struct Body {
    pub prose: Vec<Prose>,
    pub links: Vec<Link>,
    pub anchors: Anchors,
    /// Every table as rows of cells (the header row first).
    pub tables: Vec<Vec<Vec<TableCell>>>,
    /// The title of each table (same order): the heading above it and a caption paragraph
    /// between that heading and the table (`**Excluded controls**`).
    pub table_titles: Vec<String>,
    /// The headings each table is under (`Annex A › ISO 42001`), in the order of `tables`.
    pub table_headings: Vec<String>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Reads a body. A long table at the top level of a large body is read a chunk of rows at a time
/// (`chunks`): pulldown-cmark builds a document's whole block tree before its first event, 710 MB
/// for a 60 MB table (issue 16).
pub fn read(id: FileId, file: &SourceFile, body_start: usize) -> Body {
    let body = &file.text()[body_start..];
    if chunks::applies(body) {
        let mut reader = Reader::new(id, file);
        if chunks::read(&mut reader, body, body_start).is_some() {
            let chunked = reader.finish();
            // Debug builds read every body both ways (`chunks` reads every table in chunks
            // there), so the test suite checks that reading in chunks is reading whole.
            #[cfg(debug_assertions)]
            assert!(
                chunked == whole(id, file, body_start),
                "{}: a body read in chunks differs from the body read whole",
                file.path
            );
            return chunked;
        }
    }
    whole(id, file, body_start)
}

/// A body read in one parse of the whole document.
fn whole(id: FileId, file: &SourceFile, body_start: usize) -> Body {
    let mut reader = Reader::new(id, file);
    reader.parse(&file.text()[body_start..], body_start);
    reader.finish()
}

/// The state of reading a body, given pulldown-cmark's events one at a time (`event`), from one
/// parse of the document or from several of its parts (`chunks`).
struct Reader<'f> {
    id: FileId,
    file: &'f SourceFile,
    out: Body,
    /// The last heading, and the last short paragraph since it: a table's title.
    last_heading: String,
    caption: String,
    /// The text of the paragraph being read (`in_paragraph`), up to a little over 200 bytes:
    /// one buffer for all of them, copied into `caption` when short, not a string allocated,
    /// grown and freed per paragraph (~250 instructions each, issue 16).
    paragraph: String,
    in_paragraph: bool,
    /// The open headings above the current position: (level, text).
    outline: Vec<(usize, String)>,
    /// Table being read: its rows, and the cell being read (text, start, end).
    rows: Vec<Vec<TableCell>>,
    cell: Option<(String, usize, usize)>,
    block: Vec<(usize, usize)>,
    in_code: bool,
    heading: Option<(String, Option<String>)>,
}

impl<'f> Reader<'f> {
    fn new(id: FileId, file: &'f SourceFile) -> Self {
        Reader {
            id,
            file,
            out: Body {
                prose: Vec::new(),
                links: Vec::new(),
                anchors: Anchors {
                    file: id,
                    slugs: Vec::new(),
                    headings: Vec::new(),
                },
                tables: Vec::new(),
                table_titles: Vec::new(),
                table_headings: Vec::new(),
            },
            last_heading: String::new(),
            caption: String::new(),
            paragraph: String::new(),
            in_paragraph: false,
            outline: Vec::new(),
            rows: Vec::new(),
            cell: None,
            block: Vec::new(),
            in_code: false,
            heading: None,
        }
    }

    /// Reads the events of `text`, which is at byte `base` of the file.
    fn parse(&mut self, text: &str, base: usize) {
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            self.event(event, base + range.start, base + range.end);
        }
    }

    fn flush(&mut self) {
        if !self.block.is_empty() {
            self.out.prose.push(Prose::new(
                self.id,
                crate::model::text::Ranges::take(&mut self.block),
                Origin::Body,
            ));
        }
    }

    fn finish(mut self) -> Body {
        self.flush();
        self.out
    }

    /// One event, at bytes `start..end` of the file. Tables are read in the same pass as the
    /// prose (a cell is also a block of prose).
    fn event(&mut self, event: Event<'_>, start: usize, end: usize) {
        self.tables_and_titles(&event, start, end);
        self.prose(event, start, end);
    }

    /// The tables, with their titles (the last heading and caption) and the cells' text.
    fn tables_and_titles(&mut self, event: &Event<'_>, start: usize, end: usize) {
        match event {
            Event::Start(Tag::Table(_)) => {
                self.rows.clear();
                self.out.table_titles.push(format!(
                    "{} {}",
                    self.last_heading,
                    std::mem::take(&mut self.caption)
                ));
                let path: Vec<&str> = self.outline.iter().map(|(_, t)| t.as_str()).collect();
                self.out.table_headings.push(path.join(" › "));
            }
            Event::Start(Tag::Paragraph) => {
                self.paragraph.clear();
                self.in_paragraph = true;
            }
            Event::End(TagEnd::Paragraph) if self.in_paragraph => {
                self.in_paragraph = false;
                self.caption.clear();
                if self.paragraph.len() <= 200 {
                    self.caption.push_str(&self.paragraph);
                }
            }
            Event::End(TagEnd::Table) => self.out.tables.push(std::mem::take(&mut self.rows)),
            Event::Start(Tag::TableHead) => self.rows.push(Vec::new()),
            // A row's block is as big as the fields of the record read from it (as a CSV
            // row's, `table::row_capacity`): the records of a big table reuse its rows' memory.
            Event::Start(Tag::TableRow) => {
                let width = self.rows.first().map_or(0, Vec::len);
                self.rows
                    .push(Vec::with_capacity(super::table::row_capacity(width)));
            }
            Event::Start(Tag::TableCell) => self.cell = Some((String::new(), start, end)),
            Event::End(TagEnd::TableCell) => {
                if let (Some((text, s, e)), Some(row)) = (self.cell.take(), self.rows.last_mut()) {
                    row.push(table_cell(self.id, self.file, &text, s, e));
                }
            }
            Event::Text(t) | Event::Code(t) if !self.in_code => {
                if let Some((text, ..)) = self.cell.as_mut() {
                    text.push_str(t);
                }
                if self.in_paragraph && self.paragraph.len() <= 200 {
                    self.paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((text, ..)) = self.cell.as_mut() {
                    text.push('\n');
                }
            }
            // `<br>` inside a cell separates list items.
            Event::Html(t) | Event::InlineHtml(t) if t.trim().to_lowercase().starts_with("<br") => {
                if let Some((text, ..)) = self.cell.as_mut() {
                    text.push('\n');
                }
            }
            _ => {}
        }
    }

    /// The prose, headings, links and comments.
    fn prose(&mut self, event: Event<'_>, start: usize, end: usize) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Text(t) if !self.in_code => {
                if let Some((h, _)) = self.heading.as_mut() {
                    h.push_str(&t);
                }
                // Adjacent text events (`[`, `Company`, `]`) are one run of source text.
                match self.block.last_mut() {
                    Some(last) if last.1 == start => last.1 = end,
                    _ => self.block.push((start, end)),
                }
            }
            Event::Code(t) => {
                if let Some((h, _)) = self.heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) if t.trim_start().starts_with("<!--") => {
                self.flush();
                self.out
                    .prose
                    .push(Prose::new(self.id, (start, end).into(), Origin::Comment));
            }
            Event::Start(Tag::Heading { id: custom, .. }) => {
                self.flush();
                self.heading = Some((String::new(), custom.map(|c| c.to_string())));
            }
            Event::End(TagEnd::Heading(level)) => {
                self.flush();
                if let Some((text, custom)) = self.heading.take() {
                    self.last_heading.clone_from(&text);
                    self.caption.clear();
                    let level = level as usize;
                    self.outline.retain(|(l, _)| *l < level);
                    self.outline.push((level, text.clone()));
                    self.out
                        .anchors
                        .slugs
                        .push(custom.clone().unwrap_or_else(|| slug(&text)));
                    self.out.anchors.headings.push(Heading { text, id: custom });
                }
            }
            // `<Organisation>` is read by Markdown as an HTML tag; a tag of plain words with no
            // attributes is a template placeholder, so it is prose for the placeholder rule.
            Event::InlineHtml(t)
                if t.len() <= 60
                    && t.starts_with('<')
                    && t.trim_end().ends_with('>')
                    && t[1..t.trim_end().len() - 1]
                        .chars()
                        .all(|c| c.is_alphabetic() || c == ' ' || c == '_')
                    && t[1..].contains(|c: char| c.is_uppercase()) =>
            {
                self.block.push((start, end));
            }
            // `<name@example.com>` is an email address, not a path.
            Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let written = &self.file.text()[start..end];
                // Point at the destination as written inside `[text](dest)`.
                let (s, e) = match written.rfind(dest_url.as_ref()) {
                    Some(i) if !dest_url.is_empty() => (start + i, start + i + dest_url.len()),
                    _ => (start, end),
                };
                self.out.links.push(Link {
                    file: self.id,
                    start: s,
                    end: e,
                    target: dest_url.to_string(),
                });
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            )
            | Event::SoftBreak
            | Event::HardBreak => {}
            Event::Start(_)
            | Event::End(_)
            | Event::Rule
            | Event::TaskListMarker(_)
            | Event::FootnoteReference(_) => {
                self.flush();
            }
            _ => {}
        }
    }
}

/// A cell's location is its content, not its padding.
fn table_cell(id: FileId, file: &SourceFile, text: &str, s: usize, e: usize) -> TableCell {
    let raw = file.text().get(s..e).unwrap_or("");
    let lead = raw.len() - raw.trim_start().len();
    let (cs, ce) = (s + lead, s + lead + raw.trim().len());
    let (loc, verbatim) = value_loc(file, id, cs, ce, text.trim());
    TableCell {
        text: text.trim().into(),
        loc,
        verbatim,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> (SourceFile, Body) {
        let file = SourceFile::new("p.md".into(), "p.md".into(), text.into());
        let b = read(0, &file, 0);
        (file, b)
    }

    fn texts(file: &SourceFile, b: &Body) -> Vec<String> {
        b.prose
            .iter()
            .map(|p| {
                p.ranges
                    .iter()
                    .map(|(s, e)| &file.text()[s..e])
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    #[test]
    fn code_is_not_prose_and_brackets_stay_together() {
        let (f, b) =
            body("Welcome to [Company Name].\n\n```\n[Company Name]\n```\n\nUse `[X]` here.\n");
        assert_eq!(texts(&f, &b), ["Welcome to [Company Name].", "Use | here."]);
    }

    #[test]
    fn task_lists_and_links() {
        let (f, b) =
            body("- [ ] review the [policy](policies/a.md#scope)\n\n<!-- TODO: fill in -->\n");
        assert_eq!(b.links[0].target, "policies/a.md#scope");
        assert_eq!(
            &f.text()[b.links[0].start..b.links[0].end],
            "policies/a.md#scope"
        );
        assert!(texts(&f, &b).iter().all(|t| !t.contains("[ ]")));
        assert!(b.prose.iter().any(|p| p.origin == Origin::Comment));
    }

    #[test]
    fn headings_become_anchors() {
        let (_, b) = body("# Access Control\n\n## 2. Scope {#custom}\n");
        assert_eq!(b.anchors.slugs, ["access-control", "custom"]);
    }

    /// Tables read in chunks (every table, in debug builds) read as the whole document does:
    /// `read` asserts it. The shapes are the ones where a chunk could read otherwise.
    #[test]
    fn tables_in_chunks_read_as_whole() {
        let table = "| A | B |\n|---|:-:|\n| 1 | 2 |\n| 3 |\n| [x](a.md) <!-- c --> | `y` *z* |\n";
        for text in [
            table.to_string(),
            format!("# T\n\n**Caption**\n\n{table}| 5 | 6 |"),
            format!("{table}# After\n{table}\nText\n{table}\n- list\n"),
            format!("Paragraph\n{table}> quote\n{table}    code\n"),
            format!("- item\n\n  {}", table.replace('\n', "\n  ")),
            format!("- item\n{table}"),
            format!("```\n{table}```\n{table}"),
            format!("```\n{table}"),
            format!("> {}", table.replace('\n', "\n> ")),
            format!("<!--\n{table}-->\n{table}"),
            format!("<div>\n{table}</div>\n\n{table}"),
            format!("  {table}"),
            table.replace('\n', "\r\n"),
            table.replace('\n', "\r"),
            format!("{table}|\n| 7 | 8 |\n"),
            format!("{table}\n\n\n{table}\n"),
            format!("{table}---\n{table}===\n"),
            format!("| A |\n|---|\n{}", "| a | b | c |\n||\n| |\n".repeat(5)),
            "| A | B |\n|---|---|".to_string(),
            "| A | B |\n|---|---|\n".to_string(),
            "| A | B |\n|---|\n| 1 | 2 |\n".to_string(),
            "x\n|---|\n".to_string(),
            "| a |\n| - |\n| b |\n\n[ref]: x.md\n".to_string(),
            format!("## H {{#h}}\n{table}Setext\n---\n{table}"),
        ] {
            body(&text);
        }
    }
}
