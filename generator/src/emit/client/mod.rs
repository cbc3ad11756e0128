//! `src/client.rs` of the emitted crate: `Client`, its credentials and variables, and the
//! one `send` every operation goes through. The parts that never vary are real Rust in
//! `templates/runtime/` (see [`super::runtime`]); this module prints what the collection
//! decides.

mod credentials;
mod variables;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::code_span;
use super::runtime::{BodyKinds, RuntimeNeeds};
use crate::ir::Api;
use credentials::{credentials, CredentialTokens};
use variables::{variables, VariableTokens};

/// `src/client.rs`.
pub fn client_module(api: &Api, needs: &RuntimeNeeds, accessors: TokenStream) -> TokenStream {
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
    let CredentialTokens {
        fields: credential_fields,
        debug: credential_debug,
        setters: credential_setters,
        variants: auth_variants,
        apply: auth_apply,
    } = credentials(api, needs);
    let VariableTokens {
        fields: variable_fields,
        defaults: variable_defaults,
        setters: variable_setters,
    } = variables(api);
    let (body_variants, body_arms) = bodies(&needs.bodies);
    let pages = needs.pages.then(|| quote! { Pages, });
    // Only a body or a credential changes the request once started (`mut` unused would warn).
    let kinds = &needs.bodies;
    let changes_request = kinds.json
        || kinds.form
        || kinds.text
        || kinds.bytes
        || kinds.multipart
        || !api.credentials.is_empty();
    let builder = if changes_request {
        quote! { mut builder }
    } else {
        quote! { builder }
    };
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
        #![doc = " The HTTP client and the one `send` every operation goes through."]

        pub use crate::http::{Call, CallWithMeta, #pages Response, UndocumentedResponse};
        use crate::http::{
            default_http_client, execute, start_request, CallOptions, RawResponse, RequestHook,
            RetryPolicy, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
        };
        use crate::Error;
        use std::sync::Arc;
        use std::time::Duration;

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
            #credentials_field
            #variables_field
            hook: Option<Arc<RequestHook>>,
        }

        #credentials_struct

        #variables_struct

        impl std::fmt::Debug for Client {
            // Credentials never reach logs: only whether each one is set.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut debug = f.debug_struct("Client");
                debug.field("base_url", &self.base_url);
                debug.field("timeout", &self.timeout);
                debug.field("max_retries", &self.retry.max_retries);
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
                    http: default_http_client(DEFAULT_CONNECT_TIMEOUT),
                    http_given: false,
                    timeout: DEFAULT_TIMEOUT,
                    retry: RetryPolicy::default(),
                    #credentials_init
                    #variables_init
                    hook: None,
                }
            }

            #credential_setters
            #variable_setters

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
            pub fn with_request_hook(mut self, hook: impl Fn(&mut reqwest::Request) + Send + Sync + 'static) -> Self {
                self.hook = Some(Arc::new(hook));
                self
            }

            /// The base url requests are sent to, without a trailing slash.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #accessors

            /// Sends one request with its body and credential, with the client's settings
            /// unless `options` (the call's own) say otherwise, and reads the whole response.
            pub(crate) async fn send(&self, request: Request, options: &CallOptions) -> Result<RawResponse, Error> {
                let #builder = start_request(
                    &self.http,
                    &self.base_url,
                    request.method,
                    &request.path,
                    &request.headers,
                    &request.query,
                    options.timeout.unwrap_or(self.timeout),
                )?;
                match request.body {
                    #body_arms
                }
                match request.auth {
                    #auth_apply
                }
                let (hook, retry) = (self.hook.as_deref(), options.retry(self.retry));
                execute(&self.http, builder, hook, retry, &options.headers).await
            }
        }

        #default_base_url

        /// What an operation sends, already encoded: the path with its arguments, the query
        /// as key-value pairs.
        pub(crate) struct Request {
            pub method: reqwest::Method,
            pub path: String,
            pub query: Vec<(String, String)>,
            pub headers: Vec<(&'static str, String)>,
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
    }
}

/// The `Body` variants some operation sends, and how `send` applies each (an unused variant
/// would warn).
fn bodies(kinds: &BodyKinds) -> (TokenStream, TokenStream) {
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    if kinds.none {
        variants.push(quote! { None, });
        arms.push(quote! { Body::None => {} });
    }
    if kinds.json {
        variants.push(quote! { Json(Vec<u8>, &'static str), });
        arms.push(quote! {
            Body::Json(bytes, content_type) => {
                builder = builder.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes);
            }
        });
    }
    if kinds.form {
        variants.push(quote! { Form(Vec<(String, String)>), });
        arms.push(quote! { Body::Form(pairs) => builder = builder.form(&pairs), });
    }
    if kinds.text {
        variants.push(quote! { Text(String, &'static str), });
        arms.push(quote! {
            Body::Text(text, content_type) => {
                builder = builder.header(reqwest::header::CONTENT_TYPE, content_type).body(text);
            }
        });
    }
    if kinds.bytes {
        variants.push(quote! { Bytes(Vec<u8>, &'static str), });
        arms.push(quote! {
            Body::Bytes(bytes, content_type) => {
                builder = builder.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes);
            }
        });
    }
    if kinds.multipart {
        variants.push(quote! { Multipart(reqwest::multipart::Form), });
        arms.push(quote! { Body::Multipart(form) => builder = builder.multipart(form), });
    }
    (quote! { #( #variants )* }, quote! { #( #arms )* })
}
