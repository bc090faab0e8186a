//! The command line while the app is open: the app (in a real
//! pseudo-terminal) runs each command for the test's process, which must
//! print exactly what a direct run prints; the app shows the change at
//! once, keeps answering in any mode, sleeps when idle, and a killed app
//! leaves nothing in the way.
//!
//! (Every `cli_*` test also runs through an app with
//! `TANDEM_TEST_THROUGH_APP=1`; see `tests/common`.)

use std::process::Output;

mod common;
use common::{Sandbox, path_str};

/// Two stores holding the same records (ids included): one for direct
/// runs, one held by the app.
fn twins() -> (Sandbox, Sandbox) {
    let source = Sandbox::full().direct();
    let gid = source.json(&["goal", "list"])[0]["meta"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    source.ok(&["agenda", "add", "Budget", "--goal", &gid]);
    let backup = source.file("backup.json");
    source.ok(&["export", path_str(&backup)]);
    let make = || {
        let s = Sandbox::empty().direct();
        s.ok(&["import", path_str(&backup)]);
        s
    };
    let (direct, held) = (make(), make());
    held.hold();
    (direct, held)
}

/// Runs `args` in `s`'s directory (relative file names are read from
/// there) with `envs` set.
fn run(s: &Sandbox, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = s.cmd();
    cmd.current_dir(s.dir.path()).args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Variables set for one command.
type Env<'a> = [(&'a str, &'a str)];

#[test]
fn commands_run_by_the_app_print_byte_for_byte_what_they_print_directly() {
    let (direct, held) = twins();
    let gid = direct.json(&["goal", "list"])[0]["meta"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let short = &gid[..6];
    let tokyo = [("TZ", "Asia/Tokyo")];
    let cases: Vec<(Vec<&str>, &Env)> = vec![
        (vec!["goal", "list"], &[]),
        (vec!["goal", "list", "--json"], &[]),
        (vec!["goal", "show", short], &[]),
        (vec!["journal", "list"], &[]),
        (vec!["journal", "list", "--json"], &[]),
        (vec!["journal", "actions"], &[]),
        (vec!["reflect", "list"], &[]),
        (vec!["consult", "list"], &[]),
        (vec!["consult", "list"], &tokyo),
        (vec!["journal", "list"], &tokyo),
        (vec!["consult", "export"], &tokyo),
        (vec!["checkin", "list"], &[]),
        (vec!["agenda", "list"], &[]),
        (vec!["brief"], &[]),
        (vec!["brief", "--markdown"], &[]),
        (vec!["brief", "--json"], &[]),
        (vec!["remind"], &[]),
        (vec!["remind", "--json", "--meeting-within", "2w"], &[]),
        (vec!["mentees"], &[]),
        (vec!["profile", "list"], &[]),
        (vec!["export", "--format", "markdown"], &[]),
        // Files named relative to the caller's directory.
        (vec!["export", "--format", "markdown", "year.md"], &[]),
        (vec!["consult", "export", "events.ics"], &[]),
        (vec!["import", "missing.json"], &[]),
        (vec!["share", "export", "nodir/x.bundle"], &[]),
        // Mistakes, with their exit codes.
        (vec!["goal", "show", "zzzzzz"], &[]),
        (vec!["journal", "add", "--at", "the day after never"], &[]),
        (vec!["goal", "list"], &[("TANDEM_USER", "Nobody")]),
        (vec!["brief"], &[("TANDEM_MENTEE", "Ben")]),
        // Changes, then how the store reads after them.
        (vec!["goal", "progress", short, "55"], &[]),
        (vec!["goal", "milestone", "done", short, "1"], &[]),
        (
            vec![
                "journal",
                "add",
                // Not at the same time as the twins' meeting, which the
                // listings would order by id (each store's own).
                "--date",
                "-1d",
                "--notes",
                "Budget",
                "--action",
                "Call@friday",
                "-q",
            ],
            &[],
        ),
        (vec!["goal", "list"], &[]),
        (vec!["journal", "list"], &[]),
        (vec!["brief", "--markdown"], &[]),
        (vec!["remind"], &[]),
    ];
    // What a new record was called in each store, to read the later
    // listings alike.
    let mut renamed: Vec<(String, String)> = Vec::new();
    for (args, envs) in &cases {
        let a = run(&direct, args, envs);
        let b = run(&held, args, envs);
        let what = format!("tandem {} ({envs:?})", args.join(" "));
        assert!(held.app().running(), "{what}: the app quit");
        assert_eq!(a.status.code(), b.status.code(), "{what}: exit codes");
        let (out_a, mut out_b) = (
            String::from_utf8(a.stdout).unwrap(),
            String::from_utf8(b.stdout).unwrap(),
        );
        if args.contains(&"-q") {
            renamed.push((out_b.trim().to_string(), out_a.trim().to_string()));
        }
        for (from, to) in &renamed {
            out_b = out_b.replace(from.as_str(), to);
        }
        assert_eq!(out_a, out_b, "{what}: standard output");
        assert_eq!(
            String::from_utf8_lossy(&a.stderr),
            String::from_utf8_lossy(&b.stderr),
            "{what}: standard error"
        );
    }
    // The files were written where each caller was.
    for name in ["year.md", "events.ics"] {
        let a = std::fs::read_to_string(direct.file(name)).unwrap();
        let b = std::fs::read_to_string(held.file(name)).unwrap();
        assert_eq!(a, b, "{name}");
        assert!(!a.is_empty());
    }
    // The app was holding the store all along: a direct run is refused.
    let refused = run(&held, &["compact"], &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("in use by another tandem"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

#[test]
fn the_app_shows_what_another_terminal_added_and_its_undo_leaves_it() {
    let s = Sandbox::with_profile().direct();
    s.add_goal("Curate");
    // The app on the tests' clock, so that both see the same week.
    s.hold_with(&[("TANDEM_NOW", common::NOW)]);
    let screen = s.app().wait_for("▸ ● Curate");
    assert!(screen.contains("check-in due"), "{screen}");
    s.ok(&["goal", "add", "From the other pane"]);
    let screen = s
        .app()
        .wait_for("Updated from another terminal: tandem goal add");
    assert!(screen.contains("From the other pane"), "{screen}");
    assert!(screen.contains("Goals (2)"), "{screen}");
    // The selection stayed where it was.
    assert!(screen.contains("▸ ● Curate"), "{screen}");
    // The app's undo is for what was done in the app.
    s.app().keys("u");
    let screen = s.app().wait_for("Nothing to undo.");
    assert!(screen.contains("From the other pane"), "{screen}");
    // Nor does it put back a record over a change made from outside.
    s.app().keys("+");
    s.app().wait_for("Saved");
    let id = s
        .json(&["goal", "list"])
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["title"] == "Curate")
        .map(common::record_id)
        .unwrap();
    s.ok(&["goal", "edit", &id, "--title", "Renamed outside"]);
    s.app().wait_for("Renamed outside");
    s.app().keys("u");
    let screen = s
        .app()
        .wait_for("Not undone: the record was changed from another terminal since.");
    assert!(screen.contains("Renamed outside"), "{screen}");
    // A meeting with an action logged from outside: the badge counts it.
    s.ok(&[
        "journal",
        "add",
        "--notes",
        "Venue",
        "--action",
        "Call the venue@yesterday",
    ]);
    s.app().keys("2");
    let screen = s.app().wait_for("Journal (1)");
    assert!(screen.contains("Call the venue"), "{screen}");
    // This week's check-in, from outside: the header's badge goes.
    s.ok(&["checkin", "--mood", "4", "--energy", "3"]);
    s.app()
        .wait_for("Updated from another terminal: tandem checkin");
    let screen = s.app().screen();
    assert!(!screen.contains("check-in due"), "{screen}");
}

#[test]
fn the_app_answers_from_a_form_the_help_the_wizard_and_an_editor() {
    let s = Sandbox::with_profile().direct();
    s.add_goal("Kept");
    let editor = s.file("editor.sh");
    std::fs::write(&editor, "#!/bin/sh\nsleep 30\n").unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    s.hold_with(&[("EDITOR", path_str(&editor)), ("VISUAL", path_str(&editor))]);
    s.app().wait_for("▸ ● Kept");
    let answered = |n: usize| {
        let out = s.ok(&["goal", "list"]);
        assert!(out.contains("Kept"), "{out}");
        let added = s.ok(&["goal", "add", &format!("Added {n}"), "-q"]);
        assert!(!added.trim().is_empty());
    };
    s.app().keys("?");
    s.app().wait_for("Keys");
    answered(1);
    escape(&s);
    s.app().keys("c");
    s.app().wait_for("Weekly check-in");
    answered(2);
    escape(&s);
    s.app().keys("n");
    s.app().wait_for("New goal");
    answered(3);
    // Ctrl-E: the title in $EDITOR, which holds the terminal for 30 s.
    s.app().keys("\x05");
    std::thread::sleep(std::time::Duration::from_millis(300));
    answered(4);
    assert_eq!(s.json(&["goal", "list"]).as_array().unwrap().len(), 5);
}

/// Esc, alone: a key typed right after it would read as Alt and that key.
fn escape(s: &Sandbox) {
    s.app().keys("\x1b");
    std::thread::sleep(std::time::Duration::from_millis(150));
}

#[test]
fn a_killed_app_leaves_the_store_to_the_next_command() {
    let s = Sandbox::with_profile().direct();
    s.hold();
    s.add_goal("Saved through the app");
    let (pid, socket) = {
        let app = s.app();
        (app.pid(), app.socket.clone())
    };
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let since = std::time::Instant::now();
    while s.app().running() {
        assert!(since.elapsed() < std::time::Duration::from_secs(10));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(socket.exists(), "a killed app cannot remove its socket");
    s.release();
    let out = s.ok(&["goal", "list"]);
    assert!(out.contains("Saved through the app"), "{out}");
    assert!(!socket.exists(), "the stale socket was removed");
}

#[test]
fn a_second_app_names_the_pid_and_terminal_of_the_first() {
    let s = Sandbox::with_profile().direct();
    s.hold();
    let pid = s.app().pid();
    let out = s.cmd().write_stdin("").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("(pid {pid}, in the terminal /dev/")),
        "{err}"
    );
    assert!(s.app().running());
}

#[test]
fn an_idle_app_listening_for_commands_uses_no_cpu() {
    let s = Sandbox::with_profile().direct();
    s.hold();
    s.ok(&["goal", "list"]);
    let pid = s.app().pid();
    // CPU ticks (user and system) of each of the app's threads, by name:
    // fields 14 and 15 of a task's stat line, 12 and 13 after its name.
    let cpu = || -> std::collections::BTreeMap<String, u64> {
        let mut by_name = std::collections::BTreeMap::new();
        for task in std::fs::read_dir(format!("/proc/{pid}/task")).unwrap() {
            let Ok(stat) = std::fs::read_to_string(task.unwrap().path().join("stat")) else {
                continue;
            };
            let name = stat[stat.find('(').unwrap() + 1..stat.rfind(')').unwrap()].to_string();
            let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..]
                .split_whitespace()
                .collect();
            let ticks = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
            *by_name.entry(name).or_default() += ticks;
        }
        by_name
    };
    std::thread::sleep(std::time::Duration::from_millis(500));
    let before = cpu();
    assert!(before.contains_key("tandem-serve"), "{before:?}");
    std::thread::sleep(std::time::Duration::from_secs(10));
    let after = cpu();
    // The app's own threads: the loop waiting on the terminal and the
    // thread waiting for commands. (sled's own threads wake once a second
    // each, outside tandem's reach: see README's Performance section.)
    for name in ["tandem", "tandem-serve"] {
        assert_eq!(
            after[name], before[name],
            "CPU ticks of {name} in 10 s idle"
        );
    }
    // Still listening.
    assert!(s.app().running());
    s.ok(&["goal", "list"]);
}

#[test]
fn commands_given_while_the_app_quits_are_all_done_once() {
    let s = Sandbox::with_profile().direct();
    s.hold();
    s.app().wait_for("Goals");
    let store = s.store();
    let adding = std::thread::spawn(move || {
        (0..40)
            .map(|n| {
                let out = common::tandem(&store)
                    .args(["goal", "add", &format!("Goal {n}"), "-q"])
                    .output()
                    .unwrap();
                (
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr).to_string(),
                )
            })
            .collect::<Vec<_>>()
    });
    std::thread::sleep(std::time::Duration::from_millis(60));
    s.app().keys("q");
    let results = adding.join().unwrap();
    for (code, err) in &results {
        assert_eq!(*code, Some(0), "{err}");
    }
    s.release();
    assert_eq!(s.json(&["goal", "list"]).as_array().unwrap().len(), 40);
}
