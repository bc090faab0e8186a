//! The pairs a store holds: a mentee's store holds one (theirs with their
//! mentor); a mentor's holds one per mentee whose bundle they imported.
//! Everything a mentor sees, writes and shares is about one pair at a time,
//! the one they chose (kept in the store, for the app and the command line
//! alike). The glue between [`crate::store`] and the domain's
//! [`RecordMeta::in_pair`](crate::domain::RecordMeta::in_pair).

use chrono::{DateTime, FixedOffset};

use crate::domain::{
    CheckIn, Consultation, EventKind, Goal, GoalState, Id, JournalEntry, Origin, Profile, Role,
    TalkingPoint,
};
use crate::store::{Store, StoreError};

/// The setting that names the mentee whose pair a mentor chose.
const CHOSEN: &str = "pair";

/// The mentees of `me` (a mentor) whose bundles were imported, by name;
/// none for a mentee.
pub fn mentees(store: &Store, me: &Profile) -> Result<Vec<Profile>, StoreError> {
    if me.role != Role::Mentor {
        return Ok(Vec::new());
    }
    let mut out: Vec<Profile> = store
        .profiles()?
        .into_iter()
        .filter(|p| p.origin == Origin::Partner && p.role == Role::Mentee)
        .collect();
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}

/// The mentee whose pair a mentor works on: the one chosen last, else the
/// first by name. None for a mentee, or a mentor without mentees yet.
pub fn chosen(store: &Store, me: &Profile) -> Result<Option<Profile>, StoreError> {
    let mentees = mentees(store, me)?;
    let kept = store
        .setting(CHOSEN)?
        .and_then(|b| <[u8; 16]>::try_from(b.as_slice()).ok())
        .map(Id::from_bytes);
    Ok(kept
        .and_then(|id| mentees.iter().find(|p| p.id == id).cloned())
        .or_else(|| mentees.into_iter().next()))
}

/// Remembers the mentee whose pair a mentor works on.
pub fn choose(store: &Store, mentee: Id) -> Result<(), StoreError> {
    store.set_setting(CHOSEN, &mentee.to_bytes())
}

/// The mentee named `input`: their name or (when no other mentee shares
/// it) their first name, in any case, or a unique id prefix.
pub fn find<'a>(mentees: &'a [Profile], input: &str) -> Option<&'a Profile> {
    let input = input.trim();
    let first_name = |p: &Profile| p.name.split_whitespace().next().unwrap_or("").to_string();
    let by_first: Vec<&Profile> = mentees
        .iter()
        .filter(|p| first_name(p).eq_ignore_ascii_case(input))
        .collect();
    mentees
        .iter()
        .find(|p| p.name.trim().eq_ignore_ascii_case(input))
        .or(match by_first.as_slice() {
            [one] => Some(*one),
            _ => None,
        })
        .or_else(|| {
            let prefix = input.to_ascii_lowercase();
            let mut hits = mentees
                .iter()
                .filter(|p| !prefix.is_empty() && p.id.to_string().starts_with(&prefix));
            match (hits.next(), hits.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        })
}

/// The people of the pair: `me`, and the mentee (a mentor's), or every
/// partner whose bundle was imported (a mentee's).
pub fn people(store: &Store, me: &Profile, mentee: Option<Id>) -> Result<Vec<Id>, StoreError> {
    let mut out = vec![me.id];
    for p in store.profiles()? {
        if p.origin == Origin::Partner && mentee.is_none_or(|m| m == p.id) {
            out.push(p.id);
        }
    }
    Ok(out)
}

/// The pair meetings of `people` at or after `since` (the pair's only,
/// with `mentee`), newest first: read a window at a time from the newest.
pub fn meetings_since(
    store: &Store,
    me: Id,
    people: &[Id],
    mentee: Option<Id>,
    since: DateTime<chrono::Utc>,
) -> Result<Vec<JournalEntry>, StoreError> {
    let mut out = Vec::new();
    for p in people {
        let mut window = 64;
        loop {
            let newest = store.newest_journal(*p, window)?;
            let reached = newest.len() < window || newest.last().is_some_and(|e| e.at < since);
            if reached {
                out.extend(newest.into_iter().filter(|e| e.at >= since));
                break;
            }
            window = window.saturating_mul(4);
        }
    }
    out.retain(|e| e.kind == EventKind::PairMeeting && e.meta.in_pair(me, mentee));
    out.sort_by_key(|e| std::cmp::Reverse(e.at));
    Ok(out)
}

/// A talking point and how many of the pair's meetings it has waited.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Waiting {
    pub point: TalkingPoint,
    pub waited: usize,
}

