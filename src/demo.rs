//! A realistic mentoring programme to look at before typing anything in:
//! `tandem --demo` opens a throwaway store filled by [`populate`].
//!
//! The demo is the year of Ana Petrović, programme coordinator at Studio
//! Kvart, a small independent theatre that also runs a festival, and of her
//! mentor Marko Ilić, in the Creative Leaders Mentorship Programme. Eight and
//! a half months in, the store holds:
//!
//! - four goals at different stages (70 %, 40 %, one paused at 15 %, one
//!   achieved), each with why it matters, success criteria, a target date,
//!   milestones and a progress history since the programme began;
//! - a meeting journal: sixteen pair meetings and two programme workshops,
//!   with agreed actions (the older ones done, some of the latest overdue,
//!   some still ahead) and the goals each meeting was about;
//! - ten reflections, some answering a prompt from `assets/prompts.txt`,
//!   about half of them shared with the mentor;
//! - a weekly check-in for each of the last ten weeks, but not yet for this
//!   one;
//! - the programme's consultations and workshops, past and upcoming, and the
//!   pair's next meeting.
//!
//! The texts, and the days they happen on, live in `assets/demo.toml`, which
//! is compiled in and read once into the `*Spec` structs below; this module
//! turns those into records: dates, ids, and the links between records.
//! Every date is relative to `now` and in `now`'s UTC offset, so the demo
//! always looks current; apart from the record ids, everything depends only
//! on `now`. The texts never name a month or a season, since they have to
//! read well whatever `now` is.

use std::sync::LazyLock;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Timelike, Utc, Weekday,
};
use serde::Deserialize;

use crate::domain::{
    AgreedAction, Audience, CheckIn, Consultation, EventKind, Goal, GoalCheck, GoalState,
    GoalStatus, Id, JournalEntry, Milestone, Owner, Profile, Programme, ProgressPoint, Reflection,
    Role, Visibility,
};
use crate::store::{Change, Store, StoreError, Stored};

/// The reflection prompts tandem ships, one per line.
const PROMPTS: &str = include_str!("../assets/prompts.txt");

/// The demo's texts; the comments in the file say what each field means.
const DEMO_TOML: &str = include_str!("../assets/demo.toml");

/// The demo, read on first use. The file is compiled in, and the tests read
/// and check this very text (`the_demo_file_is_read_and_checked`): a file that
/// does not read cannot pass them, so a failure here would be a bug, not
/// something a user could cause or mend, and it panics.
static DEMO: LazyLock<Demo> = LazyLock::new(|| {
    Demo::parse(DEMO_TOML).unwrap_or_else(|e| panic!("assets/demo.toml is invalid: {e}"))
});

/// Fills `store` with the demo programme as it stands at `now`, in one
/// atomic write, and makes its mentee the default profile. Returns that
/// profile.
///
/// Meant for an empty store: in one that already holds data, the demo is
/// added next to it as a second profile, which becomes the default.
pub fn populate(store: &Store, now: DateTime<FixedOffset>) -> Result<Profile, StoreError> {
    let (profile, changes) = build(now);
    store.commit(changes)?;
    Ok(profile)
}

/// Fills `store` with the same programme from the mentor's chair: Marko
/// Ilić, with Ana's shared records as her bundle brings them, and a second
/// mentee, Ben Novak, whose pair is going through a rough patch (a goal
/// blocked, mood and energy falling, an action overdue). Each pair has a
/// talking point raised by the mentee and one by Marko. Returns Marko.
pub fn populate_mentor(store: &Store, now: DateTime<FixedOffset>) -> Result<Profile, StoreError> {
    let (marko, changes) = build_mentor(now);
    store.commit(changes)?;
    Ok(marko)
}

