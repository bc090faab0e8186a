//! The `id-buckets` tree: where each record lives (its kind, author and
//! record key), by id, for reads by id and git-like short ids.
//!
//! Ids are kept in buckets of those that share their first [`BUCKET_BITS`]
//! key bits, one sled entry per bucket, sorted by id inside: sled reads its
//! whole page table when it opens a database, and its pages hold sixteen
//! entries at most, so one entry per id would make opening a store of
//! 100,000 records half again as slow. A bucket holds about
//! `records / 4096` ids (25 at 100,000 records, about 1 KiB).
//!
//! A bucket's value is a sequence of entries: the 16 key bytes of an id, one
//! length byte, then its [`Location`] in that many bytes.

use crate::domain::{Id, Kind};

/// Ids share a bucket when their key bytes agree on this many leading bits.
pub const BUCKET_BITS: u32 = 12;

/// The tree holding the buckets.
pub const TREE: &str = "id-buckets";

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

/// The bucket key of an id.
pub fn bucket_key(id: Id) -> [u8; 2] {
    let b = id.to_bytes();
    (u16::from_be_bytes([b[0], b[1]]) >> (16 - BUCKET_BITS)).to_be_bytes()
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
    fn ids_sharing_their_first_twelve_bits_share_a_bucket() {
        assert_eq!(bucket_key(id(0)), [0, 0]);
        assert_eq!(bucket_key(id(u128::MAX >> 12)), [0, 0]);
        assert_eq!(bucket_key(id(1 << 116)), [0, 1]);
        assert_eq!(bucket_key(id(u128::MAX)), [0x0f, 0xff]);
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
    }
}
