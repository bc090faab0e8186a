//! The screens README.md shows are drawn by the app itself: each block
//! between `<!-- screen NAME WxH -->` and `<!-- /screen -->` must be what the
//! demo programme looks like at that size, on the fixed clock of the
//! snapshot tests. When the app changes, this test fails; run it with
//! `TANDEM_UPDATE_README=1` to write the new screens into README.md.

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

/// The demo app brought to the screen called `name`.
fn app_at(name: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // The mentor's screens are of the demo from the mentor's chair.
    if name.starts_with("mentor") {
        tandem::demo::populate_mentor(&store, now()).unwrap();
    } else {
        tandem::demo::populate(&store, now()).unwrap();
    }
    let mut app = App::new(store, now(), Zone::Fixed(*now().offset())).unwrap();
    let key = |app: &mut App, code: KeyCode| {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    };
    match name {
        "goals" => app.update(Action::GoTab(Tab::Goals)),
        "journal" => app.update(Action::GoTab(Tab::Journal)),
        "consultations" => app.update(Action::GoTab(Tab::Consultations)),
        "checkin" => key(&mut app, KeyCode::Char('c')),
        "brief" => key(&mut app, KeyCode::Char('b')),
        // The mentor's first screen: the mentees.
        "mentor-home" => {}
        // Ben's pair, and the brief for his next meeting.
        "mentor-brief" => {
            key(&mut app, KeyCode::Char('j'));
            key(&mut app, KeyCode::Enter);
            key(&mut app, KeyCode::Char('b'));
        }
        // Ana's pair, and its talking points.
        "mentor-points" => {
            key(&mut app, KeyCode::Enter);
            key(&mut app, KeyCode::Char('t'));
        }
        other => panic!("README.md names a screen this test does not know: {other}"),
    }
    (dir, app)
}

/// What the terminal shows, each row without its trailing blanks.
fn screen(name: &str, w: u16, h: u16) -> String {
    let (_dir, app) = app_at(name);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(f, &app)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut row = String::new();
        let mut skip = 0;
        for x in 0..w {
            let symbol = buffer[(x, y)].symbol();
            // A wide character's second cell is drawn by the first.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            row.push_str(symbol);
        }
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}

/// README.md with every screen block drawn anew.
fn redrawn(readme: &str) -> String {
    let mut out = String::new();
    let mut rest = readme;
    while let Some(start) = rest.find("<!-- screen ") {
        let header_end = start + rest[start..].find("-->").expect("an open marker ends") + 3;
        let header = &rest[start + "<!-- screen ".len()..header_end - 3];
        let mut words = header.split_whitespace();
        let name = words.next().expect("a screen has a name");
        let (w, h) = words
            .next()
            .and_then(|size| size.split_once('x'))
            .map(|(w, h)| (w.parse().unwrap(), h.parse().unwrap()))
            .expect("a screen has a size, WxH");
        let end = header_end
            + rest[header_end..]
                .find("<!-- /screen -->")
                .expect("every screen block is closed");
        out.push_str(&rest[..header_end]);
        out.push_str("\n```text\n");
        out.push_str(&screen(name, w, h));
        out.push_str("```\n");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_screens_in_the_readme_are_the_app_as_it_is() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    assert!(readme.contains("<!-- screen "), "README.md shows screens");
    let fresh = redrawn(&readme);
    if fresh == readme {
        return;
    }
    if std::env::var_os("TANDEM_UPDATE_README").is_some() {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let stale: Vec<(&str, &str)> = readme
        .lines()
        .zip(fresh.lines())
        .filter(|(a, b)| a != b)
        .take(3)
        .collect();
    panic!(
        "README.md shows screens the app no longer draws; run \
         `TANDEM_UPDATE_README=1 cargo test --test readme_screens` and read the result.\n\
         First differences (README, app):\n{stale:#?}"
    );
}
