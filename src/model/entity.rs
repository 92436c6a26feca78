//! Typed entities after normalisation. Every value keeps where it came from.

use crate::model::control_id::ControlRef;
use crate::model::values::{Duration, Status, Treatment, Tri};
use crate::source::{FileId, Loc};
use jiff::civil::Date;

/// The state of one field of one record.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<T> {
    /// Absent key/column, null or empty cell.
    Missing,
    /// A placeholder (`TBD`, `[Owner]`, `?`): nobody filled this in. Boxed: placeholders are
    /// rare, and one pointer lets `Val<f64>` be 16 bytes and `Val<String>` 24, not 24 and 32
    /// (every field of every entity has a `Val`; issue 16).
    Placeholder(Box<String>),
    /// Present but unreadable: already reported as IN002.
    Invalid,
    Ok(T),
}

#[derive(Debug, Clone)]
pub struct Field<T> {
    pub val: Val<T>,
    /// The value's location, or the record's when the field is absent.
    pub loc: Loc,
}

impl<T> Field<T> {
    #[inline]
    pub fn missing(loc: &Loc) -> Self {
        Field {
            val: Val::Missing,
            loc: *loc,
        }
    }

    pub fn get(&self) -> Option<&T> {
        match &self.val {
            Val::Ok(v) => Some(v),
            _ => None,
        }
    }

    /// Missing or a placeholder: nothing usable was written.
    pub fn is_blank(&self) -> bool {
        matches!(self.val, Val::Missing | Val::Placeholder(_))
    }

    /// "its owner is the placeholder `TBD`" or "it has no owner", for messages.
    pub fn blank_phrase(&self, noun: &str) -> String {
        match self.placeholder() {
            Some(p) => format!("its {noun} is the placeholder `{p}`"),
            None => format!("it has no {noun}"),
        }
    }

    pub fn placeholder(&self) -> Option<&str> {
        match &self.val {
            Val::Placeholder(p) => Some(p.as_str()),
            _ => None,
        }
    }
}

impl<T: Copy> Field<T> {
    pub fn value(&self) -> Option<T> {
        self.get().copied()
    }
}

/// One item of a list field.
#[derive(Debug, Clone)]
pub struct Item<T> {
    pub value: T,
    pub loc: Loc,
}

/// Why a control was selected (6.1.3 d).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    Risk,
    Legal,
    Regulatory,
    Contractual,
    Business,
    BestPractice,
    Baseline,
    /// A reason word we do not know; still a stated reason.
    Other,
}

