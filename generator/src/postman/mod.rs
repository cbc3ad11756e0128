//! Reading a Postman collection file.
//!
//! In: the bytes of a `collection.json`. Out: the lenient serde model in [`model`], or a
//! [`LoadError`] that names the file, the JSON path and the item path of the problem.

pub mod load;
pub mod model;

pub use load::{load_collection, LoadError};
pub use model::*;
