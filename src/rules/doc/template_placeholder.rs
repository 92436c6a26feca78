//! DOC001: placeholder text left in a document (`[Company Name]`, `{{company}}`, `POL-XXX`,
//! `Lorem ipsum`, `Insert … here`, `<!-- TODO -->`). Code, Hugo shortcodes, task lists and
//! templates are left alone; a placeholder that is a required field's whole value is reported by
//! that field's rule instead.

use super::{PlaceholderFields, pattern_matches};
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "DOC001",
    name: "template-placeholder",
    default: Some(Severity::Error),
    summary: "placeholder text left in a document",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let fields = PlaceholderFields::new(cx);
    for m in pattern_matches(cx, &cx.packs.placeholders, false, true) {
        if fields.contains(m.loc.file, m.loc.start, m.loc.end) {
            continue;
        }
        out.push(
            Diagnostic::at(&META, &m.loc, format!("`{}` is a template placeholder ({}) left in the document (ISO 27001 7.5.2: documented information is identified and reviewed for suitability)", m.text, m.pattern.message))
                .label("placeholder")
                .help(m.help())
                .entity(m.entity.clone()),
        );
    }
}
