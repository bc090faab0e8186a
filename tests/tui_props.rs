//! Random key sequences at random terminal sizes: the app never panics, and
//! whatever it shows as saved is in the store after a restart.

use chrono::{DateTime, FixedOffset, TimeZone};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tandem::store::Store;
use tandem::tui::app::App;
use tandem::tui::form::Zone;
use tandem::tui::ui;

fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .unwrap()
}

fn any_key() -> impl Strategy<Value = KeyEvent> {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    prop_oneof![
        6 => proptest::sample::select("jkgGnedsuvay/?q+-1234hl x".chars().collect::<Vec<_>>()).prop_map(move |c| plain(KeyCode::Char(c))),
        2 => any::<char>().prop_map(move |c| plain(KeyCode::Char(c))),
        4 => proptest::sample::select(vec![
            KeyCode::Esc, KeyCode::Enter, KeyCode::Tab, KeyCode::Backspace, KeyCode::Up,
            KeyCode::Down, KeyCode::Left, KeyCode::Right, KeyCode::PageDown, KeyCode::Home,
        ]).prop_map(plain),
        1 => Just(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        2 => proptest::sample::select(vec!['s', 'e', 'n', 'p']).prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    ]
}

/// What the app shows as stored, comparable across a restart.
fn shown(app: &App) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        app.ws.data.goals,
        app.ws.data.journal,
        app.ws.data.reflections,
        app.ws.data.consultations,
        app.ws.me
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_at_random_sizes_never_panic_or_lose_a_saved_change(
        keys in proptest::collection::vec(any_key(), 1..80),
        w in 1u16..160,
        h in 1u16..50,
        empty in proptest::bool::weighted(0.2),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let zone = Zone::Fixed(*now().offset());
        let store = Store::open(dir.path()).unwrap();
        if !empty {
            tandem::demo::populate(&store, now()).unwrap();
        }
        let mut app = App::new(store, now(), zone).unwrap();
        // A bundle the keys happen to write goes to the throwaway directory,
        // never into the directory the tests run in.
        app.places = Some(tandem::tui::files::Places {
            cwd: dir.path().to_path_buf(),
            home: Some(dir.path().to_path_buf()),
            also: Vec::new(),
        });
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        for key in keys {
            app.handle_key(key);
            if let Some(text) = app.editor_request.take() {
                app.editor_done(Ok(format!("{text} edited")));
            }
            terminal.draw(|f| ui::render(f, &app)).unwrap();
            if app.quit {
                break;
            }
        }
        let before = shown(&app);
        drop(app);
        let reopened = App::new(Store::open(dir.path()).unwrap(), now(), zone).unwrap();
        prop_assert_eq!(shown(&reopened), before);
    }
}
