//! `ismslint init`: inspect a repository and write the `ismslint.yaml` that records what was
//! detected — every register (path, kind, sheet, header row, columns), the risk methodology the
//! data suggests — with commented examples, so a user sees the mapping and fixes it once.

use super::Fatal;
use crate::config::learn::ValuesSeen;
use crate::engine::severity::Selection;
use crate::engine::{self, ConfigChoice, EngineError, Options, Outcome};
use crate::model::values::norm_key;
use crate::parse::Detected;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone)]
pub struct InitArgs {
    /// The repository to inspect
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Overwrite an existing ismslint.yaml
    #[arg(long)]
    pub force: bool,
    /// Print the config instead of writing it
    #[arg(long)]
    pub stdout: bool,
}

/// A YAML double-quoted string that is safe to paste anywhere: file and sheet names come from
/// the repository, so besides `"` and `\\`, every character a shell expands inside double
/// quotes (`$`, `` ` ``, `!`) and every invisible or control character is written as an escape.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '`' | '!' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}') =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The usual scale (5 or 10 points) that holds at least 95% of the values: an outlier is a
/// finding (RSK002), not a reason to widen the scale, and a register where nobody scored 5 is
/// still on a 5-point scale.
fn scale(values: &ValuesSeen) -> f64 {
    [(5.0, values.up_to_5), (10.0, values.up_to_10)]
        .into_iter()
        .find(|(_, within)| within * 100 >= values.count * 95)
        .map_or_else(|| 5.0f64.max(values.max).ceil(), |(top, _)| top)
}

/// A level as a YAML flow item: plain when safe, else quoted.
fn yaml_word(w: &str) -> String {
    let plain = !w.is_empty()
        && w.chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '.')
        && !w.starts_with(['-', ' '])
        && !w.ends_with(' ')
        && !matches!(
            w.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "null" | "on" | "off" | "y" | "n" | "~"
        );
    if plain { w.to_string() } else { q(w) }
}

/// What a value of a closed field probably means, from the start of the word (`Inc` → yes,
/// `Exc` → no, `Em curso` → partially_implemented); `None` when the word does not say.
fn guess_value(field: &str, word: &str) -> Option<&'static str> {
    let w = word.trim().to_lowercase();
    let starts = |p: &[&str]| p.iter().any(|p| w.starts_with(p));
    match field {
        "status" => {
            if starts(&[
                "feito",
                "hecho",
                "concluí",
                "conclui",
                "umgesetzt",
                "mis en",
                "fait",
                "ok",
            ]) {
                Some("implemented")
            } else if starts(&[
                "em curso",
                "en curso",
                "parc",
                "teilw",
                "en cours",
                "em andamento",
            ]) {
                Some("partially_implemented")
            } else if starts(&["plan", "geplant", "previsto", "prévu"]) {
                Some("planned")
            } else if starts(&["não", "nao", "no ", "nicht", "pendente", "pendiente"]) {
                Some("not_implemented")
            } else {
                None
            }
        }
        "treatment" => None,
        _ => {
            if starts(&["inc", "sim", "ναι", "ja", "oui", "y", "s"]) {
                Some("yes")
            } else if starts(&["exc", "não", "nao", "όχι", "οχι", "nein", "non", "n"]) {
                Some("no")
            } else {
                None
            }
        }
    }
}

/// One `sources:` entry per file, kind and sheet: the tables of one Markdown file are one
/// source (a header row is only written when there is one table). The third element lists the
/// numbers of the tables the source reads in a Markdown file.
fn merge(detected: &[(String, Detected)]) -> Vec<(String, Detected, Vec<usize>)> {
    let mut out: Vec<(String, Detected, Vec<usize>)> = Vec::new();
    for (path, d) in detected {
        match out
            .iter_mut()
            .find(|(p, e, _)| p == path && e.kind == d.kind && e.sheet == d.sheet)
        {
            Some((_, e, tables)) => {
                tables.push(d.table);
                e.records += d.records;
                for c in &d.columns {
                    if !e.columns.contains(c) {
                        e.columns.push(c.clone());
                    }
                }
            }
            None => out.push((path.clone(), d.clone(), vec![d.table])),
        }
    }
    out
}

