//! The `id-ranges` tree: where each record lives (its kind, author and
//! record key), by id, for reads by id and git-like short ids.
//!
//! Ids are kept in buckets, one sled entry per bucket, sorted by id inside:
//! sled reads its whole page table when it opens a database, and its pages
//! hold sixteen entries at most, so one entry per id would make opening a
//! store of 100,000 records half again as slow.
//!
//! A bucket holds the ids of one range of the id space, and is keyed by the
//! last id of its range ([escaped](super::keys::escape), like every key): the
//! bucket of an id is the first whose key is not below it, a forward lookup.
//! A bucket that grows past [`MAX_BUCKET`] ids is split in two, so a bucket
//! stays small however the ids are chosen: ids come from files written by
//! other people too, and a file whose ids all begin alike must not make one
//! bucket grow without bound (every write rewrites its bucket). The last
//! bucket is keyed by [`END`], the largest id; an empty bucket is removed,
//! its range joining the next one's.
//!
//! A bucket's value is a sequence of entries: the 16 key bytes of an id, one
//! length byte, then its [`Location`] in that many bytes.

use crate::domain::{Id, Kind};

use super::keys;

/// The tree holding the buckets.
pub const TREE: &str = "id-ranges";

/// A bucket holding more ids than this is split.
pub const MAX_BUCKET: usize = 64;

/// The key bytes of the largest id: the last bucket's key.
pub const END: [u8; 16] = [0xff; 16];

/// Where a record lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub kind: Kind,
    pub author: Id,
    /// The record key without the id (see [`super::keys`]).
    pub order: Vec<u8>,
}

impl Location {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(17 + self.order.len());
        v.push(self.kind.code());
        v.extend_from_slice(&self.author.to_bytes());
        v.extend_from_slice(&self.order);
        v
    }

    pub fn parse(bytes: &[u8]) -> Option<Location> {
        let (&code, rest) = bytes.split_first()?;
        let author: [u8; 16] = rest.get(..16)?.try_into().ok()?;
        Some(Location {
            kind: Kind::from_code(code)?,
            author: Id::from_bytes(author),
            order: rest[16..].to_vec(),
        })
    }
}

/// The key of the bucket whose range ends at `last` (included).
pub fn range_key(last: [u8; 16]) -> Vec<u8> {
    keys::escape(&last)
}

/// The key to look an id's bucket up from: its bucket is the first at or
/// after it.
pub fn lookup_key(id: Id) -> Vec<u8> {
    range_key(id.to_bytes())
}

/// The last id of a bucket's range, from its key.
pub fn parse_range_key(key: &[u8]) -> Option<[u8; 16]> {
    keys::unescape(key)?.try_into().ok()
}

/// The ids of one bucket with their locations, sorted by key bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bucket {
    entries: Vec<([u8; 16], Location)>,
}

impl Bucket {
    /// Reads a bucket; `None` when its bytes are damaged.
    pub fn parse(mut bytes: &[u8]) -> Option<Bucket> {
        let mut entries: Vec<([u8; 16], Location)> = Vec::new();
        while !bytes.is_empty() {
            let id: [u8; 16] = bytes.get(..16)?.try_into().ok()?;
            let len = usize::from(*bytes.get(16)?);
            let location = Location::parse(bytes.get(17..17 + len)?)?;
            if entries.last().is_some_and(|(last, _)| *last >= id) {
                return None;
            }
            entries.push((id, location));
            bytes = &bytes[17 + len..];
        }
        Some(Bucket { entries })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 48);
        for (id, location) in &self.entries {
            let loc = location.to_bytes();
            out.extend_from_slice(id);
            // Kind, author and a record key of at most 13 bytes: under 256.
            out.push(u8::try_from(loc.len()).unwrap_or(u8::MAX));
            out.extend_from_slice(&loc);
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn get(&self, id: Id) -> Option<&Location> {
        let key = id.to_bytes();
        self.entries
            .binary_search_by(|(k, _)| k.cmp(&key))
            .ok()
            .map(|i| &self.entries[i].1)
    }

    /// Sets where `id` lives.
    pub fn insert(&mut self, id: Id, location: Location) {
        let key = id.to_bytes();
        match self.entries.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => self.entries[i].1 = location,
            Err(i) => self.entries.insert(i, (key, location)),
        }
    }

