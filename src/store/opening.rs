//! The app's opening screen, kept beside the store between two runs.
//!
//! When the app quits, it writes what its next start reads first (the
//! records of the tab it opens on and of the header) to `DIR/opening`,
//! stamped with its pid, the length and time of change of sled's file and
//! of the executable, and a checksum of what it wrote. The next app to lock
//! the store finds that pid in the lock file only when no other tandem has
//! had the store since (every command, a compaction, another app writes its
//! own pid there), and the files as that app left them; then it draws its
//! first frame from `opening` while sled opens, and reads the store as
//! always before it handles a key. Anything else (another pid, a changed
//! database, another build or version of tandem, a damaged or missing
//! file) and the opening is not used.
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

/// A file as it was: its length and time of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Version {
    len: u64,
    seconds: i64,
    nanos: i64,
}

impl Version {
    fn of(path: &Path) -> std::io::Result<Version> {
        let m = std::fs::metadata(path)?;
        Ok(Version {
            len: m.len(),
            seconds: m.mtime(),
            nanos: m.mtime_nsec(),
        })
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.len.to_le_bytes());
        out.extend_from_slice(&self.seconds.to_le_bytes());
        out.extend_from_slice(&self.nanos.to_le_bytes());
    }

    fn read(bytes: &[u8]) -> Option<(Version, &[u8])> {
        let (len, rest) = bytes.split_first_chunk::<8>()?;
        let (seconds, rest) = rest.split_first_chunk::<8>()?;
        let (nanos, rest) = rest.split_first_chunk::<8>()?;
        let version = Version {
            len: u64::from_le_bytes(*len),
            seconds: i64::from_le_bytes(*seconds),
            nanos: i64::from_le_bytes(*nanos),
        };
        Some((version, rest))
    }
}

/// What identifies the database as one app left it, the program that read
/// it, and the body as it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    pid: u32,
    /// sled's file.
    db: Version,
    /// The executable: another build (the same version number, built again)
    /// may lay the body out differently.
    exe: Version,
    /// A checksum of the body (FNV-1a), against a file damaged on disk.
    sum: u64,
}

impl Stamp {
    fn of(dir: &Path, pid: u32, body: &[u8]) -> std::io::Result<Stamp> {
        Ok(Stamp {
            pid,
            db: Version::of(&dir.join("db").join("db"))?,
            exe: Version::of(&std::env::current_exe()?)?,
            sum: checksum(body),
        })
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.pid.to_le_bytes());
        self.db.write(out);
        self.exe.write(out);
        out.extend_from_slice(&self.sum.to_le_bytes());
    }

    fn read(bytes: &[u8]) -> Option<(Stamp, &[u8])> {
        let (pid, rest) = bytes.split_first_chunk::<4>()?;
        let (db, rest) = Version::read(rest)?;
        let (exe, rest) = Version::read(rest)?;
        let (sum, rest) = rest.split_first_chunk::<8>()?;
        let stamp = Stamp {
            pid: u32::from_le_bytes(*pid),
            db,
            exe,
            sum: u64::from_le_bytes(*sum),
        };
        Some((stamp, rest))
    }
}

/// FNV-1a, 64 bits.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Writes `body` as the opening of the store in `dir`, for a process that
/// holds its lock and has flushed and synced every write: the stamp is taken
/// now. Written whole to a new file, then renamed over the last one.
pub fn save(dir: &Path, body: &[u8]) -> std::io::Result<()> {
    let stamp = Stamp::of(dir, std::process::id(), body)?;
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
    if stamp.pid != previous || Stamp::of(dir, previous, body).ok()? != stamp {
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
        for cut in [0, 5, 9, 20, 30, 60, whole.len() - 1] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            assert_eq!(read(dir.path(), me), None, "cut at {cut}");
        }
        // The body changed on disk (a block lost in a crash reads as zeros).
        let mut zeroed = whole.clone();
        let at = whole.len() - 3;
        zeroed[at..].fill(0);
        std::fs::write(&path, &zeroed).unwrap();
        assert_eq!(read(dir.path(), me), None);
        std::fs::write(&path, &whole).unwrap();
        assert!(read(dir.path(), me).is_some());
        // Another version of tandem wrote it.
        let mut other = whole.clone();
        other[MAGIC.len() + 1] ^= 1;
        std::fs::write(&path, &other).unwrap();
        assert_eq!(read(dir.path(), me), None);
    }
}
