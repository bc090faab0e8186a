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
mod error;
mod ids;
pub mod keys;
mod lock;
pub mod space;

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use crate::domain::{
    CheckIn, Consultation, Goal, Id, JournalEntry, Kind, Profile, Reflection, Week,
    normalize_prefix, prefix_bounds,
};

pub use error::{Result, StoreError};
use ids::{Bucket, Location, bucket_key};
pub use keys::{AnyRecord, Stored};
use keys::{
    id_of_record_key, open_actions_tree, parse_v1_records_tree, record_key, records_tree, time_key,
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
///    of the meetings with open actions.
pub const SCHEMA_VERSION: u32 = 2;

/// sled's page cache, in bytes.
const CACHE_BYTES: u64 = 8 << 20;

/// Printed ids are at least this long, even when fewer characters are unique.
pub const MIN_SHORT_ID: usize = 4;

const SCHEMA_KEY: &[u8] = b"schema";
/// The tree schema 1 kept its ids in, one entry per id.
const V1_IDS: &str = "ids";
const DEFAULT_PROFILE_KEY: &[u8] = b"default-profile";

/// How to open a store.
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    /// Writes are refused while less than this is free on the store's disk.
    pub min_free_bytes: u64,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            min_free_bytes: space::MIN_FREE_BYTES,
        }
    }
}

/// One change in an atomic write.
#[derive(Debug, Clone)]
pub enum Change {
    /// Insert or replace a record.
    Put(AnyRecord),
    /// Remove a record (no-op when it is not there).
    Delete(Id),
    /// Insert or replace a profile.
    Profile(Profile),
    /// Set a setting in the `meta` tree.
    Setting(Vec<u8>, Vec<u8>),
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
        goals
            .chain(journal)
            .chain(reflections)
            .chain(consultations)
            .chain(checkins)
    }
}

pub struct Store {
    dir: PathBuf,
    db: sled::Db,
    meta: sled::Tree,
    profiles: sled::Tree,
    ids: sled::Tree,
    quarantine: sled::Tree,
    warnings: Mutex<Vec<String>>,
    min_free_bytes: u64,
    // Dropped last: the lock outlives the database handle.
    _lock: StoreLock,
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
        let result = sled::Config::new()
            .path(dir.join("db"))
            // Every write is flushed before it is reported, so sled's
            // background flusher (which wakes several times a second) has
            // nothing to do: without it an idle tandem does not wake at all.
            .flush_every_ms(None)
            // The screens read a few hundred records at a time; sled's default
            // 1 GiB page cache would only grow the app's memory.
            .cache_capacity(CACHE_BYTES)
            .open();
        match result.map_err(|e| StoreError::sled(dir, e)) {
            Err(StoreError::Locked { .. }) if tries < 200 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            other => return other,
        }
    }
}

