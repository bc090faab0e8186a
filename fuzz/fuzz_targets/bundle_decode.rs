//! Any bytes handed to the share-bundle decoder: it must never panic nor
//! allocate without bound, and a bundle it accepts must import into a fresh
//! store without error (or be refused, changing nothing).
//!
//! Run with `cargo fuzz run bundle_decode` from the crate's root.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tandem::domain::{Profile, Role};
use tandem::exchange::bundle;
use tandem::store::Store;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = bundle::decode(data) else { return };
    let dir = tempfile_dir();
    let store = Store::open(&dir).expect("a fresh store opens");
    let me = Profile::new("Fuzz", Role::Mentor, chrono::Utc::now());
    store.put_profile(&me).expect("profile");
    let before = store.snapshot().expect("snapshot");
    if bundle::import(&store, &me, &decoded, true).is_err() {
        assert_eq!(store.snapshot().expect("snapshot"), before, "a refused import changed the store");
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
});

fn tempfile_dir() -> std::path::PathBuf {
    let n: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    std::env::temp_dir().join(format!("tandem-fuzz-{}-{n}", std::process::id()))
}
