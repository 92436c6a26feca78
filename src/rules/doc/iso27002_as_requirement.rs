//! DOC007: text treats ISO/IEC 27002 (guidance) as certifiable or as requiring something.

use super::{document_entity, regex_matches, text_blocks};
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
        for block in text_blocks(cx) {
            for (start, end, pattern) in regex_matches(cx, &block, &cx.packs.iso27002) {
                let text = &cx.files.get(block.file).text[start..end];
                out.push(
                    Diagnostic::at(
                        &META,
                        &Loc::new(block.file, start, end),
                        format!(
                            "`{text}` {}: ISO/IEC 27002 is guidance; organisations are certified to ISO/IEC 27001, whose Annex A lists the controls",
                            pattern.message
                        ),
                    )
                    .label("ISO 27002 is guidance")
                    .entity(document_entity(cx, block.file))
                    .help(pattern.fix.clone()),
                );
            }
        }
    }
}
