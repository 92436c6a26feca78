//! DOC009: no document covers a clause that requires documented information (4.3, 5.2, 6.1.2,
//! 6.1.3, 6.2, 7.2, 8.1–8.3, 9.1, 9.2.2, 9.3.3, 10.2). Checked only in repositories that keep
//! their documents (at least one controlled document). One finding for the repository lists
//! every clause not covered; each clause is a member (entity `clause 4.3`) for waivers and the
//! baseline.

use crate::diagnostic::group::{Member, plural};
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
    let named = named_documents(cx);
    let lowered: Vec<String> = docs
        .iter()
        .flat_map(|d| [&d.title, &d.doc_type])
        .filter_map(|f| f.get())
        .map(|t| t.to_lowercase())
        .collect();
    // The documents' titles and types, then the file names and first headings.
    let titles: Vec<Title> = lowered
        .iter()
        .chain(named.iter().map(|(title, _)| title))
        .map(|t| Title::new(t))
        .collect();
    let index = WordIndex::new(&titles);
    for clause in cx.catalog.clauses.iter().filter(|c| c.requires_document()) {
        let keys = Keys::new(&clause.keywords);
        let by_register = match clause.id.as_str() {
            "6.1.3" => cx.model.has_soa(),
            "8.2" | "8.3" => has_risks,
            _ => false,
        };
        let by_front_matter = || {
            docs.iter()
                .any(|d| d.clauses.iter().any(|c| covers(&c.value, &clause.id)))
        };
        let by_title = || {
            index
                .candidates(&keys, titles.len())
                .into_iter()
                .any(|i| names_clause_in(&titles[i], &clause.id, &keys))
        };
        if by_register || by_front_matter() || by_title() {
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

#[cfg(test)]
fn names_clause(title: &str, clause: &str, keywords: &[String]) -> bool {
    names_clause_in(&Title::new(title), clause, &Keys::new(keywords))
}

/// A lower-case title as words, padded with spaces (`" isms scope statement "`), to look for
/// whole keywords in.
/// A lower-case title as its words (runs of letters and digits).
struct Title<'a> {
    words: Vec<&'a str>,
}

impl<'a> Title<'a> {
    fn new(title: &'a str) -> Self {
        Title {
            words: title
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect(),
        }
    }

    /// Does the title hold the keyword's words in a row, the last maybe with an `s`?
    fn holds(&self, key: &[String]) -> bool {
        let Some((last, lead)) = key.split_last() else {
            return self.words.is_empty() || self.words.contains(&"s");
        };
        self.words.windows(key.len()).any(|w| {
            let (w_last, w_lead) = w.split_last().expect("a window of at least one word");
            w_lead.iter().zip(lead).all(|(a, b)| *a == b)
                && (*w_last == last || w_last.strip_suffix('s').is_some_and(|stem| stem == last))
        })
    }

    /// `holds` for a keyword written here (`information security`).
    fn has(&self, k: &str) -> bool {
        let key: Vec<String> = k.split_whitespace().map(str::to_string).collect();
        self.holds(&key)
    }

    fn word(&self, i: usize) -> Option<&str> {
        self.words.get(i).copied()
    }

    /// The title as ` words joined by spaces `, which `holds` reads as a substring would.
    #[cfg(test)]
    fn padded(&self) -> String {
        format!(" {} ", self.words.join(" "))
    }
}

/// The titles holding each word: a title can hold a keyword only if it holds the keyword's
/// first word (or, for a one-word keyword, that word with an `s`), so each clause reads the
/// few titles that do, not every title (issue 16: 5,000 documents' titles read for each of
/// thirteen clauses were 18% of a large tree's single-threaded rules time).
struct WordIndex<'a>(std::collections::HashMap<&'a str, Vec<usize>>);

