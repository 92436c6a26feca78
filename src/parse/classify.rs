//! Which register a table is, decided from its header, its values and its title (issue 9).
//!
//! A header word alone is not enough: a change log has an `Impact` column, an incident log a
//! `Severity`, a legal register an `Applicability`. A table is read as a register of a kind when
//! its header has an ID column for the kind and the columns specific to it (a risk register
//! needs two of likelihood, impact, score, level, treatment, risk owner), when those columns hold
//! values of their type (ratings, treatment words, control IDs) and when its title (file name,
//! heading or caption, sheet name) does not name another kind of log. Some control tables only
//! add to the SoA: an "Excluded controls" summary, a traceability table, a clause checklist.
//! Every decision has a reason, which `-v` prints.

use super::table::TableCell;
use crate::model::aliases::FieldTable;
use crate::model::control_id::{ControlRef, parse_clause_ref, parse_control_ref};
pub use crate::model::plan_headers::{
    PLAN_ACTION_HEADERS, PLAN_DUE_HEADERS, is_plan_header, plan_header,
};
use crate::model::record::{Kind, Role};
use crate::model::values;
use std::cell::{OnceCell, RefCell};

/// What a table is read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Read(Kind, Role),
    /// Not a register: why, when it looked like one (`None`: nothing register-like).
    Skip(Option<String>),
}

/// What the file name or config says the table should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Any kind, decided from the table alone.
    Auto,
    /// A naming convention gives this kind: one column specific to it is enough. With
    /// `others`, tables of other kinds are read by their own (full) headers too.
    Prefer { kind: Kind, others: bool },
}

/// The words that describe a table: its file's name, the heading or caption above it, the
/// sheet name and the title rows above its header.
///
/// The words are lower-cased into one string, one after the other with nothing between them,
/// so that a joined pair of neighbours is a slice too: a table's title is built for each row
/// tried as its header, and a word or a pair allocated apiece cost ~100k instructions a table.
#[derive(Debug, Clone, Default)]
pub struct Title {
    /// Each word lower-cased, as `str::to_lowercase` of the word alone.
    text: String,
    /// Where each word ends in `text` (it starts where the one before it ends).
    ends: Vec<usize>,
    /// The file is a README: its tables summarise, they are not registers.
    pub readme: bool,
}

impl Title {
    pub fn new(path: &str, context: &str) -> Self {
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.split('.').next().unwrap_or(name);
        let mut title = Title {
            readme: name.to_lowercase().starts_with("readme"),
            ..Title::default()
        };
        title.add(stem);
        title.add(context);
        title
    }

    /// The same title with the words of `more` after its own (the title rows above a header).
    pub fn with(&self, more: &str) -> Self {
        let mut title = self.clone();
        title.add(more);
        title
    }

    fn add(&mut self, text: &str) {
        if text.is_ascii() {
            // The same words a byte at a time (an ASCII character is alphanumeric as its byte
            // is), each copied whole and lower-cased in place: the heading and the paragraph
            // above a table were ~80 instructions a character split and pushed as `char`s
            // (issue 16).
            let b = text.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if !b[i].is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < b.len() && b[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                let at = self.text.len();
                self.text.push_str(&text[start..i]);
                self.text[at..].make_ascii_lowercase();
                self.ends.push(self.text.len());
            }
            return;
        }
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            if w.is_empty() {
                continue;
            }
            if w.is_ascii() {
                self.text
                    .extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                // Word by word, as before: a final sigma is final in the word.
                self.text.push_str(&w.to_lowercase());
            }
            self.ends.push(self.text.len());
        }
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.ends[i - 1] }
    }

    /// The words, then each pair of neighbours joined (`non-conformity`, `change log`, `pen
    /// test`: joined pairs are words too).
    fn words(&self) -> impl Iterator<Item = &str> + Clone {
        let n = self.ends.len();
        let singles = (0..n).map(|i| &self.text[self.start(i)..self.ends[i]]);
        let pairs = (1..n).map(|i| &self.text[self.start(i - 1)..self.ends[i]]);
        singles.chain(pairs)
    }

    fn has(&self, list: &[&str]) -> Option<&str> {
        // Each word and each pair is a slice of `text`: a short list none of whose words
        // `text` holds names none of them, found without the words (`legend`, asked of every
        // table: ~2k instructions, issue 16).
        if list.len() <= 8 && !list.iter().any(|w| self.text.contains(w)) {
            return None;
        }
        self.words().find(|w| list.contains(w))
    }

    /// The title says the table lists excluded controls.
    pub fn says_excluded(&self) -> bool {
        let words = self.words();
        let out_of_scope = words
            .clone()
            .zip(words.clone().skip(1))
            .zip(words.clone().skip(2))
            .any(|((a, b), c)| a == "out" && b == "of" && c == "scope");
        out_of_scope
            || words.clone().any(|w| {
                w.starts_with("exclu") || matches!(w, "notapplicable" | "na" | "nonapplicable")
            })
    }
}

/// Title words of logs and registers that are not ISMS registers of ours.
const OTHER_REGISTERS: &[&str] = &[
    "change",
    "changes",
    "changelog",
    "changelogs",
    "incident",
    "incidents",
    "threat",
    "threats",
    "vulnerability",
    "vulnerabilities",
    "vuln",
    "vulns",
    "pentest",
    "pentests",
    "penetration",
    "finding",
    "findings",
    "nonconformity",
    "nonconformities",
    "nonconformance",
    "nonconformances",
    "capa",
    "corrective",
    "decision",
    "decisions",
    "action",
    "actions",
    "tracker",
    "issue",
    "issues",
    "supplier",
    "suppliers",
    "vendor",
    "vendors",
    "exception",
    "exceptions",
    "waiver",
    "waivers",
    "legal",
    "deletion",
    "disposal",
    "retention",
    "training",
    "trainings",
    "competence",
    "stakeholder",
    "stakeholders",
    "raci",
    "minutes",
    "meeting",
    "glossary",
    "history",
    "backlog",
    "roadmap",
];

