//! The client runtime of the emitted crate: `Client`, credentials, the one request helper
//! every operation goes through, and `Error`.
//!
//! Request plumbing lives here once rather than in every operation, which keeps the emitted
//! crate small and quick to compile.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::code_span;
use super::types::ident;
use crate::ir::{
    Api, Credential, KeyLocation, PathSegment, RequestBody, ResponseBody, SegmentPart,
};

/// `src/client.rs`.
pub fn client_module(api: &Api, accessors: TokenStream) -> TokenStream {
    let default_base_url = api.default_base_url.as_ref().map(|url| {
        let doc = format!(
            " The base url the collection's requests are written with: {}.",
            code_span(url)
        );
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
    let credentials = credentials(api);
    let variables = variables(api);
    let decoders = decoders(api);
    let (body_variants, body_arms, json_body) = bodies(api);
    let path_encoding = path_encoding(api);
    let CredentialTokens {
        fields: credential_fields,
        debug: credential_debug,
        setters: credential_setters,
        variants: auth_variants,
        apply: auth_apply,
    } = credentials;
    let VariableTokens {
        fields: variable_fields,
        defaults: variable_defaults,
        setters: variable_setters,
    } = variables;
    let (credentials_struct, credentials_field, credentials_init) = if api.credentials.is_empty() {
        (quote! {}, quote! {}, quote! {})
    } else {
        (
            quote! {
                /// Credentials, each sent only by the requests the collection authenticates with it.
                #[derive(Clone, Default)]
                struct Credentials {
                    #credential_fields
                }
            },
            quote! { credentials: Credentials, },
            quote! { credentials: Credentials::default(), },
        )
    };
    // Only collections with path variables need the client to hold them.
    let (variables_struct, variables_field, variables_init) = if api.variables.is_empty() {
        (quote! {}, quote! {}, quote! {})
    } else {
        (
            quote! {
                /// Collection variables the requests need.
                #[derive(Clone)]
                pub(crate) struct Variables {
                    #variable_fields
                }

                impl Default for Variables {
                    fn default() -> Self {
                        Variables {
                            #variable_defaults
                        }
                    }
                }
            },
            quote! { pub(crate) variables: Variables, },
            quote! { variables: Variables::default(), },
        )
    };
    quote! {
        #![doc = " The HTTP client and the request plumbing shared by every operation."]

        use std::sync::Arc;

        use crate::Error;

        /// A client for the API. Cheap to clone: clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            base_url: String,
            http: reqwest::Client,
            #credentials_field
            #variables_field
            hook: Option<Arc<RequestHook>>,
        }

        /// Called with every request just before it is sent (see [`Client::with_request_hook`]).
        type RequestHook = dyn Fn(&mut reqwest::Request) + Send + Sync;

        #credentials_struct

        #variables_struct

        impl std::fmt::Debug for Client {
            // Credentials never reach logs: only whether each one is set.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut debug = f.debug_struct("Client");
                debug.field("base_url", &self.base_url);
                #credential_debug
                debug.finish_non_exhaustive()
            }
        }

        impl Client {
            /// A client for `base_url` (`https://host` or `https://host/prefix`, with or without
            /// a trailing slash).
            pub fn new(base_url: impl Into<String>) -> Self {
                Client {
                    base_url: base_url.into().trim_end_matches('/').to_string(),
                    http: reqwest::Client::new(),
                    #credentials_init
                    #variables_init
                    hook: None,
                }
            }

            #credential_setters
            #variable_setters

            /// Sends requests through `http` (timeouts, proxies, default headers).
            pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
                self.http = http;
                self
            }

            /// Calls `hook` with every request just before it is sent: to sign requests with
            /// an auth scheme the client does not apply itself, or to add headers.
            pub fn with_request_hook(mut self, hook: impl Fn(&mut reqwest::Request) + Send + Sync + 'static) -> Self {
                self.hook = Some(Arc::new(hook));
                self
            }

            /// The base url requests are sent to, without a trailing slash.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #accessors

            /// Sends one request and decodes the response into the operation's enum.
            pub(crate) async fn send<R, Q>(&self, request: Request<'_, Q>) -> Result<R, Error>
            where
                R: ResponseEnum,
                Q: serde::Serialize + ?Sized,
            {
                let url = format!("{}{}", self.base_url, request.path);
                let mut builder = self.http.request(request.method, url);
                for (name, value) in request.headers {
                    builder = builder.header(*name, header_value(name, value)?);
                }
                if let Some(query) = request.query {
                    builder = builder.query(&pairs(query)?);
                }
                match request.body {
                    #body_arms
                }
                match request.auth {
                    #auth_apply
                }
                let mut http_request = builder.build().map_err(transport)?;
                if let Some(hook) = &self.hook {
                    hook(&mut http_request);
                }
                let response = self.http.execute(http_request).await.map_err(transport)?;
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = response.bytes().await.map_err(transport)?;
                let mut decoded = R::decode(status, &body)?;
                if let Some(undocumented) = decoded.undocumented_mut() {
                    undocumented.headers = headers;
                }
                Ok(decoded)
            }
        }

        #default_base_url

        /// What an operation sends.
        pub(crate) struct Request<'a, Q: ?Sized> {
            pub method: reqwest::Method,
            pub path: &'a str,
            pub query: Option<&'a Q>,
            pub headers: &'a [(&'a str, &'a str)],
            pub body: Body,
            pub auth: Auth,
        }

        /// A request body, already encoded.
        pub(crate) enum Body {
            #body_variants
        }

        /// Which credential a request sends.
        #[derive(Clone, Copy)]
        pub(crate) enum Auth {
            #auth_variants
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

            /// Decodes the body as JSON into any type, `serde_json::Value` included: for
            /// requests the collection has no example of.
            pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
                serde_json::from_slice(&self.body)
            }
        }

        /// A transport error without its url, which may hold an API key in the query.
        fn transport(error: reqwest::Error) -> Error {
            Error::Transport(error.without_url())
        }

        /// A header value, refused (never a panic) when it could inject a header: CR, LF, NUL.
        fn header_value(name: &str, value: &str) -> Result<reqwest::header::HeaderValue, Error> {
            reqwest::header::HeaderValue::from_str(value).map_err(|_| Error::InvalidHeader { name: name.to_string() })
        }

        /// Key-value pairs of a query or form struct: unset fields are left out, lists repeat
        /// their key.
        pub(crate) fn pairs<T: serde::Serialize + ?Sized>(fields: &T) -> Result<Vec<(String, String)>, Error> {
            let serde_json::Value::Object(fields) = serde_json::to_value(fields).map_err(Error::InvalidParameters)? else {
                return Ok(Vec::new());
            };
            let mut pairs = Vec::new();
            for (key, value) in fields {
                let values = match value {
                    serde_json::Value::Array(items) => items,
                    single => vec![single],
                };
                for value in values {
                    let text = match value {
                        serde_json::Value::Null => continue,
                        serde_json::Value::String(text) => text,
                        other => other.to_string(),
                    };
                    pairs.push((key.clone(), text));
                }
            }
            Ok(pairs)
        }

        #json_body

        #path_encoding

        #decoders
    }
}

