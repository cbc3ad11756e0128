/// A response as received, before its operation's enum decodes it.
#[derive(Clone)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
    /// How many times the request was sent again before this response.
    pub retries: u32,
}

impl RawResponse {
    /// A response without headers, for the enums' `decode`, which does no I/O.
    pub(crate) fn new(status: u16, body: &[u8]) -> Self {
        RawResponse {
            status,
            headers: reqwest::header::HeaderMap::new(),
            body: body.to_vec(),
            retries: 0,
        }
    }

    /// The whole response, for a status the collection does not document.
    pub(crate) fn into_undocumented(self) -> UndocumentedResponse {
        UndocumentedResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }
}

/// A response whose status the collection does not document, kept whole.
#[derive(Debug, Clone, PartialEq)]
pub struct UndocumentedResponse {
    pub status: u16,
    /// Empty when decoded without a request (see the enums' `decode`).
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl UndocumentedResponse {
    /// Decodes the body as JSON into any type, `serde_json::Value` included: for
    /// requests the collection has no example of.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}
