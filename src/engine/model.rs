//! Model: normalise every record (in parallel), then file the entities into the model — the
//! risk method the repository states applied first, translated copies and SoA excerpts read
//! once, records of one ID in several tables joined.

use super::configure::Setup;
use super::load::Inputs;
use super::{Ledger, MethodologySeen};
use crate::model::build::{self, BuildCx};
use crate::model::{Asset, Control, Document, Evidence, Kind, Model, Owner, RawRecord, Risk};
use crate::source::FileId;
use rayon::prelude::*;

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
            row.push((f.key.to_string(), t.to_string()));
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

/// The entities of each kind, in record order, built straight into the vectors the model keeps
/// (no per-record copy: a million-row register is one vector of risks, not two).
#[derive(Default)]
struct Built {
    controls: Vec<Control>,
    risks: Vec<Risk>,
    owners: Vec<Owner>,
    documents: Vec<Document>,
    evidence: Vec<Evidence>,
    assets: Vec<Asset>,
    /// What normalising each entity found besides it, by kind (`Kind as usize`) and position;
    /// `None` when it found nothing.
    outs: [Vec<Option<Box<build::Out>>>; 6],
}

impl Built {
    /// An entity's kind, file and ID, to find registers kept twice in two languages.
    fn key(&self, kind: Kind, pos: usize) -> (Kind, crate::source::FileId, String) {
        let text = |f: &crate::model::Field<String>| f.get().cloned().unwrap_or_default();
        match kind {
            Kind::Control => {
                let c = &self.controls[pos];
                let id = c.id.get().map(|r| r.id().to_string());
                (kind, c.loc.file(), id.unwrap_or_default())
            }
            Kind::Risk => (kind, self.risks[pos].loc.file(), text(&self.risks[pos].id)),
            Kind::Owner => (
                kind,
                self.owners[pos].loc.file(),
                text(&self.owners[pos].id),
            ),
            Kind::Document => (
                kind,
                self.documents[pos].loc.file(),
                text(&self.documents[pos].id),
            ),
            Kind::Evidence => (
                kind,
                self.evidence[pos].loc.file(),
                text(&self.evidence[pos].id),
            ),
            Kind::Asset => (
                kind,
                self.assets[pos].loc.file(),
                text(&self.assets[pos].id),
            ),
        }
    }

    /// The file of an entity.
    fn file(&self, kind: Kind, pos: usize) -> crate::source::FileId {
        match kind {
            Kind::Control => self.controls[pos].loc.file(),
            Kind::Risk => self.risks[pos].loc.file(),
            Kind::Owner => self.owners[pos].loc.file(),
            Kind::Document => self.documents[pos].loc.file(),
            Kind::Evidence => self.evidence[pos].loc.file(),
            Kind::Asset => self.assets[pos].loc.file(),
        }
    }
}

/// Normalise the records at `idx` (all of one kind) in parallel, in order, appending each
/// entity to `entities` and its side results to `outs` (written in place: reserved beforehand,
/// a million risks are not built into one vector and then copied into another).
fn build_kind<T: Send>(
    records: &[RawRecord],
    idx: &[u32],
    entities: &mut Vec<T>,
    outs: &mut Vec<Option<Box<build::Out>>>,
    build: impl Fn(&RawRecord, &mut build::Out) -> T + Sync,
) {
    let mut both = (std::mem::take(entities), std::mem::take(outs));
    both.par_extend(idx.par_iter().map(|&i| {
        let mut out = build::Out::default();
        let entity = build(&records[i as usize], &mut out);
        let found = !(out.diagnostics.is_empty()
            && out.placeholders.is_empty()
            && out.conventions.is_empty());
        (entity, found.then(|| Box::new(out)))
    }));
    (*entities, *outs) = both;
}

/// How many records are normalised before they are freed (issue 16: peak memory). A slice is
/// whole files up to about this many records; a bigger file is cut into slices of this many.
const SLICE: usize = 16384;

/// What a field of a record costs, about: itself and its text.
const FIELD_BYTES: usize = std::mem::size_of::<crate::model::RawField>() + 32;

/// Freed memory is handed back once this much has been freed (`release_freed`): often, so
/// the next slices' entities take the place of the records freed (100 units: 32 MB → 4 MB took
/// 5–12 MB off the peak; 1 MB gave no more).
const RELEASE_BYTES: usize = 4 << 20;

