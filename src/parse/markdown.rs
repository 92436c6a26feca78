//! Markdown: front matter (one record per file) and tables (one record per row; several tables
//! in one file are merged). pulldown-cmark gives byte offsets for every cell.

use super::table;
use super::yaml::{self, NodeData};
use super::{LoadCx, Loaded, Plan, assign, structured};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::input::parse_error;
use crate::model::metadata::{DocMeta, METADATA_FIELDS, Place, Statement};
use crate::model::record::{Kind, RawField, RawRecord, RawValue};
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
    let text = &file.text();
    let mut body_start = 0;
    // The front matter's document record (its index in `out.records`) and what it states.
    let mut fm_document: Option<usize> = None;
    let mut fm_statements: Vec<Statement> = Vec::new();
    // Front matter that calls the file a page of a site (`kind: chapter`).
    let mut site_page = false;
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
        // `---` lines around a Markdown table are thematic breaks, not YAML front matter.
        FrontMatterResult::Found(fm) if is_markdown_block(&text[fm.yaml_start..fm.yaml_end]) => {
            out.notes.push(
                "the block between the first `---` lines is Markdown (a table or bold labels), not YAML front matter: read as body".into(),
            );
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
                    fm_statements = front_matter_statements(&root, id, cx);
                    // A page of a knowledge base or site that says what it is (`kind: chapter`,
                    // `type: tutorial`) and states no document metadata is not a controlled
                    // document, even in a document folder.
                    let said: Vec<&str> = ["kind", "type", "layout"]
                        .iter()
                        .filter_map(|k| root.get(k).and_then(|n| n.as_str()))
                        .collect();
                    let page = said.iter().copied().find(|k| is_site_page_kind(k));
                    let bare = declared.is_none()
                        && fm_statements
                            .iter()
                            .all(|s| matches!(s.field, "id" | "type" | "status"));
                    // What the page calls itself, counted over the repository to tell a knowledge
                    // base from an ISMS (the load stage, `engine::knowledge_base`).
                    out.page_kind = said.first().map(|w| super::PageKind {
                        word: page.unwrap_or(w).to_string(),
                        site: page.is_some(),
                        bare_record: None,
                    });
                    if let Some(k) = page.filter(|_| bare) {
                        site_page = true;
                        out.notes.push(format!(
                            "front matter calls the page `{k}` and states no owner, version, approval or review: not read as a controlled document"
                        ));
                    } else {
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
                        if kind == Kind::Document {
                            fm_document = Some(out.records.len());
                            if bare && let Some(p) = out.page_kind.as_mut() {
                                p.bare_record = Some(out.records.len());
                            }
                        }
                        out.records
                            .push(structured::record(id, file, &root, kind, &fm_plan, None));
                        out.notes
                            .push(format!("front matter read as a {kind} record"));
                    }
                    front_matter_prose(id, text, &root, &mut out);
                }
                Ok(_) => {}
            }
        }
    }
    let body = super::prose::read(id, file, body_start);
    let found = super::doc_meta::read(
        id,
        file,
        body_start,
        &body.tables,
        &body.table_titles,
        cx.fields,
    );
    document_metadata(
        id,
        file,
        plan,
        (fm_document, fm_statements, site_page),
        found,
        cx.fields,
        &mut out,
    );
    // Moved, not copied, when the front matter gave none: a million-cell table's prose is
    // 250 MB, held twice while copied.
    if out.prose.is_empty() {
        out.prose = body.prose;
    } else {
        out.prose.extend(body.prose);
    }
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
    soa_list(id, file, plan, body_start, cx, &mut out);
    risk_sections((id, file, body_start), plan, cx, &mut out);
    out
}

