//! What the screens look like, on the demo programme with the clock fixed at
//! Tuesday 2026-11-24 10:00 (+01:00), rendered into a TestBackend.

use chrono::{DateTime, FixedOffset, TimeZone};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tandem::store::Store;
use tandem::tui::action::Action;
use tandem::tui::app::App;
use tandem::tui::form::Zone;
use tandem::tui::tabs::Tab;
use tandem::tui::ui;

fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .unwrap()
}

fn demo() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    tandem::demo::populate(&store, now()).unwrap();
    let app = App::new(store, now(), Zone::Fixed(*now().offset())).unwrap();
    (dir, app)
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(f, app)).unwrap();
    terminal
}

fn screen(app: &App, w: u16, h: u16) -> String {
    draw(app, w, h).backend().to_string()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

macro_rules! snap {
    ($name:expr, $app:expr) => {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            insta::assert_snapshot!(format!("{}_{w}x{h}", $name), screen(&$app, w, h));
        }
    };
}

#[test]
fn every_tab() {
    let (_d, mut app) = demo();
    for tab in Tab::ALL {
        app.update(Action::GoTab(tab));
        snap!(tab.key(), app);
    }
}

#[test]
fn the_goal_detail_with_a_milestone_picked() {
    let (_d, mut app) = demo();
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('j'));
    snap!("goal_detail", app);
}

#[test]
fn overlays() {
    let (_d, mut app) = demo();
    key(&mut app, KeyCode::Char('?'));
    snap!("help", app);
    key(&mut app, KeyCode::Esc);

    key(&mut app, KeyCode::Char('n'));
    snap!("form_new_goal", app);
    key(&mut app, KeyCode::Esc);

    key(&mut app, KeyCode::Char('d'));
    snap!("confirm_delete", app);
    key(&mut app, KeyCode::Char('n'));

    key(&mut app, KeyCode::Char('s'));
    snap!("choose_status", app);
    key(&mut app, KeyCode::Esc);

    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('a'));
    snap!("open_actions", app);
    key(&mut app, KeyCode::Esc);

    key(&mut app, KeyCode::Char('e'));
    snap!("form_edit_meeting", app);
    key(&mut app, KeyCode::Esc);

    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('n'));
    snap!("form_new_reflection", app);
    key(&mut app, KeyCode::Esc);

    key(&mut app, KeyCode::Char('/'));
    for c in "grant".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    snap!("filter", app);
}

#[test]
fn a_form_shows_the_validation_message_on_its_field() {
    let (_d, mut app) = demo();
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Char('n'));
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    snap!("form_invalid", app);
}

#[test]
fn the_first_run_form() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(
        Store::open(dir.path()).unwrap(),
        now(),
        Zone::Fixed(*now().offset()),
    )
    .unwrap();
    snap!("first_run", app);
}

#[test]
fn small_terminals() {
    let (_d, mut app) = demo();
    insta::assert_snapshot!("goals_40x12", screen(&app, 40, 12));
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("goal_detail_40x12", screen(&app, 40, 12));
    insta::assert_snapshot!("too_small_39x9", screen(&app, 39, 9));
    // Overlays keep their words whole at 40 columns: the check-in's title,
    // a form's keys.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('c'));
    insta::assert_snapshot!("checkin_40x12", screen(&app, 40, 12));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Char('n'));
    insta::assert_snapshot!("form_new_reflection_40x14", screen(&app, 40, 14));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    // Every size down to 1×1 draws without a panic.
    for (w, h) in [(1, 1), (1, 40), (200, 1), (2, 2), (10, 3)] {
        let text = screen(&app, w, h);
        assert!(!text.is_empty());
    }
    assert_eq!(
        screen(&app, 1, 1).trim_matches(|c| c == '"' || c == '\n'),
        "…"
    );
}

#[test]
fn wide_and_cjk_text_keeps_columns_aligned() {
    let (_d, mut app) = demo();
    key(&mut app, KeyCode::Char('n'));
    for c in "写真展 🎨 e\u{301}xhibition\u{1b}[31m".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let terminal = draw(&app, 120, 40);
    let buffer = terminal.backend().buffer();
    // The list's right border stays in the same column on every row.
    let border_x: Vec<u16> = (3..8)
        .map(|y| {
            (0..120)
                .find(|&x| buffer[(x, y)].symbol() == "│" && x > 10)
                .unwrap()
        })
        .collect();
    assert!(border_x.windows(2).all(|w| w[0] == w[1]), "{border_x:?}");
    let text = terminal.backend().to_string();
    assert!(text.contains("写真展"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no escape character reaches the screen"
    );
}

#[test]
fn the_check_in_wizard_steps() {
    let (_d, mut app) = demo();
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Right);
    snap!("checkin_goal", app);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    snap!("checkin_mood", app);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    for c in "The budget is signed".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    snap!("checkin_win", app);
    for _ in 0..3 {
        key(&mut app, KeyCode::Enter);
    }
    snap!("checkin_summary", app);
}

