//! `tandem remind`: one line for a shell prompt — "check-in due · meeting
//! with Marko in 2 h · 2 actions overdue" — or nothing when nothing is due.
//!
//! A prompt runs it before every command, so it must not wait for the
//! store: opening sled alone takes longer than the whole of it should. What
//! it needs (the user's last check-in week, the next events, the due dates
//! of their open actions) is therefore kept in a small file beside the
//! database, `remind.json`, written again after every write to the store
//! (by a command, or by the app); the reminder is worked out from it
//! against the present moment. Without the file (a store last written by
//! an older tandem) the command reads the store and writes the file.
//!
//! The file is a cache: it is written without syncing, and a missing,
//! damaged or unknown one is read from the store again.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::{Consultation, EventKind, Id, Origin, Profile, Week};
use crate::store::{Store, StoreError};

/// The file's name in the store directory.
pub const FILE: &str = "remind.json";

/// The layout of the file this build writes; any other is read again.
const FORMAT: u32 = 1;

/// How many upcoming events the file keeps.
const EVENTS: usize = 32;

/// What a reminder is worked out from, for one person and their pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub format: u32,
    /// The profile these are about, and its name (for `--user`).
    pub profile: Id,
    pub name: String,
    /// A mentor's pair these are about.
    pub pair: Option<Id>,
    /// The week of the person's latest check-in.
    pub last_checkin: Option<Week>,
    /// The pair's next events (ending after the file was written), soonest
    /// first; `more` when there were more than were kept.
    pub events: Vec<Event>,
    pub more: bool,
    /// The due dates of the person's open actions, soonest first.
    pub due: Vec<NaiveDate>,
}

/// An upcoming event, as a reminder names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub title: String,
    pub kind: EventKind,
    /// For a pair meeting: the other person of the pair.
    pub with: Option<String>,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
}

impl Facts {
    /// Reads what a reminder needs for `me` (and a mentor's `pair`) from
    /// the store, as of `now`.
    pub fn gather(
        store: &Store,
        me: &Profile,
        pair: Option<&Profile>,
        now: DateTime<FixedOffset>,
    ) -> Result<Facts, StoreError> {
        let mentee = pair.map(|p| p.id);
        let people = crate::pair::people(store, me, mentee)?;
        let last_checkin = store.newest_checkins(me.id, 1)?.first().map(|c| c.week);
        let other = pair.map(|p| p.name.clone()).or_else(|| me.partner.clone());
        let mut events: Vec<Consultation> = Vec::new();
        // Whether some were left unread: then what lies beyond the last one
        // kept is not known (see `covers`).
        let mut more = false;
        for p in &people {
            let got = store.upcoming_consultations(*p, now, EVENTS + 1)?;
            more |= got.len() > EVENTS;
            events.extend(got);
        }
        events.retain(|c| c.meta.in_pair(me.id, mentee));
        events.sort_by_key(|c| (c.start, c.meta.id));
        more |= events.len() > EVENTS;
        events.truncate(EVENTS);
        let mut due = Vec::new();
        for p in &people {
            for e in store.journal_with_open_actions(*p)? {
                if !e.meta.in_pair(me.id, mentee) {
                    continue;
                }
                due.extend(
                    e.actions
                        .iter()
                        .filter(|a| !a.done && a.is_owned_by(e.meta.author, me.id))
                        .filter_map(|a| a.due),
                );
            }
        }
        due.sort();
        Ok(Facts {
            format: FORMAT,
            profile: me.id,
            name: me.name.clone(),
            pair: mentee,
            last_checkin,
            events: events
                .into_iter()
                .map(|c| Event {
                    with: (c.kind == EventKind::PairMeeting)
                        .then(|| other.clone())
                        .flatten(),
                    end: c.end.unwrap_or(c.start + Duration::hours(1)),
                    title: c.title,
                    kind: c.kind,
                    start: c.start,
                })
                .collect(),
            more,
            due,
        })
    }

    /// What is due at `now`, with meetings starting within `within`.
    pub fn due_at(&self, now: DateTime<FixedOffset>, within: Duration) -> Due {
        let today = now.date_naive();
        Due {
            checkin: self.last_checkin != Some(Week::of(today)),
            next: self
                .events
                .iter()
                .find(|e| e.end > now && e.start <= now + within)
                .cloned(),
            overdue: self.due.iter().filter(|d| **d < today).count(),
        }
    }