/// A risk register or treatment plan written one section per risk, when no table of the file
/// gave a risk (issue 17; `risk_sections`).
fn risk_sections(
    (id, file, body_start): (FileId, &SourceFile, usize),
    plan: &Plan,
    cx: &LoadCx,
    out: &mut Loaded,
) {
    // Risks read from the body (the front matter's record is the register's own metadata).
    let in_body = |r: &RawRecord| r.kind == Kind::Risk && r.loc.start() >= body_start;
    if out.records.iter().any(in_body)
        || (plan.config_loc.is_some() && plan.kind != Some(Kind::Risk) && !plan.detect_rest)
        || out.records.iter().any(|r| r.kind == Kind::Control)
    {
        return;
    }
    let found = super::risk_sections::read(id, file, body_start, cx);
    if found.records.is_empty() {
        return;
    }
    // The front matter's risk record (the register's own metadata) is not one of its risks,
    // and a file configured as a risk source that is read this way has no header to miss.
    out.records.retain(|r| r.kind != Kind::Risk);
    out.diagnostics.retain(|d| {
        !(d.rule.code == parse_error::META.code
            && (d.message.starts_with("no header row of a risk table")
                || d.message == "no risk table found in this file"))
    });
    out.notes.extend(found.notes);
    // For `ismslint init` and the reading summary: a register of its own shape.
    out.detected
        .push(own_shape(Kind::Risk, found.records.len()));
    out.records.extend(found.records);
}

/// An SoA written as a bullet list or one section per control, when no table of the file is
/// one (issue 17 item 1; `soa_list`).
fn soa_list(
    id: FileId,
    file: &SourceFile,
    plan: &Plan,
    body_start: usize,
    cx: &LoadCx,
    out: &mut Loaded,
) {
    if out.records.iter().any(|r| r.kind == Kind::Control) {
        return;
    }
    // Config that names the file's kinds decides: only a source of kind control reads it.
    // A file in a folder named like an SoA (`soa/people-controls.md`) is named like one.
    let in_soa_folder = file.path.to_lowercase().rsplit('/').skip(1).any(|d| {
        let key: String = d.chars().filter(|c| c.is_alphanumeric()).collect();
        key == "soa" || key.contains("statementofapplicability")
    });
    let named = plan.kind == Some(Kind::Control) || (plan.kind.is_none() && in_soa_folder);
    if plan.config_loc.is_some() && plan.kind != Some(Kind::Control) && !plan.detect_rest {
        return;
    }
    let skipped: Vec<&String> = out
        .notes
        .iter()
        .filter(|n| n.starts_with("table at") && n.contains("skipped"))
        .collect();
    let tables = match skipped.as_slice() {
        [] => String::new(),
        [one] => format!("; its table was not read ({one})"),
        [first, rest @ ..] => format!(
            "; its {} tables were not read (the first: {first})",
            rest.len() + 1
        ),
    };
    let found = super::soa_list::read(id, file, body_start, named, cx);
    out.notes.extend(found.notes);
    if let Some(why) = found.why_not.map(|w| w + &tables) {
        out.notes.push(format!(
            "named or titled like an SoA, but no control was read: {why}"
        ));
        // A page that calls itself a page of a site (`kind: tutorial`) is about SoAs, not one:
        // SOA001 does not name it as an SoA that gave nothing.
        if !out.page_kind.as_ref().is_some_and(|p| p.site) {
            out.soa_tried = Some(why);
        }
    }
    if !found.records.is_empty() {
        // For `ismslint init`: the file is an SoA of its own shape (no header, no columns).
        out.detected
            .push(own_shape(Kind::Control, found.records.len()));
    }
    out.records.extend(found.records);
}

/// A register read in a shape of its own (a list, sections): no header, no columns.
fn own_shape(kind: Kind, records: usize) -> super::Detected {
    super::Detected {
        kind,
        sheet: None,
        header_row: 0,
        columns: Vec::new(),
        unmapped: Vec::new(),
        records,
        table: 0,
        tables_in_file: 0,
        pick: None,
        packed: Vec::new(),
        unread_values: Vec::new(),
    }
}

/// What knowledge bases and documentation sites call their pages: not controlled documents.
fn is_site_page_kind(kind: &str) -> bool {
    const PAGES: &[&str] = &[
        "chapter",
        "section",
        "page",
        "article",
        "post",
        "blog",
        "tutorial",
        "learningpath",
        "lesson",
        "course",
        "training",
        "glossary",
        "generated",
        "notice",
        "schema",
        "example",
        "pattern",
        "index",
        "landing",
        "faq",
        "news",
        "slides",
        "presentation",
        "docs",
        "home",
    ];
    PAGES.contains(&crate::model::values::norm_key(kind).as_str())
}

