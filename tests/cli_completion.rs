//! Shell completion as a shell asks for it: `TANDEM_COMPLETE=SHELL tandem
//! -- WORDS…` prints the candidates for the last word. Commands and
//! options come from the parser; ids from the store the words name, with
//! what each record is (run through an open app like every other command
//! when the tests are).

mod common;

use common::Sandbox;

/// What fish is offered for the last of `words` (`value<Tab>description`
/// lines): fish passes the words as typed, the last one being completed.
fn complete(s: &Sandbox, words: &[&str]) -> Vec<String> {
    let out = s
        .cmd()
        .env("TANDEM_COMPLETE", "fish")
        .arg("--")
        .arg("tandem")
        .args(words)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// An id as the listings print it (and completion offers it).
fn short(id: &str) -> &str {
    &id[..4]
}

/// The candidates that are not options.
fn values(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| !l.starts_with('-'))
        .cloned()
        .collect()
}

#[test]
fn subcommands_complete_from_the_parser() {
    let s = Sandbox::with_profile();
    let lines = complete(&s, &["go"]);
    assert_eq!(
        values(&lines),
        ["goal\tWhat you want to achieve this year, and how far you are"]
    );
    let lines = complete(&s, &["goal", "pro"]);
    assert_eq!(
        values(&lines),
        ["progress\tSet a goal's progress (0-100 %)"]
    );
    // The hidden commands are not offered.
    let lines = complete(&s, &["i"]);
    assert_eq!(
        values(&lines),
        [
            "init\tCreate your profile, or update it",
            "import\tMerge an export into this store (all or nothing)"
        ]
    );
}

#[test]
fn a_goal_id_is_offered_with_its_title_and_progress() {
    let s = Sandbox::with_profile();
    let curate = s.add_goal("Curate a first exhibition");
    let speak = s.add_goal("Speak at the spring meetup");
    s.ok(&["goal", "progress", &curate, "40"]);
    s.ok(&["goal", "status", &speak, "paused"]);
    let lines = complete(&s, &["goal", "progress", ""]);
    // The active goal first, then the others; options after the ids.
    assert_eq!(
        values(&lines),
        [
            format!("{}\tCurate a first exhibition (40 %)", short(&curate)),
            format!("{}\tSpeak at the spring meetup (paused)", short(&speak)),
        ]
    );
    assert!(lines.iter().any(|l| l.starts_with("--json")), "{lines:?}");
    // What is typed narrows them.
    let lines = complete(&s, &["goal", "rm", &speak[..2]]);
    assert_eq!(
        values(&lines),
        [format!(
            "{}\tSpeak at the spring meetup (paused)",
            short(&speak)
        )]
    );
    // The same list where an option takes a goal.
    let lines = complete(&s, &["journal", "add", "--notes", "x", "--goal", ""]);
    assert_eq!(values(&lines).len(), 2, "{lines:?}");
}

#[test]
fn meetings_points_reflections_and_events_are_offered_by_their_commands() {
    let s = Sandbox::with_profile();
    let meeting = s.id(&[
        "journal",
        "add",
        "--date",
        "2026-11-20 14:00",
        "--notes",
        "Budget talk\twith tabs",
        "--action",
        "Draft@friday",
    ]);
    let point = s.id(&["agenda", "add", "Ask about the slides"]);
    let reflection = s.id(&["reflect", "add", "I was nervous", "--date", "2026-11-21"]);
    let event = s.id(&["consult", "add", "Kick-off", "--start", "2026-12-05"]);
    assert_eq!(
        values(&complete(&s, &["journal", "done", ""])),
        [format!(
            "{}\tFri 2026-11-20 14:00 Budget talk with tabs",
            short(&meeting)
        )]
    );
    assert_eq!(
        values(&complete(&s, &["agenda", "done", ""])),
        [format!("{}\tAsk about the slides", short(&point))]
    );
    s.ok(&["agenda", "done", &point]);
    assert_eq!(
        values(&complete(&s, &["agenda", "reopen", ""])),
        [format!(
            "{}\tAsk about the slides (discussed)",
            short(&point)
        )]
    );
    assert_eq!(
        values(&complete(&s, &["reflect", "share", ""])),
        [format!("{}\t2026-11-21 I was nervous", short(&reflection))]
    );
    let events = values(&complete(&s, &["consult", "show", ""]));
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].starts_with(&format!("{}\t", short(&event))) && events[0].ends_with("Kick-off"),
        "{events:?}"
    );
}

#[test]
fn ids_come_from_the_store_the_words_name() {
    let ana = Sandbox::with_profile();
    ana.add_goal("Ana's goal");
    let other = Sandbox::with_person("Marko", "mentor", "Ana");
    let goal = other.add_goal("Marko's goal");
    let store = other.store();
    let store = store.to_str().unwrap();
    let given = format!("--store={store}");
    for words in [
        vec!["--store", store, "goal", "show", ""],
        vec!["goal", "show", "--store", store, ""],
        vec![&given, "goal", "show", ""],
    ] {
        assert_eq!(
            values(&complete(&ana, &words)),
            [format!("{}\tMarko's goal (0 %)", short(&goal))],
            "{words:?}"
        );
    }
}

#[test]
fn a_store_that_is_not_there_offers_no_ids_and_is_not_made() {
    let s = Sandbox::empty().direct();
    let lines = complete(&s, &["goal", "show", ""]);
    assert!(values(&lines).is_empty(), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("--store")));
    assert!(!s.store().join("db").exists());
}

#[test]
fn ids_are_offered_by_the_app_that_has_the_store_open() {
    let s = Sandbox::with_profile();
    let goal = s.add_goal("Curate a first exhibition");
    s.hold();
    assert_eq!(
        values(&complete(&s, &["goal", "edit", ""])),
        [format!("{}\tCurate a first exhibition (0 %)", short(&goal))]
    );
    // And once it has gone, by opening the store.
    s.release();
    assert_eq!(
        values(&complete(&s, &["goal", "edit", ""])),
        [format!("{}\tCurate a first exhibition (0 %)", short(&goal))]
    );
}

#[test]
fn the_scripts_ask_tandem_at_each_tab() {
    let s = Sandbox::empty();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = s.ok(&["completions", shell]);
        assert!(script.contains("TANDEM_COMPLETE"), "{shell}: {script}");
        assert!(script.contains("tandem"), "{shell}");
    }
    assert!(s.ok(&["completions", "zsh"]).starts_with("#compdef tandem"));
}
