//! The weekly check-in.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::error::{self, limit_items, limit_text, limits};
use super::labels::labelled_enum;
use super::record::{Kind, Record, RecordMeta, Visibility};
use super::time::Week;
use super::{Id, ValidationError};

labelled_enum! {
    /// How a goal feels this week.
    pub enum GoalState ("goal state") {
        OnTrack => "on-track" | "ok",
        AtRisk => "at-risk" | "risk",
        Blocked => "blocked",
    }
}

/// One goal's line in a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalCheck {
    pub goal: Id,
    pub progress: u8,
    pub state: GoalState,
    pub note: String,
}

/// A mentor's line about one mentee in their own check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentoringNote {
    /// The mentee's profile id.
    pub mentee: Id,
    /// How the mentoring went this week.
    pub went: String,
    /// A note for next time.
    pub next: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    pub meta: RecordMeta,
    /// One check-in per ISO week.
    pub week: Week,
    pub goals: Vec<GoalCheck>,
    /// 1–5.
    pub mood: u8,
    /// 1–5.
    pub energy: u8,
    pub win: String,
    pub blocker: String,
    /// What to focus on next week.
    pub focus: String,
    /// A mentor's check-in is about the mentoring: one line per mentee
    /// (a mentee's has none).
    #[serde(default)]
    pub mentoring: Vec<MentoringNote>,
}

impl CheckIn {
    /// A check-in for the week of `now`.
    pub fn new(author: Id, mood: u8, energy: u8, now: DateTime<FixedOffset>) -> CheckIn {
        CheckIn {
            meta: RecordMeta::new(author, now.to_utc(), Visibility::Shared),
            week: Week::of(now.date_naive()),
            goals: Vec::new(),
            mood,
            energy,
            win: String::new(),
            blocker: String::new(),
            focus: String::new(),
            mentoring: Vec::new(),
        }
    }
}

impl Record for CheckIn {
    const KIND: Kind = Kind::CheckIn;

    super::record::record_meta!();

    fn validate(&self) -> Result<(), ValidationError> {
        error::scale("mood", i64::from(self.mood))?;
        error::scale("energy", i64::from(self.energy))?;
        limit_text("win", &self.win, limits::TEXT)?;
        limit_text("blocker", &self.blocker, limits::TEXT)?;
        limit_text("focus", &self.focus, limits::TEXT)?;
        limit_items("goals", self.goals.len(), limits::ITEMS)?;
        limit_items("mentees", self.mentoring.len(), limits::ITEMS)?;
        for m in &self.mentoring {
            limit_text("how it went", &m.went, limits::TEXT)?;
            limit_text("note for next time", &m.next, limits::TEXT)?;
        }
        for (i, g) in self.goals.iter().enumerate() {
            error::progress(i64::from(g.progress))?;
            limit_text("note", &g.note, limits::LINE)?;
            if self.goals[..i].iter().any(|other| other.goal == g.goal) {
                return Err(ValidationError::DuplicateGoal(g.goal.to_string()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        crate::domain::test_time(18, 0)
    }

    fn check(goal: Id) -> GoalCheck {
        GoalCheck {
            goal,
            progress: 40,
            state: GoalState::OnTrack,
            note: String::new(),
        }
    }

    #[test]
    fn a_check_in_belongs_to_the_iso_week_of_today() {
        let c = CheckIn::new(Id::generate(now().to_utc()), 4, 3, now());
        assert_eq!(
            c.week,
            Week {
                year: 2026,
                week: 48
            }
        );
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn mood_and_energy_are_one_to_five() {
        let author = Id::generate(now().to_utc());
        let c = CheckIn::new(author, 0, 3, now());
        assert_eq!(
            c.validate(),
            Err(ValidationError::Scale {
                field: "mood",
                value: 0
            })
        );
        let c = CheckIn::new(author, 3, 9, now());
        assert_eq!(
            c.validate(),
            Err(ValidationError::Scale {
                field: "energy",
                value: 9
            })
        );
        assert_eq!(
            error::scale("mood", 9),
            Err(ValidationError::Scale {
                field: "mood",
                value: 9
            })
        );
        assert_eq!(error::scale("mood", 5), Ok(5));
    }

    #[test]
    fn a_goal_appears_once_with_valid_progress() {
        let author = Id::generate(now().to_utc());
        let goal = Id::generate(now().to_utc());
        let mut c = CheckIn::new(author, 3, 3, now());
        c.goals.push(check(goal));
        c.goals.push(check(goal));
        assert!(matches!(
            c.validate(),
            Err(ValidationError::DuplicateGoal(_))
        ));
        c.goals.pop();
        c.goals[0].progress = 101;
        assert_eq!(c.validate(), Err(ValidationError::Progress(101)));
    }
}