/// A block between `---` lines that is Markdown, not YAML: a table row or a bold label.
fn is_markdown_block(block: &str) -> bool {
    block.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with('|') || l.starts_with("**") || l.starts_with("# ")
    })
}

/// The metadata fields front matter states, as statements (for DOC011).
fn front_matter_statements(root: &yaml::Node, id: FileId, cx: &LoadCx) -> Vec<Statement> {
    let mut out = Vec::new();
    for (k, v) in root.as_map().unwrap_or(&[]) {
        let (Some(key), Some(value)) = (k.as_str(), v.as_str()) else {
            continue;
        };
        let Some(field) = cx
            .fields
            .canonical(Kind::Document, key)
            .filter(|f| METADATA_FIELDS.contains(f))
        else {
            continue;
        };
        out.push(Statement {
            field,
            label: key.to_string(),
            value: value.to_string(),
            loc: Loc::new(id, v.start, v.end),
            place: Place::FrontMatter,
            weak: false,
        });
    }
    out
}

/// Join the metadata of the body to the document's record: a field the front matter states is
/// kept (front matter is trusted first), the others come from the body places in order of trust
/// (control table, label lines, revision table). A file with no front matter outside a document
/// folder becomes a controlled document when its body states two or more metadata fields in a
/// control table or label lines.
fn document_metadata(
    id: FileId,
    file: &SourceFile,
    plan: &Plan,
    (fm_document, fm_statements, site_page): (Option<usize>, Vec<Statement>, bool),
    body: super::doc_meta::BodyMeta,
    fields: &crate::model::aliases::FieldTable,
    out: &mut Loaded,
) {
    let in_document_folder = plan.kind == Some(Kind::Document) && !site_page;
    // A control table, or label lines where metadata is written (the head, a document-control
    // section, a blockquote) — a sign-off block at the end of a guide does not make it a
    // controlled document.
    let strong = {
        let mut f: Vec<&str> = body
            .statements
            .iter()
            .filter(|s| {
                s.place == Place::ControlTable
                    || (s.place == Place::LabelLines && body.placed_labels && !s.weak)
            })
            .map(|s| s.field)
            .collect();
        f.sort_unstable();
        f.dedup();
        f.len() >= 2 && f.iter().any(|f| crate::model::metadata::is_core_field(f))
    };
    // A policy written without metadata, in a folder not named like policies: its headings
    // say what it is (issue 17 item 6).
    let by_headings = fm_document.is_none()
        && !in_document_folder
        && !strong
        && !site_page
        && fm_statements.is_empty()
        && may_be_document(file)
        && plan.kind.is_none()
        && plan.config_loc.is_none();
    let by_headings = by_headings
        .then(|| policy_by_headings(file.text()))
        .flatten()
        .filter(|_| !template_like(file));
    if let Some(why) = &by_headings {
        out.notes.push(format!(
            "read as a controlled document by its headings: {why}"
        ));
    }
    let index = match fm_document {
        Some(i) => Some(i),
        None if in_document_folder
            || (strong && fm_statements.is_empty() && may_be_document(file))
            || by_headings.is_some() =>
        {
            let loc = body
                .places
                .first()
                .map_or_else(|| Loc::file_start(id), |(_, l)| *l);
            out.records.push(crate::model::RawRecord {
                kind: Kind::Document,
                loc,
                fields: Vec::new(),
                key_id: None,
                column_map: None,
                value_map: None,
                lang: None,
                role: crate::model::Role::Register,
            });
            Some(out.records.len() - 1)
        }
        None => None,
    };
    let Some(index) = index else { return };
    let head = file.text().get(..file.text().len().min(2000)).unwrap_or(
        // Not a char boundary: the whole text (a head is only for a label search).
        file.text(),
    );
    let mut meta = DocMeta {
        file: id,
        document: out.records[index].loc,
        record: crate::model::metadata::is_record(&file.path, head),
        places: Vec::new(),
        statements: Vec::new(),
    };
    if fm_document.is_some() {
        meta.places
            .push((Place::FrontMatter, Loc::file_start(id), 1));
    }
    for (p, loc) in &body.places {
        meta.places
            .push((*p, *loc, file.line_col(loc.start()).line));
    }
    let mut taken: Vec<&'static str> = fm_statements.iter().map(|s| s.field).collect();
    let record = &mut out.records[index];
    if fm_document.is_some() {
        // Fields the front matter has under any key (also non-metadata keys, e.g. `controls`).
        taken.extend(
            record
                .fields
                .iter()
                .filter_map(|f| fields.canonical(Kind::Document, &f.key)),
        );
    }
    // The document's language from all its labels (also those whose field front matter
    // already states): numeric dates follow its convention (issue 13).
    record.lang = crate::model::doc_labels::language_of(
        record
            .fields
            .iter()
            .map(|f| f.key.as_str())
            .chain(body.statements.iter().map(|s| s.label.as_str())),
    );
    let mut ordered: Vec<&Statement> = body.statements.iter().collect();
    ordered.sort_by_key(|s| s.place);
    for s in ordered {
        if let Some((field, value, loc)) = typed(s)
            && !taken.contains(&field)
        {
            taken.push(field);
            // The label as written when it names the field (`Próxima Revisão`), as front
            // matter keys and table headers are: the document's language is guessed from its
            // labels (issue 13). Else (a revision table's `Date`) the field's name.
            let key = if fields.canonical(Kind::Document, &s.label) == Some(field) {
                s.label.clone()
            } else {
                field.to_string()
            };
            record.fields.push(RawField {
                key: crate::model::record::Key::new(key),
                value: RawValue::Text(value.into()),
                loc,
                verbatim: true,
            });
        }
    }
    meta.statements = fm_statements;
    meta.statements.extend(body.statements);
    out.doc_meta = Some(meta);
}

