//! Writing: every change to the store is planned first (which keys of which
//! trees get which bytes), then checked against the room on the disk, then
//! made in one sled transaction and flushed.
//!
//! A large write (an import) is also recorded beforehand in an undo log:
//! the bytes every key it touches held before. sled 0.34 can leave part of
//! a large transaction on disk when its disk fills up in the middle; the
//! log is armed (flushed) before the transaction and disarmed once the
//! transaction is flushed, and a store opened with an armed log puts every
//! key back: an import is in the store whole, or not at all.

use std::collections::BTreeMap;

use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

use crate::domain::{Clock, Id, Kind, Stamp, Tombstone, Version, Visibility};

use super::ids::{self, Bucket, END, Location, lookup_key, parse_range_key, range_key};
use super::keys::{StoredAny, open_actions_tree, record_key, records_tree};
use super::{Change, Result, Store, StoreError, codec, space};
use crate::domain::AnyRecord;

/// The tree of tombstones, by id.
const TOMBSTONES: &str = "tombstones";
/// In `meta`: the last version the store handed out or saw.
const CLOCK_KEY: &[u8] = b"clock";

/// The tree of the undo log; its entries are numbered from 0.
const UNDO_TREE: &str = "undo";
/// In `meta` while the undo log describes a write that may be half done.
const UNDO_ARMED: &[u8] = b"undo-armed";

/// A write with more keys or bytes than this keeps an undo log.
const LARGE_WRITES: usize = 64;
const LARGE_BYTES: u64 = 256 << 10;

/// Undo entries per sled entry of the log.
const UNDO_CHUNK: usize = 512;

/// The trees every plan may write: the ids, the profiles and `meta`.
const IDS: usize = 0;
const PROFILES: usize = 1;
const META: usize = 2;

/// One key to set (or remove, with `None`).
struct Write {
    tree: usize,
    key: Vec<u8>,
    value: Option<Vec<u8>>,
}

/// What a write will do, key by key.
pub(super) struct Plan {
    trees: Vec<sled::Tree>,
    names: Vec<String>,
    writes: Vec<Write>,
    /// Per tree of records: how many records it gains (or loses).
    counted: BTreeMap<String, i64>,
}

impl Plan {
    fn new(store: &Store) -> Plan {
        Plan {
            trees: vec![
                store.sled().ids.clone(),
                store.sled().profiles.clone(),
                store.sled().meta.clone(),
            ],
            names: vec![
                ids::TREE.to_string(),
                "profiles".to_string(),
                "meta".to_string(),
            ],
            writes: Vec::new(),
            counted: BTreeMap::new(),
        }
    }

    fn count(&mut self, tree: String, by: i64) {
        *self.counted.entry(tree).or_default() += by;
    }

    /// The slot of the tree `name`, opened when first needed.
    fn slot(&mut self, store: &Store, name: String) -> Result<usize> {
        if let Some(i) = self.names.iter().position(|n| *n == name) {
            return Ok(i);
        }
        self.trees.push(store.tree(&name)?);
        self.names.push(name);
        Ok(self.trees.len() - 1)
    }

    fn put(&mut self, tree: usize, key: Vec<u8>, value: Vec<u8>) {
        self.writes.push(Write {
            tree,
            key,
            value: Some(value),
        });
    }

    fn remove(&mut self, tree: usize, key: Vec<u8>) {
        self.writes.push(Write {
            tree,
            key,
            value: None,
        });
    }

    /// The bytes of keys and values it writes.
    fn bytes(&self) -> u64 {
        self.writes
            .iter()
            .map(|w| (w.key.len() + w.value.as_ref().map_or(0, Vec::len) + 16) as u64)
            .sum()
    }

    fn is_large(&self) -> bool {
        self.writes.len() > LARGE_WRITES || self.bytes() > LARGE_BYTES
    }
}

/// The buckets of ids a plan reads and changes, by the last id of their
/// range as it was before the write.
#[derive(Default)]
struct Buckets {
    map: BTreeMap<[u8; 16], (Bucket, bool)>,
}

