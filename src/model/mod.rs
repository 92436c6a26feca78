//! Entities, normalisation and the graph that rules read.

pub mod aliases;
pub mod build;
pub mod catalog;
pub mod control_id;
pub mod entity;
pub mod first_rows;
pub mod framework;
pub mod graph;
pub mod lang;
pub mod merge;
pub mod metadata;
pub mod plan_headers;
pub mod record;
pub mod risk_method;
pub mod scale;
pub mod text;
pub mod unreadable;
pub mod values;
pub mod word_patterns;

pub use entity::*;
pub use graph::Model;
pub use record::{Kind, RawField, RawRecord, RawValue, Role};
pub mod doc_labels;
pub mod translation;
pub mod value_targets;
pub mod words;
