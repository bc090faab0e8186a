//! Share bundles: what one person of a pair shares, in one file for the
//! other. A bundle is untrusted input: every size is checked before anything
//! is allocated, the body carries a checksum, and an import is all or nothing.
//!
//! ```text
//! offset  size  field
//!      0     8  magic "TANDEMSB"
//!      8     2  format version, big-endian (3)
//!     10     8  body length, big-endian
//!     18     4  CRC-32 of the body, big-endian
//!     22     …  body: the codec's encoding of {from, exported, records,
//!               ticks, gone, points}
//! ```
//!
//! A bundle is for one pair: it carries the sender's shared records that
//! concern that pair whole, their ticks on actions they own in the
//! receiver's meetings (the action named by a checksum of its text, never
//! its words), their ticks on the receiver's talking points, and the
//! tombstones of what they deleted or made private (id and version only).
//! A mentor's bundle for one mentee never holds what concerns another.
//! Formats 1 (records only, without versions) and 2 (without pairs and
//! talking points) are still read.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Id, Origin, Profile, Stamp, Tombstone, Visibility};
use crate::store::codec::{self, MAX_BUNDLE_BYTES};
use crate::store::{AnyRecord, Change, Store, StoreError};

pub const MAGIC: &[u8; 8] = b"TANDEMSB";
/// The bundle format this build writes and reads.
pub const VERSION: u16 = 3;
/// A bundle holds at most this many records.
pub const MAX_RECORDS: usize = 200_000;
const HEADER_LEN: usize = 8 + 2 + 8 + 4;

#[derive(Serialize, Deserialize)]
struct Body {
    from: Profile,
    exported: DateTime<Utc>,
    records: Vec<AnyRecord>,
    ticks: Vec<Tick>,
    gone: Vec<Tombstone>,
    points: Vec<PointTick>,
}

/// A bundle of format 2.
#[derive(Deserialize)]
struct BodyV2 {
    from: Profile,
    exported: DateTime<Utc>,
    records: Vec<crate::store::legacy::AnyRecordV2>,
    ticks: Vec<Tick>,
    gone: Vec<crate::store::legacy::TombstoneV2>,
}

/// A bundle of format 1.
#[derive(Deserialize)]
struct BodyV1 {
    from: Profile,
    exported: DateTime<Utc>,
    records: Vec<crate::store::legacy::AnyRecordV1>,
}

/// The sender ticked (or unticked) an action they own on a meeting of
/// someone else's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tick {
    /// The meeting.
    pub record: Id,
    /// The action's [key](crate::domain::AgreedAction::key).
    pub action: u32,
    pub done: bool,
    pub stamp: Stamp,
}

/// The sender ticked (or unticked) a talking point of someone else's as
/// discussed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointTick {
    pub point: Id,
    pub discussed: bool,
    /// The meeting it was discussed at.
    pub meeting: Option<Id>,
    pub stamp: Stamp,
}

/// A decoded, checked bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    /// Whose records these are.
    pub from: Profile,
    pub exported: DateTime<Utc>,
    pub records: Vec<AnyRecord>,
    pub ticks: Vec<Tick>,
    pub gone: Vec<Tombstone>,
    pub points: Vec<PointTick>,
}

/// Why a file is not a bundle this build can import. Nothing is imported.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BundleError {
    #[error("it is not a tandem share bundle")]
    NotABundle,
    #[error(
        "it is a share bundle of format {found}; this build reads format {VERSION} and older — update tandem"
    )]
    NewerVersion { found: u16 },
    #[error("it is truncated: the body should have {expected} bytes, the file has {found}")]
    Truncated { expected: u64, found: u64 },
    #[error("it has {found} bytes after the body where there should be none")]
    TrailingData { found: u64 },
    #[error("its body would be {len} bytes, more than a bundle may hold ({MAX_BUNDLE_BYTES})")]
    TooLarge { len: u64 },
    #[error("it is corrupted: the checksum of its body does not match")]
    Checksum,
    /// The checksum matches but the body does not decode: what is wrong, in
    /// words.
    #[error("it is damaged: {0}")]
    Malformed(String),
    #[error("it holds {0} records, more than a bundle may ({MAX_RECORDS})")]
    TooManyRecords(usize),
    #[error("record {0} in it is not by the bundle's author")]
    ForeignRecord(Id),
    #[error("record {0} in it is private, and private records are never shared")]
    PrivateRecord(Id),
    #[error("the {kind} {id} in it is invalid: {problem}")]
    Invalid {
        kind: &'static str,
        id: Id,
        problem: String,
    },
    #[error("the id {0} appears twice in it")]
    DuplicateId(Id),
    #[error("the meeting {0} in it carries private notes, and private notes are never shared")]
    PrivateNotes(Id),
    #[error("a tick or tombstone in it is not by the bundle's author")]
    ForeignPart,
}

