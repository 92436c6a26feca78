//! The first steps of a built-in pattern's automaton from a candidate start, over ASCII text:
//! a start from which the automaton dies before a match ends is no start, and needs no
//! `regex_lite` form compiled to find so (issue 16: on the demo repository, `[Company Name]`
//! started runs of the role, choice, example and options placeholders, `ISO/IEC 27002:2022.`
//! of three ISO 27002 claims, `2024` of the masked year, each compiling its 50–1,000-byte
//! anchored form first: dropping those starts took its run from 61.7M to 57.4M instructions).
//!
//! The table is generated with the other facts of a built-in pattern (`known_starts`), from
//! its lazy DFA, anchored, with Unicode word boundaries: on ASCII bytes its transitions are the
//! full regex's own. A state is kept only within the first `MAX_STATES` found breadth first
//! (always those within two bytes of the start, which are the former second- and third-byte
//! checks); a step to a state not kept, to a match, or over a non-ASCII byte ends the walk
//! with "can start", so the walk only ever drops starts the regex would not match from.

/// Cells of the generated tables, one printable character each (`'#'` upwards: no `"`, so
/// a table is a plain raw string).
const BASE: u8 = b'#';
/// The automaton is dead: no match starts here.
const DEAD: u8 = 0;
/// A match may start here: the walk stops (a match ended, a state not kept, a byte the table
/// does not know).
const MAYBE: u8 = 1;
/// Cells from here are states: `STATE + i` is state `i`.
const STATE: u8 = 2;
/// The states kept: more only for those within two bytes of the start. 64 drop every start
/// the demo repository's placeholders and ISO 27002 claims ran from (32 left five of 27).
const MAX_STATES: usize = 64;
/// Cells are printable ASCII: `'~'` is the last.
const MAX_CELL: u8 = b'~' - BASE;

/// A built-in pattern's generated walk (`render`).
#[derive(Debug)]
pub(super) struct Walk {
    /// The start state by the byte before the start: an ASCII byte, or 128 for none.
    pub starts: &'static str,
    /// The column of each ASCII byte in `rows` (bytes every state treats alike share one).
    pub classes: &'static str,
    /// By state, the next cell for each column, then for the end of the text.
    pub rows: &'static [&'static str],
}

impl Walk {
    /// Can a match of the pattern start at `at` in `hay`?
    pub fn may_start_at(&self, hay: &[u8], at: usize) -> bool {
        let before = match at.checked_sub(1).map(|i| hay[i]) {
            None => 128,
            Some(b) if b.is_ascii() => usize::from(b),
            Some(_) => return true,
        };
        let mut cell = self.starts.as_bytes()[before] - BASE;
        let mut rest = hay[at..].iter();
        while cell >= STATE {
            let row = self.rows[usize::from(cell - STATE)].as_bytes();
            cell = match rest.next() {
                Some(&b) if b.is_ascii() => {
                    row[usize::from(self.classes.as_bytes()[usize::from(b)] - BASE)]
                }
                Some(_) => return true,
                None => row[row.len() - 1],
            } - BASE;
        }
        cell == MAYBE
    }
}

/// The walk of `source` as the Rust expression `known_starts` holds, `None` when the lazy DFA
/// cannot be built or gives up, or the states within two bytes are too many to print.
pub(super) fn render(source: &str) -> Option<String> {
    let table = Table::of(source)?;
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| format!("r\"{}\"", printed(r)))
        .collect();
    Some(format!(
        "Some(Walk {{\n            starts: r\"{}\",\n            classes: r\"{}\",\n            rows: &[\n                {},\n            ],\n        }})",
        printed(&table.starts),
        printed(&table.classes),
        rows.join(",\n                "),
    ))
}

fn printed(cells: &[u8]) -> String {
    cells.iter().map(|c| char::from(BASE + c)).collect()
}

/// A walk before printing: cells as numbers.
#[derive(Debug)]
struct Table {
    starts: Vec<u8>,
    classes: Vec<u8>,
    rows: Vec<Vec<u8>>,
}

