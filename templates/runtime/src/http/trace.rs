//! What the client tells `tracing` about its calls (the default-on `tracing` feature): a span
//! per call (or stream of pages) and a child span per try, named and filled as OpenTelemetry's
//! HTTP client conventions say, and events for each response, retry, page and decode failure.
//!
//! Nothing secret reaches them. No header is recorded, so no `Authorization` nor any credential
//! sent as a header (a user and password written in the base url become one). The values of
//! secret-named query parameters (the rule of the types' `Debug`, [`crate::SECRET_QUERY_NAMES`])
//! are redacted, and a url whose query a credential (or the request hook or signer) added to is
//! not recorded at all. Bodies never are.
//!
//! Without the feature, `untraced` stands in with the same names doing nothing, so that the
//! callers read the same either way and nothing of `tracing` is compiled.

#[cfg(feature = "tracing")]
pub(crate) use traced::*;
#[cfg(not(feature = "tracing"))]
pub(crate) use untraced::*;

#[cfg(feature = "tracing")]
mod traced {
    use crate::client::Operation;
    use crate::http::{request_id, RawResponse};
    use crate::Error;
    use std::future::Future;
    use std::time::Duration;
    use tracing::field::Empty;

    /// What OpenTelemetry's conventions put in place of a secret in `url.full`.
    const REDACTED: &str = "REDACTED";

    /// The span of one call, or of one stream of pages: the operation and its Postman item.
    /// Its tries are its children.
    #[derive(Debug, Clone)]
    pub(crate) struct CallSpan(tracing::Span);

    impl CallSpan {
        /// The span of a call of `operation`, opened when the call is first awaited.
        pub(crate) fn call(operation: &Operation) -> CallSpan {
            CallSpan(tracing::info_span!(
                "call",
                otel.name = operation.id,
                operation = operation.id,
                postman.item = operation.item,
                error.type = Empty,
                otel.status_code = Empty,
            ))
        }

        /// The span of a stream of `operation`'s pages, opened when its first page is asked for.
        // This and `page` are unused in a crate without paginated requests.
        #[allow(dead_code)]
        pub(crate) fn pages(operation: &Operation) -> CallSpan {
            CallSpan(tracing::info_span!(
                "pages",
                otel.name = operation.id,
                operation = operation.id,
                postman.item = operation.item,
                error.type = Empty,
                otel.status_code = Empty,
            ))
        }

        /// `future` run inside this span.
        pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
            tracing::Instrument::instrument(future, self.0.clone())
        }

        /// Records how the call ended: for an error its `error.type`, and for a body that did
        /// not decode an event with the status and the JSON path (never the body).
        pub(crate) fn ended<T>(&self, outcome: &Result<T, Error>) {
            let Err(error) = outcome else {
                return;
            };
            self.0.record("error.type", error_type(error));
            self.0.record("otel.status_code", "ERROR");
            if let Error::Decode { status, .. } = error {
                let json_path = error.json_path();
                tracing::info!(
                    parent: &self.0,
                    http.response.status_code = status,
                    json_path = json_path.as_deref(),
                    "the response did not decode"
                );
            }
        }

