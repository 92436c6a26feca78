//! EVD002: an evidence location inside the repository does not exist (evidence records'
//! `location`, and paths in the SoA's evidence column).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::doc::{is_path, resolve};
use crate::rules::{Context, Rule};
use crate::source::Loc;

pub static META: RuleMeta = RuleMeta {
    code: "EVD002",
    name: "missing-evidence-file",
    default: Some(Severity::Error),
    summary: "an evidence file inside the repository does not exist",
    options: &[],
};

pub struct Check;

fn check(cx: &Context, loc: &Loc, path: &str, entity: &str, out: &mut Vec<Diagnostic>) {
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

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for e in &cx.model.evidence {
            if let Some(path) = e.location.get() {
                check(
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
                check(cx, &item.loc, &item.value, c.id_str(), out);
            }
        }
    }
}
