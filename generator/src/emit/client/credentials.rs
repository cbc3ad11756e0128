//! The client's credentials: fields, setters, `Auth` variants and how each is sent.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::code_span;
use crate::emit::runtime::RuntimeNeeds;
use crate::emit::types::ident;
use crate::ir::{reserved, Api, Credential, CredentialRef, KeyLocation};

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
