//! `{Op}Response`: one variant per documented status plus `Undocumented`, and its decoding.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::docs::doc_attrs;
use crate::emit::types::{ident, type_tokens};
use crate::ir::{Api, Operation, ResponseBody, StatusResponse, TypeHome};

pub(super) fn response_enum(
    api: &Api,
    operation: &Operation,
    here: &TypeHome,
    method_link: &str,
) -> TokenStream {
    let name = ident(&operation.response_enum);
    let doc = format!(" Every response of {method_link}, by status.");
    let variants = operation.responses.iter().map(|response| {
        let variant = ident(&response.variant);
        let docs = variant_docs(response);
        match &response.body {
            ResponseBody::Empty => quote! { #docs #variant, },
            ResponseBody::Text => quote! { #docs #variant(String), },
            ResponseBody::Json(ty) => {
                let ty = type_tokens(ty, &api.types, here);
                quote! { #docs #variant(#ty), }
            }
        }
    });
    let decode_arms = operation.responses.iter().map(|response| {
        let variant = ident(&response.variant);
        let status = Literal::u16_unsuffixed(response.status);
        match &response.body {
            ResponseBody::Empty => quote! { #status => Ok(Self::#variant), },
            ResponseBody::Text => {
                quote! { #status => crate::http::decode_text(&response).map(Self::#variant), }
            }
            ResponseBody::Json(_) => {
                quote! { #status => crate::http::decode_json(&response).map(Self::#variant), }
            }
        }
    });
    let status_arms = operation.responses.iter().map(|response| {
        let variant = ident(&response.variant);
        let status = Literal::u16_unsuffixed(response.status);
        match &response.body {
            ResponseBody::Empty => quote! { Self::#variant => #status, },
            _ => quote! { Self::#variant(_) => #status, },
        }
    });
    let undocumented = quote! { Ok(Self::Undocumented(response.into_undocumented())) };
    let (decode_body, status_body) = if operation.responses.is_empty() {
        (
            undocumented,
            quote! { let Self::Undocumented(response) = self; response.status },
        )
    } else {
        (
            quote! {
                match response.status {
                    #( #decode_arms )*
                    _ => #undocumented,
                }
            },
            quote! {
                match self {
                    #( #status_arms )*
                    Self::Undocumented(response) => response.status,
                }
            },
        )
    };
    // A status documented later becomes a new variant; `#[non_exhaustive]` makes that an
    // additive change, since matches outside the crate already need a wildcard arm.
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A status the collection does not document, with its headers and raw body.
            Undocumented(crate::UndocumentedResponse),
        }

        impl #name {
            /// Decodes a response from its status and body, without any I/O. Documented
            /// statuses decode into their variant (or fail with [`crate::Error::Decode`]);
            /// any other status becomes [`Self::Undocumented`].
            pub fn decode(status: u16, body: &[u8]) -> Result<Self, crate::Error> {
                Self::from_response(crate::http::RawResponse::new(status, body))
            }

            /// The HTTP status this response came with.
            pub fn status(&self) -> u16 {
                #status_body
            }

            /// Decodes a response as received: an undocumented status keeps its headers.
            pub(crate) fn from_response(response: crate::http::RawResponse) -> Result<Self, crate::Error> {
                #decode_body
            }
        }
    }
}

/// The status and the names of its examples. The names are markdown as the collection
/// writes them (`Ok (when \`save_data=false\`)`), so they are cleaned like descriptions.
fn variant_docs(response: &StatusResponse) -> TokenStream {
    let mut doc = response.status.to_string();
    if !response.example_names.is_empty() {
        let names: Vec<String> = response
            .example_names
            .iter()
            .map(|name| format!("\"{name}\""))
            .collect();
        doc.push_str(&format!(": {}", names.join(", ")));
    }
    doc.push('.');
    doc_attrs(&[Some(&doc)])
}
