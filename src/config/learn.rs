//! What `ismslint init` learns about a risk method that is not numeric (issue 12 item 5): the
//! word scales a register scores with, ordered from the repository's own methodology table
//! (`| Likelihood | Description |` in a procedure, a scale sheet) when there is one, else by the
//! usual order of common scales; the risk matrix when a table or sheet draws it; and composite
//! impact when the register rates C, I and A. In `config` because config also applies what the
//! repository states (`stated::apply_words`); `cli::init_method` re-exports it for `init`.

use crate::config::scale::Scale;
use crate::model::values::{norm_key, parse_number};
use crate::source::SourceMap;
use std::collections::BTreeMap;

/// What the risk register says about its own methodology (for `ismslint init`).
#[derive(Debug, Default, Clone)]
pub struct MethodologySeen {
    /// The likelihood and impact values written (inherent and residual).
    pub likelihoods: ValuesSeen,
    pub impacts: ValuesSeen,
    /// Risks whose stated score equals likelihood × impact / likelihood + impact.
    pub product_matches: usize,
    pub sum_matches: usize,
    /// Words written where a risk register scores (issue 12 item 5): `likelihood`, `impact` or
    /// `score` (also a `Risk level` column) → each distinct word, in first-seen order.
    pub words: Vec<(&'static str, String)>,
    /// Each risk row's cells by header (risk registers only), for the composite impact `init`
    /// looks for: (header, text).
    pub rows: Vec<Vec<(String, String)>>,
    /// Stated scores written as numbers: the score is numeric (a level column is then a band of
    /// it, not the score).
    pub score_numbers: usize,
}

/// The values written on one axis, as `init` reads them: counted, not kept (a million risks'
/// were 16 MB of values in every run, at the peak of a big register's).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValuesSeen {
    pub count: usize,
    /// How many are at most 5, at most 10 (the usual scales).
    pub up_to_5: usize,
    pub up_to_10: usize,
    /// The highest (`f64::MIN` when none).
    pub max: f64,
}

impl Default for ValuesSeen {
    fn default() -> Self {
        ValuesSeen {
            count: 0,
            up_to_5: 0,
            up_to_10: 0,
            max: f64::MIN,
        }
    }
}

impl ValuesSeen {
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

impl Extend<f64> for ValuesSeen {
    fn extend<I: IntoIterator<Item = f64>>(&mut self, values: I) {
        for v in values {
            self.count += 1;
            self.up_to_5 += usize::from(v <= 5.0);
            self.up_to_10 += usize::from(v <= 10.0);
            self.max = self.max.max(v);
        }
    }
}

/// A scale `init` writes: levels lowest first, where their order came from, and the words it
/// could not place.
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    pub levels: Vec<String>,
    pub from: String,
    pub unordered: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Method {
    pub likelihood: Option<Learned>,
    pub impact: Option<Learned>,
    pub levels: Option<Learned>,
    /// Rows = likelihood (lowest first), cells = level names; and where it was read.
    pub matrix: Option<(Vec<Vec<String>>, String)>,
    /// `impact: { from: [...], combine }`, and the stated impact column it was checked on.
    pub composite: Option<Composite>,
}

#[derive(Debug)]
pub struct Composite {
    pub from: Vec<String>,
    pub combine: &'static str,
    /// A column that states the combined impact (`R`), to map as `impact`.
    pub stated: Option<String>,
    pub rows: usize,
}

/// The usual position of common scale words (1 = lowest), for a scale no table orders.
fn rank(word: &str) -> Option<f64> {
    Some(match norm_key(word).as_str() {
        "verylow" | "rare" | "negligible" | "insignificant" | "remote" | "veryunlikely"
        | "minimal" | "trivial" => 1.0,
        "low" | "unlikely" | "minor" | "improbable" | "limited" => 2.0,
        "medium" | "moderate" | "possible" | "occasional" | "med" => 3.0,
        "high" | "likely" | "major" | "significant" | "probable" | "serious" => 4.0,
        "veryhigh" | "almostcertain" | "certain" | "severe" | "frequent" | "verylikely" => 5.0,
        "critical" | "catastrophic" | "extreme" => 6.0,
        // The same levels in the languages of rules/lang/ (`Vysoká`, `Mittel`).
        _ => return crate::model::words::level_rank(word).map(|(_, r)| f64::from(r)),
    })
}

/// `2 - Medium` → (Some(2), "Medium"); `Medium` → (None, "Medium").
fn split_number(cell: &str) -> (Option<f64>, &str) {
    let t = cell.trim();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return (None, t);
    }
    let rest = t[digits..].trim_start_matches(|c: char| c.is_whitespace() || "-–—.:)=".contains(c));
    (t[..digits].parse().ok(), rest.trim())
}

