//! The rule engine: a trait, a plain static registry, and the context rules read. Rules do not
//! read files and do not decide final severity (that is `engine::severity`).

/// The `Rule` impl of a rule file: its `META` and its `fn check(cx, out)`.
macro_rules! rule_impl {
    () => {
        pub struct Check;

        impl $crate::rules::Rule for Check {
            fn meta(&self) -> &'static $crate::diagnostic::RuleMeta {
                &META
            }

            fn check(
                &self,
                cx: &$crate::rules::Context,
                out: &mut Vec<$crate::diagnostic::Diagnostic>,
            ) {
                check(cx, out)
            }
        }
    };
}

pub mod doc;
pub mod docs;
pub mod evidence;
pub mod input;
pub mod ism;
pub mod link;
pub mod risk;
pub mod soa;

use crate::catalog::Catalog;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, RuleMeta};
use crate::model::Model;
use crate::source::SourceMap;
use jiff::civil::Date;

pub struct Context<'a> {
    pub model: &'a Model,
    pub catalog: &'a Catalog,
    pub config: &'a Config,
    pub today: Date,
    pub files: &'a SourceMap,
    pub repo: &'a crate::source::walk::RepoFiles,
    pub packs: &'a crate::catalog::packs::Packs,
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>);
}

/// Every rule, in code order.
pub static REGISTRY: &[&dyn Rule] = &[
    &input::parse_error::Check,
    &input::invalid_value::Check,
    &input::duplicate_id::Check,
    &input::source_not_found::Check,
    &soa::no_soa::Check,
    &soa::missing_control::Check,
    &soa::unknown_control::Check,
    &soa::legacy_control_id::Check,
    &soa::unjustified_exclusion::Check,
    &soa::weak_justification::Check,
    &soa::unjustified_inclusion::Check,
    &soa::missing_status::Check,
    &soa::undecided_applicability::Check,
    &soa::id_title_mismatch::Check,
    &soa::summary_mismatch::Check,
    &risk::risk_without_owner::Check,
    &risk::score_out_of_scale::Check,
    &risk::score_mismatch::Check,
    &risk::missing_treatment::Check,
    &risk::treatment_without_controls::Check,
    &risk::excluded_control_treats_risk::Check,
    &risk::residual_exceeds_inherent::Check,
    &risk::unaccepted_residual_risk::Check,
    &risk::acceptance_expired::Check,
    &risk::treatment_overdue::Check,
    &link::control_without_risk::Check,
    &link::unresolved_reference::Check,
    &link::control_without_owner::Check,
    &link::implemented_without_evidence::Check,
    &link::owner_concentration::Check,
    &link::inactive_owner::Check,
    &doc::template_placeholder::Check,
    &doc::template_text::Check,
    &doc::repeated_justification::Check,
    &doc::missing_document_metadata::Check,
    &doc::review_overdue::Check,
    &doc::self_approval::Check,
    &doc::iso27002_as_requirement::Check,
    &doc::clause_exclusion::Check,
    &doc::missing_mandatory_document::Check,
    &doc::broken_link::Check,
    &doc::metadata_conflict::Check,
    &doc::legacy_control_reference::Check,
    &evidence::stale_evidence::Check,
    &evidence::missing_evidence_file::Check,
    &ism::Unused,
    &ism::Invalid,
    &ism::Expired,
];

pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    REGISTRY.iter().map(|r| r.meta())
}

/// A rule by code (`SOA005`, any case) or name (`unjustified-exclusion`).
pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    let q = code_or_name.trim();
    metas().find(|m| m.code.eq_ignore_ascii_case(q) || m.name.eq_ignore_ascii_case(q))
}