fn prepare_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => Err(StoreError::NotADirectory {
            path: dir.to_path_buf(),
        }),
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
    /// Fails without changing any data when another tandem has it open, when
    /// it was written by a newer tandem, or when `dir` is unusable or its
    /// disk is full.
    pub fn open(dir: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(dir, OpenOptions::default())
    }

    /// [`Store::open`] with options.
    pub fn open_with(dir: impl AsRef<Path>, options: OpenOptions) -> Result<Store> {
        let dir = dir.as_ref().to_path_buf();
        prepare_dir(&dir)?;
        let lock = StoreLock::acquire(&dir)?;
        // Opening writes a little (sled's snapshot); reading should still
        // work on a disk too full for new records.
        space::ensure_room(&dir, options.min_free_bytes / 8)?;
        // Half-written snapshots are routine debris of a crash (the log they
        // summarise is intact): removed without a word.
        space::remove_incomplete_snapshots(&dir.join("db"))?;
        let db = open_sled(&dir)?;
        let open = |name: &str| db.open_tree(name).map_err(|e| StoreError::sled(&dir, e));
        let meta = open("meta")?;
        let store = Store {
            profiles: open("profiles")?,
            ids: open(ids::TREE)?,
            quarantine: open("quarantine")?,
            meta,
            db,
            dir,
            warnings: Mutex::new(Vec::new()),
            min_free_bytes: options.min_free_bytes,
            _lock: lock,
        };
        store.check_schema()?;
        Ok(store)
    }

    fn check_schema(&self) -> Result<()> {
        match self.meta.get(SCHEMA_KEY).map_err(|e| self.err(e))? {
            Some(v) => {
                let found = <[u8; 4]>::try_from(v.as_ref())
                    .map(u32::from_be_bytes)
                    .map_err(|_| StoreError::Corrupt {
                        dir: self.dir.clone(),
                        detail: "its schema version is unreadable".to_string(),
                    })?;
                if found > SCHEMA_VERSION {
                    return Err(StoreError::NewerSchema {
                        dir: self.dir.clone(),
                        found,
                        supported: SCHEMA_VERSION,
                    });
                }
                // Older schemas are upgraded here, one version at a time.
                if found < 2 {
                    self.upgrade_from_v1()?;
                }
                self.drop_v1_trees()
            }
            None => {
                self.meta
                    .insert(SCHEMA_KEY, &SCHEMA_VERSION.to_be_bytes())
                    .map_err(|e| self.err(e))?;
                self.flush()
            }
        }
    }

    /// Schema 1 → 2: the `ids` tree (one entry per id) becomes buckets of
    /// ids, each record moves from the tree keyed by id into the tree keyed
    /// by its record key (which schema 1 kept as an index with empty
    /// values), and meetings with open actions get their index. Safe to interrupt: the schema number changes only once
    /// everything is in its new place and flushed, and doing it again
    /// writes the same bytes; the old trees go after that (also on the next
    /// open, if a crash came first). A record with no place in the `ids`
    /// tree goes to quarantine rather than being lost.
    fn upgrade_from_v1(&self) -> Result<()> {
        // The copy needs about as much room as the records take now.
        space::ensure_room(
            &self.dir,
            self.min_free_bytes.saturating_add(self.size_on_disk()),
        )?;
        const BATCH: usize = 1_000;
        // Schema 1 ids are sorted by key, so each bucket comes in one piece.
        let old_ids = self.tree(V1_IDS)?;
        let mut batch = sled::Batch::default();
        let mut current: Option<([u8; 2], Bucket)> = None;
        for item in old_ids.iter() {
            let (key, value) = item.map_err(|e| self.err(e))?;
            let (Ok(bytes), Some(location)) =
                (<[u8; 16]>::try_from(key.as_ref()), Location::parse(&value))
            else {
                continue;
            };
            let id = Id::from_bytes(bytes);
            let home = bucket_key(id);
            if current.as_ref().is_none_or(|(k, _)| *k != home)
                && let Some((k, bucket)) = current.replace((home, Bucket::default()))
            {
                batch.insert(&k, bucket.to_bytes());
            }
            if let Some((_, bucket)) = current.as_mut() {
                bucket.insert(id, location);
            }
        }
        if let Some((k, bucket)) = current {
            batch.insert(&k, bucket.to_bytes());
        }
        self.ids.apply_batch(batch).map_err(|e| self.err(e))?;
        for (name, kind, author) in self.v1_trees() {
            let old = self.tree(&name)?;
            let new = self.tree(&records_tree(kind, author))?;
            // Schema 1 kept unescaped keys with empty values here (see
            // `keys::escape`): the records come back under escaped keys.
            new.clear().map_err(|e| self.err(e))?;
            let open = self.tree(&open_actions_tree(author))?;
            let mut batch = sled::Batch::default();
            let mut open_batch = sled::Batch::default();
            let mut pending = 0;
            for item in old.iter() {
                let (key, bytes) = item.map_err(|e| self.err(e))?;
                let id = <[u8; 16]>::try_from(key.as_ref()).ok().map(Id::from_bytes);
                let place = match id {
                    Some(id) => self
                        .locate(id)?
                        .filter(|l| l.kind == kind && l.author == author)
                        .map(|l| record_key(&l.order, id)),
                    None => None,
                };
                match place {
                    Some(place) => {
                        let open_actions = kind == Kind::Journal
                            && codec::decode::<JournalEntry>(&bytes)
                                .is_ok_and(|e| e.actions.iter().any(|a| !a.done));
                        if open_actions {
                            open_batch.insert(place.as_slice(), &[]);
                        }
                        batch.insert(place, bytes);
                    }
                    None => {
                        self.quarantine
                            .insert(quarantine_key(&name, &key), bytes)
                            .map_err(|e| self.err(e))?;
                        self.warn(format!(
                            "a {} (key {}) had no entry in the store's list of ids and was \
                             moved to quarantine while upgrading the store",
                            kind.noun(),
                            hex(&key)
                        ));
                    }
                }
                pending += 1;
                if pending == BATCH {
                    new.apply_batch(std::mem::take(&mut batch))
                        .map_err(|e| self.err(e))?;
                    open.apply_batch(std::mem::take(&mut open_batch))
                        .map_err(|e| self.err(e))?;
                    pending = 0;
                }
            }
            new.apply_batch(batch).map_err(|e| self.err(e))?;
            open.apply_batch(open_batch).map_err(|e| self.err(e))?;
        }
        self.flush()?;
        self.meta
            .insert(SCHEMA_KEY, &2u32.to_be_bytes())
            .map_err(|e| self.err(e))?;
        self.flush()
    }

    /// Removes the trees of records and ids by id that schema 1 kept.
    fn drop_v1_trees(&self) -> Result<()> {
        let mut old: Vec<String> = self.v1_trees().into_iter().map(|(n, _, _)| n).collect();
        if self
            .db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == V1_IDS.as_bytes())
        {
            old.push(V1_IDS.to_string());
        }
        for name in &old {
            self.db.drop_tree(name).map_err(|e| self.err(e))?;
        }
        if old.is_empty() { Ok(()) } else { self.flush() }
    }

    /// The schema 1 trees of records by id still in the store.
    fn v1_trees(&self) -> Vec<(String, Kind, Id)> {
        self.db
            .tree_names()
            .into_iter()
            .filter_map(|name| {
                let name = String::from_utf8(name.to_vec()).ok()?;
                let (kind, author) = parse_v1_records_tree(&name)?;
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
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The schema version recorded in the store.
    pub fn schema_version(&self) -> Result<u32> {
        let v = self.meta.get(SCHEMA_KEY).map_err(|e| self.err(e))?;
        Ok(v.and_then(|v| <[u8; 4]>::try_from(v.as_ref()).ok())
            .map(u32::from_be_bytes)
            .unwrap_or(SCHEMA_VERSION))
    }

    fn err(&self, e: sled::Error) -> StoreError {
        StoreError::sled(&self.dir, e)
    }

    fn tree(&self, name: &str) -> Result<sled::Tree> {
        self.db.open_tree(name).map_err(|e| self.err(e))
    }

    /// Writes everything to disk. Every public write calls it before returning.
    pub fn flush(&self) -> Result<()> {
        self.db.flush().map(|_| ()).map_err(|e| self.err(e))
    }

    /// Problems met while reading (records moved to quarantine), each reported once.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *self.warnings.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn warn(&self, message: String) {
        self.warnings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(message);
    }

    // ----- settings and profiles -------------------------------------------

    pub fn setting(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let key = format!("setting:{key}");
        Ok(self
            .meta
            .get(key)
            .map_err(|e| self.err(e))?
            .map(|v| v.to_vec()))
    }

    pub fn set_setting(&self, key: &str, value: &[u8]) -> Result<()> {
        self.commit(vec![Change::Setting(
            format!("setting:{key}").into_bytes(),
            value.to_vec(),
        )])
    }

    pub fn default_profile(&self) -> Result<Option<Id>> {
        let v = self
            .meta
            .get(DEFAULT_PROFILE_KEY)
            .map_err(|e| self.err(e))?;
        Ok(v.and_then(|v| <[u8; 16]>::try_from(v.as_ref()).ok())
            .map(Id::from_bytes))
    }

    pub fn set_default_profile(&self, id: Id) -> Result<()> {
        self.commit(vec![default_profile_change(id)])
    }

    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut out = Vec::new();
        for item in self.profiles.iter() {
            let (key, bytes) = item.map_err(|e| self.err(e))?;
            match codec::decode::<Profile>(&bytes) {
                Ok(p) if p.id.to_bytes().as_slice() == key.as_ref() => out.push(p),
                Ok(_) => self.quarantine_raw(
                    &self.profiles,
                    "profiles",
                    &key,
                    &bytes,
                    "its id does not match its key",
                )?,
                Err(e) => {
                    self.quarantine_raw(&self.profiles, "profiles", &key, &bytes, &e.to_string())?
                }
            }
        }
        Ok(out)
    }

    pub fn profile(&self, id: Id) -> Result<Option<Profile>> {
        let Some(bytes) = self.profiles.get(id.to_bytes()).map_err(|e| self.err(e))? else {
            return Ok(None);
        };
        match codec::decode::<Profile>(&bytes) {
            Ok(p) => Ok(Some(p)),
            Err(e) => {
                self.quarantine_raw(
                    &self.profiles,
                    "profiles",
                    &id.to_bytes(),
                    &bytes,
                    &e.to_string(),
                )?;
                Ok(None)
            }
        }
    }

    pub fn put_profile(&self, profile: &Profile) -> Result<()> {
        self.commit(vec![Change::Profile(profile.clone())])
    }

    // ----- records ------------------------------------------------------------

    fn locate(&self, id: Id) -> Result<Option<Location>> {
        Ok(self.bucket(bucket_key(id))?.get(id).cloned())
    }

    /// The bucket of ids under `key` (empty when there is none).
    fn bucket(&self, key: [u8; 2]) -> Result<Bucket> {
        match self.ids.get(key).map_err(|e| self.err(e))? {
            Some(bytes) => self.parse_bucket(&key, &bytes),
            None => Ok(Bucket::default()),
        }
    }

    fn parse_bucket(&self, key: &[u8], bytes: &[u8]) -> Result<Bucket> {
        Bucket::parse(bytes).ok_or_else(|| StoreError::Corrupt {
            dir: self.dir.clone(),
            detail: damaged_bucket(key),
        })
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
            None => None,
        })
    }

    /// The record stored under `key` in `author`'s tree of `R`, or `None`
    /// when it cannot be read (it is then moved to quarantine).
    fn decode_stored<R: Stored>(&self, author: Id, key: &[u8], bytes: &[u8]) -> Result<Option<R>> {
        let problem = match codec::decode::<R>(bytes) {
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
        space::ensure_room(&self.dir, self.min_free_bytes)?;
        let name = records_tree(kind, author);
        let records = self.tree(&name)?;
        // Meetings are also listed in the index of open actions.
        let open = self.tree(&open_actions_tree(author))?;
        let qkey = quarantine_key(&name, key);
        let id = id_of_record_key(key);
        let result: std::result::Result<(), TransactionError<String>> =
            (&records, &self.ids, &self.quarantine, &open).transaction(|(r, ids, q, o)| {
                if let Some(id) = id {
                    let bucket_key = bucket_key(id);
                    let mut bucket = tx_bucket(ids, &bucket_key)?;
                    let here = bucket
                        .get(id)
                        .is_some_and(|l| record_key(&l.order, id) == key);
                    if here {
                        bucket.remove(id);
                        put_bucket(ids, &bucket_key, &bucket)?;
                    }
                }
                r.remove(key)?;
                if kind == Kind::Journal {
                    o.remove(key)?;
                }
                q.insert(qkey.as_slice(), bytes)?;
                Ok(())
            });
        result.map_err(|e| self.tx_err(e))?;
        self.flush()?;
        let which = id.map_or_else(|| format!("key {}", hex(key)), |id| id.to_string());
        self.warn(format!(
            "a {} ({which}) could not be read and was moved to quarantine: {problem}",
            kind.noun()
        ));
        Ok(())
    }

    fn quarantine_raw(
        &self,
        tree: &sled::Tree,
        name: &str,
        key: &[u8],
        bytes: &[u8],
        problem: &str,
    ) -> Result<()> {
        space::ensure_room(&self.dir, self.min_free_bytes)?;
        let qkey = quarantine_key(name, key);
        let result: std::result::Result<(), TransactionError<String>> = (tree, &self.quarantine)
            .transaction(|(t, q)| {
                t.remove(key)?;
                q.insert(qkey.as_slice(), bytes)?;
                Ok(())
            });
        result.map_err(|e| self.tx_err(e))?;
        self.flush()?;
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
        for item in self.quarantine.iter() {
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

    /// Applies all `changes` in one transaction and flushes: after an error or
    /// a crash, either all of them are in the store or none is.
    pub fn commit(&self, changes: Vec<Change>) -> Result<()> {
        space::ensure_room(&self.dir, self.min_free_bytes)?;
        enum Op {
            Put {
                bytes: Vec<u8>,
                order: Vec<u8>,
                open_actions: bool,
            },
            Delete,
        }
        struct Prepared {
            id: Id,
            location: Location,
            records: usize,
            /// Meetings: the tree of those with open actions.
            open: Option<usize>,
            op: Op,
        }
        // Trees 0..4 are fixed; the rest are opened as the changes need them.
        let mut trees = vec![self.ids.clone(), self.profiles.clone(), self.meta.clone()];
        let mut names: Vec<String> = Vec::new();
        let mut slot = |name: String, trees: &mut Vec<sled::Tree>| -> Result<usize> {
            if let Some(i) = names.iter().position(|n| *n == name) {
                return Ok(i + 3);
            }
            trees.push(self.tree(&name)?);
            names.push(name);
            Ok(trees.len() - 1)
        };
        let mut prepared = Vec::new();
        let mut profiles = Vec::new();
        let mut settings = Vec::new();
        for change in changes {
            match change {
                Change::Put(record) => {
                    let meta = record.meta();
                    let location = Location {
                        kind: record.kind(),
                        author: meta.author,
                        order: record.order_key(),
                    };
                    if let Some(old) = self.locate(meta.id)?
                        && (old.author != location.author || old.kind != location.kind)
                    {
                        return Err(StoreError::AuthorChanged { id: meta.id });
                    }
                    let open = match location.kind {
                        Kind::Journal => {
                            Some(slot(open_actions_tree(location.author), &mut trees)?)
                        }
                        _ => None,
                    };
                    let open_actions = match &record {
                        AnyRecord::Journal(e) => e.actions.iter().any(|a| !a.done),
                        _ => false,
                    };
                    prepared.push(Prepared {
                        id: meta.id,
                        records: slot(records_tree(location.kind, location.author), &mut trees)?,
                        open,
                        op: Op::Put {
                            bytes: record.encode()?,
                            order: location.order.clone(),
                            open_actions,
                        },
                        location,
                    });
                }
                Change::Delete(id) => {
                    let Some(location) = self.locate(id)? else {
                        continue;
                    };
                    let open = match location.kind {
                        Kind::Journal => {
                            Some(slot(open_actions_tree(location.author), &mut trees)?)
                        }
                        _ => None,
                    };
                    prepared.push(Prepared {
                        id,
                        records: slot(records_tree(location.kind, location.author), &mut trees)?,
                        open,
                        op: Op::Delete,
                        location,
                    });
                }
                Change::Profile(p) => profiles.push((p.id.to_bytes(), codec::encode(&p)?)),
                Change::Setting(k, v) => settings.push((k, v)),
            }
        }
        let result: std::result::Result<(), TransactionError<String>> =
            trees.as_slice().transaction(|t| {
                let (ids, profile_tree, meta) = (&t[0], &t[1], &t[2]);
                for (key, bytes) in &profiles {
                    profile_tree.insert(key, bytes.as_slice())?;
                }
                for (key, value) in &settings {
                    meta.insert(key.as_slice(), value.as_slice())?;
                }
                for p in &prepared {
                    let records = &t[p.records];
                    let bucket_key = bucket_key(p.id);
                    let mut bucket = tx_bucket(ids, &bucket_key)?;
                    // The author and kind never change, so the old record
                    // is in the same tree, under its old key.
                    if let Some(old) = bucket.get(p.id) {
                        records.remove(record_key(&old.order, p.id))?;
                        if let Some(open) = p.open {
                            t[open].remove(record_key(&old.order, p.id))?;
                        }
                    }
                    match &p.op {
                        Op::Put {
                            bytes,
                            order,
                            open_actions,
                        } => {
                            records.insert(record_key(order, p.id), bytes.as_slice())?;
                            if let (Some(open), true) = (p.open, open_actions) {
                                t[open].insert(record_key(order, p.id), &[])?;
                            }
                            bucket.insert(p.id, p.location.clone());
                        }
                        Op::Delete => {
                            bucket.remove(p.id);
                        }
                    }
                    put_bucket(ids, &bucket_key, &bucket)?;
                }
                Ok::<(), ConflictableTransactionError<String>>(())
            });
        result.map_err(|e| self.tx_err(e))?;
        self.flush()
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
        let to = Bound::Excluded(time_key(&now).to_vec());
        self.scan(author, (Bound::Unbounded, to), true, limit)
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
        let mut found = Vec::new();
        'buckets: for item in self
            .ids
            .range(bucket_key(Id::from_bytes(lo))..=bucket_key(Id::from_bytes(hi)))
        {
            let (key, value) = item.map_err(|e| self.err(e))?;
            for (id, location) in self.parse_bucket(&key, &value)?.iter() {
                if (lo..=hi).contains(&id.to_bytes()) && location.kind == kind {
                    found.push(id);
                    if found.len() > 5 {
                        break 'buckets;
                    }
                }
            }
        }
        match found.as_slice() {
            [] => Err(not_found()),
            [one] => Ok(*one),
            many => Err(StoreError::Ambiguous {
                prefix: input.trim().to_string(),
                candidates: many
                    .iter()
                    .map(|id| self.short_id(*id))
                    .collect::<Result<Vec<_>>>()?,
            }),
        }
    }

    /// The shortest prefix (at least [`MIN_SHORT_ID`] characters) that no
    /// other record id in the store shares.
    pub fn short_id(&self, id: Id) -> Result<String> {
        let full = id.to_string();
        let key = id.to_bytes();
        let mut need = MIN_SHORT_ID;
        // The neighbours in key order: in this bucket, or the last of the
        // bucket before and the first of the bucket after (there are no
        // empty buckets).
        let home = bucket_key(id);
        let bucket = self.bucket(home)?;
        let mut before = bucket
            .iter()
            .rev()
            .map(|(i, _)| i)
            .find(|i| i.to_bytes() < key);
        let mut after = bucket.iter().map(|(i, _)| i).find(|i| i.to_bytes() > key);
        if before.is_none()
            && let Some((k, v)) = self.ids.get_lt(home).map_err(|e| self.err(e))?
        {
            before = self
                .parse_bucket(&k, &v)?
                .iter()
                .next_back()
                .map(|(i, _)| i);
        }
        if after.is_none()
            && let Some((k, v)) = self.ids.get_gt(home).map_err(|e| self.err(e))?
        {
            after = self.parse_bucket(&k, &v)?.iter().next().map(|(i, _)| i);
        }
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
                if rival.meta.updated >= meta.updated {
                    report.unchanged += 1;
                } else {
                    report.updated += 1;
                    changes.push(Change::Delete(rival.meta.id));
                    changes.push(Change::Put(record));
                }
                continue;
            }
            let existing = self.updated_at(meta.id)?;
            match existing {
                None => report.new += 1,
                Some(updated) if updated < meta.updated => report.updated += 1,
                Some(_) => {
                    report.unchanged += 1;
                    continue;
                }
            }
            changes.push(Change::Put(record));
        }
        if let Some(id) = snap.default_profile
            && self.default_profile()?.is_none()
        {
            changes.push(default_profile_change(id));
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

    fn updated_at(&self, id: Id) -> Result<Option<DateTime<chrono::Utc>>> {
        Ok(self.get_any(id)?.map(|r| r.meta().updated))
    }
}

/// Keeps, of several check-ins for one author and week, the latest change:
/// there is one check-in per week, also within one import.
pub fn one_checkin_per_week(records: Vec<AnyRecord>) -> Vec<AnyRecord> {
    let mut latest: std::collections::HashMap<(Id, Week), (Id, DateTime<chrono::Utc>)> =
        Default::default();
    for r in &records {
        if let AnyRecord::CheckIn(c) = r {
            let key = (c.meta.author, c.week);
            let entry = latest.entry(key).or_insert((c.meta.id, c.meta.updated));
            if c.meta.updated > entry.1 {
                *entry = (c.meta.id, c.meta.updated);
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

fn damaged_bucket(key: &[u8]) -> String {
    format!("its list of record ids is damaged (bucket {})", hex(key))
}

/// The bucket of ids under `key`, read inside a transaction.
fn tx_bucket(
    ids: &sled::transaction::TransactionalTree,
    key: &[u8; 2],
) -> std::result::Result<Bucket, ConflictableTransactionError<String>> {
    match ids.get(key)? {
        Some(bytes) => Bucket::parse(&bytes)
            .ok_or_else(|| ConflictableTransactionError::Abort(damaged_bucket(key))),
        None => Ok(Bucket::default()),
    }
}

/// Writes a bucket inside a transaction; an empty one is removed.
fn put_bucket(
    ids: &sled::transaction::TransactionalTree,
    key: &[u8; 2],
    bucket: &Bucket,
) -> std::result::Result<(), ConflictableTransactionError<String>> {
    if bucket.is_empty() {
        ids.remove(key)?;
    } else {
        ids.insert(key, bucket.to_bytes())?;
    }
    Ok(())
}

fn default_profile_change(id: Id) -> Change {
    Change::Setting(DEFAULT_PROFILE_KEY.to_vec(), id.to_bytes().to_vec())
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
