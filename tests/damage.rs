//! A store damaged behind tandem's back (a bad disk, a crash, another
//! program): every readable record stays reachable, and every message says
//! what happened and what to do.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tandem::domain::{Goal, JournalEntry, Profile};
use tandem::store::{Store, StoreError};
use tandem::tui::app::{App, Mode};
use tandem::tui::form::Zone;

mod common;
use common::{now, ok, ok_with_stderr, run, store_with_profile, tandem};

/// Ana's store: a profile, three goals, two meetings.
fn anas_store() -> (tempfile::TempDir, PathBuf, Profile) {
    let (dir, store, me) = store_with_profile();
    let path = dir.path().join("store");
    for title in ["Curate an exhibition", "Learn grant writing", "Delegate"] {
        store.put(&Goal::new(me.id, title, now())).unwrap();
    }
    for notes in ["Budget and venue", "The call for artists"] {
        store
            .put(&JournalEntry::new(me.id, now(), notes, now()))
            .unwrap();
    }
    (dir, path, me)
}

/// Changes a value behind the store's back, as a bad disk would.
fn damage(store: &Path, tree: &str, key: &[u8], value: &[u8]) {
    let db = common::raw_sled(&store.join("db"));
    db.open_tree(tree).unwrap().insert(key, value).unwrap();
    db.flush().unwrap();
}

fn truncate_profile(store: &Path, me: &Profile) {
    let db = common::raw_sled(&store.join("db"));
    let profiles = db.open_tree("profiles").unwrap();
    let bytes = profiles.get(me.id.to_bytes()).unwrap().unwrap();
    profiles
        .insert(me.id.to_bytes(), &bytes[..bytes.len() / 2])
        .unwrap();
    db.flush().unwrap();
}

#[test]
fn a_damaged_profile_hides_nothing_and_init_names_it_again() {
    let (_dir, store, me) = anas_store();
    truncate_profile(&store, &me);
    // Every list still shows the records, and says what happened.
    let (out, err) = ok_with_stderr(run(&store, &["goal", "list"]));
    for title in ["Curate an exhibition", "Learn grant writing", "Delegate"] {
        assert!(out.contains(title), "{out}");
    }
    assert!(
        err.contains("could not be read") && err.contains("tandem init --name"),
        "{err}"
    );
    let out = ok(run(&store, &["journal", "list"]));
    assert!(out.contains("Budget and venue"), "{out}");
    // The backup holds everything.
    let json = ok(run(&store, &["export", "--format", "json"]));
    let export: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(export["goals"].as_array().unwrap().len(), 3);
    assert_eq!(export["journal"].as_array().unwrap().len(), 2);
    // Following the advice gives the records back to their person.
    let out = ok(run(&store, &["init", "--name", "Ana", "--role", "mentee"]));
    assert!(out.contains("Restored profile Ana"), "{out}");
    let (out, err) = ok_with_stderr(run(&store, &["goal", "list"]));
    assert!(out.contains("Delegate") && err.is_empty(), "{out}{err}");
    let json = ok(run(&store, &["--json", "profile", "list"]));
    assert!(json.contains(&me.id.to_string()), "the same id: {json}");
    assert_eq!(json.matches("\"name\"").count(), 1, "{json}");
}

#[test]
fn the_app_asks_for_the_name_of_a_damaged_profile_and_keeps_its_records() {
    let (_dir, path, me) = anas_store();
    truncate_profile(&path, &me);
    let store = Store::open(&path).unwrap();
    let mut app = App::new(store, now(), Zone::Fixed(*now().offset())).unwrap();
    let Mode::Form(form) = &app.mode else {
        panic!("the app should ask who the user is");
    };
    assert!(
        form.title().contains("could not be read"),
        "{}",
        form.title()
    );
    for c in "Ana".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(matches!(app.mode, Mode::Normal));
    let now_me = app.ws.me.clone().unwrap();
    assert_eq!((now_me.id, now_me.name.as_str()), (me.id, "Ana"));
    assert_eq!(app.ws.data.goals.len(), 3);
}

#[test]
fn a_damaged_list_of_ids_is_rebuilt_and_every_record_found() {
    let (_dir, path, me) = anas_store();
    let goal = {
        let store = Store::open(&path).unwrap();
        store.active_goals(me.id).unwrap().remove(0)
    };
    {
        let db = common::raw_sled(&path.join("db"));
        let ids = db.open_tree("id-ranges").unwrap();
        let (key, _) = ids.iter().next().unwrap().unwrap();
        ids.insert(key, &b"\x01\x02damaged"[..]).unwrap();
        db.flush().unwrap();
    }
    let (out, err) = ok_with_stderr(run(&path, &["goal", "list"]));
    assert!(out.contains("Delegate"), "{out}");
    let short = goal.meta.id.to_string()[..6].to_string();
    let (out, err2) = ok_with_stderr(run(&path, &["goal", "show", &short]));
    assert!(out.contains(&goal.title), "{out}");
    let warned = format!("{err}{err2}");
    assert!(
        warned.contains("list of record ids was damaged") && warned.contains("rebuilt"),
        "{warned}"
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(store.quarantined().unwrap().len(), 1);
    assert_eq!(store.all::<JournalEntry>(me.id).unwrap().len(), 2);
}

#[test]
fn a_damaged_schema_number_is_damage_not_a_newer_tandem() {
    let (_dir, path, _) = anas_store();
    damage(&path, "meta", b"schema", &0xdead_beef_u32.to_be_bytes());
    let out = run(&path, &["goal", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("is damaged") && !err.contains("newer"),
        "{err}"
    );
    // A plausible newer schema is still told as such.
    damage(&path, "meta", b"schema", &7u32.to_be_bytes());
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 7, .. }),
        "{err}"
    );
}

#[test]
fn a_store_directory_open_to_others_is_closed() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path, _) = anas_store();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    ok(run(&path, &["goal", "list"]));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[test]
fn the_store_in_use_message_always_names_the_pid() {
    let (_dir, path, _) = anas_store();
    // Several started at once: the ones that lose read the pid of the one
    // that won, which may have taken the lock a moment ago.
    for _ in 0..15 {
        let children: Vec<_> = (0..5)
            .map(|_| {
                tandem(&path)
                    .args(["goal", "list"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8(out.stderr).unwrap();
            if !out.status.success() {
                assert!(err.contains("in use by another tandem (pid "), "{err}");
            }
        }
    }
}

#[test]
fn a_quarantined_record_is_reported_in_plain_words() {
    let (_dir, path, me) = anas_store();
    {
        let db = common::raw_sled(&path.join("db"));
        let tree = db.open_tree(format!("journal/{}/by", me.id)).unwrap();
        let (key, bytes) = tree.iter().next().unwrap().unwrap();
        tree.insert(key, &bytes[..bytes.len() / 3]).unwrap();
        db.flush().unwrap();
    }
    let (_, err) = ok_with_stderr(run(&path, &["journal", "list"]));
    assert!(err.contains("moved to quarantine"), "{err}");
    for debug in ["{", "}", "Unexpected", "additional"] {
        assert!(!err.contains(debug), "{err}");
    }
}
