//! The app driven by keys and actions, without a terminal: every test checks
//! what the user would see change and what reached the store.

use chrono::{DateTime, FixedOffset, TimeZone};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tandem::domain::{Goal, GoalStatus, Profile, Reflection, Role, Visibility};
use tandem::store::Store;
use tandem::tui::action::Action;
use tandem::tui::app::{App, Mode};
use tandem::tui::files::Places;
use tandem::tui::form::{FieldId, Input, Zone};
use tandem::tui::tabs::Tab;

fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .unwrap()
}

struct Harness {
    _dir: tempfile::TempDir,
    app: App,
}

/// The app on `store`, on the fixed clock.
fn app_on(store: impl Into<std::sync::Arc<Store>>) -> App {
    App::new(store, now(), Zone::Fixed(*now().offset())).unwrap()
}

impl Harness {
    /// An app on a store that already has Ana's profile.
    fn new() -> Harness {
        Harness::person("Ana", Role::Mentee, "Marko")
    }

    /// An app on a store whose profile is `name`'s, naming `partner`.
    fn person(name: &str, role: Role, partner: &str) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut me = Profile::new(name, role, now().to_utc());
        me.partner = Some(partner.into());
        store.put_profile(&me).unwrap();
        store.set_default_profile(me.id).unwrap();
        Harness {
            _dir: dir,
            app: app_on(store),
        }
    }

    fn empty() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        Harness {
            _dir: dir,
            app: app_on(store),
        }
    }

    /// The app started again on the same store, as a user would open it
    /// (after records were put into the store directly).
    fn reopen(self) -> Harness {
        let Harness { _dir, app } = self;
        Harness {
            _dir,
            app: app_on(app.ws.store),
        }
    }

    fn key(&mut self, code: KeyCode) {
        self.app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    fn ctrl(&mut self, c: char) {
        self.app
            .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    fn me(&self) -> tandem::domain::Id {
        self.app.ws.me.as_ref().unwrap().id
    }

    fn stored_goals(&self) -> Vec<Goal> {
        self.app.ws.store.all::<Goal>(self.me()).unwrap()
    }

    fn add_goal(&mut self, title: &str) {
        self.app.update(Action::GoTab(Tab::Goals));
        self.key(KeyCode::Char('n'));
        self.keys(title);
        self.ctrl('s');
        assert!(
            matches!(self.app.mode, Mode::Normal),
            "the form closed after saving"
        );
    }
}

#[test]
fn the_first_run_asks_who_you_are_and_saves_the_profile() {
    let mut h = Harness::empty();
    assert!(
        matches!(h.app.mode, Mode::Form(_)),
        "an empty store opens the profile form"
    );
    h.keys("Ana Petrović");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // mentee → mentor
    h.key(KeyCode::Tab);
    h.keys("Marko");
    h.ctrl('s');
    assert!(matches!(h.app.mode, Mode::Normal));
    let profiles = h.app.ws.store.profiles().unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].name, "Ana Petrović");
    assert_eq!(profiles[0].role, Role::Mentor);
    assert_eq!(profiles[0].partner.as_deref(), Some("Marko"));
    assert_eq!(
        h.app.ws.store.default_profile().unwrap(),
        Some(profiles[0].id)
    );
}

#[test]
fn adding_a_goal_with_keys_puts_it_in_the_store() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('n'));
    h.keys("Curate a first exhibition");
    h.key(KeyCode::Tab);
    h.keys("To lead a project");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.keys("+3m");
    h.key(KeyCode::Tab);
    h.keys("Find a venue");
    h.key(KeyCode::Enter);
    h.keys("[x] Write the call");
    h.ctrl('s');
    let goals = h.stored_goals();
    assert_eq!(goals.len(), 1);
    let g = &goals[0];
    assert_eq!(g.title, "Curate a first exhibition");
    assert_eq!(g.why, "To lead a project");
    assert_eq!(g.target, chrono::NaiveDate::from_ymd_opt(2027, 2, 24));
    assert_eq!(g.milestones.len(), 2);
    assert!(!g.milestones[0].done && g.milestones[1].done);
    assert_eq!(
        h.app.selected_goal().unwrap().title,
        g.title,
        "the new goal is selected"
    );
    assert!(h.app.status.as_ref().unwrap().text.starts_with("Saved"));
}

#[test]
fn an_invalid_form_marks_the_field_and_saves_nothing() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Tab);
    h.keys("why without a title");
    h.ctrl('s');
    match &h.app.mode {
        Mode::Form(form) => {
            let (field, message) = form.error.clone().unwrap();
            assert_eq!(field, Some(0), "the title field is marked");
            assert!(message.contains("title must not be empty"), "{message}");
            assert_eq!(form.focus, 0, "the cursor goes to the field to fix");
        }
        _ => panic!("the form stays open"),
    }
    assert!(h.stored_goals().is_empty());
}

#[test]
fn editing_changes_the_stored_record() {
    let mut h = Harness::new();
    h.add_goal("Old title");
    h.key(KeyCode::Char('e'));
    for _ in 0.."Old title".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys("New title");
    h.ctrl('s');
    let goals = h.stored_goals();
    assert_eq!(goals.len(), 1);
    assert_eq!(goals[0].title, "New title");
}

#[test]
fn delete_asks_first_and_undo_brings_it_back() {
    let mut h = Harness::new();
    h.add_goal("Keep me");
    h.key(KeyCode::Char('d'));
    match &h.app.mode {
        Mode::Confirm(c) => assert!(
            c.question.contains("Keep me"),
            "the confirm names the record: {}",
            c.question
        ),
        _ => panic!("delete asks first"),
    }
    h.key(KeyCode::Char('n'));
    assert_eq!(h.stored_goals().len(), 1, "no keeps it");
    h.key(KeyCode::Char('d'));
    h.key(KeyCode::Char('y'));
    assert!(h.stored_goals().is_empty(), "yes deletes it from the store");
    assert!(h.app.selected_goal().is_none());
    h.key(KeyCode::Char('u'));
    let goals = h.stored_goals();
    assert_eq!(goals.len(), 1, "undo restores it in the store");
    assert_eq!(goals[0].title, "Keep me");
    assert_eq!(h.app.selected_goal().unwrap().title, "Keep me");
}

#[test]
fn undo_takes_back_an_edit_and_an_add() {
    let mut h = Harness::new();
    h.add_goal("First");
    h.key(KeyCode::Char('+'));
    assert_eq!(h.stored_goals()[0].progress, 5);
    h.key(KeyCode::Char('u'));
    assert_eq!(
        h.stored_goals()[0].progress,
        0,
        "the nudge is undone in the store"
    );
    h.key(KeyCode::Char('u'));
    assert!(h.stored_goals().is_empty(), "the add is undone");
    h.key(KeyCode::Char('u'));
    assert!(
        h.app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("Nothing to undo")
    );
}

#[test]
fn nudges_and_status_change_the_goal_and_its_history() {
    let mut h = Harness::new();
    h.add_goal("Grow");
    for _ in 0..3 {
        h.key(KeyCode::Char('+'));
    }
    h.key(KeyCode::Char('-'));
    let g = &h.stored_goals()[0];
    assert_eq!(g.progress, 10);
    assert_eq!(g.history.last().unwrap().progress, 10);
    // `s` offers the four statuses, the current one marked; Enter picks.
    h.key(KeyCode::Char('s'));
    assert!(matches!(h.app.mode, Mode::Choose(_)));
    assert_eq!(
        h.stored_goals()[0].status,
        GoalStatus::Active,
        "nothing yet"
    );
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(h.stored_goals()[0].status, GoalStatus::Achieved);
    let said = &h.app.status.as_ref().unwrap().text;
    assert!(said.contains("achieved"), "{said}");
    // Esc changes nothing.
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Char('k'));
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(h.stored_goals()[0].status, GoalStatus::Achieved);
    // Undo says what is true again, not what was done.
    h.key(KeyCode::Char('u'));
    assert_eq!(h.stored_goals()[0].status, GoalStatus::Active);
    let said = &h.app.status.as_ref().unwrap().text;
    assert!(said.contains("back at 10 % (active)"), "{said}");
}

#[test]
fn milestones_are_ticked_in_the_detail_pane() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('n'));
    h.keys("With steps");
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.keys("One");
    h.key(KeyCode::Enter);
    h.keys("Two");
    h.ctrl('s');
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.mode, Mode::Detail));
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char(' '));
    let g = &h.stored_goals()[0];
    assert!(!g.milestones[0].done);
    assert!(g.milestones[1].done, "space ticked the second milestone");
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.mode, Mode::Normal));
}

