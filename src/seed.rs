//! Generated stores for benchmarks and for trying tandem at scale: years of a
//! pair's records in a realistic mix. `tandem dev seed --records N` runs it.

use chrono::{DateTime, Duration, FixedOffset};

use crate::domain::{
    AgreedAction, Audience, CheckIn, Consultation, EventKind, Goal, GoalCheck, GoalState,
    JournalEntry, Owner, Profile, Reflection, Visibility,
};
use crate::store::{AnyRecord, Change, Store, StoreError};

const NOTES: [&str; 4] = [
    "We went through the plan for the next exhibition: the venue is confirmed, the budget still needs a \
     second look, and the call for artists goes out once the jury is complete. We talked about how to say \
     no to projects that do not fit, and about keeping one afternoon a week for reading and visits.",
    "Most of the hour went to the grant narrative. Marko read it aloud and stopped at every sentence that \
     sounded like a form; we rewrote the opening together. Then the partners: one mandate still missing, \
     a plan B if it does not come, and who calls whom before Friday.",
    "A quieter meeting. I brought the audience survey and we looked at who never comes: students, older \
     neighbours, families. We agreed to try one small event for each group before planning anything big, \
     and to count who comes in a way the team will actually keep up.",
    "Delegation again. I listed everything I did last week that someone else could have done; it was most \
     of it. We picked two tasks to hand over for good and wrote down what 'good enough' means for each, so \
     that I stop taking them back.",
];

/// Adds about `records` records to `me`'s store, dated back from `now`, in
/// commits of a few thousand: 70 % meetings with actions (~500 bytes),
/// 12 % reflections, 8 % weekly check-ins, 8 % consultations and the rest
/// goals with long progress histories.
pub fn seed(
    store: &Store,
    me: &Profile,
    now: DateTime<FixedOffset>,
    records: usize,
) -> Result<usize, StoreError> {
    const BATCH: usize = 2_000;
    let mut changes = Vec::with_capacity(BATCH);
    let mut written = 0;
    let mut flush = |changes: &mut Vec<Change>, force: bool| -> Result<(), StoreError> {
        if changes.len() >= BATCH || (force && !changes.is_empty()) {
            written += changes.len();
            store.commit(std::mem::take(changes))?;
        }
        Ok(())
    };
    let goals = (records / 50).clamp(1, 40);
    let mut goal_ids = Vec::new();
    for i in 0..goals {
        let start = now - Duration::days(3 * 365);
        let mut g = Goal::new(
            me.id,
            &format!(
                "Goal {i}: grow the festival's audience in year {}",
                i % 5 + 1
            ),
            start,
        );
        for week in 0..156 {
            let at = start + Duration::weeks(week);
            let _ = g.set_progress((week * 100 / 156).min(100), at);
        }
        g.why = NOTES[i % NOTES.len()].to_string();
        for m in 0..5 {
            g.add_milestone(&format!("Milestone {m} of goal {i}"));
        }
        goal_ids.push(g.meta.id);
        changes.push(Change::Import(AnyRecord::Goal(g)));
        flush(&mut changes, false)?;
    }
    let rest = records.saturating_sub(goals);
    for i in 0..rest {
        let back = Duration::hours(i as i64 * 7 + 1);
        let at = now - back;
        let record = match i % 50 {
            0..=34 => {
                let mut e = JournalEntry::new(me.id, at, NOTES[i % NOTES.len()], now);
                e.kind = if i % 9 == 0 {
                    EventKind::Workshop
                } else {
                    EventKind::PairMeeting
                };
                e.with = me.partner.clone().unwrap_or_default();
                let mut a = AgreedAction::new(
                    "Send the revised budget to the board",
                    Owner::Me,
                    Some(at.date_naive() + Duration::days(7)),
                );
                // Older actions are done, as in a pair that keeps up; a
                // few stay open for months.
                a.done = i > 40;
                e.actions.push(a);
                let mut b =
                    AgreedAction::new("Introduce a curator from the network", Owner::Partner, None);
                b.done = i > 120 && (i > 1_500 || i % 97 != 0);
                e.actions.push(b);
                e.goals.push(goal_ids[i % goal_ids.len()]);
                AnyRecord::Journal(e)
            }
            35..=40 => {
                let mut r = Reflection::new(me.id, NOTES[(i + 1) % NOTES.len()], at);
                r.tags = vec!["learning".into(), format!("year{}", i % 3)];
                if i % 2 == 0 {
                    r.meta.visibility = Visibility::Shared;
                }
                AnyRecord::Reflection(r)
            }
            41..=44 => {
                let week_at = now - Duration::weeks((i / 50 * 4 + (i % 50 - 41)) as i64 + 1);
                let mut c =
                    CheckIn::new(me.id, (i % 5 + 1) as u8, ((i + 2) % 5 + 1) as u8, week_at);
                c.goals = goal_ids
                    .iter()
                    .take(3)
                    .map(|g| GoalCheck {
                        goal: *g,
                        progress: (i % 100) as u8,
                        state: GoalState::OnTrack,
                        note: String::new(),
                    })
                    .collect();
                c.win = "Finished the draft".into();
                AnyRecord::CheckIn(c)
            }
            _ => {
                // Half of them ahead, half behind.
                let start = if i % 2 == 0 { now + back } else { at };
                let mut c =
                    Consultation::new(me.id, &format!("Programme consultation {i}"), start, now);
                c.end = Some(start + Duration::hours(2));
                c.audience = Audience::ALL[i % 4];
                AnyRecord::Consultation(c)
            }
        };
        changes.push(Change::Import(record));
        flush(&mut changes, false)?;
    }
    flush(&mut changes, true)?;
    Ok(written)
}
