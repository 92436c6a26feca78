//! Charts drawn in Rust as inline SVG: stacked bars and the risk heat maps.

use super::{Cx, MAX_LIST, short};
use crate::config::RiskConfig;
use crate::model::Risk;
use maud::{Markup, html};
use std::collections::BTreeMap;

/// A horizontal bar of parts (class, words, count), widths in proportion; text beside it for
/// screen readers and print.
pub(crate) fn stacked_bar(parts: &[(String, String, usize)], label: &str) -> Markup {
    let total: usize = parts.iter().map(|p| p.2).sum();
    let width = 200.0;
    let mut x = 0.0;
    let mut drawn = Vec::new();
    for (class, word, n) in parts.iter().filter(|p| p.2 > 0) {
        let w = width * *n as f64 / total as f64;
        drawn.push((class, word, n, x, w));
        x += w;
    }
    let words: Vec<String> = parts
        .iter()
        .filter(|p| p.2 > 0)
        .map(|p| format!("{} {}", p.2, p.1))
        .collect();
    html! {
        svg.bar viewBox="0 0 200 14" width="200" height="14" role="img" aria-label=(format!("{label}: {}", if words.is_empty() { "none".to_string() } else { words.join(", ") })) {
            @if total == 0 { rect.empty x="0" y="0" width="200" height="14" {} }
            @for (class, word, n, x, w) in &drawn {
                rect class=(class) x=(fmt(*x)) y="0" width=(fmt(*w)) height="14" { title { (n) " " (word) } }
            }
        }
    }
}

fn fmt(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

/// The integer positions of an axis, when it is one a grid can show (at most 15 steps).
fn axis(range: (f64, f64)) -> Option<Vec<i64>> {
    let (lo, hi) = range;
    if lo.fract() != 0.0 || hi.fract() != 0.0 || hi < lo || hi - lo > 14.0 {
        return None;
    }
    Some((lo as i64..=hi as i64).collect())
}

/// The cell a value falls in: whole values only, on the axis.
fn cell_of(v: Option<f64>, axis: &[i64]) -> Option<i64> {
    let v = v?;
    if v.fract() != 0.0 {
        return None;
    }
    let p = v as i64;
    axis.contains(&p).then_some(p)
}

/// A heat-map cell: (likelihood, impact).
type Cell = (i64, i64);

pub(crate) type Grid<'a> = BTreeMap<(i64, i64), Vec<&'a Risk>>;

/// Risks per (likelihood, impact) cell, and how many had a rating that is off the grid.
fn place<'a>(
    risks: &'a [Risk],
    ls: &[i64],
    is: &[i64],
    residual: bool,
) -> (Grid<'a>, usize, usize) {
    let mut grid: Grid = BTreeMap::new();
    let (mut off, mut unrated) = (0, 0);
    for r in risks {
        let res = r.residual();
        let (l, i) = if residual {
            (res.residual_likelihood.value(), res.residual_impact.value())
        } else {
            (r.likelihood.value(), r.impact.value())
        };
        if l.is_none() || i.is_none() {
            unrated += 1;
            continue;
        }
        match (cell_of(l, ls), cell_of(i, is)) {
            (Some(l), Some(i)) => grid.entry((l, i)).or_default().push(r),
            _ => off += 1,
        }
    }
    (grid, off, unrated)
}

/// `hi` above the threshold, `mid` above half of it, `lo` below, `na` when the method gives no
/// score for the cell.
fn band(cfg: &RiskConfig, l: i64, i: i64) -> &'static str {
    let threshold = cfg.threshold();
    match cfg.compute(l as f64, i as f64) {
        Some(s) if s > threshold => "hi",
        Some(s) if s > threshold / 2.0 => "mid",
        Some(_) => "lo",
        None => "na",
    }
}

const CELL: f64 = 64.0;
const LEFT: f64 = 118.0;
const TOP: f64 = 8.0;

