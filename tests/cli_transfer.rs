//! Moving data in and out through the command line, run as a user would run
//! it: the JSON export and import (lossless, all or nothing), the Markdown
//! export, and share bundles between the two stores of a pair.
//!
//! Like every `cli_*` test file: each test runs the binary on its own
//! throwaway store (a `Sandbox` of `tests/common`) with the clock fixed at
//! Tuesday 2026-11-24 10:00 UTC (ISO week 2026-W48), and checks what a user
//! would notice: what is printed, the exit code, and what the store holds
//! afterwards (read back through a `--json` listing or an export).

use std::collections::HashSet;

use serde_json::Value;

mod common;
use common::{ESC, Sandbox, array, path_str, record_id};

// ----- export and import -----------------------------------------------------

#[test]
fn export_to_standard_output_is_the_whole_store_as_json() {
    let s = Sandbox::full();
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
    let source = Sandbox::full();
    let first = source.file("first.json");
    let out = source.ok(&["export", "--format", "json", path_str(&first)]);
    assert!(out.contains("Exported 5 records of 1 profile to"), "{out}");

    let target = Sandbox::empty();
    let out = target.ok(&["import", path_str(&first)]);
    assert!(out.contains("6 new, 0 updated, 0 unchanged"), "{out}");
    let second = target.file("second.json");
    target.ok(&["export", "--format", "json", path_str(&second)]);

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
    let source = Sandbox::full();
    let file = source.file("export.json");
    source.ok(&["export", path_str(&file)]);
    let target = Sandbox::empty();
    target.ok(&["import", path_str(&file)]);
    let after_first = target.export();
    let out = target.ok(&["import", path_str(&file)]);
    assert!(out.contains("0 new, 0 updated, 6 unchanged"), "{out}");
    let report = target.json(&["import", path_str(&file)]);
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
    let source = Sandbox::full();
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
    let source = Sandbox::full();
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
    let file = path_str(&t.file("nowhere.json")).to_string();
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
    source.ok(&["export", path_str(&file)]);

    let target = Sandbox::with_profile();
    let _ = target.cmd().args(["import", path_str(&file)]).output();
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

// ----- Markdown export and share bundles -------------------------------------

#[test]
fn markdown_export_is_a_readable_year_without_private_reflections_unless_asked() {
    let s = Sandbox::demo();
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
    let ana = Sandbox::demo();
    let file = ana.file("ana.bundle");
    let out = ana.ok(&["share", "export", path_str(&file)]);
    assert!(
        out.contains("shared records") && out.contains("private records are never included"),
        "{out}"
    );
    let marko = Sandbox::with_person("Marko Ilić", "mentor", "Ana Petrović");
    // The first bundle asks, even from the partner the profile names.
    let asks = marko.fails(&["share", "import", path_str(&file)], 1);
    assert!(
        asks.contains("comes from Ana Petrović (mentee; ") && asks.contains("--accept-new-partner"),
        "{asks}"
    );
    let first = marko.ok(&["share", "import", path_str(&file), "--accept-new-partner"]);
    assert!(
        first.contains("from Ana Petrović:")
            && first.contains(" new, 0 updated, 0 unchanged, 0 rejected"),
        "{first}"
    );
    let again = marko.ok(&["share", "import", path_str(&file)]);
    assert!(again.contains("0 new, 0 updated"), "{again}");
    let brief = marko.ok(&["brief"]);
    assert!(
        brief.starts_with("Brief: Ana Petrović"),
        "the mentor's brief is about the mentee: {brief}"
    );
    // A stranger's bundle needs consent.
    let zoran = Sandbox::with_person("Zoran", "mentor", "Someone");
    let err = zoran.fails(&["share", "import", path_str(&file)], 1);
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
    let err = marko.fails(&["share", "import", path_str(&cut)], 1);
    assert!(err.contains("truncated"), "{err}");
    assert_eq!(marko.export(), before);
}

#[test]
fn the_lists_show_both_peoples_records_and_an_action_is_ticked_by_its_owner_on_either_side() {
    let ana = Sandbox::with_person("Ana", "mentee", "Marko");
    let marko = Sandbox::with_person("Marko", "mentor", "Ana");
    ana.ok(&["goal", "add", "Curate an exhibition"]);
    let meeting = marko.id(&[
        "journal",
        "add",
        "--notes",
        "Sponsors",
        "--action",
        "Send Ana two funded applications",
        "--partner-action",
        "Call one sponsor",
    ]);
    let exchange = |from: &Sandbox, to: &Sandbox, name: &str| {
        let file = from.file(name);
        from.ok(&["share", "export", path_str(&file)]);
        to.ok(&["share", "import", "--accept-new-partner", path_str(&file)]);
    };
    exchange(&ana, &marko, "ana.bundle");
    exchange(&marko, &ana, "marko.bundle");
    // Marko sees Ana's goal, by her name; --mine narrows to his own.
    let goals = marko.ok(&["goal", "list"]);
    assert!(
        goals.contains("BY") && goals.contains("Ana") && goals.contains("Curate an exhibition"),
        "{goals}"
    );
    assert!(
        marko
            .ok(&["goal", "list", "--mine"])
            .contains("No active goals")
    );
    // Ana's open actions include hers on Marko's meeting, owned by "you".
    let open = ana.ok(&["journal", "actions", "--open"]);
    let row = |text: &str, needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in {text}"))
            .to_string()
    };
    assert!(row(&open, "Call one sponsor").contains("you"), "{open}");
    assert!(row(&open, "Send Ana two").contains("Marko"), "{open}");
    let mine = ana.ok(&["journal", "actions", "--open", "--mine"]);
    assert!(!mine.contains("Send Ana two"), "{mine}");
    // She ticks hers on his meeting; his own is not hers to tick.
    let err = ana.fails(&["journal", "done", &meeting, "1"], 1);
    assert!(err.contains("read-only"), "{err}");
    ana.ok(&["journal", "done", &meeting, "2"]);
    assert!(row(&ana.ok(&["journal", "actions"]), "Call one sponsor").contains("[x]"));
    // The tick reaches Marko.
    exchange(&ana, &marko, "ana2.bundle");
    let his = marko.ok(&["journal", "actions"]);
    assert!(row(&his, "Call one sponsor").contains("[x]"), "{his}");
    assert!(row(&his, "Call one sponsor").contains("Ana"), "{his}");
    assert!(row(&his, "Send Ana two").contains("you"), "{his}");
    // Both journals list the one meeting, with who wrote it.
    let list = ana.ok(&["journal", "list"]);
    assert!(row(&list, "Sponsors").contains("Marko"), "{list}");
    // After a last exchange, both hold the same shared records.
    exchange(&marko, &ana, "marko2.bundle");
    let shared = ana.ok(&["export", "--shared"]);
    assert!(shared.contains("Call one sponsor") && shared.contains("Curate an exhibition"));
    assert_eq!(shared, marko.ok(&["export", "--shared"]));
}

