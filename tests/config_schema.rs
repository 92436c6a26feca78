//! Issue 10: the published config schema (`ismslint config-schema`) accepts what the config
//! validator accepts, and rejects what it rejects. Both are generated from the same tables
//! (`config::vocab`, `Kind::WORDS`, the field aliases, the rule registry); this test compares
//! them value by value on every word of every table, on variants of them (case, separators,
//! quoting) and on near misses, at every place a value can go. A YAML file is read for the
//! schema as yaml-language-server would (unquoted numbers and `true`/`false` typed).

use ismslint::config::vocab;
use ismslint::model::aliases::FieldTable;
use ismslint::model::record::Kind;
mod common;

use ismslint::source::SourceMap;

/// A YAML single-quoted scalar.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

struct Judge {
    schema: jsonschema::Validator,
    dir: tempfile::TempDir,
    checked: usize,
    accepted: usize,
    disagreements: Vec<String>,
}

impl Judge {
    fn new() -> Self {
        let text = ismslint::cli::schema::schema();
        let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
        Judge {
            schema: jsonschema::validator_for(&schema).expect("valid JSON Schema"),
            dir: tempfile::tempdir().expect("tempdir"),
            checked: 0,
            accepted: 0,
            disagreements: Vec::new(),
        }
    }

    /// Does the validator accept this config? Does the schema?
    fn check(&mut self, yaml: &str) {
        let path = self.dir.path().join("ismslint.yaml");
        std::fs::write(&path, yaml).expect("write");
        let mut files = SourceMap::default();
        let known: Vec<_> = ismslint::rules::metas().collect();
        let by_validator =
            match ismslint::config::load(&path, "ismslint.yaml".into(), &mut files, &known) {
                Ok(_) => true,
                Err(Ok(_)) => false,
                Err(Err(e)) => panic!("cannot read the config: {e}"),
            };
        let node = ismslint::parse::yaml::parse(yaml, 0).expect("YAML");
        let json = node
            .as_ref()
            .map_or(serde_json::Value::Null, common::yaml_to_json);
        let by_schema = self.schema.is_valid(&json);
        self.checked += 1;
        self.accepted += usize::from(by_validator);
        if by_validator != by_schema {
            self.disagreements.push(format!(
                "validator {}, schema {}:\n{yaml}",
                if by_validator { "accepts" } else { "rejects" },
                if by_schema { "accepts" } else { "rejects" }
            ));
        }
    }

    fn each(&mut self, values: &[String], template: impl Fn(&str) -> String) {
        for v in values {
            self.check(&template(v));
        }
    }
}

/// A word as written, in other cases, with separators, and near misses.
fn variants(words: &[&str], separators: bool) -> Vec<String> {
    let mut out = Vec::new();
    for w in words {
        out.push(w.to_string());
        out.push(w.to_uppercase());
        let mut title = w.to_string();
        if let Some(f) = title.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
        out.push(title);
        out.push(format!("{w}x"));
        out.push(format!("x{w}"));
        if w.len() > 2 {
            out.push(w[..w.len() - 1].to_string());
            let mid = w.len() / 2;
            if w.is_char_boundary(mid) {
                out.push(format!("{} {}", &w[..mid], &w[mid..]));
                out.push(format!("{}-{}", &w[..mid], &w[mid..]));
                out.push(format!("{};{}", &w[..mid], &w[mid..]));
            }
        }
        if separators {
            out.push(format!(" {w} "));
            out.push(format!("{w}_"));
        }
    }
    out.extend(["", " ", "?", "1", "true", "null"].map(String::from));
    out
}

