use crate::Error;

/// The HTTP methods, by the name the operations spell them with (`Method::PUT`).
pub(crate) use reqwest::Method;

/// A transport error without its url, which may hold an API key in the query.
pub(crate) fn transport(error: reqwest::Error) -> Error {
    Error::Transport(error.without_url())
}

/// A header value, refused (never a panic) when it could inject a header: CR, LF, NUL.
pub(crate) fn header_value(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, Error> {
    reqwest::header::HeaderValue::from_str(value).map_err(|_| Error::InvalidHeader {
        name: name.to_string(),
    })
}
