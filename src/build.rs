//! Build script (named in Cargo.toml): links the `tandem` executable at a
//! fixed address on Linux.
//!
//! A position-independent executable has its 1.1 MB of `.data.rel.ro` (the
//! tables of clap, chrono-tz, ratatui and every vtable) relocated by the
//! dynamic loader at each start: about 290 pages written before `main`,
//! 1.5–2 ms of every command and of the app's first frame. Linked at a fixed
//! address those pages need no writing and are read only when used
//! (`tandem --version`: 470 page faults and 4.7 ms down to 185 and 2.9 ms).
//! The libraries it loads keep their randomised addresses.

fn main() {
    println!("cargo:rerun-if-changed=src/build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
