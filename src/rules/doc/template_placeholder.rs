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
        if fields.overlaps(m.loc.file(), m.loc.start(), m.loc.end())
            || is_check_mark(
                cx.files.get(m.loc.file()).text(),
                m.loc.start(),
                m.loc.end(),
            )
            || in_menu_path(
                cx.files.get(m.loc.file()).text(),
                m.loc.start(),
                m.loc.end(),
            )
            || in_quoted_example(
                cx.files.get(m.loc.file()).text(),
                m.loc.start(),
                m.loc.end(),
            )
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

/// What introduces an example or a pattern to copy, in the languages of issue 13, lowercased.
const EXAMPLE_MARKERS: &[&str] = &[
    "ex:",
    "ex.:",
    "ex.",
    "e.g.",
    "e.g.,",
    "e.g:",
    "eg:",
    "example:",
    "for example,",
    "for example:",
    "for example",
    "z.b.",
    "z. b.",
    "z.b.:",
    "z. b.:",
    "bsp.:",
    "beispiel:",
    "zum beispiel",
    "exemplo:",
    "por exemplo,",
    "por exemplo:",
    "por exemplo",
    "ejemplo:",
    "por ejemplo,",
    "por ejemplo:",
    "p. ej.",
    "p.ej.",
    "exemple :",
    "exemple:",
    "par exemple,",
    "par exemple :",
    "esempio:",
    "ad esempio,",
    "ad esempio:",
    "voorbeeld:",
    "bijvoorbeeld",
    "příklad:",
    "např.",
    "przykład:",
    "np.",
    "παράδειγμα:",
    "format:",
    "formato:",
    "formaat:",
    "pattern:",
    "padrão:",
    "muster:",
    "naming:",
];

/// A placeholder inside a quoted example or pattern is an instruction, not an unfilled field:
/// `Ex: "Acesso revogado em [Data]"`, `Format: "KEY-[Jahr]-XXX"`, and a list step that
/// gives a text to type (`- Criar registro no sistema de tickets: "Rotação IAM Key — [DATA]"`,
/// `2. Title: "[TYPE]-XXX: Description"`:
/// the quote follows a colon and holds words besides the placeholder). `"[Company Name]"` alone,
/// or a placeholder in running text, is still reported.
fn in_quoted_example(text: &str, start: usize, end: usize) -> bool {
    // Front matter values are fields, never examples.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - body.len();
    if body.starts_with("---") && body[3..].find("\n---").is_none_or(|i| start <= bom + 3 + i) {
        return false;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let is_quote = |c: char| matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}');
    // The opening quote: the last quote before the placeholder, with an odd count of quotes
    // before the placeholder on the line; and a closing quote after it on the line.
    let before = &text[line_start..start];
    if before.chars().filter(|c| is_quote(*c)).count() % 2 == 0 {
        return false;
    }
    let Some(open) = before.rfind(is_quote) else {
        return false;
    };
    let after = &text[end..line_end];
    let Some(close) = after.find(is_quote) else {
        return false;
    };
    let lead = before[..open]
        .trim_end()
        .trim_end_matches(['*', '_'])
        .trim_end()
        .to_lowercase();
    // A marker is a word of its own (`Annex:` does not end with the marker `ex:`).
    let marked = EXAMPLE_MARKERS.iter().any(|m| {
        lead.strip_suffix(m)
            .is_some_and(|rest| !rest.ends_with(char::is_alphanumeric))
    });
    if marked {
        return true;
    }
    // A list step that gives the text to type.
    let step = {
        let l = lead.trim_start();
        l.starts_with("- ")
            || l.starts_with("* ")
            || l.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let quoted_words = before[open..]
        .chars()
        .skip(1)
        .collect::<String>()
        .split_whitespace()
        .chain(after[..close].split_whitespace())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    step && lead.ends_with(':') && quoted_words >= 2
}
