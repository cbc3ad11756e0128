//! Replaces placeholders in an example with valid sample values of their type, so that the
//! example can be decoded by the emitted types (used for the generated decode test).

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::placeholder::{parse_placeholder, ScalarHint};

/// The example as JSON text, with every placeholder string replaced by a sample of the type it
/// names. Written straight from the parsed example: no second tree is built.
pub fn concretized_json(value: &Value) -> String {
    // Serializing a `Value` (string keys only) cannot fail.
    serde_json::to_string(&Concretized(value)).unwrap_or_else(|_| value.to_string())
}

struct Concretized<'a>(&'a Value);

impl Serialize for Concretized<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::String(text) => match parse_placeholder(text) {
                Some(ScalarHint::Uuid) => {
                    serializer.serialize_str("00000000-0000-4000-8000-000000000000")
                }
                Some(ScalarHint::DateTime) => serializer.serialize_str("2024-01-02T03:04:05Z"),
                Some(ScalarHint::Date) => serializer.serialize_str("2024-01-02"),
                Some(ScalarHint::Integer | ScalarHint::Long) => serializer.serialize_i64(7),
                Some(ScalarHint::Number) => serializer.serialize_f64(7.5),
                Some(ScalarHint::Boolean) => serializer.serialize_bool(true),
                Some(ScalarHint::Array) => serializer.serialize_seq(Some(0))?.end(),
                Some(ScalarHint::Text) => serializer.serialize_str("sample"),
                Some(ScalarHint::Unknown) | None => serializer.serialize_str(text),
            },
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Concretized(item))?;
                }
                seq.end()
            }
            Value::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, &Concretized(value))?;
                }
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_become_samples_and_the_rest_is_kept_in_order() {
        let example = json!({
            "id": "<uuid>",
            "zeta": [{"n": "<integer>", "x": 1.5}],
            "alpha": "<string>",
            "tags": "<array>",
            "note": "plain <b>text</b>",
            "nothing": null
        });
        assert_eq!(
            concretized_json(&example),
            r#"{"id":"00000000-0000-4000-8000-000000000000","zeta":[{"n":7,"x":1.5}],"alpha":"sample","tags":[],"note":"plain <b>text</b>","nothing":null}"#
        );
    }
}
