//! A knowledge base is not an ISMS (issue 13 review of a bilingual learning repository): its
//! pages say what they are in front matter (`kind: chapter`, `kind: pattern`, `kind: glossary`),
//! and the few pages of other kinds (`kind: work-instruction`, `kind: checklist`,
//! `kind: field-guide`) are its own editorial rules for contributors, not an organisation's
//! controlled documents. Such a page is a controlled document in an ISMS, so the repository
//! decides: when nearly every page that declares a kind declares a page of a site, a page of
//! another kind that states no owner, version, approval or review is read as one of its pages
//! too. A page that names an ISMS document type (`type: policy`, `kind: procedure`) or states
//! any document metadata stays a controlled document in every repository.

use crate::parse::{Loaded, PageKind};

/// At least this many pages must declare a site-page kind ...
const MIN_SITE_PAGES: usize = 20;
/// ... and at least this share of the pages that declare any kind.
const SHARE: f64 = 0.9;

/// Is the repository a knowledge base (or documentation site) by what its pages call themselves?
pub fn is_knowledge_base<'a>(pages: impl Iterator<Item = &'a PageKind>) -> bool {
    let (mut site, mut all) = (0usize, 0usize);
    for p in pages {
        all += 1;
        site += usize::from(p.site);
    }
    site >= MIN_SITE_PAGES && site as f64 >= SHARE * all as f64
}

/// In a knowledge base: drop the document record of a page of another kind that states no
/// metadata, and say why (for `-v`).
pub fn drop_editorial(loaded: &mut Loaded) -> Option<String> {
    let p = loaded.page_kind.as_ref()?;
    let i = p.bare_record?;
    if i >= loaded.records.len() {
        return None;
    }
    let word = p.word.clone();
    loaded.records.remove(i);
    loaded.doc_meta = None;
    loaded
        .notes
        .retain(|n| n != "front matter read as a document record");
    Some(format!(
        "front matter calls the page `{word}` and states no owner, version, approval or review, in a repository whose pages nearly all declare themselves pages of a site or knowledge base (`chapter`, `glossary`, …): read as one of its pages, not as a controlled document"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(site: usize, other: usize) -> Vec<PageKind> {
        let mut v = Vec::new();
        for _ in 0..site {
            v.push(PageKind {
                word: "chapter".into(),
                site: true,
                bare_record: None,
            });
        }
        for _ in 0..other {
            v.push(PageKind {
                word: "work-instruction".into(),
                site: false,
                bare_record: Some(0),
            });
        }
        v
    }

    #[test]
    fn a_knowledge_base_is_told_by_its_pages() {
        assert!(is_knowledge_base(pages(36, 4).iter()));
        // Too few pages to judge, or too many pages of other kinds.
        assert!(!is_knowledge_base(pages(19, 0).iter()));
        assert!(!is_knowledge_base(pages(30, 10).iter()));
    }
}
