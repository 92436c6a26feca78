//! ismslint: a fast, offline linter for ISO/IEC 27001 ISMS repositories.
//!
//! Pipeline (DESIGN §2): discover → load (parallel) → normalise → model → rules → policy → render.

pub mod catalog;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod model;
pub mod output;
pub mod parse;
pub mod pattern;
pub mod rules;
pub mod source;
