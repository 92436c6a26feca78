//! Key → the first row that holds it, for a million-row register (issue 16).
//!
//! Keyed by a 32-bit hash of the key, not by the key itself: a million risks' keys were a
//! million strings (~32 B each) in 32–48-byte entries, over 100 MB; here an entry is 8 bytes.
//! The row's own ID, read again by the caller's `owns`, tells the keys apart; a key whose hash
//! is taken by another key keeps its row by its text in `collided` (the owner of a hash never
//! changes). Only the first row of a key is kept: later rows of one ID are IN003's, found in
//! `merge`.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct FirstRows {
    state: std::hash::RandomState,
    by_hash: foldhash::HashMap<u32, u32>,
    collided: HashMap<String, u32>,
}

impl FirstRows {
    fn hash(&self, key: &str) -> u32 {
        // The low half of the 64-bit hash: a collision costs a `collided` entry, never a wrong row.
        std::hash::BuildHasher::hash_one(&self.state, key) as u32
    }

    /// The first row of `key`. `owns(row, key)`: the row's own ID has this key.
    pub fn get(&self, key: &str, owns: impl Fn(usize, &str) -> bool) -> Option<usize> {
        if let Some(&row) = self.collided.get(key) {
            return Some(row as usize);
        }
        let row = *self.by_hash.get(&self.hash(key))? as usize;
        owns(row, key).then_some(row)
    }

    /// Add `row` under `key`, unless the key has a row already.
    pub fn push(&mut self, key: String, row: usize, owns: impl Fn(usize, &str) -> bool) {
        // A row of a file of at most 64 MiB: far below 2^32 rows.
        let row = row as u32;
        if self.collided.contains_key(&key) {
            return;
        }
        match self.by_hash.entry(self.hash(&key)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(row);
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                if !owns(*e.get() as usize, &key) {
                    self.collided.entry(key).or_insert(row);
                }
            }
        }
    }
}