fn heat_map(cx: &Cx, grid: &Grid, ls: &[i64], is: &[i64], which: &str) -> Markup {
    let cfg = &cx.input.config.risk;
    let w = LEFT + CELL * is.len() as f64 + 8.0;
    let h = TOP + CELL * ls.len() as f64 + 58.0;
    // Likelihood grows upwards: the highest row first.
    let row_y = |l: i64| TOP + CELL * (ls.len() as f64 - 1.0 - (l - ls[0]) as f64);
    let col_x = |i: i64| LEFT + CELL * (i - is[0]) as f64;
    let above = |l: i64, i: i64| band(cfg, l, i) == "hi";
    // The threshold line: every edge between a cell above the threshold and one not above.
    let mut edges: Vec<(f64, f64, f64, f64)> = Vec::new();
    for &l in ls {
        for &i in is {
            if !above(l, i) {
                continue;
            }
            let (x, y) = (col_x(i), row_y(l));
            if ls.contains(&(l - 1)) && !above(l - 1, i) {
                edges.push((x, y + CELL, x + CELL, y + CELL));
            }
            if ls.contains(&(l + 1)) && !above(l + 1, i) {
                edges.push((x, y, x + CELL, y));
            }
            if is.contains(&(i - 1)) && !above(l, i - 1) {
                edges.push((x, y, x, y + CELL));
            }
            if is.contains(&(i + 1)) && !above(l, i + 1) {
                edges.push((x + CELL, y, x + CELL, y + CELL));
            }
        }
    }
    let total: usize = grid.values().map(Vec::len).sum();
    let label = if which == "inh" {
        "Inherent risk"
    } else {
        "Residual risk"
    };
    html! {
        figure.heat {
            figcaption { (label) " (" (total) " risk" @if total != 1 { "s" } " placed)" }
            svg.heatmap viewBox=(format!("0 0 {} {}", fmt(w), fmt(h))) width=(fmt(w)) height=(fmt(h)) role="group" aria-label=(format!("{label} heat map: likelihood by impact")) {
                @for &l in ls {
                    text.axis x=(fmt(LEFT - 6.0)) y=(fmt(row_y(l) + CELL / 2.0 + 4.0)) text-anchor="end" { (short(&cfg.show_likelihood(l as f64), 16)) }
                    @for &i in is {
                        @let n = grid.get(&(l, i)).map_or(0, Vec::len);
                        @let id = format!("hm-{which}-{l}-{i}");
                        @let cell_words = format!("{label}: likelihood {}, impact {}, score {}: {n} risk{}", cfg.show_likelihood(l as f64), cfg.show_impact(i as f64), cfg.compute(l as f64, i as f64).map_or("not defined".to_string(), |s| cfg.show_score(s)), if n == 1 { "" } else { "s" });
                        @let rect = html! { rect class=(format!("b-{}", band(cfg, l, i))) x=(fmt(col_x(i))) y=(fmt(row_y(l))) width=(fmt(CELL)) height=(fmt(CELL)) { title { (short(&cell_words, 200)) } } };
                        @if n > 0 {
                            a.hm-cell href=(format!("#{id}")) data-cell=(id) data-count=(n) aria-label=(short(&cell_words, 200)) {
                                (rect)
                                text.count x=(fmt(col_x(i) + CELL / 2.0)) y=(fmt(row_y(l) + CELL / 2.0 + 5.0)) text-anchor="middle" { (n) }
                            }
                        } @else {
                            g.hm-empty data-cell=(id) data-count="0" { (rect) }
                        }
                    }
                }
                @for &i in is {
                    text.axis x=(fmt(col_x(i) + CELL / 2.0)) y=(fmt(TOP + CELL * ls.len() as f64 + 14.0)) text-anchor="middle" { (short(&cfg.show_impact(i as f64), 11)) }
                }
                text.axis-title x=(fmt(LEFT + CELL * is.len() as f64 / 2.0)) y=(fmt(h - 22.0)) text-anchor="middle" { "impact →" }
                text.axis-title x="4" y=(fmt(TOP + 10.0)) { "likelihood ↑" }
                @for (x1, y1, x2, y2) in &edges {
                    line.threshold x1=(fmt(*x1)) y1=(fmt(*y1)) x2=(fmt(*x2)) y2=(fmt(*y2)) {}
                }
                @if !edges.is_empty() {
                    line.threshold x1=(fmt(LEFT)) y1=(fmt(h - 6.0)) x2=(fmt(LEFT + 24.0)) y2=(fmt(h - 6.0)) {}
                    text.axis x=(fmt(LEFT + 30.0)) y=(fmt(h - 2.0)) { "acceptance threshold: score above " (short(&cfg.show_score(cfg.threshold()), 20)) }
                }
            }
        }
    }
}

/// The lists of risks per cell (a click on a cell shows its list).
fn cell_lists(cx: &Cx, grid: &Grid, which: &str) -> Markup {
    let cfg = &cx.input.config.risk;
    let label = if which == "inh" {
        "Inherent"
    } else {
        "Residual"
    };
    html! {
        @for ((l, i), risks) in grid {
            div.cell-list id=(format!("hm-{which}-{l}-{i}")) data-count=(risks.len()) {
                h4 { (label) ": likelihood " (short(&cfg.show_likelihood(*l as f64), 40)) " × impact " (short(&cfg.show_impact(*i as f64), 40)) " — " (risks.len()) " risk" @if risks.len() != 1 { "s" } }
                ul.risk-ids {
                    @for r in risks.iter().take(MAX_LIST) {
                        li { (cx.risk_link(r.id_str())) @if let Some(title) = r.title.get() { " " span.title { (short(title, 80)) } } }
                    }
                    @if risks.len() > MAX_LIST { li { "… and " (risks.len() - MAX_LIST) " more" } }
                }
            }
        }
    }
}

