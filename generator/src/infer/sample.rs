//! Replaces placeholders in an example with valid sample values of their type, so that the
//! example can be decoded by the emitted types (used for the generated decode test).

use serde_json::Value;

use super::placeholder::{parse_placeholder, ScalarHint};

/// The example with every placeholder string replaced by a sample of the type it names.
pub fn concretize(value: &Value) -> Value {
    match value {
        Value::String(text) => match parse_placeholder(text) {
            Some(ScalarHint::Uuid) => Value::from("00000000-0000-4000-8000-000000000000"),
            Some(ScalarHint::DateTime) => Value::from("2024-01-02T03:04:05Z"),
            Some(ScalarHint::Date) => Value::from("2024-01-02"),
            Some(ScalarHint::Integer) => Value::from(7),
            Some(ScalarHint::Number) => Value::from(7.5),
            Some(ScalarHint::Boolean) => Value::from(true),
            Some(ScalarHint::Array) => Value::Array(Vec::new()),
            Some(ScalarHint::Text) => Value::from("sample"),
            Some(ScalarHint::Unknown) | None => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(concretize).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), concretize(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}
