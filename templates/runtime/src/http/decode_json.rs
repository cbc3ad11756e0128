use crate::http::RawResponse;
use crate::tolerant::Tolerant;
use crate::Error;

/// Decodes the JSON body of a documented status by the crate's tolerance rules (see
/// `Tolerant`). A failure keeps the JSON path to the value that did not fit
/// (`results[0].fees[1]`, see `Error::json_path`).
pub(crate) fn decode_json<T: Tolerant>(response: &RawResponse) -> Result<T, Error> {
    let failed = |source: Box<dyn std::error::Error + Send + Sync>| Error::Decode {
        status: response.status,
        body: response.body.clone(),
        source,
    };
    let mut json = serde_json::Deserializer::from_slice(&response.body);
    let mut track = serde_path_to_error::Track::new();
    let value = T::deserialize_tolerant(serde_path_to_error::Deserializer::new(
        &mut json, &mut track,
    ))
    .map_err(|error| {
        failed(Box::new(serde_path_to_error::Error::new(
            track.path(),
            error,
        )))
    })?;
    // Trailing characters are an error, as with `serde_json::from_slice`.
    json.end().map_err(|error| failed(Box::new(error)))?;
    Ok(value)
}