pub(crate) fn heat_section(cx: &Cx) -> Markup {
    let cfg = &cx.input.config.risk;
    let risks = &cx.input.model.risks;
    let axes = axis(cfg.likelihood).zip(axis(cfg.impact));
    let scale_words = |levels: &Option<crate::config::scale::Scale>, range: (f64, f64)| match levels
    {
        Some(s) => short(&s.list(), 200),
        None => format!("{}–{}", fmt(range.0), fmt(range.1)),
    };
    html! {
        section #risks aria-labelledby="h-risks" {
            h2 #h-risks { "Risk heat maps" }
            @if risks.is_empty() {
                p.note { "No risk register was found." }
            } @else if let Some((ls, is)) = axes {
                @let (inh, inh_off, inh_unrated) = place(risks, &ls, &is, false);
                @let (res, res_off, res_unrated) = place(risks, &ls, &is, true);
                p.scale {
                    "Likelihood: " (scale_words(&cfg.likelihood_levels, cfg.likelihood)) "; impact: " (scale_words(&cfg.impact_levels, cfg.impact))
                    "; score: " @if let Some(l) = &cfg.levels { (short(&l.list(), 200)) " (matrix)" } @else { (match cfg.score { crate::config::ScoreMethod::Product => "likelihood × impact", crate::config::ScoreMethod::Sum => "likelihood + impact" }) }
                    "; acceptance threshold: above " (short(&cfg.show_score(cfg.threshold()), 40))
                    @if cfg.acceptance_threshold.is_none() { " (default)" } "."
                }
                div.heatmaps {
                    (heat_map(cx, &inh, &ls, &is, "inh"))
                    (heat_map(cx, &res, &ls, &is, "res"))
                }
                p.note {
                    "Not placed: inherent " (inh_unrated) " unrated, " (inh_off) " off the scale; residual " (res_unrated) " unrated, " (res_off) " off the scale."
                }
                div.cell-lists {
                    p.hint { "Select a cell to list its risks." }
                    (cell_lists(cx, &inh, "inh"))
                    (cell_lists(cx, &res, "res"))
                }
                (movements(cx, &ls, &is))
            } @else {
                p.note { "The likelihood and impact scales (" (fmt(cfg.likelihood.0)) "–" (fmt(cfg.likelihood.1)) ", " (fmt(cfg.impact.0)) "–" (fmt(cfg.impact.1)) ") are not whole-number scales of at most 15 levels: no grid is drawn." }
            }
        }
    }
}

/// How treatment moved the risks: (inherent cell → residual cell) with counts, most first.
fn movements(cx: &Cx, ls: &[i64], is: &[i64]) -> Markup {
    let cfg = &cx.input.config.risk;
    let mut moves: BTreeMap<(Cell, Cell), usize> = BTreeMap::new();
    for r in &cx.input.model.risks {
        let res = r.residual();
        let from = cell_of(r.likelihood.value(), ls).zip(cell_of(r.impact.value(), is));
        let to = cell_of(res.residual_likelihood.value(), ls)
            .zip(cell_of(res.residual_impact.value(), is));
        if let (Some(f), Some(t)) = (from, to) {
            *moves.entry((f, t)).or_default() += 1;
        }
    }
    let mut rows: Vec<_> = moves.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let score = |(l, i): (i64, i64)| {
        cfg.compute(l as f64, i as f64)
            .map_or("–".to_string(), |s| short(&cfg.show_score(s), 20))
    };
    let cell = |(l, i): (i64, i64)| {
        format!(
            "{} × {}",
            short(&cfg.show_likelihood(l as f64), 20),
            short(&cfg.show_impact(i as f64), 20)
        )
    };
    html! {
        @if !rows.is_empty() {
            table.moves {
                caption { "How treatment moved the risks (inherent → residual cell; " (rows.len()) " distinct moves" @if rows.len() > 60 { ", the 60 most frequent shown" } ")" }
                thead { tr { th scope="col" { "Inherent (likelihood × impact)" } th scope="col" { "Score" } th scope="col" { "" } th scope="col" { "Residual" } th scope="col" { "Score" } th scope="col" class="num" { "Risks" } } }
                tbody {
                    @for ((f, to), n) in rows.iter().take(60) {
                        tr class=(if f == to { "same" } else { "moved" }) {
                            td { (cell(*f)) } td { (score(*f)) } td { @if f == to { "=" } @else { "→" } } td { (cell(*to)) } td { (score(*to)) } td.num { (n) }
                        }
                    }
                }
            }
        }
    }
}
