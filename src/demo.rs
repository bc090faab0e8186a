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
//! Every date is relative to `now` and in `now`'s UTC offset, so the demo
//! always looks current; apart from the record ids, everything depends only
//! on `now`. The texts never name a month or a season, since they have to
//! read well whatever `now` is.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Utc, Weekday};

use crate::domain::GoalState::{AtRisk, Blocked, OnTrack};
use crate::domain::{
    AgreedAction, Audience, CheckIn, Consultation, EventKind, Goal, GoalCheck, GoalState,
    GoalStatus, Id, JournalEntry, Milestone, Owner, Profile, Programme, ProgressPoint, Reflection,
    Role, Visibility,
};
use crate::store::{Change, Store, StoreError, Stored};

const MENTEE: &str = "Ana Petrović";
const MENTOR: &str = "Marko Ilić";
const PROGRAMME: &str = "Creative Leaders Mentorship Programme";
/// Whom the programme's workshops are "with" in the journal.
const PROGRAMME_GROUP: &str = "Programme group";

/// The `meta` key under which the store keeps its default profile.
const DEFAULT_PROFILE_KEY: &[u8] = b"default-profile";

/// Days from the start of the programme to today: about eight and a half months.
const DAYS_IN: i64 = 259;
/// The programme lasts a year; it ends about three and a half months from today.
const PROGRAMME_DAYS: i64 = 365;

/// The reflection prompts tandem ships, one per line.
const PROMPTS: &str = include_str!("../assets/prompts.txt");

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

/// The demo's profile and every change that writes it, without a store.
fn build(now: DateTime<FixedOffset>) -> (Profile, Vec<Change>) {
    let clock = Clock::new(now);
    let profile = profile(&clock);
    let me = profile.id;

    let goals: Vec<Goal> = GOALS.iter().map(|spec| goal(spec, me, &clock)).collect();
    let goal_ids: Vec<Id> = goals.iter().map(|g| g.meta.id).collect();
    let linked = |indexes: &[usize]| -> Vec<Id> {
        indexes
            .iter()
            .filter_map(|&i| goal_ids.get(i).copied())
            .collect()
    };

    let journal: Vec<JournalEntry> = MEETINGS
        .iter()
        .map(|spec| journal_entry(spec, me, &clock, linked(spec.goals)))
        .collect();
    let reflections = REFLECTIONS.iter().map(|spec| {
        let goal = spec.goal.and_then(|i| goal_ids.get(i).copied());
        reflection(spec, me, &clock, goal)
    });
    let checkins = CHECK_INS
        .iter()
        .map(|spec| check_in(spec, me, &clock, &goal_ids));
    let next_meeting = journal
        .iter()
        .filter(|e| e.kind == EventKind::PairMeeting)
        .map(|e| e.meta.created)
        .max();
    let consultations = EVENTS
        .iter()
        .map(|spec| consultation(spec, me, &clock, next_meeting));

    let mut changes = vec![
        Change::Profile(profile.clone()),
        Change::Setting(DEFAULT_PROFILE_KEY.to_vec(), me.to_bytes().to_vec()),
    ];
    changes.extend(goals.into_iter().map(|r| Change::Put(r.into_any())));
    changes.extend(journal.into_iter().map(|r| Change::Put(r.into_any())));
    changes.extend(reflections.map(|r| Change::Put(r.into_any())));
    changes.extend(checkins.map(|r| Change::Put(r.into_any())));
    changes.extend(consultations.map(|r| Change::Put(r.into_any())));

    debug_assert!(profile.validate().is_ok(), "the demo profile is invalid");
    debug_assert!(
        changes.iter().all(|c| match c {
            Change::Put(r) => r.validate().is_ok(),
            _ => true,
        }),
        "a demo record is invalid"
    );
    (profile, changes)
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

fn profile(clock: &Clock) -> Profile {
    let mut p = Profile::new(MENTEE, Role::Mentee, clock.at(-DAYS_IN - 3, 20, 0).to_utc());
    p.partner = Some(MENTOR.to_string());
    p.programme = Some(Programme {
        name: PROGRAMME.to_string(),
        from: clock.day(-DAYS_IN),
        to: clock.day(PROGRAMME_DAYS - DAYS_IN),
    });
    p
}

// ----- goals -------------------------------------------------------------------

const GRANT: usize = 0;
const EXHIBITION: usize = 1;
const AUDIENCE: usize = 2;
const DELEGATE: usize = 3;

struct GoalSpec {
    title: &'static str,
    why: &'static str,
    criteria: &'static str,
    /// Day of the target date.
    target: i64,
    /// For a goal that is no longer active: its status and the day it changed.
    ended: Option<(GoalStatus, i64)>,
    milestones: &'static [(&'static str, bool)],
    /// (day, progress), oldest first; the first day is the day the goal was
    /// written down, the last progress is the progress now.
    history: &'static [(i64, u8)],
}

impl GoalSpec {
    fn status(&self) -> GoalStatus {
        self.ended.map_or(GoalStatus::Active, |(status, _)| status)
    }

