//! The weekly check-in wizard: one step per active goal, then mood, energy,
//! win, blocker and focus, then a summary. A mentor's is about the
//! mentoring instead: per mentee how it went and a note for next time, then
//! their own mood and energy (never the mentees' goals). Everything is
//! prefilled, so an unchanged week is a string of Enters.

use chrono::{DateTime, FixedOffset};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use crate::domain::{CheckIn, Goal, GoalCheck, GoalState, Id, MentoringNote, Profile, Week};

pub struct GoalStep {
    pub id: Id,
    pub title: String,
    /// Progress when the wizard opened, from the goal.
    pub was: u8,
    pub progress: u8,
    /// Digits typed for the progress, shown as they are typed.
    pub typed: String,
    /// The progress before digits were typed, for Backspace to go back to.
    before_typing: u8,
    pub state: GoalState,
    pub note: TextArea<'static>,
}

/// A mentor's step about one mentee.
pub struct MenteeStep {
    pub id: Id,
    pub name: String,
    pub went: TextArea<'static>,
    pub next: TextArea<'static>,
}

/// Where the wizard is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A goal, and which of its fields: 0 progress, 1 state, 2 note.
    Goal(usize, usize),
    /// A mentor's mentee, and which field: 0 how it went, 1 next time.
    Mentee(usize, usize),
    Mood,
    Energy,
    Win,
    Blocker,
    Focus,
    Summary,
}

pub struct Wizard {
    pub week: Week,
    /// This week's saved check-in, when it is being edited.
    pub existing: Option<CheckIn>,
    pub goals: Vec<GoalStep>,
    /// A mentor's mentees (none for a mentee).
    pub mentees: Vec<MenteeStep>,
    pub mood: u8,
    pub energy: u8,
    pub win: TextArea<'static>,
    pub blocker: TextArea<'static>,
    pub focus: TextArea<'static>,
    pub step: Step,
    /// Close the app once saved or cancelled (`tandem checkin` without flags).
    pub exit_after: bool,
    /// What the wizard showed when it opened, to tell whether anything changed.
    opened: String,
}

/// What accepting a step did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Save,
}

fn line(text: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![text.to_string()]);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

fn text_of(t: &TextArea<'static>) -> String {
    t.lines().join(" ").trim().to_string()
}

pub const STATES: [GoalState; 3] = [GoalState::OnTrack, GoalState::AtRisk, GoalState::Blocked];

impl Wizard {
    /// A wizard for the week of `now`: this week's check-in if there is one,
    /// else prefilled from the goals and last week's check-in.
    pub fn new(
        goals: &[Goal],
        this_week: Option<CheckIn>,
        last_week: Option<&CheckIn>,
        now: DateTime<FixedOffset>,
    ) -> Wizard {
        Wizard::for_mentor(goals, &[], this_week, last_week, now)
    }

    /// A wizard as [`Wizard::new`] makes it, asking a mentor about each of
    /// `mentees` (this week's notes about them kept).
    pub fn for_mentor(
        goals: &[Goal],
        mentees: &[Profile],
        this_week: Option<CheckIn>,
        last_week: Option<&CheckIn>,
        now: DateTime<FixedOffset>,
    ) -> Wizard {
        let week = Week::of(now.date_naive());
        let source = this_week.as_ref().or(last_week);
        let steps: Vec<GoalStep> = goals
            .iter()
            .filter(|g| g.status == crate::domain::GoalStatus::Active)
            .map(|g| {
                let saved = this_week
                    .as_ref()
                    .and_then(|c| c.goals.iter().find(|l| l.goal == g.meta.id));
                let earlier = source.and_then(|c| c.goals.iter().find(|l| l.goal == g.meta.id));
                GoalStep {
                    id: g.meta.id,
                    title: g.title.clone(),
                    was: g.progress,
                    progress: g.progress,
                    typed: String::new(),
                    before_typing: g.progress,
                    state: earlier.map_or(GoalState::OnTrack, |l| l.state),
                    note: line(saved.map_or("", |l| l.note.as_str())),
                }
            })
            .collect();
        let fresh =
            |f: fn(&CheckIn) -> &String| line(this_week.as_ref().map_or("", |c| f(c).as_str()));
        let mentees = mentees
            .iter()
            .map(|p| {
                let saved = this_week
                    .as_ref()
                    .and_then(|c| c.mentoring.iter().find(|m| m.mentee == p.id));
                MenteeStep {
                    id: p.id,
                    name: p.name.clone(),
                    went: line(saved.map_or("", |m| m.went.as_str())),
                    next: line(saved.map_or("", |m| m.next.as_str())),
                }
            })
            .collect();
        Wizard {
            week,
            goals: steps,
            mentees,
            mood: source.map_or(3, |c| c.mood),
            energy: source.map_or(3, |c| c.energy),
            win: fresh(|c| &c.win),
            blocker: fresh(|c| &c.blocker),
            focus: fresh(|c| &c.focus),
            existing: this_week,
            step: Step::Goal(0, 0),
            exit_after: false,
            opened: String::new(),
        }
        .start()
    }

