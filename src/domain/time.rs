//! Dates as people type and read them. Pure: "now" and the time zone are passed in.

use chrono::{
    DateTime, Datelike, Days, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Weekday,
};
use serde::{Deserialize, Serialize};

/// Why a date or time could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{input}' is not a date I understand: use 2026-12-03, 2026-12-03T14:00, today, tomorrow, \
     yesterday, +3d, -2w, +1m, next monday (optionally followed by a time such as 14:00)"
)]
pub struct DateParseError {
    pub input: String,
}

/// An ISO 8601 week: the unit of the weekly check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Week {
    pub year: i32,
    pub week: u32,
}

impl Week {
    pub fn of(date: NaiveDate) -> Week {
        let iso = date.iso_week();
        Week {
            year: iso.year(),
            week: iso.week(),
        }
    }

    /// Monday of this week, or `None` for a week that does not exist.
    pub fn monday(self) -> Option<NaiveDate> {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
    }

    /// The week before this one.
    pub fn previous(self) -> Option<Week> {
        self.monday()
            .and_then(|m| m.checked_sub_days(Days::new(7)))
            .map(Week::of)
    }
}

impl std::fmt::Display for Week {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn shift(today: NaiveDate, amount: i64, unit: &str) -> Option<NaiveDate> {
    let forward = amount >= 0;
    let n = amount.unsigned_abs();
    match unit {
        "d" | "day" | "days" => {
            let d = Days::new(n);
            if forward {
                today.checked_add_days(d)
            } else {
                today.checked_sub_days(d)
            }
        }
        "w" | "week" | "weeks" => {
            let d = Days::new(n.checked_mul(7)?);
            if forward {
                today.checked_add_days(d)
            } else {
                today.checked_sub_days(d)
            }
        }
        "m" | "month" | "months" => {
            let m = Months::new(u32::try_from(n).ok()?);
            if forward {
                today.checked_add_months(m)
            } else {
                today.checked_sub_months(m)
            }
        }
        "y" | "year" | "years" => {
            let m = Months::new(u32::try_from(n.checked_mul(12)?).ok()?);
            if forward {
                today.checked_add_months(m)
            } else {
                today.checked_sub_months(m)
            }
        }
        _ => None,
    }
}

/// `+3d`, `-2w`, `+1m`, `+1y`.
fn parse_offset(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body = &s[1..];
    let split = body.find(|c: char| !c.is_ascii_digit())?;
    let (num, unit) = body.split_at(split);
    let n: i64 = num.parse().ok()?;
    shift(today, n.checked_mul(sign)?, unit)
}

/// Reads a calendar date: ISO (`2026-12-03`), or relative to `today`.
///
/// ```
/// use chrono::NaiveDate;
/// use tandem::domain::time::parse_date;
///
/// let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(); // a Tuesday
/// assert_eq!(parse_date("next monday", today).unwrap().to_string(), "2026-11-30");
/// assert_eq!(parse_date("-2w", today).unwrap().to_string(), "2026-11-10");
/// assert!(parse_date("someday", today).is_err());
/// ```
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateParseError> {
    let err = || DateParseError {
        input: input.to_string(),
    };
    let s = input.trim().to_lowercase();
    let words: Vec<&str> = s.split_whitespace().collect();
    let date = match words.as_slice() {
        ["today"] | ["now"] => Some(today),
        ["tomorrow"] => today.succ_opt(),
        ["yesterday"] => today.pred_opt(),
        [one] => parse_offset(one, today)
            .or_else(|| NaiveDate::parse_from_str(one, "%Y-%m-%d").ok())
            .or_else(|| parse_weekday(one).map(|wd| next_weekday(today, wd))),
        ["next", day] => parse_weekday(day).map(|wd| next_weekday(today, wd)),
        ["last", day] => parse_weekday(day).map(|wd| last_weekday(today, wd)),
        ["in", n, unit] => n.parse::<i64>().ok().and_then(|n| shift(today, n, unit)),
        [n, unit, "ago"] => n
            .parse::<i64>()
            .ok()
            .and_then(i64::checked_neg)
            .and_then(|n| shift(today, n, unit)),
        _ => None,
    };
    date.ok_or_else(err)
}

/// The first `wd` strictly after `today`.
fn next_weekday(today: NaiveDate, wd: Weekday) -> NaiveDate {
    let ahead =
        (7 + wd.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64) % 7;
    let ahead = if ahead == 0 { 7 } else { ahead };
    today + chrono::Duration::days(ahead)
}

/// The last `wd` strictly before `today`.
fn last_weekday(today: NaiveDate, wd: Weekday) -> NaiveDate {
    let back =
        (7 + today.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64) % 7;
    let back = if back == 0 { 7 } else { back };
    today - chrono::Duration::days(back)
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .ok()
}

/// A date and time a user typed; `has_time` is false when only a date was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDateTime {
    pub at: DateTime<FixedOffset>,
    pub has_time: bool,
}

