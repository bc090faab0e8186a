//! The programme's calendar: consultations, workshops and meetings to come.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::error::{limit_text, limits, require_text};
use super::journal::EventKind;
use super::labels::labelled_enum;
use super::record::{Kind, Record, RecordMeta, Visibility};
use super::{Id, ValidationError};

labelled_enum! {
    /// Who an event is for.
    pub enum Audience ("audience") {
        Mentors => "mentors",
        Mentees => "mentees",
        Everyone => "everyone" | "all",
        Pair => "pair" | "our-pair",
    }
}

/// Where a consultation came from.
///
/// Stored records are encoded by position, variants by their number: a
/// new variant goes at the end, and existing ones never change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Typed in by the user.
    Typed,
    /// Imported from an iCalendar file; `uid` is the event's UID there
    /// (for an occurrence imported before series were kept, the UID and the
    /// occurrence's start: `UID/20261208T180000`).
    Imported { uid: String },
    /// One occurrence of a recurring event imported from an iCalendar file:
    /// `uid` is the series' UID there, `occurrence` which of its dates this
    /// is, and `series` the series itself, so that its occurrences can be
    /// written back as the one event they came from.
    Series {
        uid: String,
        occurrence: String,
        /// Boxed: kept out of line, as most consultations have none (encoded
        /// as the value itself).
        series: Box<Recurrence>,
    },
}

/// `events` with each calendar event once: where the user (`me`) and a
/// partner both imported the same calendar, the user's copy is kept. The
/// order is kept; returns how many copies were left out.
pub fn one_per_event(events: &mut Vec<Consultation>, me: Id) -> usize {
    let mut seen: std::collections::HashSet<String> = events
        .iter()
        .filter(|c| c.meta.author == me)
        .filter_map(|c| c.source.event_key())
        .collect();
    let before = events.len();
    events.retain(|c| {
        c.meta.author == me
            || match c.source.event_key() {
                Some(key) => seen.insert(key),
                None => true,
            }
    });
    before - events.len()
}

impl Source {
    /// Which calendar event this is, across stores: its UID, and for one
    /// occurrence of a series, which one. Two people who imported the same
    /// calendar hold the same event under the same key.
    pub fn event_key(&self) -> Option<String> {
        match self {
            Source::Typed => None,
            Source::Imported { uid } => Some(uid.clone()),
            Source::Series {
                uid, occurrence, ..
            } => Some(format!("{uid}/{occurrence}")),
        }
    }

    /// The UID of the calendar event this came from, if it was imported.
    pub fn calendar_uid(&self) -> Option<&str> {
        match self {
            Source::Typed => None,
            Source::Imported { uid } | Source::Series { uid, .. } => Some(uid),
        }
    }

    /// Checks an imported event's UID, and that a series can be written
    /// back to a calendar as it is.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            Source::Typed => Ok(()),
            Source::Imported { uid } => require_text("calendar UID", uid, limits::LINE),
            Source::Series {
                uid,
                occurrence,
                series,
            } => {
                require_text("calendar UID", uid, limits::LINE)?;
                if !is_occurrence(occurrence) {
                    return Err(ValidationError::Format {
                        field: "occurrence of a series",
                        expected: "a time such as 20261201T180000",
                    });
                }
                series.validate()
            }
        }
    }

    /// The same origin, whatever dates a series was read over: importing a
    /// calendar again on another day (over other dates) changes nothing.
    pub fn same_origin(&self, other: &Source) -> bool {
        match (self, other) {
            (
                Source::Series {
                    uid,
                    occurrence,
                    series,
                },
                Source::Series {
                    uid: uid2,
                    occurrence: occurrence2,
                    series: series2,
                },
            ) => uid == uid2 && occurrence == occurrence2 && series.same_rule(series2),
            _ => self == other,
        }
    }
}