#[test]
fn filtering_narrows_the_list_as_you_type_and_esc_clears_it() {
    let mut h = Harness::new();
    for t in ["Write a grant", "Curate an exhibition", "Learn to delegate"] {
        h.add_goal(t);
    }
    assert_eq!(h.app.visible(Tab::Goals).len(), 3);
    h.key(KeyCode::Char('/'));
    h.keys("cur");
    assert!(matches!(h.app.mode, Mode::Filter));
    let visible = h.app.visible(Tab::Goals);
    assert_eq!(visible.len(), 1);
    assert_eq!(h.app.selected_goal().unwrap().title, "Curate an exhibition");
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    assert_eq!(h.app.visible(Tab::Goals).len(), 3);
    h.keys("zzz");
    assert!(h.app.visible(Tab::Goals).is_empty());
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(h.app.visible(Tab::Goals).len(), 3, "Esc cleared the filter");
}

#[test]
fn tabs_switch_by_number_and_tab_key_and_the_last_one_is_remembered() {
    let mut h = Harness::new();
    assert_eq!(h.app.tab, Tab::Goals);
    h.key(KeyCode::Char('3'));
    assert_eq!(h.app.tab, Tab::Reflections);
    h.key(KeyCode::Tab);
    assert_eq!(h.app.tab, Tab::Consultations);
    h.key(KeyCode::Tab);
    assert_eq!(h.app.tab, Tab::Goals, "Tab wraps around");
    h.app
        .handle_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(h.app.tab, Tab::Consultations);
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('q'));
    assert!(h.app.quit);
    let reopened = h.reopen().app;
    assert_eq!(
        reopened.tab,
        Tab::Journal,
        "the next start opens on the tab used last"
    );
}

#[test]
fn v_toggles_a_reflections_visibility_in_the_store() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('n'));
    // The form opens on the text, with a prompt offered above it.
    h.keys("I avoid asking for help.");
    h.ctrl('s');
    let stored = |h: &Harness| h.app.ws.store.all::<Reflection>(h.me()).unwrap();
    let r = &stored(&h)[0];
    assert_eq!(r.text, "I avoid asking for help.");
    assert_eq!(r.meta.visibility, Visibility::Private, "private by default");
    assert!(r.prompt.is_none(), "no prompt unless one is picked");
    h.key(KeyCode::Char('v'));
    assert_eq!(stored(&h)[0].meta.visibility, Visibility::Shared);
    h.key(KeyCode::Char('v'));
    assert_eq!(stored(&h)[0].meta.visibility, Visibility::Private);
}

#[test]
fn open_actions_are_listed_overdue_first_and_ticked_from_the_overlay() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('n'));
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.keys("Venue and budget");
    h.key(KeyCode::Tab);
    h.keys("Later thing @+5d");
    h.key(KeyCode::Enter);
    h.keys("partner: Late thing @-3d");
    h.ctrl('s');
    h.key(KeyCode::Char('a'));
    assert!(matches!(h.app.mode, Mode::Actions));
    let texts: Vec<String> = h
        .app
        .open_actions()
        .iter()
        .map(|a| a.action.text.clone())
        .collect();
    assert_eq!(texts, ["Late thing", "Later thing"], "overdue first");
    h.key(KeyCode::Char(' '));
    let entries = h.app.ws.store.newest_journal(h.me(), 10).unwrap();
    let late = entries[0]
        .actions
        .iter()
        .find(|a| a.text == "Late thing")
        .unwrap();
    assert!(late.done, "ticked in the store");
    assert_eq!(h.app.open_actions().len(), 1);
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.mode, Mode::Normal));
}

#[test]
fn esc_on_a_form_with_typing_asks_before_discarding() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Esc);
    assert!(
        matches!(h.app.mode, Mode::Normal),
        "an untouched form closes at once"
    );
    h.key(KeyCode::Char('n'));
    h.keys("Half a thought");
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.mode, Mode::Confirm(_)));
    h.key(KeyCode::Char('n'));
    match &h.app.mode {
        Mode::Form(form) => assert_eq!(
            form.value(FieldId::Title),
            "Half a thought",
            "no keeps what was typed"
        ),
        _ => panic!("back to the form"),
    }
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y'));
    assert!(matches!(h.app.mode, Mode::Normal));
    assert!(h.stored_goals().is_empty());
}

#[test]
fn only_key_presses_count() {
    let mut h = Harness::new();
    let mut release = KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    h.app.handle_key(release);
    let mut repeat = KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE);
    repeat.kind = KeyEventKind::Repeat;
    h.app.handle_key(repeat);
    assert_eq!(h.app.tab, Tab::Goals);
}

#[test]
fn help_opens_and_esc_backs_out() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('?'));
    assert!(matches!(h.app.mode, Mode::Help(_)));
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.mode, Mode::Normal));
    h.key(KeyCode::Char('q'));
    assert!(h.app.quit);
}

// ----- the weekly check-in --------------------------------------------------

use tandem::domain::{CheckIn, GoalState, Week};

/// Ana with three active goals at 10, 20 and 30 %, and last week's check-in.
fn with_three_goals() -> Harness {
    let h = Harness::new();
    let me = h.me();
    let last_week = now() - chrono::Duration::weeks(1);
    let mut goals = Vec::new();
    for (i, title) in ["Grant", "Exhibition", "Delegation"]
        .into_iter()
        .enumerate()
    {
        let mut g = Goal::new(me, title, last_week);
        g.set_progress(10 * (i as i64 + 1), last_week).unwrap();
        // Soonest target first: the order the wizard asks in.
        g.target = Some(now().date_naive() + chrono::Duration::days(30 * (i as i64 + 1)));
        h.app.ws.store.put(&g).unwrap();
        goals.push(g);
    }
    let mut previous = CheckIn::new(me, 2, 4, last_week);
    previous.goals.push(tandem::domain::GoalCheck {
        goal: goals[1].meta.id,
        progress: 20,
        state: GoalState::AtRisk,
        note: "venue".into(),
    });
    previous.focus = "the call".into();
    h.app.ws.store.put(&previous).unwrap();
    // Restart on the store, as a user would open the app.
    h.reopen()
}

fn this_week(h: &Harness) -> Option<CheckIn> {
    h.app
        .ws
        .store
        .checkin_for_week(h.me(), Week::of(now().date_naive()))
        .unwrap()
}

#[test]
fn an_unchanged_week_with_three_goals_takes_ten_keystrokes() {
    let mut h = with_three_goals();
    assert!(h.app.ws.data.this_week.is_none(), "the check-in is due");
    let mut keystrokes = 0;
    h.key(KeyCode::Char('c'));
    keystrokes += 1;
    while this_week(&h).is_none() {
        h.key(KeyCode::Enter);
        keystrokes += 1;
        assert!(keystrokes <= 15, "more than 15 keystrokes");
    }
    assert_eq!(
        keystrokes, 10,
        "c, three goals, mood, energy, win, blocker, focus, save"
    );
    assert!(matches!(h.app.mode, Mode::Normal));
    let saved = this_week(&h).unwrap();
    let progress: Vec<u8> = saved.goals.iter().map(|g| g.progress).collect();
    assert_eq!(progress, [10, 20, 30], "prefilled from the goals");
    assert_eq!(
        saved.goals[1].state,
        GoalState::AtRisk,
        "state prefilled from last week"
    );
    assert_eq!(
        (saved.mood, saved.energy),
        (2, 4),
        "mood and energy prefilled from last week"
    );
    assert!(
        saved.win.is_empty() && saved.focus.is_empty(),
        "this week's words are this week's"
    );
    assert!(
        h.app.ws.data.this_week.is_some(),
        "the badge's source is refreshed"
    );
}

