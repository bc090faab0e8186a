//! End-to-end tests of the `tandem` command line, run as a user would run it.
//!
//! Every test works on its own throwaway store (`TANDEM_STORE` in a temporary
//! directory) with the clock fixed at Tuesday 2026-11-24 10:00 UTC (ISO week
//! 2026-W48), and checks what a user would notice: what is printed, the exit
//! code, and what the store holds afterwards (read back through a `--json`
//! listing or an export).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// The escape character that starts every terminal control sequence.
const ESC: char = '\u{1b}';

/// The fixed "now" of every test: Tuesday 2026-11-24 10:00 UTC.
const NOW: &str = "2026-11-24T10:00:00+00:00";

/// A temporary directory holding one store, and files next to it.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    /// A sandbox with no store yet.
    fn empty() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A sandbox whose store has Ana's profile (a mentee, partner Marko).
    fn with_profile() -> Sandbox {
        let s = Sandbox::empty();
        s.ok(&[
            "init",
            "--name",
            "Ana",
            "--role",
            "mentee",
            "--partner",
            "Marko",
        ]);
        s
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// A path for a file beside the store.
    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The binary on this sandbox's store, with the clock and zone fixed.
    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("tandem").unwrap();
        cmd.env("TANDEM_STORE", self.store())
            .env("TANDEM_NOW", NOW)
            .env("TZ", "UTC")
            .env_remove("TANDEM_USER")
            .env_remove("TANDEM_MIN_FREE_BYTES");
        cmd
    }

    /// Runs `args`, expecting success; returns standard output.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "tandem {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `args`, expecting exit `code` and nothing on standard output;
    /// returns standard error.
    fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "tandem {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    /// Runs `args` with `--json`; returns the parsed output.
    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.ok(&all);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("tandem {args:?} --json: {e}: {out}"))
    }

    /// Runs a command that adds or changes a record; returns the record's id.
    fn id(&self, args: &[&str]) -> String {
        record_id(&self.json(args))
    }

    /// Adds a goal with `title`; returns its id.
    fn add_goal(&self, title: &str) -> String {
        self.id(&["goal", "add", title])
    }

    /// Writes `contents` to a file beside the store; returns its path.
    fn write(&self, name: &str, contents: &str) -> String {
        let path = self.file(name);
        std::fs::write(&path, contents).unwrap();
        path_str(&path)
    }

    /// The whole store as an export, on standard output.
    fn export(&self) -> String {
        self.ok(&["export", "--format", "json"])
    }
}

fn path_str(p: &Path) -> String {
    p.to_str().unwrap().to_string()
}

/// The `.meta.id` of a record.
fn record_id(v: &Value) -> String {
    v["meta"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no .meta.id in {v}"))
        .to_string()
}

/// The elements of a JSON array.
fn array(v: &Value) -> &Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a JSON array: {v}"))
}

/// The `.meta.id`s of a JSON array of records, in order.
fn ids(v: &Value) -> Vec<String> {
    array(v).iter().map(record_id).collect()
}

/// The values of `field` in a JSON array of objects, in order.
fn strings(v: &Value, field: &str) -> Vec<String> {
    array(v)
        .iter()
        .map(|e| e[field].as_str().unwrap_or_default().to_string())
        .collect()
}

// ----- help ------------------------------------------------------------------

#[test]
fn help_works_for_every_command_and_subcommand() {
    let s = Sandbox::empty();
    let commands: &[&[&str]] = &[
        &[],
        &["init"],
        &["profile"],
        &["profile", "list"],
        &["profile", "use"],
        &["goal"],
        &["goal", "add"],
        &["goal", "list"],
        &["goal", "show"],
        &["goal", "progress"],
        &["goal", "status"],
        &["goal", "milestone"],
        &["goal", "edit"],
        &["goal", "rm"],
        &["journal"],
        &["journal", "add"],
        &["journal", "list"],
        &["journal", "show"],
        &["journal", "actions"],
        &["journal", "done"],
        &["journal", "edit"],
        &["journal", "rm"],
        &["reflect"],
        &["reflect", "add"],
        &["reflect", "list"],
        &["reflect", "show"],
        &["reflect", "share"],
        &["reflect", "private"],
        &["reflect", "rm"],
        &["consult"],
        &["consult", "add"],
        &["consult", "list"],
        &["consult", "show"],
        &["consult", "rm"],
        &["checkin"],
        &["checkin", "list"],
        &["export"],
        &["import"],
    ];
    for words in commands {
        let mut args = words.to_vec();
        args.push("--help");
        let out = s.ok(&args);
        let usage = if words.is_empty() {
            "Usage: tandem".to_string()
        } else {
            format!("Usage: tandem {}", words.join(" "))
        };
        assert!(
            out.contains(&usage),
            "`tandem {}` does not show `{usage}`:\n{out}",
            args.join(" ")
        );
    }
    assert!(!s.store().exists(), "--help must not create a store");
}

#[test]
fn top_level_help_lists_the_commands_and_date_formats() {
    let s = Sandbox::empty();
    let out = s.ok(&["--help"]);
    for word in [
        "init",
        "profile",
        "goal",
        "journal",
        "reflect",
        "consult",
        "checkin",
        "export",
        "import",
        "Dates:",
        "next monday",
    ] {
        assert!(out.contains(word), "--help does not mention {word}:\n{out}");
    }
    s.cmd()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("tandem "));
}

// ----- init and profiles -----------------------------------------------------

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
}

