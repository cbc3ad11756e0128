//! Collection variables the emitted client holds at run time (`{{projectKey}}` in a path).
//!
//! Each becomes a field of the client with a `with_…` setter; its collection value, if any,
//! is the default.

use std::collections::BTreeMap;

use crate::ir::{reserved, ClientVariable, VariableRef};
use crate::naming::{snake_ident, Scope};
use crate::postman::Collection;

/// Setters credentials take (named after variables are, see `lower/auth.rs`).
const CREDENTIAL_SETTERS: &[&str] = &["with_basic_auth", "with_bearer_token", "with_api_key"];

#[derive(Debug, Default)]
pub struct VariableRegistry {
    /// In the order first used; `finish` sorts them.
    variables: Vec<ClientVariable>,
    by_name: BTreeMap<String, VariableRef>,
    fields: Scope,
}

impl VariableRegistry {
    /// The variable `name`, registered on first use. The reference holds until
    /// [`VariableRegistry::finish`], which says where each one moved.
    pub fn variable_for(&mut self, name: &str, collection: &Collection) -> VariableRef {
        if let Some(variable) = self.by_name.get(name) {
            return *variable;
        }
        let field = self
            .fields
            .claim(&snake_ident(name.trim_start_matches('$'), "var"));
        let mut setter = format!("with_{field}");
        if reserved::CLIENT_METHODS.contains(&setter)
            || CREDENTIAL_SETTERS.contains(&setter.as_str())
        {
            setter = format!("with_{field}_variable");
        }
        let default = collection
            .variable_value(name)
            .filter(|value| !value.contains("{{"));
        let variable = VariableRef(self.variables.len());
        self.variables.push(ClientVariable {
            name: name.to_string(),
            field,
            setter,
            default,
        });
        self.by_name.insert(name.to_string(), variable);
        variable
    }

    /// Every variable used, sorted by name, and where each reference handed out moved.
    pub fn finish(self) -> (Vec<ClientVariable>, Vec<VariableRef>) {
        let (sorted, moved) =
            super::remap::sort_with_moves(self.variables, |a, b| a.name.cmp(&b.name));
        (sorted, moved.into_iter().map(VariableRef).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_sorted_by_name_and_references_follow_them() {
        let collection: Collection = serde_json::from_str(
            r#"{"info": {"name": "c"}, "item": [], "variable": [{"key": "a", "value": "x"}]}"#,
        )
        .unwrap();
        let mut registry = VariableRegistry::default();
        let b = registry.variable_for("b", &collection);
        let a = registry.variable_for("a", &collection);
        assert_eq!(registry.variable_for("b", &collection), b);
        let (variables, moved) = registry.finish();
        let names: Vec<&str> = variables.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(variables[moved[a.0].0].default.as_deref(), Some("x"));
        assert_eq!(variables[moved[b.0].0].name, "b");
    }
}
