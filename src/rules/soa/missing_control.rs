//! SOA002: an Annex A control is absent from the SoA (6.1.3 c–d: every control is considered).
//! One finding per SoA, at its top, listing the missing controls by theme with a count; each
//! missing control is its own member, so waivers and the baseline act on controls one by one.

use crate::catalog::Catalog;
use crate::diagnostic::group::{Member, id_ranges, plural};
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
        *per_file.entry(c.loc.file()).or_default() += 1;
    }
    let Some((&main, _)) = per_file.iter().max_by_key(|(f, n)| (**n, usize::MAX - **f)) else {
        return;
    };
    let at = model
        .controls
        .iter()
        .find(|c| c.loc.file() == main)
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
        ))
        .grouped(&cx.files.get(main).path, merge);
        for (risk, item) in model.risks_citing(&c.id).take(3) {
            d = d.related(&item.loc, format!("cited by risk `{}`", risk.id_str()));
        }
        out.push(d);
    }
}

/// One finding for the SoA: a lone missing control as it is, several listed by theme.
fn merge(_: &'static RuleMeta, soa: &str, members: &[Member]) -> Diagnostic {
    let first = &members[0];
    let mut d = Diagnostic::new(&META, first.loc(), first.message())
        .label(first.label())
        .entity(soa);
    d.help = first.help().map(str::to_string);
    d.related = members.iter().flat_map(Member::related).take(10).collect();
    if members.len() == 1 {
        return d;
    }
    let catalog = Catalog::shared();
    let missing: HashSet<&str> = members.iter().filter_map(Member::entity).collect();
    // Themes in catalogue order: `A.5 Organizational: A.5.7, A.5.9–A.5.10 (3 of 37)`.
    let mut themes: Vec<(String, Vec<&str>, usize)> = Vec::new();
    for c in &catalog.controls {
        let prefix = c.id.rsplit_once('.').map_or(c.id.as_str(), |(p, _)| p);
        let name = format!("{prefix} {}", c.theme);
        if themes.last().is_none_or(|(n, _, _)| *n != name) {
            themes.push((name, Vec::new(), 0));
        }
        if let Some((_, ids, total)) = themes.last_mut() {
            *total += 1;
            if missing.contains(c.id.as_str()) {
                ids.push(c.id.as_str());
            }
        }
    }
    let listed: Vec<String> = themes
        .iter()
        .filter(|(_, ids, _)| !ids.is_empty())
        .map(|(name, ids, total)| {
            format!(
                "{name}: {} ({} of {total})",
                id_ranges(ids.iter().copied(), 40),
                ids.len()
            )
        })
        .collect();
    d.message = format!(
        "{} are missing from the Statement of Applicability (ISO 27001 6.1.3 c–d: every Annex A control must be considered): {}",
        plural(members.len(), "Annex A control"),
        listed.join("; ")
    );
    d.label = format!(
        "this SoA has no row for {}",
        plural(members.len(), "control")
    );
    d.help = Some(
        "add a row for each with its applicability and its justification (for inclusion or exclusion)"
            .into(),
    );
    d
}
