//! Load: read and parse every planned file (in parallel, per file), keep what the ISO 27001 rules
//! read, and gather records, text and notes in discovery order.

use super::configure::Setup;
use super::discover::{Discovered, Planned};
use super::entities::{FileRecords, Records, SeenRows};
use super::{Ledger, MethodologySeen};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::aliases::FieldTable;
use crate::model::framework::{self, Framework};
use crate::model::graph::TextIndex;
use crate::model::lang::Lang;
use crate::model::{Kind, RawRecord};
use crate::parse::{self, Format, LoadCx, Loaded, Plan};
use crate::rules::input::{parse_error, source_not_found};
use crate::source::{FileId, Loc, MAX_FILE_BYTES, SourceFile};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// load → model: what the files hold, in file order.
pub(super) struct Inputs {
    pub ledger: Ledger,
    /// Each file's records, built into entities as it was read or kept, in file order.
    pub records: Vec<FileRecords>,
    /// The files read (to parse a file's risks again if the method the repository states
    /// reads them otherwise than the method they were built with).
    pub planned: Vec<Planned>,
    /// Prose, links, headings and document metadata of every file.
    pub text: TextIndex,
    /// The kinds some file is a source of.
    pub sourced: BTreeSet<Kind>,
    /// Files named or titled like an SoA that gave no control, and why.
    pub soa_tried: Vec<(String, String)>,
    /// The language of each file's tables.
    pub file_langs: HashMap<FileId, Lang>,
}

/// Files are read, parsed and their records built into entities independently (rayon), then
/// gathered in discovery order.
pub(super) fn load(found: Discovered, setup: &Setup) -> Inputs {
    let Discovered {
        mut files,
        planned,
        unreadable,
        unmatched,
    } = found;
    let (config, fields) = (&setup.config, &setup.fields);
    // Load, in parallel; file IDs are assigned in discovery order so output is deterministic.
    let base = files.len();
    let load_cx = LoadCx {
        fields,
        language: config.language,
    };
    let warmup = crate::rules::doc::FilterWarmup::new(&setup.packs);
    let seen_rows = SeenRows::new(planned.len());
    let load_one = |i: usize| {
        let p = &planned[i];
        let (mut file, mut loaded) =
            load_file(base + i, &p.rel, &p.abs, p.format, &p.plan, &load_cx);
        warmup.read(crate::rules::doc::prose_bytes(&loaded.prose));
        keep_27001_entities(&file.path, &p.plan, config, fields, &mut loaded);
        let built = build_now(&file, &mut loaded, p.format, setup, (&seen_rows, i));
        if built.is_some() && text_unread(p.format, &file, &loaded) {
            file.release_text();
        }
        (file, loaded, built)
    };
    // Both waves' results in one vector, put back in discovery order in place: a second vector
    // of every file's results (about 1 KB a file) cost synth 3 MB of peak.
    let mut done: Vec<(usize, FileLoad)> = Vec::with_capacity(planned.len());
    for wave in big_first(&planned) {
        done.par_extend(wave.par_iter().map(|&i| (i, load_one(i))));
    }
    done.sort_unstable_by_key(|(i, _)| *i);
    // Collected in place (the same allocation): the index is dropped from each element.
    let loaded: Vec<FileLoad> = done.into_iter().map(|(_, one)| one).collect();

    let mut diagnostics = unreadable;
    let mut notes = Vec::new();
    let mut records: Vec<FileRecords> = Vec::new();
    let mut text = crate::model::graph::TextIndex::default();
    let mut detected = Vec::new();
    let mut unclassified = Vec::new();
    let mut sourced: std::collections::BTreeSet<Kind> = Default::default();
    let mut soa_tried = Vec::new();
    let mut file_langs = std::collections::HashMap::new();
    let knowledge_base = super::knowledge_base::is_knowledge_base(
        loaded.iter().filter_map(|(_, l, _)| l.page_kind.as_ref()),
    );
    for ((file, mut loaded, built), Planned { plan, .. }) in loaded.into_iter().zip(&planned) {
        if knowledge_base && let Some(n) = super::knowledge_base::drop_editorial(&mut loaded) {
            loaded.notes.push(n);
        }
        // A file built as it was read has handed its records over; a kept one still holds them.
        let file_records = built.unwrap_or(Records::Kept(std::mem::take(&mut loaded.records)));
        let kinds: BTreeSet<Kind> = match &file_records {
            Records::Built(b, _) => b.records.iter().map(|(k, _)| *k).collect(),
            Records::Kept(r) => r.iter().map(|r| r.kind).collect(),
        };
        if let Some(why) = soa_attempt(plan, &loaded, kinds.contains(&Kind::Control)) {
            soa_tried.push((file.path.clone(), why));
        }
        for n in &loaded.notes {
            notes.push(format!("{}: {n}", file.path));
        }
        add_languages(&mut file_langs, &loaded.languages);
        for d in loaded.detected {
            detected.push((file.path.clone(), d));
        }
        let register_format = matches!(
            Format::from_path(&file.path),
            Some(Format::Yaml | Format::Csv | Format::Tsv | Format::Sheet)
        );
        if register_format
            && kinds.is_empty()
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
        append(&mut text.prose, loaded.prose);
        append(&mut text.links, loaded.links);
        if let Some(a) = loaded.anchors {
            text.headings.insert(a.file, a.headings);
            text.anchors.insert(a.file, a.slugs);
        }
        if let Some(m) = loaded.doc_meta {
            text.doc_meta.insert(m.file, m);
        }
        sourced.extend(kinds);
        records.push(FileRecords {
            file: files.len() - 1,
            records: file_records,
        });
    }
    for loc in &unmatched {
        diagnostics.push(
            Diagnostic::at(
                &source_not_found::META,
                loc,
                "this configured source matches no file",
            )
            .label("matches nothing")
            .help(
                "correct the `path` (globs are relative to the linted root), or remove the entry",
            ),
        );
    }
    for kind in Kind::ALL {
        if !sourced.contains(&kind) {
            notes.push(format!(
                "no source of kind {kind}: references to it are not checked"
            ));
        }
    }
    let ledger = Ledger {
        files,
        base,
        diagnostics,
        notes,
        detected,
        unclassified,
        seen: MethodologySeen::default(),
    };
    Inputs {
        ledger,
        records,
        planned,
        text,
        sourced,
        soa_tried,
        file_langs,
    }
}

