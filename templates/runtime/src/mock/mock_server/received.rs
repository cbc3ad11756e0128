use crate::mock::mock_server::{percent_decoded, PathArgs};

/// A request the mock server received, kept as it came. `B` is what its body decodes into:
/// the operation's request body type, or the bytes (`Vec<u8>`) when it has none.
#[derive(Debug, Clone)]
pub struct Received<B> {
    pub(crate) operation: Option<&'static str>,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) path_args: PathArgs,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) decode: fn(&[u8]) -> Result<B, serde_json::Error>,
}

impl<B> Received<B> {
    /// The request of the collection it matched (`Links / Update`), if any.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path, as sent (percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A path argument by the name of the operation's parameter, decoded.
    pub fn path_arg(&self, name: &str) -> Option<&str> {
        let (_, value) = self.path_args.iter().find(|(arg, _)| *arg == name)?;
        Some(value)
    }

    /// The first value of a query parameter, decoded.
    pub fn query(&self, key: &str) -> Option<&str> {
        let (_, value) = self.query.iter().find(|(name, _)| name == key)?;
        Some(value)
    }

    /// Every query parameter in the order sent, decoded.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// A header's value, when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The body's bytes, as sent.
    pub fn raw_body(&self) -> &[u8] {
        &self.body
    }

    /// The body decoded into the operation's request type.
    pub fn body(&self) -> Result<B, serde_json::Error> {
        (self.decode)(&self.body)
    }
}

/// `a=1&b=x+y` as decoded pairs, in order.
pub(crate) fn form_pairs(text: &str) -> Vec<(String, String)> {
    let decoded = |text: &str| percent_decoded(&text.replace('+', " ")).into_owned();
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decoded(key), decoded(value))
        })
        .collect()
}
