//! `tandem init` and `tandem profile`, run as a user would run it: creating
//! and updating a profile, several profiles in one store, and choosing one
//! with `profile use`, `--user` or `TANDEM_USER`.
//!
//! Like every `cli_*` test file: each test runs the binary on its own
//! throwaway store (a `Sandbox` of `tests/common`) with the clock fixed at
//! Tuesday 2026-11-24 10:00 UTC (ISO week 2026-W48), and checks what a user
//! would notice: what is printed, the exit code, and what the store holds
//! afterwards (read back through a `--json` listing or an export).

use serde_json::Value;

mod common;
use common::{Sandbox, array, strings};

// ----- init ------------------------------------------------------------------

#[test]
fn init_creates_the_profile_and_makes_it_the_default() {
    let s = Sandbox::empty();
    let out = s.ok(&[
        "init",
        "--name",
        "Ana",
        "--role",
        "mentee",
        "--partner",
        "Marko",
    ]);
    assert!(
        out.contains("Created profile Ana (mentee, partner Marko)."),
        "{out}"
    );
    assert!(
        out.contains("tandem goal add"),
        "it says what to do next: {out}"
    );
    let profiles = s.json(&["profile", "list"]);
    assert_eq!(array(&profiles).len(), 1);
    let p = &profiles[0];
    assert_eq!(p["name"], "Ana");
    assert_eq!(p["role"], "mentee");
    assert_eq!(p["partner"], "Marko");
    assert_eq!(p["origin"], "local");
    assert_eq!(p["default"], true);
    assert!(p["id"].as_str().is_some_and(|id| id.len() == 26));
}

#[test]
fn init_again_updates_the_same_profile() {
    let s = Sandbox::with_profile();
    let before = s.json(&["profile", "list"]);
    let out = s.ok(&[
        "init",
        "--name",
        "Ana",
        "--role",
        "mentee",
        "--programme",
        "Creative Leaders",
        "--from",
        "2026-03-01",
        "--to",
        "2027-02-28",
    ]);
    assert!(
        out.contains(
            "Updated profile Ana (mentee, partner Marko, Creative Leaders 2026-03-01 to 2027-02-28)."
        ),
        "{out}"
    );
    let after = s.json(&["profile", "list"]);
    assert_eq!(array(&after).len(), 1, "no second profile: {after}");
    assert_eq!(after[0]["id"], before[0]["id"]);
    assert_eq!(after[0]["partner"], "Marko", "the partner is kept");
    assert_eq!(after[0]["programme"]["name"], "Creative Leaders");
    assert_eq!(after[0]["programme"]["from"], "2026-03-01");
    assert_eq!(after[0]["programme"]["to"], "2027-02-28");

    s.ok(&["init", "--name", "Ana", "--role", "mentor"]);
    assert_eq!(s.json(&["profile", "list"])[0]["role"], "mentor");
}

#[test]
fn init_programme_needs_from_and_to() {
    let s = Sandbox::with_profile();
    let err = s.fails(
        &[
            "init",
            "--name",
            "Ana",
            "--role",
            "mentee",
            "--programme",
            "CL",
        ],
        2,
    );
    assert!(err.contains("--from") && err.contains("--to"), "{err}");
    let err = s.fails(
        &[
            "init",
            "--name",
            "Ana",
            "--role",
            "mentee",
            "--from",
            "2026-03-01",
        ],
        2,
    );
    assert!(err.contains("--programme"), "{err}");
    assert_eq!(s.json(&["profile", "list"])[0]["programme"], Value::Null);
}

#[test]
fn init_refuses_a_programme_that_ends_before_it_starts() {
    let s = Sandbox::with_profile();
    let err = s.fails(
        &[
            "init",
            "--name",
            "Ana",
            "--role",
            "mentee",
            "--programme",
            "CL",
            "--from",
            "2027-01-01",
            "--to",
            "2026-01-01",
        ],
        2,
    );
    assert!(err.contains("before it starts"), "{err}");
    assert_eq!(s.json(&["profile", "list"])[0]["programme"], Value::Null);
}

#[test]
fn init_refuses_an_empty_name_and_an_unknown_role() {
    let s = Sandbox::empty();
    let err = s.fails(&["init", "--name", " ", "--role", "mentee"], 2);
    assert!(err.contains("name must not be empty"), "{err}");
    let err = s.fails(&["init", "--name", "Ana", "--role", "coach"], 2);
    assert!(err.contains("unknown role 'coach'"), "{err}");
    assert_eq!(array(&s.json(&["profile", "list"])).len(), 0);
}

