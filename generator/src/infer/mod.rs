//! Types from example JSON.
//!
//! In: example bodies (request bodies, saved responses), which may hold converter placeholders
//! such as `"<uuid>"`. Out: [`Shape`]s merged per body, then named structs in a
//! [`TypeRegistry`] that de-duplicates identical nested shapes across the crate. The rules are
//! written down in `docs/inference.md`.

mod groups;
pub mod lenient_json;
pub mod maps;
mod names;
pub mod numbers;
pub mod placeholder;
pub mod registry;
pub mod sample;
pub mod shape;

pub use names::TypeRemap;
pub use registry::{NameUse, TypeRegistry};
pub use shape::Shape;
