//! Naming conventions for sources (DESIGN §4.4): the kind a file's name or folder suggests,
//! before its content is read. Discovery (`engine::discover`) applies it to each walked file.

use crate::model::Kind;
use crate::parse::Format;

/// The kind a file's name or folder suggests (DESIGN §4.4). `None`: decide from content.
/// `in_documents_folder`: the file is under a folder config names as documents
/// (`documents.folders`, `DocumentsConfig::in_folder`).
pub fn convention(rel: &str, format: Format, in_documents_folder: bool) -> Option<Kind> {
    let lower = rel.to_lowercase();
    let (dirs, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
    let stem = name.split('.').next().unwrap_or("");
    let stem_key: String = stem.chars().filter(|c| c.is_alphanumeric()).collect();
    let by_name = if stem_key.starts_with("soa") || stem_key.contains("statementofapplicability") {
        Some(Kind::Control)
    } else if stem_key == "risks" || stem_key.contains("riskregister") {
        Some(Kind::Risk)
    } else if matches!(stem_key.as_str(), "owners" | "roles" | "people") {
        Some(Kind::Owner)
    } else if stem_key == "evidence" || stem_key.contains("evidenceregister") {
        Some(Kind::Evidence)
    } else if stem_key == "assets"
        || stem_key.contains("assetregister")
        || stem_key.contains("assetinventory")
    {
        Some(Kind::Asset)
    } else {
        None
    };
    if by_name.is_some() {
        return by_name;
    }
    let in_dir = |d: &str| dirs.split('/').any(|x| x == d);
    match format {
        Format::Yaml if in_dir("risks") => Some(Kind::Risk),
        Format::Yaml if in_dir("evidence") => Some(Kind::Evidence),
        Format::Markdown if in_documents_folder && !is_readme(name) => Some(Kind::Document),
        Format::Markdown if in_dir("risks") => Some(Kind::Risk),
        _ => None,
    }
}

/// README files describe a folder; they are not controlled documents.
fn is_readme(name: &str) -> bool {
    name.starts_with("readme")
}
