//! One defect, one finding — also for absent rows (issue 10). A rule that would report the same
//! thing many times at one place (every missing control at the top of the SoA, every clause
//! without a document, every row of an SoA that has no owner column) emits one finding per
//! entity, each marked with a group key. Suppressions and waivers act on those one by one
//! (`entity: A.8.28` hides that control), then `merge` turns each group into one finding that
//! lists them; the baseline counts the members one by one and rebuilds the finding from the
//! members it does not cover. A rule with very many members of one group (RSK005 on a
//! million-row register) emits them as one batch of bare members (`Member::Bare`,
//! `Diagnostic::batch`): each is its place, entity and one related place, not a `Diagnostic`.

use super::{Diagnostic, Label, RuleMeta, Severity, natural};
use crate::source::Loc;
use compact_str::CompactString;
use std::collections::BTreeMap;

/// Builds the finding that stands for a group: given the rule, the group key and the members
/// (at least one, in report order), it returns the finding with its location, message, label,
/// help, entity and related locations. `merge` sets its severity, group and members.
pub type MergeFn = fn(&'static RuleMeta, &str, &[Member]) -> Diagnostic;

/// One finding of a group, as the group keeps it until it is merged and after (baselines count
/// members, JSON lists their entities).
#[derive(Debug, Clone)]
pub enum Member {
    /// A finding as its rule wrote it (`Diagnostic::grouped`).
    Full(Box<Diagnostic>),
    /// A finding that says nothing but its place, its entity and one related place, its
    /// message being the group's (RSK005's risks of a register that names no control): a
    /// million-row register has a million of them, 56 bytes each instead of ~300 for a
    /// `Diagnostic` with its related label and entity.
    Bare {
        loc: Loc,
        /// Empty: none (as `Diagnostic::entity` sets none for an empty one).
        entity: CompactString,
        related: Loc,
    },
}

// What a member costs (see `Member::Bare`).
const _: () = assert!(std::mem::size_of::<Member>() == 56);

impl Member {
    pub fn loc(&self) -> Option<Loc> {
        match self {
            Member::Full(d) => d.loc,
            Member::Bare { loc, .. } => Some(*loc),
        }
    }

    pub fn entity(&self) -> Option<&str> {
        match self {
            Member::Full(d) => d.entity.as_deref(),
            Member::Bare { entity, .. } => (!entity.is_empty()).then_some(entity.as_str()),
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Member::Full(d) => &d.message,
            Member::Bare { .. } => "",
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Member::Full(d) => &d.label,
            Member::Bare { .. } => "",
        }
    }

    pub fn help(&self) -> Option<&str> {
        match self {
            Member::Full(d) => d.help.as_deref(),
            Member::Bare { .. } => None,
        }
    }

    /// Its related locations (a bare member's one, with no message).
    pub fn related(&self) -> Vec<Label> {
        match self {
            Member::Full(d) => d.related.clone(),
            Member::Bare { related, .. } => vec![Label {
                loc: *related,
                message: String::new(),
            }],
        }
    }
}

#[derive(Clone)]
pub struct Group {
    pub key: String,
    pub merge: MergeFn,
}

impl Group {
    /// A group for `Diagnostic::batch`, made once and shared by its members.
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
///
/// Before the merge, a grouped finding is either one member (its `members` empty) or a batch
/// of members its rule emitted at once (`Diagnostic::batch`); the members of one rule and key
/// are merged in report order.
pub fn merge(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Sized for the findings that pass through.
    let mut out = Vec::with_capacity(diags.iter().filter(|d| d.group.is_none()).count());
    let mut groups: BTreeMap<(&'static str, String), Batch> = BTreeMap::new();
    for mut d in diags {
        let Some(group) = d.group.clone() else {
            out.push(d);
            continue;
        };
        let (rule, severity) = (d.rule, d.severity);
        let members = if d.members.is_empty() {
            vec![Member::Full(Box::new(d))]
        } else {
            std::mem::take(&mut d.members)
        };
        let batch = groups
            .entry((rule.code, group.key.clone()))
            .or_insert_with(|| Batch {
                rule,
                severity,
                group,
                members: Vec::new(),
            });
        // A batch of a million members is moved, not copied.
        if batch.members.is_empty() {
            batch.members = members;
        } else {
            batch.members.extend(members);
        }
    }
    out.extend(
        groups
            .into_values()
            .filter_map(|b| rebuild(b.rule, b.severity, b.group, b.members)),
    );
    out
}

/// The members of one group, gathered for `merge`.
struct Batch {
    rule: &'static RuleMeta,
    severity: Severity,
    group: std::sync::Arc<Group>,
    members: Vec<Member>,
}

/// The finding that stands for `members` of `group` (none: no finding).
pub fn rebuild(
    rule: &'static RuleMeta,
    severity: Severity,
    group: std::sync::Arc<Group>,
    members: Vec<Member>,
) -> Option<Diagnostic> {
    if members.is_empty() {
        return None;
    }
    let mut d = (group.merge)(rule, &group.key, &members);
    d.rule = rule;
    d.severity = severity;
    d.group = Some(group);
    d.members = members;
    Some(d)
}

/// A list of IDs, sorted naturally, with runs of consecutive numbers written as ranges:
/// `A.5.1–A.5.3, A.5.7, A.8.9–A.8.11`. At most `max` items are written, then `and N more`.
pub fn id_ranges<'a, I>(ids: I, max: usize) -> String
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: Clone,
{
    let ids = ids.into_iter();
    // Most long lists come in order (a register's rows): read as they come, not sorted in a
    // copy (a million IDs of one RSK005 finding: 16 MB at the peak of the rules).
    let mut next = ids.clone();
    next.next();
    let in_order = ids
        .clone()
        .zip(next)
        .all(|(a, b)| natural(a, b) != std::cmp::Ordering::Greater);
    if in_order {
        return ranges_in_order(ids, max);
    }
    let mut sorted: Vec<&str> = ids.collect();
    sorted.sort_by(|a, b| natural(a, b));
    ranges_in_order(sorted.into_iter(), max)
}

/// [`id_ranges`] of IDs already in natural order (repeats side by side are written once).
fn ranges_in_order<'a>(ids: impl Iterator<Item = &'a str>, max: usize) -> String {
    // `A.5.9` → ("A.5.", 9): the same prefix and the next number continue a run.
    let split = |id: &'a str| {
        let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, n) = id.split_at(id.len() - digits);
        n.parse::<u64>().ok().map(|n| (prefix, n))
    };
    // The first `max` runs, and how many there are.
    let mut runs: Vec<(&str, &str)> = Vec::new();
    let mut run: Option<(&str, &str)> = None;
    let mut n = 0;
    for id in ids {
        if let Some((first, last)) = run.as_mut() {
            if *last == id {
                continue;
            }
            let continues = matches!((split(last), split(id)), (Some((p, a)), Some((q, b))) if p == q && b == a + 1);
            if continues {
                *last = id;
                continue;
            }
            if runs.len() < max {
                runs.push((first, last));
            }
        }
        n += 1;
        run = Some((id, id));
    }
    if let Some(last) = run
        && runs.len() < max
    {
        runs.push(last);
    }
    let mut parts: Vec<String> = runs
        .iter()
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
pub fn list_entities(rule: &'static RuleMeta, key: &str, members: &[Member]) -> Diagnostic {
    let first = &members[0];
    let mut d = Diagnostic::new(rule, first.loc(), first.message());
    d.label = first.label().to_string();
    d.help = first.help().map(str::to_string);
    d.entity = (!key.is_empty()).then(|| key.to_string());
    // Read twice rather than copied: a million members' entities are 16 MB.
    let entities = members.iter().filter_map(Member::entity);
    let count = entities.clone().count();
    if count > 0 {
        d.message = format!(
            "{}: {} ({})",
            d.message,
            id_ranges(entities, 40),
            plural(count, "control")
        );
    }
    d.related = members.iter().flat_map(Member::related).take(10).collect();
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
        // In order already (read as they come): repeats once, runs counted past `max`.
        let ids = ["R-1", "R-1", "R-2", "R-4", "R-6", "R-7", "X"];
        assert_eq!(id_ranges(ids, 2), "R-1–R-2, R-4, and 2 more");
        assert_eq!(id_ranges(ids, 9), "R-1–R-2, R-4, R-6–R-7, X");
        assert_eq!(id_ranges(ids, 0), "and 4 more");
        assert_eq!(id_ranges([], 3), "");
        // Out of order: the same as in order.
        let shuffled = ["X", "R-7", "R-1", "R-4", "R-2", "R-6", "R-1"];
        assert_eq!(id_ranges(shuffled, 2), id_ranges(ids, 2));
    }
}