    fn start(mut self) -> Wizard {
        if self.goals.is_empty() {
            self.step = if self.mentees.is_empty() {
                Step::Mood
            } else {
                Step::Mentee(0, 0)
            };
        }
        self.opened = self.fingerprint();
        self
    }

    /// Everything the user can change, as one comparable value.
    fn fingerprint(&self) -> String {
        let goals: Vec<String> = self
            .goals
            .iter()
            .map(|g| {
                format!(
                    "{}|{}|{:?}|{}",
                    g.progress,
                    g.typed,
                    g.state,
                    text_of(&g.note)
                )
            })
            .collect();
        let mentees: Vec<String> = self
            .mentees
            .iter()
            .map(|m| format!("{}|{}", text_of(&m.went), text_of(&m.next)))
            .collect();
        format!(
            "{goals:?}|{mentees:?}|{}|{}|{}|{}|{}",
            self.mood,
            self.energy,
            text_of(&self.win),
            text_of(&self.blocker),
            text_of(&self.focus)
        )
    }

    /// The steps in order (goal steps counted once).
    pub fn step_number(&self) -> (usize, usize) {
        let before = self.goals.len() + self.mentees.len();
        // A mentor's check-in has no win, blocker or focus.
        let total = before + if self.is_mentors() { 3 } else { 6 };
        let n = match self.step {
            Step::Goal(i, _) => i,
            Step::Mentee(i, _) => self.goals.len() + i,
            Step::Mood => before,
            Step::Energy => before + 1,
            Step::Win => before + 2,
            Step::Blocker => before + 3,
            Step::Focus => before + 4,
            Step::Summary => total - 1,
        };
        (n + 1, total)
    }

    /// Whether this is a mentor's check-in, about the mentoring.
    pub fn is_mentors(&self) -> bool {
        !self.mentees.is_empty()
    }

    fn next_step(&mut self) {
        self.commit_typed();
        let mentor = self.is_mentors();
        self.step = match self.step {
            Step::Goal(i, _) if i + 1 < self.goals.len() => Step::Goal(i + 1, 0),
            Step::Goal(..) if mentor => Step::Mentee(0, 0),
            Step::Goal(..) => Step::Mood,
            Step::Mentee(i, _) if i + 1 < self.mentees.len() => Step::Mentee(i + 1, 0),
            Step::Mentee(..) => Step::Mood,
            Step::Mood => Step::Energy,
            Step::Energy if mentor => Step::Summary,
            Step::Energy => Step::Win,
            Step::Win => Step::Blocker,
            Step::Blocker => Step::Focus,
            Step::Focus | Step::Summary => Step::Summary,
        };
    }