impl Reason {
    pub fn parse(s: &str) -> Reason {
        match crate::model::values::norm_key(s).as_str() {
            "risk" | "risks" | "riskassessment" | "ra" | "rr" | "riskbased" | "risktreatment" => {
                Reason::Risk
            }
            "legal" | "law" | "statutory" | "legislation" => Reason::Legal,
            "regulatory" | "regulation" | "compliance" => Reason::Regulatory,
            "contractual" | "contract" | "customer" | "contractualobligation" => {
                Reason::Contractual
            }
            "business" | "businessrequirement" | "businessneed" | "br" => Reason::Business,
            "bestpractice" | "bestpractices" | "bp" | "goodpractice" => Reason::BestPractice,
            "baseline" | "securitybaseline" => Reason::Baseline,
            _ => Reason::Other,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Control {
    pub loc: Loc,
    pub id: Field<ControlRef>,
    pub title: Field<String>,
    pub applicable: Field<Tri>,
    pub justification: Field<String>,
    pub reasons: Vec<Item<Reason>>,
    pub status: Field<Status>,
    /// The record's source has a status column or key at all.
    pub has_status_column: bool,
    /// A maturity level (`Madurez: L3`, `Reifegrad 2`): how far the control is implemented, an
    /// implementation statement in its own scale (SOA008 is satisfied by it).
    pub maturity: Field<String>,
    pub owner: Field<String>,
    /// The record's source has an owner column or key at all.
    pub has_owner_column: bool,
    /// The record's source has an evidence column or key at all.
    pub has_evidence_column: bool,
    pub risks: Vec<Item<String>>,
    pub documents: Vec<Item<String>>,
    pub evidence: Vec<Item<String>>,
    /// Where the evidence cell or key is (the record, when there is none).
    pub evidence_loc: Loc,
    /// A register row, or a row of a table that only adds to the SoA (exclusions summary,
    /// traceability) or a clause checklist row.
    pub role: crate::model::record::Role,
}

impl Control {
    pub fn id_str(&self) -> &str {
        self.id.get().map_or("", ControlRef::id)
    }

    /// The ID if it is a control (not a clause row).
    pub fn control_ref(&self) -> Option<&ControlRef> {
        self.id
            .get()
            .filter(|r| !matches!(r, ControlRef::Clause(_)))
    }

    pub fn is_applicable(&self) -> bool {
        self.applicable.value() == Some(Tri::Yes)
    }

    pub fn is_excluded(&self) -> bool {
        self.applicable.value() == Some(Tri::No)
    }
}

#[derive(Debug, Clone)]
pub struct Risk {
    pub loc: Loc,
    pub id: Field<String>,
    pub title: Field<String>,
    pub owner: Field<String>,
    pub likelihood: Field<f64>,
    pub impact: Field<f64>,
    pub score: Field<f64>,
    pub treatment: Field<Treatment>,
    pub controls: ThinList<Item<ControlRef>>,
    /// Entries written in `controls`, readable or not (unreadable ones are IN002).
    pub controls_written: u32,
    /// The residual risk, its acceptance, next review and status: only the fields written,
    /// allocated only when some are (most big registers have none of it); read it with
    /// `Risk::residual`.
    pub residual: ResidualSlot,
    /// Its assets, treatment actions and what reading it by its register's method found: one
    /// pointer, allocated only when one of them is there (`Risk::assets`, `actions`, `method`).
    pub rare: RareSlot,
    /// A register row, or a row of a treatment plan, decisions table or acceptance log that
    /// adds to the register's risk (issue 17; merged in `model::merge`).
    pub role: crate::model::record::Role,
}

/// What most risks of a big register do not have, boxed together: one pointer in the risk,
/// not three (issue 16: a million risks).
#[derive(Debug, Clone, Default)]
pub struct Rare {
    pub assets: Vec<Item<String>>,
    /// The treatment plan's actions for this risk, with their due dates and status (issue 17).
    pub actions: Vec<TreatmentAction>,
    /// What reading the register by its own method found (issue 12).
    pub method: RiskMethod,
}

/// A risk's [`Rare`]: no allocation when it is empty (most risks), and it reads as an empty one
/// then.
#[derive(Debug, Clone, Default)]
pub struct RareSlot(Option<Box<Rare>>);

static NO_RARE: Rare = Rare {
    assets: Vec::new(),
    actions: Vec::new(),
    method: RiskMethod {
        off_scale: Vec::new(),
        impact_parts: Vec::new(),
        impact_computed: None,
        impact_from_parts: false,
        treatment_plan: None,
    },
};

impl RareSlot {
    pub fn new(rare: Rare) -> Self {
        let m = &rare.method;
        let empty = rare.assets.is_empty()
            && rare.actions.is_empty()
            && m.off_scale.is_empty()
            && m.impact_parts.is_empty()
            && m.impact_computed.is_none()
            && !m.impact_from_parts
            && m.treatment_plan.is_none();
        RareSlot((!empty).then(|| Box::new(rare)))
    }

    /// To change (allocated, empty, if it was not).
    pub fn get_mut(&mut self) -> &mut Rare {
        self.0.get_or_insert_with(Box::default)
    }
}

impl std::ops::Deref for RareSlot {
    type Target = Rare;

    fn deref(&self) -> &Rare {
        self.0.as_deref().unwrap_or(&NO_RARE)
    }
}

/// A list most entities of a big register leave empty: one pointer (8 bytes, not a `Vec`'s
/// 24) until it holds something. Reads as a slice; `push`, `extend` and `vec_mut` change it.
// The box is the point: one pointer in the entity, the vector's three words only when used.
#[allow(clippy::box_collection)]
#[derive(Debug, Clone)]
pub struct ThinList<T>(Option<Box<Vec<T>>>);

impl<T> Default for ThinList<T> {
    fn default() -> Self {
        ThinList(None)
    }
}

impl<T> ThinList<T> {
    /// The list as a vector to change (allocated when it was empty).
    pub fn vec_mut(&mut self) -> &mut Vec<T> {
        self.0.get_or_insert_with(Box::default)
    }

    pub fn push(&mut self, value: T) {
        self.vec_mut().push(value);
    }
}

impl<T> std::ops::Deref for ThinList<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<T> std::ops::DerefMut for ThinList<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Some(v) => v.as_mut_slice(),
            None => &mut [],
        }
    }
}

