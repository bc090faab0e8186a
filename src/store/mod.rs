//! The store: one sled database per user, records in trees per kind and
//! author profile, every write flushed before it is reported done.
//!
//! Layout of a store directory:
//!
//! ```text
//! DIR/            created 0700
//!   lock          held while a tandem has the store open; holds its pid
//!   db/           the sled database
//! ```
//!
//! Trees: `meta` (schema version, settings), `profiles`, `id-buckets` (every
//! record id → its kind, author and record key, see [`ids`]), `quarantine`
//! (records that could not be read), and per kind and author the records,
//! keyed in the order the screens read them (see [`keys`]).

pub mod codec;
pub mod compact;
mod error;
mod guard;
mod ids;
pub mod keys;
pub mod legacy;
mod lock;
pub mod opening;
pub mod space;
mod upgrade;
mod write;

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, FixedOffset};
use sled::transaction::TransactionError;

use crate::domain::{
    CheckIn, Consultation, Goal, Id, JournalEntry, Kind, Origin, Profile, Reflection, TalkingPoint,
    Week, normalize_prefix, prefix_bounds,
};

pub use crate::domain::AnyRecord;
pub use error::{Result, StoreError, size};
use ids::{Bucket, Location, lookup_key, parse_range_key};
pub use keys::Stored;
use keys::{
    id_of_record_key, open_actions_tree, parse_records_tree, record_key, records_tree, time_key,
    week_key,
};
use lock::StoreLock;

/// The store schema this build writes. A store with a higher number was
/// written by a newer tandem and is not opened.
///
/// 1. records by id, an index of their keys per kind and author, and one
///    `ids` entry per record;
/// 2. the records themselves under their index keys (a list is one range
///    scan of neighbouring records), the ids in buckets (a store has about
///    a third of the entries it had, and opens twice as fast), and an index
///    of the meetings with open actions;
/// 3. the buckets of ids by range, split when they grow (see [`ids`]), so
///    that no choice of ids makes one grow without bound;
/// 4. records in format 2, with versions that order the pair's changes
///    causally, and tombstones of deleted or withdrawn shared records;
/// 5. records in format 3: the pair a mentor's record concerns, the day a
///    milestone was ticked, a mentor's check-in lines about mentees, and
///    talking points.
pub const SCHEMA_VERSION: u32 = 5;

/// A schema number above this is not a newer tandem's but damage.
const SCHEMA_PLAUSIBLE: u32 = 1_000;

/// sled's page cache, in bytes.
const CACHE_BYTES: u64 = 8 << 20;

/// Printed ids are at least this long, even when fewer characters are unique.
pub const MIN_SHORT_ID: usize = 4;

const SCHEMA_KEY: &[u8] = b"schema";
const DEFAULT_PROFILE_KEY: &[u8] = b"default-profile";

/// How to open a store.
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    /// Writes are refused while less than this is free on the store's disk.
    pub min_free_bytes: u64,
    /// Make a new store when the directory holds none. When false, a
    /// directory that does not exist, or holds no database (`DIR/db`), is
    /// [`StoreError::Missing`], and nothing is created or changed.
    pub create: bool,
}

impl Default for OpenOptions {
    /// Makes the store when there is none, with the default free-space margin.
    fn default() -> Self {
        OpenOptions {
            min_free_bytes: space::MIN_FREE_BYTES,
            create: true,
        }
    }
}

impl OpenOptions {
    /// The default options, but refusing to make a new store.
    pub fn existing() -> OpenOptions {
        OpenOptions {
            create: false,
            ..OpenOptions::default()
        }
    }
}

/// One change in an atomic write.
#[derive(Debug, Clone)]
pub enum Change {
    /// Insert or replace a record, as a change made here: the store gives
    /// the record a fresh version when it is its own person's (and a
    /// tombstone when a shared one is made private), and stamps every
    /// action whose tick changed. A partner's record keeps its version.
    Put(AnyRecord),
    /// Insert or replace a record as it comes from a file (a bundle, an
    /// export): its version and stamps are kept.
    Import(AnyRecord),
    /// Remove a record, as a change made here (no-op when it is not
    /// there); a shared record of one's own leaves a tombstone.
    Delete(Id),
    /// A partner's tombstone: removes their record, and is kept.
    Forget(crate::domain::Tombstone),
    /// A version seen in a bundle: the clock moves past it.
    Witness(crate::domain::Version),
    /// Insert or replace a profile.
    Profile(Profile),
    /// Set a setting in the `meta` tree.
    Setting(Vec<u8>, Vec<u8>),
    /// Make this profile the one commands and the app act as.
    DefaultProfile(Id),
}

/// What a merge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Everything a store holds, in a fixed order (profiles and records by id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub default_profile: Option<Id>,
    pub profiles: Vec<Profile>,
    pub goals: Vec<Goal>,
    pub journal: Vec<JournalEntry>,
    pub reflections: Vec<Reflection>,
    pub consultations: Vec<Consultation>,
    pub checkins: Vec<CheckIn>,
    pub points: Vec<TalkingPoint>,
}

impl Snapshot {
    /// Every record, in kind order then id order.
    pub fn records(&self) -> impl Iterator<Item = AnyRecord> + '_ {
        let goals = self.goals.iter().cloned().map(AnyRecord::Goal);
        let journal = self.journal.iter().cloned().map(AnyRecord::Journal);
        let reflections = self.reflections.iter().cloned().map(AnyRecord::Reflection);
        let consultations = self
            .consultations
            .iter()
            .cloned()
            .map(AnyRecord::Consultation);
        let checkins = self.checkins.iter().cloned().map(AnyRecord::CheckIn);
        let points = self.points.iter().cloned().map(AnyRecord::Point);
        goals
            .chain(journal)
            .chain(reflections)
            .chain(consultations)
            .chain(checkins)
            .chain(points)
    }
}

/// The sled database and the trees every store has.
struct Sled {
    db: sled::Db,
    meta: sled::Tree,
    profiles: sled::Tree,
    ids: sled::Tree,
    quarantine: sled::Tree,
}