    fn prev_step(&mut self) {
        self.commit_typed();
        let last_goal = self.goals.len().checked_sub(1);
        let last_mentee = self.mentees.len().checked_sub(1);
        let before_mentees = last_goal.map_or(Step::Mentee(0, 0), |i| Step::Goal(i, 0));
        self.step = match self.step {
            Step::Goal(i, f) if f > 0 => Step::Goal(i, f - 1),
            Step::Goal(0, _) => Step::Goal(0, 0),
            Step::Goal(i, _) => Step::Goal(i - 1, 0),
            Step::Mentee(i, 1) => Step::Mentee(i, 0),
            Step::Mentee(0, _) => before_mentees,
            Step::Mentee(i, _) => Step::Mentee(i - 1, 0),
            Step::Mood => match last_mentee {
                Some(i) => Step::Mentee(i, 0),
                None => last_goal.map_or(Step::Mood, |i| Step::Goal(i, 0)),
            },
            Step::Energy => Step::Mood,
            Step::Summary if self.is_mentors() => Step::Energy,
            Step::Win => Step::Energy,
            Step::Blocker => Step::Win,
            Step::Focus => Step::Blocker,
            Step::Summary => Step::Focus,
        };
    }

    fn next_field(&mut self) {
        match self.step {
            Step::Goal(i, f) if f < 2 => {
                self.commit_typed();
                self.step = Step::Goal(i, f + 1);
            }
            Step::Mentee(i, 0) => self.step = Step::Mentee(i, 1),
            _ => self.next_step(),
        }
    }

    /// Digits typed for a goal's progress are its value as soon as they
    /// are typed; leaving the field ends the typing.
    fn commit_typed(&mut self) {
        if let Step::Goal(i, _) = self.step {
            let g = &mut self.goals[i];
            g.typed.clear();
            g.before_typing = g.progress;
        }
    }

    fn adjust(&mut self, up: bool) {
        let sign = |v: i16| if up { v } else { -v };
        match self.step {
            Step::Goal(i, 0) => {
                self.commit_typed();
                let g = &mut self.goals[i];
                g.progress = (i16::from(g.progress) + sign(5)).clamp(0, 100) as u8;
            }
            Step::Goal(i, 1) => {
                let g = &mut self.goals[i];
                let at = STATES.iter().position(|s| *s == g.state).unwrap_or(0);
                g.state = STATES[(at + if up { 1 } else { 2 }) % 3];
            }
            Step::Mood => self.mood = (i16::from(self.mood) + sign(1)).clamp(1, 5) as u8,
            Step::Energy => self.energy = (i16::from(self.energy) + sign(1)).clamp(1, 5) as u8,
            _ => {}
        }
    }

    fn text_field(&mut self) -> Option<&mut TextArea<'static>> {
        match self.step {
            Step::Goal(i, 2) => Some(&mut self.goals[i].note),
            Step::Mentee(i, 0) => Some(&mut self.mentees[i].went),
            Step::Mentee(i, _) => Some(&mut self.mentees[i].next),
            Step::Win => Some(&mut self.win),
            Step::Blocker => Some(&mut self.blocker),
            Step::Focus => Some(&mut self.focus),
            _ => None,
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.fingerprint() != self.opened
    }

    /// `Enter`: accept this step and move on; on the summary, save.
    pub fn accept(&mut self) -> Outcome {
        if self.step == Step::Summary {
            return Outcome::Save;
        }
        self.next_step();
        Outcome::Stay
    }

    /// `Shift-Tab`: back one field or step.
    pub fn back(&mut self) {
        self.prev_step();
    }

    /// `Tab`: the next field of a goal, or the next step.
    pub fn forward(&mut self) {
        self.next_field();
    }

    /// `←`/`→`: change a value, or move the cursor in a text field.
    pub fn horizontal(&mut self, right: bool) {
        if let Some(area) = self.text_field() {
            area.move_cursor(if right {
                ratatui_textarea::CursorMove::Forward
            } else {
                ratatui_textarea::CursorMove::Back
            });
        } else {
            self.adjust(right);
        }
    }

    /// Ready to save: digits typed become the value.
    pub fn finish(&mut self) {
        self.commit_typed();
    }

    /// Sets the value of the mood or energy step.
    pub fn pick(&mut self, value: u8) {
        let value = value.clamp(1, 5);
        match self.step {
            Step::Mood => self.mood = value,
            Step::Energy => self.energy = value,
            _ => {}
        }
    }

