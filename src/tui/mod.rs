//! The terminal app: `tandem` with no subcommand.
//!
//! One synchronous loop: draw the app, wait for a key (or for the next moment
//! a countdown on screen changes, or for a change made to the store from
//! another terminal), turn the key into an action, update. The terminal is
//! restored on every exit path, a panic included.

pub mod action;
pub mod agenda;
pub mod app;
pub mod checkin;
pub mod files;
pub mod form;
pub mod keymap;
pub mod opening;
pub mod prefs;
pub mod tabs;
pub mod ui;
pub mod workspace;

mod wait;

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{self, Event};

use crate::store::Store;
use app::App;
use form::Zone;
pub use wait::Outside;
use wait::{Waiter, Woke};

/// The name of the thread that runs commands for other terminals (see
/// `cli::remote`): a panic there fails that command, not the app.
pub const SERVING_THREAD: &str = "tandem-serve";

/// Where the app starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// On the tab used last.
    Tabs,
    /// On this week's check-in, closing when it is saved or cancelled.
    CheckIn,
}

/// The terminal, taken over by the app (raw mode, the alternate screen) and
/// given back when this is dropped; on a panic, ratatui's hook gives it back
/// before the message is printed, and [`crate::fatal`] on an exit forced by
/// the store.
pub struct Screen {
    terminal: ratatui::DefaultTerminal,
}

impl Screen {
    pub fn take() -> Screen {
        crate::fatal::on_exit(ratatui::restore);
        let terminal = ratatui::init();
        // ratatui's hook restores the terminal on a panic; one in the thread
        // serving commands (which may start before the app's first key, once
        // the store is open) is caught there and must leave the screen be.
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(SERVING_THREAD) {
                hook(info);
            }
        }));
        Screen { terminal }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        // Given back once: again after a panic's message, it would move
        // the cursor back over the message.
        if !std::thread::panicking() {
            ratatui::restore();
        }
    }
}

/// The keys, the look and what the configuration got wrong, as `config`
/// says.
fn configure(app: &mut App, config: &crate::config::Config) {
    // What could not be used is said once, and left at its default.
    let (keys, look, problems) = prefs::read(config, prefs::no_color());
    app.keys = keys;
    ui::theme::set(look);
    app.report_config(&problems);
}

/// Takes the terminal and draws the app's first frame as the last app to
/// quit left `store` (locked, not open yet) to start (see [`opening`]);
/// None, the terminal untouched, when there is no such frame.
pub fn draw_opening(
    store: &Arc<Store>,
    now: chrono::DateTime<chrono::FixedOffset>,
    user: Option<&str>,
    config: &crate::config::Config,
) -> Option<Screen> {
    let mut app = opening::restore(store, now, Zone::Local, user)?;
    configure(&mut app, config);
    let mut screen = Screen::take();
    // `now` is the app's time already (`restore`): nothing to read again.
    let size = screen.terminal.size().ok()?;
    app.set_size(size.width, size.height);
    screen.terminal.draw(|frame| ui::render(frame, &app)).ok()?;
    Some(screen)
}

/// Runs the app on `store` until the user quits (every change flushed);
/// `outside` tells it of changes other processes made to the store. On
/// `screen` when the first frame is already drawn there.
pub fn run(
    store: Arc<Store>,
    now: impl Fn() -> chrono::DateTime<chrono::FixedOffset>,
    start: Start,
    user: Option<&str>,
    outside: Option<Outside>,
    config: &crate::config::Config,
    screen: Option<Screen>,
) -> anyhow::Result<()> {
    let mut app = App::starting(store, now(), Zone::Local, user)?;
    configure(&mut app, config);
    if start == Start::CheckIn && app.ws.me.is_some() {
        app.load_pending();
        app.open_checkin(true);
    }
    let mut screen = screen.unwrap_or_else(Screen::take);
    let terminal = &mut screen.terminal;
    {
        let mut waiter = Waiter::new(outside)?;
        let mut written = app.ws.store.writes();
        let panic_for_tests = std::env::var_os("TANDEM_DEBUG_PANIC").is_some();
        loop {
            app.set_now(now());
            let size = terminal.size()?;
            app.set_size(size.width, size.height);
            terminal.draw(|frame| ui::render(frame, &app))?;
            if panic_for_tests {
                panic!("TANDEM_DEBUG_PANIC is set: panicking on purpose after the first frame");
            }
            if app.has_pending() {
                // The first frame is on screen: read the other lists, draw again.
                app.load_pending();
                continue;
            }
            if app.quit {
                return Ok(());
            }
            if let Some(text) = app.editor_request.take() {
                let result = edit_in_editor(&text);
                // The editor had the terminal: take it back and redraw all of it.
                *terminal = ratatui::init();
                terminal.clear()?;
                app.editor_done(result);
                continue;
            }
            // Block until a key arrives, the store is changed from outside,
            // or something on screen changes by itself.
            match waiter.wait(app.next_tick().max(Duration::from_millis(50)))? {
                Woke::Outside(commands) => app.changed_elsewhere(&commands),
                Woke::Terminal => {
                    // Take every key already waiting before drawing again,
                    // so a paste or a fast typist never waits on frames.
                    while event::poll(Duration::ZERO)? {
                        if let Event::Key(key) = event::read()? {
                            app.handle_key(key);
                        }
                        if app.quit || app.editor_request.is_some() {
                            break;
                        }
                    }
                }
                Woke::Time => {}
            }
            // After a write, what `tandem remind` reads is brought up to date.
            let writes = app.ws.store.writes();
            if writes != written {
                written = writes;
                crate::remind::refresh(&app.ws.store, app.ws.now);
            }
        }
    }
}

/// Suspends the app, opens `text` in `$VISUAL`/`$EDITOR` (or `vi`), and returns
/// what was saved.
fn edit_in_editor(text: &str) -> Result<String, String> {
    ratatui::restore();
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".to_string());
    let run = || -> std::io::Result<(String, std::process::ExitStatus)> {
        let mut file = tempfile::Builder::new()
            .prefix("tandem-")
            .suffix(".md")
            .tempfile()?;
        file.write_all(text.as_bytes())?;
        file.flush()?;
        let mut parts = editor.split_whitespace();
        let program = parts.next().unwrap_or("vi");
        let status = std::process::Command::new(program)
            .args(parts)
            .arg(file.path())
            .status()?;
        Ok((std::fs::read_to_string(file.path())?, status))
    };
    match run() {
        Ok((edited, status)) if status.success() => Ok(edited),
        Ok(_) => Err(format!(
            "{editor} did not save (exit status): the field is unchanged"
        )),
        Err(e) => Err(format!("could not run {editor}: {e}")),
    }
}
