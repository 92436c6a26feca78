//! DOC007: text treats ISO/IEC 27002 (guidance) as certifiable or as requiring something.

use super::pattern_matches;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "DOC007",
    name: "iso27002-as-requirement",
    default: Some(Severity::Warning),
    summary: "text treats ISO 27002 as certifiable or mandatory",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for m in pattern_matches(cx, &cx.packs.iso27002, false, false) {
        out.push(
            Diagnostic::at(&META, &m.loc, format!("`{}` {}: ISO/IEC 27002 is guidance; organisations are certified to ISO/IEC 27001, whose Annex A lists the controls", m.text, m.pattern.message))
                .label("ISO 27002 is guidance")
                .help(m.help())
                .entity(m.entity.clone()),
        );
    }
}
