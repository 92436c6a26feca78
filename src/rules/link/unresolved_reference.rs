//! LNK002: a reference names a risk, owner, document, evidence item or asset that does not
//! exist. Checked only against kinds that have a source. Unknown control IDs are SOA003.

use super::is_id_like;
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::{Field, Item, Kind};
use crate::pattern::Pattern;
use crate::rules::Context;
use crate::source::Loc;

/// A role rather than a person: `CEO`, `CISO`, `Head of IT`, `IT Manager`, `Security Team`.
static ROLE: Pattern = Pattern::new(
    r"(?i)^(?:the\s+)?(?:(?-i:[A-Z]{2,5})|head\s+of\s+.+|.*\b(?:officer|manager|director|lead|team|department|board|committee|coordinator|administrator|engineer|analyst|president|chief|owner|management|leadership)\b.*)$",
);

pub static META: RuleMeta = RuleMeta {
    code: "LNK002",
    name: "unresolved-reference",
    default: Some(Severity::Error),
    summary: "a reference names something that does not exist",
    options: &[],
};

struct Refs<'a> {
    cx: &'a Context<'a>,
    out: &'a mut Vec<Diagnostic>,
    /// `people_named` and `roles_known`, asked once: both read the whole owners register, and
    /// were asked for every owner reference (issue 16).
    people: std::cell::OnceCell<bool>,
    roles: std::cell::OnceCell<bool>,
    /// Per owner name, whether it resolves: a register of 100,000 risks names a few owners, each
    /// looked up (a copy in lower case, a role pattern, a hash) for every row (issue 16).
    owners: foldhash::HashMap<&'a str, bool>,
}

/// Where a reference is written (`risk `R-1``, `SoA row A.5.1`), for the message: written out
/// only for a reference that does not resolve, not for each row read (issue 16).
struct From<'s> {
    what: &'static str,
    name: &'s str,
    quoted: bool,
}

impl std::fmt::Display for From<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.quoted {
            true => write!(f, "{} `{}`", self.what, self.name),
            false => write!(f, "{} {}", self.what, self.name),
        }
    }
}

impl<'a> Refs<'a> {
    fn report(&mut self, what: Kind, value: &str, loc: &Loc, from: &From, entity: &str) {
        let register = match what {
            Kind::Owner => "owners register",
            Kind::Risk => "risk register",
            Kind::Document => "documents",
            Kind::Evidence => "evidence register",
            Kind::Asset => "asset register",
            Kind::Control => "SoA",
        };
        self.out.push(
            Diagnostic::at(
                &META,
                loc,
                format!("{from} names {what} `{value}`, which is not in the {register}"),
            )
            .label(format!("unknown {what}"))
            .entity(entity)
            .help(format!(
                "correct the reference, or add `{value}` to the {register}"
            )),
        );
    }

    fn owner(&mut self, f: &'a Field<String>, from: &From, entity: &str) {
        if !self.cx.model.sourced.contains(&Kind::Owner)
            || !*self.people.get_or_init(|| self.people_named())
        {
            return;
        }
        let Some(v) = f.get() else { return };
        let resolves = match self.owners.get(v.as_str()) {
            Some(&known) => known,
            None => {
                let known = self.resolves(v);
                self.owners.insert(v, known);
                known
            }
        };
        if !resolves {
            self.report(Kind::Owner, v, &f.loc, from, entity);
        }
    }

    /// Does the owner name `v` resolve: a person or role of the register, an acceptor, or a
    /// role where the register states none?
    fn resolves(&self, v: &str) -> bool {
        let acceptor = self
            .cx
            .config
            .risk
            .acceptors
            .iter()
            .any(|a| a.eq_ignore_ascii_case(v));
        // A register of people that states no roles cannot say who holds `CEO` or `Head of
        // IT`: a role is only looked up where the register has roles (a role column, or
        // owners keyed by their role: `id: Head of IT`).
        let roles_known = *self.roles.get_or_init(|| {
            self.cx.model.owners.iter().any(|o| {
                o.role.get().is_some()
                    || [&o.id, &o.name]
                        .iter()
                        .any(|f| f.get().is_some_and(|v| ROLE.is_match(v.trim())))
            })
        });
        if !roles_known && ROLE.is_match(v.trim()) {
            return true;
        }
        self.cx.model.owner(v).is_some() || acceptor
    }

