//! The overrides' format: what `[workspace.metadata.generator.overrides]` holds, read by
//! serde as it is written in the configuration.

use std::collections::BTreeMap;

/// One struct's or field's corrections. Each one left out keeps what inference decided.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FieldOverride {
    /// For a struct: its new name (`PascalCase`, free in its module).
    pub name: Option<String>,
    /// The field's type, as the record writes it: `String`, `i64`, `f64`, `bool`,
    /// `serde_json::Value`, `uuid::Uuid`, `chrono::NaiveDate` or
    /// `chrono::DateTime<chrono::FixedOffset>` (for a list field, the type of its items).
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// `true`: the field is always there (`T`); `false`: it may be absent (`Option<T>`, and
    /// left out of a request when `None`).
    pub required: Option<bool>,
    /// `true`: a list field's items may be `null` (`Vec<Option<T>>`).
    pub nullable_items: Option<bool>,
    /// For a text field: its closed set of values, as an enum (named `name`, or the struct's
    /// name and the field's) with an `Other(String)` variant for values the API adds later.
    #[serde(rename = "enum")]
    pub values: Option<Vec<String>>,
}

impl FieldOverride {
    /// The options given that only a field takes, spelled as in the configuration.
    pub(super) fn field_options(&self) -> Vec<&'static str> {
        let FieldOverride {
            name: _,
            ty,
            required,
            nullable_items,
            values,
        } = self;
        [
            ("type", ty.is_some()),
            ("required", required.is_some()),
            ("nullable-items", nullable_items.is_some()),
            ("enum", values.is_some()),
        ]
        .into_iter()
        .filter_map(|(option, given)| given.then_some(option))
        .collect()
    }
}

/// Overrides by struct or field path.
pub type Overrides = BTreeMap<String, FieldOverride>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_option_is_read_by_its_configuration_name() {
        let read: Overrides = toml::from_str(
            "[\"a::B::c\"]\ntype = \"i64\"\nrequired = true\nnullable-items = false\n\
             enum = [\"x\"]\nname = \"C\"\n",
        )
        .unwrap();
        let change = &read["a::B::c"];
        assert_eq!(
            change,
            &FieldOverride {
                name: Some("C".into()),
                ty: Some("i64".into()),
                required: Some(true),
                nullable_items: Some(false),
                values: Some(vec!["x".into()]),
            }
        );
        assert_eq!(
            change.field_options(),
            ["type", "required", "nullable-items", "enum"]
        );
        let renamed = FieldOverride {
            name: Some("C".into()),
            ..FieldOverride::default()
        };
        assert!(renamed.field_options().is_empty());
    }

    #[test]
    fn unknown_keys_in_an_override_are_refused_by_name() {
        let error = toml::from_str::<Overrides>("[\"loans::GetLoanOk::rate\"]\ntyp = \"f64\"\n")
            .unwrap_err();
        assert!(error.to_string().contains("unknown field `typ`"), "{error}");
    }
}
