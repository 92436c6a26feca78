//! DOC007: text treats ISO/IEC 27002 (guidance) as certifiable or as requiring something.

use super::{PatternIndex, document_entity};
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::{Context, Rule};
use crate::source::Loc;

pub static META: RuleMeta = RuleMeta {
    code: "DOC007",
    name: "iso27002-as-requirement",
    default: Some(Severity::Warning),
    summary: "text treats ISO 27002 as certifiable or mandatory",
    options: &[],
};

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let index = PatternIndex::new(&cx.packs.iso27002);
        for (file, start, end, pattern) in index.matches_in(cx, false, false) {
            let text = &cx.files.get(file).text[start..end];
            out.push(
                    Diagnostic::at(
                        &META,
                        &Loc::new(file, start, end),
                        format!(
                            "`{text}` {}: ISO/IEC 27002 is guidance; organisations are certified to ISO/IEC 27001, whose Annex A lists the controls",
                            pattern.message
                        ),
                    )
                    .label("ISO 27002 is guidance")
                    .entity(document_entity(cx, file))
                    .help(pattern.fix.clone()),
                );
        }
    }
}
