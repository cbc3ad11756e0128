//! The fixed part of the emitted `src/client.rs`: `Client` and the methods that are the same
//! for every collection.
//!
//! Unlike the pieces of `http/`, which are copied as text, this file is read as a syntax tree
//! by the generator (`generator/src/emit/client/fixed.rs`) and printed again with the parts
//! the collection decides, so that the emitted `Client` keeps one `impl` block:
//!
//! - `mod printed` and its `use` are dropped: `printed.rs` stands in, for this crate's
//!   tests, for what the generator prints (`Auth`, the credentials and variables), and in
//!   the emitted file those are items of this module;
//! - the `credentials` and `variables` fields, and their values in `new`, are dropped when the
//!   collection has none;
//! - the credential and variable setters are printed after `new`, the folder accessors after
//!   `base_url`;
//! - `Body` keeps the variants some operation sends, and `send` their arms of
//!   `match request.body`; its arms of `match request.auth` are the collection's credentials
//!   (the ones here stand in for them); `builder` is `mut` only when some arm changes it;
//! - the printed `DEFAULT_BASE_URL` and `Default` come between `impl Client` and `Request`.
//!
//! Doc comments reach the emitted crate; comments such as this one stay here.
//!
//! The struct is here rather than printed (or split around a nested struct of fixed
//! settings) because its fields are what these methods set: kept together, the generator's
//! one rule for credentials and variables (the field and its value in `new` go together)
//! covers both, and the emitted `Client` reads as before.

use crate::http::{
    default_http_client, execute, header_value, own_query_pairs, start_request, CallOptions,
    EveryTry, RawResponse, RequestHook, RequestSigner, RetryPolicy, TryCredential, TrySettings,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
};
use crate::Error;
use std::sync::Arc;
use std::time::Duration;

mod printed;

pub(crate) use printed::{Auth, Credentials, Variables};

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// Nothing waits forever: connecting times out after 10 s and a whole request after
/// 60 s (see [`Client::with_connect_timeout`] and [`Client::with_timeout`]); a timeout
/// is an [`Error::Transport`] for which [`Error::is_timeout`] is true.
///
/// Failures that a second try may fix are retried twice (see
/// [`Client::with_max_retries`]): connection failures, and the statuses 408, 429, 500,
/// 502, 503 and 504, whether or not the collection documents them. GET, HEAD, PUT,
/// DELETE and OPTIONS requests are retried on all of these; POST and PATCH requests only
/// when the server cannot have acted on them: a connection that never opened, 429 and
/// 503. The client waits 0.5 s before the first retry, doubling up to 8 s, less up to a
/// quarter at random; a `Retry-After` or `retry-after-ms` header sets the wait instead,
/// and a server asking for more than 60 s gets no retry: its response is returned. After
/// the last try, the response is decoded as any other.
#[derive(Clone)]
pub struct Client {
    base_url: String,
    http: reqwest::Client,
    /// Given with `with_http_client`: its own settings stand.
    http_given: bool,
    timeout: Duration,
    retry: RetryPolicy,
    credentials: Credentials,
    pub(crate) variables: Variables,
    hook: Option<Arc<RequestHook>>,
    signer: Option<Arc<RequestSigner>>,
    /// `None` when the value given to `with_user_agent` is not valid in a header.
    user_agent: Option<reqwest::header::HeaderValue>,
}

impl Client {
    /// A client for `base_url` (`https://host` or `https://host/prefix`, with or without
    /// a trailing slash).
    pub fn new(base_url: impl Into<String>) -> Self {
        Client {
            base_url: base_url.into().trim_end_matches('/').to_string(),
            http: default_http_client(DEFAULT_CONNECT_TIMEOUT),
            http_given: false,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            credentials: Credentials::default(),
            variables: Variables::default(),
            hook: None,
            signer: None,
            user_agent: Some(reqwest::header::HeaderValue::from_static(crate::USER_AGENT)),
        }
    }

