//! `tandem goal`, run as a user would run it: adding, listing, showing,
//! moving (progress, status, milestones), editing and deleting goals.
//!
//! Like every `cli_*` test file: each test runs the binary on its own
//! throwaway store (a `Sandbox` of `tests/common`) with the clock fixed at
//! Tuesday 2026-11-24 10:00 UTC (ISO week 2026-W48), and checks what a user
//! would notice: what is printed, the exit code, and what the store holds
//! afterwards (read back through a `--json` listing or an export).

use serde_json::Value;

mod common;
use common::{Sandbox, array, ids, strings};

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
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("goal_list", out));
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
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("goal_list_with_goals_hidden", out));
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
