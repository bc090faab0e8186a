//! The one place that turns records into bytes and back (bincode 2, serde).
//!
//! Every stored value is one format byte followed by the bincode payload, so
//! that a later format can be told apart and migrated.
//!
//! Format 2 added a version to every record, a stamp to every agreed action
//! and private notes to meetings; format 1 values are still read (see
//! [`decode_record`] and `store::legacy`). Profiles are the same in both.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The record format this build writes.
pub const RECORD_FORMAT: u8 = 2;
/// The format before records carried versions.
pub const FORMAT_1: u8 = 1;

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

/// Decodes an untrusted bundle body written in format 1 as its old layout
/// `Old`.
pub fn decode_bundle_v1<Old: DeserializeOwned>(bytes: &[u8]) -> Result<Old, CodecError> {
    decode_with(bytes, bundle_config(), &[FORMAT_1])
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
    decode_with(bytes, config(), &[FORMAT_1, RECORD_FORMAT])
}

/// Decodes a record: format 2 as `T`, format 1 as its old layout `Old`,
/// brought to today's by `upgrade`. Never panics, whatever the bytes.
pub fn decode_record<T: DeserializeOwned, Old: DeserializeOwned>(
    bytes: &[u8],
    upgrade: impl FnOnce(Old) -> T,
) -> Result<T, CodecError> {
    match bytes.first() {
        Some(&FORMAT_1) => decode_with(bytes, config(), &[FORMAT_1]).map(upgrade),
        _ => decode_with(bytes, config(), &[RECORD_FORMAT]),
    }
}