/// Title words that name the kind itself: a "threat and risk register" is a risk register.
fn own_words(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Control => &[
            "soa",
            "applicability",
            "annex",
            "annexa",
            "control",
            "controls",
            "statementofapplicability",
        ],
        Kind::Risk => &["risk", "risks", "riskregister"],
        Kind::Evidence => &["evidence", "evidences"],
        Kind::Asset => &["asset", "assets", "inventory"],
        Kind::Owner => &["owner", "owners", "people", "roles", "staff", "team"],
        Kind::Document => &[
            "document",
            "documents",
            "documentation",
            "doc",
            "docs",
            "policy",
            "policies",
        ],
    }
}

/// Header cells of a legend or key table (`Symbol | Meaning`), never a register header.
const LEGEND: &[&str] = &[
    "symbol",
    "symbols",
    "meaning",
    "meanings",
    "legend",
    "key",
    "icon",
    "emoji",
    "abbreviation",
    "abbreviations",
    "term",
    "definition",
    "explanation",
    "column",
    "columns",
    "means",
    "standsfor",
];

/// Header cells naming the clause column of a clause checklist.
const CLAUSE_HEADERS: &[&str] = &[
    "clause",
    "clauses",
    "clauseno",
    "clausenumber",
    "clauseid",
    "clauseref",
    "clausereference",
    "isoclause",
    "iso27001clause",
    "requirementclause",
];

/// Header cells of the Yes/No/N/A column of a clause checklist, besides the applicability and
/// status aliases.
const ANSWER_HEADERS: &[&str] = &[
    "compliant",
    "compliance",
    "conformity",
    "conformant",
    "conforms",
    "met",
    "requirementmet",
    "inplace",
    "answer",
    "response",
    "yesno",
    "yesnona",
    "fulfilled",
    "addressed",
    "applies",
    "applicable",
    "implemented",
    "done",
    "status",
];

/// A row of header cells, with helpers that look fields up.
pub struct Header<'a> {
    pub cells: &'a [String],
    fields: &'a FieldTable,
    /// Per kind (`Kind as usize`), the field each cell names: looked up once, a table is
    /// judged as every kind and each kind asks for several fields.
    canonical: [OnceCell<Vec<Option<&'static str>>>; Kind::ALL.len()],
}

impl<'a> Header<'a> {
    pub fn new(cells: &'a [String], fields: &'a FieldTable) -> Self {
        Header {
            cells,
            fields,
            canonical: Default::default(),
        }
    }

    /// The field of `kind` each cell names.
    ///
    /// Remembered per thread by cell, for the field table's stamp (equal stamps, equal
    /// answers): a table is judged as each of the six kinds, with up to 30 rows tried as its
    /// header, and the tables of a tree repeat their headers (`| Role | Duty |` in each of
    /// 5,000 policies). Looking a cell up here is ~100 instructions, naming it ~600 (issue 16).
    fn canonical(&self, kind: Kind) -> &[Option<&'static str>] {
        type Named = foldhash::HashMap<Box<str>, Option<&'static str>>;
        /// Cells remembered per kind: when full, the memo starts again (a big table's rows
        /// tried as its header are values, seldom seen twice). A longer cell is no header
        /// that repeats, and is not kept.
        const MAX: usize = 4096;
        const LONGEST: usize = 64;
        thread_local! {
            static NAMED: RefCell<(Option<u64>, Vec<Named>)> = const { RefCell::new((None, Vec::new())) };
        }
        self.canonical[kind as usize].get_or_init(|| {
            NAMED.with_borrow_mut(|(stamp, named)| {
                if *stamp != Some(self.fields.stamp()) {
                    *stamp = Some(self.fields.stamp());
                    named.clear();
                }
                if named.is_empty() {
                    named.resize_with(Kind::ALL.len(), Named::default);
                }
                let named = &mut named[kind as usize];
                self.cells
                    .iter()
                    .map(|c| match named.get(c.as_str()) {
                        Some(&f) => f,
                        None if c.len() > LONGEST => self.fields.canonical(kind, c),
                        None => {
                            let f = self.fields.canonical(kind, c);
                            if named.len() >= MAX {
                                named.clear();
                            }
                            named.insert(c.as_str().into(), f);
                            f
                        }
                    })
                    .collect()
            })
        })
    }

    /// Columns whose header names `field` of `kind`.
    fn cols(&self, kind: Kind, field: &str) -> Vec<usize> {
        let names = self.canonical(kind);
        (0..names.len())
            .filter(|&i| names[i] == Some(field))
            .collect()
    }

    fn col(&self, kind: Kind, field: &str) -> Option<usize> {
        self.canonical(kind).iter().position(|&f| f == Some(field))
    }

    fn non_empty(&self) -> impl Iterator<Item = &str> {
        self.cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
    }

    /// The clause column (`Clause`, `ISO clause`) when it leads the table (first, or after a
    /// `#` numbering column): a clause column further right is a reference in another log.
    pub fn clause_col(&self) -> Option<usize> {
        let first = self.cells.iter().position(|c| !c.trim().is_empty())?;
        let numbering = |c: &str| {
            matches!(
                values::norm_key(c).as_str(),
                "" | "no" | "nr" | "item" | "n"
            )
        };
        [first, first + 1]
            .into_iter()
            .filter(|&i| i < self.cells.len())
            .take_while(|&i| i == first || numbering(&self.cells[first]))
            .find(|&i| CLAUSE_HEADERS.contains(&values::norm_key(&self.cells[i]).as_str()))
    }

