//! Built-in data from `rules/`: the ISO/IEC 27001 catalogues (defined in `model::catalog`, which
//! parsing and normalisation read, and re-exported here) and the template and phrase packs.

pub mod packs;

pub use crate::model::catalog::{Catalog, CatalogControl, Clause};
