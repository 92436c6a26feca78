//! Discover: given the walked tree (`source::walk`, run beside the start-up tables), decide for
//! each file whether and how it is read (configured sources first, then conventions, DESIGN
//! §4.4).

use super::Options;
use super::configure::Setup;
use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::model::framework::Framework;
use crate::parse::convention::convention;
use crate::parse::{Format, Plan};
use crate::rules::input::parse_error;
use crate::source::walk::{RepoFiles, Walked};
use crate::source::{Loc, SourceFile, SourceMap};
use globset::{Glob, GlobMatcher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Report files are not registers or documents, whoever wrote them: a SARIF log, and the
/// `ismslint-report.*` files the README suggests, are never linted.
pub fn is_report_name(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    name.ends_with(".sarif") || name.starts_with("ismslint-report.")
}

struct ConfiguredSource {
    matcher: GlobMatcher,
    plan: Plan,
    loc: Loc,
    matched: bool,
    detect: bool,
}

/// A file to load and how to read it.
pub(super) struct Planned {
    pub rel: String,
    pub abs: PathBuf,
    pub format: Format,
    pub plan: Plan,
}

/// discover → load: the files to read, in discovery order (their IDs follow it).
pub(super) struct Discovered {
    /// Config and packs, then the folders and files the walk could not read.
    pub files: SourceMap,
    pub planned: Vec<Planned>,
    /// Why each unreadable folder or file was not linted (IN001).
    pub unreadable: Vec<Diagnostic>,
    /// Configured sources that match no file (IN004 each).
    pub unmatched: Vec<Loc>,
}

/// The files to load, and every file of the tree (for rules that check a path exists).
pub(super) fn discover(
    opts: &Options,
    setup: &Setup,
    mut files: SourceMap,
    walked: Walked,
) -> (Discovered, RepoFiles) {
    let root = &opts.root;
    let config = &setup.config;
    let mut sources = configured_sources(config);
    let mut planned: Vec<Planned> = Vec::new();
    let repo_files: std::collections::BTreeSet<String> =
        walked.files.iter().map(|(rel, _)| rel.clone()).collect();
    let repo = RepoFiles {
        root: root.clone(),
        sites: crate::source::site::detect(root, &repo_files),
        site_roots: config
            .documents
            .site_roots
            .iter()
            .map(|r| {
                r.trim()
                    .trim_start_matches("./")
                    .trim_matches('/')
                    .to_string()
            })
            .filter(|r| !r.split('/').any(|p| p == ".."))
            .collect(),
        files: repo_files,
    };
    let mut unreadable = Vec::new();
    for (rel, reason) in walked.errors {
        let shown = if rel.is_empty() { "." } else { rel.as_str() };
        let id = files.add(SourceFile::new(
            shown.into(),
            root.join(&rel),
            String::new(),
        ));
        unreadable.push(
            Diagnostic::at(
                &parse_error::META,
                &Loc::file_start(id),
                format!("cannot read `{shown}`: {reason}; what it holds was not linted"),
            )
            .help("make it readable by the user running ismslint, or list it in .ismslintignore"),
        );
    }
    for (rel, abs) in walked.files {
        let Some(format) = Format::from_path(&rel) else {
            continue;
        };
        if config::FILE_NAMES.iter().any(|n| rel == *n) {
            continue;
        }
        // A report of a previous run (or of this one) is not linted.
        if is_report_name(&rel)
            || opts
                .skip
                .iter()
                .any(|p| p.file_name() == abs.file_name() && same_file(p, &abs))
        {
            continue;
        }
        let mut matching: Vec<&mut ConfiguredSource> = sources
            .iter_mut()
            .filter(|s| s.matcher.is_match(&rel))
            .collect();
        for s in &mut matching {
            s.matched = true;
        }
        let plan = match matching.as_slice() {
            // Every matching source is read: one `sources:` entry per table or sheet. The first
            // one decides what the file as a whole is (a YAML register, a front matter).
            [first, rest @ ..] => Plan {
                sources: matching.iter().map(|s| s.plan.clone()).collect(),
                sheet: if rest.is_empty() {
                    first.plan.sheet.clone()
                } else {
                    None
                },
                // Configured sources decide for the files they name: the other tables of the
                // file are read by their own headers only when an entry says `detect: true`.
                detect_rest: config.auto && matching.iter().any(|s| s.detect),
                ..first.plan.clone()
            },
            [] if config.auto => Plan {
                kind: convention(&rel, format, config.documents.in_folder(&rel)),
                detect_rest: true,
                ..Plan::default()
            },
            [] => continue,
        };
        planned.push(Planned {
            rel,
            abs,
            format,
            plan,
        });
    }

    let unmatched = sources
        .iter()
        .filter(|s| !s.matched)
        .map(|s| s.loc)
        .collect();
    let found = Discovered {
        files,
        planned,
        unreadable,
        unmatched,
    };
    (found, repo)
}

/// The `sources:` entries of config, each a glob and how to read what it matches.
fn configured_sources(config: &Config) -> Vec<ConfiguredSource> {
    config
        .sources
        .iter()
        .filter_map(|s| {
            let matcher = Glob::new(s.path.trim_start_matches("./"))
                .ok()?
                .compile_matcher();
            Some(ConfiguredSource {
                matcher,
                plan: Plan {
                    kind: s.kind,
                    columns: (!s.columns.is_empty()).then(|| Arc::new(s.columns.clone())),
                    header_row: s.header_row,
                    sheet: s.sheet.clone(),
                    split: (!s.split.is_empty()).then(|| Arc::new(s.split.clone())),
                    values: (!s.values.is_empty()).then(|| Arc::new(s.values.clone())),
                    lookup: (!s.aliases.is_empty()).then(|| {
                        let mut l = s.columns.clone();
                        l.extend(s.aliases.iter().cloned());
                        Arc::new(l)
                    }),
                    tables: s.tables.clone(),
                    header: s.header.clone(),
                    // A 2013 edition declared for the whole configuration is every source's.
                    framework: s.framework.clone().or_else(|| {
                        config
                            .framework
                            .clone()
                            .filter(|f| *f == Framework::Iso27001_2013)
                    }),
                    config_loc: Some(s.loc),
                    language: s.language,
                    ..Plan::default()
                },
                loc: s.loc,
                matched: false,
                detect: s.detect,
            })
        })
        .collect()
}

/// Whether two paths name the same file, comparing their folders resolved (the report may not
/// exist yet, so the file itself is compared by name).
fn same_file(a: &Path, b: &Path) -> bool {
    let resolve = |p: &Path| {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let dir = abs
            .parent()
            .map(|d| d.canonicalize().unwrap_or_else(|_| d.to_path_buf()));
        (dir, abs.file_name().map(std::ffi::OsStr::to_os_string))
    };
    resolve(a) == resolve(b)
}
