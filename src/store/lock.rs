//! One tandem per store: an exclusive lock on `DIR/lock`, which also holds the
//! pid of the tandem that has it, so that a second one can say who.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::error::{Result, StoreError};

/// The pid the holder of the lock wrote. A holder that has just taken the
/// lock may not have written it yet: it is read again, a few times.
fn holder(file: &mut File) -> Option<u32> {
    for _ in 0..40 {
        let mut text = String::new();
        let read = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_string(&mut text));
        if let (Ok(_), Ok(pid)) = (read, text.trim().parse()) {
            return Some(pid);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    None
}

/// The terminal process `pid` runs in (what its standard input, output or
/// error is), when it runs in one and this user may see it.
fn terminal_of(pid: u32) -> Option<String> {
    (0..3).find_map(|fd| {
        let target = std::fs::read_link(format!("/proc/{pid}/fd/{fd}")).ok()?;
        let name = target.to_str()?;
        (name.starts_with("/dev/pts/") || name.starts_with("/dev/tty")).then(|| name.to_string())
    })
}

/// Held for as long as the store is open; the OS releases it when the process
/// ends, however it ends.
#[derive(Debug)]
pub struct StoreLock {
    _file: File,
    /// The pid the file held before this one: the last tandem that had
    /// the store (see [`StoreLock::previous`]).
    previous: Option<u32>,
}

impl StoreLock {
    pub fn acquire(dir: &Path) -> Result<StoreLock> {
        let path = dir.join("lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io("cannot open the lock file", &path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let pid = holder(&mut file);
                return Err(StoreError::Locked {
                    dir: dir.to_path_buf(),
                    pid,
                    tty: pid.and_then(terminal_of),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(StoreError::io("cannot lock the store", &path, e));
            }
        }
        // The pid, padded to one width, written over the last holder's in
        // place: truncating the file first (0.5–0.7 ms of every command on
        // ext4, which frees and allocates its block) is needed only when it
        // holds something else.
        let mut before = [0u8; 16];
        let previous = std::os::unix::fs::FileExt::read_at(&file, &mut before, 0)
            .ok()
            .and_then(|n| std::str::from_utf8(&before[..n]).ok()?.trim().parse().ok());
        let line = format!("{:<10}\n", std::process::id());
        let written = file
            .metadata()
            .and_then(|m| match m.len() == line.len() as u64 {
                true => Ok(()),
                false => file.set_len(0),
            })
            .and_then(|()| std::os::unix::fs::FileExt::write_all_at(&file, line.as_bytes(), 0));
        written.map_err(|e| StoreError::io("cannot write the lock file", &path, e))?;
        Ok(StoreLock {
            _file: file,
            previous,
        })
    }

    /// The pid of the tandem that had the store before this one, as its
    /// lock file said (None for a new store, or a file not written by one).
    pub fn previous(&self) -> Option<u32> {
        self.previous
    }
}
