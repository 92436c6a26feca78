//! Findings: one type for rule results and for broken user input (DESIGN §2).

pub mod baseline;
pub mod group;
pub mod input;

use crate::source::{Loc, SourceMap};
use serde::Serialize;
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A rule option: its name, what it holds, and its default as shown in docs.
#[derive(Debug)]
pub struct RuleOption {
    pub name: &'static str,
    pub kind: OptionKind,
    pub default: &'static str,
    pub doc: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    Number,
    Integer,
}

/// The public face of a rule: stable code, name, default severity, one-line summary.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// `None` = off by default.
    pub default: Option<Severity>,
    pub summary: &'static str,
    pub options: &'static [RuleOption],
}

#[derive(Debug, Clone)]
pub struct Label {
    pub loc: Loc,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    /// `None` for findings about the repository as a whole (no SoA at all).
    pub loc: Option<Loc>,
    /// Short text under the primary snippet.
    pub label: String,
    pub related: Vec<Label>,
    pub help: Option<String>,
    /// The ID of the control, risk, owner, document or evidence item concerned.
    pub entity: Option<String>,
    /// Set on each finding of a defect that is reported once for many entities (SOA002's
    /// missing controls): the findings of one rule with the same group key are merged into one
    /// by `group::merge`, after suppressions and waivers have acted on each of them.
    /// Shared by the findings of a group made once (`group::Group::new`).
    pub group: Option<std::sync::Arc<group::Group>>,
    /// The findings merged into this one, each with its own entity: baselines count them one
    /// by one and JSON lists their entities. Before `group::merge`, a grouped finding with
    /// members is a batch of them (`batch`).
    pub members: Vec<group::Member>,
}

