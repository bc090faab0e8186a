//! Room on the disk, and what a full disk leaves behind.
//!
//! sled 0.34 does not fail cleanly when its disk fills up: a flush can block
//! for ever, and a snapshot it was writing stays behind as a half-written
//! `snap.*.generating` file that the next open reports as corruption
//! (sled issue 1527). So the store refuses to write while less than
//! [`MIN_FREE_BYTES`] are free, before sled is asked to, and removes
//! half-written snapshots before sled opens.

use std::path::{Path, PathBuf};

use super::error::{Result, StoreError};

/// The store does not write when less than this is free on its disk.
pub const MIN_FREE_BYTES: u64 = 8 << 20;

/// Bytes an unprivileged process may still write on the disk holding `dir`.
pub fn free_bytes(dir: &Path) -> std::io::Result<u64> {
    let st = rustix::fs::statvfs(dir)?;
    Ok(st.f_bavail.saturating_mul(st.f_frsize))
}

/// Fails with [`StoreError::DiskFull`] when fewer than `min` bytes are free.
pub fn ensure_room(dir: &Path, min: u64) -> Result<()> {
    match free_bytes(dir) {
        Ok(free) if free < min => Err(StoreError::DiskFull {
            path: dir.to_path_buf(),
        }),
        // A file system that cannot say how much is free is not refused.
        _ => Ok(()),
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
