use crate::http::RawResponse;
use crate::Error;

/// Decodes the JSON body of a documented status.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    response: &RawResponse,
) -> Result<T, Error> {
    serde_json::from_slice(&response.body).map_err(|source| Error::Decode {
        status: response.status,
        body: response.body.clone(),
        source: Box::new(source),
    })
}
