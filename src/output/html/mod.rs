//! The auditor's view (issue 15): one self-contained HTML page — overview, SoA coverage, risk
//! heat maps on the organisation's own scale, traceability, findings — with inline CSS, inline
//! SVG and a little inline JavaScript for filtering. No network request of any kind (a
//! Content-Security-Policy of `default-src 'none'` says so to the browser too).
//!
//! Built with maud: templates are Rust code checked at compile time, every `(value)` spliced in
//! is HTML-escaped unless wrapped in `PreEscaped` (used only for the embedded CSS and script,
//! which are ours), and rendering writes straight into one `String` (a 100k-risk register
//! renders in well under a second). Text from the repository additionally has its control
//! characters shown as visible escapes (`t`).
//!
//! Deterministic: everything iterates over vectors in model order or sorted maps; the only date
//! is `--today`.

mod svg;
mod trace;

use crate::catalog::Catalog;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Summary;
use crate::model::values::{Status, Tri};
use crate::model::{Control, Evidence, Model};
use crate::output::sanitize::escape_control;
use crate::source::SourceMap;
use jiff::civil::Date;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::collections::{BTreeMap, BTreeSet};

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Findings listed one by one; past this the page says how many more there are.
pub const MAX_FINDINGS: usize = 5000;
/// Risks in the traceability table (breaks first); the heat maps count every risk.
pub const MAX_RISK_ROWS: usize = 1500;
/// Risks named in one heat-map cell's list, or beside one control.
pub const MAX_LIST: usize = 100;

/// What the report is drawn from.
pub struct Input<'a> {
    pub diags: &'a [Diagnostic],
    pub files: &'a SourceMap,
    pub summary: &'a Summary,
    pub model: &'a Model,
    pub config: &'a Config,
    /// `--today` (or ISMSLINT_TODAY): the only date on the page.
    pub today: Option<Date>,
    /// The repository's name (its folder).
    pub name: &'a str,
}

/// Repository text for the page: control characters, bidi controls and separators as visible
/// escapes (maud escapes `&<>"` when it is spliced in).
pub(crate) fn t(s: &str) -> String {
    escape_control(s).into_owned()
}

/// At most `n` characters of repository text, with `…` when cut.
pub(crate) fn short(s: &str, n: usize) -> String {
    let s = t(s);
    if s.chars().count() <= n {
        return s;
    }
    let mut out: String = s.chars().take(n).collect();
    out.push('…');
    out
}

/// An `id` attribute value from repository text: ASCII letters and digits kept, `.` as `-`,
/// everything else as `_hex_`, so two different IDs never share an anchor (the mapping can be
/// undone) and none breaks a URL fragment or a selector.
pub(crate) fn anchor(prefix: &str, s: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + s.len() + 1);
    out.push_str(prefix);
    out.push('-');
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '.' {
            out.push('-');
        } else {
            out.push_str(&format!("_{:x}_", u32::from(c)));
        }
    }
    out
}

/// An SoA decision for one Annex A control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Decision {
    Applicable,
    Excluded,
    Undecided,
    Missing,
}

impl Decision {
    pub(crate) fn of(row: Option<&Control>) -> Decision {
        match row.map(|c| c.applicable.value()) {
            None => Decision::Missing,
            Some(Some(Tri::Yes)) => Decision::Applicable,
            Some(Some(Tri::No)) => Decision::Excluded,
            Some(_) => Decision::Undecided,
        }
    }

    pub(crate) fn word(self) -> &'static str {
        match self {
            Decision::Applicable => "applicable",
            Decision::Excluded => "excluded",
            Decision::Undecided => "undecided",
            Decision::Missing => "missing",
        }
    }
}

/// Implementation status as the page names it (`unknown` when not written).
pub(crate) fn status_word(row: Option<&Control>) -> &'static str {
    match row.and_then(|c| c.status.value()) {
        Some(Status::Implemented) => "implemented",
        Some(Status::Partial) => "partial",
        Some(Status::Planned) => "planned",
        Some(Status::NotImplemented) => "not-implemented",
        Some(Status::NotApplicable) => "not-applicable",
        None => "unknown",
    }
}

/// Evidence freshness on `--today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Fresh {
    Current,
    Stale,
    Undated,
}

pub(crate) fn freshness(e: &Evidence, today: Option<Date>) -> Fresh {
    let due = e.expires.value().or_else(|| {
        let (c, v) = (e.collected_on.value()?, e.valid_for.value()?);
        v.after(c)
    });
    match (due, today) {
        (Some(d), Some(today)) if d < today => Fresh::Stale,
        (Some(_), _) => Fresh::Current,
        (None, _) => Fresh::Undated,
    }
}

