//! IN003: two records of one kind share an ID (two SoA rows for A.8.24, two risks R-007).
//! Duplicates inside one list are reported by normalisation with the same code.

use crate::diagnostic::Diagnostic;
use crate::model::first_rows::FirstRows;
use crate::model::merge::Conflict;
use crate::rules::Context;
use crate::source::Loc;
use std::collections::HashSet;

fn text(f: &crate::model::Field<String>) -> &str {
    f.get().map_or("", String::as_str)
}

pub use crate::diagnostic::input::duplicate_id::META;

/// Report the records of `items` whose ID (as `id` reads it; `None`: not an ID of this kind)
/// another record has first.
fn report<'a, T>(
    kind: &str,
    items: &'a [T],
    id: impl Fn(&'a T) -> Option<(&'a str, &'a Loc)>,
    conflicting: &HashSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    // IDs compared case-insensitively without a lowercase copy of each ASCII one, and the
    // conflict key only when there are conflicts: the register of a million risks paid four
    // allocations per ID here (1.4 s, issue 16).
    // Each ID's first record is kept by a 32-bit hash of its key (`FirstRows`: 8 bytes an
    // entry, not 32: 69 MB of table for a million risks, at the peak of the rules).
    let mut first: FirstRows<Folded> = FirstRows::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Some((text, loc)) = id(item) else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        let key = Folded::new(text);
        if !conflicting.is_empty() && conflicting.contains(&format!("{kind}\0{}", key.lower())) {
            continue;
        }
        let prev = first
            .first_or_insert(key, i, |row, key| {
                id(&items[row]).is_some_and(|(t, _)| Folded::new(t) == *key)
            })
            .and_then(|row| id(&items[row]).map(|(_, l)| l));
        if let Some(prev) = prev {
            out.push(
                Diagnostic::at(&META, loc, format!("{kind} `{text}` is defined twice"))
                    .label("defined again here")
                    .related(prev, "first defined here")
                    .entity(text)
                    .help("merge the two records or give one a new ID; rules read only the first"),
            );
        }
    }
}

/// An ID as compared: `str::to_lowercase` of it, kept as the ID itself when that is ASCII.
enum Folded<'a> {
    Ascii(&'a str),
    Lower(String),
}

impl<'a> Folded<'a> {
    fn new(id: &'a str) -> Self {
        if id.is_ascii() {
            Folded::Ascii(id)
        } else {
            Folded::Lower(id.to_lowercase())
        }
    }

    /// The lowercase bytes (equal keys, equal bytes).
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        let (s, ascii) = match self {
            Folded::Ascii(s) => (*s, true),
            Folded::Lower(s) => (s.as_str(), false),
        };
        s.bytes()
            .map(move |b| if ascii { b.to_ascii_lowercase() } else { b })
    }

    fn lower(&self) -> String {
        String::from_utf8(self.bytes().collect()).unwrap_or_default()
    }
}

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes().eq(other.bytes())
    }
}

impl Eq for Folded<'_> {}

impl std::hash::Hash for Folded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            // One `write` of the lowercase bytes (per-byte writes were most of this rule's time).
            Folded::Ascii(s) if s.len() <= 64 => {
                let mut buf = [0u8; 64];
                buf[..s.len()].copy_from_slice(s.as_bytes());
                buf[..s.len()].make_ascii_lowercase();
                state.write(&buf[..s.len()]);
            }
            _ => state.write(&self.bytes().collect::<Vec<u8>>()),
        }
        state.write_u8(0xff);
    }
}

rule_impl!();

/// A file in a folder named by a language (`de/`, `pt/`) or whose name ends with one
/// (`Policy - DE.md`, `policy_fr.md`): a translation of a document kept beside its original.
fn translation(path: &str) -> bool {
    use crate::model::lang::Lang;
    let mut parts: Vec<&str> = path.split('/').collect();
    let name = parts.pop().unwrap_or("");
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    Lang::ALL.into_iter().filter(|l| *l != Lang::En).any(|l| {
        let code = l.code();
        parts.iter().any(|p| p.eq_ignore_ascii_case(code))
            || stem.len() > code.len() + 1 && {
                // A byte index: the name may end in a multi-byte letter (`Información`).
                let at = stem.len() - code.len();
                stem.is_char_boundary(at) && {
                    let (head, tail) = stem.split_at(at);
                    tail.eq_ignore_ascii_case(code) && head.ends_with(['-', '_', ' ', '.'])
                }
            }
    })
}