    /// A legend or key table: two cells at most, one of them a legend word (`Symbol |
    /// Meaning`), or both naming the ID (`# | Control number`).
    pub fn is_legend(&self) -> bool {
        let cells: Vec<&str> = self.non_empty().collect();
        if cells.is_empty() || cells.len() > 2 {
            return false;
        }
        if cells
            .iter()
            .any(|c| LEGEND.contains(&values::norm_key(c).as_str()))
        {
            return true;
        }
        // A cell names the field it names trimmed (`canonical` reads letters and digits).
        cells.len() == 2
            && Kind::ALL.iter().any(|&k| {
                self.cells
                    .iter()
                    .zip(self.canonical(k))
                    .filter(|(c, _)| !c.trim().is_empty())
                    .all(|(_, f)| *f == Some("id"))
            })
    }

    pub fn describe(&self) -> String {
        let cells: Vec<&str> = self.non_empty().take(6).collect();
        let more = if self.non_empty().count() > 6 {
            " | …"
        } else {
            ""
        };
        format!("`{}{more}`", cells.join(" | "))
    }
}

/// The non-empty cells of column `col` below the header (at most a few hundred are looked at).
fn column(body: &[Vec<TableCell>], col: usize) -> impl Iterator<Item = &str> {
    body.iter()
        .filter_map(move |r| r.get(col))
        .map(|c| {
            // `🔴 High`, `✅ Yes`: the value without its icon (issue 17 item 2).
            let t = c.text.trim();
            let (a, b) = values::undecorate(t);
            &t[a..b]
        })
        .filter(|t| !t.is_empty())
        .take(500)
}

/// A likelihood, impact, score or level value: a number, or a short rating (`High`,
/// `4 - Likely`), not a sentence.
fn rating_like(s: &str) -> bool {
    values::parse_number(s).is_some()
        || values::placeholder(s).is_some()
        || s.split_whitespace().count() <= 3
}

fn treatment_like(s: &str) -> bool {
    values::parse_treatment(s).is_some() || values::placeholder(s).is_some()
}

/// At least half of the column's values are of the field's type (an empty column counts: a
/// template not yet filled in).
fn mostly(body: &[Vec<TableCell>], col: usize, ok: impl Fn(&str) -> bool) -> Result<(), String> {
    let (mut n, mut good, mut bad) = (0, 0, None);
    for v in column(body, col) {
        n += 1;
        if ok(v) {
            good += 1;
        } else if bad.is_none() {
            bad = Some(v);
        }
    }
    match bad {
        Some(b) if good * 2 < n => Err(shorten(b)),
        _ => Ok(()),
    }
}

fn shorten(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 40 {
        format!("{}…", one_line.chars().take(40).collect::<String>())
    } else {
        one_line
    }
}

/// How the values of a control ID column read.
#[derive(Debug, Default)]
pub struct IdStats {
    pub values: usize,
    /// Values that read as Annex A controls (2022 or 2013).
    pub controls: usize,
    /// Three-level (2013) IDs among them.
    pub legacy: usize,
    /// Values that are clauses of ISO 27001 (written without `A.`, all in the clause list).
    pub clauses: usize,
    /// Clause numbers that cannot be Annex A controls (4.x, 9.x, 10.x).
    pub clause_only: usize,
    /// Values that read as a control or a clause.
    pub readable: usize,
    /// A value that is not an ID, for messages.
    pub stranger: Option<String>,
}

pub fn id_stats(body: &[Vec<TableCell>], col: usize) -> IdStats {
    let catalog = crate::model::catalog::Catalog::shared();
    let mut s = IdStats::default();
    for v in column(body, col) {
        s.values += 1;
        let clause = parse_clause_ref(v).filter(|c| catalog.clause(c).is_some());
        if let Some(c) = &clause {
            s.clauses += 1;
            let parts: Vec<&str> = c.split('.').collect();
            let major: u32 = parts[0].parse().unwrap_or(0);
            // 4.x is never a control; 9.1 or 10.2 is not a 2022 control, nor a 2013 one.
            if major == 4 || (major >= 9 && parts.len() == 2) {
                s.clause_only += 1;
            }
        }
        let control = parse_control_ref(v);
        match &control {
            Some(ControlRef::Control(_)) => s.controls += 1,
            Some(ControlRef::Legacy(_)) => {
                s.controls += 1;
                s.legacy += 1;
            }
            _ => {}
        }
        // `42001:A.6.2.4`, `SOC2 CC6.1`: another framework's control, still a control ID.
        let other = || crate::model::framework::reference_prefix(v).is_some();
        if control.is_some() || clause.is_some() || other() {
            s.readable += 1;
        } else if s.stranger.is_none() {
            s.stranger = Some(shorten(v));
        }
    }
    s
}

impl IdStats {
    /// A clause checklist: every ID is a clause (4.1–10.2) and some cannot be a control.
    fn clause_list(&self) -> bool {
        self.values > 0 && self.clauses == self.values && self.clause_only > 0
    }

    /// Most IDs read as controls or clauses (or the table has none yet).
    fn control_ids(&self) -> bool {
        self.values == 0 || self.readable * 2 >= self.values
    }
}

