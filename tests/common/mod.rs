//! What the integration tests share: the fixed clock, temporary stores, the
//! `tandem` binary run on them as a user would run it, reading what it
//! prints, snapshots with the ids hidden, and the fixtures.
//!
//! Each test file is a crate of its own that declares `mod common;` and uses
//! some of these helpers; without the `allow` below, every helper one file
//! does not use would be a dead-code warning in that file's crate.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{DateTime, FixedOffset, TimeZone};
use serde_json::Value;
use tandem::domain::{Profile, Role};
use tandem::store::Store;

// ----- the clock -------------------------------------------------------------

/// The fixed "now" of the tests that call the library: Tuesday 2026-11-24
/// 10:00 at UTC+1.
pub fn now() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .unwrap()
}

/// The fixed "now" of the tests that run the binary (`TANDEM_NOW`, with
/// `TZ=UTC`): Tuesday 2026-11-24 10:00 UTC, in ISO week 2026-W48.
pub const NOW: &str = "2026-11-24T10:00:00+00:00";

/// The escape character that starts every terminal control sequence.
pub const ESC: char = '\u{1b}';

// ----- stores, through the library -------------------------------------------

/// A new profile created at `now()`.
pub fn profile(name: &str, role: Role) -> Profile {
    Profile::new(name, role, now().to_utc())
}

/// A new store at `DIR/store` in a temporary directory, holding `me` as its
/// default profile. The store is closed when dropped; the directory is
/// removed when the `TempDir` is.
pub fn temp_store(me: &Profile) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("store")).unwrap();
    store.put_profile(me).unwrap();
    store.set_default_profile(me.id).unwrap();
    (dir, store)
}

/// A temporary store holding Ana's profile (a mentee), the default.
pub fn store_with_profile() -> (tempfile::TempDir, Store, Profile) {
    let me = profile("Ana", Role::Mentee);
    let (dir, store) = temp_store(&me);
    (dir, store, me)
}

// ----- the binary, on any store ------------------------------------------------

/// Sets what every run of the binary starts from: the store at `store`, and
/// nothing else chosen by the environment the tests run in (no profile, no
/// fixed clock, the default free-space margin).
fn on_store(cmd: &mut std::process::Command, store: &Path) {
    cmd.env("TANDEM_STORE", store)
        .env_remove("TANDEM_USER")
        .env_remove("TANDEM_NOW")
        .env_remove("TANDEM_MIN_FREE_BYTES");
}

/// The `tandem` binary on the store at `store`, on the real clock.
pub fn tandem(store: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"));
    on_store(&mut cmd, store);
    cmd
}

/// Runs `tandem args` on the store at `store`.
pub fn run(store: &Path, args: &[&str]) -> Output {
    tandem(store).args(args).output().unwrap()
}

/// Asserts that a run succeeded; returns its standard output.
pub fn ok(out: Output) -> String {
    ok_with_stderr(out).0
}

/// Asserts that a run succeeded; returns its standard output and standard
/// error (where warnings go).
pub fn ok_with_stderr(out: Output) -> (String, String) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

// ----- the binary, in a sandbox ------------------------------------------------

