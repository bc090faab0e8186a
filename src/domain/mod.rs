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
mod profile;
mod record;
mod reflection;
pub mod time;
pub use time::Week;

pub use checkin::{CheckIn, GoalCheck, GoalState};
pub use consultation::{Audience, Consultation, Source};
pub use error::{ValidationError, item_index, limits, progress, scale};
pub use goal::{Goal, GoalStatus, Milestone, ProgressPoint};
pub use id::{ID_LEN, Id, IdError, normalize_prefix, prefix_bounds};
pub use journal::{AgreedAction, EventKind, JournalEntry, Owner};
pub use labels::{Labelled, UnknownValue};
pub use profile::{LOST_NAME, Origin, Profile, Programme, Role};
pub use record::{AnyRecord, Kind, Record, RecordMeta, Visibility};
pub use reflection::{Reflection, normalize_tag};
