//! RSK005: treatment is modify/mitigate but no control is named (6.1.3 b).

use crate::diagnostic::group::{Group, Member};
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::values::Treatment;
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK005",
    name: "treatment-without-controls",
    default: Some(Severity::Error),
    summary: "treatment is modify/mitigate but no control is named",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    // Issue 17 item 7: a register none of whose risks names a control has no controls column
    // (or one that is not read): one structural defect, one finding at the register, each risk
    // a member.
    let mut per_file: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
    for r in &cx.model.risks {
        let (all, naming) = per_file.entry(r.loc.file()).or_default();
        *all += 1;
        *naming += usize::from(r.controls_written > 0);
    }
    // A million-row register has a million members: each keeps only what differs (its entity,
    // its place and the location of its treatment, a bare member); the message, label and help
    // are the register's, and each related location's message is the member's entity in words,
    // all written once by `systemic_merge` from the group key (the path) and the members. They
    // join the findings as one batch per register.
    let mut batches: std::collections::BTreeMap<usize, Vec<Member>> = Default::default();
    for r in &cx.model.risks {
        // Entries that are not control IDs are IN002's finding; the risk does name controls.
        if r.treatment.value() != Some(Treatment::Modify) || r.controls_written > 0 {
            continue;
        }
        let systemic = per_file
            .get(&r.loc.file())
            .is_some_and(|(all, naming)| *all >= 2 && *naming == 0);
        if systemic {
            batches.entry(r.loc.file()).or_default().push(Member::Bare {
                loc: crate::rules::file_anchor(&r.loc),
                entity: r.id_str().into(),
                related: r.treatment.loc,
            });
            continue;
        }
        out.push(
            Diagnostic::at(
                &META,
                &r.treatment.loc,
                format!("risk `{}` is to be modified but names no control (ISO 27001 6.1.3 b: determine the controls that implement the treatment)", r.id_str()),
            )
            .label("no controls named")
            .entity(r.id_str())
            .help("list the Annex A controls that treat the risk, e.g. `controls: [A.8.5, A.5.17]`"),
        );
    }
    for (file, members) in batches {
        let group = Group::new(cx.files.get(file).path.clone(), systemic_merge);
        out.push(Diagnostic::batch(&META, group, members));
    }
}

/// What the one finding for the register at `path` says (its members carry none of it).
fn systemic_message(path: &str) -> String {
    format!(
        "no risk of `{path}` names a control: the risks to be modified cannot be traced to the controls that implement their treatment (ISO 27001 6.1.3 b)"
    )
}

/// The one finding for a register none of whose risks names a control.
fn systemic_merge(rule: &'static RuleMeta, key: &str, members: &[Member]) -> Diagnostic {
    let mut d = crate::diagnostic::group::list_entities(rule, key, members);
    // The members' message is empty: `list_entities` wrote only the listed entities.
    d.message.insert_str(0, &systemic_message(key));
    d.label = "no controls column read".into();
    d.help = Some("add a `Controls` column listing the Annex A controls of each risk; if the register has one under another name, map it with `columns: { controls: \"…\" }` in ismslint.yaml".into());
    d.related.truncate(3);
    // Each member's one related location is its treatment; its message is written here.
    for (l, m) in d.related.iter_mut().zip(members) {
        l.message = format!("`{}` is to be modified", m.entity().unwrap_or_default());
    }
    // `list_entities` counts controls; these are risks.
    d.message = d.message.replace(
        &format!(
            "({})",
            crate::diagnostic::group::plural(members.len(), "control")
        ),
        &format!(
            "({})",
            crate::diagnostic::group::plural(members.len(), "risk")
        ),
    );
    d
}