/// Add a file's items to what the files before it gave. The first file's vector is taken
/// whole: a one-register repository (a million-row table) is not copied into a second vector
/// of the same size while the first is still held.
fn append<T>(all: &mut Vec<T>, items: Vec<T>) {
    if all.is_empty() {
        *all = items;
    } else {
        all.extend(items);
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
        let mut loaded = crate::parse::sheet::load(id, &mut file, &bytes, plan, cx);
        file.cells = std::mem::take(&mut loaded.cells).into_iter().collect();
        return (file, loaded);
    }
    // UTF-16 text is full of NUL bytes: it is text all the same.
    if !crate::source::is_utf16(&bytes) && bytes[..bytes.len().min(8192)].contains(&0) {
        fail("this is a binary file, not text".into(), &mut loaded);
        return (empty(), loaded);
    }
    let (text, decoded) = crate::source::decode(bytes);
    let file = SourceFile::new(rel.into(), abs.into(), text);
    let mut loaded = parse::load(id, &file, format, plan, cx);
    if let Some(note) = decoded.note() {
        loaded.notes.push(note.into());
    }
    (file, loaded)
}

/// Add the languages a file's tables were read in: a file of tables in several languages counts
/// as its first non-English one. The load's gathering and the build of a file as it is read
/// (`build_now`) must decide alike.
fn add_languages(into: &mut HashMap<FileId, Lang>, found: &[(FileId, Lang)]) {
    for (id, lang) in found {
        let l = into.entry(*id).or_insert(*lang);
        if *l == Lang::En {
            *l = *lang;
        }
    }
}

/// Nothing reads a register's text once its records are built, but a finding placed in it
/// (then it is read again, `SourceFile::text`): no prose, link, heading or metadata of the file
/// points into it, it is no methodology document (`config::stated` reads those), and it holds no
/// `ismslint` comment (`engine::suppress` reads those). Markdown and workbooks are never
/// released. Peak RSS: 100 units 322 -> 273 MB, synth 164 -> 138 MB.
fn text_unread(format: Format, file: &SourceFile, loaded: &Loaded) -> bool {
    matches!(format, Format::Yaml | Format::Csv | Format::Tsv)
        && loaded.prose.is_empty()
        && loaded.links.is_empty()
        && loaded.anchors.is_none()
        && loaded.doc_meta.is_none()
        && !crate::config::stated::methodology_file(&file.path)
        && !file.text().contains(crate::engine::suppress::MARKER)
}

/// A file as the load leaves it: its text, what parsing it found, its records (built or kept).
type FileLoad = (SourceFile, Loaded, Option<Records>);

/// A file at least this big is loaded before the others (`big_first`).
const BIG_BYTES: u64 = 4 << 20;

