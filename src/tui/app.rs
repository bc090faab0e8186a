//! The app: its state, and `update`, the only place that changes the state or
//! writes to the store. Drawing reads an `&App` and nothing else.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Timelike};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::action::Action;
use super::checkin::{Outcome, Wizard};
use super::form::{Built, Form, FormKind, Input, Zone};
use super::keymap::{self, KeyMode};
use super::tabs::{Act, Tab, TabState};
use crate::domain::brief::Brief;
use crate::domain::{
    AgreedAction, CheckIn, Consultation, Goal, Id, JournalEntry, Kind, Origin, Profile, Reflection,
    Week,
};
use crate::store::{AnyRecord, Change, Store, StoreError};

/// How many journal entries, reflections and events the app reads at first:
/// the newest, by a range scan — a few screens' worth. Scrolling near the end
/// or filtering reads further back (see [`App::grow_window`]).
pub const WINDOW: usize = 100;

/// The most a list reads.
pub const MAX_WINDOW: usize = 100_000;

/// The prompts offered for new reflections.
pub const PROMPTS: &str = include_str!("../../assets/prompts.txt");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

/// What a confirmation is about.
pub enum Pending {
    Delete { id: Id, kind: Kind },
    DiscardForm(Box<Form>),
    DiscardCheckIn(Box<Wizard>),
}

pub struct Confirm {
    pub question: String,
    pub pending: Pending,
}

/// What the app is doing; one at a time.
pub enum Mode {
    /// Moving in a list.
    Normal,
    /// In the detail pane, picking a milestone or action.
    Detail,
    /// Typing a filter for the current list.
    Filter,
    Form(Box<Form>),
    Confirm(Confirm),
    Help,
    /// All open actions across meetings.
    Actions,
    /// The weekly check-in wizard.
    CheckIn(Box<Wizard>),
    /// The pre-meeting brief, and how far it is scrolled.
    Brief(Box<Brief>, u16),
}

/// One change that `u` takes back: the changes that restore what was before.
struct UndoStep {
    label: String,
    restore: Vec<Change>,
}

/// What the screens show, read from the store by range scans and kept until
/// something changes.
#[derive(Default)]
pub struct Data {
    pub goals: Vec<Goal>,
    pub journal: Vec<JournalEntry>,
    pub reflections: Vec<Reflection>,
    /// Upcoming first (soonest first), then past (most recent first).
    pub consultations: Vec<Consultation>,
    pub upcoming: usize,
    pub this_week: Option<CheckIn>,
    /// The newest check-ins, newest first (for prefilling and streaks).
    pub recent_checkins: Vec<CheckIn>,
    /// The meetings with open actions, however old (from their index).
    pub open_meetings: Vec<JournalEntry>,
}

/// An open action and where it is.
pub struct OpenAction<'a> {
    pub entry: &'a JournalEntry,
    pub index: usize,
    pub action: &'a AgreedAction,
}

pub struct App {
    pub store: Store,
    /// The profile using the app (None until the first-run form is saved).
    pub me: Option<Profile>,
    pub now: DateTime<FixedOffset>,
    pub zone: Zone,
    pub tab: Tab,
    pub mode: Mode,
    pub data: Data,
    /// Per tab: the selection, the filter and what it shows.
    tabs: [TabState; Tab::COUNT],
    /// The selected milestone or action in the detail pane, or action in the overlay.
    pub detail: usize,
    pub help_scroll: u16,
    pub status: Option<Status>,
    pub quit: bool,
    /// Text waiting to be edited in $EDITOR (the terminal loop runs it).
    pub editor_request: Option<String>,
    pub prompts: Vec<&'static str>,
    /// Partners whose shared records were imported: shown read-only.
    pub partners: Vec<Profile>,
    undo: Vec<UndoStep>,
    /// Kinds not read yet: [`App::starting`] reads only what the first
    /// frame shows; the rest is read before the first key is handled.
    pending: Vec<Kind>,
}

impl App {
    /// The app on `store`: on the tab used last, or on the first-run form
    /// when the store has no profile yet.
    pub fn new(store: Store, now: DateTime<FixedOffset>, zone: Zone) -> Result<App, StoreError> {
        App::with_user(store, now, zone, None)
    }

    /// [`App::new`] acting as the local profile named `user` (`--user`).
    pub fn with_user(
        store: Store,
        now: DateTime<FixedOffset>,
        zone: Zone,
        user: Option<&str>,
    ) -> Result<App, StoreError> {
        let mut app = App::starting(store, now, zone, user)?;
        app.load_pending();
        Ok(app)
    }

