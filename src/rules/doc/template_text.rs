//! DOC002: a sentence from a template pack, or a template vendor's sample organisation, left in.

use super::{PatternIndex, document_entity};
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::{Context, Rule};
use crate::source::Loc;

pub static META: RuleMeta = RuleMeta {
    code: "DOC002",
    name: "template-text",
    default: Some(Severity::Warning),
    summary: "template wording or a sample organisation name left in",
    options: &[],
};

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let index = PatternIndex::new(&cx.packs.template_text);
        for (file, start, end, pattern) in index.matches_in(cx, true, true) {
            let text = &cx.files.get(file).text[start..end];
            out.push(
                    Diagnostic::at(
                        &META,
                        &Loc::new(file, start, end),
                        format!(
                            "`{text}`: {} (ISO 27001 7.5.2: documents are adapted to the organisation and reviewed for suitability)",
                            pattern.message
                        ),
                    )
                    .label("template text")
                    .entity(document_entity(cx, file))
                    .help(format!("{} (pattern `{}`)", pattern.fix, pattern.full_id())),
                );
        }
    }
}
