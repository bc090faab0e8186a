//! `tandem checkin`, run as a user would run it: the week's check-in from
//! options, the goals it moves, updating it later in the week, a new one the
//! next week, and the listing of past check-ins.
//!
//! Like every `cli_*` test file: each test runs the binary on its own
//! throwaway store (a `Sandbox` of `tests/common`) with the clock fixed at
//! Tuesday 2026-11-24 10:00 UTC (ISO week 2026-W48), and checks what a user
//! would notice: what is printed, the exit code, and what the store holds
//! afterwards (read back through a `--json` listing or an export).

use predicates::prelude::*;

mod common;
use common::{Sandbox, array};

#[test]
fn checkin_first_of_the_week_needs_mood_and_energy() {
    let s = Sandbox::with_profile();
    let err = s.fails(&["checkin"], 2);
    assert!(err.contains("nothing to record"), "{err}");
    let err = s.fails(&["checkin", "--mood", "4"], 2);
    assert!(err.contains("needs --mood and --energy"), "{err}");
    assert!(err.contains("2026-W48"), "{err}");
    let err = s.fails(&["checkin", "--energy", "4", "--win", "A win"], 2);
    assert!(err.contains("needs --mood and --energy"), "{err}");
    assert_eq!(array(&s.json(&["checkin", "list"])).len(), 0);
}

#[test]
fn checkin_mood_and_energy_are_one_to_five() {
    let s = Sandbox::with_profile();
    for (flag, value) in [
        ("--mood", "9"),
        ("--mood", "0"),
        ("--energy", "0"),
        ("--energy", "6"),
    ] {
        let mut args = vec!["checkin", "--mood", "3", "--energy", "3"];
        let at = args.iter().position(|a| *a == flag).unwrap() + 1;
        args[at] = value;
        let err = s.fails(&args, 2);
        assert!(
            err.contains("must be between 1 and 5"),
            "{flag} {value}: {err}"
        );
    }
    assert_eq!(array(&s.json(&["checkin", "list"])).len(), 0);
}

#[test]
fn checkin_records_the_week() {
    let s = Sandbox::with_profile();
    let out = s.ok(&[
        "checkin",
        "--mood",
        "4",
        "--energy",
        "3",
        "--win",
        "Venue found",
        "--blocker",
        "Time",
        "--focus",
        "Budget",
    ]);
    assert_eq!(
        out.trim(),
        "Saved this week's check-in (2026-W48): mood 4/5, energy 3/5, 0 goals."
    );
    let c = &s.json(&["checkin", "list"])[0];
    assert_eq!(c["week"], serde_json::json!({ "year": 2026, "week": 48 }));
    assert_eq!(c["mood"], 4);
    assert_eq!(c["energy"], 3);
    assert_eq!(c["win"], "Venue found");
    assert_eq!(c["blocker"], "Time");
    assert_eq!(c["focus"], "Budget");
}

#[test]
fn checkin_goal_updates_the_goals_progress_and_history() {
    let s = Sandbox::with_profile();
    let goal = s.add_goal("Curate");
    let other = s.add_goal("Read more");
    let spec = format!("{}=60:at-risk:waiting for the venue: still", &goal[..6]);
    let out = s.ok(&["checkin", "--mood", "4", "--energy", "3", "--goal", &spec]);
    assert!(
        out.contains("2 goals."),
        "every active goal is in the check-in: {out}"
    );

    let g = s.json(&["goal", "show", &goal]);
    assert_eq!(g["progress"], 60);
    assert_eq!(
        g["history"],
        serde_json::json!([{ "date": "2026-11-24", "progress": 60 }])
    );
    assert_eq!(s.json(&["goal", "show", &other])["progress"], 0);

    let c = &s.json(&["checkin", "list"])[0];
    let line = array(&c["goals"])
        .iter()
        .find(|l| l["goal"] == goal.as_str())
        .expect("the goal has a line in the check-in");
    assert_eq!(line["progress"], 60);
    assert_eq!(line["state"], "at-risk");
    assert_eq!(line["note"], "waiting for the venue: still");

    // Later in the week, the goal moves again: a new history point.
    s.cmd()
        .env("TANDEM_NOW", "2026-11-26T18:00:00+00:00")
        .args(["checkin", "--goal", &format!("{goal}=70")])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Updated this week's check-in (2026-W48)",
        ));
    let g = s.json(&["goal", "show", &goal]);
    assert_eq!(g["progress"], 70);
    assert_eq!(
        g["history"],
        serde_json::json!([
            { "date": "2026-11-24", "progress": 60 },
            { "date": "2026-11-26", "progress": 70 }
        ])
    );
}