/// Everything the sections share, computed once.
pub(crate) struct Cx<'a> {
    pub input: &'a Input<'a>,
    pub catalog: &'static Catalog,
    /// 2022 control ID → its SoA row.
    pub rows: BTreeMap<String, &'a Control>,
    /// 2022 control ID → the 2013-edition rows that map to it.
    pub legacy_rows: BTreeMap<String, Vec<String>>,
    /// Entity → findings (errors, warnings).
    pub findings_by_entity: BTreeMap<String, (usize, usize)>,
    /// Anchors of the risks the traceability table lists (the first row of each ID): only
    /// these are linked to.
    pub risk_anchors: BTreeSet<String>,
}

impl<'a> Cx<'a> {
    fn new(input: &'a Input<'a>) -> Self {
        let catalog = Catalog::shared();
        let model = input.model;
        let mut rows = BTreeMap::new();
        for c in &catalog.controls {
            if let Some(row) = model.soa_row(&c.id) {
                rows.insert(c.id.clone(), row);
            }
        }
        // A 2013-edition row is not a decision on its 2022 successors (SOA002 and SOA004 say
        // so); the control's detail names it.
        let mut legacy_rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (legacy, news) in &catalog.legacy_map {
            if model.soa_row(legacy).is_some() {
                for n in news {
                    legacy_rows
                        .entry(n.clone())
                        .or_default()
                        .push(legacy.clone());
                }
            }
        }
        let mut findings_by_entity: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for d in input.diags {
            for e in d.entities() {
                let n = findings_by_entity.entry(e.to_string()).or_default();
                match d.severity {
                    Severity::Error => n.0 += 1,
                    Severity::Warning => n.1 += 1,
                }
            }
        }
        Cx {
            input,
            catalog,
            rows,
            legacy_rows,
            findings_by_entity,
            risk_anchors: BTreeSet::new(),
        }
    }

    /// A control's ID, linked to its detail when it is an Annex A (2022) control.
    pub(crate) fn control_link(&self, id: &str) -> Markup {
        html! {
            @if self.catalog.control(id).is_some() { a href=(format!("#{}", anchor("c", id))) { (id) } }
            @else { span.ref { (short(id, 30)) } }
        }
    }

    /// A risk's ID, linked to its row in the traceability table when it is listed there.
    pub(crate) fn risk_link(&self, id: &str) -> Markup {
        let a = anchor("r", id);
        html! {
            @if self.risk_anchors.contains(&a) { a href=(format!("#{a}")) { (short(id, 40)) } }
            @else { span.ref { (short(id, 40)) } }
        }
    }

    pub(crate) fn row(&self, id: &str) -> Option<&'a Control> {
        self.rows.get(id).copied()
    }

    pub(crate) fn findings_on(&self, entity: &str) -> usize {
        self.findings_by_entity
            .get(entity)
            .map_or(0, |(e, w)| e + w)
    }
}

/// The whole page.
pub fn render(input: &Input) -> String {
    let mut cx = Cx::new(input);
    let risk_rows = trace::risk_rows(&cx);
    cx.risk_anchors = risk_rows
        .iter()
        .take(MAX_RISK_ROWS)
        .map(|(r, _)| anchor("r", r.id_str()))
        .collect();
    let title = if input.name.is_empty() {
        "ISMS report".to_string()
    } else {
        format!("ISMS report — {}", short(input.name, 80))
    };
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(format!("ismslint {}", env!("CARGO_PKG_VERSION")));
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header.top {
                    h1 { (title) }
                    nav aria-label="Sections" {
                        a href="#overview" { "Overview" }
                        a href="#soa" { "SoA coverage" }
                        a href="#risks" { "Risk heat maps" }
                        a href="#trace" { "Traceability" }
                        a href="#findings" { "Findings" }
                    }
                }
                main {
                    (overview(&cx))
                    (soa_section(&cx))
                    (svg::heat_section(&cx))
                    (trace::section(&cx, &risk_rows))
                    (findings_section(&cx))
                    (rule_docs(&cx))
                }
                footer {
                    p { "Generated by ismslint " (env!("CARGO_PKG_VERSION"))
                        @if let Some(d) = input.today { " for " (d.to_string()) }
                        ". Self-contained: this page loads nothing from anywhere." }
                }
                script { (PreEscaped(JS)) }
            }
        }
    };
    let mut s = ci_safe(page.into_string());
    s.push('\n');
    s
}

