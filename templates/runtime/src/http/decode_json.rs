use crate::http::RawResponse;
use crate::Error;

/// Decodes the JSON body of a documented status. A failure keeps the JSON path to the value
/// that did not fit (`results[0].fees[1]`, see `Error::json_path`).
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    response: &RawResponse,
) -> Result<T, Error> {
    let failed = |source: Box<dyn std::error::Error + Send + Sync>| Error::Decode {
        status: response.status,
        body: response.body.clone(),
        source,
    };
    let mut json = serde_json::Deserializer::from_slice(&response.body);
    let value =
        serde_path_to_error::deserialize(&mut json).map_err(|error| failed(Box::new(error)))?;
    // Trailing characters are an error, as with `serde_json::from_slice`.
    json.end().map_err(|error| failed(Box::new(error)))?;
    Ok(value)
}