/// What one person sends their partner.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shared {
    pub records: Vec<AnyRecord>,
    pub ticks: Vec<Tick>,
    pub gone: Vec<Tombstone>,
    pub points: Vec<PointTick>,
}

impl From<Vec<AnyRecord>> for Shared {
    fn from(records: Vec<AnyRecord>) -> Shared {
        Shared {
            records,
            ..Shared::default()
        }
    }
}

/// Writes a bundle of what `from` shares.
pub fn encode(
    from: &Profile,
    shared: Shared,
    exported: DateTime<Utc>,
) -> Result<Vec<u8>, codec::CodecError> {
    let body = codec::encode_bundle(&Body {
        from: from.clone(),
        exported,
        records: shared.records,
        ticks: shared.ticks,
        gone: shared.gone,
        points: shared.points,
    })?;
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_be_bytes());
    out.extend_from_slice(&(body.len() as u64).to_be_bytes());
    out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// Reads and checks a bundle. Never panics and never allocates more than
/// the limits, whatever the bytes.
pub fn decode(bytes: &[u8]) -> Result<Bundle, BundleError> {
    if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
        return Err(BundleError::NotABundle);
    }
    let version = u16::from_be_bytes([bytes[8], bytes[9]]);
    if version > VERSION {
        return Err(BundleError::NewerVersion { found: version });
    }
    if version == 0 {
        return Err(BundleError::NotABundle);
    }
    let len = u64::from_be_bytes(
        bytes[10..18]
            .try_into()
            .map_err(|_| BundleError::NotABundle)?,
    );
    if len > MAX_BUNDLE_BYTES as u64 {
        return Err(BundleError::TooLarge { len });
    }
    let body = &bytes[HEADER_LEN..];
    let found = body.len() as u64;
    if found < len {
        return Err(BundleError::Truncated {
            expected: len,
            found,
        });
    }
    if found > len {
        return Err(BundleError::TrailingData { found: found - len });
    }
    let crc = u32::from_be_bytes(
        bytes[18..22]
            .try_into()
            .map_err(|_| BundleError::NotABundle)?,
    );
    if crc32fast::hash(body) != crc {
        return Err(BundleError::Checksum);
    }
    let malformed = |e: codec::CodecError| BundleError::Malformed(damage(&e));
    let body: Body = if version == 1 {
        let old: BodyV1 = codec::decode_bundle_old(body, codec::FORMAT_1).map_err(malformed)?;
        Body {
            from: old.from,
            exported: old.exported,
            records: old.records.into_iter().map(AnyRecord::from).collect(),
            ticks: Vec::new(),
            gone: Vec::new(),
            points: Vec::new(),
        }
    } else if version == 2 {
        let old: BodyV2 = codec::decode_bundle_old(body, codec::FORMAT_2).map_err(malformed)?;
        Body {
            from: old.from,
            exported: old.exported,
            records: old.records.into_iter().map(AnyRecord::from).collect(),
            ticks: old.ticks,
            gone: old.gone.into_iter().map(Tombstone::from).collect(),
            points: Vec::new(),
        }
    } else {
        codec::decode_bundle(body).map_err(|e| BundleError::Malformed(damage(&e)))?
    };
    check(&body)?;
    Ok(Bundle {
        from: body.from,
        exported: body.exported,
        records: body.records,
        ticks: body.ticks,
        gone: body.gone,
        points: body.points,
    })
}