        /// A page of the stream was read: its number (1 for the first), how many items it
        /// held, and how many the stream has given so far, this page's included.
        #[allow(dead_code)]
        pub(crate) fn page(&self, number: u64, items: usize, items_so_far: u64) {
            tracing::debug!(
                parent: &self.0,
                page = number,
                page.items = items,
                items_so_far,
                "page read"
            );
        }
    }

    /// The span of one try of a request: an OpenTelemetry HTTP client span named
    /// `"{method} {url.template}"`.
    #[derive(Debug)]
    pub(crate) struct TrySpan(tracing::Span);

    impl TrySpan {
        /// The span of the try of `request` that was sent `resend_count` times before, written
        /// in the collection as `template`.
        pub(crate) fn new(
            request: &reqwest::Request,
            template: &str,
            resend_count: u32,
        ) -> TrySpan {
            let span = tracing::info_span!(
                "try",
                otel.name = Empty,
                otel.kind = "client",
                otel.status_code = Empty,
                http.request.method = request.method().as_str(),
                server.address = request.url().host_str(),
                server.port = request.url().port_or_known_default(),
                url.full = Empty,
                url.template = Empty,
                http.request.resend_count = resend_count,
                http.response.status_code = Empty,
                error.type = Empty,
                request_id = Empty,
            );
            if !span.is_disabled() {
                // OpenTelemetry writes path variables `{name}`; the collection's own variables
                // are written `{{name}}`.
                let template = template.replace("{{", "{").replace("}}", "}");
                span.record(
                    "otel.name",
                    format!("{} {template}", request.method()).as_str(),
                );
                span.record("url.template", template.as_str());
            }
            TrySpan(span)
        }

        /// `future` run inside this span.
        pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
            tracing::Instrument::instrument(future, self.0.clone())
        }

        /// Records the url of `request`, about to be sent with every credential on it, unless
        /// its query has more pairs than the `own_query_pairs` its operation sends: what was
        /// added is a credential (an API key, an OAuth 1.0a signature) or the hook's.
        pub(crate) fn sending(&self, request: &reqwest::Request, own_query_pairs: usize) {
            if self.0.is_disabled() || request.url().query_pairs().count() > own_query_pairs {
                return;
            }
            self.0
                .record("url.full", redacted_url(request.url()).as_str());
        }

        /// Records the status of the response and the id the server gave the request.
        pub(crate) fn answered(&self, response: &RawResponse) {
            if self.0.is_disabled() {
                return;
            }
            let status = response.status;
            self.0.record("http.response.status_code", status);
            if status >= 400 {
                self.0.record("error.type", status.to_string().as_str());
                self.0.record("otel.status_code", "ERROR");
            }
            let request_id = request_id(&response.headers);
            if let Some(request_id) = request_id {
                self.0.record("request_id", request_id);
            }
            tracing::debug!(
                parent: &self.0,
                http.response.status_code = status,
                request_id,
                "response"
            );
        }

        /// Records a failure in transport: no response came.
        pub(crate) fn failed(&self, error: &reqwest::Error) {
            let kind = transport_error_type(error);
            self.0.record("error.type", kind);
            self.0.record("otel.status_code", "ERROR");
            tracing::info!(parent: &self.0, error.type = kind, "the request failed");
        }

        /// The request is sent again after `wait`, because of this try's `outcome` (a status
        /// or a failure in transport), waiting as long as the server asked (`Retry-After`)
        /// when `asked`, else the client's backoff.
        pub(crate) fn retrying(
            &self,
            outcome: &Result<RawResponse, reqwest::Error>,
            wait: Duration,
            asked: bool,
        ) {
            let (status, kind) = match outcome {
                Ok(response) => (Some(response.status), None),
                Err(error) => (None, Some(transport_error_type(error))),
            };
            tracing::info!(
                parent: &self.0,
                http.response.status_code = status,
                error.type = kind,
                retry.wait_ms = wait.as_millis() as u64,
                retry.after = asked,
                "retrying"
            );
        }

        /// The server asked for a wait longer than the client takes: its response is returned.
        pub(crate) fn not_waiting(&self, asked: Duration) {
            tracing::info!(
                parent: &self.0,
                retry.after_ms = asked.as_millis() as u64,
                "not retrying: the server asks for too long a wait"
            );
        }

        /// The server refused the credential (401) and the credential learnt something from
        /// it: the request is sent once more.
        pub(crate) fn reauthenticating(&self) {
            tracing::info!(
                parent: &self.0,
                http.response.status_code = 401u16,
                "the credential was refused and renewed: sending once more"
            );
        }
    }

    /// `url` with the values of its secret-named query parameters replaced by `REDACTED`.
    /// It has no user nor password: reqwest moves those of a url to the `Authorization`
    /// header when it builds the request.
    fn redacted_url(url: &reqwest::Url) -> String {
        let mut url = url.clone();
        let secret = |name: &str| {
            crate::SECRET_QUERY_NAMES
                .iter()
                .any(|secret| secret.eq_ignore_ascii_case(name))
        };
        if url.query_pairs().any(|(name, _)| secret(&name)) {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(name, value)| {
                    let value = if secret(&name) {
                        REDACTED.to_string()
                    } else {
                        value.into_owned()
                    };
                    (name.into_owned(), value)
                })
                .collect();
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
        url.to_string()
    }

    /// OpenTelemetry's `error.type` of a failed call.
    fn error_type(error: &Error) -> &'static str {
        match error {
            Error::Transport(source) => transport_error_type(source),
            Error::Decode { .. } => "decode",
            Error::InvalidHeader { .. } => "invalid_header",
            Error::InvalidPathArgument { .. } => "invalid_path_argument",
            Error::MissingVariable { .. } => "missing_variable",
            Error::InvalidParameters(_) => "invalid_parameters",
            Error::Page { .. } => "page",
            Error::ForeignNextPage { .. } => "foreign_next_page",
            Error::Signing(_) => "signing",
            Error::Credential(_) => "credential",
        }
    }

    /// OpenTelemetry's `error.type` of a failure in transport.
    fn transport_error_type(error: &reqwest::Error) -> &'static str {
        if error.is_timeout() {
            "timeout"
        } else if error.is_connect() {
            "connect"
        } else if error.is_redirect() {
            "redirect"
        } else if error.is_body() {
            "body"
        } else if error.is_decode() {
            "decode"
        } else if error.is_builder() {
            "builder"
        } else {
            "request"
        }
    }
}

/// The same names as `traced`, doing nothing: the crate without its `tracing` feature.
#[cfg(not(feature = "tracing"))]
mod untraced {
    use crate::client::Operation;
    use crate::http::RawResponse;
    use crate::Error;
    use std::future::Future;
    use std::time::Duration;

    #[derive(Debug, Clone)]
    pub(crate) struct CallSpan;

    impl CallSpan {
        pub(crate) fn call(_: &Operation) -> CallSpan {
            CallSpan
        }

        #[allow(dead_code)]
        pub(crate) fn pages(_: &Operation) -> CallSpan {
            CallSpan
        }

        pub(crate) fn instrument<F: Future>(&self, future: F) -> F {
            future
        }

        pub(crate) fn ended<T>(&self, _: &Result<T, Error>) {}

        #[allow(dead_code)]
        pub(crate) fn page(&self, _: u64, _: usize, _: u64) {}
    }

    #[derive(Debug)]
    pub(crate) struct TrySpan;

    impl TrySpan {
        pub(crate) fn new(_: &reqwest::Request, _: &str, _: u32) -> TrySpan {
            TrySpan
        }

        pub(crate) fn instrument<F: Future>(&self, future: F) -> F {
            future
        }

        pub(crate) fn sending(&self, _: &reqwest::Request, _: usize) {}

        pub(crate) fn answered(&self, _: &RawResponse) {}

        pub(crate) fn failed(&self, _: &reqwest::Error) {}

        pub(crate) fn retrying(
            &self,
            _: &Result<RawResponse, reqwest::Error>,
            _: Duration,
            _: bool,
        ) {
        }

        pub(crate) fn not_waiting(&self, _: Duration) {}

        pub(crate) fn reauthenticating(&self) {}
    }
}