/// The end of the slice that starts at record `start`.
fn slice_end(records: &[RawRecord], start: usize) -> usize {
    let end = records.len().min(start + SLICE);
    if end == records.len() {
        return end;
    }
    // The file going on past `end` joins this slice when its rest is short.
    let file = records[end - 1].loc.file();
    let limit = records.len().min(start + 2 * SLICE);
    let mut e = end;
    while e < limit && records[e].loc.file() == file {
        e += 1;
    }
    if e == records.len() || records[e].loc.file() != file {
        e
    } else {
        end
    }
}

/// Normalise every record into the entity vectors, a slice of records at a time; each slice's
/// records are freed once built, and their memory handed back, so a big register is not held
/// twice (as records and as entities) at the peak. The IN002 findings of a file are grouped by
/// column (issue 17 item 2) before its records are freed.
fn build_slices(
    records: &mut [RawRecord],
    order: &[(Kind, u32)],
    idx: &[Vec<u32>; 6],
    bcx: &BuildCx,
    files: &crate::source::SourceMap,
) -> Built {
    use crate::model::unreadable::Columns;
    let mut built = Built::default();
    // Written in place, slice after slice (untouched capacity costs no memory).
    built
        .controls
        .reserve_exact(idx[Kind::Control as usize].len());
    built.risks.reserve_exact(idx[Kind::Risk as usize].len());
    built.owners.reserve_exact(idx[Kind::Owner as usize].len());
    built
        .documents
        .reserve_exact(idx[Kind::Document as usize].len());
    built
        .evidence
        .reserve_exact(idx[Kind::Evidence as usize].len());
    built.assets.reserve_exact(idx[Kind::Asset as usize].len());
    for kind in Kind::ALL {
        built.outs[kind as usize].reserve_exact(idx[kind as usize].len());
    }
    let unread = crate::diagnostic::input::invalid_value::META.code;
    // A file cut into slices: its columns, counted so far.
    let mut counting: Option<(FileId, Columns)> = None;
    // The built slices' fields are freed, and memory handed back, on a thread of their own
    // while the next slices are built (freeing millions of small strings takes a while). One
    // slice (a small repository) is freed here: a thread costs more than its few records.
    let one_slice = slice_end(records, 0) == records.len();
    let (freeing, freer) = match one_slice {
        true => (None, None),
        false => {
            let (freeing, freed) = std::sync::mpsc::channel::<Vec<Vec<crate::model::RawField>>>();
            let freer = std::thread::spawn(move || {
                // Bytes freed since memory was last handed back (about).
                let mut bytes = 0;
                for fields in freed {
                    free_fields(fields, &mut bytes);
                }
            });
            (Some(freeing), Some(freer))
        }
    };
    let mut start = 0;
    while start < records.len() {
        let end = slice_end(records, start);
        // The records of one kind in this slice.
        let part = |kind: Kind| {
            let all = &idx[kind as usize];
            let lo = all.partition_point(|&i| (i as usize) < start);
            let hi = all.partition_point(|&i| (i as usize) < end);
            &all[lo..hi]
        };
        macro_rules! build_each {
            ($($field:ident: $kind:ident => $build:path),* $(,)?) => {$(
                build_kind(
                    records,
                    part(Kind::$kind),
                    &mut built.$field,
                    &mut built.outs[Kind::$kind as usize],
                    |r, o| $build(r, bcx, o),
                );
            )*};
        }
        build_each!(
            controls: Control => build::control,
            risks: Risk => build::risk,
            owners: Owner => build::owner,
            documents: Document => build::document,
            evidence: Evidence => build::evidence,
            assets: Asset => build::asset,
        );
        // A column whose cells mostly cannot be read is one finding. Only an IN002 finding not
        // yet in a group can join one: a file where normalising found none (most big
        // registers) skips the column count, a lookup per cell; a file cut into slices is
        // counted as its slices are built.
        let outs = &built.outs;
        let diags = |i: usize| {
            let (kind, pos) = order[i];
            outs[kind as usize][pos as usize]
                .as_ref()
                .map_or(&[][..], |o| o.diagnostics.as_slice())
        };
        let mut done: Vec<Columns> = Vec::new();
        let mut i = start;
        while i < end {
            let file = records[i].loc.file();
            let j = i + records[i..end]
                .iter()
                .take_while(|r| r.loc.file() == file)
                .count();
            let goes_on = j == end && records.get(end).is_some_and(|r| r.loc.file() == file);
            let begun = counting.as_ref().is_some_and(|(f, _)| *f == file);
            let count = |columns: &mut Columns| {
                for (k, raw) in records.iter().enumerate().take(j).skip(i) {
                    columns.add(k, raw, diags(k), bcx.fields);
                }
            };
            if begun || goes_on {
                let (_, columns) = counting.get_or_insert_with(|| (file, Columns::default()));
                count(columns);
                if !goes_on && let Some((_, columns)) = counting.take() {
                    done.push(columns);
                }
            } else if (i..j).any(|k| {
                diags(k)
                    .iter()
                    .any(|d| d.rule.code == unread && d.group.is_none())
            }) {
                let mut columns = Columns::default();
                count(&mut columns);
                done.push(columns);
            }
            i = j;
        }
        for columns in done.into_iter().filter(Columns::any_failed) {
            columns.group(bcx.fields, files, |i, j, group| {
                let (kind, pos) = order[i];
                if let Some(d) = built.outs[kind as usize][pos as usize]
                    .as_mut()
                    .and_then(|o| o.diagnostics.get_mut(j))
                {
                    d.group = Some(group);
                }
            });
        }
        // Built: the slice's records are not read again (their roles were kept apart).
        let fields = records[start..end]
            .iter_mut()
            .map(|r| {
                r.key_id = None;
                std::mem::take(&mut r.fields)
            })
            .collect();
        // The freer ends only when the channel closes, below.
        match &freeing {
            Some(freeing) => drop(freeing.send(fields)),
            None => free_fields(fields, &mut 0),
        }
        start = end;
    }
    drop(freeing);
    if let Some(freer) = freer {
        let _ = freer.join();
    }
    built
}

