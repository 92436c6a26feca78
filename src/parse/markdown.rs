//! Markdown: front matter (one record per file) and tables (one record per row; several tables
//! in one file are merged). pulldown-cmark gives byte offsets for every cell.

use super::table;
use super::yaml::{self, NodeData};
use super::{LoadCx, Loaded, Plan, assign, structured};
use crate::diagnostic::Diagnostic;
use crate::model::record::Kind;
use crate::rules::input::parse_error;
use crate::source::{FileId, Loc, SourceFile};

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
    let first_line_end = crate::source::lines_inclusive(rest)
        .next()
        .map_or(0, str::len);
    if rest[..first_line_end].trim_end() != "---" {
        return FrontMatterResult::None;
    }
    let yaml_start = bom + first_line_end;
    let mut offset = yaml_start;
    for line in crate::source::lines_inclusive(&text[yaml_start..]) {
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
                    // The front matter of a table file (an SoA in Markdown) describes the file
                    // as a document; only one-record-per-file kinds take the plan's kind.
                    let planned = plan
                        .kind
                        .filter(|k| matches!(k, Kind::Risk | Kind::Evidence | Kind::Document));
                    let kind = declared.or(planned).unwrap_or(Kind::Document);
                    // A `columns:` mapping is for the register the source names: it applies to
                    // the front matter only when the front matter is that register, never when
                    // the source is a table in the body (issue 9 item 2: a front-matter
                    // `status: Draft` is not an applicability cell).
                    let fm_plan = Plan {
                        columns: plan
                            .sources
                            .iter()
                            .find(|s| s.kind == Some(kind))
                            .and_then(|s| s.columns.clone()),
                        ..Plan::default()
                    };
                    out.records
                        .push(structured::record(id, file, &root, kind, &fm_plan, None));
                    front_matter_prose(id, text, &root, &mut out);
                    out.notes
                        .push(format!("front matter read as a {kind} record"));
                }
                Ok(_) => {}
            }
        }
    }
    // A file in a document folder is a controlled document even without front matter (so
    // DOC004 can say what metadata it lacks).
    if body_start == 0 && plan.kind == Some(Kind::Document) {
        out.records.push(crate::model::RawRecord {
            kind: Kind::Document,
            loc: Loc::file_start(id),
            fields: Vec::new(),
            key_id: None,
            column_map: None,
            role: crate::model::Role::Register,
        });
    }
    let body = super::prose::read(id, file, body_start);
    out.prose.extend(body.prose);
    out.links = body.links;
    out.anchors = Some(body.anchors);
    read_tables(
        id,
        file,
        plan,
        cx,
        body.tables,
        (body.table_headings, body.table_titles),
        &mut out,
    );
    out
}

/// The tables of the body, each read by the configured source that picks it or by its own
/// header (`assign`); a configured source that reads no table is reported.
fn read_tables(
    id: FileId,
    file: &SourceFile,
    plan: &Plan,
    cx: &LoadCx,
    tables: Vec<Vec<Vec<table::TableCell>>>,
    (headings, titles): (Vec<String>, Vec<String>),
    out: &mut Loaded,
) {
    let (readers, unread) = assign::assign(&tables, plan, cx, file);
    let count = tables.len();
    let first_detected = out.detected.len();
    for (t, (rows, reader)) in tables.iter().zip(readers).enumerate() {
        let context = headings.get(t).filter(|h| !h.is_empty()).cloned();
        let (table_plan, required) = match reader {
            assign::Reader::Source(source) => (
                Plan {
                    context,
                    ..assign::table_plan(source)
                },
                true,
            ),
            assign::Reader::Detect => (
                Plan {
                    context,
                    framework: plan
                        .framework
                        .clone()
                        .filter(|f| *f == crate::model::framework::Framework::Iso27001_2013),
                    ..Plan::default()
                },
                false,
            ),
            assign::Reader::Skip => continue,
        };
        let before = out.detected.len();
        // The nearest heading and a caption paragraph under it (`Excluded controls`).
        let place = table::Place {
            title: titles.get(t).map_or("", String::as_str),
            others_by_header: false,
        };
        table::read_into_at(rows, &table_plan, cx, file, out, required, place);
        for d in &mut out.detected[before..] {
            d.table = t + 1;
            d.tables_in_file = count;
        }
    }
    assign::report_unread(id, file, &tables, &unread, out);
    pick_headers(&tables, &mut out.detected[first_detected..]);
}

/// For `ismslint init`: the header cell that picks each register's tables in a file of several
/// (present in every table of the kind, in no other table of the file).
fn pick_headers(tables: &[Vec<Vec<table::TableCell>>], detected: &mut [super::Detected]) {
    let head = |t: usize| -> Vec<&str> {
        tables
            .get(t.wrapping_sub(1))
            .and_then(|rows| rows.first())
            .map(|r| r.iter().map(|c| c.text.trim()).collect())
            .unwrap_or_default()
    };
    let kinds: Vec<Kind> = detected.iter().map(|d| d.kind).collect();
    for kind in kinds {
        let mine: Vec<usize> = detected
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.table)
            .collect();
        let Some(&first) = mine.first() else { continue };
        let pick = head(first).into_iter().find(|cell| {
            !cell.is_empty()
                && mine.iter().all(|t| {
                    head(*t)
                        .iter()
                        .any(|c| crate::parse::columns::same_header(c, cell))
                })
                && (1..=tables.len()).filter(|t| !mine.contains(t)).all(|t| {
                    !head(t)
                        .iter()
                        .any(|c| crate::parse::columns::same_header(c, cell))
                })
        });
        for d in detected.iter_mut().filter(|d| d.kind == kind) {
            d.pick = pick.map(str::to_string);
        }
    }
}

