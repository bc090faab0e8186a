//! One tandem per store: an exclusive lock on `DIR/lock`, which also holds the
//! pid of the tandem that has it, so that a second one can say who.

use std::fs::{File, OpenOptions};
use std::path::Path;

use super::error::{Result, StoreError};

/// The pid written in the lock file, if it holds one.
fn pid_in(file: &File) -> Option<u32> {
    let mut bytes = [0u8; 32];
    let n = std::os::unix::fs::FileExt::read_at(file, &mut bytes, 0).ok()?;
    std::str::from_utf8(&bytes[..n]).ok()?.trim().parse().ok()
}

/// The pid the holder of the lock wrote. A holder that has just taken the
/// lock may not have written it yet: it is read again, a few times.
fn holder(file: &File) -> Option<u32> {
    for _ in 0..40 {
        if let Some(pid) = pid_in(file) {
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

/// How long a lock this process holds is waited for (see
/// [`StoreLock::acquire`]), and how often it is tried meanwhile.
const OWN_LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(500);
const OWN_LOCK_STEP: std::time::Duration = std::time::Duration::from_millis(2);

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
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io("cannot open the lock file", &path, e))?;
        let mut waited = std::time::Duration::ZERO;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    let pid = holder(&file);
                    // This process's own lock, let go of, can still be held
                    // for a moment by a child it was starting a program in
                    // (a fork has a copy of every open file until it runs
                    // the program, which closes them): waited for.
                    if pid == Some(std::process::id()) && waited < OWN_LOCK_WAIT {
                        std::thread::sleep(OWN_LOCK_STEP);
                        waited += OWN_LOCK_STEP;
                        continue;
                    }
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
        }
        // The pid, padded to one width, written over the last holder's in
        // place: truncating the file first (0.5–0.7 ms of every command on
        // ext4, which frees and allocates its block) is needed only when it
        // holds something else.
        let previous = pid_in(&file);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_let_go_of_but_still_held_by_a_starting_child_is_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let lock = StoreLock::acquire(dir.path()).unwrap();
        // A child forked meanwhile holds a copy of the file (the same open
        // file, and so the same lock) until it runs its program.
        let child = lock._file.try_clone().unwrap();
        drop(lock);
        let exec = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(50));
            drop(child);
        });
        let again = StoreLock::acquire(dir.path());
        exec.join().unwrap();
        assert!(again.is_ok(), "{again:?}");
        assert_eq!(again.unwrap().previous(), Some(std::process::id()));
    }

    #[test]
    fn a_lock_this_process_keeps_is_reported_after_the_wait() {
        let dir = tempfile::tempdir().unwrap();
        let _held = StoreLock::acquire(dir.path()).unwrap();
        match StoreLock::acquire(dir.path()) {
            Err(StoreError::Locked { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("{other:?}"),
        }
    }
}
