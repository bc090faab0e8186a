//! Moving data in and out of a store: files other programs and people read.

pub mod bundle;
pub mod ics;
pub mod json;
pub mod markdown;
