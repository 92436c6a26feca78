//! LNK005: one owner holds more than `max_share` of the applicable controls (A.5.3 segregation
//! of duties; a single point of failure).

use crate::diagnostic::{Diagnostic, OptionKind, RuleMeta, RuleOption, Severity};
use crate::rules::Context;
use crate::rules::soa::control_rows;
use crate::source::Loc;
use std::collections::BTreeMap;

pub static META: RuleMeta = RuleMeta {
    code: "LNK005",
    name: "owner-concentration",
    default: Some(Severity::Warning),
    summary: "one owner holds most of the applicable controls",
    options: &[
        RuleOption {
            name: "max_share",
            kind: OptionKind::Number,
            default: "0.5",
            doc: "the largest share of applicable controls one owner may hold",
        },
        RuleOption {
            name: "min_controls",
            kind: OptionKind::Integer,
            default: "10",
            doc: "the rule applies once there are at least this many applicable controls",
        },
    ],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let max_share = cx.config.option(META.code, "max_share", 0.5);
    let min_controls = cx.config.option(META.code, "min_controls", 10.0) as usize;
    let applicable: Vec<_> = control_rows(cx.model, cx.catalog)
        .filter(|(c, _)| c.is_applicable())
        .collect();
    if applicable.len() < min_controls {
        return;
    }
    let mut by_owner: BTreeMap<String, (String, Vec<&Loc>)> = BTreeMap::new();
    for (c, _) in &applicable {
        if let Some(o) = c.owner.get() {
            // Different spellings of one owner (name, email, role) count together.
            let key = cx
                .model
                .owner(o)
                .map_or(o.to_lowercase(), |x| x.label().to_lowercase());
            by_owner
                .entry(key)
                .or_insert_with(|| (o.clone(), Vec::new()))
                .1
                .push(&c.owner.loc);
        }
    }
    let total = applicable.len();
    for (name, locs) in by_owner.values() {
        let share = locs.len() as f64 / total as f64;
        if share <= max_share {
            continue;
        }
        out.push(
            Diagnostic::at(
                &META,
                locs[0],
                format!(
                    "`{name}` owns {} of the {total} applicable controls ({:.0}%, above {:.0}%): a single point of failure and no segregation of duties (ISO 27001 A.5.3)",
                    locs.len(), share * 100.0, max_share * 100.0
                ),
            )
            .label("first of the controls owned")
            .entity(name)
            .help("assign controls to the people who operate them; set `rules: { owner-concentration: { max_share: ... } }` if this is deliberate"),
        );
    }
}
