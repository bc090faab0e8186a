//! Record identifiers: ULIDs (a millisecond timestamp and 80 random bits).
//!
//! An id is printed (and keyed in the store) with its random part first, in
//! lowercase Crockford base32: `k3f9qz…`. Ids made in the same hour then
//! differ from their first characters, so four or five of them are enough to
//! tell records apart, as with git's short hashes. The value is still the
//! ULID, so ids remain time-ordered where that matters.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ulid::Ulid;

/// Length of an id in its printed form.
pub const ID_LEN: usize = 26;

/// Bits the ULID value is rotated by to put its 80 random bits first.
const RANDOM_FIRST: u32 = 48;

/// A globally unique, time-sortable record id (a ULID).
///
/// Binary encodings store the 128-bit ULID value; human-readable ones (JSON)
/// the 26-character printed form.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(Ulid);

impl Id {
    /// A new id whose time part is `at` (its random part comes from the OS).
    pub fn generate(at: DateTime<Utc>) -> Id {
        Id(Ulid::from_datetime(at.into()))
    }

    /// The id from its key bytes (see [`Id::to_bytes`]).
    pub const fn from_bytes(bytes: [u8; 16]) -> Id {
        Id(Ulid(u128::from_be_bytes(bytes).rotate_right(RANDOM_FIRST)))
    }

    /// The key bytes: the printed order (random part first), big-endian, so
    /// that byte order is the order of the printed ids.
    pub const fn to_bytes(self) -> [u8; 16] {
        self.printed_value().to_be_bytes()
    }

    const fn printed_value(self) -> u128 {
        self.0.0.rotate_left(RANDOM_FIRST)
    }

    pub const fn from_u128(v: u128) -> Id {
        Id(Ulid(v))
    }

    pub const fn to_u128(self) -> u128 {
        self.0.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; ID_LEN];
        let s = Ulid(self.printed_value()).array_to_str(&mut buf);
        s.make_ascii_lowercase();
        f.write_str(s)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({self})")
    }
}

/// Why a string is not an id or an id prefix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an id is empty")]
    Empty,
    #[error("'{0}' is not an id: ids use the letters 0-9 and a-z without i, l, o, u")]
    BadCharacter(String),
    #[error("'{0}' is longer than an id ({ID_LEN} characters)")]
    TooLong(String),
}

/// Normalises what a user typed as an id or id prefix: lowercase, and the
/// Crockford look-alikes `i`/`l` read as `1` and `o` as `0`.
pub fn normalize_prefix(input: &str) -> Result<String, IdError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(IdError::Empty);
    }
    if trimmed.chars().count() > ID_LEN {
        return Err(IdError::TooLong(trimmed.to_string()));
    }
    let mut out = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        let c = c.to_ascii_lowercase();
        let mapped = match c {
            'i' | 'l' => '1',
            'o' => '0',
            '0'..='9' | 'a'..='z' if c != 'u' => c,
            _ => return Err(IdError::BadCharacter(trimmed.to_string())),
        };
        out.push(mapped);
    }
    Ok(out)
}

/// The smallest and largest ids (in key order) whose printed form starts
/// with `prefix` (already normalised), or `None` when no id can start with it
/// (the first of 26 base32 characters holds only 3 bits: 0-7).
pub fn prefix_bounds(prefix: &str) -> Option<(Id, Id)> {
    // 26 base32 characters hold 130 bits: the first may only be 0-7.
    if !matches!(prefix.as_bytes().first(), Some(b'0'..=b'7')) {
        return None;
    }
    let pad = |c: char| {
        let mut s = prefix.to_string();
        while s.len() < ID_LEN {
            s.push(c);
        }
        s
    };
    let lo = Ulid::from_string(&pad('0')).ok()?;
    let hi = Ulid::from_string(&pad('z')).ok()?;
    Some((Id::from_bytes(lo.to_bytes()), Id::from_bytes(hi.to_bytes())))
}

impl FromStr for Id {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = normalize_prefix(s)?;
        if norm.len() != ID_LEN || !matches!(norm.as_bytes()[0], b'0'..=b'7') {
            return Err(IdError::BadCharacter(s.to_string()));
        }
        Ulid::from_string(&norm)
            .map(|printed| Id::from_bytes(printed.to_bytes()))
            .map_err(|_| IdError::BadCharacter(s.to_string()))
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_u128(self.to_u128())
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let s = String::deserialize(deserializer)?;
            s.parse().map_err(serde::de::Error::custom)
        } else {
            u128::deserialize(deserializer).map(Id::from_u128)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_lowercase_and_parses_back() {
        let id = Id::generate(Utc::now());
        let s = id.to_string();
        assert_eq!(s.len(), ID_LEN);
        assert_eq!(s, s.to_lowercase());
        assert_eq!(s.parse::<Id>().unwrap(), id);
        assert_eq!(s.to_uppercase().parse::<Id>().unwrap(), id);
    }

    #[test]
    fn prefixes_normalise_lookalikes_and_reject_garbage() {
        assert_eq!(normalize_prefix("01KaIo").unwrap(), "01ka10");
        assert!(matches!(
            normalize_prefix("01-x"),
            Err(IdError::BadCharacter(_))
        ));
        assert!(matches!(
            normalize_prefix("0u"),
            Err(IdError::BadCharacter(_))
        ));
        assert_eq!(normalize_prefix("  "), Err(IdError::Empty));
    }

    #[test]
    fn prefix_bounds_contain_every_id_with_that_prefix() {
        let id = Id::generate(Utc::now());
        let s = id.to_string();
        for len in 1..=ID_LEN {
            let (lo, hi) = prefix_bounds(&s[..len]).unwrap();
            assert!(
                lo.to_bytes() <= id.to_bytes() && id.to_bytes() <= hi.to_bytes(),
                "prefix of length {len}"
            );
            assert!(lo.to_string().starts_with(&s[..len]) && hi.to_string().starts_with(&s[..len]));
        }
        assert!(prefix_bounds("8").is_none());
    }

    #[test]
    fn ids_keep_their_time_order_and_print_random_part_first() {
        let t = DateTime::from_timestamp(1_000, 0).unwrap();
        let a = Id::generate(t);
        let b = Id::generate(DateTime::from_timestamp(2_000, 0).unwrap());
        assert!(a < b, "the value is a ULID, ordered by time");
        let c = Id::generate(t);
        assert_ne!(
            a.to_string()[..4],
            c.to_string()[..4],
            "same time, different start (1 in 262,144 flakes)"
        );
        assert_eq!(
            a.to_string()[17..],
            c.to_string()[17..],
            "the time part comes last"
        );
    }

    #[test]
    fn bytes_and_strings_sort_alike() {
        let mut ids: Vec<Id> = (0..50).map(|_| Id::generate(Utc::now())).collect();
        ids.sort_by_key(|id| id.to_bytes());
        let strings: Vec<String> = ids.iter().map(Id::to_string).collect();
        let mut sorted = strings.clone();
        sorted.sort();
        assert_eq!(strings, sorted);
        for id in ids {
            assert_eq!(Id::from_bytes(id.to_bytes()), id);
        }
    }
}