/// Reads a date and time in the zone `tz`: `2026-12-03T14:00`, `2026-12-03 14:00`,
/// RFC 3339 with an offset, `now`, or any date [`parse_date`] reads, optionally
/// followed by a time (`tomorrow 14:00`). A date without a time is midnight.
pub fn parse_datetime<Tz: TimeZone>(
    input: &str,
    now: DateTime<FixedOffset>,
    tz: &Tz,
) -> Result<ParsedDateTime, DateParseError> {
    let err = || DateParseError {
        input: input.to_string(),
    };
    let s = input.trim();
    if s.eq_ignore_ascii_case("now") {
        return Ok(ParsedDateTime {
            at: now,
            has_time: true,
        });
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(s) {
        return Ok(ParsedDateTime { at, has_time: true });
    }
    for fmt in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return localize(naive, tz)
                .map(|at| ParsedDateTime { at, has_time: true })
                .ok_or_else(err);
        }
    }
    let today = now.date_naive();
    // "<date words> [HH:MM]"
    let (date_part, time) = match s.rsplit_once(char::is_whitespace) {
        Some((head, tail)) if parse_time(tail).is_some() => (head, parse_time(tail)),
        _ => (s, None),
    };
    let date = parse_date(date_part, today).map_err(|_| err())?;
    let naive = date.and_time(time.unwrap_or(NaiveTime::MIN));
    localize(naive, tz)
        .map(|at| ParsedDateTime {
            at,
            has_time: time.is_some(),
        })
        .ok_or_else(err)
}

/// A local wall-clock time in `tz`, with its offset. In a DST gap the later
/// valid reading is used; in an overlap, the earlier.
pub fn localize<Tz: TimeZone>(naive: NaiveDateTime, tz: &Tz) -> Option<DateTime<FixedOffset>> {
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => Some(t.fixed_offset()),
        chrono::LocalResult::Ambiguous(a, _) => Some(a.fixed_offset()),
        chrono::LocalResult::None => {
            let later = naive + chrono::Duration::hours(1);
            tz.from_local_datetime(&later)
                .earliest()
                .map(|t| t.fixed_offset())
        }
    }
}

/// "1 day", "3 days": `n` and `unit`, in the plural unless `n` is 1.
pub fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// A whole-day distance in words: "today", "tomorrow", "in 5 days", "3 weeks ago".
pub fn relative_days(date: NaiveDate, today: NaiveDate) -> String {
    let days = (date - today).num_days();
    match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        _ => {
            let n = days.abs();
            let span = if n < 14 {
                plural(n, "day")
            } else if n < 60 {
                plural(n / 7, "week")
            } else if n < 730 {
                plural(n / 30, "month")
            } else {
                plural(n / 365, "year")
            };
            if days > 0 {
                format!("in {span}")
            } else {
                format!("{span} ago")
            }
        }
    }
}

