//! RSK010: a risk treatment action is overdue — its due date has passed and its status is not
//! done (6.1.3 e: a treatment plan; 8.3: the plan is implemented).
//!
//! Read from the treatment plan's rows joined to their risks (issue 17): `Due Date` and
//! `Status`; and from a register row's own `Target Date` / `Treatment Due` and `Treatment
//! Status` / `Action Status` (issue 18): a risk `Status` is the action's only when it is a
//! progress word (`In progress`, `Not started`), not `Open` / `Closed`; a retained (accepted)
//! risk has no action; a `Review Date` is no due date. An action with no status, or a due cell that is no date (`Recurring`, `Q3`), is not
//! judged: nothing says it was planned for a day and not done.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::values::norm_key;
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "RSK010",
    name: "treatment-overdue",
    default: Some(Severity::Warning),
    summary: "a risk treatment action is past its due date and not done",
    options: &[],
};

/// Statuses that say the action is finished (or will not be done, which is a decision, not a
/// delay), in the languages the corpus uses.
fn is_done(status: &str) -> bool {
    const DONE: &[&str] = &[
        "done",
        "completed",
        "complete",
        "closed",
        "implemented",
        "finished",
        "resolved",
        "delivered",
        "cancelled",
        "canceled",
        "withdrawn",
        "obsolete",
        "superseded",
        "na",
        "notapplicable",
        "erledigt",
        "abgeschlossen",
        "umgesetzt",
        "concluido",
        "concluído",
        "implementado",
        "cerrado",
        "completado",
        "terminé",
        "termine",
        "fait",
        "clos",
    ];
    let key = norm_key(status);
    // `Implemented partial`, `Completed (partially)`: not done.
    if key.contains("partial") {
        return false;
    }
    DONE.iter().any(|d| key == norm_key(d))
        // `Completed 2026-03-02`, `Done (see CHG-12)`.
        || status
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .is_some_and(|w| DONE.iter().any(|d| norm_key(w) == norm_key(d)))
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for r in &cx.model.risks {
        for a in r.actions() {
            let (Some(due), Some(status)) = (a.due.value(), a.status.get()) else {
                continue;
            };
            if due >= cx.today || status.trim().is_empty() || is_done(status) {
                continue;
            }
            let shown = crate::rules::shown_date(cx, due, &a.due.loc);
            let what = match (&a.id, &a.action) {
                (Some(id), Some(text)) => format!("action {id} ({})", text.trim()),
                (Some(id), None) => format!("action {id}"),
                (None, Some(text)) => format!("action `{}`", text.trim()),
                // A register row's own due date and status (issue 18 item 2).
                (None, None) => "its treatment".to_string(),
            };
            out.push(
                Diagnostic::at(
                    &META,
                    &a.due.loc,
                    format!(
                        "risk `{}`: {what} was due on {shown} and is `{}` (ISO 27001 6.1.3 e and 8.3: the risk treatment plan is implemented)",
                        r.id_str(),
                        status.trim()
                    ),
                )
                .label("past due")
                .related(&a.status.loc, "status")
                .entity(r.id_str())
                .help("finish the action and record it as done, or agree a new due date with the risk owner and record why it moved"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_done;

    #[test]
    fn done_and_not_done() {
        for d in [
            "Completed",
            "done",
            "Closed",
            "Implemented",
            "Completed 2026-03-02",
            "N/A",
            "Erledigt",
        ] {
            assert!(is_done(d), "{d}");
        }
        for n in [
            "In progress",
            "Open",
            "Planned",
            "Not started",
            "Overdue",
            "Em andamento",
            "On hold",
            "Implemented partial",
            "Partially implemented",
        ] {
            assert!(!is_done(n), "{n}");
        }
    }
}
