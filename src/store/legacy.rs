//! The layouts of records in older formats, read by this build and brought
//! to today's.
//!
//! - Format 1 (schemas 1 to 3, share bundles of format 1): a record's
//!   version is the time of its last change, a ticked action's stamp is
//!   that of the meeting's author at that time, and a meeting has no
//!   private notes.
//! - Format 2 (schema 4, share bundles of format 2): a record concerns no
//!   pair in particular (a mentor's records are given their one mentee's
//!   pair when the store is upgraded, see `Store::upgrade`), a milestone's
//!   tick has no day, and a check-in has no lines about mentees.
//!
//! Never change these types: they are what old stores and bundles hold.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Deserialize;

use crate::domain::{
    AgreedAction, AnyRecord, Audience, CheckIn, Consultation, EventKind, Goal, GoalCheck,
    GoalStatus, Id, JournalEntry, Milestone, Owner, ProgressPoint, RecordMeta, Reflection, Source,
    Stamp, Tombstone, Version, Visibility, Week,
};

/// A milestone in formats 1 and 2: ticked, without a day.
#[derive(Deserialize)]
pub struct MilestoneV1 {
    text: String,
    done: bool,
}

impl From<MilestoneV1> for Milestone {
    fn from(m: MilestoneV1) -> Milestone {
        Milestone {
            text: m.text,
            done: m.done,
            done_on: None,
        }
    }
}

#[derive(Deserialize)]
pub struct MetaV1 {
    id: Id,
    author: Id,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    visibility: Visibility,
}

impl From<MetaV1> for RecordMeta {
    fn from(m: MetaV1) -> RecordMeta {
        RecordMeta {
            id: m.id,
            author: m.author,
            created: m.created,
            updated: m.updated,
            visibility: m.visibility,
            version: Version::at_time(m.updated),
            pair: None,
        }
    }
}

#[derive(Deserialize)]
pub struct GoalV1 {
    meta: MetaV1,
    title: String,
    why: String,
    criteria: String,
    target: Option<NaiveDate>,
    status: GoalStatus,
    progress: u8,
    milestones: Vec<MilestoneV1>,
    history: Vec<ProgressPoint>,
}

impl From<GoalV1> for Goal {
    fn from(g: GoalV1) -> Goal {
        Goal {
            meta: g.meta.into(),
            title: g.title,
            why: g.why,
            criteria: g.criteria,
            target: g.target,
            status: g.status,
            progress: g.progress,
            milestones: g.milestones.into_iter().map(Milestone::from).collect(),
            history: g.history,
        }
    }
}

#[derive(Deserialize)]
pub struct ActionV1 {
    text: String,
    owner: Owner,
    due: Option<NaiveDate>,
    done: bool,
}

#[derive(Deserialize)]
pub struct JournalV1 {
    meta: MetaV1,
    at: DateTime<FixedOffset>,
    kind: EventKind,
    with: String,
    notes: String,
    actions: Vec<ActionV1>,
    goals: Vec<Id>,
}

impl From<JournalV1> for JournalEntry {
    fn from(e: JournalV1) -> JournalEntry {
        let meta: RecordMeta = e.meta.into();
        // Before stamps, only the meeting's author could tick its actions.
        let stamp = Stamp {
            version: meta.version,
            by: meta.author,
        };
        JournalEntry {
            at: e.at,
            kind: e.kind,
            with: e.with,
            notes: e.notes,
            actions: e
                .actions
                .into_iter()
                .map(|a| AgreedAction {
                    text: a.text,
                    owner: a.owner,
                    due: a.due,
                    done: a.done,
                    ticked: a.done.then_some(stamp),
                })
                .collect(),
            goals: e.goals,
            private_notes: String::new(),
            meta,
        }
    }
}

#[derive(Deserialize)]
pub struct ReflectionV1 {
    meta: MetaV1,
    date: NaiveDate,
    prompt: Option<String>,
    text: String,
    tags: Vec<String>,
    goal: Option<Id>,
}

impl From<ReflectionV1> for Reflection {
    fn from(r: ReflectionV1) -> Reflection {
        Reflection {
            meta: r.meta.into(),
            date: r.date,
            prompt: r.prompt,
            text: r.text,
            tags: r.tags,
            goal: r.goal,
        }
    }
}

#[derive(Deserialize)]
pub struct ConsultationV1 {
    meta: MetaV1,
    title: String,
    kind: EventKind,
    audience: Audience,
    start: DateTime<FixedOffset>,
    end: Option<DateTime<FixedOffset>>,
    all_day: bool,
    place: String,
    notes: String,
    source: Source,
}

impl From<ConsultationV1> for Consultation {
    fn from(c: ConsultationV1) -> Consultation {
        Consultation {
            meta: c.meta.into(),
            title: c.title,
            kind: c.kind,
            audience: c.audience,
            start: c.start,
            end: c.end,
            all_day: c.all_day,
            place: c.place,
            notes: c.notes,
            source: c.source,
        }
    }
}

#[derive(Deserialize)]
pub struct CheckInV1 {
    meta: MetaV1,
    week: Week,
    goals: Vec<GoalCheck>,
    mood: u8,
    energy: u8,
    win: String,
    blocker: String,
    focus: String,
}

impl From<CheckInV1> for CheckIn {
    fn from(c: CheckInV1) -> CheckIn {
        CheckIn {
            meta: c.meta.into(),
            week: c.week,
            goals: c.goals,
            mood: c.mood,
            energy: c.energy,
            win: c.win,
            blocker: c.blocker,
            focus: c.focus,
            mentoring: Vec::new(),
        }
    }
}

