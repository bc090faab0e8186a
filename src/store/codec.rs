//! The one place that turns records into bytes and back (bincode 2, serde).
//!
//! Every stored value is one format byte followed by the bincode payload, so
//! that a later format can be told apart and migrated.
//!
//! Format 2 added a version to every record, a stamp to every agreed action
//! and private notes to meetings; format 3 the pair a record concerns, the
//! day a milestone was ticked, a mentor's lines about mentees and talking
//! points. Older values are still read (see [`decode_record`] and
//! `store::legacy`). Profiles are the same in all three.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The record format this build writes.
pub const RECORD_FORMAT: u8 = 3;
/// The format before records carried versions.
pub const FORMAT_1: u8 = 1;
/// The format before records carried their pair.
pub const FORMAT_2: u8 = 2;

/// A record larger than this is refused, so that a damaged length prefix can
/// never make the decoder allocate without bound.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_RECORD_BYTES>()
}

/// A share bundle's body may be this large: years of a pair's shared records.
pub const MAX_BUNDLE_BYTES: usize = 64 << 20;

fn bundle_config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_BUNDLE_BYTES>()
}

/// Encodes a share bundle's body (format byte, then bincode).
pub fn encode_bundle<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_with(value, bundle_config())
}

/// Decodes untrusted bundle bytes: never allocates more than
/// [`MAX_BUNDLE_BYTES`], never panics.
pub fn decode_bundle<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_with(bytes, bundle_config(), &[RECORD_FORMAT])
}

/// Decodes an untrusted bundle body written in the older `format` as its
/// old layout `Old`.
pub fn decode_bundle_old<Old: DeserializeOwned>(
    bytes: &[u8],
    format: u8,
) -> Result<Old, CodecError> {
    decode_with(bytes, bundle_config(), &[format])
}

fn encode_with<T: Serialize>(
    value: &T,
    config: impl bincode::config::Config,
) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![RECORD_FORMAT];
    bincode::serde::encode_into_std_write(value, &mut out, config)
        .map_err(|e| CodecError::Encode(e.to_string()))?;
    Ok(out)
}

/// The format byte (one of `formats`), then exactly one value.
fn decode_with<T: DeserializeOwned>(
    bytes: &[u8],
    config: impl bincode::config::Config,
    formats: &[u8],
) -> Result<T, CodecError> {
    let (&format, payload) = bytes.split_first().ok_or(CodecError::Empty)?;
    if !formats.contains(&format) {
        return Err(CodecError::UnknownFormat { found: format });
    }
    let (value, used) = bincode::serde::decode_from_slice(payload, config)
        .map_err(|e| CodecError::Malformed(problem(&e)))?;
    if used != payload.len() {
        return Err(CodecError::TrailingBytes(payload.len() - used));
    }
    Ok(value)
}

/// What is wrong with bytes that do not decode, in words. The decoder's own
/// text is Rust's debug notation ("UnexpectedEnd { additional: 1 }"), which
/// may also quote the bytes: only the kind of its error is used.
fn problem(e: &bincode::error::DecodeError) -> Problem {
    use bincode::error::DecodeError as E;
    match e {
        E::UnexpectedEnd { .. } => Problem::EndsEarly,
        E::LimitExceeded => Problem::TooLarge,
        E::Utf8 { .. } | E::InvalidCharEncoding(_) => Problem::NotUtf8,
        _ => Problem::BadValue,
    }
}

/// What is wrong with bytes that do not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("its bytes end early")]
    EndsEarly,
    #[error("it says it is larger than it may be")]
    TooLarge,
    #[error("it holds text that is not valid UTF-8")]
    NotUtf8,
    #[error("it holds a value no tandem record can have")]
    BadValue,
}

/// Why bytes could not be turned into a record (or a record into bytes).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("the record is empty")]
    Empty,
    #[error(
        "the record has format {found}, this build reads formats {FORMAT_1} to {RECORD_FORMAT}: it was written by a newer tandem"
    )]
    UnknownFormat { found: u8 },
    #[error("the record is malformed: {0}")]
    Malformed(Problem),
    #[error("the record has {0} bytes left over after its end")]
    TrailingBytes(usize),
    #[error("the record could not be encoded: {0}")]
    Encode(String),
}

/// Encodes `value` behind the current format byte.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_with(value, config())
}

/// Decodes a value written by [`encode`] whose layout is the same in every
/// format (a profile). Never panics, whatever the bytes.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_with(bytes, config(), &[FORMAT_1, FORMAT_2, RECORD_FORMAT])
}

/// Decodes a record that exists only in today's format.
pub fn decode_current<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_with(bytes, config(), &[RECORD_FORMAT])
}

/// Decodes a tombstone (format 2 as its old layout, without the pair).
pub fn decode_tombstone(bytes: &[u8]) -> Result<crate::domain::Tombstone, CodecError> {
    match bytes.first() {
        Some(&FORMAT_2) => decode_with(bytes, config(), &[FORMAT_2])
            .map(|old: crate::store::legacy::TombstoneV2| old.into()),
        _ => decode_current(bytes),
    }
}

/// Decodes a record: today's format as `T`, format 1 as its old layout
/// `V1` and format 2 as `V2`, brought to today's. Never panics, whatever
/// the bytes.
pub fn decode_record<T: DeserializeOwned, V1: DeserializeOwned, V2: DeserializeOwned>(
    bytes: &[u8],
    from_v1: impl FnOnce(V1) -> T,
    from_v2: impl FnOnce(V2) -> T,
) -> Result<T, CodecError> {
    match bytes.first() {
        Some(&FORMAT_1) => decode_with(bytes, config(), &[FORMAT_1]).map(from_v1),
        Some(&FORMAT_2) => decode_with(bytes, config(), &[FORMAT_2]).map(from_v2),
        _ => decode_with(bytes, config(), &[RECORD_FORMAT]),
    }
}
