//! `ismslint fields`: the registers ismslint reads and their fields — the README's "Registers
//! and their fields" section, generated from `rules/fields.tsv` (kind, field, aliases, the kind
//! of value) and from the value words the parsers accept (`tests/readme_fields.rs` checks that
//! every word shown here is read as shown, that each example is read without an error, and that
//! the README holds this text).

use crate::model::record::Kind;

const FIELDS_TSV: &str = include_str!("../../rules/fields.tsv");

/// What a kind of value accepts, as shown; each example is checked against its parser.
pub struct ValueDoc {
    pub keyword: &'static str,
    /// As the field tables name it.
    pub short: &'static str,
    pub text: &'static str,
    /// Groups of accepted spellings: (what they mean, the spellings).
    pub accepted: &'static [(&'static str, &'static [&'static str])],
}

pub const VALUES: &[ValueDoc] = &[
    ValueDoc {
        keyword: "control-id",
        short: "control ID",
        text: "an Annex A control ID, written in any of the usual ways; a 2013 ID (`A.9.2.3`) is reported by SOA004",
        accepted: &[(
            "",
            &[
                "A.5.1",
                "5.1",
                "A.05.01",
                "A 5.1",
                "ISO27001:2022 A.5.1",
                "A.5.1 Policies for information security",
            ],
        )],
    },
    ValueDoc {
        keyword: "id",
        short: "ID",
        text: "the record's ID, unique in its register (IN003)",
        accepted: &[],
    },
    ValueDoc {
        keyword: "text",
        short: "text",
        text: "text; a placeholder (`[TBD]`, `<owner>`, `TBC`) counts as empty",
        accepted: &[],
    },
    ValueDoc {
        keyword: "yes-no",
        short: "yes / no",
        text: "yes, no or undecided, in any case",
        accepted: &[
            (
                "yes",
                &[
                    "yes",
                    "y",
                    "true",
                    "x",
                    "✓",
                    "✅",
                    "applicable",
                    "included",
                    "1",
                ],
            ),
            (
                "no",
                &[
                    "no",
                    "n",
                    "false",
                    "✗",
                    "❌",
                    "excluded",
                    "not applicable",
                    "n/a",
                    "0",
                ],
            ),
            ("undecided", &["", "-", "TBD", "TBC", "?", "pending"]),
        ],
    },
    ValueDoc {
        keyword: "reasons",
        short: "reasons",
        text: "a list of reasons for selecting the control (any other word still counts as a stated reason)",
        accepted: &[
            ("risk", &["risk", "risk assessment", "RA"]),
            ("legal", &["legal", "statutory"]),
            ("regulatory", &["regulatory", "compliance"]),
            ("contractual", &["contractual", "contract", "customer"]),
            ("business", &["business", "business requirement"]),
            ("best practice", &["best practice", "good practice"]),
            ("baseline", &["baseline"]),
        ],
    },
    ValueDoc {
        keyword: "status",
        short: "status",
        text: "the implementation status, in any case; a note after it is fine (`Implemented (80%)`, `Planned - Q3`)",
        accepted: &[
            (
                "implemented",
                &["implemented", "done", "complete", "in place", "operational"],
            ),
            (
                "partially implemented",
                &["partially implemented", "partial"],
            ),
            (
                "planned",
                &["planned", "in progress", "ongoing", "scheduled"],
            ),
            (
                "not implemented",
                &["not implemented", "not started", "open"],
            ),
            ("not applicable", &["not applicable", "n/a"]),
        ],
    },
    ValueDoc {
        keyword: "treatment",
        short: "treatment",
        text: "a risk treatment option of ISO/IEC 27005, in any case; a note after it is fine",
        accepted: &[
            ("modify", &["modify", "mitigate", "reduce", "treat"]),
            ("retain", &["retain", "accept", "tolerate"]),
            ("avoid", &["avoid", "terminate"]),
            ("share", &["share", "transfer", "insure"]),
        ],
    },
    ValueDoc {
        keyword: "number",
        short: "number",
        text: "a number, or a number first; a decimal comma and thousands separators are read",
        accepted: &[(
            "",
            &["4", "3.5", "4 - Likely", "4 (High)", "0,3", "1.234,5"],
        )],
    },
    ValueDoc {
        keyword: "date",
        short: "date",
        text: "a date; month names in ten languages; a month or a quarter is its last day; a date whose day and month could be either way round (`03/04/2026`) follows `date_order` in config, else its table's or document's language, else is reported as ambiguous; workbook date cells are dates",
        accepted: &[(
            "",
            &[
                "2026-03-01",
                "2026-03-01T10:00:00Z",
                "2026/3/1",
                "15/03/2026",
                "15.03.2026",
                "15. März 2026",
                "3 de março de 2026",
                "Jan 2025",
                "Q1 2026",
            ],
        )],
    },
    ValueDoc {
        keyword: "duration",
        short: "duration",
        text: "a period",
        accepted: &[(
            "",
            &[
                "12 months",
                "annual",
                "annually",
                "yearly",
                "quarterly",
                "monthly",
                "6m",
                "90d",
                "1y",
                "P1Y",
            ],
        )],
    },
    ValueDoc {
        keyword: "controls",
        short: "control IDs",
        text: "a list of control IDs (written as for the SoA's `id`), a YAML list or text separated by `,` `;` `|` or new lines",
        accepted: &[("", &["A.8.7, A.8.13", "5.15; 5.18", "A.5.19 | A.5.20"])],
    },
    ValueDoc {
        keyword: "list",
        short: "list",
        text: "a list: a YAML list, or text separated by `,` `;` `|` or new lines",
        accepted: &[],
    },
];

