//! EVD: evidence records (9.1, 7.5.3: evidence kept current and available).
pub mod missing_evidence_file;
pub mod stale_evidence;