/// How a source picks its tables in a file that holds registers of several kinds: by a header
/// cell only its tables have, else by number.
fn selector(merged: &[(String, Detected, Vec<usize>)], i: usize) -> Option<String> {
    let (path, d, tables) = &merged[i];
    let kinds_in_file = merged
        .iter()
        .filter(|(p, e, _)| p == path && e.sheet == d.sheet)
        .count();
    if kinds_in_file < 2 || tables.contains(&0) {
        return None;
    }
    Some(match &d.pick {
        Some(cell) => format!("header: {}", q(cell)),
        None if tables.len() == 1 => format!("table: {}", tables[0]),
        None => {
            let n: Vec<String> = tables.iter().map(usize::to_string).collect();
            format!("table: [{}]", n.join(", "))
        }
    })
}

pub fn render(outcome: &Outcome) -> String {
    let method = super::init_method::learn(&outcome.methodology, &outcome.files);
    let mut y = String::new();
    let _ = writeln!(y, "# ismslint configuration, written by `ismslint init`.");
    let _ = writeln!(
        y,
        "# Sources below were detected from file names and table headers; correct any mapping"
    );
    let _ = writeln!(
        y,
        "# that is wrong. `ismslint rules` lists the rules; `ismslint rule CODE` explains one."
    );
    let _ = writeln!(y, "framework: iso27001:2022\n");
    if outcome.detected.is_empty() {
        let _ = writeln!(y, "# No register was detected. Declare one like this:");
        let _ = writeln!(
            y,
            "# sources:\n#   - path: registers/soa.csv\n#     kind: control"
        );
    } else {
        let _ = writeln!(y, "sources:");
    }
    let merged = merge(&outcome.detected);
    for (i, (path, d, tables)) in merged.iter().enumerate() {
        let tables = tables.len();
        let _ = writeln!(y, "  - path: {}", q(path));
        let _ = writeln!(y, "    kind: {}", d.kind);
        if let Some(sheet) = &d.sheet {
            let _ = writeln!(y, "    sheet: {}", q(sheet));
        }
        // Several registers in one file: one source per register, each picking its tables.
        if let Some(pick) = selector(&merged, i) {
            let _ = writeln!(y, "    {pick}");
        }
        if d.header_row > 0 && tables == 1 {
            let _ = writeln!(y, "    header_row: {}", d.header_row);
        }
        // Keys already named like their field need no mapping. With composite impact, its
        // parts are read as parts (not `I` as impact) and a column stating it is the impact.
        let composite = method
            .composite
            .as_ref()
            .filter(|_| d.kind == crate::model::Kind::Risk);
        let mut mapped: Vec<(String, &str)> = d
            .columns
            .iter()
            .filter(|(h, f)| norm_key(h) != norm_key(f))
            .filter(|(h, f)| composite.is_none_or(|c| !c.from.contains(h) && *f != "impact"))
            .cloned()
            .collect();
        if let Some(stated) = composite.and_then(|c| c.stated.clone()) {
            mapped.push((stated, "impact"));
        }
        if !mapped.is_empty() {
            let _ = writeln!(y, "    columns:");
            for (header, field) in mapped {
                let _ = writeln!(y, "      {field}: {}", q(&header));
            }
        }
        // Cells that pack two fields (`Modify | J. Smith`), split into them.
        if !d.packed.is_empty() {
            let _ = writeln!(
                y,
                "    split:              # cells holding two fields, e.g. `Modify | J. Smith`"
            );
            for (header, fields) in &d.packed {
                let _ = writeln!(y, "      {}: [{}]", q(header), fields.join(", "));
            }
        }
        // A closed set of values that do not normalise (`Inc`/`Exc`): what each means, guessed
        // from the word where it can be; the user confirms (issue 18 item 1).
        if !d.unread_values.is_empty() {
            let _ = writeln!(
                y,
                "    values:             # CONFIRM: what these values of the columns mean (guessed from the words)"
            );
            for (header, field, words) in &d.unread_values {
                let _ = writeln!(y, "      {field}:             # column {}", q(header));
                for w in words {
                    match guess_value(field, w) {
                        Some(to) => {
                            let _ = writeln!(y, "        {}: {to}", q(w));
                        }
                        None => {
                            let targets = crate::config::vocab::value_targets(Some(d.kind), field);
                            let _ = writeln!(
                                y,
                                "        # {}: ?   (one of: {})",
                                q(w),
                                targets.join(", ")
                            );
                        }
                    }
                }
            }
        }
        if !d.unmapped.is_empty() {
            let names: Vec<String> = d.unmapped.iter().map(|h| q(h)).collect();
            let _ = writeln!(y, "    # not read as any field: {}", names.join(", "));
        }
        let tables = if tables > 1 {
            format!(" in {tables} tables")
        } else {
            String::new()
        };
        let _ = writeln!(y, "    # {} records{tables}", d.records);
    }
    let m = &outcome.methodology;
    let _ = writeln!(y, "\nrisk:");
    let words = |y: &mut String, key: &str, l: &super::init_method::Learned| {
        let list: Vec<String> = l.levels.iter().map(|w| yaml_word(w)).collect();
        let _ = writeln!(
            y,
            "  {key}: [{}]   # ordered by {}",
            list.join(", "),
            l.from
        );
        if !l.unordered.is_empty() {
            let names: Vec<String> = l.unordered.iter().map(|w| format!("`{w}`")).collect();
            if l.from.starts_with("the usual order") {
                let _ = writeln!(
                    y,
                    "  # could not order: {} — add each where it belongs in `{key}`",
                    names.join(", ")
                );
            } else {
                let _ = writeln!(
                    y,
                    "  # seen in the register but not on this scale (RSK002 reports them): {}",
                    names.join(", ")
                );
            }
        }
    };
    let max = |v: &ValuesSeen| v.max;
    match &method.likelihood {
        Some(l) => words(&mut y, "likelihood", l),
        None if !m.likelihoods.is_empty() => {
            let _ = writeln!(
                y,
                "  likelihood: [1, {}]   # highest value seen: {}",
                scale(&m.likelihoods),
                max(&m.likelihoods)
            );
        }
        None => {
            let _ = writeln!(y, "  likelihood: [1, 5]");
        }
    }
    match (&method.impact, &method.composite) {
        (Some(i), _) => words(&mut y, "impact", i),
        (None, Some(c)) => {
            let _ = writeln!(
                y,
                "  impact: {{ from: [{}], combine: {} }}   # matches {} rows",
                c.from
                    .iter()
                    .map(|h| yaml_word(h))
                    .collect::<Vec<_>>()
                    .join(", "),
                c.combine,
                c.rows
            );
        }
        (None, None) if !m.impacts.is_empty() => {
            let _ = writeln!(
                y,
                "  impact: [1, {}]       # highest value seen: {}",
                scale(&m.impacts),
                max(&m.impacts)
            );
        }
        (None, None) => {
            let _ = writeln!(y, "  impact: [1, 5]");
        }
    }
    match &method.levels {
        Some(levels) => {
            words(&mut y, "levels", levels);
            match &method.matrix {
                Some((rows, place)) => {
                    let _ = writeln!(
                        y,
                        "  matrix:            # read from {place}; rows: likelihood, lowest first; columns: impact"
                    );
                    for row in rows {
                        let cells: Vec<String> = row.iter().map(|w| yaml_word(w)).collect();
                        let _ = writeln!(y, "    - [{}]", cells.join(", "));
                    }
                }
                None => {
                    let _ = writeln!(
                        y,
                        "  # matrix:          # one row per likelihood level (lowest first), one level per impact level"
                    );
                }
            }
        }
        None => {
            let method_word = if m.sum_matches > m.product_matches {
                "sum"
            } else {
                "product"
            };
            if m.likelihoods.is_empty() || m.impacts.is_empty() {
                let _ = writeln!(y, "  score: product");
            } else {
                let _ = writeln!(
                    y,
                    "  score: {method_word}          # stated scores: {} match likelihood × impact, {} match likelihood + impact",
                    m.product_matches, m.sum_matches
                );
            }
        }
    }
    // Linting assumes no threshold (issue 17): one the methodology states is written out with
    // where it was found; on a word scale, the lower half of the levels is proposed, marked as
    // an assumption to review.
    let stated = crate::config::stated::read(&outcome.files);
    match (&method.levels, &stated.threshold) {
        (None, Some(t)) => {
            let _ = writeln!(
                y,
                "  acceptance_threshold: {}   # stated in {}: `{}`",
                t.value,
                t.at,
                t.quote.replace('`', "'")
            );
        }
        (Some(l), _) if !l.levels.is_empty() => {
            let n = l.levels.len();
            let _ = writeln!(
                y,
                "  acceptance_threshold: {}   # ASSUMED (the lower half of the levels): state your own acceptance criteria (ISO 27001 6.1.2 a 1); levels above this need treatment and, if they stay above, acceptance",
                yaml_word(&l.levels[(n / 2).max(1) - 1])
            );
        }
        _ => {
            let _ = writeln!(
                y,
                "  # acceptance_threshold: 8   # scores above this need treatment and, if they stay above, acceptance"
            );
        }
    }
    let _ = writeln!(y, "  # acceptors: [Risk Committee]");
    let _ = writeln!(
        y,
        "\n# rules:\n#   LNK004: warn                       # allow | warn | deny, by code or name"
    );
    let _ = writeln!(
        y,
        "#   owner-concentration: {{ level: warn, max_share: 0.5 }}"
    );
    let _ = writeln!(y, "#   weak-justification: {{ min_content_words: 2 }}");
    let _ = writeln!(
        y,
        "\n# documents:\n#   folders: [policies, procedures, standards, plans]\n#   templates: [\"**/templates/**\", \"**/*_template.*\", \"**/*-template.*\"]   # replaces the defaults"
    );
    let _ = writeln!(
        y,
        "\n# date_order: day-month       # if dates are written 31/12/2026"
    );
    y
}

