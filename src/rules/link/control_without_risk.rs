//! LNK001: an applicable control is linked to no risk and has no other reason for selection.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::{Kind, Reason};
use crate::pattern::Pattern;
use crate::rules::Context;
use crate::rules::soa::control_rows;

pub static META: RuleMeta = RuleMeta {
    code: "LNK001",
    name: "control-without-risk",
    default: Some(Severity::Warning),
    summary: "an applicable control is linked to no risk and has no other reason",
    options: &[],
};

/// Words that show a justification rests on something other than risk (English here; the
/// languages of issue 13 in the `reason` rows of `rules/lang/<lang>.tsv`).
fn states_other_reason(justification: &str) -> bool {
    static REASON: Pattern = Pattern::new(
        r"(?i)\b(legal|law|laws|statutory|legislation|regulat\w*|gdpr|hipaa|pci[ -]?dss|sox|nis ?2|dora|contract\w*|customer requirements?|customers require|client requirements?|business requirements?|best practices?|security baseline)\b",
    );
    REASON.is_match(justification) || crate::model::words::Words::get().states_reason(justification)
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    // Without a risk register there is nothing to link to: that is not a per-control defect.
    if !cx.model.sourced.contains(&Kind::Risk) {
        return;
    }
    // Issue 17 item 7: when no SoA row links any risk and no risk names a control, the SoA and
    // the register are not linked at all — one structural defect, reported once at the SoA (each
    // control a member, so waivers and the baseline still act on one control).
    let systemic = cx.model.risks.iter().all(|r| r.controls.is_empty())
        && cx
            .model
            .controls
            .iter()
            .all(|c| c.risks.is_empty() || !cx.model.control_has_risk_link(c));
    for (c, r) in control_rows(cx.model, cx.catalog) {
        if !c.is_applicable() {
            continue;
        }
        if c.reasons.iter().any(|x| x.value != Reason::Risk) {
            continue;
        }
        // No reason and no justification at all is SOA007's finding.
        if c.reasons.is_empty() && c.justification.is_blank() {
            continue;
        }
        // A justification that states a legal, contractual or business basis is a reason.
        if c.reasons.is_empty()
            && c.justification
                .get()
                .is_some_and(|j| states_other_reason(j))
        {
            continue;
        }
        if cx.model.control_has_risk_link(c) {
            continue;
        }
        let claim = c.reasons.first().map_or(&c.justification.loc, |x| &x.loc);
        if systemic {
            let soa = &cx.files.get(c.loc.file()).path;
            out.push(
                Diagnostic::at(&META, &crate::rules::file_anchor(&c.loc), format!(
                    "no SoA row in `{soa}` links a risk and no risk read from the risk register names a control: the applicable controls cannot be traced to risk treatment (ISO 27001 6.1.3 b–d)"
                ))
                .label("SoA not linked to the risk register")
                .related(&c.id.loc, format!("{} has no linked risk", r.id()))
                .entity(r.id())
                .help("add a `Risk IDs` column to the SoA or a `Controls` column to the risk register (or a traceability table `Control | Risk IDs`; a controls column under another name is mapped with `columns: { controls: \"…\" }`), or state each control's legal, contractual or business reason")
                .grouped(soa.clone(), systemic_merge),
            );
            continue;
        }
        out.push(
            Diagnostic::at(
                &META,
                &c.id.loc,
                format!("{} is applicable but no risk is linked to it and it states no legal, contractual or business reason (ISO 27001 6.1.3 b–d: controls follow from risk treatment)", r.id()),
            )
            .label("no linked risk")
            .related(claim, if c.reasons.is_empty() { "justification only" } else { "reason: risk" })
            .entity(r.id())
            .help("link the risks it treats (the risk's `controls` or this row's `risks`), or state its legal, contractual or business reason"),
        );
    }
}

/// The one finding for an SoA none of whose rows is linked to a risk: at the top of the SoA,
/// listing the controls.
fn systemic_merge(
    rule: &'static RuleMeta,
    key: &str,
    members: &[crate::diagnostic::group::Member],
) -> Diagnostic {
    let mut d = crate::diagnostic::group::list_entities(rule, key, members);
    d.related.truncate(3);
    d
}