    /// Sends requests through `http` (proxies, default headers, TLS settings). Its own
    /// connect timeout applies; the whole-request timeout of [`Client::with_timeout`]
    /// applies to it too.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self.http_given = true;
        self
    }

    /// How long one try of a request may take, from connecting to the last byte of the
    /// response (default 60 s), whichever HTTP client sends it. A try that times out is
    /// not retried.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long connecting may take (default 10 s). For the HTTP client this crate
    /// builds; a client given with [`Client::with_http_client`] keeps its own.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        if !self.http_given {
            self.http = default_http_client(timeout);
        }
        self
    }

    /// How many times a request that failed in a way a second try may fix is sent again
    /// (default 2; 0 sends every request once). See [`Client`] for what is retried.
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.retry.max_retries = max_retries;
        self
    }

    /// The wait before the first retry when the server does not say (default 0.5 s),
    /// and the longest the doubling may grow it to (default 8 s).
    pub fn with_retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.retry.initial_backoff = initial;
        self.retry.max_backoff = max;
        self
    }

    /// Calls `hook` with every request just before it is sent, every try of it: to sign
    /// requests with an auth scheme the client does not apply itself, or to add headers.
    pub fn with_request_hook(
        mut self,
        hook: impl Fn(&mut reqwest::Request) + Send + Sync + 'static,
    ) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    /// Has `signer` sign every request, every try of it, after every other header is set
    /// (the request hook's too): for schemes the client does not apply itself, including a
    /// signer that has to call out (a key service, a token service). It gets the final
    /// request (method, url, headers, body bytes) and gives it back signed; its error fails
    /// the call with [`Error::Signing`], and the request is not sent.
    ///
    /// ```ignore
    /// let client = client.with_request_signer(|mut request| async move {
    ///     let signature = sign(request.body().and_then(|body| body.as_bytes())).await?;
    ///     request.headers_mut().insert("x-signature", signature.parse()?);
    ///     Ok(request)
    /// });
    /// ```
    pub fn with_request_signer<F, S>(mut self, signer: S) -> Self
    where
        S: Fn(reqwest::Request) -> F + Send + Sync + 'static,
        F: std::future::Future<
                Output = Result<reqwest::Request, Box<dyn std::error::Error + Send + Sync>>,
            > + Send
            + 'static,
    {
        self.signer = Some(Arc::new(move |request| Box::pin(signer(request))));
        self
    }

    /// The `User-Agent` every request sends, unless the collection writes one for it or a
    /// call sets its own with [`Call::header`](crate::client::Call::header). By default this
    /// crate's name and version and the generator's, so that the API's owner can tell its
    /// requests apart; `user_agent` is sent as given. A value that is not valid in a header
    /// (a line break, say) makes every call fail with [`Error::InvalidHeader`].
    pub fn with_user_agent(mut self, user_agent: &str) -> Self {
        self.user_agent = header_value("User-Agent", user_agent).ok();
        self
    }

    /// The base url requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends one request with its body and credential, with the client's settings
    /// unless `options` (the call's own) say otherwise, and reads the whole response.
    pub(crate) async fn send(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<RawResponse, Error> {
        let mut builder = start_request(
            &self.http,
            &self.base_url,
            request.method,
            &request.path,
            &request.headers,
            &request.query,
            options.timeout.unwrap_or(self.timeout),
        )?;
        match request.body {
            Body::None => {}
            Body::Json(bytes, content_type) => {
                builder = builder
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(bytes);
            }
            Body::Form(pairs) => builder = builder.form(&pairs),
            Body::Text(text, content_type) => {
                builder = builder
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(text);
            }
            Body::Bytes(bytes, content_type) => {
                builder = builder
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(bytes);
            }
            Body::Multipart(form) => builder = builder.multipart(form),
        }
        // A credential computed for each try (a signature, a fetched token) is applied by
        // `execute`; one the client is given is set here, once.
        let mut credential: Option<&dyn TryCredential> = None;
        // The generator prints the collection's arms in place of these.
        match request.auth {
            Auth::None => {}
            Auth::Basic => {
                if let Some((username, password)) = &self.credentials.basic {
                    builder = builder.basic_auth(username, Some(password));
                }
            }
            Auth::Digest => {
                credential = self
                    .credentials
                    .digest
                    .as_ref()
                    .map(|digest| digest as &dyn TryCredential);
            }
        }
        let every = EveryTry {
            hook: self.hook.as_deref(),
            credential,
            signer: self.signer.as_deref(),
        };
        let user_agent = self.user_agent.as_ref().ok_or(Error::InvalidHeader {
            name: "User-Agent".to_string(),
        })?;
        let settings = TrySettings {
            headers: &options.headers,
            user_agent,
            template: request.operation.template,
            own_query_pairs: own_query_pairs(&request.path, &request.query),
        };
        let retry = options.retry(self.retry);
        execute(&self.http, builder, every, retry, settings).await
    }
}

