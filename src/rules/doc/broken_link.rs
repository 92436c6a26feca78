//! DOC010: a relative link or path reference points at a file (or heading) that does not exist.
//! Checked: Markdown links and images, documents' `related` paths, SoA `documents` paths.
//! URLs are not fetched; paths that leave the repository are not looked at.

use super::{is_external, is_path, percent_decode, resolve};
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::text::slug;
use crate::rules::Context;
use crate::source::{FileId, Loc};
use std::collections::{HashMap, HashSet};

pub static META: RuleMeta = RuleMeta {
    code: "DOC010",
    name: "broken-link",
    default: Some(Severity::Error),
    summary: "a relative link or path points at a file that does not exist",
    options: &[],
};

/// Files by path and their heading anchors as sets, built once per run and per target file, so
/// that a link is checked in constant time however many files and headings there are.
struct Targets<'a> {
    by_path: HashMap<&'a str, FileId>,
    /// A file's anchors as written and as slugs (`#Access Control` matches `access-control`).
    anchors: HashMap<FileId, HashSet<String>>,
}

impl<'a> Targets<'a> {
    fn new(cx: &'a Context) -> Self {
        let mut by_path = HashMap::new();
        for (id, f) in cx.files.iter() {
            // The first file of a path, as a search from the start would find.
            by_path.entry(f.path.as_str()).or_insert(id);
        }
        Targets {
            by_path,
            anchors: HashMap::new(),
        }
    }

    fn anchors(&mut self, file: FileId, written: &[String]) -> &HashSet<String> {
        self.anchors
            .entry(file)
            .or_insert_with(|| written.iter().flat_map(|a| [a.clone(), slug(a)]).collect())
    }
}

fn check_target(
    cx: &Context,
    targets: &mut Targets,
    file: FileId,
    loc: &Loc,
    target: &str,
    out: &mut Vec<Diagnostic>,
) {
    let target = target.trim();
    if target.is_empty() || is_external(target) {
        return;
    }
    // A template's links are checked like any file's (whoever opens the template follows
    // them), except a target that is itself a blank to fill in (`[policy-name].md`).
    if super::is_template(cx, file) && is_blank(&percent_decode(target)) {
        return;
    }
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let decoded = percent_decode(path);
    let from = &cx.files.get(file).path;
    let resolved = if decoded.is_empty() {
        from.clone()
    } else {
        match resolve(cx, file, &decoded) {
            Some(r) => r,
            None => return,
        }
    };
    if !decoded.is_empty() && !cx.repo.exists(&resolved) {
        out.push(
            Diagnostic::at(&META, loc, format!("`{target}` in `{from}` points at `{resolved}`, which does not exist (ISO 27001 7.5.3: documented information is available where it is needed)"))
                .label("no such file")
                .entity(from.as_str())
                .help("correct the path (relative to this file), or restore the missing file"),
        );
        return;
    }
    let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
        return;
    };
    // Anchors are checked in Markdown files we read.
    let Some(&target_id) = targets.by_path.get(resolved.as_str()) else {
        return;
    };
    let Some(written) = cx.model.text.anchors.get(&target_id) else {
        return;
    };
    let wanted = percent_decode(fragment).to_lowercase();
    if targets.anchors(target_id, written).contains(&wanted) {
        return;
    }
    out.push(
        Diagnostic::at(
            &META,
            loc,
            format!("`{target}` in `{from}`: `{resolved}` has no heading `#{fragment}`"),
        )
        .label("no such heading")
        .entity(from.as_str())
        .help(format!(
            "headings in `{resolved}`: {}",
            written
                .iter()
                .take(8)
                .map(|a| format!("#{a}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    );
}

/// A link target that is a placeholder, or holds one.
fn is_blank(target: &str) -> bool {
    ["[", "<", "{{", "XXX", "YYYY"]
        .iter()
        .any(|p| target.contains(p))
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut targets = Targets::new(cx);
    for link in &cx.model.text.links {
        check_target(
            cx,
            &mut targets,
            link.file,
            &Loc::new(link.file, link.start, link.end),
            &link.target,
            out,
        );
    }
    for d in &cx.model.documents {
        for r in d.related.iter().filter(|r| is_path(&r.value)) {
            check_target(cx, &mut targets, r.loc.file, &r.loc, &r.value, out);
        }
    }
    for c in &cx.model.controls {
        for r in c.documents.iter().filter(|r| is_path(&r.value)) {
            check_target(cx, &mut targets, r.loc.file, &r.loc, &r.value, out);
        }
    }
}
