//! `ismslint.yaml`: discovery, types, and validation with locations. Every error points at its
//! line in the config file; a broken config stops the run (exit 2) before anything is linted.

pub use crate::model::risk_method::{RiskConfig, ScoreMethod};
pub use crate::model::scale;
pub mod learn;
pub mod stated;
mod validate;
pub mod vocab;

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::record::Kind;
use crate::model::values::DateOrder;
use crate::source::{SourceFile, SourceMap};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAMES: [&str; 2] = ["ismslint.yaml", ".ismslint.yaml"];

/// Config errors are not rule findings; they share the diagnostic type so they render the same.
pub static CONFIG_ERROR: RuleMeta = RuleMeta {
    code: "config",
    name: "invalid-config",
    default: Some(Severity::Error),
    summary: "the configuration file is invalid",
    options: &[],
};

#[derive(Debug, Clone)]
pub struct SourceConfig {
    pub path: String,
    pub kind: Option<Kind>,
    pub sheet: Option<String>,
    pub header_row: Option<usize>,
    /// Header as written → canonical field.
    pub columns: Vec<(String, String)>,
    /// Column header → the fields its cell holds, separated by `|`.
    pub split: Vec<(String, Vec<String>)>,
    /// `table: N` (or a list): the tables of a Markdown file this source reads, 1-based.
    pub tables: Vec<usize>,
    /// `header: "Risk ID"`: the source reads the tables whose header has this cell.
    pub header: Option<String>,
    /// `framework:` of this source; `None` = the config's `framework:`, then detection.
    pub framework: Option<crate::model::framework::Framework>,
    /// Location of the entry in the config file, for IN004.
    pub loc: crate::source::Loc,
    /// `detect: true`: tables of the file no configured source reads are still read by their
    /// own headers. Default false: a configured file is read as configured (issue 18 item 3).
    pub detect: bool,
    /// `values: { applicable: { Inc: yes } }`: (field, value as written, value it means),
    /// applied before normalisation (issue 18 item 1).
    pub values: Vec<(String, String, String)>,
    /// `aliases: { applicable: [Inc/Exc] }` under a source: header → field, for this source's
    /// tables only (issue 18 item 2). Precedence: source `columns:` > source aliases > global
    /// `aliases:` > built-in aliases.
    pub aliases: Vec<(String, String)>,
    /// `language: de` under a source: its tables' headers are read as this language, not
    /// detected (issue 13).
    pub language: Option<crate::model::lang::Lang>,
}

/// A rule's level and options from `rules:`.
#[derive(Debug, Clone, Default)]
pub struct RuleSetting {
    /// `Some(None)` = allow (off).
    pub level: Option<Option<Severity>>,
    pub options: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The config file, when one was read.
    pub file: Option<PathBuf>,
    /// The top-level `framework:` (an ISO 27001 edition), when written.
    pub framework: Option<crate::model::framework::Framework>,
    pub sources: Vec<SourceConfig>,
    /// Conventions and content sniffing (default on).
    pub auto: bool,
    pub risk: RiskConfig,
    /// By rule code.
    pub rules: BTreeMap<&'static str, RuleSetting>,
    /// (kind, canonical field, alias).
    pub aliases: Vec<(Kind, String, String)>,
    pub date_order: DateOrder,
    /// `date_order` was written in config: it decides, not a language's convention (issue 13).
    pub date_order_set: bool,
    /// Pattern pack files to add (relative to the config file), with where each is named.
    pub packs: Vec<(String, crate::source::Loc)>,
    /// Patterns to turn off, by `pack/id` or `id`, with where each is named.
    pub disable_patterns: Vec<(String, crate::source::Loc)>,
    pub documents: DocumentsConfig,
    pub waivers: Vec<Waiver>,
    /// `language: de`: every table's header is read as this language, not detected (issue 13);
    /// a source's `language:` wins.
    pub language: Option<crate::model::lang::Lang>,
}

/// An accepted exception recorded in config, for findings that cannot carry a comment.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub rule: &'static str,
    pub entity: Option<String>,
    pub path: Option<globset::GlobMatcher>,
    pub reason: String,
    pub expires: Option<jiff::civil::Date>,
    pub approved_by: Option<String>,
    /// The waiver's entry in the config file.
    pub loc: crate::source::Loc,
}

impl Waiver {
    pub fn matches(&self, code: &str, entity: Option<&str>, path: &str) -> bool {
        code == self.rule
            && self
                .entity
                .as_deref()
                .is_none_or(|e| entity.is_some_and(|x| x.eq_ignore_ascii_case(e)))
            && self.path.as_ref().is_none_or(|p| p.is_match(path))
    }
}