    fn created(&self) -> i64 {
        self.history.first().map_or(-DAYS_IN, |&(day, _)| day)
    }

    /// Whether the goal was active on day `day`.
    fn active_on(&self, day: i64) -> bool {
        self.created() <= day && self.ended.is_none_or(|(_, ended)| day < ended)
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

const GOALS: [GoalSpec; 4] = [
    GoalSpec {
        title: "Write our first EU grant application for Kvart Fest",
        why: "The festival has lived on city money and goodwill for six years. A cooperation \
              grant with partners from two other countries would let us pay artists properly, \
              plan more than one edition ahead, and stop starting from zero every year.",
        criteria: "The application is submitted before the deadline, with two partners' signed \
                   mandates, a budget the finance officer has checked, and a narrative Marko has \
                   read from start to finish.",
        target: 12,
        ended: None,
        milestones: &[
            ("Find two partner organisations abroad", true),
            ("Write the narrative and the work packages", true),
            ("Build the budget with the finance officer", true),
            ("Collect the partners' signed mandates", false),
            ("Final read-through with Marko, then submit", false),
        ],
        history: &[
            (-247, 0),
            (-222, 5),
            (-205, 10),
            (-175, 20),
            (-140, 30),
            (-110, 35),
            (-77, 40),
            (-60, 45),
            (-41, 55),
            (-32, 60),
            (-18, 65),
            (-9, 70),
        ],
    },
    GoalSpec {
        title: "Curate a first exhibition of young artists from the region",
        why: "I have assisted on other people's shows for five years. I want to find out whether \
              I can carry a curatorial idea from the first page to the opening night, and give \
              artists under thirty who stayed in their home towns a first real wall.",
        criteria: "The exhibition opens with at least six artists, a venue and fees agreed in \
                   writing, and an exhibition text I wrote myself; I can explain every choice on \
                   the walls.",
        target: 95,
        ended: None,
        milestones: &[
            ("Write the curatorial concept on one page", true),
            ("Find a venue and agree the dates", true),
            ("Publish the open call for artists", true),
            ("Select the artists with a small jury", false),
            ("Write the exhibition text and plan the opening", false),
        ],
        history: &[
            (-245, 0),
            (-222, 5),
            (-189, 10),
            (-158, 15),
            (-124, 20),
            (-93, 25),
            (-60, 30),
            (-41, 35),
            (-13, 40),
        ],
    },
    GoalSpec {
        title: "Build an audience-development plan for Studio Kvart",
        why: "Our audience is mostly friends of the ensemble and other theatre people. The \
              students, older neighbours and families who live around the theatre barely know \
              we exist.",
        criteria: "A written plan naming three audience groups, one pilot activity for each, a \
                   budget line in next season's plan, and a simple way to count who comes.",
        target: 130,
        ended: Some((GoalStatus::Paused, -46)),
        milestones: &[
            ("Read two seasons of ticket data", true),
            ("Interview ten people from the neighbourhood", false),
            ("Draft the plan with the team", false),
            ("Present the plan to the board", false),
        ],
        history: &[
            (-240, 0),
            (-210, 5),
            (-182, 8),
            (-150, 10),
            (-118, 12),
            (-85, 15),
        ],
    },
    GoalSpec {
        title: "Learn to delegate instead of doing everything myself",
        why: "I answer every email, cover every volunteer shift and post every story myself. I \
              end each season exhausted, and the team never gets the chance to grow.",
        criteria: "Two colleagues own volunteer coordination and social media, and I can take a \
                   full week off without being called.",
        target: -20,
        ended: Some((GoalStatus::Achieved, -30)),
        milestones: &[
            ("List everything I do in a normal week", true),
            ("Choose two tasks to hand over, and to whom", true),
            ("Write handover notes together with them", true),
            ("Take a week off without checking email", true),
        ],
        history: &[
            (-244, 0),
            (-222, 10),
            (-189, 20),
            (-158, 30),
            (-124, 45),
            (-93, 55),
            (-67, 70),
            (-53, 80),
            (-39, 90),
            (-30, 100),
        ],
    },
];

fn goal(spec: &GoalSpec, author: Id, clock: &Clock) -> Goal {
    let mut g = Goal::new(author, spec.title, clock.at(spec.created(), 21, 0));
    g.why = spec.why.to_string();
    g.criteria = spec.criteria.to_string();
    g.target = Some(clock.day(spec.target));
    g.status = spec.status();
    g.milestones = spec
        .milestones
        .iter()
        .map(|&(text, done)| Milestone {
            text: text.to_string(),
            done,
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
        .chain(spec.ended.map(|(_, day)| day))
        .max()
        .unwrap_or_else(|| spec.created());
    g.meta
        .touch(clock.not_after_now(clock.at(last_change, 21, 0)).to_utc());
    g
}

// ----- the journal ---------------------------------------------------------------

struct ActionSpec {
    text: &'static str,
    owner: Owner,
    /// Days after the meeting it is due.
    due_after: i64,
    done: bool,
}

/// An action agreed at a meeting, already done.
const DONE: bool = true;
/// An action agreed at a meeting, still open.
const OPEN: bool = false;

/// An action the mentee took on, due `due_after` days after the meeting.
const fn me(text: &'static str, due_after: i64, done: bool) -> ActionSpec {
    ActionSpec {
        text,
        owner: Owner::Me,
        due_after,
        done,
    }
}

/// An action the mentor took on, due `due_after` days after the meeting.
const fn partner(text: &'static str, due_after: i64, done: bool) -> ActionSpec {
    ActionSpec {
        text,
        owner: Owner::Partner,
        due_after,
        done,
    }
}

struct MeetingSpec {
    /// The day (moved back to a weekday if it falls on a weekend).
    day: i64,
    hour: i64,
    minute: i64,
    kind: EventKind,
    notes: &'static str,
    actions: &'static [ActionSpec],
    /// Indexes into [`GOALS`].
    goals: &'static [usize],
}

const MEETINGS: [MeetingSpec; 18] = [
    MeetingSpec {
        day: -255,
        hour: 18,
        minute: 0,
        kind: EventKind::PairMeeting,
        notes: "First meeting, in Marko's office at the museum. Mostly getting to know each other.\n\
                He ran a regional festival for twelve years before the museum; I told him how I \
                ended up coordinating the programme at Studio Kvart.\n\
                We agreed to meet every two to three weeks for ninety minutes, alternating \
                between his office and a café near the theatre.\n\
                What I want from this year: to stop feeling like an assistant in my own job.",
        actions: &[
            me("Draft three to five goals for the year", 7, DONE),
            partner("Send the goal-setting worksheet he uses", 3, DONE),
        ],
        goals: &[],
    },
    MeetingSpec {
        day: -238,
        hour: 17,
        minute: 30,
        kind: EventKind::PairMeeting,
        notes: "Went through my draft goals one by one. Marko kept asking \"how will you know?\" \
                until each had an answer.\n\
                Four survived: the EU application for Kvart Fest, my first exhibition, an \
                audience plan for the theatre, and learning to delegate.\n\
                The delegation one made me defensive. He said that was probably a sign it \
                belongs on the list.\n\
                I write the why of each goal in my own words, not in grant language.",
        actions: &[
            me(
                "Write the why and the success criteria of each goal",
                7,
                DONE,
            ),
            me(
                "Ask the director which goal the theatre needs most",
                10,
                DONE,
            ),
        ],
        goals: &[GRANT, EXHIBITION, AUDIENCE, DELEGATE],
    },
    MeetingSpec {
        day: -230,
        hour: 10,
        minute: 0,
        kind: EventKind::Workshop,
        notes: "Programme workshop: mentoring roles, and goals that matter.\n\
                In mixed pairs we explained our goals to a stranger in one minute. Mine were all \
                too vague.\n\
                The trainer's distinction stayed with me: a goal is something you can fail at; \
                a wish is not.\n\
                Met Sara from a puppet theatre in Sarajevo, also writing her first EU \
                application.",
        actions: &[me("Rewrite each goal so that I could fail at it", 7, DONE)],
        goals: &[GRANT, EXHIBITION, AUDIENCE, DELEGATE],
    },
    MeetingSpec {
        day: -222,
        hour: 17,
        minute: 30,
        kind: EventKind::PairMeeting,
        notes: "Grant: which EU fund fits a festival of our size? The small-scale cooperation \
                projects look realistic; the large ones do not.\n\
                We need partners from at least two other countries. Marko knows people in \
                Skopje and Ljubljana from his festival years.\n\
                His warning: the partnership matters more than the form. Pick people I would \
                want to work with anyway.\n\
                Rough order on paper: partners first, then the story, then the budget.",
        actions: &[
            partner(
                "Introduce me to the team of a dance festival in Skopje",
                7,
                DONE,
            ),
            me(
                "Read three funded projects and note what they share",
                14,
                DONE,
            ),
        ],
        goals: &[GRANT],
    },
    MeetingSpec {
        day: -205,
        hour: 18,
        minute: 0,
        kind: EventKind::PairMeeting,
        notes: "Delegation: I brought the list of everything I did last week. 63 items. Marko \
                circled the ones only I can do: eleven.\n\
                Why I hold on to things: it is faster to do it myself, and I do not want to look \
                as if I am dumping work on people.\n\
                He told me how he handed over his festival's volunteer programme, and what went \
                wrong the first time.\n\
                Decided to hand over two things: volunteer coordination to Jelena, the theatre's \
                social media to Luka.",
        actions: &[
            me("Talk to Jelena and Luka about taking over", 7, DONE),
            me("Write one page of handover notes for each task", 14, DONE),
        ],
        goals: &[DELEGATE],
    },
    MeetingSpec {
        day: -189,
        hour: 17,
        minute: 30,
        kind: EventKind::PairMeeting,
        notes: "Exhibition: I had three concepts and could not choose. Marko had me pitch each in \
                two minutes. Only one I could pitch without notes.\n\
                It is the one about young artists who stayed in their home towns: work made \
                where people say nothing happens.\n\
                He told me about his own first show: too many works, too little text, and what \
                he would do differently now.\n\
                Next: the concept on one page, and a list of possible venues.",
        actions: &[
            me("Write the one-page curatorial concept", 10, DONE),
            partner("Send contacts of two gallery managers", 5, DONE),
        ],
        goals: &[EXHIBITION],
    },
    MeetingSpec {
        day: -175,
        hour: 18,
        minute: 0,
        kind: EventKind::PairMeeting,
        notes: "Audience: looked at two seasons of ticket data together. Fewer than one ticket \
                in ten went to people under 25, and almost none to our own street.\n\
                Marko asked whom I picture when I think of our audience. Honest answer: other \
                theatre people.\n\
                A shape for the plan: three groups (students, older neighbours, families), one \
                small pilot for each.\n\
                Where will the time come from? We left that question open on purpose.",
        actions: &[me(
            "Draft ten questions for neighbourhood interviews",
            14,
            DONE,
        )],
        goals: &[AUDIENCE],
    },
    MeetingSpec {
        day: -158,
        hour: 17,
        minute: 0,
        kind: EventKind::PairMeeting,
        notes: "Short meeting: the festival starts in ten days and I was all nerves.\n\
                What is already handed over: Jelena runs the volunteer rota, Luka posts for the \
                theatre. Both are doing fine; I am the one checking too often.\n\
                Marko's suggestion: one fifteen-minute check-in with each of them a day, and no \
                messages outside it.\n\
                Grant: Ljubljana answers quickly, Skopje not yet.",
        actions: &[
            me("Agree daily check-in times with Jelena and Luka", 2, DONE),
            partner("Nudge his contact in Skopje", 5, DONE),
        ],
        goals: &[DELEGATE, GRANT],
    },
    MeetingSpec {
        day: -140,
        hour: 18,
        minute: 0,
        kind: EventKind::PairMeeting,
        notes: "Festival debrief. More people than last year, the volunteer shifts ran better, \
                and I did not cover a single shift myself.\n\
                One real mess: the evening programme on the second day started forty minutes \
                late because nobody owned the changeover. That one is on me.\n\
                Marko: name an owner for every handover point, not only for every task.\n\
                Good news for the grant: Skopje finally answered and wants to join.",
        actions: &[
            me("Write the festival debrief with the team", 10, DONE),
            me("Send the Skopje festival our project idea", 7, DONE),
        ],
        goals: &[DELEGATE, GRANT],
    },
    MeetingSpec {
        day: -124,
        hour: 17,
        minute: 30,
        kind: EventKind::PairMeeting,
        notes: "Read my first draft of the grant narrative together. His verdict: it is all \
                about us, and almost nothing about the artists or the audiences.\n\
                We rewrote the opening paragraph on the spot, starting from the region's problem \
                instead of from the festival.\n\
                Open call for the exhibition: too early, the concept needs a venue first.\n\
                He asked how the audience interviews are going. They are not going. I said so.",
        actions: &[
            me("Rewrite the narrative from the artists' side", 14, DONE),
            me("Do the first three neighbourhood interviews", 14, DONE),
        ],
        goals: &[GRANT, AUDIENCE],
    },
    MeetingSpec {
        day: -110,
        hour: 18,
        minute: 0,
        kind: EventKind::PairMeeting,
        notes: "Budget for the application. The grant covers most of it; the rest must come from \
                us and the partners, and the theatre has never committed money years ahead.\n\
                Marko: ask the board early and with numbers, not at the last minute as a favour.\n\
                Built a first budget table: staff, travel, artist fees, communication. The \
                artist fees were far too low; we raised them.\n\
                I take the co-financing question to the next board meeting.",
        actions: &[
            me(
                "Send the first budget table to the finance officer",
                7,
                DONE,
            ),
            me(
                "Prepare a one-page note on co-financing for the board",
                14,
                DONE,
            ),
            partner("Share an anonymised budget of a funded project", 7, DONE),
        ],
        goals: &[GRANT],
    },
    MeetingSpec {
        day: -100,
        hour: 10,
        minute: 0,
        kind: EventKind::Workshop,
        notes: "Programme workshop on fundraising and writing for EU funds.\n\
                The trainer read out anonymised evaluators' comments. The most common one: the \
                activities do not follow from the objectives.\n\
                We worked on our own logic tables in small groups. Mine had three objectives and \
                no activity at all for one of them.\n\
                Took home a budget template that splits staff costs the way evaluators expect.",
        actions: &[me("Redo the logic table of the application", 10, DONE)],
        goals: &[GRANT],
    },
    MeetingSpec {
        day: -93,
        hour: 17,
        minute: 30,
        kind: EventKind::PairMeeting,
        notes: "Exhibition venue: the theatre foyer is free but dark; the youth centre's gallery \
                is lovely but booked most of the year.\n\
                Marko's idea: ask the gallery for a short slot near the end of the programme, so \
                that the closing gathering can visit.\n\
                We walked through the gallery afterwards. For the first time I could see the \
                show on its walls.\n\
                Jelena asked to keep the volunteer programme next season: a quiet win for \
                delegation.",
        actions: &[
            me("Ask the youth centre gallery for dates", 7, DONE),
            me("Sketch a floor plan with eight works", 14, DONE),
        ],
        goals: &[EXHIBITION, DELEGATE],
    },
    MeetingSpec {
        day: -77,
        hour: 18,
        minute: 0,
        kind: EventKind::PairMeeting,
        notes: "Bad news: the Ljubljana partner pulled out. Their director left and the new one \
                has other plans. Without a second partner there is no application.\n\
                I came in ready to drop the grant. Marko let me say all of it, then asked whom \
                else I had met at festivals in the last two years.\n\
                We made a list of six organisations. Two are serious, one of them a youth \
                theatre in Podgorica that has already co-produced with us.\n\
                He called the setback information: the partnership was thinner than I thought.",
        actions: &[
            me("Call the two strongest partner candidates", 5, DONE),
            partner("Write to a former colleague in Podgorica", 7, DONE),
        ],
        goals: &[GRANT],
    },
    MeetingSpec {
        day: -60,
        hour: 17,
        minute: 30,
        kind: EventKind::PairMeeting,
        notes: "Too much on my plate: the grant, the exhibition, the audience plan, the new \
                season, and a co-production I had half said yes to.\n\
                Marko asked me to rank everything by what would hurt most to lose a year from \
                now. The co-production came last.\n\
                I will say no to it tomorrow morning, by phone, before I can talk myself out of it.\n\
                The audience plan is stuck. We talked about pausing it openly instead of \
                carrying it around like a debt.",
        actions: &[
            me("Decline the co-production offer", 2, DONE),
            me(
                "Decide: pause the audience plan, or set a date to restart",
                14,
                DONE,
            ),
        ],
        goals: &[AUDIENCE, GRANT, EXHIBITION],
    },
    MeetingSpec {
        day: -41,
        hour: 18,
        minute: 0,
        kind: EventKind::PairMeeting,
        notes: "I paused the audience plan and told the director. It felt like failing; Marko \
                called it a decision, and a good one.\n\
                Went through my draft open call line by line and cut half of it. Artists need \
                the fee, the dates and what we provide, up front.\n\
                He offered to introduce me to Ivana, a curator who could sit on the selection \
                jury with me.\n\
                Grant: the Podgorica theatre is in. The partnership is complete again.",
        actions: &[
            me("Publish the open call for artists", 7, DONE),
            partner("Introduce me to Ivana for the jury", 10, DONE),
        ],
        goals: &[EXHIBITION, GRANT, AUDIENCE],
    },
    MeetingSpec {
        day: -20,
        hour: 17,
        minute: 30,
        kind: EventKind::PairMeeting,
        notes: "Started with a small celebration: I took a whole week off and the theatre ran \
                without a single call. The delegation goal is done.\n\
                Grant: went through the work packages. Too many activities for the budget, so \
                we merged two and dropped the touring exhibition.\n\
                Mandates: Podgorica has signed; Skopje has not, their director is the \
                bottleneck.\n\
                Open call: nearly twenty applications so far. Ivana and I still need to agree \
                how we select.\n\
                Marko asked what I will do with the time the delegation freed. No answer yet.",
        actions: &[
            me("Get the signed mandate from the Skopje partner", 7, OPEN),
            me("Agree the jury's selection criteria with Ivana", 10, OPEN),
            partner("Comment on the revised work packages", 5, DONE),
        ],
        goals: &[GRANT, EXHIBITION, DELEGATE],
    },
    MeetingSpec {
        day: -6,
        hour: 18,
        minute: 0,
        kind: EventKind::PairMeeting,
        notes: "Last meeting before the deadline. I read the whole narrative aloud; Marko stopped \
                me at every word I would never use when talking.\n\
                The finance officer has signed off the budget. Still no mandate from Skopje, and \
                I am anxious about it.\n\
                Plan B: ask Podgorica to take a bigger role and submit with the partners we \
                have.\n\
                What I need from him before the deadline: one more read-through, and a call to \
                Skopje if I get stuck.",
        actions: &[
            me("Call the Skopje director about the mandate", 5, OPEN),
            partner("Final read-through of the whole application", 9, OPEN),
            me(
                "Submit the application a week before the deadline",
                11,
                OPEN,
            ),
        ],
        goals: &[GRANT],
    },
];

fn journal_entry(spec: &MeetingSpec, author: Id, clock: &Clock, goals: Vec<Id>) -> JournalEntry {
    let day = clock.workday_back(spec.day);
    let at = clock.at(day, spec.hour, spec.minute);
    // Written up the same evening.
    let mut e = JournalEntry::new(
        author,
        at,
        spec.notes,
        clock.not_after_now(at + Duration::hours(3)),
    );
    e.kind = spec.kind;
    e.with = match spec.kind {
        EventKind::PairMeeting => MENTOR.to_string(),
        _ => PROGRAMME_GROUP.to_string(),
    };
    e.actions = spec
        .actions
        .iter()
        .map(|a| AgreedAction {
            done: a.done,
            ..AgreedAction::new(a.text, a.owner, Some(clock.day(day + a.due_after)))
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

struct ReflectionSpec {
    day: i64,
    /// A line of `assets/prompts.txt`, counted from 0.
    prompt: Option<usize>,
    text: &'static str,
    tags: &'static [&'static str],
    goal: Option<usize>,
    shared: bool,
}

const REFLECTIONS: [ReflectionSpec; 10] = [
    ReflectionSpec {
        day: -250,
        prompt: Some(34),
        text: "I want to ask him how he knew he was ready to lead a festival. I suspect he \
               didn't, and I would like to hear that from someone I respect. I was more nervous \
               before our first meeting than before my last job interview.",
        tags: &["mentoring", "beginnings"],
        goal: None,
        shared: false,
    },
    ReflectionSpec {
        day: -214,
        prompt: None,
        text: "Wrote down everything I did in one ordinary week: 63 things. Seeing them on paper \
               was worse than I expected. Half of them someone else could do as well as I do, \
               some of them better.",
        tags: &["delegation", "time"],
        goal: Some(DELEGATE),
        shared: true,
    },
    ReflectionSpec {
        day: -180,
        prompt: Some(7),
        text: "Drains: answering messages late at night, meetings without an agenda, being the \
               only one who remembers everything. Gives back: rehearsals, talking to artists \
               about their work, walking home instead of taking the bus.",
        tags: &["energy", "self"],
        goal: None,
        shared: false,
    },
    ReflectionSpec {
        day: -149,
        prompt: Some(27),
        text: "At the quarter-mark consultation a mentee from a museum in Novi Sad said her \
               mentor sends her one question a week by message, nothing else. I am going to ask \
               Marko whether we could try that between meetings.",
        tags: &["consultation", "peers"],
        goal: None,
        shared: true,
    },
    ReflectionSpec {
        day: -137,
        prompt: Some(30),
        text: "The changeover on the second festival night. Nobody owned it, so everybody \
               waited for me, and I was on the phone with a supplier. Handing over tasks is not \
               enough: the moments between tasks need an owner too.",
        tags: &["festival", "delegation", "setback"],
        goal: Some(DELEGATE),
        shared: true,
    },
    ReflectionSpec {
        day: -118,
        prompt: None,
        text: "Rewriting the narrative from the artists' side is harder than I thought. When I \
               take \"we\" out of the sentences, I notice how little I actually know about what \
               the artists we work with need from a festival. That is worth asking them.",
        tags: &["writing", "grant"],
        goal: Some(GRANT),
        shared: false,
    },
    ReflectionSpec {
        day: -73,
        prompt: Some(32),
        text: "Ljubljana leaving was outside my control. But I had put all my trust in one \
               friendly contact instead of the organisation, and I never met their director. \
               That part was mine, and I can do it differently with Podgorica.",
        tags: &["grant", "setback", "partners"],
        goal: Some(GRANT),
        shared: true,
    },
    ReflectionSpec {
        day: -44,
        prompt: Some(20),
        text: "Pausing the audience plan. I kept it on the list for months so that I would not \
               have to admit I had no time for it. Saying it out loud to the director took five \
               minutes, and she was relieved too.",
        tags: &["priorities", "audience"],
        goal: Some(AUDIENCE),
        shared: false,
    },
    ReflectionSpec {
        day: -27,
        prompt: Some(9),
        text: "A whole week away and not one call. Jelena sorted out a double-booked rehearsal \
               room on her own and told me about it afterwards, as news rather than as a \
               problem. That is exactly what I wanted, and it still felt strange.",
        tags: &["delegation", "pride"],
        goal: Some(DELEGATE),
        shared: true,
    },
    ReflectionSpec {
        day: -3,
        prompt: Some(35),
        text: "Two places: the Skopje mandate, where a call from someone their director knows \
               might move what my emails don't, and the jury, where I need help to say no to \
               artists I like personally. I should ask for both plainly.",
        tags: &["grant", "exhibition", "asking"],
        goal: Some(EXHIBITION),
        shared: false,
    },
];

/// Line `n` of the shipped prompts, counted from 0.
fn prompt(n: usize) -> Option<String> {
    PROMPTS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .nth(n)
        .map(str::to_string)
}

fn reflection(spec: &ReflectionSpec, author: Id, clock: &Clock, goal: Option<Id>) -> Reflection {
    let mut r = Reflection::new(author, spec.text, clock.at(spec.day, 21, 30));
    r.prompt = spec.prompt.and_then(prompt);
    r.tags = spec.tags.iter().map(|t| t.to_string()).collect();
    r.goal = goal;
    if spec.shared {
        r.meta.visibility = Visibility::Shared;
    }
    r
}

// ----- check-ins -----------------------------------------------------------------

struct CheckInSpec {
    /// ISO weeks before the current one.
    weeks_ago: i64,
    /// The day of that week it was written, 0 for Monday.
    weekday: i64,
    mood: u8,
    energy: u8,
    win: &'static str,
    blocker: &'static str,
    focus: &'static str,
    /// The goal lines that were not "on track, no note".
    lines: &'static [(usize, GoalState, &'static str)],
}

const CHECK_INS: [CheckInSpec; 10] = [
    CheckInSpec {
        weeks_ago: 10,
        weekday: 4,
        mood: 3,
        energy: 3,
        win: "Found two serious partner candidates to replace Ljubljana.",
        blocker: "Evening rehearsals every day; hardly any time to write.",
        focus: "Calls with both partner candidates.",
        lines: &[
            (GRANT, AtRisk, "No second partner yet"),
            (AUDIENCE, AtRisk, "No interviews done for weeks"),
        ],
    },
    CheckInSpec {
        weeks_ago: 9,
        weekday: 6,
        mood: 4,
        energy: 3,
        win: "Said no to the co-production, by phone, first thing in the morning.",
        blocker: "",
        focus: "The exhibition venue contract.",
        lines: &[
            (GRANT, OnTrack, "Podgorica is interested"),
            (AUDIENCE, AtRisk, "Still no time for it"),
        ],
    },
    CheckInSpec {
        weeks_ago: 8,
        weekday: 4,
        mood: 4,
        energy: 4,
        win: "The gallery confirmed the dates for the exhibition.",
        blocker: "Waiting for the board to decide on co-financing.",
        focus: "The text of the open call.",
        lines: &[(EXHIBITION, OnTrack, "Dates agreed in writing")],
    },
    CheckInSpec {
        weeks_ago: 7,
        weekday: 3,
        mood: 2,
        energy: 2,
        win: "Jelena and Luka covered everything while I was ill.",
        blocker: "Flu, and the board postponed the co-financing decision.",
        focus: "Rest, then the open call.",
        lines: &[
            (GRANT, Blocked, "No co-financing decision, no budget"),
            (EXHIBITION, AtRisk, "Open call draft is too long"),
            (AUDIENCE, AtRisk, "Thinking about pausing it"),
        ],
    },
    CheckInSpec {
        weeks_ago: 6,
        weekday: 6,
        mood: 3,
        energy: 3,
        win: "Paused the audience plan, on purpose and out loud.",
        blocker: "The co-financing decision is still open.",
        focus: "Finish the open call.",
        lines: &[(GRANT, AtRisk, "Board meets again next week")],
    },
    CheckInSpec {
        weeks_ago: 5,
        weekday: 4,
        mood: 5,
        energy: 4,
        win: "Halfway through a week off, and the theatre has not called me once.",
        blocker: "",
        focus: "The board's decision on co-financing.",
        lines: &[
            (EXHIBITION, OnTrack, "Open call is out"),
            (DELEGATE, OnTrack, "The week off is the last step"),
        ],
    },
    CheckInSpec {
        weeks_ago: 4,
        weekday: 6,
        mood: 4,
        energy: 4,
        win: "The board approved the co-financing.",
        blocker: "",
        focus: "Work packages for the application.",
        lines: &[(GRANT, OnTrack, "Budget can be finished now")],
    },
    CheckInSpec {
        weeks_ago: 3,
        weekday: 4,
        mood: 4,
        energy: 3,
        win: "Twenty applications to the open call in the first two weeks.",
        blocker: "Skopje has not signed its mandate.",
        focus: "Work packages, and the jury with Ivana.",
        lines: &[(GRANT, AtRisk, "One mandate missing")],
    },
    CheckInSpec {
        weeks_ago: 2,
        weekday: 2,
        mood: 3,
        energy: 2,
        win: "The narrative finally reads in one voice.",
        blocker: "The Skopje mandate is stuck with their director.",
        focus: "Budget sign-off with the finance officer.",
        lines: &[
            (GRANT, AtRisk, "Mandate still missing"),
            (EXHIBITION, OnTrack, "23 applications"),
        ],
    },
    CheckInSpec {
        weeks_ago: 1,
        weekday: 4,
        mood: 4,
        energy: 3,
        win: "The finance officer signed off the budget.",
        blocker: "Still no mandate from Skopje, and the deadline is close.",
        focus: "Final read-through with Marko; submit a week early.",
        lines: &[
            (GRANT, AtRisk, "Plan B ready if Skopje does not sign"),
            (EXHIBITION, AtRisk, "Jury criteria not agreed yet"),
        ],
    },
];

fn check_in(spec: &CheckInSpec, author: Id, clock: &Clock, goal_ids: &[Id]) -> CheckIn {
    let day = clock.this_monday() - 7 * spec.weeks_ago + spec.weekday;
    let mut c = CheckIn::new(author, spec.mood, spec.energy, clock.at(day, 19, 15));
    c.win = spec.win.to_string();
    c.blocker = spec.blocker.to_string();
    c.focus = spec.focus.to_string();
    c.goals = GOALS
        .iter()
        .zip(goal_ids)
        .enumerate()
        .filter(|(_, (goal, _))| goal.active_on(day))
        .map(|(i, (goal, &id))| {
            let (state, note) = spec
                .lines
                .iter()
                .find(|(g, _, _)| *g == i)
                .map_or((OnTrack, ""), |&(_, state, note)| (state, note));
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

struct EventSpec {
    title: &'static str,
    kind: EventKind,
    audience: Audience,
    day: i64,
    /// Start and end as (hour, minute); `None` for an all-day event.
    hours: Option<((i64, i64), (i64, i64))>,
    place: &'static str,
    notes: &'static str,
}

const EVENTS: [EventSpec; 6] = [
    EventSpec {
        title: "First consultations with mentees",
        kind: EventKind::Consultation,
        audience: Audience::Mentees,
        day: -167,
        hours: Some(((17, 0), (19, 30))),
        place: "Dom omladine Beograda, Makedonska 22, Belgrade",
        notes: "An informal evening for all mentees: first experiences of working with a \
                mentor, questions and doubts about the new role, and time to get to know the \
                other pairs.",
    },
    EventSpec {
        title: "Online consultation at the quarter mark",
        kind: EventKind::Consultation,
        audience: Audience::Everyone,
        day: -152,
        hours: Some(((16, 0), (18, 0))),
        place: "https://meet.jit.si/creative-leaders-quarter-mark",
        notes: "Three months into the pairs' work: short individual slots with the programme \
                team, then an open round. Bring one thing that works in your pair and one that \
                does not.",
    },
    EventSpec {
        title: "Storytelling for cultural managers",
        kind: EventKind::Workshop,
        audience: Audience::Mentees,
        day: 3,
        hours: Some(((10, 0), (13, 0))),
        place: "Magacin, Kraljevića Marka 4, Belgrade",
        notes: "How to tell the story of a project to funders, audiences and partners. Bring a \
                project you are working on: we build a two-minute pitch for it and try it out on \
                each other.",
    },
    EventSpec {
        title: "Consultation with mentors",
        kind: EventKind::Consultation,
        audience: Audience::Mentors,
        day: 10,
        hours: Some(((17, 30), (19, 30))),
        place: "Kulturni centar Grad, Braće Krsmanović 4, Belgrade",
        notes: "An informal gathering of all mentors: experiences of the mentoring role so far, \
                doubts, and ideas for the last months of the programme.",
    },
    EventSpec {
        title: "Closing gathering and exhibition of projects",
        kind: EventKind::Consultation,
        audience: Audience::Everyone,
        day: PROGRAMME_DAYS - DAYS_IN - 4,
        hours: None,
        place: "Dorćol Platz, Dobračina 59b, Belgrade",
        notes: "Every pair presents what it worked on during the year; an exhibition of the \
                projects through the day, certificates, and a closing party in the evening.",
    },
    EventSpec {
        title: "Meeting with Marko",
        kind: EventKind::PairMeeting,
        audience: Audience::Pair,
        day: 2,
        hours: Some(((17, 0), (18, 0))),
        place: "Blaznavac café, Kneginje Ljubice 18, Belgrade",
        notes: "The final read-through of the grant application before it goes in. Bring the \
                printed narrative, the budget and the partners' mandates.",
    },
];

/// `next_meeting` is when the last pair meeting was written up: the next one
/// was agreed there.
fn consultation(
    spec: &EventSpec,
    author: Id,
    clock: &Clock,
    next_meeting: Option<DateTime<Utc>>,
) -> Consultation {
    let (start, end) = match spec.hours {
        Some(((h1, m1), (h2, m2))) => {
            (clock.at(spec.day, h1, m1), Some(clock.at(spec.day, h2, m2)))
        }
        None => (clock.at(spec.day, 0, 0), None),
    };
    // Programme events were typed in three weeks ahead (or just now, for those
    // further away); the pair's meeting when it was agreed.
    let typed = match (spec.audience, next_meeting) {
        (Audience::Pair, Some(agreed)) => agreed.fixed_offset(),
        _ => clock.not_after_now(start - Duration::days(21)),
    };
    let mut c = Consultation::new(author, spec.title, start, typed);
    c.kind = spec.kind;
    c.audience = spec.audience;
    c.end = end;
    c.all_day = spec.hours.is_none();
    c.place = spec.place.to_string();
    c.notes = spec.notes.to_string();
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
        assert_eq!(me.partner.as_deref(), Some(MENTOR));
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
        assert!(meetings.iter().all(|e| e.with == MENTOR));
        assert_eq!(
            journal
                .iter()
                .filter(|e| e.kind == EventKind::Workshop && e.with == PROGRAMME_GROUP)
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
                let n = GOALS.iter().position(|s| s.title == g.title).unwrap();
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
            "afa1cc7d 53146", // fixed_now()
            "e5d83397 53137", // other_nows()
            "c0e7f79b 52942",
            "73872014 53146",
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
        assert_eq!(prompt(0).as_deref(), lines.first().copied());
        assert_eq!(prompt(36), None);
    }
}
