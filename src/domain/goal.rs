//! Goals: what the mentee wants to achieve this year, and how far they are.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::{self, limit_items, limit_text, limits, require_text};
use super::labels::labelled_enum;
use super::record::{Kind, Record, RecordMeta, Visibility};
use super::{Id, ValidationError};

labelled_enum! {
    /// Where a goal stands.
    pub enum GoalStatus ("goal status") {
        Active => "active",
        Paused => "paused",
        Achieved => "achieved" | "done",
        Dropped => "dropped",
    }
}

impl GoalStatus {
    /// The status after this one, for cycling through them with one key.
    pub fn next(self) -> GoalStatus {
        match self {
            GoalStatus::Active => GoalStatus::Paused,
            GoalStatus::Paused => GoalStatus::Achieved,
            GoalStatus::Achieved => GoalStatus::Dropped,
            GoalStatus::Dropped => GoalStatus::Active,
        }
    }

    /// Where goals of this status come in a list: active ones first, then
    /// paused, achieved and dropped.
    pub fn rank(self) -> u8 {
        match self {
            GoalStatus::Active => 0,
            GoalStatus::Paused => 1,
            GoalStatus::Achieved => 2,
            GoalStatus::Dropped => 3,
        }
    }
}

/// One step towards a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub text: String,
    pub done: bool,
    /// The day it was ticked (None while open, and for milestones ticked
    /// before tandem kept the day).
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
}

/// The progress a goal had on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressPoint {
    #[serde(deserialize_with = "crate::domain::time::iso_day::deserialize")]
    pub date: NaiveDate,
    pub progress: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub meta: RecordMeta,
    pub title: String,
    /// Why it matters.
    pub why: String,
    /// How the mentee will know it is achieved.
    pub criteria: String,
    pub target: Option<NaiveDate>,
    pub status: GoalStatus,
    /// 0–100 %.
    pub progress: u8,
    pub milestones: Vec<Milestone>,
    /// One point per day the progress changed, oldest first.
    pub history: Vec<ProgressPoint>,
}

impl Goal {
    /// A new active goal at 0 %, its history starting today.
    pub fn new(author: Id, title: &str, now: DateTime<FixedOffset>) -> Goal {
        Goal {
            meta: RecordMeta::new(author, now.to_utc(), Visibility::Shared),
            title: title.trim().to_string(),
            why: String::new(),
            criteria: String::new(),
            target: None,
            status: GoalStatus::Active,
            progress: 0,
            milestones: Vec::new(),
            history: vec![ProgressPoint {
                date: now.date_naive(),
                progress: 0,
            }],
        }
    }

    pub fn add_milestone(&mut self, text: &str) {
        self.milestones.push(Milestone {
            text: text.trim().to_string(),
            done: false,
            done_on: None,
        });
    }

    /// Sets the progress and records it in the history (one point per day:
    /// a second change on the same day replaces that day's point).
    pub fn set_progress(
        &mut self,
        value: i64,
        now: DateTime<FixedOffset>,
    ) -> Result<(), ValidationError> {
        let value = error::progress(value)?;
        self.progress = value;
        let date = now.date_naive();
        match self.history.last_mut() {
            Some(last) if last.date == date => last.progress = value,
            _ => self.history.push(ProgressPoint {
                date,
                progress: value,
            }),
        }
        // The history is kept in date order even if the clock went backwards.
        self.history.sort_by_key(|p| p.date);
        self.meta.touch(now.to_utc());
        Ok(())
    }

    pub fn set_status(&mut self, status: GoalStatus, now: DateTime<FixedOffset>) {
        self.status = status;
        self.meta.touch(now.to_utc());
    }

    /// Ticks (or unticks) milestone `n`, counted from 1.
    pub fn set_milestone(
        &mut self,
        n: usize,
        done: bool,
        now: DateTime<FixedOffset>,
    ) -> Result<(), ValidationError> {
        let i = error::item_index("milestone", n, self.milestones.len())?;
        let m = &mut self.milestones[i];
        if m.done != done {
            m.done = done;
            m.done_on = done.then(|| now.date_naive());
        }
        self.meta.touch(now.to_utc());
        Ok(())
    }