/// Files whose name says they are not controlled documents even with metadata in them.
/// Why a document with no metadata is a policy by its headings, if it is: three or more of
/// the sections policies have (`Purpose`, `Scope`, `Roles and Responsibilities`, `Policy`,
/// `Policy Statement`, `Compliance`, `Enforcement`, `Exceptions`, `Review`) as H1/H2 headings,
/// or a title (H1) that names the document (`Access Control Policy`, `Incident Response
/// Plan`). Not a title that is a question, a guide or a template (`How to write an access
/// control policy`), nor a long sentence.
fn policy_by_headings(text: &str) -> Option<String> {
    const SECTIONS: &[&str] = &[
        "purpose",
        "scope",
        "rolesandresponsibilities",
        "responsibilities",
        "policy",
        "policystatement",
        "policystatements",
        "compliance",
        "policycompliance",
        "enforcement",
        "exceptions",
        "policyexceptions",
        "review",
        "policyreview",
        "reviewandupdate",
    ];
    const KINDS: &[&str] = &["policy", "procedure", "standard", "plan"];
    const NOT_TITLE: &[&str] = &[
        "how",
        "why",
        "what",
        "guide",
        "tutorial",
        "template",
        "example",
        "sample",
        "writing",
        "draft",
        "notes",
        "minutes",
        "meeting",
        "blog",
        "introduction",
        "about",
        "on",
        "to",
        "signature",
        "approval",
    ];
    let mut seen: Vec<String> = Vec::new();
    let mut title: Option<String> = None;
    let mut fence = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        let level = t.len() - t.trim_start_matches('#').len();
        if !(1..=2).contains(&level) || !t[level..].starts_with([' ', '\t']) {
            continue;
        }
        let words = t[level..].trim().trim_end_matches('#').trim();
        // `2. Scope`, `1.1 Purpose:`, `**Scope**`.
        let words = words
            .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ')' | ' '))
            .trim_matches(['*', '_', ':', ' ']);
        let key = crate::model::values::norm_key(words);
        if level == 1 && title.is_none() {
            title = Some(words.to_string());
        }
        if SECTIONS.contains(&key.as_str())
            && !seen
                .iter()
                .any(|w| crate::model::values::norm_key(w) == key)
        {
            seen.push(words.to_string());
        }
    }
    let title = title.unwrap_or_default();
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // A guide, a question, notes: whatever its sections.
    if title.contains('?') || words.iter().any(|w| NOT_TITLE.contains(w)) {
        return None;
    }
    if seen.len() >= 3 {
        return Some(format!("sections {}", seen.join(", ")));
    }
    let last = *words.last()?;
    (KINDS.contains(&last) && words.len() >= 2 && words.len() <= 7)
        .then(|| format!("its title `{title}`"))
}