/// A minimal register of each kind, as YAML (the same fields are columns of a CSV, TSV,
/// workbook sheet or Markdown table).
pub const EXAMPLES: &[(Kind, &str, &str)] = &[
    (
        Kind::Control,
        "soa.yaml",
        "controls:\n  - id: A.5.1\n    title: Policies for information security\n    applicable: yes\n    justification: Customers require a written security policy in every contract\n    reasons: [risk, contractual]\n    status: implemented\n    owner: CISO\n  - id: A.7.4\n    applicable: no\n    justification: No premises of our own; the cloud provider monitors its data centres\n",
    ),
    (
        Kind::Risk,
        "risks.yaml",
        "risks:\n  - id: R-001\n    title: Ransomware encrypts production data\n    owner: CTO\n    likelihood: 3\n    impact: 5\n    score: 15\n    treatment: modify\n    controls: [A.8.7, A.8.13]\n    residual_likelihood: 2\n    residual_impact: 3\n    residual_score: 6\n",
    ),
    (
        Kind::Owner,
        "owners.yaml",
        "owners:\n  - id: CISO\n    name: Dana Smith\n    role: Chief Information Security Officer\n    email: dana@example.com\n  - id: pgray\n    name: Peter Gray\n    left_on: 2026-06-30\n",
    ),
    (
        Kind::Document,
        "policies/access-control.md",
        "---\nid: POL-002\ntitle: Access control policy\ntype: policy\nowner: CISO\nversion: 1.2\napprover: CEO\napproved_on: 2026-01-15\nreview_interval: 12 months\ncontrols: [A.5.15, A.5.18]\n---\n",
    ),
    (
        Kind::Evidence,
        "evidence.yaml",
        "evidence:\n  - id: EV-01\n    controls: [A.5.15]\n    description: Quarterly access review\n    collected_on: 2026-10-01\n    valid_for: quarterly\n    location: evidence/access-review-2026-q3.pdf\n",
    ),
    (
        Kind::Asset,
        "assets.yaml",
        "assets:\n  - id: AS-01\n    name: Customer database\n    owner: CTO\n    classification: confidential\n",
    ),
];

/// (kind, field, aliases, value keyword) of `rules/fields.tsv`, in file order.
pub fn rows() -> Vec<(&'static str, &'static str, Vec<&'static str>, &'static str)> {
    FIELDS_TSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let (kind, field) = (cols.next()?, cols.next()?);
            let aliases = cols
                .next()
                .unwrap_or("")
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .collect();
            Some((kind, field, aliases, cols.next().unwrap_or("").trim()))
        })
        .collect()
}

