//! Config validation: the YAML tree is walked key by key so each error carries the location of
//! the key or value at fault, with "did you mean" for near-miss keys and rule names.

use super::scale::{Combine, Composite, Level, Scale};
use super::vocab::{self, lookup};
use super::{CONFIG_ERROR, Config, RuleSetting, SourceConfig};
use crate::diagnostic::{Diagnostic, OptionKind, RuleMeta, Severity};
use crate::model::aliases::FieldTable;
use crate::model::framework::{EDITIONS, Framework};
use crate::model::record::Kind;
use crate::model::values::{DateOrder, did_you_mean};
use crate::parse::yaml::{self, Node, NodeData};
use crate::source::{FileId, Loc, SourceFile};

struct Cx<'r> {
    id: FileId,
    errors: Vec<Diagnostic>,
    /// The rules config may name (`rules:`, waivers): the registry's metadata, handed in so that
    /// config does not depend on the rules that read it.
    rules: &'r [&'static RuleMeta],
}

impl Cx<'_> {
    fn err(&mut self, node: &Node, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::at(
            &CONFIG_ERROR,
            &Loc::new(self.id, node.start, node.end),
            message,
        );
        d.help = help;
        self.errors.push(d);
    }

    /// Iterate a mapping's entries, reporting keys not in `allowed`.
    fn entries<'n, 't>(
        &mut self,
        node: &'n Node<'t>,
        what: &str,
        allowed: &[&str],
    ) -> Vec<(&'n str, &'n Node<'t>, &'n Node<'t>)> {
        let Some(pairs) = node.as_map() else {
            if !matches!(node.data, NodeData::Null) {
                self.err(
                    node,
                    format!("`{what}` should be a mapping, found {}", node.kind_name()),
                    None,
                );
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in pairs {
            let Some(key) = k.as_str() else {
                self.err(k, "keys must be strings", None);
                continue;
            };
            if !allowed.is_empty() && !allowed.contains(&key) {
                let help = did_you_mean(key, allowed.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some(format!("known keys: {}", allowed.join(", "))));
                self.err(k, format!("unknown key `{key}` in {what}"), help);
                continue;
            }
            out.push((key, k, v));
        }
        out
    }

    fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match node.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.err(
                    node,
                    format!("`{what}` should be a string, found {}", node.kind_name()),
                    None,
                );
                None
            }
        }
    }

    fn number(&mut self, node: &Node, what: &str) -> Option<f64> {
        match node.as_str().and_then(|s| s.trim().parse::<f64>().ok()) {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                self.err(node, format!("`{what}` should be a number"), None);
                None
            }
        }
    }

    fn range(&mut self, node: &Node, what: &str) -> Option<(f64, f64)> {
        let items = node.as_seq().filter(|s| s.len() == 2);
        let Some(items) = items else {
            self.err(
                node,
                format!("`{what}` should be a scale `[min, max]`, e.g. `[1, 5]`"),
                None,
            );
            return None;
        };
        let (lo, hi) = (self.number(&items[0], what)?, self.number(&items[1], what)?);
        if lo >= hi {
            self.err(
                node,
                format!("`{what}`: the minimum must be below the maximum"),
                None,
            );
            return None;
        }
        Some((lo, hi))
    }

    fn strings(&mut self, node: &Node, what: &str) -> Vec<String> {
        match &node.data {
            NodeData::Scalar(s) => vec![s.to_string()],
            NodeData::Seq(items) => items.iter().filter_map(|i| self.string(i, what)).collect(),
            NodeData::Null => Vec::new(),
            _ => {
                self.err(node, format!("`{what}` should be a list of strings"), None);
                Vec::new()
            }
        }
    }

    fn kind(&mut self, node: &Node) -> Option<Kind> {
        let s = self.string(node, "kind")?;
        let kind = vocab::kind(&s);
        if kind.is_none() {
            let names = Kind::ALL.map(Kind::name);
            let help = did_you_mean(&s, names.iter().copied())
                .map(|k| format!("did you mean `{k}`?"))
                .or_else(|| Some(format!("kinds: {}", names.join(", "))));
            self.err(node, format!("unknown kind `{s}`"), help);
        }
        kind
    }
}