    /// Forgets `id`; returns whether it was there.
    pub fn remove(&mut self, id: Id) -> bool {
        let key = id.to_bytes();
        match self.entries.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => {
                self.entries.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    /// The ids with their locations, in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (Id, &Location)> {
        self.entries.iter().map(|(k, l)| (Id::from_bytes(*k), l))
    }

    /// The bucket of the range ending at `last`, as the buckets to store:
    /// itself when it is small enough, or else pieces of at most
    /// three quarters of [`MAX_BUCKET`] ids, each keyed by the last id of
    /// its range (the last piece keeps `last`, so the ranges still cover
    /// what the bucket covered). An empty bucket gives nothing.
    pub fn into_ranges(self, last: [u8; 16]) -> Vec<([u8; 16], Bucket)> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        if self.entries.len() <= MAX_BUCKET {
            return vec![(last, self)];
        }
        let pieces = self.entries.len().div_ceil(MAX_BUCKET * 3 / 4);
        let per = self.entries.len().div_ceil(pieces);
        let mut out: Vec<([u8; 16], Bucket)> = self
            .entries
            .chunks(per)
            .map(|chunk| {
                let end = chunk.last().map_or(last, |(id, _)| *id);
                (
                    end,
                    Bucket {
                        entries: chunk.to_vec(),
                    },
                )
            })
            .collect();
        if let Some(piece) = out.last_mut() {
            piece.0 = last;
        }
        out
    }
}

/// Schema 2 kept the ids in 4,096 buckets chosen by their first twelve key
/// bits, under 2-byte keys, in this tree (read only to upgrade such a store).
pub mod legacy {
    use crate::domain::Id;

    pub const TREE: &str = "id-buckets";

    /// Ids shared a bucket when their key bytes agreed on this many leading bits.
    const BUCKET_BITS: u32 = 12;

    /// The schema 2 bucket key of an id.
    pub fn bucket_key(id: Id) -> [u8; 2] {
        let b = id.to_bytes();
        (u16::from_be_bytes([b[0], b[1]]) >> (16 - BUCKET_BITS)).to_be_bytes()
    }

