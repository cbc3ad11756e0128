//! The state of one lowering, which the folder walk carries and each request adds to: the
//! registries of types, credentials and variables, the names remembered from the previous
//! generation, and the diagnostics.

use std::collections::BTreeMap;

use super::auth::AuthResolver;
use super::keys::OriginKeys;
use super::variables::VariableRegistry;
use crate::diagnostics::Diagnostics;
use crate::infer::TypeRegistry;
use crate::ir::TypeHome;
use crate::naming::Scope;
use crate::postman::Collection;
use crate::previous::RememberedNames;

pub(super) struct Lowerer<'a> {
    pub collection: &'a Collection,
    pub remembered: &'a RememberedNames,
    pub keys: OriginKeys,
    pub registry: TypeRegistry,
    pub diagnostics: &'a mut Diagnostics,
    pub auth: AuthResolver,
    pub variables: VariableRegistry,
    /// Per module, the type names the emitters use (accessor, `{Op}Query`, `{Op}Response`, …)
    /// and those the previous generation gave there: inferred structs keep clear of them.
    pub type_names: BTreeMap<TypeHome, Scope>,
    /// `(item path, origin as written)` of every request with a host.
    pub origins: Vec<(String, String)>,
}
