//! The store: key ordering, atomic writes, and every way opening can fail.

use chrono::{Duration, FixedOffset, NaiveDate, TimeZone};
use tandem::domain::{
    CheckIn, Consultation, Goal, GoalStatus, Id, JournalEntry, Kind, Profile, Reflection, Role,
    Week,
};
use tandem::store::{Change, SCHEMA_VERSION, Store, StoreError, Stored, codec, keys};

mod common;
use common::{now, profile, store_with_profile};

fn entry(author: Id, days_ago: i64) -> JournalEntry {
    let at = now() - Duration::days(days_ago);
    JournalEntry::new(author, at, &format!("meeting {days_ago} days ago"), now())
}

#[test]
fn newest_journal_entries_come_first_and_only_n_are_read() {
    let (_d, store, me) = store_with_profile();
    // Written out of order on purpose.
    for days in [30, 2, 400, 9, 1, 100] {
        store.put(&entry(me.id, days)).unwrap();
    }
    let newest = store.newest_journal(me.id, 3).unwrap();
    let notes: Vec<&str> = newest.iter().map(|e| e.notes.as_str()).collect();
    assert_eq!(
        notes,
        [
            "meeting 1 days ago",
            "meeting 2 days ago",
            "meeting 9 days ago"
        ]
    );
    assert_eq!(store.newest_journal(me.id, 100).unwrap().len(), 6);
}

#[test]
fn changing_a_records_date_moves_it_in_the_index() {
    let (_d, store, me) = store_with_profile();
    let mut old = entry(me.id, 50);
    store.put(&old).unwrap();
    store.put(&entry(me.id, 5)).unwrap();
    old.at = now();
    store.put(&old).unwrap();
    let newest = store.newest_journal(me.id, 10).unwrap();
    assert_eq!(newest.len(), 2, "no stale index entry survives an update");
    assert_eq!(newest[0].meta.id, old.meta.id);
}

#[test]
fn upcoming_consultations_start_from_now_and_include_those_under_way() {
    let (_d, store, me) = store_with_profile();
    let mk = |title: &str, start_h: i64, len_h: Option<i64>| {
        let mut c = Consultation::new(me.id, title, now() + Duration::hours(start_h), now());
        c.end = len_h.map(|l| c.start + Duration::hours(l));
        c
    };
    store.put(&mk("long past", -500, None)).unwrap();
    store.put(&mk("yesterday", -24, Some(2))).unwrap();
    store.put(&mk("under way", -1, Some(3))).unwrap();
    store.put(&mk("next month", 24 * 30, None)).unwrap();
    store.put(&mk("in three days", 72, Some(2))).unwrap();
    let upcoming = store.upcoming_consultations(me.id, now(), 10).unwrap();
    let titles: Vec<&str> = upcoming.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["under way", "in three days", "next month"]);
    let first_two = store.upcoming_consultations(me.id, now(), 2).unwrap();
    assert_eq!(first_two.len(), 2);
    let past = store.past_consultations(me.id, now(), 10).unwrap();
    let titles: Vec<&str> = past.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["yesterday", "long past"]);
}

#[test]
fn active_goals_are_a_prefix_scan_sorted_by_target() {
    let (_d, store, me) = store_with_profile();
    let mk = |title: &str, status: GoalStatus, target: Option<&str>| {
        let mut g = Goal::new(me.id, title, now());
        g.status = status;
        g.target = target.map(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap());
        g
    };
    store
        .put(&mk("no target", GoalStatus::Active, None))
        .unwrap();
    store
        .put(&mk("later", GoalStatus::Active, Some("2027-06-01")))
        .unwrap();
    store
        .put(&mk("paused", GoalStatus::Paused, Some("2026-12-01")))
        .unwrap();
    store
        .put(&mk("sooner", GoalStatus::Active, Some("2027-01-15")))
        .unwrap();
    store.put(&mk("done", GoalStatus::Achieved, None)).unwrap();
    let active = store.active_goals(me.id).unwrap();
    let titles: Vec<&str> = active.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(titles, ["sooner", "later", "no target"]);
    assert!(store.has_inactive_goals(me.id).unwrap());
    assert_eq!(store.all::<Goal>(me.id).unwrap().len(), 5);
}