/// Which files are controlled documents and which are templates (DESIGN §6).
#[derive(Debug, Clone)]
pub struct DocumentsConfig {
    /// Folders whose Markdown files are controlled documents, front matter or not.
    pub folders: Vec<String>,
    /// Globs of template files (case-insensitive): not entities, and exempt from the template
    /// wording rules.
    pub templates: Vec<String>,
    /// `templates` compiled once (rules ask for every block of text).
    template_set: std::sync::OnceLock<globset::GlobSet>,
    /// Folders a documentation site serves at `/` (`portal/static`): site-absolute links
    /// (`/policies/x.pdf`) resolve against them, besides the roots of a detected site generator.
    pub site_roots: Vec<String>,
}

/// Template files and folders, matched case-insensitively (`Templates/`, `Policy_Template.md`).
/// A template is not an entity: no rule reads its field values, and the text rules that look
/// for template wording leave it alone (issue 9 item 7).
pub const DEFAULT_TEMPLATES: [&str; 12] = [
    "**/templates/**",
    "**/template/**",
    "**/*-templates/**",
    "**/*_templates/**",
    "**/templates-*/**",
    "**/_template*",
    "**/template-*",
    "**/*_template.*",
    "**/*-template.*",
    "**/*.template.*",
    // `AR-001_Access_Review_Template_v0.1.md`, `supplier-template-v2.md`.
    "**/*_template_*",
    "**/*-template-*",
];

/// Does `rel` match one of `DEFAULT_TEMPLATES`, read by hand: `None` for a path that is not
/// ASCII or holds a line break, which the compiled globs decide. globset makes each of them
/// `(?-u)(?i)^(?:/?|.*/)BODY$` (ASCII case folding; `*` is `.*`, which matches `/` but no
/// `\n`; a trailing `/**` is `/.*`; the `**/` it is also added with adds nothing), so a body
/// that starts with `*` matches wherever its literal is, and the others from the start or
/// after a `/`. Debug builds check every answer against the globs.
fn is_default_template(rel: &str) -> Option<bool> {
    if !rel.is_ascii() || rel.contains('\n') {
        return None;
    }
    // Every default glob holds `template`: most paths are decided without another look.
    let holds = |w: &[u8]| w.eq_ignore_ascii_case(b"template");
    if !rel.as_bytes().windows(8).any(holds) {
        return Some(false);
    }
    let path = rel.to_ascii_lowercase();
    const ANYWHERE: [&str; 7] = [
        "-templates/",
        "_templates/",
        "_template.",
        "-template.",
        ".template.",
        "_template_",
        "-template-",
    ];
    if ANYWHERE.iter().any(|w| path.contains(w)) {
        return Some(true);
    }
    const AT_START: [&str; 4] = ["templates/", "template/", "_template", "template-"];
    let mut starts = std::iter::once(0).chain(path.match_indices('/').map(|(i, _)| i + 1));
    Some(starts.any(|s| {
        let rest = &path[s..];
        AT_START.iter().any(|w| rest.starts_with(w))
            || rest
                .strip_prefix("templates-")
                .is_some_and(|r| r.contains('/'))
    }))
}

impl Default for DocumentsConfig {
    fn default() -> Self {
        DocumentsConfig {
            folders: ["policies", "procedures", "standards", "plans"]
                .map(String::from)
                .to_vec(),
            templates: DEFAULT_TEMPLATES.map(String::from).to_vec(),
            template_set: std::sync::OnceLock::new(),
            site_roots: Vec::new(),
        }
    }
}

impl DocumentsConfig {
    /// Is `rel` a template (not an entity; exempt from the placeholder and template rules)?
    pub fn is_template(&self, rel: &str) -> bool {
        // The default globs cost ~3M instructions to compile (a `regex` set: case-insensitive
        // globs have no cheaper strategy in globset), a tenth of a small run.
        if self.templates.iter().eq(DEFAULT_TEMPLATES.iter())
            && let Some(template) = is_default_template(rel)
        {
            debug_assert_eq!(template, self.template_set().is_match(rel), "{rel:?}");
            return template;
        }
        self.template_set().is_match(rel)
    }

    /// `templates` compiled, on first use.
    fn template_set(&self) -> &globset::GlobSet {
        self.template_set.get_or_init(|| {
            let mut b = globset::GlobSetBuilder::new();
            for g in &self.templates {
                // A bare pattern (`drafts/*`) also matches below the root.
                for pat in [g.clone(), format!("**/{g}")] {
                    if let Ok(glob) = globset::GlobBuilder::new(&pat)
                        .case_insensitive(true)
                        .build()
                    {
                        b.add(glob);
                    }
                }
            }
            b.build().unwrap_or_else(|_| globset::GlobSet::empty())
        })
    }

    pub fn set_templates(&mut self, templates: Vec<String>) {
        self.templates = templates;
        self.template_set = std::sync::OnceLock::new();
    }

