//! The real binary in a real pseudo-terminal: start it, add a goal with keys,
//! quit, and check the store and that the terminal was given back as it was
//! found — also when the app panics.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const NOW: &str = "2026-11-24T10:00:00+01:00";

struct Session {
    master: Box<dyn portable_pty::MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    fn start(store: &std::path::Path, envs: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tandem"));
        cmd.env("TANDEM_STORE", store);
        cmd.env("TANDEM_NOW", NOW);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("TANDEM_USER");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Session {
            master: pty.master,
            child,
            writer,
            output,
        }
    }

    fn bytes(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// The screen as a terminal would show it now.
    fn screen(&self) -> String {
        let mut parser = vt100::Parser::new(
            std::num::NonZero::new(30).unwrap(),
            std::num::NonZero::new(100).unwrap(),
            0,
        );
        parser.process(&self.bytes());
        parser.screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {text:?}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        // Let the app read each key on its own (a fast burst of ESC + key
        // would read as Alt-key).
        std::thread::sleep(Duration::from_millis(80));
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "tandem did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pseudo-terminal's line discipline is back in cooked mode (echo,
    /// line editing, signals): what a shell needs after the app.
    fn assert_terminal_restored(&self) {
        use nix::sys::termios::LocalFlags;
        let termios = self.master.get_termios().expect("termios of the pty");
        let flags = termios.local_flags;
        assert!(
            flags.contains(LocalFlags::ICANON),
            "raw mode left on: no ICANON"
        );
        assert!(
            flags.contains(LocalFlags::ECHO),
            "raw mode left on: no ECHO"
        );
        assert!(
            flags.contains(LocalFlags::ISIG),
            "raw mode left on: no ISIG"
        );
        let out = self.bytes();
        let text = String::from_utf8_lossy(&out);
        let entered = text
            .rfind("\x1b[?1049h")
            .expect("the app used the alternate screen");
        let left = text
            .rfind("\x1b[?1049l")
            .expect("the app left the alternate screen");
        assert!(
            left > entered,
            "the alternate screen was left after it was entered"
        );
        let shown = text.rfind("\x1b[?25h").expect("the cursor was shown again");
        let hidden = text.rfind("\x1b[?25l").unwrap_or(0);
        assert!(shown > hidden, "the cursor is visible at the end");
    }
}

fn init_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .env("TANDEM_STORE", dir.path())
        .env("TANDEM_NOW", NOW)
        .args([
            "init",
            "--name",
            "Ana",
            "--role",
            "mentee",
            "--partner",
            "Marko",
        ])
        .output()
        .unwrap();
    assert!(status.status.success());
    dir
}

#[test]
fn a_goal_added_with_keys_is_in_the_store_and_the_terminal_is_restored() {
    let dir = init_store();
    let mut s = Session::start(dir.path(), &[]);
    s.wait_for("Goals (0)");
    s.send(b"n");
    s.wait_for("New goal");
    s.send("Curate a first exhibition 🎨".as_bytes());
    s.send(b"\t");
    s.send(b"To lead a project end to end");
    s.send(b"\x13"); // Ctrl-S
    s.wait_for("Saved: goal");
    s.wait_for("Goals (1)");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_terminal_restored();

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .env("TANDEM_STORE", dir.path())
        .args(["goal", "list", "--json"])
        .output()
        .unwrap();
    let goals: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(goals[0]["title"], "Curate a first exhibition 🎨");
    assert_eq!(goals[0]["why"], "To lead a project end to end");
}

#[test]
fn a_panic_restores_the_terminal_and_says_what_happened() {
    let dir = init_store();
    let mut s = Session::start(dir.path(), &[("TANDEM_DEBUG_PANIC", "1")]);
    let status = s.wait_exit();
    assert!(!status.success(), "a panic exits with failure");
    s.assert_terminal_restored();
    let text = String::from_utf8_lossy(&s.bytes()).into_owned();
    let left = text.rfind("\x1b[?1049l").unwrap();
    assert!(
        text[left..].contains("panicking on purpose"),
        "the panic message is printed on the restored terminal"
    );
    // The store is intact and opens again.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .env("TANDEM_STORE", dir.path())
        .args(["goal", "list"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_first_run_on_a_store_that_is_not_there_yet_makes_it_and_asks_who_you_are() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("new-store");
    let mut s = Session::start(&store, &[]);
    s.wait_for("who are you?");
    s.send("Ana".as_bytes());
    s.send(b"\x13"); // Ctrl-S
    s.wait_for("Welcome, Ana!");
    s.send(b"q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_terminal_restored();

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .env("TANDEM_STORE", &store)
        .args(["profile", "list", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profiles: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(profiles[0]["name"], "Ana");
}

fn tandem(store: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .env("TANDEM_STORE", store)
        .env("TANDEM_NOW", NOW)
        .args(args)
        .output()
        .unwrap()
}

/// Runs the app until `text` is on screen (from the store, once a key was
/// handled), then quits it.
fn run_app_until(store: &std::path::Path, text: &str) {
    let mut s = Session::start(store, &[]);
    s.wait_for(text);
    s.send(b"?");
    s.wait_for("Keys");
    s.send(b"\x1b");
    s.send(b"q");
    assert!(s.wait_exit().success());
    s.assert_terminal_restored();
}

/// `tandem goal add TITLE`, run by itself.
fn add_goal(store: &std::path::Path, title: &str) {
    assert!(tandem(store, &["goal", "add", title]).status.success());
}

#[test]
fn the_next_start_is_drawn_from_what_the_last_app_left_and_a_command_since_is_shown() {
    let dir = init_store();
    let opening = dir.path().join("opening");
    add_goal(dir.path(), "Curate a first exhibition");
    assert!(!opening.exists());
    run_app_until(dir.path(), "Curate a first exhibition");
    assert!(opening.exists(), "the app left its opening screen");

    // The next app draws it, then opens the store (which lets it go) and
    // reads it; it leaves a new one.
    let mut s = Session::start(dir.path(), &[]);
    s.wait_for("Curate a first exhibition");
    s.send(b"?");
    s.wait_for("Keys");
    assert!(!opening.exists(), "the open store keeps no second copy");
    s.send(b"\x1b");
    s.send(b"q");
    assert!(s.wait_exit().success());
    assert!(opening.exists());

    // A command run while no app is open changes the store: the opening
    // goes, and the next app shows the change.
    add_goal(dir.path(), "Give a talk");
    assert!(!opening.exists());
    run_app_until(dir.path(), "Give a talk");
}

#[test]
fn a_store_that_cannot_open_after_the_first_frame_gives_the_terminal_back_and_says_why() {
    let dir = init_store();
    add_goal(dir.path(), "Curate a first exhibition");
    run_app_until(dir.path(), "Curate a first exhibition");
    // sled's configuration damaged: the first frame is drawn from the
    // opening, then the store cannot open.
    std::fs::write(dir.path().join("db").join("conf"), b"\xff\xfe damaged").unwrap();
    let mut s = Session::start(dir.path(), &[]);
    let status = s.wait_exit();
    assert!(!status.success());
    s.assert_terminal_restored();
    let text = String::from_utf8_lossy(&s.bytes()).into_owned();
    let left = text.rfind("\x1b[?1049l").unwrap();
    assert!(
        text[..left].contains("Curate a first exhibition"),
        "the first frame was drawn before the store was opened"
    );
    assert!(
        text[left..].contains("tandem: storage error in"),
        "the error is said on the restored terminal:\n{}",
        &text[left..]
    );
}
