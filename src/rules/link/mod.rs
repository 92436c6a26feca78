//! LNK: the links between controls, risks, owners, documents and evidence.
pub mod control_without_owner;
pub mod control_without_risk;
pub mod implemented_without_evidence;
pub mod inactive_owner;
pub mod owner_concentration;
pub mod unresolved_reference;

/// A reference that looks like an ID (`POL-001`, `EV-12`), not a path, URL or sentence.
pub fn is_id_like(s: &str) -> bool {
    !s.is_empty()
        && !s.contains(char::is_whitespace)
        && !s.contains('/')
        && !s.contains('\\')
        && !s.contains(':')
        && !s
            .rsplit_once('.')
            .is_some_and(|(_, ext)| ext.chars().all(char::is_alphabetic) && !ext.is_empty())
}
