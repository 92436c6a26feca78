//! Records → entities, one file at a time (issue 16: peak memory). A file's records are
//! normalised as soon as it is parsed, on the thread that parsed it, and freed: the records of
//! the whole repository are never held at once (on 100 units they were a third of the peak).
//!
//! Normalising a risk reads the risk method, which the repository's methodology and the words
//! of its registers can still change once every file is read (`model`). So a file is built
//! with the method configured before the load, and the model checks that the method it ends
//! with reads risk values the same way; where it does not, the files that hold risks are parsed
//! again from their text and built anew. A file whose reading depends on the other files in any
//! other way is kept as records and built after the load (`Records::Kept`).

use crate::model::aliases::FieldTable;
use crate::model::build::{self, BuildCx};
use crate::model::record::Role;
use crate::model::unreadable::Columns;
use crate::model::{Asset, Control, Document, Evidence, Kind, Owner, RawRecord, Risk};
use crate::source::{FileId, SourceFile};
use rayon::prelude::*;

/// The entities of each kind, in record order, built straight into the vectors the model keeps
/// (no per-record copy: a million-row register is one vector of risks, not two).
#[derive(Default)]
pub(super) struct Built {
    pub controls: Vec<Control>,
    pub risks: Vec<Risk>,
    pub owners: Vec<Owner>,
    pub documents: Vec<Document>,
    pub evidence: Vec<Evidence>,
    pub assets: Vec<Asset>,
    /// What normalising each entity found besides it, by kind (`Kind as usize`) and position;
    /// `None` when it found nothing.
    pub outs: [Vec<Option<Box<build::Out>>>; 6],
    /// Each record's kind and role, in record order.
    pub records: Vec<(Kind, Role)>,
}