fn build_mentor(now: DateTime<FixedOffset>) -> (Profile, Vec<Change>) {
    use crate::domain::{AnyRecord, Origin, TalkingPoint};
    let clock = Clock::new(now);
    let (mut ana, ana_changes) = build(now);
    ana.origin = Origin::Partner;
    let mut marko = Profile::new("Marko Ilić", Role::Mentor, clock.at(-260, 19, 0).to_utc());
    marko.partner = Some(ana.name.clone());
    marko.programme = ana.programme.clone();
    let mut ben = Profile::new("Ben Novak", Role::Mentee, clock.at(-255, 18, 0).to_utc());
    ben.partner = Some(marko.name.clone());
    ben.programme = ana.programme.clone();
    ben.origin = Origin::Partner;

    let mut changes = vec![
        Change::Profile(marko.clone()),
        Change::DefaultProfile(marko.id),
        Change::Profile(ana.clone()),
        Change::Profile(ben.clone()),
    ];
    // What Ana's bundle brings: her shared records, without private notes.
    for change in ana_changes {
        if let Change::Import(mut r) = change
            && r.meta().visibility == Visibility::Shared
        {
            if let AnyRecord::Journal(e) = &mut r {
                e.private_notes.clear();
            }
            changes.push(Change::Import(r));
        }
    }
    let mut ana_point = TalkingPoint::new(
        ana.id,
        "How do I say no to the director without burning the bridge?",
        clock.at(-3, 21, 10),
    );
    ana_point.meta.updated = ana_point.meta.created;
    let mut for_ana = TalkingPoint::new(
        marko.id,
        "The jury: who decides when you and Ivana disagree?",
        clock.at(-1, 8, 30),
    );
    for_ana.meta.pair = Some(ana.id);

    // Ben: one goal blocked, three check-ins going down, an overdue action.
    let mut goal = Goal::new(
        ben.id,
        "Launch a youth theatre workshop series",
        clock.at(-120, 20, 0),
    );
    goal.why = "The neighbourhood's teenagers have nowhere to go after school.".into();
    goal.target = Some(clock.day(60));
    goal.add_milestone("Find a school that lends us a room");
    goal.add_milestone("Recruit two workshop leaders");
    goal.add_milestone("Run the first session");
    goal.milestones[1].done = true;
    goal.milestones[1].done_on = Some(clock.day(-4));
    goal.progress = 35;
    goal.history = vec![
        ProgressPoint {
            date: clock.day(-120),
            progress: 0,
        },
        ProgressPoint {
            date: clock.day(-40),
            progress: 20,
        },
        ProgressPoint {
            date: clock.day(-4),
            progress: 35,
        },
    ];
    let monday = clock.this_monday();
    let mut ben_checkins = Vec::new();
    for (weeks_ago, mood, energy, state, note, blocker) in [
        (3, 4, 4, GoalState::OnTrack, "Two leaders said yes", ""),
        (
            2,
            3,
            3,
            GoalState::AtRisk,
            "The school has not answered",
            "",
        ),
        (
            1,
            2,
            2,
            GoalState::Blocked,
            "The school cancelled the room",
            "No room, and no answer from the council",
        ),
    ] {
        let mut c = CheckIn::new(
            ben.id,
            mood,
            energy,
            clock.at(monday - 7 * weeks_ago + 4, 18, 0),
        );
        c.goals.push(GoalCheck {
            goal: goal.meta.id,
            progress: 35,
            state,
            note: note.into(),
        });
        c.blocker = blocker.into();
        c.focus = if weeks_ago == 1 {
            "Ask the library about their hall".into()
        } else {
            String::new()
        };
        ben_checkins.push(c);
    }
    let ben_point = TalkingPoint::new(
        ben.id,
        "Can we meet on Thursdays from now on?",
        clock.at(-2, 19, 0),
    );
    let mut met_ben = JournalEntry::new(
        marko.id,
        clock.at(-12, 18, 0),
        "Ben found two workshop leaders. The school is slow to answer; we agreed he asks the council too.",
        clock.at(-12, 19, 30),
    );
    met_ben.with = ben.name.clone();
    met_ben.actions.push(AgreedAction::new(
        "Write to the council about a room",
        Owner::Partner,
        Some(clock.day(-5)),
    ));
    met_ben.actions.push(AgreedAction::new(
        "Introduce Ben to the library's director",
        Owner::Me,
        Some(clock.day(2)),
    ));
    met_ben.meta.pair = Some(ben.id);
    let mut for_ben = TalkingPoint::new(
        marko.id,
        "Plan B if no room by the end of the month",
        clock.at(-1, 8, 40),
    );
    for_ben.meta.pair = Some(ben.id);

    changes.extend(
        [
            AnyRecord::Point(ana_point),
            AnyRecord::Point(for_ana),
            AnyRecord::Goal(goal),
            AnyRecord::Point(ben_point),
            AnyRecord::Journal(met_ben),
            AnyRecord::Point(for_ben),
        ]
        .into_iter()
        .chain(ben_checkins.into_iter().map(AnyRecord::CheckIn))
        .map(Change::Import),
    );
    debug_assert!(
        changes.iter().all(|c| match c {
            Change::Import(r) => r.validate().is_ok(),
            _ => true,
        }),
        "a mentor demo record is invalid"
    );
    (marko, changes)
}

/// The demo's profile and every change that writes it, without a store.
fn build(now: DateTime<FixedOffset>) -> (Profile, Vec<Change>) {
    let demo = &*DEMO;
    let clock = Clock::new(now);
    let profile = profile(&demo.programme, &clock);
    let me = profile.id;

    let goals: Vec<Goal> = demo
        .goals
        .iter()
        .map(|spec| goal(spec, me, &clock))
        .collect();
    let goal_ids: Vec<Id> = goals.iter().map(|g| g.meta.id).collect();
    // Every goal key in the file names a goal: `Demo::check` sees to it.
    let goal_id = |key: &str| demo.goal_index(key).map(|i| goal_ids[i]);

    let journal: Vec<JournalEntry> = demo
        .meetings
        .iter()
        .map(|spec| {
            let linked = spec.goals.iter().filter_map(|k| goal_id(k)).collect();
            journal_entry(spec, &demo.programme, me, &clock, linked)
        })
        .collect();
    let reflections = demo.reflections.iter().map(|spec| {
        let goal = spec.goal.as_deref().and_then(goal_id);
        reflection(spec, me, &clock, goal)
    });
    let checkins = demo
        .check_ins
        .iter()
        .map(|spec| check_in(spec, me, &clock, &demo.goals, &goal_ids));
    let next_meeting = journal
        .iter()
        .filter(|e| e.kind == EventKind::PairMeeting)
        .map(|e| e.meta.created)
        .max();
    let consultations = demo
        .events
        .iter()
        .map(|spec| consultation(spec, &demo.programme, me, &clock, next_meeting));

    let mut changes = vec![Change::Profile(profile.clone()), Change::DefaultProfile(me)];
    changes.extend(goals.into_iter().map(|r| Change::Import(r.into_any())));
    changes.extend(journal.into_iter().map(|r| Change::Import(r.into_any())));
    changes.extend(reflections.map(|r| Change::Import(r.into_any())));
    changes.extend(checkins.map(|r| Change::Import(r.into_any())));
    changes.extend(consultations.map(|r| Change::Import(r.into_any())));

    debug_assert!(profile.validate().is_ok(), "the demo profile is invalid");
    debug_assert!(
        changes.iter().all(|c| match c {
            Change::Import(r) => r.validate().is_ok(),
            _ => true,
        }),
        "a demo record is invalid"
    );
    (profile, changes)
}

// ----- the file ------------------------------------------------------------------

/// Everything `assets/demo.toml` holds. Days are counted from today, as
/// [`Clock`] counts them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Demo {
    programme: ProgrammeSpec,
    goals: Vec<GoalSpec>,
    meetings: Vec<MeetingSpec>,
    reflections: Vec<ReflectionSpec>,
    check_ins: Vec<CheckInSpec>,
    events: Vec<EventSpec>,
}

