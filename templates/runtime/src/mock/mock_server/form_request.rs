use crate::mock::mock_server::form_pairs;

/// Decodes an `application/x-www-form-urlencoded` body: its fields are typed like a JSON
/// object of strings, and decoded as one.
pub(crate) fn form_body<B: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<B, serde_json::Error> {
    let fields = form_pairs(&String::from_utf8_lossy(bytes))
        .into_iter()
        .map(|(key, value)| (key, serde_json::Value::String(value)))
        .collect();
    serde_json::from_value(serde_json::Value::Object(fields))
}
