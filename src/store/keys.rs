//! Key layout. Every kind of record lives in one tree per author profile,
//! keyed so that the keys sort the way screens read them: "the newest N",
//! "the upcoming N" and "the active goals" are range scans that read N
//! neighbouring records, whatever the size of the history. The `ids` tree
//! maps each id to its kind, author and key, for reads by id.
//!
//! | kind | record key (then the 16-byte id) | read as |
//! |---|---|---|
//! | goal | status rank, target day (none last) | active goals first, soonest target first |
//! | journal | meeting time (UTC seconds) | newest first = reverse scan |
//! | reflection | day, then created time | newest first = reverse scan |
//! | consultation | end time (UTC seconds) | upcoming = scan from now |
//! | check-in | ISO year, ISO week | this week = prefix, newest first = reverse scan |
//! | talking point | created time (UTC microseconds) | oldest first = scan |
//!
//! Schema 1 kept the records in a second tree per kind and author, keyed by
//! id, and this tree held only the keys; opening such a store moves them
//! (see `Store::upgrade_from_v1`).

use chrono::{DateTime, Datelike, NaiveDate, TimeZone};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::{
    AnyRecord, CheckIn, Consultation, Goal, Id, JournalEntry, Kind, Record, Reflection,
    TalkingPoint, Week,
};

/// An `i64` as 8 bytes that sort like the numbers.
pub fn i64_key(v: i64) -> [u8; 8] {
    ((v as u64) ^ (1 << 63)).to_be_bytes()
}

/// An `i32` as 4 bytes that sort like the numbers.
pub fn i32_key(v: i32) -> [u8; 4] {
    ((v as u32) ^ (1 << 31)).to_be_bytes()
}

/// A moment as UTC seconds.
pub fn time_key<Tz: TimeZone>(t: &DateTime<Tz>) -> [u8; 8] {
    i64_key(t.timestamp())
}

/// A day as its number since the common era.
pub fn day_key(d: NaiveDate) -> [u8; 4] {
    i32_key(d.num_days_from_ce())
}

/// The check-in index prefix of a week.
pub fn week_key(w: Week) -> Vec<u8> {
    let mut k = i32_key(w.year).to_vec();
    k.push(u8::try_from(w.week).unwrap_or(u8::MAX));
    k
}

/// The name of the tree holding `kind` records of `author`, by record key.
pub fn records_tree(kind: Kind, author: Id) -> String {
    format!("{}/{author}/by", tree_word(kind))
}

/// The name of the tree of `author`'s meetings that have open actions: their
/// record keys, with empty values (the brief and the actions overlay read
/// these instead of every meeting).
pub fn open_actions_tree(author: Id) -> String {
    format!("{}/{author}/open", tree_word(Kind::Journal))
}

/// The name schema 1 gave the tree of `kind` records of `author` by id.
pub fn v1_records_tree(kind: Kind, author: Id) -> String {
    format!("{}/{author}", tree_word(kind))
}

/// The kind and author of a schema 1 tree of records by id, from its name.
pub fn parse_v1_records_tree(name: &str) -> Option<(Kind, Id)> {
    let (word, author) = name.split_once('/')?;
    Some((kind_of_word(word)?, author.parse().ok()?))
}

/// The kind and author of a tree of records (see [`records_tree`]), from its name.
pub fn parse_records_tree(name: &str) -> Option<(Kind, Id)> {
    let (word, rest) = name.split_once('/')?;
    let author = rest.strip_suffix("/by")?;
    Some((kind_of_word(word)?, author.parse().ok()?))
}

fn kind_of_word(word: &str) -> Option<Kind> {
    [
        Kind::Goal,
        Kind::Journal,
        Kind::Reflection,
        Kind::Consultation,
        Kind::CheckIn,
        Kind::Point,
    ]
    .into_iter()
    .find(|k| tree_word(*k) == word)
}

fn tree_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Goal => "goal",
        Kind::Journal => "journal",
        Kind::Reflection => "reflection",
        Kind::Consultation => "consultation",
        Kind::CheckIn => "checkin",
        Kind::Point => "point",
    }
}

/// Record key: order key then id, [escaped](escape).
pub fn record_key(order: &[u8], id: Id) -> Vec<u8> {
    let mut k = Vec::with_capacity(order.len() + 16);
    k.extend_from_slice(order);
    k.extend_from_slice(&id.to_bytes());
    escape(&k)
}

/// The id at the end of a record key.
pub fn id_of_record_key(key: &[u8]) -> Option<Id> {
    let key = unescape(key)?;
    let tail = key.len().checked_sub(16).map(|at| &key[at..])?;
    Some(Id::from_bytes(tail.try_into().ok()?))
}