/// What is wrong with a body that does not decode, in words.
fn damage(e: &codec::CodecError) -> String {
    use codec::CodecError;
    match e {
        CodecError::Empty => "its body is empty".to_string(),
        CodecError::UnknownFormat { found } => format!(
            "its body is in a format this build does not know ({found}); if it comes from a newer \
             tandem, update tandem"
        ),
        CodecError::TrailingBytes(1) => "its body has 1 byte after its end".to_string(),
        CodecError::TrailingBytes(n) => format!("its body has {n} bytes after its end"),
        CodecError::Malformed(problem) => match problem {
            codec::Problem::EndsEarly => "its body ends early",
            codec::Problem::TooLarge => "its body says it holds more than a bundle may",
            codec::Problem::NotUtf8 => "it holds text that is not valid UTF-8",
            codec::Problem::BadValue => "it holds a value that no tandem record can have",
        }
        .to_string(),
        CodecError::Encode(_) => "its body cannot be read".to_string(),
    }
}

fn check(body: &Body) -> Result<(), BundleError> {
    body.from.validate().map_err(|e| BundleError::Invalid {
        kind: "profile",
        id: body.from.id,
        problem: e.to_string(),
    })?;
    let parts = body.records.len() + body.ticks.len() + body.gone.len() + body.points.len();
    if parts > MAX_RECORDS {
        return Err(BundleError::TooManyRecords(parts));
    }
    if body.ticks.iter().any(|t| t.stamp.by != body.from.id)
        || body.points.iter().any(|t| t.stamp.by != body.from.id)
        || body.gone.iter().any(|g| g.author != body.from.id)
    {
        return Err(BundleError::ForeignPart);
    }
    let mut seen = HashSet::new();
    for r in &body.records {
        let meta = r.meta();
        if meta.author != body.from.id {
            return Err(BundleError::ForeignRecord(meta.id));
        }
        if meta.visibility != Visibility::Shared {
            return Err(BundleError::PrivateRecord(meta.id));
        }
        if let AnyRecord::Journal(e) = r
            && !e.private_notes.is_empty()
        {
            return Err(BundleError::PrivateNotes(meta.id));
        }
        r.validate().map_err(|e| BundleError::Invalid {
            kind: r.kind().noun(),
            id: meta.id,
            problem: e.to_string(),
        })?;
        if !seen.insert(meta.id) {
            return Err(BundleError::DuplicateId(meta.id));
        }
    }
    Ok(())
}

/// Everything `me` shares with the pair of `to` (a mentor's mentee; None:
/// the user's one pair): their shared records that concern it (changed on
/// or after `since`; all when None) without private notes, their ticks on
/// actions they own in the partner's meetings and on the partner's talking
/// points, and their tombstones.
pub fn shared(
    store: &Store,
    me: &Profile,
    to: Option<Id>,
    since: Option<DateTime<Utc>>,
) -> Result<Shared, StoreError> {
    let snap = store.snapshot()?;
    // Shared records never mention a private one: a check-in's line about a
    // private goal, and links to private goals, are left out.
    let private_goals: HashSet<Id> = snap
        .goals
        .iter()
        .filter(|g| g.meta.author == me.id && g.meta.visibility != Visibility::Shared)
        .map(|g| g.meta.id)
        .collect();
    let records = snap
        .records()
        .filter(|r| r.meta().author == me.id && r.meta().visibility == Visibility::Shared)
        .filter(|r| r.meta().in_pair(me.id, to))
        .filter(|r| since.is_none_or(|s| r.meta().updated >= s))
        .map(|mut r| {
            match &mut r {
                AnyRecord::CheckIn(c) => c.goals.retain(|l| !private_goals.contains(&l.goal)),
                AnyRecord::Journal(e) => {
                    e.goals.retain(|g| !private_goals.contains(g));
                    e.private_notes.clear();
                }
                AnyRecord::Reflection(x) => x.goal = x.goal.filter(|g| !private_goals.contains(g)),
                _ => {}
            }
            r
        })
        .collect();
    let partners: HashSet<Id> = snap
        .profiles
        .iter()
        .filter(|p| p.origin == Origin::Partner)
        .filter(|p| to.is_none_or(|t| t == p.id))
        .map(|p| p.id)
        .collect();
    let ticks = snap
        .journal
        .iter()
        .filter(|e| partners.contains(&e.meta.author))
        .flat_map(|e| {
            e.actions.iter().filter_map(move |a| {
                let stamp = a.ticked.filter(|t| t.by == me.id)?;
                Some(Tick {
                    record: e.meta.id,
                    action: a.key(),
                    done: a.done,
                    stamp,
                })
            })
        })
        .collect();
    let points = snap
        .points
        .iter()
        .filter(|p| partners.contains(&p.meta.author))
        .filter_map(|p| {
            let stamp = p.ticked.filter(|t| t.by == me.id)?;
            Some(PointTick {
                point: p.meta.id,
                discussed: p.discussed,
                meeting: p.meeting,
                stamp,
            })
        })
        .collect();
    let gone = store
        .tombstones()?
        .into_iter()
        .filter(|t| t.author == me.id)
        .filter(|t| to.is_none() || t.pair.is_none_or(|p| Some(p) == to))
        .collect();
    Ok(Shared {
        records,
        ticks,
        gone,
        points,
    })
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Records whose id belongs to someone else here: left alone.
    pub rejected: usize,
    /// Ticks of the partner's on actions in meetings here.
    pub ticks: usize,
    /// Records the partner deleted or made private, removed here.
    pub removed: usize,
}

