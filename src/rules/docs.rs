//! Rule documentation, embedded from `rules/<CODE>.md` (one file per rule).

macro_rules! docs {
    ($($code:literal),* $(,)?) => {
        pub fn doc(code: &str) -> Option<&'static str> {
            match code {
                $($code => Some(include_str!(concat!("../../rules/", $code, ".md"))),)*
                _ => None,
            }
        }
    };
}

docs!(
    "IN001", "IN002", "IN003", "IN004", "SOA001", "SOA002", "SOA003", "SOA004", "SOA005", "SOA006",
    "SOA007", "SOA008", "SOA009", "SOA010", "RSK001", "RSK002", "RSK003", "RSK004", "RSK005",
    "RSK006", "RSK007", "RSK008", "RSK009", "RSK010", "LNK001", "LNK002", "LNK003", "LNK004",
    "LNK005", "LNK006", "DOC001", "DOC002", "DOC003", "DOC004", "DOC005", "DOC006", "DOC007",
    "DOC008", "DOC009", "DOC010", "DOC011", "DOC012", "EVD001", "EVD002", "ISM001", "ISM002",
    "ISM003", "SOA011",
);
