//! Model: the risk method the repository states, applied first (the files built with another
//! reading of risks are built again, `engine::entities`), then the entities filed into the
//! model — translated copies and SoA excerpts read once, records of one ID in several tables
//! joined.

use super::configure::Setup;
use super::entities::{self, Built, FileRecords, FileSeen, Records};
use super::load::Inputs;
use super::{Ledger, MethodologySeen};
use crate::model::build::BuildCx;
use crate::model::{Kind, Model};
use crate::source::FileId;
use rayon::prelude::*;

/// The files that hold risks, parsed again from their text and kept to be built with the
/// method the repository states (a workbook was kept whole already).
fn reread_risks(
    records: Vec<FileRecords>,
    planned: &[super::discover::Planned],
    files: &crate::source::SourceMap,
    base: usize,
    setup: &Setup,
) -> Vec<FileRecords> {
    records
        .into_par_iter()
        .map(|f| match f.records {
            Records::Built(b, _) if !b.risks.is_empty() => {
                drop(b);
                let p = &planned[f.file - base];
                let records = super::load::reparse(f.file, files.get(f.file), p, setup);
                FileRecords {
                    file: f.file,
                    records: Records::Kept(records),
                }
            }
            _ => f,
        })
        .collect()
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
        planned,
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
    // The risk method the repository's own methodology states, where config says nothing
    // (issue 17).
    let kept_seen: Vec<Option<FileSeen>> = records
        .iter()
        .map(|f| match &f.records {
            Records::Kept(r) => Some(FileSeen::of(r, &setup.fields)),
            Records::Built(..) => None,
        })
        .collect();
    let (seen, score_numbers) =
        entities::seen_words(records.iter().zip(&kept_seen).map(|(f, kept)| {
            match (&f.records, kept) {
                (Records::Built(_, seen), _) => seen,
                (Records::Kept(_), Some(seen)) => seen,
                (Records::Kept(_), None) => unreachable!("every kept file's rows were read"),
            }
        }));
    drop(kept_seen);
    let risk_rows = if setup.learn {
        entities::risk_rows(records.iter().flat_map(|f| match &f.records {
            Records::Kept(r) => r.as_slice(),
            Records::Built(..) => &[],
        }))
    } else {
        Vec::new()
    };
    // What the files were built with (`load`).
    let built_with = setup.config.risk.reading();
    let stated = crate::config::stated::read(&files);
    // Word scales first: a register written in words is scored on the scale the methodology
    // draws, as if config had said it.
    let words_seen = MethodologySeen {
        words: seen,
        score_numbers,
        ..MethodologySeen::default()
    };
    let config = &mut setup.config;
    notes.extend(crate::config::stated::apply_words(
        &words_seen,
        &files,
        &stated,
        &mut config.risk,
    ));
    let seen = words_seen.words;
    notes.extend(crate::config::stated::apply(&stated, &mut config.risk));
    // The method now reads risk values otherwise than the one the files were built with: the
    // files that hold risks are parsed again and built with it.
    let records = if config.risk.reading() == built_with {
        records
    } else {
        reread_risks(records, &planned, &files, base, setup)
    };
    let config = &setup.config;
    let fields = &setup.fields;
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
    // `order` says where record i went (its kind and position in its kind's vector).
    // Positions are `u32` (a record is a row of a file of at most 64 MiB): 8 bytes a record,
    // not 16.
    let mut built = entities::join(records, &files, &bcx);
    let mut counts = [0u32; 6];
    let order: Vec<(Kind, u32)> = built
        .records
        .iter()
        .map(|&(kind, _)| {
            counts[kind as usize] += 1;
            (kind, counts[kind as usize] - 1)
        })
        .collect();
    let roles: Vec<crate::model::record::Role> = std::mem::take(&mut built.records)
        .into_iter()
        .map(|(_, role)| role)
        .collect();
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
        if let Some(lang) = declared_language(&files.get(file).path, files.get(file).text()) {
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
    drop(order);
    let Built {
        mut controls,
        mut risks,
        mut owners,
        mut documents,
        mut evidence,
        mut assets,
        outs: _,
        records: _,
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
