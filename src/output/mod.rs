//! One module per output format. Every renderer reads the sorted diagnostics and writes bytes
//! that depend only on them (no timestamps, no thread-dependent order).

pub mod concise;
pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sanitize;
pub mod sarif;

use crate::diagnostic::Diagnostic;
use crate::engine::Summary;
use crate::source::{Loc, SourceMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
    Junit,
    Gitlab,
    Markdown,
    /// The auditor's view: one self-contained HTML page (also `ismslint report`).
    Html,
}

/// A location as users read it.
pub struct Place {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub sheet: Option<String>,
    pub cell: Option<String>,
}

/// A location with its path relative to the current directory (see `SourceMap::set_bases`).
pub fn place(files: &SourceMap, loc: &Loc) -> Place {
    place_with(files, loc, files.shown_path(loc.file()).to_string())
}

/// A location with its path relative to the repository root (SARIF, GitLab).
pub fn repo_place(files: &SourceMap, loc: &Loc) -> Place {
    place_with(files, loc, files.repo_path(loc.file()).to_string())
}

fn place_with(files: &SourceMap, loc: &Loc, path: String) -> Place {
    let (start, end) = files.span(loc);
    let cell = files.cell(loc);
    Place {
        path,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        cell: cell.as_ref().map(|c| c.a1()),
        sheet: cell.map(|c| c.sheet),
    }
}

impl Place {
    /// `path:line:col`, or `book.xlsx › Sheet!D14`.
    pub fn display(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => format!("{} › {s}!{c}", self.path),
            _ => format!("{}:{}:{}", self.path, self.line, self.column),
        }
    }
}

/// The closing line: `3 errors, 5 warnings in 12 files · SoA 93/93 controls, … · 45 risks`.
pub fn summary_line(s: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{}, {} in {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.files, "file")
    );
    if s.soa.applicable + s.soa.excluded > 0 || s.soa.covered > 0 {
        line.push_str(&format!(
            " · SoA {}/{} controls, {} applicable, {} excluded",
            s.soa.covered, s.soa.catalogue, s.soa.applicable, s.soa.excluded
        ));
    }
    line.push_str(&format!(" · {}", plural(s.risks, "risk")));
    line
}

pub fn render(
    format: Format,
    diags: &[Diagnostic],
    files: &SourceMap,
    summary: &Summary,
    color: bool,
) -> String {
    let text = match format {
        Format::Human => human::render(diags, files, summary, color),
        Format::Concise => concise::render(diags, files, summary),
        Format::Json => json::render(diags, files, summary),
        Format::Sarif => sarif::render(diags, files),
        Format::Github => github::render(diags, files),
        Format::Junit => junit::render(diags, files),
        Format::Gitlab => gitlab::render(diags, files),
        Format::Markdown => markdown::render(diags, files, summary),
        // Without the model (see `render_outcome`): the findings and counts only.
        Format::Html => {
            let (model, config) = (
                crate::model::Model::default(),
                crate::config::Config::default(),
            );
            html::render(&html::Input {
                diags,
                files,
                summary,
                model: &model,
                config: &config,
                today: None,
                name: "",
            })
        }
    };
    // Each renderer escapes the repository's text; this is the last line of defence for what
    // CI runners read from a log (the `github` format's own `::` lines are the exception).
    match format {
        Format::Human | Format::Concise | Format::Junit | Format::Markdown => {
            match sanitize::neutralise_line_starts(&text) {
                std::borrow::Cow::Borrowed(_) => text,
                std::borrow::Cow::Owned(safe) => safe,
            }
        }
        Format::Json | Format::Sarif | Format::Gitlab => sanitize::json_ci_safe(text),
        // Every value is HTML-escaped with its control characters made visible.
        Format::Github | Format::Html => text,
    }
}

/// A run's report in a format: the HTML report draws the model and the risk methodology too;
/// the other formats read the findings only.
pub fn render_outcome(
    format: Format,
    outcome: &crate::engine::Outcome,
    today: jiff::civil::Date,
    name: &str,
    color: bool,
) -> String {
    match format {
        Format::Html => html::render(&html::Input {
            diags: &outcome.diagnostics,
            files: &outcome.files,
            summary: &outcome.summary,
            model: &outcome.model,
            config: &outcome.config,
            today: Some(today),
            name,
        }),
        _ => render(
            format,
            &outcome.diagnostics,
            &outcome.files,
            &outcome.summary,
            color,
        ),
    }
}

/// `Sheet!D14: ` before the message of a finding on a workbook cell (formats that show the file
/// only), else nothing.
pub fn cell_prefix(d: &Diagnostic, files: &SourceMap) -> String {
    d.loc
        .as_ref()
        .and_then(|l| files.cell(l))
        .map(|c| format!("{}!{}: ", c.sheet, c.a1()))
        .unwrap_or_default()
}