/// Any record in format 1, as share bundles of format 1 hold them.
#[derive(Deserialize)]
pub enum AnyRecordV1 {
    Goal(GoalV1),
    Journal(JournalV1),
    Reflection(ReflectionV1),
    Consultation(ConsultationV1),
    CheckIn(CheckInV1),
}

impl From<AnyRecordV1> for AnyRecord {
    fn from(r: AnyRecordV1) -> AnyRecord {
        match r {
            AnyRecordV1::Goal(r) => AnyRecord::Goal(r.into()),
            AnyRecordV1::Journal(r) => AnyRecord::Journal(r.into()),
            AnyRecordV1::Reflection(r) => AnyRecord::Reflection(r.into()),
            AnyRecordV1::Consultation(r) => AnyRecord::Consultation(r.into()),
            AnyRecordV1::CheckIn(r) => AnyRecord::CheckIn(r.into()),
        }
    }
}

#[derive(Deserialize)]
pub struct MetaV2 {
    id: Id,
    author: Id,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    visibility: Visibility,
    version: Version,
}

impl From<MetaV2> for RecordMeta {
    fn from(m: MetaV2) -> RecordMeta {
        RecordMeta {
            id: m.id,
            author: m.author,
            created: m.created,
            updated: m.updated,
            visibility: m.visibility,
            version: m.version,
            pair: None,
        }
    }
}

#[derive(Deserialize)]
pub struct GoalV2 {
    meta: MetaV2,
    title: String,
    why: String,
    criteria: String,
    target: Option<NaiveDate>,
    status: GoalStatus,
    progress: u8,
    milestones: Vec<MilestoneV1>,
    history: Vec<ProgressPoint>,
}

impl From<GoalV2> for Goal {
    fn from(g: GoalV2) -> Goal {
        Goal {
            meta: g.meta.into(),
            title: g.title,
            why: g.why,
            criteria: g.criteria,
            target: g.target,
            status: g.status,
            progress: g.progress,
            milestones: g.milestones.into_iter().map(Milestone::from).collect(),
            history: g.history,
        }
    }
}

#[derive(Deserialize)]
pub struct JournalV2 {
    meta: MetaV2,
    at: DateTime<FixedOffset>,
    kind: EventKind,
    with: String,
    notes: String,
    actions: Vec<AgreedAction>,
    goals: Vec<Id>,
    private_notes: String,
}

impl From<JournalV2> for JournalEntry {
    fn from(e: JournalV2) -> JournalEntry {
        JournalEntry {
            meta: e.meta.into(),
            at: e.at,
            kind: e.kind,
            with: e.with,
            notes: e.notes,
            actions: e.actions,
            goals: e.goals,
            private_notes: e.private_notes,
        }
    }
}

#[derive(Deserialize)]
pub struct ReflectionV2 {
    meta: MetaV2,
    date: NaiveDate,
    prompt: Option<String>,
    text: String,
    tags: Vec<String>,
    goal: Option<Id>,
}

impl From<ReflectionV2> for Reflection {
    fn from(r: ReflectionV2) -> Reflection {
        Reflection {
            meta: r.meta.into(),
            date: r.date,
            prompt: r.prompt,
            text: r.text,
            tags: r.tags,
            goal: r.goal,
        }
    }
}

#[derive(Deserialize)]
pub struct ConsultationV2 {
    meta: MetaV2,
    title: String,
    kind: EventKind,
    audience: Audience,
    start: DateTime<FixedOffset>,
    end: Option<DateTime<FixedOffset>>,
    all_day: bool,
    place: String,
    notes: String,
    source: Source,
}

impl From<ConsultationV2> for Consultation {
    fn from(c: ConsultationV2) -> Consultation {
        Consultation {
            meta: c.meta.into(),
            title: c.title,
            kind: c.kind,
            audience: c.audience,
            start: c.start,
            end: c.end,
            all_day: c.all_day,
            place: c.place,
            notes: c.notes,
            source: c.source,
        }
    }
}

#[derive(Deserialize)]
pub struct CheckInV2 {
    meta: MetaV2,
    week: Week,
    goals: Vec<GoalCheck>,
    mood: u8,
    energy: u8,
    win: String,
    blocker: String,
    focus: String,
}

impl From<CheckInV2> for CheckIn {
    fn from(c: CheckInV2) -> CheckIn {
        CheckIn {
            meta: c.meta.into(),
            week: c.week,
            goals: c.goals,
            mood: c.mood,
            energy: c.energy,
            win: c.win,
            blocker: c.blocker,
            focus: c.focus,
            mentoring: Vec::new(),
        }
    }
}

/// Any record in format 2, as share bundles of format 2 hold them.
#[derive(Deserialize)]
pub enum AnyRecordV2 {
    Goal(GoalV2),
    Journal(JournalV2),
    Reflection(ReflectionV2),
    Consultation(ConsultationV2),
    CheckIn(CheckInV2),
}

impl From<AnyRecordV2> for AnyRecord {
    fn from(r: AnyRecordV2) -> AnyRecord {
        match r {
            AnyRecordV2::Goal(r) => AnyRecord::Goal(r.into()),
            AnyRecordV2::Journal(r) => AnyRecord::Journal(r.into()),
            AnyRecordV2::Reflection(r) => AnyRecord::Reflection(r.into()),
            AnyRecordV2::Consultation(r) => AnyRecord::Consultation(r.into()),
            AnyRecordV2::CheckIn(r) => AnyRecord::CheckIn(r.into()),
        }
    }
}

/// A tombstone in format 2: without the pair.
#[derive(Deserialize)]
pub struct TombstoneV2 {
    id: Id,
    author: Id,
    version: Version,
}

impl From<TombstoneV2> for Tombstone {
    fn from(t: TombstoneV2) -> Tombstone {
        Tombstone {
            id: t.id,
            author: t.author,
            version: t.version,
            pair: None,
        }
    }
}
