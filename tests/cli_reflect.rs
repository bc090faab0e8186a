//! `tandem reflect`, run as a user would run it: writing reflections
//! (private by default), listing and filtering them by tag, sharing, hiding
//! and deleting.
//!
//! Like every `cli_*` test file: each test runs the binary on its own
//! throwaway store (a `Sandbox` of `tests/common`) with the clock fixed at
//! Tuesday 2026-11-24 10:00 UTC (ISO week 2026-W48), and checks what a user
//! would notice: what is printed, the exit code, and what the store holds
//! afterwards (read back through a `--json` listing or an export).

mod common;
use common::{Sandbox, array, ids};

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
    s.ids_hidden()
        .bind(|| insta::assert_snapshot!("reflect_list", out));

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
