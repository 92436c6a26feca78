//! LNK006: an owner who has left still owns risks, controls, documents or assets.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::Field;
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
    let mut refs: Vec<(&Field<String>, String, String)> = Vec::new();
    for c in &m.controls {
        refs.push((
            &c.owner,
            format!("control {}", c.id_str()),
            c.id_str().to_string(),
        ));
    }
    for r in &m.risks {
        refs.push((
            &r.owner,
            format!("risk `{}`", r.id_str()),
            r.id_str().to_string(),
        ));
    }
    for d in &m.documents {
        let path = &cx.files.get(d.file).path;
        let id = d.id.get().cloned().unwrap_or_default();
        refs.push((&d.owner, format!("document `{path}`"), id));
    }
    for a in &m.assets {
        let id = a.id.get().cloned().unwrap_or_default();
        refs.push((&a.owner, format!("asset `{id}`"), id));
    }
    for (field, what, entity) in refs {
        let Some(name) = field.get() else { continue };
        let Some(owner) = m.owner(name) else { continue };
        if !owner.is_inactive(cx.today) {
            continue;
        }
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