/// The ID column of an SoA table: of the columns naming the ID, the one whose values read as
/// control IDs (`#` beside `Control`).
pub fn control_id_col(header: &Header, body: &[Vec<TableCell>]) -> Option<usize> {
    let cols = header.cols(Kind::Control, "id");
    if cols.is_empty() {
        return title_id_col(header, body);
    }
    if cols.len() == 1 {
        return cols.first().copied();
    }
    cols.into_iter()
        .map(|c| (c, id_stats(body, c)))
        .max_by_key(|(c, s)| (s.readable, usize::MAX - c))
        .map(|(c, _)| c)
}

/// No header names the ID, but a column named as the title holds the control IDs. In many
/// languages the word for "control" heads the ID column in one register (`Contrôle | Intitulé`,
/// `Zabezpieczenie | Nazwa`, `Μέτρο | Τίτλος`) and the name column in another (`Ref. |
/// Controle`): the values decide (issue 13). Most of its values must be Annex A controls.
pub fn title_id_col(header: &Header, body: &[Vec<TableCell>]) -> Option<usize> {
    header.cols(Kind::Control, "title").into_iter().find(|&c| {
        let s = id_stats(body, c);
        s.controls > 0 && s.controls * 2 > s.values
    })
}

/// The Yes/No/N/A column of a clause checklist.
pub fn answer_col(header: &Header, body: &[Vec<TableCell>], id: usize) -> Option<usize> {
    let named = |i: usize| {
        let h = &header.cells[i];
        matches!(
            header.canonical(Kind::Control)[i],
            Some("applicable" | "status")
        ) || ANSWER_HEADERS.contains(&values::norm_key(h).as_str())
    };
    // Yes/No/N/A, or an implementation status (`Implemented`, `Not applicable`); an empty
    // column is a checklist not yet filled in.
    let answers = |i: usize| {
        let vals: Vec<&str> = column(body, i).collect();
        let answer = |v: &&str| values::parse_tri(v).is_some() || values::parse_status(v).is_some();
        vals.iter().filter(|v| answer(v)).count() * 2 >= vals.len()
    };
    (0..header.cells.len())
        .filter(|&i| i != id)
        .find(|&i| named(i) && answers(i))
}

/// Decide what a table with this header (and these rows below it) is.
pub fn classify(header: &Header, body: &[Vec<TableCell>], title: &Title, want: Want) -> Verdict {
    if header.is_legend() {
        return Verdict::Skip(Some(format!(
            "header {} is a legend or key table, not a register",
            header.describe()
        )));
    }
    if title.has(&["legend"]).is_some() {
        return Verdict::Skip(Some("its title says it is a legend, not a register".into()));
    }
    if title.readme && want == Want::Auto {
        return Verdict::Skip(Some(
            "a table in a README summarises; it is not a register".into(),
        ));
    }
    let plan_wanted = match want {
        Want::Auto => true,
        Want::Prefer { kind, others } => kind == Kind::Risk || others,
    };
    if plan_wanted && is_plan(header, body, title) {
        return Verdict::Read(Kind::Risk, Role::Plan);
    }
    let mut reasons: Vec<String> = Vec::new();
    // The order of DESIGN §6: a table that would fit two kinds is the more specific one.
    const ORDER: [Kind; 6] = [
        Kind::Control,
        Kind::Risk,
        Kind::Evidence,
        Kind::Asset,
        Kind::Owner,
        Kind::Document,
    ];
    for kind in ORDER {
        let relaxed = match want {
            Want::Auto => false,
            Want::Prefer { kind: k, others } => {
                if k != kind && !others {
                    continue;
                }
                k == kind
            }
        };
        match judge(kind, header, body, title, relaxed) {
            Judged::Yes(role) => return Verdict::Read(kind, role),
            Judged::Rejected(why) => reasons.push(format!("not {}: {why}", kind_phrase(kind))),
            Judged::No => {}
        }
    }
    Verdict::Skip((!reasons.is_empty()).then(|| reasons.join("; ")))
}

/// The column of a plan table that names the risk (`Risk ID`, `Risiko-ID`).
pub fn plan_risk_col(cells: &[String]) -> Option<usize> {
    cells.iter().position(|h| is_plan_header(h, "risk"))
}

/// A risk treatment plan, decisions table or acceptance log (issue 17): its rows name a risk of
/// the register (`Risk ID`) and add a treatment, controls, actions with due dates or an
/// acceptance, but do not rate the risk (no likelihood and impact: then it is a register).
fn is_plan(header: &Header, body: &[Vec<TableCell>], title: &Title) -> bool {
    let kind = Kind::Risk;
    let Some(rc) = plan_risk_col(header.cells) else {
        return false;
    };
    if header.col(Kind::Control, "applicable").is_some()
        || (header.col(kind, "likelihood").is_some() && header.col(kind, "impact").is_some())
    {
        return false;
    }
    let action = header.cells.iter().any(|h| is_plan_header(h, "action"));
    let due = header.cells.iter().any(|h| is_plan_header(h, "due"));
    // A blank worksheet (`Treatment` column with no values) states no treatment.
    let treatment = header.col(kind, "treatment").is_some_and(|c| {
        column(body, c).next().is_some() && mostly(body, c, treatment_like).is_ok()
    });
    let accepted =
        header.col(kind, "accepted_by").is_some() || header.col(kind, "accepted_on").is_some();
    if !(treatment || accepted || (action && due)) {
        return false;
    }
    // The risk column holds risk IDs (`R-001`), not control IDs or prose.
    let vals: Vec<&str> = column(body, rc).collect();
    let id_like = |v: &&str| {
        v.chars().count() <= 30
            && v.chars().any(|c| c.is_ascii_digit())
            && parse_control_ref(v).is_none()
    };
    if vals.is_empty() || vals.iter().filter(|v| id_like(v)).count() * 2 < vals.len() {
        return false;
    }
    // An incident log or a supplier register with a `Related risk` column is not a plan; the
    // title words of a plan (`decisions`, `actions`) are not vetoes here.
    if title.has(own_words(kind)).is_some() {
        return true;
    }
    title
        .has(OTHER_REGISTERS)
        .is_none_or(|w| matches!(w, "decision" | "decisions" | "action" | "actions"))
}