/// Writes every `ff` byte as `ff 00`, so that a stored key never holds two
/// `ff` in a row. sled 0.34's reverse scans step back from a page by asking
/// for its first key with the last byte lowered and `ff ff ff ff` appended;
/// a key beyond that (times in the second half of 1969 begin
/// `7f ff ff ff ff`) sends it round in a loop until it panics. Keys keep
/// their order: `ff 00` sorts after every other byte, as `ff` did, and no
/// code is the start of another.
pub fn escape(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 2);
    for &b in bytes {
        out.push(b);
        if b == 0xff {
            out.push(0);
        }
    }
    out
}

/// The bytes [`escape`] was given, or `None` for bytes it cannot have made.
pub fn unescape(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut it = bytes.iter();
    while let Some(&b) = it.next() {
        out.push(b);
        if b == 0xff && it.next() != Some(&0) {
            return None;
        }
    }
    Some(out)
}

/// A record kind the store keeps: where it sorts, and how it converts to and
/// from [`AnyRecord`].
pub trait Stored: Record + Serialize + DeserializeOwned + Clone {
    /// The record key without the id.
    fn order_key(&self) -> Vec<u8>;
    fn into_any(self) -> AnyRecord;
    fn from_any(any: AnyRecord) -> Option<Self>;
    /// Reads the record's bytes, in this build's format or format 1.
    fn decode(bytes: &[u8]) -> Result<Self, super::codec::CodecError>;
}

impl Stored for Goal {
    fn order_key(&self) -> Vec<u8> {
        let mut k = vec![self.status.rank()];
        match self.target {
            Some(t) => k.extend_from_slice(&day_key(t)),
            None => k.extend_from_slice(&[0xff; 4]),
        }
        k
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Goal(self)
    }
    fn from_any(any: AnyRecord) -> Option<Self> {
        match any {
            AnyRecord::Goal(r) => Some(r),
            _ => None,
        }
    }
    fn decode(bytes: &[u8]) -> Result<Self, super::codec::CodecError> {
        super::codec::decode_record(
            bytes,
            |old: super::legacy::GoalV1| old.into(),
            |old: super::legacy::GoalV2| old.into(),
        )
    }
}

impl Stored for JournalEntry {
    fn order_key(&self) -> Vec<u8> {
        time_key(&self.at).to_vec()
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Journal(self)
    }
    fn from_any(any: AnyRecord) -> Option<Self> {
        match any {
            AnyRecord::Journal(r) => Some(r),
            _ => None,
        }
    }
    fn decode(bytes: &[u8]) -> Result<Self, super::codec::CodecError> {
        super::codec::decode_record(
            bytes,
            |old: super::legacy::JournalV1| old.into(),
            |old: super::legacy::JournalV2| old.into(),
        )
    }
}

impl Stored for Reflection {
    fn order_key(&self) -> Vec<u8> {
        let mut k = day_key(self.date).to_vec();
        k.extend_from_slice(&i64_key(self.meta.created.timestamp_micros()));
        k
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Reflection(self)
    }
    fn from_any(any: AnyRecord) -> Option<Self> {
        match any {
            AnyRecord::Reflection(r) => Some(r),
            _ => None,
        }
    }
    fn decode(bytes: &[u8]) -> Result<Self, super::codec::CodecError> {
        super::codec::decode_record(
            bytes,
            |old: super::legacy::ReflectionV1| old.into(),
            |old: super::legacy::ReflectionV2| old.into(),
        )
    }
}

impl Stored for Consultation {
    fn order_key(&self) -> Vec<u8> {
        time_key(&self.ends_at()).to_vec()
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Consultation(self)
    }
    fn from_any(any: AnyRecord) -> Option<Self> {
        match any {
            AnyRecord::Consultation(r) => Some(r),
            _ => None,
        }
    }
    fn decode(bytes: &[u8]) -> Result<Self, super::codec::CodecError> {
        super::codec::decode_record(
            bytes,
            |old: super::legacy::ConsultationV1| old.into(),
            |old: super::legacy::ConsultationV2| old.into(),
        )
    }
}

impl Stored for CheckIn {
    fn order_key(&self) -> Vec<u8> {
        week_key(self.week)
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::CheckIn(self)
    }
    fn from_any(any: AnyRecord) -> Option<Self> {
        match any {
            AnyRecord::CheckIn(r) => Some(r),
            _ => None,
        }
    }
    fn decode(bytes: &[u8]) -> Result<Self, super::codec::CodecError> {
        super::codec::decode_record(
            bytes,
            |old: super::legacy::CheckInV1| old.into(),
            |old: super::legacy::CheckInV2| old.into(),
        )
    }
}

