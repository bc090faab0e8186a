//! The JSON export: the whole store, lossless, with a format version.
//!
//! `export → import into an empty store → export` gives the same bytes:
//! profiles and records are written in id order and nothing in the file
//! depends on when it was written.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::domain::{CheckIn, Consultation, Goal, Id, JournalEntry, Profile, Record, Reflection};
use crate::store::Snapshot;

/// What the `format` field of an export says.
pub const FORMAT: &str = "tandem-export";
/// The export version this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Document {
    format: String,
    version: u32,
    default_profile: Option<Id>,
    profiles: Vec<Profile>,
    goals: Vec<Goal>,
    journal: Vec<JournalEntry>,
    reflections: Vec<Reflection>,
    consultations: Vec<Consultation>,
    checkins: Vec<CheckIn>,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

/// Why a file cannot be imported. Nothing is imported when any of these occur.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("it is not valid JSON ({0})")]
    NotJson(String),
    #[error("it is not a tandem export (its \"format\" is not \"{FORMAT}\")")]
    NotAnExport,
    #[error(
        "it is a tandem export of version {found}; this build reads version {VERSION} and older — update tandem"
    )]
    NewerVersion { found: u32 },
    #[error("it does not have the shape of a version {VERSION} export ({0})")]
    Shape(String),
    #[error("the {kind} {id} in it is invalid: {problem}")]
    InvalidRecord {
        kind: &'static str,
        id: Id,
        problem: String,
    },
    #[error("the id {0} appears more than once in it")]
    DuplicateId(Id),
    #[error("the record {id} in it names an author ({author}) that is not among its profiles")]
    UnknownAuthor { id: Id, author: Id },
}

/// The store's contents as a JSON document (pretty, ending in a newline).
pub fn to_json(snap: &Snapshot) -> String {
    let doc = Document {
        format: FORMAT.to_string(),
        version: VERSION,
        default_profile: snap.default_profile,
        profiles: snap.profiles.clone(),
        goals: snap.goals.clone(),
        journal: snap.journal.clone(),
        reflections: snap.reflections.clone(),
        consultations: snap.consultations.clone(),
        checkins: snap.checkins.clone(),
    };
    let mut text =
        serde_json::to_string_pretty(&doc).expect("domain records always serialize to JSON");
    text.push('\n');
    text
}

/// Reads and checks an export: its format and version, every record's rules,
/// unique ids and known authors (`known_profiles`: those already in the
/// store). Returns the records sorted as an export writes them.
pub fn from_json(text: &str, known_profiles: &[Id]) -> Result<Snapshot, ImportError> {
    let not_json = |e: serde_json::Error| ImportError::NotJson(e.to_string());
    let header: Header = serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ImportError::NotAnExport,
        _ => not_json(e),
    })?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(ImportError::NotAnExport);
    }
    match header.version {
        Some(v) if v > VERSION => return Err(ImportError::NewerVersion { found: v }),
        Some(_) => {}
        None => return Err(ImportError::Shape("it has no version".to_string())),
    }
    let doc: Document =
        serde_json::from_str(text).map_err(|e| ImportError::Shape(e.to_string()))?;
    let mut snap = Snapshot {
        default_profile: doc.default_profile,
        profiles: doc.profiles,
        goals: doc.goals,
        journal: doc.journal,
        reflections: doc.reflections,
        consultations: doc.consultations,
        checkins: doc.checkins,
    };
    let mut seen = HashSet::new();
    let mut authors: HashSet<Id> = known_profiles.iter().copied().collect();
    for p in &snap.profiles {
        p.validate().map_err(|e| ImportError::InvalidRecord {
            kind: "profile",
            id: p.id,
            problem: e.to_string(),
        })?;
        if !seen.insert(p.id) {
            return Err(ImportError::DuplicateId(p.id));
        }
        authors.insert(p.id);
    }
    for record in snap.records() {
        let meta = record.meta();
        record.validate().map_err(|e| ImportError::InvalidRecord {
            kind: record.kind().noun(),
            id: meta.id,
            problem: e.to_string(),
        })?;
        if !seen.insert(meta.id) {
            return Err(ImportError::DuplicateId(meta.id));
        }
        if !authors.contains(&meta.author) {
            return Err(ImportError::UnknownAuthor {
                id: meta.id,
                author: meta.author,
            });
        }
    }
    if let Some(d) = snap.default_profile
        && !authors.contains(&d)
    {
        return Err(ImportError::Shape(format!(
            "its default profile {d} is not among its profiles"
        )));
    }
    snap.profiles.sort_by_key(|p| p.id);
    sort_by_id(&mut snap.goals);
    sort_by_id(&mut snap.journal);
    sort_by_id(&mut snap.reflections);
    sort_by_id(&mut snap.consultations);
    sort_by_id(&mut snap.checkins);
    Ok(snap)
}

fn sort_by_id<R: Record>(records: &mut [R]) {
    records.sort_by_key(|r| r.meta().id);
}