/// Why an import was refused. Nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("this bundle is your own ({0}): import it on your partner's machine")]
    OwnBundle(String),
    #[error(
        "this bundle comes from {from} ({about}), who is not your partner here{known}; if that is right, import it again with --accept-new-partner"
    )]
    NewPartner {
        from: String,
        /// Their role and what the bundle holds: "mentor; 3 goals, 12 meetings".
        about: String,
        known: String,
    },
    #[error(
        "this bundle says it comes from {from}, but it is not the {from} whose bundles you imported before (the profile's id differs): someone else may be using the name. If {from} has started tandem afresh, import it again with --accept-new-partner"
    )]
    NameTaken { from: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Merges a partner's bundle into the store in one commit: records matched
/// by id, the later change kept, the partner's profile stored as a partner
/// (read-only here). The same bundle twice changes nothing.
pub fn import(
    store: &Store,
    me: &Profile,
    bundle: &Bundle,
    accept_new_partner: bool,
) -> Result<ImportReport, ImportError> {
    let from = &bundle.from;
    if from.id == me.id {
        return Err(ImportError::OwnBundle(crate::text::one_line(
            &from.name, 60,
        )));
    }
    let profiles = store.profiles()?;
    let partners: Vec<&Profile> = profiles
        .iter()
        .filter(|p| p.origin == Origin::Partner)
        .collect();
    // A partner is known by their profile's id, never by name: the first
    // bundle from anyone asks first.
    let known_partner = partners.iter().any(|p| p.id == from.id);
    if !known_partner && !accept_new_partner {
        let name = crate::text::one_line(&from.name, 60);
        if partners
            .iter()
            .any(|p| p.name.trim().eq_ignore_ascii_case(from.name.trim()))
        {
            return Err(ImportError::NameTaken { from: name });
        }
        let names = |ps: &[&Profile]| {
            ps.iter()
                .map(|p| crate::text::one_line(&p.name, 60))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let known = match (partners.first(), me.partner.as_deref()) {
            // A mentor takes on mentees one bundle at a time.
            (Some(_), _) if me.role == crate::domain::Role::Mentor => {
                format!(" yet (your mentees: {})", names(&partners))
            }
            (Some(p), _) => format!(" (your partner is {})", crate::text::one_line(&p.name, 60)),
            (None, Some(n)) if n.trim().eq_ignore_ascii_case(from.name.trim()) => {
                " yet (your profile names them as your partner)".to_string()
            }
            (None, Some(n)) => format!(
                " (your profile names {} as your partner)",
                crate::text::one_line(n, 60)
            ),
            (None, None) => " (your profile names no partner)".to_string(),
        };
        return Err(ImportError::NewPartner {
            from: name,
            about: holds(bundle),
            known,
        });
    }
    let mut report = ImportReport::default();
    let mut changes = Vec::new();
    let mut partner = from.clone();
    partner.origin = Origin::Partner;
    match profiles.iter().find(|p| p.id == from.id) {
        // An older bundle never takes back a newer profile.
        Some(old) if *old == partner || old.updated >= partner.updated => {}
        _ => changes.push(Change::Profile(partner)),
    }
    let mut latest = crate::domain::Version::default();
    for record in &crate::store::one_checkin_per_week(bundle.records.clone()) {
        let meta = record.meta();
        latest = latest.max(meta.version);
        // Deleted or made private since: an older copy never comes back.
        if store
            .tombstone(meta.id)?
            .is_some_and(|t| t.version >= meta.version)
        {
            report.unchanged += 1;
            continue;
        }
        if let Some(rival) = store.week_rival(record)? {
            if (rival.meta.version, rival.meta.id) >= (meta.version, meta.id) {
                report.unchanged += 1;
            } else {
                report.updated += 1;
                changes.push(Change::Delete(rival.meta.id));
                changes.push(Change::Import(record.clone()));
            }
            continue;
        }
        match store.get_any(meta.id)? {
            Some(existing) if existing.meta().author != from.id => report.rejected += 1,
            Some(existing) => {
                let merged = AnyRecord::merge(&existing, record);
                if merged == existing {
                    report.unchanged += 1;
                } else {
                    report.updated += 1;
                    changes.push(Change::Import(merged));
                }
            }
            None => {
                report.new += 1;
                changes.push(Change::Import(record.clone()));
            }
        }
    }
    // Ticks on meetings here: only on an action the sender owns (or on
    // their own meeting, which came whole above).
    let mut ticked: std::collections::HashMap<Id, crate::domain::JournalEntry> = Default::default();
    for tick in &bundle.ticks {
        latest = latest.max(tick.stamp.version);
        let entry = match ticked.entry(tick.record) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                match store.get::<crate::domain::JournalEntry>(tick.record)? {
                    Some(e) => slot.insert(e),
                    None => continue,
                }
            }
        };
        let owned = entry
            .actions
            .iter()
            .find(|a| a.key() == tick.action)
            .is_some_and(|a| a.is_owned_by(entry.meta.author, from.id));
        if owned && entry.apply_tick(tick.action, tick.done, tick.stamp) {
            report.ticks += 1;
        }
    }
    for (id, entry) in ticked {
        if store.get::<crate::domain::JournalEntry>(id)?.as_ref() != Some(&entry) {
            changes.push(Change::Import(AnyRecord::Journal(entry)));
        }
    }
    // Ticks on talking points here: on the receiver's own points of the
    // sender's pair (the sender's own points came whole above).
    for tick in &bundle.points {
        latest = latest.max(tick.stamp.version);
        if let Some(mut point) = store.get::<crate::domain::TalkingPoint>(tick.point)?
            && point.meta.author == me.id
            && point.meta.pair.is_none_or(|p| p == from.id)
            && point.apply_tick(tick.discussed, tick.meeting, tick.stamp)
        {
            report.ticks += 1;
            changes.push(Change::Import(AnyRecord::Point(point)));
        }
    }
    for gone in &bundle.gone {
        latest = latest.max(gone.version);
        let known = store.tombstone(gone.id)?;
        if known.is_some_and(|t| t.version >= gone.version) {
            continue;
        }
        match store.get_any(gone.id)? {
            Some(r) if r.meta().author != from.id => continue,
            Some(r) if r.meta().version > gone.version => continue,
            Some(_) => report.removed += 1,
            None => {}
        }
        changes.push(Change::Forget(*gone));
    }
    changes.push(Change::Witness(latest));
    store.commit(changes)?;
    Ok(report)
}