#[test]
fn the_brief() {
    let (_d, mut app) = demo();
    key(&mut app, KeyCode::Char('b'));
    snap!("brief", app);
}

/// On its last field a form that fits on screen keeps every field in view
/// (it used to scroll its first field away and offer "1 more field").
#[test]
fn forms_on_their_last_field() {
    let (_d, mut app) = demo();
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::BackTab);
    snap!("form_new_goal_last_field", app);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('n'));
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    snap!("form_new_meeting_actions", app);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut first = App::new(store, now(), Zone::Fixed(*now().offset())).unwrap();
    key(&mut first, KeyCode::BackTab);
    snap!("first_run_last_field", first);
}

/// What the filter matched stands out in the rows it keeps, and once kept
/// with Enter the footer says how to clear it.
#[test]
fn the_filter_marks_what_it_matched() {
    let (_d, mut app) = demo();
    key(&mut app, KeyCode::Char('/'));
    for c in "grant".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let terminal = draw(&app, 120, 40);
    let buffer = terminal.backend().buffer();
    let marked: String = (0..40u16)
        .flat_map(|y| (0..60u16).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            buffer[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
        .map(|(x, y)| buffer[(x, y)].symbol().to_string())
        .collect();
    assert!(
        marked.to_lowercase().contains("grant"),
        "marked: {marked:?}"
    );
    let footer = screen(&app, 120, 40).lines().last().unwrap().to_string();
    assert!(footer.contains("Esc clear filter"), "{footer}");
}

#[test]
fn the_share_and_import_dialogs() {
    let (_d, mut app) = demo();
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("work")).unwrap();
    std::fs::create_dir_all(home.path().join("Downloads")).unwrap();
    let hours_ago =
        |h: u64| std::time::SystemTime::now() - std::time::Duration::from_secs(h * 3600);
    for (name, age) in [
        ("Downloads/tandem-marko-2026-11-23.bundle", 26),
        ("Downloads/tandem-marko-2026-11-16.bundle", 200),
        ("tandem-ana-2026-11-20.bundle", 3),
    ] {
        let path = home.path().join(name);
        std::fs::write(&path, vec![0u8; 3000]).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(hours_ago(age))
            .unwrap();
    }
    app.places = Some(tandem::tui::files::Places {
        cwd: home.path().join("work"),
        home: Some(home.path().to_path_buf()),
        also: Vec::new(),
    });
    key(&mut app, KeyCode::Char('S'));
    snap!("share_dialog", app);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('I'));
    snap!("import_dialog", app);
    for (w, h) in [(40u16, 12u16), (200, 50)] {
        insta::assert_snapshot!(format!("import_dialog_{w}x{h}"), screen(&app, w, h));
    }
}

/// The demo from the mentor's chair: Marko, with Ana and Ben.
fn mentor_demo() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    tandem::demo::populate_mentor(&store, now()).unwrap();
    let app = App::new(store, now(), Zone::Fixed(*now().offset())).unwrap();
    (dir, app)
}

#[test]
fn the_mentors_screens() {
    let (_d, mut app) = mentor_demo();
    // The first screen: the mentees.
    snap!("mentor_home", app);
    // Ben's pair, then his brief (a goal blocked, mood falling, his point).
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Enter);
    snap!("mentor_goals_ben", app);
    key(&mut app, KeyCode::Char('b'));
    snap!("mentor_brief_ben", app);
    key(&mut app, KeyCode::Esc);
    // One key to Ana's pair; her talking points.
    key(&mut app, KeyCode::Char('p'));
    key(&mut app, KeyCode::Char('t'));
    snap!("mentor_points_ana", app);
    key(&mut app, KeyCode::Char('n'));
    for c in "Who signs the mandate?".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    snap!("mentor_points_typing", app);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    // The check-in asks about the mentoring.
    key(&mut app, KeyCode::Char('c'));
    for c in "Good talk on the jury".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    snap!("mentor_checkin", app);
}

#[test]
fn the_programmes_last_day_but_one_has_one_day_left() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    tandem::demo::populate(&store, now()).unwrap();
    // The demo's programme has 106 days left on the tests' day.
    let later = now() + chrono::Duration::days(105);
    let app = App::new(store, later, Zone::Fixed(*later.offset())).unwrap();
    let top = screen(&app, 200, 24);
    assert!(top.contains("│ 1 day left in the programme"), "{top}");
}
