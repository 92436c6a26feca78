//! SOA010: an SoA row whose title is another control's title — a 2022 ID carrying a 2013 title
//! left from a migration, or a row shifted by one. The row's ID and its title name two controls,
//! so the applicability and justification may be for either.
//!
//! Titles are compared after folding case and punctuation, by normalised Levenshtein
//! similarity. The threshold (0.85) is above the highest similarity between the titles of two
//! different controls in the catalogue (0.79: "Inventory of information and other associated
//! assets" / "Acceptable use of …"; a unit test keeps it so), and below the similarity of small
//! rewordings ("Policy for information security" 0.91). A title that matches no control is
//! left alone: SoAs often hold a description there.

use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::control_id::ControlRef;
use crate::model::record::Role;
use crate::pattern::Pattern;
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "SOA010",
    name: "id-title-mismatch",
    default: Some(Severity::Warning),
    summary: "an SoA row's title is the title of another control",
    options: &[],
};

/// Above every similarity between two different controls' titles in the catalogue.
pub const THRESHOLD: f64 = 0.85;

/// Lower case words of letters and digits, one space apart.
fn fold(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(&fold(a), &fold(b))
}

/// A catalogue title: the control, its edition, and the 2022 controls it is (itself, or the
/// successors of a 2013 control).
struct Known<'a> {
    id: &'a str,
    legacy: bool,
    now: Vec<&'a str>,
    /// `fold(title)` and its length in chars, computed once per run (not once per SoA row).
    folded: String,
    chars: usize,
}

impl Known<'_> {
    /// `similarity(title, self.title)` of a folded title of `chars` chars, or `None` when it
    /// cannot reach `THRESHOLD`: the edit distance is at least the difference in length, so a
    /// title much longer or shorter is skipped without comparing (the clean repository's 93
    /// rows against 207 titles were a third of its run, issue 16). The same value otherwise.
    fn similarity_at_least_threshold(&self, folded: &str, chars: usize) -> Option<f64> {
        let longest = chars.max(self.chars);
        if longest > 0 && 1.0 - (chars.abs_diff(self.chars) as f64) / (longest as f64) < THRESHOLD {
            return None;
        }
        let s = strsim::normalized_levenshtein(folded, &self.folded);
        (s >= THRESHOLD).then_some(s)
    }
}

fn known(catalog: &Catalog) -> Vec<Known<'_>> {
    let mut out: Vec<Known> = catalog
        .controls
        .iter()
        .map(|c| Known {
            id: &c.id,
            legacy: false,
            now: vec![c.id.as_str()],
            folded: fold(&c.title),
            chars: 0,
        })
        .collect();
    out.extend(catalog.legacy.iter().map(|(id, title)| Known {
        id,
        legacy: true,
        now: catalog.successors(id).iter().map(String::as_str).collect(),
        folded: fold(title),
        chars: 0,
    }));
    for k in &mut out {
        k.chars = k.folded.chars().count();
    }
    out
}

/// The 2022 controls an SoA ID stands for.
fn row_controls<'a>(catalog: &'a Catalog, r: &'a ControlRef) -> Vec<&'a str> {
    match r {
        ControlRef::Control(id) => vec![id.as_str()],
        ControlRef::Legacy(id) => catalog.successors(id).iter().map(String::as_str).collect(),
        ControlRef::Clause(_) => Vec::new(),
    }
}