    /// The last id of the range a schema 2 bucket key stood for.
    pub fn range_end(key: &[u8]) -> Option<[u8; 16]> {
        let prefix = u16::from_be_bytes(key.try_into().ok()?);
        if prefix >> BUCKET_BITS != 0 {
            return None;
        }
        let mut end = [0xff; 16];
        let first = (prefix << (16 - BUCKET_BITS)) | ((1 << (16 - BUCKET_BITS)) - 1);
        end[..2].copy_from_slice(&first.to_be_bytes());
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id(n: u128) -> Id {
        Id::from_bytes(n.to_be_bytes())
    }

    fn at(order: &[u8]) -> Location {
        Location {
            kind: Kind::Journal,
            author: id(7),
            order: order.to_vec(),
        }
    }

    #[test]
    fn schema_2_buckets_map_to_the_ranges_they_stood_for() {
        assert_eq!(legacy::bucket_key(id(0)), [0, 0]);
        assert_eq!(legacy::bucket_key(id(u128::MAX >> 12)), [0, 0]);
        assert_eq!(legacy::bucket_key(id(1 << 116)), [0, 1]);
        assert_eq!(legacy::bucket_key(id(u128::MAX)), [0x0f, 0xff]);
        for n in [
            0u128,
            1,
            u128::MAX >> 12,
            1 << 116,
            (5 << 116) + 77,
            u128::MAX,
        ] {
            let key = legacy::bucket_key(id(n));
            let end = legacy::range_end(&key).unwrap();
            assert!(id(n).to_bytes() <= end);
            assert_eq!(legacy::bucket_key(Id::from_bytes(end)), key);
        }
        assert_eq!(legacy::range_end(&[0x10, 0]), None);
        assert_eq!(legacy::range_end(&[1]), None);
    }

    #[test]
    fn damaged_buckets_are_refused() {
        let mut b = Bucket::default();
        b.insert(id(1), at(&[1, 2]));
        b.insert(id(2), at(&[3]));
        let bytes = b.to_bytes();
        assert_eq!(Bucket::parse(&bytes), Some(b.clone()));
        assert_eq!(Bucket::parse(&bytes[..bytes.len() - 1]), None);
        assert_eq!(Bucket::parse(&bytes[..10]), None);
        // Out of order (as a swapped pair would be).
        let half = bytes.len() / 2;
        let swapped = [&bytes[half..], &bytes[..half]].concat();
        assert_eq!(Bucket::parse(&swapped), None);
        // An unknown kind.
        let mut bad = bytes.clone();
        bad[17] = 0xee;
        assert_eq!(Bucket::parse(&bad), None);
        assert_eq!(Bucket::parse(&[]), Some(Bucket::default()));
    }

    #[test]
    fn range_keys_sort_like_ids_and_come_back() {
        let ids = [0u128, 1, 0xff, 0xffff, u128::MAX - 1, u128::MAX];
        for w in ids.windows(2) {
            assert!(lookup_key(id(w[0])) < lookup_key(id(w[1])));
        }
        for n in ids {
            assert_eq!(parse_range_key(&lookup_key(id(n))), Some(id(n).to_bytes()));
        }
        assert_eq!(range_key(END), lookup_key(id(u128::MAX)));
        assert_eq!(parse_range_key(&[0xff, 0xff]), None);
    }

    proptest! {
        /// A bucket behaves like a sorted map, also after a round trip
        /// through its bytes.
        #[test]
        fn a_bucket_is_a_sorted_map(ops in prop::collection::vec((any::<bool>(), 0u128..40, prop::collection::vec(any::<u8>(), 0..13)), 0..80)) {
            let mut bucket = Bucket::default();
            let mut model = std::collections::BTreeMap::new();
            for (put, n, order) in ops {
                if put {
                    bucket.insert(id(n), at(&order));
                    model.insert(id(n).to_bytes(), at(&order));
                } else {
                    prop_assert_eq!(bucket.remove(id(n)), model.remove(&id(n).to_bytes()).is_some());
                }
                bucket = Bucket::parse(&bucket.to_bytes()).unwrap();
            }
            let got: Vec<_> = bucket.iter().map(|(i, l)| (i.to_bytes(), l.clone())).collect();
            let want: Vec<_> = model.into_iter().collect();
            prop_assert_eq!(got, want);
        }

        /// Splitting keeps every id, in ranges that follow each other, each
        /// small enough, the last ending where the bucket did.
        #[test]
        fn splitting_keeps_every_id_in_its_range(ns in prop::collection::btree_set(any::<u128>(), 0..400)) {
            let mut bucket = Bucket::default();
            for &n in &ns {
                bucket.insert(id(n), at(&[1]));
            }
            let pieces = bucket.clone().into_ranges(END);
            let mut all = Vec::new();
            let mut after: Option<[u8; 16]> = None;
            for (last, piece) in &pieces {
                prop_assert!(!piece.is_empty() && piece.len() <= MAX_BUCKET);
                for (i, _) in piece.iter() {
                    prop_assert!(i.to_bytes() <= *last);
                    prop_assert!(after.is_none_or(|a| i.to_bytes() > a));
                    all.push(i);
                }
                after = Some(*last);
            }
            prop_assert_eq!(pieces.last().map(|p| p.0), (!ns.is_empty()).then_some(END));
            let want: Vec<Id> = bucket.iter().map(|(i, _)| i).collect();
            prop_assert_eq!(all, want);
        }
    }
}