impl Stored for TalkingPoint {
    fn order_key(&self) -> Vec<u8> {
        i64_key(self.meta.created.timestamp_micros()).to_vec()
    }
    fn into_any(self) -> AnyRecord {
        AnyRecord::Point(self)
    }
    fn from_any(any: AnyRecord) -> Option<Self> {
        match any {
            AnyRecord::Point(r) => Some(r),
            _ => None,
        }
    }
    fn decode(bytes: &[u8]) -> Result<Self, super::codec::CodecError> {
        // Talking points came with format 3: there is no older layout.
        super::codec::decode_current(bytes)
    }
}

/// What the store does with a record of any kind: where it sorts, and its bytes.
pub(crate) trait StoredAny {
    fn order_key(&self) -> Vec<u8>;
    fn encode(&self) -> Result<Vec<u8>, super::codec::CodecError>;
}

impl StoredAny for AnyRecord {
    fn order_key(&self) -> Vec<u8> {
        match self {
            AnyRecord::Goal(r) => r.order_key(),
            AnyRecord::Journal(r) => r.order_key(),
            AnyRecord::Reflection(r) => r.order_key(),
            AnyRecord::Consultation(r) => r.order_key(),
            AnyRecord::CheckIn(r) => r.order_key(),
            AnyRecord::Point(r) => r.order_key(),
        }
    }

    fn encode(&self) -> Result<Vec<u8>, super::codec::CodecError> {
        match self {
            AnyRecord::Goal(r) => super::codec::encode(r),
            AnyRecord::Journal(r) => super::codec::encode(r),
            AnyRecord::Reflection(r) => super::codec::encode(r),
            AnyRecord::Consultation(r) => super::codec::encode(r),
            AnyRecord::CheckIn(r) => super::codec::encode(r),
            AnyRecord::Point(r) => super::codec::encode(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_sort_like_numbers() {
        let nums = [i64::MIN, -5, -1, 0, 1, 7, i64::MAX];
        for w in nums.windows(2) {
            assert!(i64_key(w[0]) < i64_key(w[1]));
        }
        let nums = [i32::MIN, -1, 0, 1, i32::MAX];
        for w in nums.windows(2) {
            assert!(i32_key(w[0]) < i32_key(w[1]));
        }
    }

    proptest::proptest! {
        /// Escaped keys sort as the keys did, come back unchanged, and never
        /// hold `ff ff`.
        #[test]
        fn escaping_keeps_order_and_never_doubles_ff(
            a in proptest::collection::vec(proptest::prop_oneof![proptest::num::u8::ANY, proptest::strategy::Just(0xffu8)], 0..12),
            b in proptest::collection::vec(proptest::prop_oneof![proptest::num::u8::ANY, proptest::strategy::Just(0xffu8)], 0..12),
        ) {
            let (ea, eb) = (escape(&a), escape(&b));
            proptest::prop_assert_eq!(a.cmp(&b), ea.cmp(&eb));
            proptest::prop_assert_eq!(unescape(&ea), Some(a.clone()));
            proptest::prop_assert!(!ea.windows(2).any(|w| w == [0xff, 0xff]));
        }
    }

    #[test]
    fn record_keys_end_in_the_id() {
        let id = Id::generate(chrono::Utc::now());
        let k = record_key(&[1, 2, 3], id);
        assert_eq!(id_of_record_key(&k), Some(id));
        assert_eq!(id_of_record_key(&[1, 2]), None);
    }

    #[test]
    fn schema_1_tree_names_are_recognised_and_nothing_else() {
        let author = Id::generate(chrono::Utc::now());
        for kind in [Kind::Goal, Kind::Journal, Kind::CheckIn] {
            let name = v1_records_tree(kind, author);
            assert_eq!(parse_v1_records_tree(&name), Some((kind, author)));
            assert_eq!(parse_v1_records_tree(&records_tree(kind, author)), None);
        }
        for other in ["ids", "meta", "profiles", "quarantine", "goal/x", "note/"] {
            assert_eq!(parse_v1_records_tree(other), None, "{other}");
            assert_eq!(parse_records_tree(other), None, "{other}");
        }
        assert_eq!(
            parse_records_tree(&records_tree(Kind::Journal, author)),
            Some((Kind::Journal, author))
        );
        assert_eq!(parse_records_tree(&open_actions_tree(author)), None);
    }

    #[test]
    fn weeks_sort_across_years() {
        let a = week_key(Week {
            year: 2026,
            week: 53,
        });
        let b = week_key(Week {
            year: 2027,
            week: 1,
        });
        assert!(a < b);
    }
}