    /// The app as the terminal loop starts it: it reads only what its first
    /// frame shows (the goals, events and check-ins every tab's header or
    /// detail uses, and the list of the tab it opens on). The loop calls
    /// [`App::load_pending`] once that frame is drawn; any key does first.
    pub fn starting(
        store: Store,
        now: DateTime<FixedOffset>,
        zone: Zone,
        user: Option<&str>,
    ) -> Result<App, StoreError> {
        let me = current_profile(&store, user)?;
        let tab = store
            .setting("last-tab")?
            .and_then(|v| Tab::from_key(&String::from_utf8_lossy(&v)))
            .unwrap_or(Tab::ALL[0]);
        let mode = match &me {
            None => Mode::Form(Box::new(Form::profile(None))),
            Some(p) if p.is_rebuilt() => Mode::Form(Box::new(Form::profile(Some(p.id)))),
            Some(_) => Mode::Normal,
        };
        let mut app = App {
            store,
            me,
            now,
            zone,
            tab,
            mode,
            data: Data::default(),
            tabs: Default::default(),
            detail: 0,
            help_scroll: 0,
            status: None,
            quit: false,
            editor_request: None,
            prompts: PROMPTS
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect(),
            partners: Vec::new(),
            undo: Vec::new(),
            pending: Vec::new(),
        };
        app.partners = app
            .store
            .profiles()?
            .into_iter()
            .filter(|p| p.origin == Origin::Partner)
            .collect();
        // What every tab's header or detail uses, and the list of the tab
        // the app opens on.
        let mut first_frame = vec![Kind::Goal, Kind::Consultation, Kind::CheckIn];
        let opening = app.tab.def().kind();
        if !first_frame.contains(&opening) {
            first_frame.push(opening);
        }
        for kind in &first_frame {
            app.reload(*kind)?;
        }
        app.pending = [
            Kind::Goal,
            Kind::Journal,
            Kind::Reflection,
            Kind::Consultation,
            Kind::CheckIn,
        ]
        .into_iter()
        .filter(|k| !first_frame.contains(k))
        .collect();
        for w in app.store.take_warnings() {
            app.error(w);
        }
        Ok(app)
    }

    /// Whether some lists are still to be read (see [`App::starting`]).
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Reads the lists the first frame did not need.
    pub fn load_pending(&mut self) {
        for kind in std::mem::take(&mut self.pending) {
            if let Err(e) = self.reload(kind) {
                self.error(e.to_string());
            }
        }
        for w in self.store.take_warnings() {
            self.error(w);
        }
    }

    pub fn key_mode(&self) -> KeyMode {
        match self.mode {
            Mode::Normal => KeyMode::List,
            Mode::Detail => KeyMode::Detail,
            Mode::Filter => KeyMode::Filter,
            Mode::Form(_) => KeyMode::Form,
            Mode::Confirm(_) => KeyMode::Confirm,
            Mode::Help => KeyMode::Help,
            Mode::Actions => KeyMode::Actions,
            Mode::CheckIn(_) => KeyMode::CheckIn,
            Mode::Brief(..) => KeyMode::Brief,
        }
    }

    /// A key from the terminal. Only presses count: releases and repeats that
    /// some terminals report would otherwise type twice.
    pub fn handle_key(&mut self, ev: KeyEvent) {
        if ev.kind != KeyEventKind::Press {
            return;
        }
        let action = keymap::action_for(self.key_mode(), self.tab, &ev).or(match self.mode {
            Mode::Form(_) | Mode::Filter | Mode::CheckIn(_) => Some(Action::Type(ev)),
            _ => None,
        });
        if let Some(action) = action {
            self.update(action);
        }
    }

    /// Sets the clock; the loop calls it before every frame.
    pub fn set_now(&mut self, now: DateTime<FixedOffset>) {
        let day_changed = now.date_naive() != self.now.date_naive();
        self.now = now;
        if day_changed && self.me.is_some() {
            let _ = self.reload_all();
        } else if self.data.consultations[..self.data.upcoming]
            .iter()
            .any(|c| c.ends_at() < now)
        {
            // An event just ended: it moves from "next" to the past.
            let _ = self.reload(Kind::Consultation);
        }
    }

