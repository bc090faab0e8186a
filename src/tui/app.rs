//! The app: what is on screen and `update`, the only place that changes it.
//! What the app works on — the store, the profile, the records read, undo
//! — is its [`Workspace`]; the app holds the screen's state (the tab, each
//! tab's selection and filter, the mode, the status line) and turns actions
//! into calls on the workspace. Drawing reads an `&App` and nothing else.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::action::Action;
use super::checkin::Step;
use super::checkin::{Outcome, Wizard};
use super::files::{FileDialog, Places, Purpose, Request};
use super::form::{Built, Form, FormKind, Input, Zone};
use super::keymap::{KeyMode, Keymap};
use super::tabs::{Act, Chooser, Tab, TabState};
pub use super::workspace::{Data, ImportFailure, OpenAction, Workspace, describe};
use crate::domain::AnyRecord;
use crate::domain::brief::Brief;
use crate::domain::{Goal, Id, JournalEntry, Kind, Week};
use std::sync::Arc;

use crate::store::{Store, StoreError};

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
    Delete {
        id: Id,
    },
    /// Quit, losing what a form or the check-in held.
    Quit,
    DiscardForm(Box<Form>),
    DiscardCheckIn(Box<Wizard>),
    /// Write the bundle over the file at `path`, which exists.
    Overwrite {
        dialog: Box<FileDialog>,
        path: std::path::PathBuf,
    },
    /// Import the bundle at `path`, whose sender is not the partner yet.
    AcceptPartner {
        dialog: Box<FileDialog>,
        path: std::path::PathBuf,
    },
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
    /// Every key; the mode to go back to when it closes.
    Help(Box<Mode>),
    /// All open actions across meetings.
    Actions,
    /// The weekly check-in wizard.
    CheckIn(Box<Wizard>),
    /// The pre-meeting brief, and how far it is scrolled.
    Brief(Box<Brief>, u16),
    /// A small list to pick one from (a goal's status).
    Choose(Box<Chooser>),
    /// Where to write a share bundle, or which one to import.
    Files(Box<FileDialog>),
    /// A mentor's first screen: each mentee, the selected one.
    Mentees(usize),
    /// The pair's talking points.
    Points(Box<super::agenda::Points>),
}

pub struct App {
    /// What the app works on.
    pub ws: Workspace,
    pub tab: Tab,
    pub mode: Mode,
    /// Per tab: the selection, the filter and what it shows.
    tabs: [TabState; Tab::COUNT],
    /// The selected milestone or action in the detail pane, or action in the overlay.
    pub detail: usize,
    pub help_scroll: u16,
    pub status: Option<Status>,
    pub quit: bool,
    /// Text waiting to be edited in $EDITOR (the terminal loop runs it).
    pub editor_request: Option<String>,
    /// Which keys do what; every key named on screen is named from here.
    pub keys: Keymap,
    /// The terminal's size at the last frame: how far a long overlay scrolls.
    size: ratatui::layout::Rect,
    /// Where the paths typed into the share and import dialogs start (none
    /// given: the process's own, looked up when a dialog opens, not at
    /// start-up).
    pub places: Option<Places>,
}

impl App {
    /// The app on `store`: on the tab used last, or on the first-run form
    /// when the store has no profile yet.
    pub fn new(
        store: impl Into<Arc<Store>>,
        now: chrono::DateTime<chrono::FixedOffset>,
        zone: Zone,
    ) -> Result<App, StoreError> {
        App::with_user(store, now, zone, None)
    }

    /// [`App::new`] acting as the local profile named `user` (`--user`).
    pub fn with_user(
        store: impl Into<Arc<Store>>,
        now: chrono::DateTime<chrono::FixedOffset>,
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
        store: impl Into<Arc<Store>>,
        now: chrono::DateTime<chrono::FixedOffset>,
        zone: Zone,
        user: Option<&str>,
    ) -> Result<App, StoreError> {
        let mut ws = Workspace::open(store.into(), now, zone, user)?;
        let tab = ws.last_tab()?.unwrap_or(Tab::ALL[0]);
        let mode = match &ws.me {
            None => Mode::Form(Box::new(Form::profile(None))),
            Some(p) if p.is_rebuilt() => Mode::Form(Box::new(Form::profile(Some(p.id)))),
            // A mentor starts on their mentees.
            Some(_) if ws.has_mentees() => {
                ws.reload_cards()?;
                let at = ws
                    .pair_id()
                    .and_then(|id| ws.data.cards.iter().position(|c| c.mentee.id == id))
                    .unwrap_or(0);
                Mode::Mentees(at)
            }
            Some(_) => Mode::Normal,
        };
        // What every tab's header or detail uses, and the list of the tab
        // the app opens on.
        let mut first_frame = vec![Kind::Goal, Kind::Consultation, Kind::CheckIn];
        let opening = tab.def().kind();
        if !first_frame.contains(&opening) {
            first_frame.push(opening);
        }
        ws.load_first(&first_frame)?;
        let mut app = App::assembled(ws, tab, mode);
        for w in app.ws.store.take_warnings() {
            app.error(w);
        }
        Ok(app)
    }

    /// The app on `ws`, on `tab` in `mode`, nothing selected yet.
    pub(super) fn assembled(ws: Workspace, tab: Tab, mode: Mode) -> App {
        let mut app = App {
            ws,
            tab,
            mode,
            tabs: Default::default(),
            detail: 0,
            help_scroll: 0,
            status: None,
            quit: false,
            editor_request: None,
            keys: Keymap::default(),
            size: ratatui::layout::Rect::new(0, 0, 120, 40),
            places: None,
        };
        app.sync();
        app
    }