#[test]
fn check_ins_are_found_by_week_and_listed_newest_first() {
    let (_d, store, me) = store_with_profile();
    for weeks_ago in [3, 0, 1] {
        let mut c = CheckIn::new(me.id, 3, 4, now() - Duration::weeks(weeks_ago));
        c.win = format!("{weeks_ago} weeks ago");
        store.put(&c).unwrap();
    }
    let this_week = store
        .checkin_for_week(me.id, Week::of(now().date_naive()))
        .unwrap()
        .unwrap();
    assert_eq!(this_week.win, "0 weeks ago");
    let wins: Vec<String> = store
        .newest_checkins(me.id, 2)
        .unwrap()
        .into_iter()
        .map(|c| c.win)
        .collect();
    assert_eq!(wins, ["0 weeks ago", "1 weeks ago"]);
    assert!(
        store
            .checkin_for_week(
                me.id,
                Week {
                    year: 2020,
                    week: 1
                }
            )
            .unwrap()
            .is_none()
    );
}

#[test]
fn reflections_are_newest_first() {
    let (_d, store, me) = store_with_profile();
    for days in [10, 1, 5] {
        let r = Reflection::new(me.id, &format!("{days}"), now() - Duration::days(days));
        store.put(&r).unwrap();
    }
    let texts: Vec<String> = store
        .newest_reflections(me.id, 5)
        .unwrap()
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert_eq!(texts, ["1", "5", "10"]);
}

#[test]
fn records_of_another_author_live_apart() {
    let (_d, store, me) = store_with_profile();
    let partner = profile("Marko", Role::Mentor);
    store.put_profile(&partner).unwrap();
    store.put(&entry(me.id, 1)).unwrap();
    store.put(&entry(partner.id, 2)).unwrap();
    assert_eq!(store.newest_journal(me.id, 10).unwrap().len(), 1);
    assert_eq!(store.newest_journal(partner.id, 10).unwrap().len(), 1);
}

#[test]
fn ids_resolve_by_unique_prefix_and_print_short() {
    let (_d, store, me) = store_with_profile();
    let a = Goal::new(me.id, "a", now());
    let b = Goal::new(me.id, "b", now());
    store.put(&a).unwrap();
    store.put(&b).unwrap();
    let short_a = store.short_id(a.meta.id).unwrap();
    assert!(short_a.len() >= 4);
    assert!(a.meta.id.to_string().starts_with(&short_a));
    assert_eq!(store.resolve(&short_a, Kind::Goal).unwrap(), a.meta.id);
    assert_eq!(
        store.resolve(&short_a.to_uppercase(), Kind::Goal).unwrap(),
        a.meta.id
    );
    // The first character holds 3 bits: of ten ids, two share it.
    let more: Vec<Goal> = (0..8)
        .map(|i| Goal::new(me.id, &format!("g{i}"), now()))
        .collect();
    for g in &more {
        store.put(g).unwrap();
    }
    let firsts: Vec<char> = [&a, &b]
        .into_iter()
        .chain(&more)
        .map(|g| g.meta.id.to_string().chars().next().unwrap())
        .collect();
    let shared = firsts
        .iter()
        .find(|c| firsts.iter().filter(|d| d == c).count() > 1)
        .unwrap();
    match store.resolve(&shared.to_string(), Kind::Goal) {
        Err(StoreError::Ambiguous { candidates, .. }) => assert!(candidates.len() >= 2),
        other => panic!("expected an ambiguous prefix, got {other:?}"),
    }
    assert!(matches!(
        store.resolve(&short_a, Kind::Journal),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.resolve("zzzz", Kind::Goal),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.resolve("no-such", Kind::Goal),
        Err(StoreError::BadId(_))
    ));
}