fn kind_phrase(kind: Kind) -> &'static str {
    match kind {
        Kind::Control => "an SoA",
        Kind::Risk => "a risk register",
        Kind::Evidence => "an evidence register",
        Kind::Asset => "an asset register",
        Kind::Owner => "an owners register",
        Kind::Document => "a document register",
    }
}

/// The role of a table that config says is of `kind` (`Register` unless it is an SoA summary
/// or a clause checklist).
pub fn role_of(kind: Kind, header: &Header, body: &[Vec<TableCell>], title: &Title) -> Role {
    match (kind, judge(kind, header, body, title, true)) {
        (Kind::Control, Judged::Yes(role)) => role,
        _ => Role::Register,
    }
}

enum Judged {
    Yes(Role),
    /// It looks like the kind at first sight, but is not: why.
    Rejected(String),
    /// Nothing of the kind.
    No,
}

fn vetoed(kind: Kind, title: &Title) -> Option<String> {
    if title.has(own_words(kind)).is_some() {
        return None;
    }
    title
        .has(OTHER_REGISTERS)
        .map(|w| format!("its title names another register (`{w}`), not a {kind} register"))
}

fn judge(
    kind: Kind,
    header: &Header,
    body: &[Vec<TableCell>],
    title: &Title,
    relaxed: bool,
) -> Judged {
    match kind {
        Kind::Control => judge_control(header, body, title, relaxed),
        Kind::Risk => judge_risk(header, body, title, relaxed),
        Kind::Evidence => {
            let Some(_) = header.col(kind, "id") else {
                return Judged::No;
            };
            let dated = ["collected_on", "valid_for"]
                .iter()
                .any(|f| header.col(kind, f).is_some());
            if !dated {
                return Judged::No;
            }
            let specific = [
                "controls",
                "collected_on",
                "valid_for",
                "expires",
                "location",
            ]
            .iter()
            .filter(|f| header.col(kind, f).is_some())
            .count();
            if !relaxed && specific < 2 {
                return Judged::Rejected(format!(
                    "header {} has one evidence column only: an evidence register names the controls, dates, validity or location of its items",
                    header.describe()
                ));
            }
            simple_veto(kind, title)
        }
        Kind::Asset => {
            if header.col(kind, "id").is_none() || header.col(kind, "classification").is_none() {
                return Judged::No;
            }
            simple_veto(kind, title)
        }
        Kind::Owner => {
            let id_like = header.col(kind, "id").is_some() || header.col(kind, "name").is_some();
            let specific = ["email", "left_on"]
                .iter()
                .any(|f| header.col(kind, f).is_some());
            if !(id_like && specific) {
                return Judged::No;
            }
            // `| Role | Name | Date | Signature/Email |`: the sign-off block of one document
            // (who approved it, when), whose rows are placeholders in a template, is not the
            // register of the people references are resolved against.
            // `| CISO | [Name] | [Date] | [Email] |`: a template's row under such a header,
            // whose placeholders happen to be field names, is no header either.
            let cells: Vec<&str> = header.non_empty().collect();
            let placeholders = cells
                .iter()
                .filter(|c| {
                    let c = c.trim();
                    c.starts_with('[') && c.ends_with(']')
                })
                .count();
            if placeholders * 2 >= cells.len() {
                return Judged::No;
            }
            if let Some(sign) = header
                .non_empty()
                .find(|c| values::norm_key(c).contains("signature"))
            {
                return Judged::Rejected(format!(
                    "header {} has a `{}` column: a sign-off table, not an owners register",
                    header.describe(),
                    sign.trim()
                ));
            }
            simple_veto(kind, title)
        }
        Kind::Document => {
            if header.col(kind, "id").is_none()
                || !["review_interval", "approver", "last_reviewed"]
                    .iter()
                    .any(|f| header.col(kind, f).is_some())
            {
                return Judged::No;
            }
            let named =
                header.col(kind, "title").is_some() || header.col(kind, "version").is_some();
            if !relaxed && !named {
                return Judged::Rejected(format!(
                    "header {} has no document title or version column: not a document register",
                    header.describe()
                ));
            }
            simple_veto(kind, title)
        }
    }
}

fn simple_veto(kind: Kind, title: &Title) -> Judged {
    match vetoed(kind, title) {
        Some(why) => Judged::Rejected(why),
        None => Judged::Yes(Role::Register),
    }
}