/// A temporary directory holding one store, and files next to it; the
/// binary runs on it with the clock fixed at `NOW` and the zone at UTC.
pub struct Sandbox {
    /// With `TANDEM_TEST_THROUGH_APP` set: the app, open on the store
    /// from the first command run once the store is there, so that every
    /// later command is run by it for the test's terminal.
    /// (Declared first: dropped, and so closed, before the directory goes.)
    app: std::cell::RefCell<Option<HeldApp>>,
    no_app: std::cell::Cell<bool>,
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    /// A sandbox with no store yet.
    pub fn empty() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
            app: Default::default(),
            no_app: Default::default(),
        }
    }

    /// A sandbox whose store is there but holds no profile yet (as one
    /// would be after a first `tandem` that was quit before saying who).
    pub fn bare() -> Sandbox {
        let s = Sandbox::empty();
        drop(Store::open(s.store()).unwrap());
        s
    }

    /// A sandbox whose store has Ana's profile (a mentee, partner Marko).
    pub fn with_profile() -> Sandbox {
        Sandbox::with_person("Ana", "mentee", "Marko")
    }

    /// A sandbox whose store has the profile of `name`, a `role`, whose
    /// partner is `partner`.
    pub fn with_person(name: &str, role: &str, partner: &str) -> Sandbox {
        let s = Sandbox::empty();
        s.ok(&["init", "--name", name, "--role", role, "--partner", partner]);
        s
    }

    /// A sandbox with the demo programme, dated from the tests' "now".
    pub fn demo() -> Sandbox {
        let s = Sandbox::empty();
        s.ok(&["dev", "demo"]);
        s
    }

    /// A sandbox with Ana's profile and one record of every kind.
    pub fn full() -> Sandbox {
        let s = Sandbox::with_profile();
        let goal = s.id(&[
            "goal",
            "add",
            "Curate",
            "--milestone",
            "Venue",
            "--target",
            "+6m",
        ]);
        s.ok(&[
            "journal",
            "add",
            "--notes",
            "Talk",
            "--action",
            "Draft@friday",
            "--goal",
            &goal,
        ]);
        s.ok(&["reflect", "add", "Thoughts", "--tag", "growth"]);
        s.ok(&["consult", "add", "Kick-off", "--start", "2026-12-05"]);
        s.ok(&[
            "checkin",
            "--mood",
            "4",
            "--energy",
            "3",
            "--goal",
            &format!("{goal}=10"),
        ]);
        s
    }

    /// This sandbox's store is never held by an app unless a test asks
    /// ([`Sandbox::hold`]), whatever `TANDEM_TEST_THROUGH_APP` says: for
    /// tests of opening a store (damaged, locked, full) and of the app.
    pub fn direct(self) -> Sandbox {
        self.app.borrow_mut().take();
        self.no_app.set(true);
        self
    }

    /// Opens the app on this sandbox's store (once the store is there, and
    /// unless it is open already), and waits until it listens for commands.
    pub fn hold(&self) {
        self.hold_with(&[]);
    }

    /// [`Sandbox::hold`], the app started with more variables set.
    pub fn hold_with(&self, envs: &[(&str, &str)]) {
        let mut app = self.app.borrow_mut();
        if app.is_none() && self.store().join("db").is_dir() {
            *app = Some(HeldApp::start_with(&self.store(), envs));
        }
    }

    /// The app holding this sandbox's store (see [`Sandbox::hold`]).
    pub fn app(&self) -> std::cell::RefMut<'_, HeldApp> {
        std::cell::RefMut::map(self.app.borrow_mut(), |a| {
            a.as_mut().expect("no app holds this store")
        })
    }

    /// Closes the app holding this sandbox's store, if one does.
    pub fn release(&self) {
        self.app.borrow_mut().take();
    }

    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// A path for a file beside the store.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Sets this sandbox's store, the fixed clock and the zone on `cmd`.
    fn fixed(&self, cmd: &mut std::process::Command) {
        if through_app() && !self.no_app.get() {
            self.hold();
        }
        on_store(cmd, &self.store());
        cmd.env("TANDEM_NOW", NOW).env("TZ", "UTC");
    }

    /// The binary on this sandbox's store, with the clock and zone fixed.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"));
        self.fixed(&mut cmd);
        assert_cmd::Command::from_std(cmd)
    }

    /// The binary as `cmd` gives it, run by a shell that first sets the
    /// file creation mask to `umask`.
    pub fn cmd_with_umask(&self, umask: &str) -> assert_cmd::Command {
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_tandem"));
        self.fixed(&mut cmd);
        assert_cmd::Command::from_std(cmd)
    }

    /// Runs `args`, expecting success; returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        succeeded(self.cmd(), args)
    }

    /// Runs `args` with the file creation mask `umask`, expecting success;
    /// returns standard output.
    pub fn ok_with_umask(&self, umask: &str, args: &[&str]) -> String {
        succeeded(self.cmd_with_umask(umask), args)
    }

    /// Runs `args`, expecting exit `code` and nothing on standard output;
    /// returns standard error.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "tandem {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stdout.is_empty(),
            "tandem {args:?} failed and printed {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    /// Runs `args` with `--json`; returns the parsed output.
    pub fn json(&self, args: &[&str]) -> Value {
        self.json_and_text(args).1
    }

    /// Runs `args` with `--json`; returns the output as printed and parsed.
    pub fn json_and_text(&self, args: &[&str]) -> (String, Value) {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.ok(&all);
        let value = serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("tandem {args:?} --json: {e}: {out}"));
        (out, value)
    }

    /// Runs a command that adds or changes a record; returns the record's id.
    pub fn id(&self, args: &[&str]) -> String {
        record_id(&self.json(args))
    }

    /// Adds a goal with `title`; returns its id.
    pub fn add_goal(&self, title: &str) -> String {
        self.id(&["goal", "add", title])
    }

    /// Writes `contents` to a file beside the store; returns its path.
    pub fn write(&self, name: &str, contents: &str) -> String {
        let path = self.file(name);
        std::fs::write(&path, contents).unwrap();
        path_str(&path).to_string()
    }

    /// The whole store as an export, on standard output.
    pub fn export(&self) -> String {
        self.ok(&["export", "--format", "json"])
    }

    /// Snapshot settings that print every id of this store's profiles and
    /// records (as the binary prints them: any prefix of four characters or
    /// more) as `[id]`.
    pub fn ids_hidden(&self) -> insta::Settings {
        let doc: Value = serde_json::from_str(&self.export()).unwrap();
        let mut found = Vec::new();
        ids_in(&doc, &mut found);
        ids_hidden(&found)
    }
}

