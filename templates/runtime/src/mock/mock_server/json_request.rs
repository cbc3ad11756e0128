/// Decodes a JSON request body.
pub(crate) fn json_body<B: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<B, serde_json::Error> {
    serde_json::from_slice(bytes)
}
