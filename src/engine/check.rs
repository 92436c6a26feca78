//! Check: every enabled rule reads the model; a finding on an SoA row is then about its control.

use super::configure::Setup;
use super::severity;
use super::{Ledger, Options};
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::rules::{self, Context};
use crate::source::walk::RepoFiles;
use crate::source::{FileId, SheetNo, SourceMap};

/// The rules' findings join the ledger (undecided: levels, suppressions and waivers are the
/// policy's); the slowest rules go to the `-v` notes.
pub(super) fn check(
    model: &Model,
    mut ledger: Ledger,
    setup: &Setup,
    repo: &RepoFiles,
    opts: &Options,
) -> Ledger {
    let config = &setup.config;
    let cx = Context {
        model,
        catalog: setup.catalog,
        config,
        today: opts.today,
        files: &ledger.files,
        repo,
        packs: &setup.packs,
    };
    let (found, mut rule_timings) = rules::run(&cx, |m| {
        severity::level(m, config, &opts.selection).is_some()
    });
    // A rule may have found a million findings (one per row of a million-row register):
    // the smaller list joins the larger in place, never a copy of the larger beside it.
    if found.len() > ledger.diagnostics.len() {
        let mut all = found;
        all.splice(0..0, std::mem::take(&mut ledger.diagnostics));
        ledger.diagnostics = all;
    } else {
        ledger.diagnostics.extend(found);
    }
    soa_row_entities(model, &ledger.files, &mut ledger.diagnostics);
    rule_timings.sort_by_key(|t| std::cmp::Reverse(t.1));
    let slowest: Vec<String> = rule_timings
        .iter()
        .take(3)
        .map(|(code, d)| format!("{code} {:.1} ms", d.as_secs_f64() * 1000.0))
        .collect();
    ledger
        .notes
        .push(format!("slowest rules: {}", slowest.join(", ")));
    ledger
}

/// A finding on an SoA row or cell is about that control, whatever rule made it (a template
/// sentence in a justification, an unreadable status): its entity is the control's ID, so JSON,
/// fingerprints, baselines and waivers (`entity: A.8.28`) name the control, not the file. Grouped
/// findings (SOA002's missing controls, a column missing for the whole SoA) keep their own.
fn soa_row_entities(model: &Model, files: &SourceMap, diags: &mut [Diagnostic]) {
    use std::collections::{HashMap, HashSet};
    // Only the files a finding may be renamed in: locating every control's lines was 3.5% of a
    // clean repository's run, which has no finding on its SoA (issue 16).
    let wanted: HashSet<FileId> = diags
        .iter()
        .filter(|d| d.group.is_none())
        .filter_map(|d| d.loc.as_ref().map(|l| l.file()))
        .collect();
    if wanted.is_empty() {
        return;
    }
    let mut rows: HashMap<FileId, Vec<(usize, usize, &str)>> = HashMap::new();
    let mut cells: HashMap<(FileId, SheetNo, u32), &str> = HashMap::new();
    for c in &model.controls {
        let Some(id) = c.control_ref().map(|r| r.id()) else {
            continue;
        };
        // The lines of its fields, each whole (a table row, a CSV record with quoted line
        // breaks, the keys of a YAML mapping), or the rows of its cells. A control merged from
        // two tables (an exclusions summary) has the lines of both, and nothing in between.
        let locs = [
            &c.loc,
            &c.id.loc,
            &c.title.loc,
            &c.applicable.loc,
            &c.justification.loc,
            &c.status.loc,
            &c.owner.loc,
            &c.evidence_loc,
        ]
        .into_iter()
        .chain(c.reasons.iter().map(|i| &i.loc))
        .chain(c.risks.iter().map(|i| &i.loc))
        .chain(c.documents.iter().map(|i| &i.loc))
        .chain(c.evidence.iter().map(|i| &i.loc))
        .filter(|l| l.file() < files.len() && wanted.contains(&l.file()));
        for l in locs {
            match l.sheet_cell() {
                Some((sheet, row, _)) => {
                    cells.entry((l.file(), sheet, row)).or_insert(id);
                }
                None => {
                    let file = files.get(l.file());
                    let start = file.line_range(file.line_index(l.start())).start;
                    let end = file.line_range(file.line_index(l.end())).end;
                    rows.entry(l.file()).or_default().push((start, end, id));
                }
            }
        }
    }
    for r in rows.values_mut() {
        r.sort_unstable();
        r.dedup();
    }
    // What a rule names as the entity of a finding about a file as a whole (DOC001–DOC007):
    // its path, or the ID of the document it holds. Another entity (the owner LNK005 counts)
    // is kept.
    let mut documents: HashMap<FileId, &str> = HashMap::new();
    for d in &model.documents {
        if let Some(id) = d.id.get() {
            documents.entry(d.file).or_insert(id.as_str());
        }
    }
    for d in diags.iter_mut().filter(|d| d.group.is_none()) {
        let Some(loc) = &d.loc else { continue };
        let replaceable = match d.entity.as_deref() {
            None => true,
            Some(e) => {
                e == files.get(loc.file()).path
                    || documents.get(&loc.file()).is_some_and(|id| *id == e)
            }
        };
        if !replaceable {
            continue;
        }
        let id = match loc.sheet_cell() {
            Some((sheet, row, _)) => cells.get(&(loc.file(), sheet, row)).copied(),
            None => rows.get(&loc.file()).and_then(|r| {
                // The narrowest line range of a control that holds the finding's start.
                let n = r.partition_point(|&(start, _, _)| start <= loc.start());
                r[..n]
                    .iter()
                    .rev()
                    .take(64)
                    .filter(|&&(start, end, _)| {
                        loc.start() >= start && loc.start() < end.max(start + 1)
                    })
                    .min_by_key(|&&(start, end, _)| end - start)
                    .map(|&(_, _, id)| id)
            }),
        };
        if let Some(id) = id {
            d.entity = Some(id.to_string());
        }
    }
}
