//! The first frame drawn before the store is open (see `tui::opening`): the
//! same screen the store gives once open, from either chair, and only while
//! what it was read from still holds.

use std::sync::Arc;

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tandem::store::{OpenOptions, Store};
use tandem::tui::app::App;
use tandem::tui::form::Zone;
use tandem::tui::opening;
use tandem::tui::ui;

fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .unwrap()
}

fn zone() -> Zone {
    Zone::Fixed(*now().offset())
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(f, app)).unwrap();
    terminal.backend().to_string()
}

fn existing() -> OpenOptions {
    OpenOptions {
        create: false,
        ..OpenOptions::default()
    }
}

fn mentee(store: &Store, now: DateTime<FixedOffset>) {
    tandem::demo::populate(store, now).unwrap();
}

fn mentor(store: &Store, now: DateTime<FixedOffset>) {
    tandem::demo::populate_mentor(store, now).unwrap();
}

/// What fills a store for one chair.
type Fill = fn(&Store, DateTime<FixedOffset>);

/// A store filled by `fill`, closed by an app that saved its opening.
fn quit_app(fill: Fill) -> tempfile::TempDir {
    quit_app_at(fill, now())
}

/// The same, the app quitting at `at`.
fn quit_app_at(fill: Fill, at: DateTime<FixedOffset>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    fill(&store, now());
    let store = Arc::new(store);
    let body = opening::capture(&store, at, zone(), None).expect("an opening to save");
    drop(store);
    tandem::store::opening::save(dir.path(), &body).unwrap();
    dir
}

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (1, 1)];

/// The next start: its first frame from the opening, drawn at each of
/// [`SIZES`] while the database is still closed, then the store opened and
/// read as always.
fn start(dir: &std::path::Path, at: DateTime<FixedOffset>) -> (Option<Vec<String>>, App) {
    let store = Arc::new(Store::open_later(dir, existing()).unwrap());
    let first = opening::restore(&store, at, zone(), None)
        .map(|app| SIZES.map(|(w, h)| screen(&app, w, h)).to_vec());
    store.open_now().unwrap();
    let read = App::starting(store, at, zone(), None).unwrap();
    (first, read)
}

/// Whether the next start on `dir` (the store locked, not opened) would
/// draw its first frame from the opening, at a time and as a `--user`.
fn next_start(dir: &std::path::Path) -> impl Fn(DateTime<FixedOffset>, Option<&str>) -> bool {
    let store = Arc::new(Store::open_later(dir, existing()).unwrap());
    move |at, user| opening::restore(&store, at, zone(), user).is_some()
}

#[test]
fn the_first_frame_before_the_store_is_open_is_the_one_it_gives_when_open() {
    let fills: [(&str, Fill); 2] = [("mentee", mentee), ("mentor", mentor)];
    for (chair, fill) in fills {
        let dir = quit_app(fill);
        let (first, read) = start(dir.path(), now());
        let first = first.unwrap_or_else(|| panic!("the {chair}'s opening was not used"));
        for ((w, h), first) in SIZES.into_iter().zip(&first) {
            assert_eq!(first, &screen(&read, w, h), "{chair} at {w}×{h}");
        }
        assert!(first[0].contains("Ana"), "{chair}");
    }
}

#[test]
fn the_opening_serves_until_midnight_in_the_same_zone_and_for_the_same_user() {
    let dir = quit_app(mentee);
    let used = next_start(dir.path());
    // Later the same morning.
    assert!(used(now() + Duration::minutes(30), None));
    // The next day: this week's check-in, what is overdue and the events
    // to come are read again.
    assert!(!used(now() + Duration::days(1), None));
    // In another zone, or as another user.
    let elsewhere = now().with_timezone(&FixedOffset::east_opt(7200).unwrap());
    assert!(!used(elsewhere, None));
    assert!(!used(now(), Some("Ana")));
    assert!(used(now(), None));
}

#[test]
fn the_opening_serves_until_the_next_event_ends_when_that_is_sooner() {
    // The demo's next event, an office hour, ends on Thursday at 18:00:
    // the app quits that morning.
    let morning = now() + Duration::days(2) - Duration::hours(1);
    let ends = now() + Duration::days(2) + Duration::hours(8);
    let dir = quit_app_at(mentee, morning);
    let used = next_start(dir.path());
    assert!(used(ends - Duration::minutes(1), None));
    // Over, it is no longer among the events to come.
    assert!(!used(ends, None));
}

#[test]
fn a_store_opened_since_the_app_quit_is_read_before_anything_is_drawn() {
    let dir = quit_app(mentee);
    // Another process had the store in between: its pid is in the lock file.
    std::fs::write(dir.path().join("lock"), format!("{:<10}\n", 1)).unwrap();
    assert!(start(dir.path(), now()).0.is_none());
}

#[test]
fn the_opening_serves_until_a_meeting_logged_for_later_today_has_come() {
    // The mentor logged the pair's meeting for this afternoon ahead of
    // time: once it has come, it is the pair's last meeting on the card.
    fn afternoon() -> DateTime<FixedOffset> {
        now() + Duration::hours(5)
    }
    fn plan(store: &Store, at: DateTime<FixedOffset>) {
        mentor(store, at);
        let me = store.default_profile().unwrap().unwrap();
        let meeting = tandem::domain::JournalEntry::new(me, afternoon(), "Plan the pitch", at);
        store.put(&meeting).unwrap();
    }
    let afternoon = afternoon();
    let dir = quit_app(plan);
    let used = next_start(dir.path());
    assert!(used(afternoon - Duration::minutes(1), None));
    assert!(!used(afternoon, None));
}

#[test]
fn a_clock_set_back_since_the_app_quit_does_not_use_the_opening() {
    let dir = quit_app(mentee);
    let used = next_start(dir.path());
    assert!(!used(now() - Duration::minutes(5), None));
    assert!(used(now(), None));
}
