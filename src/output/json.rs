//! The JSON report (format documented in README.md, "JSON output"). Stable: fields are only
//! ever added, and `version` changes if one is removed or changes meaning.
//!
//! Written with serde straight into the output: a `serde_json::Value` tree of a finding with a
//! million members (RSK005 on a million-row register) held ~180 MB at the run's peak. The keys
//! are written in the order the `Value` objects had (serde_json's `preserve_order`), so the bytes
//! are the same; debug builds also build the `Value` tree and assert it.

use super::place;
use crate::diagnostic::{Diagnostic, Label};
use crate::engine::Summary;
use crate::source::{Loc, SourceMap};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

pub const FORMAT_VERSION: u32 = 1;

/// The location's entries, into a map that is being written.
fn location<M: SerializeMap>(m: &mut M, files: &SourceMap, loc: &Loc) -> Result<(), M::Error> {
    let p = place(files, loc);
    m.serialize_entry("path", &p.path)?;
    if p.cell.is_some() {
        m.serialize_entry("sheet", &p.sheet)?;
        m.serialize_entry("cell", &p.cell)?;
    } else {
        m.serialize_entry("line", &p.line)?;
        m.serialize_entry("column", &p.column)?;
        m.serialize_entry("end_line", &p.end_line)?;
        m.serialize_entry("end_column", &p.end_column)?;
    }
    Ok(())
}

struct Related<'a> {
    files: &'a SourceMap,
    label: &'a Label,
}

impl Serialize for Related<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        location(&mut m, self.files, &self.label.loc)?;
        m.serialize_entry("message", &self.label.message)?;
        m.end()
    }
}

struct RelatedList<'a> {
    files: &'a SourceMap,
    labels: &'a [Label],
}

impl Serialize for RelatedList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut q = s.serialize_seq(Some(self.labels.len()))?;
        for label in self.labels {
            q.serialize_element(&Related {
                files: self.files,
                label,
            })?;
        }
        q.end()
    }
}

struct Item<'a> {
    files: &'a SourceMap,
    d: &'a Diagnostic,
}

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.d;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", d.rule.code)?;
        m.serialize_entry("name", d.rule.name)?;
        m.serialize_entry("severity", d.severity.as_str())?;
        m.serialize_entry("message", &d.message)?;
        match &d.loc {
            Some(l) => location(&mut m, self.files, l)?,
            None => m.serialize_entry("path", &())?,
        }
        m.serialize_entry("entity", &d.entity)?;
        // A finding that stands for several (SOA002's missing controls): each one's entity.
        if !d.members.is_empty() {
            m.serialize_entry("entities", &Entities(d))?;
        }
        m.serialize_entry(
            "related",
            &RelatedList {
                files: self.files,
                labels: &d.related,
            },
        )?;
        m.serialize_entry("help", &d.help)?;
        m.end()
    }
}

/// `Diagnostic::entities` without collecting them first.
struct Entities<'a>(&'a Diagnostic);

impl Serialize for Entities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.members.iter().filter_map(|m| m.entity()))
    }
}

struct Items<'a> {
    files: &'a SourceMap,
    diags: &'a [Diagnostic],
}

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let files = self.files;
        s.collect_seq(self.diags.iter().map(|d| Item { files, d }))
    }
}

struct Tool;

impl Serialize for Tool {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("name", "ismslint")?;
        m.serialize_entry("version", env!("CARGO_PKG_VERSION"))?;
        m.end()
    }
}

struct Report<'a> {
    items: Items<'a>,
    summary: &'a Summary,
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("version", &FORMAT_VERSION)?;
        m.serialize_entry("tool", &Tool)?;
        m.serialize_entry("summary", self.summary)?;
        m.serialize_entry("diagnostics", &self.items)?;
        m.end()
    }
}

pub fn render(diags: &[Diagnostic], files: &SourceMap, summary: &Summary) -> String {
    let report = Report {
        items: Items { files, diags },
        summary,
    };
    let mut out = Vec::new();
    // Writing into a Vec fails only if a Serialize impl does, and these do not.
    let _ = serde_json::to_writer_pretty(&mut out, &report);
    out.push(b'\n');
    // serde_json writes UTF-8.
    let s = String::from_utf8(out).unwrap_or_default();
    #[cfg(debug_assertions)]
    assert_eq!(s, by_value::render(diags, files, summary));
    s
}

/// The report as it was written before: a `serde_json::Value` tree, then printed. Debug builds
/// assert that both give the same bytes.
#[cfg(debug_assertions)]
mod by_value {
    use super::{FORMAT_VERSION, place};
    use crate::diagnostic::Diagnostic;
    use crate::engine::Summary;
    use crate::source::{Loc, SourceMap};
    use serde_json::{Value, json};

    fn location(files: &SourceMap, loc: &Loc) -> serde_json::Map<String, Value> {
        let p = place(files, loc);
        let mut m = serde_json::Map::new();
        m.insert("path".into(), json!(p.path));
        if p.cell.is_some() {
            m.insert("sheet".into(), json!(p.sheet));
            m.insert("cell".into(), json!(p.cell));
        } else {
            m.insert("line".into(), json!(p.line));
            m.insert("column".into(), json!(p.column));
            m.insert("end_line".into(), json!(p.end_line));
            m.insert("end_column".into(), json!(p.end_column));
        }
        m
    }

    pub fn render(diags: &[Diagnostic], files: &SourceMap, summary: &Summary) -> String {
        let items: Vec<Value> = diags
            .iter()
            .map(|d| {
                let mut m = serde_json::Map::new();
                m.insert("code".into(), json!(d.rule.code));
                m.insert("name".into(), json!(d.rule.name));
                m.insert("severity".into(), json!(d.severity.as_str()));
                m.insert("message".into(), json!(d.message));
                match &d.loc {
                    Some(l) => m.extend(location(files, l)),
                    None => {
                        m.insert("path".into(), Value::Null);
                    }
                }
                m.insert("entity".into(), json!(d.entity));
                if !d.members.is_empty() {
                    m.insert("entities".into(), json!(d.entities()));
                }
                let related: Vec<Value> = d
                    .related
                    .iter()
                    .map(|r| {
                        let mut lm = location(files, &r.loc);
                        lm.insert("message".into(), json!(r.message));
                        Value::Object(lm)
                    })
                    .collect();
                m.insert("related".into(), Value::Array(related));
                m.insert("help".into(), json!(d.help));
                Value::Object(m)
            })
            .collect();
        let doc = json!({
            "version": FORMAT_VERSION,
            "tool": { "name": "ismslint", "version": env!("CARGO_PKG_VERSION") },
            "summary": summary,
            "diagnostics": items,
        });
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    }
}
