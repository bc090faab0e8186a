//! The JSON export: the whole store, lossless, with a format version.
//!
//! `export → import into an empty store → export` gives the same bytes:
//! profiles and records are written in id order and nothing in the file
//! depends on when it was written.

use std::collections::HashSet;
use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::domain::{
    CheckIn, Consultation, Goal, Id, JournalEntry, Profile, Record, Reflection, TalkingPoint,
};
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
    /// Talking points (since export version 1 of this build; none before).
    #[serde(default)]
    points: Vec<TalkingPoint>,
}

/// The fields that say what a file is, read before the rest, whatever
/// their types, so that a wrong one is named as such. Only an object is a
/// header (serde would read a struct from an array too).
#[derive(Default)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

impl<'de> Deserialize<'de> for Header {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Header, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = Header;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Header, A::Error> {
                let mut header = Header::default();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "format" => header.format = map.next_value()?,
                        "version" => header.version = map.next_value()?,
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(header)
            }
        }
        d.deserialize_map(Fields)
    }
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
    NewerVersion { found: u64 },
    #[error(
        "it says it is a tandem export of version 0, and there is no such version (versions start at 1): \
         it was changed by hand or damaged; export it again from the tandem it came from"
    )]
    VersionZero,
    #[error(
        "its \"version\" is not a version number (a whole number from 1): it was changed by hand or \
         damaged; export it again from the tandem it came from"
    )]
    BadVersion,
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
        points: snap.points.clone(),
    };
    let mut text = to_string_pretty(&doc).expect("domain records always serialize to JSON");
    text.push('\n');
    text
}

/// `value` as pretty JSON, as tandem prints and writes all its JSON: like
/// `serde_json::to_string_pretty`, but with every character a terminal would
/// act on or draw misleadingly written as a `\uXXXX` escape (see
/// [`escapes`]), so that a file or `--json` output shown in a terminal is
/// never driven or reordered by the text it holds. Any JSON reader reads the
/// same text back.
///
/// ```
/// let json = tandem::exchange::json::to_string_pretty("a\u{202e}b\u{9b}").unwrap();
/// assert_eq!(json, r#""a\u202eb\u009b""#);
/// ```
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(128);
    let mut ser =
        serde_json::Serializer::with_formatter(&mut out, Escaping(PrettyFormatter::new()));
    value.serialize(&mut ser)?;
    // Only whole UTF-8 strings and ASCII are ever written.
    String::from_utf8(out).map_err(|e| serde_json::Error::io(std::io::Error::other(e)))
}

/// The characters JSON written by tandem escapes beyond what JSON requires
/// (serde_json already escapes `"`, `\` and U+0000–U+001F): DEL, the C1
/// controls (U+0080–U+009F, among them CSI), the bidirectional controls
/// (which make text read in another order than it is stored) and the line
/// and paragraph separators (which JavaScript reads as line ends).
pub fn escapes(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}') || crate::text::is_bidi_control(c)
}

/// serde_json's pretty output, escaping [`escapes`] characters too.
struct Escaping(PrettyFormatter<'static>);

impl Formatter for Escaping {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if escapes(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // The layout is the pretty formatter's.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
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
    if header.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ImportError::NotAnExport);
    }
    match header.version.as_ref().map(|v| v.as_u64()) {
        Some(Some(0)) => return Err(ImportError::VersionZero),
        Some(Some(v)) if v > u64::from(VERSION) => {
            return Err(ImportError::NewerVersion { found: v });
        }
        Some(Some(_)) => {}
        Some(None) => return Err(ImportError::BadVersion),
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
        points: doc.points,
    };
    // An export from before versions: each record's is its last change.
    fill_versions(&mut snap.goals);
    fill_versions(&mut snap.reflections);
    fill_versions(&mut snap.consultations);
    fill_versions(&mut snap.checkins);
    for e in &mut snap.journal {
        if e.meta.version == Default::default() {
            e.meta.fill_version();
            let stamp = crate::domain::Stamp {
                version: e.meta.version,
                by: e.meta.author,
            };
            for a in e
                .actions
                .iter_mut()
                .filter(|a| a.done && a.ticked.is_none())
            {
                a.ticked = Some(stamp);
            }
        }
    }
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
    sort_by_id(&mut snap.points);
    Ok(snap)
}

fn fill_versions<R: Record>(records: &mut [R]) {
    for r in records {
        r.meta_mut().fill_version();
    }
}

fn sort_by_id<R: Record>(records: &mut [R]) {
    records.sort_by_key(|r| r.meta().id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_json_escapes_what_a_terminal_would_act_on_and_reads_back_the_same() {
        let every: String = ('\u{0}'..='\u{3000}').collect();
        let json = to_string_pretty(&every).unwrap();
        for c in json.chars() {
            assert!(
                !c.is_control() && !escapes(c),
                "U+{:04X} written raw",
                u32::from(c)
            );
        }
        assert!(json.contains(r"~\u007f\u0080") && json.contains("\\u009f\u{a0}"));
        assert!(json.contains(r"\u061c") && json.contains(r"\u200e\u200f"));
        assert!(json.contains(r"\u202a\u202b\u202c\u202d\u202e"));
        assert!(json.contains(r"\u2066\u2067\u2068\u2069"));
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), every);
        // Keys too, and the layout is serde_json's pretty one.
        let map = std::collections::BTreeMap::from([("k\u{202e}", vec![1, 2])]);
        assert_eq!(
            to_string_pretty(&map).unwrap(),
            "{\n  \"k\\u202e\": [\n    1,\n    2\n  ]\n}"
        );
        let plain = serde_json::json!({"a": [1, {"b": "写真 🎨"}], "c": {}, "d": []});
        assert_eq!(
            to_string_pretty(&plain).unwrap(),
            serde_json::to_string_pretty(&plain).unwrap()
        );
    }

    #[test]
    fn the_header_is_checked_and_named_in_words() {
        let doc = |format: &str, version: &str| {
            format!(r#"{{"format": {format}, "version": {version}, "profiles": []}}"#)
        };
        let err = |text: String| from_json(&text, &[]).err().unwrap().to_string();
        let zero = err(doc(r#""tandem-export""#, "0"));
        assert!(
            zero.contains("version 0") && zero.contains("start at 1"),
            "{zero}"
        );
        for bad in ["-1", "1.5", r#""1""#, "[1]"] {
            let e = err(doc(r#""tandem-export""#, bad));
            assert!(
                e.contains("\"version\" is not a version number"),
                "{bad}: {e}"
            );
        }
        let huge = err(doc(r#""tandem-export""#, "4294967296"));
        assert!(
            huge.contains("version 4294967296") && huge.contains("update"),
            "{huge}"
        );
        for format in [r#""other""#, "7", "null"] {
            assert!(err(doc(format, "1")).contains("not a tandem export"));
        }
        for other in ["[1, 2, 3]", r#"["tandem-export", 1]"#, "7", r#""text""#] {
            assert!(
                err(other.to_string()).contains("not a tandem export"),
                "{other}"
            );
        }
    }
}