/// A recurring event as its calendar defined it, kept with each of its
/// occurrences. Dates are written as iCalendar writes them, in the series'
/// own time: `20261201T180000` (in `zone`, or floating without one),
/// `20261201T170000Z` (UTC), or `20261201` (a date, for all-day events);
/// an occurrence is named by its start in the first form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    /// The series' first start (its DTSTART).
    pub start: String,
    /// The time zone of `start` (an IANA name), when it has one.
    pub zone: Option<String>,
    /// The rule (its RRULE), as the calendar wrote it.
    pub rule: String,
    /// The occurrences the calendar left out (its EXDATEs), sorted.
    pub excluded: Vec<String>,
    /// The dates the series was read over: its occurrences outside them
    /// were never imported, those inside that are not there were deleted.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Recurrence {
    /// The same series, whatever dates it was read over.
    pub fn same_rule(&self, other: &Recurrence) -> bool {
        (&self.start, &self.zone, &self.rule, &self.excluded)
            == (&other.start, &other.zone, &other.rule, &other.excluded)
    }

    /// Checks what a calendar file will be written from: no value can add
    /// a line or a parameter to it.
    fn validate(&self) -> Result<(), ValidationError> {
        let bad = |field, expected| Err(ValidationError::Format { field, expected });
        if !is_moment(&self.start) {
            return bad("series start", "a date or a time such as 20261201T180000");
        }
        if let Some(zone) = &self.zone
            && (zone.is_empty()
                || zone.len() > 64
                || !zone
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c)))
        {
            return bad(
                "series time zone",
                "a time zone name such as Europe/Belgrade",
            );
        }
        require_text("series rule", &self.rule, limits::LINE)?;
        if !self
            .rule
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "=;,+-".contains(c))
        {
            return bad(
                "series rule",
                "an iCalendar RRULE such as FREQ=WEEKLY;COUNT=6",
            );
        }
        super::error::limit_items(
            "dates left out of a series",
            self.excluded.len(),
            limits::ITEMS,
        )?;
        if !self.excluded.iter().all(|k| is_occurrence(k)) {
            return bad(
                "dates left out of a series",
                "times such as 20261201T180000",
            );
        }
        if self.to < self.from {
            return bad(
                "dates a series was read over",
                "a first date before the last",
            );
        }
        Ok(())
    }
}

/// `20261201T180000`: how an occurrence is named.
fn is_occurrence(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 15 && b[8] == b'T' && b[..8].iter().chain(&b[9..]).all(u8::is_ascii_digit)
}

/// A series' start: `20261201`, `20261201T180000` or `20261201T170000Z`.
fn is_moment(s: &str) -> bool {
    let date = s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit());
    date || is_occurrence(s.strip_suffix('Z').unwrap_or(s))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    pub meta: RecordMeta,
    pub title: String,
    pub kind: EventKind,
    pub audience: Audience,
    /// For an all-day event: midnight of its first day.
    pub start: DateTime<FixedOffset>,
    /// For an all-day event: midnight after its last day, if it lasts more than one.
    pub end: Option<DateTime<FixedOffset>>,
    pub all_day: bool,
    /// A room, an address or a link.
    pub place: String,
    pub notes: String,
    pub source: Source,
}

impl Consultation {
    pub fn new(
        author: Id,
        title: &str,
        start: DateTime<FixedOffset>,
        now: DateTime<FixedOffset>,
    ) -> Consultation {
        Consultation {
            meta: RecordMeta::new(author, now.to_utc(), Visibility::Shared),
            title: title.trim().to_string(),
            kind: EventKind::Consultation,
            audience: Audience::Everyone,
            start,
            end: None,
            all_day: false,
            place: String::new(),
            notes: String::new(),
            source: Source::Typed,
        }
    }

    /// When the event is over: its end, the end of its (last) day for an
    /// all-day event, or its start when it has no end.
    pub fn ends_at(&self) -> DateTime<FixedOffset> {
        match (self.end, self.all_day) {
            (Some(end), _) => end,
            // Checked: a record from elsewhere may sit at the end of time.
            (None, true) => self
                .start
                .checked_add_signed(Duration::days(1))
                .unwrap_or(self.start),
            (None, false) => self.start,
        }
    }

    /// Not over yet at `now` (upcoming or under way).
    pub fn is_upcoming(&self, now: DateTime<FixedOffset>) -> bool {
        self.ends_at() >= now
    }
}

