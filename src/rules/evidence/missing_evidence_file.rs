//! EVD002: evidence named in the repository cannot be found: an evidence record's `location`
//! or an SoA evidence path that does not exist, or an SoA evidence ID (`EX-7.1`, `EV-012`) that
//! matches no evidence record, no document and no file whose name starts with it.
//! Free text (`Jira ticket SEC-12`, `see wiki`) and URLs are not looked at.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;
use crate::rules::doc::{id_prefix, is_path, resolve_with};
use crate::source::Loc;
use std::collections::{HashMap, HashSet};

pub static META: RuleMeta = RuleMeta {
    code: "EVD002",
    name: "missing-evidence-file",
    default: Some(Severity::Error),
    summary: "an evidence file or evidence ID named in the repository cannot be found",
    options: &[],
};

/// `cx.repo.exists`, remembering which folders are missing: a path under a missing folder is
/// missing (the walk saw nothing under it and the disk has no such folder), so a repository
/// whose evidence records all point into one absent folder costs one look at the disk per
/// folder, not several per record (each look walks the path's components for symbolic links).
#[derive(Default)]
struct Exists(HashMap<String, bool>);

impl Exists {
    fn file(&mut self, cx: &Context, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        if cx.repo.files.contains(path) {
            return true;
        }
        if let Some((dir, _)) = path.rsplit_once('/')
            && !self.folder(cx, dir)
        {
            return false;
        }
        cx.repo.exists(path)
    }

    fn folder(&mut self, cx: &Context, dir: &str) -> bool {
        if let Some(&known) = self.0.get(dir) {
            return known;
        }
        let found = self.file(cx, dir);
        self.0.insert(dir.to_string(), found);
        found
    }
}

fn check_path(
    cx: &Context,
    exists: &mut Exists,
    loc: &Loc,
    path: &str,
    entity: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut found = false;
    let Some(resolved) = resolve_with(cx, loc.file(), path, |c| {
        found = exists.file(cx, c);
        found
    }) else {
        return;
    };
    if found {
        return;
    }
    out.push(
        Diagnostic::at(&META, loc, format!("evidence path `{path}` for `{entity}` does not exist in the repository{} (ISO 27001 7.5.3: retained documented information is available)", if resolved == path { String::new() } else { format!(" (looked for `{resolved}`)") }))
            .label("no such file")
            .entity(entity)
            .help("correct the path (relative to this file or the repository root), or add the evidence file"),
    );
}

/// The IDs evidence can be named by: evidence records' and documents' IDs, and the names of
/// the repository's files (an exclusion memo `exclusions/EX-7.1-remote-work.md` is `EX-7.1`).
struct Known {
    ids: HashSet<String>,
    /// File names, upper case, sorted: an ID is found by a range search on its prefix.
    names: std::collections::BTreeSet<String>,
    /// ID families (`EX`, `EV`) the repository keeps: records, documents or file names of
    /// that prefix. An ID of another family (`SEC-12`, a ticket in another tool) is not ours
    /// to look for.
    families: HashSet<String>,
}

impl Known {
    fn new(cx: &Context) -> Self {
        let ids: HashSet<String> = cx
            .model
            .evidence
            .iter()
            .filter_map(|e| e.id.get())
            .chain(cx.model.documents.iter().filter_map(|d| d.id.get()))
            .map(|id| id.trim().to_uppercase())
            .collect();
        let names: std::collections::BTreeSet<String> = cx
            .repo
            .files
            .iter()
            .map(|f| f.rsplit('/').next().unwrap_or(f).to_uppercase())
            .collect();
        let mut families: HashSet<String> = ids.iter().filter_map(|id| id_prefix(id)).collect();
        for name in &names {
            let stem = name.split(['.', ' ']).next().unwrap_or("");
            let lead: String = stem.chars().take_while(char::is_ascii_alphabetic).collect();
            if !lead.is_empty()
                && stem[lead.len()..]
                    .trim_start_matches(['-', '_'])
                    .starts_with(|c: char| c.is_ascii_digit())
            {
                families.insert(lead);
            }
        }
        Known {
            ids,
            names,
            families,
        }
    }

    /// Is `id` a record's ID, or the start of a file name (followed by a separator, so that
    /// `EX-7.1` is not `EX-7.10-…`)?
    fn has(&self, id: &str) -> bool {
        let id = id.trim().to_uppercase();
        if self.ids.contains(&id) {
            return true;
        }
        self.names
            .range(id.clone()..)
            .take_while(|n| n.starts_with(&id))
            .any(|n| {
                n[id.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
    }
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut exists = Exists::default();
    for e in &cx.model.evidence {
        if let Some(path) = e.location.get().filter(|p| is_path(p)) {
            check_path(
                cx,
                &mut exists,
                &e.location.loc,
                path,
                e.id.get().map_or("", String::as_str),
                out,
            );
        }
    }
    let mut known: Option<Known> = None;
    for c in &cx.model.controls {
        for item in &c.evidence {
            if is_path(&item.value) {
                check_path(cx, &mut exists, &item.loc, &item.value, c.id_str(), out);
                continue;
            }
            let Some(family) = id_prefix(&item.value) else {
                continue;
            };
            let known = known.get_or_insert_with(|| Known::new(cx));
            if !known.families.contains(&family) || known.has(&item.value) {
                continue;
            }
            let id = item.value.trim();
            out.push(
                Diagnostic::at(&META, &item.loc, format!("evidence ID `{id}` for `{}` matches no evidence record and no file named `{id}*` (ISO 27001 7.5.3: retained documented information is available)", c.id_str()))
                    .label("no such evidence")
                    .entity(c.id_str())
                    .help(format!("correct the ID, add an evidence record with `id: {id}`, or add the evidence file with a name starting with `{id}` (other `{family}-` IDs are kept in this repository)")),
            );
        }
    }
}
