//! The client runtime of the emitted crate: `Client`, credentials, the one request helper
//! every operation goes through, and `Error`.
//!
//! Request plumbing lives here once rather than in every operation, which keeps the emitted
//! crate small and quick to compile.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, AuthScheme, ResponseBody};

/// `src/client.rs`.
pub fn client_module(api: &Api, accessors: TokenStream) -> TokenStream {
    let default_base_url = api.default_base_url.as_ref().map(|url| {
        let doc = format!(" The base url the collection's requests are written with: `{url}`.");
        quote! {
            impl Client {
                #[doc = #doc]
                pub const DEFAULT_BASE_URL: &'static str = #url;
            }

            impl Default for Client {
                /// A client for [`Client::DEFAULT_BASE_URL`].
                fn default() -> Self {
                    Client::new(Client::DEFAULT_BASE_URL)
                }
            }
        }
    });
    let (credential_variant, credential_setter, credential_apply) = credentials(api.auth);
    let decoders = decoders(api);
    let path_encoding = path_encoding(api);
    quote! {
        #![doc = " The HTTP client and the request plumbing shared by every operation."]

        use crate::Error;

        /// A client for the API. Cheap to clone: clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            base_url: String,
            http: reqwest::Client,
            credentials: Option<Credentials>,
        }

        #[derive(Clone)]
        enum Credentials {
            #credential_variant
        }

        impl std::fmt::Debug for Client {
            // Credentials never reach logs.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("credentials", &self.credentials.as_ref().map(|_| "<redacted>"))
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            /// A client for `base_url` (`https://host` or `https://host/prefix`, with or without
            /// a trailing slash).
            pub fn new(base_url: impl Into<String>) -> Self {
                Client {
                    base_url: base_url.into().trim_end_matches('/').to_string(),
                    http: reqwest::Client::new(),
                    credentials: None,
                }
            }

            #credential_setter

            /// Sends requests through `http` (timeouts, proxies, default headers, middleware-free TLS settings).
            pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
                self.http = http;
                self
            }

            /// The base url requests are sent to, without a trailing slash.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #accessors

            /// Sends one request and decodes the response into the operation's enum.
            pub(crate) async fn send<R, Q, B>(&self, request: Request<'_, Q, B>) -> Result<R, Error>
            where
                R: ResponseEnum,
                Q: serde::Serialize + ?Sized,
                B: serde::Serialize + ?Sized,
            {
                let url = format!("{}{}", self.base_url, request.path);
                let mut builder = self.http.request(request.method, url);
                for (name, value) in request.headers {
                    let value = reqwest::header::HeaderValue::from_str(value)
                        .map_err(|_| Error::InvalidHeader { name: name.to_string() })?;
                    builder = builder.header(*name, value);
                }
                if let Some(query) = request.query {
                    builder = builder.query(query);
                }
                if let Some(body) = request.body {
                    builder = builder.json(body);
                }
                if request.authenticated {
                    if let Some(credentials) = &self.credentials {
                        #credential_apply
                    }
                }
                let response = builder.send().await.map_err(Error::Transport)?;
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = response.bytes().await.map_err(Error::Transport)?;
                let mut decoded = R::decode(status, &body)?;
                if let Some(undocumented) = decoded.undocumented_mut() {
                    undocumented.headers = headers;
                }
                Ok(decoded)
            }
        }

        #default_base_url

        /// What an operation sends.
        pub(crate) struct Request<'a, Q: ?Sized, B: ?Sized> {
            pub method: reqwest::Method,
            pub path: &'a str,
            pub query: Option<&'a Q>,
            pub headers: &'a [(&'a str, &'a str)],
            pub body: Option<&'a B>,
            pub authenticated: bool,
        }

        /// Implemented by every `{Op}Response` enum so that [`Client::send`] can decode it.
        pub(crate) trait ResponseEnum: Sized {
            fn decode(status: u16, body: &[u8]) -> Result<Self, Error>;
            fn undocumented_mut(&mut self) -> Option<&mut UndocumentedResponse>;
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
            pub(crate) fn new(status: u16, body: &[u8]) -> Self {
                UndocumentedResponse {
                    status,
                    headers: reqwest::header::HeaderMap::new(),
                    body: body.to_vec(),
                }
            }
        }

        #path_encoding

        #decoders
    }
}

