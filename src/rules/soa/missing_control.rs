//! SOA002: an Annex A control is absent from the SoA (6.1.3 c–d: every control is considered).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::control_id::ControlRef;
use crate::rules::Context;
use crate::rules::soa::all_control_rows;
use crate::source::Loc;
use std::collections::{BTreeMap, HashSet};

pub static META: RuleMeta = RuleMeta {
    code: "SOA002",
    name: "missing-control",
    default: Some(Severity::Error),
    summary: "an Annex A control is absent from the SoA",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let model = cx.model;
    if model.controls.is_empty() {
        return;
    }
    // A 2022 control that a legacy row maps to is named in that row's SOA004 message.
    let mut covered: HashSet<&str> = HashSet::new();
    for (_, r) in all_control_rows(model) {
        match r {
            ControlRef::Control(id) => {
                covered.insert(id);
            }
            ControlRef::Legacy(id) => {
                covered.extend(cx.catalog.successors(id).iter().map(String::as_str))
            }
            ControlRef::Clause(_) => {}
        }
    }
    // Report at the top of the file that holds most of the SoA.
    let mut per_file: BTreeMap<usize, usize> = BTreeMap::new();
    for c in &model.controls {
        *per_file.entry(c.loc.file).or_default() += 1;
    }
    let Some((&main, _)) = per_file.iter().max_by_key(|(f, n)| (**n, usize::MAX - **f)) else {
        return;
    };
    let at = model
        .controls
        .iter()
        .find(|c| c.loc.file == main)
        .map_or_else(
            || Loc::file_start(main),
            |c| crate::rules::file_anchor(&c.loc),
        );
    for c in &cx.catalog.controls {
        if covered.contains(c.id.as_str()) {
            continue;
        }
        let mut d = Diagnostic::at(
            &META,
            &at,
            format!(
                "Annex A control {} ({}) is missing from the Statement of Applicability (ISO 27001 6.1.3 c–d: every Annex A control must be considered)",
                c.id, c.title
            ),
        )
        .label(format!("this SoA has no row for {}", c.id))
        .entity(&c.id)
        .help(format!(
            "add a row for {} with its applicability and justification",
            c.id
        ));
        for (risk, item) in model.risks_citing(&c.id).take(3) {
            d = d.related(&item.loc, format!("cited by risk `{}`", risk.id_str()));
        }
        out.push(d);
    }
}
