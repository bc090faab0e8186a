//! `tandem compact`: a store rewritten into a fresh database keeps every
//! record and setting, gives back the space of overwritten and deleted
//! values, and survives being cut short at any step.

use chrono::Duration;
use tandem::domain::JournalEntry;
use tandem::store::{Store, compact};

mod common;
use common::{now, ok, run, store_with_profile, tandem};

/// A store whose log holds much that is no longer live: 300 meetings
/// written, each rewritten twice, half of them deleted.
fn worn_store() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    Store,
    tandem::domain::Profile,
) {
    let (dir, store, me) = store_with_profile();
    let path = dir.path().join("store");
    let mut entries: Vec<JournalEntry> = (0..300)
        .map(|i| {
            JournalEntry::new(
                me.id,
                now() - Duration::days(i),
                &format!("meeting {i}: {}", "notes ".repeat(40)),
                now(),
            )
        })
        .collect();
    for round in 0..3 {
        for e in &mut entries {
            e.notes = format!("{} (round {round})", e.notes);
            store.put(e).unwrap();
        }
    }
    for e in entries.iter().step_by(2) {
        store.delete(e.meta.id).unwrap();
    }
    store.set_setting("last-tab", b"journal").unwrap();
    (dir, path, store, me)
}

#[test]
fn compacting_keeps_every_record_and_setting_and_gives_back_space() {
    let (_dir, dir, store, me) = worn_store();
    let before = store.snapshot().unwrap();
    let (store, sizes) = store.compact().unwrap();
    assert_eq!(store.snapshot().unwrap(), before, "the same records");
    assert_eq!(
        store.setting("last-tab").unwrap().as_deref(),
        Some(&b"journal"[..])
    );
    assert_eq!(store.newest_journal(me.id, 1000).unwrap().len(), 150);
    assert!(
        sizes.after < sizes.before,
        "smaller on disk: {} -> {}",
        sizes.after,
        sizes.before
    );
    // Nothing is left beside the store.
    assert!(!dir.join(compact::NEW).exists());
    assert!(!dir.join(compact::BACKUP).exists());
    // And it still takes writes, and opens again with them.
    store
        .put(&JournalEntry::new(me.id, now(), "after compacting", now()))
        .unwrap();
    drop(store);
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.newest_journal(me.id, 1000).unwrap().len(), 151);
}

#[test]
fn a_compaction_cut_between_its_two_renames_puts_the_old_store_back() {
    let (_dir, dir, store, me) = worn_store();
    let before = store.snapshot().unwrap();
    drop(store);
    // As if the process died after setting the old database aside.
    std::fs::rename(dir.join("db"), dir.join(compact::BACKUP)).unwrap();
    std::fs::create_dir(dir.join(compact::NEW)).unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.snapshot().unwrap(), before);
    assert_eq!(store.newest_journal(me.id, 1000).unwrap().len(), 150);
    assert!(!dir.join(compact::BACKUP).exists());
    assert!(!dir.join(compact::NEW).exists());
}

#[test]
fn an_unfinished_copy_is_removed_and_the_store_is_untouched() {
    let (_dir, dir, store, _me) = worn_store();
    let before = store.snapshot().unwrap();
    drop(store);
    // As if the process died while writing the copy.
    std::fs::create_dir(dir.join(compact::NEW)).unwrap();
    std::fs::write(dir.join(compact::NEW).join("db"), b"half a copy").unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.snapshot().unwrap(), before);
    assert!(!dir.join(compact::NEW).exists());
}

#[test]
fn tandem_compact_says_how_much_room_it_gave_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    ok(run(
        &store,
        &["init", "--name", "Ana Petrović", "--role", "mentee"],
    ));
    for i in 0..30 {
        ok(run(&store, &["goal", "add", &format!("Goal {i}")]));
    }
    let out = ok(run(&store, &["compact"]));
    assert!(
        out.starts_with("Compacted the store: ") && out.contains(" MB on disk"),
        "{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(run(&store, &["--json", "compact"]))).unwrap();
    assert!(json["before_bytes"].as_u64().unwrap() > 0);
    assert!(json["after_bytes"].as_u64().unwrap() > 0);
    let goals = ok(run(&store, &["goal", "list"]));
    assert_eq!(goals.matches("Goal ").count(), 30, "{goals}");
    // A store in use is not compacted.
    let open = Store::open(&store).unwrap();
    let out = tandem(&store).arg("compact").output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("in use by another tandem"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(open);
}