#[test]
fn the_schema_accepts_what_the_validator_accepts_and_nothing_else() {
    let mut j = Judge::new();
    let fields = FieldTable::builtin();

    // Kinds, as a source's `kind:` and as an `aliases:` key (`kind: risks`).
    let kinds: Vec<&str> = Kind::WORDS.iter().map(|(w, _)| *w).collect();
    let mut kind_values = variants(&kinds, true);
    kind_values.extend(
        [
            "risk register",
            "Risk-Register",
            "asset.register",
            "risk/register",
            "rïsk",
            "Statement of Applicability",
        ]
        .map(String::from),
    );
    j.each(&kind_values, |v| {
        format!("sources:\n  - path: soa.md\n    kind: {}\n", q(v))
    });
    j.each(&kind_values, |v| {
        format!("aliases:\n  {}:\n    id: [Ref]\n", q(v))
    });

    // Rule names and levels.
    let names: Vec<&str> = ismslint::rules::metas()
        .flat_map(|m| [m.code, m.name])
        .collect();
    let name_values = variants(&names, false);
    j.each(&name_values, |v| format!("rules:\n  {}: warn\n", q(v)));
    j.each(&name_values, |v| {
        format!(
            "waivers:\n  - rule: {}\n    entity: A.5.1\n    reason: agreed\n",
            q(v)
        )
    });
    let levels: Vec<&str> = vocab::LEVELS.iter().map(|(w, _)| *w).collect();
    j.each(&variants(&levels, false), |v| {
        format!("rules:\n  SOA005: {}\n", q(v))
    });
    j.each(&variants(&levels, false), |v| {
        format!("rules:\n  owner-concentration:\n    level: {}\n", q(v))
    });

    // Rule options: numbers, whole numbers, unknown options.
    for m in ismslint::rules::metas() {
        for o in m.options {
            for value in ["2", "0.6", "'3'", "many", "[1]"] {
                j.check(&format!("rules:\n  {}:\n    {}: {value}\n", m.code, o.name));
            }
            j.check(&format!("rules:\n  {}:\n    {}x: 2\n", m.name, o.name));
        }
    }

    // Words of the other tables, as written.
    let words = |t: &[&str]| variants(t, false);
    let score: Vec<&str> = vocab::SCORE_METHODS.iter().map(|(w, _)| *w).collect();
    j.each(&words(&score), |v| format!("risk:\n  score: {}\n", q(v)));
    let orders: Vec<&str> = vocab::DATE_ORDERS.iter().map(|(w, _)| *w).collect();
    j.each(&words(&orders), |v| format!("date_order: {}\n", q(v)));
    let languages: Vec<&str> = vocab::LANGUAGES.iter().map(|(w, _)| *w).collect();
    j.each(&words(&languages), |v| format!("language: {}\n", q(v)));
    j.each(&words(&languages), |v| {
        format!("sources:\n  - path: soa.csv\n    language: {}\n", q(v))
    });
    for v in [
        "true", "false", "yes", "no", "True", "on", "1", "'true'", "'yes'", "~",
    ] {
        j.check(&format!("auto: {v}\n"));
    }

    // Frameworks: the editions at the top, any other framework on a source.
    let frameworks: Vec<String> = [
        "iso27001:2022",
        "iso27001:2013",
        "ISO/IEC 27001:2022",
        "ISO 27001",
        "27001",
        "iso27001",
        "iso27001:2021",
        "iso 27001:2o22",
        "ISO 27001 Annex A",
        "iso42001",
        "NIS2",
        "soc2",
        "",
        "--",
    ]
    .map(String::from)
    .to_vec();
    j.each(&frameworks, |v| format!("framework: {}\n", q(v)));
    j.each(&frameworks, |v| {
        format!("sources:\n  - path: ai.csv\n    framework: {}\n", q(v))
    });

    // Keys at every level, and near misses of them.
    let minimal = |key: &str| -> &'static str {
        match key {
            "framework" => "iso27001:2022",
            "sources" => "[{ path: soa.md }]",
            "auto" => "true",
            "risk" => "{ score: sum }",
            "rules" => "{ SOA005: warn }",
            "aliases" => "{ risk: { likelihood: [L] } }",
            "date_order" => "iso",
            "language" => "de",
            "packs" => "[]",
            "disable_patterns" => "[]",
            "documents" => "{ folders: [policies] }",
            "waivers" => "[]",
            _ => "x",
        }
    };
    for key in vocab::TOP_KEYS {
        j.check(&format!("{key}: {}\n", minimal(key)));
        j.check(&format!("{key}s: {}\n", minimal(key)));
    }
    for key in vocab::SOURCE_KEYS {
        let value = match *key {
            "table" => "1",
            "header_row" => "4",
            "columns" => "{ id: Ref }",
            "split" => "{ 'Treatment / Owner': [treatment, owner] }",
            "kind" => "risk",
            "detect" => "true",
            "aliases" => "{ likelihood: [L, Prob] }",
            "values" => "{ treatment: { Mitigate: modify } }",
            _ => "x",
        };
        j.check(&format!("sources:\n  - path: r.csv\n    {key}: {value}\n"));
        j.check(&format!("sources:\n  - path: r.csv\n    {key}x: {value}\n"));
    }
    // `values:` per source kind (issue 18 item 1): the closed fields and their words only.
    for kind in ["", "control", "risk", "owner", "document", "soa"] {
        let kind = if kind.is_empty() {
            String::new()
        } else {
            format!("    kind: {kind}\n")
        };
        for (field, targets) in [
            (
                "applicable",
                "{ Inc: yes, Exc: no, '✅ Yes': yes, Ναι: yes, '?': undecided }",
            ),
            ("applicable", "{ Inc: Yes }"),
            ("applicable", "{ Inc: true }"),
            ("applicable", "{ Inc: [yes] }"),
            ("applicable", "{ Inc: ~ }"),
            ("applicable", "x"),
            ("applicable", "~"),
            (
                "status",
                "{ Em curso: partially_implemented, Feito: implemented }",
            ),
            ("status", "{ Em curso: partial }"),
            ("treatment", "{ Mitigate: modify }"),
            ("active", "{ Sim: yes }"),
            ("aplicable", "{ Inc: yes }"),
            ("owner", "{ Me: yes }"),
        ] {
            j.check(&format!(
                "sources:\n  - path: r.csv\n{kind}    values:\n      {field}: {targets}\n"
            ));
        }
    }
    // Source aliases (issue 18 item 2): fields of the source's kind, headers as scalars.
    for kind in ["", "    kind: control\n", "    kind: risk\n"] {
        for aliases in [
            "{ applicable: [Inc/Exc] }",
            "{ applicable: Inc/Exc }",
            "{ applicable: ~ }",
            "{ likelihood: [P] }",
            "{ aplicable: [X] }",
            "{ applicable: { a: b } }",
            "x",
            "~",
        ] {
            j.check(&format!(
                "sources:\n  - path: r.csv\n{kind}    aliases: {aliases}\n"
            ));
        }
    }
    for v in ["true", "false", "yes", "no", "True", "1", "'true'", "~"] {
        j.check(&format!("sources:\n  - path: r.csv\n    detect: {v}\n"));
    }
    for key in vocab::RISK_KEYS {
        let value = match *key {
            "likelihood" | "impact" => "[1, 5]",
            "score" => "product",
            "acceptance_threshold" => "8",
            _ => "[CISO]",
        };
        j.check(&format!("risk:\n  {key}: {value}\n"));
        j.check(&format!("risk:\n  {key}_: {value}\n"));
    }
    for key in vocab::DOCUMENT_KEYS {
        j.check(&format!("documents:\n  {key}: [a]\n"));
        j.check(&format!("documents:\n  {key}x: [a]\n"));
    }
    for key in vocab::WAIVER_KEYS {
        let base = "waivers:\n  - rule: SOA005\n    entity: A.5.1\n    reason: agreed\n";
        j.check(&format!("{base}    {key}x: y\n"));
    }

    // Fields per kind in `columns:` and `split:`.
    let all_fields: Vec<&str> = Kind::ALL
        .iter()
        .flat_map(|k| fields.fields(*k).iter().copied())
        .collect();
    for kind in Kind::ALL.iter().map(|k| Some(k.name())).chain([None]) {
        let kind_line = kind.map_or(String::new(), |k| format!("    kind: {k}\n"));
        for field in all_fields.iter().copied().chain(["nonsense"]) {
            j.check(&format!(
                "sources:\n  - path: r.csv\n{kind_line}    columns: {{ {field}: Some column }}\n"
            ));
        }
        j.check(&format!(
            "sources:\n  - path: r.csv\n{kind_line}    split: {{ 'A / B': [treatment, owner] }}\n"
        ));
        j.check(&format!(
            "sources:\n  - path: r.csv\n{kind_line}    split: {{ 'A / B': [owner] }}\n"
        ));
    }
    for kind in Kind::ALL {
        for field in all_fields.iter().copied().chain(["nonsense"]) {
            j.check(&format!("aliases:\n  {}:\n    {field}: [X]\n", kind.name()));
        }
    }

    // Numbers and shapes.
    for v in ["1", "4", "0", "-1", "2.5", "'3'", "x", "[1]", "~"] {
        j.check(&format!("sources:\n  - path: r.csv\n    header_row: {v}\n"));
    }
    for v in ["1", "[1, 2]", "0", "'2'", "[0]", "x", "~"] {
        j.check(&format!("sources:\n  - path: soa.md\n    table: {v}\n"));
    }
    for path in ["soa.md", "SoA.xlsx", "b.ODS"] {
        j.check(&format!("sources:\n  - path: {path}\n    table: 2\n"));
        j.check(&format!(
            "sources:\n  - path: {path}\n    header: Risk ID\n"
        ));
        j.check(&format!("sources:\n  - path: {path}\n    header: ' '\n"));
    }
    for v in ["[1, 5]", "[0, 10]", "[1]", "5", "['1', '5']", "[a, b]"] {
        j.check(&format!("risk:\n  likelihood: {v}\n"));
    }
    for v in ["8", "'8'", "7.5", "high"] {
        j.check(&format!("risk:\n  acceptance_threshold: {v}\n"));
    }
    // Issue 12: word scales, levels, matrix, composite impact.
    for v in [
        "[Low, Medium, High]",
        "[Low, { level: Medium, aliases: [Med, Moderate] }, High]",
        "[Low, { level: Medium, alias: Med }, High]",
        "[Low, { aliases: [Med] }, High]",
        "[Low]",
        "[Low, '']",
        "[Low, ~]",
        "[1, 2, 3]",
        "[1, Low]",
        "[[Low], High]",
    ] {
        j.check(&format!("risk:\n  likelihood: {v}\n"));
        j.check(&format!("risk:\n  levels: {v}\n"));
    }
    for v in [
        "{ from: [C, I, A], combine: max }",
        "{ from: [C, I, A], combine: sum, scale: [1, 3] }",
        "{ from: [C, I, A], combine: highest, scale: [Low, Medium, High] }",
        "{ from: [C, I, A] }",
        "{ from: C, combine: max }",
        "{ from: [C, ''], combine: max }",
        "{ combine: max }",
        "{ from: [C, I], combine: median }",
        "{ from: [C, I], combin: max }",
    ] {
        j.check(&format!("risk:\n  impact: {v}\n"));
    }
    // A word that is no level (`Severe`) is the validator's to reject: a schema cannot compare
    // two values.
    for v in ["Medium", "med", "8"] {
        j.check(&format!(
            "risk:\n  levels: [Low, Medium, High]\n  acceptance_threshold: {v}\n"
        ));
    }
    let lmh = "risk:\n  likelihood: [Low, Medium, High]\n  impact: [Low, Medium, High]\n  levels: [Low, Medium, High]\n";
    j.check(&format!(
        "{lmh}  matrix: [[Low, Low, Medium], [Low, Medium, High], [Medium, High, High]]\n"
    ));
    j.check("risk:\n  matrix: [[Low, Low], [Low, High]]\n");
    for v in ["2027-03-31", "2027-3-1", "tomorrow", "31/03/2027"] {
        j.check(&format!(
            "waivers:\n  - rule: SOA005\n    entity: A.5.1\n    reason: agreed\n    expires: {v}\n"
        ));
    }
    for item in [
        "{ rule: SOA005, reason: r }",
        "{ rule: SOA005, entity: A.5.1 }",
        "{ rule: SOA005, entity: A.5.1, reason: ' ' }",
        "{ entity: A.5.1, reason: r }",
        "{ rule: SOA005, path: 'registers/*.csv', reason: r }",
    ] {
        j.check(&format!("waivers:\n  - {item}\n"));
    }
    for v in ["[a.yaml]", "a.yaml", "~", "{ a: b }"] {
        j.check(&format!("packs: {v}\n"));
    }
    j.check("");
    j.check("~\n");
    j.check("- a\n");

    assert!(j.checked > 1000, "only {} configs compared", j.checked);
    assert!(
        j.accepted > 200,
        "only {} accepted: the corpus is too narrow",
        j.accepted
    );
    assert!(
        j.disagreements.is_empty(),
        "{} of {} configs judged differently:\n\n{}",
        j.disagreements.len(),
        j.checked,
        j.disagreements.join("\n")
    );
}
