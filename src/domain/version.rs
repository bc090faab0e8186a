//! Versions that order changes across the two machines of a pair.
//!
//! A version is a hybrid logical clock: the wall-clock milliseconds of the
//! change in its high 48 bits and a counter in its low 16. A machine never
//! hands out a version at or below one it has already seen, its own or its
//! partner's, so a change made after reading the partner's bundle is always
//! later than everything in that bundle, whatever the two clocks say.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Id;

/// A point in the causal order of changes (see the module).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Version(pub u64);

impl Version {
    const COUNTER_BITS: u32 = 16;

    /// The version a change at `at` had before versions were kept: its
    /// wall-clock time with a zero counter.
    pub fn at_time(at: DateTime<Utc>) -> Version {
        let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        Version(ms.min((1 << 48) - 1) << Self::COUNTER_BITS)
    }

    /// The version after `last` for a change made at `now`: `now` when
    /// the clock is ahead of everything seen, else one step past `last`.
    pub fn next(last: Version, now: DateTime<Utc>) -> Version {
        Version::at_time(now).max(Version(last.0.saturating_add(1)))
    }

    /// The wall-clock time the version carries (approximate by design).
    pub fn time(self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis((self.0 >> Self::COUNTER_BITS) as i64)
    }
}

/// Who last set a part both people of a pair may write, and when: compared
/// by version first, and by who wrote it when two machines made the same
/// version, so that both sides pick the same winner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stamp {
    pub version: Version,
    pub by: Id,
}

/// The local clock of one store: the last version it handed out or saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    pub last: Version,
}

impl Clock {
    /// A fresh version for a change made at `now`.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Version {
        self.last = Version::next(self.last, now);
        self.last
    }

    /// Takes in a version seen in a partner's bundle.
    pub fn witness(&mut self, seen: Version) {
        self.last = self.last.max(seen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, h, m, 0).unwrap()
    }

    #[test]
    fn versions_follow_the_clock_while_it_runs_ahead() {
        let mut clock = Clock::default();
        let a = clock.tick(at(10, 0));
        let b = clock.tick(at(10, 1));
        assert!(b > a);
        assert_eq!(b, Version::at_time(at(10, 1)));
        assert_eq!(b.time(), Some(at(10, 1)));
    }

    #[test]
    fn a_change_after_a_bundle_from_a_clock_ahead_is_later_than_it() {
        // The partner's machine is three hours ahead.
        let theirs = Version::at_time(at(13, 0));
        let mut mine = Clock::default();
        mine.tick(at(10, 0));
        mine.witness(theirs);
        let next = mine.tick(at(10, 5));
        assert!(next > theirs, "{next:?} after {theirs:?}");
        // Two changes in the same millisecond stay ordered.
        let again = mine.tick(at(10, 5));
        assert!(again > next);
    }

    #[test]
    fn stamps_of_the_same_version_are_ordered_by_writer() {
        let v = Version::at_time(at(10, 0));
        let a = Stamp {
            version: v,
            by: Id::from_u128(1),
        };
        let b = Stamp {
            version: v,
            by: Id::from_u128(2),
        };
        assert!(b > a);
        let later = Stamp {
            version: Version(v.0 + 1),
            by: Id::from_u128(1),
        };
        assert!(later > b);
    }
}
