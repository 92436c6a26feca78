//! The pipeline: discover → load (parallel) → normalise → model → rules → policy.

use crate::catalog::Catalog;
use crate::catalog::packs::Packs;
use crate::config::{self, Config};
use crate::diagnostic::policy::{self, Selection};
use crate::diagnostic::{self, Diagnostic};
use crate::model::aliases::FieldTable;
use crate::model::build::{self, BuildCx};
use crate::model::framework::{self, Framework};
use crate::model::{Asset, Control, Document, Evidence, Kind, Model, Owner, RawRecord, Risk};
use crate::parse::{self, Format, LoadCx, Loaded, Plan};
use crate::rules::input::{parse_error, source_not_found};
use crate::rules::{self, Context};
use crate::source::walk::{RepoFiles, convention, walk};
use crate::source::{FileId, Loc, SourceFile, SourceMap};
use globset::{Glob, GlobMatcher};
use jiff::civil::Date;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are not read: no register or policy is this big.
const MAX_FILE_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone)]
pub enum ConfigChoice {
    /// Search the root and its parents up to the git root.
    Discover,
    File(PathBuf),
    Isolated,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub config: ConfigChoice,
    pub today: Date,
    pub selection: Selection,
    /// Files ismslint itself writes in this run (`-o` reports): never linted.
    pub skip: Vec<PathBuf>,
}

