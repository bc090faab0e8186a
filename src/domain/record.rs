//! What every record carries, and the kinds of records.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Id;

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
}

impl RecordMeta {
    pub fn new(author: Id, now: DateTime<Utc>, visibility: Visibility) -> RecordMeta {
        RecordMeta {
            id: Id::generate(now),
            author,
            created: now,
            updated: now,
            visibility,
        }
    }

    /// Marks the record changed at `now` (never moving `updated` backwards).
    pub fn touch(&mut self, now: DateTime<Utc>) {
        if now > self.updated {
            self.updated = now;
        }
    }
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
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Goal,
        Kind::Journal,
        Kind::Reflection,
        Kind::Consultation,
        Kind::CheckIn,
    ];

    /// A stable one-byte code (stored in keys; never renumber).
    pub const fn code(self) -> u8 {
        match self {
            Kind::Goal => 1,
            Kind::Journal => 2,
            Kind::Reflection => 3,
            Kind::Consultation => 4,
            Kind::CheckIn => 5,
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