impl Buckets {
    /// The bucket `id` falls in, read from the store the first time.
    fn of(&mut self, store: &Store, id: Id) -> Result<&mut Bucket> {
        let end = match store
            .sled()
            .ids
            .range(lookup_key(id)..)
            .next()
            .transpose()
            .map_err(|e| store.err(e))?
        {
            Some((key, value)) => {
                let end = parse_range_key(&key)
                    .ok_or_else(|| StoreError::DamagedIds { key: key.to_vec() })?;
                if let std::collections::btree_map::Entry::Vacant(slot) = self.map.entry(end) {
                    let bucket = Bucket::parse(&value)
                        .ok_or_else(|| StoreError::DamagedIds { key: key.to_vec() })?;
                    slot.insert((bucket, true));
                }
                end
            }
            None => {
                // Beyond the last bucket: a new last one.
                self.map.entry(END).or_insert((Bucket::default(), false));
                END
            }
        };
        Ok(&mut self.map.get_mut(&end).expect("just inserted").0)
    }

    /// Writes every bucket, split where it grew too large, removed where
    /// it is empty.
    fn write(self, plan: &mut Plan) {
        for (end, (bucket, stored)) in self.map {
            let pieces = bucket.into_ranges(end);
            if pieces.is_empty() && stored {
                plan.remove(IDS, range_key(end));
            }
            for (last, piece) in pieces {
                plan.put(IDS, range_key(last), piece.to_bytes());
            }
        }
    }
}

impl Store {
    /// Applies all `changes` in one transaction and flushes: after an error or
    /// a crash, either all of them are in the store or none is.
    pub fn commit(&self, changes: Vec<Change>) -> Result<()> {
        let _writing = self.writing();
        let plan = match self.plan(&changes) {
            Err(StoreError::DamagedIds { key }) => {
                self.repair_ids(Some(&key))?;
                self.plan(&changes)?
            }
            plan => plan?,
        };
        self.write_plan(plan)
    }

    fn plan(&self, changes: &[Change]) -> Result<Plan> {
        let mut plan = Plan::new(self);
        let mut buckets = Buckets::default();
        let mut stamping = Stamping::read(self)?;
        for change in changes {
            match change {
                Change::Put(record) => {
                    let mut record = record.clone();
                    let old = match buckets.of(self, record.meta().id)?.get(record.meta().id) {
                        Some(_) => self.get_any(record.meta().id)?,
                        None => None,
                    };
                    let id = record.meta().id;
                    match stamping.stamp(&mut record, old.as_ref()) {
                        Some(gone) => self.plan_tombstone(&mut plan, Some(&gone), id)?,
                        // Shared again (or an undone deletion): the
                        // record's new version outdates its tombstone.
                        None if stamping.is_own(&record)
                            && record.meta().visibility == Visibility::Shared
                            && self.tombstone(id)?.is_some() =>
                        {
                            self.plan_tombstone(&mut plan, None, id)?
                        }
                        None => {}
                    }
                    self.plan_put(&mut plan, &mut buckets, &record)?;
                }
                Change::Import(record) => self.plan_put(&mut plan, &mut buckets, record)?,
                Change::Delete(id) => {
                    let bucket = buckets.of(self, *id)?;
                    if let Some(old) = bucket.get(*id).cloned() {
                        let record = self.get_any(*id)?;
                        let bucket = buckets.of(self, *id)?;
                        bucket.remove(*id);
                        self.plan_removal(&mut plan, *id, &old)?;
                        if let Some(record) = record
                            && stamping.is_own(&record)
                            && record.meta().visibility == Visibility::Shared
                        {
                            let gone = Tombstone {
                                id: *id,
                                author: record.meta().author,
                                version: stamping.clock.tick(stamping.now),
                                pair: record.meta().pair,
                            };
                            self.plan_tombstone(&mut plan, Some(&gone), *id)?;
                        }
                    }
                }
                Change::Forget(gone) => {
                    let bucket = buckets.of(self, gone.id)?;
                    if let Some(old) = bucket.get(gone.id).cloned() {
                        bucket.remove(gone.id);
                        self.plan_removal(&mut plan, gone.id, &old)?;
                    }
                    stamping.clock.witness(gone.version);
                    self.plan_tombstone(&mut plan, Some(gone), gone.id)?;
                }
                Change::Witness(version) => stamping.clock.witness(*version),
                Change::Profile(p) => {
                    plan.put(PROFILES, p.id.to_bytes().to_vec(), codec::encode(p)?)
                }
                Change::Setting(k, v) => plan.put(META, k.clone(), v.clone()),
                Change::DefaultProfile(id) => plan.put(
                    META,
                    super::DEFAULT_PROFILE_KEY.to_vec(),
                    id.to_bytes().to_vec(),
                ),
            }
        }
        if stamping.clock != stamping.read_clock {
            plan.put(
                META,
                CLOCK_KEY.to_vec(),
                stamping.clock.last.0.to_be_bytes().to_vec(),
            );
        }
        buckets.write(&mut plan);
        self.plan_counts(&mut plan)?;
        Ok(plan)
    }

