//! Room on the disk, and what a full disk leaves behind.
//!
//! sled 0.34 does not fail cleanly when its disk fills up: a flush can block
//! for ever, a large transaction can be left half on disk, and a snapshot it
//! was writing stays behind as a half-written `snap.*.generating` file that
//! the next open reports as corruption (sled issue 1527). So:
//!
//! - a write is refused, before sled is asked to make it, unless at least
//!   [`MIN_FREE_BYTES`] stay free after it: what it will take is
//!   [estimated](estimate) from its size with sled's overhead;
//! - the store keeps [`RESERVE_BYTES`] of the disk in a file of its own,
//!   `DIR/reserve`, and gives them back when it finds the disk full, so that
//!   it can always be opened and read (sled writes a little when it opens),
//!   and an interrupted write can always be undone;
//! - half-written snapshots are removed before sled opens.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::error::{Result, StoreError};

/// The store does not write when less than this would stay free on its disk.
pub const MIN_FREE_BYTES: u64 = 8 << 20;

/// What the store keeps of the disk in `DIR/reserve`.
pub const RESERVE_BYTES: u64 = 4 << 20;

/// Below this much free space, the reserve is given back before sled opens
/// (sled writes a snapshot of its page table when it opens: at 100,000
/// records about 300 KiB).
pub const OPEN_ROOM: u64 = 2 << 20;

/// The file holding the reserve.
pub const RESERVE_FILE: &str = "reserve";

/// What sled takes on disk for each byte written, in halves: every value
/// goes into its log, and the pages that hold it are written again as they
/// fill. Measured at the peak of imports of 4,000 to 60,000 records (40–60
/// MB of JSON): 2.6–2.7 times the bytes; 3.5 leaves a margin.
const SLED_FACTOR_HALVES: u64 = 7;

/// What sled takes besides the values: a snapshot of its page table and
/// the segment it starts.
const SLED_SLACK: u64 = 1 << 20;

/// Bytes an unprivileged process may still write on the disk holding `dir`.
pub fn free_bytes(dir: &Path) -> std::io::Result<u64> {
    let st = rustix::fs::statvfs(dir)?;
    Ok(st.f_bavail.saturating_mul(st.f_frsize))
}

/// What writing `bytes` of keys and values may take on disk.
pub fn estimate(bytes: u64) -> u64 {
    (bytes / 2)
        .saturating_mul(SLED_FACTOR_HALVES)
        .saturating_add(SLED_SLACK)
}

/// Fails with [`StoreError::DiskFull`] unless `need` bytes can be written
/// on the disk holding `dir` with `keep` bytes still free afterwards.
pub fn ensure_room(dir: &Path, need: u64, keep: u64) -> Result<()> {
    match free_bytes(dir) {
        Ok(free) if free < need.saturating_add(keep) => Err(StoreError::DiskFull {
            path: dir.to_path_buf(),
            need,
            free,
        }),
        // A file system that cannot say how much is free is not refused.
        _ => Ok(()),
    }
}

/// Before sled opens: when the disk is (nearly) full, gives the reserve
/// back so that sled can write what it writes when it opens. Returns
/// whether it did.
pub fn release_reserve_if_full(dir: &Path) -> bool {
    let full = free_bytes(dir).is_ok_and(|free| free < OPEN_ROOM);
    full && release_reserve(dir)
}

/// Gives the reserve back to the disk; returns whether there was one.
pub fn release_reserve(dir: &Path) -> bool {
    std::fs::remove_file(dir.join(RESERVE_FILE)).is_ok()
}

/// Whether the store holds its reserve.
pub fn has_reserve(dir: &Path) -> bool {
    std::fs::metadata(dir.join(RESERVE_FILE)).is_ok_and(|m| m.len() >= RESERVE_BYTES)
}

/// Takes the reserve (again) when the disk has room for it with `keep`
/// bytes still free. Best effort: a disk too full for it refuses writes
/// anyway, and the next write or open tries again.
pub fn keep_reserve(dir: &Path, keep: u64) {
    if has_reserve(dir)
        || free_bytes(dir).is_ok_and(|free| free < RESERVE_BYTES.saturating_add(keep))
    {
        return;
    }
    let path = dir.join(RESERVE_FILE);
    let made = (|| -> std::io::Result<()> {
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&path)?;
        // Blocks that are really the file's: fallocate where the file
        // system can, zeros where it cannot (a sparse file would hold
        // nothing back).
        if rustix::fs::fallocate(&file, rustix::fs::FallocateFlags::empty(), 0, RESERVE_BYTES)
            .is_err()
        {
            let zeros = vec![0u8; 1 << 16];
            for _ in 0..RESERVE_BYTES / zeros.len() as u64 {
                file.write_all(&zeros)?;
            }
        }
        // Not synced: a reserve lost in a crash is taken again at the next open.
        Ok(())
    })();
    if made.is_err() {
        let _ = std::fs::remove_file(&path);
    }
}

/// Removes the snapshot files sled left half-written in `db_dir`. sled writes
/// a snapshot to `snap.N.generating` and renames it once complete, so such a
/// file is never a good snapshot; the log it summarises is still on disk.
/// Only called while the store lock is held, so no sled is writing one.
pub fn remove_incomplete_snapshots(db_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let entries = match std::fs::read_dir(db_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(removed),
        Err(e) => return Err(StoreError::io("cannot read the store directory", db_dir, e)),
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            let path = entry.path();
            std::fs::remove_file(&path)
                .map_err(|e| StoreError::io("cannot remove a half-written snapshot", &path, e))?;
            removed.push(path);
        }
    }
    Ok(removed)
}