    /// Does the owners register name anyone? One or two sample rows of a template (`John Smith`,
    /// `j.smith@example.com`) are nobody; a detected register whose rows give no name, role or
    /// e-mail (a template workbook's `STK-001` row with empty cells) resolves no reference: every
    /// owner a document names would be reported. A configured one is checked as it is.
    fn people_named(&self) -> bool {
        let configured = self
            .cx
            .config
            .sources
            .iter()
            .any(|s| s.kind == Some(Kind::Owner));
        let named: Vec<_> = self
            .cx
            .model
            .owners
            .iter()
            .filter(|o| o.name.get().is_some() || o.role.get().is_some() || o.email.get().is_some())
            .collect();
        // One or two sample rows, every one at an example domain: a template's example, not a
        // demo register (which names more people).
        let samples = named.len() <= 2
            && named
                .iter()
                .all(|o| o.email.get().is_some_and(|e| is_sample_email(e)));
        configured || (!named.is_empty() && !samples)
    }

    fn ids(&mut self, kind: Kind, items: &[Item<String>], from: &From, entity: &str) {
        if !self.cx.model.sourced.contains(&kind) {
            return;
        }
        let m = self.cx.model;
        for item in items {
            let v = item.value.as_str();
            let found = match kind {
                Kind::Risk => m.risk(v).is_some(),
                Kind::Asset => m.asset(v).is_some(),
                // Paths and URLs are checked by DOC010/EVD002; only IDs resolve here.
                Kind::Document => !is_id_like(v) || m.document(v).is_some(),
                Kind::Evidence => !is_id_like(v) || m.evidence_item(v).is_some(),
                _ => true,
            };
            if !found {
                self.report(kind, v, &item.loc, from, entity);
            }
        }
    }
}

/// An address at a domain reserved for examples (RFC 2606): a template's sample row.
fn is_sample_email(e: &str) -> bool {
    let domain = e
        .rsplit('@')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    e.contains('@')
        && matches!(
            domain.as_str(),
            "example.com" | "example.org" | "example.net"
        )
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut refs = Refs {
        cx,
        out,
        people: std::cell::OnceCell::new(),
        roles: std::cell::OnceCell::new(),
        owners: Default::default(),
    };
    let from = |what, name, quoted| From { what, name, quoted };
    let m = cx.model;
    for c in &m.controls {
        let id = c.id_str();
        let from = from("SoA row", id, false);
        refs.owner(&c.owner, &from, id);
        refs.ids(Kind::Risk, &c.risks, &from, id);
        refs.ids(Kind::Document, &c.documents, &from, id);
        // SoA evidence IDs are EVD002's: they resolve against the evidence register and the
        // repository's file names (`EX-7.1` → `exclusions/EX-7.1-remote-work.md`), and one
        // unresolved ID is one finding.
    }
    for r in &m.risks {
        let id = r.id_str();
        let from = from("risk", id, true);
        refs.owner(&r.owner, &from, id);
        // A risk without residual fields has no acceptor to look up.
        if let Some(accepted_by) = r.residual.accepted_by() {
            refs.owner(accepted_by, &from, id);
        }
        refs.ids(Kind::Asset, r.assets(), &from, id);
    }
    for d in &m.documents {
        let id = d.id.get().map_or("", String::as_str);
        let from = from("document", &cx.files.get(d.file).path, true);
        refs.owner(&d.owner, &from, id);
        refs.owner(&d.approver, &from, id);
    }
    for e in &m.evidence {
        let id = e.id.get().map_or("", String::as_str);
        refs.owner(&e.owner, &from("evidence", id, true), id);
    }
    for a in &m.assets {
        let id = a.id.get().map_or("", String::as_str);
        refs.owner(&a.owner, &from("asset", id, true), id);
    }
}
