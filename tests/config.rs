//! The configuration file as a user sees it: keys remapped in the footer,
//! the help and every hint; the light theme and NO_COLOR in the colours of
//! every cell; mistakes reported by line while the app runs on; and the
//! commands around it (config, man).
//!
//! Screens are drawn into a TestBackend on the demo programme with the
//! clock fixed, like `tui_snapshots`; each snapshot holds the screen's text
//! and, below it, a map of its colours (see [`colours`]).

use chrono::{DateTime, FixedOffset, TimeZone};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use tandem::store::Store;
use tandem::tui::app::App;
use tandem::tui::form::Zone;
use tandem::tui::prefs;
use tandem::tui::ui;
use tandem::tui::ui::theme::{self, Palette};

mod common;
use common::Sandbox;

fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .unwrap()
}

/// The file the issue's user writes: j and k swapped, n moved to o, the
/// light theme.
const SWAPPED: &str = r#"
theme = "light"

[keys.list]
down = "k"
up = "j"
new = "o"

[keys.detail]
down = "k"
up = "j"
"#;

/// The demo programme's app with the configuration `text` applied as the
/// terminal app applies it (colours off with `no_color`).
fn app_with(text: &str, no_color: bool) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    tandem::demo::populate(&store, now()).unwrap();
    let mut app = App::new(store, now(), Zone::Fixed(*now().offset())).unwrap();
    let config = tandem::config::parse(text, std::path::Path::new("tandem.toml"));
    let (keys, look, problems) = prefs::read(&config, no_color);
    assert_eq!(problems, vec![]);
    app.keys = keys;
    theme::set(look);
    (dir, app)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| ui::render(f, app)).unwrap();
    terminal
}

/// A map of the screen's colours, one character a cell: the role of its
/// foreground (`a`ccent, `g`ood, `w`arn, `b`ad, `m`uted, `.` the terminal's
/// own, `?` any other), upper case when the cell is in reverse video; `#`
/// marks a background colour.
fn colours(terminal: &Terminal<TestBackend>) -> String {
    let palette = theme::look().palette;
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            let c = match cell.fg {
                Color::Reset => '.',
                c if c == palette.accent => 'a',
                c if c == palette.good => 'g',
                c if c == palette.warn => 'w',
                c if c == palette.bad => 'b',
                c if c == palette.muted => 'm',
                _ => '?',
            };
            let c = if cell.bg != Color::Reset {
                '#'
            } else if cell.modifier.contains(Modifier::REVERSED) {
                c.to_ascii_uppercase()
            } else {
                c
            };
            out.push(c);
        }
        out.push('\n');
    }
    out
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let terminal = draw(app, w, h);
    format!("{}\n{}", terminal.backend(), colours(&terminal))
}

macro_rules! snap {
    ($name:expr, $app:expr) => {
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            insta::assert_snapshot!(format!("{}_{w}x{h}", $name), screen(&$app, w, h));
        }
    };
}

#[test]
fn swapped_keys_a_moved_key_and_the_light_theme_show_everywhere() {
    let (_d, mut app) = app_with(SWAPPED, false);
    assert_eq!(theme::look().palette, Palette::LIGHT);
    // The footer says "o new", and `k` moves down.
    snap!("swapped_goals", app);
    press(&mut app, KeyCode::Char('k'));
    snap!("swapped_goals_k_moved_down", app);
    // The detail's hint names the new keys too.
    press(&mut app, KeyCode::Enter);
    snap!("swapped_goal_detail", app);
    press(&mut app, KeyCode::Esc);
    // The help lists k as down, j as up and o as new.
    press(&mut app, KeyCode::Char('?'));
    snap!("swapped_help", app);
    press(&mut app, KeyCode::Esc);
    // `o` opens the form `n` opened; `n` does nothing now.
    press(&mut app, KeyCode::Char('n'));
    assert!(!screen(&app, 120, 40).contains("New goal"));
    press(&mut app, KeyCode::Char('o'));
    snap!("swapped_new_goal", app);
    // An empty list says which key adds one.
    let (_e, mut empty) = app_with(SWAPPED, false);
    press(&mut empty, KeyCode::Char('3'));
    let text = screen(&empty, 120, 40);
    assert!(!text.contains("Press n"), "{text}");
}