#[test]
fn the_wizard_changes_progress_mood_and_text_and_records_history() {
    let mut h = with_three_goals();
    h.key(KeyCode::Char('c'));
    // Goal 1: → → makes 20 %, Tab to the state, → makes it at risk, Tab to the note.
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.keys("waiting for Skopje");
    h.key(KeyCode::Enter);
    // Goal 2: type 55.
    h.keys("55");
    h.key(KeyCode::Enter);
    // Goal 3: h lowers by 5.
    h.key(KeyCode::Char('h'));
    h.key(KeyCode::Enter);
    h.keys("5"); // mood
    h.key(KeyCode::Enter);
    h.key(KeyCode::Left); // energy 4 → 3
    h.key(KeyCode::Enter);
    h.keys("Venue found");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter); // no blocker
    h.keys("The call");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter); // save from the summary
    let saved = this_week(&h).unwrap();
    let lines: Vec<(u8, GoalState, &str)> = saved
        .goals
        .iter()
        .map(|g| (g.progress, g.state, g.note.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (20, GoalState::AtRisk, "waiting for Skopje"),
            (55, GoalState::AtRisk, ""),
            (25, GoalState::OnTrack, "")
        ]
    );
    assert_eq!((saved.mood, saved.energy), (5, 3));
    assert_eq!(
        (
            saved.win.as_str(),
            saved.blocker.as_str(),
            saved.focus.as_str()
        ),
        ("Venue found", "", "The call")
    );
    // Each goal's progress and a history point for today are in the store.
    let goals = h.stored_goals();
    let grant = goals.iter().find(|g| g.title == "Grant").unwrap();
    assert_eq!(grant.progress, 20);
    let last = grant.history.last().unwrap();
    assert_eq!((last.date, last.progress), (now().date_naive(), 20));
}

#[test]
fn opening_the_check_in_again_this_week_edits_the_saved_one() {
    let mut h = with_three_goals();
    h.key(KeyCode::Char('c'));
    h.keys("77");
    for _ in 0..9 {
        h.key(KeyCode::Enter);
    }
    let first = this_week(&h).unwrap();
    assert_eq!(first.goals[0].progress, 77);
    h.key(KeyCode::Char('c'));
    match &h.app.mode {
        Mode::CheckIn(w) => {
            assert!(w.existing.is_some(), "the saved week is opened");
            assert_eq!(w.goals[0].progress, 77);
        }
        _ => panic!("the wizard opens"),
    }
    // Straight to the mood step and change it, then save with Ctrl-S.
    for _ in 0..3 {
        h.key(KeyCode::Enter);
    }
    h.keys("1");
    h.ctrl('s');
    let second = this_week(&h).unwrap();
    assert_eq!(second.meta.id, first.meta.id, "one check-in per week");
    assert_eq!(second.mood, 1);
    assert_eq!(
        h.app.ws.store.newest_checkins(h.me(), 10).unwrap().len(),
        2,
        "last week's and this week's"
    );
}

#[test]
fn backspace_on_an_empty_field_and_shift_tab_go_back() {
    let mut h = with_three_goals();
    h.key(KeyCode::Char('c'));
    for _ in 0..5 {
        h.key(KeyCode::Enter);
    }
    let step = |h: &Harness| match &h.app.mode {
        Mode::CheckIn(w) => w.step,
        _ => panic!("in the wizard"),
    };
    assert_eq!(step(&h), tandem::tui::checkin::Step::Win);
    h.key(KeyCode::Backspace);
    assert_eq!(step(&h), tandem::tui::checkin::Step::Energy);
    h.app
        .handle_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(step(&h), tandem::tui::checkin::Step::Mood);
    h.key(KeyCode::Esc);
    assert!(
        matches!(h.app.mode, Mode::Normal),
        "nothing changed: Esc closes at once"
    );
    assert!(this_week(&h).is_none());
}

#[test]
fn the_brief_opens_with_b_and_closes_with_esc() {
    let mut h = with_three_goals();
    h.key(KeyCode::Char('b'));
    match &h.app.mode {
        Mode::Brief(brief, _) => assert_eq!(brief.goals.len(), 3),
        _ => panic!("the brief opens"),
    }
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.mode, Mode::Normal));
}

// ----- what a review found ---------------------------------------------------

#[test]
fn the_app_acts_as_the_profile_named_with_user() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let ana = Profile::new("Ana", Role::Mentee, now().to_utc());
    let bob = Profile::new("Bob", Role::Mentee, now().to_utc());
    store.put_profile(&ana).unwrap();
    store.put_profile(&bob).unwrap();
    store.set_default_profile(ana.id).unwrap();
    let app = App::with_user(store, now(), Zone::Fixed(*now().offset()), Some("bob")).unwrap();
    assert_eq!(app.ws.me.as_ref().unwrap().name, "Bob");
}

#[test]
fn saving_a_meeting_form_unchanged_keeps_its_time_and_actions() {
    let h = Harness::new();
    let elsewhere = FixedOffset::east_opt(5 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 18, 18, 0, 30)
        .unwrap();
    let mut e =
        tandem::domain::JournalEntry::new(h.me(), elsewhere, "Met in another time zone", now());
    e.actions.push(tandem::domain::AgreedAction::new(
        "Book the room @ the library",
        tandem::domain::Owner::Me,
        None,
    ));
    e.actions.push(tandem::domain::AgreedAction::new(
        "partner: is just a word",
        tandem::domain::Owner::Me,
        None,
    ));
    h.app.ws.store.put(&e).unwrap();
    let mut h = h.reopen();
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('e'));
    h.ctrl('s');
    assert!(
        matches!(h.app.mode, Mode::Normal),
        "saved without complaint"
    );
    let saved = h.app.ws.store.newest_journal(h.me(), 5).unwrap().remove(0);
    assert_eq!(
        saved.at, elsewhere,
        "same instant, same offset, same seconds"
    );
    assert_eq!(saved.actions, e.actions);
}

#[test]
fn undo_stamps_what_it_puts_back_as_the_latest_change() {
    let mut h = Harness::new();
    h.add_goal("Grow");
    let before = h.stored_goals()[0].meta.updated;
    h.app.set_now(now() + chrono::Duration::minutes(1));
    h.key(KeyCode::Char('+'));
    h.app.set_now(now() + chrono::Duration::minutes(2));
    h.key(KeyCode::Char('u'));
    let g = &h.stored_goals()[0];
    assert_eq!(g.progress, 0);
    assert!(
        g.meta.updated > before,
        "the restored version is newer than the undone one"
    );
}

#[test]
fn esc_after_changing_only_the_mood_asks_first() {
    let mut h = with_three_goals();
    h.key(KeyCode::Char('c'));
    for _ in 0..3 {
        h.key(KeyCode::Enter);
    }
    h.key(KeyCode::Right);
    h.key(KeyCode::Esc);
    assert!(
        matches!(h.app.mode, Mode::Confirm(_)),
        "a changed mood is not thrown away silently"
    );
}

#[test]
fn editing_this_weeks_check_in_keeps_the_lines_of_goals_paused_since() {
    let mut h = with_three_goals();
    h.key(KeyCode::Char('c'));
    for _ in 0..9 {
        h.key(KeyCode::Enter);
    }
    assert_eq!(this_week(&h).unwrap().goals.len(), 3);
    // Pause the first goal, then edit this week's check-in again.
    h.key(KeyCode::Char('s'));
    h.key(KeyCode::Char('c'));
    h.ctrl('s');
    assert_eq!(
        this_week(&h).unwrap().goals.len(),
        3,
        "the paused goal's line is kept"
    );
}

/// Paths in the share and import dialogs start in `home` (as `~`) and in
/// `home/work` (a name alone).
fn places(home: &std::path::Path) -> Places {
    std::fs::create_dir_all(home.join("work")).unwrap();
    Places {
        cwd: home.join("work"),
        home: Some(home.to_path_buf()),
        also: Vec::new(),
    }
}

fn status(h: &Harness) -> String {
    h.app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The whole screen of `h`'s app at 120×40, as text.
fn screen(h: &Harness) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| tandem::tui::ui::render(f, &h.app))
        .unwrap();
    terminal.backend().to_string()
}

/// The footer (the last line) of `h`'s screen.
fn footer(h: &Harness) -> String {
    screen(h).lines().last().unwrap_or_default().to_string()
}

/// Writes a bundle with `S` to the proposed path (in the home of `places`).
fn share(h: &mut Harness) {
    h.key(KeyCode::Char('S'));
    h.key(KeyCode::Enter);
    // The bundle of an earlier share is replaced.
    if matches!(h.app.mode, Mode::Confirm(_)) {
        h.key(KeyCode::Char('y'));
    }
    assert!(status(h).starts_with("Wrote"), "{}", status(h));
}

/// Imports the newest bundle nearby with `I`, saying yes to a new partner.
fn import_newest(h: &mut Harness) {
    h.key(KeyCode::Char('I'));
    h.key(KeyCode::Enter);
    if matches!(h.app.mode, Mode::Confirm(_)) {
        h.key(KeyCode::Char('y'));
    }
    assert!(status(h).starts_with("Imported"), "{}", status(h));
}

/// The app opened again on `h`'s store (after records were put into it
/// directly), with its paths starting in `home`.
fn reopened(h: Harness, home: &std::path::Path) -> Harness {
    let mut h = h.reopen();
    h.app.places = Some(places(home));
    h
}

