//! What the benchmarks share: a fixed clock and generated stores.

use std::path::Path;
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, FixedOffset, TimeZone};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tandem::domain::{Profile, Role};
use tandem::store::Store;
use tandem::tui::app::App;
use tandem::tui::form::Zone;

pub fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .unwrap()
}

pub fn zone() -> Zone {
    Zone::Fixed(*now().offset())
}

/// A store of about `n` records (as `tandem dev seed` makes), built once per run.
pub fn fixture(n: usize) -> &'static Path {
    static STORES: OnceLock<Mutex<Vec<(usize, &'static tempfile::TempDir)>>> = OnceLock::new();
    let mut stores = STORES.get_or_init(Default::default).lock().unwrap();
    if let Some((_, dir)) = stores.iter().find(|(m, _)| *m == n) {
        return dir.path();
    }
    let dir: &'static tempfile::TempDir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    {
        let store = Store::open(dir.path()).unwrap();
        let mut me = Profile::new("Ana", Role::Mentee, now().to_utc());
        me.partner = Some("Marko".into());
        store.put_profile(&me).unwrap();
        store.set_default_profile(me.id).unwrap();
        tandem::seed::seed(&store, &me, now(), n).unwrap();
    }
    stores.push((n, dir));
    dir.path()
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|f| tandem::tui::ui::render(f, app)).unwrap();
}

/// The app on the store of `n` records, its first 120×40 frame drawn.
pub fn app_at(n: usize) -> (App, Terminal<TestBackend>) {
    let store = Store::open(fixture(n)).unwrap();
    let app = App::new(store, now(), zone()).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    draw(&mut terminal, &app);
    (app, terminal)
}
