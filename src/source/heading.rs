//! A heading and GitHub's slug of it: how a heading becomes an anchor, read by `site` (each
//! generator's anchors) and by the document model (`model::text` re-exports both).

/// A heading's text, and its explicit ID (`## Title {#custom-id}`) if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub text: String,
    pub id: Option<String>,
}

/// GitHub's heading slug: lower case, punctuation dropped (but `-` and `_`), spaces to `-`.
pub fn slug(heading: &str) -> String {
    // Into one string (a string a character cost ~4,500 instructions a heading).
    let heading = heading.trim();
    let mut out = String::with_capacity(heading.len());
    for c in heading.chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}