impl Diagnostic {
    pub fn new(rule: &'static RuleMeta, loc: Option<Loc>, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default.unwrap_or(Severity::Warning),
            message: message.into(),
            loc,
            label: String::new(),
            related: Vec::new(),
            help: None,
            entity: None,
            group: None,
            members: Vec::new(),
        }
    }

    /// This finding is one of several of one defect: merge it with the findings of this rule
    /// that have the same key (see `group`).
    pub fn grouped(mut self, key: impl Into<String>, merge: group::MergeFn) -> Self {
        self.group = Some(std::sync::Arc::new(group::Group {
            key: key.into(),
            merge,
        }));
        self
    }

    /// A batch of members of `group` emitted at once: one finding in the list instead of one
    /// per member (a million-row register's RSK005 has a million members). Suppressions and
    /// waivers act on each member; `group::merge` merges them with the other members of the
    /// group.
    pub fn batch(
        rule: &'static RuleMeta,
        group: std::sync::Arc<group::Group>,
        members: Vec<group::Member>,
    ) -> Self {
        let mut d = Self::new(rule, None, String::new());
        d.group = Some(group);
        d.members = members;
        d
    }

    /// The entities this finding stands for: its members' when it is a merged finding, else
    /// its own.
    pub fn entities(&self) -> Vec<&str> {
        if self.members.is_empty() {
            self.entity.iter().map(String::as_str).collect()
        } else {
            self.members
                .iter()
                .filter_map(group::Member::entity)
                .collect()
        }
    }

    pub fn at(rule: &'static RuleMeta, loc: &Loc, message: impl Into<String>) -> Self {
        Self::new(rule, Some(*loc), message)
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn entity(mut self, entity: impl Into<String>) -> Self {
        let e = entity.into();
        if !e.is_empty() {
            self.entity = Some(e);
        }
        self
    }

    pub fn related(mut self, loc: &Loc, message: impl Into<String>) -> Self {
        self.related.push(Label {
            loc: *loc,
            message: message.into(),
        });
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}

/// Sort key: path, line, column, code, then message so equal positions stay stable.
pub fn sort(diags: &mut [Diagnostic], files: &SourceMap) {
    diags.sort_by(|a, b| compare(a, b, files));
}

/// Where a finding sorts: path, then sheet cell, then byte offset.
type SortKey<'a> = Option<(&'a str, Option<(&'a str, u32, u32)>, u64)>;

fn compare(a: &Diagnostic, b: &Diagnostic, files: &SourceMap) -> Ordering {
    // Borrowed, not cloned: a million findings are sorted with ~20 million comparisons.
    fn key<'a>(d: &'a Diagnostic, files: &'a SourceMap) -> SortKey<'a> {
        d.loc.as_ref().map(|l| {
            (
                files.get(l.file()).path.as_str(),
                files.sheet_cell(l),
                l.start() as u64,
            )
        })
    }
    key(a, files)
        .cmp(&key(b, files))
        .then_with(|| a.rule.code.cmp(b.rule.code))
        .then_with(|| {
            natural(
                a.entity.as_deref().unwrap_or(""),
                b.entity.as_deref().unwrap_or(""),
            )
        })
        .then_with(|| a.message.cmp(&b.message))
}

/// Compare with digit runs as numbers, so A.5.2 sorts before A.5.10. Without allocating: a
/// million findings are sorted with ~20 million comparisons.
pub fn natural(a: &str, b: &str) -> Ordering {
    let (mut ca, mut cb) = (Chunks(a), Chunks(b));
    loop {
        let ord = match (ca.next(), cb.next()) {
            (Some((true, p)), Some((true, q))) => {
                let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                p.len().cmp(&q.len()).then_with(|| p.cmp(q))
            }
            (Some((_, p)), Some((_, q))) => p.cmp(q),
            // The one with more chunks is later; equal chunks, the bytes decide.
            (Some(_), None) => return Ordering::Greater,
            (None, Some(_)) => return Ordering::Less,
            (None, None) => return a.cmp(b),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
}

/// The runs of digits and of other bytes of a text, in order: (digits?, run).
struct Chunks<'a>(&'a str);

impl<'a> Iterator for Chunks<'a> {
    type Item = (bool, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.0.as_bytes();
        let digit = bytes.first()?.is_ascii_digit();
        let n = bytes
            .iter()
            .position(|b| b.is_ascii_digit() != digit)
            .unwrap_or(bytes.len());
        // A run ends before an ASCII byte or at the end: always a char boundary.
        let (run, rest) = self.0.split_at(n);
        self.0 = rest;
        Some((digit, run))
    }
}

#[cfg(test)]
mod natural_tests {
    use super::natural;
    use std::cmp::Ordering;

    /// The comparison as it was written before it stopped allocating: the order must not move.
    fn reference(a: &str, b: &str) -> Ordering {
        fn chunks(s: &str) -> Vec<(bool, &str)> {
            let mut out = Vec::new();
            let mut start = 0;
            let bytes = s.as_bytes();
            for i in 1..=bytes.len() {
                if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                    out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                    start = i;
                }
            }
            out
        }
        let (ca, cb) = (chunks(a), chunks(b));
        for (x, y) in ca.iter().zip(&cb) {
            let ord = match (x, y) {
                ((true, p), (true, q)) => {
                    let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                    p.len().cmp(&q.len()).then_with(|| p.cmp(q))
                }
                ((_, p), (_, q)) => p.cmp(q),
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
    }

    #[test]
    fn digit_runs_compare_as_numbers() {
        let words = [
            "",
            "A.5.2",
            "A.5.10",
            "A.5.02",
            "A.5",
            "A.5.",
            "R-007",
            "R-7",
            "R-0000001",
            "risk 10",
            "risk 9",
            "Řízení 2",
            "Řízení 10",
            "9",
            "10",
            "x",
            "1a",
            "a1",
            "00",
            "0",
        ];
        for a in words {
            for b in words {
                assert_eq!(natural(a, b), reference(a, b), "{a:?} {b:?}");
            }
        }
        assert_eq!(natural("A.5.2", "A.5.10"), Ordering::Less);
    }
}