struct CredentialTokens {
    fields: TokenStream,
    debug: TokenStream,
    setters: TokenStream,
    variants: TokenStream,
    apply: TokenStream,
}

/// Credential fields, their setters, the `Auth` variants and how each is applied.
fn credentials(api: &Api) -> CredentialTokens {
    let mut fields = Vec::new();
    let mut debug = Vec::new();
    let mut setters = Vec::new();
    // `Auth::None` only when some request sends no credential (an unused variant would warn).
    let mut unauthenticated = false;
    super::scaffold::visit_modules(&api.root, &mut |module| {
        unauthenticated |= module.operations.iter().any(|op| op.auth.is_none());
    });
    let mut variants = Vec::new();
    let mut apply = Vec::new();
    if unauthenticated {
        variants.push(quote! { None, });
        apply.push(quote! { Auth::None => {} });
    }
    for slot in &api.credentials {
        let field = ident(&slot.field);
        let field_name = &slot.field;
        let setter = ident(&slot.setter);
        let variant = ident(&slot.variant);
        variants.push(quote! { #variant, });
        debug.push(quote! {
            debug.field(#field_name, &self.credentials.#field.as_ref().map(|_| "<redacted>"));
        });
        match &slot.credential {
            Credential::Basic => {
                fields.push(quote! { #field: Option<(String, String)>, });
                setters.push(quote! {
                    /// HTTP basic credentials, sent by the requests the collection authenticates with basic auth.
                    pub fn #setter(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        self.credentials.#field = Some((username.into(), password.into()));
                        self
                    }
                });
                apply.push(quote! {
                    Auth::#variant => {
                        if let Some((username, password)) = &self.credentials.#field {
                            builder = builder.basic_auth(username, Some(password));
                        }
                    }
                });
            }
            Credential::Bearer => {
                fields.push(quote! { #field: Option<String>, });
                setters.push(quote! {
                    /// A bearer token (an OAuth 2.0 access token, too), sent as
                    /// `Authorization: Bearer <token>` by the requests that use it.
                    pub fn #setter(mut self, token: impl Into<String>) -> Self {
                        self.credentials.#field = Some(token.into());
                        self
                    }
                });
                apply.push(quote! {
                    Auth::#variant => {
                        if let Some(token) = &self.credentials.#field {
                            builder = builder.bearer_auth(token);
                        }
                    }
                });
            }
            Credential::ApiKey {
                name,
                location,
                prefix,
            } => {
                fields.push(quote! { #field: Option<String>, });
                let where_sent = match location {
                    KeyLocation::Header => format!(
                        " An API key, sent as the {} header by the requests that use it.",
                        code_span(name)
                    ),
                    KeyLocation::Query => format!(
                        " An API key, sent as the {} query parameter by the requests that use it.",
                        code_span(name)
                    ),
                };
                setters.push(quote! {
                    #[doc = #where_sent]
                    pub fn #setter(mut self, key: impl Into<String>) -> Self {
                        self.credentials.#field = Some(key.into());
                        self
                    }
                });
                let send = match location {
                    KeyLocation::Header => quote! {
                        builder = builder.header(#name, header_value(#name, &format!("{}{key}", #prefix))?);
                    },
                    KeyLocation::Query => quote! {
                        builder = builder.query(&[(#name, format!("{}{key}", #prefix))]);
                    },
                };
                apply.push(quote! {
                    Auth::#variant => {
                        if let Some(key) = &self.credentials.#field {
                            #send
                        }
                    }
                });
            }
        }
    }
    CredentialTokens {
        fields: quote! { #( #fields )* },
        debug: quote! { #( #debug )* },
        setters: quote! { #( #setters )* },
        variants: quote! { #( #variants )* },
        apply: quote! { #( #apply )* },
    }
}

struct VariableTokens {
    fields: TokenStream,
    defaults: TokenStream,
    setters: TokenStream,
}

fn variables(api: &Api) -> VariableTokens {
    let mut fields = Vec::new();
    let mut defaults = Vec::new();
    let mut setters = Vec::new();
    for variable in &api.variables {
        let field = ident(&variable.field);
        let setter = ident(&variable.setter);
        fields.push(quote! { pub #field: String, });
        let default = variable.default.clone().unwrap_or_default();
        defaults.push(quote! { #field: #default.to_string(), });
        let doc = match &variable.default {
            Some(value) => format!(
                " Sets the collection variable {} (default {}).",
                code_span(&format!("{{{{{}}}}}", variable.name)),
                code_span(value)
            ),
            None => format!(
                " Sets the collection variable {}; requests that use it fail with `Error::MissingVariable` until it is set.",
                code_span(&format!("{{{{{}}}}}", variable.name))
            ),
        };
        setters.push(quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: impl Into<String>) -> Self {
                self.variables.#field = value.into();
                self
            }
        });
    }
    VariableTokens {
        fields: quote! { #( #fields )* },
        defaults: quote! { #( #defaults )* },
        setters: quote! { #( #setters )* },
    }
}

/// The `Body` variants operations use, how `send` applies each, and the JSON encoder.
fn bodies(api: &Api) -> (TokenStream, TokenStream, TokenStream) {
    let (mut none, mut json, mut form, mut text, mut bytes, mut multipart) =
        (false, false, false, false, false, false);
    super::scaffold::visit_modules(&api.root, &mut |module| {
        for operation in &module.operations {
            match &operation.body {
                None => none = true,
                Some(RequestBody::Json(..)) => json = true,
                Some(RequestBody::Form(_)) => form = true,
                Some(RequestBody::Text { .. }) => text = true,
                Some(RequestBody::Binary { .. }) => bytes = true,
                Some(RequestBody::Multipart { .. }) => multipart = true,
            }
        }
    });
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    if none {
        variants.push(quote! { None, });
        arms.push(quote! { Body::None => {} });
    }
    if json {
        variants.push(quote! { Json(Vec<u8>, &'static str), });
        arms.push(quote! {
            Body::Json(bytes, content_type) => {
                builder = builder.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes);
            }
        });
    }
    if form {
        variants.push(quote! { Form(Vec<(String, String)>), });
        arms.push(quote! { Body::Form(pairs) => builder = builder.form(&pairs), });
    }
    if text {
        variants.push(quote! { Text(String, &'static str), });
        arms.push(quote! {
            Body::Text(text, content_type) => {
                builder = builder.header(reqwest::header::CONTENT_TYPE, content_type).body(text);
            }
        });
    }
    if bytes {
        variants.push(quote! { Bytes(Vec<u8>, &'static str), });
        arms.push(quote! {
            Body::Bytes(bytes, content_type) => {
                builder = builder.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes);
            }
        });
    }
    if multipart {
        variants.push(quote! { Multipart(reqwest::multipart::Form), });
        arms.push(quote! { Body::Multipart(form) => builder = builder.multipart(form), });
    }
    let json_body = json.then(|| {
        quote! {
            /// Encodes a JSON request body.
            pub(crate) fn json_body<T: serde::Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, Error> {
                serde_json::to_vec(body).map_err(Error::InvalidParameters)
            }
        }
    });
    (
        quote! { #( #variants )* },
        quote! { #( #arms )* },
        quote! { #json_body },
    )
}

/// Path-segment encoding, if any operation has path parameters.
fn path_encoding(api: &Api) -> TokenStream {
    let mut used = false;
    let mut templates = false;
    super::scaffold::visit_modules(&api.root, &mut |module| {
        for segment in module.operations.iter().flat_map(|op| &op.path.segments) {
            used |= !matches!(segment, PathSegment::Literal(_));
            templates |= matches!(segment, PathSegment::Template { parts, .. }
                if parts.iter().any(|part| matches!(part, SegmentPart::Variable(_))));
        }
    });
    if !used {
        return TokenStream::new();
    }
    let variable = templates.then(|| {
        quote! {
            /// The value of a collection variable a path needs, refused while it is unset.
            pub(crate) fn variable<'a>(name: &str, value: &'a str) -> Result<&'a str, Error> {
                if value.is_empty() {
                    return Err(Error::MissingVariable { name: name.to_string() });
                }
                Ok(value)
            }
        }
    });
    quote! {
        #variable

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
            /// A collection variable the request needs has no value; set it on the client.
            MissingVariable { name: String },
            /// A query, form or JSON body struct could not be encoded.
            InvalidParameters(serde_json::Error),
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
                    Error::MissingVariable { name } => {
                        write!(f, "collection variable `{name}` is not set on the client")
                    }
                    Error::InvalidParameters(source) => write!(f, "cannot encode the request: {source}"),
                }
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Error::Transport(source) => Some(source),
                    Error::Decode { source, .. } => Some(source.as_ref()),
                    Error::InvalidParameters(source) => Some(source),
                    Error::InvalidHeader { .. } | Error::InvalidPathArgument { .. } | Error::MissingVariable { .. } => None,
                }
            }
        }
    }
}