/// A distance in time in words; within a day it counts hours and minutes
/// ("in 2 hours", "25 min ago"), beyond that whole days.
pub fn relative_time(at: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> String {
    let secs = (at - now).num_seconds();
    let mins = secs.abs() / 60;
    if mins < 1 {
        return "now".to_string();
    }
    if mins < 24 * 60 && (secs > 0 || mins < 12 * 60) {
        let span = if mins < 60 {
            format!("{mins} min")
        } else {
            plural(mins / 60, "hour")
        };
        return if secs > 0 {
            format!("in {span}")
        } else {
            format!("{span} ago")
        };
    }
    let local_at = at.with_timezone(now.offset());
    relative_days(local_at.date_naive(), now.date_naive())
}

/// A day as chrono writes it (`2026-03-02`), read without chrono's general
/// parser for that common shape: a goal's history holds a day per check-in
/// for years, and parsing them was most of the cost of reading a goal.
/// Anything else goes to chrono, so what is accepted does not change.
pub mod iso_day {
    use chrono::NaiveDate;
    use serde::Deserializer;
    use serde::de::{Error, Unexpected, Visitor};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        struct Day;
        impl Visitor<'_> for Day {
            type Value = NaiveDate;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date as YYYY-MM-DD")
            }
            fn visit_str<E: Error>(self, s: &str) -> Result<NaiveDate, E> {
                parse(s).ok_or_else(|| E::invalid_value(Unexpected::Str(s), &self))
            }
        }
        d.deserialize_str(Day)
    }

    /// `YYYY-MM-DD` by hand, else chrono's parser.
    pub fn parse(s: &str) -> Option<NaiveDate> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        if b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
        {
            return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
        }
        s.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The quick reader of days agrees with chrono on every day it
        /// writes, and on any other text.
        #[test]
        fn iso_days_read_as_chrono_reads_them(days in -1_000_000i32..4_000_000, junk in "[0-9-+ ]{0,12}") {
            if let Some(day) = NaiveDate::from_num_days_from_ce_opt(days) {
                let text = day.to_string();
                prop_assert_eq!(iso_day::parse(&text), Some(day));
            }
            prop_assert_eq!(iso_day::parse(&junk), junk.parse::<NaiveDate>().ok());
        }
    }

    use super::*;
    use chrono::Utc;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    // 2026-11-24 is a Tuesday.
    const TODAY: &str = "2026-11-24";

    #[test]
    fn parses_iso_and_relative_dates() {
        let t = d(TODAY);
        assert_eq!(parse_date("2026-12-03", t).unwrap(), d("2026-12-03"));
        assert_eq!(parse_date("today", t).unwrap(), t);
        assert_eq!(parse_date("Tomorrow", t).unwrap(), d("2026-11-25"));
        assert_eq!(parse_date("yesterday", t).unwrap(), d("2026-11-23"));
        assert_eq!(parse_date("+3d", t).unwrap(), d("2026-11-27"));
        assert_eq!(parse_date("-2w", t).unwrap(), d("2026-11-10"));
        assert_eq!(parse_date("+1m", t).unwrap(), d("2026-12-24"));
        assert_eq!(parse_date("+1y", t).unwrap(), d("2027-11-24"));
        assert_eq!(parse_date("next monday", t).unwrap(), d("2026-11-30"));
        assert_eq!(parse_date("next tuesday", t).unwrap(), d("2026-12-01"));
        assert_eq!(parse_date("friday", t).unwrap(), d("2026-11-27"));
        assert_eq!(parse_date("last monday", t).unwrap(), d("2026-11-23"));
        assert_eq!(parse_date("in 2 weeks", t).unwrap(), d("2026-12-08"));
        assert_eq!(parse_date("3 days ago", t).unwrap(), d("2026-11-21"));
    }

    #[test]
    fn rejects_malformed_dates() {
        let t = d(TODAY);
        for bad in [
            "",
            "2026-13-01",
            "2026-02-30",
            "soon",
            "+3x",
            "next blursday",
            "+99999999999y",
        ] {
            assert!(parse_date(bad, t).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn parses_datetimes_in_the_given_zone() {
        let tz = FixedOffset::east_opt(3600).unwrap();
        let now = tz.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
        let p = parse_datetime("2026-12-03T14:00", now, &tz).unwrap();
        assert_eq!(p.at.to_rfc3339(), "2026-12-03T14:00:00+01:00");
        assert!(p.has_time);
        let p = parse_datetime("2026-12-03 14:00", now, &tz).unwrap();
        assert_eq!(p.at.to_rfc3339(), "2026-12-03T14:00:00+01:00");
        let p = parse_datetime("tomorrow 10:15", now, &tz).unwrap();
        assert_eq!(p.at.to_rfc3339(), "2026-11-25T10:15:00+01:00");
        let p = parse_datetime("next monday", now, &tz).unwrap();
        assert_eq!(p.at.to_rfc3339(), "2026-11-30T00:00:00+01:00");
        assert!(!p.has_time);
        let p = parse_datetime("2026-12-03T14:00:00Z", now, &tz).unwrap();
        assert_eq!(
            p.at.with_timezone(&Utc).to_rfc3339(),
            "2026-12-03T14:00:00+00:00"
        );
        assert_eq!(parse_datetime("now", now, &tz).unwrap().at, now);
        assert!(parse_datetime("2026-12-03T25:00", now, &tz).is_err());
        assert!(parse_datetime("tomorrow 25:00", now, &tz).is_err());
    }

    #[test]
    fn describes_day_distances() {
        let t = d(TODAY);
        assert_eq!(relative_days(t, t), "today");
        assert_eq!(relative_days(d("2026-11-25"), t), "tomorrow");
        assert_eq!(relative_days(d("2026-11-23"), t), "yesterday");
        assert_eq!(relative_days(d("2026-11-29"), t), "in 5 days");
        assert_eq!(relative_days(d("2026-11-03"), t), "3 weeks ago");
        assert_eq!(relative_days(d("2027-03-01"), t), "in 3 months");
        assert_eq!(relative_days(d("2029-01-01"), t), "in 2 years");
    }

    #[test]
    fn describes_time_distances() {
        let tz = FixedOffset::east_opt(0).unwrap();
        let now = tz.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let at = |h, m| tz.with_ymd_and_hms(2026, 11, 24, h, m, 0).unwrap();
        assert_eq!(relative_time(at(9, 0), now), "now");
        assert_eq!(relative_time(at(9, 25), now), "in 25 min");
        assert_eq!(relative_time(at(11, 0), now), "in 2 hours");
        assert_eq!(relative_time(at(8, 0), now), "1 hour ago");
        let days = tz.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
        assert_eq!(relative_time(days, now), "in 3 days");
    }

    #[test]
    fn weeks_follow_iso_8601() {
        assert_eq!(
            Week::of(d("2026-11-24")),
            Week {
                year: 2026,
                week: 48
            }
        );
        // 2027-01-01 is a Friday: it belongs to 2026's last week.
        assert_eq!(
            Week::of(d("2027-01-01")),
            Week {
                year: 2026,
                week: 53
            }
        );
        assert_eq!(Week::of(d("2026-11-24")).to_string(), "2026-W48");
        assert_eq!(
            Week {
                year: 2027,
                week: 1
            }
            .previous(),
            Some(Week {
                year: 2026,
                week: 53
            })
        );
    }
}

/// Where dates are read and shown: the machine's local zone, a named zone
/// (a command run for someone whose `TZ` differs from this process's), or
/// (in tests) a fixed offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Local,
    Named(chrono_tz::Tz),
    Fixed(FixedOffset),
}

impl Zone {
    /// The moment `at` on this zone's clock.
    pub fn show(self, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self {
            Zone::Local => at.with_timezone(&chrono::Local).fixed_offset(),
            Zone::Named(tz) => at.with_timezone(&tz).fixed_offset(),
            Zone::Fixed(tz) => at.with_timezone(&tz),
        }
    }

    /// The present moment on this zone's clock.
    pub fn now(self) -> DateTime<FixedOffset> {
        self.show(chrono::Utc::now().fixed_offset())
    }

    /// Reads a date and time typed in this zone (see [`parse_datetime`]).
    pub fn parse_datetime(
        self,
        input: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<ParsedDateTime, DateParseError> {
        match self {
            Zone::Local => parse_datetime(input, now, &chrono::Local),
            Zone::Named(tz) => parse_datetime(input, now, &tz),
            Zone::Fixed(tz) => parse_datetime(input, now, &tz),
        }
    }

    /// The zone a `TZ` value names: an IANA name (`Europe/Belgrade`, with or
    /// without a leading `:`), or `UTC`.
    pub fn from_tz(value: &str) -> Option<Zone> {
        let name = value.strip_prefix(':').unwrap_or(value);
        name.parse::<chrono_tz::Tz>().ok().map(Zone::Named)
    }
}