impl Demo {
    /// Reads the demo from `text` and checks what the types alone cannot.
    fn parse(text: &str) -> Result<Demo, String> {
        let demo: Demo = toml::from_str(text).map_err(|e| e.to_string())?;
        demo.check()?;
        Ok(demo)
    }

    /// Every goal key names one goal, every prompt is a line of
    /// `assets/prompts.txt`, every goal has a history, and no text begins or
    /// ends with white space (which a stray line break in a `"""` string
    /// would add).
    fn check(&self) -> Result<(), String> {
        for (i, goal) in self.goals.iter().enumerate() {
            if self.goal_index(&goal.key) != Some(i) {
                return Err(format!("two goals have the key {:?}", goal.key));
            }
            if goal.history.is_empty() {
                return Err(format!("the goal {:?} has no history", goal.key));
            }
        }
        let known = |key: &str, place: String| match self.goal_index(key) {
            Some(_) => Ok(()),
            None => Err(format!(
                "{place} names a goal {key:?}, and no goal has that key"
            )),
        };
        for m in &self.meetings {
            for key in &m.goals {
                known(key, format!("the meeting on day {}", m.day))?;
            }
        }
        for r in &self.reflections {
            if let Some(key) = &r.goal {
                known(key, format!("the reflection on day {}", r.day))?;
            }
            if let Some(prompt) = &r.prompt
                && !PROMPTS.lines().any(|line| line.trim() == prompt)
            {
                return Err(format!("{prompt:?} is not a line of assets/prompts.txt"));
            }
        }
        for c in &self.check_ins {
            for line in &c.goals {
                known(
                    &line.goal,
                    format!("the check-in {} weeks ago", c.weeks_ago),
                )?;
            }
        }
        for text in self.texts() {
            if text.trim() != text || text.lines().any(|l| l.trim() != l || l.is_empty()) {
                return Err(format!(
                    "{text:?} has white space around it or an empty line"
                ));
            }
        }
        Ok(())
    }

    fn goal_index(&self, key: &str) -> Option<usize> {
        self.goals.iter().position(|g| g.key == key)
    }

    /// Every text the demo shows.
    fn texts(&self) -> impl Iterator<Item = &str> {
        let p = &self.programme;
        let programme = [&p.name, &p.mentee, &p.mentor, &p.group];
        let goals = self.goals.iter().flat_map(|g| {
            [&g.title, &g.why, &g.criteria]
                .into_iter()
                .chain(g.milestones.iter().map(|m| &m.text))
        });
        let meetings = self
            .meetings
            .iter()
            .flat_map(|m| std::iter::once(&m.notes).chain(m.actions.iter().map(|a| &a.text)));
        let reflections = self
            .reflections
            .iter()
            .flat_map(|r| std::iter::once(&r.text).chain(&r.tags));
        let check_ins = self.check_ins.iter().flat_map(|c| {
            [&c.win, &c.blocker, &c.focus]
                .into_iter()
                .chain(c.goals.iter().map(|l| &l.note))
        });
        let events = self
            .events
            .iter()
            .flat_map(|e| [&e.title, &e.place, &e.notes]);
        programme
            .into_iter()
            .chain(goals)
            .chain(meetings)
            .chain(reflections)
            .chain(check_ins)
            .chain(events)
            .map(String::as_str)
    }
}

/// A time of day, written "HH:MM" in the file.
#[derive(Clone, Copy, Deserialize)]
#[serde(try_from = "String")]
struct TimeOfDay(NaiveTime);

impl TryFrom<String> for TimeOfDay {
    type Error = String;

    fn try_from(text: String) -> Result<TimeOfDay, String> {
        NaiveTime::parse_from_str(&text, "%H:%M")
            .map(TimeOfDay)
            .map_err(|_| format!("{text:?} is not a time of day written HH:MM"))
    }
}

// ----- dates -------------------------------------------------------------------

/// Days and times relative to `now`, in `now`'s UTC offset. Days are counted
/// from today: -7 is a week ago, 2 the day after tomorrow.
struct Clock {
    now: DateTime<FixedOffset>,
    /// The start of today.
    midnight: DateTime<FixedOffset>,
}

impl Clock {
    fn new(now: DateTime<FixedOffset>) -> Clock {
        let since_midnight = Duration::seconds(i64::from(now.num_seconds_from_midnight()))
            + Duration::nanoseconds(i64::from(now.nanosecond()));
        Clock {
            now,
            midnight: now - since_midnight,
        }
    }

    fn day(&self, days: i64) -> NaiveDate {
        self.now.date_naive() + Duration::days(days)
    }

    /// `hour:minute` on day `days`.
    fn at(&self, days: i64, hour: i64, minute: i64) -> DateTime<FixedOffset> {
        self.midnight + Duration::days(days) + Duration::hours(hour) + Duration::minutes(minute)
    }

    /// `time` on day `days`.
    fn at_time(&self, days: i64, time: TimeOfDay) -> DateTime<FixedOffset> {
        self.at(days, i64::from(time.0.hour()), i64::from(time.0.minute()))
    }

    /// Day `days`, moved back to the Friday before when it is a weekend day.
    fn workday_back(&self, days: i64) -> i64 {
        match self.day(days).weekday() {
            Weekday::Sat => days - 1,
            Weekday::Sun => days - 2,
            _ => days,
        }
    }

    /// The Monday of the current ISO week, as a day from today.
    fn this_monday(&self) -> i64 {
        -i64::from(self.now.weekday().num_days_from_monday())
    }

    /// `t`, or `now` if `t` is later: nothing is written in the future.
    fn not_after_now(&self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        t.min(self.now)
    }
}