/// Where the store reads the time.
type WallClock = Box<dyn Fn() -> DateTime<chrono::Utc> + Send + Sync>;

pub struct Store {
    dir: PathBuf,
    /// sled's handles: set when the database is open (see [`Store::open_later`]).
    sled: std::sync::OnceLock<Sled>,
    /// Whether [`Store::open_now`] succeeded: sled open and the schema
    /// checked (and upgraded).
    opened: std::sync::atomic::AtomicBool,
    /// Warnings not reported yet, each with the thread whose work gave it
    /// (the app's and a command it runs for another terminal report apart).
    warnings: Mutex<Vec<(std::thread::ThreadId, String)>>,
    min_free_bytes: u64,
    /// Held by every write: the plan of a write reads what it changes.
    write_lock: Mutex<()>,
    /// Profiles already reported as rebuilt.
    rebuilt_warned: Mutex<std::collections::HashSet<Id>>,
    /// Watches writes that a full disk may stop.
    guard: guard::Guard,
    /// The machine's clock, for the versions of changes that carry no
    /// time of their own (a deletion, a tick on a partner's meeting).
    wall_clock: WallClock,
    /// Whether a flush of this handle wrote anything (see [`Store::close_at_exit`]).
    wrote: std::sync::atomic::AtomicBool,
    /// How many flushes wrote something (see [`Store::writes`]).
    writes: std::sync::atomic::AtomicU64,
    // Dropped last: the lock outlives the database handle.
    lock: StoreLock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// Opens the sled database in `dir/db`. We hold the store lock, so no other
/// tandem has it; sled's own file lock can still be held for a moment by the
/// background threads of a store this process just closed, so that one case
/// is retried briefly before it is reported.
fn open_sled(dir: &Path) -> Result<sled::Db> {
    let mut tries = 0;
    loop {
        let result = sled_config().path(dir.join("db")).open();
        match result.map_err(|e| StoreError::sled(dir, e)) {
            // Up to 20 s: after a full disk, the closed store's threads can
            // take seconds to give the file up.
            Err(StoreError::Locked { .. }) if tries < 800 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            other => return other,
        }
    }
}

/// Asks the kernel to start writing `file`'s dirty pages to disk, without
/// waiting for them.
fn start_writeback(file: &std::fs::File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: a system call on a descriptor borrowed for its duration;
        // no memory is passed. A failure only leaves the pages to the
        // kernel's own writeback.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// How every database of a store is opened.
fn sled_config() -> sled::Config {
    sled::Config::new()
        // Every write is flushed before it is reported, so sled's
        // background flusher (which wakes several times a second) has
        // nothing to do: without it an idle tandem does not wake at all.
        .flush_every_ms(None)
        // The screens read a few hundred records at a time; sled's default
        // 1 GiB page cache would only grow the app's memory.
        .cache_capacity(CACHE_BYTES)
}

/// Whether `dir` holds a store: its database directory is there. A
/// directory without one (made by hand, or by `mkdir` ahead of `tandem init`)
/// is not a store yet, whatever else is in it.
fn holds_store(dir: &Path) -> Result<bool> {
    match std::fs::metadata(dir.join("db")) {
        // Something named `db` that is not a directory is a damaged store,
        // reported as such when sled opens it.
        Ok(_) => Ok(true),
        // Set aside by a compaction cut short: put back when the store opens.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(compact::holds_database(dir)),
        Err(e) => Err(StoreError::io("cannot read the store directory", dir, e)),
    }
}

/// Makes sure `dir` is a directory only its owner can read: created 0700, or
/// an existing one tightened to 0700 (another user could otherwise read the
/// database, private reflections included).
fn prepare_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => Err(StoreError::NotADirectory {
            path: dir.to_path_buf(),
        }),
        Ok(m) if m.permissions().mode() & 0o077 != 0 => {
            let mode = m.permissions().mode() & 0o777;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|_| {
                StoreError::OpenToOthers {
                    path: dir.to_path_buf(),
                    mode,
                }
            })
        }
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| StoreError::io("cannot create the store directory", dir, e)),
        Err(e) => Err(StoreError::io("cannot read the store directory", dir, e)),
    }
}

impl Store {
    /// Opens (or creates) the store in `dir`.
    ///
    /// [`OpenOptions::create`] false opens only a store that is there. Fails
    /// without changing any data when another tandem has it open, when
    /// it was written by a newer tandem, or when `dir` is unusable. A store
    /// on a full disk still opens for reading (see [`space`]).
    pub fn open(dir: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(dir, OpenOptions::default())
    }

    /// [`Store::open`] with options.
    pub fn open_with(dir: impl AsRef<Path>, options: OpenOptions) -> Result<Store> {
        let store = Store::open_later(dir, options)?;
        store.open_now()?;
        Ok(store)
    }

    /// The first half of [`Store::open_with`]: the store is checked to be
    /// there and locked (so that another tandem's is refused at once), and
    /// the database is left closed until [`Store::open_now`]. For the app,
    /// which draws its opening screen meanwhile; nothing may use the store
    /// before `open_now` succeeded.
    pub fn open_later(dir: impl AsRef<Path>, options: OpenOptions) -> Result<Store> {
        let dir = dir.as_ref().to_path_buf();
        // Checked before anything is written: a mistyped path must not
        // leave a new empty store (or a tightened directory) behind.
        if !options.create && !holds_store(&dir)? {
            return Err(StoreError::Missing { path: dir });
        }
        prepare_dir(&dir)?;
        let lock = StoreLock::acquire(&dir)?;
        compact::recover(&dir)?;
        Ok(Store::locked(dir, options, lock))
    }