#[test]
fn profile_list_on_an_empty_store_says_how_to_start() {
    let s = Sandbox::empty();
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
fn init_refuses_a_second_profile_with_the_same_name() {
    let s = Sandbox::with_profile();
    let err = s.fails(
        &["--user", "Bob", "init", "--name", "ana", "--role", "mentor"],
        2,
    );
    assert!(err.contains("already a profile named 'ana'"), "{err}");
    assert_eq!(array(&s.json(&["profile", "list"])).len(), 1);
}

#[test]
fn commands_before_init_tell_to_run_init() {
    let s = Sandbox::empty();
    let commands: &[&[&str]] = &[
        &["goal", "list"],
        &["goal", "add", "A goal"],
        &["journal", "list"],
        &["journal", "add", "--notes", "n"],
        &["reflect", "list"],
        &["consult", "list"],
        &["checkin", "--mood", "3", "--energy", "3"],
        &["checkin", "list"],
    ];
    for args in commands {
        let err = s.fails(args, 1);
        assert!(
            err.contains("there is no profile yet") && err.contains("run `tandem init"),
            "`tandem {}`: {err}",
            args.join(" ")
        );
    }
    assert_eq!(array(&s.json(&["profile", "list"])).len(), 0);
}

#[test]
fn a_malformed_tandem_now_is_a_usage_error() {
    let s = Sandbox::with_profile();
    s.cmd()
        .env("TANDEM_NOW", "yesterday-ish")
        .args(["goal", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("TANDEM_NOW"));
}

// ----- goal --------------------------------------------------------------------

#[test]
fn goal_add_prints_the_goal_and_stores_every_field() {
    let s = Sandbox::with_profile();
    let out = s.ok(&[
        "goal",
        "add",
        "Curate a first exhibition",
        "--why",
        "To learn by doing",
        "--criteria",
        "An opening night",
        "--target",
        "+1m",
        "--milestone",
        "Find a venue",
        "--milestone",
        "Draft a budget",
    ]);
    assert!(out.starts_with("Added goal "), "{out}");
    assert!(out.contains("Curate a first exhibition — active"), "{out}");
    assert!(out.contains("0 %"), "{out}");

    let goals = s.json(&["goal", "list"]);
    assert_eq!(array(&goals).len(), 1);
    let g = &goals[0];
    assert_eq!(g["title"], "Curate a first exhibition");
    assert_eq!(g["why"], "To learn by doing");
    assert_eq!(g["criteria"], "An opening night");
    assert_eq!(g["target"], "2026-12-24", "+1m from 2026-11-24");
    assert_eq!(g["status"], "active");
    assert_eq!(g["progress"], 0);
    assert_eq!(g["meta"]["visibility"], "shared");
    assert_eq!(
        strings(&g["milestones"], "text"),
        ["Find a venue", "Draft a budget"]
    );
}

#[test]
fn goal_add_private_keeps_it_private() {
    let s = Sandbox::with_profile();
    let id = s.id(&["goal", "add", "Secret", "--private"]);
    assert_eq!(
        s.json(&["goal", "show", &id])["meta"]["visibility"],
        "private"
    );
}

#[test]
fn goal_add_with_a_malformed_target_stores_nothing() {
    let s = Sandbox::with_profile();
    let err = s.fails(&["goal", "add", "X", "--target", "2026-13-45"], 2);
    assert!(err.contains("is not a date"), "{err}");
    assert_eq!(array(&s.json(&["goal", "list", "--all"])).len(), 0);
}

#[test]
fn goal_list_shows_status_progress_steps_and_target() {
    let s = Sandbox::with_profile();
    let id = s.id(&[
        "goal",
        "add",
        "Curate a first exhibition",
        "--target",
        "2026-12-24",
        "--milestone",
        "Find a venue",
        "--milestone",
        "Draft a budget",
    ]);
    s.ok(&["goal", "progress", &id, "40"]);
    s.ok(&["goal", "milestone", &id, "1"]);
    let out = s.ok(&["goal", "list"]);
    let header = out.lines().next().unwrap();
    for col in ["ID", "STATUS", "PROGRESS", "STEPS", "TARGET", "TITLE"] {
        assert!(header.contains(col), "{out}");
    }
    let row = out.lines().nth(1).unwrap();
    assert!(
        id.starts_with(row.split_whitespace().next().unwrap()),
        "{out}"
    );
    for cell in [
        "active",
        "40 %",
        "1/2",
        "2026-12-24 (in 4 weeks)",
        "Curate a first exhibition",
    ] {
        assert!(row.contains(cell), "no {cell:?} in {out}");
    }
}

#[test]
fn goal_list_on_no_goals_says_how_to_add_one() {
    let s = Sandbox::with_profile();
    let out = s.ok(&["goal", "list"]);
    assert!(out.contains("No active goals"), "{out}");
    assert!(out.contains("tandem goal add"), "{out}");
}

#[test]
fn goal_list_hides_paused_and_achieved_goals_and_says_so() {
    let s = Sandbox::with_profile();
    s.add_goal("Still going");
    let paused = s.add_goal("On hold");
    let achieved = s.add_goal("Finished");
    s.ok(&["goal", "status", &paused, "paused"]);
    s.ok(&["goal", "status", &achieved, "achieved"]);

    let out = s.ok(&["goal", "list"]);
    assert!(out.contains("Still going"), "{out}");
    assert!(
        !out.contains("On hold") && !out.contains("Finished"),
        "{out}"
    );
    assert!(
        out.contains("(paused, achieved and dropped goals are hidden: --all shows them)"),
        "{out}"
    );
    assert_eq!(
        strings(&s.json(&["goal", "list"]), "title"),
        ["Still going"]
    );

    let all = s.ok(&["goal", "list", "--all"]);
    for t in ["Still going", "On hold", "Finished", "paused", "achieved"] {
        assert!(all.contains(t), "no {t} in {all}");
    }
    assert!(!all.contains("hidden"), "{all}");
    assert_eq!(array(&s.json(&["goal", "list", "--all"])).len(), 3);
}

#[test]
fn goal_list_without_inactive_goals_prints_no_hint() {
    let s = Sandbox::with_profile();
    s.add_goal("Still going");
    let out = s.ok(&["goal", "list"]);
    assert!(!out.contains("hidden"), "{out}");
}

#[test]
fn goal_show_prints_the_goal_with_milestones_and_history() {
    let s = Sandbox::with_profile();
    let id = s.id(&[
        "goal",
        "add",
        "Curate a first exhibition",
        "--why",
        "To learn by doing",
        "--criteria",
        "An opening night",
        "--target",
        "2026-12-24",
        "--milestone",
        "Find a venue",
        "--milestone",
        "Draft a budget",
    ]);
    let out = s.ok(&["goal", "show", &id[..6]]);
    assert_eq!(
        out.lines().next(),
        Some("Curate a first exhibition"),
        "{out}"
    );
    for text in [
        id.as_str(),
        "status      active",
        "progress    ░░░░░░░░░░ 0 %",
        "target      2026-12-24 (in 4 weeks)",
        "visibility  shared",
        "To learn by doing",
        "success criteria",
        "An opening night",
        "milestones  0 of 2 done",
        " 1 [ ] Find a venue",
        " 2 [ ] Draft a budget",
        "history",
        "2026-11-24",
    ] {
        assert!(out.contains(text), "no {text:?} in:\n{out}");
    }
}

#[test]
fn goal_ids_accept_any_case() {
    let s = Sandbox::with_profile();
    let id = s.add_goal("Shout");
    let upper = id[..8].to_uppercase();
    assert_eq!(record_id(&s.json(&["goal", "show", &upper])), id);
}

#[test]
fn goal_progress_updates_the_goal_and_its_history() {
    let s = Sandbox::with_profile();
    let id = s.add_goal("Curate");
    let out = s.ok(&["goal", "progress", &id, "40"]);
    assert!(out.contains("Updated goal"), "{out}");
    assert!(out.contains("████░░░░░░ 40 %"), "{out}");

    // A second change the same day replaces that day's point.
    s.ok(&["goal", "progress", &id, "45%"]);
    let g = s.json(&["goal", "show", &id]);
    assert_eq!(g["progress"], 45);
    assert_eq!(
        g["history"],
        serde_json::json!([{ "date": "2026-11-24", "progress": 45 }])
    );

    // A change another day adds a point.
    s.cmd()
        .env("TANDEM_NOW", "2026-11-30T09:00:00+00:00")
        .args(["goal", "progress", &id, "60"])
        .assert()
        .success();
    let g = s.json(&["goal", "show", &id]);
    assert_eq!(g["progress"], 60);
    assert_eq!(
        g["history"],
        serde_json::json!([
            { "date": "2026-11-24", "progress": 45 },
            { "date": "2026-11-30", "progress": 60 }
        ])
    );
}

#[test]
fn goal_progress_outside_0_to_100_is_refused() {
    let s = Sandbox::with_profile();
    let id = s.add_goal("Curate");
    s.ok(&["goal", "progress", &id, "30"]);
    for bad in ["101", "-1"] {
        let err = s.fails(&["goal", "progress", &id, bad], 2);
        assert!(err.contains("between 0 and 100"), "{bad}: {err}");
    }
    let err = s.fails(&["goal", "progress", &id, "lots"], 2);
    assert!(err.contains("'lots' is not a number"), "{err}");
    assert_eq!(s.json(&["goal", "show", &id])["progress"], 30);
}

#[test]
fn goal_status_sets_the_status_and_refuses_unknown_ones() {
    let s = Sandbox::with_profile();
    let id = s.add_goal("Curate");
    let out = s.ok(&["goal", "status", &id, "done"]);
    assert!(
        out.contains("Curate — achieved"),
        "`done` reads as achieved: {out}"
    );
    assert_eq!(s.json(&["goal", "show", &id])["status"], "achieved");
    s.ok(&["goal", "status", &id, "dropped"]);
    assert_eq!(s.json(&["goal", "show", &id])["status"], "dropped");

    let err = s.fails(&["goal", "status", &id, "sideways"], 2);
    assert!(err.contains("unknown goal status 'sideways'"), "{err}");
    assert!(err.contains("active, paused, achieved, dropped"), "{err}");
    assert_eq!(s.json(&["goal", "show", &id])["status"], "dropped");
}

#[test]
fn goal_milestone_ticks_and_unticks_a_step() {
    let s = Sandbox::with_profile();
    let id = s.id(&[
        "goal",
        "add",
        "Curate",
        "--milestone",
        "Find a venue",
        "--milestone",
        "Draft a budget",
    ]);
    let out = s.ok(&["goal", "milestone", &id, "2"]);
    assert_eq!(out.trim(), "[x] Draft a budget (1 of 2 done)");
    let g = s.json(&["goal", "show", &id]);
    assert_eq!(g["milestones"][0]["done"], false);
    assert_eq!(g["milestones"][1]["done"], true);

    let out = s.ok(&["goal", "milestone", &id, "2", "--undone"]);
    assert_eq!(out.trim(), "[ ] Draft a budget (0 of 2 done)");
    assert_eq!(
        s.json(&["goal", "show", &id])["milestones"][1]["done"],
        false
    );
}

#[test]
fn goal_milestone_out_of_range_is_refused() {
    let s = Sandbox::with_profile();
    let id = s.id(&[
        "goal",
        "add",
        "Curate",
        "--milestone",
        "a",
        "--milestone",
        "b",
    ]);
    let err = s.fails(&["goal", "milestone", &id, "9"], 2);
    assert!(
        err.contains("there is no milestone 9: 2 to choose from"),
        "{err}"
    );
    let err = s.fails(&["goal", "milestone", &id, "0"], 2);
    assert!(err.contains("there is no milestone 0"), "{err}");
    let g = s.json(&["goal", "show", &id]);
    assert!(array(&g["milestones"]).iter().all(|m| m["done"] == false));
}

#[test]
fn goal_edit_changes_title_target_and_milestones() {
    let s = Sandbox::with_profile();
    let id = s.id(&[
        "goal",
        "add",
        "Curate",
        "--target",
        "2026-12-24",
        "--milestone",
        "one",
        "--milestone",
        "two",
        "--milestone",
        "three",
    ]);
    let out = s.ok(&[
        "goal",
        "edit",
        &id,
        "--title",
        "Curate a show",
        "--why",
        "Because",
        "--target",
        "2027-03-01",
        "--remove-milestone",
        "1",
        "--remove-milestone",
        "3",
        "--add-milestone",
        "four",
    ]);
    assert!(
        out.contains("Updated goal") && out.contains("Curate a show"),
        "{out}"
    );
    let g = s.json(&["goal", "show", &id]);
    assert_eq!(g["title"], "Curate a show");
    assert_eq!(g["why"], "Because");
    assert_eq!(g["target"], "2027-03-01");
    assert_eq!(strings(&g["milestones"], "text"), ["two", "four"]);

    s.ok(&["goal", "edit", &id, "--no-target", "--private"]);
    let g = s.json(&["goal", "show", &id]);
    assert_eq!(g["target"], Value::Null);
    assert_eq!(g["meta"]["visibility"], "private");
    let out = s.ok(&["goal", "show", &id]);
    assert!(out.contains("target      —"), "{out}");

    s.ok(&["goal", "edit", &id, "--shared"]);
    assert_eq!(
        s.json(&["goal", "show", &id])["meta"]["visibility"],
        "shared"
    );
}

#[test]
fn goal_edit_refuses_bad_input_and_changes_nothing() {
    let s = Sandbox::with_profile();
    let id = s.id(&[
        "goal",
        "add",
        "Curate",
        "--target",
        "2026-12-24",
        "--milestone",
        "one",
    ]);
    let before = s.json(&["goal", "show", &id]);

    let err = s.fails(&["goal", "edit", &id, "--remove-milestone", "7"], 2);
    assert!(err.contains("there is no milestone 7"), "{err}");
    let err = s.fails(&["goal", "edit", &id, "--title", "  "], 2);
    assert!(err.contains("title must not be empty"), "{err}");
    let err = s.fails(&["goal", "edit", &id, "--target", "someday"], 2);
    assert!(err.contains("is not a date"), "{err}");
    s.fails(&["goal", "edit", &id, "--target", "+1m", "--no-target"], 2);

    assert_eq!(s.json(&["goal", "show", &id]), before);
}

#[test]
fn goal_rm_deletes_the_goal() {
    let s = Sandbox::with_profile();
    let keep = s.add_goal("Keep");
    let id = s.add_goal("Curate");
    let out = s.ok(&["goal", "rm", &id]);
    assert!(
        out.starts_with("Deleted goal ") && out.contains("Curate"),
        "{out}"
    );
    assert_eq!(ids(&s.json(&["goal", "list", "--all"])), [keep]);
    let err = s.fails(&["goal", "show", &id], 1);
    assert!(err.contains("no goal with id"), "{err}");
}

#[test]
fn an_unknown_goal_id_is_not_found() {
    let s = Sandbox::with_profile();
    s.add_goal("Curate");
    for missing in ["zzzz", "9", "7zzzzzzzzz"] {
        let err = s.fails(&["goal", "show", missing], 1);
        assert!(err.contains("no goal with id"), "{missing}: {err}");
    }
    let err = s.fails(&["goal", "progress", "zzzz", "10"], 1);
    assert!(err.contains("no goal with id 'zzzz'"), "{err}");
}

#[test]
fn an_ambiguous_id_prefix_is_refused() {
    let s = Sandbox::with_profile();
    let ids: Vec<String> = (0..12).map(|i| s.add_goal(&format!("Goal {i}"))).collect();
    // 12 ids, and the first character of an id has only 8 values (0-7).
    let mut seen = HashSet::new();
    let shared = ids
        .iter()
        .map(|id| &id[..1])
        .find(|c| !seen.insert(*c))
        .expect("two of 12 ids share their first character");
    let err = s.fails(&["goal", "show", shared], 1);
    assert!(
        err.contains(&format!("id '{shared}' is ambiguous")),
        "{err}"
    );
    // A longer prefix picks one goal.
    let full = ids.iter().find(|id| id.starts_with(shared)).unwrap();
    assert_eq!(record_id(&s.json(&["goal", "show", &full[..10]])), *full);
}

#[test]
fn a_goal_id_where_a_journal_entry_is_expected_is_not_found() {
    let s = Sandbox::with_profile();
    let goal = s.add_goal("Curate");
    let entry = s.id(&["journal", "add", "--notes", "Talk"]);
    let err = s.fails(&["journal", "show", &goal], 1);
    assert!(err.contains("no journal entry with id"), "{err}");
    let err = s.fails(&["journal", "done", &goal, "1"], 1);
    assert!(err.contains("no journal entry with id"), "{err}");
    let err = s.fails(&["goal", "show", &entry], 1);
    assert!(err.contains("no goal with id"), "{err}");
    let err = s.fails(&["reflect", "show", &goal], 1);
    assert!(err.contains("no reflection with id"), "{err}");
}

// ----- journal -------------------------------------------------------------------

#[test]
fn journal_add_with_a_relative_date_actions_and_a_goal() {
    let s = Sandbox::with_profile();
    let goal = s.add_goal("Curate");
    let out = s.ok(&[
        "journal",
        "add",
        "--date",
        "yesterday 14:00",
        "--notes",
        "Budget talk",
        "--action",
        "Send draft@friday",
        "--partner-action",
        "Introduce a curator@2026-12-01",
        "--goal",
        &goal[..6],
    ]);
    assert!(out.starts_with("Logged pair meeting "), "{out}");
    assert!(out.contains("Mon 2026-11-23 14:00, 2 actions"), "{out}");

    let e = &s.json(&["journal", "list"])[0];
    assert_eq!(e["at"], "2026-11-23T14:00:00Z");
    assert_eq!(e["kind"], "pair-meeting");
    assert_eq!(e["with"], "Marko", "the partner by default");
    assert_eq!(e["notes"], "Budget talk");
    assert_eq!(e["goals"], serde_json::json!([goal]));
    let actions = &e["actions"];
    assert_eq!(actions[0]["text"], "Send draft");
    assert_eq!(actions[0]["owner"], "me");
    assert_eq!(
        actions[0]["due"], "2026-11-27",
        "the Friday after Tue 2026-11-24"
    );
    assert_eq!(actions[1]["text"], "Introduce a curator");
    assert_eq!(actions[1]["owner"], "partner");
    assert_eq!(actions[1]["due"], "2026-12-01");
}

#[test]
fn journal_add_with_an_iso_date_a_kind_and_company() {
    let s = Sandbox::with_profile();
    let out = s.ok(&[
        "journal",
        "add",
        "--date",
        "2026-11-10",
        "--kind",
        "workshop",
        "--with",
        "Group B",
        "--notes",
        "Storytelling workshop",
    ]);
    assert!(
        out.contains("Logged workshop") && out.contains("Tue 2026-11-10"),
        "{out}"
    );
    let e = &s.json(&["journal", "list"])[0];
    assert_eq!(e["at"], "2026-11-10T00:00:00Z");
    assert_eq!(e["kind"], "workshop");
    assert_eq!(e["with"], "Group B");
    assert_eq!(array(&e["actions"]).len(), 0);

    s.ok(&[
        "journal",
        "add",
        "--date",
        "2026-11-12T09:30",
        "--notes",
        "Call",
    ]);
    assert_eq!(
        s.json(&["journal", "list"])[0]["at"],
        "2026-11-12T09:30:00Z"
    );
}

#[test]
fn relative_dates_before_today_are_accepted_as_option_values() {
    let s = Sandbox::with_profile();
    s.ok(&[
        "journal",
        "add",
        "--date",
        "-2w",
        "--notes",
        "Two weeks ago",
    ]);
    assert_eq!(
        s.json(&["journal", "list"])[0]["at"],
        "2026-11-10T00:00:00Z"
    );
    s.ok(&["reflect", "add", "Last week", "--date", "-1w"]);
    assert_eq!(s.json(&["reflect", "list"])[0]["date"], "2026-11-17");
    s.ok(&["consult", "add", "Missed", "--start", "-3d"]);
    assert_eq!(
        s.json(&["consult", "list", "--all"])[0]["start"],
        "2026-11-21T00:00:00Z"
    );
}

#[test]
fn relative_dates_before_today_work_with_an_equals_sign() {
    let s = Sandbox::with_profile();
    s.ok(&["journal", "add", "--date=-2w", "--notes", "Two weeks ago"]);
    assert_eq!(
        s.json(&["journal", "list"])[0]["at"],
        "2026-11-10T00:00:00Z"
    );
}

#[test]
fn journal_add_without_a_date_is_now() {
    let s = Sandbox::with_profile();
    let out = s.ok(&["journal", "add", "--notes", "Quick chat"]);
    assert!(out.contains("Tue 2026-11-24 10:00"), "{out}");
    assert_eq!(
        s.json(&["journal", "list"])[0]["at"],
        "2026-11-24T10:00:00Z"
    );
}

#[test]
fn journal_add_keeps_an_at_sign_that_is_not_a_due_date() {
    let s = Sandbox::with_profile();
    s.ok(&[
        "journal",
        "add",
        "--notes",
        "Mail",
        "--action",
        "Write to ana@example.org",
    ]);
    let a = &s.json(&["journal", "list"])[0]["actions"][0];
    assert_eq!(a["text"], "Write to ana@example.org");
    assert_eq!(a["due"], Value::Null);
}

#[test]
fn journal_add_with_a_malformed_date_is_refused() {
    let s = Sandbox::with_profile();
    for bad in ["2026-13-45", "someday"] {
        let err = s.fails(&["journal", "add", "--date", bad, "--notes", "x"], 2);
        assert!(err.contains(&format!("'{bad}' is not a date")), "{err}");
    }
    assert_eq!(array(&s.json(&["journal", "list"])).len(), 0);
}

#[test]
fn journal_add_with_an_unknown_goal_is_refused() {
    let s = Sandbox::with_profile();
    let err = s.fails(&["journal", "add", "--notes", "x", "--goal", "zzzz"], 1);
    assert!(err.contains("no goal with id 'zzzz'"), "{err}");
    assert_eq!(array(&s.json(&["journal", "list"])).len(), 0);
}

#[test]
fn journal_list_shows_the_newest_meetings_first() {
    let s = Sandbox::with_profile();
    let old = s.id(&[
        "journal",
        "add",
        "--date",
        "2026-10-01",
        "--notes",
        "Oldest",
    ]);
    let new = s.id(&["journal", "add", "--date", "yesterday", "--notes", "Newest"]);
    let mid = s.id(&[
        "journal",
        "add",
        "--date",
        "2026-11-10",
        "--notes",
        "Middle",
        "--action",
        "a",
    ]);
    assert_eq!(
        ids(&s.json(&["journal", "list"])),
        [new.as_str(), mid.as_str(), old.as_str()]
    );

    let out = s.ok(&["journal", "list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("WHEN") && lines[0].contains("NOTES"),
        "{out}"
    );
    assert!(
        lines[1].contains("Newest") && lines[1].contains("Mon 2026-11-23"),
        "{out}"
    );
    assert!(
        lines[2].contains("Middle") && lines[2].contains("1 open"),
        "{out}"
    );
    assert!(
        lines[3].contains("Oldest") && lines[3].contains("Thu 2026-10-01"),
        "{out}"
    );

    assert_eq!(
        ids(&s.json(&["journal", "list", "--limit", "2"])),
        [new.as_str(), mid.as_str()]
    );
    let out = s.ok(&["journal", "list", "--limit", "1"]);
    assert!(out.contains("Newest") && !out.contains("Middle"), "{out}");
}

#[test]
fn journal_list_on_no_meetings_says_how_to_log_one() {
    let s = Sandbox::with_profile();
    let out = s.ok(&["journal", "list"]);
    assert!(out.contains("No meetings logged yet"), "{out}");
}

#[test]
fn journal_show_prints_the_meeting_with_its_actions_and_goals() {
    let s = Sandbox::with_profile();
    let goal = s.add_goal("Curate a first exhibition");
    let id = s.id(&[
        "journal",
        "add",
        "--date",
        "yesterday 14:00",
        "--notes",
        "Budget talk\nand the venue",
        "--action",
        "Send draft@friday",
        "--partner-action",
        "Introduce a curator@-4d",
        "--goal",
        &goal,
    ]);
    let out = s.ok(&["journal", "show", &id]);
    for text in [
        "Mon 2026-11-23 14:00 — ",
        "with Marko",
        id.as_str(),
        "    Budget talk",
        "    and the venue",
        "actions 2 open of 2",
        "2026-11-27 (in 3 days)",
        "Send draft",
        "partner",
        "2026-11-20 (4 days late)",
        "Introduce a curator",
        "Curate a first exhibition",
    ] {
        assert!(out.contains(text), "no {text:?} in:\n{out}");
    }
}

#[test]
fn journal_actions_lists_overdue_actions_first() {
    let s = Sandbox::with_profile();
    // The newest meeting has the action due later; the older one's is late.
    let older = s.id(&[
        "journal",
        "add",
        "--date",
        "2026-11-10",
        "--notes",
        "Older",
        "--action",
        "Book the venue@2026-11-20",
    ]);
    let newer = s.id(&[
        "journal",
        "add",
        "--date",
        "yesterday",
        "--notes",
        "Newer",
        "--action",
        "Send the draft@2026-12-01",
        "--action",
        "Read the book",
    ]);
    let out = s.ok(&["journal", "actions"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("ACTION") && lines[0].contains("DUE"),
        "{out}"
    );
    assert!(lines[1].contains("Book the venue"), "overdue first:\n{out}");
    assert!(lines[1].contains("2026-11-20 (4 days late)"), "{out}");
    assert!(lines[2].contains("Send the draft"), "{out}");
    assert!(lines[2].contains("2026-12-01 (in 7 days)"), "{out}");
    assert!(!lines[2].contains("late"), "{out}");
    assert!(lines[3].contains("Read the book"), "undated last:\n{out}");
    assert!(out.contains("3 open, 1 overdue."), "{out}");

    let rows = s.json(&["journal", "actions"]);
    assert_eq!(
        strings(&rows, "entry"),
        [older.as_str(), newer.as_str(), newer.as_str()]
    );
    assert_eq!(rows[0]["overdue"], true);
    assert_eq!(rows[1]["overdue"], false);
    assert_eq!(rows[1]["n"], 1);
    assert_eq!(rows[2]["n"], 2);
}

#[test]
fn journal_done_ticks_an_action_and_actions_open_hides_it() {
    let s = Sandbox::with_profile();
    let id = s.id(&[
        "journal",
        "add",
        "--notes",
        "Talk",
        "--action",
        "Send draft@friday",
        "--action",
        "Call the gallery",
    ]);
    let out = s.ok(&["journal", "done", &id, "1"]);
    assert!(out.contains("[x] Send draft"), "{out}");
    assert!(out.contains("1 still open in this meeting"), "{out}");
    let e = s.json(&["journal", "show", &id]);
    assert_eq!(e["actions"][0]["done"], true);
    assert_eq!(e["actions"][1]["done"], false);

    let open = s.ok(&["journal", "actions", "--open"]);
    assert!(
        !open.contains("Send draft") && open.contains("Call the gallery"),
        "{open}"
    );
    assert_eq!(
        strings(&s.json(&["journal", "actions", "--open"]), "text"),
        ["Call the gallery"]
    );
    let all = s.ok(&["journal", "actions"]);
    assert!(all.contains("[x]") && all.contains("Send draft"), "{all}");

    s.ok(&["journal", "done", &id, "2"]);
    assert!(
        s.ok(&["journal", "actions", "--open"])
            .contains("No open actions.")
    );

    s.ok(&["journal", "done", &id, "1", "--undone"]);
    assert_eq!(
        s.json(&["journal", "show", &id])["actions"][0]["done"],
        false
    );
}

#[test]
fn journal_done_with_a_number_out_of_range_is_refused() {
    let s = Sandbox::with_profile();
    let id = s.id(&[
        "journal", "add", "--notes", "Talk", "--action", "a", "--action", "b",
    ]);
    for n in ["3", "0"] {
        let err = s.fails(&["journal", "done", &id, n], 2);
        assert!(
            err.contains(&format!("there is no action {n}: 2 to choose from")),
            "{err}"
        );
    }
    let e = s.json(&["journal", "show", &id]);
    assert!(array(&e["actions"]).iter().all(|a| a["done"] == false));
}

#[test]
fn journal_edit_changes_the_meeting_and_adds_actions() {
    let s = Sandbox::with_profile();
    let goal = s.add_goal("Curate");
    let id = s.id(&["journal", "add", "--notes", "Talk", "--action", "First"]);
    let out = s.ok(&[
        "journal",
        "edit",
        &id,
        "--date",
        "2026-11-22 09:30",
        "--notes",
        "Talk, revised",
        "--kind",
        "other",
        "--with",
        "Marko and Eva",
        "--action",
        "Second@+2w",
        "--goal",
        &goal,
    ]);
    assert!(
        out.contains("Updated other") && out.contains("Sun 2026-11-22 09:30, 2 actions"),
        "{out}"
    );
    let e = s.json(&["journal", "show", &id]);
    assert_eq!(e["at"], "2026-11-22T09:30:00Z");
    assert_eq!(e["notes"], "Talk, revised");
    assert_eq!(e["kind"], "other");
    assert_eq!(e["with"], "Marko and Eva");
    assert_eq!(strings(&e["actions"], "text"), ["First", "Second"]);
    assert_eq!(e["actions"][1]["due"], "2026-12-08");
    assert_eq!(e["goals"], serde_json::json!([goal]));
}

#[test]
fn journal_edit_with_a_malformed_date_changes_nothing() {
    let s = Sandbox::with_profile();
    let id = s.id(&["journal", "add", "--notes", "Talk"]);
    let before = s.json(&["journal", "show", &id]);
    let err = s.fails(
        &["journal", "edit", &id, "--date", "someday", "--notes", "x"],
        2,
    );
    assert!(err.contains("is not a date"), "{err}");
    assert_eq!(s.json(&["journal", "show", &id]), before);
}

#[test]
fn journal_rm_deletes_the_meeting_and_its_actions() {
    let s = Sandbox::with_profile();
    let keep = s.id(&["journal", "add", "--notes", "Keep"]);
    let id = s.id(&[
        "journal",
        "add",
        "--date",
        "yesterday 14:00",
        "--notes",
        "Talk",
        "--action",
        "a",
    ]);
    let out = s.ok(&["journal", "rm", &id]);
    assert!(
        out.contains("Deleted the meeting") && out.contains("Mon 2026-11-23 14:00"),
        "{out}"
    );
    assert_eq!(ids(&s.json(&["journal", "list"])), [keep]);
    assert_eq!(array(&s.json(&["journal", "actions"])).len(), 0);
    let err = s.fails(&["journal", "show", &id], 1);
    assert!(err.contains("no journal entry with id"), "{err}");
}

// ----- reflect -------------------------------------------------------------------

#[test]
fn reflect_add_is_private_by_default() {
    let s = Sandbox::with_profile();
    let out = s.ok(&["reflect", "add", "I avoid asking for help."]);
    assert!(out.contains("(private: only you see it)"), "{out}");
    let r = &s.json(&["reflect", "list"])[0];
    assert_eq!(r["meta"]["visibility"], "private");
    assert_eq!(r["text"], "I avoid asking for help.");
    assert_eq!(r["date"], "2026-11-24");
}

#[test]
fn reflect_add_shared_with_tags_prompt_goal_and_date() {
    let s = Sandbox::with_profile();
    let goal = s.add_goal("Curate");
    let out = s.ok(&[
        "reflect",
        "add",
        "Asking went well.",
        "--shared",
        "--tag",
        "#Leadership",
        "--tag",
        "growth",
        "--prompt",
        "What surprised you?",
        "--goal",
        &goal,
        "--date",
        "yesterday",
    ]);
    assert!(out.contains("(shared with your partner)"), "{out}");
    let r = &s.json(&["reflect", "list"])[0];
    assert_eq!(r["meta"]["visibility"], "shared");
    assert_eq!(r["tags"], serde_json::json!(["leadership", "growth"]));
    assert_eq!(r["prompt"], "What surprised you?");
    assert_eq!(r["goal"], goal.as_str());
    assert_eq!(r["date"], "2026-11-23");
}

#[test]
fn reflect_add_with_a_bad_tag_is_refused() {
    let s = Sandbox::with_profile();
    let err = s.fails(&["reflect", "add", "Text", "--tag", "two words"], 2);
    assert!(err.contains("tag 'two words' is not valid"), "{err}");
    assert_eq!(array(&s.json(&["reflect", "list"])).len(), 0);
}

#[test]
fn reflect_list_shows_newest_first_and_filters_by_tag() {
    let s = Sandbox::with_profile();
    let old = s.id(&[
        "reflect",
        "add",
        "Older",
        "--tag",
        "leadership",
        "--date",
        "2026-11-17",
    ]);
    let new = s.id(&["reflect", "add", "Newer", "--tag", "growth"]);
    assert_eq!(
        ids(&s.json(&["reflect", "list"])),
        [new.as_str(), old.as_str()]
    );

    let out = s.ok(&["reflect", "list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].contains("VISIBILITY") && lines[0].contains("TAGS"),
        "{out}"
    );
    assert!(
        lines[1].contains("Newer") && lines[1].contains("#growth"),
        "{out}"
    );
    assert!(
        lines[2].contains("Older") && lines[2].contains("2026-11-17"),
        "{out}"
    );

    let out = s.ok(&["reflect", "list", "--tag", "#Leadership"]);
    assert!(out.contains("Older") && !out.contains("Newer"), "{out}");
    assert_eq!(
        ids(&s.json(&["reflect", "list", "--tag", "leadership"])),
        [old]
    );
    let out = s.ok(&["reflect", "list", "--tag", "nothing"]);
    assert!(out.contains("No reflections tagged #nothing."), "{out}");
    assert_eq!(ids(&s.json(&["reflect", "list", "--limit", "1"])), [new]);
}

#[test]
fn reflect_show_prints_the_reflection() {
    let s = Sandbox::with_profile();
    let goal = s.add_goal("Curate a first exhibition");
    let id = s.id(&[
        "reflect",
        "add",
        "First line\nSecond line",
        "--tag",
        "growth",
        "--prompt",
        "What surprised you?",
        "--goal",
        &goal,
    ]);
    let out = s.ok(&["reflect", "show", &id]);
    for text in [
        "2026-11-24 — private",
        "prompt  What surprised you?",
        "tags    #growth",
        "goal    Curate a first exhibition",
        "  First line",
        "  Second line",
    ] {
        assert!(out.contains(text), "no {text:?} in:\n{out}");
    }
}

#[test]
fn reflect_share_and_private_toggle_the_visibility() {
    let s = Sandbox::with_profile();
    let id = s.id(&["reflect", "add", "Thoughts"]);
    let out = s.ok(&["reflect", "share", &id]);
    assert!(out.contains("(shared with your partner)"), "{out}");
    assert_eq!(
        s.json(&["reflect", "show", &id])["meta"]["visibility"],
        "shared"
    );
    let out = s.ok(&["reflect", "private", &id]);
    assert!(out.contains("(private: only you see it)"), "{out}");
    assert_eq!(
        s.json(&["reflect", "show", &id])["meta"]["visibility"],
        "private"
    );
    assert!(s.ok(&["reflect", "list"]).contains("private"));
}

#[test]
fn reflect_rm_deletes_the_reflection() {
    let s = Sandbox::with_profile();
    let keep = s.id(&["reflect", "add", "Keep"]);
    let id = s.id(&["reflect", "add", "Thoughts"]);
    let out = s.ok(&["reflect", "rm", &id]);
    assert!(
        out.contains("Deleted reflection") && out.contains("2026-11-24"),
        "{out}"
    );
    assert_eq!(ids(&s.json(&["reflect", "list"])), [keep]);
    let err = s.fails(&["reflect", "show", &id], 1);
    assert!(err.contains("no reflection with id"), "{err}");
}

// ----- consult -------------------------------------------------------------------

#[test]
fn consult_add_with_a_start_and_an_end() {
    let s = Sandbox::with_profile();
    let out = s.ok(&[
        "consult",
        "add",
        "Quarter-mark consultation",
        "--start",
        "2026-12-03 14:00",
        "--end",
        "2026-12-03 16:00",
        "--place",
        "Room 4",
        "--notes",
        "Bring your goals",
    ]);
    assert!(
        out.contains("Added consultation")
            && out.contains("Quarter-mark consultation — Thu 2026-12-03 14:00–16:00 (in 9 days)"),
        "{out}"
    );
    let c = &s.json(&["consult", "list"])[0];
    assert_eq!(c["title"], "Quarter-mark consultation");
    assert_eq!(c["start"], "2026-12-03T14:00:00Z");
    assert_eq!(c["end"], "2026-12-03T16:00:00Z");
    assert_eq!(c["all_day"], false);
    assert_eq!(c["kind"], "consultation");
    assert_eq!(c["audience"], "everyone");
    assert_eq!(c["place"], "Room 4");
    assert_eq!(c["notes"], "Bring your goals");
}

#[test]
fn consult_add_all_day() {
    let s = Sandbox::with_profile();
    let out = s.ok(&[
        "consult",
        "add",
        "Programme day",
        "--start",
        "2026-12-10 09:00",
        "--all-day",
        "--kind",
        "workshop",
        "--audience",
        "mentees",
    ]);
    assert!(
        out.contains("Added workshop") && out.contains("Thu 2026-12-10 (all day)"),
        "{out}"
    );
    let c = &s.json(&["consult", "list"])[0];
    assert_eq!(c["all_day"], true);
    assert_eq!(
        c["start"], "2026-12-10T00:00:00Z",
        "an all-day event starts at midnight"
    );
    assert_eq!(c["kind"], "workshop");
    assert_eq!(c["audience"], "mentees");
}

#[test]
fn consult_add_with_a_date_alone_is_all_day() {
    let s = Sandbox::with_profile();
    let out = s.ok(&["consult", "add", "Kick-off", "--start", "2026-12-05"]);
    assert!(
        out.contains("Sat 2026-12-05 (all day) (in 11 days)"),
        "{out}"
    );
    let c = &s.json(&["consult", "list"])[0];
    assert_eq!(c["all_day"], true);
    assert_eq!(c["start"], "2026-12-05T00:00:00Z");
    assert_eq!(c["end"], Value::Null);
}

#[test]
fn consult_add_with_a_date_alone_for_start_and_end_is_all_day_over_those_days() {
    let s = Sandbox::with_profile();
    let out = s.ok(&[
        "consult",
        "add",
        "Retreat",
        "--start",
        "2026-12-05",
        "--end",
        "2026-12-06",
    ]);
    assert!(
        out.contains("Sat 2026-12-05 – Sun 2026-12-06 (all day)"),
        "{out}"
    );
    assert!(!out.contains("2026-12-07"), "{out}");
    let c = &s.json(&["consult", "list"])[0];
    assert_eq!(c["all_day"], true);
}

#[test]
fn consult_add_with_the_end_before_the_start_is_refused() {
    let s = Sandbox::with_profile();
    let err = s.fails(
        &[
            "consult",
            "add",
            "Backwards",
            "--start",
            "2026-12-03 14:00",
            "--end",
            "2026-12-03 13:00",
        ],
        2,
    );
    assert!(err.contains("before"), "{err}");
    assert!(
        err.contains("2026-12-03 13:00") && err.contains("2026-12-03 14:00"),
        "{err}"
    );
    assert_eq!(array(&s.json(&["consult", "list", "--all"])).len(), 0);
}

#[test]
fn consult_add_refuses_bad_values() {
    let s = Sandbox::with_profile();
    let err = s.fails(
        &[
            "consult",
            "add",
            "X",
            "--start",
            "2026-12-03 14:00",
            "--audience",
            "martians",
        ],
        2,
    );
    assert!(err.contains("unknown audience 'martians'"), "{err}");
    assert!(err.contains("mentors, mentees, everyone, pair"), "{err}");
    let err = s.fails(&["consult", "add", "X", "--start", "someday"], 2);
    assert!(err.contains("is not a date"), "{err}");
    // The last day of an all-day event cannot come before its first.
    let err = s.fails(
        &[
            "consult",
            "add",
            "X",
            "--start",
            "2026-12-03",
            "--end",
            "2026-12-02",
            "--all-day",
        ],
        2,
    );
    assert!(err.contains("before"), "{err}");
    s.fails(&["consult", "add", "X"], 2);
    assert_eq!(array(&s.json(&["consult", "list", "--all"])).len(), 0);
}

#[test]
fn consult_list_shows_only_upcoming_events_with_a_countdown() {
    let s = Sandbox::with_profile();
    let later = s.id(&["consult", "add", "Later", "--start", "2026-12-10"]);
    let soon = s.id(&[
        "consult",
        "add",
        "Soon",
        "--start",
        "2026-12-03 14:00",
        "--end",
        "2026-12-03 16:00",
    ]);
    let past = s.id(&["consult", "add", "Past", "--start", "2026-11-01 10:00"]);

    let out = s.ok(&["consult", "list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("COUNTDOWN"), "{out}");
    assert!(
        lines[1].contains("Soon") && lines[1].contains("in 9 days"),
        "soonest first:\n{out}"
    );
    assert!(
        lines[2].contains("Later") && lines[2].contains("in 2 weeks"),
        "{out}"
    );
    assert!(!out.contains("Past"), "{out}");
    assert_eq!(
        ids(&s.json(&["consult", "list"])),
        [soon.as_str(), later.as_str()]
    );

    let all = s.ok(&["consult", "list", "--all"]);
    assert!(all.contains("Past") && all.contains("3 weeks ago"), "{all}");
    assert_eq!(
        ids(&s.json(&["consult", "list", "--all"])),
        [soon.as_str(), later.as_str(), past.as_str()]
    );
}

#[test]
fn consult_list_counts_an_event_under_way_as_now() {
    let s = Sandbox::with_profile();
    s.ok(&[
        "consult",
        "add",
        "Today",
        "--start",
        "today 09:00",
        "--end",
        "today 11:00",
    ]);
    let out = s.ok(&["consult", "list"]);
    assert!(out.contains("Today") && out.contains("now"), "{out}");
}

#[test]
fn consult_list_with_nothing_coming_says_so() {
    let s = Sandbox::with_profile();
    let out = s.ok(&["consult", "list"]);
    assert!(out.contains("Nothing coming up."), "{out}");
    s.ok(&["consult", "add", "Past", "--start", "2026-11-01 10:00"]);
    let out = s.ok(&["consult", "list", "--all"]);
    assert!(
        out.contains("Past") && out.contains("(nothing coming up)"),
        "{out}"
    );
}

#[test]
fn consult_show_prints_the_event() {
    let s = Sandbox::with_profile();
    let id = s.id(&[
        "consult",
        "add",
        "Quarter-mark consultation",
        "--start",
        "2026-12-03 14:00",
        "--end",
        "2026-12-03 16:00",
        "--audience",
        "pair",
        "--place",
        "Room 4",
        "--notes",
        "Bring your goals",
    ]);
    let out = s.ok(&["consult", "show", &id]);
    for text in [
        "Quarter-mark consultation",
        id.as_str(),
        "when      Thu 2026-12-03 14:00–16:00 (in 9 days)",
        "kind      consultation",
        "audience  pair",
        "place     Room 4",
        "    Bring your goals",
    ] {
        assert!(out.contains(text), "no {text:?} in:\n{out}");
    }
}

#[test]
fn consult_rm_deletes_the_event() {
    let s = Sandbox::with_profile();
    let keep = s.id(&["consult", "add", "Keep", "--start", "2026-12-10"]);
    let id = s.id(&["consult", "add", "Kick-off", "--start", "2026-12-05"]);
    let out = s.ok(&["consult", "rm", &id]);
    assert!(
        out.contains("Deleted consultation") && out.contains("Kick-off"),
        "{out}"
    );
    assert_eq!(ids(&s.json(&["consult", "list", "--all"])), [keep]);
    let err = s.fails(&["consult", "show", &id], 1);
    assert!(err.contains("no consultation with id"), "{err}");
}

// ----- checkin -------------------------------------------------------------------

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
}

// ----- export and import ------------------------------------------------------------

/// A store with one record of every kind.
fn full_store() -> Sandbox {
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

#[test]
fn export_to_standard_output_is_the_whole_store_as_json() {
    let s = full_store();
    let doc: Value = serde_json::from_str(&s.export()).expect("the export is JSON");
    assert_eq!(doc["format"], "tandem-export");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["default_profile"], doc["profiles"][0]["id"]);
    for kind in [
        "profiles",
        "goals",
        "journal",
        "reflections",
        "consultations",
        "checkins",
    ] {
        assert_eq!(array(&doc[kind]).len(), 1, "{kind}");
    }
}

#[test]
fn export_then_import_into_an_empty_store_then_export_gives_the_same_bytes() {
    let source = full_store();
    let first = source.file("first.json");
    let out = source.ok(&["export", "--format", "json", &path_str(&first)]);
    assert!(out.contains("Exported 5 records of 1 profile to"), "{out}");

    let target = Sandbox::empty();
    let out = target.ok(&["import", &path_str(&first)]);
    assert!(out.contains("6 new, 0 updated, 0 unchanged"), "{out}");
    let second = target.file("second.json");
    target.ok(&["export", "--format", "json", &path_str(&second)]);

    let a = std::fs::read(&first).unwrap();
    let b = std::fs::read(&second).unwrap();
    assert!(a == b, "the exports differ");
    // And the imported store works as the original did.
    assert_eq!(
        target.json(&["goal", "list"]),
        source.json(&["goal", "list"])
    );
}

#[test]
fn importing_the_same_export_twice_adds_nothing_the_second_time() {
    let source = full_store();
    let file = source.file("export.json");
    source.ok(&["export", &path_str(&file)]);
    let target = Sandbox::empty();
    target.ok(&["import", &path_str(&file)]);
    let after_first = target.export();
    let out = target.ok(&["import", &path_str(&file)]);
    assert!(out.contains("0 new, 0 updated, 6 unchanged"), "{out}");
    let report = target.json(&["import", &path_str(&file)]);
    assert_eq!(
        report,
        serde_json::json!({ "new": 0, "updated": 0, "unchanged": 6 })
    );
    assert_eq!(target.export(), after_first);
}

/// A store holding its own data, to import bad files into.
fn import_target() -> Sandbox {
    let t = Sandbox::with_profile();
    t.add_goal("Mine");
    t
}

/// Imports `file` into `target`, expecting exit 1, a message containing
/// `message`, and the store unchanged; returns standard error.
fn refused_import(target: &Sandbox, file: &str, message: &str) -> String {
    let before = target.export();
    let err = target.fails(&["import", file], 1);
    assert!(err.contains("cannot import"), "{err}");
    assert!(err.contains(message), "no {message:?} in: {err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(target.export(), before, "the store changed");
    err
}

#[test]
fn import_of_a_file_that_is_not_json_is_refused() {
    let t = import_target();
    let file = t.write("notes.txt", "Just some notes, not JSON.\n");
    refused_import(&t, &file, "it is not valid JSON");
}

#[test]
fn import_of_json_that_is_not_an_export_is_refused() {
    let t = import_target();
    let file = t.write("other.json", r#"{ "hello": "world" }"#);
    refused_import(&t, &file, "it is not a tandem export");
    let file = t.write("list.json", "[1, 2, 3]");
    refused_import(&t, &file, "it is not a tandem export");
}

#[test]
fn import_of_a_newer_export_version_is_refused() {
    let source = full_store();
    let mut doc: Value = serde_json::from_str(&source.export()).unwrap();
    doc["version"] = Value::from(99);
    let t = import_target();
    let file = t.write("v99.json", &doc.to_string());
    refused_import(&t, &file, "version 99");
}

#[test]
fn import_of_an_export_missing_its_records_is_refused() {
    let t = import_target();
    let file = t.write(
        "short.json",
        r#"{ "format": "tandem-export", "version": 1 }"#,
    );
    refused_import(&t, &file, "does not have the shape");
}

#[test]
fn import_of_an_export_with_an_invalid_record_is_refused() {
    let source = full_store();
    let mut doc: Value = serde_json::from_str(&source.export()).unwrap();
    doc["goals"][0]["progress"] = Value::from(150);
    let goal = record_id(&doc["goals"][0]);
    let t = import_target();
    let file = t.write("bad-progress.json", &doc.to_string());
    let err = refused_import(&t, &file, "progress must be between 0 and 100");
    assert!(err.contains(&goal), "it names the record: {err}");
}

#[test]
fn import_of_a_missing_file_is_refused() {
    let t = import_target();
    let file = path_str(&t.file("nowhere.json"));
    refused_import(&t, &file, "nowhere.json");
}

#[test]
fn export_refuses_an_unknown_format() {
    let s = Sandbox::with_profile();
    let err = s.fails(&["export", "--format", "csv"], 2);
    assert!(err.contains("csv") && err.contains("json"), "{err}");
}

#[test]
fn import_errors_do_not_print_escape_sequences_from_the_file() {
    let source = Sandbox::with_profile();
    source.ok(&["reflect", "add", "Thoughts", "--tag", "growth"]);
    let mut doc: Value = serde_json::from_str(&source.export()).unwrap();
    doc["reflections"][0]["tags"][0] = Value::from("\u{1b}]0;pwned\u{7}x");
    let t = import_target();
    let file = t.write("evil.json", &doc.to_string());
    let err = refused_import(&t, &file, "is not valid");
    assert!(!err.contains(ESC), "ESC on stderr: {err:?}");
    assert!(!err.contains('\u{7}'), "BEL on stderr: {err:?}");
}

#[test]
fn import_never_leaves_two_local_profiles_with_the_same_name() {
    let source = Sandbox::with_profile();
    source.add_goal("From the laptop");
    let file = source.file("laptop.json");
    source.ok(&["export", &path_str(&file)]);

    let target = Sandbox::with_profile();
    let _ = target.cmd().args(["import", &path_str(&file)]).output();
    let profiles = target.json(&["profile", "list"]);
    let mut names = HashSet::new();
    for p in array(&profiles).iter().filter(|p| p["origin"] == "local") {
        let name = p["name"].as_str().unwrap().to_lowercase();
        assert!(
            names.insert(name.clone()),
            "two local profiles named {name}: {profiles}"
        );
    }
}

// ----- safe output -----------------------------------------------------------------

#[test]
fn escape_sequences_in_user_text_are_not_printed() {
    let s = Sandbox::with_profile();
    let evil = "\u{1b}]0;pwned\u{7}Title";
    let goal = s.id(&[
        "goal",
        "add",
        evil,
        "--why",
        "\u{1b}[2Jwhy",
        "--milestone",
        "\u{1b}[31mred step",
    ]);
    let entry = s.id(&[
        "journal",
        "add",
        "--notes",
        "\u{1b}]0;pwned\u{7}notes",
        "--with",
        "\u{1b}[1mMarko",
        "--action",
        "\u{1b}[1mact",
        "--goal",
        &goal,
    ]);
    let reflection = s.id(&[
        "reflect",
        "add",
        "\u{1b}]0;pwned\u{7}refl",
        "--prompt",
        "\u{1b}[1mP",
    ]);
    let event = s.id(&[
        "consult",
        "add",
        "\u{1b}]0;pwned\u{7}event",
        "--start",
        "tomorrow",
        "--place",
        "\u{1b}[1mRoom",
        "--notes",
        "\u{1b}[1mnotes",
    ]);
    s.ok(&[
        "checkin",
        "--mood",
        "3",
        "--energy",
        "3",
        "--win",
        "\u{1b}[1mwin",
    ]);

    let commands: Vec<Vec<&str>> = vec![
        vec!["goal", "add", evil],
        vec!["goal", "list"],
        vec!["goal", "list", "--all"],
        vec!["goal", "show", &goal],
        vec!["goal", "progress", &goal, "10"],
        vec!["goal", "milestone", &goal, "1"],
        vec!["goal", "edit", &goal, "--add-milestone", "x"],
        vec!["journal", "list"],
        vec!["journal", "show", &entry],
        vec!["journal", "actions"],
        vec!["journal", "done", &entry, "1"],
        vec!["reflect", "list"],
        vec!["reflect", "show", &reflection],
        vec!["consult", "list"],
        vec!["consult", "show", &event],
        vec!["checkin", "list"],
        vec!["consult", "rm", &event],
        vec!["goal", "rm", &goal],
    ];
    for args in &commands {
        let out = s.ok(args);
        assert!(
            !out.contains(ESC),
            "`tandem {}` printed ESC: {out:?}",
            args.join(" ")
        );
        assert!(
            !out.contains('\u{7}'),
            "`tandem {}` printed BEL: {out:?}",
            args.join(" ")
        );
    }
    let out = s.ok(&["goal", "list"]);
    assert!(
        out.contains("Title"),
        "the rest of the title is shown: {out}"
    );
    assert!(!out.contains("pwned"), "{out}");
}

#[test]
fn escape_sequences_in_profile_names_are_not_printed() {
    let s = Sandbox::empty();
    let out = s.ok(&[
        "init",
        "--name",
        "\u{1b}[31mAna",
        "--role",
        "mentee",
        "--partner",
        "\u{1b}]0;x\u{7}Marko",
    ]);
    assert!(!out.contains(ESC), "{out:?}");
    assert!(out.contains("Ana") && out.contains("Marko"), "{out}");
    let out = s.ok(&["profile", "list"]);
    assert!(!out.contains(ESC), "{out:?}");
}

// ----- quiet output --------------------------------------------------------------------

#[test]
fn quiet_prints_only_the_short_id_of_what_was_added() {
    let s = Sandbox::with_profile();
    let goal = s.ok(&["-q", "goal", "add", "Curate"]);
    let goal = goal.trim();
    assert!(goal.len() >= 4 && !goal.contains(' '), "{goal:?}");
    let full = record_id(&s.json(&["goal", "list"])[0]);
    assert!(full.starts_with(goal), "{goal} is a prefix of {full}");

    // The printed id can be used directly by the next command.
    let out = s.ok(&["--quiet", "goal", "progress", goal, "30"]);
    assert_eq!(out.trim(), goal);
    assert_eq!(s.json(&["goal", "show", goal])["progress"], 30);

    for args in [
        &["-q", "journal", "add", "--notes", "Talk", "--goal", goal][..],
        &["-q", "reflect", "add", "Thoughts"],
        &["-q", "consult", "add", "Kick-off", "--start", "2026-12-05"],
    ] {
        let out = s.ok(args);
        assert_eq!(out.lines().count(), 1, "{out:?}");
        assert!(!out.trim().contains(' '), "{out:?}");
    }
    let entry = s.ok(&["-q", "journal", "add", "--notes", "Again"]);
    assert_eq!(s.json(&["journal", "show", entry.trim()])["notes"], "Again");
}

#[test]
fn quiet_prints_only_the_id_for_checkin_and_init() {
    let s = Sandbox::empty();
    let out = s.ok(&["-q", "init", "--name", "Ana", "--role", "mentee"]);
    let profile = s.json(&["profile", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        profile.starts_with(out.trim()) && !out.trim().is_empty(),
        "{out:?}"
    );
    let out = s.ok(&["-q", "checkin", "--mood", "3", "--energy", "3"]);
    let checkin = record_id(&s.json(&["checkin", "list"])[0]);
    assert!(
        checkin.starts_with(out.trim()) && !out.trim().is_empty(),
        "{out:?}"
    );
}

// ----- JSON output -------------------------------------------------------------------

#[test]
fn every_listing_and_show_prints_json_with_json() {
    let s = full_store();
    let goal = record_id(&s.json(&["goal", "list"])[0]);
    let entry = record_id(&s.json(&["journal", "list"])[0]);
    let reflection = record_id(&s.json(&["reflect", "list"])[0]);
    let event = record_id(&s.json(&["consult", "list"])[0]);

    let listings: &[&[&str]] = &[
        &["profile", "list"],
        &["goal", "list"],
        &["goal", "list", "--all"],
        &["journal", "list"],
        &["journal", "actions"],
        &["journal", "actions", "--open"],
        &["reflect", "list"],
        &["reflect", "list", "--tag", "growth"],
        &["consult", "list"],
        &["consult", "list", "--all"],
        &["checkin", "list"],
    ];
    for args in listings {
        let v = s.json(args);
        assert!(
            !array(&v).is_empty(),
            "`tandem {}` --json is empty",
            args.join(" ")
        );
    }
    for (kind, id) in [
        ("goal", &goal),
        ("journal", &entry),
        ("reflect", &reflection),
        ("consult", &event),
    ] {
        let v = s.json(&[kind, "show", id]);
        assert_eq!(record_id(&v), *id, "{kind} show");
    }
}

#[test]
fn empty_listings_print_empty_json_arrays() {
    let s = Sandbox::with_profile();
    for args in [
        &["goal", "list"][..],
        &["journal", "list"],
        &["journal", "actions"],
        &["reflect", "list"],
        &["consult", "list", "--all"],
        &["checkin", "list"],
    ] {
        assert_eq!(s.json(args), serde_json::json!([]), "{}", args.join(" "));
    }
}

#[test]
fn commands_that_change_a_record_print_it_with_json() {
    let s = Sandbox::with_profile();
    let goal = s.id(&["goal", "add", "Curate", "--milestone", "a"]);
    assert_eq!(s.json(&["goal", "progress", &goal, "20"])["progress"], 20);
    assert_eq!(
        s.json(&["goal", "status", &goal, "paused"])["status"],
        "paused"
    );
    assert_eq!(
        s.json(&["goal", "milestone", &goal, "1"])["milestones"][0]["done"],
        true
    );
    assert_eq!(
        s.json(&["goal", "edit", &goal, "--title", "C"])["title"],
        "C"
    );
    let entry = s.id(&["journal", "add", "--notes", "n", "--action", "a"]);
    assert_eq!(
        s.json(&["journal", "done", &entry, "1"])["actions"][0]["done"],
        true
    );
    assert_eq!(
        s.json(&["journal", "edit", &entry, "--notes", "m"])["notes"],
        "m"
    );
    let r = s.id(&["reflect", "add", "t"]);
    assert_eq!(
        s.json(&["reflect", "share", &r])["meta"]["visibility"],
        "shared"
    );
    let c = s.json(&["checkin", "--mood", "3", "--energy", "3"]);
    assert_eq!(c["mood"], 3);
    assert_eq!(record_id(&s.json(&["reflect", "rm", &r])), r);
    assert_eq!(record_id(&s.json(&["journal", "rm", &entry])), entry);
    assert_eq!(record_id(&s.json(&["goal", "rm", &goal])), goal);
    assert_eq!(s.json(&["profile", "use", "Ana"])["name"], "Ana");
    assert_eq!(
        s.json(&["init", "--name", "Ana", "--role", "mentor"])["role"],
        "mentor"
    );
}

// ----- the store's errors, as the command line reports them -----------------

#[test]
fn a_store_in_use_is_reported_with_the_pid_and_exit_1() {
    let s = Sandbox::with_profile();
    let _held = tandem::store::Store::open(s.store()).unwrap();
    let err = s.fails(&["goal", "list"], 1);
    assert!(err.contains("is in use by another tandem"), "{err}");
    assert!(
        err.contains(&format!("(pid {})", std::process::id())),
        "{err}"
    );
    assert!(err.contains("close it and try again"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_store_from_a_newer_tandem_is_refused_naming_both_versions() {
    let s = Sandbox::with_profile();
    s.add_goal("Kept");
    {
        let store = tandem::store::Store::open(s.store()).unwrap();
        store
            .commit(vec![tandem::store::Change::Setting(
                b"schema".to_vec(),
                7u32.to_be_bytes().to_vec(),
            )])
            .unwrap();
    }
    let err = s.fails(&["goal", "list"], 1);
    assert!(err.contains("newer tandem"), "{err}");
    assert!(
        err.contains("schema 7")
            && err.contains(&format!("schema {}", tandem::store::SCHEMA_VERSION)),
        "{err}"
    );
    let err = s.fails(&["goal", "add", "More"], 1);
    assert!(err.contains("newer tandem"), "{err}");
}

#[test]
fn a_file_given_as_the_store_is_reported() {
    let s = Sandbox::empty();
    let file = s.write("not-a-store", "x");
    let err = s
        .cmd()
        .env("TANDEM_STORE", &file)
        .args(["goal", "list"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("is not a directory"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn a_full_disk_is_reported_and_nothing_is_written() {
    let s = Sandbox::with_profile();
    s.add_goal("Before");
    let before = s.export();
    let out = s
        .cmd()
        .env("TANDEM_MIN_FREE_BYTES", u64::MAX.to_string())
        .args(["goal", "add", "After"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("is too full for this") && err.contains("free some space"),
        "{err}"
    );
    assert_eq!(s.export(), before);
}

#[test]
fn an_unreadable_record_is_reported_once_and_the_rest_is_listed() {
    let s = Sandbox::with_profile();
    let good = s.add_goal("Readable");
    let bad = s.add_goal("Damaged");
    {
        // Damage one record behind the store's back, as a bad disk would.
        let db = sled::open(s.store().join("db")).unwrap();
        let id = bad.parse::<tandem::domain::Id>().unwrap();
        let mut damaged = 0;
        for name in db.tree_names() {
            let tree = db.open_tree(&name).unwrap();
            if !String::from_utf8_lossy(&name).starts_with("goal/") {
                continue;
            }
            for item in tree.iter() {
                let (key, _) = item.unwrap();
                if tandem::store::keys::id_of_record_key(&key) == Some(id) {
                    tree.insert(key, &[1u8, 0xff, 0xff][..]).unwrap();
                    damaged += 1;
                }
            }
        }
        assert_eq!(damaged, 1);
        db.flush().unwrap();
    }
    let out = s.cmd().args(["goal", "list", "--json"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("warning") && err.contains("quarantine") && err.contains(&bad),
        "{err}"
    );
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&listed), vec![good]);
    // Reported once: the next run is quiet.
    let out = s.cmd().args(["goal", "list"]).output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty());
}

// ----- brief ------------------------------------------------------------------

/// A store with the demo programme, with the clock at the tests' "now".
fn demo_store() -> Sandbox {
    let s = Sandbox::empty();
    s.ok(&["dev", "demo"]);
    s
}

#[test]
fn brief_prints_every_section_for_the_next_meeting() {
    let s = demo_store();
    let out = s.ok(&["brief"]);
    for section in [
        "NEXT",
        "OPEN ACTIONS (5, 3 OVERDUE)",
        "GOALS",
        "CHECK-INS",
        "SHARED REFLECTIONS",
        "TARGETS COMING UP",
    ] {
        assert!(out.contains(section), "no {section} in:\n{out}");
    }
    assert!(
        out.contains("Since the last pair meeting, Wed 18 Nov 2026 (6 days ago)."),
        "{out}"
    );
    assert!(
        out.contains("Meeting with Marko — Thu 26 Nov 17:00 (in 2 days)"),
        "{out}"
    );
    assert!(out.contains("13 days late"), "{out}");
}

#[test]
fn brief_markdown_is_ready_to_paste() {
    let s = demo_store();
    let md = s.ok(&["brief", "--markdown"]);
    assert!(
        md.starts_with("# Brief: Ana Petrović — Tue 24 Nov 2026\n"),
        "{md}"
    );
    assert!(
        md.contains("\n## Open actions (5, 3 overdue)\n\n- **Get the signed mandate"),
        "{md}"
    );
    assert!(
        md.contains("\n## Goals\n\n- Write our first EU grant application"),
        "{md}"
    );
    assert!(!md.contains('\u{1b}'));
}

#[test]
fn brief_json_has_stable_sections_and_no_private_reflection() {
    let s = demo_store();
    let brief = s.json(&["brief"]);
    for key in [
        "subject",
        "viewer",
        "generated",
        "last_meeting",
        "checkins",
        "goals",
        "open_actions",
        "reflections",
        "next_event",
        "targets_soon",
    ] {
        assert!(brief.get(key).is_some(), "no {key} in {brief}");
    }
    assert_eq!(brief["open_actions"][0]["days_late"], 13);
    let private: Vec<String> = array(&s.json(&["reflect", "list"]))
        .iter()
        .filter(|r| r["meta"]["visibility"] == "private")
        .map(|r| r["text"].as_str().unwrap().to_string())
        .collect();
    assert!(!private.is_empty());
    let text = brief.to_string();
    for p in private {
        assert!(
            !text.contains(&p[..20.min(p.len())]),
            "a private reflection is in the brief: {p}"
        );
    }
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

// ----- markdown export and share bundles through the command line ------------

#[test]
fn markdown_export_is_a_readable_year_without_private_reflections_unless_asked() {
    let s = demo_store();
    let private_texts: Vec<String> = array(&s.json(&["reflect", "list"]))
        .iter()
        .filter(|r| r["meta"]["visibility"] == "private")
        .map(|r| r["text"].as_str().unwrap().chars().take(30).collect())
        .collect();
    let md = s.ok(&["export", "--format", "markdown"]);
    assert!(md.starts_with("# Ana Petrović\n"), "{md}");
    for heading in [
        "## Goals",
        "## Meeting journal",
        "## Reflections (shared)",
        "## Check-ins",
        "## Consultations and workshops",
    ] {
        assert!(md.contains(heading), "no {heading}");
    }
    assert!(md.contains("- [x] Find two partner organisations abroad"));
    assert!(md.contains("| Week | Mood | Energy | Win | Blocker | Focus |"));
    for p in &private_texts {
        assert!(
            !md.contains(p.as_str()),
            "private text in the shared document: {p}"
        );
    }
    let all = s.ok(&["export", "--format", "markdown", "--private"]);
    assert!(all.contains("## Reflections\n"));
    for p in &private_texts {
        assert!(all.contains(p.as_str()), "--private includes {p}");
    }
}

#[test]
fn share_export_and_import_between_two_stores() {
    let ana = demo_store();
    let file = ana.file("ana.bundle");
    let out = ana.ok(&["share", "export", &path_str(&file)]);
    assert!(
        out.contains("shared records") && out.contains("private records are never included"),
        "{out}"
    );
    let marko = Sandbox::empty();
    marko.ok(&[
        "init",
        "--name",
        "Marko Ilić",
        "--role",
        "mentor",
        "--partner",
        "Ana Petrović",
    ]);
    let first = marko.ok(&["share", "import", &path_str(&file)]);
    assert!(
        first.contains("from Ana Petrović:")
            && first.contains(" new, 0 updated, 0 unchanged, 0 rejected"),
        "{first}"
    );
    let again = marko.ok(&["share", "import", &path_str(&file)]);
    assert!(again.contains("0 new, 0 updated"), "{again}");
    let brief = marko.ok(&["brief"]);
    assert!(
        brief.starts_with("Brief: Ana Petrović"),
        "the mentor's brief is about the mentee: {brief}"
    );
    // A stranger's bundle needs consent.
    let zoran = Sandbox::empty();
    zoran.ok(&[
        "init",
        "--name",
        "Zoran",
        "--role",
        "mentor",
        "--partner",
        "Someone",
    ]);
    let err = zoran.fails(&["share", "import", &path_str(&file)], 1);
    assert!(
        err.contains("--accept-new-partner") && err.contains("nothing was imported"),
        "{err}"
    );
    // A damaged bundle changes nothing.
    let mut bytes = std::fs::read(&file).unwrap();
    let n = bytes.len();
    bytes.truncate(n - 5);
    let cut = marko.file("cut.bundle");
    std::fs::write(&cut, bytes).unwrap();
    let before = marko.export();
    let err = marko.fails(&["share", "import", &path_str(&cut)], 1);
    assert!(err.contains("truncated"), "{err}");
    assert_eq!(marko.export(), before);
}