// ----- the profile ---------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgrammeSpec {
    name: String,
    mentee: String,
    mentor: String,
    /// Whom the programme's workshops are "with" in the journal.
    group: String,
    /// The day the programme began.
    began: i64,
    /// How many days it lasts.
    days: i64,
}

impl ProgrammeSpec {
    /// The day the programme ends.
    fn end(&self) -> i64 {
        self.began + self.days
    }
}

fn profile(spec: &ProgrammeSpec, clock: &Clock) -> Profile {
    let mut p = Profile::new(
        &spec.mentee,
        Role::Mentee,
        clock.at(spec.began - 3, 20, 0).to_utc(),
    );
    p.partner = Some(spec.mentor.clone());
    p.programme = Some(Programme {
        name: spec.name.clone(),
        from: clock.day(spec.began),
        to: clock.day(spec.end()),
    });
    p
}

// ----- goals -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalSpec {
    /// How meetings, reflections and check-ins name the goal.
    key: String,
    title: String,
    why: String,
    criteria: String,
    /// Day of the target date.
    target: i64,
    /// For a goal that is no longer active: its status and the day it changed.
    ended: Option<Ended>,
    milestones: Vec<MilestoneSpec>,
    /// (day, progress), oldest first, never empty; the first day is the day
    /// the goal was written down, the last progress is the progress now.
    history: Vec<(i64, u8)>,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ended {
    status: GoalStatus,
    day: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MilestoneSpec {
    done: bool,
    text: String,
    /// The day it was ticked (days from today; the goal's last progress
    /// day when not given).
    #[serde(default)]
    day: Option<i64>,
}

impl GoalSpec {
    fn status(&self) -> GoalStatus {
        self.ended.map_or(GoalStatus::Active, |e| e.status)
    }

    fn created(&self) -> i64 {
        self.history[0].0
    }

    /// Whether the goal was active on day `day`.
    fn active_on(&self, day: i64) -> bool {
        self.created() <= day && self.ended.is_none_or(|e| day < e.day)
    }

    /// The progress the goal had on day `day`.
    fn progress_on(&self, day: i64) -> u8 {
        self.history
            .iter()
            .take_while(|&&(d, _)| d <= day)
            .last()
            .map_or(0, |&(_, p)| p)
    }
}

fn goal(spec: &GoalSpec, author: Id, clock: &Clock) -> Goal {
    let mut g = Goal::new(author, &spec.title, clock.at(spec.created(), 21, 0));
    g.why = spec.why.clone();
    g.criteria = spec.criteria.clone();
    g.target = Some(clock.day(spec.target));
    g.status = spec.status();
    // A done milestone without a day of its own was ticked along the
    // progress history: the k-th of n on the point k/n of the way.
    let done = spec.milestones.iter().filter(|m| m.done).count().max(1);
    let last = spec.history.len().saturating_sub(1);
    let mut k = 0;
    g.milestones = spec
        .milestones
        .iter()
        .map(|m| Milestone {
            text: m.text.clone(),
            done: m.done,
            done_on: m.done.then(|| {
                k += 1;
                let along = spec.history.get(k * last / done).map(|h| h.0);
                clock.day(m.day.or(along).unwrap_or_default())
            }),
        })
        .collect();
    g.history = spec
        .history
        .iter()
        .map(|&(day, progress)| ProgressPoint {
            date: clock.day(day),
            progress,
        })
        .collect();
    g.progress = g.history.last().map_or(0, |p| p.progress);
    let last_change = spec
        .history
        .iter()
        .map(|&(day, _)| day)
        .chain(spec.ended.map(|e| e.day))
        .max()
        .unwrap_or_else(|| spec.created());
    g.meta
        .touch(clock.not_after_now(clock.at(last_change, 21, 0)).to_utc());
    g
}

// ----- the journal ---------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeetingSpec {
    /// The day (moved back to a weekday if it falls on a weekend).
    day: i64,
    time: TimeOfDay,
    kind: EventKind,
    /// Keys of [`GoalSpec`]s.
    goals: Vec<String>,
    notes: String,
    actions: Vec<ActionSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionSpec {
    owner: Owner,
    /// Days after the meeting it is due.
    due_after: i64,
    done: bool,
    text: String,
}

fn journal_entry(
    spec: &MeetingSpec,
    programme: &ProgrammeSpec,
    author: Id,
    clock: &Clock,
    goals: Vec<Id>,
) -> JournalEntry {
    let day = clock.workday_back(spec.day);
    let at = clock.at_time(day, spec.time);
    // Written up the same evening.
    let mut e = JournalEntry::new(
        author,
        at,
        &spec.notes,
        clock.not_after_now(at + Duration::hours(3)),
    );
    e.kind = spec.kind;
    e.with = match spec.kind {
        EventKind::PairMeeting => programme.mentor.clone(),
        _ => programme.group.clone(),
    };
    e.actions = spec
        .actions
        .iter()
        .map(|a| AgreedAction {
            done: a.done,
            ..AgreedAction::new(&a.text, a.owner, Some(clock.day(day + a.due_after)))
        })
        .collect();
    e.goals = goals;
    // The last action ticked off was ticked on its due day.
    if let Some(last_done) = spec
        .actions
        .iter()
        .filter(|a| a.done)
        .map(|a| a.due_after)
        .max()
    {
        let ticked = clock.at(day + last_done, 9, 30);
        e.meta.touch(clock.not_after_now(ticked).to_utc());
    }
    e
}

// ----- reflections ---------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReflectionSpec {
    day: i64,
    /// A line of `assets/prompts.txt`.
    prompt: Option<String>,
    /// The key of a [`GoalSpec`].
    goal: Option<String>,
    tags: Vec<String>,
    shared: bool,
    text: String,
}

