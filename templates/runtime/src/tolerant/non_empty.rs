use serde::de::{Deserializer, Unexpected};
use serde::Deserialize;

/// A string value of a type that has no empty form (a uuid, a date): `""` is absent, as
/// `null` is; any other string is parsed by `parse`.
pub(crate) fn non_empty<'de, D, T>(
    deserializer: D,
    parse: fn(&str) -> Option<T>,
    expected: &'static str,
) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    if text.is_empty() {
        return Ok(None);
    }
    match parse(&text) {
        Some(value) => Ok(Some(value)),
        None => Err(serde::de::Error::invalid_value(
            Unexpected::Str(&text),
            &expected,
        )),
    }
}