/// The pair's talking points (open ones, or all with `all`), longest
/// waiting first, then oldest first.
pub fn points(
    store: &Store,
    me: &Profile,
    mentee: Option<Id>,
    all: bool,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Waiting>, StoreError> {
    let people = people(store, me, mentee)?;
    let mut points = Vec::new();
    for p in &people {
        points.extend(store.all::<TalkingPoint>(*p)?);
    }
    points.retain(|p| p.meta.in_pair(me.id, mentee) && (all || !p.discussed));
    let Some(oldest) = points.iter().map(|p| p.meta.created).min() else {
        return Ok(Vec::new());
    };
    let meetings = meetings_since(store, me.id, &people, mentee, oldest)?;
    let mut out: Vec<Waiting> = points
        .into_iter()
        .map(|point| Waiting {
            waited: point.waited(&meetings, now),
            point,
        })
        .collect();
    out.sort_by(|a, b| {
        (
            a.point.discussed,
            std::cmp::Reverse(a.waited),
            a.point.meta.created,
        )
            .cmp(&(
                b.point.discussed,
                std::cmp::Reverse(b.waited),
                b.point.meta.created,
            ))
    });
    Ok(out)
}

/// What a mentor sees of one mentee on their first screen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Card {
    pub mentee: Profile,
    /// The mentee's latest check-in.
    pub last_checkin: Option<CheckIn>,
    /// Their goals at risk or blocked in that check-in: title and state.
    pub at_risk: Vec<(String, GoalState)>,
    /// Open actions of the pair, and how many of them are overdue.
    pub open_actions: usize,
    pub overdue: usize,
    /// The pair's next meeting or event.
    pub next: Option<Consultation>,
    /// The pair's last meeting.
    pub last_meeting: Option<DateTime<FixedOffset>>,
    /// Open talking points of the pair.
    pub points: usize,
}

/// The card of each of `me`'s mentees, by name: range scans of a few
/// records each (the newest check-in, the meetings with open actions by
/// their index, the next events, the newest meetings), whatever the size
/// of the history.
pub fn cards(
    store: &Store,
    me: &Profile,
    now: DateTime<FixedOffset>,
) -> Result<Vec<Card>, StoreError> {
    let mut out = Vec::new();
    for mentee in mentees(store, me)? {
        out.push(card(store, me, mentee, now)?);
    }
    Ok(out)
}

fn card(
    store: &Store,
    me: &Profile,
    mentee: Profile,
    now: DateTime<FixedOffset>,
) -> Result<Card, StoreError> {
    let pair = Some(mentee.id);
    let people = [me.id, mentee.id];
    let last_checkin = store.newest_checkins(mentee.id, 1)?.pop();
    let mut at_risk = Vec::new();
    if let Some(c) = &last_checkin {
        for line in c
            .goals
            .iter()
            .filter(|l| matches!(l.state, GoalState::AtRisk | GoalState::Blocked))
        {
            if let Some(g) = store.get::<Goal>(line.goal)? {
                at_risk.push((g.title, line.state));
            }
        }
    }
    let today = now.date_naive();
    let (mut open_actions, mut overdue) = (0, 0);
    let mut open_meetings = Vec::new();
    for p in people {
        open_meetings.extend(store.journal_with_open_actions(p)?);
    }
    open_meetings.retain(|e| e.meta.in_pair(me.id, pair));
    for e in &open_meetings {
        for a in e.actions.iter().filter(|a| !a.done) {
            // An agreement both wrote down counts once.
            let twice = open_meetings.iter().any(|o| {
                o.meta.author == me.id
                    && e.meta.author != me.id
                    && o.actions
                        .iter()
                        .any(|b| !b.done && e.same_agreement(a, o, b, me.id))
            });
            if !twice {
                open_actions += 1;
                overdue += usize::from(a.is_overdue(today));
            }
        }
    }
    let mut upcoming = Vec::new();
    for p in people {
        upcoming.extend(store.upcoming_consultations(p, now, 8)?);
    }
    upcoming.retain(|c| c.meta.in_pair(me.id, pair) && c.ends_at() >= now);
    upcoming.sort_by_key(|c| c.start);
    crate::domain::one_per_event(&mut upcoming, me.id);
    let mut last_meeting = None;
    for p in people {
        let mut window = 8;
        loop {
            let newest = store.newest_journal(p, window)?;
            let found = newest
                .iter()
                .filter(|e| e.kind == EventKind::PairMeeting && e.at <= now)
                .find(|e| e.meta.in_pair(me.id, pair))
                .map(|e| e.at);
            if found.is_some() || newest.len() < window {
                last_meeting = last_meeting.max(found);
                break;
            }
            window = window.saturating_mul(8);
        }
    }
    let points = points(store, me, pair, false, now)?.len();
    Ok(Card {
        mentee,
        last_checkin,
        at_risk,
        open_actions,
        overdue,
        next: upcoming.into_iter().next(),
        last_meeting: last_meeting.map(|at| at.with_timezone(now.offset())),
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn a_mentee_is_found_by_name_or_id_prefix() {
        let now = Utc::now();
        let ana = Profile::new("Ana Petrović", Role::Mentee, now);
        let ben = Profile::new("Ben", Role::Mentee, now);
        let both = [ana.clone(), ben.clone()];
        assert_eq!(find(&both, " ana ").map(|p| p.id), Some(ana.id));
        assert_eq!(find(&both, "ANA petrović").map(|p| p.id), Some(ana.id));
        let twice = [ana.clone(), Profile::new("Ana Kovač", Role::Mentee, now)];
        assert_eq!(find(&twice, "ana"), None);
        let prefix = &ben.id.to_string()[..26];
        assert_eq!(find(&both, prefix).map(|p| p.id), Some(ben.id));
        assert_eq!(find(&both, "Cleo"), None);
        assert_eq!(find(&both, ""), None);
    }
}