fn judge_control(header: &Header, body: &[Vec<TableCell>], title: &Title, relaxed: bool) -> Judged {
    let kind = Kind::Control;
    let clause_col = header.clause_col();
    let id_col = control_id_col(header, body);
    // A clause checklist: its ID column is `Clause`, or its IDs are clauses 4.1–10.2.
    let clause_table = match (clause_col, id_col) {
        (Some(c), _) => Some(c),
        (None, Some(c)) if id_stats(body, c).clause_list() => Some(c),
        _ => None,
    };
    if let Some(c) = clause_table {
        if !relaxed && let Some(why) = vetoed(kind, title) {
            return Judged::Rejected(why);
        }
        return match answer_col(header, body, c) {
            Some(_) => Judged::Yes(Role::Clause),
            None => Judged::Rejected(format!(
                "header {} is a list of ISO 27001 clauses with no Yes/No/N/A column: nothing to check",
                header.describe()
            )),
        };
    }
    let Some(id) = id_col else {
        return Judged::No;
    };
    let applicable = header.col(kind, "applicable");
    let justification = header.col(kind, "justification");
    let risks = header.col(kind, "risks");
    let stats = id_stats(body, id);
    let all_excluded = applicable.is_some_and(|a| {
        let vals: Vec<&str> = column(body, a).collect();
        !vals.is_empty()
            && vals
                .iter()
                .all(|v| values::parse_tri(v) == Some(values::Tri::No))
    });
    let role = if title.says_excluded()
        && justification.is_some()
        && (applicable.is_none() || all_excluded)
    {
        Role::Exclusion
    } else if applicable.is_some() {
        Role::Register
    } else if risks.is_some() {
        Role::Links
    } else {
        return Judged::No;
    };
    // A file named like an SoA may hold any IDs (a register in progress), but not a table
    // with no control ID at all (a key table explaining the columns below it).
    let no_id = stats.values > 0 && stats.readable == 0;
    if no_id || (!relaxed && !stats.control_ids()) {
        return Judged::Rejected(format!(
            "its ID column `{}` holds values that are not control IDs (`{}`)",
            header.cells[id].trim(),
            stats.stranger.as_deref().unwrap_or("")
        ));
    }
    if !relaxed && let Some(why) = vetoed(kind, title) {
        return Judged::Rejected(why);
    }
    Judged::Yes(role)
}

