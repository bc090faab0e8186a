//! The pre-meeting brief: what a pair should talk about today, built from
//! the records since their last pair meeting. Pure: "now" is passed in.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::Serialize;

use super::{
    CheckIn, Consultation, EventKind, Goal, GoalState, GoalStatus, Id, JournalEntry, Profile,
    Reflection, TalkingPoint, Visibility, Week,
};

/// Goals whose target is this close (or past) are called out.
pub const TARGET_SOON_DAYS: i64 = 21;

/// What the brief is built from. `subject` is the person whose goals and
/// check-ins are discussed (the mentee: on a mentor's machine, the imported
/// partner); `viewer` is the one reading it.
pub struct BriefInput<'a> {
    pub viewer: &'a Profile,
    pub subject: &'a Profile,
    /// Meetings of both people, any order.
    pub journal: &'a [JournalEntry],
    /// The subject's goals.
    pub goals: &'a [Goal],
    /// The subject's check-ins, any order.
    pub checkins: &'a [CheckIn],
    /// Reflections of both people, any order; only shared ones are used.
    pub reflections: &'a [Reflection],
    /// Upcoming consultations and meetings, soonest first.
    pub upcoming: &'a [Consultation],
    /// The pair's talking points, any order; open ones are listed.
    pub points: &'a [TalkingPoint],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    pub id: Id,
    pub at: DateTime<FixedOffset>,
    pub with: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckInLine {
    pub week: Week,
    pub mood: u8,
    pub energy: u8,
    pub win: String,
    pub blocker: String,
    pub focus: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalLine {
    pub id: Id,
    pub title: String,
    pub status: GoalStatus,
    /// Progress at the last meeting.
    pub then: u8,
    pub now: u8,
    pub milestones_done: usize,
    pub milestones: usize,
    /// The milestones still open, in order.
    pub next_milestones: Vec<String>,
    pub target: Option<NaiveDate>,
    /// How the goal stood in the subject's latest check-in that named it.
    pub state: Option<GoalState>,
    /// The note of that check-in line.
    pub note: String,
    /// The week of that check-in.
    pub state_week: Option<Week>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneLine {
    pub goal: String,
    pub text: String,
    pub done_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointLine {
    pub id: Id,
    pub text: String,
    /// Who raised it: "you" or a name.
    pub raised_by: String,
    pub raised: DateTime<FixedOffset>,
    /// The goal it is about, by title.
    pub goal: Option<String>,
    /// How many pair meetings it has waited through.
    pub waited: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoodPoint {
    pub week: Week,
    pub mood: u8,
    pub energy: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionLine {
    pub text: String,
    /// Who took it on, by name.
    pub owner: String,
    pub due: Option<NaiveDate>,
    /// Days past its due date (0 when not late).
    pub days_late: i64,
    /// The meeting where it was agreed.
    pub agreed: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReflectionLine {
    pub id: Id,
    pub date: NaiveDate,
    pub author: String,
    pub prompt: Option<String>,
    pub text: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventLine {
    pub title: String,
    pub kind: EventKind,
    pub start: DateTime<FixedOffset>,
    pub all_day: bool,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TargetLine {
    pub title: String,
    pub target: NaiveDate,
    pub days_left: i64,
}

/// The brief, section by section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Brief {
    pub subject: String,
    pub viewer: String,
    pub generated: DateTime<FixedOffset>,
    /// The last pair meeting: everything "since" is counted from it.
    pub last_meeting: Option<Meeting>,
    pub checkins: Vec<CheckInLine>,
    pub goals: Vec<GoalLine>,
    pub open_actions: Vec<ActionLine>,
    pub reflections: Vec<ReflectionLine>,
    pub next_event: Option<EventLine>,
    pub targets_soon: Vec<TargetLine>,
    /// The focus for the coming week and the blocker, from the subject's
    /// latest check-in since the last meeting.
    pub focus: String,
    pub blocker: String,
    /// Weeks in a row with a check-in.
    pub streak: usize,
    /// Mood and energy of the last (up to) six check-ins, oldest first.
    pub trend: Vec<MoodPoint>,
    /// Milestones ticked since the last meeting, oldest first.
    pub milestones_ticked: Vec<MilestoneLine>,
    /// Open talking points, longest waiting first.
    pub points: Vec<PointLine>,
}

impl Brief {
    pub fn build(input: &BriefInput, now: DateTime<FixedOffset>) -> Brief {
        let today = now.date_naive();
        let last = input
            .journal
            .iter()
            .filter(|e| e.kind == EventKind::PairMeeting && e.at <= now)
            .max_by_key(|e| e.at);
        let since = last.map(|e| e.at);
        let since_day = since.map(|s| s.date_naive());
        let after_since = |d: NaiveDate| since_day.is_none_or(|s| d >= s);

        let mut checkins: Vec<&CheckIn> = input
            .checkins
            .iter()
            .filter(|c| c.meta.author == input.subject.id)
            .filter(|c| {
                c.week
                    .monday()
                    .is_some_and(|m| after_since(m + Duration::days(6)))
            })
            .collect();
        checkins.sort_by_key(|c| c.week);

        // Each goal's line in the latest check-in that names it.
        let mut by_week: Vec<&CheckIn> = input
            .checkins
            .iter()
            .filter(|c| c.meta.author == input.subject.id)
            .collect();
        by_week.sort_by_key(|c| std::cmp::Reverse(c.week));
        let latest_line = |goal: Id| {
            by_week.iter().find_map(|c| {
                c.goals
                    .iter()
                    .find(|l| l.goal == goal)
                    .map(|l| (c.week, l.state, l.note.clone()))
            })
        };
        let mut goals: Vec<GoalLine> = input
            .goals
            .iter()
            .filter(|g| matches!(g.status, GoalStatus::Active | GoalStatus::Paused))
            .map(|g| (g, latest_line(g.meta.id)))
            .map(|(g, line)| GoalLine {
                id: g.meta.id,
                title: g.title.clone(),
                status: g.status,
                then: match since_day {
                    Some(s) => g
                        .history
                        .iter()
                        .rev()
                        .find(|p| p.date <= s)
                        .map_or(0, |p| p.progress),
                    None => g.history.first().map_or(g.progress, |p| p.progress),
                },
                now: g.progress,
                milestones_done: g.milestones_done(),
                milestones: g.milestones.len(),
                next_milestones: g
                    .milestones
                    .iter()
                    .filter(|m| !m.done)
                    .map(|m| m.text.clone())
                    .collect(),
                target: g.target,
                state: line.as_ref().map(|l| l.1),
                note: line.as_ref().map(|l| l.2.clone()).unwrap_or_default(),
                state_week: line.as_ref().map(|l| l.0),
            })
            .collect();
        // Goals at risk or blocked first (blocked before at risk).
        goals.sort_by_key(|g| match g.state {
            Some(GoalState::Blocked) => 0,
            Some(GoalState::AtRisk) => 1,
            _ => 2,
        });
        let mut milestones_ticked: Vec<MilestoneLine> = input
            .goals
            .iter()
            .flat_map(|g| {
                g.milestones.iter().filter_map(move |m| {
                    let on = m.done_on.filter(|_| m.done)?;
                    Some(MilestoneLine {
                        goal: g.title.clone(),
                        text: m.text.clone(),
                        done_on: on,
                    })
                })
            })
            .filter(|m| since_day.is_none_or(|s| m.done_on >= s))
            .collect();
        milestones_ticked.sort_by_key(|m| m.done_on);
        let latest = by_week.first().filter(|c| {
            c.week
                .monday()
                .is_some_and(|m| after_since(m + Duration::days(6)))
        });
        let weeks: Vec<Week> = by_week.iter().map(|c| c.week).collect();
        let mut trend: Vec<MoodPoint> = by_week
            .iter()
            .take(6)
            .map(|c| MoodPoint {
                week: c.week,
                mood: c.mood,
                energy: c.energy,
            })
            .collect();
        trend.reverse();

        // Owners are named from the viewer's side: "you", or the other
        // person of the meeting `author` logged.
        // The viewer's partner in this pair: the subject, when the brief is
        // about someone else (a mentor's mentee), else the partner the
        // viewer's profile names.
        let viewers_partner = || {
            if input.subject.id != input.viewer.id {
                return input.subject.name.clone();
            }
            input
                .viewer
                .partner
                .clone()
                .unwrap_or_else(|| "partner".to_string())
        };
        let other_than_viewer = |author: Id| {
            if author != input.viewer.id && author == input.subject.id {
                input.subject.name.clone()
            } else {
                // The viewer's partner: the author of an imported meeting, or
                // the one a meeting the viewer logged names.
                viewers_partner()
            }
        };
        let name_of = |author: Id| {
            if author == input.viewer.id {
                "you".to_string()
            } else {
                other_than_viewer(author)
            }
        };
        let open_actions: Vec<ActionLine> = input
            .journal
            .iter()
            .flat_map(|e| e.actions.iter().map(move |a| (e, a)))
            .filter(|(_, a)| !a.done)
            .map(|(e, a)| ActionLine {
                text: a.text.clone(),
                owner: if a.is_owned_by(e.meta.author, input.viewer.id) {
                    "you".to_string()
                } else {
                    other_than_viewer(e.meta.author)
                },
                due: a.due,
                days_late: a
                    .due
                    .filter(|_| a.is_overdue(today))
                    .map_or(0, |d| (today - d).num_days()),
                agreed: e.at,
            })
            .collect();
        // An agreement both people wrote down (on their two records of one
        // meeting) is one line.
        let mut kept: Vec<ActionLine> = Vec::with_capacity(open_actions.len());
        for a in open_actions {
            let twice = kept.iter().any(|k| {
                k.owner == a.owner
                    && k.text.trim().eq_ignore_ascii_case(a.text.trim())
                    && (k.agreed - a.agreed).num_minutes().abs() < super::SAME_MEETING_HOURS * 60
            });
            if !twice {
                kept.push(a);
            }
        }
        let mut open_actions = kept;
        open_actions.sort_by(|a, b| {
            (
                a.days_late == 0,
                a.due.is_none(),
                a.due,
                std::cmp::Reverse(a.days_late),
            )
                .cmp(&(
                    b.days_late == 0,
                    b.due.is_none(),
                    b.due,
                    std::cmp::Reverse(b.days_late),
                ))
                .then(b.agreed.cmp(&a.agreed))
        });

        let mut reflections: Vec<ReflectionLine> = input
            .reflections
            .iter()
            .filter(|r| r.meta.visibility == Visibility::Shared)
            .filter(|r| r.meta.author == input.subject.id || r.meta.author == input.viewer.id)
            .filter(|r| after_since(r.date))
            .map(|r| ReflectionLine {
                id: r.meta.id,
                date: r.date,
                author: name_of(r.meta.author),
                prompt: r.prompt.clone(),
                text: r.text.clone(),
                tags: r.tags.clone(),
            })
            .collect();
        reflections.sort_by_key(|r| std::cmp::Reverse(r.date));

        let next_event = input
            .upcoming
            .iter()
            .find(|c| c.ends_at() >= now)
            .map(|c| EventLine {
                title: c.title.clone(),
                kind: c.kind,
                start: c.start,
                all_day: c.all_day,
                place: c.place.clone(),
            });

        let mut targets_soon: Vec<TargetLine> = input
            .goals
            .iter()
            .filter(|g| g.status == GoalStatus::Active)
            .filter_map(|g| g.target.map(|t| (g, t)))
            .map(|(g, t)| TargetLine {
                title: g.title.clone(),
                target: t,
                days_left: (t - today).num_days(),
            })
            .filter(|t| t.days_left <= TARGET_SOON_DAYS)
            .collect();
        targets_soon.sort_by_key(|t| t.target);

        let pair_meetings: Vec<&JournalEntry> = input
            .journal
            .iter()
            .filter(|e| e.kind == EventKind::PairMeeting)
            .collect();
        let mut points: Vec<PointLine> = input
            .points
            .iter()
            .filter(|p| !p.discussed)
            .map(|p| PointLine {
                id: p.meta.id,
                text: p.text.clone(),
                raised_by: name_of(p.meta.author),
                raised: p.meta.created.with_timezone(now.offset()),
                goal: p.goal.and_then(|id| {
                    input
                        .goals
                        .iter()
                        .find(|g| g.meta.id == id)
                        .map(|g| g.title.clone())
                }),
                waited: p.waited(pair_meetings.iter().copied(), now),
            })
            .collect();
        points.sort_by(|a, b| b.waited.cmp(&a.waited).then(a.raised.cmp(&b.raised)));

        Brief {
            subject: input.subject.name.clone(),
            viewer: input.viewer.name.clone(),
            generated: now,
            last_meeting: last.map(|e| Meeting {
                id: e.meta.id,
                at: e.at,
                with: e.with.clone(),
            }),
            checkins: checkins
                .into_iter()
                .map(|c| CheckInLine {
                    week: c.week,
                    mood: c.mood,
                    energy: c.energy,
                    win: c.win.clone(),
                    blocker: c.blocker.clone(),
                    focus: c.focus.clone(),
                })
                .collect(),
            goals,
            open_actions,
            reflections,
            next_event,
            targets_soon,
            focus: latest.map(|c| c.focus.clone()).unwrap_or_default(),
            blocker: latest.map(|c| c.blocker.clone()).unwrap_or_default(),
            streak: streak(&weeks, today),
            trend,
            milestones_ticked,
            points,
        }
    }
}

/// One line of a brief as people read it, before any markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BriefLine {
    Title(String),
    Heading(String),
    Item(String),
    /// An item that needs attention (an overdue action, a target passed).
    Alert(String),
    Note(String),
}

fn days_late(n: i64) -> String {
    if n == 1 {
        "1 day late".into()
    } else {
        format!("{n} days late")
    }
}

impl Brief {
    /// The brief as headed lines, with dates relative to `self.generated`.
    pub fn outline(&self) -> Vec<BriefLine> {
        use super::time::{relative_days, relative_time};
        use BriefLine::*;
        let now = self.generated;
        let today = now.date_naive();
        let clean = |s: &str| crate::text::one_line(s, 400);
        let mut out = vec![Title(format!(
            "Brief: {} — {}",
            clean(&self.subject),
            now.format("%a %-d %b %Y")
        ))];
        match &self.last_meeting {
            Some(m) => out.push(Note(format!(
                "Since the last pair meeting, {} ({}).",
                m.at.format("%a %-d %b %Y"),
                relative_days(m.at.date_naive(), today)
            ))),
            None => out.push(Note(
                "No pair meeting in the journal yet: this covers everything.".into(),
            )),
        }

        out.push(Heading("Next".into()));
        match &self.next_event {
            Some(e) => {
                let when = if e.all_day {
                    e.start.format("%a %-d %b").to_string()
                } else {
                    e.start.format("%a %-d %b %H:%M").to_string()
                };
                let countdown = if e.all_day {
                    relative_days(e.start.date_naive(), today)
                } else {
                    relative_time(e.start, now)
                };
                let place = if e.place.trim().is_empty() {
                    String::new()
                } else {
                    format!(", {}", clean(&e.place))
                };
                out.push(Item(format!(
                    "{} — {when} ({countdown}){place}",
                    clean(&e.title)
                )));
            }
            None => out.push(Note("Nothing scheduled.".into())),
        }

        out.push(Heading(format!("Goals ({})", self.goals.len())));
        if self.goals.is_empty() {
            out.push(Note("No active goals.".into()));
        }
        for g in &self.goals {
            let delta = i16::from(g.now) - i16::from(g.then);
            let moved = match delta {
                0 => format!("{} % (no change)", g.now),
                d => format!("{} % → {} % ({d:+})", g.then, g.now),
            };
            let paused = if g.status == GoalStatus::Paused {
                " (paused)"
            } else {
                ""
            };
            let next = g
                .next_milestones
                .first()
                .map(|m| format!("; next: {}", clean(m)))
                .unwrap_or_default();
            // A goal without milestones says nothing of them.
            let steps = if g.milestones == 0 {
                String::new()
            } else {
                format!(", milestones {}/{}", g.milestones_done, g.milestones)
            };
            // The state the mentee gave it in their latest check-in, with
            // their note: what a mentor asks about first.
            let state = match (g.state, g.state_week) {
                (Some(state), Some(week)) => {
                    let note = if g.note.trim().is_empty() {
                        String::new()
                    } else {
                        format!(": “{}”", clean(&g.note))
                    };
                    format!(" — {} ({week}){note}", state.label().replace('-', " "))
                }
                _ => String::new(),
            };
            let line = format!("{}{paused}{state} · {moved}{steps}{next}", clean(&g.title));
            out.push(match g.state {
                Some(GoalState::AtRisk | GoalState::Blocked) => Alert(line),
                _ => Item(line),
            });
        }

        out.push(Heading("Focus and blockers".into()));
        if self.focus.trim().is_empty() && self.blocker.trim().is_empty() {
            out.push(Note(
                "Nothing new: no focus or blocker in a check-in since then.".into(),
            ));
        }
        if !self.focus.trim().is_empty() {
            out.push(Item(format!("Focus next: {}", clean(&self.focus))));
        }
        if !self.blocker.trim().is_empty() {
            out.push(Alert(format!("Blocker: {}", clean(&self.blocker))));
        }

        out.push(Heading(format!(
            "Check-ins ({} since then)",
            self.checkins.len()
        )));
        let weeks = |n: usize| {
            if n == 1 {
                "1 week".to_string()
            } else {
                format!("{n} weeks")
            }
        };
        let streak = match self.streak {
            0 => "No check-in this week or last".to_string(),
            n => format!("Streak: {} in a row", weeks(n)),
        };
        let trend = match self.trend.as_slice() {
            [] => None,
            [one] => Some(format!(
                "{streak}; mood {}, energy {} (of 5).",
                one.mood, one.energy
            )),
            trend => {
                let mood: Vec<String> = trend.iter().map(|t| t.mood.to_string()).collect();
                let energy: Vec<String> = trend.iter().map(|t| t.energy.to_string()).collect();
                Some(format!(
                    "{streak}; mood {}, energy {} (of 5, last {}).",
                    mood.join(" → "),
                    energy.join(" → "),
                    weeks(trend.len())
                ))
            }
        };
        // One line when there is nothing new.
        match (trend, self.checkins.is_empty()) {
            (None, _) => out.push(Note("Nothing new: no check-ins yet.".into())),
            (Some(trend), true) => out.push(Note(format!(
                "Nothing new: no check-ins since then. {trend}"
            ))),
            (Some(trend), false) => out.push(Note(trend)),
        }
        for c in &self.checkins {
            let mut parts = vec![format!("{}: mood {}, energy {}", c.week, c.mood, c.energy)];
            if !c.win.trim().is_empty() {
                parts.push(format!("win: {}", clean(&c.win)));
            }
            out.push(Item(parts.join(" — ")));
        }

        out.push(Heading(format!(
            "Milestones ticked ({})",
            self.milestones_ticked.len()
        )));
        if self.milestones_ticked.is_empty() {
            out.push(Note("Nothing new: no milestone ticked since then.".into()));
        }
        for m in &self.milestones_ticked {
            out.push(Item(format!(
                "{} — {}, {}",
                clean(&m.text),
                clean(&m.goal),
                m.done_on.format("%a %-d %b")
            )));
        }

        let late = self.open_actions.iter().filter(|a| a.days_late > 0).count();
        out.push(Heading(format!(
            "Open actions ({}, {} overdue)",
            self.open_actions.len(),
            late
        )));
        if self.open_actions.is_empty() {
            out.push(Note("No open actions.".into()));
        }
        // By owner: the viewer's first, then in the order they come.
        let mut owners: Vec<&str> = Vec::new();
        for a in &self.open_actions {
            if !owners.contains(&a.owner.as_str()) {
                owners.push(&a.owner);
            }
        }
        owners.sort_by_key(|o| *o != "you");
        for owner in owners {
            let theirs: Vec<&ActionLine> = self
                .open_actions
                .iter()
                .filter(|a| a.owner == owner)
                .collect();
            let who = if owner == "you" {
                "Yours".to_string()
            } else {
                format!("{}'s", clean(owner))
            };
            out.push(Note(format!("{who} ({}):", theirs.len())));
            for a in theirs {
                let due = match a.due {
                    Some(d) if a.days_late > 0 => {
                        format!("{}, due {}", days_late(a.days_late), d.format("%-d %b"))
                    }
                    Some(d) => format!("due {}", relative_days(d, today)),
                    None => "no date".into(),
                };
                let line = format!("{} — {due}", clean(&a.text));
                out.push(if a.days_late > 0 {
                    Alert(line)
                } else {
                    Item(line)
                });
            }
        }

        out.push(Heading(format!("Talking points ({})", self.points.len())));
        if self.points.is_empty() {
            out.push(Note("None raised.".into()));
        }
        for p in &self.points {
            let about = p
                .goal
                .as_deref()
                .map(|g| format!(" · about {}", clean(g)))
                .unwrap_or_default();
            let waited = match p.waited {
                0 => String::new(),
                1 => " · waited 1 meeting".to_string(),
                n => format!(" · waited {n} meetings"),
            };
            out.push(Item(format!(
                "{} — raised by {}, {}{about}{waited}",
                clean(&p.text),
                clean(&p.raised_by),
                p.raised.format("%-d %b")
            )));
        }

        out.push(Heading(format!(
            "Shared reflections ({})",
            self.reflections.len()
        )));
        if self.reflections.is_empty() {
            out.push(Note("No shared reflections since then.".into()));
        }
        for r in &self.reflections {
            let prompt = r
                .prompt
                .as_deref()
                .map(|p| format!(" [{}]", clean(p)))
                .unwrap_or_default();
            out.push(Item(format!(
                "{}, {}{prompt}: {}",
                r.date.format("%-d %b"),
                clean(&r.author),
                clean(&r.text)
            )));
        }

        out.push(Heading("Targets coming up".into()));
        if self.targets_soon.is_empty() {
            out.push(Note(format!(
                "No goal is due within {TARGET_SOON_DAYS} days."
            )));
        }
        for t in &self.targets_soon {
            let line = format!(
                "{} — {} ({})",
                clean(&t.title),
                t.target.format("%-d %b %Y"),
                relative_days(t.target, today)
            );
            out.push(if t.days_left < 0 {
                Alert(line)
            } else {
                Item(line)
            });
        }
        out
    }

    /// Markdown, for pasting into an email.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        for line in self.outline() {
            match line {
                BriefLine::Title(t) => s.push_str(&format!("# {t}\n\n")),
                BriefLine::Heading(h) => s.push_str(&format!("\n## {h}\n\n")),
                BriefLine::Item(i) => s.push_str(&format!("- {i}\n")),
                BriefLine::Alert(a) => s.push_str(&format!("- **{a}**\n")),
                BriefLine::Note(n) => s.push_str(&format!("{n}\n")),
            }
        }
        s
    }

    /// Plain text for a terminal.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for line in self.outline() {
            match line {
                BriefLine::Title(t) => s.push_str(&format!("{t}\n")),
                BriefLine::Heading(h) => s.push_str(&format!("\n{}\n", h.to_uppercase())),
                BriefLine::Item(i) => s.push_str(&format!("  • {i}\n")),
                BriefLine::Alert(a) => s.push_str(&format!("  ! {a}\n")),
                BriefLine::Note(n) => s.push_str(&format!("  {n}\n")),
            }
        }
        s
    }
}

/// Weeks in a row with a check-in, counting back from this week (or from
/// last week, when this week's is still to come).
pub fn streak(weeks: &[Week], today: NaiveDate) -> usize {
    let mut week = Week::of(today);
    if !weeks.contains(&week) {
        match week.previous() {
            Some(w) => week = w,
            None => return 0,
        }
    }
    let mut n = 0;
    while weeks.contains(&week) {
        n += 1;
        match week.previous() {
            Some(w) => week = w,
            None => break,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AgreedAction, Owner, Role};
    use chrono::TimeZone;

    fn at(month: u32, day: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, month, day, 14, 0, 0)
            .unwrap()
    }

    fn now() -> DateTime<FixedOffset> {
        at(11, 24)
    }

    struct World {
        ana: Profile,
        marko: Profile,
        journal: Vec<JournalEntry>,
        goals: Vec<Goal>,
        checkins: Vec<CheckIn>,
        reflections: Vec<Reflection>,
        upcoming: Vec<Consultation>,
    }

    fn world() -> World {
        let mut ana = Profile::new("Ana", Role::Mentee, now().to_utc());
        ana.partner = Some("Marko".into());
        let mut marko = Profile::new("Marko", Role::Mentor, now().to_utc());
        marko.partner = Some("Ana".into());
        let mut old = JournalEntry::new(ana.id, at(10, 20), "old meeting", now());
        let mut a = AgreedAction::new("Send the budget", Owner::Me, Some(at(10, 30).date_naive()));
        a.done = false;
        old.actions.push(a);
        old.actions
            .push(AgreedAction::new("Done thing", Owner::Me, None));
        old.actions[1].done = true;
        let mut last = JournalEntry::new(ana.id, at(11, 10), "last meeting", now());
        last.actions.push(AgreedAction::new(
            "Introduce a curator",
            Owner::Partner,
            Some(at(11, 20).date_naive()),
        ));
        last.actions.push(AgreedAction::new(
            "Draft the call",
            Owner::Me,
            Some(at(12, 1).date_naive()),
        ));
        let mut workshop = JournalEntry::new(ana.id, at(11, 18), "a workshop", now());
        workshop.kind = EventKind::Workshop;
        let mut g = Goal::new(ana.id, "Exhibition", at(3, 1));
        g.set_progress(20, at(10, 1)).unwrap();
        g.set_progress(35, at(11, 5)).unwrap();
        g.set_progress(50, at(11, 20)).unwrap();
        g.target = Some(at(12, 5).date_naive());
        g.add_milestone("Venue");
        g.add_milestone("Call");
        g.milestones[0].done = true;
        let mut checkins = Vec::new();
        for (m, d, mood) in [(11, 3, 2), (11, 12, 3), (11, 19, 4)] {
            let mut c = CheckIn::new(ana.id, mood, 3, at(m, d));
            c.win = format!("win {d}");
            checkins.push(c);
        }
        let mut shared = Reflection::new(ana.id, "shared after", at(11, 15));
        shared.meta.visibility = Visibility::Shared;
        let private = Reflection::new(ana.id, "private after", at(11, 16));
        let mut shared_before = Reflection::new(ana.id, "shared before", at(11, 1));
        shared_before.meta.visibility = Visibility::Shared;
        let mut mentor_private = Reflection::new(marko.id, "mentor private", at(11, 17));
        mentor_private.meta.visibility = Visibility::Private;
        let mut mentor_shared = Reflection::new(marko.id, "mentor shared", at(11, 17));
        mentor_shared.meta.visibility = Visibility::Shared;
        let next = Consultation::new(ana.id, "Next meeting", at(11, 26), now());
        World {
            journal: vec![old, last, workshop],
            goals: vec![g],
            checkins,
            reflections: vec![
                shared,
                private,
                shared_before,
                mentor_private,
                mentor_shared,
            ],
            upcoming: vec![next],
            ana,
            marko,
        }
    }

    fn brief(w: &World, viewer: &Profile) -> Brief {
        Brief::build(
            &BriefInput {
                viewer,
                subject: &w.ana,
                journal: &w.journal,
                goals: &w.goals,
                checkins: &w.checkins,
                reflections: &w.reflections,
                upcoming: &w.upcoming,
                points: &[],
            },
            now(),
        )
    }

    #[test]
    fn since_means_since_the_last_pair_meeting_not_a_workshop() {
        let w = world();
        let b = brief(&w, &w.ana);
        assert_eq!(b.last_meeting.as_ref().unwrap().at, at(11, 10));
        let weeks: Vec<u8> = b.checkins.iter().map(|c| c.mood).collect();
        assert_eq!(weeks, [3, 4], "check-ins of the weeks since the meeting");
    }

    #[test]
    fn goals_show_progress_then_and_now() {
        let w = world();
        let g = &brief(&w, &w.ana).goals[0];
        assert_eq!((g.then, g.now), (35, 50));
        assert_eq!((g.milestones_done, g.milestones), (1, 2));
        assert_eq!(g.next_milestones, ["Call"]);
    }

    #[test]
    fn open_actions_come_overdue_first_with_who_and_how_late() {
        let w = world();
        let b = brief(&w, &w.ana);
        let texts: Vec<(&str, &str, i64)> = b
            .open_actions
            .iter()
            .map(|a| (a.text.as_str(), a.owner.as_str(), a.days_late))
            .collect();
        assert_eq!(
            texts,
            [
                ("Send the budget", "you", 25),
                ("Introduce a curator", "Marko", 4),
                ("Draft the call", "you", 0)
            ],
            "done actions are left out; due today or later is not late"
        );
        // Marko sees the same actions from his side.
        let b = brief(&w, &w.marko);
        let owners: Vec<(&str, &str)> = b
            .open_actions
            .iter()
            .map(|a| (a.text.as_str(), a.owner.as_str()))
            .collect();
        assert!(
            owners.contains(&("Send the budget", "Ana"))
                && owners.contains(&("Introduce a curator", "you")),
            "{owners:?}"
        );
    }

    #[test]
    fn only_shared_reflections_since_the_meeting_and_never_a_private_one() {
        let w = world();
        let for_mentor = brief(&w, &w.marko);
        let texts: Vec<&str> = for_mentor
            .reflections
            .iter()
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(texts, ["mentor shared", "shared after"]);
        assert!(
            for_mentor
                .reflections
                .iter()
                .all(|r| !r.text.contains("private"))
        );
        assert_eq!(for_mentor.reflections[1].author, "Ana");
    }

    #[test]
    fn the_next_event_and_near_targets_are_named() {
        let w = world();
        let b = brief(&w, &w.ana);
        assert_eq!(b.next_event.unwrap().title, "Next meeting");
        assert_eq!(b.targets_soon.len(), 1);
        assert_eq!(b.targets_soon[0].days_left, 11);
    }

    #[test]
    fn without_a_meeting_everything_counts() {
        let mut w = world();
        w.journal.clear();
        let b = brief(&w, &w.ana);
        assert!(b.last_meeting.is_none());
        assert_eq!(b.checkins.len(), 3);
        assert_eq!(b.goals[0].then, 0);
        assert!(b.open_actions.is_empty());
    }

    #[test]
    fn every_section_says_so_when_it_is_empty() {
        let w = world();
        let empty = Brief::build(
            &BriefInput {
                viewer: &w.ana,
                subject: &w.ana,
                journal: &[],
                goals: &[],
                checkins: &[],
                reflections: &[],
                upcoming: &[],
                points: &[],
            },
            now(),
        );
        let md = empty.to_markdown();
        for phrase in [
            "Nothing scheduled.",
            "No open actions.",
            "No active goals.",
            "Nothing new: no check-ins yet.",
            "Nothing new: no focus or blocker in a check-in since then.",
            "Nothing new: no milestone ticked since then.",
            "None raised.",
            "No shared reflections since then.",
            "No goal is due within",
        ] {
            assert!(md.contains(phrase), "{phrase} missing in:\n{md}");
        }
    }

    #[test]
    fn markdown_marks_overdue_actions() {
        let w = world();
        let md = brief(&w, &w.marko).to_markdown();
        assert!(md.starts_with("# Brief: Ana"), "{md}");
        assert!(
            md.contains("Ana's (2):\n- **Send the budget — 25 days late, due 30 Oct**"),
            "{md}"
        );
        assert!(
            md.contains("- Exhibition · 35 % → 50 % (+15), milestones 1/2; next: Call"),
            "{md}"
        );
        assert!(
            md.contains(
                "Streak: 3 weeks in a row; mood 2 → 3 → 4, energy 3 → 3 → 3 (of 5, last 3 weeks)."
            ),
            "{md}"
        );
        assert!(!md.contains("private"), "{md}");
    }

    #[test]
    fn streaks_count_weeks_in_a_row() {
        let today = at(11, 24).date_naive();
        let w = |d: u32| Week::of(at(11, d).date_naive());
        assert_eq!(streak(&[w(24), w(17), w(10), w(1)], today), 3);
        assert_eq!(
            streak(&[w(17), w(10)], today),
            2,
            "this week's may still come"
        );
        assert_eq!(streak(&[w(10)], today), 0);
        assert_eq!(streak(&[], today), 0);
    }
}
