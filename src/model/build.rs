//! Normalisation: raw records → typed entities. Unreadable values become IN002 diagnostics and
//! the field is marked invalid; duplicates inside one list are IN003. Never panics on input.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::input::{duplicate_id, invalid_value};
use crate::model::aliases::FieldTable;
use crate::model::control_id::{ControlRef, parse_clause_ref, parse_control_ref};
use crate::model::entity::*;
use crate::model::record::{Key, Kind, RawField, RawRecord, RawValue, Role};
use crate::model::values::{self, DateError, DateOrder, Tri};
use crate::pattern::Pattern;
use crate::source::Loc;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// What normalising one record produces besides the entity.
#[derive(Default)]
pub struct Out {
    pub diagnostics: Vec<Diagnostic>,
    /// Values that are whole placeholders (`[TBD]`): their field's rule reports them, so the
    /// placeholder text rule (DOC001) leaves them alone.
    pub placeholders: Vec<Loc>,
    /// Dates whose day and month order a language's convention decided (no `date_order` in
    /// config): the file, the language and the date as written, for one `-v` note per file.
    pub conventions: Vec<(crate::source::FileId, crate::model::lang::Lang, String)>,
}

pub struct BuildCx<'a> {
    pub fields: &'a FieldTable,
    /// `date_order` from config, when it is written there.
    pub date_order: Option<DateOrder>,
    /// The risk methodology: word scales and composite impact change how risk values are read.
    pub risk: &'a crate::model::risk_method::RiskConfig,
    /// The language of each file's tables, as detected from their headers or set by
    /// `language:` (issue 13): a slashed or dotted date in a table follows its convention.
    pub languages: &'a HashMap<crate::source::FileId, crate::model::lang::Lang>,
}

/// A record's fields by canonical name, with the diagnostics its reading produced.
struct Rec<'a> {
    raw: &'a RawRecord,
    /// Canonical name → field; a handful of entries, so a vector beats a map.
    by_field: Vec<(&'static str, &'a RawField)>,
    cx: &'a BuildCx<'a>,
    out: &'a mut Out,
    /// The language the record is written in, when known (`record_lang`).
    lang: Option<crate::model::lang::Lang>,
}

/// Config `columns:` as a map: normalised header → the field it names (`None` when it names no
/// field of the kind: the alias table decides then). The first entry for a header wins.
type ColumnMap = HashMap<String, Option<&'static str>>;

/// Run `f` with the record's configured column map as a hash map. The records of one source
/// share one column list: the map is built once per list and kind on each thread, not once
/// per record, and a key is looked up in it instead of compared with every configured column.
fn with_column_map<R>(raw: &RawRecord, cx: &BuildCx, f: impl FnOnce(Option<&ColumnMap>) -> R) -> R {
    type Cached = (Arc<Vec<(String, String)>>, Kind, ColumnMap);
    thread_local! {
        static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
    }
    let Some(columns) = &raw.column_map else {
        return f(None);
    };
    CACHE.with_borrow_mut(|cache| {
        let fresh = match cache {
            Some((c, k, _)) => !Arc::ptr_eq(c, columns) || *k != raw.kind,
            None => true,
        };
        if fresh {
            let fields = cx.fields.fields(raw.kind);
            let mut map = ColumnMap::new();
            for (header, canon) in columns.iter() {
                map.entry(values::norm_key(header))
                    .or_insert_with(|| fields.iter().find(|c| *c == canon).copied());
            }
            *cache = Some((columns.clone(), raw.kind, map));
        }
        f(cache.as_ref().map(|(_, _, m)| m))
    })
}