/// Two records of one ID that disagree on a field (issue 17): the finding points at the field
/// in both.
fn conflict(c: &Conflict, out: &mut Vec<Diagnostic>) {
    let (field, kind, id) = (c.fields[0], c.kind, &c.id);
    let others = match c.fields.len() {
        1 => String::new(),
        n => format!(
            " (and {} other field{}: {})",
            n - 1,
            if n == 2 { "" } else { "s" },
            c.fields[1..]
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let (message, help) = if c.excerpt {
        (
            format!(
                "this SoA excerpt says `{field}` `{}` for control `{id}`, but the SoA says `{}`{others}: a document quoting the SoA contradicts it",
                c.again.0, c.first.0
            ),
            "an excerpt adds nothing to the SoA (rules read the SoA's row); correct the excerpt, or the SoA if the excerpt is right, so they agree (ISO 27001 6.1.3 d: one Statement of Applicability)",
        )
    } else if c.joined {
        (
            format!(
                "{kind} `{id}` has `{field}` `{}` here but `{}` in its register row{others}: the two records of this risk disagree",
                c.again.0, c.first.0
            ),
            "a treatment plan, decisions table or acceptance log adds to the register's risk of the same ID; where both state a field they must agree — correct one of them (rules read the register's value)",
        )
    } else {
        (
            format!(
                "{kind} `{id}` is defined twice with different `{field}`: `{}` here, `{}` in the first record{others}",
                c.again.0, c.first.0
            ),
            "records of one ID in several tables are joined where they agree; these disagree — correct one, or give one a new ID if they are two different records (rules read only the first)",
        )
    };
    out.push(
        Diagnostic::at(&META, &c.again.1, message)
            .label(format!("`{field}` here"))
            .related(
                &c.first.1,
                if c.excerpt {
                    format!("`{field}` in the SoA")
                } else if c.joined {
                    format!("`{field}` in the register row")
                } else {
                    format!("`{field}` in the first record")
                },
            )
            .entity(id)
            .help(help),
    );
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let m = cx.model;
    let mut conflicting = HashSet::new();
    for c in &m.conflicts {
        conflict(c, out);
        conflicting.insert(format!("{}\0{}", c.kind, c.id.to_lowercase()));
    }
    report(
        "SoA control",
        &m.controls,
        |c| c.control_ref().is_some().then(|| (c.id_str(), &c.id.loc)),
        &conflicting,
        out,
    );
    report(
        "risk",
        &m.risks,
        |r| Some((text(&r.id), &r.id.loc)),
        &conflicting,
        out,
    );
    report(
        "owner",
        &m.owners,
        |o| Some((text(&o.id), &o.id.loc)),
        &HashSet::new(),
        out,
    );
    // A translation (`de/…`, `…-DE.md`) states its original's ID: the same document in
    // another language, not a second one (issue 13).
    report(
        "document",
        &m.documents,
        |d| (!translation(&cx.files.get(d.file).path)).then(|| (text(&d.id), &d.id.loc)),
        &HashSet::new(),
        out,
    );
    report(
        "evidence item",
        &m.evidence,
        |e| Some((text(&e.id), &e.id.loc)),
        &HashSet::new(),
        out,
    );
    report(
        "asset",
        &m.assets,
        |a| Some((text(&a.id), &a.id.loc)),
        &HashSet::new(),
        out,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn translations_by_folder_or_name() {
        use super::translation;
        assert!(translation("policies/de/ISMS-POL-00.md"));
        assert!(translation("POL/ISMS-POL-00 - Framework - DE.md"));
        assert!(translation("pol/access_fr.md"));
        // Near misses: a word ending in a language code, an English folder.
        assert!(!translation("policies/code.md"));
        assert!(!translation("en/access-control.md"));
        assert!(!translation("docs/design.md"));
        // A name ending in a multi-byte letter is no panic (the code's length is in bytes).
        assert!(!translation(
            "SGSI/Políticas/Política de Seguridad de la Información.md"
        ));
        assert!(!translation("πολιτικές/Πολιτική_Ασφάλειας_Πληροφοριών.md"));
    }
}

#[cfg(test)]
mod folded_tests {
    use super::Folded;
    use std::hash::{BuildHasher, RandomState};

    /// Equal as `str::to_lowercase` says, with equal hashes, ASCII or not.
    #[test]
    fn ids_compare_as_their_lowercase() {
        let h = RandomState::new();
        for (a, b, equal) in [
            ("R-007", "r-007", true),
            ("R-007", "R-008", false),
            ("\u{212A}-1", "K-1", true), // the Kelvin sign lowercases to ASCII `k`
            ("Ř-1", "ř-1", true),
            ("Ř-1", "R-1", false),
            ("ΑΣ", "ας", true),
        ] {
            let (fa, fb) = (Folded::new(a), Folded::new(b));
            assert_eq!(fa == fb, equal, "{a} {b}");
            assert_eq!(a.to_lowercase() == b.to_lowercase(), equal, "{a} {b}");
            if equal {
                assert_eq!(h.hash_one(&fa), h.hash_one(&fb), "{a} {b}");
            }
        }
    }
}
