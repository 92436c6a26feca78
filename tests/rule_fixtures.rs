//! Every rule has fixtures under `fixtures/rules/<CODE>/`: cases named `fires*` must produce at
//! least one finding of that rule, cases named `passes*` none. The findings of the rule in each
//! case are snapshotted (concise and JSON), so a change in location or message is seen in review.

mod common;

use common::{lint, render, repo_root, subdirs};
use ismslint::output::Format;

#[test]
fn every_rule_fixture_fires_or_passes_as_named() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for rule_dir in subdirs(&repo_root().join("fixtures/rules")) {
        let code = rule_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        for case in subdirs(&rule_dir) {
            let name = case
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            // Suppression findings depend on the rules they suppress running too.
            let select: &[&str] = if code.starts_with("ISM") {
                &[]
            } else {
                &[&code]
            };
            let outcome = lint(&case, select);
            let found = outcome
                .diagnostics
                .iter()
                .filter(|d| d.rule.code == code)
                .count();
            cases += 1;
            if name.starts_with("fires") && found == 0 {
                failures.push(format!(
                    "{code}/{name}: expected {code} to fire, it did not"
                ));
            }
            if name.starts_with("passes") && found > 0 {
                failures.push(format!(
                    "{code}/{name}: expected no {code}, got {found}:\n{}",
                    render(&outcome, Format::Concise)
                ));
            }
            let snap = format!("{code}__{name}");
            insta::assert_snapshot!(
                format!("{snap}__concise"),
                render(&outcome, Format::Concise)
            );
            insta::assert_snapshot!(format!("{snap}__json"), render(&outcome, Format::Json));
        }
    }
    assert!(cases > 0, "no fixtures found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
