//! Older stores are upgraded when they are opened, one schema at a time.
//!
//! Each step moves a store from one schema to the next and may be cut short
//! by a crash at any point: the schema number changes only once the step's
//! work is complete and flushed, doing a step again writes the same bytes,
//! and what the old schema kept is removed only after that (also on the
//! next open, if a crash came first).

use std::collections::HashMap;

use crate::domain::{AnyRecord, Id, JournalEntry, Kind};

use super::ids::{Bucket, Location, legacy, range_key};
use super::keys::{open_actions_tree, parse_v1_records_tree, record_key, records_tree};
use super::{Result, Store, hex, quarantine_key, space};

/// The tree schema 1 kept its ids in, one entry per id.
const V1_IDS: &str = "ids";

/// A step from one schema to the next.
type Step = fn(&Store) -> Result<()>;

/// Each step, by the schema it upgrades from.
const STEPS: &[(u32, Step)] = &[
    // 1 → 2: records under their list keys, ids in buckets, the index of
    // meetings with open actions.
    (1, Store::v1_to_v2),
    // 2 → 3: buckets of ids by range, split when they grow.
    (2, Store::v2_to_v3),
    // 3 → 4: records carry versions (format 2) and deletions leave
    // tombstones. Nothing to move: format 1 records are read as they are
    // and written in format 2 when they next change; the number keeps a
    // build that cannot read format 2 away from the store.
    (3, Store::v3_to_v4),
    // 4 → 5: records in format 3 carry the pair they concern, milestones
    // the day they were ticked, and talking points are a kind of record.
    // Format 2 records are read as they are; a mentor with one mentee has
    // their records marked as that pair's, so that a second mentee never
    // sees them.
    (4, Store::v4_to_v5),
];

impl Store {
    /// Brings a store of schema `found` to this build's schema, then removes
    /// what older schemas left behind.
    pub(super) fn upgrade(&self, found: u32) -> Result<()> {
        for &(from, step) in STEPS {
            if found <= from {
                step(self)?;
                self.flush()?;
                self.set_schema(from + 1)?;
            }
        }
        self.drop_old_trees()
    }

