//! Objects whose keys are data, not field names: locales, ids, urls, the converters'
//! `key_0`/`key_1` maps. They become `BTreeMap<String, T>` instead of a struct with one field
//! per sample key (which would not decode the next payload's keys).

use super::shape::{Kind, ObjectShape, Shape};

/// Short words that are field names even though they look like two-letter locales.
const COMMON_FIELDS: &[&str] = &[
    "id", "to", "at", "on", "by", "no", "is", "as", "in", "of", "or", "ok", "up",
];

/// The shape of the map's values when `object`'s keys are data; `None` for a record.
pub fn map_values(object: &ObjectShape) -> Option<Shape> {
    let keys: Vec<&str> = object
        .fields
        .iter()
        .map(|field| field.key.as_str())
        .collect();
    if keys.len() < 2 || !keys_are_data(&keys) {
        return None;
    }
    let values = object
        .fields
        .iter()
        .map(|field| field.shape.clone())
        .fold(Shape::NOTHING, Shape::merge);
    // A map needs one value type; records with mixed fields stay structs.
    (!matches!(values.kind, Kind::Any)).then_some(values)
}

fn keys_are_data(keys: &[&str]) -> bool {
    let all = |test: fn(&str) -> bool| keys.iter().all(|key| test(key));
    all(is_converter_map_key)
        || all(is_uuid)
        || all(is_number)
        || all(is_url)
        || (all(is_locale)
            && (keys.iter().any(|key| key.len() > 2)
                || !keys.iter().any(|key| COMMON_FIELDS.contains(key))))
}

/// `key_0`, `key_1`: openapi-to-postman's keys for `additionalProperties` maps.
fn is_converter_map_key(key: &str) -> bool {
    key.strip_prefix("key_")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn is_uuid(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

fn is_number(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit())
}

fn is_url(key: &str) -> bool {
    key.contains("://") || (key.starts_with('/') && key.len() > 1)
}

/// `en`, `de-DE`, `pt_BR`.
fn is_locale(key: &str) -> bool {
    let (language, region) = match key.split_once(['-', '_']) {
        Some((language, region)) => (language, Some(region)),
        None => (key, None),
    };
    language.len() == 2
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && region.is_none_or(|region| {
            region.len() == 2 && region.bytes().all(|b| b.is_ascii_uppercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: serde_json::Value) -> ObjectShape {
        match Shape::from_json(&value).kind {
            Kind::Object(object) => object,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn data_keys_make_maps() {
        assert!(map_values(&object(json!({"en-US": "<string>", "de-DE": "<string>"}))).is_some());
        assert!(map_values(&object(json!({"key_0": 1, "key_1": 2}))).is_some());
        assert!(map_values(&object(json!({
            "3f2a1c4e-0000-4000-8000-000000000001": {"a": 1},
            "3f2a1c4e-0000-4000-8000-000000000002": {"a": 2}
        })))
        .is_some());
        assert!(map_values(&object(
            json!({"https://a.example": true, "https://b.example": false})
        ))
        .is_some());
    }

    #[test]
    fn records_stay_structs() {
        assert!(map_values(&object(json!({"id": "x", "to": "y"}))).is_none());
        assert!(map_values(&object(json!({"name": "x", "size": 1}))).is_none());
        assert!(map_values(&object(json!({"en": "x"}))).is_none());
        assert!(map_values(&object(json!({"en": "x", "de": 1}))).is_none());
    }
}
