//! `tandem consult`, run as a user would run it: consultations, workshops
//! and meetings with a time or all day, the listing of what is coming with
//! its countdown, showing and deleting.
//!
//! Like every `cli_*` test file: each test runs the binary on its own
//! throwaway store (a `Sandbox` of `tests/common`) with the clock fixed at
//! Tuesday 2026-11-24 10:00 UTC (ISO week 2026-W48), and checks what a user
//! would notice: what is printed, the exit code, and what the store holds
//! afterwards (read back through a `--json` listing or an export).

use serde_json::Value;

mod common;
use common::{Sandbox, array, ids};

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
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("consult_list", out));
    assert_eq!(
        ids(&s.json(&["consult", "list"])),
        [soon.as_str(), later.as_str()]
    );

    let all = s.ok(&["consult", "list", "--all"]);
    assert!(all.contains("Past") && all.contains("3 weeks ago"), "{all}");
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("consult_list_all", all));
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

// ----- calendars out and back in ----------------------------------------------

/// The unfolded lines of a calendar file.
fn calendar_lines(text: &str) -> Vec<String> {
    text.replace("\r\n ", "")
        .split("\r\n")
        .map(str::to_string)
        .collect()
}

#[test]
fn consult_export_names_tandem_and_whose_calendar_it_is() {
    let s = Sandbox::with_profile();
    s.ok(&["consult", "add", "Kick-off", "--start", "2026-12-05"]);
    let lines = calendar_lines(&s.ok(&["consult", "export"]));
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        lines.contains(&format!("PRODID:-//tandem//tandem {version}//EN")),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"NAME:tandem — Ana's consultations".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"X-WR-CALNAME:tandem — Ana's consultations".to_string()),
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("ICALENDAR-RS")),
        "{lines:#?}"
    );
    assert!(!lines.contains(&"NAME:tandem".to_string()), "{lines:#?}");
}

#[test]
fn a_calendar_name_is_written_as_text_whatever_the_profile_is_called() {
    let s = Sandbox::with_person("Ana; Marija, \\ Petrović", "mentee", "Marko");
    s.ok(&["consult", "add", "Kick-off", "--start", "2026-12-05"]);
    let lines = calendar_lines(&s.ok(&["consult", "export"]));
    let name = "tandem — Ana\\; Marija\\, \\\\ Petrović's consultations";
    assert!(lines.contains(&format!("NAME:{name}")), "{lines:#?}");
    assert!(
        lines.contains(&format!("X-WR-CALNAME:{name}")),
        "{lines:#?}"
    );
}

#[test]
fn importing_your_own_export_updates_the_events_instead_of_copying_them() {
    let s = Sandbox::with_profile();
    let kickoff = s.id(&["consult", "add", "Kick-off", "--start", "2026-12-05"]);
    let meeting = s.id(&[
        "consult",
        "add",
        "Meeting with Marko",
        "--start",
        "2026-12-08 17:00",
        "--end",
        "2026-12-08 18:00",
        "--kind",
        "pair-meeting",
        "--place",
        "Café; by the river",
        "--notes",
        "Bring the budget,\nand the draft",
    ]);
    let before = s.json(&["consult", "list", "--all"]);
    let file = s.file("mine.ics");
    s.ok(&["consult", "export", "--meetings", common::path_str(&file)]);
    let out = s.ok(&["consult", "import", common::path_str(&file)]);
    assert!(
        out.contains("0 new, 0 updated, 2 unchanged, 0 skipped"),
        "{out}"
    );
    let after = s.json(&["consult", "list", "--all"]);
    assert_eq!(ids(&after), ids(&before), "no copies");
    assert_eq!(after, before, "the same records, still typed in");
    // An event changed in a calendar app comes back onto its record.
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("SUMMARY:Kick-off", "SUMMARY:Kick-off (moved room)");
    std::fs::write(&file, text).unwrap();
    let out = s.ok(&["consult", "import", common::path_str(&file)]);
    assert!(out.contains("0 new, 1 updated, 1 unchanged"), "{out}");
    let kick = s.json(&["consult", "show", &kickoff]);
    assert_eq!(kick["title"], "Kick-off (moved room)");
    assert_eq!(kick["source"], "typed");
    assert_eq!(
        s.json(&["consult", "show", &meeting])["kind"],
        "pair-meeting"
    );
    assert_eq!(array(&s.json(&["consult", "list", "--all"])).len(), 2);
}

#[test]
fn a_recurring_event_imported_exported_and_imported_again_is_the_same_records() {
    let s = Sandbox::with_profile();
    let programme = common::fixture("ics/programme.ics");
    let out = s.ok(&["consult", "import", common::path_str(&programme)]);
    assert!(out.contains("9 new, 0 updated, 0 unchanged"), "{out}");
    let before = s.json(&["consult", "list", "--all"]);
    let file = s.file("out.ics");
    s.ok(&["consult", "export", "--meetings", common::path_str(&file)]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 6, "{text}");
    assert_eq!(text.matches("RRULE:").count(), 1, "{text}");
    assert!(text.contains("RRULE:FREQ=WEEKLY;COUNT=6\r\n"), "{text}");
    let out = s.ok(&["consult", "import", common::path_str(&file)]);
    assert!(
        out.contains("0 new, 0 updated, 9 unchanged, 0 skipped"),
        "{out}"
    );
    assert_eq!(s.json(&["consult", "list", "--all"]), before);
    // Importing the programme's calendar again changes nothing either.
    let out = s.ok(&["consult", "import", common::path_str(&programme)]);
    assert!(out.contains("0 new, 0 updated, 9 unchanged"), "{out}");
}

#[test]
fn consult_show_says_an_occurrence_is_of_a_recurring_event() {
    let s = Sandbox::with_profile();
    let programme = common::fixture("ics/programme.ics");
    s.ok(&["consult", "import", common::path_str(&programme)]);
    let all = s.json(&["consult", "list", "--all"]);
    let circle = array(&all)
        .iter()
        .find(|c| c["title"] == "Peer circle of mentees")
        .unwrap();
    let out = s.ok(&["consult", "show", &common::record_id(circle)]);
    assert!(
        out.contains(
            "source    calendar import (UID peer-circle@creative-mentorship.example, one \
             occurrence of a recurring event)"
        ),
        "{out}"
    );
}

#[test]
fn exporting_one_event_says_one_event() {
    let s = Sandbox::with_profile();
    s.ok(&["consult", "add", "Kick-off", "--start", "2026-12-05"]);
    let file = s.file("one.ics");
    let out = s.ok(&["consult", "export", common::path_str(&file)]);
    assert!(out.starts_with("Wrote 1 event to "), "{out}");
}
