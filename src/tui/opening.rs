//! The app's first frame, drawn before its store is open.
//!
//! Opening sled is most of what a start takes (README, Performance). So
//! when the app quits, it saves what [`App::starting`] reads for the first
//! frame, read as the next start would read it; the next start, when the
//! store is as that app left it (see [`crate::store::opening`]), draws its
//! first frame from that while sled opens, then reads the store as always
//! before it handles a key. What was read depends on the day and on the
//! events still to come, so it serves until the next midnight or the end of
//! the next event, whichever comes first.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveTime, Utc};

use super::app::{App, Mode};
use super::form::Zone;
use super::tabs::Tab;
use super::workspace::{Data, Saved, Workspace};
use crate::store::{Store, codec};

#[derive(serde::Serialize, serde::Deserialize)]
struct Opening {
    /// The `--user` the app was started with.
    user: Option<String>,
    /// The zone's offset from UTC when it was saved, in seconds.
    offset: i32,
    /// When it was read: a clock set back since is not trusted with it.
    read_at: DateTime<Utc>,
    /// Until when the same reads give the same records.
    until: DateTime<Utc>,
    tab: String,
    /// For a mentor's first screen: the mentee selected.
    mentees_at: Option<usize>,
    saved: Saved,
}

/// What the next start of the app as `user` in `zone` draws first, read
/// now from `store`; None when it would start on a form (the first run, a profile
/// to fill in again) or the store cannot be read.
pub fn capture(
    store: &Arc<Store>,
    now: DateTime<FixedOffset>,
    zone: Zone,
    user: Option<&str>,
) -> Option<Vec<u8>> {
    let app = App::starting(Arc::clone(store), now, zone, user).ok()?;
    let mentees_at = match app.mode {
        Mode::Normal => None,
        Mode::Mentees(at) => Some(at),
        _ => return None,
    };
    let tab = app.tab.key().to_string();
    let people = app
        .ws
        .me
        .iter()
        .chain(&app.ws.partners)
        .chain(&app.ws.mentees);
    let meeting = next_meeting(store, people.map(|p| p.id), now)?;
    let saved = app.ws.into_saved();
    let opening = Opening {
        user: user.map(str::to_string),
        offset: now.offset().local_minus_utc(),
        read_at: now.to_utc(),
        until: valid_until(now, &saved.data, meeting),
        tab,
        mentees_at,
        saved,
    };
    codec::encode(&opening).ok()
}

/// The app as the last one to quit left `store` to start (locked, not open
/// yet), for a start as `user` at `now`; None when the store was had by
/// anything else since, when that was another user, another zone or before
/// what it read changed by the clock, or when nothing was left.
pub fn restore(
    store: &Arc<Store>,
    now: DateTime<FixedOffset>,
    zone: Zone,
    user: Option<&str>,
) -> Option<App> {
    let body = crate::store::opening::read(store.dir(), store.previous_holder())?;
    let opening: Opening = codec::decode_current(&body).ok()?;
    if opening.user.as_deref() != user
        || opening.offset != now.offset().local_minus_utc()
        || now.to_utc() >= opening.until
        || now.to_utc() < opening.read_at
    {
        return None;
    }
    let tab = Tab::from_key(&opening.tab)?;
    let mode = match opening.mentees_at {
        Some(at) => Mode::Mentees(at),
        None => Mode::Normal,
    };
    let ws = Workspace::from_saved(Arc::clone(store), opening.saved, now, zone);
    Some(App::assembled(ws, tab, mode))
}

/// The time of the first meeting logged for later than `now` by any of
/// `people` (Some(None) when there is none): when it comes, it is the pair's
/// last meeting, and talking points have waited one more. None when that
/// cannot be told from their newest meetings.
fn next_meeting(
    store: &Store,
    people: impl Iterator<Item = crate::domain::Id>,
    now: DateTime<FixedOffset>,
) -> Option<Option<DateTime<FixedOffset>>> {
    const NEWEST: usize = 8;
    let mut next: Option<DateTime<FixedOffset>> = None;
    for person in people {
        let newest = store.newest_journal(person, NEWEST).ok()?;
        let later: Vec<_> = newest.iter().filter(|e| e.at > now).collect();
        if later.len() == NEWEST {
            // All of them to come: the first may be further down.
            return None;
        }
        next = later.iter().map(|e| e.at).chain(next).min();
    }
    Some(next)
}

/// The next midnight, or the end of the first event still to come (the
/// pair's next one, on a mentor's cards) or the time of the first meeting
/// logged for later (`meeting`) if sooner: then the events to come, this
/// week's check-in, what is overdue and the pair's last meeting read
/// differently.
fn valid_until(
    now: DateTime<FixedOffset>,
    data: &Data,
    meeting: Option<DateTime<FixedOffset>>,
) -> DateTime<Utc> {
    let midnight = now
        .date_naive()
        .succ_opt()
        .and_then(|day| {
            day.and_time(NaiveTime::MIN)
                .and_local_timezone(*now.offset())
                .single()
        })
        .unwrap_or(now);
    let upcoming = data.consultations.iter().take(data.upcoming);
    let next = data.cards.iter().filter_map(|c| c.next.as_ref());
    upcoming
        .chain(next)
        .map(|c| c.ends_at())
        .chain(meeting)
        .fold(midnight, |a, b| a.min(b))
        .to_utc()
}
