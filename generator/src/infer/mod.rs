//! Types from example JSON.
//!
//! In: example bodies (request bodies, saved responses), which may hold converter placeholders
//! such as `"<uuid>"`. Out: [`Shape`]s merged per body, then named structs in a
//! [`TypeSpace`]. The rules are written down in `docs/inference.md`.
//!
//! The structs go down a line, each phase a file that reads only the ones before it:
//! `registry.rs` registers a [`candidates::Candidate`] per struct while operations are lowered
//! (de-duplicating identical nested shapes across the crate), `groups.rs` decides which of them
//! are one type (widened by the previous record), and `names.rs` names each group and gives it
//! a home. [`TypeRegistry::finish`], below, is the one place that runs them in turn.

mod candidates;
mod groups;
pub mod lenient_json;
pub mod maps;
mod names;
pub mod numbers;
pub mod placeholder;
pub mod registry;
pub mod sample;
pub mod shape;
#[cfg(test)]
mod testing;

use std::collections::BTreeMap;

pub use candidates::NameUse;
use groups::Groups;
pub use names::TypeRemap;
pub use registry::TypeRegistry;
pub use shape::Shape;

use crate::ir::{TypeHome, TypeSpace};
use crate::naming::Scope;
use crate::previous::RememberedNames;

impl TypeRegistry {
    /// Names every struct and decides its module. `reserved` holds, per module, the names the
    /// emitters already use there (accessor structs, `{Op}Response`, `{Op}Query`); a module
    /// missing from it has no folder, so no type goes there. `remembered` holds the names of
    /// the previous generation, kept for the same origins.
    ///
    /// Returns the type space and where each registered id went: a use merged into a
    /// remembered type (a nested use whose shape drifted) points at that type's definition.
    pub fn finish(
        self,
        reserved: &BTreeMap<TypeHome, Scope>,
        remembered: &RememberedNames,
    ) -> (TypeSpace, TypeRemap) {
        let candidates = self.into_candidates();
        let groups = Groups::form(&candidates, remembered);
        names::name_groups(candidates, groups, reserved, remembered)
    }
}