    /// Writes `record` where it belongs, replacing the copy stored before.
    fn plan_put(&self, plan: &mut Plan, buckets: &mut Buckets, record: &AnyRecord) -> Result<()> {
        let meta = record.meta();
        let id = meta.id;
        let location = Location {
            kind: record.kind(),
            author: meta.author,
            order: record.order_key(),
        };
        let bucket = buckets.of(self, id)?;
        let old = bucket.get(id).cloned();
        bucket.insert(id, location.clone());
        if let Some(old) = &old {
            if old.author != location.author || old.kind != location.kind {
                return Err(StoreError::AuthorChanged { id });
            }
            self.plan_removal(plan, id, old)?;
        }
        let key = record_key(&location.order, id);
        let tree = records_tree(location.kind, location.author);
        plan.count(tree.clone(), 1);
        let records = plan.slot(self, tree)?;
        if let AnyRecord::Journal(e) = record
            && e.actions.iter().any(|a| !a.done)
        {
            let open = plan.slot(self, open_actions_tree(location.author))?;
            plan.put(open, key.clone(), Vec::new());
        }
        plan.put(records, key, record.encode()?);
        Ok(())
    }

    /// Keeps the tombstone `gone` of `id` (or removes the one it has).
    fn plan_tombstone(&self, plan: &mut Plan, gone: Option<&Tombstone>, id: Id) -> Result<()> {
        let tree = plan.slot(self, TOMBSTONES.to_string())?;
        match gone {
            Some(gone) => plan.put(tree, id.to_bytes().to_vec(), codec::encode(gone)?),
            None => plan.remove(tree, id.to_bytes().to_vec()),
        }
        Ok(())
    }

    /// The tombstone of `id`, if its author deleted it or made it private.
    pub fn tombstone(&self, id: Id) -> Result<Option<Tombstone>> {
        let tree = self.tree(TOMBSTONES)?;
        match tree.get(id.to_bytes()).map_err(|e| self.err(e))? {
            Some(bytes) => Ok(codec::decode_tombstone(&bytes).ok()),
            None => Ok(None),
        }
    }

    /// Every tombstone this store keeps.
    pub fn tombstones(&self) -> Result<Vec<Tombstone>> {
        let tree = self.tree(TOMBSTONES)?;
        let mut out = Vec::new();
        for item in tree.iter() {
            let (_, bytes) = item.map_err(|e| self.err(e))?;
            if let Ok(t) = codec::decode_tombstone(&bytes) {
                out.push(t);
            }
        }
        Ok(out)
    }

    /// The last version this store handed out or saw.
    pub fn clock(&self) -> Result<Clock> {
        let last = self
            .sled()
            .meta
            .get(CLOCK_KEY)
            .map_err(|e| self.err(e))?
            .and_then(|b| <[u8; 8]>::try_from(b.as_ref()).ok())
            .map_or(0, u64::from_be_bytes);
        Ok(Clock {
            last: Version(last),
        })
    }

    /// The new number of records of each tree the plan changes.
    fn plan_counts(&self, plan: &mut Plan) -> Result<()> {
        for (tree, by) in std::mem::take(&mut plan.counted) {
            if by == 0 {
                continue;
            }
            let now = self.count_in(&tree)?;
            let new = now.saturating_add_signed(by);
            plan.put(META, super::count_key(&tree), new.to_be_bytes().to_vec());
        }
        Ok(())
    }