impl Built {
    /// An entity's kind, file and ID, to find registers kept twice in two languages.
    pub fn key(&self, kind: Kind, pos: usize) -> (Kind, FileId, String) {
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
    pub fn file(&self, kind: Kind, pos: usize) -> FileId {
        match kind {
            Kind::Control => self.controls[pos].loc.file(),
            Kind::Risk => self.risks[pos].loc.file(),
            Kind::Owner => self.owners[pos].loc.file(),
            Kind::Document => self.documents[pos].loc.file(),
            Kind::Evidence => self.evidence[pos].loc.file(),
            Kind::Asset => self.assets[pos].loc.file(),
        }
    }

    /// Room for `counts[kind]` more entities of each kind, exactly.
    fn reserve(&mut self, counts: &[usize; 6]) {
        let n = |kind: Kind| counts[kind as usize];
        self.controls.reserve_exact(n(Kind::Control));
        self.risks.reserve_exact(n(Kind::Risk));
        self.owners.reserve_exact(n(Kind::Owner));
        self.documents.reserve_exact(n(Kind::Document));
        self.evidence.reserve_exact(n(Kind::Evidence));
        self.assets.reserve_exact(n(Kind::Asset));
        for kind in Kind::ALL {
            self.outs[kind as usize].reserve_exact(n(kind));
        }
    }
}

/// A file's records, built or kept.
pub(super) enum Records {
    /// Built as the file was parsed, with the risk method configured before the load; what the
    /// method is learnt from in its risk rows.
    Built(Box<Built>, FileSeen),
    /// Kept to be built after the load: a workbook (its cells are read from the file, which is
    /// not read twice), a page the knowledge-base test may drop, the risk registers `init`
    /// learns from.
    Kept(Vec<RawRecord>),
}

/// Each file's records, in file order.
pub(super) struct FileRecords {
    pub file: FileId,
    pub records: Records,
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

/// A file of more records than this is built a slice of this many at a time, each slice's
/// records freed once built (a million-row register is not held twice, as records and as
/// entities, at the peak).
const SLICE: usize = 16384;

/// What a field of a record costs, about: itself and its text.
const FIELD_BYTES: usize = std::mem::size_of::<crate::model::RawField>() + 32;

/// Freed memory is handed back once this much has been freed (`release_freed`): often, so
/// the next slices' entities take the place of the records freed (100 units: 32 MB → 4 MB took
/// 5–12 MB off the peak; 1 MB gave no more).
const RELEASE_BYTES: usize = 4 << 20;

/// Normalise a file's records into entities. A big file is built a slice at a time, and each
/// slice's records freed on a thread of their own while the next is built (freeing millions of
/// small strings takes a while). The IN002 findings of the file are grouped by column (issue 17
/// item 2) as its records are built.
pub(super) fn build_file(mut records: Vec<RawRecord>, source: &SourceFile, bcx: &BuildCx) -> Built {
    let mut built = Built::default();
    // Where record i goes: its kind and position in its kind's vector. Positions are `u32` (a
    // record is a row of a file of at most 64 MiB).
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
    built.records = records.iter().map(|r| (r.kind, r.role)).collect();
    built.reserve(&idx.each_ref().map(Vec::len));
    let unread = crate::diagnostic::input::invalid_value::META.code;
    let sliced = records.len() > SLICE;
    let mut columns = Columns::default();
    let (freeing, freed) = std::sync::mpsc::channel::<Vec<Vec<crate::model::RawField>>>();
    let freer = sliced.then(|| std::thread::spawn(move || free_fields(freed)));
    let mut start = 0;
    while start < records.len() {
        let end = records.len().min(start + SLICE);
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
                    &records,
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
        let unread_here = || {
            (start..end).any(|k| {
                diags(k)
                    .iter()
                    .any(|d| d.rule.code == unread && d.group.is_none())
            })
        };
        if sliced || unread_here() {
            for (k, raw) in records.iter().enumerate().take(end).skip(start) {
                columns.add(k, raw, diags(k), bcx.fields);
            }
        }
        if sliced {
            // Built: the slice's records are not read again (their roles were kept apart).
            let fields = records[start..end]
                .iter_mut()
                .map(|r| {
                    r.key_id = None;
                    std::mem::take(&mut r.fields)
                })
                .collect();
            // The freer ends only when the channel closes, below.
            let _ = freeing.send(fields);
        }
        start = end;
    }
    drop(freeing);
    if let Some(freer) = freer {
        let _ = freer.join();
    }
    drop(records);
    if columns.any_failed() {
        columns.group(bcx.fields, source, |i, j, group| {
            let (kind, pos) = order[i];
            if let Some(d) = built.outs[kind as usize][pos as usize]
                .as_mut()
                .and_then(|o| o.diagnostics.get_mut(j))
            {
                d.group = Some(group);
            }
        });
    }
    built
}

/// Free the fields sent, handing memory back to the system every `RELEASE_BYTES`.
fn free_fields(freed: std::sync::mpsc::Receiver<Vec<Vec<crate::model::RawField>>>) {
    // Bytes freed since memory was last handed back (about).
    let mut bytes = 0;
    for fields in freed {
        bytes += fields.iter().map(Vec::capacity).sum::<usize>() * FIELD_BYTES;
        drop(fields);
        // Handing memory back walks the allocator's lists: once enough is free.
        if bytes >= RELEASE_BYTES {
            release_freed();
            bytes = 0;
        }
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

/// Build the kept files with the final method (in parallel, by file), then join every file's
/// entities in file order.
pub(super) fn join(
    files: Vec<FileRecords>,
    sources: &crate::source::SourceMap,
    bcx: &BuildCx,
) -> Built {
    let mut built: Vec<Built> = files
        .into_par_iter()
        .map(|f| match f.records {
            Records::Built(b, _) => *b,
            Records::Kept(records) => build_file(records, sources.get(f.file), bcx),
        })
        .collect();
    macro_rules! concat_each {
        ($($field:ident),*) => {
            Built {
                $($field: concat(built.iter_mut().map(|b| std::mem::take(&mut b.$field)).collect()),)*
                outs: std::array::from_fn(|k| {
                    concat(built.iter_mut().map(|b| std::mem::take(&mut b.outs[k])).collect())
                }),
            }
        };
    }
    concat_each!(
        controls, risks, owners, documents, evidence, assets, records
    )
}

/// The parts one after the other. The first part that has any is grown a part at a time, each
/// part freed once moved and the memory handed back as it goes: reserving the whole at once
/// would hold every entity twice at the peak (synth: +31 MB of risks), while a big vector is
/// its own mapping, which the system grows without copying.
fn concat<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let mut all: Vec<T> = Vec::new();
    // Bytes freed since memory was last handed back.
    let mut freed = 0;
    for mut part in parts.into_iter().filter(|p| !p.is_empty()) {
        if all.is_empty() {
            all = part;
        } else {
            all.reserve_exact(part.len());
            all.append(&mut part);
            freed += part.capacity() * std::mem::size_of::<T>();
            drop(part);
            if freed >= RELEASE_BYTES {
                release_freed();
                freed = 0;
            }
        }
    }
    all
}

/// How many risk rows the method is learnt from: enough to learn it, and a huge register costs
/// no more.
const SEEN_ROWS: usize = 2000;

/// What the risk method is learnt from in a file's first `SEEN_ROWS` risk rows.
#[derive(Default)]
pub(super) struct FileSeen {
    /// How many of each row's scores are numbers.
    scores: Vec<u32>,
    /// The level words: (row, axis, word, its key), each axis and key once, first row first.
    words: Vec<(u32, &'static str, String, String)>,
    /// Not read: the files before it were known to hold `SEEN_ROWS` risk rows (`SeenRows`).
    skipped: bool,
}

/// How many risk rows (up to `SEEN_ROWS`) each file holds, by its place in discovery order, as
/// far as the files loaded so far tell (0 until known). `seen_words` reads the first `SEEN_ROWS`
/// rows of the repository in discovery order, so a file whose earlier files are already known
/// to hold that many is not read: synth's 100 registers of 1,000 rows each read all their rows
/// (~500M instructions on the load's threads) where 2,000 were used.
pub(super) struct SeenRows(Vec<std::sync::atomic::AtomicU32>);

impl SeenRows {
    pub fn new(files: usize) -> SeenRows {
        SeenRows((0..files).map(|_| Default::default()).collect())
    }

    /// What the risk method is learnt from in `records`, the records of the file at `place` in
    /// discovery order; nothing when the files before it hold `SEEN_ROWS` risk rows already.
    /// An unknown count (a file not loaded yet) counts as none, so a file is skipped only when
    /// `seen_words` would read none of its rows.
    pub fn of(&self, place: usize, records: &[RawRecord], fields: &FieldTable) -> FileSeen {
        use std::sync::atomic::Ordering::Relaxed;
        let rows = records
            .iter()
            .filter(|r| r.kind == Kind::Risk)
            .take(SEEN_ROWS)
            .count();
        if rows == 0 {
            return FileSeen::default();
        }
        self.0[place].store(rows as u32, Relaxed);
        let mut before = 0;
        for count in &self.0[..place] {
            before += count.load(Relaxed) as usize;
            if before >= SEEN_ROWS {
                return FileSeen {
                    skipped: true,
                    ..FileSeen::default()
                };
            }
        }
        FileSeen::of(records, fields)
    }
}

impl FileSeen {
    pub fn of(records: &[RawRecord], fields: &FieldTable) -> FileSeen {
        use crate::model::values::{norm_key, parse_number, placeholder, undecorate};
        let mut seen = FileSeen::default();
        // The field each key names, by the key's place in the record: the rows of a register
        // have the same keys in the same order, and a look-up is most of a row's cost.
        let mut named: Vec<(&str, Option<&'static str>)> = Vec::new();
        for (row, r) in records
            .iter()
            .filter(|r| r.kind == Kind::Risk)
            .take(SEEN_ROWS)
            .enumerate()
        {
            let mut scores = 0;
            for (i, f) in r.fields.iter().enumerate() {
                let crate::model::RawValue::Text(t) = &f.value else {
                    continue;
                };
                // `🔴 High` is the level `High` (issue 17 item 2).
                let (a, b) = undecorate(t);
                let t = &t[a..b];
                let canonical = match named.get(i) {
                    Some(&(key, field)) if key == f.key.as_str() => field,
                    _ => {
                        let field = fields.canonical(Kind::Risk, &f.key);
                        if i < named.len() {
                            named[i] = (f.key.as_str(), field);
                        } else if i == named.len() {
                            named.push((f.key.as_str(), field));
                        }
                        field
                    }
                };
                if matches!(canonical, Some("score" | "residual_score"))
                    && parse_number(t).is_some()
                {
                    scores += 1;
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
                let key = norm_key(t);
                if !seen
                    .words
                    .iter()
                    .any(|(_, a, _, k)| *a == axis && *k == key)
                {
                    seen.words.push((row as u32, axis, t.to_string(), key));
                }
            }
            seen.scores.push(scores);
        }
        seen
    }
}

/// The words risk registers score with, by axis, and how many scores are numbers, in the
/// repository's first `SEEN_ROWS` risk rows (each file's `FileSeen`, in file order).
pub(super) fn seen_words<'a>(
    files: impl Iterator<Item = &'a FileSeen>,
) -> (Vec<(&'static str, String)>, usize) {
    let mut words: Vec<(&'static str, String, &str)> = Vec::new();
    let mut score_numbers = 0;
    let mut left = SEEN_ROWS;
    for f in files {
        debug_assert!(
            !f.skipped || left == 0,
            "a file whose rows are read was skipped"
        );
        let rows = f.scores.len().min(left);
        score_numbers += f.scores[..rows].iter().sum::<u32>() as usize;
        for (_, axis, word, key) in f.words.iter().filter(|w| (w.0 as usize) < rows) {
            if !words.iter().any(|(a, _, k)| a == axis && k == key) {
                words.push((axis, word.clone(), key));
            }
        }
        left -= rows;
    }
    let words = words.into_iter().map(|(a, w, _)| (a, w)).collect();
    (words, score_numbers)
}

/// Each of the repository's first `SEEN_ROWS` risk rows as (header, text) cells, for `init` to
/// learn the method from.
pub(super) fn risk_rows<'a>(
    records: impl Iterator<Item = &'a RawRecord>,
) -> Vec<Vec<(String, String)>> {
    records
        .filter(|r| r.kind == Kind::Risk)
        .take(SEEN_ROWS)
        .map(|r| {
            r.fields
                .iter()
                .filter_map(|f| match &f.value {
                    crate::model::RawValue::Text(t) => {
                        let (a, b) = crate::model::values::undecorate(t);
                        Some((f.key.to_string(), t[a..b].to_string()))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}