    /// Says what in the configuration file could not be used: the first
    /// mistake, and how many more (`tandem config check` lists them).
    pub fn report_config(&mut self, problems: &[crate::config::Problem]) {
        if let Some(first) = problems.first() {
            let more = match problems.len() - 1 {
                0 => String::new(),
                n => format!(" (and {n} more: tandem config check)"),
            };
            self.error(format!("Configuration: {first}; the default is used{more}"));
        }
    }

    /// Gives the store back once the app is done with it.
    pub fn into_store(self) -> Arc<Store> {
        self.ws.store
    }

    /// Whether some lists are still to be read (see [`App::starting`]).
    pub fn has_pending(&self) -> bool {
        self.ws.has_pending()
    }

    /// Reads the lists the first frame did not need.
    pub fn load_pending(&mut self) {
        for problem in self.ws.load_pending() {
            self.error(problem);
        }
        self.sync();
    }

    pub fn key_mode(&self) -> KeyMode {
        match &self.mode {
            Mode::Normal => KeyMode::List,
            Mode::Detail => KeyMode::Detail,
            Mode::Filter => KeyMode::Filter,
            Mode::Form(_) => KeyMode::Form,
            Mode::Confirm(_) => KeyMode::Confirm,
            Mode::Help(_) => KeyMode::Help,
            Mode::Actions => KeyMode::Actions,
            Mode::CheckIn(_) => KeyMode::CheckIn,
            Mode::Brief(..) => KeyMode::Brief,
            Mode::Choose(_) => KeyMode::Choose,
            Mode::Files(d) => match d.purpose {
                Purpose::Share => KeyMode::ShareFile,
                Purpose::Import => KeyMode::ImportFile,
            },
            Mode::Mentees(_) => KeyMode::Mentees,
            Mode::Points(p) if p.input.is_some() => KeyMode::PointsInput,
            Mode::Points(_) => KeyMode::Points,
        }
    }