/// Marko's app, whose profile names `partner`.
fn marko(partner: &str) -> Harness {
    Harness::person("Marko", Role::Mentor, partner)
}

#[test]
fn s_writes_a_bundle_and_i_imports_it_in_the_partners_app() {
    let home = tempfile::tempdir().unwrap();
    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    ana.add_goal("Shared goal");
    ana.key(KeyCode::Char('S'));
    let Mode::Files(dialog) = &ana.app.mode else {
        panic!("S opens the share dialog")
    };
    assert_eq!(dialog.text(), "~/tandem-ana-2026-11-24.bundle", "proposed");
    // What is typed replaces the proposal (it is not joined to it), and
    // Enter writes.
    std::fs::create_dir_all(home.path().join("Downloads")).unwrap();
    let file = home.path().join("Downloads/for-marko.bundle");
    ana.keys(file.to_str().unwrap());
    ana.key(KeyCode::Enter);
    assert!(matches!(ana.app.mode, Mode::Normal), "{}", status(&ana));
    assert!(
        status(&ana).starts_with("Wrote 1 shared record to ~/Downloads/for-marko.bundle"),
        "{}",
        status(&ana)
    );
    assert!(file.exists());

    // Marko's app offers the newest bundle nearby; Enter imports it.
    let mut m = marko("Ana");
    m.app.places = Some(places(home.path()));
    m.key(KeyCode::Char('I'));
    let Mode::Files(dialog) = &m.app.mode else {
        panic!("I opens the import dialog")
    };
    assert_eq!(dialog.text(), "~/Downloads/for-marko.bundle");
    assert_eq!(dialog.offers.len(), 1);
    m.key(KeyCode::Enter);
    // Ana's first bundle asks, though Marko's profile names her.
    let Mode::Confirm(confirm) = &m.app.mode else {
        panic!("asks first: {}", status(&m))
    };
    assert!(
        confirm.question.contains("comes from Ana (mentee; 1 goal)"),
        "{}",
        confirm.question
    );
    m.key(KeyCode::Char('y'));
    assert!(
        status(&m).contains("Imported Ana's bundle: 1 new, 0 updated, 0 unchanged, 0 rejected"),
        "{}",
        status(&m)
    );
    let g = m.app.selected_goal().unwrap();
    assert_eq!(g.title, "Shared goal");
    assert_eq!(
        m.app.ws.other_author(g.meta.author),
        Some("Ana"),
        "labelled with its author"
    );
    // Read-only here.
    m.key(KeyCode::Char('+'));
    assert!(m.app.status.as_ref().unwrap().text.contains("read-only"));
}

#[test]
fn writing_over_an_existing_bundle_asks_first() {
    let home = tempfile::tempdir().unwrap();
    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    ana.add_goal("Shared goal");
    let file = home.path().join("tandem-ana-2026-11-24.bundle");
    std::fs::write(&file, b"keep me").unwrap();
    ana.key(KeyCode::Char('S'));
    ana.key(KeyCode::Enter);
    let Mode::Confirm(confirm) = &ana.app.mode else {
        panic!("asks before replacing")
    };
    assert!(
        confirm
            .question
            .starts_with("~/tandem-ana-2026-11-24.bundle (7 B) already exists"),
        "{}",
        confirm.question
    );
    ana.key(KeyCode::Char('n'));
    assert!(matches!(ana.app.mode, Mode::Files(_)), "back to the dialog");
    assert_eq!(std::fs::read(&file).unwrap(), b"keep me");
    ana.key(KeyCode::Enter);
    ana.key(KeyCode::Char('y'));
    assert!(matches!(ana.app.mode, Mode::Normal));
    assert_ne!(std::fs::read(&file).unwrap(), b"keep me", "replaced");
}

#[test]
fn a_bundle_from_someone_new_asks_before_taking_them_as_partner() {
    let home = tempfile::tempdir().unwrap();
    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    ana.add_goal("Shared goal");
    share(&mut ana);

    let mut m = marko("Bea");
    m.app.places = Some(places(home.path()));
    m.key(KeyCode::Char('I'));
    m.key(KeyCode::Enter);
    let Mode::Confirm(confirm) = &m.app.mode else {
        panic!("asks, {}", status(&m))
    };
    assert!(
        confirm.question.contains("comes from Ana")
            && confirm.question.contains("your profile names Bea")
            // Marko is a mentor: Ana would be one of his mentees.
            && confirm.question.contains("take Ana as your mentee?"),
        "{}",
        confirm.question
    );
    m.key(KeyCode::Char('n'));
    assert_eq!(status(&m), "Nothing imported.");
    assert!(m.app.selected_goal().is_none());
    m.key(KeyCode::Char('I'));
    m.key(KeyCode::Enter);
    m.key(KeyCode::Char('y'));
    assert!(
        status(&m).contains("Imported Ana's bundle: 1 new"),
        "{}",
        status(&m)
    );
    assert_eq!(m.app.ws.partner_name(), "Ana");
}

#[test]
fn tab_completes_a_path_and_enter_on_a_folder_lists_it() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("inbox/from-marko")).unwrap();
    std::fs::write(home.path().join("inbox/from-marko/a.bundle"), b"x").unwrap();
    let mut h = Harness::new();
    h.app.places = Some(places(home.path()));
    h.key(KeyCode::Char('I'));
    // No bundle nearby: the field starts empty, and Enter says what to do.
    h.key(KeyCode::Enter);
    let Mode::Files(dialog) = &h.app.mode else {
        panic!()
    };
    assert!(dialog.error.as_deref().unwrap().contains("Tab completes"));
    h.keys("~/in");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    let Mode::Files(dialog) = &h.app.mode else {
        panic!()
    };
    assert_eq!(dialog.text(), "~/inbox/from-marko/");
    h.key(KeyCode::Enter);
    let Mode::Files(dialog) = &h.app.mode else {
        panic!()
    };
    assert_eq!(dialog.offers.len(), 1);
    h.key(KeyCode::Down);
    let Mode::Files(dialog) = &h.app.mode else {
        panic!()
    };
    assert_eq!(dialog.text(), "~/inbox/from-marko/a.bundle");
    h.key(KeyCode::Enter);
    let Mode::Files(dialog) = &h.app.mode else {
        panic!()
    };
    assert!(
        dialog
            .error
            .as_deref()
            .unwrap()
            .starts_with("Not imported:"),
        "a bad file says why and keeps the dialog: {:?}",
        dialog.error
    );
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.mode, Mode::Normal));
}

#[test]
fn the_first_frame_reads_only_its_tab_and_the_first_key_finds_every_list() {
    let dir = tempfile::tempdir().unwrap();
    let me = {
        let store = Store::open(dir.path()).unwrap();
        let me = Profile::new("Ana", Role::Mentee, now().to_utc());
        store.put_profile(&me).unwrap();
        store.set_default_profile(me.id).unwrap();
        store
            .put(&Goal::new(me.id, "Curate a show", now()))
            .unwrap();
        let meeting = tandem::domain::JournalEntry::new(me.id, now(), "Budget and venue", now());
        store.put(&meeting).unwrap();
        me
    };
    let store = Store::open(dir.path()).unwrap();
    let mut app = App::starting(store, now(), Zone::Fixed(*now().offset()), None).unwrap();
    assert_eq!(app.tab, Tab::Goals);
    assert_eq!(app.ws.data.goals.len(), 1);
    // The journal is not on the first frame, so it is not read yet...
    assert!(app.has_pending());
    assert!(app.ws.data.journal.is_empty());
    // ...but the first key reads it before it takes effect.
    app.handle_key(KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE));
    assert!(!app.has_pending());
    assert_eq!(app.tab, Tab::Journal);
    assert_eq!(app.ws.data.journal.len(), 1);
    assert_eq!(app.ws.data.journal[0].meta.author, me.id);
}

// ----- forms as a new user met them ----------------------------------------

fn form(h: &Harness) -> &tandem::tui::form::Form {
    match &h.app.mode {
        Mode::Form(form) => form,
        _ => panic!("no form open"),
    }
}

#[test]
fn a_prompt_is_kept_only_when_picked_and_the_first_offered_is_the_days() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('n'));
    assert_eq!(form(&h).value(FieldId::Prompt), "(no prompt)");
    // Only the prompt changed: closing loses nothing, so nothing is asked.
    h.key(KeyCode::BackTab);
    h.key(KeyCode::Right);
    let offered = form(&h).value(FieldId::Prompt);
    assert_ne!(offered, "(no prompt)");
    h.key(KeyCode::Esc);
    assert!(
        matches!(h.app.mode, Mode::Normal),
        "nothing typed, nothing asked"
    );
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::BackTab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.keys("Small steps count.");
    h.ctrl('s');
    let r = h.app.ws.store.all::<Reflection>(h.me()).unwrap().remove(0);
    assert_eq!(r.prompt.as_deref(), Some(offered.as_str()));
}

