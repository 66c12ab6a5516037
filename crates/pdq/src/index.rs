//! Finding, among many page hashes, those within a distance of a given one.
//!
//! A multi-index: the 256 bits are cut into 16 chunks of 16 bits, and each chunk keys a
//! table from its value to the entries holding it. Two hashes at most 31 bits apart
//! differ by at most one bit in at least one chunk (16 chunks × 2 bits would be 32), so
//! looking up each chunk's value and its 16 one-bit neighbours (272 lookups) finds
//! every candidate; each is then checked in full. For a distance of 15 or less the
//! exact chunk values suffice. [`PageIndex::scan`] compares with every entry, the
//! reference the index must agree with.

use std::collections::HashMap;

use crate::hash::PageHash;

/// An entry within the distance asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<T> {
    /// What the entry was added with.
    pub item: T,
    /// Its distance to the hash looked up.
    pub distance: u32,
}

/// Page hashes and what each belongs to (a document's page, say).
#[derive(Debug, Clone)]
pub struct PageIndex<T> {
    entries: Vec<(PageHash, T)>,
    tables: Vec<HashMap<u16, Vec<u32>>>,
}

impl<T> Default for PageIndex<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            tables: (0..16).map(|_| HashMap::new()).collect(),
        }
    }
}

impl<T: Clone> PageIndex<T> {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds `hash` for `item`.
    pub fn insert(&mut self, hash: PageHash, item: T) {
        let id = self.entries.len() as u32;
        for (k, table) in self.tables.iter_mut().enumerate() {
            table.entry(hash.chunk(k)).or_default().push(id);
        }
        self.entries.push((hash, item));
    }

    /// The entries within `max_distance` of `hash`, nearest first.
    pub fn matches(&self, hash: &PageHash, max_distance: u32) -> Vec<Match<T>> {
        if max_distance >= 32 {
            return self.scan(hash, max_distance);
        }
        let mut seen = vec![false; self.entries.len()];
        let mut found = Vec::new();
        let mut visit = |ids: Option<&Vec<u32>>, found: &mut Vec<Match<T>>| {
            for &id in ids.into_iter().flatten() {
                let i = id as usize;
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                let (h, item) = &self.entries[i];
                let distance = h.distance(hash);
                if distance <= max_distance {
                    found.push(Match {
                        item: item.clone(),
                        distance,
                    });
                }
            }
        };
        for (k, table) in self.tables.iter().enumerate() {
            let key = hash.chunk(k);
            visit(table.get(&key), &mut found);
            if max_distance >= 16 {
                for bit in 0..16 {
                    visit(table.get(&(key ^ (1 << bit))), &mut found);
                }
            }
        }
        found.sort_by_key(|m| m.distance);
        found
    }

    /// The same answer as [`PageIndex::matches`], by comparing with every entry.
    pub fn scan(&self, hash: &PageHash, max_distance: u32) -> Vec<Match<T>> {
        let mut found: Vec<Match<T>> = self
            .entries
            .iter()
            .filter_map(|(h, item)| {
                let distance = h.distance(hash);
                (distance <= max_distance).then(|| Match {
                    item: item.clone(),
                    distance,
                })
            })
            .collect();
        found.sort_by_key(|m| m.distance);
        found
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    fn random(rng: &mut ChaCha8Rng) -> PageHash {
        PageHash([rng.r#gen(), rng.r#gen(), rng.r#gen(), rng.r#gen()])
    }

    fn flip(mut h: PageHash, bits: u32, rng: &mut ChaCha8Rng) -> PageHash {
        let mut flipped = std::collections::HashSet::new();
        while flipped.len() < bits as usize {
            let b: usize = rng.gen_range(0..256);
            if flipped.insert(b) {
                h.0[b / 64] ^= 1 << (b % 64);
            }
        }
        h
    }

    #[test]
    fn the_index_finds_exactly_what_a_scan_finds() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut index = PageIndex::new();
        let mut probes = Vec::new();
        for i in 0..3000u32 {
            let h = random(&mut rng);
            index.insert(h, i);
            if i % 10 == 0 {
                // Near copies at every distance up to 40, planted and kept as probes.
                let d = rng.gen_range(0..=40);
                let near = flip(h, d, &mut rng);
                index.insert(near, 100_000 + i);
                probes.push(flip(h, rng.gen_range(0..=20), &mut rng));
            }
        }
        for max in [0, 5, 15, 16, 24, 31] {
            for p in &probes {
                let mut a = index.matches(p, max);
                let mut b = index.scan(p, max);
                a.sort_by_key(|m| (m.distance, m.item));
                b.sort_by_key(|m| (m.distance, m.item));
                assert_eq!(a, b, "max {max}");
            }
        }
        // The planted copies are found.
        let found: usize = probes.iter().map(|p| index.matches(p, 31).len()).sum();
        assert!(found >= probes.len(), "{found}");
    }

    #[test]
    fn a_hash_finds_itself_and_nothing_unrelated() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut index = PageIndex::new();
        let hashes: Vec<PageHash> = (0..500).map(|_| random(&mut rng)).collect();
        for (i, h) in hashes.iter().enumerate() {
            index.insert(*h, i);
        }
        for (i, h) in hashes.iter().enumerate() {
            let m = index.matches(h, 31);
            assert_eq!(
                m,
                vec![Match {
                    item: i,
                    distance: 0
                }]
            );
        }
        assert_eq!(index.len(), 500);
        assert!(PageIndex::<u8>::new().is_empty());
    }
}