/// A code span that holds any text (backticks and pipes in aliases such as `#`).
fn code(s: &str) -> String {
    let s = s.replace('|', "\\|");
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// The full description of a kind of value, for the values table.
fn value_text(doc: &ValueDoc) -> String {
    let mut s = doc.text.replace('|', "\\|");
    let groups: Vec<String> = doc
        .accepted
        .iter()
        .map(|(meaning, words)| {
            let words: Vec<String> = words
                .iter()
                .map(|w| {
                    if w.is_empty() {
                        "empty".into()
                    } else {
                        code(w)
                    }
                })
                .collect();
            if meaning.is_empty() {
                words.join(", ")
            } else {
                format!("{meaning}: {}", words.join(", "))
            }
        })
        .collect();
    if !groups.is_empty() {
        s.push_str(": ");
        s.push_str(&groups.join("; "));
    }
    s
}

/// The README section, from `## Registers and their fields` to the last example.
pub fn markdown() -> String {
    let rows = rows();
    let mut s = String::from(
        "## Registers and their fields\n\n\
         Generated by `ismslint fields` from `rules/fields.tsv` (a test keeps this section current).\n\
         Each register is a kind of record; its fields are found under their name or any alias, in\n\
         any case, with spaces, `_` and punctuation ignored (`Risk Owner`, `risk_owner` and\n\
         `RISK-OWNER` are all `owner` of a risk). Columns that are no field are kept and never an\n\
         error. `aliases:` in `ismslint.yaml` adds names; `columns:` on a source maps a column\n\
         outright. The examples are YAML; the same fields are the columns of a CSV or TSV file, a\n\
         workbook sheet or a Markdown table, and a document's are its front matter or the labels of\n\
         its body (see [Document metadata](#document-metadata)). What each kind of value accepts is\n\
         listed under [Values](#values).\n",
    );
    for kind in Kind::ALL {
        s.push_str(&format!("\n### {}\n\n", kind.name()));
        s.push_str("| field | also read from | values |\n|---|---|---|\n");
        for (_, field, aliases, keyword) in rows.iter().filter(|r| r.0 == kind.name()) {
            let aliases: Vec<String> = aliases.iter().map(|a| code(a)).collect();
            let short = VALUES
                .iter()
                .find(|v| v.keyword == *keyword)
                .map_or(*keyword, |v| v.short);
            s.push_str(&format!(
                "| `{field}` | {} | {short} |\n",
                aliases.join(", ")
            ));
        }
        if let Some((_, path, example)) = EXAMPLES.iter().find(|(k, _, _)| *k == kind) {
            if path.ends_with(".md") {
                s.push_str(&format!("\n`{path}`:\n\n```markdown\n{example}```\n"));
            } else {
                s.push_str(&format!("\n```yaml\n# {path}\n{example}```\n"));
            }
        }
    }
    s.push_str("\n### Values\n\n| value | accepted |\n|---|---|\n");
    for doc in VALUES {
        s.push_str(&format!("| {} | {} |\n", doc.short, value_text(doc)));
    }
    s
}

/// `ismslint fields --language de`: the header and value words of one language (issue 13), as
/// `rules/lang/<code>.tsv` writes them. English is the default section (`markdown`).
pub fn language_markdown(lang: crate::model::lang::Lang) -> String {
    use crate::model::words::{Row, Words};
    if lang == crate::model::lang::Lang::En {
        return markdown();
    }
    let mut s = format!(
        "## {} headers and values\n\n\
         From `rules/lang/{}.tsv`. Headers and values are compared ignoring case, accents and\n\
         punctuation; the English names and words are read too.\n",
        lang.name(),
        lang.code()
    );
    let rows: Vec<&Row> = Words::get().rows(lang).collect();
    for kind in Kind::ALL {
        let fields: Vec<_> = rows
            .iter()
            .filter_map(|r| match r {
                Row::Field {
                    kind: k,
                    field,
                    words,
                } if *k == kind => Some((field, words)),
                _ => None,
            })
            .collect();
        if fields.is_empty() {
            continue;
        }
        s.push_str(&format!("\n### {kind}\n\n| Field | Headers |\n|---|---|\n"));
        for (field, words) in fields {
            let words: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
            s.push_str(&format!("| `{field}` | {} |\n", words.join(", ")));
        }
    }
    s.push_str("\n### Values\n\n| Kind | Value | Words |\n|---|---|---|\n");
    for r in &rows {
        if let Row::Value {
            category,
            value,
            words,
        } = r
        {
            let words: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
            s.push_str(&format!(
                "| {} | `{value}` | {} |\n",
                category.name(),
                words.join(", ")
            ));
        }
    }
    s
}