impl Record for Consultation {
    const KIND: Kind = Kind::Consultation;

    super::record::record_meta!();

    fn validate(&self) -> Result<(), ValidationError> {
        require_text("title", &self.title, limits::TITLE)?;
        limit_text("place", &self.place, limits::LINE)?;
        limit_text("notes", &self.notes, limits::TEXT)?;
        super::error::date_in_range("start", self.start.date_naive())?;
        if let Some(end) = self.end {
            super::error::date_in_range("end", end.date_naive())?;
        }
        self.source.validate()?;
        // An all-day event's end is the midnight after its last day, so it
        // must be later than its start.
        if let Some(end) = self.end
            && (end < self.start || (self.all_day && end <= self.start))
        {
            return Err(ValidationError::EndBeforeStart {
                start: self.start.format("%Y-%m-%d %H:%M").to_string(),
                end: end.format("%Y-%m-%d %H:%M").to_string(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_both_imported_is_kept_once_as_the_viewers_own() {
        let me = Id::generate(chrono::Utc::now());
        let partner = Id::generate(chrono::Utc::now());
        let at = chrono::FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2026, 12, 3, 17, 0, 0)
            .unwrap();
        let event = |author: Id, uid: Option<&str>| {
            let mut c = Consultation::new(author, "Workshop", at, at);
            if let Some(uid) = uid {
                c.source = Source::Imported { uid: uid.into() };
            }
            c
        };
        let mut events = vec![
            event(partner, Some("w1@programme")),
            event(me, Some("w1@programme")),
            event(partner, Some("w2@programme")),
            event(partner, None),
            event(me, None),
        ];
        assert_eq!(one_per_event(&mut events, me), 1);
        let kept: Vec<(bool, Option<String>)> = events
            .iter()
            .map(|c| (c.meta.author == me, c.source.event_key()))
            .collect();
        assert_eq!(
            kept,
            [
                (true, Some("w1@programme".into())),
                (false, Some("w2@programme".into())),
                (false, None),
                (true, None),
            ]
        );
    }
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 12, day, hour, 0, 0)
            .unwrap()
    }

    fn consult() -> Consultation {
        Consultation::new(
            Id::generate(at(1, 0).to_utc()),
            "Quarter-mark consultation",
            at(3, 14),
            at(1, 9),
        )
    }

    #[test]
    fn a_new_consultation_is_shared_typed_and_for_everyone() {
        let c = consult();
        assert_eq!(c.meta.visibility, Visibility::Shared);
        assert_eq!(c.source, Source::Typed);
        assert_eq!(c.audience, Audience::Everyone);
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn end_cannot_be_before_start() {
        let mut c = consult();
        c.end = Some(at(3, 13));
        assert!(matches!(
            c.validate(),
            Err(ValidationError::EndBeforeStart { .. })
        ));
        c.end = Some(at(3, 16));
        assert_eq!(c.validate(), Ok(()));
        c.all_day = true;
        c.start = at(3, 0);
        c.end = Some(at(3, 0));
        assert!(matches!(
            c.validate(),
            Err(ValidationError::EndBeforeStart { .. })
        ));
    }

    #[test]
    fn title_and_uid_are_required() {
        let mut c = consult();
        c.title = String::new();
        assert_eq!(c.validate(), Err(ValidationError::Empty { field: "title" }));
        c.title = "x".into();
        c.source = Source::Imported { uid: " ".into() };
        assert_eq!(
            c.validate(),
            Err(ValidationError::Empty {
                field: "calendar UID"
            })
        );
    }

    #[test]
    fn an_event_is_upcoming_until_it_ends() {
        let mut c = consult();
        assert!(c.is_upcoming(at(3, 14)));
        assert!(!c.is_upcoming(at(3, 15)));
        c.end = Some(at(3, 16));
        assert!(c.is_upcoming(at(3, 15)), "under way counts as upcoming");
        c.end = None;
        c.all_day = true;
        c.start = at(3, 0);
        assert!(c.is_upcoming(at(3, 23)));
        assert!(!c.is_upcoming(at(4, 1)));
    }
}
