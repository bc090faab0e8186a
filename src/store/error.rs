//! What can go wrong with a store, in words that say what to do next.

use std::io;
use std::path::{Path, PathBuf};

use crate::domain::{Id, Kind};

use super::codec::CodecError;

/// " (pid N, in /dev/pts/3)": who holds a store, as far as is known.
fn holder_words(pid: Option<u32>, tty: Option<&str>) -> String {
    match (pid, tty) {
        (Some(p), Some(t)) => format!(" (pid {p}, in the terminal {t})"),
        (Some(p), None) => format!(" (pid {p})"),
        _ => String::new(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store at {} is in use by another tandem{}; close it and try again",
        dir.display(), holder_words(*pid, tty.as_deref()))]
    Locked {
        dir: PathBuf,
        pid: Option<u32>,
        /// The terminal the holder runs in, when it runs in one.
        tty: Option<String>,
    },

    #[error("the store at {} was written by a newer tandem (store schema {found}; this build reads \
             schema {supported} and older); update tandem to open it — nothing was changed",
        dir.display())]
    NewerSchema {
        dir: PathBuf,
        found: u32,
        supported: u32,
    },

    /// Opened with [`super::OpenOptions::create`] false where there is no store.
    #[error("no store at {}: create one with `tandem init --name NAME --role mentee|mentor` (or \
             point --store / TANDEM_STORE at an existing one)", path.display())]
    Missing { path: PathBuf },

    #[error("{} is not a directory: point --store (or TANDEM_STORE) at a directory", path.display())]
    NotADirectory { path: PathBuf },

    #[error("cannot write to {}: permission denied; fix its permissions or choose another --store",
        path.display())]
    NotWritable { path: PathBuf },

    #[error("the store directory {} can be read by other users (mode {mode:o}) and tandem cannot \
             change that: run `chmod 700 {}` as its owner, or choose another --store",
        path.display(), path.display())]
    OpenToOthers { path: PathBuf, mode: u32 },

    /// A bucket of ids that cannot be read (rebuilt from the records when met).
    #[error("the store's list of record ids is damaged")]
    DamagedIds { key: Vec<u8> },

    /// Refused before anything was written: `need` bytes (0 when not
    /// known) would not fit with the store's margin kept free.
    #[error("{}", disk_full(path, *need, *free))]
    DiskFull { path: PathBuf, need: u64, free: u64 },

    /// The disk filled up while sled was writing (another program took the
    /// space): the write was undone, or will be when the store next opens.
    #[error("the disk holding {} filled up while tandem was writing to it (another program \
             took the space); nothing of this change was kept: free some space and try again",
        path.display())]
    DiskFilled { path: PathBuf },

    #[error("the store at {} is damaged ({detail}); move it aside and import your last export",
        dir.display())]
    Corrupt { dir: PathBuf, detail: String },

    #[error("{} at {}: {source}", what, path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: io::Error,
    },

    #[error("storage error in {}: {detail}", dir.display())]
    Storage { dir: PathBuf, detail: String },

    #[error("a record could not be written: {0}")]
    Codec(#[from] CodecError),

    #[error("no {} with id '{prefix}'", kind.noun())]
    NotFound { kind: Kind, prefix: String },

    #[error("id '{prefix}' is ambiguous: it matches {}", candidates.join(", "))]
    Ambiguous {
        prefix: String,
        candidates: Vec<String>,
    },

    #[error("{0}")]
    BadId(#[from] crate::domain::IdError),

    #[error("record {id} belongs to another profile and cannot be moved")]
    AuthorChanged { id: Id },
}

impl StoreError {
    /// Classifies an I/O error met at `path`.
    pub fn io(what: &'static str, path: &Path, source: io::Error) -> StoreError {
        let path = path.to_path_buf();
        match source.kind() {
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::NotWritable { path }
            }
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => StoreError::DiskFull {
                free: super::space::free_bytes(&path).unwrap_or(0),
                path,
                need: 0,
            },
            io::ErrorKind::NotADirectory => StoreError::NotADirectory { path },
            _ => StoreError::Io { what, path, source },
        }
    }

    /// Classifies an error from sled in the store at `dir`.
    pub fn sled(dir: &Path, err: sled::Error) -> StoreError {
        match err {
            sled::Error::Io(e) if e.to_string().contains("could not acquire lock") => {
                StoreError::Locked {
                    dir: dir.to_path_buf(),
                    pid: None,
                    tty: None,
                }
            }
            sled::Error::Io(e) => StoreError::io("storage error", dir, e),
            sled::Error::Corruption { at, .. } => StoreError::Corrupt {
                dir: dir.to_path_buf(),
                detail: match at {
                    Some(at) => format!("corrupt data at {at}"),
                    None => "corrupt data".to_string(),
                },
            },
            other => StoreError::Storage {
                dir: dir.to_path_buf(),
                detail: other.to_string(),
            },
        }
    }
}

/// Sizes for people: "12.5 MiB", "300 KiB".
pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
    } else if bytes >= 1 << 10 {
        format!("{} KiB", bytes.div_ceil(1 << 10))
    } else {
        format!("{bytes} B")
    }
}

fn disk_full(path: &Path, need: u64, free: u64) -> String {
    let keep = super::space::MIN_FREE_BYTES >> 20;
    if need == 0 {
        format!(
            "the disk holding {} is full (tandem keeps {keep} MiB free so that the store stays \
             intact): free some space and try again",
            path.display()
        )
    } else {
        format!(
            "the disk holding {} is too full for this: it needs about {} and {} are free, and \
             tandem keeps {keep} MiB free so that the store stays intact; nothing was \
             changed: free some space and try again",
            path.display(),
            size(need),
            size(free),
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