    /// Removes the record `id` kept at `old`, with its index entry.
    fn plan_removal(&self, plan: &mut Plan, id: Id, old: &Location) -> Result<()> {
        plan.count(records_tree(old.kind, old.author), -1);
        let key = record_key(&old.order, id);
        if old.kind == Kind::Journal {
            let open = plan.slot(self, open_actions_tree(old.author))?;
            plan.remove(open, key.clone());
        }
        let records = plan.slot(self, records_tree(old.kind, old.author))?;
        plan.remove(records, key);
        Ok(())
    }

    /// Checks the room, then writes `plan` (with an undo log when large).
    pub(super) fn write_plan(&self, plan: Plan) -> Result<()> {
        let undo = if plan.is_large() {
            Some(self.undo_log(&plan)?)
        } else {
            None
        };
        let logged = undo
            .as_ref()
            .map_or(0, |u| u.iter().map(Vec::len).sum::<usize>()) as u64;
        space::ensure_room(
            &self.dir,
            space::estimate(plan.bytes() + logged),
            self.min_free_bytes,
        )?;
        let _watching = self.guard.watch();
        if let Some(undo) = &undo {
            self.arm(undo)?;
        }
        let result = self.apply(&plan);
        match (result, undo.is_some()) {
            (Ok(()), true) => self.disarm(),
            (Ok(()), false) => Ok(()),
            (Err(e), false) => Err(e),
            (Err(e), true) => {
                // A full disk under sled: someone else took the space the
                // check above saw free.
                let e = match e {
                    StoreError::DiskFull { .. } => StoreError::DiskFilled {
                        path: self.dir.clone(),
                    },
                    e => e,
                };
                // Undo what may have reached the disk, now; a store that
                // cannot even do that is undone when it next opens.
                if self.roll_back().is_err() {
                    crate::fatal::exit(&e.to_string());
                }
                Err(e)
            }
        }
    }

    /// Makes every write of `plan` in one transaction, then flushes.
    fn apply(&self, plan: &Plan) -> Result<()> {
        let result = plan.trees.as_slice().transaction(|t| {
            for w in &plan.writes {
                match &w.value {
                    Some(v) => t[w.tree].insert(w.key.as_slice(), v.as_slice())?,
                    None => t[w.tree].remove(w.key.as_slice())?,
                };
            }
            Ok::<(), ConflictableTransactionError<String>>(())
        });
        result.map_err(|e| self.tx_err(e))?;
        self.flush()
    }

    // ----- the undo log ---------------------------------------------------------

    /// What every key `plan` touches holds now, in chunks ready to store.
    fn undo_log(&self, plan: &Plan) -> Result<Vec<Vec<u8>>> {
        let mut seen = std::collections::HashSet::new();
        let mut chunks = Vec::new();
        let mut chunk = Vec::new();
        let mut in_chunk = 0;
        for w in &plan.writes {
            if !seen.insert((w.tree, w.key.as_slice())) {
                continue;
            }
            let old = plan.trees[w.tree].get(&w.key).map_err(|e| self.err(e))?;
            encode_undo(&mut chunk, &plan.names[w.tree], &w.key, old.as_deref());
            in_chunk += 1;
            if in_chunk == UNDO_CHUNK {
                chunks.push(std::mem::take(&mut chunk));
                in_chunk = 0;
            }
        }
        if !chunk.is_empty() {
            chunks.push(chunk);
        }
        Ok(chunks)
    }

    /// Stores the undo log and marks it armed, flushed.
    fn arm(&self, chunks: &[Vec<u8>]) -> Result<()> {
        let undo = self.tree(UNDO_TREE)?;
        undo.clear().map_err(|e| self.err(e))?;
        let mut batch = sled::Batch::default();
        for (i, chunk) in chunks.iter().enumerate() {
            batch.insert(&(i as u64).to_be_bytes(), chunk.as_slice());
        }
        undo.apply_batch(batch).map_err(|e| self.err(e))?;
        self.sled()
            .meta
            .insert(UNDO_ARMED, &[1])
            .map_err(|e| self.err(e))?;
        self.flush()
    }

