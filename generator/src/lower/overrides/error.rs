//! Why an override could not be applied: one variant per mistake, each with the override's
//! key and what the message needs to say how to fix it.

/// Why overrides could not be applied. Every message starts with `override `KEY`: `.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideError {
    /// The key names no struct and is not a field's path either.
    #[error("override `{key}`: name a field as `module::Type::field` (the path api.json shows)")]
    NotAFieldPath { key: String },
    /// The key names a field of a struct that inference did not make.
    #[error("override `{key}`: no inferred struct `{type_path}`")]
    NoSuchStruct { key: String, type_path: String },
    /// The key's struct exists and has no such field (the flattened catch-all `extra` of a
    /// request struct counts as none).
    #[error("override `{key}`: `{type_name}` has no field `{field}`")]
    NoSuchField {
        key: String,
        type_name: String,
        field: String,
    },
    /// `name` alone, a struct's option, on a key that names no struct.
    #[error(
        "override `{key}`: `name` renames a struct, and no inferred struct is called `{key}` \
         (on a field, `name` names the enum that `enum` makes)"
    )]
    StructOptionOnField { key: String },
    /// Options that only a field takes, on a struct's key.
    #[error(
        "override `{key}`: {} to a field, and `{key}` is a struct: name one of its fields as \
         `{key}::field`",
        apply_to(options)
    )]
    FieldOptionsOnStruct {
        key: String,
        /// As the configuration spells them (`type`, `nullable-items`).
        options: Vec<&'static str>,
    },
    /// A struct's key with nothing to change.
    #[error(
        "override `{key}`: say what to change (`name` for the struct, or name one of its fields \
         as `{key}::field`)"
    )]
    NothingToChange { key: String },
    /// A field of an alias (a struct with the shape of an earlier one): its fields are the
    /// target's.
    #[error(
        "override `{key}`: `{alias}` is another name of `{target}`, a struct with the same \
         shape; override that struct's field (`{target}::{field}`)"
    )]
    FieldOfAlias {
        key: String,
        alias: String,
        /// The path of the struct it is another name of (`links::UpdateOk`).
        target: String,
        field: String,
    },
    /// A `type` that is not one of the scalar types' text.
    #[error("override `{key}`: unknown type `{text}`: use {}", one_of(accepted))]
    UnknownType {
        key: String,
        text: String,
        /// Every text `type` takes (`ir::TypeRef::scalar_texts`).
        accepted: Vec<&'static str>,
    },
    #[error("override `{key}`: `nullable-items` applies to a list field only")]
    NullableItemsOnNonList { key: String },
    #[error("override `{key}`: `enum` applies to a text field (`String`) or a list of text")]
    EnumOnNonText { key: String },
    #[error("override `{key}`: `enum` lists no values")]
    EmptyEnum { key: String },
    /// `required = true` with `enum`: the enum field's struct derives `Default`.
    #[error("override `{key}`: an `enum` field stays optional (its struct derives `Default`)")]
    RequiredEnum { key: String },
    /// A struct's or an enum's new name that is not a `PascalCase` identifier.
    #[error("override `{key}`: `{name}` is not a PascalCase type name")]
    NotATypeName { key: String, name: String },
    /// A struct's or an enum's new name that another type of its module has.
    #[error("override `{key}`: `{name}` is already a type of that module")]
    NameTaken { key: String, name: String },
}

impl OverrideError {
    /// The key of the override at fault, as the configuration writes it.
    pub fn key(&self) -> &str {
        match self {
            OverrideError::NotAFieldPath { key }
            | OverrideError::NoSuchStruct { key, .. }
            | OverrideError::NoSuchField { key, .. }
            | OverrideError::StructOptionOnField { key }
            | OverrideError::FieldOptionsOnStruct { key, .. }
            | OverrideError::NothingToChange { key }
            | OverrideError::FieldOfAlias { key, .. }
            | OverrideError::UnknownType { key, .. }
            | OverrideError::NullableItemsOnNonList { key }
            | OverrideError::EnumOnNonText { key }
            | OverrideError::EmptyEnum { key }
            | OverrideError::RequiredEnum { key }
            | OverrideError::NotATypeName { key, .. }
            | OverrideError::NameTaken { key, .. } => key,
        }
    }
}

/// `a, b or c`.
fn one_of(choices: &[&str]) -> String {
    match choices.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// `` `type` applies `` or `` `type` and `enum` apply ``.
fn apply_to(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|option| format!("`{option}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => format!("{last} applies"),
        Some((last, rest)) => format!("{} and {last} apply", rest.join(", ")),
        None => "options apply".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accepted_types_are_listed_as_one_choice() {
        let error = OverrideError::UnknownType {
            key: "a::B::c".into(),
            text: "u8".into(),
            accepted: crate::ir::TypeRef::scalar_texts().collect(),
        };
        assert_eq!(
            error.to_string(),
            "override `a::B::c`: unknown type `u8`: use String, i64, f64, bool, \
             serde_json::Value, uuid::Uuid, chrono::NaiveDate or \
             chrono::DateTime<chrono::FixedOffset>"
        );
        assert_eq!(error.key(), "a::B::c");
    }

    #[test]
    fn field_options_on_a_struct_are_named_with_their_verb() {
        let shown = |options: Vec<&'static str>| {
            OverrideError::FieldOptionsOnStruct {
                key: "a::B".into(),
                options,
            }
            .to_string()
        };
        assert_eq!(
            shown(vec!["type"]),
            "override `a::B`: `type` applies to a field, and `a::B` is a struct: name one of \
             its fields as `a::B::field`"
        );
        assert!(shown(vec!["type", "required", "enum"])
            .contains("`type`, `required` and `enum` apply to a field"),);
    }
}