impl<T> From<Vec<T>> for ThinList<T> {
    fn from(v: Vec<T>) -> Self {
        ThinList((!v.is_empty()).then(|| Box::new(v)))
    }
}

impl<T> FromIterator<T> for ThinList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        ThinList::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T> Extend<T> for ThinList<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        let mut iter = iter.into_iter().peekable();
        if iter.peek().is_some() {
            self.vec_mut().extend(iter);
        }
    }
}

impl<'a, T> IntoIterator for &'a ThinList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut ThinList<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

/// One action of a risk treatment plan (a row of `Risk ID | Action | Owner | Due | Status`).
#[derive(Debug, Clone)]
pub struct TreatmentAction {
    /// The row (its risk ID cell).
    pub loc: Loc,
    /// The action's own number (`RTP-001`), when the plan numbers its rows.
    pub id: Option<String>,
    /// What is to be done.
    pub action: Option<String>,
    pub owner: Field<String>,
    /// The due date; `Invalid` when the cell holds no date (`Recurring`), kept in `due_text`.
    pub due: Field<Date>,
    pub due_text: Option<String>,
    /// The action's status as written (`Open`, `In progress`, `Completed`).
    pub status: Field<String>,
}

/// How a risk was read against a word scale or composite impact, and its treatment prose.
#[derive(Debug, Clone, Default)]
pub struct RiskMethod {
    /// Values not on a word scale (`risk.likelihood: [Low, …]`): RSK002's findings, not IN002.
    pub off_scale: Vec<OffScale>,
    /// Composite impact (`risk.impact: { from: [C, I, A] }`): each part as read.
    pub impact_parts: Vec<(String, Field<f64>)>,
    /// The impact the parts give when the register also states impact (RSK003 compares).
    pub impact_computed: Option<f64>,
    /// `impact` was computed from the parts (no impact column).
    pub impact_from_parts: bool,
    /// The plan written after the treatment option (`Mitigate — deploy MFA`).
    pub treatment_plan: Option<String>,
}

/// A risk value that is not a level of its word scale.
#[derive(Debug, Clone)]
pub struct OffScale {
    /// `likelihood`, `residual impact`, `score`, or a composite part's column (`C`).
    pub field: String,
    pub text: String,
    pub loc: Loc,
    /// The levels of the scale, for the message.
    pub scale: String,
    /// The config key of the scale.
    pub key: &'static str,
}

impl Risk {
    pub fn id_str(&self) -> &str {
        self.id.get().map_or("", String::as_str)
    }

    pub fn assets(&self) -> &[Item<String>] {
        &self.rare.assets
    }

    /// The treatment plan's actions for this risk, with their due dates and status (issue 17).
    pub fn actions(&self) -> &[TreatmentAction] {
        &self.rare.actions
    }

    /// What reading the register by its own method found (issue 12).
    pub fn method(&self) -> &RiskMethod {
        &self.rare.method
    }

    /// The residual risk and its acceptance; a field not written is missing at the record's
    /// location, as if it had been built.
    pub fn residual(&self) -> Residual {
        let mut r = Residual::missing(&self.loc);
        for w in self.residual.0.iter().flatten() {
            w.put(&mut r);
        }
        r
    }

