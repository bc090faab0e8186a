//! A watch over writes that the disk may stop.
//!
//! When its disk fills up in the middle of a write, sled 0.34 can block for
//! ever (every thread waiting on a lock), with the store locked. The store's
//! own check of free space comes before each write, but another program can
//! take the space while sled is writing. So while a write runs, a thread
//! looks at the free space every [`EVERY`]; when the disk has been full for
//! [`PATIENCE`] with the write still running, it ends the process with a
//! message (the interrupted write is undone when the store next opens). Between
//! writes the thread sleeps on a condition variable: an idle store wakes
//! nobody.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use super::space;

/// How often a running write looks at the free space.
const EVERY: Duration = Duration::from_millis(50);

/// How long the disk may stay full under a running write.
const PATIENCE: Duration = Duration::from_millis(1_500);

/// Less than this free is a full disk (sled needs a segment, 512 KiB, to go on).
const FULL_BELOW: u64 = 256 << 10;

#[derive(Default)]
struct State {
    /// Counts writes; odd while one runs.
    writes: u64,
    closed: bool,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The watch of one store.
pub struct Guard {
    dir: PathBuf,
    shared: Arc<Shared>,
    started: std::sync::OnceLock<()>,
}

/// A write being watched; the watch ends when it is dropped.
pub struct Watching<'a>(&'a Guard);

impl Drop for Watching<'_> {
    fn drop(&mut self) {
        self.0.shared.lock().writes += 1;
    }
}

impl Guard {
    pub fn new(dir: PathBuf) -> Guard {
        Guard {
            dir,
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                wake: Condvar::new(),
            }),
            started: std::sync::OnceLock::new(),
        }
    }

    /// Watches the write that runs until the result is dropped.
    pub fn watch(&self) -> Watching<'_> {
        self.started.get_or_init(|| self.start());
        self.shared.lock().writes += 1;
        self.shared.wake.notify_all();
        Watching(self)
    }

    fn start(&self) {
        let shared = Arc::clone(&self.shared);
        let dir = self.dir.clone();
        let spawned = std::thread::Builder::new()
            .name("tandem-watch".into())
            .spawn(move || watch(&shared, &dir));
        // Without the thread the writes go unwatched, as before it existed.
        drop(spawned);
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.wake.notify_all();
    }
}

fn watch(shared: &Shared, dir: &std::path::Path) {
    let mut state = shared.lock();
    loop {
        // Asleep until a write starts.
        while state.writes.is_multiple_of(2) && !state.closed {
            state = shared.wake.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        if state.closed {
            return;
        }
        let write = state.writes;
        let mut full_for = Duration::ZERO;
        while state.writes == write && !state.closed {
            let (s, _) = shared
                .wake
                .wait_timeout(state, EVERY)
                .unwrap_or_else(|p| p.into_inner());
            state = s;
            if state.writes != write || state.closed {
                break;
            }
            let full = space::free_bytes(dir).is_ok_and(|free| free < FULL_BELOW);
            full_for = if full {
                full_for + EVERY
            } else {
                Duration::ZERO
            };
            if full_for >= PATIENCE {
                let err = super::StoreError::DiskFilled {
                    path: dir.to_path_buf(),
                };
                crate::fatal::exit(&err.to_string());
            }
        }
    }
}
