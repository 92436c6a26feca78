//! Fingerprints that identify a finding across edits elsewhere in a file: rule, path and the
//! entity concerned (or the message when there is none) — never the line number.

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// 64-bit FNV-1a: tiny, stable across versions and platforms (unlike `DefaultHasher`).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

pub fn path_of(d: &Diagnostic, files: &SourceMap) -> String {
    d.loc
        .as_ref()
        .map(|l| files.get(l.file()).path.clone())
        .unwrap_or_default()
}

/// Hex fingerprint of (code, path, entity-or-message).
pub fn fingerprint(d: &Diagnostic, files: &SourceMap) -> String {
    let path = path_of(d, files);
    let what = d.entity.as_deref().unwrap_or(&d.message);
    format!("{:016x}", fnv1a(&[d.rule.code, &path, what]))
}