    /// A store in `dir`, whose lock is held, not opened yet.
    fn locked(dir: PathBuf, options: OpenOptions, lock: StoreLock) -> Store {
        Store {
            sled: std::sync::OnceLock::new(),
            opened: std::sync::atomic::AtomicBool::new(false),
            guard: guard::Guard::new(dir.clone()),
            dir,
            warnings: Mutex::new(Vec::new()),
            min_free_bytes: options.min_free_bytes,
            write_lock: Mutex::new(()),
            rebuilt_warned: Mutex::default(),
            wall_clock: Box::new(chrono::Utc::now),
            wrote: std::sync::atomic::AtomicBool::new(false),
            writes: std::sync::atomic::AtomicU64::new(0),
            lock,
        }
    }

    /// Opens the database of a store from [`Store::open_later`] (nothing
    /// to do when it is open): sled, then the schema's checks and upgrades.
    pub fn open_now(&self) -> Result<()> {
        if self.opened.load(std::sync::atomic::Ordering::Acquire) {
            return Ok(());
        }
        let released = match self.sled.get() {
            None => self.open_database()?,
            // A check that failed before is made again.
            Some(_) => false,
        };
        // Checked (and upgraded) until it succeeds: a failed check leaves
        // the store unopened, however often it is asked again.
        self.check_schema()?;
        space::keep_reserve(&self.dir, self.min_free_bytes);
        if released && !space::has_reserve(&self.dir) {
            self.warn(format!(
                "the disk holding {} is full: the store can be read, but nothing can be saved \
                 until some space is freed",
                self.dir.display()
            ));
        }
        self.opened
            .store(true, std::sync::atomic::Ordering::Release);
        Ok(())
    }

    /// sled and its trees, for [`Store::open_now`]; whether the store's
    /// reserve was given back to the disk for it.
    fn open_database(&self) -> Result<bool> {
        let dir = &self.dir;
        // The app's opening screen was read, if it was to be, before this
        // open; a store opened is another than the one it shows, and what
        // it holds (a record deleted since, say) is not kept a second time.
        opening::remove(dir);
        // Half-written snapshots are routine debris of a crash (the log they
        // summarise is intact): removed without a word.
        space::remove_incomplete_snapshots(&dir.join("db"))?;
        // sled writes a little when it opens: on a full disk, the store's
        // reserve makes that room.
        let released = space::release_reserve_if_full(dir);
        let db = open_sled(dir)?;
        let open = |name: &str| db.open_tree(name).map_err(|e| StoreError::sled(dir, e));
        let sled = Sled {
            meta: open("meta")?,
            profiles: open("profiles")?,
            ids: open(ids::TREE)?,
            quarantine: open("quarantine")?,
            db,
        };
        // One thread opens a store: nothing else can have set it.
        let _ = self.sled.set(sled);
        Ok(released)
    }

    /// sled's handles. Every way of opening a store but
    /// [`Store::open_later`] sets them before it returns, and the app opens
    /// its store before it uses it.
    fn sled(&self) -> &Sled {
        self.sled
            .get()
            .expect("a store is opened (Store::open_now) before it is used")
    }

