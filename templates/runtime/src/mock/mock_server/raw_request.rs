/// The body of an operation without a typed one: its bytes.
pub(crate) fn raw_body(bytes: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    Ok(bytes.to_vec())
}
