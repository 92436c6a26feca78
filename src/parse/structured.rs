//! YAML and JSON registers → records. Accepted shapes (DESIGN §4.3): a top-level list; a mapping
//! with one list per kind (`controls:`, `risks:`); a mapping keyed by ID; a single record.

use super::yaml::{self, Node, NodeData, Taken};
use super::{LoadCx, Loaded, Plan, value_loc};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::input::parse_error;
use crate::model::build::sniff_kind;
use crate::model::record::{Key, Kind, RawField, RawRecord, RawValue};
use crate::source::{FileId, Loc, SourceFile};

pub fn load(id: FileId, file: &SourceFile, plan: &Plan, cx: &LoadCx) -> Loaded {
    let mut out = Loaded::default();
    let bom = crate::source::bom_len(file.text());
    // The records of a register's lists are made as its items are parsed (the kind is set
    // when the list is read as a register): the tree of a long register is never whole.
    let take = |node: &Node| record(id, file, node, Kind::Control, plan, None);
    let (root, mut taken) = match yaml::parse_taking(&file.text()[bom..], bom, Some(&take)) {
        Ok(Some(root)) => root,
        Ok(None) => return out,
        Err(e) => {
            // A `.json` file that does not start like JSON (`{`, `[`) is not JSON at all: a
            // report or log saved under that name, not a register that failed to parse.
            let json = file.path.to_ascii_lowercase().ends_with(".json");
            let start = file.text()[bom..].trim_start().chars().next();
            if json && plan.config_loc.is_none() && !matches!(start, Some('{' | '[') | None) {
                out.notes.push(format!(
                    "not read: it is named .json but is not JSON (it starts with `{}`), so it is no register",
                    file.text()[bom..].trim_start().chars().take(20).collect::<String>()
                ));
                return out;
            }
            let mut d = yaml_error(id, &e);
            if json {
                // JSON is read by the YAML parser (JSON is YAML's subset): name the file's format.
                d.message = d
                    .message
                    .replacen("cannot parse YAML", "cannot parse JSON", 1);
            }
            out.diagnostics.push(d);
            return out;
        }
    };
    records_from_root(id, file, &root, plan, cx, &mut taken, &mut out);
    drop(taken);
    title_ids(&mut out.records, cx);
    let kinds: std::collections::BTreeSet<Kind> = out.records.iter().map(|r| r.kind).collect();
    for kind in kinds {
        // The language of the keys, as a table's header's (issue 13): set in config, else the
        // language whose words name most keys of the first record.
        if let Some(r) = out.records.iter().find(|r| r.kind == kind) {
            let keys: Vec<&str> = r.fields.iter().map(|f| f.key.as_str()).collect();
            let (detected, matched, named) = crate::model::words::detect(&keys);
            let lang = plan.language.or(cx.language).unwrap_or(detected);
            if lang != crate::model::lang::Lang::En {
                out.languages.push((id, lang));
                out.notes.push(match plan.language.or(cx.language) {
                    Some(_) => format!(
                        "{kind} keys read as {} (set by `language:` in config)",
                        lang.name()
                    ),
                    None => format!(
                        "{kind} keys read as {} ({matched} of {named} keys)",
                        lang.name()
                    ),
                });
            }
        }
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
                    Some(c) => columns.push((f.key.to_string(), c)),
                    None => unmapped.push(f.key.to_string()),
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
    taken: &mut Taken<RawRecord>,
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
                push_items(id, file, (root.start, items), kind, plan, taken, out);
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
                let kind = match (Kind::from_word(word), forced, &v.data) {
                    (Some(k), ..) => Some(k),
                    (None, Some(f), _) if pairs.len() <= 3 => Some(f),
                    // A collection under a word of another language (`maatregelen:`,
                    // `risico's:`): its items' keys decide, as for a top-level list (issue 13).
                    (None, None, NodeData::Seq(items)) => sniff_items(items, cx),
                    _ => None,
                };
                let Some(kind) = kind else { continue };
                match &v.data {
                    NodeData::Seq(items) => {
                        let before = out.records.len();
                        push_items(id, file, (v.start, items), kind, plan, taken, out);
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
        .filter_map(|r| super::columns::record_id(r, cx.fields));
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
    sniff_kind(cx.fields, &keys).or_else(|| {
        // The control ID under the word for "control", a title word in this language
        // (`maatregel: A.5.1`): read as the ID (see `title_ids`).
        let title_id = first
            .iter()
            .any(|(k, v)| title_key(cx, k.as_str()) && v.as_str().is_some_and(is_control_id));
        title_id
            .then(|| sniff_keys_with_id(&keys, cx))
            .flatten()
            .filter(|k| *k == Kind::Control)
    })
}

fn title_key(cx: &LoadCx, key: Option<&str>) -> bool {
    key.is_some_and(|k| cx.fields.canonical(Kind::Control, k) == Some("title"))
}

fn is_control_id(s: &str) -> bool {
    crate::model::control_id::parse_control_ref(s).is_some()
}

/// Control records with no ID key whose title key holds a control ID (`maatregel: A.5.1`
/// beside `titel:`): that key is the ID, as a title-named column of IDs is in a table
/// (`classify::title_id_col`; issue 13).
fn title_ids(records: &mut [RawRecord], cx: &LoadCx) {
    for r in records.iter_mut().filter(|r| r.kind == Kind::Control) {
        if r.key_id.is_some()
            || r.fields
                .iter()
                .any(|f| cx.fields.canonical(Kind::Control, &f.key) == Some("id"))
        {
            continue;
        }
        let at = r.fields.iter().position(|f| {
            title_key(cx, Some(&f.key))
                && matches!(&f.value, RawValue::Text(t) if is_control_id(t.trim()))
        });
        if let Some(i) = at {
            r.fields[i].key = Key::new("ID".into());
        }
    }
}

/// Records keyed by ID have no `id` key of their own; sniff as if they had one.
fn sniff_keys_with_id(keys: &[&str], cx: &LoadCx) -> Option<Kind> {
    let mut with_id = keys.to_vec();
    with_id.push("id");
    sniff_kind(cx.fields, &with_id)
}

/// The records of a list's mapping items: made as they were parsed (`taken`, by the list's
/// start offset), else from the items.
fn push_items(
    id: FileId,
    file: &SourceFile,
    (start, items): (usize, &[Node]),
    kind: Kind,
    plan: &Plan,
    taken: &mut Taken<RawRecord>,
    out: &mut Loaded,
) {
    if let Some((_, made)) = taken.iter_mut().find(|(s, _)| *s == start) {
        let mut made = std::mem::take(made);
        debug_assert_eq!(
            made.len(),
            items.iter().filter(|i| i.as_map().is_some()).count()
        );
        for r in &mut made {
            r.kind = kind;
        }
        if out.records.is_empty() {
            out.records = made;
        } else {
            out.records.append(&mut made);
        }
        return;
    }
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
/// Distinct keys kept per thread, at most: a file of a million distinct keys is not interned.
const SHARED_KEYS: usize = 4096;

std::thread_local! {
    static KEYS: std::cell::RefCell<foldhash::HashMap<Box<str>, Key>> = Default::default();
}

/// One shared copy of a mapping key: the 100,000 records of a register write the same dozen
/// keys, each a string of its own otherwise.
fn shared_key(key: &str) -> Key {
    KEYS.with_borrow_mut(|keys| {
        if let Some(k) = keys.get(key) {
            return k.clone();
        }
        let k = Key::new(key.to_string());
        if keys.len() < SHARED_KEYS {
            keys.insert(key.into(), k.clone());
        }
        k
    })
}

pub fn record(
    id: FileId,
    file: &SourceFile,
    node: &Node,
    kind: Kind,
    plan: &Plan,
    key_id: Option<(String, Loc)>,
) -> RawRecord {
    // Sized once: 100,000 records of a dozen keys each would otherwise keep a quarter unused.
    let mut fields = Vec::with_capacity(node.as_map().map_or(0, <[_]>::len));
    for (k, v) in node.as_map().unwrap_or(&[]) {
        let Some(key) = k.as_str() else { continue };
        let (value, loc, verbatim) = match &v.data {
            NodeData::Null => (RawValue::Null, Loc::new(id, k.start, k.end), false),
            NodeData::Scalar(s) => {
                let (loc, verbatim) = value_loc(file, id, v.start, v.end, s);
                (RawValue::Text((**s).into()), loc, verbatim)
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
                        Some((s.into(), value_loc(file, id, i.start, i.end, s).0))
                    })
                    .collect();
                (RawValue::List(list), Loc::new(id, v.start, v.end), false)
            }
            _ => (RawValue::Nested, Loc::new(id, v.start, v.end), false),
        };
        fields.push(RawField {
            key: shared_key(key),
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
        key_id: key_id.map(Box::new),
        column_map: plan.lookup.clone().or_else(|| plan.columns.clone()),
        value_map: plan.values.clone(),
        lang: None,
        role: crate::model::Role::Register,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_yaml(text: &str) -> Loaded {
        let file = SourceFile::new(
            "registers/x.yaml".into(),
            "registers/x.yaml".into(),
            text.into(),
        );
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
    fn collections_under_words_of_other_languages() {
        // Dutch keys: `maatregel` names the title in Dutch, but holds the ID here.
        let out = load_yaml(
            "maatregelen:\n  - maatregel: A.5.1\n    titel: Beleidsregels\n    van_toepassing: ja\n    rechtvaardiging: Vastgesteld door de directie\n",
        );
        assert_eq!(out.records.len(), 1);
        assert_eq!(out.records[0].kind, Kind::Control);
        assert_eq!(&*out.records[0].fields[0].key, "ID");
        assert_eq!(
            out.languages,
            vec![(0, crate::model::lang::Lang::Nl)],
            "keys read as Dutch"
        );
        let out = load_yaml(
            "risico's:\n  - id: R-01\n    risico: Ransomware\n    kans: midden\n    impact: hoog\n",
        );
        assert_eq!(out.records.len(), 1);
        assert_eq!(out.records[0].kind, Kind::Risk);
        // Near miss: a list of mappings under another key that are not register records.
        let out = load_yaml("nav:\n  - Home: index.md\n  - Beleid: beleid/index.md\n");
        assert!(out.records.is_empty());
        let out = load_yaml("stappen:\n  - naam: bouwen\n    titel: A.5.1\n");
        assert!(out.records.is_empty(), "a title alone is no register");
    }
}
