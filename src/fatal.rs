//! Leaving the process from anywhere, cleanly, when continuing would risk
//! the user's data: the store's watch over a write that the disk stopped
//! (see `store::guard`) cannot return to its caller, who is blocked inside
//! sled. Whoever owns the terminal registers how to give it back.

use std::sync::OnceLock;

static CLEANUP: OnceLock<fn()> = OnceLock::new();

/// Registers what to do before the process exits here (the app restores the
/// terminal). Only the first registration counts.
pub fn on_exit(cleanup: fn()) {
    let _ = CLEANUP.set(cleanup);
}

/// Restores what was registered, prints `message` to standard error as every
/// error of tandem is printed, and exits with status 1.
pub fn exit(message: &str) -> ! {
    if let Some(cleanup) = CLEANUP.get() {
        cleanup();
    }
    eprintln!("tandem: {message}");
    std::process::exit(1)
}