#[test]
fn a_commit_is_all_or_nothing() {
    let (_d, store, me) = store_with_profile();
    let other = profile("Other", Role::Mentor);
    let g = Goal::new(me.id, "mine", now());
    store.put(&g).unwrap();
    // The second change tries to move the goal to another author: refused,
    // and the first change must not land either.
    let mut moved = g.clone();
    moved.meta.author = other.id;
    let fresh = Goal::new(me.id, "fresh", now());
    let result = store.commit(vec![
        Change::Put(fresh.clone().into_any()),
        Change::Put(moved.into_any()),
    ]);
    assert!(matches!(result, Err(StoreError::AuthorChanged { .. })));
    assert!(store.get::<Goal>(fresh.meta.id).unwrap().is_none());
}

#[test]
fn delete_removes_the_record_and_its_index_entry() {
    let (_d, store, me) = store_with_profile();
    let e = entry(me.id, 3);
    store.put(&e).unwrap();
    assert!(store.delete(e.meta.id).unwrap());
    assert!(store.newest_journal(me.id, 10).unwrap().is_empty());
    assert!(store.get::<JournalEntry>(e.meta.id).unwrap().is_none());
    assert!(!store.delete(e.meta.id).unwrap());
}

#[test]
fn a_second_open_is_refused_with_the_pid() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Store::open(dir.path()).unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, StoreError::Locked { pid: Some(p), .. } if p == std::process::id()));
    assert!(msg.contains("is in use by another tandem"), "{msg}");
    assert!(
        msg.contains(&format!("(pid {})", std::process::id())),
        "{msg}"
    );
    assert!(msg.contains("close it and try again"), "{msg}");
}

#[test]
fn the_lock_is_released_when_the_store_closes() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    Store::open(dir.path()).unwrap();
}

/// A store a newer tandem wrote: its schema is 99.
fn store_of_schema_99() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store
            .commit(vec![Change::Setting(
                b"schema".to_vec(),
                99u32.to_be_bytes().to_vec(),
            )])
            .unwrap();
    }
    dir
}

#[test]
fn a_store_from_a_newer_tandem_is_refused_untouched() {
    let dir = store_of_schema_99();
    let err = Store::open(dir.path()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(
        err,
        StoreError::NewerSchema {
            found: 99,
            supported: SCHEMA_VERSION,
            ..
        }
    ));
    assert!(
        msg.contains("schema 99") && msg.contains(&format!("schema {SCHEMA_VERSION}")),
        "{msg}"
    );
    // Refused again: nothing was rewritten by the first refusal.
    assert!(matches!(
        Store::open(dir.path()),
        Err(StoreError::NewerSchema { found: 99, .. })
    ));
}

#[test]
fn a_store_opened_in_two_steps_is_refused_as_often_as_it_is_asked() {
    let dir = store_of_schema_99();
    let existing = tandem::store::OpenOptions {
        create: false,
        ..Default::default()
    };
    let store = Store::open_later(dir.path(), existing).unwrap();
    for _ in 0..2 {
        assert!(matches!(
            store.open_now(),
            Err(StoreError::NewerSchema { found: 99, .. })
        ));
    }
}

#[test]
fn a_file_where_the_store_should_be_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "hello").unwrap();
    let err = Store::open(&file).unwrap_err();
    assert!(matches!(err, StoreError::NotADirectory { .. }));
    assert!(err.to_string().contains("is not a directory"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "hello");
    let below = Store::open(file.join("store")).unwrap_err();
    assert!(matches!(below, StoreError::NotADirectory { .. }), "{below}");
}

#[test]
fn an_unwritable_directory_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
    // root ignores permissions; the check only means something for other users.
    if std::fs::write(ro.join("probe"), "x").is_ok() {
        return;
    }
    let err = Store::open(ro.join("store")).unwrap_err();
    assert!(matches!(err, StoreError::NotWritable { .. }), "{err}");
    assert!(err.to_string().contains("permission denied"));
}

