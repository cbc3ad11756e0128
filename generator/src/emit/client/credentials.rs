//! The client's credentials: fields, setters, `Auth` variants and how each is sent.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::code_span;
use crate::emit::runtime::RuntimeNeeds;
use crate::emit::types::ident;
use crate::ir::{
    reserved, Api, Credential, CredentialRef, JwtSettings, KeyLocation, OAuth1Method,
    OAuth1Settings, OAuth2Grant, OAuth2Methods, TokenUrl,
};

pub(super) struct CredentialTokens {
    pub fields: TokenStream,
    pub debug: TokenStream,
    pub setters: TokenStream,
    pub variants: TokenStream,
    pub apply: TokenStream,
}

/// Credential fields, their setters, the `Auth` variants and how each is applied.
pub(super) fn credentials(api: &Api, needs: &RuntimeNeeds) -> CredentialTokens {
    let mut fields = Vec::new();
    let mut debug = Vec::new();
    let mut setters = Vec::new();
    let mut variants = Vec::new();
    let mut apply = Vec::new();
    // `Request::builder` starts from the usual credential; requests name any other.
    let default_mark = |credential: Option<CredentialRef>| {
        (needs.builds_requests() && credential == needs.usual_auth).then(|| {
            quote! {
                /// The credential most requests send: they need not name it.
                #[default]
            }
        })
    };
    // `Auth::None` only when some request sends no credential (an unused variant would warn).
    if needs.unauthenticated {
        let none = ident(reserved::NO_AUTH_VARIANT);
        let mark = default_mark(None);
        variants.push(quote! { #mark #none, });
        apply.push(quote! { Auth::#none => {} });
    }
    for (index, slot) in api.credentials.iter().enumerate() {
        let field = ident(&slot.field);
        let field_name = &slot.field;
        let setter = ident(&slot.setter);
        let variant = ident(&slot.variant);
        let mark = default_mark(Some(CredentialRef(index)));
        variants.push(quote! { #mark #variant, });
        debug.push(quote! {
            debug.field(#field_name, &self.credentials.#field.as_ref().map(|_| "<redacted>"));
        });
        // Where the scheme has several credentials, which one this is.
        let source_doc = (!slot.source.is_empty()).then(|| {
            let variables: Vec<String> = slot
                .source
                .iter()
                .map(|variable| code_span(&format!("{{{{{variable}}}}}")))
                .collect();
            let text = format!(
                " The collection reads it from {}; requests that read another variable send \
                 their own credential.",
                variables.join(" and ")
            );
            quote! {
                #[doc = ""]
                #[doc = #text]
            }
        });
        match &slot.credential {
            Credential::Basic => {
                fields.push(quote! { #field: Option<(String, String)>, });
                setters.push(quote! {
                    /// HTTP basic credentials, sent by the requests the collection authenticates with basic auth.
                    #source_doc
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
                    #source_doc
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
                    #source_doc
                    pub fn #setter(mut self, key: impl Into<String>) -> Self {
                        self.credentials.#field = Some(key.into());
                        self
                    }
                });
                let send = match location {
                    KeyLocation::Header => quote! {
                        builder = builder.header(#name, crate::http::header_value(#name, &format!("{}{key}", #prefix))?);
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
            Credential::Digest => {
                fields.push(quote! { #field: Option<crate::auth::DigestCredential>, });
                setters.push(quote! {
                    /// HTTP Digest credentials (RFC 7616, MD5 or SHA-256): the first request is
                    /// sent without them and the server's 401 challenge answered by sending it
                    /// once more; later requests answer that challenge at once, counting its
                    /// nonce, until the server calls it stale.
                    #source_doc
                    pub fn #setter(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        self.credentials.#field = Some(crate::auth::DigestCredential::new(username.into(), password.into()));
                        self
                    }
                });
                apply.push(computed_arm(&variant, &field));
            }
            Credential::OAuth1(_) if slot.companion_of.is_some() => {
                // Set by its primary's setter, with the placement of its own requests.
                fields.push(quote! { #field: Option<crate::auth::OAuth1Signer>, });
                apply.push(computed_arm(&variant, &field));
            }
            Credential::OAuth1(settings) => {
                fields.push(quote! { #field: Option<crate::auth::OAuth1Signer>, });
                let signer = oauth1_signer(settings);
                // The same secrets placed otherwise by some requests (`in_query`).
                let companions = api
                    .credentials
                    .iter()
                    .filter(|other| other.companion_of == Some(CredentialRef(index)))
                    .map(|companion| {
                        let companion_field = ident(&companion.field);
                        let in_header = matches!(
                            &companion.credential,
                            Credential::OAuth1(settings) if settings.in_header
                        );
                        quote! {
                            self.credentials.#companion_field = Some(crate::auth::OAuth1Signer {
                                in_header: #in_header,
                                ..signer.clone()
                            });
                        }
                    });
                setters.push(quote! {
                    /// OAuth 1.0a credentials (RFC 5849): the consumer's key and secret and
                    /// the user's token and secret. Every try of a request that uses them is
                    /// signed anew, with a fresh nonce and timestamp, and the parameters placed
                    /// as the collection says for that request.
                    #source_doc
                    pub fn #setter(
                        mut self,
                        consumer_key: impl Into<String>,
                        consumer_secret: impl Into<String>,
                        token: impl Into<String>,
                        token_secret: impl Into<String>,
                    ) -> Self {
                        let token: String = token.into();
                        // An empty token is no token: the request is signed by the consumer alone.
                        let token = (!token.is_empty()).then(|| (token, token_secret.into()));
                        let signer = #signer;
                        #( #companions )*
                        self.credentials.#field = Some(signer);
                        self
                    }
                });
                apply.push(computed_arm(&variant, &field));
            }
            Credential::AwsV4(scope) => {
                let scope_field = ident(&format!("{}_scope", slot.field));
                fields.push(quote! {
                    #field: Option<crate::auth::AwsSigner>,
                    #scope_field: Option<(String, String)>,
                });
                let scope_setter =
                    ident(slot.aws_scope_setter.as_deref().unwrap_or("with_aws_scope"));
                let (region, service, in_query) = (&scope.region, &scope.service, scope.in_query);
                let doc = format!(
                    " AWS credentials: every try of a request that uses them is signed with \
                     Signature Version 4 when it is sent, for the region {} and the service {} \
                     (the collection's; see [`Client::{}`]){}. An empty `session_token` sends none. \
                     A request that cannot be signed fails with [`crate::Error::Credential`].",
                    code_span(region),
                    code_span(service),
                    scope_setter,
                    if in_query { ", presigned in the query" } else { "" }
                );
                setters.push(quote! {
                    #[doc = #doc]
                    #source_doc
                    pub fn #setter(
                        mut self,
                        access_key_id: impl Into<String>,
                        secret_access_key: impl Into<String>,
                        session_token: impl Into<String>,
                    ) -> Self {
                        let session_token: String = session_token.into();
                        let (region, service) = self
                            .credentials
                            .#scope_field
                            .clone()
                            .unwrap_or_else(|| (#region.to_string(), #service.to_string()));
                        let scope = crate::auth::AwsScope { region, service, in_query: #in_query };
                        self.credentials.#field = Some(crate::auth::AwsSigner {
                            credentials: crate::auth::AwsCredentials {
                                access_key_id: access_key_id.into(),
                                secret_access_key: secret_access_key.into(),
                                session_token: (!session_token.is_empty()).then_some(session_token),
                            },
                            scope,
                        });
                        self
                    }

                    /// The region and service AWS signatures are for, in place of the
                    /// collection's; before or after the credentials are set.
                    pub fn #scope_setter(mut self, region: impl Into<String>, service: impl Into<String>) -> Self {
                        let (region, service): (String, String) = (region.into(), service.into());
                        if let Some(signer) = &mut self.credentials.#field {
                            signer.scope.region = region.clone();
                            signer.scope.service = service.clone();
                        }
                        self.credentials.#scope_field = Some((region, service));
                        self
                    }
                });
                apply.push(computed_arm(&variant, &field));
            }
            Credential::Jwt(settings) => {
                fields.push(quote! { #field: Option<crate::auth::JwtSigner>, });
                setters.push(jwt_setter(settings, &setter, &field, &source_doc));
                apply.push(computed_arm(&variant, &field));
            }
            Credential::OAuth2(grant) => {
                let url_field = ident(&format!("{}_token_url", slot.field));
                fields.push(quote! {
                    #field: Option<crate::auth::OAuth2Bearer>,
                    #url_field: Option<String>,
                });
                let methods = slot
                    .oauth2
                    .as_ref()
                    .expect("lower/auth.rs names the methods of every OAuth 2.0 credential");
                setters.push(oauth2_setters(
                    grant,
                    &slot.setter,
                    methods,
                    &field,
                    &url_field,
                    &source_doc,
                ));
                apply.push(computed_arm(&variant, &field));
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

/// The arm of `send` for a credential computed for each try: `execute` applies it.
fn computed_arm(variant: &syn::Ident, field: &syn::Ident) -> TokenStream {
    quote! {
        Auth::#variant => {
            credential = self
                .credentials
                .#field
                .as_ref()
                .map(|credential| credential as &dyn TryCredential);
        }
    }
}

/// The setter of a JWT credential: the secret (`HS*`) or private key the tokens are signed
/// with, the collection's header, claims and placement around it.
fn jwt_setter(
    settings: &JwtSettings,
    setter: &syn::Ident,
    field: &syn::Ident,
    source_doc: &Option<TokenStream>,
) -> TokenStream {
    let algorithm = ident(&{
        let (family, bits) = settings.algorithm.split_at(1);
        format!("{family}{}", bits.to_ascii_lowercase())
    });
    let (header, payload) = (&settings.header, &settings.payload);
    let placement = match &settings.query_key {
        Some(key) => quote! { crate::auth::JwtPlacement::Query { key: #key.to_string() } },
        None => {
            let prefix = &settings.prefix;
            quote! { crate::auth::JwtPlacement::Header { prefix: #prefix.to_string() } }
        }
    };
    let where_sent = match &settings.query_key {
        Some(key) => format!("in the query parameter {}", code_span(key)),
        None if settings.prefix.is_empty() => "as the `Authorization` header".to_string(),
        None => format!("as `Authorization: {} <token>`", settings.prefix),
    };
    let doc = format!(
        " A JSON Web Token ({}) made for every try from the collection's header and claims, \
         signed with {}, and sent {where_sent}. A key that cannot sign fails the calls with \
         [`crate::Error::Credential`]; nothing is sent unsigned.",
        settings.algorithm,
        if settings.uses_secret() {
            "`secret`"
        } else {
            "`private_key`, a PEM (PKCS#8, or PKCS#1 for RSA)"
        }
    );
    let (parameter, key) = if settings.uses_secret() {
        let base64 = settings.secret_base64;
        (
            quote! { secret },
            quote! { crate::auth::JwtKey::postman_secret(&secret.into(), #base64) },
        )
    } else {
        (
            quote! { private_key },
            quote! { Ok(crate::auth::JwtKey::PrivateKeyPem(private_key.into())) },
        )
    };
    quote! {
        #[doc = #doc]
        #source_doc
        pub fn #setter(mut self, #parameter: impl Into<String>) -> Self {
            self.credentials.#field = Some(crate::auth::JwtSigner {
                settings: crate::auth::JwtSettings {
                    algorithm: crate::auth::JwtAlgorithm::#algorithm,
                    header: crate::auth::json_object(#header),
                    payload: crate::auth::json_object(#payload),
                    placement: #placement,
                },
                key: #key,
            });
            self
        }
    }
}

/// The `OAuth1Signer` an OAuth 1.0a setter builds from its arguments.
fn oauth1_signer(settings: &OAuth1Settings) -> TokenStream {
    let method = match settings.method {
        OAuth1Method::HmacSha1 => quote! { HmacSha1 },
        OAuth1Method::HmacSha256 => quote! { HmacSha256 },
        OAuth1Method::Plaintext => quote! { Plaintext },
    };
    let realm = match &settings.realm {
        Some(realm) => quote! { Some(#realm.to_string()) },
        None => quote! { None },
    };
    let (version, in_header) = (settings.version, settings.in_header);
    quote! {
        crate::auth::OAuth1Signer {
            credentials: crate::auth::OAuth1Credentials {
                consumer_key: consumer_key.into(),
                consumer_secret: consumer_secret.into(),
                token,
                method: crate::auth::OAuth1Method::#method,
                realm: #realm,
                version: #version,
            },
            in_header: #in_header,
        }
    }
}

/// The token url an OAuth 2.0 setter starts from (the one set with the token url setter,
/// else the collection's), and how its docs name it.
fn token_url(written: &TokenUrl, url_field: &syn::Ident) -> (TokenStream, String) {
    let set = quote! { self.credentials.#url_field.clone() };
    match written {
        TokenUrl::UnderBaseUrl(path) => (
            quote! { #set.unwrap_or_else(|| format!("{}{}", self.base_url, #path)) },
            format!(
                "the token endpoint {} under the client's base url",
                code_span(path)
            ),
        ),
        TokenUrl::Absolute(url) => (
            quote! { #set.unwrap_or_else(|| #url.to_string()) },
            format!("the collection's token endpoint, {}", code_span(url)),
        ),
        // No url: the calls fail with `Error::Credential` (`TokenError::NoTokenUrl`), sending nothing.
        TokenUrl::Unset => (
            quote! { #set.unwrap_or_default() },
            "the token endpoint set with the token url setter (the collection gives none)"
                .to_string(),
        ),
    }
}

/// The setters (and the refresh token's getter) of an OAuth 2.0 credential: the grant the
/// collection describes, the token url, the application's own provider.
fn oauth2_setters(
    grant: &OAuth2Grant,
    setter: &str,
    methods: &OAuth2Methods,
    field: &syn::Ident,
    url_field: &syn::Ident,
    source_doc: &Option<TokenStream>,
) -> TokenStream {
    let (token_url, where_asked) = token_url(&grant.token_url, url_field);
    let scope = match &grant.scope {
        Some(scope) => quote! { Some(#scope.to_string()) },
        None => quote! { None },
    };
    let extra = grant
        .extra
        .iter()
        .map(|(key, value)| quote! { (#key.to_string(), #value.to_string()) });
    let authentication = if grant.credentials_in_body {
        quote! { Body }
    } else {
        quote! { BasicHeader }
    };
    let prefix = &grant.prefix;
    let bearer = |tokens: TokenStream| {
        quote! {
            crate::auth::OAuth2Bearer {
                tokens: #tokens,
                prefix: #prefix.to_string(),
            }
        }
    };
    let renewal = format!(
        " The token is shared by the client's clones and calls (one request for all that wait), \
         renewed before it expires and once more when a request is answered 401 (that request \
         is then sent again), and sent as `Authorization: {prefix} <token>`. A token endpoint \
         that refuses fails the call with [`crate::Error::Credential`], whose source is a \
         [`crate::TokenError`]."
    );
    let (setter, url_setter, provider) = (
        ident(setter),
        ident(&methods.token_url),
        ident(&methods.provider),
    );
    let grant_setter = if grant.client_credentials {
        let doc = format!(
            " OAuth 2.0 client credentials (RFC 6749 §4.4): the client asks {where_asked} for \
             access tokens itself."
        );
        let tokens = bearer(quote! {
            crate::auth::TokenSource::new(crate::auth::ClientCredentials {
                token_url: #token_url,
                client_id: client_id.into(),
                client_secret: client_secret.into(),
                scope: #scope,
                extra: vec![#( #extra ),*],
                authentication: crate::auth::ClientAuthentication::#authentication,
            })
        });
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #renewal]
            #source_doc
            pub fn #setter(mut self, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
                self.credentials.#field = Some(#tokens);
                self
            }
        }
    } else {
        let getter = ident(
            methods
                .refresh_token
                .as_deref()
                .unwrap_or("oauth2_refresh_token"),
        );
        let doc = format!(
            " OAuth 2.0 tokens renewed with a refresh token (RFC 6749 §6) that a user obtained \
             with the access token (the collection's grant): the client asks {where_asked} for \
             each new access token. Token endpoints may rotate the refresh token and refuse the \
             old one: store the latest, [`Client::{getter}`], where the next run finds it."
        );
        let tokens = bearer(quote! {
            crate::auth::TokenSource::refreshing(crate::auth::RefreshGrant {
                token_url: #token_url,
                client_id: client_id.into(),
                client_secret: client_secret.into(),
                refresh_token: refresh_token.into(),
                scope: #scope,
                extra: vec![#( #extra ),*],
                authentication: crate::auth::ClientAuthentication::#authentication,
                access_token: None,
                on_rotate: None,
            })
        });
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #renewal]
            #source_doc
            pub fn #setter(
                mut self,
                client_id: impl Into<String>,
                client_secret: impl Into<String>,
                refresh_token: impl Into<String>,
            ) -> Self {
                self.credentials.#field = Some(#tokens);
                self
            }

            /// The refresh token the next renewal sends: the latest the token endpoint gave.
            /// `None` before the refresh token is set, or when tokens come from a provider.
            pub fn #getter(&self) -> Option<String> {
                let bearer = self.credentials.#field.as_ref()?;
                bearer.tokens.current_refresh_token().map(|token| token.to_string())
            }
        }
    };
    let url_doc = format!(
        " Asks `url` for OAuth 2.0 tokens instead of {where_asked}; before or after \
         [`Client::{setter}`]."
    );
    let provided = bearer(quote! { crate::auth::TokenSource::provided(provider) });
    quote! {
        #grant_setter

        #[doc = #url_doc]
        pub fn #url_setter(mut self, url: impl Into<String>) -> Self {
            let url: String = url.into();
            if let Some(bearer) = &mut self.credentials.#field {
                bearer.tokens = bearer.tokens.with_token_url(url.clone());
            }
            self.credentials.#url_field = Some(url);
            self
        }

        /// OAuth 2.0 access tokens from `provider`, the application's own way to get them
        /// (a flow the collection cannot describe), instead of the token endpoint. It is
        /// called when a token is first needed, and again before the one it gave expires (its
        /// `expires_in`) or once the API refuses it; calls that wait meanwhile share one
        /// call. Its error fails the calls with [`crate::Error::Credential`].
        pub fn #provider(
            mut self,
            provider: impl Fn() -> crate::ProviderFuture + Send + Sync + 'static,
        ) -> Self {
            self.credentials.#field = Some(#provided);
            self
        }
    }
}