fn reflection(spec: &ReflectionSpec, author: Id, clock: &Clock, goal: Option<Id>) -> Reflection {
    let mut r = Reflection::new(author, &spec.text, clock.at(spec.day, 21, 30));
    r.prompt = spec.prompt.clone();
    r.tags = spec.tags.clone();
    r.goal = goal;
    if spec.shared {
        r.meta.visibility = Visibility::Shared;
    }
    r
}

// ----- check-ins -----------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckInSpec {
    /// ISO weeks before the current one.
    weeks_ago: i64,
    /// The day of that week it was written, 0 for Monday.
    weekday: i64,
    mood: u8,
    energy: u8,
    win: String,
    blocker: String,
    focus: String,
    /// The goal lines that were not "on track, no note".
    goals: Vec<GoalLineSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalLineSpec {
    /// The key of a [`GoalSpec`].
    goal: String,
    state: GoalState,
    note: String,
}

/// `goal_ids` are the ids of `goals`, in the same order.
fn check_in(
    spec: &CheckInSpec,
    author: Id,
    clock: &Clock,
    goals: &[GoalSpec],
    goal_ids: &[Id],
) -> CheckIn {
    let day = clock.this_monday() - 7 * spec.weeks_ago + spec.weekday;
    let mut c = CheckIn::new(author, spec.mood, spec.energy, clock.at(day, 19, 15));
    c.win = spec.win.clone();
    c.blocker = spec.blocker.clone();
    c.focus = spec.focus.clone();
    c.goals = goals
        .iter()
        .zip(goal_ids)
        .filter(|(goal, _)| goal.active_on(day))
        .map(|(goal, &id)| {
            let (state, note) = spec
                .goals
                .iter()
                .find(|line| line.goal == goal.key)
                .map_or((GoalState::OnTrack, ""), |line| {
                    (line.state, line.note.as_str())
                });
            GoalCheck {
                goal: id,
                progress: goal.progress_on(day),
                state,
                note: note.to_string(),
            }
        })
        .collect();
    c
}

// ----- consultations -------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventSpec {
    title: String,
    kind: EventKind,
    audience: Audience,
    day: EventDay,
    /// When it starts and ends; `None` for an all-day event.
    hours: Option<(TimeOfDay, TimeOfDay)>,
    place: String,
    notes: String,
}

/// A day from today, or `{ before_end = n }`: `n` days before the programme
/// ends.
#[derive(Clone, Copy, Deserialize)]
#[serde(
    untagged,
    expecting = "a day is a number of days from today, or { before_end = n }"
)]
enum EventDay {
    FromToday(i64),
    BeforeEnd { before_end: i64 },
}