    fn check_schema(&self) -> Result<()> {
        match self.sled().meta.get(SCHEMA_KEY).map_err(|e| self.err(e))? {
            Some(v) => {
                let found = <[u8; 4]>::try_from(v.as_ref())
                    .map(u32::from_be_bytes)
                    .ok()
                    .filter(|n| (1..=SCHEMA_PLAUSIBLE).contains(n))
                    .ok_or_else(|| self.corrupt("its schema version is unreadable"))?;
                if found > SCHEMA_VERSION {
                    return Err(StoreError::NewerSchema {
                        dir: self.dir.clone(),
                        found,
                        supported: SCHEMA_VERSION,
                    });
                }
                // A large write cut short (a crash, a full disk) is undone
                // before anything reads the store.
                if self.interrupted_write()? {
                    self.roll_back()?;
                    self.warn(
                        "a large change (an import) was cut short before it was saved, by a \
                         crash or a full disk; it was undone, so none of it is in the store"
                            .to_string(),
                    );
                }
                self.upgrade(found)
            }
            None => {
                self.sled()
                    .meta
                    .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())
                    .map_err(|e| self.err(e))?;
                self.flush()
            }
        }
    }

    fn set_schema(&self, version: u32) -> Result<()> {
        self.sled()
            .meta
            .insert(SCHEMA_KEY, &version.to_be_bytes())
            .map_err(|e| self.err(e))?;
        self.flush()
    }

    fn corrupt(&self, detail: &str) -> StoreError {
        StoreError::Corrupt {
            dir: self.dir.clone(),
            detail: detail.to_string(),
        }
    }

    /// Held while a write plans and makes its changes.
    fn writing(&self) -> MutexGuard<'_, ()> {
        self.write_lock.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every tree of records, with the kind and author it holds.
    fn records_trees(&self) -> Vec<(String, Kind, Id)> {
        self.sled()
            .db
            .tree_names()
            .into_iter()
            .filter_map(|name| {
                let name = String::from_utf8(name.to_vec()).ok()?;
                let (kind, author) = parse_records_tree(&name)?;
                Some((name, kind, author))
            })
            .collect()
    }

    /// The bytes the database's files take.
    fn size_on_disk(&self) -> u64 {
        std::fs::read_dir(self.dir.join("db"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    }

    /// The directory the store lives in.
    /// The store with another clock than the machine's (for tests that
    /// play two machines whose clocks differ).
    pub fn with_wall_clock(
        mut self,
        clock: impl Fn() -> DateTime<chrono::Utc> + Send + Sync + 'static,
    ) -> Store {
        self.wall_clock = Box::new(clock);
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The pid of the tandem that had the store before this handle locked
    /// it, as the lock file named it (see [`opening`]).
    pub fn previous_holder(&self) -> Option<u32> {
        self.lock.previous()
    }

    /// The schema version recorded in the store.
    pub fn schema_version(&self) -> Result<u32> {
        let v = self.sled().meta.get(SCHEMA_KEY).map_err(|e| self.err(e))?;
        Ok(v.and_then(|v| <[u8; 4]>::try_from(v.as_ref()).ok())
            .map(u32::from_be_bytes)
            .unwrap_or(SCHEMA_VERSION))
    }

    fn err(&self, e: sled::Error) -> StoreError {
        StoreError::sled(&self.dir, e)
    }

    fn tree(&self, name: &str) -> Result<sled::Tree> {
        self.sled().db.open_tree(name).map_err(|e| self.err(e))
    }

    /// Writes everything to disk. Every public write calls it before returning.
    pub fn flush(&self) -> Result<()> {
        let bytes = self.sled().db.flush().map_err(|e| self.err(e))?;
        if bytes > 0 {
            self.wrote.store(true, std::sync::atomic::Ordering::Relaxed);
            self.writes
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    }

    /// How many writes reached the disk through this handle so far: a
    /// number that changes when something was written.
    pub fn writes(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// For a process about to exit: makes sure every write is on disk
    /// (sled's flush, then one sync of its file, as closing does), then
    /// leaves the database to the exit instead of closing it. Closing
    /// flushes once more per tree handle, syncs the file even when nothing
    /// was written (writing out the free space sled clears when it opens:
    /// 13 MB in a seeded store of 100,000 records) and frees every cached
    /// page one by one: 13 ms at 10,000 records and 32 ms at 100,000, spent
    /// on what the exit does anyway. The store lock goes with the process.
    ///
    /// Only for the end of a process: a store left this way cannot be
    /// opened again by the same process. A store still shared (with a
    /// thread that has not finished) is left to the exit the same way.
    pub fn close_at_exit(self: std::sync::Arc<Self>) -> Result<()> {
        self.flush()?;
        let path = self.dir.join("db").join("db");
        let file =
            std::fs::File::open(&path).map_err(|e| StoreError::io("cannot open", &path, e))?;
        if self.wrote.load(std::sync::atomic::Ordering::Relaxed) {
            // sled's flush wrote the data; the sync also makes the file's
            // new length durable.
            file.sync_all()
                .map_err(|e| StoreError::io("cannot sync the store to disk", &path, e))?;
        } else {
            // Nothing of the user's to sync, but sled clears every free
            // segment of its log each time it opens (megabytes of pages
            // made dirty, even when they were clear), and syncs the file
            // at its next open: that open would wait for them to be written.
            // Written from now on, in the background, they are not.
            start_writeback(&file);
        }
        std::mem::forget(self);
        Ok(())
    }

    /// Rewrites the store into a fresh database holding only what is live
    /// (see [`compact`]), and returns it opened again with its size on disk
    /// before and after. The store lock is held throughout; on any failure
    /// before the swap the store is as it was.
    pub fn compact(self) -> Result<(Store, compact::Compacted)> {
        let dir = self.dir.clone();
        let options = OpenOptions {
            create: false,
            min_free_bytes: self.min_free_bytes,
        };
        let before = compact::size_on_disk(&dir.join("db"));
        // The copy takes at most what the store takes now: refused before
        // anything is written when that would not fit.
        space::ensure_room(&dir, before, self.min_free_bytes)?;
        self.flush()?;
        compact::rewrite(&self.sled().db, &dir, sled_config)?;
        // The old database is closed, the lock kept.
        let Store {
            sled, guard, lock, ..
        } = self;
        if let Some(Sled {
            db,
            meta,
            profiles,
            ids,
            quarantine,
        }) = sled.into_inner()
        {
            drop((meta, profiles, ids, quarantine, guard));
            drop(db);
        }
        compact::swap(&dir)?;
        let store = Store::locked(dir.clone(), options, lock);
        match store.open_now() {
            Ok(()) => {}
            Err(e) => {
                drop(store);
                // The old database goes back, under the lock again (the
                // failed open let it go); the store is as it was. Should
                // another tandem have taken the store in between, it has
                // the copy, which was compared with the store: it stays.
                if let Ok(_lock) = StoreLock::acquire(&dir) {
                    compact::swap_back(&dir)?;
                }
                return Err(e);
            }
        }
        // The new store is in use: a backup that cannot be removed now is
        // removed at the next open.
        if let Err(e) = compact::drop_backup(&dir) {
            store.warn(format!("the old copy of the store was kept: {e}"));
        }
        let after = compact::size_on_disk(&dir.join("db"));
        Ok((store, compact::Compacted { before, after }))
    }

    /// Problems met while reading (records moved to quarantine) by this
    /// thread's work, each reported once.
    pub fn take_warnings(&self) -> Vec<String> {
        let me = std::thread::current().id();
        let mut all = self.warnings.lock().unwrap_or_else(|p| p.into_inner());
        let (mine, others) = std::mem::take(&mut *all)
            .into_iter()
            .partition::<Vec<_>, _>(|(t, _)| *t == me);
        *all = others;
        mine.into_iter().map(|(_, w)| w).collect()
    }

    /// Keeps `message` for whoever reports this thread's warnings next (the
    /// app's status line, a command's standard error).
    pub fn warn(&self, message: String) {
        self.warnings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((std::thread::current().id(), message));
    }

    // ----- settings and profiles -------------------------------------------

    pub fn setting(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let key = format!("setting:{key}");
        Ok(self
            .sled()
            .meta
            .get(key)
            .map_err(|e| self.err(e))?
            .map(|v| v.to_vec()))
    }

    /// Stores a setting; a value the store already holds writes nothing.
    pub fn set_setting(&self, key: &str, value: &[u8]) -> Result<()> {
        if self.setting(key)?.as_deref() == Some(value) {
            return Ok(());
        }
        self.commit(vec![Change::Setting(
            format!("setting:{key}").into_bytes(),
            value.to_vec(),
        )])
    }

    pub fn default_profile(&self) -> Result<Option<Id>> {
        let v = self
            .sled()
            .meta
            .get(DEFAULT_PROFILE_KEY)
            .map_err(|e| self.err(e))?;
        Ok(v.and_then(|v| <[u8; 16]>::try_from(v.as_ref()).ok())
            .map(Id::from_bytes))
    }

    pub fn set_default_profile(&self, id: Id) -> Result<()> {
        self.commit(vec![Change::DefaultProfile(id)])
    }

    /// Every profile of the store. The author of records whose profile is
    /// missing or could not be read (it is then in quarantine) is given a
    /// profile [rebuilt](Profile::rebuilt) from their id, so that every
    /// readable record stays listed and exported; `tandem init` (or the
    /// app) gives it a name again.
    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut out = Vec::new();
        for item in self.sled().profiles.iter() {
            let (key, bytes) = item.map_err(|e| self.err(e))?;
            match codec::decode::<Profile>(&bytes) {
                Ok(p) if p.id.to_bytes().as_slice() == key.as_ref() => out.push(p),
                Ok(_) => {
                    self.quarantine_raw("profiles", &key, &bytes, "its id does not match its key")?
                }
                Err(e) => self.quarantine_raw("profiles", &key, &bytes, &e.to_string())?,
            }
        }
        let default = self.default_profile()?;
        let mut lost: Vec<Id> = self.authors()?;
        lost.extend(default);
        lost.sort();
        lost.dedup();
        lost.retain(|id| !out.iter().any(|p| p.id == *id));
        for id in lost {
            let origin = if default.is_none_or(|d| d == id) {
                Origin::Local
            } else {
                Origin::Partner
            };
            if self
                .rebuilt_warned
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(id)
            {
                self.warn(format!(
                    "the profile {id} could not be read; its records are safe and listed under \
                     \"{}\" until it is named again{}",
                    crate::domain::LOST_NAME,
                    if origin == Origin::Local {
                        " with `tandem init --name NAME --role mentee|mentor`"
                    } else {
                        " (the partner's next bundle names it)"
                    }
                ));
            }
            out.push(Profile::rebuilt(id, origin));
        }
        Ok(out)
    }

    /// The authors of the records in the store.
    fn authors(&self) -> Result<Vec<Id>> {
        let mut out = Vec::new();
        for (name, _, author) in self.records_trees() {
            if !out.contains(&author) && !self.tree(&name)?.is_empty() {
                out.push(author);
            }
        }
        Ok(out)
    }

    /// The profile `id` (a [rebuilt](Profile::rebuilt) one when its record
    /// is missing or damaged but it wrote records).
    pub fn profile(&self, id: Id) -> Result<Option<Profile>> {
        if let Some(bytes) = self
            .sled()
            .profiles
            .get(id.to_bytes())
            .map_err(|e| self.err(e))?
        {
            match codec::decode::<Profile>(&bytes) {
                Ok(p) => return Ok(Some(p)),
                Err(e) => {
                    self.quarantine_raw("profiles", &id.to_bytes(), &bytes, &e.to_string())?
                }
            }
        }
        Ok(self.profiles()?.into_iter().find(|p| p.id == id))
    }

    pub fn put_profile(&self, profile: &Profile) -> Result<()> {
        self.commit(vec![Change::Profile(profile.clone())])
    }

    // ----- records ------------------------------------------------------------

    fn locate(&self, id: Id) -> Result<Option<Location>> {
        self.reading_ids(|| Ok(self.bucket_of(id)?.and_then(|(_, b)| b.get(id).cloned())))
    }

    /// Runs a read of the ids; when it meets a damaged bucket, rebuilds the
    /// buckets from the records (see [`Store::repair_ids`]) and reads again.
    fn reading_ids<T>(&self, read: impl Fn() -> Result<T>) -> Result<T> {
        match read() {
            Err(StoreError::DamagedIds { key }) => {
                self.repair_ids_now(&key)?;
                read().map_err(|e| match e {
                    StoreError::DamagedIds { .. } => {
                        self.corrupt("its list of record ids is damaged")
                    }
                    e => e,
                })
            }
            other => other,
        }
    }

    fn repair_ids_now(&self, bad: &[u8]) -> Result<()> {
        let _writing = self.writing();
        self.repair_ids(Some(bad))
    }

    /// The bucket `id` falls in (the first at or after it), with its key.
    fn bucket_of(&self, id: Id) -> Result<Option<(sled::IVec, Bucket)>> {
        match self.sled().ids.range(lookup_key(id)..).next() {
            None => Ok(None),
            Some(item) => {
                let (key, value) = item.map_err(|e| self.err(e))?;
                let bucket = self.parse_bucket(&key, &value)?;
                Ok(Some((key, bucket)))
            }
        }
    }

    fn parse_bucket(&self, key: &[u8], bytes: &[u8]) -> Result<Bucket> {
        Bucket::parse(bytes)
            .filter(|_| parse_range_key(key).is_some())
            .ok_or_else(|| StoreError::DamagedIds { key: key.to_vec() })
    }

    /// The kind of the record with this id, if there is one.
    pub fn kind_of(&self, id: Id) -> Result<Option<Kind>> {
        Ok(self.locate(id)?.map(|l| l.kind))
    }

    /// The record of kind `R` with this id.
    pub fn get<R: Stored>(&self, id: Id) -> Result<Option<R>> {
        match self.locate(id)? {
            Some(loc) if loc.kind == R::KIND => {
                let records = self.tree(&records_tree(R::KIND, loc.author))?;
                let key = record_key(&loc.order, id);
                match records.get(&key).map_err(|e| self.err(e))? {
                    Some(bytes) => self.decode_stored(loc.author, &key, &bytes),
                    None => Ok(None),
                }
            }
            _ => Ok(None),
        }
    }

    /// The record with this id, whatever its kind.
    pub fn get_any(&self, id: Id) -> Result<Option<AnyRecord>> {
        Ok(match self.kind_of(id)? {
            Some(Kind::Goal) => self.get::<Goal>(id)?.map(AnyRecord::Goal),
            Some(Kind::Journal) => self.get::<JournalEntry>(id)?.map(AnyRecord::Journal),
            Some(Kind::Reflection) => self.get::<Reflection>(id)?.map(AnyRecord::Reflection),
            Some(Kind::Consultation) => self.get::<Consultation>(id)?.map(AnyRecord::Consultation),
            Some(Kind::CheckIn) => self.get::<CheckIn>(id)?.map(AnyRecord::CheckIn),
            Some(Kind::Point) => self.get::<TalkingPoint>(id)?.map(AnyRecord::Point),
            None => None,
        })
    }

    /// The record stored under `key` in `author`'s tree of `R`, or `None`
    /// when it cannot be read (it is then moved to quarantine).
    fn decode_stored<R: Stored>(&self, author: Id, key: &[u8], bytes: &[u8]) -> Result<Option<R>> {
        let problem = match R::decode(bytes) {
            Ok(r) if Some(r.meta().id) == id_of_record_key(key) && r.meta().author == author => {
                return Ok(Some(r));
            }
            Ok(_) => "its id or author does not match where it is stored".to_string(),
            Err(e) => e.to_string(),
        };
        self.quarantine_record(R::KIND, author, key, bytes, &problem)?;
        Ok(None)
    }

    /// Moves an unreadable record out of the way, with its index entries, so
    /// that everything else keeps working; reports it once.
    fn quarantine_record(
        &self,
        kind: Kind,
        author: Id,
        key: &[u8],
        bytes: &[u8],
        problem: &str,
    ) -> Result<()> {
        self.move_to_quarantine(
            &records_tree(kind, author),
            Some((kind, author)),
            key,
            bytes,
        )?;
        let which =
            id_of_record_key(key).map_or_else(|| format!("key {}", hex(key)), |id| id.to_string());
        self.warn(format!(
            "a {} ({which}) could not be read and was moved to quarantine: {problem}",
            kind.noun()
        ));
        Ok(())
    }

    fn quarantine_raw(&self, name: &str, key: &[u8], bytes: &[u8], problem: &str) -> Result<()> {
        self.move_to_quarantine(name, None, key, bytes)?;
        self.warn(format!(
            "a record in {name} (key {}) could not be read and was moved to quarantine: {problem}",
            hex(key)
        ));
        Ok(())
    }

    /// A failed transaction: aborted because it found damage, or refused by sled.
    fn tx_err(&self, e: TransactionError<String>) -> StoreError {
        match e {
            TransactionError::Abort(detail) => StoreError::Corrupt {
                dir: self.dir.clone(),
                detail,
            },
            TransactionError::Storage(e) => self.err(e),
        }
    }

    /// The keys of the records in quarantine (tree name and key).
    pub fn quarantined(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for item in self.sled().quarantine.iter() {
            let (k, _) = item.map_err(|e| self.err(e))?;
            out.push(String::from_utf8_lossy(&k).into_owned());
        }
        Ok(out)
    }

    /// Inserts or replaces one record, flushed.
    pub fn put<R: Stored>(&self, record: &R) -> Result<()> {
        self.commit(vec![Change::Put(record.clone().into_any())])
    }

    /// Deletes a record; returns whether it was there.
    pub fn delete(&self, id: Id) -> Result<bool> {
        let existed = self.locate(id)?.is_some();
        self.commit(vec![Change::Delete(id)])?;
        Ok(existed)
    }

    // ----- scans --------------------------------------------------------------

    /// Records of kind `R` by `author` whose keys (order key then id, as
    /// before [`keys::escape`]) fall in `range`, in key order (or reverse),
    /// at most `limit` of them. Reads only the entries it
    /// returns, which lie next to each other.
    pub fn scan<R: Stored>(
        &self,
        author: Id,
        range: (Bound<Vec<u8>>, Bound<Vec<u8>>),
        reverse: bool,
        limit: usize,
    ) -> Result<Vec<R>> {
        let records = self.tree(&records_tree(R::KIND, author))?;
        let escaped = |b: Bound<Vec<u8>>| b.map(|k| keys::escape(&k));
        let iter = records.range((escaped(range.0), escaped(range.1)));
        let iter: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> = if reverse {
            Box::new(iter.rev())
        } else {
            Box::new(iter)
        };
        let mut out = Vec::new();
        for item in iter {
            if out.len() >= limit {
                break;
            }
            let (key, bytes) = item.map_err(|e| self.err(e))?;
            if let Some(record) = self.decode_stored::<R>(author, &key, &bytes)? {
                out.push(record);
            }
        }
        Ok(out)
    }

    /// Every record of kind `R` by `author`, in index order.
    pub fn all<R: Stored>(&self, author: Id) -> Result<Vec<R>> {
        self.scan(
            author,
            (Bound::Unbounded, Bound::Unbounded),
            false,
            usize::MAX,
        )
    }

    /// How many records of kind `R` `author` has: kept in step by every
    /// write, so that a list can say how long it is without reading it.
    pub fn count<R: Stored>(&self, author: Id) -> Result<u64> {
        self.count_in(&records_tree(R::KIND, author))
    }

    /// The number of records in the tree `tree`: as kept in `meta`, or
    /// counted once (a store from before counts were kept) and kept.
    fn count_in(&self, tree: &str) -> Result<u64> {
        let key = count_key(tree);
        if let Some(v) = self.sled().meta.get(&key).map_err(|e| self.err(e))?
            && let Ok(bytes) = <[u8; 8]>::try_from(v.as_ref())
        {
            return Ok(u64::from_be_bytes(bytes));
        }
        let counted = self.tree(tree)?.len() as u64;
        // Kept for the next time; counting again is what a failure costs.
        let _ = self.sled().meta.insert(key, &counted.to_be_bytes());
        Ok(counted)
    }

    /// The newest `limit` journal entries, newest first.
    pub fn newest_journal(&self, author: Id, limit: usize) -> Result<Vec<JournalEntry>> {
        self.scan(author, (Bound::Unbounded, Bound::Unbounded), true, limit)
    }

    /// `author`'s meetings that have an action not done yet, newest first:
    /// read through their own index, however old they are.
    pub fn journal_with_open_actions(&self, author: Id) -> Result<Vec<JournalEntry>> {
        let open = self.tree(&open_actions_tree(author))?;
        let records = self.tree(&records_tree(Kind::Journal, author))?;
        let mut out = Vec::new();
        for item in open.iter().rev() {
            let (key, _) = item.map_err(|e| self.err(e))?;
            if let Some(bytes) = records.get(&key).map_err(|e| self.err(e))?
                && let Some(entry) = self.decode_stored::<JournalEntry>(author, &key, &bytes)?
            {
                out.push(entry);
            }
        }
        Ok(out)
    }

    /// The newest `limit` reflections, newest first.
    pub fn newest_reflections(&self, author: Id, limit: usize) -> Result<Vec<Reflection>> {
        self.scan(author, (Bound::Unbounded, Bound::Unbounded), true, limit)
    }

    /// Active goals, soonest target first (then those without a target).
    pub fn active_goals(&self, author: Id) -> Result<Vec<Goal>> {
        self.scan(author, prefix_range(&[0]), false, usize::MAX)
    }

    /// Whether `author` has goals that are not active.
    pub fn has_inactive_goals(&self, author: Id) -> Result<bool> {
        let records = self.tree(&records_tree(Kind::Goal, author))?;
        Ok(records.range(keys::escape(&[1])..).next().is_some())
    }

    /// Consultations not yet over at `now`, soonest first, at most `limit`.
    pub fn upcoming_consultations(
        &self,
        author: Id,
        now: DateTime<FixedOffset>,
        limit: usize,
    ) -> Result<Vec<Consultation>> {
        let from = Bound::Included(time_key(&now).to_vec());
        let mut out: Vec<Consultation> =
            self.scan(author, (from, Bound::Unbounded), false, limit)?;
        out.sort_by_key(|c| (c.start, c.meta.id));
        Ok(out)
    }

    /// Consultations over before `now`, most recent first, at most `limit`.
    pub fn past_consultations(
        &self,
        author: Id,
        now: DateTime<FixedOffset>,
        limit: usize,
    ) -> Result<Vec<Consultation>> {
        self.consultations_before(author, now, true, limit)
    }

    /// Consultations over before `now`, at most `limit`: the most recent
    /// first, or (`newest_first` false) the first ever held first.
    pub fn consultations_before(
        &self,
        author: Id,
        now: DateTime<FixedOffset>,
        newest_first: bool,
        limit: usize,
    ) -> Result<Vec<Consultation>> {
        let to = Bound::Excluded(time_key(&now).to_vec());
        self.scan(author, (Bound::Unbounded, to), newest_first, limit)
    }

    /// The newest `limit` check-ins, newest week first.
    pub fn newest_checkins(&self, author: Id, limit: usize) -> Result<Vec<CheckIn>> {
        self.scan(author, (Bound::Unbounded, Bound::Unbounded), true, limit)
    }

    /// The check-in of `week`, if there is one.
    pub fn checkin_for_week(&self, author: Id, week: Week) -> Result<Option<CheckIn>> {
        Ok(self
            .scan(author, prefix_range(&week_key(week)), false, 1)?
            .pop())
    }

    // ----- ids ----------------------------------------------------------------

    /// Finds the record of `kind` whose id starts with `input` (any case,
    /// Crockford look-alikes allowed), like git finds commits.
    pub fn resolve(&self, input: &str, kind: Kind) -> Result<Id> {
        let prefix = normalize_prefix(input)?;
        let not_found = || StoreError::NotFound {
            kind,
            prefix: input.trim().to_string(),
        };
        let (lo, hi) = prefix_bounds(&prefix).ok_or_else(not_found)?;
        let (lo, hi) = (lo.to_bytes(), hi.to_bytes());
        let found = self.reading_ids(|| {
            let mut found = Vec::new();
            // From the bucket holding `lo` to the one holding `hi`.
            for item in self.sled().ids.range(lookup_key(Id::from_bytes(lo))..) {
                let (key, value) = item.map_err(|e| self.err(e))?;
                for (id, location) in self.parse_bucket(&key, &value)?.iter() {
                    if (lo..=hi).contains(&id.to_bytes()) && location.kind == kind {
                        found.push(id);
                    }
                }
                if found.len() > 5 || parse_range_key(&key).is_none_or(|end| end >= hi) {
                    break;
                }
            }
            Ok(found)
        })?;
        match found.as_slice() {
            [] => Err(not_found()),
            [one] => Ok(*one),
            many => Err(StoreError::Ambiguous {
                prefix: input.trim().to_string(),
                candidates: many
                    .iter()
                    .take(6)
                    .map(|id| self.short_id(*id))
                    .collect::<Result<Vec<_>>>()?,
            }),
        }
    }

    /// How many buckets of ids the store has, and how many ids the largest
    /// holds (see [`ids`]).
    pub fn id_buckets(&self) -> Result<(usize, usize)> {
        let mut count = 0;
        let mut largest = 0;
        for item in self.sled().ids.iter() {
            let (key, value) = item.map_err(|e| self.err(e))?;
            count += 1;
            largest = largest.max(self.parse_bucket(&key, &value)?.len());
        }
        Ok((count, largest))
    }

    /// The shortest prefix (at least [`MIN_SHORT_ID`] characters) that no
    /// other record id in the store shares.
    pub fn short_id(&self, id: Id) -> Result<String> {
        let full = id.to_string();
        let key = id.to_bytes();
        // The neighbours in key order: in this bucket, or the last of the
        // bucket before and the first of the bucket after (there are no
        // empty buckets).
        let (before, after) = self.reading_ids(|| {
            let Some((home, bucket)) = self.bucket_of(id)? else {
                // Beyond every bucket: the last id of the store comes before.
                let before = match self.sled().ids.iter().next_back() {
                    Some(item) => {
                        let (k, v) = item.map_err(|e| self.err(e))?;
                        self.parse_bucket(&k, &v)?
                            .iter()
                            .next_back()
                            .map(|(i, _)| i)
                    }
                    None => None,
                };
                return Ok((before, None));
            };
            let mut before = bucket
                .iter()
                .rev()
                .map(|(i, _)| i)
                .find(|i| i.to_bytes() < key);
            let mut after = bucket.iter().map(|(i, _)| i).find(|i| i.to_bytes() > key);
            if before.is_none()
                && let Some(item) = self.sled().ids.range(..home.clone()).next_back()
            {
                let (k, v) = item.map_err(|e| self.err(e))?;
                before = self
                    .parse_bucket(&k, &v)?
                    .iter()
                    .next_back()
                    .map(|(i, _)| i);
            }
            if after.is_none()
                && let Some(item) = self
                    .sled()
                    .ids
                    .range((Bound::Excluded(home), Bound::Unbounded))
                    .next()
            {
                let (k, v) = item.map_err(|e| self.err(e))?;
                after = self.parse_bucket(&k, &v)?.iter().next().map(|(i, _)| i);
            }
            Ok((before, after))
        })?;
        let mut need = MIN_SHORT_ID;
        for other in before.into_iter().chain(after) {
            let other = other.to_string();
            let common = full
                .bytes()
                .zip(other.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            need = need.max(common + 1);
        }
        Ok(full[..need.min(full.len())].to_string())
    }

    // ----- whole store --------------------------------------------------------

    /// Everything in the store, for export.
    pub fn snapshot(&self) -> Result<Snapshot> {
        let mut profiles = self.profiles()?;
        profiles.sort_by_key(|p| p.id);
        let mut snap = Snapshot {
            default_profile: self.default_profile()?,
            ..Snapshot::default()
        };
        for p in &profiles {
            snap.goals.extend(self.all_by_id::<Goal>(p.id)?);
            snap.journal.extend(self.all_by_id::<JournalEntry>(p.id)?);
            snap.reflections.extend(self.all_by_id::<Reflection>(p.id)?);
            snap.consultations
                .extend(self.all_by_id::<Consultation>(p.id)?);
            snap.checkins.extend(self.all_by_id::<CheckIn>(p.id)?);
            snap.points.extend(self.all_by_id::<TalkingPoint>(p.id)?);
        }
        snap.profiles = profiles;
        Ok(snap)
    }

    fn all_by_id<R: Stored>(&self, author: Id) -> Result<Vec<R>> {
        let mut out = self.all::<R>(author)?;
        // In the order schema 1 kept them (key bytes), so exports stay the same.
        out.sort_by_key(|r| r.meta().id.to_bytes());
        Ok(out)
    }

    /// Merges `snap` into the store in one transaction: records are matched by
    /// id and the later change wins; the same snapshot twice changes nothing.
    pub fn merge(&self, snap: &Snapshot) -> Result<MergeReport> {
        let mut report = MergeReport::default();
        let mut changes = Vec::new();
        for p in &snap.profiles {
            match self.profile(p.id)? {
                None => {
                    report.new += 1;
                    changes.push(Change::Profile(p.clone()));
                }
                Some(old) if old.updated < p.updated => {
                    report.updated += 1;
                    changes.push(Change::Profile(p.clone()));
                }
                Some(_) => report.unchanged += 1,
            }
        }
        for record in one_checkin_per_week(snap.records().collect()) {
            let meta = record.meta();
            // One check-in per week: a different record for the same week is a rival.
            if let Some(rival) = self.week_rival(&record)? {
                if (rival.meta.version, rival.meta.id) >= (meta.version, meta.id) {
                    report.unchanged += 1;
                } else {
                    report.updated += 1;
                    changes.push(Change::Delete(rival.meta.id));
                    changes.push(Change::Import(record));
                }
                continue;
            }
            match self.get_any(meta.id)? {
                None => {
                    report.new += 1;
                    changes.push(Change::Import(record));
                }
                Some(existing) => {
                    let merged = AnyRecord::merge(&existing, &record);
                    if merged == existing {
                        report.unchanged += 1;
                    } else {
                        report.updated += 1;
                        changes.push(Change::Import(merged));
                    }
                }
            }
        }
        if let Some(id) = snap.default_profile
            && self.default_profile()?.is_none()
        {
            changes.push(Change::DefaultProfile(id));
        }
        self.commit(changes)?;
        Ok(report)
    }

    /// For a check-in: the other check-in of the same author and week, if
    /// the store has one (there is one check-in per week).
    pub fn week_rival(&self, record: &AnyRecord) -> Result<Option<CheckIn>> {
        let AnyRecord::CheckIn(c) = record else {
            return Ok(None);
        };
        Ok(self
            .checkin_for_week(c.meta.author, c.week)?
            .filter(|other| other.meta.id != c.meta.id))
    }
}

/// Keeps, of several check-ins for one author and week, the latest change:
/// there is one check-in per week, also within one import.
pub fn one_checkin_per_week(records: Vec<AnyRecord>) -> Vec<AnyRecord> {
    let mut latest: std::collections::HashMap<(Id, Week), (Id, crate::domain::Version)> =
        Default::default();
    for r in &records {
        if let AnyRecord::CheckIn(c) = r {
            let key = (c.meta.author, c.week);
            let entry = latest.entry(key).or_insert((c.meta.id, c.meta.version));
            if (c.meta.version, c.meta.id) > (entry.1, entry.0) {
                *entry = (c.meta.id, c.meta.version);
            }
        }
    }
    records
        .into_iter()
        .filter(|r| match r {
            AnyRecord::CheckIn(c) => latest
                .get(&(c.meta.author, c.week))
                .is_some_and(|(id, _)| *id == c.meta.id),
            _ => true,
        })
        .collect()
}

/// The `meta` key of the number of records in the tree `tree`.
fn count_key(tree: &str) -> Vec<u8> {
    format!("count:{tree}").into_bytes()
}

fn quarantine_key(tree: &str, key: &[u8]) -> Vec<u8> {
    format!("{tree}:{}", hex(key)).into_bytes()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key range of everything that starts with `prefix`.
pub fn prefix_range(prefix: &[u8]) -> (Bound<Vec<u8>>, Bound<Vec<u8>>) {
    let start = Bound::Included(prefix.to_vec());
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return (start, Bound::Excluded(end));
        }
    }
    (start, Bound::Unbounded)
}