    /// Change the residual risk: `edit` gets it as `residual` reads it, and the fields it leaves
    /// written are kept.
    pub fn edit_residual<R>(&mut self, edit: impl FnOnce(&mut Residual) -> R) -> R {
        let mut r = self.residual();
        let out = edit(&mut r);
        self.residual = ResidualSlot::new(r, &self.loc);
        out
    }
}

/// The residual fields a risk has written, each once: a risk of 100 units writes three of the
/// eight (its residual likelihood, impact and next review), 144 bytes, not the 272 of a whole
/// `Residual` (issue 16). Nothing allocated when none is written (most big registers).
#[derive(Debug, Clone, Default)]
pub struct ResidualSlot(Option<Box<[Written]>>);

/// One written field of a [`Residual`].
#[derive(Debug, Clone)]
enum Written {
    Likelihood(Field<f64>),
    Impact(Field<f64>),
    Score(Field<f64>),
    AcceptedBy(Field<String>),
    AcceptedOn(Field<Date>),
    Expires(Field<Date>),
    NextReview(Field<Date>),
    Status(Field<String>),
}

impl Written {
    /// Set the field in `r` to a copy of this one (the field alone is cloned, not the whole
    /// `Written` first: the risk rules ask six times a risk).
    fn put(&self, r: &mut Residual) {
        match self {
            Written::Likelihood(f) => r.residual_likelihood = f.clone(),
            Written::Impact(f) => r.residual_impact = f.clone(),
            Written::Score(f) => r.residual_score = f.clone(),
            Written::AcceptedBy(f) => r.accepted_by = f.clone(),
            Written::AcceptedOn(f) => r.accepted_on = f.clone(),
            Written::Expires(f) => r.acceptance_expires = f.clone(),
            Written::NextReview(f) => r.next_review = f.clone(),
            Written::Status(f) => r.status = f.clone(),
        }
    }
}

impl ResidualSlot {
    /// The fields of `r` that are written: not missing at the record's location `loc` (what
    /// `Risk::residual` rebuilds, so they need not be kept).
    pub fn new(r: Residual, loc: &Loc) -> Self {
        fn kept<T>(f: Field<T>, loc: &Loc, as_written: fn(Field<T>) -> Written) -> Option<Written> {
            let gone = matches!(f.val, Val::Missing) && f.loc == *loc;
            (!gone).then(|| as_written(f))
        }
        let written: Vec<Written> = [
            kept(r.residual_likelihood, loc, Written::Likelihood),
            kept(r.residual_impact, loc, Written::Impact),
            kept(r.residual_score, loc, Written::Score),
            kept(r.accepted_by, loc, Written::AcceptedBy),
            kept(r.accepted_on, loc, Written::AcceptedOn),
            kept(r.acceptance_expires, loc, Written::Expires),
            kept(r.next_review, loc, Written::NextReview),
            kept(r.status, loc, Written::Status),
        ]
        .into_iter()
        .flatten()
        .collect();
        ResidualSlot((!written.is_empty()).then(|| written.into_boxed_slice()))
    }

    /// The acceptor as written, if it is (a reference to the risk's own field).
    pub fn accepted_by(&self) -> Option<&Field<String>> {
        self.0.iter().flatten().find_map(|w| match w {
            Written::AcceptedBy(f) => Some(f),
            _ => None,
        })
    }
}

/// The fields of a risk that most big registers leave out: the residual rating, the
/// acceptance of the residual risk (6.1.3 f), the next review and the status.
#[derive(Debug, Clone)]
pub struct Residual {
    pub residual_likelihood: Field<f64>,
    pub residual_impact: Field<f64>,
    pub residual_score: Field<f64>,
    pub accepted_by: Field<String>,
    pub accepted_on: Field<Date>,
    pub acceptance_expires: Field<Date>,
    pub next_review: Field<Date>,
    pub status: Field<String>,
}