    /// How long the loop may sleep before something on screen changes by
    /// itself: the next minute while an event is less than a day away (its
    /// countdown counts minutes), else the next midnight.
    pub fn next_tick(&self) -> StdDuration {
        let upcoming = &self.data.consultations[..self.data.upcoming];
        let soon = upcoming
            .iter()
            .any(|c| c.start > self.now && c.start - self.now < Duration::hours(24));
        let midnight = (self.now.date_naive() + Duration::days(1)).and_time(NaiveTime::MIN);
        let mut secs = if soon {
            60 - i64::from(self.now.second())
        } else {
            (midnight - self.now.naive_local()).num_seconds()
        };
        // Also when the next event ends, so that it leaves the header on time.
        if let Some(end) = upcoming.iter().map(|c| c.ends_at()).min() {
            secs = secs.min((end - self.now).num_seconds() + 1);
        }
        StdDuration::from_secs(secs.max(1) as u64)
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Info,
            text: text.into(),
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Error,
            text: text.into(),
        });
    }

    // ----- data ---------------------------------------------------------------

    fn reload_all(&mut self) -> Result<(), StoreError> {
        self.pending.clear();
        for kind in [
            Kind::Goal,
            Kind::Journal,
            Kind::Reflection,
            Kind::Consultation,
            Kind::CheckIn,
        ] {
            self.reload(kind)?;
        }
        Ok(())
    }

    /// The people whose records the screens show: the user, then partners.
    pub fn people(&self) -> Vec<Id> {
        self.me.iter().chain(&self.partners).map(|p| p.id).collect()
    }

    /// Reads again what the screens show of `kind` (range scans only): the
    /// user's records and those their partner shared, merged in order.
    fn reload(&mut self, kind: Kind) -> Result<(), StoreError> {
        let Some(me) = self.me.as_ref().map(|p| p.id) else {
            return Ok(());
        };
        let Some(tab) = Tab::of_kind(kind) else {
            // Check-ins have no tab: the header, the wizard and the goals use them.
            self.data.this_week = self
                .store
                .checkin_for_week(me, Week::of(self.now.date_naive()))?;
            self.data.recent_checkins = self.store.newest_checkins(me, 60)?;
            return Ok(());
        };
        let window = self.tab_state(tab).window;
        tab.def().load(self, window)?;
        // The data changed: what its filter searches is gathered again.
        self.tab_state_mut(tab).haystack = None;
        self.refresh_visible(tab);
        Ok(())
    }

    /// What the user did to `tab`'s list.
    pub fn tab_state(&self, tab: Tab) -> &TabState {
        &self.tabs[tab.index()]
    }

    fn tab_state_mut(&mut self, tab: Tab) -> &mut TabState {
        &mut self.tabs[tab.index()]
    }

    /// The rows of `tab` that match its filter, as indexes into its data.
    /// Kept up to date when the data or the filter change, so that drawing
    /// a frame never filters again.
    pub fn visible(&self, tab: Tab) -> &[usize] {
        &self.tab_state(tab).visible
    }

    /// Recomputes the rows of `tab` that match its filter. The text a
    /// filter searches is gathered once per filtering (and again only when
    /// the data changes), so that each key is one scan of one buffer.
    fn refresh_visible(&mut self, tab: Tab) {
        let def = tab.def();
        let rows = def.len(&self.data);
        let state = &mut self.tabs[tab.index()];
        let needle = state.filter.to_lowercase();
        if needle.is_empty() {
            state.visible = (0..rows).collect();
            return;
        }
        let data = &self.data;
        let haystack = state.haystack.get_or_insert_with(|| def.haystack(data));
        state.visible = haystack.matching(&needle);
    }

    /// The name of the author of a record that is not the user's (a partner's).
    pub fn other_author(&self, author: Id) -> Option<&str> {
        if self.me.as_ref().is_some_and(|p| p.id == author) {
            return None;
        }
        Some(
            self.partners
                .iter()
                .find(|p| p.id == author)
                .map_or("partner", |p| p.name.as_str()),
        )
    }

    /// The data index of the selected row of `tab`.
    pub fn selected_index(&self, tab: Tab) -> Option<usize> {
        let state = self.tab_state(tab);
        state
            .visible
            .get(state.selected.min(state.visible.len().saturating_sub(1)))
            .copied()
    }

    /// The selected goal on the Goals tab.
    pub fn selected_goal(&self) -> Option<&Goal> {
        self.selected_index(Tab::Goals).map(|i| &self.data.goals[i])
    }

    fn selected_record(&self) -> Option<AnyRecord> {
        let row = self.selected_index(self.tab)?;
        Some(self.tab.def().record(&self.data, row))
    }

    /// Open actions across the loaded meetings: overdue first (most late
    /// first), then by due date (undated last), newest meeting first.
    pub fn open_actions(&self) -> Vec<OpenAction<'_>> {
        let today = self.now.date_naive();
        let mut out: Vec<OpenAction> = self
            .data
            .open_meetings
            .iter()
            .flat_map(|entry| {
                entry
                    .actions
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| !a.done)
                    .map(move |(index, action)| OpenAction {
                        entry,
                        index,
                        action,
                    })
            })
            .collect();
        out.sort_by(|a, b| {
            let rank = |x: &OpenAction| (!x.action.is_overdue(today), x.action.due.is_none());
            rank(a)
                .cmp(&rank(b))
                .then(a.action.due.cmp(&b.action.due))
                .then(b.entry.at.cmp(&a.entry.at))
        });
        out
    }

    /// How many milestones or actions the detail pane of the selection has.
    fn detail_len(&self) -> usize {
        self.selected_index(self.tab)
            .map_or(0, |row| self.tab.def().detail_items(&self.data, row))
    }

    // ----- writes ---------------------------------------------------------------

    /// Saves `records` in one flushed commit and remembers how to undo it.
    /// The screen shows "saved" only after the store said so.
    fn write(&mut self, label: String, records: Vec<AnyRecord>) -> bool {
        let mut restore = Vec::new();
        for r in &records {
            match self.store.get_any(r.meta().id) {
                Ok(Some(before)) => restore.push(Change::Put(before)),
                Ok(None) => restore.push(Change::Delete(r.meta().id)),
                Err(e) => {
                    self.error(format!("Not saved: {e}"));
                    return false;
                }
            }
        }
        let kinds: Vec<Kind> = records.iter().map(AnyRecord::kind).collect();
        let changes = records.into_iter().map(Change::Put).collect();
        match self.store.commit(changes) {
            Ok(()) => {
                self.undo.push(UndoStep {
                    label: label.clone(),
                    restore,
                });
                self.after_change(&kinds);
                self.info(format!("Saved: {label}"));
                true
            }
            Err(e) => {
                self.error(format!("Not saved: {e}"));
                false
            }
        }
    }

    fn after_change(&mut self, kinds: &[Kind]) {
        for kind in kinds {
            if let Err(e) = self.reload(*kind) {
                self.error(format!("Could not read the store: {e}"));
            }
        }
        // A check-in may move goals' progress, and the reverse.
        if kinds.contains(&Kind::CheckIn) {
            let _ = self.reload(Kind::Goal);
        }
        for w in self.store.take_warnings() {
            self.error(w);
        }
    }

    fn delete(&mut self, id: Id, kind: Kind) {
        let before = match self.store.get_any(id) {
            Ok(Some(r)) => r,
            Ok(None) => return self.error("It was already deleted."),
            Err(e) => return self.error(format!("Not deleted: {e}")),
        };
        let label = describe(&before);
        match self.store.commit(vec![Change::Delete(id)]) {
            Ok(()) => {
                self.undo.push(UndoStep {
                    label: format!("deleted {label}"),
                    restore: vec![Change::Put(before)],
                });
                self.after_change(&[kind]);
                self.clamp_selection();
                self.info(format!("Deleted {label} — u brings it back"));
            }
            Err(e) => self.error(format!("Not deleted: {e}")),
        }
    }

    fn undo_last(&mut self) {
        let Some(step) = self.undo.pop() else {
            return self.info("Nothing to undo.");
        };
        let kinds: Vec<Kind> = step
            .restore
            .iter()
            .filter_map(|c| match c {
                Change::Put(r) => Some(r.kind()),
                Change::Delete(id) => self.store.kind_of(*id).ok().flatten(),
                _ => None,
            })
            .collect();
        // What is put back is a new change: it must win over the undone
        // version wherever that went (a share bundle, an export).
        let now = self.now.to_utc();
        let restore = step
            .restore
            .into_iter()
            .map(|c| match c {
                Change::Put(mut r) => {
                    r.meta_mut().touch(now);
                    Change::Put(r)
                }
                other => other,
            })
            .collect();
        match self.store.commit(restore) {
            Ok(()) => {
                self.after_change(&kinds);
                self.clamp_selection();
                self.info(format!("Undone: {}", step.label));
            }
            Err(e) => self.error(format!("Could not undo: {e}")),
        }
    }

    /// Whether the user may change a record by `author` (not a partner's);
    /// says why not.
    fn mine(&mut self, author: Id) -> bool {
        if self.me.as_ref().is_some_and(|p| p.id == author) {
            return true;
        }
        self.error("This record is your partner's: it is read-only here.");
        false
    }

    fn clamp_selection(&mut self) {
        for state in &mut self.tabs {
            state.selected = state.selected.min(state.visible.len().saturating_sub(1));
        }
        self.detail = self.detail.min(self.detail_len().saturating_sub(1));
    }

    fn select_id(&mut self, id: Id) {
        let tab = self.tab;
        let def = tab.def();
        let pos = self
            .visible(tab)
            .iter()
            .position(|&i| def.meta(&self.data, i).id == id);
        if let Some(p) = pos {
            self.tab_state_mut(tab).selected = p;
        }
    }

    /// Carries out what a tab asked for: saves its records (the user's
    /// only) and keeps the saved record selected.
    fn apply(&mut self, act: Act) {
        match act {
            Act::Refuse(why) => self.error(why),
            Act::Write(label, records) => {
                if records.iter().all(|r| self.mine(r.meta().author))
                    && let Some(id) = records.first().map(|r| r.meta().id)
                    && self.write(label, records)
                {
                    self.select_id(id);
                }
            }
        }
    }

    /// An action only the current tab has, on its selected row.
    fn tab_act(&mut self, action: &Action) {
        if let Some(row) = self.selected_index(self.tab)
            && let Some(act) = self.tab.def().act(self, row, action)
        {
            self.apply(act);
        }
    }

    // ----- update -----------------------------------------------------------------

    pub fn update(&mut self, action: Action) {
        if self.has_pending() {
            self.load_pending();
        }
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Form(form) => self.update_form(form, action),
            Mode::Confirm(confirm) => self.update_confirm(confirm, action),
            Mode::Help => match action {
                Action::Back | Action::Help => {}
                Action::Down => {
                    self.help_scroll = self.help_scroll.saturating_add(1);
                    self.mode = Mode::Help;
                }
                Action::Up => {
                    self.help_scroll = self.help_scroll.saturating_sub(1);
                    self.mode = Mode::Help;
                }
                _ => self.mode = Mode::Help,
            },
            Mode::Filter => self.update_filter(action),
            Mode::Actions => self.update_actions(action),
            Mode::CheckIn(wizard) => self.update_checkin(wizard, action),
            Mode::Brief(brief, scroll) => {
                let scroll = match action {
                    Action::Back | Action::Brief => return,
                    Action::Down => scroll.saturating_add(1),
                    Action::Up => scroll.saturating_sub(1),
                    Action::PageDown => scroll.saturating_add(10),
                    Action::PageUp => scroll.saturating_sub(10),
                    _ => scroll,
                };
                self.mode = Mode::Brief(brief, scroll);
            }
            Mode::Detail => self.update_detail(action),
            Mode::Normal => self.update_list(action),
        }
    }

    fn move_selection(&mut self, action: &Action, len: usize, pos: &mut usize) -> bool {
        let last = len.saturating_sub(1);
        *pos = match action {
            Action::Down => (*pos + 1).min(last),
            Action::Up => pos.saturating_sub(1),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageDown => (*pos + 10).min(last),
            Action::PageUp => pos.saturating_sub(10),
            _ => return false,
        };
        true
    }

    /// Reads further back when a list is scrolled near the end of what was
    /// read (or, with `all`, everything up to [`MAX_WINDOW`], for a filter).
    fn grow_window(&mut self, tab: Tab, all: bool) {
        let def = tab.def();
        if !def.windowed() {
            return;
        }
        let loaded = def.len(&self.data);
        let w = &mut self.tabs[tab.index()].window;
        // Fewer records than asked for: everything is read already.
        if loaded < *w || *w >= MAX_WINDOW {
            return;
        }
        *w = if all {
            MAX_WINDOW
        } else {
            (*w * 4).min(MAX_WINDOW)
        };
        if let Err(e) = self.reload(def.kind()) {
            self.error(format!("Could not read the store: {e}"));
        }
    }

    fn update_list(&mut self, action: Action) {
        let tab = self.tab;
        let len = self.visible(tab).len();
        let mut pos = self.tab_state(tab).selected;
        if self.move_selection(&action, len, &mut pos) {
            if pos + 20 >= len {
                self.grow_window(tab, action == Action::Bottom);
            }
            self.tab_state_mut(tab).selected = pos;
            self.detail = 0;
            return;
        }
        match action {
            Action::Quit => self.quit(),
            Action::Back if !self.tab_state(tab).filter.is_empty() => {
                self.clear_filter(tab);
                self.clamp_selection();
            }
            Action::NextTab => self.go_tab(tab.next()),
            Action::PrevTab => self.go_tab(tab.prev()),
            Action::GoTab(t) => self.go_tab(t),
            Action::Focus if len > 0 => {
                self.detail = 0;
                self.mode = Mode::Detail;
            }
            Action::Help => {
                self.help_scroll = 0;
                self.mode = Mode::Help;
            }
            Action::Filter => {
                self.status = None;
                // A filter searches the whole history, not just the newest screens.
                self.grow_window(tab, true);
                self.mode = Mode::Filter;
            }
            Action::New => self.open_form(None),
            Action::Edit => match self.selected_record() {
                Some(r) if self.mine(r.meta().author) => self.open_form(Some(r)),
                Some(_) => {}
                None => self.info("Nothing selected: n adds one."),
            },
            Action::Delete => match self.selected_record() {
                Some(r) if self.mine(r.meta().author) => {
                    self.mode = Mode::Confirm(Confirm {
                        question: format!("Delete {}?", describe(&r)),
                        pending: Pending::Delete {
                            id: r.meta().id,
                            kind: r.kind(),
                        },
                    });
                }
                _ => {}
            },
            Action::Undo => self.undo_last(),
            Action::NudgeUp
            | Action::NudgeDown
            | Action::CycleStatus
            | Action::ToggleVisibility => self.tab_act(&action),
            Action::OpenActions => {
                self.detail = 0;
                self.mode = Mode::Actions;
            }
            Action::CheckIn => self.open_checkin(false),
            Action::Brief => self.open_brief(),
            Action::ShareExport => self.open_share(true),
            Action::ShareImport => self.open_share(false),
            _ => {}
        }
    }

    /// Opens the check-in wizard for this week (`exit_after`: quit when done).
    pub fn open_checkin(&mut self, exit_after: bool) {
        let this = Week::of(self.now.date_naive());
        let last_week = self.data.recent_checkins.iter().find(|c| c.week < this);
        let mut wizard = Wizard::new(
            &self.data.goals,
            self.data.this_week.clone(),
            last_week,
            self.now,
        );
        wizard.exit_after = exit_after;
        self.mode = Mode::CheckIn(Box::new(wizard));
    }

    fn open_brief(&mut self) {
        let Some(me) = self.me.clone() else { return };
        match crate::briefing::brief(&self.store, &me, self.now) {
            Ok(brief) => self.mode = Mode::Brief(Box::new(brief), 0),
            Err(e) => self.error(format!("Could not build the brief: {e}")),
        }
    }

    fn update_checkin(&mut self, mut wizard: Box<Wizard>, action: Action) {
        let outcome = match action {
            Action::Accept => wizard.accept(),
            Action::Save => Outcome::Save,
            Action::PrevField => {
                wizard.back();
                Outcome::Stay
            }
            Action::NextField => {
                wizard.forward();
                Outcome::Stay
            }
            Action::ChoicePrev | Action::ChoiceNext => {
                wizard.horizontal(action == Action::ChoiceNext);
                Outcome::Stay
            }
            Action::Back => {
                if wizard.is_dirty() {
                    self.mode = Mode::Confirm(Confirm {
                        question: "Discard this check-in?".into(),
                        pending: Pending::DiscardCheckIn(wizard),
                    });
                } else if wizard.exit_after {
                    self.quit = true;
                }
                return;
            }
            Action::Type(ev) => {
                wizard.type_key(ev);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        };
        match outcome {
            Outcome::Stay => self.mode = Mode::CheckIn(wizard),
            Outcome::Save => {
                wizard.finish();
                let Some(me) = self.me.as_ref().map(|p| p.id) else {
                    return;
                };
                let (checkin, goals) = wizard.build(me, &self.data.goals, self.now);
                let label = format!("check-in {}", checkin.week);
                let mut records = vec![AnyRecord::CheckIn(checkin)];
                records.extend(goals.into_iter().map(AnyRecord::Goal));
                if let Some(e) = records.iter().find_map(|r| r.validate().err()) {
                    self.error(e.to_string());
                    self.mode = Mode::CheckIn(wizard);
                } else if self.write(label, records) {
                    if wizard.exit_after {
                        self.quit = true;
                    }
                } else {
                    self.mode = Mode::CheckIn(wizard);
                }
            }
        }
    }

    fn quit(&mut self) {
        // Remembered for the next start; not user data, so a failure is not fatal.
        let _ = self
            .store
            .set_setting("last-tab", self.tab.key().as_bytes());
        self.quit = true;
    }

    fn go_tab(&mut self, tab: Tab) {
        self.tab = tab;
        self.detail = 0;
        self.status = None;
    }

    fn update_detail(&mut self, action: Action) {
        let len = self.detail_len();
        let mut pos = self.detail;
        if self.move_selection(&action, len, &mut pos) {
            self.detail = pos;
            self.mode = Mode::Detail;
            return;
        }
        self.mode = Mode::Detail;
        match action {
            Action::Back => self.mode = Mode::Normal,
            Action::Help => {
                self.help_scroll = 0;
                self.mode = Mode::Help;
            }
            Action::Toggle => self.toggle_detail(),
            Action::Edit => {
                self.mode = Mode::Normal;
                self.update_list(Action::Edit);
                if matches!(self.mode, Mode::Normal) {
                    self.mode = Mode::Detail;
                }
            }
            Action::Undo => self.undo_last(),
            Action::NudgeUp | Action::NudgeDown => self.tab_act(&action),
            Action::CheckIn => self.open_checkin(false),
            Action::Brief => self.open_brief(),
            _ => {}
        }
    }

    fn toggle_detail(&mut self) {
        if let Some(row) = self.selected_index(self.tab)
            && let Some(act) = self.tab.def().toggle(self, row, self.detail)
        {
            self.apply(act);
        }
    }

    fn update_actions(&mut self, action: Action) {
        let len = self.open_actions().len();
        let mut pos = self.detail;
        self.mode = Mode::Actions;
        if self.move_selection(&action, len, &mut pos) {
            self.detail = pos;
            return;
        }
        match action {
            Action::Back => self.mode = Mode::Normal,
            Action::Undo => self.undo_last(),
            Action::Toggle => {
                let Some((mut entry, index)) = self
                    .open_actions()
                    .get(pos)
                    .map(|o| (o.entry.clone(), o.index))
                else {
                    return;
                };
                let label = format!("action “{}” done", entry.actions[index].text);
                if entry.set_action_done(index + 1, true, self.now).is_ok()
                    && self.mine(entry.meta.author)
                {
                    self.write(label, vec![AnyRecord::Journal(entry)]);
                    self.detail = self.detail.min(self.open_actions().len().saturating_sub(1));
                }
            }
            _ => {}
        }
    }

    /// Clears the filter of `tab`: every row shows again.
    fn clear_filter(&mut self, tab: Tab) {
        let state = self.tab_state_mut(tab);
        state.filter.clear();
        state.haystack = None;
        self.refresh_visible(tab);
    }

    fn update_filter(&mut self, action: Action) {
        let tab = self.tab;
        self.mode = Mode::Filter;
        match action {
            Action::Back => {
                self.clear_filter(tab);
                self.mode = Mode::Normal;
            }
            Action::Focus => self.mode = Mode::Normal,
            Action::Down | Action::Up => {
                let len = self.visible(tab).len();
                let mut pos = self.tab_state(tab).selected;
                self.move_selection(&action, len, &mut pos);
                self.tab_state_mut(tab).selected = pos;
            }
            Action::Type(ev) => {
                let filter = &mut self.tab_state_mut(tab).filter;
                match ev.code {
                    KeyCode::Char(c)
                        if !ev
                            .modifiers
                            .contains(crossterm::event::KeyModifiers::CONTROL) =>
                    {
                        filter.push(c)
                    }
                    KeyCode::Backspace => {
                        filter.pop();
                    }
                    _ => {}
                }
                self.refresh_visible(tab);
                self.tab_state_mut(tab).selected = 0;
            }
            _ => {}
        }
    }

    fn open_form(&mut self, record: Option<AnyRecord>) {
        let form = self.tab.def().form(self, record.as_ref());
        self.mode = Mode::Form(Box::new(form));
    }

    fn update_form(&mut self, mut form: Box<Form>, action: Action) {
        match action {
            Action::Back => {
                if form.is_dirty() {
                    self.mode = Mode::Confirm(Confirm {
                        question: "Discard what you typed?".into(),
                        pending: Pending::DiscardForm(form),
                    });
                } else if form.kind == FormKind::Profile {
                    self.quit = true;
                }
                return;
            }
            Action::NextField => form.next_field(),
            Action::PrevField => form.prev_field(),
            Action::ChoiceNext => form.focused().cycle(true),
            Action::ChoicePrev => form.focused().cycle(false),
            Action::OpenEditor => {
                if matches!(form.focused().input, Input::Text { .. }) {
                    self.editor_request = Some(form.focused().value());
                } else {
                    form.error = Some((Some(form.focus), "Ctrl-E works in text fields.".into()));
                }
            }
            Action::Save => {
                self.save_form(form);
                return;
            }
            Action::Type(ev) => type_into(&mut form, ev),
            _ => {}
        }
        self.mode = Mode::Form(form);
    }

    /// A default path for bundles: in the user's home directory.
    fn bundle_path(&self) -> String {
        let home = directories::UserDirs::new()
            .map(|d| d.home_dir().to_path_buf())
            .unwrap_or_default();
        let who = self
            .me
            .as_ref()
            .and_then(|p| p.name.split_whitespace().next().map(str::to_lowercase))
            .unwrap_or_else(|| "tandem".into());
        home.join(format!(
            "tandem-{who}-{}.bundle",
            self.now.format("%Y-%m-%d")
        ))
        .display()
        .to_string()
    }

    fn open_share(&mut self, export: bool) {
        let path = self.bundle_path();
        let form = if export {
            Form::share_export(&path)
        } else {
            let dir = std::path::Path::new(&path)
                .parent()
                .map(|p| format!("{}/", p.display()))
                .unwrap_or_default();
            Form::share_import(&dir)
        };
        self.mode = Mode::Form(Box::new(form));
    }

    fn share_export(&mut self, path: &std::path::Path) -> Result<usize, String> {
        let me = self.me.clone().ok_or("no profile yet")?;
        crate::exchange::bundle::export_to(&self.store, &me, None, self.now.to_utc(), path)
    }

    fn share_import(&mut self, path: &std::path::Path, accept: bool) -> Result<String, String> {
        let me = self.me.clone().ok_or("no profile yet")?;
        let (report, from) = crate::exchange::bundle::import_from(&self.store, &me, path, accept)
            .map_err(|e| format!("not imported: {e}"))?;
        self.partners = self
            .store
            .profiles()
            .map_err(|e| e.to_string())?
            .into_iter()
            .filter(|p| p.origin == Origin::Partner)
            .collect();
        if let Err(e) = self.reload_all() {
            return Err(format!(
                "imported, but the store could not be read again: {e}"
            ));
        }
        Ok(format!(
            "Imported {}'s bundle: {report}.",
            crate::text::one_line(&from.name, 40)
        ))
    }

    /// The text came back from $EDITOR (or an error starting it).
    pub fn editor_done(&mut self, result: Result<String, String>) {
        self.editor_request = None;
        if let Mode::Form(form) = &mut self.mode {
            match result {
                Ok(text) => form.focused().set_text(&text),
                Err(e) => form.error = Some((None, e)),
            }
        }
    }

    fn save_form(&mut self, mut form: Box<Form>) {
        let author = self.me.as_ref().map(|p| p.id);
        let existing = form
            .editing
            .and_then(|id| self.store.get_any(id).ok().flatten());
        let built = form.build(
            author.unwrap_or_else(|| Id::generate(self.now.to_utc())),
            existing.as_ref(),
            self.now,
            self.zone,
        );
        match built {
            Err(error) => {
                if let Some(i) = error.0 {
                    form.focus = i;
                }
                form.error = Some(error);
                self.mode = Mode::Form(form);
            }
            Ok(Built::ShareExport(path)) => match self.share_export(&path) {
                Ok(n) => self.info(format!(
                    "Wrote {n} shared record{} to {} (private records are never included).",
                    if n == 1 { "" } else { "s" },
                    path.display()
                )),
                Err(message) => {
                    form.error = Some((Some(0), message));
                    self.mode = Mode::Form(form);
                }
            },
            Ok(Built::ShareImport(path, accept)) => match self.share_import(&path, accept) {
                Ok(summary) => self.info(summary),
                Err(message) => {
                    form.error = Some((Some(0), message));
                    self.mode = Mode::Form(form);
                }
            },
            Ok(Built::Profile(p)) => {
                let changes = vec![
                    Change::Profile(p.clone()),
                    Change::Setting(b"default-profile".to_vec(), p.id.to_bytes().to_vec()),
                ];
                match self.store.commit(changes) {
                    Ok(()) => {
                        self.info(format!(
                            "Welcome, {}! n adds your first goal; ? shows every key.",
                            p.name
                        ));
                        self.me = Some(p);
                        let _ = self.reload_all();
                    }
                    Err(e) => {
                        form.error = Some((None, format!("Not saved: {e}")));
                        self.mode = Mode::Form(form);
                    }
                }
            }
            Ok(Built::Record(record)) => {
                let id = record.meta().id;
                let label = describe(&record);
                if self.write(label, vec![record]) {
                    self.select_id(id);
                } else {
                    form.error = self.status.as_ref().map(|s| (None, s.text.clone()));
                    self.mode = Mode::Form(form);
                }
            }
        }
    }

    fn update_confirm(&mut self, confirm: Confirm, action: Action) {
        match (action, confirm.pending) {
            (Action::Yes, Pending::Delete { id, kind }) => self.delete(id, kind),
            (Action::Yes, Pending::DiscardForm(form)) => {
                if form.kind == FormKind::Profile {
                    self.quit = true;
                }
            }
            (Action::No, Pending::DiscardForm(form)) => self.mode = Mode::Form(form),
            (Action::Yes, Pending::DiscardCheckIn(wizard)) => {
                if wizard.exit_after {
                    self.quit = true;
                }
            }
            (Action::No, Pending::DiscardCheckIn(wizard)) => self.mode = Mode::CheckIn(wizard),
            (Action::No, Pending::Delete { .. }) => {}
            (_, pending) => {
                self.mode = Mode::Confirm(Confirm {
                    question: confirm.question,
                    pending,
                })
            }
        }
    }

    /// The number of open actions and how many are overdue (for the header).
    pub fn action_counts(&self) -> (usize, usize) {
        let today = self.now.date_naive();
        self.data
            .journal
            .iter()
            .flat_map(|e| &e.actions)
            .filter(|a| !a.done)
            .fold((0, 0), |(open, late), a| {
                (open + 1, late + usize::from(a.is_overdue(today)))
            })
    }
}

