//! `tandem compact`: the store rewritten into a fresh database.
//!
//! sled's log keeps every overwritten or deleted value until its cleaner
//! reclaims the segment holding it, keeps large values (an import's undo
//! log) as files of their own until then, and clears every free segment
//! again at each open. A database written in one go holds only what is live.
//!
//! The rewrite is all or nothing: the new database is written beside the
//! old one ([`NEW`]), read back and compared with it key by key, and only
//! then swapped in by two renames, `db` → [`BACKUP`] and [`NEW`] → `db`.
//! The backup goes once the new database has opened as a store. An
//! interruption at any moment leaves a store that opens with everything in
//! it: [`recover`], run at every open, finishes or undoes a swap cut short.

use std::path::Path;

use super::{Result, StoreError};

/// Where the new database is written.
pub const NEW: &str = "db.compact";
/// Where the old database waits while the new one is swapped in.
pub const BACKUP: &str = "db.before-compact";

/// Entries written per batch into the new database.
const BATCH: usize = 2_000;

/// The store's size on disk before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compacted {
    pub before: u64,
    pub after: u64,
}

/// Whether `dir` holds a database, possibly mid-swap.
pub fn holds_database(dir: &Path) -> bool {
    dir.join("db").exists() || dir.join(BACKUP).exists()
}

/// Finishes or undoes a compaction that was cut short. Called with the
/// store lock held, before sled opens the database.
pub fn recover(dir: &Path) -> Result<()> {
    let db = dir.join("db");
    let new = dir.join(NEW);
    let backup = dir.join(BACKUP);
    if backup.exists() {
        if db.exists() {
            // Both renames were made, and the process stopped before it
            // opened the new database: that had been compared with the old
            // one key by key before the swap, so the backup has served.
            remove_dir(&backup)?;
        } else {
            // Cut short between the two renames: the old database goes back.
            std::fs::rename(&backup, &db)
                .map_err(|e| StoreError::io("cannot put the store back", &backup, e))?;
        }
    }
    if new.exists() {
        // A rewrite that never reached the swap.
        remove_dir(&new)?;
    }
    Ok(())
}

/// Copies every tree of `old` into a new database at `dir/`[`NEW`], closes
/// it, makes every file of it durable, opens it again from the disk and
/// checks that it reads back the same, key by key. On any failure the new
/// database is removed and the old one is untouched.
pub fn rewrite(old: &sled::Db, dir: &Path, config: fn() -> sled::Config) -> Result<()> {
    let target = dir.join(NEW);
    remove_dir(&target)?;
    // A sled::Config is shared once used: a new one for each open.
    let open = || {
        config()
            .path(&target)
            .open()
            .map_err(|e| StoreError::sled(&target, e))
    };
    let result = (|| {
        {
            let new = open()?;
            copy(old, &new, &target)?;
            new.flush().map_err(|e| StoreError::sled(&target, e))?;
            // Closed here: sled syncs its log, not its blob files.
        }
        sync_tree(&target)?;
        // Read back from the disk, not from the cache of the handle that wrote it.
        let copy = reopen(open)?;
        same(old, &copy, dir)
    })();
    if result.is_err() {
        let _ = remove_dir(&target);
    }
    result
}

/// Opens the copy again: the handle that wrote it can hold sled's file
/// lock for a moment after it is dropped, while its threads finish.
fn reopen(open: impl Fn() -> Result<sled::Db>) -> Result<sled::Db> {
    let mut tries = 0;
    loop {
        match open() {
            Err(StoreError::Locked { .. }) if tries < 400 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            other => return other,
        }
    }
}

/// Syncs every file and directory under `path` (sled syncs only its log
/// file, not the files that hold its large values, its snapshot or its
/// configuration): the copy must be whole on disk before the old
/// database is set aside.
fn sync_tree(path: &Path) -> Result<()> {
    let sync = |p: &Path| {
        std::fs::File::open(p)
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::io("cannot sync the compacted store", p, e))
    };
    let entries = std::fs::read_dir(path)
        .map_err(|e| StoreError::io("cannot read the compacted store", path, e))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| StoreError::io("cannot read the compacted store", path, e))?;
        let p = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            sync_tree(&p)?;
        } else {
            sync(&p)?;
        }
    }
    sync(path)
}

