//! A least-recently-used cache of encoded page images, bounded in bytes, that records
//! the peak it ever held so a benchmark can show it never exceeded its bound.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;

use crate::page::{ImageFormat, Purpose, Rotation};

/// What identifies one rendered page image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    /// [`crate::DocumentRef::cache_key`].
    pub document: String,
    /// Page, 1-based.
    pub page: u32,
    /// Requested width in pixels.
    pub width: u32,
    /// Rotation.
    pub rotation: Rotation,
    /// Encoding.
    pub format: ImageFormat,
    /// View or thumbnail (rendered with different settings).
    pub purpose: Purpose,
}

/// A cached image and its pixel size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedImage {
    /// The encoded bytes.
    pub bytes: Arc<[u8]>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Counters of the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CacheStats {
    /// The bound in bytes.
    pub bound_bytes: usize,
    /// Bytes held now.
    pub bytes: usize,
    /// The most bytes ever held.
    pub peak_bytes: usize,
    /// Entries held now.
    pub entries: usize,
    /// Lookups that found an image.
    pub hits: u64,
    /// Lookups that found nothing.
    pub misses: u64,
    /// Images evicted to stay under the bound.
    pub evictions: u64,
}

/// The cache. Not thread-safe by itself: the render worker owns it.
#[derive(Debug)]
pub struct PageCache {
    map: HashMap<PageKey, (CachedImage, u64)>,
    order: BTreeMap<u64, PageKey>,
    tick: u64,
    stats: CacheStats,
}

impl PageCache {
    /// An empty cache holding at most `bound_bytes` of images.
    pub fn new(bound_bytes: usize) -> Self {
        Self {
            map: HashMap::new(),
            order: BTreeMap::new(),
            tick: 0,
            stats: CacheStats {
                bound_bytes,
                ..CacheStats::default()
            },
        }
    }

    fn touch(&mut self, key: &PageKey) {
        self.tick += 1;
        if let Some((_, t)) = self.map.get_mut(key) {
            self.order.remove(t);
            *t = self.tick;
            self.order.insert(self.tick, key.clone());
        }
    }

    /// The image for `key`, marking it recently used.
    pub fn get(&mut self, key: &PageKey) -> Option<CachedImage> {
        if self.map.contains_key(key) {
            self.touch(key);
            self.stats.hits += 1;
            self.map.get(key).map(|(img, _)| img.clone())
        } else {
            self.stats.misses += 1;
            None
        }
    }

    /// Whether `key` is cached (without counting a lookup).
    pub fn contains(&self, key: &PageKey) -> bool {
        self.map.contains_key(key)
    }

    /// Stores `image`, evicting the least recently used images to stay under the bound.
    /// An image larger than the whole bound is not stored.
    pub fn insert(&mut self, key: PageKey, image: CachedImage) {
        let size = image.bytes.len();
        if size > self.stats.bound_bytes {
            return;
        }
        self.remove(&key);
        while self.stats.bytes + size > self.stats.bound_bytes {
            let Some((_, oldest)) = self.order.pop_first() else {
                break;
            };
            if let Some((old, _)) = self.map.remove(&oldest) {
                self.stats.bytes -= old.bytes.len();
                self.stats.evictions += 1;
            }
        }
        self.tick += 1;
        self.order.insert(self.tick, key.clone());
        self.map.insert(key, (image, self.tick));
        self.stats.bytes += size;
        self.stats.peak_bytes = self.stats.peak_bytes.max(self.stats.bytes);
        self.stats.entries = self.map.len();
    }

    fn remove(&mut self, key: &PageKey) {
        if let Some((old, t)) = self.map.remove(key) {
            self.order.remove(&t);
            self.stats.bytes -= old.bytes.len();
        }
        self.stats.entries = self.map.len();
    }

    /// Drops every image of `document`.
    pub fn forget_document(&mut self, document: &str) {
        let keys: Vec<PageKey> = self
            .map
            .keys()
            .filter(|k| k.document == document)
            .cloned()
            .collect();
        for k in keys {
            self.remove(&k);
        }
    }

    /// The counters.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            entries: self.map.len(),
            ..self.stats
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(page: u32) -> PageKey {
        PageKey {
            document: "d".into(),
            page,
            width: 100,
            rotation: Rotation::None,
            format: ImageFormat::Png,
            purpose: Purpose::View,
        }
    }

    fn img(n: usize) -> CachedImage {
        CachedImage {
            bytes: vec![0u8; n].into(),
            width: 1,
            height: 1,
        }
    }

    #[test]
    fn never_holds_more_than_its_bound_and_records_the_peak() {
        let mut c = PageCache::new(1000);
        for p in 0..50 {
            c.insert(key(p), img(300));
            assert!(c.stats().bytes <= 1000);
        }
        let s = c.stats();
        assert_eq!(s.peak_bytes, 900);
        assert_eq!(s.entries, 3);
        assert_eq!(s.evictions, 47);
    }

    #[test]
    fn evicts_the_least_recently_used() {
        let mut c = PageCache::new(1000);
        c.insert(key(1), img(400));
        c.insert(key(2), img(400));
        assert!(c.get(&key(1)).is_some());
        c.insert(key(3), img(400));
        assert!(c.contains(&key(1)) && !c.contains(&key(2)) && c.contains(&key(3)));
    }

    #[test]
    fn oversized_images_are_not_cached_and_replacing_keeps_the_count_right() {
        let mut c = PageCache::new(100);
        c.insert(key(1), img(101));
        assert_eq!(c.stats().entries, 0);
        c.insert(key(1), img(50));
        c.insert(key(1), img(60));
        assert_eq!(c.stats().bytes, 60);
        c.forget_document("d");
        assert_eq!(c.stats().bytes, 0);
    }
}
