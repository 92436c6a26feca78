//! Inline suppressions and config waivers (DESIGN §7).
//!
//! Markdown: `<!-- ismslint-disable-next-line CODE -- reason -->`, and
//! `<!-- ismslint-disable CODE -- reason -->` … `<!-- ismslint-enable CODE -->`.
//! YAML: `# ismslint: ignore[CODE] reason` at the end of a line, or alone on the line above.
//! Codes or names; the reason is mandatory. Waivers (config `waivers:`) cover what cannot hold
//! comments (CSV and spreadsheet rows), keyed by rule and entity and/or path.

use crate::config::Waiver;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::group::Member;
use crate::pattern::Pattern;
use crate::rules::ism::{EXPIRED, INVALID, UNUSED};
use crate::rules::{self};
use crate::source::{FileId, Loc, SourceMap};
use jiff::civil::Date;
use std::collections::HashMap;

#[derive(Debug)]
struct Suppression {
    file: FileId,
    /// 1-based lines covered, inclusive.
    first: usize,
    last: usize,
    codes: Vec<&'static str>,
    loc: Loc,
    used: bool,
}

static MD_NEXT: Pattern =
    Pattern::new(r"<!--\s*ismslint-(disable-next-line|disable|enable)\b(.*?)-->");
static YAML_IGNORE: Pattern = Pattern::new(r"#\s*ismslint:\s*ignore(\[[^\]]*\])?(.*)$");

/// Codes (or names) → rule codes; unknown ones are returned apart.
fn resolve(list: &str) -> (Vec<&'static str>, Vec<String>) {
    let mut codes = Vec::new();
    let mut unknown = Vec::new();
    for item in list
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match rules::find(item) {
            Some(m) => codes.push(m.code),
            None => unknown.push(item.to_string()),
        }
    }
    (codes, unknown)
}

fn invalid(loc: Loc, message: String) -> Diagnostic {
    Diagnostic::at(&INVALID, &loc, message)
        .label("invalid suppression")
        .help("write `<!-- ismslint-disable-next-line CODE -- reason -->` in Markdown, or `# ismslint: ignore[CODE] reason` in YAML")
}

/// The `disable` ranges of a file not closed yet, in the order they were opened.
#[derive(Default)]
struct OpenRanges {
    ranges: Vec<Option<(Vec<&'static str>, usize, Loc)>>,
    /// Code → indexes into `ranges` of the ranges that name it (some may be closed already).
    by_code: HashMap<&'static str, Vec<usize>>,
}

impl OpenRanges {
    fn push(&mut self, codes: Vec<&'static str>, start: usize, loc: Loc) {
        for c in &codes {
            self.by_code.entry(c).or_default().push(self.ranges.len());
        }
        self.ranges.push(Some((codes, start, loc)));
    }

