//! The metadata of the IN codes the readers emit while loading and normalising (a file that does
//! not parse, a value that does not read, a duplicate ID, a configured source with no file):
//! here, below `parse` and `model`, so they name their code without depending on the rules.
//! Each rule file (`rules/input/`) re-exports its `META` from here.

pub mod parse_error {
    use crate::diagnostic::{RuleMeta, Severity};

    pub static META: RuleMeta = RuleMeta {
        code: "IN001",
        name: "parse-error",
        default: Some(Severity::Error),
        summary: "a file cannot be parsed (YAML, CSV, front matter)",
        options: &[],
    };
}

pub mod invalid_value {
    use crate::diagnostic::{RuleMeta, Severity};

    pub static META: RuleMeta = RuleMeta {
        code: "IN002",
        name: "invalid-value",
        default: Some(Severity::Error),
        summary: "a value cannot be read as its field's type (status, number, date, yes/no)",
        options: &[],
    };
}

pub mod duplicate_id {
    use crate::diagnostic::{RuleMeta, Severity};

    pub static META: RuleMeta = RuleMeta {
        code: "IN003",
        name: "duplicate-id",
        default: Some(Severity::Error),
        summary: "two records of one kind share an ID",
        options: &[],
    };
}

pub mod source_not_found {
    use crate::diagnostic::{RuleMeta, Severity};

    pub static META: RuleMeta = RuleMeta {
        code: "IN004",
        name: "source-not-found",
        default: Some(Severity::Error),
        summary: "a configured source matches no file, or a sheet, table or column it names does not exist",
        options: &[],
    };
}