/// Front matter string values are prose too (a `title: "[Policy Name]"`). A flow list of one
/// value (`next_review: [TBD]`, which YAML reads as a list holding `TBD`) is the bracketed text
/// as written, so the placeholder patterns see `[TBD]`; except a list of one acronym
/// (`reviewers: [CISO]`), which is a list of roles, not the placeholder `[CISO]`.
fn front_matter_prose(id: FileId, text: &str, root: &yaml::Node, out: &mut Loaded) {
    use crate::model::text::{Origin, Prose};
    for (k, v) in root.as_map().unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        let ranges: Vec<(usize, usize)> = match &v.data {
            NodeData::Scalar(_) => vec![(v.start, v.end)],
            // The list's node ends with its item: the closing `]` follows it on the line.
            NodeData::Seq(items)
                if items.len() == 1
                    && items[0].as_str().is_some()
                    && text[v.start..].starts_with('[')
                    && !text[v.start..items[0].start].contains('\n')
                    && !items[0].as_str().is_some_and(is_acronym) =>
            {
                let after = &text[items[0].end..];
                let close = after.len() - after.trim_start_matches([' ', '\t', '"', '\'']).len();
                if after[close..].starts_with(']') {
                    vec![(v.start, items[0].end + close + 1)]
                } else {
                    vec![(items[0].start, items[0].end)]
                }
            }
            NodeData::Seq(items) => items
                .iter()
                .filter(|i| i.as_str().is_some())
                .map(|i| (i.start, i.end))
                .collect(),
            _ => Vec::new(),
        };
        for range in ranges {
            out.prose.push(Prose {
                file: id,
                ranges: vec![range],
                origin: Origin::FrontMatter(key.to_string()),
            });
        }
    }
}

/// `CISO`, `CEO`, `ISMS`: two to five capitals, and not a placeholder word (`TBD`, `XXX`).
fn is_acronym(s: &str) -> bool {
    (2..=5).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_uppercase())
        && crate::model::values::placeholder(s).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_with_cr_only_line_endings() {
        let text = "---\rtitle: x\r---\rbody";
        let FrontMatterResult::Found(fm) = front_matter(text) else {
            panic!("no front matter")
        };
        assert_eq!(&text[fm.yaml_start..fm.yaml_end], "title: x\r");
        assert_eq!(&text[fm.body_start..], "body");
    }

    #[test]
    fn front_matter_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\nbody";
        let FrontMatterResult::Found(fm) = front_matter(text) else {
            panic!("no front matter")
        };
        assert_eq!(&text[fm.yaml_start..fm.yaml_end], "title: x\r\n");
        assert_eq!(&text[fm.body_start..], "body");
    }

    fn load_text(text: &str) -> Loaded {
        let file = SourceFile::new("soa.md".into(), "soa.md".into(), text.into());
        let fields = crate::model::aliases::FieldTable::builtin();
        load(0, &file, &Plan::default(), &LoadCx { fields: &fields })
    }

    #[test]
    fn tables_split_by_headings_are_merged_and_other_tables_ignored() {
        let text = "# SoA\n\n## Organisational\n\n| # | Control | Applicable? |\n|---|---|---|\n| 1 | A.5.1 Policies | Yes |\n\n## People\n\n| # | Control | Applicable? |\n|---|---|---|\n| 2 | A.6.1 Screening | No |\n\n| Version | Date |\n|---|---|\n| 1.0 | 2026-01-01 |\n";
        let loaded = load_text(text);
        assert_eq!(loaded.records.len(), 2);
        // The `Control` column wins over `#` as the ID: its values parse as control IDs.
        let first = &loaded.records[0].fields[0];
        assert_eq!(first.key, "Control");
        assert_eq!(&text[first.loc.start..first.loc.end], "A.5.1 Policies");
    }

    #[test]
    fn br_in_a_cell_separates_list_items() {
        let text = "| Risk ID | Likelihood | Impact | Controls |\n|---|---|---|---|\n| R-1 | 3 | 2 | A.5.1<br>A.8.2 |\n";
        let loaded = load_text(text);
        let controls = loaded.records[0]
            .fields
            .iter()
            .find(|f| f.key == "Controls")
            .unwrap();
        match &controls.value {
            crate::model::RawValue::Text(t) => assert_eq!(t, "A.5.1\nA.8.2"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn code_blocks_are_not_tables() {
        let text = "```\n| Control | Applicable |\n|---|---|\n| A.5.1 | Yes |\n```\n";
        assert!(load_text(text).records.is_empty());
    }

    #[test]
    fn a_flow_list_of_one_value_is_prose_as_written() {
        let text = "---\nnext_review: [TBD]\ncontrols: [A.5.1, A.8.2]\ntitle: x\nreviewers: [CISO]\nversion: [VERSION]\n---\nbody\n";
        let loaded = load_text(text);
        let prose: Vec<&str> = loaded
            .prose
            .iter()
            .filter(|p| matches!(p.origin, crate::model::text::Origin::FrontMatter(_)))
            .map(|p| &text[p.ranges[0].0..p.ranges[0].1])
            .collect();
        assert_eq!(prose, ["[TBD]", "A.5.1", "A.8.2", "x", "CISO", "[VERSION]"]);
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