/// The title without the ID written in front of it (`A.5.1 Policies …`, `5.1 - Policies …`).
fn strip_id(title: &str) -> &str {
    static ID: Pattern = Pattern::new(r"^\s*(?:A\.?\s*)?\d+(?:\.\d+)+\s*[-–—:.]?\s*");
    ID.find(title).map_or(title, |m| &title[m.end()..])
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let catalog = cx.catalog;
    let titles = known(catalog);
    for c in &cx.model.controls {
        if c.role != Role::Register {
            continue;
        }
        let (Some(r), Some(title)) = (c.id.get(), c.title.get()) else {
            continue;
        };
        let title = strip_id(title);
        if title.len() < 4 || title.len() > 200 {
            continue;
        }
        let mine = row_controls(catalog, r);
        if mine.is_empty() || !mine.iter().all(|id| catalog.control(id).is_some()) {
            continue;
        }
        // The best match among all titles; a match of the row's own control (either edition)
        // settles it.
        let folded = fold(title);
        let chars = folded.chars().count();
        // A title written as the catalogue has it (most rows) is its own best match: only equal
        // strings have similarity 1, and among equals the smallest ID wins, as below.
        let exact = titles
            .iter()
            .filter(|k| !folded.is_empty() && k.folded == folded)
            .min_by(|a, b| a.id.cmp(b.id))
            .map(|k| (1.0, k));
        let best = exact.or_else(|| {
            titles
                .iter()
                .filter_map(|k| Some((k.similarity_at_least_threshold(&folded, chars)?, k)))
                .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.id.cmp(a.1.id)))
        });
        let Some((_, other)) = best else { continue };
        if other.now.iter().any(|n| mine.contains(n))
            || (other.now.is_empty() && other.id == r.id())
        {
            continue;
        }
        let own = match r {
            ControlRef::Control(id) => catalog
                .control(id)
                .map(|k| format!("`{}`", k.title))
                .unwrap_or_default(),
            _ => format!(
                "now {}",
                mine.iter()
                    .filter_map(|id| catalog.control(id))
                    .map(|k| format!("{} `{}`", k.id, k.title))
                    .collect::<Vec<_>>()
                    .join(" / ")
            ),
        };
        let theirs = if other.legacy {
            let now = if other.now.is_empty() {
                "withdrawn in 2022".to_string()
            } else {
                format!("now {}", other.now.join(" / "))
            };
            format!("the 2013 control {} ({now})", other.id)
        } else {
            format!("control {}", other.id)
        };
        let id = r.id();
        out.push(
            Diagnostic::at(
                &META,
                &c.title.loc,
                format!(
                    "SoA row {id} is titled `{}`, which is the title of {theirs}; {id} is {} (ISO 27001 6.1.3 d: the SoA states, control by control, which are applicable and why — here the ID and the title name two controls)",
                    title.trim(),
                    own,
                ),
            )
            .label(format!("title of {}", other.id))
            .entity(id)
            .help(format!(
                "check which control the row's decision is about: correct the ID to {} or the title to the one of {id}",
                if other.now.is_empty() { other.id.to_string() } else { other.now.join(" / ") }
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The threshold keeps every two different controls apart, in and across editions.
    #[test]
    fn no_catalogue_title_matches_another_controls() {
        let catalog = Catalog::builtin();
        let titles = known(&catalog);
        let mut highest = 0.0f64;
        for (i, a) in titles.iter().enumerate() {
            for b in &titles[i + 1..] {
                let same = a.now.iter().any(|n| b.now.contains(n))
                    || (a.id == b.id && a.legacy == b.legacy);
                if !same {
                    highest = highest.max(strsim::normalized_levenshtein(&a.folded, &b.folded));
                }
            }
        }
        assert!(
            highest < THRESHOLD,
            "highest cross-control similarity {highest}"
        );
        assert!(highest > 0.7, "the measure changed: {highest}");
    }

    #[test]
    fn small_rewordings_match() {
        assert!(
            similarity(
                "Policy for information security",
                "Policies for information security"
            ) >= THRESHOLD
        );
        assert!(
            similarity(
                "Information Security Roles & Responsibilities",
                "Information security roles and responsibilities"
            ) >= THRESHOLD
        );
        assert_eq!(
            strip_id("A.5.1 - Policies for information security"),
            "Policies for information security"
        );
        assert_eq!(strip_id("Access rights"), "Access rights");
    }
}