/// Report files are not registers or documents, whoever wrote them: a SARIF log, and the
/// `ismslint-report.*` files the README suggests, are never linted.
pub fn is_report_name(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    name.ends_with(".sarif") || name.starts_with("ismslint-report.")
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    pub soa: SoaSummary,
    pub risks: usize,
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct SoaSummary {
    /// Annex A controls that have a row.
    pub covered: usize,
    pub catalogue: usize,
    pub applicable: usize,
    pub excluded: usize,
}

/// What the risk register says about its own methodology (for `ismslint init`).
#[derive(Debug, Default, Clone)]
pub struct MethodologySeen {
    /// Every likelihood and impact value written (inherent and residual).
    pub likelihoods: Vec<f64>,
    pub impacts: Vec<f64>,
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

/// Words by axis, risk rows as (header, text) cells, and how many scores are numbers.
type Seen = (
    Vec<(&'static str, String)>,
    Vec<Vec<(String, String)>>,
    usize,
);

/// The words risk registers score with, by axis, and each risk row's cells.
fn seen_words(records: &[RawRecord], fields: &crate::model::aliases::FieldTable) -> Seen {
    use crate::model::values::{parse_number, placeholder};
    let mut words: Vec<(&'static str, String)> = Vec::new();
    let mut rows = Vec::new();
    let mut score_numbers = 0;
    // Enough rows to learn a method from; a huge register costs no more.
    for r in records.iter().filter(|r| r.kind == Kind::Risk).take(2000) {
        let mut row = Vec::new();
        for f in &r.fields {
            let crate::model::RawValue::Text(t) = &f.value else {
                continue;
            };
            // `🔴 High` is the level `High` (issue 17 item 2).
            let (a, b) = crate::model::values::undecorate(t);
            let t = &t[a..b];
            row.push((f.key.clone(), t.to_string()));
            let canonical = fields.canonical(Kind::Risk, &f.key);
            if matches!(canonical, Some("score" | "residual_score")) && parse_number(t).is_some() {
                score_numbers += 1;
            }
            let axis = match canonical {
                Some("likelihood" | "residual_likelihood") => "likelihood",
                Some("impact" | "residual_impact") => "impact",
                Some("score" | "residual_score" | "level") => "score",
                _ => continue,
            };
            if t.is_empty() || parse_number(t).is_some() || placeholder(t).is_some() {
                continue;
            }
            let key = crate::model::values::norm_key(t);
            if !words
                .iter()
                .any(|(a, w)| *a == axis && crate::model::values::norm_key(w) == key)
            {
                words.push((axis, t.to_string()));
            }
        }
        rows.push(row);
    }
    (words, rows, score_numbers)
}

fn methodology(model: &Model) -> MethodologySeen {
    let mut m = MethodologySeen::default();
    for r in &model.risks {
        for (l, i) in [
            (&r.likelihood, &r.impact),
            (&r.residual_likelihood, &r.residual_impact),
        ] {
            m.likelihoods.extend(l.value());
            m.impacts.extend(i.value());
        }
        if let (Some(s), Some(l), Some(i)) =
            (r.score.value(), r.likelihood.value(), r.impact.value())
        {
            m.product_matches += usize::from(s == l * i);
            m.sum_matches += usize::from(s == l + i);
        }
    }
    m
}

pub struct Outcome {
    pub methodology: MethodologySeen,
    /// The registers found, per file (for `ismslint init`).
    pub detected: Vec<(String, crate::parse::Detected)>,
    /// Files of a register format that no kind matched.
    pub unclassified: Vec<String>,
    pub files: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// What `--verbose` prints: how each file was read, which kinds had no source.
    pub notes: Vec<String>,
    /// The model the rules read and the configuration in force (the HTML report draws them).
    pub model: Model,
    pub config: Config,
}

pub enum EngineError {
    /// The config is invalid: its diagnostics (located in the config file).
    Config(SourceMap, Vec<Diagnostic>),
    Io(String),
}

/// One normalised record, before it is filed into the model.
enum Entity {
    Control(Control),
    Risk(Risk),
    Owner(Owner),
    Document(Document),
    Evidence(Evidence),
    Asset(Asset),
}

/// An entity's kind, file and ID, to find registers kept twice in two languages.
fn entity_key(e: &Entity) -> (Kind, crate::source::FileId, String) {
    let text = |f: &crate::model::Field<String>| f.get().cloned().unwrap_or_default();
    match e {
        Entity::Control(c) => (
            Kind::Control,
            c.loc.file,
            c.id.get().map(|r| r.id().to_string()).unwrap_or_default(),
        ),
        Entity::Risk(r) => (Kind::Risk, r.loc.file, text(&r.id)),
        Entity::Owner(o) => (Kind::Owner, o.loc.file, text(&o.id)),
        Entity::Document(d) => (Kind::Document, d.loc.file, text(&d.id)),
        Entity::Evidence(v) => (Kind::Evidence, v.loc.file, text(&v.id)),
        Entity::Asset(a) => (Kind::Asset, a.loc.file, text(&a.id)),
    }
}

struct ConfiguredSource {
    matcher: GlobMatcher,
    plan: Plan,
    loc: Loc,
    matched: bool,
    detect: bool,
}

pub fn run(opts: &Options) -> Result<Outcome, EngineError> {
    let started = std::time::Instant::now();
    let mut timings: Vec<(&str, std::time::Duration)> = Vec::new();
    let mut lap = started;
    let mut mark = |name: &'static str, timings: &mut Vec<(&str, std::time::Duration)>| {
        let now = std::time::Instant::now();
        timings.push((name, now - lap));
        lap = now;
    };
    let root = &opts.root;
    check_root(root)?;
    let mut files = SourceMap::default();
    let config = load_config(opts, &mut files)?;
    let packs = load_packs(opts, &config, &mut files)?;
    let mut fields = FieldTable::builtin();
    for (kind, field, alias) in &config.aliases {
        fields.add_alias(*kind, field, alias);
    }

    let mut sources: Vec<ConfiguredSource> = config
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
                    config_loc: Some(s.loc.clone()),
                    language: s.language,
                    ..Plan::default()
                },
                loc: s.loc.clone(),
                matched: false,
                detect: s.detect,
            })
        })
        .collect();

    // Discover.
    let mut planned: Vec<(String, PathBuf, Format, Plan)> = Vec::new();
    let walked = walk(root);
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
                kind: convention(&rel, format, &config.documents),
                detect_rest: true,
                ..Plan::default()
            },
            [] => continue,
        };
        planned.push((rel, abs, format, plan));
    }

    mark("discover", &mut timings);
    // Load, in parallel; file IDs are assigned in discovery order so output is deterministic.
    let base = files.len();
    let load_cx = LoadCx {
        fields: &fields,
        language: config.language,
    };
    let loaded: Vec<(SourceFile, Loaded)> = planned
        .par_iter()
        .enumerate()
        .map(|(i, (rel, abs, format, plan))| load_file(base + i, rel, abs, *format, plan, &load_cx))
        .collect();

    mark("load", &mut timings);
    let mut diagnostics = unreadable;
    let mut notes = Vec::new();
    let mut records: Vec<RawRecord> = Vec::new();
    let mut text = crate::model::graph::TextIndex::default();
    let mut detected = Vec::new();
    let mut unclassified = Vec::new();
    let mut sourced: std::collections::BTreeSet<Kind> = Default::default();
    let mut soa_tried = Vec::new();
    let mut file_langs = std::collections::HashMap::new();
    let knowledge_base = crate::model::knowledge_base::is_knowledge_base(
        loaded.iter().filter_map(|(_, l)| l.page_kind.as_ref()),
    );
    for ((file, mut loaded), (_, _, _, plan)) in loaded.into_iter().zip(&planned) {
        keep_27001_entities(&file.path, plan, &config, &fields, &mut loaded);
        if knowledge_base && let Some(n) = crate::model::knowledge_base::drop_editorial(&mut loaded)
        {
            loaded.notes.push(n);
        }
        if let Some(why) = soa_attempt(plan, &loaded) {
            soa_tried.push((file.path.clone(), why));
        }
        for n in &loaded.notes {
            notes.push(format!("{}: {n}", file.path));
        }
        for (id, lang) in &loaded.languages {
            // A file of tables in several languages counts as its first non-English one.
            let l = file_langs.entry(*id).or_insert(*lang);
            if *l == crate::model::lang::Lang::En {
                *l = *lang;
            }
        }
        for d in loaded.detected {
            detected.push((file.path.clone(), d));
        }
        let register_format = matches!(
            Format::from_path(&file.path),
            Some(Format::Yaml | Format::Csv | Format::Tsv | Format::Sheet)
        );
        if register_format
            && loaded.records.is_empty()
            && loaded.diagnostics.is_empty()
            && !config.documents.is_template(&file.path)
        {
            unclassified.push(file.path.clone());
        }
        // A configured register counts as a source of its kind even when it is empty; a
        // template or another framework's register does not, nor one that could not be read
        // (its IN001/IN004 is the finding, not every reference to what it would have held).
        let unread = loaded.diagnostics.iter().any(|d| {
            d.rule.code == parse_error::META.code || d.rule.code == source_not_found::META.code
        });
        if !config.documents.is_template(&file.path) && !unread {
            sourced.extend(
                plan.sources
                    .iter()
                    .filter(|p| p.framework.as_ref().is_none_or(Framework::is_27001))
                    .filter_map(|p| p.kind),
            );
        }
        files.add(file);
        diagnostics.extend(loaded.diagnostics);
        text.prose.extend(loaded.prose);
        text.links.extend(loaded.links);
        if let Some(a) = loaded.anchors {
            text.headings.insert(a.file, a.headings);
            text.anchors.insert(a.file, a.slugs);
        }
        if let Some(m) = loaded.doc_meta {
            text.doc_meta.insert(m.file, m);
        }
        sourced.extend(loaded.records.iter().map(|r| r.kind));
        records.extend(loaded.records);
    }
    for s in &sources {
        if !s.matched {
            diagnostics.push(
                Diagnostic::at(&source_not_found::META, &s.loc, "this configured source matches no file")
                    .label("matches nothing")
                    .help("correct the `path` (globs are relative to the linted root), or remove the entry"),
            );
        }
    }
    for kind in Kind::ALL {
        if !sourced.contains(&kind) {
            notes.push(format!(
                "no source of kind {kind}: references to it are not checked"
            ));
        }
    }

    // The risk method the repository's own methodology states, where config says nothing
    // (issue 17).
    let (seen, risk_rows, score_numbers) = seen_words(&records, &fields);
    let mut config = config;
    let stated = crate::config::stated::read(&files);
    // Word scales first: a register written in words is scored on the scale the methodology
    // draws, as if config had said it.
    let words_seen = MethodologySeen {
        words: seen,
        score_numbers,
        ..MethodologySeen::default()
    };
    notes.extend(crate::config::stated::apply_words(
        &words_seen,
        &files,
        &stated,
        &mut config.risk,
    ));
    let seen = words_seen.words;
    notes.extend(crate::config::stated::apply(&stated, &mut config.risk));
    let config = config;
    // Normalise and build the model.
    let bcx = BuildCx {
        fields: &fields,
        date_order: config.date_order_set.then_some(config.date_order),
        risk: &config.risk,
        languages: &file_langs,
    };
    let mut model = Model::default();
    model.sourced = sourced;
    model.soa_tried = soa_tried;
    model.text = text;
    // Each record is normalised on its own, so this runs in parallel; order is preserved.
    let mut built: Vec<(Entity, build::Out)> = records
        .par_iter()
        .map(|raw| {
            let mut out = build::Out::default();
            let entity = match raw.kind {
                Kind::Control => Entity::Control(build::control(raw, &bcx, &mut out)),
                Kind::Risk => Entity::Risk(build::risk(raw, &bcx, &mut out)),
                Kind::Owner => Entity::Owner(build::owner(raw, &bcx, &mut out)),
                Kind::Document => Entity::Document(build::document(raw, &bcx, &mut out)),
                Kind::Evidence => Entity::Evidence(build::evidence(raw, &bcx, &mut out)),
                Kind::Asset => Entity::Asset(build::asset(raw, &bcx, &mut out)),
            };
            (entity, out)
        })
        .collect();
    // A column whose cells mostly cannot be read is one finding (issue 17 item 2).
    {
        let mut diags: Vec<Vec<Diagnostic>> = built
            .iter_mut()
            .map(|(_, out)| std::mem::take(&mut out.diagnostics))
            .collect();
        crate::model::unreadable::group_columns(&records, &mut diags, &fields, &files);
        for ((_, out), d) in built.iter_mut().zip(diags) {
            out.diagnostics = d;
        }
    }
    // Which files had a numeric date read by their language's convention (issue 13): once
    // per file in `-v`.
    let mut conventions: Vec<(FileId, crate::model::lang::Lang, String)> = built
        .iter_mut()
        .flat_map(|(_, out)| std::mem::take(&mut out.conventions))
        .collect();
    conventions.sort_by_key(|(f, ..)| *f);
    conventions.dedup_by_key(|(f, ..)| *f);
    for (file, lang, example) in conventions {
        notes.push(format!(
            "{}: `{example}` and dates like it read day first, the {} convention (the file's labels or headers are {}); set `date_order` in ismslint.yaml to decide otherwise",
            files.get(file).path,
            lang.name(),
            lang.name()
        ));
    }
    // A register kept twice in two languages: the copy is not read again (issue 13). A
    // document's language is that of its metadata labels (`Dokumenteigentümer`, `Versão`).
    for (file, meta) in &model.text.doc_meta {
        let labels: Vec<&str> = meta.statements.iter().map(|s| s.label.as_str()).collect();
        let (lang, matched, _) = crate::model::words::detect(&labels);
        if lang != crate::model::lang::Lang::En && matched >= 2 {
            file_langs.entry(*file).or_insert(lang);
        }
    }
    // A page that says its language: `lang: de` in its front matter, or a name like
    // `checklist.de.md`, `de.md` (a knowledge base kept in two languages, issue 18 review).
    for (e, _) in &built {
        let (kind, file, _) = entity_key(e);
        if kind == Kind::Document
            && let Some(lang) = declared_language(&files.get(file).path, &files.get(file).text)
        {
            file_langs.entry(file).or_insert(lang);
        }
    }
    let translated = {
        // Register rows only: a treatment plan in another language joins its register.
        let keys: Vec<(Kind, crate::source::FileId, String)> = built
            .iter()
            .zip(&records)
            .filter(|(_, raw)| raw.role == crate::model::record::Role::Register)
            .map(|((e, _), _)| entity_key(e))
            .collect();
        crate::model::translation::translated(&keys, &file_langs)
    };
    for ((kind, copy), original) in &translated {
        let lang = file_langs
            .get(copy)
            .map_or("another language", |l| l.name());
        notes.push(format!(
            "{}: its {kind} records repeat those of {} in {lang}: read as a translation, not again",
            files.get(*copy).path,
            files.get(*original).path
        ));
    }
    for ((entity, out), raw) in built.into_iter().zip(&records) {
        let (kind, file, _) = entity_key(&entity);
        if raw.role == crate::model::record::Role::Register
            && translated.contains_key(&(kind, file))
        {
            continue;
        }
        diagnostics.extend(out.diagnostics);
        model.text.placeholders.extend(out.placeholders);
        match entity {
            Entity::Control(c) => model.controls.push(c),
            Entity::Risk(r) => model.risks.push(r),
            Entity::Owner(o) => model.owners.push(o),
            Entity::Document(d) => model.documents.push(d),
            Entity::Evidence(e) => model.evidence.push(e),
            Entity::Asset(a) => model.assets.push(a),
        }
    }
    // SoA excerpts quoted in other documents add nothing to the SoA (issue 18 item 3).
    let (excerpt_notes, excerpt_conflicts) =
        crate::model::merge::excerpts(&mut model.controls, &files);
    notes.extend(excerpt_notes);
    // Rows of SoA summaries (exclusions, traceability) join their controls' rows.
    crate::model::merge::partial_rows(&mut model.controls);
    // Records of one ID in several tables are one record where they agree (issue 17).
    model.conflicts = crate::model::merge::join_controls(&mut model.controls);
    model.conflicts.extend(excerpt_conflicts);
    let risk_conflicts = crate::model::merge::join_risks(&mut model.risks);
    model.conflicts.extend(risk_conflicts);
    // Freeing millions of small strings takes a while; nothing waits for it.
    std::thread::spawn(move || drop(records));
    model.index();
    mark("model", &mut timings);

    let catalog = Catalog::builtin();
    let cx = Context {
        model: &model,
        catalog: &catalog,
        config: &config,
        today: opts.today,
        files: &files,
        repo: &repo,
        packs: &packs,
    };
    let (found, mut rule_timings) = rules::run(&cx, |m| {
        policy::level(m, &config, &opts.selection).is_some()
    });
    diagnostics.extend(found);
    soa_row_entities(&model, &files, &mut diagnostics);
    rule_timings.sort_by_key(|t| std::cmp::Reverse(t.1));
    let slowest: Vec<String> = rule_timings
        .iter()
        .take(3)
        .map(|(code, d)| format!("{code} {:.1} ms", d.as_secs_f64() * 1000.0))
        .collect();
    mark("rules", &mut timings);
    let diagnostics = policy::apply(diagnostics, &config, &opts.selection);
    // Suppressions and waivers act on the findings as configured; what they add (ISM001–003)
    // goes through the policy too.
    let enabled = |code: &str| {
        rules::find(code).is_some_and(|m| policy::level(m, &config, &opts.selection).is_some())
    };
    let diagnostics = crate::diagnostic::suppress::apply(
        diagnostics,
        &files,
        &config.waivers,
        opts.today,
        &enabled,
    );
    // One defect, one finding: what was reported per entity and is not hidden is merged now.
    let mut diagnostics =
        diagnostic::group::merge(policy::apply(diagnostics, &config, &opts.selection));
    diagnostic::sort(&mut diagnostics, &files);
    mark("sort", &mut timings);
    // Timings vary run to run: they go to the verbose notes on stderr, never into the output.
    let spent: Vec<String> = timings
        .iter()
        .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0))
        .collect();
    notes.push(format!("slowest rules: {}", slowest.join(", ")));
    notes.push(format!(
        "timings: {} (total {:.1} ms)",
        spent.join(", "),
        started.elapsed().as_secs_f64() * 1000.0
    ));

    files.anchors = anchors(&files, &config, &model, base);
    let summary = summarise(&diagnostics, &files, base, &model, &catalog);
    Ok(Outcome {
        methodology: MethodologySeen {
            words: seen,
            rows: risk_rows,
            score_numbers,
            ..methodology(&model)
        },
        detected,
        unclassified,
        files,
        diagnostics,
        summary,
        notes,
        model,
        config,
    })
}