/// A template to fill in, not an organisation's document: in a folder or file named like a
/// template, or saying so in its head (`This is a template`, `[Organization Name]`).
fn template_like(file: &SourceFile) -> bool {
    let path = file.path.to_lowercase();
    let head: String = file
        .text()
        .chars()
        .take(3000)
        .collect::<String>()
        .to_lowercase();
    path.contains("template")
        || [
            "this is a template",
            "[organization name]",
            "[organisation name]",
            "[company name]",
            "<organization name>",
            "<company name>",
        ]
        .iter()
        .any(|w| head.contains(w))
}

fn may_be_document(file: &SourceFile) -> bool {
    let name = file
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&file.path)
        .to_lowercase();
    let stem = name.split('.').next().unwrap_or(&name);
    ![
        "readme",
        "changelog",
        "contributing",
        "code_of_conduct",
        "code-of-conduct",
        "license",
        "security",
        "notice",
        "authors",
    ]
    .contains(&stem)
}

/// A body statement as the record reads it: dates and intervals as written when they parse,
/// or their leading part (`2026-12-31 (annual)`); a next-review value that is an interval
/// (`Annually`) is the review interval. A value neither reads as is left to DOC004 (which
/// counts it as written) rather than reported as unreadable: body text is not a form.
fn typed(s: &Statement) -> Option<(&'static str, String, Loc)> {
    use crate::model::values::{self, DateError, DateOrder};
    let v = s.value.as_str();
    if values::placeholder(v).is_some() {
        return Some((s.field, v.to_string(), s.loc));
    }
    let sub = |len: usize| Loc::new(s.loc.file(), s.loc.start(), s.loc.start() + len);
    // The value, then its part before a parenthesis or a comma.
    let lead = v.find([' ', '(', ',']).map_or(v, |i| v[..i].trim_end());
    let lead_paren = v.find(" (").map_or(v, |i| v[..i].trim_end());
    match s.field {
        "approved_on" | "last_reviewed" | "next_review" | "effective_on" => {
            let date = |t: &str| {
                matches!(
                    values::parse_date(t, DateOrder::default()),
                    Ok(_) | Err(DateError::Ambiguous)
                )
            };
            for t in [v, lead_paren, lead] {
                if date(t) {
                    return Some((s.field, t.to_string(), sub(t.len())));
                }
            }
            if s.field == "next_review" {
                for t in [v, lead_paren, lead] {
                    if values::parse_duration(t).is_some() {
                        return Some(("review_interval", t.to_string(), sub(t.len())));
                    }
                }
            }
            None
        }
        "review_interval" => [v, lead_paren, lead]
            .into_iter()
            .find(|t| values::parse_duration(t).is_some())
            .map(|t| (s.field, t.to_string(), sub(t.len()))),
        _ => Some((s.field, v.to_string(), s.loc)),
    }
}