/// The order to load the files in: two waves, each wave's files in parallel, biggest first.
/// The first wave is the big files (a long register). Its records (about 1 KB a row) are all
/// held while they are built into entities; loaded beside other files, the memory they free
/// stays in the allocator arena of the thread that built them, in gaps between long-lived
/// entities, which the other thread's files never reuse. Loaded first and alone, both threads'
/// later files fill those gaps. Biggest first in the second wave too: a file's passing
/// allocations then come before the smaller files that can reuse them. 100 units (one 43 MB
/// register): peak RSS 381 -> 347 MB; the same tree with its register cut into 100 files
/// peaks at 342 MB. Results are gathered in discovery order, so the order here changes no
/// output. A file whose size cannot be read counts as empty; reading it reports why.
fn big_first(planned: &[Planned]) -> [Vec<usize>; 2] {
    let size: Vec<u64> = planned
        .par_iter()
        .map(|p| std::fs::symlink_metadata(&p.abs).map_or(0, |m| m.len()))
        .collect();
    let mut order: Vec<usize> = (0..planned.len()).collect();
    // Stable: files of one size stay in discovery order.
    order.sort_by_key(|&i| std::cmp::Reverse(size[i]));
    let (first, rest) = order.into_iter().partition(|&i| size[i] >= BIG_BYTES);
    [first, rest]
}

/// Build a file's records into entities now, as it is read (`engine::entities`), unless their
/// reading depends on the other files: then they stay in `loaded` for the model to build.
/// `place` is the file's place in discovery order, for `seen_rows`.
fn build_now(
    file: &SourceFile,
    loaded: &mut Loaded,
    format: Format,
    setup: &Setup,
    (seen_rows, place): (&SeenRows, usize),
) -> Option<Records> {
    let keep = loaded.records.is_empty()
        // A workbook is not parsed again: its risks are built once the method is final.
        || format == Format::Sheet
        // The knowledge-base test may drop its record.
        || loaded.page_kind.as_ref().is_some_and(|p| p.bare_record.is_some())
        // `init` learns the method from the risk rows.
        || setup.learn && loaded.records.iter().any(|r| r.kind == Kind::Risk);
    if keep {
        return None;
    }
    let records = std::mem::take(&mut loaded.records);
    let seen = seen_rows.of(place, &records, &setup.fields);
    // The language of the file's tables, as the gathering below decides it for the model.
    let mut languages: HashMap<FileId, Lang> = HashMap::new();
    add_languages(&mut languages, &loaded.languages);
    let config = &setup.config;
    let bcx = crate::model::build::BuildCx {
        fields: &setup.fields,
        date_order: config.date_order_set.then_some(config.date_order),
        risk: &config.risk,
        languages: &languages,
    };
    let built = super::entities::build_file(records, file, &bcx);
    Some(Records::Built(Box::new(built), seen))
}

/// A text file's records, parsed again from its text as the load read them (the method the
/// repository states reads its risks otherwise than the one they were built with).
pub(super) fn reparse(id: FileId, file: &SourceFile, p: &Planned, setup: &Setup) -> Vec<RawRecord> {
    let cx = LoadCx {
        fields: &setup.fields,
        language: setup.config.language,
    };
    let mut loaded = parse::load(id, file, p.format, &p.plan, &cx);
    keep_27001_entities(
        &file.path,
        &p.plan,
        &setup.config,
        &setup.fields,
        &mut loaded,
    );
    loaded.records
}

/// Why a file named like an SoA (or titled one) gave no control, if it did not.
fn soa_attempt(plan: &Plan, loaded: &Loaded, has_control: bool) -> Option<String> {
    if has_control {
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

/// Drop every record of a file that no rule reads, and say why (`note` gets the count).
fn drop_records(loaded: &mut Loaded, note: impl FnOnce(usize) -> String) {
    loaded.notes.push(note(loaded.records.len()));
    loaded.records.clear();
    loaded.detected.clear();
}

/// What the ISO 27001 rules must not read is dropped once a file is loaded (issue 9 items 7–8):
/// a template is not an entity (its text is still prose and its links are still links, but no
/// rule reads its field values); a file whose every source declares another framework holds no
/// 27001 entity; an SoA row whose ID names another framework (`42001:A.6.2.4`) is not a 27001
/// control.
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
        drop_records(loaded, |n| {
            format!(
                "a template (`documents.templates`): not an entity, no rule reads its fields ({n} record(s) dropped); its text and links are still read"
            )
        });
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
        drop_records(loaded, |n| {
            format!(
                "framework `{name}` (config): not read by the ISO 27001 rules ({n} record(s) dropped)"
            )
        });
        return;
    }
    let before = loaded.records.len();
    let mut seen = None;
    loaded.records.retain(|r| {
        let prefix = (r.kind == Kind::Control)
            .then(|| crate::parse::columns::record_id(r, fields))
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
