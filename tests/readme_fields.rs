//! Issue 10: the README teaches the data. Its "Registers and their fields" section is the output
//! of `ismslint fields`, generated from `rules/fields.tsv`; this test keeps it current, checks
//! that every value word it shows is read as it says by the real parsers, and that each example
//! register is read as its kind without an input error.

mod common;

use ismslint::cli::fields_cmd::{self, EXAMPLES, VALUES};
use ismslint::model::control_id::{ControlRef, parse_control_ref};
use ismslint::model::entity::Reason;
use ismslint::model::values::{
    self, Status, Treatment, Tri, parse_duration, parse_number, parse_status, parse_treatment,
    parse_tri,
};

#[test]
fn readme_has_the_generated_section() {
    let readme = std::fs::read_to_string(common::repo_root().join("README.md")).expect("README.md");
    assert!(
        readme.contains(&fields_cmd::markdown()),
        "README's \"Registers and their fields\" is stale: paste the output of `ismslint fields`"
    );
}

#[test]
fn every_field_has_a_kind_of_value_and_every_kind_of_value_is_used() {
    let rows = fields_cmd::rows();
    assert!(rows.len() > 60, "{} fields", rows.len());
    for (kind, field, _, keyword) in &rows {
        assert!(
            VALUES.iter().any(|v| v.keyword == *keyword),
            "{kind}.{field}: unknown kind of value `{keyword}` in rules/fields.tsv"
        );
    }
    for v in VALUES {
        assert!(
            rows.iter().any(|r| r.3 == v.keyword),
            "`{}` is documented but no field has it",
            v.keyword
        );
    }
}

#[test]
fn every_value_shown_is_read_as_shown() {
    let mut checked = 0;
    for doc in VALUES {
        for (meaning, words) in doc.accepted {
            for w in *words {
                checked += 1;
                let ok = match doc.keyword {
                    "yes-no" => {
                        parse_tri(w)
                            == Some(match *meaning {
                                "yes" => Tri::Yes,
                                "no" => Tri::No,
                                _ => Tri::Undecided,
                            })
                    }
                    "status" => {
                        parse_status(w)
                            == Some(match *meaning {
                                "implemented" => Status::Implemented,
                                "partially implemented" => Status::Partial,
                                "planned" => Status::Planned,
                                "not implemented" => Status::NotImplemented,
                                _ => Status::NotApplicable,
                            })
                    }
                    "treatment" => {
                        parse_treatment(w)
                            == Some(match *meaning {
                                "modify" => Treatment::Modify,
                                "retain" => Treatment::Retain,
                                "avoid" => Treatment::Avoid,
                                _ => Treatment::Share,
                            })
                    }
                    "reasons" => {
                        Reason::parse(w)
                            == match *meaning {
                                "risk" => Reason::Risk,
                                "legal" => Reason::Legal,
                                "regulatory" => Reason::Regulatory,
                                "contractual" => Reason::Contractual,
                                "business" => Reason::Business,
                                "best practice" => Reason::BestPractice,
                                _ => Reason::Baseline,
                            }
                    }
                    "number" => parse_number(w).is_some(),
                    "date" => values::parse_date_in(w, None, None).is_ok(),
                    "duration" => parse_duration(w).is_some(),
                    "control-id" => {
                        parse_control_ref(w) == Some(ControlRef::Control("A.5.1".into()))
                    }
                    "controls" => {
                        let items = values::split_list(w);
                        items.len() == 2
                            && items.iter().all(|(item, _, _)| {
                                matches!(parse_control_ref(item), Some(ControlRef::Control(_)))
                            })
                    }
                    other => panic!("no parser checks `{other}`: add one here"),
                };
                assert!(ok, "{}: `{w}` is not read as {meaning:?}", doc.keyword);
            }
        }
    }
    assert!(checked > 80, "only {checked} words checked");
}

#[test]
fn every_example_is_read_as_its_kind_without_an_input_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (_, path, text) in EXAMPLES {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(&file, text).expect("write");
    }
    let o = common::lint(dir.path(), &[]);
    let input_errors: Vec<String> = o
        .diagnostics
        .iter()
        .filter(|d| d.rule.code.starts_with("IN"))
        .map(|d| d.message.clone())
        .collect();
    assert!(input_errors.is_empty(), "{input_errors:?}");
    for (kind, path, text) in EXAMPLES {
        if *kind == ismslint::model::record::Kind::Document {
            // A front matter is a document; its metadata is complete, so no DOC004.
            let doc = o
                .files
                .iter()
                .find(|(_, f)| f.path == *path)
                .map(|(id, _)| id);
            assert!(doc.is_some(), "{path} not read");
            assert!(
                !o.diagnostics
                    .iter()
                    .any(|d| d.rule.code == "DOC004" && d.loc.as_ref().map(|l| l.file()) == doc),
                "{path}: metadata not read"
            );
            continue;
        }
        let records = text.matches("\n  - id:").count().max(1);
        let read = o
            .detected
            .iter()
            .filter(|(p, d)| p == path && d.kind == *kind)
            .map(|(_, d)| d.records)
            .sum::<usize>();
        assert_eq!(read, records, "{path}: {:?}", o.detected);
    }
}
