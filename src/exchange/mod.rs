//! Moving data in and out of a store: files other programs and people read.

pub mod bundle;
pub mod ics;
pub mod json;
pub mod markdown;

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Every file tandem writes can hold private text (a backup holds every
/// private reflection): it is readable and writable by its owner alone.
pub const FILE_MODE: u32 = 0o600;

/// Writes `bytes` next to `path` and renames it into place, so that a crash
/// never leaves half a file where a good one was. The file is created with
/// mode 0600 (never readable by others, not even for a moment, whatever the
/// umask), and replaces whatever was at `path`, its mode included.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("not a file name"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let create = || {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(FILE_MODE)
            .open(&tmp)
    };
    // A file of that name is what a crash of an earlier tandem with the same
    // process id left behind; it is never followed if it is a link.
    let mut f = match create() {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            std::fs::remove_file(&tmp)?;
            create()?
        }
        other => other?,
    };
    let result = (|| {
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Flushes a directory, so that a file renamed into it is still there after
/// a crash. A directory that cannot be opened, or a file system that cannot
/// flush one, is left as it is: the file is in place either way.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    let Ok(d) = File::open(dir) else {
        return Ok(());
    };
    match d.sync_all() {
        Err(e) if matches!(e.kind(), ErrorKind::InvalidInput | ErrorKind::Unsupported) => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_are_written_0600_and_replace_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backup.json");
        write_file_atomically(&path, b"one").unwrap();
        assert_eq!(mode(&path), 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_file_atomically(&path, b"two").unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["backup.json"], "no temporary file left");
    }

    #[test]
    fn a_temporary_file_left_by_a_crash_is_replaced_and_a_link_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, b"keep").unwrap();
        let tmp = dir
            .path()
            .join(format!(".out.md.tmp-{}", std::process::id()));
        std::os::unix::fs::symlink(&elsewhere, &tmp).unwrap();
        write_file_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"keep");
        assert!(std::fs::symlink_metadata(&tmp).is_err());
    }
}
