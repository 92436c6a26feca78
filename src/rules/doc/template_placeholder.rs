//! DOC001: placeholder text left in a document (`[Company Name]`, `{{company}}`, `POL-XXX`,
//! `Lorem ipsum`, `Insert … here`, `<!-- TODO -->`). Code, Hugo shortcodes, task lists and
//! templates are left alone; a placeholder that is a required field's whole value is reported by
//! that field's rule instead.

use super::{PatternIndex, document_entity, in_placeholder_field};
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::{Context, Rule};
use crate::source::Loc;

pub static META: RuleMeta = RuleMeta {
    code: "DOC001",
    name: "template-placeholder",
    default: Some(Severity::Error),
    summary: "placeholder text left in a document",
    options: &[],
};

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let index = PatternIndex::new(&cx.packs.placeholders);
        for (file, start, end, pattern) in index.matches_in(cx, false, true) {
            if in_placeholder_field(cx, file, start, end) {
                continue;
            }
            let text = &cx.files.get(file).text[start..end];
            out.push(
                    Diagnostic::at(
                        &META,
                        &Loc::new(file, start, end),
                        format!(
                            "`{text}` is a template placeholder ({}) left in the document (ISO 27001 7.5.2: documented information is identified and reviewed for suitability)",
                            pattern.message
                        ),
                    )
                    .label("placeholder")
                    .entity(document_entity(cx, file))
                    .help(format!("{} (pattern `{}`)", pattern.fix, pattern.full_id())),
                );
        }
    }
}