impl<'a> WordIndex<'a> {
    fn new(titles: &[Title<'a>]) -> Self {
        let mut index: std::collections::HashMap<&str, Vec<usize>> = Default::default();
        for (i, t) in titles.iter().enumerate() {
            for w in &t.words {
                let at = index.entry(*w).or_default();
                if at.last() != Some(&i) {
                    at.push(i);
                }
            }
        }
        WordIndex(index)
    }

    /// The titles that may hold one of `keys`, in order; all `count` of them when a keyword
    /// has no word.
    fn candidates(&self, keys: &Keys, count: usize) -> Vec<usize> {
        let mut found = Vec::new();
        for key in &keys.0 {
            let Some(first) = key.first() else {
                return (0..count).collect();
            };
            let plural = (key.len() == 1).then(|| format!("{first}s"));
            for w in std::iter::once(first.as_str()).chain(plural.as_deref()) {
                found.extend(self.0.get(w).into_iter().flatten());
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

struct Keys(Vec<Vec<String>>);

impl Keys {
    fn new(keywords: &[String]) -> Self {
        Keys(
            keywords
                .iter()
                .filter(|k| {
                    !k.is_empty()
                        && !keywords.iter().any(|longer| {
                            longer.len() > k.len() && longer.ends_with(&format!(" {k}"))
                        })
                })
                .map(|k| k.split_whitespace().map(str::to_string).collect())
                .collect(),
        )
    }
}

/// Does a document's title or file name say it is the documented information of this clause?
/// Stricter than a front-matter title: a keyword matches whole words; a keyword that ends a
/// longer keyword of the clause (`security policy` in `information security policy`) does not
/// count alone (a "network security policy" is a topic policy, not the policy of 5.2); a scope
/// is the ISMS's (`ISMS Scope`, `Scope of the ISMS`, a title that starts with `Scope`), not a
/// page's "overview and scope"; logging and monitoring is control A.8.16, not clause 9.1.
fn names_clause_in(title: &Title, clause: &str, keys: &Keys) -> bool {
    let matched = keys.0.iter().any(|k| title.holds(k));
    matched
        && match clause {
            "4.3" => {
                title.has("isms")
                    || title.has("information security")
                    || title.has("management system")
                    || title.word(0).is_some_and(|w| w.starts_with("scope"))
                    || title.word(1).is_some_and(|w| w.starts_with("scope"))
            }
            "9.1" => !(title.has("logging") || title.has("log") || title.has("logs")),
            _ => true,
        }
}

/// Files of a repository's own housekeeping, never ISMS documents.
const REPOSITORY_FILES: &[&str] = &[
    "readme",
    "contributing",
    "security",
    "changelog",
    "license",
    "code_of_conduct",
    "code-of-conduct",
    "codeofconduct",
];

/// File extensions of documents (text and office formats).
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdx", "txt", "rst", "adoc", "docx", "doc", "odt", "pdf", "html",
];

/// The titles of the repository's documents as lower-case text, with their paths: each
/// document file's name (`scope-of-isms.md` → `scope of isms`) and each Markdown file's first
/// `# ` heading. Templates are not the organisation's documents.
fn named_documents(cx: &Context) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in &cx.repo.files {
        if cx.config.documents.is_template(path) {
            continue;
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        let Some((stem, ext)) = name.rsplit_once('.') else {
            continue;
        };
        // A README names its folder or project, not a document of the ISMS.
        if REPOSITORY_FILES.contains(&stem.to_lowercase().as_str()) {
            continue;
        }
        if !DOCUMENT_EXTENSIONS.contains(&ext.to_lowercase().as_str()) {
            continue;
        }
        let words: String = stem
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        out.push((
            words
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
            path.clone(),
        ));
    }
    for (_, f) in cx.files.iter() {
        let lower = f.path.to_lowercase();
        if !lower.ends_with(".md")
            || lower
                .rsplit('/')
                .next()
                .is_some_and(|n| REPOSITORY_FILES.contains(&n.trim_end_matches(".md")))
            || cx.config.documents.is_template(&f.path)
        {
            continue;
        }
        let mut in_front = false;
        for (n, line) in f.text().lines().take(80).enumerate() {
            let l = line.trim();
            if n == 0 && l == "---" {
                in_front = true;
                continue;
            }
            if in_front {
                in_front = !(l == "---" || l == "...");
                continue;
            }
            if let Some(h) = l.strip_prefix("# ") {
                out.push((h.trim().to_lowercase(), f.path.clone()));
                break;
            }
        }
    }
    out
}

/// One finding for the repository: a lone clause as it is, several listed with their titles.
fn merge(_: &'static RuleMeta, _: &str, members: &[Member]) -> Diagnostic {
    let first = &members[0];
    let mut d = Diagnostic::new(&META, None, first.message());
    d.help = first.help().map(str::to_string);
    if members.len() == 1 {
        d.entity = first.entity().map(str::to_string);
        return d;
    }
    let catalog = crate::catalog::Catalog::shared();
    let listed: Vec<String> = members
        .iter()
        .filter_map(Member::entity)
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
    use super::{covers, names_clause};

    #[test]
    fn titles_and_file_names_that_say_what_a_document_is() {
        let kw = |s: &str| s.split('|').map(String::from).collect::<Vec<_>>();
        let policy = kw("information security policy|isms policy|security policy");
        assert!(names_clause("information security policy", "5.2", &policy));
        assert!(!names_clause("network security policy", "5.2", &policy));
        let scope = kw("scope");
        assert!(names_clause("isms scope statement", "4.3", &scope));
        assert!(names_clause("scope of isms", "4.3", &scope));
        assert!(names_clause("isms 001 scope v0 1", "4.3", &scope));
        assert!(!names_clause("general overview and scope", "4.3", &scope));
        assert!(!names_clause(
            "risk workshop minutes scope unit id",
            "4.3",
            &scope
        ));
        let plan = kw("risk treatment plan|risk treatment results");
        assert!(names_clause("risk treatment plan", "8.3", &plan));
        let mon = kw("monitoring|measurement|metrics|kpi");
        assert!(names_clause("monitoring measurement plan", "9.1", &mon));
        assert!(!names_clause("logging monitoring policy", "9.1", &mon));
        let obj = kw("objective");
        assert!(names_clause("security objectives", "6.2", &obj));
    }

    /// Word by word, a title holds a keyword where the padded title holds it as a substring.
    #[test]
    fn holds_as_substring() {
        let titles = [
            "",
            "isms scope statement",
            "security objectives",
            "risk treatment plans",
            "s",
            "information security policy",
            "third party policy",
            "scopes of isms",
            "policy",
        ];
        let keys = [
            "scope",
            "risk treatment plan",
            "objective",
            "security  policy",
            "  ",
            "third-party",
            "policy",
            "isms scope",
            "s",
        ];
        for t in titles {
            let title = super::Title::new(t);
            for k in keys {
                let joined = k.split_whitespace().collect::<Vec<_>>().join(" ");
                let padded = title.padded();
                let substring = padded.contains(&format!(" {joined} "))
                    || padded.contains(&format!(" {joined}s "));
                let words: Vec<String> = k.split_whitespace().map(str::to_string).collect();
                assert_eq!(title.holds(&words), substring, "{t:?} {k:?}");
            }
        }
    }

    #[test]
    fn parents_cover_children() {
        assert!(covers("9.2", "9.2.2"));
        assert!(covers("clause 9.2.2", "9.2.2"));
        assert!(!covers("9.2.2", "9.2"));
        assert!(!covers("9.1", "9.10"));
    }
}