#[test]
fn a_due_date_that_is_not_a_date_marks_the_actions_field() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('n'));
    while form(&h).fields[form(&h).focus].id != FieldId::Notes {
        h.key(KeyCode::Tab);
    }
    h.keys("Sponsors");
    h.key(KeyCode::Tab);
    h.keys("Call the sponsor @someday");
    h.ctrl('s');
    let f = form(&h);
    let actions = f.index(FieldId::Actions).unwrap();
    match &f.error {
        Some((Some(at), message)) => {
            assert_eq!(*at, actions);
            assert!(
                message.contains("@someday") && message.contains("2026-12-03"),
                "{message}"
            );
        }
        other => panic!("expected an error on the actions: {other:?}"),
    }
    assert!(h.app.ws.store.newest_journal(h.me(), 5).unwrap().is_empty());
}

#[test]
fn a_meeting_and_a_reflection_can_be_linked_to_goals_from_their_forms() {
    let mut h = Harness::new();
    for title in ["Curate an exhibition", "Learn grant writing"] {
        h.key(KeyCode::Char('n'));
        h.keys(title);
        h.ctrl('s');
    }
    let goals = h.stored_goals();
    let grant = goals
        .iter()
        .find(|g| g.title == "Learn grant writing")
        .unwrap()
        .meta
        .id;
    h.key(KeyCode::Char('2'));
    h.key(KeyCode::Char('n'));
    while form(&h).fields[form(&h).focus].id != FieldId::Notes {
        h.key(KeyCode::Tab);
    }
    h.keys("Budget lines");
    while form(&h).fields[form(&h).focus].id != FieldId::Goals {
        h.key(KeyCode::Tab);
    }
    // The goals are listed; Space ticks the one under the cursor.
    while form(&h).value(FieldId::Goals).is_empty() {
        let f = form(&h);
        let Input::Checks { options, index, .. } = &f.fields[f.focus].input else {
            panic!("goals are ticked in a list");
        };
        if options[*index] == "Learn grant writing" {
            h.key(KeyCode::Char(' '));
        } else {
            h.key(KeyCode::Down);
        }
    }
    h.ctrl('s');
    let e = h.app.ws.store.newest_journal(h.me(), 1).unwrap().remove(0);
    assert_eq!(e.goals, vec![grant]);
    h.key(KeyCode::Char('3'));
    h.key(KeyCode::Char('n'));
    h.keys("Writing is rewriting.");
    while form(&h).fields[form(&h).focus].id != FieldId::Goals {
        h.key(KeyCode::Tab);
    }
    while form(&h).value(FieldId::Goals) != "Learn grant writing" {
        h.key(KeyCode::Right);
    }
    h.ctrl('s');
    let r = h.app.ws.store.all::<Reflection>(h.me()).unwrap().remove(0);
    assert_eq!(r.goal, Some(grant));
}

#[test]
fn the_visibility_hint_says_what_the_value_does() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('n'));
    let f = form(&h);
    let vis = &f.fields[f.index(FieldId::Visibility).unwrap()];
    assert!(vis.hint_now().contains("partner"), "{}", vis.hint_now());
    while form(&h).fields[form(&h).focus].id != FieldId::Visibility {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Right);
    let f = form(&h);
    let vis = &f.fields[f.focus];
    assert_eq!(vis.value(), "private");
    assert!(!vis.hint_now().contains("partner"), "{}", vis.hint_now());
}

#[test]
fn digits_typed_for_a_goals_progress_show_at_once() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('n'));
    h.keys("Curate an exhibition");
    h.ctrl('s');
    h.key(KeyCode::Char('c'));
    h.keys("10");
    let Mode::CheckIn(w) = &h.app.mode else {
        panic!("the check-in is open")
    };
    assert_eq!(w.goals[0].progress, 10, "the value follows the digits");
    h.key(KeyCode::Backspace);
    let Mode::CheckIn(w) = &h.app.mode else {
        panic!("the check-in is open")
    };
    assert_eq!(w.goals[0].progress, 1);
}

#[test]
fn help_pages_down_and_up_and_stops_at_its_end() {
    let mut h = Harness::new();
    h.app.set_size(80, 24);
    h.key(KeyCode::Char('?'));
    h.key(KeyCode::PageDown);
    let one_page = h.app.help_scroll;
    assert!(one_page > 5, "a page is many rows: {one_page}");
    h.key(KeyCode::Char('G'));
    let end = h.app.help_scroll;
    for _ in 0..50 {
        h.key(KeyCode::Char('j'));
    }
    assert_eq!(h.app.help_scroll, end, "no scrolling past the end");
    h.key(KeyCode::PageUp);
    assert!(h.app.help_scroll < end);
    h.key(KeyCode::Char('g'));
    assert_eq!(h.app.help_scroll, 0);
}

#[test]
fn a_message_does_not_follow_into_a_new_form_and_ctrl_c_quits() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('n'));
    h.keys("Curate an exhibition");
    h.ctrl('s');
    h.key(KeyCode::Char('u'));
    assert!(h.app.status.as_ref().unwrap().text.starts_with("Undone"));
    h.key(KeyCode::Char('n'));
    assert!(
        h.app.status.is_none(),
        "the undo's message stays with the list"
    );
    h.keys("Half typed");
    h.ctrl('c');
    assert!(
        matches!(h.app.mode, Mode::Confirm(_)),
        "unsaved text: asked first"
    );
    h.key(KeyCode::Char('n'));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y'));
    h.ctrl('c');
    assert!(h.app.quit);
}

#[test]
fn in_the_detail_pane_digits_switch_tabs_and_n_adds() {
    let mut h = Harness::new();
    h.key(KeyCode::Char('n'));
    h.keys("Curate an exhibition");
    h.ctrl('s');
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.mode, Mode::Detail));
    h.key(KeyCode::Char('n'));
    assert!(matches!(h.app.mode, Mode::Form(_)));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('2'));
    assert_eq!(h.app.tab, Tab::Journal);
    assert!(matches!(h.app.mode, Mode::Normal));
}

/// `n` meetings by `author`, one a day back from now (`minutes` past the
/// hour), their notes "meeting D" for the day D before.
fn daily_meetings(author: tandem::domain::Id, n: i64, minutes: i64) -> Vec<tandem::store::Change> {
    (0..n)
        .map(|d| {
            let at = now() - chrono::Duration::days(d) + chrono::Duration::minutes(minutes);
            let e = tandem::domain::JournalEntry::new(author, at, &format!("meeting {d}"), now());
            tandem::store::Change::Put(tandem::domain::AnyRecord::Journal(e))
        })
        .collect()
}

#[test]
fn the_first_g_on_a_long_journal_lands_on_the_oldest_and_the_title_counts_all() {
    let h = Harness::new();
    let me = h.me();
    h.app.ws.store.commit(daily_meetings(me, 350, 0)).unwrap();
    let mut h = h.reopen();
    h.key(KeyCode::Char('2'));
    assert!(
        h.app.ws.data.journal.len() < 350,
        "a window is read at first"
    );
    assert_eq!(
        h.app.ws.data.totals.get(&tandem::domain::Kind::Journal),
        Some(&350)
    );
    h.key(KeyCode::Char('G'));
    let row = h.app.selected_index(Tab::Journal).unwrap();
    assert_eq!(
        h.app.ws.data.journal[row].notes, "meeting 349",
        "the oldest, at once"
    );
}