/// Tables of the repository as rows of cell texts, with where each is: Markdown tables and
/// workbook sheets.
pub(crate) fn grids(files: &SourceMap) -> Vec<(String, Vec<Vec<String>>)> {
    grids_where(files, |_| true)
}

/// [`grids`] of the Markdown files whose path `keep` accepts (and every workbook): a caller
/// that reads only some documents' tables does not split a 60 MB register table into cells
/// (1,050,000 rows: 400 MB at the run's peak, for nothing).
pub(crate) fn grids_where(
    files: &SourceMap,
    keep: impl Fn(&str) -> bool,
) -> Vec<(String, Vec<Vec<String>>)> {
    grids_at(files, keep)
        .into_iter()
        .map(|(place, _, rows)| (place, rows))
        .collect()
}

/// [`grids`] with the 1-based line of each Markdown table's first row (0 for a sheet).
pub(crate) fn grids_at(
    files: &SourceMap,
    keep: impl Fn(&str) -> bool,
) -> Vec<(String, usize, Vec<Vec<String>>)> {
    let mut out = Vec::new();
    for (_, f) in files.iter() {
        if f.path.to_lowercase().ends_with(".md") {
            if !keep(&f.path) {
                continue;
            }
            let mut rows: Vec<Vec<String>> = Vec::new();
            let mut start = 0;
            for (n, line) in f.text().lines().chain(std::iter::once("")).enumerate() {
                let l = line.trim();
                if l.starts_with('|') {
                    if rows.is_empty() {
                        start = n + 1;
                    }
                    let inner = l.trim_start_matches('|').trim_end_matches('|');
                    let cells: Vec<String> =
                        inner.split('|').map(|c| c.trim().to_string()).collect();
                    let rule = cells.iter().all(|c| {
                        !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
                    });
                    if !rule {
                        rows.push(cells);
                    }
                } else if !rows.is_empty() {
                    out.push((f.path.clone(), start, std::mem::take(&mut rows)));
                }
            }
        } else if !f.cells.is_empty() {
            let mut sheets: BTreeMap<&str, BTreeMap<(u32, u32), &str>> = BTreeMap::new();
            for ((sheet, r, c), text) in &f.cells {
                if *r < 300 && *c < 40 {
                    let Some(sheet) = f.sheets.name(*sheet) else {
                        continue;
                    };
                    sheets
                        .entry(sheet)
                        .or_default()
                        .insert((*r, *c), text.as_str());
                }
            }
            for (sheet, cells) in sheets {
                let rows_n = cells.keys().map(|k| k.0).max().unwrap_or(0) as usize + 1;
                let cols_n = cells.keys().map(|k| k.1).max().unwrap_or(0) as usize + 1;
                let mut rows = vec![vec![String::new(); cols_n]; rows_n];
                for ((r, c), t) in cells {
                    rows[r as usize][c as usize] = t.trim().to_string();
                }
                out.push((format!("{} › {sheet}", f.path), 0, rows));
            }
        }
    }
    out
}

pub(crate) fn axis_of(header: &str) -> Option<&'static str> {
    Some(match norm_key(header).as_str() {
        "likelihood" | "probability" | "frequency" | "likelihoodlevel" | "likelihoodrating"
        | "probabilitylevel" => "likelihood",
        "impact" | "consequence" | "consequences" | "severity" | "impactlevel" | "impactrating" => {
            "impact"
        }
        "risklevel" | "riskrating" | "level" => "score",
        _ => return None,
    })
}

