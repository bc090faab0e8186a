//! tandem: goals, a meeting journal, weekly check-ins, reflections and the
//! programme's consultations for the two people of a mentoring pair.
//!
//! The crate is split so that each part knows only what it must:
//! [`domain`] holds the records and their rules (no I/O), [`store`] keeps them
//! in sled, [`cli`] is the command line over both, and [`text`] makes user text
//! safe to print.

pub mod briefing;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod exchange;
pub mod fatal;
pub mod pair;
pub mod remind;
pub mod seed;
pub mod store;
pub mod text;
pub mod tui;