/// What the ISO 27001 rules must not read is dropped once a file is loaded (issue 9 items 7–8):
/// a template is not an entity (its text is still prose and its links are still links, but no
/// rule reads its field values); a file whose every source declares another framework holds no
/// 27001 entity; an SoA row whose ID names another framework (`42001:A.6.2.4`) is not a 27001
/// control.
/// Why a file named like an SoA (or titled one) gave no control, if it did not.
fn soa_attempt(plan: &Plan, loaded: &Loaded) -> Option<String> {
    if loaded.records.iter().any(|r| r.kind == Kind::Control) {
        return None;
    }
    if let Some(why) = &loaded.soa_tried {
        return Some(why.clone());
    }
    if plan.kind != Some(Kind::Control) {
        return None;
    }
    let skipped = loaded
        .notes
        .iter()
        .rev()
        .find(|n| n.contains("skipped") || n.contains("not read") || n.contains("dropped"));
    Some(match skipped {
        Some(n) => n.clone(),
        None if loaded.diagnostics.is_empty() => "it holds no table or list of controls".into(),
        None => format!("it could not be read ({})", loaded.diagnostics[0].rule.code),
    })
}

fn keep_27001_entities(
    path: &str,
    plan: &Plan,
    config: &Config,
    fields: &FieldTable,
    loaded: &mut Loaded,
) {
    if loaded.records.is_empty() {
        return;
    }
    if config.documents.is_template(path) {
        loaded.notes.push(format!(
            "a template (`documents.templates`): not an entity, no rule reads its fields ({} record(s) dropped); its text and links are still read",
            loaded.records.len()
        ));
        loaded.records.clear();
        loaded.detected.clear();
        return;
    }
    let other = plan.sources.iter().find_map(|p| match &p.framework {
        Some(Framework::Other(name)) => Some(name.clone()),
        _ => None,
    });
    if let Some(name) = other
        && plan
            .sources
            .iter()
            .all(|p| p.framework.as_ref().is_some_and(|f| !f.is_27001()))
    {
        loaded.notes.push(format!(
            "framework `{name}` (config): not read by the ISO 27001 rules ({} record(s) dropped)",
            loaded.records.len()
        ));
        loaded.records.clear();
        loaded.detected.clear();
        return;
    }
    let before = loaded.records.len();
    let mut seen = None;
    loaded.records.retain(|r| {
        let prefix = (r.kind == Kind::Control)
            .then(|| framework::record_id(r, fields))
            .flatten()
            .and_then(framework::reference_prefix);
        if let Some(p) = prefix {
            seen.get_or_insert(p);
        }
        prefix.is_none()
    });
    if let Some(name) = seen {
        loaded.notes.push(format!(
            "{} rows whose ID names another framework ({name}) are not ISO 27001 controls",
            before - loaded.records.len()
        ));
    }
}

