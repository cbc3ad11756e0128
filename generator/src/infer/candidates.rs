//! The data the phases of type inference hand on: what registration collects, and what
//! grouping and naming read.
//!
//! In: nothing (this file only holds data). Out: [`Candidate`], one per struct registered
//! (by `registry.rs`), and [`NameUse`], where one of its uses sits and the words a name can be
//! made of.

use crate::ir::origin::Site;
use crate::ir::{FieldDef, StructRole, TypeId};

/// Where a struct is used, and the words its name can be made of.
#[derive(Debug, Clone)]
pub struct NameUse {
    /// Module path of the operation that uses it.
    pub module: Vec<String>,
    /// The operation's type prefix (`Update`).
    pub owner: String,
    /// Root label (`Request`, or the status variant `Ok`), then one word per nesting step.
    pub path: Vec<String>,
    /// The root is an error status (4xx/5xx): shared names say `Error`, not the status.
    pub error_body: bool,
    /// Where the value sits in the collection (`Links / Update › 428 › $.token_generation_data`):
    /// what the record remembers the type's name by.
    pub site: Site,
}

impl NameUse {
    /// The use of a whole body; `origin` says which (`Links / Update › 428`, `… › request`).
    pub fn new(
        module: &[String],
        owner: &str,
        root: &str,
        error_body: bool,
        origin: Site,
    ) -> NameUse {
        NameUse {
            module: module.to_vec(),
            owner: owner.to_string(),
            path: vec![root.to_string()],
            error_body,
            site: origin.body_root(),
        }
    }

    /// A value inside this one: `word` for its name, `step` (`.key`, `[*]`) for its site.
    pub(super) fn child(&self, word: &str, step: &str) -> NameUse {
        NameUse {
            module: self.module.clone(),
            owner: self.owner.clone(),
            path: self
                .path
                .iter()
                .cloned()
                .chain([word.to_string()])
                .collect(),
            error_body: self.error_body,
            site: self.site.child(step),
        }
    }
}

/// A struct as registered, before naming: one per nested shape, one per body.
#[derive(Debug)]
pub(super) struct Candidate {
    pub(super) fields: Vec<FieldDef>,
    pub(super) role: StructRole,
    pub(super) uses: Vec<NameUse>,
    /// A body with the shape of an earlier struct: the same type under its own name.
    pub(super) alias_of: Option<TypeId>,
    /// A whole body: named after its operation, never shared with another use.
    pub(super) top_level: bool,
}
