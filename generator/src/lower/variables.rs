//! Collection variables the emitted client holds at run time (`{{projectKey}}` in a path).
//!
//! Each becomes a field of the client with a `with_…` setter; its collection value, if any,
//! is the default.

use std::collections::BTreeMap;

use crate::ir::{reserved, ClientVariable};
use crate::naming::{snake_ident, Scope};
use crate::postman::Collection;

/// Setters credentials take (named after variables are, see `lower/auth.rs`).
const CREDENTIAL_SETTERS: &[&str] = &["with_basic_auth", "with_bearer_token", "with_api_key"];

#[derive(Debug, Default)]
pub struct VariableRegistry {
    by_name: BTreeMap<String, ClientVariable>,
    fields: Scope,
}

impl VariableRegistry {
    /// The client field holding `name`, registering the variable on first use.
    pub fn field_for(&mut self, name: &str, collection: &Collection) -> String {
        if let Some(variable) = self.by_name.get(name) {
            return variable.field.clone();
        }
        let field = self
            .fields
            .claim(&snake_ident(name.trim_start_matches('$'), "var"));
        let mut setter = format!("with_{field}");
        if reserved::CLIENT_METHODS.contains(&setter.as_str())
            || CREDENTIAL_SETTERS.contains(&setter.as_str())
        {
            setter = format!("with_{field}_variable");
        }
        let default = collection
            .variable_value(name)
            .filter(|value| !value.contains("{{"));
        self.by_name.insert(
            name.to_string(),
            ClientVariable {
                name: name.to_string(),
                field: field.clone(),
                setter,
                default,
            },
        );
        field
    }

    /// Every variable used, sorted by name.
    pub fn finish(self) -> Vec<ClientVariable> {
        self.by_name.into_values().collect()
    }
}
