//! Config can always rescue the reading (issue 18 items 1-3): `values:` per source and field,
//! validated at its line with did-you-mean; configured sources decide for the files they name.

mod common;

use common::ismslint;
use std::fs;

fn config_errors(yaml: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("ismslint.yaml"), yaml).expect("write");
    let out = ismslint().arg(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{yaml}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn values_unknown_field_and_target_are_errors_at_their_line() {
    let err = config_errors(
        "sources:\n  - path: soa.csv\n    kind: control\n    values:\n      aplicable: { Inc: yes }\n      status: { Feito: implemnted, 'Em curso': partial }\n",
    );
    assert!(err.contains("ismslint.yaml:5:7"), "{err}");
    assert!(err.contains("unknown field `aplicable` in values"), "{err}");
    assert!(err.contains("did you mean `applicable`?"), "{err}");
    assert!(err.contains("ismslint.yaml:6:24"), "{err}");
    assert!(
        err.contains("`implemnted` is not a value of `status`"),
        "{err}"
    );
    assert!(err.contains("did you mean `implemented`?"), "{err}");
    assert!(
        err.contains("`partial` is not a value of `status`"),
        "{err}"
    );
    // A field of another kind, and a field with an open set of values.
    let err = config_errors(
        "sources:\n  - path: risks.csv\n    kind: risk\n    values:\n      applicable: { Inc: yes }\n      treatment: { Mitigar: modify }\n  - path: soa.csv\n    kind: control\n    values:\n      owner: { CISO: yes }\n",
    );
    assert!(err.contains("ismslint.yaml:5:7"), "{err}");
    assert!(
        err.contains("unknown field `applicable` in values"),
        "{err}"
    );
    assert!(err.contains("ismslint.yaml:10:7"), "{err}");
    assert!(
        err.contains("closed set of values: applicable, status"),
        "{err}"
    );
    assert!(
        !err.contains(":6:"),
        "treatment of a risk source is valid: {err}"
    );
}

#[test]
fn values_and_detect_written_right_are_accepted() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("ismslint.yaml"),
        "sources:\n  - path: soa.csv\n    detect: true\n    values:\n      applicable: { Inc: yes, Exc: no, '✅ Yes': yes, Ναι: yes }\n      status: { 'Em curso': partially_implemented }\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("soa.csv"),
        "Control,Applicable\nA.5.1,Inc\n",
    )
    .expect("write");
    let out = ismslint().arg(dir.path()).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{err}");
    let err = config_errors("sources:\n  - path: soa.csv\n    detect: sometimes\n");
    assert!(err.contains("ismslint.yaml:3:13"), "{err}");
    assert!(err.contains("`detect` should be true or false"), "{err}");
}

#[test]
fn auto_false_reads_no_table_of_a_document_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("policies")).expect("mkdir");
    fs::write(
        dir.path().join("ismslint.yaml"),
        "auto: false\nsources:\n  - path: policies/*.md\n    kind: document\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("policies/access.md"),
        "---\ntitle: Access Policy\n---\n\n# Access Policy\n\n## SoA excerpt\n\n| Control | Applicable |\n|---|---|\n| A.5.15 | Yes |\n| A.8.5 | No |\n",
    )
    .expect("write");
    let out = ismslint().arg(dir.path()).arg("-v").output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    let notes = String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("SOA005"), "{text}");
    assert!(!text.contains("A.8.5"), "{text}");
    assert!(
        format!("{text}{notes}").contains("table at line 9 not read"),
        "{text}{notes}"
    );
}

/// `init` on an SoA whose applicability column says `Inc`/`Exc` writes a `values:` block to
/// confirm; with it, the SoA reads its exclusions (issue 18 item 1).
#[test]
fn init_writes_values_for_inc_exc_and_the_config_reads_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut soa = String::from("Control,Title,Applicable,Justification,Status\n");
    let catalog = &ismslint::catalog::Catalog::shared().controls;
    for (i, c) in catalog.iter().enumerate() {
        let (inc, just, status) = if i % 10 == 3 {
            (
                "Exc",
                "No premises of our own: offices in a managed co-working space",
                "N/A",
            )
        } else {
            (
                "Inc",
                "Required by the risk assessment 2026",
                "Parcialmente feito",
            )
        };
        let title = c.title.replace(',', " ");
        soa.push_str(&format!("{},{title},{inc},{just},{status}\n", c.id));
    }
    fs::write(dir.path().join("soa.csv"), &soa).expect("write");
    let before = ismslint().arg(dir.path()).output().expect("run");
    let text = String::from_utf8_lossy(&before.stdout);
    assert!(text.contains("IN002"), "{text}");
    let out = ismslint()
        .arg("init")
        .arg(dir.path())
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = fs::read_to_string(dir.path().join("ismslint.yaml")).expect("config");
    assert!(yaml.contains("values:"), "{yaml}");
    assert!(yaml.contains("CONFIRM"), "{yaml}");
    assert!(yaml.contains("\"Inc\": yes"), "{yaml}");
    assert!(yaml.contains("\"Exc\": no"), "{yaml}");
    assert!(
        yaml.contains("\"Parcialmente feito\": partially_implemented"),
        "{yaml}"
    );
    let after = ismslint().arg(dir.path()).output().expect("run");
    let text = String::from_utf8_lossy(&after.stdout);
    assert!(!text.contains("IN002"), "{yaml}\n{text}");
    let excluded = (0..catalog.len()).filter(|i| i % 10 == 3).count();
    assert!(
        text.contains(&format!(
            "{} applicable, {excluded} excluded",
            catalog.len() - excluded
        )),
        "{yaml}\n{text}"
    );
}

#[test]
fn source_aliases_are_validated_at_their_line() {
    let err = config_errors(
        "sources:\n  - path: soa.csv\n    kind: control\n    aliases:\n      aplicable: [Inc/Exc]\n",
    );
    assert!(err.contains("ismslint.yaml:5:7"), "{err}");
    assert!(
        err.contains("unknown field `aplicable` in aliases"),
        "{err}"
    );
    assert!(err.contains("did you mean `applicable`?"), "{err}");
}