#[test]
fn opening_only_an_existing_store_creates_nothing() {
    use tandem::store::OpenOptions;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo");
    let err = Store::open_with(&path, OpenOptions::existing()).unwrap_err();
    assert!(
        matches!(&err, StoreError::Missing { path: p } if *p == path),
        "{err}"
    );
    assert!(
        err.to_string().starts_with(&format!(
            "no store at {}: create one with `tandem init",
            path.display()
        )),
        "{err}"
    );
    assert!(!path.exists());
    // A directory without a database is not a store: left untouched.
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("notes.txt"), "mine").unwrap();
    assert!(matches!(
        Store::open_with(&path, OpenOptions::existing()),
        Err(StoreError::Missing { .. })
    ));
    let names: Vec<_> = std::fs::read_dir(&path)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["notes.txt"]);
    // A file in the way is still named as such.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert!(matches!(
        Store::open_with(&file, OpenOptions::existing()),
        Err(StoreError::NotADirectory { .. })
    ));
    // Once made, the store opens without creating.
    drop(Store::open(&path).unwrap());
    Store::open_with(&path, OpenOptions::existing()).unwrap();
}

#[test]
fn a_new_store_directory_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("store");
    drop(Store::open(&path).unwrap());
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[test]
fn an_unreadable_record_is_quarantined_once_and_the_rest_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let (me, good, bad) = {
        let store = Store::open(dir.path()).unwrap();
        let me = profile("Ana", Role::Mentee);
        store.put_profile(&me).unwrap();
        let good = entry(me.id, 1);
        let bad = entry(me.id, 2);
        store.put(&good).unwrap();
        store.put(&bad).unwrap();
        (me, good, bad)
    };
    // Damage one record behind the store's back, as a bad disk would.
    {
        let db = common::raw_sled(&dir.path().join("db"));
        let tree = db
            .open_tree(keys::records_tree(Kind::Journal, me.id))
            .unwrap();
        let key = keys::record_key(&bad.order_key(), bad.meta.id);
        assert!(tree.contains_key(&key).unwrap());
        tree.insert(key, &[1, 0xff, 0xff, 0xff][..]).unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let entries = store.newest_journal(me.id, 10).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].meta.id, good.meta.id);
    let warnings = store.take_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(&bad.meta.id.to_string()),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("quarantine"));
    assert_eq!(store.quarantined().unwrap().len(), 1);
    // Reported once: the next read is clean.
    assert_eq!(store.newest_journal(me.id, 10).unwrap().len(), 1);
    assert!(store.take_warnings().is_empty());
    // And the id is free of it.
    assert!(matches!(
        store.resolve(&bad.meta.id.to_string(), Kind::Journal),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn merge_is_idempotent_and_the_later_change_wins() {
    let (_d, a, me) = store_with_profile();
    let g = Goal::new(me.id, "shared goal", now());
    a.put(&g).unwrap();
    let snap = a.snapshot().unwrap();

    let dir = tempfile::tempdir().unwrap();
    let b = Store::open(dir.path()).unwrap();
    let first = b.merge(&snap).unwrap();
    assert_eq!((first.new, first.updated, first.unchanged), (2, 0, 0));
    let again = b.merge(&snap).unwrap();
    assert_eq!((again.new, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!(b.snapshot().unwrap(), snap);

    // A later edit in b survives a merge of the older a.
    let mut newer = g.clone();
    newer.set_progress(50, now() + Duration::hours(1)).unwrap();
    b.put(&newer).unwrap();
    b.merge(&snap).unwrap();
    assert_eq!(b.get::<Goal>(g.meta.id).unwrap().unwrap().progress, 50);
    // And the newer one wins when merged back into a.
    let report = a.merge(&b.snapshot().unwrap()).unwrap();
    assert_eq!(report.updated, 1);
    assert_eq!(a.get::<Goal>(g.meta.id).unwrap().unwrap().progress, 50);
}

#[test]
fn settings_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = Store::open(dir.path()).unwrap();
        s.set_setting("last-tab", b"journal").unwrap();
    }
    let s = Store::open(dir.path()).unwrap();
    assert_eq!(
        s.setting("last-tab").unwrap().as_deref(),
        Some(&b"journal"[..])
    );
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_half_written_snapshot_left_by_a_crash_does_not_block_opening() {
    let dir = tempfile::tempdir().unwrap();
    let me = {
        let store = Store::open(dir.path()).unwrap();
        let me = profile("Ana", Role::Mentee);
        store.put_profile(&me).unwrap();
        store.put(&entry(me.id, 1)).unwrap();
        me
    };
    // What sled leaves when it is killed, or its disk fills, while writing a
    // snapshot: sled itself would report the store as corrupt.
    std::fs::write(dir.path().join("db/snap.00000000FFFFFFFF.generating"), b"").unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.newest_journal(me.id, 10).unwrap().len(), 1);
    assert!(
        store.take_warnings().is_empty(),
        "routine recovery, nothing to report"
    );
    assert!(
        !dir.path()
            .join("db/snap.00000000FFFFFFFF.generating")
            .exists()
    );
}

#[test]
fn writes_are_refused_before_the_disk_is_full() {
    use tandem::store::{OpenOptions, space};
    let dir = tempfile::tempdir().unwrap();
    let me = profile("Ana", Role::Mentee);
    Store::open(dir.path()).unwrap().put_profile(&me).unwrap();
    // Pretend the disk is nearly full: more must stay free than there is.
    let free = space::free_bytes(dir.path()).unwrap();
    let store = Store::open_with(
        dir.path(),
        OpenOptions {
            min_free_bytes: free.saturating_mul(2),
            ..OpenOptions::default()
        },
    )
    .unwrap();
    let err = store.put(&entry(me.id, 1)).unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(
        err.to_string().contains("is too full for this")
            && err.to_string().contains("free some space"),
        "{err}"
    );
    // Reading still works, and nothing was written.
    assert!(store.newest_journal(me.id, 10).unwrap().is_empty());
    drop(store);
    // However full the disk, the store opens to be read.
    let store = Store::open_with(
        dir.path(),
        OpenOptions {
            min_free_bytes: u64::MAX,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    assert_eq!(store.profiles().unwrap(), vec![me]);
}

#[test]
fn an_import_never_leaves_two_check_ins_for_one_week() {
    let (_d, a, me) = store_with_profile();
    let (_e, b, _) = store_with_profile();
    // The same person checked in this week on two copies of the store.
    b.put_profile(&me).unwrap();
    // (As written an hour apart: each with the version of its time.)
    let mut older = CheckIn::new(me.id, 2, 2, now());
    older.win = "older".into();
    a.commit(vec![Change::Import(older.into_any())]).unwrap();
    let mut newer = CheckIn::new(me.id, 5, 5, now() + Duration::hours(1));
    newer.win = "newer".into();
    b.commit(vec![Change::Import(newer.into_any())]).unwrap();
    a.merge(&b.snapshot().unwrap()).unwrap();
    let week = Week::of(now().date_naive());
    let all = a.newest_checkins(me.id, 10).unwrap();
    assert_eq!(all.len(), 1, "one check-in per week");
    assert_eq!(
        a.checkin_for_week(me.id, week).unwrap().unwrap().win,
        "newer",
        "the later one wins"
    );
    // And the older one arriving later changes nothing.
    b.merge(&a.snapshot().unwrap()).unwrap();
    assert_eq!(b.newest_checkins(me.id, 10).unwrap().len(), 1);
}

#[test]
fn one_import_with_two_check_ins_for_a_week_keeps_the_later() {
    let (_d, a, me) = store_with_profile();
    let mut first = CheckIn::new(me.id, 2, 2, now());
    first.win = "first".into();
    let mut second = CheckIn::new(me.id, 4, 4, now() + Duration::hours(2));
    second.win = "second".into();
    let snap = tandem::store::Snapshot {
        default_profile: None,
        profiles: vec![],
        checkins: vec![first, second],
        ..Default::default()
    };
    a.merge(&snap).unwrap();
    let all = a.newest_checkins(me.id, 10).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].win, "second");
}

/// Writes `entries` of `me` the way schema 1 stored them: records by id, an
/// index of their keys with empty values, and the `ids` tree.
fn write_v1_store(
    dir: &std::path::Path,
    me: &Profile,
    entries: &[JournalEntry],
    orphan: &JournalEntry,
) {
    let db = common::raw_sled(&dir.join("db"));
    db.open_tree("meta")
        .unwrap()
        .insert("schema", &1u32.to_be_bytes())
        .unwrap();
    db.open_tree("profiles")
        .unwrap()
        .insert(me.id.to_bytes(), codec::encode(me).unwrap())
        .unwrap();
    let records = db
        .open_tree(keys::v1_records_tree(Kind::Journal, me.id))
        .unwrap();
    let index = db
        .open_tree(keys::records_tree(Kind::Journal, me.id))
        .unwrap();
    let ids = db.open_tree("ids").unwrap();
    for e in entries {
        let order = e.order_key();
        records
            .insert(e.meta.id.to_bytes(), codec::encode(e).unwrap())
            .unwrap();
        index
            .insert(keys::record_key(&order, e.meta.id), &[][..])
            .unwrap();
        let mut location = vec![Kind::Journal.code()];
        location.extend_from_slice(&me.id.to_bytes());
        location.extend_from_slice(&order);
        ids.insert(e.meta.id.to_bytes(), location).unwrap();
    }
    // A record the ids tree does not know (a schema 1 store should not
    // have one): kept in quarantine, not dropped.
    records
        .insert(orphan.meta.id.to_bytes(), codec::encode(orphan).unwrap())
        .unwrap();
    db.flush().unwrap();
}

#[test]
fn a_schema_1_store_is_upgraded_on_opening_with_every_record_in_reach() {
    let dir = tempfile::tempdir().unwrap();
    let me = profile("Ana", Role::Mentee);
    let entries: Vec<JournalEntry> = (0..2_500)
        .map(|d| {
            let mut e = entry(me.id, d);
            // Every 500th meeting still has an open action.
            if d % 500 == 7 {
                e.actions.push(tandem::domain::AgreedAction::new(
                    "Send the budget",
                    tandem::domain::Owner::Me,
                    None,
                ));
            }
            e
        })
        .collect();
    let orphan = entry(me.id, 9_999);
    write_v1_store(dir.path(), &me, &entries, &orphan);

    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let warnings = store.take_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("quarantine"), "{warnings:?}");
    assert_eq!(store.quarantined().unwrap().len(), 1);
    // Every record, newest first, by range scan and by id.
    let newest = store.newest_journal(me.id, 3_000).unwrap();
    assert_eq!(newest.len(), entries.len());
    assert_eq!(newest.first(), entries.first());
    assert_eq!(newest.last(), entries.last());
    // The index of open actions was built along the way.
    let open: Vec<i64> = store
        .journal_with_open_actions(me.id)
        .unwrap()
        .iter()
        .map(|e| (now() - e.at).num_days())
        .collect();
    assert_eq!(open, vec![7, 507, 1_007, 1_507, 2_007]);
    let some = &entries[1_234];
    assert_eq!(
        store.get::<JournalEntry>(some.meta.id).unwrap().as_ref(),
        Some(some)
    );
    // Edits and deletes work on the upgraded records.
    let mut edited = some.clone();
    edited.at = now() + Duration::days(1);
    store.put(&edited).unwrap();
    let stored = store.newest_journal(me.id, 1).unwrap();
    // A change made here: a fresh version, later than the upgraded one.
    assert!(stored[0].meta.version > some.meta.version);
    edited.meta.version = stored[0].meta.version;
    assert_eq!(stored, vec![edited.clone()]);
    assert!(store.delete(edited.meta.id).unwrap());
    assert_eq!(
        store.newest_journal(me.id, 3_000).unwrap().len(),
        entries.len() - 1
    );
    drop(store);
    // Once only: the next open finds nothing to do.
    let store = Store::open(dir.path()).unwrap();
    assert!(store.take_warnings().is_empty());
    assert_eq!(
        store.newest_journal(me.id, 3_000).unwrap().len(),
        entries.len() - 1
    );
}

#[test]
fn among_thousands_of_ids_every_short_id_is_unique_and_resolves() {
    let (_d, store, me) = store_with_profile();
    let entries: Vec<JournalEntry> = (0..3_000).map(|d| entry(me.id, d)).collect();
    put_all(&store, &entries);
    let mut printed: Vec<String> = entries.iter().map(|e| e.meta.id.to_string()).collect();
    printed.sort();
    for e in &entries {
        let short = store.short_id(e.meta.id).unwrap();
        assert_eq!(store.resolve(&short, Kind::Journal).unwrap(), e.meta.id);
        // Unique: no other id starts with it, and one character less would not do.
        let sharing = printed.iter().filter(|p| p.starts_with(&short)).count();
        assert_eq!(sharing, 1, "{short}");
        if short.len() > tandem::store::MIN_SHORT_ID {
            let shorter = &short[..short.len() - 1];
            assert!(printed.iter().filter(|p| p.starts_with(shorter)).count() > 1);
        }
    }
    // Deleting empties buckets without disturbing their neighbours.
    for e in &entries[..2_990] {
        assert!(store.delete(e.meta.id).unwrap());
    }
    for e in &entries[2_990..] {
        let short = store.short_id(e.meta.id).unwrap();
        assert_eq!(store.resolve(&short, Kind::Journal).unwrap(), e.meta.id);
        assert_eq!(
            store.get::<JournalEntry>(e.meta.id).unwrap().as_ref(),
            Some(e)
        );
    }
    assert_eq!(store.newest_journal(me.id, 100).unwrap().len(), 10);
}

#[test]
fn meetings_with_open_actions_are_found_however_old_and_only_while_open() {
    use tandem::domain::{AgreedAction, Owner};
    let (_d, store, me) = store_with_profile();
    let with_action = |days: i64, text: &str| {
        let mut e = entry(me.id, days);
        e.actions.push(AgreedAction::new(text, Owner::Me, None));
        e
    };
    let old = with_action(900, "Send the budget");
    let recent = with_action(3, "Call the venue");
    let none = entry(me.id, 1);
    for e in [&old, &recent, &none] {
        store.put(e).unwrap();
    }
    let ids = |s: &Store| -> Vec<Id> {
        s.journal_with_open_actions(me.id)
            .unwrap()
            .iter()
            .map(|e| e.meta.id)
            .collect()
    };
    // Newest first; the meeting without actions is not there.
    assert_eq!(ids(&store), vec![recent.meta.id, old.meta.id]);
    // Moving a meeting keeps it listed once, under its new date.
    let mut moved = old.clone();
    moved.at = now() - Duration::days(2);
    store.put(&moved).unwrap();
    assert_eq!(ids(&store), vec![moved.meta.id, recent.meta.id]);
    // Done: off the list; undone: back.
    let mut done = recent.clone();
    done.set_action_done(1, true, now()).unwrap();
    store.put(&done).unwrap();
    assert_eq!(ids(&store), vec![moved.meta.id]);
    done.set_action_done(1, false, now()).unwrap();
    store.put(&done).unwrap();
    assert_eq!(ids(&store), vec![moved.meta.id, recent.meta.id]);
    // Deleted: off the list.
    store.delete(moved.meta.id).unwrap();
    assert_eq!(ids(&store), vec![recent.meta.id]);
}

#[test]
fn the_brief_finds_an_action_agreed_hundreds_of_meetings_ago() {
    use tandem::domain::{AgreedAction, EventKind, Owner};
    let (_d, store, me) = store_with_profile();
    let mut old = entry(me.id, 2_000);
    old.actions.push(AgreedAction::new(
        "Return the borrowed catalogue",
        Owner::Me,
        None,
    ));
    let mut changes = vec![Change::Put(old.into_any())];
    for d in 1..=600 {
        let mut e = entry(me.id, d);
        e.kind = EventKind::PairMeeting;
        changes.push(Change::Put(e.into_any()));
    }
    store.commit(changes).unwrap();
    let brief = tandem::briefing::brief(
        &store,
        &me,
        tandem::pair::chosen(&store, &me).unwrap().as_ref(),
        now(),
    )
    .unwrap();
    let open: Vec<&str> = brief.open_actions.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(open, vec!["Return the borrowed catalogue"]);
}

#[test]
fn meetings_on_both_sides_of_1970_are_listed_newest_first() {
    // Keys of moments just before 1970 begin 7f ff ff ff ff; sled 0.34's
    // reverse scan cannot step over such keys into a page that starts at
    // 80 (it loops, then panics). The store's keys never hold ff ff.
    let epoch = FixedOffset::east_opt(0)
        .unwrap()
        .with_ymd_and_hms(1970, 1, 1, 0, 0, 0)
        .unwrap();
    // Wherever sled happens to split its pages.
    for before in 1..40 {
        let (_d, store, me) = store_with_profile();
        let entries: Vec<JournalEntry> = (-before..40)
            .map(|h| JournalEntry::new(me.id, epoch + Duration::hours(h), "around 1970", now()))
            .collect();
        for e in &entries {
            store.put(e).unwrap();
        }
        let newest = store.newest_journal(me.id, usize::MAX).unwrap();
        assert_eq!(newest.len(), entries.len());
        assert!(newest.windows(2).all(|w| w[0].at > w[1].at));
    }
}

/// Ids as a hostile file can choose them: all alike but for their last bits
/// (the time part kept plausible).
fn alike_id(n: u32) -> Id {
    let mut bytes = Id::generate(now().to_utc()).to_bytes();
    bytes[..7].copy_from_slice(&[0x2a; 7]);
    bytes[7..10].copy_from_slice(&n.to_be_bytes()[1..]);
    Id::from_bytes(bytes)
}

#[test]
fn ids_chosen_alike_do_not_make_every_later_write_larger() {
    let (_dir, store, me) = store_with_profile();
    let entries: Vec<JournalEntry> = (0..4_000)
        .map(|n| {
            let mut e = entry(me.id, i64::from(n % 700));
            e.meta.id = alike_id(n);
            e
        })
        .collect();
    put_all(&store, &entries);
    // However alike the ids, no bucket of ids grows past its bound (every
    // write rewrites the bucket of its id: one bucket of 4,000 ids made
    // each later write rewrite 170 KiB, and an import quadratic).
    let (buckets, largest) = store.id_buckets().unwrap();
    assert!(largest <= 64, "a bucket of {largest} ids");
    assert!(buckets >= 4_000 / 64, "{buckets} buckets");
    for e in entries.iter().step_by(40) {
        let mut e = e.clone();
        e.notes.push_str(" (edited)");
        store.put(&e).unwrap();
    }
    // Every id is still found, by its short form too.
    for e in entries.iter().step_by(97) {
        let short = store.short_id(e.meta.id).unwrap();
        assert_eq!(store.resolve(&short, Kind::Journal).unwrap(), e.meta.id);
        assert!(store.get::<JournalEntry>(e.meta.id).unwrap().is_some());
    }
    for e in &entries {
        assert!(store.delete(e.meta.id).unwrap());
    }
    assert!(store.newest_journal(me.id, 10).unwrap().is_empty());
    assert_eq!(
        store.id_buckets().unwrap(),
        (0, 0),
        "empty buckets are removed"
    );
}

#[test]
fn a_list_is_counted_without_being_read_and_the_count_follows_every_write() {
    let (_d, store, me) = store_with_profile();
    assert_eq!(store.count::<JournalEntry>(me.id).unwrap(), 0);
    let entries: Vec<JournalEntry> = (0..30).map(|d| entry(me.id, d)).collect();
    put_all(&store, &entries);
    assert_eq!(store.count::<JournalEntry>(me.id).unwrap(), 30);
    // An edit is not a new record; a deletion is one fewer.
    let mut edited = entries[3].clone();
    edited.notes = "edited".into();
    store.put(&edited).unwrap();
    assert!(store.delete(entries[4].meta.id).unwrap());
    assert!(!store.delete(entries[4].meta.id).unwrap());
    assert_eq!(store.count::<JournalEntry>(me.id).unwrap(), 29);
    assert_eq!(store.count::<Goal>(me.id).unwrap(), 0);
    assert_eq!(
        store.count::<JournalEntry>(me.id).unwrap() as usize,
        store.all::<JournalEntry>(me.id).unwrap().len()
    );
}

/// Writes `entries` in one commit.
fn put_all(store: &Store, entries: &[JournalEntry]) {
    store
        .commit(
            entries
                .iter()
                .cloned()
                .map(|e| Change::Import(e.into_any()))
                .collect(),
        )
        .unwrap();
}
