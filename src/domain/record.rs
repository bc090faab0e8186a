//! What every record carries, and the kinds of records.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Id, Version};

/// Who may see a record besides its author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Visibility {
    /// Never leaves the author's store.
    Private,
    /// Goes into share bundles for the partner.
    Shared,
}

impl Visibility {
    pub fn label(self) -> &'static str {
        match self {
            Visibility::Private => "private",
            Visibility::Shared => "shared",
        }
    }
}

/// The fields every record has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordMeta {
    pub id: Id,
    /// The profile that wrote the record.
    pub author: Id,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub visibility: Visibility,
    /// Where the record's last change stands in the pair's causal order:
    /// the store hands out a fresh one for every change its own person
    /// makes, and an import keeps the partner's (see `Version`). A file
    /// from before versions (or without one) counts from `updated`.
    #[serde(default)]
    pub version: Version,
    /// The pair a record concerns, on the store of a mentor with several
    /// mentees: the mentee's profile id. None: the user's one pair (a
    /// mentee's records), or every pair (the programme's events).
    #[serde(default)]
    pub pair: Option<Id>,
}

impl RecordMeta {
    pub fn new(author: Id, now: DateTime<Utc>, visibility: Visibility) -> RecordMeta {
        RecordMeta {
            id: Id::generate(now),
            author,
            created: now,
            updated: now,
            visibility,
            version: Version::at_time(now),
            pair: None,
        }
    }

    /// Whether the record belongs to the pair of `me` and `mentee` (every
    /// record does when no pair is chosen): the mentee's own records, and
    /// the user's that concern that pair or every pair.
    pub fn in_pair(&self, me: Id, mentee: Option<Id>) -> bool {
        match mentee {
            None => true,
            Some(m) if self.author == me => self.pair.is_none_or(|p| p == m),
            Some(m) => self.author == m,
        }
    }

    /// The ids a record carries are ids tandem could have made: a ULID
    /// whose time part is a real moment before the year 10000, never the
    /// nil id, and not its author's own id. (Which ids a file uses is its
    /// writer's choice: the store copes with any, see `store::ids`.)
    pub fn validate(&self) -> Result<(), super::ValidationError> {
        use super::ValidationError::BadId;
        // 9999-12-31T23:59:59.999Z in milliseconds.
        const LAST_MS: u128 = 253_402_300_799_999;
        if self.id.to_u128() == 0 || self.author.to_u128() == 0 {
            return Err(BadId("the nil id is not a record's"));
        }
        if self.id.to_u128() >> 80 > LAST_MS {
            return Err(BadId("its time part is after the year 9999"));
        }
        if self.id == self.author {
            return Err(BadId("it is its author's own id"));
        }
        Ok(())
    }

    /// Gives a record read from a file without versions the version its
    /// last change would have had: its `updated` time.
    pub fn fill_version(&mut self) {
        if self.version == Version::default() {
            self.version = Version::at_time(self.updated);
        }
    }

    /// Marks the record changed at `now` (never moving `updated` backwards).
    pub fn touch(&mut self, now: DateTime<Utc>) {
        if now > self.updated {
            self.updated = now;
        }
    }
}

/// What is left of a shared record its author deleted or made private
/// again: its id and the version of that change, never its content. It
/// removes the partner's copy, and is kept so that an older bundle cannot
/// bring the record back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    pub id: Id,
    pub author: Id,
    pub version: Version,
    /// The pair the record concerned (see [`RecordMeta::pair`]): its
    /// tombstone goes to that pair only.
    #[serde(default)]
    pub pair: Option<Id>,
}

/// The kinds of records a store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Goal,
    Journal,
    Reflection,
    Consultation,
    CheckIn,
    Point,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Goal,
        Kind::Journal,
        Kind::Reflection,
        Kind::Consultation,
        Kind::CheckIn,
        Kind::Point,
    ];

    /// A stable one-byte code (stored in keys; never renumber).
    pub const fn code(self) -> u8 {
        match self {
            Kind::Goal => 1,
            Kind::Journal => 2,
            Kind::Reflection => 3,
            Kind::Consultation => 4,
            Kind::CheckIn => 5,
            Kind::Point => 6,
        }
    }

    pub fn from_code(code: u8) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The word for one record of this kind, as users read it.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Goal => "goal",
            Kind::Journal => "journal entry",
            Kind::Reflection => "reflection",
            Kind::Consultation => "consultation",
            Kind::CheckIn => "check-in",
            Kind::Point => "talking point",
        }
    }
}