/// Who a bundle's sender says they are and what it holds: "mentor; 3
/// goals, 12 meetings, 2 reflections".
fn holds(bundle: &Bundle) -> String {
    use crate::domain::Kind;
    let mut counts: Vec<(Kind, usize)> = Vec::new();
    for r in &bundle.records {
        match counts.iter_mut().find(|(k, _)| *k == r.kind()) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.kind(), 1)),
        }
    }
    let what: Vec<String> = counts
        .iter()
        .map(|(kind, n)| {
            let (one, many) = match kind {
                Kind::Goal => ("goal", "goals"),
                Kind::Journal => ("meeting", "meetings"),
                Kind::Reflection => ("reflection", "reflections"),
                Kind::Consultation => ("event", "events"),
                Kind::CheckIn => ("check-in", "check-ins"),
                Kind::Point => ("talking point", "talking points"),
            };
            format!("{n} {}", if *n == 1 { one } else { many })
        })
        .collect();
    let role = bundle.from.role.label();
    if what.is_empty() {
        format!("{role}; nothing shared yet")
    } else {
        format!("{role}; {}", what.join(", "))
    }
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} new, {} updated, {} unchanged, {} rejected",
            self.new, self.updated, self.unchanged, self.rejected
        )?;
        if self.ticks > 0 {
            write!(f, ", {} ticked", self.ticks)?;
        }
        if self.removed > 0 {
            write!(f, ", {} removed", self.removed)?;
        }
        Ok(())
    }
}