#[test]
fn init_refuses_a_second_profile_with_the_same_name() {
    let s = Sandbox::with_profile();
    let err = s.fails(
        &["--user", "Bob", "init", "--name", "ana", "--role", "mentor"],
        2,
    );
    assert!(err.contains("already a profile named 'ana'"), "{err}");
    assert_eq!(array(&s.json(&["profile", "list"])).len(), 1);
}

// ----- several profiles ------------------------------------------------------

#[test]
fn profile_list_marks_the_default_profile() {
    let s = Sandbox::with_profile();
    s.ok(&["--user", "Bob", "init", "--name", "Bob", "--role", "mentor"]);
    let out = s.ok(&["profile", "list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("NAME") && lines[0].contains("ROLE"),
        "{out}"
    );
    let ana = lines
        .iter()
        .find(|l| l.contains("Ana"))
        .expect("Ana listed");
    let bob = lines
        .iter()
        .find(|l| l.contains("Bob"))
        .expect("Bob listed");
    assert!(
        ana.starts_with('*'),
        "Ana, the first profile, is the default: {out}"
    );
    assert!(!bob.starts_with('*'), "{out}");
    assert!(bob.contains("mentor"), "{out}");
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("profile_list", out));
}

#[test]
fn profile_list_on_an_empty_store_says_how_to_start() {
    let s = Sandbox::bare();
    let out = s.ok(&["profile", "list"]);
    assert!(out.contains("tandem init"), "{out}");
}

#[test]
fn profile_use_switches_who_the_commands_act_as() {
    let s = Sandbox::with_profile();
    s.ok(&["--user", "Bob", "init", "--name", "Bob", "--role", "mentor"]);
    s.add_goal("Ana's goal");

    let out = s.ok(&["profile", "use", "bob"]);
    assert!(out.contains("Bob is now the default profile."), "{out}");
    let profiles = s.json(&["profile", "list"]);
    let default: Vec<String> = array(&profiles)
        .iter()
        .filter(|p| p["default"] == true)
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(default, ["Bob"]);

    assert_eq!(
        array(&s.json(&["goal", "list"])).len(),
        0,
        "Bob has no goals"
    );
    s.add_goal("Bob's goal");
    let anas = s.json(&["--user", "Ana", "goal", "list"]);
    assert_eq!(strings(&anas, "title"), ["Ana's goal"]);
    let bobs = s.json(&["goal", "list"]);
    assert_eq!(strings(&bobs, "title"), ["Bob's goal"]);
}

#[test]
fn profile_use_of_an_unknown_name_fails() {
    let s = Sandbox::with_profile();
    let err = s.fails(&["profile", "use", "Zoe"], 1);
    assert!(err.contains("no profile named 'Zoe'"), "{err}");
    assert_eq!(s.json(&["profile", "list"])[0]["default"], true);
}

#[test]
fn user_flag_with_an_unknown_name_fails_naming_the_profile() {
    let s = Sandbox::with_profile();
    let err = s.fails(&["--user", "Zoe", "goal", "list"], 1);
    assert!(err.contains("no profile named 'Zoe'"), "{err}");
    assert!(
        err.contains("profiles: Ana"),
        "it lists the profiles there are: {err}"
    );
}

#[test]
fn tandem_user_variable_picks_the_profile_like_the_flag() {
    let s = Sandbox::with_profile();
    s.ok(&["--user", "Bob", "init", "--name", "Bob", "--role", "mentor"]);
    s.cmd()
        .env("TANDEM_USER", "Bob")
        .args(["goal", "add", "Bob's goal"])
        .assert()
        .success();
    assert_eq!(array(&s.json(&["goal", "list"])).len(), 0, "not Ana's");
    let bobs = s.json(&["--user", "Bob", "goal", "list"]);
    assert_eq!(strings(&bobs, "title"), ["Bob's goal"]);
}

#[test]
fn a_programme_ending_tomorrow_has_one_day_left() {
    let s = Sandbox::empty();
    // The tests' clock is on 2026-11-24.
    s.ok(&[
        "init",
        "--name",
        "Ana",
        "--role",
        "mentee",
        "--programme",
        "Creative Leaders",
        "--from",
        "2026-03-01",
        "--to",
        "2026-11-25",
    ]);
    let out = s.ok(&["profile", "list"]);
    assert!(out.contains("Creative Leaders (1 day left)"), "{out}");
}