/// Columns specific to a risk register, and whether each holds values of its type.
fn judge_risk(header: &Header, body: &[Vec<TableCell>], title: &Title, relaxed: bool) -> Judged {
    let kind = Kind::Risk;
    if header.col(kind, "id").is_none() {
        return Judged::No;
    }
    let mut specific: Vec<&str> = Vec::new();
    let mut fields: Vec<&str> = Vec::new();
    let mut unlike: Option<String> = None;
    for (i, h) in header.cells.iter().enumerate() {
        let Some(field) = header.canonical(kind)[i] else {
            continue;
        };
        let check = match field {
            "likelihood"
            | "impact"
            | "score"
            | "level"
            | "residual_likelihood"
            | "residual_impact"
            | "residual_score" => mostly(body, i, rating_like),
            "treatment" => mostly(body, i, treatment_like),
            // An `Owner` column is in every log; a `Risk owner` column is a risk register's.
            "owner" if h.to_lowercase().contains("risk") => Ok(()),
            _ => continue,
        };
        match check {
            // Two columns of one field (`Severity` and `Impact`) are one column of the kind.
            Ok(()) if !fields.contains(&field) => {
                fields.push(field);
                specific.push(h.trim());
            }
            Ok(()) => {}
            Err(v) => {
                unlike.get_or_insert(format!(
                    "`{}` holds `{v}`, not a rating or treatment",
                    h.trim()
                ));
            }
        }
    }
    let need = if relaxed { 1 } else { 2 };
    if specific.len() < need {
        if specific.is_empty() && unlike.is_none() {
            return Judged::No;
        }
        let found = if specific.is_empty() {
            "no column".to_string()
        } else {
            format!("only `{}`", specific.join("`, `"))
        };
        let unlike = unlike.map(|u| format!("; {u}")).unwrap_or_default();
        return Judged::Rejected(format!(
            "header {} has {found} specific to a risk register (it needs two of likelihood, impact, score, treatment, risk owner){unlike}",
            header.describe()
        ));
    }
    simple_veto(kind, title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Loc;

    fn cells(row: &[&str]) -> Vec<TableCell> {
        row.iter()
            .map(|t| TableCell {
                text: (*t).into(),
                loc: Loc::file_start(0),
                verbatim: false,
            })
            .collect()
    }

    fn verdict(path: &str, context: &str, header: &[&str], body: &[&[&str]]) -> Verdict {
        let fields = FieldTable::builtin();
        let h: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        let body: Vec<Vec<TableCell>> = body.iter().map(|r| cells(r)).collect();
        classify(
            &Header::new(&h, &fields),
            &body,
            &Title::new(path, context),
            Want::Auto,
        )
    }

    /// The title's words as they were built before they were one string: each word lower-cased
    /// on its own, then each pair of neighbours joined.
    fn words_as_before(path: &str, context: &str) -> Vec<String> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.split('.').next().unwrap_or(name);
        let mut words: Vec<String> = [stem, context]
            .iter()
            .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let pairs: Vec<String> = words
            .windows(2)
            .map(|w| format!("{}{}", w[0], w[1]))
            .collect();
        words.extend(pairs);
        words
    }

    #[test]
    fn title_words_are_as_before() {
        for (path, context) in [
            ("registers/Change-Log.md", "Pen test findings: out of scope"),
            ("", ""),
            ("a", "x"),
            (
                "docs/ΟΔΟΣ.md",
                "ΟΔΟΣ.Α ΚΙΝΔΥΝΟΣ Σ İstanbul RIS\u{212A} Straße",
            ),
            (
                "x/README.md",
                "  non-conformity -- N/A  not applicable, exclusions",
            ),
        ] {
            let title = Title::new(path, context);
            let words: Vec<&str> = title.words().collect();
            assert_eq!(words, words_as_before(path, context), "{path} {context}");
            // A title built in two parts reads as one built from both.
            let (a, b) = context.split_at(context.len() / 2);
            let (a, b) = if context.is_char_boundary(context.len() / 2) {
                (a, b)
            } else {
                (context, "")
            };
            let (parts, whole) = (
                Title::new(path, a).with(b),
                Title::new(path, &format!("{a} {b}")),
            );
            assert!(parts.words().eq(whole.words()), "{path} {context}");
        }
        assert!(Title::new("soa.md", "Controls out of scope").says_excluded());
        assert!(Title::new("soa.md", "N/A controls").says_excluded());
        assert!(!Title::new("soa.md", "Controls in scope").says_excluded());
        assert_eq!(
            Title::new("change-log.md", "").has(OTHER_REGISTERS),
            Some("change")
        );
        assert_eq!(
            Title::new("x.md", "Pen Test").has(OTHER_REGISTERS),
            Some("pentest")
        );
    }

    #[test]
    fn logs_are_not_risk_registers() {
        // A change log: `Impact` holds prose, `Owner` is not a risk owner.
        let v = verdict(
            "registers/change-log.csv",
            "",
            &["ID", "Title", "Owner", "Risk", "Impact"],
            &[&[
                "CHG-1",
                "Upgrade",
                "M. S.",
                "Medium",
                "Backup window extended by 2h",
            ]],
        );
        assert!(matches!(v, Verdict::Skip(_)), "{v:?}");
        // An incident log with an ID and a `Severity`: one risk-like column only.
        let v = verdict(
            "incidents.md",
            "",
            &["ID", "Title", "Severity", "Status"],
            &[&["INC-1", "Phishing", "High", "Closed"]],
        );
        assert!(matches!(v, Verdict::Skip(_)), "{v:?}");
        // A decision log: `Decision` holds decisions, not treatments.
        let v = verdict(
            "decisions.md",
            "",
            &["ID", "Decision", "Impact", "Owner"],
            &[&["D-1", "Adopt Okta for single sign-on", "High", "CTO"]],
        );
        assert!(matches!(v, Verdict::Skip(_)), "{v:?}");
        // A threat register with likelihood and impact: its title says what it is.
        let v = verdict(
            "registers/threat-register.csv",
            "",
            &["ID", "Threat", "Likelihood", "Impact"],
            &[&["T-1", "Ransomware", "High", "High"]],
        );
        assert!(matches!(v, Verdict::Skip(_)), "{v:?}");
        // A risk register.
        let v = verdict(
            "registers/risk-register.csv",
            "",
            &["Risk ID", "Title", "L", "I", "Score", "Risk Owner"],
            &[&["R-1", "Ransomware", "4", "5", "20", "CIO"]],
        );
        assert_eq!(v, Verdict::Read(Kind::Risk, Role::Register));
    }

    #[test]
    fn legend_and_legal_register_are_not_soas() {
        let v = verdict(
            "soa.md",
            "",
            &["Symbol", "Meaning"],
            &[&["✅", "Implemented"]],
        );
        assert!(matches!(v, Verdict::Skip(Some(s)) if s.contains("legend")));
        let v = verdict(
            "soa.md",
            "",
            &["#", "Control number"],
            &[&["Applicable", "Yes/No"]],
        );
        assert!(matches!(v, Verdict::Skip(Some(s)) if s.contains("legend")));
        let v = verdict(
            "registers/legal-compliance-register.csv",
            "",
            &["ID", "Regulation", "Applicability", "Status"],
            &[&["LR-001", "GDPR", "All processing", "Compliant"]],
        );
        assert!(matches!(v, Verdict::Skip(Some(s)) if s.contains("LR-001")));
    }

    #[test]
    fn treatment_plans_and_acceptance_logs_join_their_register() {
        let plan = Verdict::Read(Kind::Risk, Role::Plan);
        let v = verdict(
            "risk-treatment-plan.csv",
            "",
            &[
                "ID",
                "Risk ID",
                "Action",
                "Annex A Control",
                "Owner",
                "Due Date",
                "Status",
            ],
            &[&[
                "RTP-001",
                "R-001",
                "Deploy MFA",
                "A 5.17 A 8.5",
                "IT",
                "2026-06-30",
                "Open",
            ]],
        );
        assert_eq!(v, plan);
        // The same plan in German and French (issue 13): `Risiko-ID | Maßnahme | Fällig`.
        let v = verdict(
            "risikobehandlungsplan.csv",
            "",
            &[
                "ID",
                "Risiko-ID",
                "Maßnahme",
                "Annex-A-Kontrolle",
                "Verantwortlich",
                "Fällig",
                "Status",
            ],
            &[&[
                "RTP-001",
                "R-001",
                "MFA einführen",
                "A 5.17",
                "IT",
                "2026-06-30",
                "Offen",
            ]],
        );
        assert_eq!(v, plan);
        let v = verdict(
            "plan-de-traitement.csv",
            "",
            &[
                "Réf.",
                "ID risque",
                "Action",
                "Mesures",
                "Responsable",
                "Échéance",
                "Statut",
            ],
            &[&[
                "PT-01",
                "R-01",
                "Déployer la MFA",
                "A.5.17",
                "DSI",
                "2026-06-30",
                "Ouvert",
            ]],
        );
        assert_eq!(v, plan);
        // Near miss: a blank worksheet template (`ID do Risco | … | Tratamento | Prazo`, only
        // the IDs filled in) states no treatment and no action: not a plan.
        let v = verdict(
            "metodologia.md",
            "",
            &[
                "ID do Risco",
                "Ativo",
                "L (1-5)",
                "I (1-5)",
                "Tratamento",
                "Responsável",
                "Prazo",
            ],
            &[
                &["RISK-001", "", "", "", "", "", ""],
                &["RISK-002", "", "", "", "", "", ""],
            ],
        );
        assert_ne!(v, plan);
        // Near miss: a German register with `Risiko-ID` that rates its risks is the register.
        let v = verdict(
            "risikoregister.csv",
            "",
            &[
                "Risiko-ID",
                "Eintrittswahrscheinlichkeit",
                "Auswirkung",
                "Maßnahme",
                "Fällig",
            ],
            &[&["R-1", "3", "4", "MFA einführen", "2026-06-30"]],
        );
        assert_ne!(v, plan);
        let v = verdict(
            "plan.md",
            "Risk treatment plan",
            &["Risk ID", "Treatment", "Controls", "Owner", "Due"],
            &[&["R-1", "Mitigate", "A.8.13", "CTO", "2026-06-30"]],
        );
        assert_eq!(v, plan);
        let v = verdict(
            "acceptance-log.md",
            "Risk acceptance log",
            &["Risk ID", "Decision", "Accepted by", "Acceptance date"],
            &[&["R-5", "Accept", "COO", "2026-02-12"]],
        );
        assert_eq!(v, plan);
        // A register rates its risks: likelihood and impact make it the register itself.
        let v = verdict(
            "risks.csv",
            "",
            &["Risk ID", "Likelihood", "Impact", "Treatment", "Controls"],
            &[&["R-1", "3", "4", "Mitigate", "A.8.13"]],
        );
        assert_eq!(v, Verdict::Read(Kind::Risk, Role::Register));
        // Near misses: a traceability table (no action, due date or treatment), an incident
        // log that names the risk it touched.
        let v = verdict(
            "soa.md",
            "Traceability",
            &["Control", "Risk ID"],
            &[&["A.5.1", "R-1"]],
        );
        assert_eq!(v, Verdict::Read(Kind::Control, Role::Links));
        let v = verdict(
            "incident-register.csv",
            "",
            &["ID", "Related Risk", "Action", "Due Date"],
            &[&["INC-7", "R-1", "Reset passwords", "2026-01-10"]],
        );
        assert_ne!(v, plan);
    }

    #[test]
    fn a_title_named_column_of_control_ids_is_the_id() {
        // `Contrôle` and `Intitulé` both name the title in French; the IDs decide (issue 13).
        let v = verdict(
            "smsi/declaration-applicabilite.md",
            "",
            &["Contrôle", "Intitulé", "Applicable", "Justification"],
            &[
                &[
                    "A.5.1",
                    "Politiques de sécurité",
                    "Oui",
                    "Validées par la direction",
                ],
                &["A.7.4", "Surveillance physique", "Non", "Bureaux loués"],
            ],
        );
        assert_eq!(v, Verdict::Read(Kind::Control, Role::Register));
        let fields = FieldTable::builtin();
        let h: Vec<String> = ["Μέτρο", "Τίτλος", "Εφαρμόζεται"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let body = vec![cells(&["A.5.1", "Πολιτικές", "Χ"])];
        assert_eq!(title_id_col(&Header::new(&h, &fields), &body), Some(0));
        // Near miss: the title-named columns hold names, not IDs: nothing to read.
        let v = verdict(
            "smsi/mesures.md",
            "",
            &["Contrôle", "Intitulé", "Applicable", "Justification"],
            &[&["Politiques", "Politiques de sécurité", "Oui", "Validées"]],
        );
        assert!(!matches!(v, Verdict::Read(..)), "{v:?}");
    }

    #[test]
    fn summaries_and_checklists() {
        let v = verdict(
            "soa.md",
            "Excluded controls",
            &["Control", "Justification"],
            &[&["A.7.4", "No premises of our own"]],
        );
        assert_eq!(v, Verdict::Read(Kind::Control, Role::Exclusion));
        let v = verdict(
            "soa.md",
            "Controls out of scope",
            &["Control", "Reason for exclusion"],
            &[&["A.7.4", "No premises of our own"]],
        );
        assert_eq!(v, Verdict::Read(Kind::Control, Role::Exclusion));
        let v = verdict(
            "soa.md",
            "Risk traceability",
            &["Control", "Risk IDs"],
            &[&["A.5.1", "R-1, R-2"]],
        );
        assert_eq!(v, Verdict::Read(Kind::Control, Role::Links));
        let v = verdict(
            "clauses.md",
            "",
            &["Clause", "Requirement", "Met?"],
            &[&["4.1", "Context", "Yes"], &["5.1", "Leadership", "N/A"]],
        );
        assert_eq!(v, Verdict::Read(Kind::Control, Role::Clause));
        // IDs 4.1–10.2 beside a title, in a `Ref` column.
        let v = verdict(
            "checklist.csv",
            "",
            &["Ref", "Requirement", "Applicable"],
            &[
                &["4.1", "Context", "Yes"],
                &["5.1", "Leadership", "Yes"],
                &["10.2", "NC", "No"],
            ],
        );
        assert_eq!(v, Verdict::Read(Kind::Control, Role::Clause));
        // A README's clause map with no answer column is not read.
        let v = verdict(
            "notes.md",
            "",
            &["Clause", "Title", "Covered by"],
            &[&["4.1", "Context", "Policy"]],
        );
        assert!(matches!(v, Verdict::Skip(_)), "{v:?}");
        // A 2022 SoA written without `A.` is not a clause checklist.
        let v = verdict(
            "soa.csv",
            "",
            &["Ref", "Control", "Applicable"],
            &[
                &["5.1", "Policies", "Yes"],
                &["5.2", "Roles", "Yes"],
                &["5.4", "Mgmt", "Yes"],
            ],
        );
        assert_eq!(v, Verdict::Read(Kind::Control, Role::Register));
    }
}