/// The codes or names nearest to a mistyped one, in rule order: `SOA05` → `SOA005`,
/// `unjustified-exclusions` → `unjustified-exclusion`, `DOC01` → `DOC001` and `DOC010` (as
/// near as each other). Edits are counted as in `osa_distance` (a swap is one), case aside.
pub fn suggest(word: &str) -> Vec<&'static str> {
    let word = word.trim().to_ascii_lowercase();
    let len = word.chars().count();
    let limit = if len > 10 { 3 } else { 2 }.min(len.saturating_sub(1));
    let scored: Vec<(usize, &'static str)> = metas()
        .flat_map(|m| [m.code, m.name])
        .map(|c| (strsim::osa_distance(&word, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    let best = scored.iter().map(|(d, _)| *d).min();
    scored
        .into_iter()
        .filter(|(d, _)| Some(*d) == best)
        .map(|(_, c)| c)
        .collect()
}

/// ` (did you mean `X`?)` or ` (did you mean `X` or `Y`?)` when codes or names are near, else
/// nothing.
pub fn did_you_mean_clause(word: &str) -> String {
    let near = suggest(word);
    if near.is_empty() {
        return String::new();
    }
    let listed: Vec<String> = near.iter().map(|s| format!("`{s}`")).collect();
    format!(" (did you mean {}?)", listed.join(" or "))
}

/// Run every enabled rule. Also returns how long each took (for `--verbose`).
pub fn run(
    cx: &Context,
    enabled: impl Fn(&RuleMeta) -> bool,
) -> (Vec<Diagnostic>, Vec<(&'static str, std::time::Duration)>) {
    let rules: Vec<&dyn Rule> = REGISTRY
        .iter()
        .copied()
        .filter(|r| enabled(r.meta()))
        .collect();
    let timed = |rule: &dyn Rule, out: &mut Vec<Diagnostic>| {
        let start = std::time::Instant::now();
        rule.check(cx, out);
        (rule.meta().code, start.elapsed())
    };
    if !cx.model.is_small() {
        // One rule after another: the working sets of two rules over a million-row register
        // alive at once cost more memory than the second core saves time (issue 16).
        let mut out = Vec::new();
        let timings = rules.iter().map(|r| timed(*r, &mut out)).collect();
        return (out, timings);
    }
    // Below that: the rules in parallel, their findings joined in registry order (the same
    // bytes out as one after another). Most of a small run's rules time is compiling the
    // patterns of the text rules, which need nothing of each other; a tree of 100 business
    // units runs its rules stage in ~0.8 of the time one after another took (issue 16).
    use rayon::prelude::*;
    let found: Vec<(Vec<Diagnostic>, (&'static str, std::time::Duration))> = rules
        .par_iter()
        .map(|r| {
            let mut out = Vec::new();
            let t = timed(*r, &mut out);
            (out, t)
        })
        .collect();
    let mut out = Vec::with_capacity(found.iter().map(|(f, _)| f.len()).sum());
    let mut timings = Vec::with_capacity(found.len());
    for (f, t) in found {
        out.extend(f);
        timings.push(t);
    }
    (out, timings)
}

/// Quote a value for a message: `value`.
pub fn q(s: &str) -> String {
    format!("`{s}`")
}

/// One finding at the top of each file that lacks a column altogether, instead of one per row.
/// `files` maps each file to the location of one of its records (see `file_anchor`) and the IDs
/// of the rows concerned: each row is a member of the file's finding, so a waiver of one control
/// or a baseline entry acts on it alone (`diagnostic::group`).
pub fn per_file(
    cx: &Context,
    meta: &'static RuleMeta,
    files: std::collections::BTreeMap<crate::source::FileId, (crate::source::Loc, Vec<String>)>,
    message: &str,
    label: &str,
    help: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (file, (at, ids)) in files {
        let key = &cx.files.get(file).path;
        for id in ids {
            out.push(
                Diagnostic::at(meta, &at, message)
                    .label(label)
                    .help(help)
                    .entity(id)
                    .grouped(key, crate::diagnostic::group::list_entities),
            );
        }
    }
}

/// Where a finding about a whole file points, given one of its records: the top of a text
/// file, or that record's cell in a workbook (which has no "top").
pub fn file_anchor(record: &crate::source::Loc) -> crate::source::Loc {
    if record.is_cell() {
        *record
    } else {
        crate::source::Loc::file_start(record.file())
    }
}

/// A date for a message, with the precision it was written with: a date written to the month
/// (`Jan 2025`) is shown as written and as the day the rules read it, the end of that month
/// (issue 17 item 2).
pub fn shown_date(cx: &Context, date: jiff::civil::Date, loc: &crate::source::Loc) -> String {
    let text = if loc.is_cell() {
        cx.files.cell_text(loc)
    } else {
        cx.files.get(loc.file()).text().get(loc.start()..loc.end())
    };
    match text
        .map(str::trim)
        .and_then(|t| Some((t, crate::model::values::date_period(t)?)))
    {
        Some((t, period)) => format!("{t} (read as the end of that {period}, {date})"),
        None => date.to_string(),
    }
}
