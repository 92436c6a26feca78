//! Report: what the run hands back — the findings with the files they point into, a summary,
//! the notes for `-v`, and what `init` and the HTML report read.

use super::configure::Setup;
use super::{Clock, Ledger, MethodologySeen, Outcome, SoaSummary, Summary};
use crate::catalog::Catalog;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::source::{FileId, SourceMap};

pub(super) fn outcome(model: Model, ledger: Ledger, setup: Setup, clock: &Clock) -> Outcome {
    let Ledger {
        mut files,
        base,
        diagnostics,
        mut notes,
        detected,
        unclassified,
        seen,
    } = ledger;
    let Setup {
        config,
        packs,
        fields,
        catalog,
        learn: _,
    } = setup;
    notes.push(clock.note());
    files.anchors = anchors(&files, &config, &model, base);
    let summary = summarise(&diagnostics, &files, base, &model, catalog);
    Outcome {
        methodology: MethodologySeen {
            words: seen.words,
            rows: seen.rows,
            score_numbers: seen.score_numbers,
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
        _read: (packs, fields),
    }
}

fn methodology(model: &Model) -> MethodologySeen {
    let mut m = MethodologySeen::default();
    for r in &model.risks {
        let res = r.residual();
        for (l, i) in [
            (&r.likelihood, &r.impact),
            (&res.residual_likelihood, &res.residual_impact),
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

/// Where formats that need a file (SARIF, GitLab) place a finding about the repository as a
/// whole, best first: the config file, the file holding most of the SoA, the first file linted.
fn anchors(files: &SourceMap, config: &Config, model: &Model, base: usize) -> Vec<FileId> {
    let config_file = config
        .file
        .as_ref()
        .and_then(|path| files.iter().find(|(_, f)| &f.abs == path).map(|(id, _)| id));
    let mut per_file: std::collections::BTreeMap<FileId, usize> = Default::default();
    for c in &model.controls {
        *per_file.entry(c.loc.file()).or_default() += 1;
    }
    let soa = per_file
        .iter()
        .max_by_key(|(f, n)| (**n, usize::MAX - **f))
        .map(|(f, _)| *f);
    let first = (base < files.len()).then_some(base);
    config_file.into_iter().chain(soa).chain(first).collect()
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
