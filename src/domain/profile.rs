//! The people of the store.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::{limit_text, limits, require_text};
use super::labels::labelled_enum;
use super::{Id, ValidationError};

labelled_enum! {
    /// The part a person plays in the pair.
    pub enum Role ("role") {
        Mentee => "mentee",
        Mentor => "mentor",
    }
}

labelled_enum! {
    /// Where a profile comes from.
    pub enum Origin ("origin") {
        /// Someone who uses this store.
        Local => "local",
        /// A partner whose shared records were imported; read-only here.
        Partner => "partner",
    }
}

/// The mentoring programme a pair belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Programme {
    /// Days until the programme ends (negative once it is over).
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.to - today).num_days()
    }
}

/// The name of a profile [rebuilt](Profile::rebuilt) from its id.
pub const LOST_NAME: &str = "(name lost)";

/// A person: the user of the store, or an imported partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: Id,
    pub name: String,
    pub role: Role,
    /// The partner's name, as this person calls them.
    pub partner: Option<String>,
    pub programme: Option<Programme>,
    pub origin: Origin,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

impl Profile {
    pub fn new(name: &str, role: Role, now: DateTime<Utc>) -> Profile {
        Profile {
            id: Id::generate(now),
            name: name.trim().to_string(),
            role,
            partner: None,
            programme: None,
            origin: Origin::Local,
            created: now,
            updated: now,
        }
    }

    /// A profile rebuilt from its id alone, for records whose author's
    /// profile is missing or could not be read: the records stay reachable
    /// under it until their person gives it a name again. Dated 1970, so
    /// that any real version of it (from a partner's bundle, or `init`) wins.
    pub fn rebuilt(id: Id, origin: Origin) -> Profile {
        Profile {
            id,
            name: LOST_NAME.to_string(),
            role: Role::Mentee,
            partner: None,
            programme: None,
            origin,
            created: DateTime::UNIX_EPOCH,
            updated: DateTime::UNIX_EPOCH,
        }
    }

    /// Whether this is a profile [rebuilt](Profile::rebuilt) from its id.
    pub fn is_rebuilt(&self) -> bool {
        self.name == LOST_NAME && self.updated == DateTime::UNIX_EPOCH
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        require_text("name", &self.name, limits::NAME)?;
        if let Some(partner) = &self.partner {
            limit_text("partner name", partner, limits::NAME)?;
        }
        if let Some(p) = &self.programme {
            require_text("programme name", &p.name, limits::TITLE)?;
            if p.to < p.from {
                return Err(ValidationError::ProgrammeEndsBeforeStart {
                    from: p.from.to_string(),
                    to: p.to.to_string(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        Profile::new("Ana", Role::Mentee, Utc::now())
    }

    #[test]
    fn a_profile_needs_a_name() {
        let mut p = profile();
        assert_eq!(p.validate(), Ok(()));
        p.name = "  ".into();
        assert_eq!(p.validate(), Err(ValidationError::Empty { field: "name" }));
    }

    #[test]
    fn a_programme_cannot_end_before_it_starts() {
        let mut p = profile();
        let from = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let to = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
        p.programme = Some(Programme {
            name: "Creative Leaders".into(),
            from,
            to,
        });
        assert!(matches!(
            p.validate(),
            Err(ValidationError::ProgrammeEndsBeforeStart { .. })
        ));
        p.programme = Some(Programme {
            name: "Creative Leaders".into(),
            from: to,
            to: from,
        });
        assert_eq!(p.validate(), Ok(()));
        assert_eq!(p.programme.unwrap().days_left(to), 28);
    }

    #[test]
    fn roles_read_from_text() {
        assert_eq!("Mentor".parse::<Role>(), Ok(Role::Mentor));
        assert!("coach".parse::<Role>().is_err());
    }
}