/// The page may be printed to a CI log (`--format html` on stdout): the `[` of `##[` and
/// `##vso[` (commands the GitHub runner and Azure Pipelines find anywhere in a line) becomes
/// `&#91;`, which a browser shows as `[` in text and in attribute values alike. Data never holds a
/// raw line break (`t`), so no line of it can start with `::`.
fn ci_safe(s: String) -> String {
    if !s.contains("##") {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(p) = rest.find("##") {
        let after = &rest[p + 2..];
        let marker = if after.starts_with('[') {
            Some(0)
        } else if after.len() >= 4 && after[..4].eq_ignore_ascii_case("vso[") {
            Some(3)
        } else {
            None
        };
        match marker {
            Some(k) => {
                out.push_str(&rest[..p + 2 + k]);
                out.push_str("&#91;");
                rest = &after[k + 1..];
            }
            None => {
                out.push_str(&rest[..p + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn overview(cx: &Cx) -> Markup {
    let input = cx.input;
    let s = input.summary;
    let mut by_rule: BTreeMap<&str, (&str, Severity, usize)> = BTreeMap::new();
    for d in input.diags {
        by_rule
            .entry(d.rule.code)
            .or_insert((d.rule.name, d.severity, 0))
            .2 += 1;
    }
    let base = input.files.len().saturating_sub(s.files);
    let read: Vec<&str> = input
        .files
        .iter()
        .skip(base)
        .map(|(id, _)| input.files.shown_path(id))
        .collect();
    html! {
        section #overview aria-labelledby="h-overview" {
            h2 #h-overview { "Overview" }
            dl.facts {
                @if !input.name.is_empty() { dt { "Repository" } dd { (short(input.name, 120)) } }
                dt { "Date" } dd { (input.today.map_or("not given".to_string(), |d| d.to_string())) }
                dt { "Findings" } dd {
                    span.sev.error { (s.errors) " error" @if s.errors != 1 { "s" } }
                    " · "
                    span.sev.warning { (s.warnings) " warning" @if s.warnings != 1 { "s" } }
                }
                dt { "Files read" } dd { (s.files) }
                dt { "SoA" } dd { (s.soa.covered) "/" (s.soa.catalogue) " Annex A controls have a row; "
                    (s.soa.applicable) " applicable, " (s.soa.excluded) " excluded" }
                dt { "Risks" } dd { (s.risks) }
            }
            @if by_rule.is_empty() {
                p.ok { "No findings." }
            } @else {
                table.counts {
                    caption { "Findings by rule (the code links to the rule's documentation)" }
                    thead { tr { th scope="col" { "Rule" } th scope="col" { "Name" } th scope="col" { "Severity" } th scope="col" class="num" { "Findings" } } }
                    tbody {
                        @for (code, (name, sev, n)) in &by_rule {
                            tr {
                                td { a href=(format!("#rule-{code}")) { (code) } }
                                td { (name) }
                                td { span class=(format!("sev {}", sev.as_str())) { (sev.as_str()) } }
                                td.num { (n) }
                            }
                        }
                    }
                }
            }
            details.files {
                summary { "Files read (" (read.len()) ")" }
                ul.paths {
                    @for p in read.iter().take(2000) { li { code { (t(p)) } } }
                    @if read.len() > 2000 { li { "… and " (read.len() - 2000) " more" } }
                }
            }
        }
    }
}

const THEMES: [&str; 4] = ["Organizational", "People", "Physical", "Technological"];
const STATUSES: [&str; 6] = [
    "implemented",
    "partial",
    "planned",
    "not-implemented",
    "not-applicable",
    "unknown",
];
const DECISIONS: [Decision; 4] = [
    Decision::Applicable,
    Decision::Excluded,
    Decision::Undecided,
    Decision::Missing,
];

/// The class and words of one grid cell: the decision, and for applicable controls the status.
pub(crate) fn cell_class(row: Option<&Control>) -> (String, String) {
    let d = Decision::of(row);
    if d == Decision::Applicable {
        let st = status_word(row);
        (
            format!("st-{st}"),
            format!("applicable, {}", st.replace('-', " ")),
        )
    } else {
        (format!("d-{}", d.word()), d.word().to_string())
    }
}

fn soa_section(cx: &Cx) -> Markup {
    // theme → decision counts and status counts (of applicable controls).
    let mut decisions: BTreeMap<&str, BTreeMap<Decision, usize>> = BTreeMap::new();
    let mut statuses: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for c in &cx.catalog.controls {
        let row = cx.row(&c.id);
        let d = Decision::of(row);
        *decisions
            .entry(c.theme.as_str())
            .or_default()
            .entry(d)
            .or_default() += 1;
        if d == Decision::Applicable {
            *statuses
                .entry(c.theme.as_str())
                .or_default()
                .entry(status_word(row))
                .or_default() += 1;
        }
    }
    let legacy = cx
        .legacy_rows
        .keys()
        .filter(|id| !cx.rows.contains_key(*id))
        .count();
    html! {
        section #soa aria-labelledby="h-soa" {
            h2 #h-soa { "SoA coverage" }
            @if !cx.input.model.has_soa() {
                p.warn { "No Statement of Applicability was found: every control is missing." }
            }
            @if legacy > 0 {
                p.note { "Controls with only a 2013-edition row that maps to them: " (legacy) " (named in each control's detail; such a row is not counted as the 2022 control's decision)." }
            }
            table.coverage {
                caption { "Annex A controls per theme: decision, and implementation status of the applicable ones" }
                thead { tr {
                    th scope="col" { "Theme" }
                    @for d in DECISIONS { th scope="col" class="num" { (d.word()) } }
                    @for st in STATUSES { th scope="col" class="num" { (st.replace('-', " ")) } }
                    th.bars scope="col" { "Bars" }
                } }
                tbody {
                    @for theme in THEMES {
                        @let dc = decisions.get(theme).cloned().unwrap_or_default();
                        @let sc = statuses.get(theme).cloned().unwrap_or_default();
                        tr data-theme=(theme) {
                            th scope="row" { (theme) }
                            @for d in DECISIONS { td.num data-decision=(d.word()) { (dc.get(&d).copied().unwrap_or(0)) } }
                            @for st in STATUSES { td.num data-status=(st) { (sc.get(st).copied().unwrap_or(0)) } }
                            td.bars {
                                (svg::stacked_bar(&DECISIONS.iter().map(|d| (format!("d-{}", d.word()), d.word().to_string(), dc.get(d).copied().unwrap_or(0))).collect::<Vec<_>>(), &format!("{theme}: decisions")))
                                (svg::stacked_bar(&STATUSES.iter().map(|s| (format!("st-{s}"), s.replace('-', " "), sc.get(s).copied().unwrap_or(0))).collect::<Vec<_>>(), &format!("{theme}: status of applicable controls")))
                            }
                        }
                    }
                }
            }
            h3 { "The 93 controls" }
            (legend())
            div.grid {
                @for theme in THEMES {
                    div.theme {
                        h4 { (theme) }
                        ul.cells {
                            @for c in cx.catalog.controls.iter().filter(|c| c.theme == theme) {
                                @let row = cx.row(&c.id);
                                @let (class, words) = cell_class(row);
                                @let n = cx.findings_on(&c.id);
                                li {
                                    a class=(format!("cell {class}{}", if n > 0 { " has-findings" } else { "" }))
                                      href=(format!("#{}", anchor("c", &c.id)))
                                      data-control=(c.id)
                                      title=(format!("{} {} — {words}{}", c.id, c.title, if n > 0 { format!(", {n} finding(s)") } else { String::new() })) {
                                        (c.id.trim_start_matches("A."))
                                        @if n > 0 { span.mark aria-hidden="true" { "!" } span.sr { (format!(", {n} finding(s)")) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn legend() -> Markup {
    html! {
        p.sr { "Legend" }
        ul.legend {
            @for st in ["implemented", "partial", "planned", "not-implemented", "unknown"] {
                li { span class=(format!("swatch st-{st}")) {} "applicable, " (st.replace('-', " ")) }
            }
            @for d in ["excluded", "undecided", "missing"] {
                li { span class=(format!("swatch d-{d}")) {} (d) }
            }
            li { span.swatch.has-findings { "!" } "has findings" }
        }
    }
}

/// The source line (or workbook cell) a finding points at.
fn snippet(files: &SourceMap, loc: &crate::source::Loc) -> Option<String> {
    if loc.is_cell() {
        return files.cell_text(loc).map(|s| short(s, 300));
    }
    let f = files.get(loc.file());
    let range = f.line_range(f.line_index(loc.start().min(f.text().len())));
    let line = f.text().get(range)?.trim_end_matches(['\n', '\r']);
    (!line.trim().is_empty()).then(|| short(line, 300))
}

fn findings_section(cx: &Cx) -> Markup {
    let input = cx.input;
    let files = input.files;
    // Sorted by path already; group consecutive findings of one file.
    let mut groups: Vec<(String, Vec<&Diagnostic>)> = Vec::new();
    for d in input.diags.iter().take(MAX_FINDINGS) {
        let path =
            d.loc.as_ref().map_or(
                "(repository)".to_string(),
                |l| t(files.shown_path(l.file())),
            );
        match groups.last_mut() {
            Some((p, v)) if *p == path => v.push(d),
            _ => groups.push((path, vec![d])),
        }
    }
    let rules: BTreeSet<&str> = input.diags.iter().map(|d| d.rule.code).collect();
    let paths: BTreeSet<&str> = groups.iter().map(|(p, _)| p.as_str()).collect();
    let total = input.diags.len();
    html! {
        section #findings aria-labelledby="h-findings" {
            h2 #h-findings { "Findings" }
            @if total == 0 { p.ok { "No findings." } } @else {
                div.filters role="group" aria-label="Filter findings" {
                    label { "Severity " select #f-sev { option value="" { "all" } option value="error" { "error" } option value="warning" { "warning" } } }
                    label { "Rule " select #f-rule { option value="" { "all" } @for r in &rules { option value=(r) { (r) } } } }
                    label { "File " select #f-file { option value="" { "all" } @for p in paths.iter().take(1000) { option value=(p) { (p) } } } }
                    label { "Entity " input #f-entity type="search" placeholder="ID contains…"; }
                    output #f-count aria-live="polite" { (total.min(MAX_FINDINGS)) " shown" }
                }
                @if total > MAX_FINDINGS {
                    p.note { "The first " (MAX_FINDINGS) " of " (total) " findings are listed; the JSON format (`--format json`) has them all." }
                }
                @for (path, ds) in &groups {
                    section.file data-file=(path) {
                        h3 { code { (path) } " " span.count { "(" (ds.len()) ")" } }
                        @for d in ds {
                            @let place = d.loc.as_ref().map(|l| crate::output::place(files, l));
                            @let entity = d.entities().join(", ");
                            article.finding data-sev=(d.severity.as_str()) data-rule=(d.rule.code) data-file=(path) data-entity=(t(&entity)) {
                                p.head {
                                    span class=(format!("sev {}", d.severity.as_str())) { (d.severity.as_str()) }
                                    " "
                                    a.code href=(format!("#rule-{}", d.rule.code)) { (d.rule.code) }
                                    " " span.name { (d.rule.name) }
                                    @if let Some(p) = &place {
                                        " " span.loc { @match (&p.sheet, &p.cell) {
                                            (Some(s), Some(c)) => { (t(s)) "!" (c) }
                                            _ => { "line " (p.line) ":" (p.column) }
                                        } }
                                    }
                                    @if !entity.is_empty() { " " span.entity { (short(&entity, 200)) } }
                                }
                                p.msg { (t(&d.message)) }
                                @if let Some(text) = d.loc.as_ref().and_then(|l| snippet(files, l)) {
                                    pre.snippet { code { (text) } }
                                }
                                @if !d.label.is_empty() { p.label { (t(&d.label)) } }
                                @for r in &d.related {
                                    p.related { "↳ " (t(&crate::output::place(files, &r.loc).display())) ": " (t(&r.message)) }
                                }
                                @if let Some(h) = &d.help { p.help { "help: " (t(h)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The documentation of each rule that has findings, linked from the overview and findings.
fn rule_docs(cx: &Cx) -> Markup {
    let codes: BTreeSet<&str> = cx.input.diags.iter().map(|d| d.rule.code).collect();
    html! {
        section #rules aria-labelledby="h-rules" {
            h2 #h-rules { "Rule documentation" }
            @if codes.is_empty() { p { "No rule has findings." } }
            @for code in &codes {
                details.rule-doc id=(format!("rule-{code}")) {
                    summary { (code) @if let Some(m) = crate::rules::find(code) { " " (m.name) " — " (m.summary) } }
                    @if let Some(doc) = crate::rules::docs::doc(code) { pre.doc { (doc) } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::anchor;

    #[test]
    fn ci_markers_are_broken() {
        assert_eq!(
            super::ci_safe("a ##[error]x ##VSO[task]y ### z ##".into()),
            "a ##&#91;error]x ##VSO&#91;task]y ### z ##"
        );
    }

    #[test]
    fn anchors_are_safe_and_distinct() {
        assert_eq!(anchor("c", "A.5.1"), "c-A-5-1");
        let ids = [
            "A.5.1", "A-5-1", "A_5_1", "A 5 1", "A.-5", "A-.5", "<\"x\">", "é",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for id in ids {
            let a = anchor("r", id);
            assert!(
                a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{a}"
            );
            assert!(seen.insert(a.clone()), "{id} → {a} twice");
        }
    }
}