impl Residual {
    /// Every field missing at the record's location `loc`.
    pub fn missing(loc: &Loc) -> Self {
        Residual {
            residual_likelihood: Field::missing(loc),
            residual_impact: Field::missing(loc),
            residual_score: Field::missing(loc),
            accepted_by: Field::missing(loc),
            accepted_on: Field::missing(loc),
            acceptance_expires: Field::missing(loc),
            next_review: Field::missing(loc),
            status: Field::missing(loc),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Owner {
    pub loc: Loc,
    pub id: Field<String>,
    pub name: Field<String>,
    pub role: Field<String>,
    pub email: Field<String>,
    pub active: Field<Tri>,
    pub left_on: Field<Date>,
}

impl Owner {
    /// Every string a reference may use to name this owner.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        [&self.id, &self.name, &self.email, &self.role]
            .into_iter()
            .filter_map(|f| f.get().map(String::as_str))
    }

    pub fn label(&self) -> &str {
        self.id
            .get()
            .or(self.name.get())
            .or(self.email.get())
            .map_or("", String::as_str)
    }

    pub fn is_inactive(&self, today: Date) -> bool {
        self.active.value() == Some(Tri::No) || self.left_on.value().is_some_and(|d| d <= today)
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub loc: Loc,
    pub file: FileId,
    pub id: Field<String>,
    pub title: Field<String>,
    pub doc_type: Field<String>,
    pub owner: Field<String>,
    pub approver: Field<String>,
    pub approved_on: Field<Date>,
    pub version: Field<String>,
    pub status: Field<String>,
    pub last_reviewed: Field<Date>,
    pub review_interval: Field<Duration>,
    pub next_review: Field<Date>,
    pub controls: Vec<Item<ControlRef>>,
    pub clauses: Vec<Item<String>>,
    pub related: Vec<Item<String>>,
    /// A clause record marked not applicable (`applicable: no`) — never allowed (DOC008).
    pub applicable: Field<Tri>,
    /// Whether the record came from front matter or a register (`false` for a file in a
    /// document folder that has no metadata at all).
    pub has_metadata: bool,
}

impl Document {
    pub fn id_str(&self) -> &str {
        self.id.get().map_or("", String::as_str)
    }
}

#[derive(Debug, Clone)]
pub struct Evidence {
    pub loc: Loc,
    pub id: Field<String>,
    pub controls: Vec<Item<ControlRef>>,
    pub collected_on: Field<Date>,
    pub valid_for: Field<Duration>,
    pub expires: Field<Date>,
    pub location: Field<String>,
    pub owner: Field<String>,
}

#[derive(Debug, Clone)]
pub struct Asset {
    pub loc: Loc,
    pub id: Field<String>,
    pub name: Field<String>,
    pub owner: Field<String>,
    pub classification: Field<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million-row register holds a million risks: a field added to `Risk` (or a `Val`
    /// variant that grows `Field`) shows here first (issue 16). Raise these only knowingly.
    #[test]
    fn entity_sizes_are_pinned() {
        use std::mem::size_of;
        assert_eq!(size_of::<Val<f64>>(), 16);
        assert_eq!(size_of::<Val<String>>(), 24);
        assert_eq!(size_of::<crate::source::Loc>(), 16);
        assert_eq!(size_of::<Field<f64>>(), 32);
        assert_eq!(size_of::<Field<String>>(), 40);
        assert_eq!(size_of::<ThinList<Item<String>>>(), 8);
        assert_eq!(size_of::<Risk>(), 304);
        assert_eq!(size_of::<Residual>(), 272);
        assert_eq!(size_of::<Written>(), 48);
    }

    #[test]
    fn thin_list_reads_as_its_items() {
        let mut l: ThinList<u32> = ThinList::default();
        assert!(l.is_empty());
        l.extend(std::iter::empty());
        assert!(l.0.is_none());
        l.push(2);
        l.extend([3, 1]);
        l.sort();
        assert_eq!(&l[..], &[1, 2, 3]);
        assert_eq!(ThinList::from(Vec::<u32>::new()).len(), 0);
        assert_eq!((&l).into_iter().count(), 3);
    }
}
