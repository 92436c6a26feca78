//! DOC009: no document covers a clause that requires documented information (4.3, 5.2, 6.1.2,
//! 6.1.3, 6.2, 7.2, 8.1–8.3, 9.1, 9.2.2, 9.3.3, 10.2). Checked only in repositories that keep
//! their documents (at least one controlled document). One finding for the repository lists
//! every clause not covered; each clause is a member (entity `clause 4.3`) for waivers and the
//! baseline.

use crate::diagnostic::group::plural;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "DOC009",
    name: "missing-mandatory-document",
    default: Some(Severity::Warning),
    summary: "no document covers a clause that requires documented information",
    options: &[],
};

/// `9.2` covers `9.2.2`, and `9.2.2` covers `9.2.2`.
fn covers(listed: &str, clause: &str) -> bool {
    let listed = listed
        .trim()
        .trim_start_matches(|c: char| !c.is_ascii_digit());
    !listed.is_empty() && (clause == listed || clause.starts_with(&format!("{listed}.")))
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let docs = &cx.model.documents;
    if docs.is_empty() {
        return;
    }
    let has_risks = !cx.model.risks.is_empty();
    for clause in cx.catalog.clauses.iter().filter(|c| c.requires_document()) {
        // The registers themselves are this documented information.
        let by_register = match clause.id.as_str() {
            "6.1.3" => cx.model.has_soa(),
            "8.2" | "8.3" => has_risks,
            _ => false,
        };
        let by_document = docs.iter().any(|d| {
            d.clauses.iter().any(|c| covers(&c.value, &clause.id))
                || [&d.title, &d.doc_type]
                    .iter()
                    .filter_map(|f| f.get())
                    .any(|t| {
                        let t = t.to_lowercase();
                        clause
                            .keywords
                            .iter()
                            .any(|k| !k.is_empty() && t.contains(k.as_str()))
                    })
        });
        if by_register || by_document {
            continue;
        }
        out.push(
            Diagnostic::new(
                &META,
                None,
                format!(
                    "no document covers clause {} ({}), which requires documented information: {} (ISO 27001 {})",
                    clause.id, clause.title, clause.documented_information, clause.id
                ),
            )
            .entity(format!("clause {}", clause.id))
            .help(format!(
                "add the document, or list `{}` in the `clauses:` front matter of the document that covers it",
                clause.id
            ))
            .grouped("", merge),
        );
    }
}

/// One finding for the repository: a lone clause as it is, several listed with their titles.
fn merge(_: &str, members: &[Diagnostic]) -> Diagnostic {
    let first = &members[0];
    let mut d = Diagnostic::new(&META, None, first.message.clone());
    d.help = first.help.clone();
    if members.len() == 1 {
        d.entity = first.entity.clone();
        return d;
    }
    let catalog = crate::catalog::Catalog::builtin();
    let listed: Vec<String> = members
        .iter()
        .filter_map(|m| m.entity.as_deref())
        .map(|e| {
            let id = e.trim_start_matches("clause ");
            match catalog.clauses.iter().find(|c| c.id == id) {
                Some(c) => format!("{id} {}", c.title),
                None => id.to_string(),
            }
        })
        .collect();
    d.message = format!(
        "no document covers {} that require documented information (ISO 27001 7.5.1 a): {}",
        plural(members.len(), "clause"),
        listed.join("; ")
    );
    d.help = Some(
        "add the documents, or list the clauses in the `clauses:` front matter of the documents that cover them"
            .into(),
    );
    d
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn parents_cover_children() {
        assert!(covers("9.2", "9.2.2"));
        assert!(covers("clause 9.2.2", "9.2.2"));
        assert!(!covers("9.2.2", "9.2"));
        assert!(!covers("9.1", "9.10"));
    }
}