/// Which of the collection's requests a call sends: what its trace says it is.
#[derive(Debug, Clone, Copy)]
// Without the `tracing` feature only the template is read.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) struct Operation {
    /// The operation as the crate names it, its folder's module first: `links.update`.
    pub id: &'static str,
    /// The request's Postman item, its folders first: `Links / Update`.
    pub item: &'static str,
    /// The path as the collection writes it, before its holes are filled:
    /// `/api/links/{id}/`.
    pub template: &'static str,
}

/// What an operation sends, already encoded: the path with its arguments, the query
/// as key-value pairs.
pub(crate) struct Request {
    pub operation: Operation,
    pub method: reqwest::Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    pub auth: Auth,
}

impl Request {
    /// The request the operation `id` (the Postman item `item`) sends to `path`, whose holes
    /// the builder fills in order: `{id}` an argument, `{{projectKey}}` a collection
    /// variable, `{{name}}.{{version}}` a segment of several parts.
    pub(crate) fn builder(
        method: reqwest::Method,
        path: &'static str,
        id: &'static str,
        item: &'static str,
    ) -> RequestBuilder {
        let operation = Operation {
            id,
            item,
            template: path,
        };
        RequestBuilder {
            operation,
            request: Ok(Request {
                operation,
                method,
                path: path.to_string(),
                query: Vec::new(),
                headers: Vec::new(),
                body: Body::None,
                auth: Auth::default(),
            }),
        }
    }
}

/// An operation's request, assembled step by step by its method. The first step that fails
/// (an argument that cannot be a path segment, a query that does not encode) is kept and
/// returned when the call is awaited, so that making a call never fails.
///
/// The generator keeps the steps some operation of the crate takes.
pub(crate) struct RequestBuilder {
    /// Kept apart from the request, so that a call that fails before it is sent is traced
    /// as the operation's too.
    pub(crate) operation: Operation,
    pub(crate) request: Result<Request, Error>,
}

/// One part of a path segment written with several (`{{name}}.{{version}}`, `:id.json`).
pub(crate) enum SegmentPart<'a> {
    /// Text of the collection or an argument, encoded with the rest of the segment.
    Text(&'a str),
    /// The value of the collection variable `name`, refused while it is unset.
    Variable(&'static str, &'a str),
}

impl RequestBuilder {
    /// Applies `step` to the request, unless an earlier step failed.
    fn then(mut self, step: impl FnOnce(&mut Request) -> Result<(), Error>) -> Self {
        if let Ok(request) = &mut self.request {
            if let Err(error) = step(request) {
                self.request = Err(error);
            }
        }
        self
    }

    /// Fills the first hole `hole` of the path with `value`, encoded as one segment under
    /// the name `name`. The holes before it are filled already, and what fills a hole is
    /// encoded (no `{`), so the first match is the hole meant.
    fn fill(self, hole: &str, name: &str, value: &str) -> Self {
        self.then(|request| {
            let encoded = crate::http::path_segment(name, value)?;
            request.path = request.path.replacen(hole, &encoded, 1);
            Ok(())
        })
    }

    /// Fills the hole `{name}` with the argument `value`.
    pub(crate) fn path(self, name: &str, value: &str) -> Self {
        self.fill(&format!("{{{name}}}"), name, value)
    }

