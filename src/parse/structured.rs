//! YAML and JSON registers → records. Accepted shapes (DESIGN §4.3): a top-level list; a mapping
//! with one list per kind (`controls:`, `risks:`); a mapping keyed by ID; a single record.

use super::yaml::{self, Node, NodeData};
use super::{LoadCx, Loaded, Plan, value_loc};
use crate::diagnostic::Diagnostic;
use crate::model::build::sniff_kind;
use crate::model::record::{Kind, RawField, RawRecord, RawValue};
use crate::rules::input::parse_error;
use crate::source::{FileId, Loc, SourceFile};

pub fn load(id: FileId, file: &SourceFile, plan: &Plan, cx: &LoadCx) -> Loaded {
    let mut out = Loaded::default();
    let bom = crate::source::bom_len(&file.text);
    let root = match yaml::parse(&file.text[bom..], bom) {
        Ok(Some(root)) => root,
        Ok(None) => return out,
        Err(e) => {
            // A `.json` file that does not start like JSON (`{`, `[`) is not JSON at all: a
            // report or log saved under that name, not a register that failed to parse.
            let json = file.path.to_ascii_lowercase().ends_with(".json");
            let start = file.text[bom..].trim_start().chars().next();
            if json && plan.config_loc.is_none() && !matches!(start, Some('{' | '[') | None) {
                out.notes.push(format!(
                    "not read: it is named .json but is not JSON (it starts with `{}`), so it is no register",
                    file.text[bom..].trim_start().chars().take(20).collect::<String>()
                ));
                return out;
            }
            out.diagnostics.push(yaml_error(id, &e));
            return out;
        }
    };
    records_from_root(id, file, &root, plan, cx, &mut out);
    let kinds: std::collections::BTreeSet<Kind> = out.records.iter().map(|r| r.kind).collect();
    for kind in kinds {
        let mut columns: Vec<(String, &'static str)> = Vec::new();
        let mut unmapped: Vec<String> = Vec::new();
        // A record may have any number of keys: look them up in a set, not in the lists.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for r in out.records.iter().filter(|r| r.kind == kind).take(20) {
            for f in &r.fields {
                if !seen.insert(f.key.as_str()) {
                    continue;
                }
                match cx.fields.canonical(kind, &f.key) {
                    Some(c) => columns.push((f.key.clone(), c)),
                    None => unmapped.push(f.key.clone()),
                }
            }
        }
        out.detected.push(super::Detected {
            kind,
            sheet: None,
            header_row: 0,
            columns,
            unmapped,
            records: out.records.iter().filter(|r| r.kind == kind).count(),
            table: 0,
            tables_in_file: 0,
            pick: None,
            packed: Vec::new(),
            unread_values: Vec::new(),
        });
    }
    out
}

pub fn yaml_error(id: FileId, e: &yaml::YamlError) -> Diagnostic {
    let help = if e.message.starts_with("alias expansion") {
        "write the values out, or alias less; the rest of the repository is still linted"
    } else {
        "fix the syntax; the rest of the repository is still linted"
    };
    Diagnostic::at(
        &parse_error::META,
        &Loc::new(id, e.offset, e.offset),
        format!("cannot parse YAML: {}", e.message),
    )
    .label("here")
    .help(help)
}

fn records_from_root(
    id: FileId,
    file: &SourceFile,
    root: &Node,
    plan: &Plan,
    cx: &LoadCx,
    out: &mut Loaded,
) {
    let declared = root
        .get("kind")
        .and_then(Node::as_str)
        .and_then(Kind::from_word);
    let forced = plan.kind.or(declared);
    match &root.data {
        NodeData::Seq(items) => {
            let kind = forced.or_else(|| sniff_items(items, cx));
            if let Some(kind) = kind {
                push_items(id, file, items, kind, plan, out);
                out.notes.push(format!("read as a list of {kind} records"));
            }
        }
        NodeData::Map(pairs) => {
            // `controls: [...]`, `risks: [...]`: a collection per kind.
            let mut found = false;
            for (k, v) in pairs {
                let Some(word) = k.as_str() else { continue };
                if word == "kind" {
                    continue;
                }
                let kind = match (Kind::from_word(word), forced) {
                    (Some(k), _) => Some(k),
                    (None, Some(f)) if pairs.len() <= 3 => Some(f),
                    _ => None,
                };
                let Some(kind) = kind else { continue };
                match &v.data {
                    NodeData::Seq(items) => {
                        let before = out.records.len();
                        push_items(id, file, items, kind, plan, out);
                        found = true;
                        if kind == Kind::Control
                            && let Some(why) =
                                other_framework(file, root, plan, cx, &out.records[before..])
                        {
                            out.records.truncate(before);
                            out.notes.push(format!("`{word}:` skipped: {why}"));
                            continue;
                        }
                        out.notes
                            .push(format!("`{word}:` read as {} {kind} records", items.len()));
                    }
                    NodeData::Map(entries) if entries.iter().all(|(_, e)| e.as_map().is_some()) => {
                        push_keyed(id, file, entries, kind, plan, out);
                        found = true;
                    }
                    _ => {}
                }
            }
            if found {
                return;
            }
            // A mapping keyed by ID: `A.5.1: {applicable: yes, ...}`.
            if pairs.len() > 1 && pairs.iter().all(|(_, v)| v.as_map().is_some()) {
                let first: Vec<&str> = pairs[0]
                    .1
                    .as_map()
                    .into_iter()
                    .flatten()
                    .filter_map(|(k, _)| k.as_str())
                    .collect();
                let kind = forced.or_else(|| sniff_keys_with_id(&first, cx));
                if let Some(kind) = kind {
                    push_keyed(id, file, pairs, kind, plan, out);
                    return;
                }
            }
            // One record per file (`risks/R-001.yaml`).
            let keys: Vec<&str> = pairs.iter().filter_map(|(k, _)| k.as_str()).collect();
            if let Some(kind) = forced.or_else(|| sniff_kind(cx.fields, &keys)) {
                out.records.push(record(id, file, root, kind, plan, None));
            }
        }
        _ => {}
    }
}