    /// Whether these facts still tell what is coming up to `until`: events
    /// beyond the last one kept are unknown when some were left out.
    pub fn covers(&self, until: DateTime<FixedOffset>) -> bool {
        !self.more || self.events.last().is_some_and(|e| e.start > until)
    }
}

/// What a reminder says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Due {
    /// No check-in this week yet.
    pub checkin: bool,
    /// The next event starting soon (or going on now).
    pub next: Option<Event>,
    /// How many of the person's open actions are past their due date.
    pub overdue: usize,
}

impl Due {
    /// The line for a prompt: the parts joined by " · ", or "" when
    /// nothing is due.
    pub fn line(&self, now: DateTime<FixedOffset>) -> String {
        let mut parts = Vec::new();
        if self.checkin {
            parts.push("check-in due".to_string());
        }
        if let Some(e) = &self.next {
            let what = match &e.with {
                Some(name) => format!("meeting with {}", crate::text::one_line(name, 30)),
                None => crate::text::one_line(&e.title, 40),
            };
            parts.push(format!("{what} {}", when(e.start, now)));
        }
        if self.overdue > 0 {
            parts.push(format!(
                "{} action{} overdue",
                self.overdue,
                if self.overdue == 1 { "" } else { "s" }
            ));
        }
        parts.join(" · ")
    }
}

