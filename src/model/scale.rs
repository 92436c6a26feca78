//! Word scales of a risk methodology (issue 12): an ordered list of levels (`[Low, Medium,
//! High]`), a lookup matrix (rows = likelihood levels, columns = impact levels, cells = score
//! levels) and composite impact (`impact: { from: [C, I, A], combine: max }`).
//!
//! A level is held as its 1-based position on the scale, as an `f64`, so a word scale is the
//! numeric scale `1..=n` to every rule: comparison is by level order, and a numeric cell on a
//! word scale (`3`) is the level at that position.

use crate::model::values::norm_key;
use crate::pattern::Pattern;

/// One level of a word scale, with the other words a register may use for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub name: String,
    pub aliases: Vec<String>,
}

/// An ordered list of levels, lowest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scale {
    pub levels: Vec<Level>,
}

impl Scale {
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Scale {
        Scale {
            levels: names
                .iter()
                .map(|n| Level {
                    name: n.as_ref().to_string(),
                    aliases: Vec::new(),
                })
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.levels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// The level names as written in config, lowest first: `Low, Medium, High`.
    pub fn list(&self) -> String {
        self.levels
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The name of the level at a 1-based position.
    pub fn name(&self, position: f64) -> Option<&str> {
        if position.fract() != 0.0 || position < 1.0 {
            return None;
        }
        self.levels
            .get(position as usize - 1)
            .map(|l| l.name.as_str())
    }

    /// The position (1-based) of the level a cell names: the level's name or an alias in any
    /// case and spacing, with a leading number or letter+number tolerated (`4 - Likely`, `L3`),
    /// a trailing note (`High (4)`), a number alone (`3`, by position), or a unique prefix of
    /// three letters or more (`Med`).
    pub fn position(&self, text: &str) -> Option<usize> {
        static LEAD: Pattern =
            Pattern::new(r"^\s*(?:[A-Za-z]{1,2}\s?)?(\d{1,2})(?:\s*[-–—:.)=/]\s*|\s+|$)(.*)$");
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        if let Some(p) = self.word(t) {
            return Some(p);
        }
        if let Some(c) = LEAD.captures(t) {
            let rest = c[2].trim();
            if rest.is_empty() {
                let n: usize = c[1].parse().ok()?;
                return (1..=self.len()).contains(&n).then_some(n);
            }
            if let Some(p) = self.word(rest).or_else(|| self.word(note_free(rest)?)) {
                return Some(p);
            }
            // `1 Low`: the word decides; a word that is no level is not a level.
            return None;
        }
        // `High (4)`, `Likely - once a year`.
        note_free(t).and_then(|h| self.word(h))
    }

    /// Does a level already use this word (name or alias, in any case)?
    pub fn word_taken(&self, w: &str) -> bool {
        let k = norm_key(w);
        self.levels
            .iter()
            .any(|l| norm_key(&l.name) == k || l.aliases.iter().any(|a| norm_key(a) == k))
    }

    /// A word (no leading number): name, alias or a unique prefix of 3+ letters.
    fn word(&self, t: &str) -> Option<usize> {
        let k = norm_key(t);
        if k.is_empty() {
            return None;
        }
        for (i, l) in self.levels.iter().enumerate() {
            if norm_key(&l.name) == k || l.aliases.iter().any(|a| norm_key(a) == k) {
                return Some(i + 1);
            }
        }
        if k.chars().count() >= 3 && k.chars().all(char::is_alphabetic) {
            let hits: Vec<usize> = self
                .levels
                .iter()
                .enumerate()
                .filter(|(_, l)| norm_key(&l.name).starts_with(&k))
                .map(|(i, _)| i + 1)
                .collect();
            if let [one] = hits.as_slice() {
                return Some(*one);
            }
        }
        // Another form or language of a level's word (issue 13): `Vysoký` on a scale written
        // `Vysoká`, `Alta` on `[Low, Medium, High]`, when it names one level only.
        let hits: Vec<usize> = self
            .levels
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                crate::model::words::same_level(&l.name, t)
                    || l.aliases
                        .iter()
                        .any(|a| crate::model::words::same_level(a, t))
            })
            .map(|(i, _)| i + 1)
            .collect();
        if let [one] = hits.as_slice() {
            return Some(*one);
        }
        None
    }
}

/// `High (4)` → `High`; `Likely - once a year` → `Likely`.
fn note_free(s: &str) -> Option<&str> {
    let cut = s
        .find(['(', '[', ':'])
        .or_else(|| s.find(" - "))
        .or_else(|| s.find(" – "))
        .or_else(|| s.find(" — "))?;
    let h = s[..cut].trim();
    (!h.is_empty()).then_some(h)
}

/// How composite impact combines its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    Max,
    Sum,
    Mean,
}

