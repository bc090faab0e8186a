//! The programme's calendar: consultations, workshops and meetings to come.

use chrono::{DateTime, Duration, FixedOffset};
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Typed in by the user.
    Typed,
    /// Imported from an iCalendar file; `uid` is the event's UID there.
    Imported { uid: String },
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
        if let Source::Imported { uid } = &self.source {
            require_text("calendar UID", uid, limits::LINE)?;
        }
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
