use crate::http::RawResponse;
use crate::Error;

/// Decodes the text body of a documented status.
pub(crate) fn decode_text(response: &RawResponse) -> Result<String, Error> {
    String::from_utf8(response.body.clone()).map_err(|source| Error::Decode {
        status: response.status,
        body: response.body.clone(),
        source: Box::new(source),
    })
}