/// `cx.fields.canonical(kind, key)` for the `i`th key of a record. The records of a register
/// write the same keys in the same order, one shared `Arc` each: the answers for the last
/// record's keys are kept per thread (with the keys, so no other key can take their address),
/// and a key that is the same `Arc` at the same place is answered without normalising and
/// hashing it again (issue 16: a tenth of building a risk). Kept per table stamp and kind.
fn canonical_at(cx: &BuildCx, kind: Kind, i: usize, key: &Key) -> Option<&'static str> {
    type Slots = (Option<(u64, Kind)>, Vec<(Key, Option<&'static str>)>);
    /// Keys remembered: more than a record has.
    const MAX: usize = 256;
    thread_local! {
        static LAST: RefCell<Slots> = const { RefCell::new((None, Vec::new())) };
    }
    LAST.with_borrow_mut(|(tag, slots)| {
        let now = Some((cx.fields.stamp(), kind));
        if *tag != now {
            slots.clear();
            *tag = now;
        }
        if let Some((k, c)) = slots.get(i)
            && Arc::ptr_eq(k, key)
        {
            return *c;
        }
        let c = cx.fields.canonical(kind, key);
        if let Some(slot) = slots.get_mut(i) {
            *slot = (key.clone(), c);
        } else if i == slots.len() && i < MAX {
            slots.push((key.clone(), c));
        }
        c
    })
}

/// The text of a scalar field, or its single list item (`owner: [TBD]`): borrowed from the
/// record unless config maps it or several items are joined.
enum Scalar<'a> {
    Missing,
    Nested,
    Text(std::borrow::Cow<'a, str>, Loc),
}

impl<'a> Rec<'a> {
    fn new(raw: &'a RawRecord, cx: &'a BuildCx<'a>, out: &'a mut Out) -> Self {
        let mut by_field: Vec<(&'static str, &RawField)> = Vec::with_capacity(raw.fields.len());
        let mut add = |mapped: Option<&'static str>, f: &'a RawField| {
            // At most one entry per canonical field: a short list.
            if let Some(canon) = mapped
                && !by_field.iter().any(|(c, _)| *c == canon)
            {
                by_field.push((canon, f));
            }
        };
        // The columns of composite impact (`from: [C, I, A]`) are read as its parts, never as
        // another field by alias (`I` is not impact there): the explicit mapping wins.
        let part = |key: &str| {
            raw.kind == Kind::Risk && cx.risk.impact_from.as_ref().is_some_and(|c| c.names(key))
        };
        if raw.column_map.is_none() {
            for (i, f) in raw.fields.iter().enumerate() {
                add(
                    canonical_at(cx, raw.kind, i, &f.key).filter(|_| !part(&f.key)),
                    f,
                );
            }
        } else {
            // Config `columns:` corrects detection: mapped keys first, aliases for the rest, and
            // no alias takes a field config gave to another key of the record (`parse::columns`:
            // `columns: { impact: R }` on `C | I | A | R` reads impact from `R` only).
            with_column_map(raw, cx, |configured| {
                let mapped: Vec<Option<&'static str>> = raw
                    .fields
                    .iter()
                    .map(|f| {
                        configured
                            .and_then(|m| m.get(&values::norm_key(&f.key)).copied())
                            .flatten()
                    })
                    .collect();
                let taken: Vec<&str> = mapped.iter().flatten().copied().collect();
                for (i, (f, m)) in raw.fields.iter().zip(mapped).enumerate() {
                    let field = m.or_else(|| {
                        canonical_at(cx, raw.kind, i, &f.key)
                            .filter(|c| !taken.contains(c) && !part(&f.key))
                    });
                    add(field, f);
                }
            });
        }
        Rec {
            raw,
            by_field,
            cx,
            out,
            lang: record_lang(raw, cx),
        }
    }

    fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    fn get(&self, name: &str) -> Option<&'a RawField> {
        self.by_field
            .iter()
            .find(|(c, _)| *c == name)
            .map(|(_, f)| *f)
    }

    fn scalar(&self, name: &str) -> Scalar<'a> {
        let Some(f) = self.get(name) else {
            return Scalar::Missing;
        };
        if let Some((t, loc)) = self.mapped_value(name, f) {
            return Scalar::Text(t.into(), loc);
        }
        match &f.value {
            RawValue::Null => Scalar::Missing,
            RawValue::Nested => Scalar::Nested,
            RawValue::Text(s) => {
                // Icons and emphasis around the value are not part of it (issue 17 item 2).
                let (a, b) = values::undecorate(s);
                let t = &s[a..b];
                if t.is_empty() {
                    Scalar::Missing
                } else {
                    Scalar::Text(t.into(), f.sub_loc(a, b))
                }
            }
            RawValue::List(items) => match &items[..] {
                [] => Scalar::Missing,
                [(s, loc)] => {
                    let (a, b) = values::undecorate(s);
                    Scalar::Text(s[a..b].into(), *loc)
                }
                // Several values in a one-value field: keep them together as written.
                _ => Scalar::Text(
                    items
                        .iter()
                        .map(|(s, _)| s.trim())
                        .collect::<Vec<_>>()
                        .join(", ")
                        .into(),
                    f.loc,
                ),
            },
        }
    }

    /// Config `values:` of the record's source (issue 18 item 1): the value a cell means in
    /// this source (`Inc` → `yes`), applied before normalisation. The cell matches as written
    /// or without its icons and emphasis, case aside.
    fn mapped_value(&self, name: &str, f: &RawField) -> Option<(String, Loc)> {
        let map = self.raw.value_map.as_ref()?;
        let (s, loc) = match &f.value {
            RawValue::Text(s) => (&**s, f.loc),
            RawValue::List(items) if items.len() == 1 => (items[0].0.as_str(), items[0].1),
            _ => return None,
        };
        let (a, b) = values::undecorate(s);
        let bare = &s[a..b];
        map.iter()
            .filter(|(field, _, _)| field == name)
            .find(|(_, from, _)| {
                let from = from.trim();
                from.eq_ignore_ascii_case(s.trim())
                    || from.to_lowercase() == s.trim().to_lowercase()
                    || (!bare.is_empty() && from.to_lowercase() == bare.to_lowercase())
            })
            .map(|(_, _, to)| (to.clone(), loc))
    }

    fn field_loc(&self, name: &str) -> Loc {
        self.get(name).map_or_else(|| self.raw.loc, |f| f.loc)
    }

    fn invalid(&mut self, loc: &Loc, message: String, help: Option<String>) {
        let mut d = Diagnostic::at(&invalid_value::META, loc, message);
        d.help = help;
        self.out.diagnostics.push(d);
    }

    /// A field read with `parse`; failures are IN002 with `describe` building the message.
    fn parsed<T>(
        &mut self,
        name: &str,
        parse: impl Fn(&str) -> Result<T, Option<String>>,
        describe: impl Fn(&str) -> (String, Option<String>),
    ) -> Field<T> {
        match self.scalar(name) {
            Scalar::Missing => Field {
                val: Val::Missing,
                loc: self.field_loc(name),
            },
            Scalar::Nested => {
                let loc = self.field_loc(name);
                self.invalid(
                    &loc,
                    format!("`{name}` should be a single value, found a nested structure"),
                    None,
                );
                Field {
                    val: Val::Invalid,
                    loc,
                }
            }
            Scalar::Text(t, loc) => {
                let t: &str = &t;
                if let Some(p) = values::placeholder(t) {
                    self.out.placeholders.push(loc);
                    return Field {
                        val: Val::Placeholder(Box::new(p.to_string())),
                        loc,
                    };
                }
                match parse(t) {
                    Ok(v) => Field {
                        val: Val::Ok(v),
                        loc,
                    },
                    Err(custom) => {
                        let (msg, help) = describe(t);
                        self.invalid(&loc, custom.unwrap_or(msg), help);
                        Field {
                            val: Val::Invalid,
                            loc,
                        }
                    }
                }
            }
        }
    }

    fn text(&mut self, name: &str) -> Field<String> {
        self.parsed(name, |t| Ok(t.to_string()), |_| (String::new(), None))
    }

    /// A text field no rule reads: read as `text` reads it (a placeholder in it is still found),
    /// but not kept (issue 16: an evidence description is ~130 bytes an item).
    fn unkept(&mut self, name: &str) {
        self.parsed(name, |_| Ok(()), |_| (String::new(), None));
    }

    fn number(&mut self, name: &'static str) -> Field<f64> {
        self.parsed(
            name,
            |t| values::parse_number(t).ok_or(None),
            |t| {
                (
                    format!("`{name}` value `{t}` is not a number"),
                    Some("write a number on the scale of the risk methodology (`risk:` in ismslint.yaml), e.g. `3`".into()),
                )
            },
        )
    }

    /// A risk value on a scale: a number on a numeric scale (as `number`), or a level of a word
    /// scale held as its position. A value that is no level is recorded in `off` for RSK002
    /// (which lists the scale), not reported as IN002.
    fn scaled(
        &mut self,
        name: &'static str,
        levels: Option<&crate::model::scale::Scale>,
        key: &'static str,
        off: &mut Vec<OffScale>,
    ) -> Field<f64> {
        let Some(scale) = levels else {
            return self.number(name);
        };
        let f = self.parsed(
            name,
            |t| Ok(scale.position(t).map(|p| p as f64)),
            |_| (String::new(), None),
        );
        match f.val {
            Val::Ok(Some(v)) => Field {
                val: Val::Ok(v),
                loc: f.loc,
            },
            Val::Ok(None) => {
                let text = match self.scalar(name) {
                    Scalar::Text(t, _) => t.into_owned(),
                    _ => String::new(),
                };
                // A scale assumed from the register's level words (nothing states one): a word
                // that is no level is unreadable, as on no scale at all (issue 13).
                if self.cx.risk.scales_assumed.contains(&key) {
                    self.invalid(
                        &f.loc,
                        format!("`{name}` value `{text}` is neither a number nor a level: the column's other values are the levels {}", scale.list()),
                        Some("write a level or a number, and state the scale under `risk:` in ismslint.yaml".into()),
                    );
                    return Field {
                        val: Val::Invalid,
                        loc: f.loc,
                    };
                }
                off.push(OffScale {
                    field: name.replace('_', " "),
                    text,
                    loc: f.loc,
                    scale: scale.list(),
                    key,
                });
                Field {
                    val: Val::Invalid,
                    loc: f.loc,
                }
            }
            Val::Missing => Field::missing(&f.loc),
            Val::Placeholder(p) => Field {
                val: Val::Placeholder(p),
                loc: f.loc,
            },
            Val::Invalid => Field {
                val: Val::Invalid,
                loc: f.loc,
            },
        }
    }

    fn date(&mut self, name: &'static str) -> Field<jiff::civil::Date> {
        let (order, lang) = (self.cx.date_order, self.lang);
        let decided = std::cell::Cell::new(None);
        let field = self.parsed(
            name,
            |t| {
                values::parse_date_in(t, order, lang)
                    .map(|(d, by)| {
                        if let values::ReadBy::Convention(l) = by {
                            decided.set(Some((l, t.to_string())));
                        }
                        d
                    })
                    .map_err(|e| match e {
                    DateError::Ambiguous => Some(format!(
                        "`{name}` date `{t}` is ambiguous: day and month order is not configured"
                    )),
                    DateError::Invalid => None,
                })
            },
            |t| {
                (
                    format!("`{name}` value `{t}` is not a valid date"),
                    Some("write dates as YYYY-MM-DD, or set `date_order: day-month` (or `month-day`) in ismslint.yaml".into()),
                )
            },
        );
        if let Some((l, t)) = decided.take() {
            self.out.conventions.push((self.raw.loc.file(), l, t));
        }
        field
    }

    /// The next review, or, when the field holds a frequency instead of a date (`Next review:
    /// Anual`, `Quarterly`, `jährlich`), that frequency as the review interval: the document
    /// states how often it is reviewed, not a wrong date. Returns (next review, interval).
    ///
    /// A continuous review (`Continuous`, `Fortlaufend`, `En continu`) has no next date and no
    /// interval: the field is filled (no DOC004) with nothing due (no DOC005) and no IN002.
    fn next_review_or_interval(
        &mut self,
    ) -> (Field<jiff::civil::Date>, Option<Field<values::Duration>>) {
        if let Scalar::Text(t, loc) = self.scalar("next_review")
            && values::continuous_review(&t)
        {
            return (
                Field {
                    val: Val::Invalid,
                    loc,
                },
                None,
            );
        }
        if let Scalar::Text(t, loc) = self.scalar("next_review")
            && values::placeholder(&t).is_none()
            && values::parse_date_in(&t, self.cx.date_order, self.lang).is_err()
            && let Some(d) = values::parse_duration(&t)
        {
            let missing = Field {
                val: Val::Missing,
                loc,
            };
            return (
                missing,
                Some(Field {
                    val: Val::Ok(d),
                    loc,
                }),
            );
        }
        (self.date("next_review"), None)
    }

    fn duration(&mut self, name: &'static str) -> Field<values::Duration> {
        self.parsed(
            name,
            |t| values::parse_duration(t).ok_or(None),
            |t| {
                (
                    format!("`{name}` value `{t}` is not a duration"),
                    Some(
                        "write e.g. `12 months`, `annually`, `quarterly`, `90d`, `1y` or `P1Y`"
                            .into(),
                    ),
                )
            },
        )
    }

    /// A list field: YAML sequence or a delimited string. Placeholders are dropped; an item
    /// listed twice is IN003.
    fn list(&mut self, name: &'static str) -> Vec<Item<String>> {
        self.list_in(name)
            .into_iter()
            .map(|item| Item {
                value: item.value.to_string(),
                loc: item.loc,
            })
            .collect()
    }

    /// `list`'s items as they are written in the record, not copied: a list of control IDs is
    /// parsed, its text never kept (two strings and a vector a risk, issue 16).
    fn list_in(&mut self, name: &'static str) -> Vec<Item<&'a str>> {
        let Some(f) = self.get(name) else {
            return Vec::new();
        };
        let mut items: Vec<Item<&'a str>> = Vec::new();
        let push = |s: &'a str, loc: Loc, items: &mut Vec<Item<&'a str>>| {
            if values::placeholder(s).is_some() {
                return;
            }
            items.push(Item { value: s, loc });
        };
        match &f.value {
            RawValue::Null => {}
            RawValue::Nested => {
                let loc = f.loc;
                self.invalid(
                    &loc,
                    format!("`{name}` should be a list of IDs, found a nested structure"),
                    None,
                );
            }
            RawValue::Text(s) => {
                for (item, start, end) in values::split_list(s) {
                    push(item, f.sub_loc(start, end), &mut items);
                }
            }
            RawValue::List(list) => {
                for (s, loc) in list {
                    let t = s.trim();
                    if !t.is_empty() {
                        push(t, *loc, &mut items);
                    }
                }
            }
        }
        let mut twice = |item: &Item<&str>, first: &Loc| {
            self.out.diagnostics.push(
                Diagnostic::at(
                    &duplicate_id::META,
                    &item.loc,
                    format!("`{}` is listed twice in `{name}`", item.value),
                )
                .label("listed again here")
                .related(first, "first listed here")
                .help("remove the repeated entry"),
            );
        };
        if items.len() <= SHORT_LIST {
            // Most lists hold a few items: compared with the ones kept before them, without a
            // map or a lower-cased copy of each.
            let mut kept: Vec<Item<&'a str>> = Vec::with_capacity(items.len());
            for item in items {
                match kept.iter().find(|k| same_folded(k.value, item.value)) {
                    Some(first) => twice(&item, &first.loc),
                    None => kept.push(item),
                }
            }
            return kept;
        }
        let mut seen: HashMap<String, Loc> = HashMap::new();
        items.retain(|item| {
            let key = item.value.to_lowercase();
            if let Some(first) = seen.get(&key) {
                twice(item, first);
                false
            } else {
                seen.insert(key, item.loc);
                true
            }
        });
        items
    }

    fn control_list(&mut self, name: &'static str) -> Vec<Item<ControlRef>> {
        self.control_list_counted(name).0
    }

    /// The control IDs of a list field, and how many entries were written.
    fn control_list_counted(&mut self, name: &'static str) -> (Vec<Item<ControlRef>>, usize) {
        let items = self.list_in(name);
        let written = items.len();
        // Sized once: kept for the run (100,000 risks keep 400,000 of these).
        let mut out = Vec::with_capacity(written);
        for item in items {
            // `42001:A.6.2.4`, `SOC2 CC6.1`: another framework's control, not a 27001 one.
            if crate::model::framework::reference_prefix(item.value).is_some() {
                continue;
            }
            // `A 5.17 A 8.5`: two controls in one item, separated by a space only (an item
            // written `A.5.17` is one control: no need to look for several).
            let several = if plain_control_id(item.value) {
                Vec::new()
            } else {
                crate::model::control_id::several_controls(item.value)
            };
            if several.len() > 1 {
                for one in several {
                    if let Some(r) = parse_control_ref(&one) {
                        out.push(Item {
                            value: r,
                            loc: item.loc,
                        });
                    }
                }
                continue;
            }
            match parse_control_ref(item.value) {
                Some(r) => out.push(Item {
                    value: r,
                    loc: item.loc,
                }),
                None => self.invalid(
                    &item.loc,
                    format!("`{}` in `{name}` is not a control ID", item.value),
                    Some("write Annex A controls as `A.5.1` (ISO 27001:2022)".into()),
                ),
            }
        }
        (out, written)
    }

    fn id_text(&mut self) -> Field<String> {
        if let Some((id, loc)) = self.raw.key_id.as_deref() {
            return Field {
                val: Val::Ok(id.clone()),
                loc: *loc,
            };
        }
        self.text("id")
    }
}

/// Lists up to this long are checked for repeated items by comparing each with the ones before.
const SHORT_LIST: usize = 16;

/// Equal once lower-cased (`str::to_lowercase`), as the map of long lists compares them.
fn same_folded(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// `A.5.17`, `A.8.1` exactly: a control ID as the catalogue writes it, one control (what
/// `several_controls` would find in it is itself alone).
fn plain_control_id(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("A.") else {
        return false;
    };
    let mut parts = rest.split('.');
    let number = |p: Option<&str>| {
        p.is_some_and(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    };
    number(parts.next()) && number(parts.next()) && parts.next().is_none()
}

fn tri_field(rec: &mut Rec<'_>, name: &'static str) -> Field<Tri> {
    rec.parsed(
        name,
        |t| values::parse_tri(t).ok_or(None),
        |t| {
            (
                format!("`{name}` value `{t}` is neither yes nor no"),
                Some(
                    "write yes/no (also accepted: true/false, x, applicable/excluded, ✓/✗)".into(),
                ),
            )
        },
    )
}

pub fn control(raw: &RawRecord, cx: &BuildCx, out: &mut Out) -> Control {
    let mut rec = Rec::new(raw, cx, out);
    let id_text = rec.id_text();
    // A clause checklist row names a clause (`5.1` is clause 5.1 Leadership, not A.5.1).
    let parse = |t: &str| match raw.role {
        Role::Clause => parse_clause_ref(t).map(ControlRef::Clause),
        _ => parse_control_ref(t),
    };
    let id = match id_text.val {
        Val::Ok(t) => match parse(&t) {
            Some(r) => Field {
                val: Val::Ok(r),
                loc: id_text.loc,
            },
            None => {
                rec.invalid(
                    &id_text.loc,
                    format!("`{t}` is not a control ID"),
                    Some("write Annex A controls as `A.5.1` (ISO 27001:2022)".into()),
                );
                Field {
                    val: Val::Invalid,
                    loc: id_text.loc,
                }
            }
        },
        Val::Missing => Field::missing(&id_text.loc),
        Val::Placeholder(p) => Field {
            val: Val::Placeholder(p),
            loc: id_text.loc,
        },
        Val::Invalid => Field {
            val: Val::Invalid,
            loc: id_text.loc,
        },
    };

    let mut applicable = match raw.role {
        // A clause checklist answers Yes/No/N/A, or with a status (`Implemented`, `N/A`).
        Role::Clause => rec.parsed(
            "applicable",
            |t| {
                values::parse_tri(t)
                    .or_else(|| {
                        values::parse_status(t).map(|s| match s {
                            values::Status::NotApplicable => Tri::No,
                            _ => Tri::Yes,
                        })
                    })
                    .ok_or(None)
            },
            |t| {
                (
                    format!("`{t}` is not an answer of a clause checklist"),
                    Some("write Yes, No or N/A, or an implementation status".into()),
                )
            },
        ),
        _ => tri_field(&mut rec, "applicable"),
    };
    // A row of an "Excluded controls" summary excludes its control.
    if raw.role == Role::Exclusion && applicable.val == Val::Missing {
        applicable = Field {
            val: Val::Ok(Tri::No),
            loc: id.loc,
        };
    }
    // A maturity column states implementation in a scale of its own (issue 13: `Madurez` L2–L4).
    let has_status_column = rec.has("status") || rec.has("maturity");
    let mut status = Field::missing(&rec.field_loc("status"));
    if has_status_column {
        let status_text = match rec.scalar("status") {
            Scalar::Text(t, _) => Some(t),
            _ => None,
        };
        let status_text = status_text.as_deref();
        // A `Status` column holding included/excluded is the applicability column.
        let as_applicability = status_text
            .filter(|_| !rec.has("applicable"))
            .and_then(|t| {
                values::parse_tri(t).filter(|_| {
                    !matches!(
                        values::parse_status(t),
                        Some(s) if s != values::Status::NotApplicable
                    )
                })
            });
        if let Some(tri) = as_applicability {
            applicable = Field {
                val: Val::Ok(tri),
                loc: rec.field_loc("status"),
            };
        } else {
            status = rec.parsed(
                "status",
                |t| values::parse_status(t).ok_or(None),
                |t| {
                    let hint = values::did_you_mean(t, values::STATUS_WORDS.iter().copied())
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    (
                        format!("implementation status `{t}` is not a known status"),
                        Some(format!(
                            "{hint}allowed: {}",
                            values::STATUS_WORDS.join(", ")
                        )),
                    )
                },
            );
        }
    }

    let mut justification = rec.text("justification");
    let mut reasons: Vec<Item<Reason>> = rec
        .list("reasons")
        .into_iter()
        .map(|i| Item {
            value: Reason::parse(&i.value),
            loc: i.loc,
        })
        .collect();
    // A lone `Reason` column holding prose ("No data centre of our own") is the justification.
    if justification.is_blank()
        && !reasons.is_empty()
        && reasons.iter().all(|r| r.value == Reason::Other)
    {
        justification = rec.text("reasons");
        reasons.clear();
    }
    for (field, reason) in [
        ("reason_risk", Reason::Risk),
        ("reason_legal", Reason::Legal),
        ("reason_contractual", Reason::Contractual),
        ("reason_business", Reason::Business),
    ] {
        if let Scalar::Text(t, loc) = rec.scalar(field) {
            // A yes/no column counts when yes; a column holding text (`GDPR Art. 32`) counts too.
            let claimed = match values::parse_tri(&t) {
                Some(Tri::Yes) => true,
                Some(_) => false,
                None => values::placeholder(&t).is_none(),
            };
            if claimed {
                reasons.push(Item { value: reason, loc });
            }
        }
    }

    Control {
        loc: raw.loc,
        id,
        title: rec.text("title"),
        applicable,
        justification,
        reasons,
        status,
        has_status_column,
        maturity: rec.text("maturity"),
        has_owner_column: rec.has("owner"),
        has_evidence_column: rec.has("evidence"),
        owner: rec.text("owner"),
        risks: rec.list("risks"),
        documents: rec.list("documents"),
        evidence_loc: rec.field_loc("evidence"),
        evidence: rec.list("evidence"),
        role: raw.role,
    }
}

pub fn risk(raw: &RawRecord, cx: &BuildCx, out: &mut Out) -> Risk {
    let mut rec = Rec::new(raw, cx, out);
    let cfg = cx.risk;
    let treatment = rec.parsed(
        "treatment",
        |t| values::parse_treatment(t).ok_or(None),
        |t| {
            let hint = values::did_you_mean(t, values::TREATMENT_WORDS.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            (
                format!("treatment `{t}` is not a risk treatment option"),
                Some(format!(
                    "{hint}allowed: modify (mitigate, reduce), retain (accept), avoid, share (transfer) — ISO/IEC 27005"
                )),
            )
        },
    );
    let (mut controls, mut controls_written) = rec.control_list_counted("controls");
    // Treatment prose: the plan after the option word, and the controls it names.
    let mut treatment_plan = None;
    if let (Some(_), Scalar::Text(t, _)) = (treatment.value(), rec.scalar("treatment")) {
        if let Some((_, plan)) = values::treatment_prose(&t).filter(|(_, p)| !p.is_empty()) {
            treatment_plan = Some(plan.to_string());
        }
        for (r, loc) in prose_controls(rec.get("treatment")) {
            if !controls.iter().any(|c| c.value.id() == r.id()) {
                controls.push(Item { value: r, loc });
                controls_written += 1;
            }
        }
    }
    let mut off = Vec::new();
    let (ll, il, sl) = (
        cfg.likelihood_levels.as_ref(),
        cfg.impact_levels.as_ref(),
        cfg.levels.as_ref(),
    );
    let likelihood = rec.scaled("likelihood", ll, "risk.likelihood", &mut off);
    let mut impact = rec.scaled("impact", il, "risk.impact", &mut off);
    // On a word score scale, a `Risk level` column is the score when there is no score column.
    let score_field = if sl.is_some() && !rec.has("score") && rec.has("level") {
        "level"
    } else {
        "score"
    };
    let score = rec.scaled(score_field, sl, "risk.levels", &mut off);
    // Composite impact: each part from its column, combined.
    let mut impact_parts = Vec::new();
    let mut impact_computed = None;
    let mut impact_from_parts = false;
    if let Some(comp) = &cfg.impact_from {
        for name in &comp.from {
            let k = values::norm_key(name);
            let Some(f) = raw.fields.iter().find(|f| values::norm_key(&f.key) == k) else {
                continue;
            };
            let field = part_value(f, comp, &mut rec, &mut off);
            impact_parts.push((f.key.to_string(), field));
        }
        let vals: Vec<f64> = impact_parts.iter().filter_map(|(_, f)| f.value()).collect();
        if impact_parts.len() == comp.from.len() && vals.len() == comp.from.len() {
            let v = comp.combine.apply(&vals);
            match impact.val {
                Val::Missing => {
                    if let Some(v) = v {
                        impact_from_parts = true;
                        impact = Field {
                            val: Val::Ok(v),
                            loc: impact_parts[0].1.loc,
                        };
                    }
                }
                _ => impact_computed = v,
            }
        }
    }
    let residual_likelihood = rec.scaled("residual_likelihood", ll, "risk.likelihood", &mut off);
    let residual_impact = rec.scaled("residual_impact", il, "risk.impact", &mut off);
    let residual_score = rec.scaled("residual_score", sl, "risk.levels", &mut off);
    let mut accepted_by = rec.text("accepted_by");
    let mut accepted_on = rec.date("accepted_on");
    // An acceptance stated only in prose: "accepted by the COO on 2026-02-01".
    if accepted_by.is_blank() && accepted_on.is_blank() {
        let retained = treatment.value() == Some(values::Treatment::Retain);
        for field in ["treatment", "status", "accepted_by", "accepted_on"] {
            if let Some((by, on)) = prose_acceptance(rec.get(field), retained, cx.date_order) {
                accepted_by = by;
                accepted_on = on;
                break;
            }
        }
    }
    // A plan row's owner and status are its action's; the risk's are the register's.
    let (owner, status, actions) = if raw.role == Role::Plan {
        let action = plan_action(raw, &mut rec, cx);
        (
            Field::missing(&raw.loc),
            Field::missing(&raw.loc),
            vec![action],
        )
    } else {
        let status = rec.text("status");
        let retained = treatment.value() == Some(values::Treatment::Retain);
        let actions = register_action(raw, &mut rec, cx, &status, retained)
            .into_iter()
            .collect();
        (rec.text("owner"), status, actions)
    };
    // In the order the fields have always been read (what reading them reports keeps its order).
    let (id, title, assets) = (rec.id_text(), rec.text("title"), rec.list("assets"));
    let residual = crate::model::entity::Residual {
        residual_likelihood,
        residual_impact,
        residual_score,
        accepted_by,
        accepted_on,
        acceptance_expires: rec.date("acceptance_expires"),
        next_review: rec.date("next_review"),
        status,
    };
    let residual = crate::model::entity::ResidualSlot::new(residual, &raw.loc);
    Risk {
        loc: raw.loc,
        id,
        title,
        owner,
        likelihood,
        impact,
        score,
        treatment,
        controls: controls.into(),
        controls_written: u32::try_from(controls_written).unwrap_or(u32::MAX),
        residual,
        rare: crate::model::entity::RareSlot::new(crate::model::entity::Rare {
            assets,
            actions,
            method: RiskMethod {
                off_scale: off,
                impact_parts,
                impact_computed,
                impact_from_parts,
                treatment_plan,
            },
        }),
        role: raw.role,
    }
}

/// The action of a treatment plan row: its number, text, owner, due date and status.
fn plan_action(raw: &RawRecord, rec: &mut Rec, cx: &BuildCx) -> TreatmentAction {
    use crate::model::plan_headers::is_plan_header;
    let cell = |what: &str| {
        raw.fields.iter().find_map(|f| match &f.value {
            RawValue::Text(t) if !t.trim().is_empty() => {
                let named = match what {
                    "actionid" => values::norm_key(&f.key) == "actionid",
                    _ => is_plan_header(&f.key, what),
                };
                named.then(|| (t.trim().to_string(), f.loc))
            }
            _ => None,
        })
    };
    let due_cell = cell("due");
    let due = due_field(raw, &due_cell, cx);
    // A `Treatment Status` column is the action's, before a plain `Status`.
    let status = if rec.has("treatment_status") {
        rec.text("treatment_status")
    } else {
        rec.text("status")
    };
    TreatmentAction {
        loc: raw.loc,
        id: cell("actionid").map(|(t, _)| t),
        action: cell("action").map(|(t, _)| t),
        owner: rec.text("owner"),
        due,
        due_text: due_cell.map(|(t, _)| t),
        status,
    }
}

/// Words of a register's risk `Status` that say how its treatment is progressing, not whether
/// the risk is open: only these make the risk's status the action's when the register has no
/// `Treatment Status` column. `Open` / `Active` / `Closed` say what the risk is, not the action.
const PROGRESS_WORDS: &[&str] = &[
    "inprogress",
    "ongoing",
    "notstarted",
    "planned",
    "pending",
    "onhold",
    "overdue",
    "delayed",
    "started",
    "todo",
    "scheduled",
    "inimplementation",
    "underway",
    "wip",
    "blocked",
    "emandamento",
    "emcurso",
    "enprogreso",
    "encurso",
    "pendiente",
    "inbearbeitung",
    "geplant",
    "encours",
];

/// The treatment action of a register row (issue 18 item 2): a `Target Date` / `Treatment Due`
/// column is its due date, a `Treatment Status` / `Action Status` column its status (else the
/// risk's `Status` when it is a progress word). A retained (accepted) risk has no action; a
/// `Review Date` is the risk's review, not a due date (`next_review`).
fn register_action(
    raw: &RawRecord,
    rec: &mut Rec,
    cx: &BuildCx,
    risk_status: &Field<String>,
    retained: bool,
) -> Option<TreatmentAction> {
    use crate::model::plan_headers::is_plan_header;
    if retained {
        return None;
    }
    let f = rec.get("treatment_due")?;
    let due_cell = match &f.value {
        RawValue::Text(t) if !t.trim().is_empty() => Some((t.trim().to_string(), f.loc)),
        _ => None,
    };
    due_cell.as_ref()?;
    let due = due_field(raw, &due_cell, cx);
    let status = if rec.has("treatment_status") {
        rec.text("treatment_status")
    } else {
        match risk_status.get() {
            Some(t) if PROGRESS_WORDS.contains(&values::norm_key(t).as_str()) => {
                risk_status.clone()
            }
            _ => Field::missing(&raw.loc),
        }
    };
    let action = raw.fields.iter().find_map(|f| match &f.value {
        RawValue::Text(t) if is_plan_header(&f.key, "action") && !t.trim().is_empty() => {
            Some(t.trim().to_string())
        }
        _ => None,
    });
    Some(TreatmentAction {
        loc: raw.loc,
        id: None,
        action,
        owner: Field::missing(&raw.loc),
        due,
        due_text: due_cell.map(|(t, _)| t),
        status,
    })
}

/// A due-date cell read as a date; a cell that is no date (`Recurring`, `Q3`) is `Invalid`,
/// kept as written, and not reported (a plan's due column may hold words).
fn due_field(
    raw: &RawRecord,
    due_cell: &Option<(String, Loc)>,
    cx: &BuildCx,
) -> Field<jiff::civil::Date> {
    match due_cell {
        None => Field::missing(&raw.loc),
        Some((t, loc)) => Field {
            val: match values::parse_date_in(t, cx.date_order, None) {
                Ok((d, _)) => Val::Ok(d),
                Err(_) => match values::placeholder(t) {
                    Some(p) => Val::Placeholder(Box::new(p.to_string())),
                    None => Val::Invalid,
                },
            },
            loc: *loc,
        },
    }
}

/// One part of composite impact (a `C`, `I` or `A` cell) on the part scale.
fn part_value(
    f: &RawField,
    comp: &crate::model::scale::Composite,
    rec: &mut Rec<'_>,
    off: &mut Vec<OffScale>,
) -> Field<f64> {
    let RawValue::Text(s) = &f.value else {
        return Field::missing(&f.loc);
    };
    let t = s.trim();
    let lead = s.len() - s.trim_start().len();
    let loc = f.sub_loc(lead, lead + t.len());
    if t.is_empty() {
        return Field::missing(&f.loc);
    }
    if let Some(p) = values::placeholder(t) {
        rec.out.placeholders.push(loc);
        return Field {
            val: Val::Placeholder(Box::new(p.to_string())),
            loc,
        };
    }
    let v = match &comp.part_levels {
        Some(levels) => levels.position(t).map(|p| p as f64),
        None => values::parse_number(t),
    };
    match v {
        Some(v) => Field {
            val: Val::Ok(v),
            loc,
        },
        None => {
            match &comp.part_levels {
                Some(levels) => off.push(OffScale {
                    field: f.key.to_string(),
                    text: t.to_string(),
                    loc,
                    scale: levels.list(),
                    key: "risk.impact.scale",
                }),
                None => rec.invalid(
                    &loc,
                    format!("`{}` value `{t}` is not a number", f.key),
                    Some("write a number on the scale of `risk.impact.scale` in ismslint.yaml, e.g. `3`".into()),
                ),
            }
            Field {
                val: Val::Invalid,
                loc,
            }
        }
    }
}

/// Control IDs written in a treatment's plan (`Mitigate — MFA (A.8.5)`), with their places.
fn prose_controls(f: Option<&RawField>) -> Vec<(ControlRef, Loc)> {
    static ID: Pattern = Pattern::new(r"\bA\s?\.?\s?\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\b");
    let Some(f) = f else { return Vec::new() };
    let RawValue::Text(s) = &f.value else {
        return Vec::new();
    };
    ID.find_iter(s)
        .filter_map(|m| {
            let r = parse_control_ref(m.as_str())?;
            (!matches!(r, ControlRef::Clause(_))).then(|| (r, f.sub_loc(m.start(), m.end())))
        })
        .collect()
}

/// "accepted by the COO on 2026-02-01" (and, for a retained risk, "approved by …"): who and
/// when, each with its place, when both are written.
fn prose_acceptance(
    f: Option<&RawField>,
    retained: bool,
    order: Option<DateOrder>,
) -> Option<(Field<String>, Field<jiff::civil::Date>)> {
    static ACCEPTED: Pattern = Pattern::new(
        r"(?i)\b(accepted|approved|signed off)\s+by\s+(?:the\s+)?([^,;()\n]+?)\s*(?:,\s*|\s+)(?:on\s+)?(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4})\b",
    );
    let f = f?;
    let RawValue::Text(s) = &f.value else {
        return None;
    };
    for c in ACCEPTED.captures_iter(s) {
        if !retained && !c[1].eq_ignore_ascii_case("accepted") {
            continue;
        }
        let (who, when) = (c.get(2)?, c.get(3)?);
        let Ok((date, _)) = values::parse_date_in(when.as_str(), order, None) else {
            continue;
        };
        return Some((
            Field {
                val: Val::Ok(who.as_str().trim().to_string()),
                loc: f.sub_loc(who.start(), who.end()),
            },
            Field {
                val: Val::Ok(date),
                loc: f.sub_loc(when.start(), when.end()),
            },
        ));
    }
    None
}

pub fn owner(raw: &RawRecord, cx: &BuildCx, out: &mut Out) -> Owner {
    let mut rec = Rec::new(raw, cx, out);
    Owner {
        loc: raw.loc,
        id: rec.id_text(),
        name: rec.text("name"),
        role: rec.text("role"),
        email: rec.text("email"),
        active: tri_field(&mut rec, "active"),
        left_on: rec.date("left_on"),
    }
}

/// The language a record is written in, when known: `raw.lang` (a Markdown document's guess from
/// all its labels), else for a document a guess from its field keys (`doc_labels::language_of`),
/// for a table row the language of its file's tables (detected from their headers, or set by
/// `language:`). English is no convention: its ambiguous dates stay ambiguous.
fn record_lang(raw: &RawRecord, cx: &BuildCx) -> Option<crate::model::lang::Lang> {
    if raw.lang.is_some() {
        return raw.lang;
    }
    match raw.kind {
        Kind::Document => {
            crate::model::doc_labels::language_of(raw.fields.iter().map(|f| f.key.as_str()))
        }
        _ => cx
            .languages
            .get(&raw.loc.file())
            .copied()
            .filter(|l| *l != crate::model::lang::Lang::En),
    }
}

pub fn document(raw: &RawRecord, cx: &BuildCx, out: &mut Out) -> Document {
    let mut rec = Rec::new(raw, cx, out);
    let (next_review, stated_interval) = rec.next_review_or_interval();
    let review_interval = match (rec.duration("review_interval"), stated_interval) {
        (f, Some(i)) if matches!(f.val, Val::Missing) => i,
        (f, _) => f,
    };
    Document {
        loc: raw.loc,
        file: raw.loc.file(),
        id: rec.id_text(),
        title: rec.text("title"),
        doc_type: rec.text("type"),
        owner: rec.text("owner"),
        approver: rec.text("approver"),
        approved_on: rec.date("approved_on"),
        version: rec.text("version"),
        status: rec.text("status"),
        last_reviewed: rec.date("last_reviewed"),
        review_interval,
        next_review,
        controls: rec.control_list("controls"),
        clauses: rec.list("clauses"),
        related: rec.list("related"),
        applicable: tri_field(&mut rec, "applicable"),
        has_metadata: !raw.fields.is_empty(),
    }
}

pub fn evidence(raw: &RawRecord, cx: &BuildCx, out: &mut Out) -> Evidence {
    let mut rec = Rec::new(raw, cx, out);
    let id = rec.id_text();
    let controls = rec.control_list("controls");
    rec.unkept("description");
    Evidence {
        loc: raw.loc,
        id,
        controls,
        collected_on: rec.date("collected_on"),
        valid_for: rec.duration("valid_for"),
        expires: rec.date("expires"),
        location: rec.text("location"),
        owner: rec.text("owner"),
    }
}

pub fn asset(raw: &RawRecord, cx: &BuildCx, out: &mut Out) -> Asset {
    let mut rec = Rec::new(raw, cx, out);
    Asset {
        loc: raw.loc,
        id: rec.id_text(),
        name: rec.text("name"),
        owner: rec.text("owner"),
        classification: rec.text("classification"),
    }
}

/// Which kind a set of headers describes, if any: an ID column plus one column specific to the
/// kind (DESIGN §6, table sniffing). Returns the best-scoring kind.
pub fn sniff_kind(fields: &FieldTable, headers: &[&str]) -> Option<Kind> {
    let has = |kind: Kind, name: &str| {
        headers
            .iter()
            .any(|h| fields.canonical(kind, h) == Some(name))
    };
    let specific: [(Kind, &[&str]); 6] = [
        (Kind::Control, &["applicable"]),
        (
            Kind::Risk,
            &["likelihood", "impact", "treatment", "residual_score"],
        ),
        (Kind::Evidence, &["collected_on", "valid_for"]),
        (Kind::Asset, &["classification"]),
        (Kind::Owner, &["email", "left_on"]),
        (
            Kind::Document,
            &["review_interval", "approver", "last_reviewed"],
        ),
    ];
    specific.iter().find_map(|(kind, names)| {
        let id_like = has(*kind, "id") || (*kind == Kind::Owner && has(*kind, "name"));
        (id_like && names.iter().any(|n| has(*kind, n))).then_some(*kind)
    })
}