#[test]
fn checkin_refuses_bad_goal_specs_and_changes_nothing() {
    let s = Sandbox::with_profile();
    let goal = s.add_goal("Curate");
    s.ok(&["checkin", "--mood", "3", "--energy", "3"]);
    let before = s.export();
    for (spec, message) in [
        (format!("{goal}=150"), "between 0 and 100"),
        (goal.clone(), "is not ID=PCT"),
        (format!("{goal}=50:sideways"), "sideways"),
    ] {
        let err = s.fails(&["checkin", "--goal", &spec], 2);
        assert!(err.contains(message), "{spec}: {err}");
    }
    let err = s.fails(&["checkin", "--goal", "zzzz=50"], 1);
    assert!(err.contains("no goal with id 'zzzz'"), "{err}");
    assert_eq!(s.export(), before);
}

#[test]
fn checkin_a_second_time_in_the_week_updates_it() {
    let s = Sandbox::with_profile();
    s.ok(&[
        "checkin",
        "--mood",
        "3",
        "--energy",
        "2",
        "--win",
        "Venue found",
    ]);
    let out = s.ok(&["checkin", "--mood", "5"]);
    assert!(
        out.contains("Updated this week's check-in (2026-W48): mood 5/5, energy 2/5"),
        "{out}"
    );
    let list = s.json(&["checkin", "list"]);
    assert_eq!(array(&list).len(), 1, "one check-in per week: {list}");
    assert_eq!(list[0]["mood"], 5);
    assert_eq!(list[0]["energy"], 2, "what was not given is kept");
    assert_eq!(list[0]["win"], "Venue found");
}

#[test]
fn checkin_next_week_is_a_new_one() {
    let s = Sandbox::with_profile();
    s.ok(&["checkin", "--mood", "3", "--energy", "2"]);
    let mut next = s.cmd();
    next.env("TANDEM_NOW", "2026-12-01T10:00:00+00:00");
    next.args(["checkin", "--energy", "4"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "(2026-W49) needs --mood and --energy",
        ));
    let mut next = s.cmd();
    next.env("TANDEM_NOW", "2026-12-01T10:00:00+00:00");
    next.args(["checkin", "--mood", "4", "--energy", "4"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Saved this week's check-in (2026-W49)",
        ));
    let weeks: Vec<u64> = array(&s.json(&["checkin", "list"]))
        .iter()
        .map(|c| c["week"]["week"].as_u64().unwrap())
        .collect();
    assert_eq!(weeks, [49, 48], "newest first");
}

#[test]
fn checkin_list_shows_the_weeks() {
    let s = Sandbox::with_profile();
    let out = s.ok(&["checkin", "list"]);
    assert!(out.contains("No check-ins yet"), "{out}");

    let goal = s.add_goal("Curate");
    s.ok(&[
        "checkin",
        "--mood",
        "4",
        "--energy",
        "3",
        "--win",
        "Venue found",
        "--blocker",
        "Time",
        "--goal",
        &format!("{goal}=60:blocked"),
    ]);
    let out = s.ok(&["checkin", "list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("WEEK") && lines[0].contains("MOOD"),
        "{out}"
    );
    for cell in [
        "2026-W48",
        "4/5",
        "3/5",
        "1 of 1 at risk/blocked",
        "Venue found",
        "Time",
    ] {
        assert!(lines[1].contains(cell), "no {cell:?} in:\n{out}");
    }
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("checkin_list", out));
}

#[test]
fn checkin_without_flags_outside_a_terminal_says_how_to_use_it() {
    let s = Sandbox::with_profile();
    let err = s.fails(&["checkin"], 2);
    assert!(
        err.contains("in a terminal `tandem checkin` opens the check-in"),
        "{err}"
    );
}