    /// Fills the hole `{{name}}` with the client's value of the collection variable `name`.
    pub(crate) fn variable(self, name: &str, value: &str) -> Self {
        let hole = format!("{{{{{name}}}}}");
        match crate::http::variable(name, value) {
            Ok(value) => self.fill(&hole, &hole, value),
            Err(error) => self.then(|_| Err(error)),
        }
    }

    /// Fills the hole `hole` with its `parts` joined.
    pub(crate) fn segment(self, hole: &str, parts: &[SegmentPart]) -> Self {
        let mut joined = String::new();
        for part in parts {
            match part {
                SegmentPart::Text(text) => joined.push_str(text),
                SegmentPart::Variable(name, value) => match crate::http::variable(name, value) {
                    Ok(value) => joined.push_str(value),
                    Err(error) => return self.then(|_| Err(error)),
                },
            }
        }
        self.fill(hole, hole, &joined)
    }

    /// Sends the fields of `query` that are set as the query.
    pub(crate) fn query(self, query: &impl serde::Serialize) -> Self {
        self.then(|request| {
            request.query = crate::http::pairs(query)?;
            Ok(())
        })
    }

    /// Sends the header `name: value`.
    pub(crate) fn header(self, name: &str, value: &str) -> Self {
        self.then(|request| {
            request.headers.push((name.to_string(), value.to_string()));
            Ok(())
        })
    }

    /// Sends the fields of `headers` that are set as headers, after those set so far.
    pub(crate) fn headers(self, headers: &impl serde::Serialize) -> Self {
        self.then(|request| {
            request.headers.extend(crate::http::pairs(headers)?);
            Ok(())
        })
    }

    /// Sends `body` as JSON, with the content type `application/json`.
    pub(crate) fn json(self, body: &impl serde::Serialize) -> Self {
        self.json_as(body, "application/json")
    }

    /// Sends `body` as JSON, with the content type `content_type`.
    pub(crate) fn json_as(self, body: &impl serde::Serialize, content_type: &'static str) -> Self {
        self.then(|request| {
            request.body = Body::Json(crate::http::json_body(body)?, content_type);
            Ok(())
        })
    }

    /// Sends the fields of `body` that are set as a url-encoded form.
    pub(crate) fn form(self, body: &impl serde::Serialize) -> Self {
        self.then(|request| {
            request.body = Body::Form(crate::http::pairs(body)?);
            Ok(())
        })
    }

    /// Sends `body` as text of the type `content_type`.
    pub(crate) fn text(self, body: &str, content_type: &'static str) -> Self {
        self.then(|request| {
            request.body = Body::Text(body.to_string(), content_type);
            Ok(())
        })
    }

    /// Sends `body` as bytes of the type `content_type`.
    pub(crate) fn bytes(self, body: Vec<u8>, content_type: &'static str) -> Self {
        self.then(|request| {
            request.body = Body::Bytes(body, content_type);
            Ok(())
        })
    }

    /// Sends `form` as `multipart/form-data`.
    pub(crate) fn multipart(self, form: reqwest::multipart::Form) -> Self {
        self.then(|request| {
            request.body = Body::Multipart(form);
            Ok(())
        })
    }

    /// Sends the credential `auth` instead of the one most requests send.
    pub(crate) fn auth(self, auth: Auth) -> Self {
        self.then(|request| {
            request.auth = auth;
            Ok(())
        })
    }

    /// The call of `client` that sends the request, its response decoded as `T`.
    pub(crate) fn call<T: crate::http::FromResponse>(
        self,
        client: &Client,
    ) -> crate::http::Call<'_, T> {
        crate::http::Call::new(client, T::from_response, self.operation, self.request)
    }
}

/// A request body, already encoded.
pub(crate) enum Body {
    None,
    Json(Vec<u8>, &'static str),
    Form(Vec<(String, String)>),
    Text(String, &'static str),
    Bytes(Vec<u8>, &'static str),
    Multipart(reqwest::multipart::Form),
}
