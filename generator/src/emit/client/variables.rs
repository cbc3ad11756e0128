//! The collection variables the client holds: fields, defaults and setters.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::code_span;
use crate::emit::types::ident;
use crate::ir::Api;

pub(super) struct VariableTokens {
    pub fields: TokenStream,
    pub defaults: TokenStream,
    pub setters: TokenStream,
}

/// One field and setter per variable the requests need.
pub(super) fn variables(api: &Api) -> VariableTokens {
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