impl Combine {
    pub fn name(self) -> &'static str {
        match self {
            Combine::Max => "max",
            Combine::Sum => "sum",
            Combine::Mean => "mean",
        }
    }

    pub fn apply(self, parts: &[f64]) -> Option<f64> {
        if parts.is_empty() {
            return None;
        }
        Some(match self {
            Combine::Max => parts.iter().copied().fold(f64::MIN, f64::max),
            Combine::Sum => parts.iter().sum(),
            Combine::Mean => parts.iter().sum::<f64>() / parts.len() as f64,
        })
    }
}

/// `risk.impact: { from: [C, I, A], combine: max }`: impact computed from rated columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Composite {
    /// Column headers (or field-like names) of the parts, as written in config.
    pub from: Vec<String>,
    pub combine: Combine,
    /// The scale of each part: a numeric range, or levels.
    pub part_range: (f64, f64),
    pub part_levels: Option<Scale>,
}

impl Composite {
    /// Is this header one of the parts?
    pub fn names(&self, header: &str) -> bool {
        let k = norm_key(header);
        self.from.iter().any(|f| norm_key(f) == k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn five() -> Scale {
        let mut s =
            Scale::from_names(&["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]);
        s.levels[2].aliases.push("Moderate".into());
        s
    }

    #[test]
    fn levels_as_registers_write_them() {
        let s = five();
        for (t, p) in [
            ("Likely", 4),
            ("likely", 4),
            (" LIKELY ", 4),
            ("4 - Likely", 4),
            ("4 Likely", 4),
            ("L4", 4),
            ("4", 4),
            ("Almost Certain", 5),
            ("almost  certain", 5),
            ("5 – Almost certain", 5),
            ("Likely (4)", 4),
            ("Moderate", 3),
            ("Poss", 3),
            ("Rare - once in ten years", 1),
        ] {
            assert_eq!(s.position(t), Some(p), "{t}");
        }
        for t in [
            "",
            "6",
            "0",
            "Very likely",
            "Un",
            "High",
            "3 - High",
            "Possibly not",
        ] {
            assert_eq!(s.position(t), None, "{t}");
        }
        let lmh = Scale::from_names(&["Low", "Medium", "High"]);
        assert_eq!(lmh.position("Med"), Some(2));
        assert_eq!(lmh.position("M"), None);
        assert_eq!(lmh.name(3.0), Some("High"));
    }

    #[test]
    fn combine() {
        assert_eq!(Combine::Max.apply(&[4.0, 5.0, 2.0]), Some(5.0));
        assert_eq!(Combine::Sum.apply(&[4.0, 5.0, 2.0]), Some(11.0));
        assert_eq!(Combine::Mean.apply(&[4.0, 5.0, 3.0]), Some(4.0));
    }

    #[test]
    fn inflected_and_translated_levels_are_levels() {
        let cs = Scale::from_names(&["Nízká", "Střední", "Vysoká"]);
        assert_eq!(cs.position("Vysoký"), Some(3));
        assert_eq!(cs.position("vysoke"), Some(3));
        assert_eq!(cs.position("Nízký"), Some(1));
        let en = Scale::from_names(&["Low", "Medium", "High"]);
        assert_eq!(en.position("Alta"), Some(3));
        assert_eq!(en.position("Média"), Some(2));
        assert_eq!(en.position("Muito alta"), None);
        // Two levels of one class: no guess.
        let two = Scale::from_names(&["Alta", "High"]);
        assert_eq!(two.position("Alto"), None);
    }
}
