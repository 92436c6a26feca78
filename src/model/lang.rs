//! The languages registers and documents are read in (issue 13). Messages stay in English; these
//! are the languages whose header words, value words, dates and metadata labels are understood.
//! The words themselves are data (`rules/lang/`); this module only names the languages and the
//! conventions that are not words (how a slashed date is ordered).

use crate::model::values::DateOrder;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    De,
    Fr,
    Es,
    Pt,
    It,
    Nl,
    Cs,
    Pl,
    El,
}

impl Lang {
    pub const ALL: [Lang; 10] = [
        Lang::En,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::Pt,
        Lang::It,
        Lang::Nl,
        Lang::Cs,
        Lang::Pl,
        Lang::El,
    ];

    /// ISO 639-1 code, as written in config (`language: de`) and in `-v` notes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::It => "it",
            Lang::Nl => "nl",
            Lang::Cs => "cs",
            Lang::Pl => "pl",
            Lang::El => "el",
        }
    }

    /// English name, for messages and `-v` notes.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "German",
            Lang::Fr => "French",
            Lang::Es => "Spanish",
            Lang::Pt => "Portuguese",
            Lang::It => "Italian",
            Lang::Nl => "Dutch",
            Lang::Cs => "Czech",
            Lang::Pl => "Polish",
            Lang::El => "Greek",
        }
    }

    /// A language from its code or its English name, any case (`de`, `German`).
    pub fn from_word(s: &str) -> Option<Lang> {
        let s = s.trim();
        Lang::ALL
            .into_iter()
            .find(|l| s.eq_ignore_ascii_case(l.code()) || s.eq_ignore_ascii_case(l.name()))
    }

    /// How a slashed or dotted date with the day and month both ≤ 12 is read when config says
    /// nothing: every language here writes the day first except English, where `03/04/2026` is
    /// 3 April in Britain and 4 March in the United States — ambiguous, never guessed.
    pub fn date_order(self) -> DateOrder {
        match self {
            Lang::En => DateOrder::IsoOnly,
            _ => DateOrder::DayMonth,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_word(l.code()), Some(l));
            assert_eq!(Lang::from_word(&l.name().to_uppercase()), Some(l));
        }
        assert_eq!(Lang::from_word("klingon"), None);
    }
}