#[test]
fn the_ends_of_a_long_journal_are_read_from_their_own_end() {
    let h = Harness::new();
    let me = h.me();
    h.app.ws.store.commit(daily_meetings(me, 1000, 0)).unwrap();
    let mut h = h.reopen();
    h.key(KeyCode::Char('2'));
    let selected = |h: &Harness| {
        let row = h.app.selected_index(Tab::Journal).unwrap();
        h.app.ws.data.journal[row].notes.clone()
    };
    h.key(KeyCode::Char('G'));
    assert_eq!(selected(&h), "meeting 999");
    assert!(
        h.app.ws.data.journal.len() <= 100,
        "only the end is read: {} meetings",
        h.app.ws.data.journal.len()
    );
    // Up from the end, past what was read: the same meetings in order.
    for d in (900..999).rev() {
        h.key(KeyCode::Char('k'));
        assert_eq!(selected(&h), format!("meeting {d}"));
    }
    assert!(
        h.app.ws.data.journal.len() < 1000,
        "read forward a window at a time"
    );
    h.key(KeyCode::Char('g'));
    assert_eq!(selected(&h), "meeting 0");
    assert!(h.app.ws.data.journal.len() <= 100);
    // A meeting added while the oldest ones are shown is selected at the top.
    h.key(KeyCode::Char('G'));
    h.key(KeyCode::Char('n'));
    let Mode::Form(form) = &mut h.app.mode else {
        panic!("the meeting form opened");
    };
    let notes = form
        .fields
        .iter_mut()
        .find(|f| f.id == FieldId::Notes)
        .unwrap();
    let Input::Text { area, .. } = &mut notes.input else {
        panic!("the notes are text");
    };
    **area = ratatui_textarea::TextArea::from(["A new meeting".to_string()]);
    h.ctrl('s');
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(selected(&h), "A new meeting");
}

#[test]
fn a_long_journal_both_logged_is_read_to_its_end_from_either_end() {
    let h = Harness::new();
    let me = h.me();
    let mut marko = Profile::new("Marko", Role::Mentor, now().to_utc());
    marko.origin = tandem::domain::Origin::Partner;
    h.app.ws.store.put_profile(&marko).unwrap();
    // 300 meetings, each logged by both (Marko five minutes later): 300 rows.
    let mut changes = daily_meetings(me, 300, 0);
    changes.extend(daily_meetings(marko.id, 300, 5));
    h.app.ws.store.commit(changes).unwrap();
    let mut h = h.reopen();
    h.key(KeyCode::Char('2'));
    let selected = |h: &Harness| {
        let row = h.app.selected_index(Tab::Journal).unwrap();
        h.app.ws.data.journal[row].notes.clone()
    };
    for d in 1..300 {
        h.key(KeyCode::Char('j'));
        assert_eq!(selected(&h), format!("meeting {d}"), "down to the oldest");
    }
    h.key(KeyCode::Char('g'));
    assert_eq!(selected(&h), "meeting 0");
    h.key(KeyCode::Char('G'));
    assert_eq!(selected(&h), "meeting 299");
    for d in (0..299).rev() {
        h.key(KeyCode::Char('k'));
        assert_eq!(selected(&h), format!("meeting {d}"), "up to the newest");
    }
}

#[test]
fn an_actions_owner_is_named_from_the_viewers_side_in_both_stores() {
    let home = tempfile::tempdir().unwrap();
    // Marko logs a meeting: one action for his partner, one for himself.
    let mut m = marko("Ana");
    m.app.places = Some(places(home.path()));
    m.app.update(Action::GoTab(Tab::Journal));
    let me = m.app.ws.me.as_ref().unwrap().id;
    let mut meeting = tandem::domain::JournalEntry::new(me, now(), "Sponsors", now());
    meeting.actions.push(tandem::domain::AgreedAction::new(
        "Call one sponsor",
        tandem::domain::Owner::Partner,
        None,
    ));
    meeting.actions.push(tandem::domain::AgreedAction::new(
        "Send Ana two funded applications",
        tandem::domain::Owner::Me,
        None,
    ));
    m.app.ws.store.put(&meeting).unwrap();
    let mut m = reopened(m, home.path());
    share(&mut m);

    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    import_newest(&mut ana);
    assert!(
        status(&ana).contains("Imported Marko's bundle"),
        "{}",
        status(&ana)
    );
    let owners = |h: &Harness| -> Vec<(String, String)> {
        h.app
            .open_actions()
            .iter()
            .map(|a| {
                (
                    a.action.text.clone(),
                    h.app.ws.owner_of(a.action, a.entry.meta.author),
                )
            })
            .collect()
    };
    let mut on_ana = owners(&ana);
    on_ana.sort();
    assert_eq!(
        on_ana,
        [
            ("Call one sponsor".to_string(), "you".to_string()),
            ("Send Ana two funded applications".into(), "Marko".into()),
        ]
    );
    // And the `a` overlay says so.
    ana.app.update(Action::GoTab(Tab::Journal));
    ana.key(KeyCode::Char('a'));
    let screen = screen(&ana);
    let row = |text: &str| {
        screen
            .lines()
            .find(|l| l.contains(text))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("Call one sponsor").contains("you"), "{screen}");
    assert!(row("Send Ana two").contains("Marko"), "{screen}");

    let mut on_marko = owners(&m);
    on_marko.sort();
    assert_eq!(
        on_marko,
        [
            ("Call one sponsor".to_string(), "Ana".to_string()),
            ("Send Ana two funded applications".into(), "you".into()),
        ]
    );
}

#[test]
fn a_mentors_check_in_never_changes_the_mentees_goals() {
    // Marko's store holds Ana's shared goal, imported from her bundle.
    let home = tempfile::tempdir().unwrap();
    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    ana.add_goal("Grow");
    share(&mut ana);
    let mut m = marko("Ana");
    m.app.places = Some(places(home.path()));
    import_newest(&mut m);
    let anas = m.app.selected_goal().unwrap().clone();
    assert_eq!(anas.progress, 0);
    // His check-in: c, → on the first step, Ctrl-S.
    m.key(KeyCode::Char('c'));
    m.key(KeyCode::Right);
    m.ctrl('s');
    assert!(matches!(m.app.mode, Mode::Normal), "{}", status(&m));
    let stored = m.app.ws.store.get::<Goal>(anas.meta.id).unwrap().unwrap();
    assert_eq!(stored, anas, "Ana's goal is hers: untouched");
    let me = m.app.ws.me.as_ref().unwrap().id;
    let week = m.app.ws.store.newest_checkins(me, 1).unwrap();
    assert!(
        week[0].goals.is_empty(),
        "his check-in is about his own week"
    );
}

#[test]
fn a_calendar_both_imported_shows_each_event_once() {
    let home = tempfile::tempdir().unwrap();
    let workshop = |author| {
        let at = now() + chrono::Duration::days(3);
        let mut c = tandem::domain::Consultation::new(author, "Storytelling workshop", at, now());
        c.source = tandem::domain::Source::Imported {
            uid: "w1@programme.example".into(),
        };
        c
    };
    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    ana.app.ws.store.put(&workshop(ana.me())).unwrap();
    share(&mut ana);

    let m = marko("Ana");
    let me = m.app.ws.me.as_ref().unwrap().id;
    m.app.ws.store.put(&workshop(me)).unwrap();
    let mut m = reopened(m, home.path());
    import_newest(&mut m);
    assert!(status(&m).contains("1 new"), "{}", status(&m));
    m.app.update(Action::GoTab(Tab::Consultations));
    let titles: Vec<&str> = m
        .app
        .ws
        .data
        .consultations
        .iter()
        .map(|c| c.title.as_str())
        .collect();
    assert_eq!(titles, ["Storytelling workshop"], "one row, not two");
    assert_eq!(
        m.app.ws.data.consultations[0].meta.author, me,
        "his own copy"
    );
}

#[test]
fn a_partners_meeting_is_shown_on_the_viewers_clock() {
    // Marko writes from Tokyo (+09:00): 18:00 there is 10:00 for Ana (+01:00).
    let home = tempfile::tempdir().unwrap();
    let tokyo = FixedOffset::east_opt(9 * 3600).unwrap();
    let at = tokyo.with_ymd_and_hms(2026, 11, 23, 18, 0, 0).unwrap();
    let m = marko("Ana");
    let me = m.app.ws.me.as_ref().unwrap().id;
    let mut meeting = tandem::domain::JournalEntry::new(me, at, "From Tokyo", at);
    meeting.with = "Ana".into();
    meeting.actions.push(tandem::domain::AgreedAction::new(
        "Send the deck",
        tandem::domain::Owner::Me,
        None,
    ));
    m.app.ws.store.put(&meeting).unwrap();
    let next = tokyo.with_ymd_and_hms(2026, 11, 26, 18, 0, 0).unwrap();
    let mut event = tandem::domain::Consultation::new(me, "Our next meeting", next, at);
    event.kind = tandem::domain::EventKind::PairMeeting;
    m.app.ws.store.put(&event).unwrap();
    let mut m = reopened(m, home.path());
    share(&mut m);

    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    import_newest(&mut ana);
    ana.app.update(Action::GoTab(Tab::Consultations));
    assert_eq!(
        ana.app.ws.data.consultations[0]
            .start
            .format("%H:%M")
            .to_string(),
        "10:00"
    );
    ana.app.update(Action::GoTab(Tab::Journal));
    let shown = ana.app.ws.data.journal[0].at;
    assert_eq!(shown, at, "the same moment");
    assert_eq!(
        shown.format("%H:%M %:z").to_string(),
        "10:00 +01:00",
        "on Ana's clock"
    );
    ana.key(KeyCode::Enter);
    let screen = screen(&ana);
    assert!(screen.contains("23 November 2026 10:00"), "{screen}");
    assert!(
        screen.contains("(18:00 Marko's time, UTC+09:00)"),
        "the writer's clock beside: {screen}"
    );
    assert!(
        screen.contains("pair meeting with you"),
        "Marko's 'with Ana' reads from her side: {screen}"
    );
    // The brief, too.
    let brief = tandem::briefing::brief(
        &ana.app.ws.store,
        ana.app.ws.me.as_ref().unwrap(),
        None,
        now(),
    )
    .unwrap();
    let md = brief.to_markdown();
    assert!(md.contains("Our next meeting — Thu 26 Nov 10:00"), "{md}");
}

