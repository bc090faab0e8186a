//! The app's opening screen, kept beside the store between two runs.
//!
//! When the app quits, it writes what its next start reads first (the
//! records of the tab it opens on and of the header) to `DIR/opening`,
//! stamped with its pid and with the length and time of change of sled's
//! file. The next app to lock the store finds that pid in the lock file
//! only when no other tandem has had the store since (every command, a
//! compaction, another app writes its own pid there), and the file as that
//! app left it; then it draws its first frame from `opening` while sled
//! opens, and reads the store as always before it handles a key. Anything
//! else (another pid, a changed file, another version of tandem, a
//! damaged or missing file) and the opening is not used.
//!
//! The body is opaque here: the app encodes it (through [`super::codec`]).

use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

/// The file in the store directory.
pub const FILE: &str = "opening";

/// What [`save`] writes before renaming it to [`FILE`].
const NEW: &str = "opening.new";

const MAGIC: &[u8; 8] = b"tandem:o";

/// What identifies the database as one app left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    pid: u32,
    len: u64,
    seconds: i64,
    nanos: i64,
}

impl Stamp {
    fn of(dir: &Path, pid: u32) -> std::io::Result<Stamp> {
        let m = std::fs::metadata(dir.join("db").join("db"))?;
        Ok(Stamp {
            pid,
            len: m.len(),
            seconds: m.mtime(),
            nanos: m.mtime_nsec(),
        })
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.pid.to_le_bytes());
        out.extend_from_slice(&self.len.to_le_bytes());
        out.extend_from_slice(&self.seconds.to_le_bytes());
        out.extend_from_slice(&self.nanos.to_le_bytes());
    }

    fn read(bytes: &[u8]) -> Option<(Stamp, &[u8])> {
        let (pid, rest) = bytes.split_first_chunk::<4>()?;
        let (len, rest) = rest.split_first_chunk::<8>()?;
        let (seconds, rest) = rest.split_first_chunk::<8>()?;
        let (nanos, rest) = rest.split_first_chunk::<8>()?;
        let stamp = Stamp {
            pid: u32::from_le_bytes(*pid),
            len: u64::from_le_bytes(*len),
            seconds: i64::from_le_bytes(*seconds),
            nanos: i64::from_le_bytes(*nanos),
        };
        Some((stamp, rest))
    }
}

/// Writes `body` as the opening of the store in `dir`, for a process that
/// holds its lock and has flushed and synced every write: the stamp is taken
/// now. Written whole to a new file, then renamed over the last one.
pub fn save(dir: &Path, body: &[u8]) -> std::io::Result<()> {
    let stamp = Stamp::of(dir, std::process::id())?;
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let mut bytes = Vec::with_capacity(body.len() + 64);
    bytes.extend_from_slice(MAGIC);
    bytes.push(version.len() as u8);
    bytes.extend_from_slice(version);
    stamp.write(&mut bytes);
    bytes.extend_from_slice(body);
    let path = dir.join(FILE);
    let new = dir.join(NEW);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&new)?;
    file.write_all(&bytes)?;
    drop(file);
    std::fs::rename(&new, &path)
}

/// Removes the opening of the store in `dir`, and one an app stopped while
/// writing it (errors ignored: a file that cannot be removed is stale by
/// then, and [`read`] will not use it).
pub fn remove(dir: &Path) {
    for name in [FILE, NEW] {
        let _ = std::fs::remove_file(dir.join(name));
    }
}

/// The opening body of the store in `dir`, when the last tandem to hold
/// the store (`previous`, as the lock file named it) was the app that wrote
/// it and the database is as that app left it; None otherwise.
pub fn read(dir: &Path, previous: Option<u32>) -> Option<Vec<u8>> {
    let previous = previous?;
    let bytes = std::fs::read(dir.join(FILE)).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    let (&n, rest) = rest.split_first()?;
    let (version, rest) = rest.split_at_checked(n as usize)?;
    if version != env!("CARGO_PKG_VERSION").as_bytes() {
        return None;
    }
    let (stamp, body) = Stamp::read(rest)?;
    if stamp.pid != previous || Stamp::of(dir, previous).ok()? != stamp {
        return None;
    }
    Some(body.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("db")).unwrap();
        std::fs::write(dir.path().join("db").join("db"), b"sled's log").unwrap();
        dir
    }

    #[test]
    fn the_opening_is_read_back_by_the_next_holder_of_the_store() {
        let dir = store_dir();
        save(dir.path(), b"the goals").unwrap();
        let me = Some(std::process::id());
        assert_eq!(read(dir.path(), me).as_deref(), Some(&b"the goals"[..]));
        // Written again, it replaces the last one.
        save(dir.path(), b"the journal").unwrap();
        assert_eq!(read(dir.path(), me).as_deref(), Some(&b"the journal"[..]));
    }

    #[test]
    fn the_opening_is_not_used_once_anything_else_had_the_store() {
        let dir = store_dir();
        save(dir.path(), b"the goals").unwrap();
        // Another tandem held the store since (its pid is in the lock file).
        assert_eq!(read(dir.path(), Some(std::process::id() + 1)), None);
        // A new store, or a lock file written by hand.
        assert_eq!(read(dir.path(), None), None);
        // The database changed after the opening was written.
        let db = dir.path().join("db").join("db");
        std::fs::write(&db, b"sled's log, and one more record").unwrap();
        assert_eq!(read(dir.path(), Some(std::process::id())), None);
    }

    #[test]
    fn removing_the_opening_leaves_nothing_of_it() {
        let dir = store_dir();
        save(dir.path(), b"the goals").unwrap();
        std::fs::write(dir.path().join(NEW), b"half of the journ").unwrap();
        remove(dir.path());
        assert_eq!(read(dir.path(), Some(std::process::id())), None);
        assert!(!dir.path().join(FILE).exists());
        assert!(!dir.path().join(NEW).exists());
    }

    #[test]
    fn a_damaged_or_missing_opening_is_not_used() {
        let dir = store_dir();
        let me = Some(std::process::id());
        assert_eq!(read(dir.path(), me), None);
        save(dir.path(), b"the goals").unwrap();
        let path = dir.path().join(FILE);
        let whole = std::fs::read(&path).unwrap();
        for cut in [0, 5, 9, 20, 30] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            assert_eq!(read(dir.path(), me), None, "cut at {cut}");
        }
        // Another version of tandem wrote it.
        let mut other = whole.clone();
        other[MAGIC.len() + 1] ^= 1;
        std::fs::write(&path, &other).unwrap();
        assert_eq!(read(dir.path(), me), None);
    }
}
