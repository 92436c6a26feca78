//! One defect, one finding — also for absent rows (issue 10). A rule that would report the same
//! thing many times at one place (every missing control at the top of the SoA, every clause
//! without a document, every row of an SoA that has no owner column) emits one finding per
//! entity, each marked with a group key. Suppressions and waivers act on those one by one
//! (`entity: A.8.28` hides that control), then `merge` turns each group into one finding that
//! lists them; the baseline counts the members one by one and rebuilds the finding from the
//! members it does not cover.

use super::{Diagnostic, natural};
use std::collections::BTreeMap;

/// Builds the finding that stands for a group: given the group key and the members (at least
/// one, in report order), it returns the finding with its location, message, label, help,
/// entity and related locations. `merge` sets its severity, group and members.
pub type MergeFn = fn(&str, &[Diagnostic]) -> Diagnostic;

#[derive(Clone)]
pub struct Group {
    pub key: String,
    pub merge: MergeFn,
}

impl Group {
    /// A group for `Diagnostic::in_group`, made once and shared by its members.
    pub fn new(key: impl Into<String>, merge: MergeFn) -> std::sync::Arc<Group> {
        std::sync::Arc::new(Group {
            key: key.into(),
            merge,
        })
    }
}

impl std::fmt::Debug for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Group").field("key", &self.key).finish()
    }
}

/// Merge the grouped findings; the others pass through. Merged findings come after the
/// others; the caller sorts.
pub fn merge(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    fn key_of(d: &Diagnostic) -> Option<(&'static str, &str)> {
        match &d.group {
            Some(g) if d.members.is_empty() => Some((d.rule.code, g.key.as_str())),
            _ => None,
        }
    }
    // A grouped rule may have a million members (RSK005 on a million-row register): the
    // largest group stays where it is, in `diags`, as its members (the others are taken out
    // of it in order), instead of being moved into a second vector of the same size.
    let largest = {
        let mut sizes: BTreeMap<(&'static str, &str), usize> = BTreeMap::new();
        for k in diags.iter().filter_map(key_of) {
            *sizes.entry(k).or_default() += 1;
        }
        // The first of the largest in key order (any would do: each group is merged alone).
        let mut best: Option<((&'static str, &str), usize)> = None;
        for (k, n) in sizes {
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((k, n));
            }
        }
        best.map(|((code, key), _)| (code, key.to_string()))
    };
    let (others, largest) = match largest {
        Some((code, key)) => {
            let others: Vec<Diagnostic> = diags
                .extract_if(.., |d| key_of(d) != Some((code, key.as_str())))
                .collect();
            diags.shrink_to_fit();
            (others, Some(((code, key), diags)))
        }
        None => (diags, None),
    };
    // Sized for the findings that pass through.
    let mut out = Vec::with_capacity(others.iter().filter(|d| d.group.is_none()).count());
    let mut groups: BTreeMap<(&'static str, String), Vec<Diagnostic>> = BTreeMap::new();
    for d in others {
        match &d.group {
            Some(g) if d.members.is_empty() => {
                let key = (d.rule.code, g.key.clone());
                groups.entry(key).or_default().push(d);
            }
            _ => out.push(d),
        }
    }
    if let Some((key, members)) = largest {
        groups.insert(key, members);
    }
    out.extend(groups.into_values().filter_map(rebuild));
    out
}

/// The finding that stands for `members` (none: no finding).
pub fn rebuild(members: Vec<Diagnostic>) -> Option<Diagnostic> {
    let group = members.first()?.group.clone()?;
    let mut d = (group.merge)(&group.key, &members);
    d.rule = members[0].rule;
    d.severity = members[0].severity;
    d.group = Some(group);
    d.members = members;
    Some(d)
}

/// A list of IDs, sorted naturally, with runs of consecutive numbers written as ranges:
/// `A.5.1–A.5.3, A.5.7, A.8.9–A.8.11`. At most `max` items are written, then `and N more`.
pub fn id_ranges<'a>(ids: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_by(|a, b| natural(a, b));
    ids.dedup();
    // `A.5.9` → ("A.5.", 9): the same prefix and the next number continue a run.
    let split = |id: &str| {
        let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, n) = id.split_at(id.len() - digits);
        n.parse::<u64>().ok().map(|n| (prefix.to_string(), n))
    };
    let mut runs: Vec<(&str, &str)> = Vec::new();
    for id in ids {
        let continues = runs.last().is_some_and(|(_, last)| {
            matches!((split(last), split(id)), (Some((p, a)), Some((q, b))) if p == q && b == a + 1)
        });
        match runs.last_mut() {
            Some(run) if continues => run.1 = id,
            _ => runs.push((id, id)),
        }
    }
    let n = runs.len();
    let mut parts: Vec<String> = runs
        .iter()
        .take(max)
        .map(|(a, b)| {
            if a == b {
                (*a).to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    if n > max {
        parts.push(format!("and {} more", n - max));
    }
    parts.join(", ")
}

/// The usual merge: the first member's place, message and help, the group key as entity, the
/// members' entities listed at the end of the message, and their related locations (at most
/// ten).
pub fn list_entities(key: &str, members: &[Diagnostic]) -> Diagnostic {
    let first = &members[0];
    let mut d = Diagnostic::new(first.rule, first.loc, first.message.clone());
    d.label = first.label.clone();
    d.help = first.help.clone();
    d.entity = (!key.is_empty()).then(|| key.to_string());
    let entities: Vec<&str> = members.iter().filter_map(|m| m.entity.as_deref()).collect();
    if !entities.is_empty() {
        d.message = format!(
            "{}: {} ({})",
            d.message,
            id_ranges(entities.iter().copied(), 40),
            plural(entities.len(), "control")
        );
    }
    d.related = members
        .iter()
        .flat_map(|m| m.related.iter().cloned())
        .take(10)
        .collect();
    d
}

/// `1 control`, `3 controls`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_of_ids() {
        let ids = [
            "A.8.11", "A.5.7", "A.8.9", "A.8.10", "A.5.9", "A.5.10", "A.6.1",
        ];
        assert_eq!(
            id_ranges(ids, 10),
            "A.5.7, A.5.9–A.5.10, A.6.1, A.8.9–A.8.11"
        );
        assert_eq!(id_ranges(ids, 2), "A.5.7, A.5.9–A.5.10, and 2 more");
        assert_eq!(
            id_ranges(["clause 4.3", "clause 6.2"], 5),
            "clause 4.3, clause 6.2"
        );
        assert_eq!(id_ranges(["R-1", "R-2", "X"], 5), "R-1–R-2, X");
    }
}