#[test]
fn a_partners_record_offers_only_the_keys_that_work_on_it() {
    let home = tempfile::tempdir().unwrap();
    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    ana.add_goal("Grow");
    share(&mut ana);
    let mut m = marko("Ana");
    m.app.places = Some(places(home.path()));
    import_newest(&mut m);
    m.app.update(Action::GoTab(Tab::Goals));
    let on_hers = footer(&m);
    for gone in ["e edit", "d delete", "+5%", "s status"] {
        assert!(!on_hers.contains(gone), "{gone:?} offered: {on_hers}");
    }
    assert!(
        on_hers.contains("n new") && on_hers.contains("? help"),
        "{on_hers}"
    );
    let on_own = footer(&ana);
    assert!(
        on_own.contains("e edit") && on_own.contains("+5%"),
        "{on_own}"
    );
    // The help says whose it is and lists only what works on it.
    let help = |h: &mut Harness| {
        h.key(KeyCode::Char('?'));
        let shown = screen(h);
        h.key(KeyCode::Esc);
        shown
    };
    let on_hers = help(&mut m);
    assert!(
        on_hers.contains("Shared by Ana: read-only here"),
        "{on_hers}"
    );
    assert!(!on_hers.contains("Edit the selected record"), "{on_hers}");
    let on_own = help(&mut ana);
    assert!(!on_own.contains("Shared by"), "{on_own}");
    assert!(on_own.contains("Edit the selected record"), "{on_own}");
}

#[test]
fn the_owner_ticks_an_action_on_the_partners_meeting_and_the_tick_reaches_the_partner() {
    let home = tempfile::tempdir().unwrap();
    let mut m = marko("Ana");
    m.app.places = Some(places(home.path()));
    let me = m.app.ws.me.as_ref().unwrap().id;
    let mut meeting = tandem::domain::JournalEntry::new(me, now(), "Sponsors", now());
    meeting.actions.push(tandem::domain::AgreedAction::new(
        "Send Ana two funded applications",
        tandem::domain::Owner::Me,
        None,
    ));
    meeting.actions.push(tandem::domain::AgreedAction::new(
        "Call one sponsor",
        tandem::domain::Owner::Partner,
        None,
    ));
    m.app.ws.store.put(&meeting).unwrap();
    let mut m = reopened(m, home.path());
    share(&mut m);

    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    import_newest(&mut ana);
    ana.app.update(Action::GoTab(Tab::Journal));
    // In the detail of Marko's meeting: Marko's own action cannot be ticked
    // here, hers can, and the footer offers Space only on hers.
    ana.key(KeyCode::Enter);
    assert!(!footer(&ana).contains("tick"), "{}", footer(&ana));
    ana.key(KeyCode::Char(' '));
    assert!(
        status(&ana).contains("only they can tick it"),
        "{}",
        status(&ana)
    );
    ana.key(KeyCode::Char('j'));
    assert!(footer(&ana).contains("tick"), "{}", footer(&ana));
    ana.key(KeyCode::Char(' '));
    assert!(status(&ana).starts_with("Saved"), "{}", status(&ana));
    let stored = ana
        .app
        .ws
        .store
        .get::<tandem::domain::JournalEntry>(meeting.meta.id)
        .unwrap()
        .unwrap();
    assert!(stored.actions[1].done && !stored.actions[0].done);
    assert_eq!(stored.notes, "Sponsors", "nothing else of Marko's changed");
    // Undo unticks it, and `a` ticks it again.
    ana.key(KeyCode::Esc);
    ana.key(KeyCode::Char('u'));
    let open: Vec<String> = ana
        .app
        .open_actions()
        .iter()
        .map(|a| a.action.text.clone())
        .collect();
    assert!(open.contains(&"Call one sponsor".to_string()), "{open:?}");
    ana.key(KeyCode::Char('a'));
    let row = ana
        .app
        .open_actions()
        .iter()
        .position(|a| a.action.text == "Call one sponsor")
        .unwrap();
    for _ in 0..row {
        ana.key(KeyCode::Char('j'));
    }
    ana.key(KeyCode::Char(' '));
    assert!(status(&ana).starts_with("Saved"), "{}", status(&ana));
    ana.key(KeyCode::Esc);
    share(&mut ana);
    // Marko's app takes the tick in.
    import_newest(&mut m);
    assert!(status(&m).contains("1 ticked"), "{}", status(&m));
    let his = m
        .app
        .ws
        .store
        .get::<tandem::domain::JournalEntry>(meeting.meta.id)
        .unwrap()
        .unwrap();
    assert!(his.actions[1].done, "Ana's tick reached Marko");
}

#[test]
fn making_private_or_deleting_what_the_partner_holds_says_their_copy_goes_at_the_next_share() {
    let home = tempfile::tempdir().unwrap();
    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    let me = ana.app.ws.me.as_ref().unwrap().id;
    let mut shared = tandem::domain::Reflection::new(me, "I learn by asking", now());
    shared.meta.visibility = tandem::domain::Visibility::Shared;
    ana.app.ws.store.put(&shared).unwrap();
    let mut ana = reopened(ana, home.path());
    ana.app.update(Action::GoTab(Tab::Reflections));
    // Not shared yet: making it private says nothing more.
    ana.key(KeyCode::Char('v'));
    assert_eq!(status(&ana), "Saved: reflection private");
    ana.key(KeyCode::Char('v'));
    share(&mut ana);
    ana.key(KeyCode::Char('v'));
    assert!(
        status(&ana).contains("Marko's copy will be removed when you next share (S)"),
        "{}",
        status(&ana)
    );
    ana.key(KeyCode::Char('v'));
    share(&mut ana);
    ana.key(KeyCode::Char('d'));
    ana.key(KeyCode::Char('y'));
    assert!(
        status(&ana).contains("Marko's copy will be removed when you next share"),
        "{}",
        status(&ana)
    );
}