/// Bundle files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = MAX_BUNDLE_BYTES as u64 + HEADER_LEN as u64;

/// Writes everything `me` shared (changed since `since`, if given) to the
/// bundle file `path`; returns how many records went in.
pub fn export_to(
    store: &Store,
    me: &Profile,
    to: Option<Id>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    path: &std::path::Path,
) -> Result<usize, String> {
    let shared = shared(store, me, to, since).map_err(|e| e.to_string())?;
    let count = shared.records.len();
    // Encoding records in memory fails only on a value serde cannot write;
    // the encoder's message is Rust's debug notation.
    let bytes = encode(me, shared, now)
        .map_err(|_| "the shared records could not be written as a bundle".to_string())?;
    // Never write what no tandem would import.
    let body = (bytes.len() - HEADER_LEN) as u64;
    if count > MAX_RECORDS || body > MAX_BUNDLE_BYTES as u64 {
        return Err(format!(
            "what you share is too much for one bundle ({count} records, {}; a bundle holds at \
             most {MAX_RECORDS} records and {}): share what changed since a date with --since",
            crate::store::size(body),
            crate::store::size(MAX_BUNDLE_BYTES as u64),
        ));
    }
    super::write_file_atomically(path, &bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    // What the partner may hold from now on: everything up to this version.
    let clock = store.clock().map_err(|e| e.to_string())?;
    store
        .set_setting(&last_shared(to), &clock.last.0.to_be_bytes())
        .map_err(|e| e.to_string())?;
    Ok(count)
}

/// The setting that holds the clock's version when a bundle for the pair
/// of `to` was last written.
fn last_shared(to: Option<Id>) -> String {
    match to {
        None => "last-shared".to_string(),
        Some(id) => format!("last-shared:{id}"),
    }
}

/// Whether the partner may hold `record`: it is shared and a bundle for
/// its pair was written since its last change.
pub fn partner_may_have(store: &Store, record: &AnyRecord) -> Result<bool, StoreError> {
    if record.meta().visibility != Visibility::Shared {
        return Ok(false);
    }
    let version = |key: &str| -> Result<Option<u64>, StoreError> {
        Ok(store
            .setting(key)?
            .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
            .map(u64::from_be_bytes))
    };
    let mut last = version(&last_shared(None))?;
    if let Some(pair) = record.meta().pair {
        last = last.max(version(&last_shared(Some(pair)))?);
    }
    Ok(last.is_some_and(|v| record.meta().version.0 <= v))
}

/// Why a bundle file was not imported. Nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file cannot be read, is too large, or is not a good bundle.
    #[error("{0}")]
    File(String),
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// Reads, checks and imports the bundle file at `path`; returns what the
/// import did and whose bundle it was.
pub fn import_from(
    store: &Store,
    me: &Profile,
    path: &std::path::Path,
    accept_new_partner: bool,
) -> Result<(ImportReport, Profile), FileError> {
    let meta = std::fs::metadata(path).map_err(|e| FileError::File(e.to_string()))?;
    if !meta.is_file() {
        return Err(FileError::File("it is not a file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(FileError::File(format!(
            "it is larger than a bundle may be ({} MiB)",
            MAX_FILE_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| FileError::File(e.to_string()))?;
    let bundle = decode(&bytes).map_err(|e| FileError::File(e.to_string()))?;
    let report = import(store, me, &bundle, accept_new_partner)?;
    Ok((report, bundle.from))
}
