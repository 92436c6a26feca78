//! DOC003: the same justification on many SoA rows, or near-identical ones that only swap the
//! control's name or number — a sign of a template filled in by copy and paste.

use crate::diagnostic::{Diagnostic, OptionKind, RuleMeta, RuleOption, Severity};
use crate::pattern::Pattern;
use crate::rules::Context;
use crate::rules::soa::{control_rows, normalise_text};
use std::collections::BTreeMap;

pub static META: RuleMeta = RuleMeta {
    code: "DOC003",
    name: "repeated-justification",
    default: Some(Severity::Warning),
    summary: "the same justification on many SoA rows",
    options: &[RuleOption {
        name: "min_rows",
        kind: OptionKind::Integer,
        default: "5",
        doc: "how many rows must share a justification before it is reported",
    }],
};

/// The justification with the row's own control ID and title taken out.
fn shape(text: &str, id: &str, title: Option<&str>) -> String {
    static ID: Pattern = Pattern::new(r"\ba ?\d{1,2} \d{1,2}(?: \d{1,2})?\b");
    let mut norm = normalise_text(text);
    if let Some(t) = title.map(normalise_text).filter(|t| !t.is_empty()) {
        norm = norm.replace(&t, "<title>");
    }
    let id_norm = normalise_text(id);
    norm = norm.replace(&id_norm, "<id>");
    // Most justifications name no other control: without a digit the pattern cannot match.
    if !crate::pattern::may_hold_digit(&norm) {
        return norm;
    }
    ID.replace_all(&norm, "<id>").into_owned()
}

/// `A.5.1, A.5.2, …` with at most ten IDs named.
fn list_ids<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> String {
    let n = ids.len();
    let mut s = ids.take(10).collect::<Vec<_>>().join(", ");
    if n > 10 {
        s.push_str(&format!(" and {} more", n - 10));
    }
    s
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let min = cx.config.option(META.code, "min_rows", 5.0).max(2.0) as usize;
    let mut groups: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for (c, r) in control_rows(cx.model, cx.catalog) {
        let Some(text) = c.justification.get() else {
            continue;
        };
        let title = c
            .title
            .get()
            .cloned()
            .or_else(|| cx.catalog.control(r.id()).map(|k| k.title.clone()));
        let key = shape(text, r.id(), title.as_deref());
        if key.split(' ').count() < 2 {
            // One-word justifications are SOA006's business.
            continue;
        }
        groups.entry(key).or_default().push((c, r));
    }
    for rows in groups.values().filter(|g| g.len() >= min) {
        let (first, id) = rows[0];
        let same = rows
            .iter()
            .all(|(c, _)| c.justification.get() == first.justification.get());
        let how = if same {
            "the same justification"
        } else {
            "the same justification with only the control's name or number changed"
        };
        let mut d = Diagnostic::at(
            &META,
            &first.justification.loc,
            format!(
                "{} SoA rows share {how} (ISO 27001 6.1.3 d: each control's justification is the organisation's own): {}",
                rows.len(),
                list_ids(rows.iter().map(|(_, r)| r.id()))
            ),
        )
        .label("first of the rows")
        .entity(id.id())
        .help("write why each control is included or excluded for this organisation");
        for (c, r) in rows.iter().skip(1).take(9) {
            d = d.related(&c.justification.loc, format!("same text for {}", r.id()));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::shape;

    #[test]
    fn swapping_the_control_name_gives_the_same_shape() {
        let a = shape(
            "A.5.1 Policies for information security is needed to protect our data",
            "A.5.1",
            Some("Policies for information security"),
        );
        let b = shape(
            "A.5.2 Information security roles and responsibilities is needed to protect our data",
            "A.5.2",
            Some("Information security roles and responsibilities"),
        );
        assert_eq!(a, b);
    }
}
