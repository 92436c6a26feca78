//! DOC001: placeholder text left in a document (`[Company Name]`, `[Insert …]`,
//! `[YOUR_ORGANISATION_NAME]`, `[CISO]`, `{{company}}`, `+33 XXX XXX XXX`, `POL-XXX`, `20XX`,
//! `Lorem ipsum`, `Insert … here`, `<!-- TODO -->`). Markdown is not text: links, task lists,
//! footnotes, wiki links, code, Hugo shortcodes; templates are left alone. A placeholder that is
//! a required field's whole value is reported by that field's rule instead.

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
        if fields.overlaps(m.loc.file, m.loc.start, m.loc.end)
            || is_check_mark(&cx.files.get(m.loc.file).text, m.loc.start, m.loc.end)
            || in_menu_path(&cx.files.get(m.loc.file).text, m.loc.start, m.loc.end)
        {
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

/// `[X]` alone in a table cell is a ticked box, not a number to fill in (`NC-[X]`, `within [X]
/// hours` are).
fn is_check_mark(text: &str, start: usize, end: usize) -> bool {
    if !text[start..end].eq_ignore_ascii_case("[x]") {
        return false;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let before = text[line_start..start].trim_end();
    let after = text[end..line_end].trim_start();
    before.ends_with('|') && after.starts_with('|')
}

/// `Settings → Teams → [Your Team] → Labels`: a step of a menu path names the reader's own item
/// in an application, it is not a value the document left unfilled.
fn in_menu_path(text: &str, start: usize, end: usize) -> bool {
    const ARROWS: [char; 3] = ['→', '›', '»'];
    text[start..end].starts_with('[')
        && text[..start]
            .trim_end_matches([' ', '\t'])
            .ends_with(ARROWS)
        && text[end..]
            .trim_start_matches([' ', '\t'])
            .starts_with(ARROWS)
}
