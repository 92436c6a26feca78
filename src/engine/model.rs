//! Model: normalise every record (in parallel), then file the entities into the model — the
//! risk method the repository states applied first, translated copies and SoA excerpts read
//! once, records of one ID in several tables joined.

use super::configure::Setup;
use super::load::Inputs;
use super::{Ledger, MethodologySeen};
use crate::diagnostic::Diagnostic;
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
                (kind, c.loc.file, id.unwrap_or_default())
            }
            Kind::Risk => (kind, self.risks[pos].loc.file, text(&self.risks[pos].id)),
            Kind::Owner => (kind, self.owners[pos].loc.file, text(&self.owners[pos].id)),
            Kind::Document => (
                kind,
                self.documents[pos].loc.file,
                text(&self.documents[pos].id),
            ),
            Kind::Evidence => (
                kind,
                self.evidence[pos].loc.file,
                text(&self.evidence[pos].id),
            ),
            Kind::Asset => (kind, self.assets[pos].loc.file, text(&self.assets[pos].id)),
        }
    }

    /// The file of an entity.
    fn file(&self, kind: Kind, pos: usize) -> crate::source::FileId {
        match kind {
            Kind::Control => self.controls[pos].loc.file,
            Kind::Risk => self.risks[pos].loc.file,
            Kind::Owner => self.owners[pos].loc.file,
            Kind::Document => self.documents[pos].loc.file,
            Kind::Evidence => self.evidence[pos].loc.file,
            Kind::Asset => self.assets[pos].loc.file,
        }
    }
}

/// Normalise the records at `idx` (all of one kind) in parallel, in order.
fn build_kind<T: Send>(
    records: &[RawRecord],
    idx: &[u32],
    build: impl Fn(&RawRecord, &mut build::Out) -> T + Sync,
) -> (Vec<T>, Vec<Option<Box<build::Out>>>) {
    let (mut entities, mut outs) = (Vec::new(), Vec::new());
    idx.par_iter()
        .map(|&i| {
            let mut out = build::Out::default();
            let entity = build(&records[i as usize], &mut out);
            let found = !(out.diagnostics.is_empty()
                && out.placeholders.is_empty()
                && out.conventions.is_empty());
            (entity, found.then(|| Box::new(out)))
        })
        .unzip_into_vecs(&mut entities, &mut outs);
    (entities, outs)
}

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
    // A record's kind and position in its kind's vector.
    let at = |&(kind, pos): &(Kind, u32)| (kind, pos as usize);
    let mut built = Built::default();
    let bcx = &bcx;
    // Each kind into its own vector, with its side results beside it.
    macro_rules! build_each {
        ($($field:ident: $kind:ident => $build:path),* $(,)?) => {$(
            (built.$field, built.outs[Kind::$kind as usize]) =
                build_kind(&records, &idx[Kind::$kind as usize], |r, o| $build(r, bcx, o));
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
    drop(idx);
    // A column whose cells mostly cannot be read is one finding (issue 17 item 2). Only an
    // IN002 finding not yet in a group can join one: a register where normalising found none
    // (most big ones) skips the column count, a lookup per cell.
    let unread = crate::diagnostic::input::invalid_value::META.code;
    let any_unread = built.outs.iter().flatten().flatten().any(|out| {
        out.diagnostics
            .iter()
            .any(|d| d.rule.code == unread && d.group.is_none())
    });
    if any_unread {
        let mut diags: Vec<Vec<Diagnostic>> = order
            .iter()
            .map(at)
            .map(|(kind, pos)| {
                built.outs[kind as usize][pos]
                    .as_mut()
                    .map(|out| std::mem::take(&mut out.diagnostics))
                    .unwrap_or_default()
            })
            .collect();
        crate::model::unreadable::group_columns(&records, &mut diags, fields, &files);
        for ((kind, pos), d) in order.iter().map(at).zip(diags) {
            if let Some(out) = built.outs[kind as usize][pos].as_mut() {
                out.diagnostics = d;
            } else if !d.is_empty() {
                built.outs[kind as usize][pos] = Some(Box::new(build::Out {
                    diagnostics: d,
                    ..build::Out::default()
                }));
            }
        }
    }
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
        let file = d.loc.file;
        if let Some(lang) = declared_language(&files.get(file).path, &files.get(file).text) {
            file_langs.entry(file).or_insert(lang);
        }
    }
    // Register rows with register rows: a treatment plan in another language joins its
    // register. Plans with plans: a plan kept in two languages is read once.
    // Only a kind read from two files or more can have a copy.
    let mut files_of: std::collections::BTreeSet<(Kind, FileId)> = Default::default();
    for (kind, pos) in order.iter().map(at) {
        files_of.insert((kind, built.file(kind, pos)));
    }
    let several = |kind: Kind| {
        files_of
            .range((kind, 0)..=(kind, FileId::MAX))
            .nth(1)
            .is_some()
    };
    let rows_of = |role: crate::model::record::Role| {
        let keys: Vec<(Kind, crate::source::FileId, String)> = order
            .iter()
            .map(at)
            .zip(&records)
            .filter(|((kind, _), raw)| raw.role == role && several(*kind))
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
    for ((kind, pos), raw) in order.iter().map(at).zip(&records) {
        let file = built.file(kind, pos);
        let copies = match raw.role {
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
    // Freeing millions of small strings takes a while; nothing waits for it.
    std::thread::spawn(move || drop(records));
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
