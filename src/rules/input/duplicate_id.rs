//! IN003: two records of one kind share an ID (two SoA rows for A.8.24, two risks R-007).
//! Duplicates inside one list are reported by normalisation with the same code.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;
use crate::source::Loc;
use std::collections::HashMap;

fn text(f: &crate::model::Field<String>) -> &str {
    f.get().map_or("", String::as_str)
}

pub static META: RuleMeta = RuleMeta {
    code: "IN003",
    name: "duplicate-id",
    default: Some(Severity::Error),
    summary: "two records of one kind share an ID",
    options: &[],
};

fn report<'a>(
    kind: &str,
    ids: impl Iterator<Item = (&'a str, &'a Loc)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<String, &Loc> = HashMap::new();
    for (id, loc) in ids {
        if id.is_empty() {
            continue;
        }
        match first.get(&id.to_lowercase()) {
            Some(prev) => out.push(
                Diagnostic::at(&META, loc, format!("{kind} `{id}` is defined twice"))
                    .label("defined again here")
                    .related(prev, "first defined here")
                    .entity(id)
                    .help("merge the two records or give one a new ID; rules read only the first"),
            ),
            None => {
                first.insert(id.to_lowercase(), loc);
            }
        }
    }
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    report(
        "SoA control",
        m.controls
            .iter()
            .filter(|c| c.control_ref().is_some())
            .map(|c| (c.id_str(), &c.id.loc)),
        out,
    );
    report(
        "risk",
        m.risks.iter().map(|r| (text(&r.id), &r.id.loc)),
        out,
    );
    report(
        "owner",
        m.owners.iter().map(|o| (text(&o.id), &o.id.loc)),
        out,
    );
    report(
        "document",
        m.documents.iter().map(|d| (text(&d.id), &d.id.loc)),
        out,
    );
    report(
        "evidence item",
        m.evidence.iter().map(|e| (text(&e.id), &e.id.loc)),
        out,
    );
    report(
        "asset",
        m.assets.iter().map(|a| (text(&a.id), &a.id.loc)),
        out,
    );
}