/// The tables of the body, each read by the configured source that picks it or by its own
/// header (`assign`); a configured source that reads no table is reported.
fn read_tables(
    id: FileId,
    file: &SourceFile,
    plan: &Plan,
    cx: &LoadCx,
    mut tables: Vec<Vec<Vec<table::TableCell>>>,
    (headings, titles): (Vec<String>, Vec<String>),
    out: &mut Loaded,
) {
    let (readers, unread) = assign::assign(&tables, plan, cx, file);
    let count = tables.len();
    let first_detected = out.detected.len();
    for (t, (rows, reader)) in tables.iter_mut().zip(readers).enumerate() {
        let context = headings.get(t).filter(|h| !h.is_empty()).cloned();
        let (table_plan, required) = match reader {
            assign::Reader::Source(source) => (
                Plan {
                    context,
                    ..assign::table_plan(source)
                },
                true,
            ),
            assign::Reader::Detect if blank_template(rows, titles.get(t)) => {
                out.notes.push(format!(
                    "table at {} skipped: a blank template (its title says template or example, and no row fills a cell beyond the ID)",
                    table::table_at(file, rows)
                ));
                continue;
            }
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
            assign::Reader::Skip => {
                // Configured sources decide for the files they name (issue 18 item 3).
                out.notes.push(format!(
                    "table at {} not read: no configured source of this file picks it (add `detect: true` to the source to read it by its own header)",
                    table::table_at(file, rows)
                ));
                continue;
            }
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

/// A table to copy, not a register: its heading or caption says template or example
/// (`## Annex A: Risk Assessment Worksheet Template`, `Use this template during workshops`), and
/// every data row is blank beyond its first cell (`RISK-001 | | | |`, `... | | |`). A register
/// with one cell filled, or a blank table under another title, is read as usual.
fn blank_template(rows: &[Vec<table::TableCell>], title: Option<&String>) -> bool {
    const WORDS: &[&str] = &[
        "template",
        "example",
        "sample",
        "vorlage",
        "beispiel",
        "muster",
        "modelo",
        "exemplo",
        "plantilla",
        "ejemplo",
        "modèle",
        "exemple",
        "esempio",
        "sjabloon",
        "voorbeeld",
        "šablona",
        "příklad",
        "szablon",
        "wzór",
        "przykład",
        "πρότυπο",
        "υπόδειγμα",
    ];
    let Some(title) = title.map(|t| t.to_lowercase()) else {
        return false;
    };
    if !WORDS.iter().any(|w| title.contains(w)) {
        return false;
    }
    let data = rows.get(1..).unwrap_or(&[]);
    !data.is_empty()
        && data
            .iter()
            .all(|r| r.iter().skip(1).all(|c| c.text.trim().is_empty()))
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
        if k.as_str().is_none() {
            continue;
        }
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
            out.prose
                .push(Prose::new(id, range.into(), Origin::FrontMatter));
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
        load(
            0,
            &file,
            &Plan::default(),
            &LoadCx {
                fields: &fields,
                language: None,
            },
        )
    }

    #[test]
    fn tables_split_by_headings_are_merged_and_other_tables_ignored() {
        let text = "# SoA\n\n## Organisational\n\n| # | Control | Applicable? |\n|---|---|---|\n| 1 | A.5.1 Policies | Yes |\n\n## People\n\n| # | Control | Applicable? |\n|---|---|---|\n| 2 | A.6.1 Screening | No |\n\n| Version | Date |\n|---|---|\n| 1.0 | 2026-01-01 |\n";
        let loaded = load_text(text);
        assert_eq!(loaded.records.len(), 2);
        // The `Control` column wins over `#` as the ID: its values parse as control IDs.
        let first = &loaded.records[0].fields[0];
        assert_eq!(&*first.key, "Control");
        assert_eq!(&text[first.loc.range()], "A.5.1 Policies");
    }

    #[test]
    fn br_in_a_cell_separates_list_items() {
        let text = "| Risk ID | Likelihood | Impact | Controls |\n|---|---|---|---|\n| R-1 | 3 | 2 | A.5.1<br>A.8.2 |\n";
        let loaded = load_text(text);
        let controls = loaded.records[0]
            .fields
            .iter()
            .find(|f| f.key.as_str() == "Controls")
            .unwrap();
        match &controls.value {
            crate::model::RawValue::Text(t) => assert_eq!(&**t, "A.5.1\nA.8.2"),
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
            .filter(|p| matches!(p.origin, crate::model::text::Origin::FrontMatter))
            .map(|p| {
                let (s, e) = p.ranges.iter().next().unwrap();
                &text[s..e]
            })
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
