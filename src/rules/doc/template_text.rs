//! DOC002: a sentence from a template pack, or a template vendor's sample organisation, left in.

use super::pattern_matches;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "DOC002",
    name: "template-text",
    default: Some(Severity::Warning),
    summary: "template wording or a sample organisation name left in",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for m in pattern_matches(cx, &cx.packs.template_text, true, true) {
        out.push(
            Diagnostic::at(&META, &m.loc, format!("`{}`: {} (ISO 27001 7.5.2: documents are adapted to the organisation and reviewed for suitability)", m.text, m.pattern.message))
                .label("template text")
                .help(m.help())
                .entity(m.entity.clone()),
        );
    }
}
