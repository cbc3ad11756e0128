//! Errors of every operation.

/// Why an operation did not produce a response enum.
#[non_exhaustive]
pub enum Error {
    /// The request was not sent or the response not received: connection refused,
    /// timeout, TLS failure, an invalid url.
    Transport(reqwest::Error),
    /// The server answered a documented status with a body its type cannot hold.
    /// [`Error::json_path`] says where in a JSON body; `Display` and `Debug` show an excerpt
    /// of the body around that place.
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
    /// A page of a stream came back with a status other than the documented page: the stream
    /// ends here.
    Page {
        status: u16,
        /// The body exactly as received.
        body: Vec<u8>,
    },
    /// A page named a next page outside the client's base url. It is not followed, so that
    /// credentials never leave the configured host; the stream ends here.
    ForeignNextPage { url: String },
    /// The signer given with `Client::with_request_signer` failed: the request was not sent.
    Signing(Box<dyn std::error::Error + Send + Sync>),
    /// The client could not obtain or compute the credential the request sends: an OAuth 2.0
    /// token endpoint refused or could not be reached (the source is then a `TokenError`,
    /// which keeps its status and the endpoint's `error`), or the credential's settings
    /// cannot sign a request. The request was not sent.
    Credential(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// Whether the request timed out: connecting (see `Client::with_connect_timeout`) or as a
    /// whole (see `Client::with_timeout`).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(source) if source.is_timeout())
    }

    /// Where in a JSON body decoding failed, as a path from the root (`results[0].fees[1]`;
    /// `.` for the root itself): for [`Error::Decode`] of a JSON body, `None` otherwise.
    pub fn json_path(&self) -> Option<String> {
        self.json_failure().map(|(path, _)| path)
    }

    /// The path and the parser's error of a JSON decoding failure.
    fn json_failure(&self) -> Option<(String, &serde_json::Error)> {
        let Error::Decode { source, .. } = self else {
            return None;
        };
        if let Some(error) = source.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>()
        {
            return Some((error.path().to_string(), error.inner()));
        }
        // Trailing characters after a whole value: the root is what does not fit.
        source
            .downcast_ref::<serde_json::Error>()
            .map(|error| (".".to_string(), error))
    }

    /// The part of a `Decode` body worth showing: around the place decoding failed, when
    /// the JSON parser says where that is.
    fn body_excerpt<'a>(&self, body: &'a [u8]) -> BodyExcerpt<'a> {
        let failed_at = self
            .json_failure()
            .and_then(|(_, error)| byte_offset(body, error.line(), error.column()));
        BodyExcerpt::around(body, failed_at.unwrap_or(0))
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Transport(source) => write!(f, "request failed: {source}"),
            Error::Decode {
                status,
                body,
                source,
            } => write!(
                f,
                "cannot decode the {status} response body: {source}; body ({} bytes): {}",
                body.len(),
                self.body_excerpt(body)
            ),
            Error::InvalidHeader { name } => write!(f, "invalid value for header `{name}`"),
            Error::InvalidPathArgument { name } => {
                write!(f, "path argument `{name}` must not be empty, `.` or `..`")
            }
            Error::MissingVariable { name } => {
                write!(f, "collection variable `{name}` is not set on the client")
            }
            Error::InvalidParameters(source) => write!(f, "cannot encode the request: {source}"),
            Error::Page { status, body } => write!(
                f,
                "a page answered {status} instead of the documented page; body ({} bytes): {}",
                body.len(),
                BodyExcerpt::around(body, 0)
            ),
            Error::ForeignNextPage { url } => write!(
                f,
                "the next page `{url}` is outside the client's base url: not followed"
            ),
            Error::Signing(source) => write!(f, "signing the request failed: {source}"),
            Error::Credential(source) => write!(f, "no credential for the request: {source}"),
        }
    }
}

impl std::fmt::Debug for Error {
    // A body is shown as text, cut around the failure, never as a list of bytes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Transport(source) => f.debug_tuple("Transport").field(source).finish(),
            Error::Decode {
                status,
                body,
                source,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("body", &self.body_excerpt(body).to_string())
                .field("body_len", &body.len())
                .field("source", source)
                .finish(),
            Error::InvalidHeader { name } => {
                f.debug_struct("InvalidHeader").field("name", name).finish()
            }
            Error::InvalidPathArgument { name } => f
                .debug_struct("InvalidPathArgument")
                .field("name", name)
                .finish(),
            Error::MissingVariable { name } => f
                .debug_struct("MissingVariable")
                .field("name", name)
                .finish(),
            Error::InvalidParameters(source) => {
                f.debug_tuple("InvalidParameters").field(source).finish()
            }
            Error::Page { status, body } => f
                .debug_struct("Page")
                .field("status", status)
                .field("body", &BodyExcerpt::around(body, 0).to_string())
                .field("body_len", &body.len())
                .finish(),
            Error::ForeignNextPage { url } => {
                f.debug_struct("ForeignNextPage").field("url", url).finish()
            }
            Error::Signing(source) => f.debug_tuple("Signing").field(source).finish(),
            Error::Credential(source) => f.debug_tuple("Credential").field(source).finish(),
        }
    }
}

/// At most this many bytes of a body are shown on each side of the place decoding failed.
const EXCERPT_SIDE: usize = 80;

/// A window of a body, as lossy UTF-8 on one line, with `…` where it was cut.
struct BodyExcerpt<'a> {
    before_cut: bool,
    text: std::borrow::Cow<'a, str>,
    after_cut: bool,
}

impl<'a> BodyExcerpt<'a> {
    fn around(body: &'a [u8], at: usize) -> Self {
        let at = at.min(body.len());
        let start = at.saturating_sub(EXCERPT_SIDE);
        let end = (at + EXCERPT_SIDE)
            .min(body.len())
            .max((start + 2 * EXCERPT_SIDE).min(body.len()));
        BodyExcerpt {
            before_cut: start > 0,
            text: String::from_utf8_lossy(&body[start..end]),
            after_cut: end < body.len(),
        }
    }
}

impl std::fmt::Display for BodyExcerpt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let before = if self.before_cut { "…" } else { "" };
        let after = if self.after_cut { "…" } else { "" };
        f.write_str(before)?;
        // On one line: control characters (line breaks) are escaped, the rest shown as is.
        for c in self.text.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        f.write_str(after)
    }
}

/// The byte offset of a 1-based line and column, as serde_json reports them.
fn byte_offset(body: &[u8], line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map(|(offset, _)| offset + 1)?
    };
    Some(line_start + column.saturating_sub(1))
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(source) => Some(source),
            Error::Decode { source, .. } => Some(source.as_ref()),
            Error::InvalidParameters(source) => Some(source),
            Error::Signing(source) | Error::Credential(source) => Some(source.as_ref()),
            Error::InvalidHeader { .. }
            | Error::InvalidPathArgument { .. }
            | Error::MissingVariable { .. }
            | Error::Page { .. }
            | Error::ForeignNextPage { .. } => None,
        }
    }
}