/// Runs `cmd` with `args`, expecting success; returns standard output.
fn succeeded(mut cmd: assert_cmd::Command, args: &[&str]) -> String {
    let out = cmd.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "tandem {args:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

// ----- reading JSON output ---------------------------------------------------

/// The `.meta.id` of a record.
pub fn record_id(v: &Value) -> String {
    v["meta"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no .meta.id in {v}"))
        .to_string()
}

/// The elements of a JSON array.
pub fn array(v: &Value) -> &Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a JSON array: {v}"))
}

/// The `.meta.id`s of a JSON array of records, in order.
pub fn ids(v: &Value) -> Vec<String> {
    array(v).iter().map(record_id).collect()
}

/// The values of `field` in a JSON array of objects, in order.
pub fn strings(v: &Value, field: &str) -> Vec<String> {
    array(v)
        .iter()
        .map(|e| e[field].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Every `"id"` of an object anywhere in `v`: the ids of the records and
/// profiles of an export.
fn ids_in(v: &Value, found: &mut Vec<String>) {
    match v {
        Value::Object(fields) => {
            if let Some(Value::String(id)) = fields.get("id") {
                found.push(id.clone());
            }
            fields.values().for_each(|v| ids_in(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| ids_in(v, found)),
        _ => {}
    }
}

// ----- snapshots ---------------------------------------------------------------

/// Snapshot settings that print each of `ids` as `[id]`, wherever it is
/// printed whole or cut to a prefix of four characters or more (short ids):
/// ids differ on every run, the rest of a listing does not.
pub fn ids_hidden(ids: &[String]) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    for id in ids {
        assert!(
            id.len() > 4 && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "not an id: {id:?}"
        );
        // The first four characters, then each further one only after the
        // one before it: the id's prefixes, and no other word.
        let (head, tail) = id.split_at(4);
        let tail = tail
            .chars()
            .rev()
            .fold(String::new(), |rest, c| format!("(?:{c}{rest})?"));
        settings.add_filter(&format!(r"\b(?i:{head}{tail})\b"), "[id]");
    }
    settings
}

// ----- files and fixtures ------------------------------------------------------

pub fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `tests/fixtures/name`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies the directory `from`, with everything in it, to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The share bundle `good` with its body replaced by `body`, its length and
/// checksum made to match, so that only the body itself can be wrong.
pub fn rebundle(good: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = good[..10].to_vec();
    out.extend_from_slice(&(body.len() as u64).to_be_bytes());
    out.extend_from_slice(&crc32fast::hash(body).to_be_bytes());
    out.extend_from_slice(body);
    out
}

// ----- the database under a store ---------------------------------------------

/// The sled database in `db_dir` opened directly, to look at or damage what
/// a store keeps. A store this process just closed can hold sled's file lock
/// for a moment while its background threads finish: wait for them.
pub fn raw_sled(db_dir: &Path) -> sled::Db {
    let mut tries = 0;
    loop {
        match sled::open(db_dir) {
            Ok(db) => return db,
            Err(sled::Error::Io(e)) if tries < 400 && e.to_string().contains("lock") => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            Err(e) => panic!("cannot open {}: {e}", db_dir.display()),
        }
    }
}

// ----- the app holding a store ---------------------------------------------------

/// Whether the command-line tests run with an app holding each store
/// (`TANDEM_TEST_THROUGH_APP=1`): the same tests, every command run by the
/// app for the test, expecting the same output as when run directly.
pub fn through_app() -> bool {
    std::env::var_os("TANDEM_TEST_THROUGH_APP").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The app, open in a pseudo-terminal on a store; killed when dropped.
pub struct HeldApp {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn std::io::Write + Send>,
    /// Everything the app wrote to its terminal.
    output: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    pub socket: PathBuf,
}

impl HeldApp {
    /// The app on `store`, in its own environment: the real clock and no
    /// `TZ`, unlike the commands the tests run (their own clock and zone
    /// must be the ones used).
    pub fn start(store: &Path) -> HeldApp {
        HeldApp::start_with(store, &[])
    }

    /// [`HeldApp::start`] with more variables set for the app.
    pub fn start_with(store: &Path, envs: &[(&str, &str)]) -> HeldApp {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
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
        cmd.env("TERM", "xterm-256color");
        for var in ["TANDEM_USER", "TANDEM_MENTEE", "TANDEM_NOW", "TZ"] {
            cmd.env_remove(var);
        }
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        // Someone must read what the app draws, or it blocks writing.
        let mut reader = pty.master.try_clone_reader().unwrap();
        let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = std::sync::Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = std::io::Read::read(&mut reader, &mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        let socket = store.join("app.sock");
        let since = std::time::Instant::now();
        while std::os::unix::net::UnixStream::connect(&socket).is_err() {
            assert!(
                since.elapsed() < std::time::Duration::from_secs(20),
                "the app did not start listening on {}",
                socket.display()
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        HeldApp {
            child,
            _master: pty.master,
            writer,
            output,
            socket,
        }
    }

    /// What the app's terminal shows now.
    pub fn screen(&self) -> String {
        let size = |n| std::num::NonZero::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(30), size(100), 0);
        parser.process(&self.output.lock().unwrap());
        parser.screen().contents()
    }

    /// Waits until the screen holds `text`; panics with the screen after
    /// 10 s without.
    pub fn wait_for(&self, text: &str) -> String {
        let since = std::time::Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                since.elapsed() < std::time::Duration::from_secs(10),
                "the app never showed {text:?}; it shows:\n{screen}"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    /// Types `keys` into the app's terminal.
    pub fn keys(&mut self, keys: &str) {
        std::io::Write::write_all(&mut self.writer, keys.as_bytes()).unwrap();
        std::io::Write::flush(&mut self.writer).unwrap();
    }

    /// Whether the app is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }
}

impl Drop for HeldApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
