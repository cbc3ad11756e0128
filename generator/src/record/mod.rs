//! The record of the emitted crate's public API, `api.json`, and what follows from it.
//!
//! Each run builds the new record from the IR (`build.rs`, and `runtime_api.rs` for the fixed
//! runtime's items), compares it with the one the last run wrote by the Rust API-evolution
//! rules (`diff.rs`), and from that picks the crate's next version and its changelog entry
//! (`release.rs`, `changelog.rs`). Reading the last record and remembering its names is
//! `previous/`'s job; the record's text both ways is `file.rs`'s.

pub mod build;
pub mod changelog;
pub mod diff;
pub mod file;
pub mod model;
pub mod release;
pub mod runtime_api;

pub use model::{ApiItem, ApiRecord, ItemKind, Version};
pub use release::Release;