/// Scale tables: a header cell naming an axis, the levels below it. Ordered by their numbers
/// when every level has one (in the cell, `3 - Possible`, or in a numeric column), else as
/// listed, lowest first unless the usual order says the list runs from the top.
fn scale_tables(grids: &[(String, Vec<Vec<String>>)]) -> Vec<(&'static str, Vec<String>, String)> {
    let mut out = Vec::new();
    for (place, rows) in grids {
        for (h, header) in rows.iter().enumerate() {
            // A scale table has a second column (a description, a value).
            if header.iter().filter(|c| !c.is_empty()).count() < 2 {
                continue;
            }
            for (col, cell) in header.iter().enumerate() {
                let Some(axis) = axis_of(cell) else { continue };
                let mut levels: Vec<(Option<f64>, String)> = Vec::new();
                for row in &rows[h + 1..] {
                    let Some(c) = row.get(col).filter(|c| !c.is_empty()) else {
                        break;
                    };
                    let (n, word) = split_number(c);
                    if word.is_empty() {
                        break;
                    }
                    // A number in another cell of the row: `| 3 | Possible | … |`.
                    let n = n.or_else(|| {
                        row.iter()
                            .enumerate()
                            .filter(|(i, _)| *i != col)
                            .find_map(|(_, x)| x.trim().parse::<f64>().ok())
                    });
                    levels.push((n, word.to_string()));
                }
                // A scale lists a few distinct levels; a register repeats them under an ID column.
                let distinct = levels
                    .iter()
                    .enumerate()
                    .all(|(k, (_, w))| levels[..k].iter().all(|(_, x)| norm_key(x) != norm_key(w)));
                let first_column = rows[h + 1..h + 1 + levels.len()].iter().all(|row| {
                    row[..col.min(row.len())]
                        .iter()
                        .all(|x| x.is_empty() || x.trim().parse::<f64>().is_ok())
                });
                if levels.len() < 2
                    || levels.len() > 10
                    || !distinct
                    || !first_column
                    || levels.iter().any(|(_, w)| parse_number(w).is_some())
                {
                    continue;
                }
                let numbered = levels.iter().all(|(n, _)| n.is_some());
                if numbered {
                    levels.sort_by(|a, b| a.0.unwrap_or(0.0).total_cmp(&b.0.unwrap_or(0.0)));
                } else if let (Some(a), Some(b)) = (
                    levels.first().and_then(|l| rank(&l.1)),
                    levels.last().and_then(|l| rank(&l.1)),
                ) && a > b
                {
                    levels.reverse();
                }
                out.push((
                    axis,
                    levels.into_iter().map(|(_, w)| w).collect(),
                    place.clone(),
                ));
            }
        }
    }
    out
}