pub fn run(args: InitArgs) -> Result<i32, Fatal> {
    let root = args.path.canonicalize().unwrap_or(args.path.clone());
    let target = root.join("ismslint.yaml");
    let present = |name: &str| std::fs::symlink_metadata(root.join(name)).ok();
    if !args.stdout {
        // A link would make init write wherever the repository points it, even with --force.
        for name in crate::config::FILE_NAMES {
            if present(name).is_some_and(|m| !m.file_type().is_file()) {
                return Err(Fatal(format!(
                    "{} is not a regular file (a symbolic link?); init never writes through it — remove it first, or use --stdout",
                    root.join(name).display()
                )));
            }
        }
    }
    if !args.stdout
        && !args.force
        && crate::config::FILE_NAMES
            .iter()
            .any(|n| present(n).is_some())
    {
        return Err(Fatal(format!(
            "{} already exists; use --force to overwrite it, or --stdout to print the new one",
            target.display()
        )));
    }
    let opts = Options {
        root: root.clone(),
        config: ConfigChoice::Isolated,
        today: super::local_today(),
        selection: Selection::default(),
        skip: Vec::new(),
        verbose: false,
        learn: true,
    };
    let outcome = match engine::run(&opts) {
        Ok(o) => o,
        Err(EngineError::Io(e)) => return Err(Fatal(e)),
        Err(EngineError::Config(..)) => return Err(Fatal("unexpected config error".into())),
    };
    let yaml = render(&outcome);
    for (path, d) in &outcome.detected {
        let sheet = d
            .sheet
            .as_ref()
            .map(|s| format!(" › {s}"))
            .unwrap_or_default();
        super::note_line(&format!(
            "found: {path}{sheet}: {} {} records",
            d.records, d.kind
        ));
    }
    for path in &outcome.unclassified {
        super::note_line(&format!(
            "not classified: {path} (no header or key names a kind; add it to `sources:` if it is a register)"
        ));
    }
    if args.stdout {
        print!("{yaml}");
    } else {
        crate::source::fsafe::write_atomic(&target, yaml.as_bytes()).map_err(Fatal)?;
        super::note_line(&format!("wrote {}", target.display()));
    }
    Ok(0)
}