/// A finding on an SoA row or cell is about that control, whatever rule made it (a template
/// sentence in a justification, an unreadable status): its entity is the control's ID, so JSON,
/// fingerprints, baselines and waivers (`entity: A.8.28`) name the control, not the file. Grouped
/// findings (SOA002's missing controls, a column missing for the whole SoA) keep their own.
fn soa_row_entities(model: &Model, files: &SourceMap, diags: &mut [Diagnostic]) {
    use std::collections::HashMap;
    let mut rows: HashMap<FileId, Vec<(usize, usize, &str)>> = HashMap::new();
    let mut cells: HashMap<(FileId, &str, u32), &str> = HashMap::new();
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
        .filter(|l| l.file < files.len());
        for l in locs {
            match &l.cell {
                Some(cell) => {
                    cells
                        .entry((l.file, cell.sheet.as_str(), cell.row))
                        .or_insert(id);
                }
                None => {
                    let file = files.get(l.file);
                    let start = file.line_range(file.line_index(l.start)).start;
                    let end = file.line_range(file.line_index(l.end)).end;
                    rows.entry(l.file).or_default().push((start, end, id));
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
                e == files.get(loc.file).path || documents.get(&loc.file).is_some_and(|id| *id == e)
            }
        };
        if !replaceable {
            continue;
        }
        let id = match &loc.cell {
            Some(cell) => cells
                .get(&(loc.file, cell.sheet.as_str(), cell.row))
                .copied(),
            None => rows.get(&loc.file).and_then(|r| {
                // The narrowest line range of a control that holds the finding's start.
                let n = r.partition_point(|&(start, _, _)| start <= loc.start);
                r[..n]
                    .iter()
                    .rev()
                    .take(64)
                    .filter(|&&(start, end, _)| {
                        loc.start >= start && loc.start < end.max(start + 1)
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

/// Where formats that need a file (SARIF, GitLab) place a finding about the repository as a
/// whole, best first: the config file, the file holding most of the SoA, the first file linted.
fn anchors(files: &SourceMap, config: &Config, model: &Model, base: usize) -> Vec<FileId> {
    let config_file = config
        .file
        .as_ref()
        .and_then(|path| files.iter().find(|(_, f)| &f.abs == path).map(|(id, _)| id));
    let mut per_file: std::collections::BTreeMap<FileId, usize> = Default::default();
    for c in &model.controls {
        *per_file.entry(c.loc.file).or_default() += 1;
    }
    let soa = per_file
        .iter()
        .max_by_key(|(f, n)| (**n, usize::MAX - **f))
        .map(|(f, _)| *f);
    let first = (base < files.len()).then_some(base);
    config_file.into_iter().chain(soa).chain(first).collect()
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

/// The linted root must be a folder we can list: anything else ends the run (exit 2).
fn check_root(root: &Path) -> Result<(), EngineError> {
    let shown = root.display();
    match std::fs::symlink_metadata(root) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(EngineError::Io(format!("{shown} does not exist")));
        }
        Ok(m) if !m.is_dir() && !root.is_dir() => {
            return Err(EngineError::Io(format!("{shown} is not a directory")));
        }
        _ => {}
    }
    std::fs::read_dir(root).map(drop).map_err(|e| {
        EngineError::Io(format!(
            "cannot read {shown}: {}",
            crate::source::fsafe::io_reason(&e)
        ))
    })
}

/// The built-in packs, plus the packs config adds, less the patterns it disables.
fn load_packs(
    opts: &Options,
    config: &Config,
    files: &mut SourceMap,
) -> Result<Packs, EngineError> {
    let mut packs = Packs::builtin();
    let base = config
        .file
        .as_ref()
        .and_then(|f| f.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    // Packs come from the repository's own files: under the linted root, or beside a config
    // file the user named on the command line.
    let named = matches!(opts.config, ConfigChoice::File(_)).then_some(base.as_path());
    let allowed: Vec<&Path> = std::iter::once(opts.root.as_path()).chain(named).collect();
    let mut errors = Vec::new();
    for (rel, loc) in &config.packs {
        let read = crate::source::fsafe::confine(rel, &base, &allowed).and_then(|path| {
            crate::source::fsafe::read_regular(&path, crate::source::fsafe::SIDE_FILE_CAP)
                .map(|bytes| (path, bytes))
                .map_err(|e| e.to_string())
        });
        let (path, bytes) = match read {
            Ok(x) => x,
            Err(reason) => {
                errors.push(
                    Diagnostic::at(
                        &crate::config::CONFIG_ERROR,
                        loc,
                        format!("cannot read pack `{rel}`: {reason}"),
                    )
                    .help(
                        "pack paths are relative to the config file and stay inside the repository",
                    ),
                );
                continue;
            }
        };
        let (text, _) = crate::source::decode(&bytes);
        let id = files.add(SourceFile::new(rel.clone(), path, text));
        if let Err(e) = packs.add(id, files.get(id)) {
            errors.extend(e);
        }
    }
    let names = packs.names();
    for (name, loc) in &config.disable_patterns {
        if !names.contains(name) {
            let help = crate::model::values::did_you_mean(name, names.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"));
            let mut d = Diagnostic::at(
                &crate::config::CONFIG_ERROR,
                loc,
                format!("no pattern `{name}` to disable"),
            );
            d.help = help;
            errors.push(d);
        }
    }
    if !errors.is_empty() {
        return Err(EngineError::Config(std::mem::take(files), errors));
    }
    packs.disable(
        &config
            .disable_patterns
            .iter()
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>(),
    );
    Ok(packs)
}

fn load_config(opts: &Options, files: &mut SourceMap) -> Result<Config, EngineError> {
    let path = match &opts.config {
        ConfigChoice::Isolated => return Ok(Config::defaults()),
        ConfigChoice::File(p) => Some(p.clone()),
        ConfigChoice::Discover => config::discover(&opts.root).map_err(EngineError::Io)?,
    };
    let Some(path) = path else {
        return Ok(Config::defaults());
    };
    let display = path
        .strip_prefix(&opts.root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| path.to_string_lossy().into_owned());
    match config::load(&path, display, files) {
        Ok(c) => Ok(c),
        Err(Ok(errors)) => Err(EngineError::Config(std::mem::take(files), errors.0)),
        Err(Err(e)) => Err(EngineError::Io(format!(
            "cannot read config {}: {e}",
            path.display()
        ))),
    }
}

fn load_file(
    id: usize,
    rel: &str,
    abs: &Path,
    format: Format,
    plan: &Plan,
    cx: &LoadCx,
) -> (SourceFile, Loaded) {
    let mut loaded = Loaded::default();
    let fail = |message: String, loaded: &mut Loaded| {
        loaded.diagnostics.push(
            Diagnostic::at(&parse_error::META, &Loc::file_start(id), message)
                .help("fix or remove the file, or list it in .ismslintignore"),
        );
    };
    let empty = || SourceFile::new(rel.into(), abs.into(), String::new());
    let bytes = match crate::source::fsafe::read_regular(abs, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(crate::source::fsafe::ReadError::TooLarge { size, .. }) => {
            fail(
                format!("file is too large to lint ({} MiB)", size >> 20),
                &mut loaded,
            );
            return (empty(), loaded);
        }
        Err(e) => {
            fail(format!("cannot read file: {e}"), &mut loaded);
            return (empty(), loaded);
        }
    };
    if format == Format::Sheet {
        let mut file = empty();
        let mut loaded = crate::parse::sheet::load(id, &file, &bytes, plan, cx);
        file.cells = std::mem::take(&mut loaded.cells).into_iter().collect();
        return (file, loaded);
    }
    // UTF-16 text is full of NUL bytes: it is text all the same.
    if !crate::source::is_utf16(&bytes) && bytes[..bytes.len().min(8192)].contains(&0) {
        fail("this is a binary file, not text".into(), &mut loaded);
        return (empty(), loaded);
    }
    let (text, decoded) = crate::source::decode(&bytes);
    drop(bytes);
    let file = SourceFile::new(rel.into(), abs.into(), text);
    let mut loaded = parse::load(id, &file, format, plan, cx);
    if let Some(note) = decoded.note() {
        loaded.notes.push(note.into());
    }
    (file, loaded)
}

fn summarise(
    diags: &[Diagnostic],
    files: &SourceMap,
    base: usize,
    model: &Model,
    catalog: &Catalog,
) -> Summary {
    use crate::diagnostic::Severity;
    let covered = catalog
        .controls
        .iter()
        .filter(|c| model.soa_row(&c.id).is_some())
        .count();
    let rows = crate::rules::soa::control_rows(model, catalog).map(|(c, _)| c);
    let (applicable, excluded) = rows.fold((0, 0), |(a, e), c| {
        (
            a + usize::from(c.is_applicable()),
            e + usize::from(c.is_excluded()),
        )
    });
    Summary {
        errors: diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        warnings: diags
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
        files: files.len() - base,
        soa: SoaSummary {
            covered,
            catalogue: catalog.controls.len(),
            applicable,
            excluded,
        },
        risks: model.risks.len(),
    }
}

/// The language a Markdown page declares: `lang:`/`language:` in its front matter, else a
/// language code as its file name (`de.md`) or its last suffix (`terms.de.md`).
fn declared_language(path: &str, text: &str) -> Option<crate::model::lang::Lang> {
    use crate::model::lang::Lang;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(rest) = body.strip_prefix("---") {
        for line in rest.lines().skip(1).take(40) {
            if line.trim_end() == "---" {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && matches!(k.trim().to_ascii_lowercase().as_str(), "lang" | "language")
                && let Some(l) = Lang::from_word(v.trim().trim_matches(['"', '\'']))
            {
                return Some(l);
            }
        }
    }
    let name = path.rsplit('/').next()?;
    let stem = name.strip_suffix(".md")?;
    let code = stem.rsplit('.').next()?;
    (code.len() == 2).then(|| Lang::from_word(code)).flatten()
}
