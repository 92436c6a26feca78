//! SOA003: an ID is in no catalogue (A.5.38, A.9.9).

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::control_id::ControlRef;
use crate::rules::Context;
use crate::rules::soa::every_control_ref;
use crate::source::Loc;

pub static META: RuleMeta = RuleMeta {
    code: "SOA003",
    name: "unknown-control",
    default: Some(Severity::Error),
    summary: "a control ID is in no catalogue",
    options: &[],
};

fn check_ref(
    cx: &Context,
    r: &ControlRef,
    loc: &Loc,
    whose: &dyn std::fmt::Display,
    out: &mut Vec<Diagnostic>,
) {
    let known = match r {
        ControlRef::Control(id) => cx.catalog.control(id).is_some(),
        ControlRef::Legacy(id) => cx.catalog.is_legacy(id),
        ControlRef::Clause(_) => true,
    };
    if known {
        return;
    }
    let id = r.id();
    out.push(
        Diagnostic::at(
            &META,
            loc,
            format!("{id} in {whose} is not an ISO 27001:2022 Annex A control (A.5.1–A.5.37, A.6.1–A.6.8, A.7.1–A.7.14, A.8.1–A.8.34)"),
        )
        .label("unknown control")
        .entity(id)
        .help("correct the ID (ISO 27001:2022 numbering), or record an organisation-specific control outside the Annex A SoA"),
    );
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (r, loc, whose) in every_control_ref(cx.model) {
        check_ref(cx, r, loc, &whose, out);
    }
}
