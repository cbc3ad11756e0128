//! Corrections to inference that the collection cannot express, from the generator's
//! configuration (`[workspace.metadata.generator.overrides]`), applied once the IR is whole.
//!
//! An override names an inferred struct or one of its fields by its Rust path, as `api.json`
//! and the docs show it (`links::UpdateOk`, `links::UpdateOk::refresh_rate`), and says what
//! to change: the struct's name, or the field's type and presence. What it changes is
//! an ordinary change of the public API: the record reports it and versions the crate.
//!
//! `config.rs` is the format, `resolve.rs` finds what a key names, `edit.rs` makes the
//! changes and `error.rs` says why one cannot be made. Type text is read with the scalar
//! codec of `ir` (`TypeRef::from_scalar_text`), the one the record prints with.

mod config;
mod edit;
mod error;
mod resolve;
#[cfg(test)]
mod sample;

pub use config::{FieldOverride, Overrides};
pub use error::OverrideError;

use crate::ir::Api;
use resolve::Target;

/// Applies every override to `api`'s structs, in the order of their keys; the first that
/// matches nothing or cannot apply is an error naming its key.
///
/// A field's `type`, `nullable-items` and `required` apply before its `enum`, which then
/// replaces the text the field holds.
pub fn apply(api: &mut Api, overrides: &Overrides) -> Result<(), OverrideError> {
    for (key, change) in overrides {
        match resolve::target(&api.types.structs, key, change)? {
            Target::Renamed => {}
            Target::Struct(position) => {
                let home = api.types.structs[position].home.clone();
                let beside = resolve::names_beside_types(&api.root, &api.shared_params, &home);
                edit::rename(&mut api.types, position, key, change, beside)?;
            }
            Target::Field(at) => {
                let field = &mut api.types.structs[at.def].fields[at.field];
                edit::retype_field(field, key, change)?;
                if let Some(values) = &change.values {
                    let home = api.types.structs[at.def].home.clone();
                    let beside = resolve::names_beside_types(&api.root, &api.shared_params, &home);
                    edit::make_enum(&mut api.types, at, key, values, change, beside)?;
                }
            }
        }
    }
    Ok(())
}
