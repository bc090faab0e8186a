//! `tandem brief`, run as a user would run it on the demo programme: the
//! brief for the next meeting as text, Markdown and JSON.
//!
//! Like every `cli_*` test file: each test runs the binary on its own
//! throwaway store (a `Sandbox` of `tests/common`) with the clock fixed at
//! Tuesday 2026-11-24 10:00 UTC (ISO week 2026-W48), and checks what a user
//! would notice: what is printed, the exit code, and what the store holds
//! afterwards (read back through a `--json` listing or an export).

mod common;
use common::{Sandbox, array};

#[test]
fn brief_prints_every_section_for_the_next_meeting() {
    let s = Sandbox::demo();
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
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("brief", out));
}

#[test]
fn brief_markdown_is_ready_to_paste() {
    let s = Sandbox::demo();
    let md = s.ok(&["brief", "--markdown"]);
    assert!(
        md.starts_with("# Brief: Ana Petrović — Tue 24 Nov 2026\n"),
        "{md}"
    );
    assert!(
        md.contains("\n## Open actions (5, 3 overdue)\n\nYours (4):\n- **Get the signed mandate"),
        "{md}"
    );
    assert!(
        md.contains("\n## Goals (3)\n\n- **Write our first EU grant application for Kvart Fest — at risk (2026-W47): “Plan B ready if Skopje does not sign”"),
        "{md}"
    );
    assert!(!md.contains('\u{1b}'));
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("brief_markdown", md));
}

#[test]
fn brief_json_has_stable_sections_and_no_private_reflection() {
    let s = Sandbox::demo();
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
