//! SOA006: a justification is generic or empty of content ("N/A", "not relevant", the control's
//! title repeated). Exclusions are checked for content; inclusions only against the phrase pack,
//! and only when the justification is their sole basis (no reason, no linked risk).

use crate::catalog::packs::Matcher;
use crate::diagnostic::{Diagnostic, OptionKind, RuleMeta, RuleOption, Severity};
use crate::model::text::tokens;
use crate::model::values::Tri;
use crate::rules::Context;
use crate::rules::soa::{control_rows, normalise_text};

pub static META: RuleMeta = RuleMeta {
    code: "SOA006",
    name: "weak-justification",
    default: Some(Severity::Warning),
    summary: "a justification is generic or empty of content",
    options: &[RuleOption {
        name: "min_content_words",
        kind: OptionKind::Integer,
        default: "2",
        doc: "an exclusion justification with fewer words of content than this is weak",
    }],
};

/// Is the whole justification one of the pack's generic phrases?
fn is_generic(cx: &Context, text: &str) -> bool {
    let mut toks = Vec::new();
    tokens(text, 0, &mut toks);
    let words: Vec<&str> = toks.iter().map(|t| t.word.as_str()).collect();
    cx.packs
        .generic_justifications
        .iter()
        .any(|p| match &p.matcher {
            Matcher::Phrase(phrase) if words.is_empty() => {
                phrase.len() == 1 && phrase[0] == text.trim()
            }
            Matcher::Phrase(phrase) => phrase.iter().map(String::as_str).eq(words.iter().copied()),
            Matcher::Regex(re) => re.is_match(text.trim()),
        })
}

/// Words that carry no information about the organisation.
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "is",
    "are",
    "be",
    "to",
    "for",
    "of",
    "in",
    "on",
    "at",
    "by",
    "it",
    "this",
    "that",
    "we",
    "us",
    "our",
    "not",
    "applicable",
    "relevant",
    "required",
    "needed",
    "necessary",
    "control",
    "controls",
    "organisation",
    "organization",
    "company",
    "business",
    "scope",
    "out",
    "currently",
    "only",
    "as",
    "and",
    "or",
    "does",
    "do",
    "apply",
    "n/a",
    "na",
    "so",
    "there",
    "no",
    "none",
    "yet",
    "all",
    "any",
    "with",
    "iso",
    "27001",
    "annex",
];

fn content_words(text: &str) -> usize {
    normalise_text(text)
        .split(' ')
        .filter(|w| !w.is_empty() && !FILLER.contains(w))
        .count()
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let min = cx.config.option(META.code, "min_content_words", 2.0) as usize;
    for (c, r) in control_rows(cx.model, cx.catalog) {
        let Some(text) = c.justification.get() else {
            continue;
        };
        let norm = normalise_text(text);
        let title = c
            .title
            .get()
            .cloned()
            .or_else(|| cx.catalog.control(r.id()).map(|k| k.title.clone()))
            .map(|t| normalise_text(&t));
        let why = match c.applicable.value() {
            Some(Tri::No) if is_generic(cx, text) => "is a generic phrase",
            Some(Tri::No) if title.as_deref() == Some(norm.as_str()) => {
                "only repeats the control's title"
            }
            Some(Tri::No) if content_words(text) < min => {
                "says nothing specific about the organisation"
            }
            // An inclusion with a stated reason or a linked risk is justified by those.
            Some(Tri::Yes)
                if is_generic(cx, text)
                    && c.reasons.is_empty()
                    && !cx.model.control_has_risk_link(c) =>
            {
                "is a generic phrase"
            }
            _ => continue,
        };
        let verb = if c.is_excluded() {
            "exclusion"
        } else {
            "inclusion"
        };
        out.push(
            Diagnostic::at(
                &META,
                &c.justification.loc,
                format!("the {verb} justification of {} `{text}` {why} (ISO 27001 6.1.3 d: justify with the organisation's own reasons)", r.id()),
            )
            .label("weak justification")
            .entity(r.id())
            .help(if c.is_excluded() {
                "state the fact that makes the control irrelevant, e.g. \"No software is developed in-house; all applications are SaaS\""
            } else {
                "state the risk, legal, contractual or business reason the control is included"
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_but_specific_has_content() {
        assert_eq!(content_words("No software development"), 2);
        assert_eq!(content_words("Not relevant for us."), 0);
    }
}
