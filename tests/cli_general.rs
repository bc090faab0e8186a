//! The command line as a whole, run as a user would run it: help, what
//! happens before `tandem init`, dates, ids, `--quiet` and `--json`, and the
//! store's errors as the command line reports them.
//!
//! Like every `cli_*` test file: each test runs the binary on its own
//! throwaway store (a `Sandbox` of `tests/common`) with the clock fixed at
//! Tuesday 2026-11-24 10:00 UTC (ISO week 2026-W48), and checks what a user
//! would notice: what is printed, the exit code, and what the store holds
//! afterwards (read back through a `--json` listing or an export).

use std::collections::HashSet;

use predicates::prelude::*;
use serde_json::Value;

mod common;
use common::{Sandbox, array, ids, record_id};

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

// ----- before init, and the clock -------------------------------------------

#[test]
fn commands_before_init_tell_to_run_init() {
    let s = Sandbox::bare();
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

// ----- dates -----------------------------------------------------------------

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

// ----- ids -------------------------------------------------------------------

#[test]
fn goal_ids_accept_any_case() {
    let s = Sandbox::with_profile();
    let id = s.add_goal("Shout");
    let upper = id[..8].to_uppercase();
    assert_eq!(record_id(&s.json(&["goal", "show", &upper])), id);
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

// ----- quiet output ----------------------------------------------------------

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

// ----- JSON output -----------------------------------------------------------

#[test]
fn every_listing_and_show_prints_json_with_json() {
    let s = Sandbox::full();
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

/// Asserts that `err` is the message for a missing store at `path`.
fn says_no_store(err: &str, path: &std::path::Path) {
    assert!(
        err.contains(&format!("no store at {}", path.display()))
            && err.contains("create one with `tandem init --name NAME --role mentee|mentor`")
            && err.contains("--store / TANDEM_STORE"),
        "{err}"
    );
}

#[test]
fn a_mistyped_store_is_reported_and_nothing_is_created() {
    let s = Sandbox::empty();
    let commands: &[&[&str]] = &[
        &["goal", "list"],
        &["journal", "add", "--notes", "Met"],
        &["brief"],
        &["export", "--format", "json"],
        &["profile", "list"],
        &["consult", "export"],
        &["share", "export", "bundle"],
    ];
    for args in commands {
        let err = s.fails(args, 1);
        says_no_store(&err, &s.store());
        assert!(
            !s.store().exists(),
            "`tandem {}` created a store",
            args.join(" ")
        );
    }
    // The app with a --user needs that person's store too.
    let err = s.fails(&["--user", "Ana"], 1);
    says_no_store(&err, &s.store());
    assert!(!s.store().exists());
    // init is what makes one.
    s.ok(&["init", "--name", "Ana", "--role", "mentee"]);
    assert!(s.store().join("db").is_dir());
    assert_eq!(array(&s.json(&["goal", "list"])).len(), 0);
}

#[test]
fn an_empty_directory_is_not_a_store_and_is_left_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::empty();
    std::fs::create_dir(s.store()).unwrap();
    std::fs::set_permissions(s.store(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = s.fails(&["goal", "list"], 1);
    says_no_store(&err, &s.store());
    assert_eq!(std::fs::read_dir(s.store()).unwrap().count(), 0);
    let mode = std::fs::metadata(s.store()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o755, "not even its mode was changed");
    // init makes the store in it, and makes it private.
    s.ok(&["init", "--name", "Ana", "--role", "mentee"]);
    let mode = std::fs::metadata(s.store()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    s.ok(&["goal", "list"]);
}

#[test]
fn the_default_store_is_not_created_by_a_listing_either() {
    let s = Sandbox::empty();
    let home = s.file("home");
    std::fs::create_dir(&home).unwrap();
    let on_default = |args: &[&str]| {
        let mut cmd = s.cmd();
        cmd.env_remove("TANDEM_STORE")
            .env_remove("XDG_DATA_HOME")
            .env("HOME", &home)
            .args(args);
        cmd.output().unwrap()
    };
    let out = on_default(&["goal", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let default = home.join(".local/share/tandem");
    says_no_store(&String::from_utf8_lossy(&out.stderr), &default);
    assert_eq!(
        std::fs::read_dir(&home).unwrap().count(),
        0,
        "nothing was made in the home directory"
    );
    let out = on_default(&["init", "--name", "Ana", "--role", "mentee"]);
    assert!(out.status.success());
    assert!(default.join("db").is_dir());
    assert!(on_default(&["goal", "list"]).status.success());
}

#[test]
fn a_backup_imports_into_a_new_store_but_a_bad_file_creates_nothing() {
    let source = Sandbox::full();
    let backup = source.file("backup.json");
    source.ok(&["export", "--format", "json", common::path_str(&backup)]);
    let target = Sandbox::empty();
    let bad = target.write("bad.json", "{ not json");
    let err = target.fails(&["import", &bad], 1);
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(!target.store().exists(), "a bad file makes no store");
    let missing = target.file("missing.json");
    target.fails(&["import", common::path_str(&missing)], 1);
    assert!(!target.store().exists());
    target.ok(&["import", common::path_str(&backup)]);
    assert_eq!(target.export(), source.export());
}

#[test]
fn a_store_in_use_is_reported_with_the_pid_and_exit_1() {
    // About opening the store itself: no app may hold it.
    let s = Sandbox::with_profile().direct();
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
    // About opening the store itself: no app may hold it.
    let s = Sandbox::with_profile().direct();
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
    // About opening the store itself: no app may hold it.
    let s = Sandbox::with_profile().direct();
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
    // About opening the store itself: no app may hold it.
    let s = Sandbox::with_profile().direct();
    let good = s.add_goal("Readable");
    let bad = s.add_goal("Damaged");
    {
        // Damage one record behind the store's back, as a bad disk would.
        let db = common::raw_sled(&s.store().join("db"));
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