/// Free a built slice's fields; `bytes` (freed since memory was last handed back, about)
/// grows by theirs, and memory is handed back once it reaches `RELEASE_BYTES` (handing it
/// back walks the allocator's lists: once enough is free).
fn free_fields(fields: Vec<Vec<crate::model::RawField>>, bytes: &mut usize) {
    *bytes += fields.iter().map(Vec::capacity).sum::<usize>() * FIELD_BYTES;
    drop(fields);
    if *bytes >= RELEASE_BYTES {
        release_freed();
        *bytes = 0;
    }
}

/// Hand the pages of freed memory back to the system. glibc keeps what is freed for its next
/// allocations, but the entities are written into one big vector it does not take from, so
/// the freed records would still count in the peak (issue 16; measured: units-100 -22%,
/// synth-100000 -30%).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn release_freed() {
    // SAFETY: `malloc_trim` takes no pointer; it only walks glibc's own free lists, under
    // their locks, and gives back whole free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_freed() {}

/// Keep the entities whose flag is set.
fn keep_flagged<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut flags = keep.iter();
    v.retain(|_| flags.next().copied().unwrap_or(true));
}

/// model → check: the model, and the ledger with what normalising found.
pub(super) fn build(inputs: Inputs, setup: &mut Setup) -> (Model, Ledger) {
    let Inputs {
        ledger,
        records,
        text,
        sourced,
        soa_tried,
        mut file_langs,
    } = inputs;
    let Ledger {
        files,
        base,
        mut diagnostics,
        mut notes,
        detected,
        unclassified,
        seen: _,
    } = ledger;
    let fields = &setup.fields;
    // The risk method the repository's own methodology states, where config says nothing
    // (issue 17).
    let (seen, risk_rows, score_numbers) = seen_words(&records, fields);
    let config = &mut setup.config;
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
    let config = &*config;
    // Normalise and build the model.
    let bcx = BuildCx {
        fields,
        date_order: config.date_order_set.then_some(config.date_order),
        risk: &config.risk,
        languages: &file_langs,
    };
    let mut model = Model::default();
    model.sourced = sourced;
    model.soa_tried = soa_tried;
    model.text = text;
    // Each record is normalised on its own, so this runs in parallel; order is preserved within
    // each kind, and `order` says where record i went (its kind and position). Positions are
    // `u32` (a record is a row of a file of at most 64 MiB): 8 bytes a record, not 16.
    let mut idx: [Vec<u32>; 6] = Default::default();
    let order: Vec<(Kind, u32)> = records
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            let list = &mut idx[raw.kind as usize];
            list.push(i as u32);
            (raw.kind, list.len() as u32 - 1)
        })
        .collect();
    let roles: Vec<crate::model::record::Role> = records.iter().map(|r| r.role).collect();
    let mut records = records;
    let mut built = build_slices(&mut records, &order, &idx, &bcx, &files);
    drop(idx);
    // A record's kind and position in its kind's vector.
    let at = |&(kind, pos): &(Kind, u32)| (kind, pos as usize);
    // Which files had a numeric date read by their language's convention (issue 13): once
    // per file in `-v`.
    let mut conventions: Vec<(FileId, crate::model::lang::Lang, String)> = Vec::new();
    for (kind, pos) in order.iter().map(at) {
        if let Some(out) = built.outs[kind as usize][pos].as_mut() {
            conventions.append(&mut out.conventions);
        }
    }
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
    for d in &built.documents {
        let file = d.loc.file();
        if let Some(lang) = declared_language(&files.get(file).path, &files.get(file).text) {
            file_langs.entry(file).or_insert(lang);
        }
    }
    // Register rows with register rows: a treatment plan in another language joins its
    // register. Plans with plans: a plan kept in two languages is read once.
    // Only a kind read from files in two languages or more can have a copy (a copy is in
    // another language than its original): the others' keys are not made (100 units: 155,000
    // keys, 12 MB at the run's peak, for nothing).
    let mut files_of: std::collections::BTreeSet<(Kind, FileId)> = Default::default();
    for (kind, pos) in order.iter().map(at) {
        files_of.insert((kind, built.file(kind, pos)));
    }
    let lang_of = |file: &FileId| {
        file_langs
            .get(file)
            .copied()
            .unwrap_or(crate::model::lang::Lang::En)
    };
    let mixed: [bool; 6] = Kind::ALL.map(|kind| {
        let mut langs = files_of
            .range((kind, 0)..=(kind, FileId::MAX))
            .map(|(_, f)| lang_of(f));
        langs.next().is_some_and(|first| langs.any(|l| l != first))
    });
    let rows_of = |role: crate::model::record::Role| {
        let keys: Vec<(Kind, crate::source::FileId, String)> = order
            .iter()
            .map(at)
            .zip(&roles)
            .filter(|((kind, _), r)| **r == role && mixed[*kind as usize])
            .map(|((kind, pos), _)| built.key(kind, pos))
            .collect();
        crate::model::translation::translated(&keys, &file_langs)
    };
    let translated = rows_of(crate::model::record::Role::Register);
    let translated_plans = rows_of(crate::model::record::Role::Plan);
    for ((kind, copy), original) in translated.iter().chain(&translated_plans) {
        let lang = file_langs
            .get(copy)
            .map_or("another language", |l| l.name());
        notes.push(format!(
            "{}: its {kind} records repeat those of {} in {lang}: read as a translation, not again",
            files.get(*copy).path,
            files.get(*original).path
        ));
    }
    let mut keep: [Vec<bool>; 6] = Default::default();
    let any_copy = !(translated.is_empty() && translated_plans.is_empty());
    for ((kind, pos), role) in order.iter().map(at).zip(&roles) {
        let file = built.file(kind, pos);
        let copies = match role {
            crate::model::record::Role::Register => &translated,
            crate::model::record::Role::Plan => &translated_plans,
            _ => &Default::default(),
        };
        let copy = copies.contains_key(&(kind, file));
        if any_copy {
            keep[kind as usize].push(!copy);
        }
        if copy {
            continue;
        }
        if let Some(out) = built.outs[kind as usize][pos].take() {
            diagnostics.extend(out.diagnostics);
            model.text.placeholders.extend(out.placeholders);
        }
    }
    // Freeing millions of small strings takes a while; nothing waits for it. A small
    // repository's few are freed here (a thread costs more).
    match records.len() > SLICE {
        true => drop(std::thread::spawn(move || drop(records))),
        false => drop(records),
    }
    drop(order);
    let Built {
        mut controls,
        mut risks,
        mut owners,
        mut documents,
        mut evidence,
        mut assets,
        outs: _,
    } = built;
    if any_copy {
        keep_flagged(&mut controls, &keep[Kind::Control as usize]);
        keep_flagged(&mut risks, &keep[Kind::Risk as usize]);
        keep_flagged(&mut owners, &keep[Kind::Owner as usize]);
        keep_flagged(&mut documents, &keep[Kind::Document as usize]);
        keep_flagged(&mut evidence, &keep[Kind::Evidence as usize]);
        keep_flagged(&mut assets, &keep[Kind::Asset as usize]);
    }
    model.controls = controls;
    model.risks = risks;
    model.owners = owners;
    model.documents = documents;
    model.evidence = evidence;
    model.assets = assets;
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
    model.index();
    let seen = MethodologySeen {
        words: seen,
        rows: risk_rows,
        score_numbers,
        ..MethodologySeen::default()
    };
    let ledger = Ledger {
        files,
        base,
        diagnostics,
        notes,
        detected,
        unclassified,
        seen,
    };
    (model, ledger)
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
