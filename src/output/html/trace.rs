//! Traceability: risk → treatment → controls → owners → evidence, and for each Annex A control
//! the reverse (risks, documents, evidence), with orphans and breaks highlighted, and a graph of
//! one control and its neighbours.

use super::{Cx, Decision, Fresh, MAX_LIST, MAX_RISK_ROWS, anchor, freshness, short, status_word};
use crate::model::record::Kind;
use crate::model::values::Treatment;
use crate::model::{Evidence, Risk};
use crate::rules::risk::{inherent, residual};
use maud::{Markup, html};
use std::collections::BTreeMap;

fn treatment_word(t: Option<Treatment>) -> &'static str {
    match t {
        Some(Treatment::Modify) => "modify",
        Some(Treatment::Retain) => "retain",
        Some(Treatment::Avoid) => "avoid",
        Some(Treatment::Share) => "share",
        None => "none",
    }
}

/// What is wrong with one risk's chain, in words (empty: nothing).
fn risk_breaks(cx: &Cx, r: &Risk) -> Vec<String> {
    let model = cx.input.model;
    let mut out = Vec::new();
    let treatment = r.treatment.value();
    if r.controls.is_empty() && matches!(treatment, Some(Treatment::Modify) | None) {
        out.push("no control treats it".to_string());
    }
    if r.owner.is_blank() {
        out.push("no owner".to_string());
    } else if let Some(o) = r.owner.get()
        && model.sourced.contains(&Kind::Owner)
        && model.owner(o).is_none()
    {
        out.push(format!(
            "owner `{}` is not in the owners register",
            short(o, 60)
        ));
    }
    for c in &r.controls {
        let id = c.value.id();
        match Decision::of(cx.row(id).or_else(|| model.soa_row(id))) {
            Decision::Excluded => out.push(format!("{id} is excluded in the SoA")),
            Decision::Missing if model.has_soa() => out.push(format!("{id} has no SoA row")),
            _ => {}
        }
        for e in model.evidence_for(id) {
            if freshness(e, cx.input.today) == Fresh::Stale {
                out.push(format!(
                    "stale evidence {} for {id}",
                    short(e.id.get().map_or("", String::as_str), 40)
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn evidence_badges(cx: &Cx, items: &[&Evidence]) -> Markup {
    html! {
        @for e in items.iter().take(MAX_LIST) {
            @let f = freshness(e, cx.input.today);
            @let word = match f { Fresh::Current => "fresh", Fresh::Stale => "stale", Fresh::Undated => "undated" };
            span class=(format!("ev ev-{word}")) title=(word) { (short(e.id.get().map_or("(no ID)", String::as_str), 40)) " · " (word) }
            " "
        }
        @if items.len() > MAX_LIST { "… and " (items.len() - MAX_LIST) " more" }
    }
}

/// Each risk with its breaks: the risks with breaks first, then the others, each in model order.
pub(crate) fn risk_rows<'a>(cx: &Cx<'a>) -> Vec<(&'a Risk, Vec<String>)> {
    let mut rows: Vec<(&Risk, Vec<String>)> = cx
        .input
        .model
        .risks
        .iter()
        .map(|r| (r, risk_breaks(cx, r)))
        .collect();
    rows.sort_by_key(|(_, b)| b.is_empty());
    rows
}

pub(crate) fn section(cx: &Cx, rows: &[(&Risk, Vec<String>)]) -> Markup {
    let model = cx.input.model;
    let cfg = &cx.input.config.risk;
    // A duplicated ID: only its first row carries the anchor.
    let mut anchored = std::collections::BTreeSet::new();
    let broken = rows.iter().filter(|(_, b)| !b.is_empty()).count();
    let shown = rows.len().min(MAX_RISK_ROWS);
    html! {
        section #trace aria-labelledby="h-trace" {
            h2 #h-trace { "Traceability" }
            h3 { "Risks → treatment → controls → owners → evidence" }
            @if model.risks.is_empty() { p.note { "No risk register was found." } } @else {
                p {
                    (broken) " of " (model.risks.len()) " risks have a break in their chain (highlighted, listed first). "
                    label.only { input #only-breaks type="checkbox"; " show only risks with breaks" }
                }
                @if shown < rows.len() { p.note { "The first " (shown) " risks are listed; the heat maps count all " (rows.len()) "." } }
                table.trace #risk-table {
                    thead { tr {
                        th scope="col" { "Risk" } th scope="col" { "Owner" } th scope="col" { "Treatment" }
                        th scope="col" { "Inherent → residual" } th scope="col" { "Controls (SoA · status · owner · evidence)" } th scope="col" { "Breaks" }
                    } }
                    tbody {
                        @for (r, breaks) in rows.iter().take(MAX_RISK_ROWS) {
                            @let a = anchor("r", r.id_str());
                            @let id = anchored.insert(a.clone()).then_some(a);
                            tr id=[id] class=(if breaks.is_empty() { "fine" } else { "break" }) data-breaks=(breaks.len()) {
                                td { strong { (short(r.id_str(), 40)) } @if let Some(title) = r.title.get() { br; span.title { (short(title, 120)) } } }
                                td { (r.owner.get().map_or("—".to_string(), |o| short(o, 60))) }
                                td { (treatment_word(r.treatment.value())) @if let Some(plan) = &r.method().treatment_plan { br; span.title { (short(plan, 100)) } } }
                                td {
                                    (inherent(r, cfg).map_or("—".to_string(), |s| short(&cfg.show_score(s.value), 20)))
                                    " → "
                                    (residual(r, cfg).map_or("—".to_string(), |s| short(&cfg.show_score(s.value), 20)))
                                }
                                td {
                                    @if r.controls.is_empty() { "—" }
                                    ul.chain {
                                        @for c in r.controls.iter().take(30) {
                                            @let id = c.value.id();
                                            @let row = cx.row(id).or_else(|| model.soa_row(id));
                                            @let d = Decision::of(row);
                                            @let ev: Vec<&Evidence> = model.evidence_for(id).collect();
                                            li class=(format!("d-{}", d.word())) {
                                                (cx.control_link(id))
                                                " · " (d.word())
                                                @if d == Decision::Applicable { " · " (status_word(row).replace('-', " ")) }
                                                @if let Some(o) = row.and_then(|c| c.owner.get()) { " · " (short(o, 40)) }
                                                @if !ev.is_empty() { " · " (evidence_badges(cx, &ev)) }
                                                @else if row.is_some_and(|c| !c.evidence.is_empty()) { " · evidence listed in the SoA" }
                                                @else { " · " span.ev.ev-missing { "no evidence" } }
                                            }
                                        }
                                        @if r.controls.len() > 30 { li { "… and " (r.controls.len() - 30) " more" } }
                                    }
                                }
                                td.breaks { @for b in breaks { span.brk { (b) } " " } }
                            }
                        }
                    }
                }
            }
            (controls(cx))
        }
    }
}

/// Each Annex A control and what points at it.
fn controls(cx: &Cx) -> Markup {
    let model = cx.input.model;
    // Control ID → documents that name it (register or front matter).
    let mut docs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in &model.documents {
        for c in &d.controls {
            let label =
                d.id.get()
                    .or(d.title.get())
                    .map_or_else(|| cx.input.files.shown_path(d.file), String::as_str);
            docs.entry(c.value.id()).or_default().push(label);
        }
    }
    html! {
        h3 { "Annex A controls ← risks, documents, evidence" }
        p.note { "Orphan: an applicable control with no risk and no other reason for its selection. Break: an excluded control that treats a risk, or stale evidence." }
        div.controls {
            @for c in &cx.catalog.controls {
                @let row = cx.row(&c.id);
                @let d = Decision::of(row);
                @let risks: Vec<&Risk> = model.risks_citing(&c.id).map(|(r, _)| r).collect();
                @let soa_risks: Vec<&str> = row.map(|r| r.risks.iter().map(|i| i.value.as_str()).collect()).unwrap_or_default();
                @let ev: Vec<&Evidence> = model.evidence_for(&c.id).collect();
                @let cdocs: Vec<&str> = docs.get(c.id.as_str()).cloned().unwrap_or_default();
                @let other_reason = row.is_some_and(|r| r.reasons.iter().any(|x| x.value != crate::model::Reason::Risk));
                @let orphan = d == Decision::Applicable && risks.is_empty() && soa_risks.is_empty() && !other_reason;
                @let excluded_treats = d == Decision::Excluded && !risks.is_empty();
                @let stale = ev.iter().any(|e| freshness(e, cx.input.today) == Fresh::Stale);
                @let n = cx.findings_on(&c.id);
                details id=(anchor("c", &c.id)) class=(format!("control d-{}{}{}{}", d.word(), if orphan { " orphan" } else { "" }, if excluded_treats || stale { " break" } else { "" }, if orphan || excluded_treats || stale || n > 0 { " flag" } else { "" })) {
                    summary {
                        strong { (c.id) } " " (c.title) " — " (d.word())
                        @if d == Decision::Applicable { ", " (status_word(row).replace('-', " ")) }
                        @if let Some(legacy) = cx.legacy_rows.get(&c.id) { " (2013 row " (legacy.join(", ")) " maps to it)" }
                        @if orphan { " " span.brk { "orphan" } }
                        @if excluded_treats { " " span.brk { "excluded but treats " (risks.len()) " risk(s)" } }
                        @if stale { " " span.brk { "stale evidence" } }
                        @if n > 0 { " " span.mark { (n) " finding(s)" } }
                    }
                    div.detail {
                        dl {
                            dt { "Theme" } dd { (c.theme) }
                            @if let Some(r) = row {
                                dt { "SoA row" } dd { code { (short(&crate::output::place(cx.input.files, &r.loc).display(), 200)) } }
                                dt { "Owner" } dd { (r.owner.get().map_or("—".to_string(), |o| short(o, 80))) }
                                @if let Some(j) = r.justification.get() { dt { "Justification" } dd { (short(j, 400)) } }
                            }
                            dt { "Risks" } dd {
                                @if risks.is_empty() && soa_risks.is_empty() { "—" }
                                @for r in risks.iter().take(MAX_LIST) { (cx.risk_link(r.id_str())) " " }
                                @if risks.len() > MAX_LIST { "… and " (risks.len() - MAX_LIST) " more " }
                                @for s in soa_risks.iter().take(MAX_LIST) { span.ref { (short(s, 40)) } " " }
                            }
                            dt { "Documents" } dd {
                                @if cdocs.is_empty() && row.is_none_or(|r| r.documents.is_empty()) { "—" }
                                @for doc in cdocs.iter().take(MAX_LIST) { span.ref { (short(doc, 60)) } " " }
                                @if let Some(r) = row { @for doc in r.documents.iter().take(MAX_LIST) { span.ref { (short(&doc.value, 60)) } " " } }
                            }
                            dt { "Evidence" } dd {
                                @if ev.is_empty() && row.is_none_or(|r| r.evidence.is_empty()) { span.ev.ev-missing { "none" } }
                                (evidence_badges(cx, &ev))
                                @if let Some(r) = row { @for e in r.evidence.iter().take(MAX_LIST) { span.ref { (short(&e.value, 60)) } " " } }
                            }
                        }
                        (graph(&c.id, &risks, &cdocs, &ev))
                    }
                }
            }
        }
    }
}

/// One control and its neighbours: risks on the left, documents and evidence on the right.
fn graph(id: &str, risks: &[&Risk], docs: &[&str], ev: &[&Evidence]) -> Markup {
    const MAX: usize = 8;
    let left: Vec<String> = risks
        .iter()
        .take(MAX)
        .map(|r| short(r.id_str(), 14))
        .collect();
    let mut right: Vec<(String, &str)> = docs
        .iter()
        .take(MAX)
        .map(|d| (short(d, 14), "doc"))
        .collect();
    for e in ev.iter().take(MAX.saturating_sub(right.len())) {
        right.push((
            short(e.id.get().map_or("(no ID)", String::as_str), 14),
            "evidence",
        ));
    }
    let rows = left.len().max(right.len()).max(1);
    let h = 24.0 * rows as f64 + 16.0;
    let cy = h / 2.0;
    let y = |k: usize, n: usize| h / 2.0 + (k as f64 - (n as f64 - 1.0) / 2.0) * 24.0;
    let more = risks.len().saturating_sub(MAX) + (docs.len() + ev.len()).saturating_sub(MAX);
    html! {
        svg.graph viewBox=(format!("0 0 460 {h}")) width="460" height=(h) role="img" aria-label=(format!("{id}: {} risks, {} documents, {} evidence items", risks.len(), docs.len(), ev.len())) {
            @for (k, _) in left.iter().enumerate() { line.edge x1="120" y1=(y(k, left.len())) x2="190" y2=(cy) {} }
            @for (k, _) in right.iter().enumerate() { line.edge x1="270" y1=(cy) x2="340" y2=(y(k, right.len())) {} }
            rect.node.n-control x="190" y=(cy - 12.0) width="80" height="24" rx="4" {}
            text x="230" y=(cy + 4.0) text-anchor="middle" { (id) }
            @for (k, label) in left.iter().enumerate() {
                rect.node.n-risk x="10" y=(y(k, left.len()) - 10.0) width="110" height="20" rx="4" {}
                text x="65" y=(y(k, left.len()) + 4.0) text-anchor="middle" { (label) }
            }
            @for (k, (label, kind)) in right.iter().enumerate() {
                rect class=(format!("node n-{kind}")) x="340" y=(y(k, right.len()) - 10.0) width="110" height="20" rx="4" {}
                text x="395" y=(y(k, right.len()) + 4.0) text-anchor="middle" { (label) }
            }
            @if more > 0 { text x="230" y=(h - 2.0) text-anchor="middle" { "+" (more) " more" } }
        }
    }
}
