//! SOA004: a 2013-edition control ID is used; suggests the 2022 equivalent(s).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::control_id::ControlRef;
use crate::rules::Context;
use crate::rules::soa::every_control_ref;
use crate::source::Loc;

pub static META: RuleMeta = RuleMeta {
    code: "SOA004",
    name: "legacy-control-id",
    default: Some(Severity::Error),
    summary: "a 2013-edition control ID is used",
    options: &[],
};

fn check_ref(
    cx: &Context,
    r: &ControlRef,
    loc: &Loc,
    whose: &dyn std::fmt::Display,
    out: &mut Vec<Diagnostic>,
) {
    let ControlRef::Legacy(id) = r else { return };
    let Some(old_title) = cx.catalog.legacy.get(id.as_str()) else {
        return;
    };
    let successors: Vec<String> = cx
        .catalog
        .successors(id)
        .iter()
        .map(|n| match cx.catalog.control(n) {
            Some(c) => format!("{} ({})", c.id, c.title),
            None => n.clone(),
        })
        .collect();
    let now = if successors.is_empty() {
        "it has no ISO 27001:2022 equivalent".to_string()
    } else {
        format!("in ISO 27001:2022 it is {}", successors.join(" and "))
    };
    out.push(
        Diagnostic::at(
            &META,
            loc,
            format!("{id} ({old_title}) in {whose} is an ISO 27001:2013 control ID; {now}"),
        )
        .label("2013-edition ID")
        .entity(id.as_str())
        .help(format!(
            "2013-edition certificates expired on 31 Oct 2025: replace {id} with {}",
            cx.catalog.successors(id).join(" / ")
        )),
    );
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (r, loc, whose) in every_control_ref(cx.model) {
        check_ref(cx, r, loc, &whose, out);
    }
}