    /// The write is whole on disk: the undo log is not needed any more.
    fn disarm(&self) -> Result<()> {
        self.sled()
            .meta
            .remove(UNDO_ARMED)
            .map_err(|e| self.err(e))?;
        self.flush()?;
        // Leftovers are harmless while disarmed; they go with the next write.
        let _ = self.tree(UNDO_TREE).map(|t| t.clear());
        Ok(())
    }

    /// Whether a large write may be half done (a crash or a full disk
    /// stopped it).
    pub(super) fn interrupted_write(&self) -> Result<bool> {
        Ok(self
            .sled()
            .meta
            .get(UNDO_ARMED)
            .map_err(|e| self.err(e))?
            .is_some())
    }

    /// Puts back every key the undo log recorded, in one transaction, and
    /// disarms it.
    pub(super) fn roll_back(&self) -> Result<()> {
        let undo = self.tree(UNDO_TREE)?;
        let mut by_tree: BTreeMap<String, Vec<Restore>> = BTreeMap::new();
        for item in undo.iter() {
            let (_, chunk) = item.map_err(|e| self.err(e))?;
            decode_undo(&chunk, |tree, key, old| {
                by_tree
                    .entry(tree.to_string())
                    .or_default()
                    .push((key.to_vec(), old.map(<[u8]>::to_vec)));
            })
            .ok_or_else(|| StoreError::Corrupt {
                dir: self.dir.clone(),
                detail: "the record of an interrupted import is damaged".to_string(),
            })?;
        }
        let mut trees = vec![self.sled().meta.clone()];
        for name in by_tree.keys() {
            trees.push(self.tree(name)?);
        }
        let entries: Vec<_> = by_tree.into_values().collect();
        let result = trees.as_slice().transaction(|t| {
            for (i, keys) in entries.iter().enumerate() {
                for (key, old) in keys {
                    match old {
                        Some(v) => t[i + 1].insert(key.as_slice(), v.as_slice())?,
                        None => t[i + 1].remove(key.as_slice())?,
                    };
                }
            }
            t[0].remove(UNDO_ARMED)?;
            Ok::<(), ConflictableTransactionError<String>>(())
        });
        result.map_err(|e| self.tx_err(e))?;
        self.flush()?;
        undo.clear().map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Moves what is stored under `key` in the tree `name` to quarantine;
    /// for a record (`kind` and `author` given), also its index entry and
    /// its place in the ids.
    pub(super) fn move_to_quarantine(
        &self,
        name: &str,
        record: Option<(Kind, Id)>,
        key: &[u8],
        bytes: &[u8],
    ) -> Result<()> {
        let _writing = self.writing();
        let mut plan = Plan::new(self);
        let tree = plan.slot(self, name.to_string())?;
        let quarantine = plan.slot(self, "quarantine".to_string())?;
        if let Some((kind, author)) = record {
            plan.count(name.to_string(), -1);
            if let Some(id) = super::keys::id_of_record_key(key) {
                let mut buckets = Buckets::default();
                // A damaged bucket is rebuilt by the next read of the ids.
                if let Ok(bucket) = buckets.of(self, id)
                    && bucket
                        .get(id)
                        .is_some_and(|l| record_key(&l.order, id) == key)
                {
                    bucket.remove(id);
                    buckets.write(&mut plan);
                }
            }
            if kind == Kind::Journal {
                let open = plan.slot(self, open_actions_tree(author))?;
                plan.remove(open, key.to_vec());
            }
        }
        plan.remove(tree, key.to_vec());
        plan.put(quarantine, super::quarantine_key(name, key), bytes.to_vec());
        self.plan_counts(&mut plan)?;
        self.write_plan(plan)
    }

    // ----- a damaged list of ids ------------------------------------------------

    /// Rebuilds the buckets of ids from the records themselves (a record key
    /// ends in its id, and its tree names its kind and author), keeping the
    /// damaged bucket under `bad` (if it is in the tree) in quarantine. The
    /// caller holds the write lock.
    pub(super) fn repair_ids(&self, bad: Option<&[u8]>) -> Result<()> {
        let mut all: BTreeMap<[u8; 16], Location> = BTreeMap::new();
        for (name, kind, author) in self.records_trees() {
            let tree = self.tree(&name)?;
            for item in tree.iter().keys() {
                let key = item.map_err(|e| self.err(e))?;
                let Some(raw) = super::keys::unescape(&key) else {
                    continue;
                };
                let Some(at) = raw.len().checked_sub(16) else {
                    continue;
                };
                let Ok(id) = <[u8; 16]>::try_from(&raw[at..]) else {
                    continue;
                };
                all.insert(
                    id,
                    Location {
                        kind,
                        author,
                        order: raw[..at].to_vec(),
                    },
                );
            }
        }
        let mut plan = Plan::new(self);
        let quarantine = plan.slot(self, "quarantine".to_string())?;
        for item in self.sled().ids.iter() {
            let (key, value) = item.map_err(|e| self.err(e))?;
            if Some(key.as_ref()) == bad {
                plan.put(
                    quarantine,
                    super::quarantine_key(ids::TREE, &key),
                    value.to_vec(),
                );
            }
            plan.remove(IDS, key.to_vec());
        }
        let mut bucket = Bucket::default();
        let mut pieces = Vec::new();
        for (id, location) in all {
            bucket.insert(Id::from_bytes(id), location);
            if bucket.len() == ids::MAX_BUCKET * 3 / 4 {
                pieces.push((id, std::mem::take(&mut bucket)));
            }
        }
        if let Some(last) = pieces.last_mut()
            && bucket.is_empty()
        {
            last.0 = END;
        }
        if !bucket.is_empty() {
            pieces.push((END, bucket));
        }
        for (last, piece) in pieces {
            plan.put(IDS, range_key(last), piece.to_bytes());
        }
        self.write_plan(plan)?;
        self.warn(
            "the store's list of record ids was damaged; it was rebuilt from the records, \
             and the damaged part kept in quarantine"
                .to_string(),
        );
        Ok(())
    }
}

/// A key and what it held before a write (nothing, for a key it added).
type Restore = (Vec<u8>, Option<Vec<u8>>);

/// One undo entry: the tree's name, the key, and what it held (if anything).
fn encode_undo(out: &mut Vec<u8>, tree: &str, key: &[u8], old: Option<&[u8]>) {
    let len = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes();
    out.extend_from_slice(&len(tree.len()));
    out.extend_from_slice(tree.as_bytes());
    out.extend_from_slice(&len(key.len()));
    out.extend_from_slice(key);
    match old {
        Some(v) => {
            out.push(1);
            out.extend_from_slice(&len(v.len()));
            out.extend_from_slice(v);
        }
        None => out.push(0),
    }
}

/// Reads the entries of one chunk; `None` when it is damaged.
fn decode_undo(mut bytes: &[u8], mut each: impl FnMut(&str, &[u8], Option<&[u8]>)) -> Option<()> {
    fn take<'a>(bytes: &mut &'a [u8]) -> Option<&'a [u8]> {
        let len = u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
        let out = bytes.get(4..4 + len)?;
        *bytes = &bytes[4 + len..];
        Some(out)
    }
    while !bytes.is_empty() {
        let tree = std::str::from_utf8(take(&mut bytes)?).ok()?;
        let key = take(&mut bytes)?;
        let (&flag, rest) = bytes.split_first()?;
        bytes = rest;
        let old = match flag {
            0 => None,
            1 => Some(take(&mut bytes)?),
            _ => return None,
        };
        each(tree, key, old);
    }
    Some(())
}