impl Table {
    fn of(source: &str) -> Option<Table> {
        use regex_automata::Anchored;
        use regex_automata::hybrid::dfa::DFA;
        use regex_automata::util::start;
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .unicode_word_boundary(true)
                    .cache_capacity(256 << 20),
            )
            .build(source)
            .ok()?;
        let mut cache = dfa.create_cache();
        let mut kept = Kept::default();
        let mut starts = Vec::new();
        for before in (0..128u8).map(Some).chain([None]) {
            let config = start::Config::new()
                .anchored(Anchored::Yes)
                .look_behind(before);
            let state = dfa.start_state(&mut cache, &config).ok()?;
            starts.push(kept.cell(state, 0));
        }
        // Breadth first: `kept.states` grows while it is read.
        let mut by_byte = Vec::new();
        let mut at_end = Vec::new();
        let mut i = 0;
        while let Some(&(state, depth)) = kept.states.get(i) {
            let mut row = Vec::with_capacity(128);
            for b in 0..128u8 {
                let next = dfa.next_state(&mut cache, state, b).ok()?;
                row.push(kept.cell(next, depth + 1));
            }
            let end = dfa.next_eoi_state(&mut cache, state).ok()?;
            at_end.push(match end.is_match() || end.is_quit() {
                true => MAYBE,
                false => DEAD,
            });
            by_byte.push(row);
            i += 1;
        }
        // Lazy DFA state ids are stable only while its cache is never cleared.
        if cache.clear_count() > 0 || kept.states.len() + usize::from(STATE) > usize::from(MAX_CELL)
        {
            return None;
        }
        let (classes, columns) = columns(&by_byte);
        if columns.len() > usize::from(MAX_CELL) {
            return None;
        }
        let rows = (0..by_byte.len())
            .map(|s| {
                let mut row: Vec<u8> = columns.iter().map(|&b| by_byte[s][b]).collect();
                row.push(at_end[s]);
                row
            })
            .collect();
        Some(Table {
            starts,
            classes,
            rows,
        })
    }
}

/// The states kept, breadth first, with their distance from the start.
#[derive(Default)]
struct Kept {
    states: Vec<(regex_automata::hybrid::LazyStateID, usize)>,
}

impl Kept {
    /// The cell for stepping to `state`, `depth` bytes from the start: kept when it was, or
    /// when it is within two bytes or there is room.
    fn cell(&mut self, state: regex_automata::hybrid::LazyStateID, depth: usize) -> u8 {
        if state.is_dead() {
            return DEAD;
        }
        if state.is_quit() || state.is_match() {
            return MAYBE;
        }
        if let Some(i) = self.states.iter().position(|&(s, _)| s == state) {
            return cell_of(i);
        }
        if depth > 2 && self.states.len() >= MAX_STATES {
            return MAYBE;
        }
        self.states.push((state, depth));
        cell_of(self.states.len() - 1)
    }
}

/// The cell of state `i`, saturated: `Table::of` refuses a table with so many states.
fn cell_of(i: usize) -> u8 {
    u8::try_from(i)
        .ok()
        .and_then(|i| i.checked_add(STATE))
        .unwrap_or(u8::MAX)
}

/// The column of each ASCII byte, and a byte of each column: bytes whose cells are the same in
/// every row share a column.
fn columns(by_byte: &[Vec<u8>]) -> (Vec<u8>, Vec<usize>) {
    let mut firsts: Vec<usize> = Vec::new();
    let mut classes = Vec::with_capacity(128);
    for b in 0..128 {
        let same = |&f: &usize| by_byte.iter().all(|row| row[f] == row[b]);
        let class = match firsts.iter().position(same) {
            Some(c) => c,
            None => {
                firsts.push(b);
                firsts.len() - 1
            }
        };
        classes.push(u8::try_from(class).unwrap_or(u8::MAX));
    }
    (classes, firsts)
}

#[cfg(test)]
mod tests {
    use super::super::known_starts::KNOWN;

