//! The domain: records, their rules, and dates as people use them.
//!
//! No I/O here: "now" and the time zone are always passed in.

pub mod brief;
mod checkin;
mod consultation;
mod error;
mod goal;
mod id;
mod journal;
mod labels;
pub mod point;
mod profile;
mod record;
mod reflection;
pub mod time;
mod version;
pub use time::Week;

pub use checkin::{CheckIn, GoalCheck, GoalState, MentoringNote};
pub use consultation::{Audience, Consultation, Recurrence, Source, one_per_event};
pub use error::{ValidationError, item_index, limits, progress, scale};
pub use goal::{Goal, GoalStatus, Milestone, ProgressPoint};
pub use id::{ID_LEN, Id, IdError, normalize_prefix, prefix_bounds};
pub use journal::{AgreedAction, EventKind, JournalEntry, Owner, SAME_MEETING_HOURS, twins};
pub use labels::{Labelled, UnknownValue};
pub use point::TalkingPoint;
pub use profile::{LOST_NAME, Origin, Profile, Programme, Role};
pub use record::{AnyRecord, Kind, Record, RecordMeta, Tombstone, Visibility};
pub use reflection::{Reflection, normalize_tag};
pub use version::{Clock, Stamp, Version};

/// A moment on the test day, Tuesday 2026-11-24, at `hour` and `offset`
/// hours east of UTC.
#[cfg(test)]
pub(crate) fn test_time(hour: u32, offset: i32) -> chrono::DateTime<chrono::FixedOffset> {
    use chrono::TimeZone;
    chrono::FixedOffset::east_opt(offset * 3600)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 11, 24, hour, 0, 0).single())
        .expect("a valid test time")
}