/// Access to the common fields of any record.
pub trait Record {
    const KIND: Kind;
    fn meta(&self) -> &RecordMeta;
    fn meta_mut(&mut self) -> &mut RecordMeta;
    /// Checks every rule of this kind of record.
    fn validate(&self) -> Result<(), super::ValidationError>;
}

/// The [`Record`] accessors of a record type whose fields include `meta`.
macro_rules! record_meta {
    () => {
        fn meta(&self) -> &RecordMeta {
            &self.meta
        }

        fn meta_mut(&mut self) -> &mut RecordMeta {
            &mut self.meta
        }
    };
}
pub(crate) use record_meta;

/// Any record, for what spans kinds: a check-in and the goals it moves, an
/// import, a form, a share bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnyRecord {
    Goal(super::Goal),
    Journal(super::JournalEntry),
    Reflection(super::Reflection),
    Consultation(super::Consultation),
    CheckIn(super::CheckIn),
    Point(super::TalkingPoint),
}

macro_rules! each_record {
    ($any:expr, $r:ident => $body:expr) => {
        match $any {
            AnyRecord::Goal($r) => $body,
            AnyRecord::Journal($r) => $body,
            AnyRecord::Reflection($r) => $body,
            AnyRecord::Consultation($r) => $body,
            AnyRecord::CheckIn($r) => $body,
            AnyRecord::Point($r) => $body,
        }
    };
}

impl AnyRecord {
    pub fn kind(&self) -> Kind {
        each_record!(self, r => record_kind(r))
    }

    pub fn meta(&self) -> &RecordMeta {
        each_record!(self, r => r.meta())
    }

    pub fn meta_mut(&mut self) -> &mut RecordMeta {
        each_record!(self, r => r.meta_mut())
    }

    /// Checks the rules of its kind, and the ids it carries.
    pub fn validate(&self) -> Result<(), super::ValidationError> {
        self.meta().validate()?;
        each_record!(self, r => r.validate())
    }
}

impl AnyRecord {
    /// Marks a record the user writes for the first time as concerning the
    /// pair of `mentee`: everything but a check-in (a mentor's names each
    /// mentee inside) and an event imported from a calendar (the
    /// programme's, for every pair).
    pub fn assign_pair(&mut self, mentee: Option<Id>) {
        let every_pair = match self {
            AnyRecord::CheckIn(_) => true,
            AnyRecord::Consultation(c) => !matches!(c.source, super::Source::Typed),
            _ => false,
        };
        if !every_pair {
            self.meta_mut().pair = mentee;
        }
    }

    /// The record both sides of a pair agree on, from the copy here
    /// (`local`) and one from a bundle (`incoming`), both with the same id
    /// and author. What only the author writes comes from the copy with the
    /// later version; each agreed action's tick from the later stamp, on
    /// either copy; private notes only ever from the copy here. The result
    /// depends only on the two copies, not on which came first, so every
    /// order of bundles ends in the same record.
    pub fn merge(local: &AnyRecord, incoming: &AnyRecord) -> AnyRecord {
        match (local, incoming) {
            (AnyRecord::Journal(l), AnyRecord::Journal(i)) => {
                AnyRecord::Journal(super::JournalEntry::merge(l, i))
            }
            (AnyRecord::Point(l), AnyRecord::Point(i)) => {
                AnyRecord::Point(super::TalkingPoint::merge(l, i))
            }
            _ if incoming.meta().version > local.meta().version => incoming.clone(),
            _ => local.clone(),
        }
    }
}

fn record_kind<R: Record>(_: &R) -> Kind {
    R::KIND
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ValidationError;

    #[test]
    fn a_record_carries_an_id_tandem_could_have_made() {
        let now = Utc::now();
        let author = Id::generate(now);
        let mut meta = RecordMeta::new(author, now, Visibility::Private);
        assert_eq!(meta.validate(), Ok(()));
        for (id, author) in [
            (Id::from_u128(0), author),
            (meta.id, Id::from_u128(0)),
            (author, author),
            (Id::from_u128(u128::MAX), author),
        ] {
            meta.id = id;
            meta.author = author;
            assert!(
                matches!(meta.validate(), Err(ValidationError::BadId(_))),
                "{id} by {author}"
            );
        }
    }
}
