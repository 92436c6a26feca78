//! EVD001: evidence older than its validity period, or past its `expires` date.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "EVD001",
    name: "stale-evidence",
    default: Some(Severity::Warning),
    summary: "evidence older than its validity period",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for e in &cx.model.evidence {
        let id = e.id.get().map_or("", String::as_str);
        let (due, loc, how) = if let Some(x) = e.expires.value() {
            (x, &e.expires.loc, "it expired".to_string())
        } else {
            let (Some(collected), Some(valid)) = (e.collected_on.value(), e.valid_for.value())
            else {
                continue;
            };
            let Some(due) = valid.after(collected) else {
                continue;
            };
            let collected = crate::rules::shown_date(cx, collected, &e.collected_on.loc);
            (
                due,
                &e.collected_on.loc,
                format!("it was collected on {collected} and was valid until"),
            )
        };
        if due >= cx.today {
            continue;
        }
        let due = if e.expires.value().is_some() {
            crate::rules::shown_date(cx, due, loc)
        } else {
            due.to_string()
        };
        out.push(
            Diagnostic::at(
                &META,
                loc,
                format!("evidence `{id}` is stale: {how} {due} (ISO 27001 9.1: evidence of monitoring and operation is kept current)"),
            )
            .label("stale evidence")
            .entity(id)
            .help("collect the evidence again and update `collected_on`"),
        );
    }
}