pub fn parse(
    id: FileId,
    file: &SourceFile,
    rules: &[&'static RuleMeta],
) -> Result<Config, Vec<Diagnostic>> {
    let mut cx = Cx {
        id,
        errors: Vec::new(),
        rules,
    };
    let bom = crate::source::bom_len(file.text());
    let root = match yaml::parse(&file.text()[bom..], bom) {
        Ok(Some(root)) => root,
        Ok(None) => return Ok(Config::defaults()),
        Err(e) => {
            return Err(vec![Diagnostic::at(
                &CONFIG_ERROR,
                &Loc::new(id, e.offset, e.offset),
                format!("cannot parse the config: {}", e.message),
            )]);
        }
    };
    let mut config = Config::defaults();
    let fields = FieldTable::builtin();
    for (key, _, v) in cx.entries(&root, "the config", vocab::TOP_KEYS) {
        match key {
            "framework" => {
                // The default of every source: an edition of ISO 27001. Another framework is
                // declared on the sources that hold it.
                match framework(&mut cx, v) {
                    Some(f) if f.is_27001() => config.framework = Some(f),
                    Some(_) => cx.err(
                        v,
                        "the top-level `framework` is an edition of ISO 27001",
                        Some(format!(
                            "write `{}` or `{}`, and set `framework:` on the sources that hold another framework",
                            EDITIONS[0], EDITIONS[1]
                        )),
                    ),
                    None => {}
                }
            }
            "auto" => match v.as_str().and_then(|s| lookup(vocab::AUTO, s)) {
                Some(auto) => config.auto = auto,
                None => cx.err(v, "`auto` should be true or false", None),
            },
            "date_order" => match v.as_str().and_then(|s| lookup(vocab::DATE_ORDERS, s)) {
                Some(order) => {
                    config.date_order = order;
                    config.date_order_set = true;
                }
                None => cx.err(
                    v,
                    "`date_order` should be `day-month`, `month-day` or `iso`",
                    None,
                ),
            },
            "language" => config.language = language(&mut cx, v),
            "sources" => sources(&mut cx, v, &fields, &mut config),
            "risk" => risk(&mut cx, v, &mut config),
            "rules" => rule_settings(&mut cx, v, &mut config),
            "aliases" => aliases(&mut cx, v, &fields, &mut config),
            "waivers" => waivers(&mut cx, v, &mut config),
            "packs" => config.packs = located_strings(&mut cx, v, "packs"),
            "disable_patterns" => {
                config.disable_patterns = located_strings(&mut cx, v, "disable_patterns")
            }
            "documents" => {
                for (key, _, val) in cx.entries(v, "documents", vocab::DOCUMENT_KEYS) {
                    let list = cx.strings(val, key);
                    if key == "folders" {
                        config.documents.folders = list;
                    } else if key == "site_roots" {
                        config.documents.site_roots = list;
                    } else {
                        for g in &list {
                            if let Err(e) = globset::Glob::new(g) {
                                cx.err(val, format!("invalid glob `{g}`: {e}"), None);
                            }
                        }
                        config.documents.set_templates(list);
                    }
                }
            }
            _ => {}
        }
    }
    if cx.errors.is_empty() {
        Ok(config)
    } else {
        Err(cx.errors)
    }
}

/// `language: de` (issue 13): a language whose words the tool knows, by code or English name.
fn language(cx: &mut Cx, v: &Node) -> Option<crate::model::lang::Lang> {
    let word = v.as_str().unwrap_or_default();
    if let Some(l) = lookup(vocab::LANGUAGES, word) {
        return Some(l);
    }
    let help = did_you_mean(word, vocab::LANGUAGES.iter().map(|(w, _)| *w))
        .map(|s| format!("did you mean `{s}`?"))
        .unwrap_or_else(|| {
            "write a language code: en, de, fr, es, pt, it, nl, cs, pl or el".into()
        });
    cx.err(
        v,
        format!(
            "`language` should be a language ismslint reads registers in (`{word}` is not one)"
        ),
        Some(help),
    );
    None
}

fn sources(cx: &mut Cx, v: &Node, fields: &FieldTable, config: &mut Config) {
    let Some(items) = v.as_seq() else {
        cx.err(v, "`sources` should be a list", None);
        return;
    };
    for item in items {
        let mut src = SourceConfig {
            path: String::new(),
            kind: None,
            sheet: None,
            header_row: None,
            columns: Vec::new(),
            split: Vec::new(),
            tables: Vec::new(),
            header: None,
            framework: None,
            loc: Loc::new(cx.id, item.start, item.end),
            detect: false,
            values: Vec::new(),
            aliases: Vec::new(),
            language: None,
        };
        let mut values_node = None;
        let mut aliases_node = None;
        let mut columns_node = None;
        let mut split_node = None;
        for (key, k, val) in cx.entries(item, "a source", vocab::SOURCE_KEYS) {
            match key {
                "path" => src.path = cx.string(val, "path").unwrap_or_default(),
                "kind" => src.kind = cx.kind(val),
                "sheet" => src.sheet = cx.string(val, "sheet"),
                "header_row" => match cx.number(val, "header_row") {
                    Some(n) if n >= 1.0 && n.fract() == 0.0 => src.header_row = Some(n as usize),
                    Some(_) => cx.err(val, "`header_row` is a 1-based row number", None),
                    None => {}
                },
                "table" => src.tables = table_numbers(cx, val),
                "header" => {
                    src.header = cx.string(val, "header").filter(|h| !h.trim().is_empty());
                    if src.header.is_none() {
                        cx.err(
                            val,
                            "`header` names a header cell of the table to read, e.g. `\"Risk ID\"`",
                            None,
                        );
                    }
                }
                "framework" => src.framework = framework(cx, val),
                "columns" => columns_node = Some((k, val)),
                "split" => split_node = Some(val),
                "detect" => match val.as_str().and_then(|s| lookup(vocab::AUTO, s)) {
                    Some(d) => src.detect = d,
                    None => cx.err(val, "`detect` should be true or false", None),
                },
                "values" => values_node = Some(val),
                "aliases" => aliases_node = Some(val),
                "language" => src.language = language(cx, val),
                _ => {}
            }
        }
        let workbook = [".xlsx", ".xlsm", ".ods", ".xls"]
            .iter()
            .any(|e| src.path.to_lowercase().ends_with(e));
        if workbook && (!src.tables.is_empty() || src.header.is_some()) {
            cx.err(
                item,
                "`table` and `header` pick tables of a Markdown or CSV file; a workbook's table is its sheet",
                Some("name the sheet with `sheet:`".into()),
            );
        }
        if src.path.is_empty() {
            cx.err(item, "a source needs a `path` (a file or a glob)", None);
        } else if let Err(e) = globset::Glob::new(&src.path) {
            cx.err(item, format!("invalid glob `{}`: {e}", src.path), None);
        }
        if let Some((_, cols)) = columns_node {
            for (field, fk, header) in cx.entries(cols, "columns", &[]) {
                if let Some(help) = unknown_field(fields, src.kind, field) {
                    cx.err(
                        fk,
                        format!("unknown field `{field}` in columns"),
                        Some(help),
                    );
                    continue;
                }
                if let Some(h) = cx.string(header, "column header") {
                    src.columns.push((h, field.to_string()));
                }
            }
        }
        // `aliases: { applicable: [Inc/Exc] }`: headers naming a field in this source only.
        if let Some(node) = aliases_node {
            for (field, fk, list) in cx.entries(node, "aliases", &[]) {
                if let Some(help) = unknown_field(fields, src.kind, field) {
                    cx.err(
                        fk,
                        format!("unknown field `{field}` in aliases"),
                        Some(help),
                    );
                    continue;
                }
                for alias in cx.strings(list, "aliases") {
                    src.aliases.push((alias, field.to_string()));
                }
            }
        }
        // `values: { applicable: { Inc: yes, Exc: no } }`: what the cells of this source mean.
        if let Some(node) = values_node {
            source_values(cx, node, &mut src);
        }
        // `split: { "Treatment / Owner": [treatment, owner] }`: one cell, two fields.
        if let Some(node) = split_node {
            for (header, _, targets) in cx.entries(node, "split", &[]) {
                let names = cx.strings(targets, "split");
                let kinds: Vec<Kind> = src.kind.map_or(Kind::ALL.to_vec(), |k| vec![k]);
                let unknown: Vec<&String> = names
                    .iter()
                    .filter(|n| {
                        !kinds
                            .iter()
                            .any(|k| fields.fields(*k).contains(&n.as_str()))
                    })
                    .collect();
                if names.len() < 2 || !unknown.is_empty() {
                    cx.err(targets, "`split` maps a column to two or more fields of the source's kind, e.g. `[treatment, owner]`", None);
                    continue;
                }
                src.split.push((header.to_string(), names));
            }
        }
        config.sources.push(src);
    }
}

/// `table: 2` or `table: [1, 2]`: 1-based numbers of tables in document order.
/// `values:` of a source: field → { value as written: the value it means }.
fn source_values(cx: &mut Cx, node: &Node, src: &mut SourceConfig) {
    let fields = vocab::value_fields(src.kind);
    for (field, fk, map) in cx.entries(node, "values", &[]) {
        if !fields.contains(&field) {
            let help = did_you_mean(field, fields.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| {
                    Some(format!(
                        "`values:` maps the fields with a closed set of values: {}",
                        fields.join(", ")
                    ))
                });
            cx.err(fk, format!("unknown field `{field}` in values"), help);
            continue;
        }
        let targets = vocab::value_targets(src.kind, field);
        if map.as_map().is_none() {
            cx.err(
                map,
                format!("`values.{field}` should be a mapping of values as written to what they mean, e.g. `{{ Inc: yes, Exc: no }}`"),
                None,
            );
            continue;
        }
        for (from, _, to) in cx.entries(map, "values", &[]) {
            let Some(target) = cx.string(to, "values") else {
                continue;
            };
            match targets.iter().find(|t| **t == target) {
                Some(t) => src
                    .values
                    .push((field.to_string(), from.to_string(), t.to_string())),
                None => {
                    let help = did_you_mean(&target, targets.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| Some(format!("`{field}` values: {}", targets.join(", "))));
                    cx.err(to, format!("`{target}` is not a value of `{field}`"), help);
                }
            }
        }
    }
}

fn table_numbers(cx: &mut Cx, node: &Node) -> Vec<usize> {
    let items: Vec<&Node> = match &node.data {
        NodeData::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    let mut out = Vec::new();
    for n in items {
        match n.as_str().and_then(|s| s.trim().parse::<usize>().ok()) {
            Some(t) if t >= 1 => out.push(t),
            _ => cx.err(
                n,
                "`table` is the number of a table in the file (1 = the first), or a list of them",
                None,
            ),
        }
    }
    out
}

/// A `framework:` value: an ISO 27001 edition, or another framework's name.
fn framework(cx: &mut Cx, node: &Node) -> Option<Framework> {
    let s = cx.string(node, "framework")?;
    match Framework::parse(&s) {
        Ok(f) => Some(f),
        Err(suggestion) => {
            let help = match suggestion {
                Some(e) => format!(
                    "did you mean `{e}`? (another framework is any other name, e.g. `iso42001`, `nis2`, `soc2`)"
                ),
                None => format!(
                    "write `{}`, `{}`, or another framework's name",
                    EDITIONS[0], EDITIONS[1]
                ),
            };
            cx.err(node, format!("unknown framework `{s}`"), Some(help));
            None
        }
    }
}

/// A scale as written: `[1, 5]` (a numeric range) or a list of levels, lowest first.
enum ScaleSpec {
    Range((f64, f64)),
    Words(Scale),
}

fn is_number(n: &Node) -> bool {
    n.as_str()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .is_some_and(f64::is_finite)
}

impl Cx<'_> {
    /// `[1, 5]` or `[Rare, Unlikely, Possible, Likely, Almost certain]` (levels may be
    /// `{ level: Medium, aliases: [Med] }`).
    fn scale(&mut self, node: &Node, what: &str) -> Option<ScaleSpec> {
        let items = node.as_seq();
        let numeric = items.is_some_and(|s| s.iter().all(is_number));
        match items {
            Some(items) if items.len() >= 2 && !numeric => {
                self.levels(node, what).map(ScaleSpec::Words)
            }
            _ => self.range(node, what).map(ScaleSpec::Range),
        }
    }

    /// A list of at least two distinct levels.
    fn levels(&mut self, node: &Node, what: &str) -> Option<Scale> {
        let Some(items) = node
            .as_seq()
            .filter(|s| s.len() >= 2 && !s.iter().all(is_number))
        else {
            self.err(
                node,
                format!("`{what}` should be a list of two or more levels, lowest first, e.g. `[Low, Medium, High]`"),
                None,
            );
            return None;
        };
        let mut scale = Scale::default();
        let mut ok = true;
        for item in items {
            let level = match &item.data {
                NodeData::Scalar(s) if !s.trim().is_empty() => Level {
                    name: s.trim().to_string(),
                    aliases: Vec::new(),
                },
                NodeData::Map(_) => {
                    let mut name = None;
                    let mut aliases = Vec::new();
                    for (key, _, val) in self.entries(item, "a level", vocab::LEVEL_KEYS) {
                        if key == "level" {
                            name = self.string(val, "level").filter(|s| !s.trim().is_empty());
                        } else {
                            aliases = self.strings(val, "aliases");
                        }
                    }
                    let Some(name) = name else {
                        self.err(item, "a level written as a mapping names it: `{ level: Medium, aliases: [Med] }`", None);
                        ok = false;
                        continue;
                    };
                    Level {
                        name: name.trim().to_string(),
                        aliases,
                    }
                }
                _ => {
                    self.err(
                        item,
                        format!("a level of `{what}` is a word, or `{{ level: Medium, aliases: [Med] }}`"),
                        None,
                    );
                    ok = false;
                    continue;
                }
            };
            let words: Vec<&str> = std::iter::once(level.name.as_str())
                .chain(level.aliases.iter().map(String::as_str))
                .collect();
            if let Some(w) = words.iter().find(|w| scale.word_taken(w)) {
                self.err(
                    item,
                    format!("`{w}` names two levels of `{what}`"),
                    Some("each level and alias names one level".into()),
                );
                ok = false;
                continue;
            }
            scale.levels.push(level);
        }
        ok.then_some(scale)
    }
}

fn risk(cx: &mut Cx, v: &Node, config: &mut Config) {
    let mut threshold_node = None;
    let mut matrix_node = None;
    for (key, _, val) in cx.entries(v, "risk", vocab::RISK_KEYS) {
        if matches!(key, "likelihood" | "impact") && !matches!(val.data, NodeData::Map(_)) {
            config.risk.scale_configured = true;
        }
        match key {
            "likelihood" => match cx.scale(val, "likelihood") {
                Some(ScaleSpec::Range(r)) => config.risk.likelihood = r,
                Some(ScaleSpec::Words(s)) => {
                    config.risk.likelihood = (1.0, s.len() as f64);
                    config.risk.likelihood_levels = Some(s);
                }
                None => {}
            },
            "impact" if matches!(val.data, NodeData::Map(_)) => composite(cx, val, config),
            "impact" => match cx.scale(val, "impact") {
                Some(ScaleSpec::Range(r)) => config.risk.impact = r,
                Some(ScaleSpec::Words(s)) => {
                    config.risk.impact = (1.0, s.len() as f64);
                    config.risk.impact_levels = Some(s);
                }
                None => {}
            },
            "score" => match val.as_str().and_then(|s| lookup(vocab::SCORE_METHODS, s)) {
                Some(method) => config.risk.score = method,
                None => cx.err(val, "`score` should be `product` or `sum`", None),
            },
            "levels" => config.risk.levels = cx.levels(val, "levels"),
            "matrix" => matrix_node = Some(val),
            "acceptance_threshold" => threshold_node = Some(val),
            "acceptors" => config.risk.acceptors = cx.strings(val, "acceptors"),
            _ => {}
        }
    }
    if let Some(val) = threshold_node {
        if is_number(val) {
            config.risk.acceptance_threshold = cx.number(val, "acceptance_threshold");
        } else {
            let word = val.as_str().unwrap_or_default();
            match &config.risk.levels {
                Some(levels) => match levels.position(word) {
                    Some(p) => config.risk.acceptance_threshold = Some(p as f64),
                    None => cx.err(
                        val,
                        format!("`acceptance_threshold` `{word}` is not a level of `risk.levels`"),
                        Some(level_help(levels, word)),
                    ),
                },
                None => cx.err(
                    val,
                    "`acceptance_threshold` should be a number, or a level of `risk.levels`",
                    Some("a word threshold needs the score levels, e.g. `levels: [Low, Medium, High]`".into()),
                ),
            }
        }
    }
    if let Some(val) = matrix_node {
        matrix(cx, val, config);
    }
}

/// "did you mean `High`? levels: Low, Medium, High".
fn level_help(levels: &Scale, word: &str) -> String {
    let hint = did_you_mean(word, levels.levels.iter().map(|l| l.name.as_str()))
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
    format!("{hint}levels: {}", levels.list())
}

/// `impact: { from: [C, I, A], combine: max, scale: [1, 5] }`.
fn composite(cx: &mut Cx, v: &Node, config: &mut Config) {
    let mut from = Vec::new();
    let mut combine = None;
    let mut part = ScaleSpec::Range((1.0, 5.0));
    let mut bad = false;
    for (key, _, val) in cx.entries(v, "risk.impact", vocab::COMPOSITE_KEYS) {
        match key {
            "from" => {
                from = cx.strings(val, "from");
                if from.len() < 2 || from.iter().any(|f| f.trim().is_empty()) {
                    cx.err(val, "`from` lists the two or more columns impact is computed from, e.g. `[C, I, A]`", None);
                    bad = true;
                }
            }
            "combine" => match val.as_str().and_then(|s| lookup(vocab::COMBINE, s)) {
                Some(c) => combine = Some(c),
                None => {
                    cx.err(val, "`combine` should be `max`, `sum` or `mean`", None);
                    bad = true;
                }
            },
            "scale" => match cx.scale(val, "scale") {
                Some(s) => part = s,
                None => bad = true,
            },
            _ => {}
        }
    }
    if bad {
        return;
    }
    if from.is_empty() {
        cx.err(
            v,
            "composite impact names its columns: `impact: { from: [C, I, A], combine: max }`",
            None,
        );
        return;
    }
    let combine = combine.unwrap_or(Combine::Max);
    let (part_range, part_levels) = match part {
        ScaleSpec::Range(r) => (r, None),
        ScaleSpec::Words(s) => ((1.0, s.len() as f64), Some(s)),
    };
    let k = from.len() as f64;
    config.risk.impact = match combine {
        Combine::Sum => (part_range.0 * k, part_range.1 * k),
        _ => part_range,
    };
    config.risk.impact_levels = part_levels.clone().filter(|_| combine == Combine::Max);
    config.risk.impact_from = Some(Composite {
        from,
        combine,
        part_range,
        part_levels,
    });
}

/// How many positions a scale has, for the matrix: its levels, or `1..=max` of a whole-number
/// range starting at 1.
fn positions(range: (f64, f64), levels: Option<&Scale>) -> Option<usize> {
    match levels {
        Some(l) => Some(l.len()),
        None if range.0 == 1.0 && range.1.fract() == 0.0 && range.1 <= 20.0 => {
            Some(range.1 as usize)
        }
        None => None,
    }
}

/// `matrix:` rows = likelihood levels (lowest first), columns = impact levels, cells = levels
/// of `risk.levels`.
fn matrix(cx: &mut Cx, v: &Node, config: &mut Config) {
    let r = &config.risk;
    let Some(levels) = r.levels.clone() else {
        cx.err(
            v,
            "`matrix` gives a level of `risk.levels` for each likelihood and impact; `risk.levels` is not set",
            Some("add e.g. `levels: [Low, Medium, High]`".into()),
        );
        return;
    };
    if r.impact_from
        .as_ref()
        .is_some_and(|c| c.combine != Combine::Max)
    {
        cx.err(
            v,
            "a matrix reads impact on one scale: composite impact needs `combine: max` with a matrix",
            None,
        );
        return;
    }
    let (Some(rows_n), Some(cols_n)) = (
        positions(r.likelihood, r.likelihood_levels.as_ref()),
        positions(r.impact, r.impact_levels.as_ref()),
    ) else {
        cx.err(
            v,
            "a matrix needs likelihood and impact scales of levels, or whole-number scales from 1",
            None,
        );
        return;
    };
    let shape = format!(
        "{rows_n} rows (likelihood, lowest first) of {cols_n} cells (impact, lowest first)"
    );
    let Some(rows) = v.as_seq().filter(|s| s.len() == rows_n) else {
        cx.err(v, format!("`matrix` should have {shape}"), None);
        return;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for row in rows {
        let Some(cells) = row.as_seq().filter(|s| s.len() == cols_n) else {
            cx.err(
                row,
                format!("a row of `matrix` should have {cols_n} cells (impact, lowest first)"),
                Some(format!("the matrix has {shape}")),
            );
            ok = false;
            continue;
        };
        let mut line = Vec::new();
        for cell in cells {
            let word = cell.as_str().unwrap_or_default();
            match levels.position(word) {
                Some(p) => line.push(p),
                None => {
                    cx.err(
                        cell,
                        format!("`{word}` is not a level of `risk.levels`"),
                        Some(level_help(&levels, word)),
                    );
                    ok = false;
                }
            }
        }
        out.push(line);
    }
    if ok {
        config.risk.matrix = Some(out);
    }
}

fn level(cx: &mut Cx, node: &Node) -> Option<Option<Severity>> {
    match node.as_str().and_then(vocab::level) {
        Some(level) => Some(level),
        None => {
            cx.err(
                node,
                "a rule level is `allow`, `warn` or `deny` (or `error`)",
                None,
            );
            None
        }
    }
}

/// A rule by code (`SOA005`, any case) or name (`unjustified-exclusion`), as `rules::find`.
fn find_rule(rules: &[&'static RuleMeta], code_or_name: &str) -> Option<&'static RuleMeta> {
    let q = code_or_name.trim();
    rules
        .iter()
        .copied()
        .find(|m| m.code.eq_ignore_ascii_case(q) || m.name.eq_ignore_ascii_case(q))
}

fn rule_settings(cx: &mut Cx, v: &Node, config: &mut Config) {
    for (key, k, val) in cx.entries(v, "rules", &[]) {
        let Some(meta) = find_rule(cx.rules, key) else {
            let names = cx.rules.iter().flat_map(|m| [m.code, m.name]);
            let help = did_you_mean(key, names)
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some("`ismslint rules` lists the codes and names".into()));
            cx.err(k, format!("unknown rule `{key}`"), help);
            continue;
        };
        let mut setting = RuleSetting::default();
        match &val.data {
            NodeData::Scalar(_) => setting.level = level(cx, val),
            NodeData::Map(_) => {
                let mut allowed: Vec<&str> = vec!["level"];
                allowed.extend(meta.options.iter().map(|o| o.name));
                for (opt, _, ov) in cx.entries(val, &format!("rule {}", meta.code), &allowed) {
                    if opt == "level" {
                        setting.level = level(cx, ov);
                        continue;
                    }
                    let Some(spec) = meta.options.iter().find(|o| o.name == opt) else {
                        continue;
                    };
                    if let Some(n) = cx.number(ov, opt) {
                        if spec.kind == OptionKind::Integer && n.fract() != 0.0 {
                            cx.err(ov, format!("`{opt}` should be a whole number"), None);
                        } else {
                            setting.options.insert(opt.to_string(), n);
                        }
                    }
                }
            }
            _ => cx.err(
                val,
                "a rule setting is a level (`warn`) or a mapping (`{ level: warn, ... }`)",
                None,
            ),
        }
        config.rules.insert(meta.code, setting);
    }
}

fn aliases(cx: &mut Cx, v: &Node, fields: &FieldTable, config: &mut Config) {
    for (kind_word, kn, per_kind) in cx.entries(v, "aliases", &[]) {
        let Some(kind) = cx.kind(kn) else { continue };
        let _ = kind_word;
        for (field, fk, list) in cx.entries(per_kind, "aliases", &[]) {
            if !fields.fields(kind).contains(&field) {
                let help = did_you_mean(field, fields.fields(kind).iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
                cx.err(fk, format!("`{field}` is not a field of {kind}"), help);
                continue;
            }
            for alias in cx.strings(list, "aliases") {
                config.aliases.push((kind, field.to_string(), alias));
            }
        }
    }
}

/// A list of strings, each with its location (for errors found later, e.g. a missing pack file).
fn located_strings(cx: &mut Cx, node: &Node, what: &str) -> Vec<(String, Loc)> {
    let items: Vec<&Node> = match &node.data {
        NodeData::Seq(items) => items.iter().collect(),
        NodeData::Scalar(_) => vec![node],
        _ => {
            cx.err(node, format!("`{what}` should be a list of strings"), None);
            return Vec::new();
        }
    };
    items
        .into_iter()
        .filter_map(|n| Some((cx.string(n, what)?, Loc::new(cx.id, n.start, n.end))))
        .collect()
}

fn waivers(cx: &mut Cx, v: &Node, config: &mut Config) {
    let Some(items) = v.as_seq() else {
        cx.err(v, "`waivers` should be a list", None);
        return;
    };
    for item in items {
        let mut rule = None;
        let mut w = crate::config::Waiver {
            rule: "",
            entity: None,
            path: None,
            reason: String::new(),
            expires: None,
            approved_by: None,
            loc: Loc::new(cx.id, item.start, item.end),
        };
        for (key, _, val) in cx.entries(item, "a waiver", vocab::WAIVER_KEYS) {
            match key {
                "rule" => {
                    let name = cx.string(val, "rule").unwrap_or_default();
                    match find_rule(cx.rules, &name) {
                        Some(m) => rule = Some(m.code),
                        None => {
                            let names = cx.rules.iter().flat_map(|m| [m.code, m.name]);
                            let help =
                                did_you_mean(&name, names).map(|s| format!("did you mean `{s}`?"));
                            cx.err(val, format!("unknown rule `{name}`"), help);
                        }
                    }
                }
                "entity" => w.entity = cx.string(val, "entity"),
                "path" => {
                    if let Some(p) = cx.string(val, "path") {
                        match globset::Glob::new(&p) {
                            Ok(g) => w.path = Some(g.compile_matcher()),
                            Err(e) => cx.err(val, format!("invalid glob `{p}`: {e}"), None),
                        }
                    }
                }
                "reason" => w.reason = cx.string(val, "reason").unwrap_or_default(),
                "expires" => match val
                    .as_str()
                    .map(|s| crate::model::values::parse_date(s, DateOrder::IsoOnly))
                {
                    Some(Ok(d)) => w.expires = Some(d),
                    _ => cx.err(val, "`expires` should be a date (YYYY-MM-DD)", None),
                },
                "approved_by" => w.approved_by = cx.string(val, "approved_by"),
                _ => {}
            }
        }
        if w.reason.trim().is_empty() {
            cx.err(
                item,
                "a waiver needs a `reason` (what an auditor will read)",
                None,
            );
        }
        if w.entity.is_none() && w.path.is_none() {
            cx.err(
                item,
                "a waiver names an `entity` (control, risk… ID) and/or a `path`",
                None,
            );
        }
        if let Some(r) = rule {
            w.rule = r;
            config.waivers.push(w);
        } else if item.get("rule").is_none() {
            cx.err(item, "a waiver names the `rule` it waives", None);
        }
    }
}

/// When `field` is no field of the source's kind (of any kind when it has none): the help, a
/// did-you-mean or the list of its fields.
fn unknown_field(fields: &FieldTable, kind: Option<Kind>, field: &str) -> Option<String> {
    let kinds: Vec<Kind> = kind.map_or(Kind::ALL.to_vec(), |k| vec![k]);
    if kinds.iter().any(|k| fields.fields(*k).contains(&field)) {
        return None;
    }
    let all: Vec<&str> = kinds
        .iter()
        .flat_map(|k| fields.fields(*k).iter().copied())
        .collect();
    Some(
        did_you_mean(field, all.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| format!("fields: {}", all.join(", "))),
    )
}
