//! `src/client.rs` of the emitted crate: `Client`, its credentials and variables, and the
//! one `send` every operation goes through. `Client` and its methods that never vary are
//! real Rust in `templates/runtime/src/client.rs` (see [`fixed`]); this module prints what
//! the collection decides, in and around them.

mod credentials;
mod fixed;
mod variables;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::code_span;
use super::runtime::RuntimeNeeds;
use crate::ir::Api;
use credentials::{credentials, CredentialTokens};
use fixed::{fixed_client, ClientParts, FixedClient};
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
    let pages = needs.pages.then(|| quote! { Pages, });
    let credentials_struct = (!api.credentials.is_empty()).then(|| {
        quote! {
            /// Credentials, each sent only by the requests the collection authenticates with it.
            #[derive(Clone, Default)]
            struct Credentials {
                #credential_fields
            }
        }
    });
    // Only collections with path variables need the client to hold them.
    let variables_struct = (!api.variables.is_empty()).then(|| {
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
        }
    });
    let FixedClient {
        uses,
        client,
        methods,
        request,
        builder,
        body,
    } = fixed_client(&ClientParts {
        credentials: !api.credentials.is_empty(),
        variables: !api.variables.is_empty(),
        setters: quote! { #credential_setters #variable_setters },
        accessors,
        bodies: &needs.bodies,
        auth_arms: auth_apply,
        computes_credentials: needs.computed.any(),
        builder_steps: &needs.builder_steps,
    });
    // `Request::builder` starts every request with the usual credential.
    let auth_default = needs.builds_requests().then(|| quote! { Default, });
    quote! {
        #![doc = " The HTTP client and the one `send` every operation goes through."]

        pub use crate::http::{Call, CallWithMeta, #pages Response, UndocumentedResponse};
        #uses

        #client

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

        #methods

        #default_base_url

        #request

        #builder

        #body

        /// Which credential a request sends.
        #[derive(Clone, Copy, #auth_default)]
        pub(crate) enum Auth {
            #auth_variants
        }
    }
}