#[test]
fn a_meeting_both_logged_is_one_row_with_both_notes_and_each_agreement_once() {
    let home = tempfile::tempdir().unwrap();
    let mut m = marko("Ana");
    m.app.places = Some(places(home.path()));
    let his_id = m.app.ws.me.as_ref().unwrap().id;
    let mut his = tandem::domain::JournalEntry::new(his_id, now(), "MARKO: budget first", now());
    his.actions.push(tandem::domain::AgreedAction::new(
        "Send the budget",
        tandem::domain::Owner::Partner,
        None,
    ));
    his.actions.push(tandem::domain::AgreedAction::new(
        "Find two sponsors",
        tandem::domain::Owner::Me,
        None,
    ));
    m.app.ws.store.put(&his).unwrap();
    let mut m = reopened(m, home.path());
    share(&mut m);

    let mut ana = Harness::new();
    ana.app.places = Some(places(home.path()));
    let her_id = ana.app.ws.me.as_ref().unwrap().id;
    // Ana logged the same meeting, two hours later by her notes' clock.
    let mut hers = tandem::domain::JournalEntry::new(
        her_id,
        now() + chrono::Duration::hours(2),
        "ANA: the venue can wait",
        now(),
    );
    hers.actions.push(tandem::domain::AgreedAction::new(
        "send the budget",
        tandem::domain::Owner::Me,
        None,
    ));
    ana.app.ws.store.put(&hers).unwrap();
    let mut ana = reopened(ana, home.path());
    import_newest(&mut ana);
    ana.app.update(Action::GoTab(Tab::Journal));
    assert_eq!(ana.app.ws.data.journal.len(), 1, "one row for the meeting");
    ana.key(KeyCode::Enter);
    let screen = screen(&ana);
    for text in [
        "Journal (1)",
        "ANA: the venue",
        "Marko's notes",
        "MARKO: budget first",
        "Find two sponsors",
    ] {
        assert!(screen.contains(text), "no {text:?} in\n{screen}");
    }
    assert_eq!(
        screen.to_lowercase().matches("send the budget").count(),
        1,
        "one agreement, listed once:\n{screen}"
    );
    ana.key(KeyCode::Esc);
    // The agreement both wrote down is listed once, and once in the brief.
    let open: Vec<String> = ana
        .app
        .open_actions()
        .iter()
        .map(|a| a.action.text.to_lowercase())
        .collect();
    assert_eq!(
        open.iter().filter(|t| *t == "send the budget").count(),
        1,
        "{open:?}"
    );
    let me = ana.app.ws.me.clone().unwrap();
    let brief = tandem::briefing::brief(&ana.app.ws.store, &me, None, now()).unwrap();
    assert_eq!(
        brief
            .open_actions
            .iter()
            .filter(|a| a.text.eq_ignore_ascii_case("send the budget"))
            .count(),
        1
    );
    // Ticking it in `a` ticks both copies: hers and hers on his record.
    ana.key(KeyCode::Char('a'));
    let row = ana
        .app
        .open_actions()
        .iter()
        .position(|a| a.action.text.eq_ignore_ascii_case("send the budget"))
        .unwrap();
    for _ in 0..row {
        ana.key(KeyCode::Char('j'));
    }
    ana.key(KeyCode::Char(' '));
    let get = |id| {
        ana.app
            .ws
            .store
            .get::<tandem::domain::JournalEntry>(id)
            .unwrap()
            .unwrap()
    };
    assert!(get(hers.meta.id).actions[0].done);
    assert!(get(his.meta.id).actions[0].done);
    assert!(!get(his.meta.id).actions[1].done, "his own stays his");
}

/// The demo from the mentor's chair: Marko, with Ana and Ben.
fn mentor() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    tandem::demo::populate_mentor(&store, now()).unwrap();
    Harness {
        _dir: dir,
        app: app_on(store),
    }
}

/// Who wrote the records the screens hold now, other than the user.
fn others_shown(h: &Harness) -> std::collections::BTreeSet<tandem::domain::Id> {
    let d = &h.app.ws.data;
    let me = h.me();
    d.goals
        .iter()
        .map(|r| r.meta.author)
        .chain(d.journal.iter().map(|r| r.meta.author))
        .chain(d.reflections.iter().map(|r| r.meta.author))
        .chain(d.consultations.iter().map(|r| r.meta.author))
        .chain(d.points.iter().map(|w| w.point.meta.author))
        .chain(d.open_meetings.iter().map(|r| r.meta.author))
        .filter(|a| *a != me)
        .collect()
}

#[test]
fn help_on_the_mentors_first_screen_opens_and_esc_goes_back_to_the_mentees() {
    let mut h = mentor();
    assert!(matches!(h.app.mode, Mode::Mentees(0)));
    h.key(KeyCode::Char('j'));
    // The footer offers `? help` there.
    h.key(KeyCode::Char('?'));
    assert!(matches!(h.app.mode, Mode::Help(_)), "help opens");
    h.key(KeyCode::Esc);
    assert!(
        matches!(h.app.mode, Mode::Mentees(1)),
        "back on the mentees, the same one picked"
    );
}

#[test]
fn a_mentor_starts_on_the_mentees_and_sees_one_pair_at_a_time() {
    let mut h = mentor();
    assert!(
        matches!(h.app.mode, Mode::Mentees(0)),
        "starts on the mentees"
    );
    let cards: Vec<String> = h
        .app
        .ws
        .data
        .cards
        .iter()
        .map(|c| c.mentee.name.clone())
        .collect();
    assert_eq!(cards, ["Ana Petrović", "Ben Novak"]);
    let ana = h.app.ws.mentees[0].id;
    let ben = h.app.ws.mentees[1].id;
    // Ben's pair: every list holds Ben's records and Marko's about Ben.
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.ws.pair_id(), Some(ben));
    assert_eq!(others_shown(&h), [ben].into());
    let mine_about_ana = |h: &Harness| {
        let d = &h.app.ws.data;
        d.journal
            .iter()
            .map(|e| &e.meta)
            .chain(d.points.iter().map(|w| &w.point.meta))
            .any(|m| m.author == h.me() && m.pair == Some(ana))
    };
    assert!(!mine_about_ana(&h));
    h.key(KeyCode::Char('b'));
    let brief = match &h.app.mode {
        Mode::Brief(b, _) => b.clone(),
        _ => panic!("the brief opened"),
    };
    assert_eq!(brief.subject, "Ben Novak");
    assert!(brief.points.iter().all(|p| !p.text.contains("jury")));
    h.key(KeyCode::Esc);
    // One key to Ana's pair.
    h.key(KeyCode::Char('p'));
    assert_eq!(h.app.ws.pair_id(), Some(ana));
    assert_eq!(others_shown(&h), [ana].into());
    assert!(
        h.app
            .ws
            .data
            .journal
            .iter()
            .all(|e| !e.notes.contains("workshop leaders"))
    );
    // Remembered for the next start and the command line.
    let h = h.reopen();
    assert_eq!(h.app.ws.pair_id(), Some(ana));
}

#[test]
fn logging_the_pair_meeting_from_the_outline_ticks_the_points_kept() {
    let mut h = mentor();
    h.key(KeyCode::Enter); // Ana's pair
    let open: Vec<String> = h
        .app
        .ws
        .data
        .points
        .iter()
        .map(|w| w.point.text.clone())
        .collect();
    assert_eq!(open.len(), 2);
    h.app.update(Action::GoTab(Tab::Journal));
    h.key(KeyCode::Char('n'));
    let Mode::Form(form) = &mut h.app.mode else {
        panic!("the meeting form opened");
    };
    let notes = form
        .fields
        .iter_mut()
        .find(|f| f.id == FieldId::Notes)
        .unwrap();
    assert_eq!(
        notes.value(),
        format!("Talking points\n- {}: \n- {}: ", open[0], open[1])
    );
    // As if typed: the first point written on, the second one's line
    // deleted (it was not reached).
    let Input::Text { area, .. } = &mut notes.input else {
        panic!("the notes are text");
    };
    **area = ratatui_textarea::TextArea::from([
        "Talking points".to_string(),
        format!("- {}: keep it short and kind", open[0]),
    ]);
    h.ctrl('s');
    assert!(matches!(h.app.mode, Mode::Normal));
    let status = h.app.status.as_ref().unwrap().text.clone();
    assert!(
        status.contains("1 talking point discussed, 1 carried to the next meeting"),
        "{status}"
    );
    let left: Vec<(String, usize)> = h
        .app
        .ws
        .data
        .points
        .iter()
        .map(|w| (w.point.text.clone(), w.waited))
        .collect();
    assert_eq!(left, [(open[1].clone(), 1)]);
    // Ana's point, ticked on Marko's machine, names the meeting.
    let ana = h.app.ws.pair_id().unwrap();
    let hers = h
        .app
        .ws
        .store
        .all::<tandem::domain::TalkingPoint>(ana)
        .unwrap()
        .remove(0);
    assert!(hers.discussed && hers.meeting.is_some());
    assert_eq!(hers.ticked.map(|t| t.by), Some(h.me()));
    // The meeting is Ana's pair's.
    let mine = h.app.ws.store.newest_journal(h.me(), 1).unwrap().remove(0);
    assert_eq!(mine.meta.pair, Some(ana));
    assert_eq!(mine.with, "Ana Petrović");
}

#[test]
fn a_mentors_check_in_asks_about_each_mentee_and_stays_private() {
    let mut h = mentor();
    h.key(KeyCode::Esc);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('c'));
    h.keys("Good talk on the jury");
    h.key(KeyCode::Tab);
    h.keys("Ask about Ivana");
    h.key(KeyCode::Enter);
    h.keys("Hard week for Ben");
    h.ctrl('s');
    assert!(matches!(h.app.mode, Mode::Normal));
    let c = h.app.ws.data.this_week.clone().unwrap();
    assert_eq!(c.meta.visibility, Visibility::Private);
    assert!(c.goals.is_empty());
    let notes: Vec<(String, String)> = c
        .mentoring
        .iter()
        .map(|m| (m.went.clone(), m.next.clone()))
        .collect();
    assert_eq!(
        notes,
        [
            (
                "Good talk on the jury".to_string(),
                "Ask about Ivana".to_string()
            ),
            ("Hard week for Ben".to_string(), String::new())
        ]
    );
}
