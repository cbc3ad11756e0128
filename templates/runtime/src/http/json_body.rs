use crate::Error;

/// Encodes a JSON request body.
pub(crate) fn json_body<T: serde::Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(body).map_err(Error::InvalidParameters)
}
