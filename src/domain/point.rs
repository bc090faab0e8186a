//! Talking points: what either person of a pair wants to raise at the next
//! meeting. A point stays open, carried from meeting to meeting, until it is
//! ticked as discussed, by either person (the tick is a part of the record
//! both may write, merged by its stamp as an agreed action's is).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::error::{limits, require_text};
use super::record::{Kind, Record, RecordMeta, Visibility};
use super::{Id, JournalEntry, Stamp, ValidationError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalkingPoint {
    pub meta: RecordMeta,
    pub text: String,
    /// The goal it is about.
    pub goal: Option<Id>,
    pub discussed: bool,
    /// The meeting it was discussed at, when it was ticked by logging one.
    pub meeting: Option<Id>,
    /// Who last ticked or unticked it, and when; the later stamp wins.
    pub ticked: Option<Stamp>,
}

impl TalkingPoint {
    /// A new open point, shared (it is for the pair's meeting).
    pub fn new(author: Id, text: &str, now: DateTime<FixedOffset>) -> TalkingPoint {
        TalkingPoint {
            meta: RecordMeta::new(author, now.to_utc(), Visibility::Shared),
            text: text.trim().to_string(),
            goal: None,
            discussed: false,
            meeting: None,
            ticked: None,
        }
    }

    /// How many of the pair's meetings this point has waited through: the
    /// pair meetings after it was raised and before `now`, not counting the
    /// one it was discussed at. Two records of one meeting (one per person)
    /// count once.
    pub fn waited<'a>(
        &self,
        meetings: impl IntoIterator<Item = &'a JournalEntry>,
        now: DateTime<FixedOffset>,
    ) -> usize {
        let mut times: Vec<DateTime<FixedOffset>> = meetings
            .into_iter()
            .filter(|e| e.kind == super::EventKind::PairMeeting)
            .filter(|e| e.at.to_utc() > self.meta.created && e.at <= now)
            .filter(|e| self.meeting != Some(e.meta.id))
            .map(|e| e.at)
            .collect();
        times.sort();
        times.dedup_by(|a, b| (*a - *b).num_minutes().abs() < super::SAME_MEETING_HOURS * 60);
        times.len()
    }

    /// The copy both sides agree on (see `AnyRecord::merge`): the text by
    /// version, the tick by its stamp.
    pub fn merge(local: &TalkingPoint, incoming: &TalkingPoint) -> TalkingPoint {
        let mut out = if incoming.meta.version > local.meta.version {
            incoming.clone()
        } else {
            local.clone()
        };
        let latest = if incoming.ticked > local.ticked {
            incoming
        } else {
            local
        };
        out.discussed = latest.discussed;
        out.meeting = latest.meeting;
        out.ticked = latest.ticked;
        out
    }

    /// Ticks (or unticks) the point here, at `meeting` when logging one
    /// ticked it; a change to the author's own point touches it at `now`
    /// (the store stamps the tick either way).
    pub fn set_discussed(
        &mut self,
        discussed: bool,
        meeting: Option<Id>,
        by_author: bool,
        now: DateTime<FixedOffset>,
    ) {
        self.discussed = discussed;
        self.meeting = meeting;
        if by_author {
            self.meta.touch(now.to_utc());
        }
    }

    /// Applies a tick made elsewhere, when it is later than the one here;
    /// whether anything changed.
    pub fn apply_tick(&mut self, discussed: bool, meeting: Option<Id>, stamp: Stamp) -> bool {
        if self.ticked.is_some_and(|t| stamp <= t) {
            return false;
        }
        self.discussed = discussed;
        self.meeting = meeting;
        self.ticked = Some(stamp);
        true
    }
}

/// The outline a pair meeting's notes start from: one line per open
/// talking point, as [`TalkingPoint::discussed_in`] reads it back.
pub fn outline<'a>(points: impl IntoIterator<Item = &'a TalkingPoint>) -> String {
    let lines: Vec<String> = points
        .into_iter()
        .map(|p| format!("- {}: ", p.text.trim()))
        .collect();
    if lines.is_empty() {
        String::new()
    } else {
        format!("Talking points\n{}", lines.join("\n"))
    }
}

