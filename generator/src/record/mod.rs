//! The previous output as memory: `api.json`, the public API of the emitted crate.
//!
//! Each run reads the record the last run wrote (if any), lowers the collection preferring the
//! names it holds, builds the new record from the IR, compares the two by the Rust
//! API-evolution rules, and from that picks the crate's next version and its changelog entry.

pub mod build;
pub mod changelog;
pub mod diff;
pub mod file;
pub mod memory;
pub mod model;
pub mod release;
pub mod runtime_api;

pub use model::{ApiItem, ApiRecord, ItemKind, Version};
pub use release::Release;