    /// Is `rel` in one of the document folders?
    pub fn in_folder(&self, rel: &str) -> bool {
        let dirs = rel.rsplit_once('/').map_or("", |(d, _)| d);
        dirs.split('/')
            .any(|d| self.folders.iter().any(|f| f.trim_matches('/') == d))
            || self.folders.iter().any(|f| {
                let f = f.trim_matches('/');
                f.contains('/') && (dirs == f || dirs.starts_with(&format!("{f}/")))
            })
    }
}

impl Config {
    pub fn defaults() -> Self {
        Config {
            auto: true,
            ..Config::default()
        }
    }

    /// A rule option from config, or the given default.
    pub fn option(&self, code: &str, name: &str, default: f64) -> f64 {
        self.rules
            .get(code)
            .and_then(|s| s.options.get(name))
            .copied()
            .unwrap_or(default)
    }
}

/// Find `ismslint.yaml` in `root` or its parents up to the git root (only `root` itself outside
/// a git repository: a config in a parent folder belongs to someone else). A config that is a
/// symbolic link, a FIFO or a device is an error, not a file to follow or skip.
pub fn discover(root: &Path) -> Result<Option<PathBuf>, String> {
    for dir in crate::source::fsafe::scope_folders(root) {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            let Ok(meta) = std::fs::symlink_metadata(&candidate) else {
                continue;
            };
            if meta.file_type().is_file() {
                return Ok(Some(candidate));
            }
            let what = if meta.file_type().is_symlink() {
                "a symbolic link, which ismslint never follows".to_string()
            } else {
                "not a regular file".to_string()
            };
            return Err(format!(
                "cannot read config {}: it is {what}; replace it with the file itself, or run with --config FILE or --isolated",
                candidate.display()
            ));
        }
    }
    Ok(None)
}

/// Errors from reading config: diagnostics located in the config file (registered in `files`).
pub struct ConfigErrors(pub Vec<Diagnostic>);

/// Read and validate a config file. The file is added to `files` so errors can show snippets.
/// `rules` are the rules it may name (`rules::metas()`): config does not depend on the rules.
pub fn load(
    path: &Path,
    display: String,
    files: &mut SourceMap,
    rules: &[&'static crate::diagnostic::RuleMeta],
) -> Result<Config, Result<ConfigErrors, crate::source::fsafe::ReadError>> {
    let bytes = crate::source::fsafe::read_regular(path, crate::source::fsafe::SIDE_FILE_CAP)
        .map_err(Err)?;
    let (text, _) = crate::source::decode(bytes);
    let id = files.add(SourceFile::new(display, path.to_path_buf(), text));
    let mut config = validate::parse(id, files.get(id), rules).map_err(|e| Ok(ConfigErrors(e)))?;
    config.file = Some(path.to_path_buf());
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand reading of the default globs answers as the globs on paths made of their
    /// pieces, in both cases, at the root and below.
    #[test]
    fn default_templates_read_like_the_globs() {
        let d = DocumentsConfig::default();
        let pieces = [
            "templates",
            "template",
            "Templates",
            "TEMPLATE",
            "x-templates",
            "x_templates",
            "templates-x",
            "_template",
            "template-",
            "a_template.",
            "b-template.",
            ".template.",
            "c_template_",
            "d-template-",
            "templ",
            "x",
            "",
            "-",
            "_",
            ".",
            "/",
            "md",
        ];
        let mut n = 0;
        for a in pieces {
            for b in pieces {
                for c in ["", "/", ".md", "/y.md", "x/"] {
                    for path in [
                        format!("{a}{b}{c}"),
                        format!("{a}/{b}{c}"),
                        format!("/{a}{c}{b}"),
                    ] {
                        let hand = is_default_template(&path).expect("ASCII");
                        assert_eq!(hand, d.template_set().is_match(&path), "{path:?}");
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 7_000);
        assert_eq!(is_default_template("t\u{e9}mplates/x"), None);
        assert_eq!(is_default_template("a\ntemplates/x"), None);
    }

    #[test]
    fn templates_by_folder_and_name_in_any_case() {
        let d = DocumentsConfig::default();
        for t in [
            "Templates/policy.md",
            "docs/templates/soa.csv",
            "docs/07-audit-templates/checklist.md",
            "templates-de/policy.md",
            "policies/access_template.md",
            "reviews/management-review-template.md",
            "forms/template-incident-report.md",
            "_template.md",
            "policies/Policy_Template.MD",
            "x/soa.template.csv",
            "records/AR-001_Access_Review_Template_v0.1_2026-02-07.md",
            "forms/supplier-template-v2.md",
        ] {
            assert!(d.is_template(t), "{t}");
        }
        for not in [
            "policies/access-control.md",
            "soa.md",
            "templating-guide.md",
            "docs/contemplate.md",
        ] {
            assert!(!d.is_template(not), "{not}");
        }
    }
}