fn type_into(form: &mut Form, ev: KeyEvent) {
    let field = form.focused();
    match &mut field.input {
        Input::Choice { .. } => match ev.code {
            KeyCode::Right | KeyCode::Char(' ') | KeyCode::Char('l') => field.cycle(true),
            KeyCode::Left | KeyCode::Char('h') => field.cycle(false),
            KeyCode::Enter => form.next_field(),
            _ => {}
        },
        Input::Text { area, multiline } => {
            if ev.code == KeyCode::Enter && !*multiline {
                form.next_field();
            } else {
                area.input(ev);
            }
        }
    }
    form.error = None;
}

/// A record as a confirmation or a status line names it.
pub fn describe(r: &AnyRecord) -> String {
    let short = |s: &str| crate::text::one_line(s, 40);
    match r {
        AnyRecord::Goal(g) => format!("goal “{}”", short(&g.title)),
        AnyRecord::Journal(e) => format!(
            "the {} of {}",
            e.kind.label().replace('-', " "),
            e.at.format("%a %-d %b %Y")
        ),
        AnyRecord::Reflection(r) => format!(
            "reflection of {} “{}”",
            r.date.format("%-d %b %Y"),
            short(&r.text)
        ),
        AnyRecord::Consultation(c) => format!("“{}”", short(&c.title)),
        AnyRecord::CheckIn(c) => format!("check-in {}", c.week),
    }
}

/// The profile the app acts as: the default one, or the only local one.
fn current_profile(store: &Store, user: Option<&str>) -> Result<Option<Profile>, StoreError> {
    let profiles = store.profiles()?;
    if let Some(name) = user {
        return Ok(profiles
            .into_iter()
            .find(|p| p.origin == Origin::Local && p.name.eq_ignore_ascii_case(name.trim())));
    }
    if let Some(id) = store.default_profile()?
        && let Some(p) = profiles.iter().find(|p| p.id == id)
    {
        return Ok(Some(p.clone()));
    }
    Ok(profiles.into_iter().find(|p| p.origin == Origin::Local))
}
