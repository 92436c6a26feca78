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
    if cx.model.has_soa() || template_library(cx) {
        return;
    }
    let mut message = "no Statement of Applicability found: ISO 27001 clause 6.1.3 d requires one, listing every Annex A control with its applicability and justification".to_string();
    // A file named like an SoA was tried: say which and why nothing was read (issue 17 item 1).
    for (path, why) in cx.model.soa_tried.iter().take(3) {
        message.push_str(&format!(
            "; `{path}` was read as an SoA but gave no control: {why}"
        ));
    }
    if cx.model.soa_tried.len() > 3 {
        message.push_str(&format!(
            "; and {} more files named like an SoA",
            cx.model.soa_tried.len() - 3
        ));
    }
    out.push(
        Diagnostic::new(&META, None, message)
        .help("name the file `soa.yaml`/`soa.csv`/`statement-of-applicability.md`, give it a table with `Control` and `Applicable` columns (or one list item or section per control: `- A.5.1 Policies — Applicable: yes — Justification: …`), or add a source with `kind: control` to ismslint.yaml"),
    );
}

/// A template library or knowledge base, not an ISMS: every file named like an SoA is a template
/// (`templates/soa/soa.csv`, `templates/soa/example.en.csv`), and the repository keeps no
/// controlled document and no register (no risk, asset, evidence or owner record). Its blank
/// SoA is for someone else to fill in; there is no organisation whose SoA is missing. An ISMS
/// built from such a kit keeps at least one document or register, and then SOA001 is reported.
fn template_library(cx: &Context) -> bool {
    let m = cx.model;
    !m.soa_tried.is_empty()
        && m.soa_tried
            .iter()
            .all(|(path, _)| cx.config.documents.is_template(path))
        && m.documents.is_empty()
        && m.risks.is_empty()
        && m.assets.is_empty()
        && m.evidence.is_empty()
        && m.owners.is_empty()
}
