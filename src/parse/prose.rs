//! The prose, links and heading anchors of a Markdown body. Code (fenced, indented, inline),
//! HTML other than comments, task-list markers, footnote labels and link reference definitions
//! are not prose; Hugo shortcodes are masked by the rules that match text.

use super::table::TableCell;
use super::value_loc;
use crate::model::text::{Anchors, Heading, Link, Origin, Prose, slug};
use crate::source::{FileId, SourceFile};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

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

pub fn read(id: FileId, file: &SourceFile, body_start: usize) -> Body {
    let body = &file.text[body_start..];
    let mut out = Body {
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
    };
    // The last heading, and the last short paragraph since it: a table's title.
    let mut last_heading = String::new();
    let mut caption = String::new();
    let mut paragraph: Option<String> = None;
    // The open headings above the current position: (level, text).
    let mut outline: Vec<(usize, String)> = Vec::new();
    // Table being read: its rows, and the cell being read (text, start, end).
    let mut rows: Vec<Vec<TableCell>> = Vec::new();
    let mut cell: Option<(String, usize, usize)> = None;
    let mut block: Vec<(usize, usize)> = Vec::new();
    let mut in_code = false;
    let mut heading: Option<(String, Option<String>)> = None;
    let flush = |block: &mut Vec<(usize, usize)>, out: &mut Body| {
        if !block.is_empty() {
            out.prose.push(Prose {
                file: id,
                ranges: crate::model::text::Ranges::take(block),
                origin: Origin::Body,
            });
        }
    };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let (start, end) = (range.start + body_start, range.end + body_start);
        // Tables are read in the same pass as the prose (a cell is also a block of prose).
        match &event {
            Event::Start(Tag::Table(_)) => {
                rows.clear();
                out.table_titles
                    .push(format!("{last_heading} {}", std::mem::take(&mut caption)));
                let path: Vec<&str> = outline.iter().map(|(_, t)| t.as_str()).collect();
                out.table_headings.push(path.join(" › "));
            }
            Event::Start(Tag::Paragraph) => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = paragraph.take() {
                    caption = if p.len() <= 200 { p } else { String::new() };
                }
            }
            Event::End(TagEnd::Table) => out.tables.push(std::mem::take(&mut rows)),
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some((String::new(), start, end)),
            Event::End(TagEnd::TableCell) => {
                if let (Some((text, s, e)), Some(row)) = (cell.take(), rows.last_mut()) {
                    row.push(table_cell(id, file, &text, s, e));
                }
            }
            Event::Text(t) | Event::Code(t) if !in_code => {
                if let Some((text, ..)) = cell.as_mut() {
                    text.push_str(t);
                }
                if let Some(p) = paragraph.as_mut()
                    && p.len() <= 200
                {
                    p.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((text, ..)) = cell.as_mut() {
                    text.push('\n');
                }
            }
            // `<br>` inside a cell separates list items.
            Event::Html(t) | Event::InlineHtml(t) if t.trim().to_lowercase().starts_with("<br") => {
                if let Some((text, ..)) = cell.as_mut() {
                    text.push('\n');
                }
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut block, &mut out);
                in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code => {
                if let Some((h, _)) = heading.as_mut() {
                    h.push_str(&t);
                }
                // Adjacent text events (`[`, `Company`, `]`) are one run of source text.
                match block.last_mut() {
                    Some(last) if last.1 == start => last.1 = end,
                    _ => block.push((start, end)),
                }
            }
            Event::Code(t) => {
                if let Some((h, _)) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Html(t) | Event::InlineHtml(t) if t.trim_start().starts_with("<!--") => {
                flush(&mut block, &mut out);
                out.prose.push(Prose {
                    file: id,
                    ranges: (start, end).into(),
                    origin: Origin::Comment,
                });
            }
            Event::Start(Tag::Heading { id: custom, .. }) => {
                flush(&mut block, &mut out);
                heading = Some((String::new(), custom.map(|c| c.to_string())));
            }
            Event::End(TagEnd::Heading(level)) => {
                flush(&mut block, &mut out);
                if let Some((text, custom)) = heading.take() {
                    last_heading.clone_from(&text);
                    caption.clear();
                    let level = level as usize;
                    outline.retain(|(l, _)| *l < level);
                    outline.push((level, text.clone()));
                    out.anchors
                        .slugs
                        .push(custom.clone().unwrap_or_else(|| slug(&text)));
                    out.anchors.headings.push(Heading { text, id: custom });
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
                block.push((start, end));
            }
            // `<name@example.com>` is an email address, not a path.
            Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let written = &file.text[start..end];
                // Point at the destination as written inside `[text](dest)`.
                let (s, e) = match written.rfind(dest_url.as_ref()) {
                    Some(i) if !dest_url.is_empty() => (start + i, start + i + dest_url.len()),
                    _ => (start, end),
                };
                out.links.push(Link {
                    file: id,
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
                flush(&mut block, &mut out);
            }
            _ => {}
        }
    }
    flush(&mut block, &mut out);
    out
}

/// A cell's location is its content, not its padding.
fn table_cell(id: FileId, file: &SourceFile, text: &str, s: usize, e: usize) -> TableCell {
    let raw = file.text.get(s..e).unwrap_or("");
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
                    .map(|&(s, e)| &file.text[s..e])
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
            &f.text[b.links[0].start..b.links[0].end],
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
}