impl TalkingPoint {
    /// Whether meeting notes written from the [`outline`] kept this
    /// point's line: the points whose lines were deleted were not
    /// discussed, and carry forward.
    pub fn discussed_in(&self, notes: &str) -> bool {
        let text = self.text.trim();
        notes.lines().any(|line| {
            let line = line.trim_start();
            let line = line
                .strip_prefix("- ")
                .or_else(|| line.strip_prefix("* "))
                .unwrap_or(line);
            line.get(..text.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(text))
                && line[text.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ':' || c.is_whitespace())
        })
    }
}

impl Record for TalkingPoint {
    const KIND: Kind = Kind::Point;

    super::record::record_meta!();

    fn validate(&self) -> Result<(), ValidationError> {
        require_text("talking point", &self.text, limits::LINE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EventKind, Version};

    fn meeting(author: Id, hour: u32, day_offset: i64) -> JournalEntry {
        let at = crate::domain::test_time(hour, 1) + chrono::Duration::days(day_offset);
        let mut e = JournalEntry::new(author, at, "", at);
        e.kind = EventKind::PairMeeting;
        e
    }

    #[test]
    fn a_point_counts_the_meetings_it_waited_through_once_each() {
        let now = crate::domain::test_time(9, 1);
        let ana = Id::generate(now.to_utc());
        let marko = Id::generate(now.to_utc());
        let p = TalkingPoint::new(ana, "The budget", now);
        assert_eq!(p.validate(), Ok(()));
        let later = now + chrono::Duration::days(30);
        let week1 = meeting(ana, 17, 7);
        // Marko's record of the same meeting, two hours off.
        let week1_marko = meeting(marko, 19, 7);
        let week2 = meeting(marko, 17, 14);
        let before = meeting(ana, 8, 0);
        let mut workshop = meeting(ana, 17, 10);
        workshop.kind = EventKind::Workshop;
        let all = [&week1, &week1_marko, &week2, &before, &workshop];
        assert_eq!(p.waited(all, later), 2);
        assert_eq!(p.waited(all, now + chrono::Duration::days(8)), 1);
        let mut done = p.clone();
        done.meeting = Some(week2.meta.id);
        assert_eq!(done.waited(all, later), 1);
    }

    #[test]
    fn notes_from_the_outline_tell_which_points_were_discussed() {
        let now = crate::domain::test_time(9, 1);
        let ana = Id::generate(now.to_utc());
        let price = TalkingPoint::new(ana, "Pricing the tickets", now);
        let cv = TalkingPoint::new(ana, "My CV", now);
        let venue = TalkingPoint::new(ana, "Venue", now);
        let notes = outline([&price, &cv, &venue]);
        assert_eq!(
            notes,
            "Talking points\n- Pricing the tickets: \n- My CV: \n- Venue: "
        );
        // The CV line was deleted; the others were written on.
        let written = "Talking points\n- pricing the tickets: 12 € is fine\n  - Venue: next week\n";
        assert!(price.discussed_in(written));
        assert!(!cv.discussed_in(written));
        assert!(venue.discussed_in(written));
        // A line that only starts like a point is another point.
        assert!(!cv.discussed_in("- My CVs are fine"));
        assert_eq!(outline([]), "");
    }

    #[test]
    fn the_later_tick_wins_whichever_copy_holds_it() {
        let now = crate::domain::test_time(9, 1);
        let ana = Id::generate(now.to_utc());
        let marko = Id::generate(now.to_utc());
        let p = TalkingPoint::new(ana, "The budget", now);
        let mut hers = p.clone();
        hers.meta.version = Version(p.meta.version.0 + 10);
        hers.text = "The budget, again".into();
        let mut his = p.clone();
        assert!(his.apply_tick(
            true,
            None,
            Stamp {
                version: Version(5),
                by: marko
            }
        ));
        let a = TalkingPoint::merge(&hers, &his);
        let b = TalkingPoint::merge(&his, &hers);
        assert_eq!(a, b);
        assert_eq!(a.text, "The budget, again");
        assert!(a.discussed);
        // An older tick changes nothing.
        assert!(!his.clone().apply_tick(
            false,
            None,
            Stamp {
                version: Version(4),
                by: ana
            }
        ));
    }
}
