//! Baselines: adopt ismslint on a repository full of old findings. Entries are keyed by
//! (code, path, entity) with a count — never by line, so edits elsewhere in a file do not
//! invalidate them. Findings the baseline covers are hidden; only new ones are reported.

use super::Diagnostic;
use super::group::Member;
use crate::source::{Loc, SourceMap};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub entity: String,
    pub count: usize,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

fn key(
    code: &str,
    loc: Option<Loc>,
    entity: Option<&str>,
    files: &SourceMap,
) -> (String, String, String) {
    (
        code.to_string(),
        loc.map(|l| files.get(l.file()).path.clone())
            .unwrap_or_default(),
        entity.unwrap_or_default().to_string(),
    )
}

/// The key of a finding, or of each member of a merged one.
fn keys<'a>(
    d: &'a Diagnostic,
    files: &'a SourceMap,
) -> impl Iterator<Item = (String, String, String)> + 'a {
    let own = d
        .members
        .is_empty()
        .then(|| key(d.rule.code, d.loc, d.entity.as_deref(), files));
    own.into_iter().chain(
        d.members
            .iter()
            .map(|m| key(d.rule.code, m.loc(), m.entity(), files)),
    )
}

impl Baseline {
    pub fn from_findings(diags: &[Diagnostic], files: &SourceMap) -> Self {
        let mut counts: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        // A merged finding (SOA002's missing controls) is recorded member by member, so a new
        // missing control is a new finding.
        for k in diags.iter().flat_map(|d| keys(d, files)) {
            let n = counts.entry(k).or_default();
            *n = n.saturating_add(1);
        }
        Baseline {
            version: 1,
            entries: counts
                .into_iter()
                .map(|((code, path, entity), count)| Entry {
                    code,
                    path,
                    entity,
                    count,
                })
                .collect(),
        }
    }

    pub fn read(path: &Path) -> Result<Self, String> {
        // A baseline is a file the pull request can replace: never follow a link, never read a
        // FIFO or device, never quote its content in an error.
        let bytes = crate::source::fsafe::read_regular(path, crate::source::fsafe::SIDE_FILE_CAP)
            .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "invalid baseline {}: {} at line {} column {}",
                path.display(),
                match e.classify() {
                    serde_json::error::Category::Io => "cannot read",
                    serde_json::error::Category::Syntax => "not JSON",
                    serde_json::error::Category::Data => "not a baseline",
                    serde_json::error::Category::Eof => "cut short",
                },
                e.line(),
                e.column()
            )
        })
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        text.push('\n');
        crate::source::fsafe::write_atomic(path, text.as_bytes())
    }

    /// Hide the findings the baseline covers. Returns the remaining findings and the entries
    /// (with their unused counts) that matched nothing any more.
    pub fn apply(
        &self,
        diags: Vec<Diagnostic>,
        files: &SourceMap,
    ) -> (Vec<Diagnostic>, Vec<Entry>) {
        let mut left: BTreeMap<(String, String, String), usize> = self
            .entries
            .iter()
            .map(|e| ((e.code.clone(), e.path.clone(), e.entity.clone()), e.count))
            .collect();
        let mut recorded = |k: (String, String, String)| match left.get_mut(&k) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        };
        let kept = diags
            .into_iter()
            .filter_map(|d| {
                if d.members.is_empty() {
                    return (!recorded(key(d.rule.code, d.loc, d.entity.as_deref(), files)))
                        .then_some(d);
                }
                // A merged finding keeps the members the baseline does not cover, and is
                // rebuilt from them when some are covered.
                let before = d.members.len();
                let new: Vec<Member> = d
                    .members
                    .iter()
                    .filter(|m| !recorded(key(d.rule.code, m.loc(), m.entity(), files)))
                    .cloned()
                    .collect();
                if new.len() == before {
                    Some(d)
                } else {
                    super::group::rebuild(d.rule, d.severity, d.group?, new)
                }
            })
            .collect();
        let stale = left
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|((code, path, entity), count)| Entry {
                code,
                path,
                entity,
                count,
            })
            .collect();
        (kept, stale)
    }

    /// The baseline less what no longer matches.
    pub fn pruned(&self, stale: &[Entry]) -> Baseline {
        let entries = self
            .entries
            .iter()
            .filter_map(|e| {
                let gone = stale
                    .iter()
                    .find(|s| s.code == e.code && s.path == e.path && s.entity == e.entity)
                    .map_or(0, |s| s.count);
                (e.count > gone).then(|| Entry {
                    count: e.count - gone,
                    ..e.clone()
                })
            })
            .collect();
        Baseline {
            version: 1,
            entries,
        }
    }
}
