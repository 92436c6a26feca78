//! `ismslint rules` and `ismslint rule CODE`.

use super::RulesFormat;
use crate::rules::{docs, find, metas};
use serde_json::json;

pub fn list(format: RulesFormat) -> String {
    match format {
        RulesFormat::Text => metas()
            .map(|m| {
                format!(
                    "{:<7} {:<30} {:<8} {}\n",
                    m.code,
                    m.name,
                    m.default.map_or("off", |s| s.as_str()),
                    m.summary
                )
            })
            .collect(),
        RulesFormat::Json => {
            let rules: Vec<_> = metas()
                .map(|m| {
                    json!({
                        "code": m.code,
                        "name": m.name,
                        "default": m.default.map_or("off", |s| s.as_str()),
                        "summary": m.summary,
                        "options": m.options.iter().map(|o| json!({"name": o.name, "default": o.default, "doc": o.doc})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&rules).unwrap_or_default();
            s.push('\n');
            s
        }
        RulesFormat::Markdown => {
            let mut s = String::from("| code | name | default | checks |\n|---|---|---|---|\n");
            for m in metas() {
                s.push_str(&format!(
                    "| [{}](rules/{}.md) | {} | {} | {} |\n",
                    m.code,
                    m.code,
                    m.name,
                    m.default.map_or("off", |s| s.as_str()),
                    m.summary.replace('|', "\\|")
                ));
            }
            s
        }
    }
}

pub fn doc(rule: &str) -> Option<&'static str> {
    let meta = find(rule)?;
    docs::doc(meta.code)
}

/// For the risk rules run in a repository with a config: the risk methodology configured there,
/// with the matrix drawn as a table (issue 12 item 6). Empty elsewhere, and when the config
/// cannot be read (the lint run reports that).
pub fn methodology_here(rule: &str, dir: &std::path::Path) -> String {
    let Some(meta) = find(rule) else {
        return String::new();
    };
    if !meta.code.starts_with("RSK") {
        return String::new();
    }
    let Ok(Some(path)) = crate::config::discover(dir) else {
        return String::new();
    };
    let mut files = crate::source::SourceMap::default();
    let known: Vec<_> = crate::rules::metas().collect();
    let Ok(config) = crate::config::load(&path, path.display().to_string(), &mut files, &known)
    else {
        return String::new();
    };
    format!(
        "\n## The risk methodology of {}\n\n{}",
        path.display(),
        methodology(&config.risk)
    )
}

/// The configured scales, score, threshold and matrix, in Markdown.
pub fn methodology(r: &crate::config::RiskConfig) -> String {
    use crate::rules::risk::num;
    let scale = |levels: Option<&crate::config::scale::Scale>, range: (f64, f64)| match levels {
        Some(l) => format!("{} (lowest first)", l.list()),
        None => format!("{}–{}", num(range.0), num(range.1)),
    };
    let mut s = String::new();
    s.push_str(&format!(
        "- likelihood: {}\n",
        scale(r.likelihood_levels.as_ref(), r.likelihood)
    ));
    match &r.impact_from {
        Some(c) => s.push_str(&format!(
            "- impact: {}({}), each on {}\n",
            c.combine.name(),
            c.from.join(", "),
            scale(c.part_levels.as_ref(), c.part_range)
        )),
        None => s.push_str(&format!(
            "- impact: {}\n",
            scale(r.impact_levels.as_ref(), r.impact)
        )),
    }
    match (&r.levels, &r.matrix) {
        (Some(l), Some(_)) => s.push_str(&format!(
            "- score: a level of {} read from the matrix below\n",
            l.list()
        )),
        (Some(l), None) => s.push_str(&format!(
            "- score: a level of {} (no `matrix`: stated levels are not recomputed)\n",
            l.list()
        )),
        (None, _) => s.push_str(&format!(
            "- score: likelihood {} impact\n",
            if r.score == crate::config::ScoreMethod::Sum {
                "+"
            } else {
                "×"
            }
        )),
    }
    s.push_str(&format!(
        "- acceptance threshold: {}{}\n",
        r.show_score(r.threshold()),
        if r.acceptance_threshold.is_none() {
            " (default)"
        } else {
            ""
        }
    ));
    if let (Some(levels), Some(m)) = (&r.levels, &r.matrix) {
        let cols = m.first().map_or(0, Vec::len);
        let head: Vec<String> = (1..=cols).map(|c| r.show_impact(c as f64)).collect();
        s.push_str(&format!(
            "\n| likelihood \\\\ impact | {} |\n|---|{}\n",
            head.join(" | "),
            "---|".repeat(cols)
        ));
        // Most likely row on top, as risk matrices are drawn.
        for (i, row) in m.iter().enumerate().rev() {
            let cells: Vec<&str> = row
                .iter()
                .map(|p| levels.name(*p as f64).unwrap_or("?"))
                .collect();
            s.push_str(&format!(
                "| {} | {} |\n",
                r.show_likelihood((i + 1) as f64),
                cells.join(" | ")
            ));
        }
    }
    s
}