/// Path-segment encoding, if any operation has path parameters.
fn path_encoding(api: &Api) -> TokenStream {
    let mut used = false;
    super::scaffold::visit_modules(&api.root, &mut |module| {
        used |= module
            .operations
            .iter()
            .any(|op| op.path.params().next().is_some());
    });
    if !used {
        return TokenStream::new();
    }
    quote! {
        use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

        /// Characters escaped in a path segment: everything but unreserved characters, so
        /// that an argument can never add a segment, a query or a fragment.
        const PATH_SEGMENT: &AsciiSet = &CONTROLS
            .add(b' ').add(b'"').add(b'#').add(b'%').add(b'/').add(b'<').add(b'>').add(b'?')
            .add(b'`').add(b'{').add(b'}').add(b'\\').add(b'^').add(b'|').add(b'[').add(b']')
            .add(b';').add(b'=').add(b'&').add(b'+').add(b'@').add(b':').add(b'$').add(b',')
            .add(b'!').add(b'\'').add(b'(').add(b')').add(b'*');

        /// Percent-encodes `value` as one path segment. Empty, `.` and `..` are refused:
        /// url parsing would resolve them (even encoded) and send the request elsewhere.
        pub(crate) fn path_segment(name: &str, value: &str) -> Result<String, Error> {
            if value.is_empty() || value == "." || value == ".." {
                return Err(Error::InvalidPathArgument { name: name.to_string() });
            }
            Ok(utf8_percent_encode(value, PATH_SEGMENT).to_string())
        }
    }
}

/// The body decoders, each only if some response needs it (unused code would warn).
fn decoders(api: &Api) -> TokenStream {
    let mut json = false;
    let mut text = false;
    super::scaffold::visit_modules(&api.root, &mut |module| {
        for response in module.operations.iter().flat_map(|op| &op.responses) {
            json |= matches!(response.body, ResponseBody::Json(_));
            text |= matches!(response.body, ResponseBody::Text);
        }
    });
    let json = json.then(|| quote! {
        /// Decodes a JSON body of a documented status.
        pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
            serde_json::from_slice(body).map_err(|source| Error::Decode {
                status,
                body: body.to_vec(),
                source: Box::new(source),
            })
        }
    });
    let text = text.then(|| {
        quote! {
            /// Decodes a text body of a documented status.
            pub(crate) fn decode_text(status: u16, body: &[u8]) -> Result<String, Error> {
                String::from_utf8(body.to_vec()).map_err(|source| Error::Decode {
                    status,
                    body: body.to_vec(),
                    source: Box::new(source),
                })
            }
        }
    });
    quote! { #json #text }
}

/// The credentials variant, the `with_*` setter and the expression that applies them.
fn credentials(scheme: AuthScheme) -> (TokenStream, TokenStream, TokenStream) {
    match scheme {
        AuthScheme::Basic => (
            quote! { Basic { username: String, password: String }, },
            quote! {
                /// Sends HTTP basic credentials with every request the collection authenticates.
                pub fn with_basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self.credentials = Some(Credentials::Basic {
                        username: username.into(),
                        password: password.into(),
                    });
                    self
                }
            },
            quote! {
                builder = match credentials {
                    Credentials::Basic { username, password } => builder.basic_auth(username, Some(password)),
                };
            },
        ),
        AuthScheme::Bearer => (
            quote! { Bearer(String), },
            quote! {
                /// Sends `Authorization: Bearer <token>` with every request the collection authenticates.
                pub fn with_bearer_token(mut self, token: impl Into<String>) -> Self {
                    self.credentials = Some(Credentials::Bearer(token.into()));
                    self
                }
            },
            quote! {
                builder = match credentials {
                    Credentials::Bearer(token) => builder.bearer_auth(token),
                };
            },
        ),
        AuthScheme::None => (
            quote! {},
            quote! {},
            // No scheme: `Credentials` has no variants and this is never reached.
            quote! { match *credentials {} },
        ),
    }
}

/// `src/error.rs`.
pub fn error_module() -> TokenStream {
    quote! {
        #![doc = " Errors of every operation."]

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
        }

        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Error::Transport(source) => write!(f, "request failed: {source}"),
                    Error::Decode { status, body, source } => write!(
                        f,
                        "cannot decode the {status} response body ({} bytes): {source}",
                        body.len()
                    ),
                    Error::InvalidHeader { name } => write!(f, "invalid value for header `{name}`"),
                    Error::InvalidPathArgument { name } => {
                        write!(f, "path argument `{name}` must not be empty, `.` or `..`")
                    }
                }
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Error::Transport(source) => Some(source),
                    Error::Decode { source, .. } => Some(source.as_ref()),
                    Error::InvalidHeader { .. } | Error::InvalidPathArgument { .. } => None,
                }
            }
        }
    }
}