/// The scale of one axis: the repository's table that holds most of the words seen (the others
/// are then off the organisation's scale: RSK002 reports them), else the words in the usual order
/// of common scales (those it cannot place are listed).
fn learn_axis(
    axis: &str,
    seen: &[String],
    tables: &[(&'static str, Vec<String>, String)],
) -> Option<Learned> {
    if seen.is_empty() {
        return None;
    }
    let best = tables
        .iter()
        .filter(|(a, _, _)| *a == axis)
        .map(|(_, levels, place)| {
            let scale = Scale::from_names(levels);
            let on = seen.iter().filter(|w| scale.position(w).is_some()).count();
            (on, levels, place, scale)
        })
        .max_by_key(|(on, ..)| *on);
    if let Some((on, levels, place, scale)) = best
        && on * 2 >= seen.len()
    {
        return Some(Learned {
            levels: levels.clone(),
            from: place.clone(),
            unordered: seen
                .iter()
                .filter(|w| scale.position(w).is_none())
                .cloned()
                .collect(),
        });
    }
    let mut known: Vec<(f64, &String)> = seen
        .iter()
        .filter_map(|w| rank(w).map(|r| (r, w)))
        .collect();
    known.sort_by(|a, b| a.0.total_cmp(&b.0));
    // `Med` beside `Medium`, `L2`: another way to write a level already there.
    let mut levels: Vec<String> = Vec::new();
    for (_, w) in known {
        let (n, word) = split_number(w);
        let dup = n.is_some() && word.is_empty()
            || Scale::from_names(&levels).position(w).is_some()
            || levels.iter().any(|l| norm_key(l).starts_with(&norm_key(w)));
        if !dup {
            levels.push(w.clone());
        }
    }
    let scale = Scale::from_names(&levels);
    let unordered: Vec<String> = seen
        .iter()
        .filter(|w| rank(w).is_none() && scale.position(w).is_none())
        .cloned()
        .collect();
    Some(Learned {
        levels,
        from: USUAL_ORDER.into(),
        unordered,
    })
}

/// The labels of matrices drawn as tables (a corner cell naming likelihood and impact, impact
/// levels to its right, likelihood levels below it): scales of their own, lowest first.
fn matrix_scales(grids: &[(String, Vec<Vec<String>>)]) -> Vec<(&'static str, Vec<String>, String)> {
    let mut out = Vec::new();
    let ordered = |mut v: Vec<String>| {
        if let (Some(a), Some(b)) = (
            v.first().and_then(|w| rank(w)),
            v.last().and_then(|w| rank(w)),
        ) && a > b
        {
            v.reverse();
        }
        v
    };
    for (place, rows) in grids {
        for (r, row) in rows.iter().enumerate() {
            for (c, corner) in row.iter().enumerate() {
                if !is_corner(corner) {
                    continue;
                }
                let impacts: Vec<String> = row[c + 1..]
                    .iter()
                    .take_while(|h| !h.is_empty())
                    .map(|h| split_number(h).1.to_string())
                    .collect();
                let likelihoods: Vec<String> = rows[r + 1..]
                    .iter()
                    .map_while(|line| line.get(c).filter(|h| !h.is_empty()))
                    .map(|h| split_number(h).1.to_string())
                    .collect();
                if impacts.len() >= 2 && likelihoods.len() >= 2 {
                    // Named by the corner: `Impact \ Likelihood` has impact rows.
                    let (across, down) = if rows_are_impact(corner) {
                        ("likelihood", "impact")
                    } else {
                        ("impact", "likelihood")
                    };
                    out.push((across, ordered(impacts), place.clone()));
                    out.push((down, ordered(likelihoods), place.clone()));
                }
            }
        }
    }
    out
}

fn is_corner(cell: &str) -> bool {
    corner(cell).is_some()
}

/// `Impact \ Likelihood`: the rows are impact levels (the word written first names the rows).
fn rows_are_impact(corner_cell: &str) -> bool {
    corner(corner_cell) == Some(true)
}

/// A matrix's corner cell: it names likelihood and impact (`Likelihood \ Impact`, `Dopad /
/// Pravděpodobnost`, `Wahrscheinlichkeit × Auswirkung`), or one axis with an arrow (`Impact →`:
/// the columns are impact). Whether the rows are impact levels.
fn corner(cell: &str) -> Option<bool> {
    let k = norm_key(cell);
    let first = |words: &[&str]| words.iter().filter_map(|w| k.find(w)).min();
    if let (Some(l), Some(i)) = (
        first(&["likelihood", "probability"]),
        first(&["impact", "consequence", "severity"]),
    ) {
        return Some(i < l);
    }
    // In the languages registers are read in: each part names an axis as a header would.
    let lower = cell
        .to_lowercase()
        .replace(" x ", " / ")
        .replace(" vs. ", " / ");
    let lower = lower.replace(" vs ", " / ");
    let mut axes: Vec<(&str, char)> = Vec::new();
    let mut part = String::new();
    for ch in lower.chars().chain(std::iter::once('/')) {
        if "/\\|×→↓←↑:;,".contains(ch) {
            let name = match part.find('(') {
                Some(p) => &part[..p],
                None => part.as_str(),
            };
            let name = name.trim();
            let axis = axis_of(name).or_else(|| {
                match crate::model::words::Words::get()
                    .field(crate::model::Kind::Risk, &crate::model::words::fold(name))
                {
                    Some("likelihood") => Some("likelihood"),
                    Some("impact") => Some("impact"),
                    _ => None,
                }
            });
            match axis {
                Some(a @ ("likelihood" | "impact")) => axes.push((a, ch)),
                _ if !name.is_empty() => return None,
                _ => {}
            }
            part.clear();
        } else {
            part.push(ch);
        }
    }
    match axes.as_slice() {
        [(a, _), (b, _)] if a != b => Some(*a == "impact"),
        // `Impact →`: impact across; `Likelihood ↓`: likelihood down.
        [(a, '→')] => Some(*a == "likelihood"),
        [(a, '↓')] => Some(*a == "impact"),
        _ => None,
    }
}

/// A matrix drawn as a table: a corner cell naming likelihood and impact, impact levels to its
/// right, likelihood levels below it, a level in every cell.
fn find_matrix(
    grids: &[(String, Vec<Vec<String>>)],
    l: &Scale,
    i: &Scale,
) -> Option<(Vec<Vec<String>>, String)> {
    for (place, rows) in grids {
        for (r, row) in rows.iter().enumerate() {
            for (c, corner) in row.iter().enumerate() {
                if !is_corner(corner) {
                    continue;
                }
                // Rows likelihood and columns impact, or the other way round.
                let transposed = rows_are_impact(corner);
                let (across, down) = if transposed { (l, i) } else { (i, l) };
                let cols: Vec<Option<usize>> = row[c + 1..]
                    .iter()
                    .take_while(|h| !h.is_empty())
                    .map(|h| across.position(h))
                    .collect();
                if cols.len() != across.len() || cols.iter().any(Option::is_none) {
                    continue;
                }
                let mut m = vec![vec![String::new(); i.len()]; l.len()];
                let mut filled = 0;
                for line in &rows[r + 1..] {
                    let Some(p) = line.get(c).and_then(|h| down.position(h)) else {
                        break;
                    };
                    for (j, col) in cols.iter().enumerate() {
                        let cell = line.get(c + 1 + j).map_or("", |s| s.trim());
                        let Some(col) = col else { continue };
                        let (li, ii) = if transposed { (*col, p) } else { (p, *col) };
                        if !cell.is_empty() && m[li - 1][ii - 1].is_empty() {
                            m[li - 1][ii - 1] = cell.to_string();
                            filled += 1;
                        }
                    }
                }
                if filled == l.len() * i.len() {
                    return Some((m, place.clone()));
                }
            }
        }
    }
    None
}

/// C, I and A columns whose combination gives the stated impact or score on most rows.
fn find_composite(rows: &[Vec<(String, String)>]) -> Option<Composite> {
    let header_of = |names: &[&str], row: &[(String, String)]| {
        row.iter()
            .find(|(h, _)| names.contains(&norm_key(h).as_str()))
            .map(|(h, _)| h.clone())
    };
    let first = rows.first()?;
    let parts: Vec<String> = [
        &["c", "confidentiality"][..],
        &["i", "integrity"][..],
        &["a", "availability"][..],
    ]
    .iter()
    .map(|n| header_of(n, first))
    .collect::<Option<_>>()?;
    let num = |row: &[(String, String)], h: &str| {
        row.iter()
            .find(|(k, _)| k == h)
            .and_then(|(_, v)| parse_number(v))
    };
    let likelihood = header_of(&["likelihood", "l", "probability", "p"], first);
    let score = header_of(&["score", "riskscore", "rating", "inherentscore"], first);
    // A stated impact: one more one-letter or impact column.
    let stated = header_of(&["r", "impact", "impactscore"], first);
    let mut best: Option<Composite> = None;
    for (name, f) in [
        (
            "max",
            (|v: &[f64]| v.iter().copied().fold(f64::MIN, f64::max)) as fn(&[f64]) -> f64,
        ),
        ("sum", |v: &[f64]| v.iter().sum()),
        ("mean", |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64),
    ] {
        let (mut n, mut hit, mut stated_hit) = (0, 0, 0);
        for row in rows {
            let Some(vals) = parts
                .iter()
                .map(|h| num(row, h))
                .collect::<Option<Vec<f64>>>()
            else {
                continue;
            };
            let v = f(&vals);
            n += 1;
            let by_stated = stated
                .as_deref()
                .and_then(|h| num(row, h))
                .is_some_and(|s| (s - v).abs() < 1e-9);
            let by_score = match (
                likelihood.as_deref().and_then(|h| num(row, h)),
                score.as_deref().and_then(|h| num(row, h)),
            ) {
                (Some(l), Some(s)) => (s - l * v).abs() < 1e-9,
                _ => false,
            };
            stated_hit += usize::from(by_stated);
            hit += usize::from(by_score || by_stated);
        }
        if n >= 2 && hit * 10 >= n * 8 && best.as_ref().is_none_or(|b| hit > b.rows) {
            best = Some(Composite {
                from: parts.clone(),
                combine: name,
                stated: stated.clone().filter(|_| stated_hit * 10 >= n * 8),
                rows: hit,
            });
        }
    }
    best
}

pub fn learn(seen: &MethodologySeen, files: &SourceMap) -> Method {
    learn_from(grids(files), seen)
}

/// What a linted repository states of its word scales (issue 17): [`learn`] from the tables of
/// its methodology documents only (`keep` says which paths are), each named `path:line`.
/// Also the scales those documents draw, by axis (to say which one the register's words do
/// not fit).
pub fn learn_stated(
    seen: &MethodologySeen,
    files: &SourceMap,
    keep: impl Fn(&str) -> bool,
) -> (Method, Vec<Drawn>) {
    let all: Vec<_> = grids_at(files, |_| true)
        .into_iter()
        .chain(csv_grids(files))
        .collect();
    // Files that hold a risk register (a header naming likelihood and impact): a matrix beside
    // it, in the same workbook or document, is the register's own.
    let file_of = |place: &str| place.split(" › ").next().unwrap_or(place).to_string();
    let register_files: std::collections::BTreeSet<String> = all
        .iter()
        .filter(|(_, _, rows)| rows.iter().take(5).any(|row| register_header(row)))
        .map(|(place, ..)| file_of(place))
        .collect();
    let mut grids = Vec::new();
    for (path, line, rows) in all {
        if line > 0 && keep(&path) {
            grids.push((format!("{path}:{line}"), rows));
        } else if let Some((r, c)) = level_matrix(&rows)
            && (register_files.contains(&file_of(&path)) || names_matrix(&path))
        {
            // A matrix in the repository's registers (a workbook's `_RiskMatrix` sheet, a CSV
            // or Markdown table of that shape, beside the register or in a file or sheet named
            // for it) states the scales as a methodology's does. A matrix in another document
            // (a change-management reference) is that document's.
            let place = if line == 0 {
                format!("{path}!{}", a1(r, c))
            } else {
                format!("{path}:{}", line + r + usize::from(r > 0))
            };
            grids.push((place, rows));
        }
    }
    let mut drawn = scale_tables(&grids);
    drawn.extend(matrix_scales(&grids));
    (learn_from(grids, seen), drawn)
}

/// A header row of a risk register: one cell names likelihood, another impact (in any language
/// of rules/lang/).
fn register_header(row: &[String]) -> bool {
    let axis = |cell: &str| {
        axis_of(cell).or_else(|| {
            match crate::model::words::Words::get()
                .field(crate::model::Kind::Risk, &crate::model::words::fold(cell))
            {
                Some("likelihood" | "residual_likelihood") => Some("likelihood"),
                Some("impact" | "residual_impact") => Some("impact"),
                _ => None,
            }
        })
    };
    let axes: Vec<&str> = row.iter().filter_map(|c| axis(c)).collect();
    axes.contains(&"likelihood") && axes.contains(&"impact")
}

/// A file or sheet named for a risk matrix (`risk-matrix.csv`, `_RiskMatrix`, `Matice rizik`,
/// `Heat map`).
fn names_matrix(place: &str) -> bool {
    let p = place.to_lowercase();
    [
        "matri", "matic", "macierz", "heat map", "heatmap", "heat-map", "heat_map",
    ]
    .iter()
    .any(|w| p.contains(w))
}

/// `A1` for a 0-based row and column.
fn a1(r: usize, c: usize) -> String {
    let mut col = String::new();
    let mut n = c + 1;
    while n > 0 {
        col.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    format!("{col}{}", r + 1)
}

/// CSV and TSV files as rows of cell texts, with the line of the first row (1): only to find a
/// matrix in them (a register is read by the parser, not here).
fn csv_grids(files: &SourceMap) -> Vec<(String, usize, Vec<Vec<String>>)> {
    let mut out = Vec::new();
    for (_, f) in files.iter() {
        let lower = f.path.to_lowercase();
        let delimiter = if lower.ends_with(".tsv") {
            '\t'
        } else if lower.ends_with(".csv") {
            let head: String = f.text().lines().take(10).collect();
            let count = |d: char| head.chars().filter(|&x| x == d).count();
            if count(';') > count(',') { ';' } else { ',' }
        } else {
            continue;
        };
        let rows: Vec<Vec<String>> = f
            .text()
            .lines()
            .take(300)
            .map(|l| {
                l.split(delimiter)
                    .map(|c| c.trim().trim_matches('"').trim().to_string())
                    .collect()
            })
            .collect();
        out.push((f.path.clone(), 1, rows));
    }
    out
}

/// Where a table holds a matrix drawn with level words (the corner cell, row and column): a
/// corner naming likelihood and impact, at least two level words of one ordered class across
/// and down (`Nízká | Střední | Vysoká`), and a level word or a number in every cell. A RACI
/// table (`Role / Activity | R | A | C | I`) or a register is no such matrix.
fn level_matrix(rows: &[Vec<String>]) -> Option<(usize, usize)> {
    use crate::model::words::level_rank;
    let one_class = |hs: &[&String]| {
        let classes: Vec<&str> = hs
            .iter()
            .filter_map(|h| level_rank(split_number(h).1).map(|(c, _)| c))
            .collect();
        hs.len() >= 2 && classes.len() == hs.len() && classes.iter().all(|c| *c == classes[0])
    };
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !is_corner(cell) {
                continue;
            }
            let across: Vec<&String> = row[c + 1..].iter().take_while(|h| !h.is_empty()).collect();
            let body: Vec<&Vec<String>> = rows[r + 1..]
                .iter()
                .take_while(|line| line.get(c).is_some_and(|h| !h.is_empty()))
                .collect();
            let down: Vec<&String> = body.iter().map(|line| &line[c]).collect();
            let cells_ok = body.iter().all(|line| {
                (0..across.len()).all(|j| {
                    line.get(c + 1 + j).is_some_and(|x| {
                        let (n, w) = split_number(x);
                        level_rank(w).is_some() || (w.is_empty() && n.is_some())
                    })
                })
            });
            if one_class(&across) && one_class(&down) && cells_ok {
                return Some((r, c));
            }
        }
    }
    None
}

/// A scale a table draws: its axis, its levels lowest first, and where it is.
pub type Drawn = (&'static str, Vec<String>, String);

/// The order a scale came from when no table of the repository gave it.
pub const USUAL_ORDER: &str = "the usual order of common scales";

fn learn_from(grids: Vec<(String, Vec<Vec<String>>)>, seen: &MethodologySeen) -> Method {
    let words = |axis: &str| -> Vec<String> {
        seen.words
            .iter()
            .filter(|(a, _)| *a == axis)
            .map(|(_, w)| w.clone())
            .collect()
    };
    let mut tables = scale_tables(&grids);
    tables.extend(matrix_scales(&grids));
    let mut method = Method {
        likelihood: learn_axis("likelihood", &words("likelihood"), &tables),
        impact: learn_axis("impact", &words("impact"), &tables),
        composite: find_composite(&seen.rows),
        ..Method::default()
    };
    if let (Some(l), Some(i)) = (&method.likelihood, &method.impact) {
        method.matrix = find_matrix(
            &grids,
            &Scale::from_names(&l.levels),
            &Scale::from_names(&i.levels),
        );
    }
    let mut score_words = words("score");
    if let Some((m, _)) = &method.matrix {
        for w in m.iter().flatten() {
            if !score_words.iter().any(|s| norm_key(s) == norm_key(w)) {
                score_words.push(w.clone());
            }
        }
    }
    // A numeric score with a level column beside it (`Inherent Score | Inherent Risk Level`):
    // the level is a band of the score, not the score.
    if seen.score_numbers > 0 && method.matrix.is_none() {
        score_words.clear();
    }
    method.levels = learn_axis("score", &score_words, &tables);
    // A matrix whose cells are the words of one of its axes (`Nízká | Střední | Vysoká` in the
    // cells and across): the score levels are those, in the order the matrix draws them.
    if let (Some((_, at)), true) = (
        &method.matrix,
        method.levels.as_ref().is_none_or(|l| l.from == USUAL_ORDER),
    ) {
        for axis in [&method.likelihood, &method.impact].into_iter().flatten() {
            let s = Scale::from_names(&axis.levels);
            if !score_words.is_empty()
                && score_words
                    .iter()
                    .all(|w| parse_number(w).is_none() && s.position(w).is_some())
            {
                method.levels = Some(Learned {
                    levels: axis.levels.clone(),
                    from: at.clone(),
                    unordered: Vec::new(),
                });
                break;
            }
        }
    }
    // Matrix cells must be levels of the learned score scale.
    if let (Some((m, _)), Some(levels)) = (&method.matrix, &method.levels) {
        let s = Scale::from_names(&levels.levels);
        if m.iter().flatten().any(|w| s.position(w).is_none()) {
            method.matrix = None;
        }
    } else {
        method.matrix = None;
    }
    method
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_order_and_numbers() {
        // `Vysoká` is `High` in Czech (issue 13): one level, not a word of its own.
        let seen: Vec<String> = ["High", "Low", "Medium", "Vysoká", "Zarquon"]
            .map(String::from)
            .to_vec();
        let l = learn_axis("likelihood", &seen, &[]).expect("learned");
        assert_eq!(l.levels, ["Low", "Medium", "High"]);
        assert_eq!(l.unordered, ["Zarquon"]);
        assert_eq!(split_number("3 - Possible"), (Some(3.0), "Possible"));
        let grid = vec![(
            "docs/method.md".to_string(),
            vec![
                vec!["Likelihood".to_string(), "Description".to_string()],
                vec!["Vysoká".to_string(), "often".to_string()],
                vec!["Střední".to_string(), "sometimes".to_string()],
                vec!["Nízká".to_string(), "rarely".to_string()],
            ],
        )];
        // Listed from the top, in Czech: the level words of rules/lang/ say so (issue 13).
        let t = scale_tables(&grid);
        assert_eq!(t[0].1, ["Nízká", "Střední", "Vysoká"]);
        // Words of no level class: as listed.
        let grid = vec![(
            "docs/method.md".to_string(),
            vec![
                vec!["Likelihood".to_string(), "Description".to_string()],
                vec!["Zarquon".to_string(), "often".to_string()],
                vec!["Frood".to_string(), "rarely".to_string()],
            ],
        )];
        assert_eq!(scale_tables(&grid)[0].1, ["Zarquon", "Frood"]);
    }

    #[test]
    fn matrix_corners_and_level_matrices_in_any_language() {
        assert_eq!(corner("Dopad / Pravděpodobnost"), Some(true));
        assert_eq!(corner("Pravděpodobnost x Dopad"), Some(false));
        assert_eq!(corner("Wahrscheinlichkeit × Auswirkung"), Some(false));
        assert_eq!(corner("Likelihood \\ Impact"), Some(false));
        assert_eq!(corner("Impact →"), Some(false));
        assert_eq!(corner("Likelihood ↓"), Some(false));
        // Near misses: a RACI corner, one axis with no arrow, a register header.
        assert_eq!(corner("Role / Activity"), None);
        assert_eq!(corner("Činnost / Role"), None);
        assert_eq!(corner("Dopad"), None);
        assert_eq!(corner("Dopad / Poznámka"), None);
        let rows = |r: &[&[&str]]| -> Vec<Vec<String>> {
            r.iter()
                .map(|row| row.iter().map(|c| c.to_string()).collect())
                .collect()
        };
        let m = rows(&[
            &["", ""],
            &["", "Dopad / Pravděpodobnost", "Nízká", "Střední", "Vysoká"],
            &["", "Nízký", "Nízká", "Nízká", "Střední"],
            &["", "Vysoký", "Střední", "Vysoká", "Vysoká"],
        ]);
        assert_eq!(level_matrix(&m), Some((1, 1)));
        assert_eq!(a1(1, 1), "B2");
        assert_eq!(a1(0, 27), "AB1");
        // Near misses: RACI letters, headers of two classes, a cell that is no level.
        let raci = rows(&[
            &["Role / Activity", "R", "A", "C", "I"],
            &["CISO", "x", "", "", ""],
        ]);
        assert_eq!(level_matrix(&raci), None);
        let mixed = rows(&[
            &["Likelihood / Impact", "Low", "High"],
            &["Rare", "Low", "Low"],
            &["Likely", "Low", "High"],
            &["High", "Low", "High"],
        ]);
        assert_eq!(level_matrix(&mixed), None);
        let notes = rows(&[
            &["Likelihood / Impact", "Low", "High"],
            &["Low", "Low", "see note"],
            &["High", "Low", "High"],
        ]);
        assert_eq!(level_matrix(&notes), None);
        // Whose matrix: beside a register, or in a file or sheet named for one.
        assert!(register_header(
            &rows(&[&["ID rizika", "Dopad", "Pravděpodobnost"]])[0]
        ));
        assert!(!register_header(&rows(&[&["Riziko", "Dopad", "Stav"]])[0]));
        assert!(names_matrix("Registr.xlsx › _RiskMatrix"));
        assert!(names_matrix("registers/risk-matrix.csv"));
        assert!(!names_matrix("procedures/change-management.md"));
    }

    #[test]
    fn a_matrix_with_impact_rows_is_read_by_likelihood() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let grid = vec![(
            "method.md".to_string(),
            vec![
                row(&["Impact \\ Likelihood", "Rare", "Likely"]),
                row(&["Severe", "Medium", "High"]),
                row(&["Minor", "Low", "Low"]),
            ],
        )];
        assert!(rows_are_impact("Impact \\ Likelihood"));
        assert!(!rows_are_impact("Likelihood / Impact"));
        let t = matrix_scales(&grid);
        assert!(t.contains(&(
            "likelihood",
            vec!["Rare".into(), "Likely".into()],
            "method.md".into()
        )));
        assert!(t.contains(&(
            "impact",
            vec!["Minor".into(), "Severe".into()],
            "method.md".into()
        )));
        let l = Scale::from_names(&["Rare", "Likely"]);
        let i = Scale::from_names(&["Minor", "Severe"]);
        let (m, _) = find_matrix(&grid, &l, &i).expect("matrix");
        // Rare: Minor Low, Severe Medium; Likely: Minor Low, Severe High.
        assert_eq!(m, [["Low", "Medium"], ["Low", "High"]]);
    }
}