    /// Schema 1 → 2: the `ids` tree (one entry per id) becomes buckets of
    /// ids, each record moves from the tree keyed by id into the tree keyed
    /// by its record key (which schema 1 kept as an index with empty
    /// values), and meetings with open actions get their index. A record
    /// with no place in the `ids` tree goes to quarantine rather than being
    /// lost.
    fn v1_to_v2(&self) -> Result<()> {
        // The copy needs about as much room as the records take now.
        space::ensure_room(&self.dir, self.size_on_disk(), self.min_free_bytes)?;
        const BATCH: usize = 1_000;
        // Schema 1 ids are sorted by key, so each bucket comes in one piece.
        let old_ids = self.tree(V1_IDS)?;
        let buckets = self.tree(legacy::TREE)?;
        let mut locations: HashMap<Id, Location> = HashMap::new();
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
            let home = legacy::bucket_key(id);
            if current.as_ref().is_none_or(|(k, _)| *k != home)
                && let Some((k, bucket)) = current.replace((home, Bucket::default()))
            {
                batch.insert(&k, bucket.to_bytes());
            }
            if let Some((_, bucket)) = current.as_mut() {
                bucket.insert(id, location.clone());
            }
            locations.insert(id, location);
        }
        if let Some((k, bucket)) = current {
            batch.insert(&k, bucket.to_bytes());
        }
        buckets.apply_batch(batch).map_err(|e| self.err(e))?;
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
                let place = id.and_then(|id| {
                    locations
                        .get(&id)
                        .filter(|l| l.kind == kind && l.author == author)
                        .map(|l| record_key(&l.order, id))
                });
                match place {
                    Some(place) => {
                        let open_actions = kind == Kind::Journal
                            && <JournalEntry as super::Stored>::decode(&bytes)
                                .is_ok_and(|e| e.actions.iter().any(|a| !a.done));
                        if open_actions {
                            open_batch.insert(place.as_slice(), &[]);
                        }
                        batch.insert(place, bytes);
                    }
                    None => {
                        self.sled()
                            .quarantine
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
        Ok(())
    }

    /// Schema 2 → 3: the 4,096 buckets of ids chosen by their first twelve
    /// bits become buckets by range (each keyed by the last id it may
    /// hold), split where one had grown large. A damaged bucket is rebuilt
    /// from the records.
    fn v2_to_v3(&self) -> Result<()> {
        let old = self.tree(legacy::TREE)?;
        space::ensure_room(
            &self.dir,
            space::estimate(old.iter().flatten().map(|(_, v)| v.len() as u64).sum()),
            self.min_free_bytes,
        )?;
        self.sled().ids.clear().map_err(|e| self.err(e))?;
        let mut batch = sled::Batch::default();
        let mut damaged = Vec::new();
        for item in old.iter() {
            let (key, value) = item.map_err(|e| self.err(e))?;
            match (legacy::range_end(&key), Bucket::parse(&value)) {
                (Some(end), Some(bucket)) => {
                    for (last, piece) in bucket.into_ranges(end) {
                        batch.insert(range_key(last), piece.to_bytes());
                    }
                }
                _ => damaged.push((key, value)),
            }
        }
        self.sled()
            .ids
            .apply_batch(batch)
            .map_err(|e| self.err(e))?;
        if !damaged.is_empty() {
            for (key, value) in damaged {
                self.sled()
                    .quarantine
                    .insert(quarantine_key(legacy::TREE, &key), value)
                    .map_err(|e| self.err(e))?;
            }
            let _writing = self.writing();
            self.repair_ids(None)?;
        }
        Ok(())
    }

    /// Schema 3 → 4: see `STEPS`.
    fn v3_to_v4(&self) -> Result<()> {
        Ok(())
    }

    /// Schema 4 → 5: see `STEPS`.
    fn v4_to_v5(&self) -> Result<()> {
        use crate::domain::{CheckIn, Consultation, Goal, JournalEntry, Origin, Reflection, Role};
        let profiles = self.profiles()?;
        let mentees: Vec<Id> = profiles
            .iter()
            .filter(|p| p.origin == Origin::Partner && p.role == Role::Mentee)
            .map(|p| p.id)
            .collect();
        let [mentee] = mentees.as_slice() else {
            return Ok(());
        };
        let mut changes = Vec::new();
        for me in profiles
            .iter()
            .filter(|p| p.origin == Origin::Local && p.role == Role::Mentor)
        {
            let mut records: Vec<AnyRecord> = Vec::new();
            records.extend(self.all::<Goal>(me.id)?.into_iter().map(AnyRecord::Goal));
            records.extend(
                self.all::<JournalEntry>(me.id)?
                    .into_iter()
                    .map(AnyRecord::Journal),
            );
            records.extend(
                self.all::<Reflection>(me.id)?
                    .into_iter()
                    .map(AnyRecord::Reflection),
            );
            records.extend(
                self.all::<Consultation>(me.id)?
                    .into_iter()
                    .map(AnyRecord::Consultation),
            );
            records.extend(
                self.all::<CheckIn>(me.id)?
                    .into_iter()
                    .map(AnyRecord::CheckIn),
            );
            for mut r in records {
                if r.meta().pair.is_none() {
                    r.assign_pair(Some(*mentee));
                    if r.meta().pair.is_some() {
                        // Its version stays: nothing the partner sees changed.
                        changes.push(super::Change::Import(r));
                    }
                }
            }
        }
        self.commit(changes)
    }

    /// Removes the trees older schemas kept: schema 1's records and ids by
    /// id, schema 2's buckets of ids.
    fn drop_old_trees(&self) -> Result<()> {
        let names = self.sled().db.tree_names();
        let has = |name: &str| names.iter().any(|n| n.as_ref() == name.as_bytes());
        let mut old: Vec<String> = self.v1_trees().into_iter().map(|(n, _, _)| n).collect();
        old.extend(
            [V1_IDS, legacy::TREE]
                .into_iter()
                .filter(|n| has(n))
                .map(String::from),
        );
        for name in &old {
            self.sled().db.drop_tree(name).map_err(|e| self.err(e))?;
        }
        if old.is_empty() { Ok(()) } else { self.flush() }
    }

    /// The schema 1 trees of records by id still in the store.
    fn v1_trees(&self) -> Vec<(String, Kind, Id)> {
        self.sled()
            .db
            .tree_names()
            .into_iter()
            .filter_map(|name| {
                let name = String::from_utf8(name.to_vec()).ok()?;
                let (kind, author) = parse_v1_records_tree(&name)?;
                Some((name, kind, author))
            })
            .collect()
    }
}
