//! A full disk, for real: each test mounts a small tmpfs (as root; skipped
//! with a message where the machine does not allow it) and runs the store,
//! or the `tandem` binary, on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tandem::domain::{JournalEntry, Role};
use tandem::store::{Store, StoreError, space};

mod common;
use common::{now, ok, profile, run, tandem};

/// A tmpfs of `mib` MiB, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(mib: u64) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("skipped: cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn free(&self) -> u64 {
        space::free_bytes(self.path()).unwrap()
    }

    /// Another program takes all but `leave` bytes of the disk.
    fn fill(&self, name: &str, leave: u64) -> PathBuf {
        use std::io::Write;
        let path = self.path().join(name);
        let mut take = self.free().saturating_sub(leave);
        let mut file = std::fs::File::create(&path).unwrap();
        while take > 0
            && rustix::fs::fallocate(&file, rustix::fs::FallocateFlags::empty(), 0, take).is_err()
        {
            take = take.saturating_sub(64 << 10);
        }
        if leave == 0 {
            // The last blocks, one by one.
            use std::io::Seek;
            file.seek(std::io::SeekFrom::End(0)).unwrap();
            while file
                .write_all(&[0; 4096])
                .and_then(|()| file.sync_all())
                .is_ok()
            {}
        }
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// A JSON export of a store of about `records` generated records.
fn export_of(records: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("source");
    ok(run(
        &store,
        &[
            "init",
            "--name",
            "Ben",
            "--role",
            "mentee",
            "--partner",
            "Marko",
        ],
    ));
    ok(run(
        &store,
        &["dev", "seed", "--records", &records.to_string()],
    ));
    let file = dir.path().join("export.json");
    ok(run(
        &store,
        &["export", "--format", "json", file.to_str().unwrap()],
    ));
    (dir, file)
}

/// A store of Marko's with one goal, on `disk`.
fn markos_store(disk: &SmallDisk) -> PathBuf {
    let store = disk.path().join("store");
    ok(run(
        &store,
        &["init", "--name", "Marko", "--role", "mentor"],
    ));
    ok(run(&store, &["goal", "add", "Listen more than I talk"]));
    store
}

#[test]
fn an_import_that_cannot_fit_is_refused_before_anything_is_written() {
    let Some(disk) = SmallDisk::mount(64) else {
        return;
    };
    let (_src, file) = export_of(6_000);
    let store = markos_store(&disk);
    let before = ok(run(&store, &["export", "--format", "json"]));
    // Room for the file itself, not for what sled makes of it.
    let size = std::fs::metadata(&file).unwrap().len();
    let _filler = disk.fill("filler", space::MIN_FREE_BYTES + size);
    let free = disk.free();
    let out = run(&store, &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("too full for this") && err.contains("nothing was changed"),
        "{err}"
    );
    // Nothing written: the disk as it was, the store as it was.
    assert!(
        disk.free() + (64 << 10) >= free,
        "the refusal wrote to the disk"
    );
    assert_eq!(ok(run(&store, &["export", "--format", "json"])), before);
}

#[test]
fn a_write_never_eats_into_the_margin_and_reading_works_at_zero_bytes_free() {
    let Some(disk) = SmallDisk::mount(32) else {
        return;
    };
    let dir = disk.path().join("store");
    let me = profile("Ana", Role::Mentee);
    {
        let store = Store::open(&dir).unwrap();
        store.put_profile(&me).unwrap();
        store
            .put(&JournalEntry::new(me.id, now(), "Before", now()))
            .unwrap();
    }
    assert!(space::has_reserve(&dir), "the store holds its reserve");
    // Just above the margin: a large write (meetings with long notes) would
    // go below it, so it is refused; a small one still fits.
    let filler = disk.fill("filler", space::MIN_FREE_BYTES + (3 << 20));
    let store = Store::open(&dir).unwrap();
    let big: Vec<_> = (0..40)
        .map(|n| {
            let mut e = JournalEntry::new(me.id, now(), &"long notes ".repeat(2_000), now());
            e.notes.push_str(&n.to_string());
            tandem::store::Change::Put(tandem::store::AnyRecord::Journal(e))
        })
        .collect();
    let err = store.commit(big).unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(disk.free() >= space::MIN_FREE_BYTES, "the margin is intact");
    store
        .put(&JournalEntry::new(me.id, now(), "Small", now()))
        .unwrap();
    drop(store);
    // Another program takes every byte left.
    drop(filler);
    let _filler = disk.fill("filler", 0);
    let _more = disk.fill("filler-2", 0);
    assert!(disk.free() < 64 << 10);
    let store = Store::open(&dir).expect("a full disk still opens for reading");
    let notes: Vec<String> = store
        .newest_journal(me.id, 10)
        .unwrap()
        .into_iter()
        .map(|e| e.notes)
        .collect();
    assert_eq!(notes.len(), 2);
    let warnings = store.take_warnings();
    assert!(
        warnings.iter().any(|w| w.contains("nothing can be saved")),
        "{warnings:?}"
    );
    let err = store
        .put(&JournalEntry::new(me.id, now(), "After", now()))
        .unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    drop(store);
    // Space comes back: writes work, and the reserve is taken again.
    std::fs::remove_file(disk.path().join("filler")).unwrap();
    std::fs::remove_file(disk.path().join("filler-2")).unwrap();
    let store = Store::open(&dir).unwrap();
    store
        .put(&JournalEntry::new(me.id, now(), "After", now()))
        .unwrap();
    assert!(space::has_reserve(&dir));
}

#[test]
fn a_disk_filled_by_another_program_during_an_import_leaves_none_of_it() {
    let Some(disk) = SmallDisk::mount(160) else {
        return;
    };
    let (_src, file) = export_of(20_000);
    let store = markos_store(&disk);
    let before = ok(run(&store, &["export", "--format", "json"]));
    let used = |disk: &SmallDisk| 160u64 * (1 << 20) - disk.free();
    let start = used(&disk);
    let mut child = tandem(&store)
        .args(["import", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once the import has begun to write, another program takes the rest.
    let began = Instant::now();
    let mut filled = None;
    while filled.is_none() && began.elapsed() < Duration::from_secs(60) {
        if used(&disk) > start + (256 << 10) {
            filled = Some(disk.fill("filler", 0));
        } else if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    assert!(filled.is_some(), "the import never began to write");
    // It ends, by itself, with a clear message (sled alone would block for
    // ever, or return with part of the import on disk).
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the import hung on the full disk");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        (err.contains("filled up") || err.contains("is full")) && err.contains("free some space"),
        "{err}"
    );
    // The disk still full, the store opens, and holds none of the import.
    let list = run(&store, &["goal", "list"]);
    assert!(
        String::from_utf8_lossy(&list.stderr).contains("none of it is in the store")
            || err.contains("nothing of this change was kept"),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    ok(list);
    assert_eq!(ok(run(&store, &["export", "--format", "json"])), before);
    // Space back: everything works as before.
    drop(filled);
    std::fs::remove_file(disk.path().join("filler")).unwrap();
    ok(run(&store, &["goal", "add", "Ask one question at a time"]));
    ok(run(&store, &["import", file.to_str().unwrap()]));
}

#[test]
fn a_disk_filled_by_small_writes_gives_a_clear_error_and_an_intact_store() {
    let Some(disk) = SmallDisk::mount(16) else {
        return;
    };
    let dir = disk.path().join("store");
    let store = Store::open(&dir).unwrap();
    let me = profile("Ana", Role::Mentee);
    store.put_profile(&me).unwrap();
    let mut written = 0;
    let err = loop {
        let mut e = JournalEntry::new(me.id, now(), &"x".repeat(50_000), now());
        e.notes.push_str(&written.to_string());
        match store.put(&e) {
            Ok(()) => written += 1,
            Err(err) => break err,
        }
        assert!(written < 10_000, "the disk never filled");
    };
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(disk.free() >= space::MIN_FREE_BYTES, "the margin is intact");
    drop(store);
    let store = Store::open(&dir).unwrap_or_else(|e| panic!("the store does not reopen: {e}"));
    assert_eq!(
        store.newest_journal(me.id, usize::MAX).unwrap().len(),
        written
    );
}