/// What a write needs to version the changes made here: the clock, the
/// person whose store it is, and who the partners are.
struct Stamping {
    clock: Clock,
    read_clock: Clock,
    now: chrono::DateTime<chrono::Utc>,
    /// The person whose store it is (who ticks a partner's action here).
    me: Option<Id>,
    partners: Vec<Id>,
}

impl Stamping {
    fn read(store: &Store) -> Result<Stamping> {
        let clock = store.clock()?;
        let mut partners = Vec::new();
        for item in store.sled().profiles.iter() {
            let (_, bytes) = item.map_err(|e| store.err(e))?;
            if let Ok(p) = codec::decode::<crate::domain::Profile>(&bytes)
                && p.origin == crate::domain::Origin::Partner
            {
                partners.push(p.id);
            }
        }
        Ok(Stamping {
            clock,
            read_clock: clock,
            now: (store.wall_clock)(),
            me: store.default_profile()?,
            partners,
        })
    }

    /// Whether the record is by someone whose changes are made here (not a
    /// partner's).
    fn is_own(&self, record: &AnyRecord) -> bool {
        !self.partners.contains(&record.meta().author)
    }

    /// Versions a change made here to `record` (stored before as `old`):
    /// a fresh version for one's own record, a stamp on every action whose
    /// tick changed. Returns the tombstone a shared record made private
    /// leaves behind.
    fn stamp(&mut self, record: &mut AnyRecord, old: Option<&AnyRecord>) -> Option<Tombstone> {
        let own = self.is_own(record);
        let by = if own {
            record.meta().author
        } else {
            self.me.unwrap_or(record.meta().author)
        };
        // One's own change happened when the record says it did (the
        // caller's "now", which the version follows while that is ahead of
        // everything seen); a tick on a partner's record, now.
        if let Some(old) = old {
            // Later than the copy it replaces, whatever the clocks say.
            self.clock.witness(old.meta().version);
        }
        let version = if own {
            self.clock.tick(record.meta().updated)
        } else {
            old.map_or(record.meta().version, |o| o.meta().version)
        };
        if let AnyRecord::Journal(e) = record {
            let before = match old {
                Some(AnyRecord::Journal(o)) => o.actions.as_slice(),
                _ => &[],
            };
            let mut tick = None;
            for a in &mut e.actions {
                let key = a.key();
                match before.iter().find(|b| b.key() == key) {
                    // Unchanged: the later of the stored stamp and the one
                    // it carries.
                    Some(b) if b.done == a.done => a.ticked = a.ticked.max(b.ticked),
                    // Not stored (a new action, or a deleted record put
                    // back): a stamp it carries stays, so that no tick the
                    // partner has seen is ever older than this copy's.
                    None if a.ticked.is_some() || !a.done => {}
                    _ => {
                        let v = *tick.get_or_insert_with(|| {
                            if own {
                                version
                            } else {
                                self.clock.tick(self.now)
                            }
                        });
                        a.ticked = Some(Stamp { version: v, by });
                    }
                }
            }
        }
        if let AnyRecord::Point(p) = record {
            let before = match old {
                Some(AnyRecord::Point(o)) => Some(o),
                _ => None,
            };
            match before {
                Some(b) if (b.discussed, b.meeting) == (p.discussed, p.meeting) => {
                    p.ticked = p.ticked.max(b.ticked);
                }
                None if p.ticked.is_some() || !p.discussed => {}
                _ => {
                    let v = if own {
                        version
                    } else {
                        self.clock.tick(self.now)
                    };
                    p.ticked = Some(Stamp { version: v, by });
                }
            }
        }
        if !own {
            // A partner's record changes here only in what is ours on it
            // (ticks, private notes): it keeps their version.
            record.meta_mut().version = version;
            return None;
        }
        record.meta_mut().version = version;
        let was_shared = old.is_some_and(|o| o.meta().visibility == Visibility::Shared);
        (was_shared && record.meta().visibility != Visibility::Shared).then(|| Tombstone {
            id: record.meta().id,
            author: record.meta().author,
            version,
            pair: record.meta().pair,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_entries_come_back_as_written() {
        let mut chunk = Vec::new();
        encode_undo(&mut chunk, "goal/x/by", &[1, 2, 0xff, 0], Some(b"old"));
        encode_undo(&mut chunk, "id-ranges", &[9], None);
        let mut got = Vec::new();
        decode_undo(&chunk, |t, k, o| {
            got.push((t.to_string(), k.to_vec(), o.map(<[u8]>::to_vec)))
        })
        .unwrap();
        assert_eq!(
            got,
            vec![
                (
                    "goal/x/by".into(),
                    vec![1, 2, 0xff, 0],
                    Some(b"old".to_vec())
                ),
                ("id-ranges".into(), vec![9], None),
            ]
        );
        let first = 4 + 9 + 4 + 4 + 1 + 4 + 3;
        for cut in (1..chunk.len()).filter(|&c| c != first) {
            assert_eq!(decode_undo(&chunk[..cut], |_, _, _| {}), None, "{cut}");
        }
    }
}
