//! IN: reading the repository (parse errors, unreadable values, duplicates, missing sources).
pub mod duplicate_id;
pub mod invalid_value;
pub mod parse_error;
pub mod source_not_found;
