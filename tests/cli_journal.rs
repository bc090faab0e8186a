//! `tandem journal`, run as a user would run it: logging meetings and what
//! was agreed, listing and showing them, the agreed actions across meetings,
//! ticking, editing and deleting.
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
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("journal_list", out));

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
        "2026-11-20 (4 days late)",
        "Introduce a curator",
        "Curate a first exhibition",
    ] {
        assert!(out.contains(text), "no {text:?} in:\n{out}");
    }
    // Owners from the viewer's side: "you", and the partner by name.
    let row = |needle: &str| out.lines().find(|l| l.contains(needle)).unwrap();
    assert!(row("Send draft").contains("you"), "{out}");
    assert!(row("Introduce a curator").contains("Marko"), "{out}");
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
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("journal_actions", out));

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