fn copy(old: &sled::Db, new: &sled::Db, target: &Path) -> Result<()> {
    let sled_err = |e| StoreError::sled(target, e);
    for name in old.tree_names() {
        let from = old.open_tree(&name).map_err(sled_err)?;
        let to = new.open_tree(&name).map_err(sled_err)?;
        let mut batch = sled::Batch::default();
        let mut in_batch = 0;
        for item in from.iter() {
            let (k, v) = item.map_err(sled_err)?;
            batch.insert(k, v);
            in_batch += 1;
            if in_batch == BATCH {
                to.apply_batch(std::mem::take(&mut batch))
                    .map_err(sled_err)?;
                in_batch = 0;
            }
        }
        to.apply_batch(batch).map_err(sled_err)?;
    }
    Ok(())
}

/// Whether both databases hold the same trees with the same entries.
fn same(old: &sled::Db, new: &sled::Db, dir: &Path) -> Result<()> {
    let sled_err = |e| StoreError::sled(dir, e);
    let differ = |what: String| StoreError::Storage {
        dir: dir.to_path_buf(),
        detail: format!(
            "the compacted copy differs from the store ({what}); the store was left as it was"
        ),
    };
    let mut names = old.tree_names();
    let mut new_names = new.tree_names();
    names.sort();
    new_names.sort();
    if names != new_names {
        return Err(differ("not the same trees".into()));
    }
    for name in names {
        let a = old.open_tree(&name).map_err(sled_err)?;
        let b = new.open_tree(&name).map_err(sled_err)?;
        let mut left = a.iter();
        let mut right = b.iter();
        loop {
            match (left.next(), right.next()) {
                (None, None) => break,
                (Some(x), Some(y)) => {
                    let (xk, xv) = x.map_err(sled_err)?;
                    let (yk, yv) = y.map_err(sled_err)?;
                    if xk != yk || xv != yv {
                        return Err(differ(format!("tree {}", String::from_utf8_lossy(&name))));
                    }
                }
                _ => {
                    return Err(differ(format!("tree {}", String::from_utf8_lossy(&name))));
                }
            }
        }
    }
    Ok(())
}

/// Swaps the compacted database in, keeping the old one as [`BACKUP`].
pub fn swap(dir: &Path) -> Result<()> {
    let db = dir.join("db");
    let backup = dir.join(BACKUP);
    std::fs::rename(&db, &backup)
        .map_err(|e| StoreError::io("cannot set the old store aside", &db, e))?;
    if let Err(e) = std::fs::rename(dir.join(NEW), &db) {
        // Put the old one back: nothing changed.
        let _ = std::fs::rename(&backup, &db);
        return Err(StoreError::io("cannot move the compacted store in", &db, e));
    }
    sync_dir(dir);
    Ok(())
}

/// Puts the old database back after the compacted one failed to open as
/// a store; the compacted copy is removed.
pub fn swap_back(dir: &Path) -> Result<()> {
    let db = dir.join("db");
    let _ = std::fs::rename(&db, dir.join(NEW));
    std::fs::rename(dir.join(BACKUP), &db)
        .map_err(|e| StoreError::io("cannot put the store back", &db, e))?;
    sync_dir(dir);
    remove_dir(&dir.join(NEW))
}

/// Removes the backup once the new database opened as a store.
pub fn drop_backup(dir: &Path) -> Result<()> {
    remove_dir(&dir.join(BACKUP))
}

/// Bytes taken by the files under `path`.
pub fn size_on_disk(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => size_on_disk(&e.path()),
            // Blocks in use: what the disk gives, holes not counted.
            Ok(_) => e
                .metadata()
                .map(|m| std::os::unix::fs::MetadataExt::blocks(&m) * 512)
                .unwrap_or(0),
            Err(_) => 0,
        })
        .sum()
}

fn remove_dir(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::io("cannot remove", path, e)),
    }
}

/// Makes the renames durable (best effort: a failure here only means a
/// crash could show the state before them, which [`recover`] handles).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