#[test]
fn with_no_color_no_cell_is_coloured_and_the_selection_is_reversed() {
    let (_d, mut app) = app_with("", true);
    for (i, tab) in ['1', '2', '3', '4'].into_iter().enumerate() {
        press(&mut app, KeyCode::Char(tab));
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            let terminal = draw(&app, w, h);
            let buffer = terminal.backend().buffer();
            assert!(
                buffer
                    .content()
                    .iter()
                    .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
                "tab {tab} at {w}x{h} has a colour"
            );
            let reversed = buffer
                .content()
                .iter()
                .filter(|c| c.modifier.contains(Modifier::REVERSED))
                .count();
            assert!(
                reversed > 0,
                "tab {tab}: the selection is not in reverse video"
            );
            if i == 0 {
                insta::assert_snapshot!(format!("no_color_goals_{w}x{h}"), screen(&app, w, h));
            }
        }
    }
    press(&mut app, KeyCode::Char('?'));
    snap!("no_color_help", app);
}

#[test]
fn a_date_style_writes_every_day_its_way() {
    let (_d, mut app) = app_with("date_style = \"iso\"", false);
    press(&mut app, KeyCode::Char('2'));
    let text = screen(&app, 120, 40);
    assert!(text.contains("2026-11-"), "{text}");
    assert!(!text.contains(" Nov 26"), "{text}");
}

#[test]
fn the_app_reports_mistakes_by_line_and_runs_with_the_defaults() {
    let s = Sandbox::with_profile().direct();
    s.add_goal("Kept");
    let file = s.write(
        "tandem.toml",
        "theme = \"solar\"\n[keys.list]\nnew = \"e\"\ndown = \"k\"\nup = \"j\"\n",
    );
    s.hold_with(&[("TANDEM_CONFIG", &file)]);
    let screen = s
        .app()
        .wait_for("line 1: unknown theme 'solar' (known: dark, light)");
    let joined = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        joined.contains("the default is used (and 1 more: tandem config check)"),
        "{screen}"
    );
    // What could be read is in use (the swap); `n` still adds, as its move clashed.
    assert!(screen.contains("n new"), "{screen}");
    s.app().keys("n");
    s.app().wait_for("New goal");
    let out = s
        .cmd()
        .args(["config", "check"])
        .env("TANDEM_CONFIG", &file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("tandem.toml, line 1: unknown theme 'solar'"),
        "{text}"
    );
    assert!(
        text.contains(
            "tandem.toml, line 3: e in [keys.list] is also edit's key; new keeps its keys"
        ),
        "{text}"
    );
}

#[test]
fn config_commands_say_where_and_what() {
    let s = Sandbox::empty();
    let file = s.file("mine.toml");
    let path = s
        .cmd()
        .args(["config", "path"])
        .env("TANDEM_CONFIG", &file)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&path.stdout).trim(),
        common::path_str(&file)
    );
    let default = s.ok(&["config", "default"]);
    assert_eq!(default, tandem::config::DEFAULT);
    std::fs::write(&file, &default).unwrap();
    let check = s.ok(&["--config", common::path_str(&file), "config", "check"]);
    assert!(check.ends_with("no mistakes.\n"), "{check}");
    // Every key listed reads back as a file with no mistakes.
    let keys = s.ok(&["config", "keys"]);
    assert!(keys.contains("[keys.list]"), "{keys}");
    std::fs::write(&file, &keys).unwrap();
    s.ok(&["--config", common::path_str(&file), "config", "check"]);
    // A store named in the file is the one commands use.
    let elsewhere = s.file("elsewhere");
    std::fs::write(&file, format!("store = \"{}\"\n", elsewhere.display())).unwrap();
    let out = s
        .cmd()
        .env_remove("TANDEM_STORE")
        .env("TANDEM_CONFIG", &file)
        .args(["init", "--name", "Ana", "--role", "mentee"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(elsewhere.join("db").is_dir());
}

#[test]
fn the_manual_is_generated_from_the_commands() {
    // (Completions: tests/cli_completion.rs.)
    let s = Sandbox::empty();
    let man = s.ok(&["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH tandem 1"),
        "{man}"
    );
    assert!(man.contains(".TH tandem 1"));
    assert!(man.contains("remind"));
}

#[test]
fn the_readme_shows_the_default_file_as_tandem_prints_it() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&format!("```toml\n{}```", tandem::config::DEFAULT)),
        "README's example configuration differs from `tandem config default`"
    );
}