    /// Deletes a character of the field; on an empty field (or a step
    /// without text), goes back a step.
    pub fn erase(&mut self) {
        if let Some(area) = self.text_field() {
            if area.is_empty() {
                self.prev_step();
            } else {
                area.delete_char();
            }
            return;
        }
        match self.step {
            Step::Goal(i, 0) if self.goals[i].typed.pop().is_some() => {
                let g = &mut self.goals[i];
                g.progress = typed_value(&g.typed).unwrap_or(g.before_typing);
            }
            _ => self.prev_step(),
        }
    }

    /// A key typed: into a text field, or digits of a goal's progress.
    pub fn type_key(&mut self, ev: KeyEvent) {
        if let Some(area) = self.text_field() {
            area.input(ev);
            return;
        }
        if let (Step::Goal(i, 0), KeyCode::Char(c)) = (self.step, ev.code)
            && c.is_ascii_digit()
        {
            let g = &mut self.goals[i];
            if g.typed.len() < 3 {
                g.typed.push(c);
                g.progress = typed_value(&g.typed).unwrap_or(g.progress);
            }
        }
    }

    /// The check-in and the goals it moves, ready to save.
    pub fn build(
        &self,
        author: Id,
        goals: &[Goal],
        now: DateTime<FixedOffset>,
    ) -> (CheckIn, Vec<Goal>) {
        let mut checkin = match &self.existing {
            Some(c) => c.clone(),
            None => {
                let mut c = CheckIn::new(author, self.mood, self.energy, now);
                // A mentor's notes on the mentoring are theirs alone.
                if self.is_mentors() {
                    c.meta.visibility = crate::domain::Visibility::Private;
                }
                c
            }
        };
        if self.is_mentors() {
            let mut notes: Vec<MentoringNote> = self
                .mentees
                .iter()
                .map(|m| MentoringNote {
                    mentee: m.id,
                    went: text_of(&m.went),
                    next: text_of(&m.next),
                })
                .filter(|m| !m.went.is_empty() || !m.next.is_empty())
                .collect();
            // Notes on mentees no longer here stay as they were saved.
            notes.extend(
                checkin
                    .mentoring
                    .iter()
                    .filter(|m| self.mentees.iter().all(|s| s.id != m.mentee))
                    .cloned(),
            );
            checkin.mentoring = notes;
        }
        checkin.mood = self.mood;
        checkin.energy = self.energy;
        checkin.win = text_of(&self.win);
        checkin.blocker = text_of(&self.blocker);
        checkin.focus = text_of(&self.focus);
        let mut lines: Vec<GoalCheck> = self
            .goals
            .iter()
            .map(|g| GoalCheck {
                goal: g.id,
                progress: g.progress,
                state: g.state,
                note: text_of(&g.note),
            })
            .collect();
        // Lines of goals that are no longer active stay as they were saved.
        if let Some(saved) = &self.existing {
            lines.extend(
                saved
                    .goals
                    .iter()
                    .filter(|l| self.goals.iter().all(|g| g.id != l.goal))
                    .cloned(),
            );
        }
        checkin.goals = lines;
        checkin.meta.touch(now.to_utc());
        // Each goal records its progress (a history point) as of this check-in.
        let moved = self
            .goals
            .iter()
            .filter_map(|step| {
                let mut goal = goals.iter().find(|g| g.meta.id == step.id)?.clone();
                goal.set_progress(i64::from(step.progress), now).ok()?;
                Some(goal)
            })
            .collect();
        (checkin, moved)
    }
}

/// The progress digits stand for: a percentage, at most 100.
fn typed_value(typed: &str) -> Option<u8> {
    typed.parse::<u16>().ok().map(|v| v.min(100) as u8)
}

pub fn state_words(s: GoalState) -> &'static str {
    match s {
        GoalState::OnTrack => "on track",
        GoalState::AtRisk => "at risk",
        GoalState::Blocked => "blocked",
    }
}

pub fn scale_words(v: u8) -> &'static str {
    match v {
        1 => "very low",
        2 => "low",
        3 => "okay",
        4 => "good",
        _ => "great",
    }
}
