//! Key → the first row that holds it, for a million-row register (issue 16).
//!
//! Keyed by a 32-bit hash of the key, not by the key itself: a million risks' keys were a
//! million strings (~32 B each) in 32–48-byte entries, over 100 MB; here an entry is 8 bytes.
//! The row's own ID, read again by the caller's `owns`, tells the keys apart; a key whose hash
//! is taken by another key keeps its row by its key in `collided` (the owner of a hash never
//! changes). Only the first row of a key is kept: later rows of one ID are IN003's (found in
//! `merge` and by the rule, which asks `first_or_insert` for the earlier row).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

#[derive(Debug)]
pub struct FirstRows<K = String> {
    state: foldhash::fast::RandomState,
    by_hash: foldhash::HashMap<u32, u32>,
    collided: HashMap<K, u32>,
}

impl<K> Default for FirstRows<K> {
    fn default() -> Self {
        FirstRows {
            state: Default::default(),
            by_hash: Default::default(),
            collided: HashMap::new(),
        }
    }
}

impl<K: Hash + Eq> FirstRows<K> {
    /// Room for `n` keys up front (a register's row count).
    pub fn with_capacity(n: usize) -> Self {
        FirstRows {
            by_hash: foldhash::HashMap::with_capacity_and_hasher(n, Default::default()),
            ..Default::default()
        }
    }

    fn hash<Q: Hash + ?Sized>(&self, key: &Q) -> u32 {
        // The low half of the 64-bit hash: a collision costs a `collided` entry, never a wrong
        // row. `K: Borrow<Q>` promises equal hashes for a key and its borrowed form.
        std::hash::BuildHasher::hash_one(&self.state, key) as u32
    }

    /// The first row of `key`. `owns(row, key)`: the row's own ID has this key.
    pub fn get<Q>(&self, key: &Q, owns: impl Fn(usize, &Q) -> bool) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let Some(&row) = self.collided.get(key) {
            return Some(row as usize);
        }
        let row = *self.by_hash.get(&self.hash(key))? as usize;
        owns(row, key).then_some(row)
    }

    /// The key's first row if it has one; otherwise `row` becomes its first and `None` is
    /// returned.
    pub fn first_or_insert(
        &mut self,
        key: K,
        row: usize,
        owns: impl Fn(usize, &K) -> bool,
    ) -> Option<usize> {
        if let Some(&first) = self.collided.get(&key) {
            return Some(first as usize);
        }
        // A row of a file of at most 64 MiB: far below 2^32 rows.
        let row = row as u32;
        match self.by_hash.entry(self.hash(&key)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(row);
                None
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                let first = *e.get() as usize;
                if owns(first, &key) {
                    Some(first)
                } else {
                    self.collided.insert(key, row);
                    None
                }
            }
        }
    }

    /// Add `row` under `key`, unless the key has a row already.
    pub fn push(&mut self, key: K, row: usize, owns: impl Fn(usize, &K) -> bool) {
        self.first_or_insert(key, row, owns);
    }
}

#[cfg(test)]
mod tests {
    use super::FirstRows;

    /// Each key keeps its first row; a later row of a key gets that first row back.
    #[test]
    fn first_row_of_each_key() {
        let ids = ["a", "b", "a", "c", "b"];
        let owns = |row: usize, k: &String| ids[row] == k;
        let mut f: FirstRows<String> = FirstRows::default();
        let firsts: Vec<Option<usize>> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| f.first_or_insert(id.to_string(), i, owns))
            .collect();
        assert_eq!(firsts, [None, None, Some(0), None, Some(1)]);
        assert_eq!(f.get("c", |row, k: &str| ids[row] == k), Some(3));
        assert_eq!(f.get("d", |row, k: &str| ids[row] == k), None);
    }
}
