//! Gathers what a brief is built from out of the store: the glue between
//! [`crate::store`] and the pure [`crate::domain::brief`].

use chrono::{DateTime, FixedOffset};

use crate::domain::brief::{Brief, BriefInput};
use crate::domain::{CheckIn, Goal, Origin, Profile, Role};
use crate::store::{Store, StoreError};

/// How many recent check-ins and reflections a brief looks at.
const RECENT: usize = 200;

/// The person a brief is about: on a mentor's machine, the mentee whose
/// shared records were imported; otherwise the viewer.
pub fn subject_of(store: &Store, viewer: &Profile) -> Result<Profile, StoreError> {
    if viewer.role == Role::Mentor
        && let Some(mentee) = store
            .profiles()?
            .into_iter()
            .find(|p| p.origin == Origin::Partner && p.role == Role::Mentee)
    {
        return Ok(mentee);
    }
    Ok(viewer.clone())
}

/// The brief for `viewer`'s next meeting, at `now`.
pub fn brief(
    store: &Store,
    viewer: &Profile,
    now: DateTime<FixedOffset>,
) -> Result<Brief, StoreError> {
    let subject = subject_of(store, viewer)?;
    // The pair's records: the viewer's and every partner's they imported
    // (meetings the partner logged carry actions for both).
    let mut people = vec![viewer.id];
    for p in store.profiles()? {
        if p.origin == Origin::Partner && !people.contains(&p.id) {
            people.push(p.id);
        }
    }
    if !people.contains(&subject.id) {
        people.push(subject.id);
    }
    let mut journal = Vec::new();
    let mut reflections = Vec::new();
    let mut upcoming = Vec::new();
    for p in &people {
        // Open actions can be old: every meeting is read.
        journal.extend(store.newest_journal(*p, usize::MAX)?);
        reflections.extend(store.newest_reflections(*p, RECENT)?);
        upcoming.extend(store.upcoming_consultations(*p, now, 20)?);
    }
    upcoming.sort_by_key(|c| c.start);
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
        },
        now,
    ))
}
