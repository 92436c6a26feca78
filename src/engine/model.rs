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
        crate::model::unreadable::group_columns(&records, &mut diags, fields, &files);
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
    // Register rows with register rows: a treatment plan in another language joins its
    // register. Plans with plans: a plan kept in two languages is read once.
    let rows_of = |role: crate::model::record::Role| {
        let keys: Vec<(Kind, crate::source::FileId, String)> = built
            .iter()
            .zip(&records)
            .filter(|(_, raw)| raw.role == role)
            .map(|((e, _), _)| entity_key(e))
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
    for ((entity, out), raw) in built.into_iter().zip(&records) {
        let (kind, file, _) = entity_key(&entity);
        let copies = match raw.role {
            crate::model::record::Role::Register => &translated,
            crate::model::record::Role::Plan => &translated_plans,
            _ => &Default::default(),
        };
        if copies.contains_key(&(kind, file)) {
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
