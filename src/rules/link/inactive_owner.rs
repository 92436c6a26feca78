//! LNK006: an owner who has left still owns risks, controls, documents or assets.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "LNK006",
    name: "inactive-owner",
    default: Some(Severity::Error),
    summary: "an owner who has left still owns risks, controls or documents",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    // What owns each field, described only when its owner is inactive: a register of a million
    // risks paid two strings per risk here (issue 16).
    enum What<'a> {
        Control(&'a str),
        Risk(&'a str),
        Document(&'a str, String),
        Asset(String),
    }
    // Read in turn, not gathered first: a million risks' entries were 56 MB at the peak of the
    // rules.
    let refs = (m
        .controls
        .iter()
        .map(|c| (&c.owner, What::Control(c.id_str()))))
    .chain(m.risks.iter().map(|r| (&r.owner, What::Risk(r.id_str()))))
    .chain(m.documents.iter().map(|d| {
        let path = cx.files.get(d.file).path.as_str();
        let id = d.id.get().cloned().unwrap_or_default();
        (&d.owner, What::Document(path, id))
    }))
    .chain(m.assets.iter().map(|a| {
        let id = a.id.get().cloned().unwrap_or_default();
        (&a.owner, What::Asset(id))
    }));
    // Each owner name looked up once: a register of 100,000 risks names a few owners, and each
    // lookup is a lower-case copy and a hash (issue 16).
    let mut known = std::collections::HashMap::new();
    for (field, owned) in refs {
        let Some(name) = field.get() else { continue };
        let Some(owner) = *known.entry(name.as_str()).or_insert_with(|| m.owner(name)) else {
            continue;
        };
        if !owner.is_inactive(cx.today) {
            continue;
        }
        let (what, entity) = match owned {
            What::Control(id) => (format!("control {id}"), id.to_string()),
            What::Risk(id) => (format!("risk `{id}`"), id.to_string()),
            What::Document(path, id) => (format!("document `{path}`"), id),
            What::Asset(id) => (format!("asset `{id}`"), id),
        };
        let since = owner
            .left_on
            .value()
            .map(|d| format!(" (left on {d})"))
            .unwrap_or_default();
        out.push(
            Diagnostic::at(
                &META,
                &field.loc,
                format!("{what} is owned by `{name}`, who is no longer active{since} (ISO 27001 5.3: responsibilities are assigned to people who can carry them out)"),
            )
            .label("inactive owner")
            .related(&owner.loc, "marked inactive here")
            .entity(entity)
            .help("reassign ownership to an active person or role"),
        );
    }
}