    /// Close the ranges naming one of `codes` (every range when `codes` is empty), in the order
    /// they were opened. Each range is looked at once per code it names, so closing is linear
    /// in the number of ranges however many `enable` comments there are.
    fn close(&mut self, codes: &[&'static str]) -> Vec<(Vec<&'static str>, usize, Loc)> {
        if codes.is_empty() {
            self.by_code.clear();
            return self.ranges.drain(..).flatten().collect();
        }
        let mut indexes: Vec<usize> = codes
            .iter()
            .filter_map(|c| self.by_code.remove(c))
            .flatten()
            .collect();
        indexes.sort_unstable();
        indexes
            .into_iter()
            .filter_map(|i| self.ranges[i].take())
            .collect()
    }
}

/// What every suppression comment holds: a file without it has none.
pub(crate) const MARKER: &str = "ismslint";

/// Read the suppressions of every text file; malformed ones become ISM002.
fn collect(files: &SourceMap, out: &mut Vec<Diagnostic>) -> Vec<Suppression> {
    let mut found = Vec::new();
    for (id, file) in files.iter() {
        let lower = file.path.to_lowercase();
        let is_md = lower.ends_with(".md") || lower.ends_with(".markdown");
        let is_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
        // A released text held no marker (`engine::load`): not read again for nothing.
        if !(is_md || is_yaml) || file.is_released() || !file.text().contains(MARKER) {
            continue;
        }
        // Open `disable` ranges, and where they are by code (an `enable` closes the ranges of
        // the codes it names without looking at the others).
        let mut open = OpenRanges::default();
        let mut offset = 0;
        for (n, line) in file.text().split_inclusive('\n').enumerate() {
            let line_no = n + 1;
            let line_start = offset;
            offset += line.len();
            if is_md {
                for c in MD_NEXT.captures_iter(line) {
                    let whole = c.get(0).expect("match");
                    let loc = Loc::new(id, line_start + whole.start(), line_start + whole.end());
                    let kind = &c[1];
                    let body = c[2].trim();
                    let (codes_part, reason) = match body.split_once("--") {
                        Some((codes, reason)) => (codes.trim(), reason.trim()),
                        None => (body, ""),
                    };
                    let (codes, unknown) = resolve(codes_part);
                    if kind == "enable" {
                        // Close the ranges it names (all of them when it names none).
                        for (codes, start, loc) in open.close(&codes) {
                            found.push(Suppression {
                                file: id,
                                first: start,
                                last: line_no,
                                codes,
                                loc,
                                used: false,
                            });
                        }
                        continue;
                    }
                    if let Some(problem) = problem(&codes, &unknown, reason) {
                        out.push(invalid(loc, problem));
                        continue;
                    }
                    if kind == "disable" {
                        open.push(codes, line_no, loc);
                    } else {
                        found.push(Suppression {
                            file: id,
                            first: line_no + 1,
                            last: line_no + 1,
                            codes,
                            loc,
                            used: false,
                        });
                    }
                }
            } else if let Some(c) = YAML_IGNORE.captures(line.trim_end_matches(['\n', '\r'])) {
                let whole = c.get(0).expect("match");
                let loc = Loc::new(id, line_start + whole.start(), line_start + whole.end());
                let codes_part = c.get(1).map_or("", |m| m.as_str().trim_matches(['[', ']']));
                let reason = c[2].trim();
                let (codes, unknown) = resolve(codes_part);
                if let Some(problem) = problem(&codes, &unknown, reason) {
                    out.push(invalid(loc, problem));
                    continue;
                }
                // Alone on its line: covers the next line; after content: covers its own line.
                let alone = line[..whole.start()].trim().is_empty();
                let target = if alone { line_no + 1 } else { line_no };
                found.push(Suppression {
                    file: id,
                    first: target,
                    last: target,
                    codes,
                    loc,
                    used: false,
                });
            }
        }
        let last_line = file.line_count();
        for (codes, start, loc) in open.close(&[]) {
            found.push(Suppression {
                file: id,
                first: start,
                last: last_line,
                codes,
                loc,
                used: false,
            });
        }
    }
    found
}

fn problem(codes: &[&str], unknown: &[String], reason: &str) -> Option<String> {
    if !unknown.is_empty() {
        return Some(format!(
            "unknown rule {} in suppression",
            unknown
                .iter()
                .map(|u| format!("`{u}`{}", rules::did_you_mean_clause(u)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if codes.is_empty() {
        return Some(
            "suppression names no rule: give the code or name of the finding it hides".into(),
        );
    }
    if reason.is_empty() {
        return Some("suppression has no reason: say why the finding does not apply (it is what an auditor will read)".into());
    }
    None
}

/// The suppressions of one rule in one file, to look findings up in.
#[derive(Default)]
struct Ranges {
    /// (first line, last line, suppression), sorted.
    ranges: Vec<(usize, usize, usize)>,
    /// `max_last[i]`: the largest last line of `ranges[..=i]`.
    max_last: Vec<usize>,
    /// Lines of the findings of the rule in the file, sorted.
    lines: Vec<usize>,
}

impl Ranges {
    /// Does a range cover `line`? Binary search: the ranges starting at or before it, and the
    /// furthest any of them reaches.
    fn covers(&self, line: usize) -> bool {
        let n = self.ranges.partition_point(|r| r.0 <= line);
        n > 0 && self.max_last[n - 1] >= line
    }

    /// Does a finding fall in `first..=last`?
    fn hits(&self, first: usize, last: usize) -> bool {
        let i = self.lines.partition_point(|&l| l < first);
        self.lines.get(i).is_some_and(|&l| l <= last)
    }
}

/// Config waivers by rule, then by entity, so a finding is compared with the waivers that can
/// match it rather than with all of them.
struct WaiverIndex<'w> {
    waivers: &'w [Waiver],
    today: Date,
    by_rule: HashMap<&'static str, RuleWaivers>,
    /// (rule, file, entity) → whether the waivers hide such a finding: the answer depends on
    /// nothing else, so the waivers are matched once per distinct key.
    cache: HashMap<(&'static str, Option<FileId>, Option<String>), bool>,
    used: Vec<bool>,
}

#[derive(Default)]
struct RuleWaivers {
    any_entity: WaiverGroup,
    /// Lower-cased entity → waivers naming it.
    by_entity: HashMap<String, WaiverGroup>,
}

/// Waivers of one rule (and entity): those without a path match every file; those with one are
/// matched in one `GlobSet` search.
#[derive(Default)]
struct WaiverGroup {
    plain: Vec<usize>,
    plain_hides: bool,
    globbed: Vec<usize>,
    /// `globbed` as one set, and its waivers that have not expired.
    sets: Option<(globset::GlobSet, globset::GlobSet)>,
    /// Globbed waivers not yet marked used: when none is left, only whether one hides the
    /// finding is asked (one `is_match`, not every match).
    unused_globbed: usize,
}

impl WaiverGroup {
    fn add(&mut self, i: usize, w: &Waiver, live: bool) {
        if w.path.is_some() {
            self.globbed.push(i);
        } else {
            self.plain.push(i);
            self.plain_hides |= live;
        }
    }

    fn build(&mut self, waivers: &[Waiver], today: Date) {
        self.unused_globbed = self.globbed.len();
        if self.globbed.is_empty() {
            return;
        }
        let mut all = globset::GlobSetBuilder::new();
        let mut live = globset::GlobSetBuilder::new();
        for &i in &self.globbed {
            if let Some(m) = &waivers[i].path {
                all.add(m.glob().clone());
                if !is_expired(&waivers[i], today) {
                    live.add(m.glob().clone());
                }
            }
        }
        self.sets = all.build().ok().zip(live.build().ok());
    }

    /// Mark the waivers that match a finding in `path` used; true when one of them hides it.
    fn apply(&mut self, path: &str, waivers: &[Waiver], today: Date, used: &mut [bool]) -> bool {
        for &i in &self.plain {
            if used[i] {
                // All of `plain` is marked at once.
                break;
            }
            used[i] = true;
        }
        let hides = self.plain_hides;
        if self.globbed.is_empty() {
            return hides;
        }
        let matched: Vec<usize> = match &self.sets {
            Some((_, live)) if self.unused_globbed == 0 => return hides || live.is_match(path),
            Some((all, _)) => all
                .matches(path)
                .into_iter()
                .map(|k| self.globbed[k])
                .collect(),
            // A set that does not build: match one by one.
            None => self
                .globbed
                .iter()
                .copied()
                .filter(|&i| waivers[i].path.as_ref().is_some_and(|p| p.is_match(path)))
                .collect(),
        };
        let mut hides = hides;
        for i in matched {
            if !used[i] {
                used[i] = true;
                self.unused_globbed -= 1;
            }
            hides |= !is_expired(&waivers[i], today);
        }
        hides
    }
}

/// An expired waiver hides nothing: the finding shows again with ISM003.
fn is_expired(w: &Waiver, today: Date) -> bool {
    w.expires.is_some_and(|e| e < today)
}

impl<'w> WaiverIndex<'w> {
    fn new(waivers: &'w [Waiver], today: Date) -> Self {
        let mut by_rule: HashMap<&'static str, RuleWaivers> = HashMap::new();
        for (i, w) in waivers.iter().enumerate() {
            let live = !is_expired(w, today);
            let r = by_rule.entry(w.rule).or_default();
            match &w.entity {
                None => r.any_entity.add(i, w, live),
                Some(e) => r
                    .by_entity
                    .entry(e.to_ascii_lowercase())
                    .or_default()
                    .add(i, w, live),
            }
        }
        for r in by_rule.values_mut() {
            r.any_entity.build(waivers, today);
            for g in r.by_entity.values_mut() {
                g.build(waivers, today);
            }
        }
        WaiverIndex {
            waivers,
            today,
            by_rule,
            cache: HashMap::new(),
            used: vec![false; waivers.len()],
        }
    }

    /// Is the finding waived? Marks the waivers that match it used (expired ones too).
    fn waived(&mut self, f: Finding, files: &SourceMap) -> bool {
        let code = f.code;
        let Some(rule) = self.by_rule.get_mut(code) else {
            return false;
        };
        let file = f.loc.map(|l| l.file());
        let entity = f.entity.map(str::to_ascii_lowercase);
        let key = (code, file, entity);
        if let Some(&hidden) = self.cache.get(&key) {
            return hidden;
        }
        let path = file.map_or("", |f| files.get(f).path.as_str());
        let mut hidden = rule
            .any_entity
            .apply(path, self.waivers, self.today, &mut self.used);
        if let Some(group) = key.2.as_ref().and_then(|e| rule.by_entity.get_mut(e)) {
            hidden |= group.apply(path, self.waivers, self.today, &mut self.used);
        }
        self.cache.insert(key, hidden);
        hidden
    }
}

/// What suppressions and waivers look at in a finding, or in a member of a batch of grouped
/// findings (`Diagnostic::batch`), which they act on one by one.
#[derive(Clone, Copy)]
struct Finding<'a> {
    code: &'static str,
    loc: Option<Loc>,
    entity: Option<&'a str>,
}

impl<'a> Finding<'a> {
    /// The findings `d` stands for: itself, or each member of its batch.
    fn each(d: &'a Diagnostic) -> impl Iterator<Item = Finding<'a>> {
        let code = d.rule.code;
        let own = d.members.is_empty().then_some(Finding {
            code,
            loc: d.loc,
            entity: d.entity.as_deref(),
        });
        own.into_iter()
            .chain(d.members.iter().map(move |m| Finding::member(code, m)))
    }

    fn member(code: &'static str, m: &'a Member) -> Finding<'a> {
        Finding {
            code,
            loc: m.loc(),
            entity: m.entity(),
        }
    }
}

/// Drop suppressed and waived findings; add ISM001–ISM003 findings about the suppressions.
///
/// Linear in findings and suppressions: suppressions are indexed by file and rule, findings
/// looked up by binary search on lines; waivers are indexed by rule and entity.
pub fn apply(
    diags: Vec<Diagnostic>,
    files: &SourceMap,
    waivers: &[Waiver],
    today: Date,
    enabled: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut extra = Vec::new();
    let mut sups = collect(files, &mut extra);
    let mut index: HashMap<(FileId, &'static str), Ranges> = HashMap::new();
    for (i, s) in sups.iter().enumerate() {
        for c in &s.codes {
            index
                .entry((s.file, c))
                .or_default()
                .ranges
                .push((s.first, s.last, i));
        }
    }
    // The line of each finding a comment can suppress (text files only, not workbook cells).
    // No suppression: none (a list of a million `None`s was 16 MB at the peak of a big
    // register's run); reading past the end of the list reads `None` too.
    let lines: Vec<Option<usize>> = if index.is_empty() {
        Vec::new()
    } else {
        diags
            .iter()
            .flat_map(Finding::each)
            .map(|f| {
                let loc = f.loc.filter(|l| !l.is_cell())?;
                let r = index.get_mut(&(loc.file(), f.code))?;
                let line = files.get(loc.file()).line_index(loc.start()) + 1;
                r.lines.push(line);
                Some(line)
            })
            .collect()
    };
    for r in index.values_mut() {
        r.ranges.sort_unstable();
        let mut max = 0;
        r.max_last = r
            .ranges
            .iter()
            .map(|x| {
                max = max.max(x.1);
                max
            })
            .collect();
        r.lines.sort_unstable();
        r.lines.dedup();
        for &(first, last, i) in &r.ranges {
            if r.hits(first, last) {
                sups[i].used = true;
            }
        }
    }
    let mut waived = WaiverIndex::new(waivers, today);
    // Kept in place: a rule may have found a million findings (one per row of a big
    // register), and a second vector beside them would hold as much again.
    let mut kept = diags;
    let mut lines = lines.into_iter();
    let mut shown = |f: Finding| {
        let line = lines.next().flatten();
        let suppressed = match (line, f.loc) {
            (Some(line), Some(loc)) => index
                .get(&(loc.file(), f.code))
                .is_some_and(|r| r.covers(line)),
            _ => false,
        };
        // Waivers are matched even for a suppressed finding, so they count as used.
        let hidden = waived.waived(f, files) | suppressed;
        !hidden
    };
    kept.retain_mut(|d| {
        if d.members.is_empty() {
            return Finding::each(d).all(&mut shown);
        }
        // A batch keeps the members not hidden; none left, no finding.
        let code = d.rule.code;
        d.members.retain(|m| shown(Finding::member(code, m)));
        !d.members.is_empty()
    });
    let waiver_used = waived.used;
    // A suppression of rules that did not run (`--select`, `allow`) is not known to be unused.
    for s in sups
        .iter()
        .filter(|s| !s.used && s.codes.iter().any(|c| enabled(c)))
    {
        extra.push(
            Diagnostic::at(
                &UNUSED,
                &s.loc,
                format!(
                    "this suppression of {} hides no finding",
                    s.codes.join(", ")
                ),
            )
            .label("unused suppression")
            .help("remove it: the finding it was written for is gone"),
        );
    }
    for (w, used) in waivers.iter().zip(&waiver_used) {
        if let Some(e) = w.expires.filter(|e| *e < today) {
            extra.push(
                Diagnostic::at(
                    &EXPIRED,
                    &w.loc,
                    format!(
                        "the waiver of {} expired on {e}: the findings it hid are reported again",
                        w.rule
                    ),
                )
                .label("expired waiver")
                .entity(w.entity.clone().unwrap_or_default())
                .help("fix the findings, or renew the waiver with a new `expires` and approval"),
            );
        } else if !used && enabled(w.rule) {
            extra.push(
                Diagnostic::at(
                    &UNUSED,
                    &w.loc,
                    format!("this waiver of {} hides no finding", w.rule),
                )
                .label("unused waiver")
                .entity(w.entity.clone().unwrap_or_default())
                .help("remove it: the finding it was written for is gone"),
            );
        }
    }
    kept.extend(extra);
    kept
}