/// `next_meeting` is when the last pair meeting was written up: the next one
/// was agreed there.
fn consultation(
    spec: &EventSpec,
    programme: &ProgrammeSpec,
    author: Id,
    clock: &Clock,
    next_meeting: Option<DateTime<Utc>>,
) -> Consultation {
    let day = match spec.day {
        EventDay::FromToday(day) => day,
        EventDay::BeforeEnd { before_end } => programme.end() - before_end,
    };
    let (start, end) = match spec.hours {
        Some((from, to)) => (clock.at_time(day, from), Some(clock.at_time(day, to))),
        None => (clock.at(day, 0, 0), None),
    };
    // Programme events were typed in three weeks ahead (or just now, for those
    // further away); the pair's meeting when it was agreed.
    let typed = match (spec.audience, next_meeting) {
        (Audience::Pair, Some(agreed)) => agreed.fixed_offset(),
        _ => clock.not_after_now(start - Duration::days(21)),
    };
    let mut c = Consultation::new(author, &spec.title, start, typed);
    c.kind = spec.kind;
    c.audience = spec.audience;
    c.end = end;
    c.all_day = spec.hours.is_none();
    c.place = spec.place.clone();
    c.notes = spec.notes.clone();
    c
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use chrono::TimeZone;

    use super::*;
    use crate::domain::{Record, Week};
    use crate::store::Snapshot;

    fn fixed_now() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
            .unwrap()
    }

    /// A few more "nows": a Sunday late at night, a Monday just after midnight
    /// in another zone, across a year's end (and an ISO week 53).
    fn other_nows() -> Vec<DateTime<FixedOffset>> {
        vec![
            FixedOffset::west_opt(5 * 3600)
                .unwrap()
                .with_ymd_and_hms(2027, 3, 14, 23, 50, 0)
                .unwrap(),
            FixedOffset::east_opt(9 * 3600)
                .unwrap()
                .with_ymd_and_hms(2026, 6, 1, 0, 5, 0)
                .unwrap(),
            FixedOffset::east_opt(3600)
                .unwrap()
                .with_ymd_and_hms(2027, 1, 2, 12, 0, 0)
                .unwrap(),
        ]
    }

    fn populated(now: DateTime<FixedOffset>) -> (tempfile::TempDir, Store, Profile) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("store")).unwrap();
        let profile = populate(&store, now).unwrap();
        (dir, store, profile)
    }

    fn all_valid<R: Record + std::fmt::Debug>(records: &[R]) {
        for r in records {
            assert_eq!(r.validate(), Ok(()), "{r:?}");
        }
    }

    fn check_invariants(now: DateTime<FixedOffset>) {
        let (_dir, store, me) = populated(now);
        let today = now.date_naive();
        let snap = store.snapshot().unwrap();

        // The profile, as the default.
        assert_eq!(store.default_profile().unwrap(), Some(me.id));
        assert_eq!(snap.profiles, vec![me.clone()]);
        assert_eq!(me.validate(), Ok(()));
        assert_eq!(me.role, Role::Mentee);
        assert_eq!(me.partner.as_deref(), Some(DEMO.programme.mentor.as_str()));
        let programme = me.programme.as_ref().unwrap();
        assert!(programme.from < today && today < programme.to);

        // Every record is valid, by the mentee, and none was written after now.
        all_valid(&snap.goals);
        all_valid(&snap.journal);
        all_valid(&snap.reflections);
        all_valid(&snap.consultations);
        all_valid(&snap.checkins);
        let records: Vec<_> = snap.records().collect();
        assert!(records.len() > 40);
        for r in &records {
            assert_eq!(r.meta().author, me.id);
            assert!(r.meta().created <= now.to_utc(), "{r:?}");
            assert!(r.meta().created <= r.meta().updated, "{r:?}");
            assert!(r.meta().updated <= now.to_utc(), "{r:?}");
        }

        // Four goals with distinct progress, one achieved, one paused, one due soon.
        assert_eq!(snap.goals.len(), 4);
        let progress: BTreeSet<u8> = snap.goals.iter().map(|g| g.progress).collect();
        assert_eq!(progress.len(), 4);
        assert!(progress.contains(&100));
        for g in &snap.goals {
            assert_eq!(g.history.last().map(|p| p.progress), Some(g.progress));
            assert!(g.history.windows(2).all(|w| w[0].date < w[1].date));
            assert!(g.history.windows(2).all(|w| w[0].progress <= w[1].progress));
            assert!(g.history.first().unwrap().date >= programme.from);
            assert!(g.history.last().unwrap().date <= today);
            assert!((3..=5).contains(&g.milestones.len()));
        }
        let statuses: Vec<GoalStatus> = snap.goals.iter().map(|g| g.status).collect();
        for s in [GoalStatus::Active, GoalStatus::Paused, GoalStatus::Achieved] {
            assert!(statuses.contains(&s), "no {s} goal");
        }
        assert!(snap.goals.iter().any(|g| g.status == GoalStatus::Active
            && g.days_left(today).is_some_and(|d| (1..=14).contains(&d))));
        assert_eq!(store.active_goals(me.id).unwrap().len(), 2);

        // The journal: pair meetings every two to three weeks, two workshops.
        let journal = store.newest_journal(me.id, usize::MAX).unwrap();
        let meetings: Vec<&JournalEntry> = journal
            .iter()
            .filter(|e| e.kind == EventKind::PairMeeting)
            .collect();
        assert_eq!(meetings.len(), 16);
        assert!(meetings.iter().all(|e| e.with == DEMO.programme.mentor));
        assert_eq!(
            journal
                .iter()
                .filter(|e| e.kind == EventKind::Workshop && e.with == DEMO.programme.group)
                .count(),
            2
        );
        let notes: BTreeSet<&str> = journal.iter().map(|e| e.notes.as_str()).collect();
        assert_eq!(notes.len(), journal.len(), "every entry has its own notes");
        for e in &journal {
            let lines = e.notes.lines().count();
            assert!((3..=6).contains(&lines), "{lines} lines: {}", e.notes);
            assert!((1..=3).contains(&e.actions.len()));
            assert!(e.at.weekday().num_days_from_monday() < 5, "{}", e.at);
            for a in &e.actions {
                let due = a.due.unwrap();
                assert!(due > e.at.date_naive());
            }
        }
        let (last, before) = (meetings[0], meetings[1]);
        let last_days = (today - last.at.date_naive()).num_days();
        assert!((6..=8).contains(&last_days), "{last_days}");
        assert!(last.open_actions() > 0 && before.open_actions() > 0);
        assert!(
            meetings[2..].iter().all(|e| e.open_actions() == 0),
            "older actions are done"
        );
        let actions = || journal.iter().flat_map(|e| &e.actions);
        assert!(actions().filter(|a| a.is_overdue(today)).count() >= 2);
        assert!(actions().any(|a| !a.done && a.due.is_some_and(|d| d > today)));
        assert!(actions().any(|a| a.owner == Owner::Partner && !a.done));
        let gaps: Vec<i64> = meetings
            .windows(2)
            .map(|w| (w[0].at - w[1].at).num_days())
            .collect();
        assert!(gaps.iter().all(|g| (10..=23).contains(g)), "{gaps:?}");
        let first = meetings.last().unwrap().at.date_naive();
        assert!((first - programme.from).num_days() < 10);

        // Reflections: private and shared, some prompted, some about a goal.
        let reflections = &snap.reflections;
        assert_eq!(reflections.len(), 10);
        let shared = reflections
            .iter()
            .filter(|r| r.meta.visibility == Visibility::Shared)
            .count();
        assert!((4..=6).contains(&shared), "{shared} shared");
        let prompts: Vec<&str> = PROMPTS.lines().collect();
        let prompted: Vec<&str> = reflections
            .iter()
            .filter_map(|r| r.prompt.as_deref())
            .collect();
        assert!(prompted.len() >= 5);
        assert!(prompted.iter().all(|p| prompts.contains(p)));
        assert!(reflections.iter().any(|r| r.goal.is_some()));
        assert!(reflections.iter().any(|r| r.prompt.is_none()));
        assert!(reflections.iter().all(|r| !r.tags.is_empty()));
        let goal_ids: BTreeSet<Id> = snap.goals.iter().map(|g| g.meta.id).collect();
        assert!(
            reflections
                .iter()
                .filter_map(|r| r.goal)
                .chain(journal.iter().flat_map(|e| e.goals.iter().copied()))
                .all(|id| goal_ids.contains(&id))
        );

        // Check-ins: each of the last ten weeks, not this one.
        let this_week = Week::of(today);
        assert_eq!(store.checkin_for_week(me.id, this_week).unwrap(), None);
        let mut week = this_week;
        for _ in 0..10 {
            week = week.previous().unwrap();
            let c = store.checkin_for_week(me.id, week).unwrap();
            assert!(c.is_some(), "no check-in for {week}");
        }
        assert_eq!(snap.checkins.len(), 10);
        let by_id: BTreeMap<Id, &Goal> = snap.goals.iter().map(|g| (g.meta.id, g)).collect();
        let mut states = BTreeSet::new();
        for c in &snap.checkins {
            assert!(!c.goals.is_empty());
            let monday = c.week.monday().unwrap();
            for line in &c.goals {
                // The progress the goal's history had that week.
                let goal = by_id[&line.goal];
                let then = goal
                    .history
                    .iter()
                    .rfind(|p| p.date <= monday + Duration::days(6))
                    .unwrap();
                assert!(line.progress <= then.progress, "{line:?}");
                assert!(
                    line.progress >= then.progress.saturating_sub(10),
                    "{line:?}"
                );
                states.insert(line.state);
            }
        }
        assert_eq!(states.len(), 3, "on track, at risk and blocked all appear");
        let moods: BTreeSet<u8> = snap.checkins.iter().map(|c| c.mood).collect();
        assert!(moods.len() >= 3 && moods.iter().all(|m| (2..=5).contains(m)));
        let last_week = store
            .checkin_for_week(me.id, this_week.previous().unwrap())
            .unwrap()
            .unwrap();
        let active: BTreeSet<Id> = store
            .active_goals(me.id)
            .unwrap()
            .iter()
            .map(|g| g.meta.id)
            .collect();
        let checked: BTreeSet<Id> = last_week.goals.iter().map(|g| g.goal).collect();
        assert_eq!(
            checked, active,
            "last week's check-in covers the active goals"
        );

        // Consultations: all shared and typed; upcoming ones for every audience.
        assert!(snap.consultations.iter().all(|c| {
            c.meta.visibility == Visibility::Shared && c.source == crate::domain::Source::Typed
        }));
        let upcoming = store
            .upcoming_consultations(me.id, now, usize::MAX)
            .unwrap();
        let audiences: BTreeSet<Audience> = upcoming.iter().map(|c| c.audience).collect();
        assert_eq!(
            audiences,
            BTreeSet::from([
                Audience::Mentors,
                Audience::Mentees,
                Audience::Everyone,
                Audience::Pair
            ])
        );
        let next = &upcoming[0];
        assert_eq!(next.audience, Audience::Pair);
        assert_eq!(next.kind, EventKind::PairMeeting);
        assert_eq!((next.start.date_naive() - today).num_days(), 2);
        assert!(upcoming.iter().any(|c| c.all_day));
        let past = store.past_consultations(me.id, now, usize::MAX).unwrap();
        assert_eq!(past.len(), 2);
    }

    #[test]
    fn the_demo_is_valid_and_shows_every_part_of_the_app() {
        check_invariants(fixed_now());
    }

    #[test]
    fn the_demo_holds_whatever_now_is() {
        for now in other_nows() {
            check_invariants(now);
        }
    }

    #[test]
    fn at_the_fixed_now_the_dates_are_as_described() {
        let (_dir, store, me) = populated(fixed_now());
        let programme = me.programme.unwrap();
        assert_eq!(programme.from.to_string(), "2026-03-10");
        assert_eq!(programme.to.to_string(), "2027-03-10");
        let upcoming = store
            .upcoming_consultations(me.id, fixed_now(), usize::MAX)
            .unwrap();
        let starts: Vec<String> = upcoming
            .iter()
            .map(|c| c.start.format("%Y-%m-%d %H:%M").to_string())
            .collect();
        assert_eq!(
            starts,
            [
                "2026-11-26 17:00",
                "2026-11-27 10:00",
                "2026-12-04 17:30",
                "2027-03-06 00:00"
            ]
        );
        let mut progress: Vec<u8> = store
            .snapshot()
            .unwrap()
            .goals
            .iter()
            .map(|g| g.progress)
            .collect();
        progress.sort_unstable();
        assert_eq!(progress, [15, 40, 70, 100]);
    }

    /// The snapshot with every id replaced by a stand-in that depends only on
    /// the record's content, in an order that does not depend on ids.
    fn without_ids(snap: &Snapshot) -> Vec<String> {
        let zero = Id::from_u128(0);
        let goal_names: BTreeMap<Id, Id> = snap
            .goals
            .iter()
            .map(|g| {
                let n = DEMO.goals.iter().position(|s| s.title == g.title).unwrap();
                (g.meta.id, Id::from_u128(n as u128 + 1))
            })
            .collect();
        let rename = |id: &mut Id| *id = goal_names[id];
        let mut out = Vec::new();
        for mut p in snap.profiles.clone() {
            p.id = zero;
            out.push(format!("{p:?}"));
        }
        for mut r in snap.records() {
            let meta = match &mut r {
                crate::store::AnyRecord::Goal(g) => &mut g.meta,
                crate::store::AnyRecord::Journal(e) => {
                    e.goals.iter_mut().for_each(rename);
                    &mut e.meta
                }
                crate::store::AnyRecord::Reflection(x) => {
                    x.goal.iter_mut().for_each(rename);
                    &mut x.meta
                }
                crate::store::AnyRecord::Consultation(c) => &mut c.meta,
                crate::store::AnyRecord::Point(p) => {
                    p.goal.iter_mut().for_each(rename);
                    &mut p.meta
                }
                crate::store::AnyRecord::CheckIn(c) => {
                    c.goals.iter_mut().for_each(|g| rename(&mut g.goal));
                    &mut c.meta
                }
            };
            meta.id = zero;
            meta.author = zero;
            out.push(format!("{r:?}"));
        }
        out.sort();
        out
    }

    /// The whole demo at `now` as the JSON export writes it, with every id
    /// replaced by a stand-in (a goal's by its title) and the records of each
    /// kind sorted by their text, so that nothing in it depends on the ids.
    fn export_without_ids(now: DateTime<FixedOffset>) -> String {
        let (_dir, store, _) = populated(now);
        let snap = store.snapshot().unwrap();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for p in &snap.profiles {
            names.insert(p.id.to_string(), "<profile>".to_string());
        }
        for g in &snap.goals {
            names.insert(g.meta.id.to_string(), format!("<goal: {}>", g.title));
        }
        for r in snap.records() {
            names
                .entry(r.meta().id.to_string())
                .or_insert_with(|| "<id>".to_string());
        }
        fn rename(value: &mut serde_json::Value, names: &BTreeMap<String, String>) {
            match value {
                serde_json::Value::String(s) => {
                    if let Some(name) = names.get(s.as_str()) {
                        *s = name.clone();
                    }
                    assert!(s.parse::<Id>().is_err(), "an id is left: {s}");
                }
                serde_json::Value::Array(items) => {
                    items.iter_mut().for_each(|v| rename(v, names));
                }
                serde_json::Value::Object(fields) => {
                    fields.values_mut().for_each(|v| rename(v, names));
                }
                _ => {}
            }
        }
        let export = crate::exchange::json::to_json(&snap);
        let mut doc: serde_json::Value = serde_json::from_str(&export).unwrap();
        rename(&mut doc, &names);
        for list in doc.as_object_mut().unwrap().values_mut() {
            if let Some(records) = list.as_array_mut() {
                records.sort_by_cached_key(|r| r.to_string());
            }
        }
        serde_json::to_string_pretty(&doc).unwrap()
    }

    /// The checksum and length of `text`.
    fn fingerprint(text: &str) -> String {
        format!("{:08x} {}", crc32fast::hash(text.as_bytes()), text.len())
    }

    /// Guards the demo against changes nobody meant: what the demo writes at
    /// four "nows", as [`export_without_ids`] renders it. When the demo's texts
    /// or dates are changed on purpose, put the new fingerprints here.
    #[test]
    fn the_demo_is_exactly_as_written() {
        let expected = [
            "57999559 58316", // fixed_now()
            "befb04e4 58307", // other_nows()
            "ac2e7d1e 58112",
            "2654e5e7 58316",
        ];
        let found: Vec<String> = std::iter::once(fixed_now())
            .chain(other_nows())
            .map(|now| fingerprint(&export_without_ids(now)))
            .collect();
        assert_eq!(found, expected, "the demo changed");
    }

    #[test]
    fn the_demo_depends_only_on_now() {
        let (_a, one, _) = populated(fixed_now());
        let (_b, two, _) = populated(fixed_now());
        let (one, two) = (one.snapshot().unwrap(), two.snapshot().unwrap());
        assert!(one.default_profile.is_some());
        assert_ne!(one.default_profile, two.default_profile);
        assert_eq!(without_ids(&one), without_ids(&two));
    }

    /// What [`DEMO`] relies on: the file reads, and [`Demo::check`] finds
    /// every goal key and prompt it names. (The records built from it are
    /// checked by `the_demo_is_valid_and_shows_every_part_of_the_app`.)
    #[test]
    fn the_demo_file_is_read_and_checked() {
        let demo = Demo::parse(DEMO_TOML).unwrap_or_else(|e| panic!("{e}"));
        let counts = [
            demo.goals.len(),
            demo.meetings.len(),
            demo.reflections.len(),
            demo.check_ins.len(),
            demo.events.len(),
        ];
        assert_eq!(counts, [4, 18, 10, 10, 6]);
    }

    #[test]
    fn a_mistake_in_the_demo_file_is_caught() {
        let mistakes = [
            (
                r#"goals = ["grant"]"#,
                r#"goals = ["grants"]"#,
                r#"the meeting on day -222 names a goal "grants", and no"#,
            ),
            (
                r#"goal = "audience""#,
                r#"goal = "public""#,
                r#"the reflection on day -44 names a goal "public""#,
            ),
            (
                r#"{ goal = "grant","#,
                r#"{ goal = "grnt","#,
                r#"the check-in 10 weeks ago names a goal "grnt""#,
            ),
            (
                r#"key = "exhibition""#,
                r#"key = "grant""#,
                r#"two goals have the key "grant""#,
            ),
            (
                "energy, and what gives it back?\"",
                "energy?\"",
                "is not a line of assets/prompts.txt",
            ),
            (r#"time = "17:30""#, r#"time = "5:30 pm""#, "HH:MM"),
            ("shared = true", "shraed = true", "unknown field `shraed`"),
            (r#"state = "blocked""#, r#"state = "stuck""#, "stuck"),
            (
                "day = { before_end = 4 }",
                "day = { before_the_end = 4 }",
                "or { before_end = n }",
            ),
            (
                "notes = \"\"\"\nFirst",
                "notes = \"\"\"\n\nFirst",
                "white space",
            ),
            ("my own job.\"\"\"", "my own job.\n\"\"\"", "white space"),
        ];
        for (written, mistake, error) in mistakes {
            assert!(DEMO_TOML.contains(written), "{written}");
            let text = DEMO_TOML.replacen(written, mistake, 1);
            match Demo::parse(&text) {
                Ok(_) => panic!("{mistake} is accepted"),
                Err(e) => assert!(e.contains(error), "{mistake}: {e}"),
            }
        }
    }

    #[test]
    fn the_prompts_are_short_distinct_questions() {
        let lines: Vec<&str> = PROMPTS.lines().collect();
        assert_eq!(lines.len(), 36);
        let distinct: BTreeSet<&str> = lines.iter().copied().collect();
        assert_eq!(distinct.len(), lines.len());
        for l in &lines {
            assert!(!l.trim().is_empty());
            assert_eq!(l.trim(), *l);
            assert!(l.ends_with('?'), "{l}");
            assert!(l.chars().count() < 90, "{l}");
            assert_eq!(l.matches('?').count(), 1, "one question a line: {l}");
        }
    }
}