    pub fn milestones_done(&self) -> usize {
        self.milestones.iter().filter(|m| m.done).count()
    }

    /// Days until the target date (negative when it has passed).
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.target.map(|t| (t - today).num_days())
    }
}

impl Record for Goal {
    const KIND: Kind = Kind::Goal;

    super::record::record_meta!();

    fn validate(&self) -> Result<(), ValidationError> {
        require_text("title", &self.title, limits::TITLE)?;
        if let Some(t) = self.target {
            error::date_in_range("target date", t)?;
        }
        limit_text("why", &self.why, limits::TEXT)?;
        limit_text("success criteria", &self.criteria, limits::TEXT)?;
        error::progress(i64::from(self.progress))?;
        limit_items("milestones", self.milestones.len(), limits::ITEMS)?;
        for m in &self.milestones {
            require_text("milestone", &m.text, limits::LINE)?;
        }
        limit_items("history points", self.history.len(), limits::HISTORY)?;
        for p in &self.history {
            error::progress(i64::from(p.progress))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, day, 10, 0, 0)
            .unwrap()
    }

    fn goal() -> Goal {
        Goal::new(
            Id::generate(at(1).to_utc()),
            "Curate a first exhibition",
            at(1),
        )
    }

    #[test]
    fn a_new_goal_is_active_shared_and_valid() {
        let g = goal();
        assert_eq!(g.status, GoalStatus::Active);
        assert_eq!(g.meta.visibility, Visibility::Shared);
        assert_eq!(
            g.history,
            vec![ProgressPoint {
                date: at(1).date_naive(),
                progress: 0
            }]
        );
        assert_eq!(g.validate(), Ok(()));
    }

    #[test]
    fn title_must_not_be_empty_or_huge() {
        let mut g = goal();
        g.title = " ".into();
        assert_eq!(g.validate(), Err(ValidationError::Empty { field: "title" }));
        g.title = "x".repeat(limits::TITLE + 1);
        assert!(matches!(
            g.validate(),
            Err(ValidationError::TooLong { field: "title", .. })
        ));
    }

    #[test]
    fn progress_is_bounded_and_recorded_once_per_day() {
        let mut g = goal();
        assert_eq!(
            g.set_progress(120, at(2)),
            Err(ValidationError::Progress(120))
        );
        assert_eq!(
            g.set_progress(-1, at(2)),
            Err(ValidationError::Progress(-1))
        );
        assert_eq!(g.progress, 0, "a refused value changes nothing");
        g.set_progress(30, at(2)).unwrap();
        g.set_progress(40, at(2)).unwrap();
        g.set_progress(55, at(5)).unwrap();
        let points: Vec<u8> = g.history.iter().map(|p| p.progress).collect();
        assert_eq!(points, vec![0, 40, 55]);
        assert_eq!(g.progress, 55);
        assert_eq!(g.meta.updated, at(5).to_utc());
    }

    #[test]
    fn milestones_are_counted_from_one() {
        let mut g = goal();
        g.add_milestone("Find a venue");
        g.add_milestone("Write the call");
        g.set_milestone(2, true, at(3)).unwrap();
        assert!(g.milestones[1].done);
        assert_eq!(g.milestones_done(), 1);
        assert_eq!(
            g.set_milestone(3, true, at(3)),
            Err(ValidationError::NoSuchItem {
                item: "milestone",
                n: 3,
                count: 2
            })
        );
        assert!(g.set_milestone(0, true, at(3)).is_err());
        g.milestones[0].text = "".into();
        assert_eq!(
            g.validate(),
            Err(ValidationError::Empty { field: "milestone" })
        );
    }

    #[test]
    fn status_cycles_through_all_four() {
        let mut s = GoalStatus::Active;
        for _ in 0..4 {
            s = s.next();
        }
        assert_eq!(s, GoalStatus::Active);
        assert_eq!("done".parse::<GoalStatus>(), Ok(GoalStatus::Achieved));
    }

    #[test]
    fn days_left_counts_to_the_target() {
        let mut g = goal();
        assert_eq!(g.days_left(at(1).date_naive()), None);
        g.target = Some(at(11).date_naive());
        assert_eq!(g.days_left(at(1).date_naive()), Some(10));
    }
}
