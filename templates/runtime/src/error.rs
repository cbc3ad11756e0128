//! Errors of every operation.

/// Why an operation did not produce a response enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request was not sent or the response not received: connection refused,
    /// timeout, TLS failure, an invalid url.
    Transport(reqwest::Error),
    /// The server answered a documented status with a body its type cannot hold.
    Decode {
        status: u16,
        /// The body exactly as received.
        body: Vec<u8>,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A header value given to the operation is not a valid header value (for
    /// example, it contains a line break).
    InvalidHeader { name: String },
    /// A path argument is empty, `.` or `..`, which cannot be sent as one segment.
    InvalidPathArgument { name: String },
    /// A collection variable the request needs has no value; set it on the client.
    MissingVariable { name: String },
    /// A query, form or JSON body struct could not be encoded.
    InvalidParameters(serde_json::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Transport(source) => write!(f, "request failed: {source}"),
            Error::Decode {
                status,
                body,
                source,
            } => {
                write!(
                    f,
                    "cannot decode the {status} response body ({} bytes): {source}",
                    body.len()
                )
            }
            Error::InvalidHeader { name } => {
                write!(f, "invalid value for header `{name}`")
            }
            Error::InvalidPathArgument { name } => {
                write!(f, "path argument `{name}` must not be empty, `.` or `..`")
            }
            Error::MissingVariable { name } => {
                write!(f, "collection variable `{name}` is not set on the client")
            }
            Error::InvalidParameters(source) => {
                write!(f, "cannot encode the request: {source}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(source) => Some(source),
            Error::Decode { source, .. } => Some(source.as_ref()),
            Error::InvalidParameters(source) => Some(source),
            Error::InvalidHeader { .. }
            | Error::InvalidPathArgument { .. }
            | Error::MissingVariable { .. } => None,
        }
    }
}