    /// The key tables that apply now, the most particular first: a
    /// form's choice field has keys of its own before the form's.
    pub fn key_modes(&self) -> Vec<KeyMode> {
        let mut modes = match &self.mode {
            Mode::Form(form) => match &form.fields[form.focus].input {
                Input::Choice { .. } => vec![KeyMode::FormChoice],
                Input::Text {
                    multiline: false, ..
                } => vec![KeyMode::FormLine],
                Input::Text { .. } => Vec::new(),
                Input::Checks { .. } => vec![KeyMode::FormChecks],
            },
            Mode::CheckIn(wizard) => match wizard.step {
                Step::Goal(_, 0 | 1) => vec![KeyMode::CheckInValue],
                Step::Mood | Step::Energy => vec![KeyMode::CheckInScale, KeyMode::CheckInValue],
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        modes.push(self.key_mode());
        modes.push(KeyMode::Global);
        modes
    }

    /// The open talking points whose lines the notes of the new pair
    /// meeting `e` kept, ticked as discussed at it.
    fn discussed_at(&self, e: &JournalEntry) -> Vec<crate::domain::TalkingPoint> {
        if e.kind != crate::domain::EventKind::PairMeeting {
            return Vec::new();
        }
        self.ws
            .data
            .points
            .iter()
            .filter(|w| w.point.discussed_in(&e.notes))
            .map(|w| {
                let mut p = w.point.clone();
                let mine = self.ws.is_mine(p.meta.author);
                p.set_discussed(true, Some(e.meta.id), mine, self.ws.now);
                p
            })
            .collect()
    }

    /// Whether `action` means anything to this user: the mentees and the
    /// next pair are a mentor's (with mentees; two for the next pair).
    pub fn offers(&self, action: &Action) -> bool {
        match action {
            Action::Mentees => self.ws.has_mentees(),
            Action::NextPair => self.ws.mentees.len() > 1,
            _ => true,
        }
    }

    /// How the key for `action` in the current mode is written.
    pub fn key_label(&self, action: &Action) -> String {
        self.keys.label_in(&self.key_modes(), action)
    }

    /// A key from the terminal. Only presses count: releases and repeats that
    /// some terminals report would otherwise type twice.
    pub fn handle_key(&mut self, ev: KeyEvent) {
        if ev.kind != KeyEventKind::Press {
            return;
        }
        let action = self
            .keys
            .action_for(&self.key_modes(), self.tab, &ev)
            .or(match &self.mode {
                Mode::Form(_) | Mode::Filter | Mode::CheckIn(_) | Mode::Files(_) => {
                    Some(Action::Type(ev))
                }
                Mode::Points(p) if p.input.is_some() => Some(Action::Type(ev)),
                _ => None,
            });
        if let Some(action) = action {
            self.update(action);
        }
    }

    /// Sets the clock; the loop calls it before every frame.
    pub fn set_now(&mut self, now: chrono::DateTime<chrono::FixedOffset>) {
        self.ws.set_now(now);
        self.sync();
    }

    /// The terminal's size, before each frame.
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.size = ratatui::layout::Rect::new(0, 0, width, height);
    }

    /// Where overlays are drawn: the screen but the status line and footer.
    fn overlay_area(&self) -> ratatui::layout::Rect {
        ratatui::layout::Rect {
            height: self.size.height.saturating_sub(2),
            ..self.size
        }
    }

    /// How long the loop may sleep before something on screen changes by itself.
    pub fn next_tick(&self) -> std::time::Duration {
        self.ws.next_tick()
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Info,
            text: text.into(),
        });
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Error,
            text: text.into(),
        });
    }

    // ----- what the tabs show -------------------------------------------------

    /// Brings each tab's visible rows up to date with the lists the
    /// workspace read since: what a filter searches is gathered again, and
    /// the selection kept within the rows.
    pub(super) fn sync(&mut self) {
        for tab in Tab::ALL {
            let generation = self.ws.generation(tab.def().kind());
            let state = &mut self.tabs[tab.index()];
            if state.seen != generation {
                state.seen = generation;
                state.haystack = None;
                self.refresh_visible(tab);
            }
        }
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
        let data = &self.ws.data;
        let state = &mut self.tabs[tab.index()];
        let needle = state.filter.to_lowercase();
        if needle.is_empty() {
            state.visible = (0..def.len(data)).collect();
            return;
        }
        let haystack = state.haystack.get_or_insert_with(|| def.haystack(data));
        state.visible = haystack.matching(&needle);
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
        self.selected_index(Tab::Goals)
            .map(|i| &self.ws.data.goals[i])
    }

    pub fn selected_record(&self) -> Option<AnyRecord> {
        let row = self.selected_index(self.tab)?;
        Some(self.tab.def().record(&self.ws.data, row))
    }

    /// Open actions across the loaded meetings (see [`Workspace::open_actions`]).
    pub fn open_actions(&self) -> Vec<OpenAction<'_>> {
        self.ws.open_actions()
    }

    /// How many milestones or actions the detail pane of the selection has.
    pub fn detail_items(&self) -> usize {
        self.selected_index(self.tab)
            .map_or(0, |row| self.tab.def().detail_items(&self.ws, row))
    }

    fn clamp_selection(&mut self) {
        for state in &mut self.tabs {
            state.selected = state.selected.min(state.visible.len().saturating_sub(1));
        }
        self.detail = self.detail.min(self.detail_items().saturating_sub(1));
    }

    /// The store was changed by another process (a command the app ran for
    /// another terminal): every list is read again, each tab keeping the
    /// record it had selected, and the status line says by what.
    pub fn changed_elsewhere(&mut self, commands: &[String]) {
        let selected: Vec<Option<Id>> = Tab::ALL
            .into_iter()
            .map(|tab| {
                self.selected_index(tab)
                    .map(|row| tab.def().meta(&self.ws.data, row).id)
            })
            .collect();
        let read = self.ws.reread_people().and_then(|()| self.ws.reload_all());
        self.sync();
        for (tab, id) in Tab::ALL.into_iter().zip(selected) {
            let def = tab.def();
            let found = id.and_then(|id| {
                self.visible(tab)
                    .iter()
                    .position(|&i| def.meta(&self.ws.data, i).id == id)
            });
            if let Some(pos) = found {
                self.tab_state_mut(tab).selected = pos;
            }
        }
        match read {
            Err(e) => self.error(format!("Could not read the store again: {e}")),
            Ok(()) => {
                let what: Vec<String> = commands
                    .iter()
                    .filter(|c| !c.is_empty())
                    .map(|c| format!("tandem {}", crate::text::sanitize(c, false)))
                    .collect();
                self.info(if what.is_empty() {
                    "Updated: the store was changed from another terminal.".to_string()
                } else {
                    format!("Updated from another terminal: {}", what.join(", "))
                });
            }
        }
    }

    /// Selects the row of record `id`, when it is listed.
    fn select_id(&mut self, id: Id) -> bool {
        let tab = self.tab;
        let def = tab.def();
        let pos = self
            .visible(tab)
            .iter()
            .position(|&i| def.meta(&self.ws.data, i).id == id);
        if let Some(p) = pos {
            self.tab_state_mut(tab).selected = p;
        }
        pos.is_some()
    }

    /// Selects the record `id` the user just saved: while the oldest
    /// records are shown, a record not among them (a new one) is at the
    /// other end of the list.
    fn select_saved(&mut self, id: Id) {
        if !self.select_id(id) && self.ws.from_oldest(self.tab.def().kind()) {
            self.read_end(self.tab, false);
            self.select_id(id);
        }
    }

    // ----- writes -----------------------------------------------------------------

    /// Whether the user may change a record by `author` (not a partner's);
    /// says why not.
    /// Whether the selected record is a partner's (read-only here).
    pub fn selection_is_partners(&self) -> bool {
        self.selected_index(self.tab)
            .map(|row| self.tab.def().meta(&self.ws.data, row).author)
            .is_some_and(|author| !self.ws.is_mine(author))
    }

    fn mine(&mut self, author: Id) -> bool {
        if self.ws.is_mine(author) {
            return true;
        }
        self.error("This record is your partner's: it is read-only here.");
        false
    }

    /// Saves `records` (see [`Workspace::write`]); the status line says
    /// "Saved" only once the store did.
    pub(super) fn write(&mut self, label: String, records: Vec<AnyRecord>) -> bool {
        let saved = self.ws.write(records);
        self.sync();
        match saved {
            Ok(()) => {
                self.info(format!("Saved: {label}"));
                true
            }
            Err(e) => {
                self.error(e);
                false
            }
        }
    }

    /// Carries out what a tab asked for: saves its records (the user's
    /// only) and keeps the saved record selected; or opens the list to
    /// choose from, which it returns.
    fn apply(&mut self, act: Act) -> Option<Mode> {
        match act {
            Act::Refuse(why) => self.error(why),
            Act::Tick { id, index, done } => {
                if self.tick(id, index, done) {
                    self.select_id(id);
                }
            }
            Act::Write(mut label, records) => {
                // Made private: the partner's copy goes at the next share.
                for r in &records {
                    if r.meta().visibility == crate::domain::Visibility::Private
                        && let Ok(Some(before)) = self.ws.store.get_any(r.meta().id)
                    {
                        let share = self.keys.label(KeyMode::List, &Action::ShareExport);
                        label += &self.ws.withdrawal(&before, &share);
                    }
                }
                if records.iter().all(|r| self.mine(r.meta().author))
                    && let Some(id) = records.first().map(|r| r.meta().id)
                    && self.write(label, records)
                {
                    self.select_saved(id);
                }
            }
            Act::Choose(chooser) => {
                let author = self
                    .selected_index(self.tab)
                    .map(|row| self.tab.def().meta(&self.ws.data, row).author);
                if author.is_none_or(|a| self.mine(a)) {
                    return Some(Mode::Choose(chooser));
                }
            }
        }
        None
    }

    /// An action only the current tab has, on its selected row; the mode it
    /// opens, if any.
    fn tab_act(&mut self, action: &Action) -> Option<Mode> {
        let row = self.selected_index(self.tab)?;
        let act = self.tab.def().act(self, row, action)?;
        self.apply(act)
    }

    fn update_choose(&mut self, mut chooser: Box<Chooser>, action: Action) -> Mode {
        let last = chooser.options.len().saturating_sub(1);
        match action {
            Action::Down => chooser.index = (chooser.index + 1).min(last),
            Action::Up => chooser.index = chooser.index.saturating_sub(1),
            Action::Accept => {
                let picked = chooser.options.swap_remove(chooser.index).1;
                return picked
                    .and_then(|act| self.apply(act))
                    .unwrap_or(Mode::Normal);
            }
            Action::Back => return Mode::Normal,
            _ => {}
        }
        Mode::Choose(chooser)
    }

    fn delete(&mut self, id: Id) {
        let share = self.keys.label(KeyMode::List, &Action::ShareExport);
        let withdrawn = match self.ws.store.get_any(id) {
            Ok(Some(before)) => self.ws.withdrawal(&before, &share),
            _ => String::new(),
        };
        let deleted = self.ws.delete(id);
        self.sync();
        match deleted {
            Ok(label) => {
                self.clamp_selection();
                let undo = self.keys.label(KeyMode::List, &Action::Undo);
                self.info(format!(
                    "Deleted {label} — {undo} brings it back{withdrawn}"
                ));
            }
            Err(e) => self.error(e),
        }
    }

    pub(super) fn undo_last(&mut self) {
        let undone = self.ws.undo_last();
        self.sync();
        match undone {
            Ok(None) => self.info("Nothing to undo."),
            Ok(Some((undone, about))) => {
                self.clamp_selection();
                // The cursor goes to the record that came back.
                self.select_id(about);
                self.info(format!("Undone: {undone}"));
            }
            Err(e) => self.error(e),
        }
    }

    // ----- update -----------------------------------------------------------------

    /// Carries out `action`: each mode's handler returns the mode that follows.
    pub fn update(&mut self, action: Action) {
        if self.has_pending() {
            self.load_pending();
        }
        if action == Action::Quit && !matches!(self.mode, Mode::Normal) {
            return self.quit_from_anywhere();
        }
        // A message about what happened before stays with the list it is
        // about: an overlay opening over it starts without it.
        let over_list = matches!(self.mode, Mode::Normal | Mode::Detail);
        let said = self.status.clone();
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        self.mode = match mode {
            Mode::Form(form) => self.update_form(form, action),
            Mode::Confirm(confirm) => self.update_confirm(confirm, action),
            Mode::Help(back) => self.update_help(back, action),
            Mode::Filter => self.update_filter(action),
            Mode::Actions => self.update_actions(action),
            Mode::Mentees(at) => self.update_mentees(at, action),
            Mode::Points(points) => self.update_points(points, action),
            Mode::CheckIn(wizard) => self.update_checkin(wizard, action),
            Mode::Brief(brief, at) => {
                if matches!(action, Action::Back | Action::Brief) {
                    Mode::Normal
                } else {
                    let rect = super::ui::overlay::brief_rect(self.overlay_area());
                    let lines = super::ui::overlay::brief_lines(
                        &brief,
                        usize::from(rect.width.saturating_sub(2)),
                    );
                    let page = rect.height.saturating_sub(2);
                    let last = u16::try_from(lines.len())
                        .unwrap_or(u16::MAX)
                        .saturating_sub(page);
                    let at = scroll(at, &action, page, last);
                    Mode::Brief(brief, at)
                }
            }
            Mode::Detail => self.update_detail(action),
            Mode::Normal => self.update_list(action),
            Mode::Choose(chooser) => self.update_choose(chooser, action),
            Mode::Files(dialog) => self.update_files(dialog, action),
        };
        let overlay = !matches!(self.mode, Mode::Normal | Mode::Detail | Mode::Filter);
        if over_list && overlay && self.status == said {
            self.status = None;
        }
        self.sync();
    }

    /// Ctrl-C outside a list: quits, asking first when a form or the
    /// check-in holds something that would be lost.
    fn quit_from_anywhere(&mut self) {
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        self.mode = match mode {
            Mode::Form(form) => match form.discard_question() {
                Some(_) => Mode::Confirm(Confirm {
                    question: "Quit, and lose what this form holds?".into(),
                    pending: Pending::Quit,
                }),
                None => {
                    self.quit();
                    Mode::Normal
                }
            },
            Mode::CheckIn(wizard) if wizard.is_dirty() => Mode::Confirm(Confirm {
                question: "Quit, and lose this check-in?".into(),
                pending: Pending::Quit,
            }),
            _ => {
                self.quit();
                Mode::Normal
            }
        };
    }

    pub(super) fn move_selection(&mut self, action: &Action, len: usize, pos: &mut usize) -> bool {
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

    /// Reads the oldest records of `tab`'s list (its end), or its newest.
    fn read_end(&mut self, tab: Tab, oldest: bool) {
        if let Err(e) = self.ws.read_end(tab.def().kind(), oldest) {
            self.error(format!("Could not read the store: {e}"));
        }
        self.sync();
    }

    /// Reads further back when a list is scrolled near the end of what was
    /// read (or, with `all`, everything, for a filter).
    fn grow_window(&mut self, tab: Tab, all: bool) {
        let def = tab.def();
        if !def.windowed() {
            return;
        }
        if let Err(e) = self.ws.grow_window(def.kind(), all) {
            self.error(format!("Could not read the store: {e}"));
        }
        self.sync();
    }

    fn update_help(&mut self, back: Box<Mode>, action: Action) -> Mode {
        if matches!(action, Action::Back | Action::Help) {
            return *back;
        }
        let rect = super::ui::overlay::help_rect(self.overlay_area(), &self.keys);
        let lines = super::ui::overlay::help_lines(self, usize::from(rect.width.saturating_sub(2)));
        let page = rect.height.saturating_sub(2);
        let last = u16::try_from(lines.len())
            .unwrap_or(u16::MAX)
            .saturating_sub(page);
        self.help_scroll = scroll(self.help_scroll, &action, page, last);
        Mode::Help(back)
    }

    /// The help (every key); closed, it goes back to `back`.
    pub(super) fn open_help(&mut self, back: Mode) -> Mode {
        self.help_scroll = 0;
        Mode::Help(Box::new(back))
    }

    fn update_list(&mut self, action: Action) -> Mode {
        let tab = self.tab;
        let kind = tab.def().kind();
        // The end of a long list is its oldest records, read from that end;
        // its start, the newest, again from the start. Unfiltered only: a
        // filter has read everything it searches.
        if self.tab_state(tab).filter.is_empty() && tab.def().windowed() {
            match action {
                Action::Bottom => self.read_end(tab, true),
                Action::Top => self.read_end(tab, false),
                _ => {}
            }
        }
        let len = self.visible(tab).len();
        let mut pos = self.tab_state(tab).selected;
        if self.move_selection(&action, len, &mut pos) {
            if self.ws.from_oldest(kind) {
                // Near the top of the oldest records (below the upcoming
                // events, on Consultations): read further forward, staying
                // on the same record.
                let top = if tab == Tab::Consultations {
                    self.ws.data.upcoming
                } else {
                    0
                };
                if pos < top + 20 {
                    let id = self
                        .visible(tab)
                        .get(pos)
                        .map(|&i| tab.def().meta(&self.ws.data, i).id);
                    self.tab_state_mut(tab).selected = pos;
                    let before = self.visible(tab).len();
                    self.grow_window(tab, false);
                    if !id.is_some_and(|id| self.select_id(id)) {
                        // Its row was joined with another: the same place.
                        let added = self.visible(tab).len().saturating_sub(before);
                        self.tab_state_mut(tab).selected = pos + added;
                    }
                    self.detail = 0;
                    return Mode::Normal;
                }
            } else if pos + 20 >= len {
                self.grow_window(tab, false);
            }
            self.tab_state_mut(tab).selected = pos;
            self.detail = 0;
            return Mode::Normal;
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
                return Mode::Detail;
            }
            Action::Help => return self.open_help(Mode::Normal),
            Action::Filter => {
                self.status = None;
                // A filter searches the whole history, not just the newest screens.
                if self.ws.from_oldest(kind) {
                    self.read_end(tab, false);
                }
                self.grow_window(tab, true);
                return Mode::Filter;
            }
            Action::New => return self.open_form(None),
            Action::Edit => match self.selected_record() {
                Some(r) if self.mine(r.meta().author) => return self.open_form(Some(r)),
                Some(_) => {}
                None => {
                    let new = self.keys.label(KeyMode::List, &Action::New);
                    self.info(format!("Nothing selected: {new} adds one."));
                }
            },
            Action::Delete => {
                if let Some(r) = self.selected_record()
                    && self.mine(r.meta().author)
                {
                    return Mode::Confirm(Confirm {
                        question: format!("Delete {}?", describe(&r)),
                        pending: Pending::Delete { id: r.meta().id },
                    });
                }
            }
            Action::Undo => self.undo_last(),
            Action::NudgeUp
            | Action::NudgeDown
            | Action::CycleStatus
            | Action::ToggleVisibility => {
                if let Some(mode) = self.tab_act(&action) {
                    return mode;
                }
            }
            Action::OpenActions => {
                self.detail = 0;
                return Mode::Actions;
            }
            Action::Points => return Mode::Points(Box::default()),
            Action::Mentees if self.ws.has_mentees() => return self.mentees_mode(),
            Action::NextPair => self.next_pair(),
            Action::CheckIn => return self.checkin(false),
            Action::Brief => return self.brief().unwrap_or(Mode::Normal),
            Action::ShareExport => return self.share_dialog(true),
            Action::ShareImport => return self.share_dialog(false),
            _ => {}
        }
        Mode::Normal
    }

    /// Opens the check-in wizard for this week (`exit_after`: quit when done).
    pub fn open_checkin(&mut self, exit_after: bool) {
        self.mode = self.checkin(exit_after);
    }

    fn checkin(&self, exit_after: bool) -> Mode {
        let data = &self.ws.data;
        let this = Week::of(self.ws.now.date_naive());
        let last_week = data.recent_checkins.iter().find(|c| c.week < this);
        // The check-in is about the user's own week: their goals only, never
        // a partner's (which are read-only here).
        let mut wizard = Wizard::for_mentor(
            &self.ws.my_goals(),
            &self.ws.mentees,
            data.this_week.clone(),
            last_week,
            self.ws.now,
        );
        wizard.exit_after = exit_after;
        Mode::CheckIn(Box::new(wizard))
    }

    /// The brief, or `None` (and why on the status line) when it cannot be built.
    fn brief(&mut self) -> Option<Mode> {
        let me = self.ws.me.clone()?;
        match crate::briefing::brief(&self.ws.store, &me, self.ws.pair.as_ref(), self.ws.now) {
            Ok(brief) => Some(Mode::Brief(Box::new(brief), 0)),
            Err(e) => {
                self.error(format!("Could not build the brief: {e}"));
                None
            }
        }
    }

    fn update_checkin(&mut self, mut wizard: Box<Wizard>, action: Action) -> Mode {
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
                    return Mode::Confirm(Confirm {
                        question: "Discard this check-in?".into(),
                        pending: Pending::DiscardCheckIn(wizard),
                    });
                } else if wizard.exit_after {
                    self.quit = true;
                }
                return Mode::Normal;
            }
            Action::Pick(value) => {
                wizard.pick(value);
                Outcome::Stay
            }
            Action::Erase => {
                wizard.erase();
                Outcome::Stay
            }
            Action::Type(ev) => {
                wizard.type_key(ev);
                Outcome::Stay
            }
            _ => Outcome::Stay,
        };
        match outcome {
            Outcome::Stay => Mode::CheckIn(wizard),
            Outcome::Save => {
                wizard.finish();
                let Some(me) = self.ws.me.as_ref().map(|p| p.id) else {
                    return Mode::Normal;
                };
                let (checkin, goals) = wizard.build(me, &self.ws.my_goals(), self.ws.now);
                let label = format!("check-in {}", checkin.week);
                let mut records = vec![AnyRecord::CheckIn(checkin)];
                records.extend(goals.into_iter().map(AnyRecord::Goal));
                if let Some(e) = records.iter().find_map(|r| r.validate().err()) {
                    self.error(e.to_string());
                    Mode::CheckIn(wizard)
                } else if self.write(label, records) {
                    if wizard.exit_after {
                        self.quit = true;
                    }
                    Mode::Normal
                } else {
                    Mode::CheckIn(wizard)
                }
            }
        }
    }

    fn quit(&mut self) {
        self.ws.remember_tab(self.tab);
        self.quit = true;
    }

    fn go_tab(&mut self, tab: Tab) {
        self.tab = tab;
        self.detail = 0;
        self.status = None;
    }

    fn update_detail(&mut self, action: Action) -> Mode {
        let len = self.detail_items();
        let mut pos = self.detail;
        if self.move_selection(&action, len, &mut pos) {
            self.detail = pos;
            return Mode::Detail;
        }
        match action {
            Action::Back => return Mode::Normal,
            Action::Help => return self.open_help(Mode::Normal),
            Action::GoTab(tab) => {
                self.go_tab(tab);
                return Mode::Normal;
            }
            Action::New => return self.update_list(Action::New),
            Action::Toggle => self.toggle_detail(),
            Action::Edit => {
                let next = self.update_list(Action::Edit);
                if !matches!(next, Mode::Normal) {
                    return next;
                }
            }
            Action::Undo => self.undo_last(),
            Action::NudgeUp | Action::NudgeDown => {
                self.tab_act(&action);
            }
            Action::CheckIn => return self.checkin(false),
            Action::Brief => {
                if let Some(brief) = self.brief() {
                    return brief;
                }
            }
            _ => {}
        }
        Mode::Detail
    }

    fn toggle_detail(&mut self) {
        if let Some(row) = self.selected_index(self.tab)
            && let Some(act) = self.tab.def().toggle(self, row, self.detail)
        {
            let _ = self.apply(act);
        }
    }

    fn update_actions(&mut self, action: Action) -> Mode {
        let len = self.open_actions().len();
        let mut pos = self.detail;
        if self.move_selection(&action, len, &mut pos) {
            self.detail = pos;
            return Mode::Actions;
        }
        match action {
            Action::Back => return Mode::Normal,
            Action::Undo => self.undo_last(),
            Action::Toggle => {
                let Some((id, index)) = self
                    .open_actions()
                    .get(pos)
                    .map(|o| (o.entry.meta.id, o.index))
                else {
                    return Mode::Actions;
                };
                if self.tick(id, index, true) {
                    self.detail = self.detail.min(self.open_actions().len().saturating_sub(1));
                }
            }
            _ => {}
        }
        Mode::Actions
    }

    /// Whether the item picked in the detail of the selected meeting is an
    /// action the user may tick (on a partner's meeting: one of theirs).
    pub fn detail_tickable(&self) -> bool {
        self.tab == Tab::Journal
            && self
                .selected_index(self.tab)
                .and_then(|row| self.ws.data.journal.get(row))
                .is_some_and(|e| match self.detail.checked_sub(e.actions.len()) {
                    None => self.may_tick(e, self.detail),
                    // An action on the partner's record of the same meeting.
                    Some(i) => self.ws.data.twins.get(&e.meta.id).is_some_and(|t| {
                        self.ws
                            .twin_extra(e)
                            .get(i)
                            .is_some_and(|&j| self.may_tick(t, j))
                    }),
                })
    }

    /// Whether the user may tick action `index` of `entry`: every action of
    /// their own meeting, and those that are theirs on a partner's.
    pub fn may_tick(&self, entry: &JournalEntry, index: usize) -> bool {
        self.ws.is_mine(entry.meta.author)
            || self.ws.me.as_ref().is_some_and(|me| {
                entry
                    .actions
                    .get(index)
                    .is_some_and(|a| a.is_owned_by(entry.meta.author, me.id))
            })
    }

    /// Ticks (or unticks) action `index` of the meeting `id`, as stored (a
    /// partner's meeting changes only in that tick: it stays theirs, and
    /// the tick travels in the next bundle); whether it was saved.
    fn tick(&mut self, id: Id, index: usize, done: bool) -> bool {
        let mut entry = match self.ws.store.get::<JournalEntry>(id) {
            Ok(Some(e)) => e,
            Ok(None) => return false,
            Err(e) => {
                self.error(format!("Not saved: {e}"));
                return false;
            }
        };
        if !self.may_tick(&entry, index) {
            let owner = self
                .ws
                .other_author(entry.meta.author)
                .unwrap_or("your partner");
            self.error(format!(
                "This action is {owner}'s, on their meeting: only they can tick it."
            ));
            return false;
        }
        let Some(action) = entry.actions.get_mut(index) else {
            return false;
        };
        let label = format!(
            "action “{}” {}",
            action.text,
            if done { "done" } else { "open" }
        );
        if self.ws.is_mine(entry.meta.author) {
            if entry.set_action_done(index + 1, done, self.ws.now).is_err() {
                return false;
            }
        } else {
            action.done = done;
        }
        // The same agreement written down by both (on their two records of
        // one meeting) is ticked on both, in one change.
        let mut records = vec![AnyRecord::Journal(entry)];
        for (other, i) in self.ws.same_agreement(id, index) {
            if let Ok(Some(mut copy)) = self.ws.store.get::<JournalEntry>(other)
                && copy.actions.get(i).is_some_and(|a| a.done != done)
            {
                if self.ws.is_mine(copy.meta.author) {
                    let _ = copy.set_action_done(i + 1, done, self.ws.now);
                } else {
                    copy.actions[i].done = done;
                }
                records.push(AnyRecord::Journal(copy));
            }
        }
        self.write(label, records)
    }

    /// Clears the filter of `tab`: every row shows again.
    fn clear_filter(&mut self, tab: Tab) {
        let state = self.tab_state_mut(tab);
        state.filter.clear();
        state.haystack = None;
        self.refresh_visible(tab);
    }

    fn update_filter(&mut self, action: Action) -> Mode {
        let tab = self.tab;
        match action {
            Action::Back => {
                self.clear_filter(tab);
                return Mode::Normal;
            }
            Action::Focus => return Mode::Normal,
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
        Mode::Filter
    }

    fn open_form(&self, record: Option<AnyRecord>) -> Mode {
        Mode::Form(Box::new(self.tab.def().form(self, record.as_ref())))
    }

    fn update_form(&mut self, mut form: Box<Form>, action: Action) -> Mode {
        match action {
            Action::Back => {
                if let Some(question) = form.discard_question() {
                    return Mode::Confirm(Confirm {
                        question: question.into(),
                        pending: Pending::DiscardForm(form),
                    });
                } else if form.kind == FormKind::Profile {
                    self.quit = true;
                }
                return Mode::Normal;
            }
            Action::NextField => form.next_field(),
            Action::PrevField => form.prev_field(),
            Action::ChoiceNext | Action::ChoicePrev => {
                form.focused().cycle(action == Action::ChoiceNext);
                form.error = None;
            }
            Action::Toggle => {
                form.focused().toggle();
                form.error = None;
            }
            Action::OpenEditor => {
                if matches!(form.focused().input, Input::Text { .. }) {
                    self.editor_request = Some(form.focused().value());
                } else {
                    let editor = self.keys.label(KeyMode::Form, &Action::OpenEditor);
                    form.error =
                        Some((Some(form.focus), format!("{editor} works in text fields.")));
                }
            }
            Action::Save => return self.save_form(form),
            Action::Type(ev) => type_into(&mut form, ev),
            _ => {}
        }
        Mode::Form(form)
    }

    /// A default path for bundles: in the user's home directory.
    /// The name a new bundle is proposed under: `tandem-ana-2026-11-24.bundle`;
    /// a mentor's names the mentee it is for, `tandem-marko-for-ben-…`, so
    /// that the bundles of one day never replace each other.
    fn bundle_name(&self) -> String {
        // A first name, with only what every file system takes.
        let first = |p: &crate::domain::Profile| {
            let first = p.name.split_whitespace().next()?.to_lowercase();
            let safe: String = first
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '-')
                .collect();
            (!safe.is_empty()).then_some(safe)
        };
        let who = self
            .ws
            .me
            .as_ref()
            .and_then(first)
            .unwrap_or_else(|| "tandem".into());
        let whom = match self.ws.pair.as_ref().and_then(first) {
            Some(m) => format!("-for-{m}"),
            None => String::new(),
        };
        format!(
            "tandem-{who}{whom}-{}.bundle",
            self.ws.now.format("%Y-%m-%d")
        )
    }

    fn share_dialog(&self, export: bool) -> Mode {
        let places = self.places.clone().unwrap_or_else(Places::here);
        Mode::Files(Box::new(if export {
            FileDialog::share(places, &self.bundle_name())
                .for_partner(self.ws.pair.as_ref().map(|p| p.name.clone()))
        } else {
            FileDialog::import(places)
        }))
    }

    fn update_files(&mut self, mut dialog: Box<FileDialog>, action: Action) -> Mode {
        match action {
            Action::Back => return Mode::Normal,
            Action::Down => dialog.pick(true),
            Action::Up => dialog.pick(false),
            Action::Complete => dialog.complete(),
            Action::Type(ev) => dialog.typed(ev),
            Action::Accept => match dialog.accept() {
                Request::Stay => {}
                Request::Write(path) => {
                    if path.exists() {
                        let about = std::fs::metadata(&path)
                            .map(|m| format!(" ({})", crate::store::size(m.len())))
                            .unwrap_or_default();
                        return Mode::Confirm(Confirm {
                            question: format!(
                                "{}{about} already exists. Replace it with the new bundle?",
                                dialog.places.show(&path)
                            ),
                            pending: Pending::Overwrite { dialog, path },
                        });
                    }
                    return self.share_to(dialog, &path);
                }
                Request::Import(path) => return self.import_from(dialog, path, false),
            },
            _ => {}
        }
        Mode::Files(dialog)
    }

    /// Writes the share bundle to `path`; the dialog stays open with the
    /// reason when it cannot.
    fn share_to(&mut self, mut dialog: Box<FileDialog>, path: &std::path::Path) -> Mode {
        match self.ws.share_export(path) {
            Ok(n) => {
                self.info(format!(
                    "Wrote {n} shared record{} to {} (private records are never included).",
                    if n == 1 { "" } else { "s" },
                    dialog.places.show(path)
                ));
                Mode::Normal
            }
            Err(message) => {
                dialog.error = Some(message);
                Mode::Files(dialog)
            }
        }
    }

    /// Imports the bundle at `path`; asks first when it comes from someone
    /// who is not the partner yet.
    fn import_from(
        &mut self,
        mut dialog: Box<FileDialog>,
        path: std::path::PathBuf,
        accept: bool,
    ) -> Mode {
        let imported = self.ws.share_import(&path, accept);
        self.sync();
        match imported {
            Ok(summary) => {
                self.info(summary);
                Mode::Normal
            }
            Err(ImportFailure::NewPartner { question }) => Mode::Confirm(Confirm {
                question,
                pending: Pending::AcceptPartner { dialog, path },
            }),
            Err(ImportFailure::Other(message)) => {
                dialog.error = Some(message);
                Mode::Files(dialog)
            }
        }
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

    fn save_form(&mut self, mut form: Box<Form>) -> Mode {
        let author = self.ws.me.as_ref().map(|p| p.id);
        let existing = form
            .editing
            .and_then(|id| self.ws.store.get_any(id).ok().flatten());
        let built = form.build(
            author.unwrap_or_else(|| Id::generate(self.ws.now.to_utc())),
            existing.as_ref(),
            self.ws.now,
            self.ws.zone,
        );
        match built {
            Err(error) => {
                if let Some(i) = error.0 {
                    form.focus = i;
                }
                form.error = Some(error);
            }
            Ok(Built::Profile(p)) => {
                let name = p.name.clone();
                let saved = self.ws.save_profile(p);
                self.sync();
                match saved {
                    Ok(()) => {
                        let new = self.keys.label(KeyMode::List, &Action::New);
                        let help = self.keys.label(KeyMode::List, &Action::Help);
                        let import = self.keys.label(KeyMode::List, &Action::ShareImport);
                        let mentor = self
                            .ws
                            .me
                            .as_ref()
                            .is_some_and(|p| p.role == crate::domain::Role::Mentor);
                        self.info(if mentor {
                            format!(
                                "Welcome, {name}! {import} imports a mentee's bundle (one per \
                                 mentee); {help} shows every key."
                            )
                        } else {
                            format!(
                                "Welcome, {name}! {new} adds your first goal; {help} shows every key."
                            )
                        });
                        return Mode::Normal;
                    }
                    Err(e) => form.error = Some((None, format!("Not saved: {e}"))),
                }
            }
            Ok(Built::Record(record)) => {
                let id = record.meta().id;
                let label = describe(&record);
                // A new pair meeting ticks the talking points its notes kept.
                let discussed = match &record {
                    AnyRecord::Journal(e) if existing.is_none() => self.discussed_at(e),
                    _ => Vec::new(),
                };
                let (ticked, open) = (discussed.len(), self.ws.data.points.len());
                let mut records = vec![record];
                records.extend(discussed.into_iter().map(AnyRecord::Point));
                if self.write(label.clone(), records) {
                    if open > 0 {
                        let left = open - ticked;
                        self.info(format!(
                            "Saved: {label}; {ticked} talking point{} discussed, {left} carried \
                             to the next meeting",
                            if ticked == 1 { "" } else { "s" }
                        ));
                    }
                    self.select_saved(id);
                    return Mode::Normal;
                }
                form.error = self.status.as_ref().map(|s| (None, s.text.clone()));
            }
        }
        Mode::Form(form)
    }

    fn update_confirm(&mut self, confirm: Confirm, action: Action) -> Mode {
        match (action, confirm.pending) {
            (Action::Yes, Pending::Delete { id }) => self.delete(id),
            (Action::Yes, Pending::DiscardForm(form)) => {
                if form.kind == FormKind::Profile {
                    self.quit = true;
                }
            }
            (Action::No, Pending::DiscardForm(form)) => return Mode::Form(form),
            (Action::Yes, Pending::DiscardCheckIn(wizard)) => {
                if wizard.exit_after {
                    self.quit = true;
                }
            }
            (Action::No, Pending::DiscardCheckIn(wizard)) => return Mode::CheckIn(wizard),
            (Action::Yes, Pending::Overwrite { dialog, path }) => {
                return self.share_to(dialog, &path);
            }
            (Action::No, Pending::Overwrite { dialog, .. }) => return Mode::Files(dialog),
            (Action::Yes, Pending::AcceptPartner { dialog, path }) => {
                return self.import_from(dialog, path, true);
            }
            (Action::No, Pending::AcceptPartner { .. }) => self.info("Nothing imported."),
            (Action::No, Pending::Delete { .. }) | (Action::No, Pending::Quit) => {}
            (Action::Yes, Pending::Quit) => self.quit(),
            (_, pending) => {
                return Mode::Confirm(Confirm {
                    question: confirm.question,
                    pending,
                });
            }
        }
        Mode::Normal
    }
}

/// Where a long overlay is scrolled to after `action`: a row, a page, the
/// top or the end, never past the last page (`last`).
fn scroll(at: u16, action: &Action, page: u16, last: u16) -> u16 {
    let page = page.saturating_sub(1).max(1);
    let at = match action {
        Action::Down => at.saturating_add(1),
        Action::Up => at.saturating_sub(1),
        Action::PageDown => at.saturating_add(page),
        Action::PageUp => at.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => at,
    };
    at.min(last)
}

/// A key typed into a form's text field (a choice field takes keys bound
/// in the keymap only).
fn type_into(form: &mut Form, ev: KeyEvent) {
    if let Input::Text { area, .. } = &mut form.focused().input {
        area.input(ev);
    }
    form.error = None;
}