/// Why a `controls:` list is another framework's catalogue, if it is (as a table's
/// `other_framework`): config declares no framework, the file name or a top-level title names
/// another framework (`nist_sp800_53r5.json`, `framework: {name: ISO/IEC 27017}`), and most of
/// its IDs are not ISO 27001 Annex A controls.
fn other_framework(
    file: &SourceFile,
    root: &Node,
    plan: &Plan,
    cx: &LoadCx,
    records: &[RawRecord],
) -> Option<String> {
    use crate::model::framework;
    if plan.framework.is_some() {
        return None;
    }
    // The file name, and the strings of the root and of its mappings (`framework:`,
    // `metadata:`), one level down: titles, names, sources.
    let mut context = vec![file.path.as_str()];
    for (_, v) in root.as_map().into_iter().flatten() {
        match &v.data {
            NodeData::Scalar(s) => context.push(s),
            NodeData::Map(m) => context.extend(m.iter().filter_map(|(_, v)| v.as_str())),
            _ => {}
        }
    }
    let name = context.iter().find_map(|t| framework::named_in(t))?;
    let ids = records
        .iter()
        .filter_map(|r| framework::record_id(r, cx.fields));
    let (failing, total) = framework::failing_ids(ids);
    (total > 0 && failing * 2 > total).then(|| {
        format!(
            "it names {name} and {failing} of its {total} control IDs are not ISO 27001 Annex A controls (another framework's catalogue; declare `framework:` on a source to say otherwise)"
        )
    })
}

fn sniff_items(items: &[Node], cx: &LoadCx) -> Option<Kind> {
    let first = items.iter().find_map(Node::as_map)?;
    let keys: Vec<&str> = first.iter().filter_map(|(k, _)| k.as_str()).collect();
    sniff_kind(cx.fields, &keys)
}

/// Records keyed by ID have no `id` key of their own; sniff as if they had one.
fn sniff_keys_with_id(keys: &[&str], cx: &LoadCx) -> Option<Kind> {
    let mut with_id = keys.to_vec();
    with_id.push("id");
    sniff_kind(cx.fields, &with_id)
}

fn push_items(
    id: FileId,
    file: &SourceFile,
    items: &[Node],
    kind: Kind,
    plan: &Plan,
    out: &mut Loaded,
) {
    for item in items {
        if item.as_map().is_some() {
            out.records.push(record(id, file, item, kind, plan, None));
        }
    }
}

fn push_keyed(
    id: FileId,
    file: &SourceFile,
    pairs: &[(Node, Node)],
    kind: Kind,
    plan: &Plan,
    out: &mut Loaded,
) {
    for (k, v) in pairs {
        if let (Some(key), Some(_)) = (k.as_str(), v.as_map()) {
            let (loc, _) = value_loc(file, id, k.start, k.end, key);
            out.records.push(record(
                id,
                file,
                v,
                kind,
                plan,
                Some((key.to_string(), loc)),
            ));
        }
    }
}

/// A mapping node → one record.
pub fn record(
    id: FileId,
    file: &SourceFile,
    node: &Node,
    kind: Kind,
    plan: &Plan,
    key_id: Option<(String, Loc)>,
) -> RawRecord {
    let mut fields = Vec::new();
    for (k, v) in node.as_map().unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        let (value, loc, verbatim) = match &v.data {
            NodeData::Null => (RawValue::Null, Loc::new(id, k.start, k.end), false),
            NodeData::Scalar(s) => {
                let (loc, verbatim) = value_loc(file, id, v.start, v.end, s);
                (RawValue::Text(s.clone()), loc, verbatim)
            }
            NodeData::Seq(items)
                if items
                    .iter()
                    .all(|i| !matches!(i.data, NodeData::Seq(_) | NodeData::Map(_))) =>
            {
                let list = items
                    .iter()
                    .filter_map(|i| {
                        let s = i.as_str()?;
                        Some((s.to_string(), value_loc(file, id, i.start, i.end, s).0))
                    })
                    .collect();
                (RawValue::List(list), Loc::new(id, v.start, v.end), false)
            }
            _ => (RawValue::Nested, Loc::new(id, v.start, v.end), false),
        };
        fields.push(RawField {
            key: key.to_string(),
            value,
            loc,
            verbatim,
        });
    }
    // Findings about the record as a whole point at its first line, not the whole block.
    let anchor = match node.as_map().and_then(|m| m.first()) {
        Some((k, v)) => Loc::new(id, k.start, v.end.max(k.end)),
        None => Loc::new(id, node.start, node.end),
    };
    RawRecord {
        kind,
        loc: anchor,
        fields,
        key_id,
        column_map: plan.lookup.clone().or_else(|| plan.columns.clone()),
        value_map: plan.values.clone(),
        role: crate::model::Role::Register,
    }
}