#[test]
fn private_notes_on_a_meeting_stay_on_the_machine_that_wrote_them() {
    let ana = Sandbox::with_person("Ana", "mentee", "Marko");
    let marko = Sandbox::with_person("Marko", "mentor", "Ana");
    let meeting = marko.id(&[
        "journal",
        "add",
        "--notes",
        "Budget talk",
        "--private-notes",
        "CANDID: she avoids the budget",
    ]);
    assert!(marko.ok(&["journal", "show", &meeting]).contains("CANDID"));
    let file = marko.file("marko.bundle");
    marko.ok(&["share", "export", path_str(&file)]);
    let bytes = std::fs::read(&file).unwrap();
    assert!(!bytes.windows(6).any(|w| w == b"CANDID"));
    ana.ok(&["share", "import", "--accept-new-partner", path_str(&file)]);
    // Ana keeps her own private notes on Marko's meeting; nothing else of
    // his is hers to change.
    let out = ana.ok(&[
        "journal",
        "edit",
        &meeting,
        "--private-notes",
        "MINE: ask about the grant",
    ]);
    assert!(out.contains("private notes"), "{out}");
    let shown = ana.ok(&["journal", "show", &meeting]);
    assert!(
        shown.contains("MINE: ask about the grant") && !shown.contains("CANDID"),
        "{shown}"
    );
    let err = ana.fails(&["journal", "edit", &meeting, "--notes", "changed"], 1);
    assert!(err.contains("read-only"), "{err}");
    let back = ana.file("ana.bundle");
    ana.ok(&["share", "export", path_str(&back)]);
    let bytes = std::fs::read(&back).unwrap();
    assert!(!bytes.windows(4).any(|w| w == b"MINE"));
}

#[test]
fn a_meeting_both_logged_is_listed_once_with_each_agreement_once() {
    let ana = Sandbox::with_person("Ana", "mentee", "Marko");
    let marko = Sandbox::with_person("Marko", "mentor", "Ana");
    ana.ok(&[
        "journal",
        "add",
        "--date",
        "yesterday 17:00",
        "--notes",
        "ANA: the venue",
        "--action",
        "Send the budget",
    ]);
    marko.ok(&[
        "journal",
        "add",
        "--date",
        "yesterday 18:00",
        "--notes",
        "MARKO: sponsors",
        "--partner-action",
        "send the budget",
        "--action",
        "Call one sponsor",
    ]);
    let file = marko.file("marko.bundle");
    marko.ok(&["share", "export", path_str(&file)]);
    ana.ok(&["share", "import", "--accept-new-partner", path_str(&file)]);
    let list = ana.ok(&["journal", "list"]);
    assert_eq!(list.lines().count(), 2, "a header and one meeting:\n{list}");
    assert!(
        list.contains("ANA: the venue") && list.contains("+ Marko's notes"),
        "{list}"
    );
    let actions = ana.ok(&["journal", "actions"]);
    assert_eq!(
        actions.to_lowercase().matches("send the budget").count(),
        1,
        "{actions}"
    );
    assert!(actions.contains("Call one sponsor"), "{actions}");
}

#[test]
fn exporting_one_record_says_one_record() {
    let s = Sandbox::with_profile();
    s.add_goal("Curate an exhibition");
    let file = s.file("backup.json");
    let out = s.ok(&["export", "--format", "json", common::path_str(&file)]);
    assert!(out.contains("Exported 1 record of 1 profile to"), "{out}");
}
