//! EVD002: an evidence location inside the repository does not exist (evidence records'
//! `location`, and paths in the SoA's evidence column).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;
use crate::rules::doc::{is_path, resolve};
use crate::source::Loc;

pub static META: RuleMeta = RuleMeta {
    code: "EVD002",
    name: "missing-evidence-file",
    default: Some(Severity::Error),
    summary: "an evidence file inside the repository does not exist",
    options: &[],
};

fn check_path(cx: &Context, loc: &Loc, path: &str, entity: &str, out: &mut Vec<Diagnostic>) {
    if !is_path(path) {
        return;
    }
    let Some(resolved) = resolve(cx, loc.file, path) else {
        return;
    };
    if cx.repo.exists(&resolved) {
        return;
    }
    out.push(
        Diagnostic::at(&META, loc, format!("evidence `{path}` for `{entity}` does not exist in the repository{} (ISO 27001 7.5.3: retained documented information is available)", if resolved == path { String::new() } else { format!(" (looked for `{resolved}`)") }))
            .label("no such file")
            .entity(entity)
            .help("correct the path (relative to this file or the repository root), or add the evidence file"),
    );
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for e in &cx.model.evidence {
        if let Some(path) = e.location.get() {
            check_path(
                cx,
                &e.location.loc,
                path,
                e.id.get().map_or("", String::as_str),
                out,
            );
        }
    }
    for c in &cx.model.controls {
        for item in &c.evidence {
            check_path(cx, &item.loc, &item.value, c.id_str(), out);
        }
    }
}
