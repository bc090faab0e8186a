//! Gathers what a brief is built from out of the store: the glue between
//! [`crate::store`] and the pure [`crate::domain::brief`].

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};

use crate::domain::brief::{Brief, BriefInput};
use crate::domain::{CheckIn, EventKind, Goal, Id, Origin, Profile, TalkingPoint};
use crate::store::{Store, StoreError};

/// How many recent check-ins and reflections a brief looks at.
const RECENT: usize = 200;

/// The person a brief is about: on a mentor's machine, the mentee of the
/// pair (`pair`); otherwise the viewer.
pub fn subject_of(viewer: &Profile, pair: Option<&Profile>) -> Profile {
    pair.cloned().unwrap_or_else(|| viewer.clone())
}

/// The brief for `viewer`'s next meeting in the pair of `pair` (a mentor's
/// mentee; None for a mentee), at `now`.
pub fn brief(
    store: &Store,
    viewer: &Profile,
    pair: Option<&Profile>,
    now: DateTime<FixedOffset>,
) -> Result<Brief, StoreError> {
    let subject = subject_of(viewer, pair);
    let mentee = pair.map(|p| p.id);
    // The pair's records: the viewer's and their partner's (a mentee's
    // partners: every one they imported; meetings the partner logged carry
    // actions for both).
    let mut people = vec![viewer.id];
    for p in store.profiles()? {
        if p.origin == Origin::Partner
            && !people.contains(&p.id)
            && mentee.is_none_or(|m| m == p.id)
        {
            people.push(p.id);
        }
    }
    if !people.contains(&subject.id) {
        people.push(subject.id);
    }
    let mut journal = Vec::new();
    let mut reflections = Vec::new();
    let mut upcoming = Vec::new();
    let mut points = Vec::new();
    for p in &people {
        // The recent meetings (back to the last pair meeting), and the
        // meetings with open actions however old, from their index.
        let mut window = RECENT;
        let recent = loop {
            let recent = store.newest_journal(*p, window)?;
            let has_last = recent
                .iter()
                .any(|e| e.kind == EventKind::PairMeeting && e.at <= now);
            if has_last || recent.len() < window {
                break recent;
            }
            window = window.saturating_mul(4);
        };
        let seen: HashSet<Id> = recent.iter().map(|e| e.meta.id).collect();
        let older_open = store
            .journal_with_open_actions(*p)?
            .into_iter()
            .filter(|e| !seen.contains(&e.meta.id));
        journal.extend(recent);
        journal.extend(older_open);
        reflections.extend(store.newest_reflections(*p, RECENT)?);
        upcoming.extend(store.upcoming_consultations(*p, now, 20)?);
        points.extend(store.all::<TalkingPoint>(*p)?);
    }
    let in_pair = |m: &crate::domain::RecordMeta| m.in_pair(viewer.id, mentee);
    journal.retain(|e| in_pair(&e.meta));
    reflections.retain(|r| in_pair(&r.meta));
    upcoming.retain(|c| in_pair(&c.meta));
    points.retain(|p| in_pair(&p.meta));
    // The meetings an open talking point has waited through.
    if let Some(oldest) = points
        .iter()
        .filter(|p| !p.discussed)
        .map(|p| p.meta.created)
        .min()
    {
        let seen: HashSet<Id> = journal.iter().map(|e| e.meta.id).collect();
        let more = crate::pair::meetings_since(store, viewer.id, &people, mentee, oldest)?;
        journal.extend(more.into_iter().filter(|e| !seen.contains(&e.meta.id)));
    }
    upcoming.sort_by_key(|c| c.start);
    crate::domain::one_per_event(&mut upcoming, viewer.id);
    // A partner's times on the viewer's clock (`now` is in the viewer's zone).
    let clock = *now.offset();
    for e in journal.iter_mut().filter(|e| e.meta.author != viewer.id) {
        e.at = e.at.with_timezone(&clock);
    }
    for c in upcoming.iter_mut().filter(|c| c.meta.author != viewer.id) {
        c.start = c.start.with_timezone(&clock);
        c.end = c.end.map(|end| end.with_timezone(&clock));
    }
    // A brief is for the meeting (and for pasting into an email): private
    // goals stay out of it.
    let goals: Vec<Goal> = store
        .all::<Goal>(subject.id)?
        .into_iter()
        .filter(|g| g.meta.visibility == crate::domain::Visibility::Shared)
        .collect();
    let checkins: Vec<CheckIn> = store.newest_checkins(subject.id, RECENT)?;
    Ok(Brief::build(
        &BriefInput {
            viewer,
            subject: &subject,
            journal: &journal,
            goals: &goals,
            checkins: &checkins,
            reflections: &reflections,
            upcoming: &upcoming,
            points: &points,
        },
        now,
    ))
}