    /// Texts with a match of each built-in pattern, and near-misses around them.
    const TEXTS: &[&str] = &[
        "Applies to [Company Name]. Contact the [phone number]. Owner: [TBD] | [A.5.1] | [7.2]",
        "[the organisation's] <Organisation> {{ company_name }} [YYYY-MM-DD] [Date] [DD/MM/AAAA]",
        "Approved by [CISO] and [CTO/CEO]; ask [Head of IT]. [Gestor do SGSI] [Nome da Empresa]",
        "[YOUR_ORGANISATION_NAME] [ORIGIN REQUIRES ASSIGNMENT] [VERSION] [e.g. Annual] [UPDATE]",
        "[Yes / No / Unknown] [Open/In progress/Closed] +33 XXX XXX XXX, XXX-XXX-XXXX, 20XX, 2024",
        "[X] [NNN] POL-XXX the XXX team; Lorem ipsum. Insert the risk criteria here. <!-- TODO -->",
        "We are certified to ISO 27002; ISO/IEC 27002:2022 certification, ISO 27002 requires it.",
        "required by ISO 27002, the requirements of ISO/IEC 27002. ISO 27002 zertifiziert nach",
        "Zertifizierung nach ISO 27002, Anforderungen der ISO 27002; certificado ISO 27002.",
        "naïve [é] – “[Company Name]” • [Firmenname] \u{212A}elvin [\u{212A}] ISO\u{a0}27002",
        "2025-01-15 2026-02-01 19 20",
    ];

    /// A walk drops only starts the full regex matches nothing from, wherever the text ends;
    /// each pattern matches somewhere in the texts.
    #[test]
    fn a_walk_drops_only_starts_without_a_match() {
        let mut dropped = 0;
        for (source, .., walk, _) in KNOWN {
            let Some(walk) = walk else { continue };
            let re = regex::Regex::new(source).unwrap();
            let mut matched = 0;
            // Each text cut at each character: the walk also meets the end of the text.
            let ends = |t: &'static str| t.char_indices().map(|(i, _)| i).chain([t.len()]);
            for text in TEXTS.iter().flat_map(|t| ends(t).map(|i| &t[..i])) {
                for at in (0..text.len()).filter(|&at| text.is_char_boundary(at)) {
                    let starts_here = re.find_at(text, at).is_some_and(|m| m.start() == at);
                    let may = walk.may_start_at(text.as_bytes(), at);
                    assert!(may || !starts_here, "{source} at {at} in {text:?}");
                    dropped += usize::from(!may);
                    matched += usize::from(starts_here);
                }
            }
            assert!(matched > 0, "{source} matches none of the texts");
        }
        assert!(dropped > 0);
    }

    fn walk_of(prefix: &str) -> &'static super::Walk {
        let known = KNOWN.iter().find(|k| k.0.starts_with(prefix)).unwrap();
        known.5.as_ref().unwrap()
    }

    /// The starts that compiled a form on the demo repository (module doc) are dropped.
    #[test]
    fn the_demo_starts_without_a_match_are_dropped() {
        let dropped = |prefix: &str, text: &str| !walk_of(prefix).may_start_at(text.as_bytes(), 0);
        assert!(dropped(r"\[\s*(?:CISO", "[Company Name]. Contact"));
        assert!(dropped(r"(?i)\[\s*(?:yes", "[Company Name]. Contact"));
        assert!(dropped(r"(?i)\[[^\]\[\n]*?(?:\be", "[phone number]."));
        assert!(dropped(r"\[(?:[\p{Lu}\d]", "[TBD]"));
        assert!(dropped(r"\b(?:19|20)", "2024"));
        assert!(dropped(r"\b(?:19|20)", "19"));
        assert!(dropped(
            r"(?i)\bISO(?:/IEC)?\s*27002(?::20(?:13|22))?\s+",
            "ISO/IEC 27002:2022."
        ));
        // A match, or a byte the walk does not know, keeps the start.
        assert!(!dropped(r"\[\s*(?:CISO", "[CISO]"));
        assert!(!dropped(r"\b(?:19|20)", "20XX"));
        assert!(!dropped(r"\[\s*(?:CISO", "[Geschäftsführer]"));
    }
}
