//! Typed validation errors. Every rule of the domain reports one of these.

/// A record or an input that breaks a rule of the domain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("{field} is too long: {len} characters, at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("progress must be between 0 and 100 %, not {0}")]
    Progress(i64),
    #[error("{field} must be between 1 and 5, not {value}")]
    Scale { field: &'static str, value: i64 },
    #[error("the end ({end}) is before the start ({start})")]
    EndBeforeStart { start: String, end: String },
    #[error("the programme ends ({to}) before it starts ({from})")]
    ProgrammeEndsBeforeStart { from: String, to: String },
    #[error("there is no {item} {n}: {count} to choose from (numbered from 1)")]
    NoSuchItem {
        item: &'static str,
        n: usize,
        count: usize,
    },
    #[error("tag '{0}' is not valid: a tag is one word without spaces")]
    BadTag(String),
    #[error("goal {0} appears twice in the check-in")]
    DuplicateGoal(String),
    #[error("the {field} ({value}) is outside the years 1000 to 9999")]
    DateOutOfRange { field: &'static str, value: String },
    #[error("its id is not valid: {0}")]
    BadId(&'static str),
    #[error("the {field} cannot be read: it should be {expected}")]
    Format {
        field: &'static str,
        expected: &'static str,
    },
    #[error("too many {what}: {count}, at most {max}")]
    TooMany {
        what: &'static str,
        count: usize,
        max: usize,
    },
}

/// Upper bounds that keep records a sensible size.
pub mod limits {
    pub const TITLE: usize = 200;
    pub const NAME: usize = 100;
    pub const LINE: usize = 500;
    pub const TEXT: usize = 100_000;
    pub const ITEMS: usize = 500;
    pub const HISTORY: usize = 10_000;
}

pub(crate) fn require_text(
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(ValidationError::Empty { field });
    }
    limit_text(field, value, max)
}

pub(crate) fn limit_text(
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<(), ValidationError> {
    let len = value.chars().count();
    if len > max {
        return Err(ValidationError::TooLong { field, len, max });
    }
    Ok(())
}

pub(crate) fn limit_items(
    what: &'static str,
    count: usize,
    max: usize,
) -> Result<(), ValidationError> {
    if count > max {
        return Err(ValidationError::TooMany { what, count, max });
    }
    Ok(())
}

/// Checks a percentage typed by a user.
pub fn progress(value: i64) -> Result<u8, ValidationError> {
    u8::try_from(value)
        .ok()
        .filter(|v| *v <= 100)
        .ok_or(ValidationError::Progress(value))
}

/// Checks a 1–5 rating (mood, energy).
pub fn scale(field: &'static str, value: i64) -> Result<u8, ValidationError> {
    u8::try_from(value)
        .ok()
        .filter(|v| (1..=5).contains(v))
        .ok_or(ValidationError::Scale { field, value })
}

/// Picks item `n` (1-based, as users count) out of `count`.
pub fn item_index(item: &'static str, n: usize, count: usize) -> Result<usize, ValidationError> {
    if n == 0 || n > count {
        return Err(ValidationError::NoSuchItem { item, n, count });
    }
    Ok(n - 1)
}

/// Dates are kept between the years 1000 and 9999, so that no arithmetic on
/// them (a day later, a week before) can leave the calendar.
pub(crate) fn date_in_range(
    field: &'static str,
    date: chrono::NaiveDate,
) -> Result<(), ValidationError> {
    use chrono::Datelike;
    if (1000..=9999).contains(&date.year()) {
        Ok(())
    } else {
        Err(ValidationError::DateOutOfRange {
            field,
            value: date.to_string(),
        })
    }
}