/// "in 2 h", "in 35 min", "in 3 days", or "now" for what has begun.
fn when(start: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> String {
    let minutes = (start - now).num_minutes();
    match minutes {
        ..=0 => "now".into(),
        1..=59 => format!("in {minutes} min"),
        60..=2879 => format!("in {} h", (minutes + 30) / 60),
        _ => format!("in {} days", (minutes + 720) / 1440),
    }
}

/// Reads a duration such as `90m`, `24h`, `2d` or `1w`.
pub fn parse_within(input: &str) -> Option<Duration> {
    let s = input.trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = s.split_at(split);
    let n: i64 = n.parse().ok()?;
    match unit.trim() {
        "m" | "min" => Duration::try_minutes(n),
        "h" => Duration::try_hours(n),
        "d" => Duration::try_days(n),
        "w" => Duration::try_weeks(n),
        _ => None,
    }
}

fn path(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// The facts kept in the store directory `dir`, when they are there and
/// this build can read them.
pub fn read(dir: &Path) -> Option<Facts> {
    let bytes = std::fs::read(path(dir)).ok()?;
    serde_json::from_slice::<Facts>(&bytes)
        .ok()
        .filter(|f| f.format == FORMAT)
}

/// Writes the facts of the store's default profile and its chosen pair
/// (what a prompt shows), or removes the file when there is no profile.
/// A cache: a failure only means the next reminder reads the store.
pub fn refresh(store: &Store, now: DateTime<FixedOffset>) {
    // The app and a command it runs may both refresh: one at a time, so
    // that the file left is the later one's.
    static REFRESHING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = REFRESHING.lock().unwrap_or_else(|p| p.into_inner());
    let dir = store.dir();
    let facts = (|| -> Result<Option<Facts>, StoreError> {
        // Whom a command acts as without --user: the default profile, or
        // the only local one (with several and no default, nobody).
        let profiles = store.profiles()?;
        let default = store.default_profile()?;
        let local: Vec<&Profile> = profiles
            .iter()
            .filter(|p| p.origin == Origin::Local)
            .collect();
        let me = match profiles.iter().find(|p| Some(p.id) == default) {
            Some(p) => Some(p),
            None if local.len() == 1 => Some(local[0]),
            None => None,
        };
        let Some(me) = me else { return Ok(None) };
        let pair = crate::pair::chosen(store, me)?;
        Facts::gather(store, me, pair.as_ref(), now).map(Some)
    })();
    match facts {
        Ok(Some(facts)) => {
            if write(dir, &facts).is_err() {
                let _ = std::fs::remove_file(path(dir));
            }
        }
        Ok(None) | Err(_) => {
            let _ = std::fs::remove_file(path(dir));
        }
    }
}

/// Writes `facts` next to the file and renames it into place: a reader
/// sees the old file or the new one, never half of one.
fn write(dir: &Path, facts: &Facts) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    // The app and a command it runs may write at once: one name each.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let bytes = serde_json::to_vec(facts).map_err(std::io::Error::other)?;
    let tmp = dir.join(format!(".{FILE}.tmp-{}-{n}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(crate::exchange::FILE_MODE)
        .open(&tmp)?;
    let written = f
        .write_all(&bytes)
        .and_then(|()| std::fs::rename(&tmp, path(dir)));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32, m: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, d, h, m, 0)
            .unwrap()
    }

    fn facts() -> Facts {
        Facts {
            format: FORMAT,
            profile: Id::from_bytes([1; 16]),
            name: "Ana".into(),
            pair: None,
            last_checkin: Some(Week::of(at(17, 9, 0).date_naive())),
            events: vec![
                Event {
                    title: "Pair meeting".into(),
                    kind: EventKind::PairMeeting,
                    with: Some("Marko".into()),
                    start: at(24, 12, 0),
                    end: at(24, 13, 0),
                },
                Event {
                    title: "Workshop: budgets".into(),
                    kind: EventKind::Workshop,
                    with: None,
                    start: at(26, 9, 0),
                    end: at(26, 17, 0),
                },
            ],
            more: false,
            due: vec![
                NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            ],
        }
    }

    #[test]
    fn the_line_names_what_is_due_now() {
        let f = facts();
        let day = Duration::hours(24);
        assert_eq!(
            f.due_at(at(24, 10, 0), day).line(at(24, 10, 0)),
            "check-in due · meeting with Marko in 2 h · 2 actions overdue"
        );
        // During the meeting; then the workshop is more than a day away.
        assert_eq!(
            f.due_at(at(24, 12, 30), day).line(at(24, 12, 30)),
            "check-in due · meeting with Marko now · 2 actions overdue"
        );
        assert_eq!(
            f.due_at(at(24, 14, 0), day).line(at(24, 14, 0)),
            "check-in due · 2 actions overdue"
        );
        assert_eq!(
            f.due_at(at(24, 14, 0), Duration::days(3))
                .line(at(24, 14, 0)),
            "check-in due · Workshop: budgets in 43 h · 2 actions overdue"
        );
        assert_eq!(
            f.due_at(at(24, 11, 35), day).line(at(24, 11, 35)),
            "check-in due · meeting with Marko in 25 min · 2 actions overdue"
        );
    }

    #[test]
    fn times_read_in_minutes_hours_then_days() {
        let now = at(24, 10, 0);
        assert_eq!(when(at(24, 10, 0), now), "now");
        assert_eq!(when(at(24, 10, 59), now), "in 59 min");
        assert_eq!(when(at(24, 11, 0), now), "in 1 h");
        assert_eq!(when(at(26, 9, 0), now), "in 47 h");
        assert_eq!(when(at(26, 10, 0), now), "in 2 days");
        assert_eq!(when(at(29, 22, 0), now), "in 6 days");
    }

    #[test]
    fn nothing_due_is_an_empty_line() {
        let mut f = facts();
        f.last_checkin = Some(Week::of(at(24, 9, 0).date_naive()));
        f.due.clear();
        f.events.clear();
        assert_eq!(
            f.due_at(at(24, 10, 0), Duration::hours(24))
                .line(at(24, 10, 0)),
            ""
        );
        f.due = vec![NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()];
        assert_eq!(
            f.due_at(at(24, 10, 0), Duration::hours(24))
                .line(at(24, 10, 0)),
            "1 action overdue"
        );
    }

    #[test]
    fn lead_times_read_as_typed() {
        assert_eq!(parse_within("24h"), Some(Duration::hours(24)));
        assert_eq!(parse_within("90m"), Some(Duration::minutes(90)));
        assert_eq!(parse_within("2d"), Some(Duration::days(2)));
        assert_eq!(parse_within("1w"), Some(Duration::weeks(1)));
        assert_eq!(parse_within("h"), None);
        assert_eq!(parse_within("12"), None);
        assert_eq!(parse_within("3x"), None);
    }

    #[test]
    fn facts_with_events_left_out_cover_only_up_to_the_last_kept() {
        let mut f = facts();
        assert!(f.covers(at(30, 0, 0)));
        f.more = true;
        assert!(f.covers(at(25, 0, 0)));
        assert!(!f.covers(at(27, 0, 0)));
    }

    #[test]
    fn the_file_is_read_back_and_an_unknown_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()), None);
        write(dir.path(), &facts()).unwrap();
        assert_eq!(read(dir.path()), Some(facts()));
        std::fs::write(dir.path().join(FILE), b"{\"format\": 99}").unwrap();
        assert_eq!(read(dir.path()), None);
    }
}
