//! SOA001: no Statement of Applicability was found.

use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::rules::Context;

pub static META: RuleMeta = RuleMeta {
    code: "SOA001",
    name: "no-soa",
    default: Some(Severity::Error),
    summary: "no Statement of Applicability was found",
    options: &[],
};

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    if cx.model.has_soa() {
        return;
    }
    out.push(
        Diagnostic::new(
            &META,
            None,
            "no Statement of Applicability found: ISO 27001 clause 6.1.3 d requires one, listing every Annex A control with its applicability and justification",
        )
        .help("name the file `soa.yaml`/`soa.csv`/`statement-of-applicability.md`, give it a table with `Control` and `Applicable` columns, or add a source with `kind: control` to ismslint.yaml"),
    );
}
