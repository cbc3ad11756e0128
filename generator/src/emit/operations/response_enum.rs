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
    // The three methods come from the runtime's `response_enum!`, given each status's
    // variant and how its body decodes.
    let arms = operation.responses.iter().map(|response| {
        let variant = ident(&response.variant);
        let status = Literal::u16_unsuffixed(response.status);
        match &response.body {
            ResponseBody::Empty => quote! { #status => #variant, },
            ResponseBody::Text => quote! { #status => #variant(text), },
            ResponseBody::Json(_) => quote! { #status => #variant(json), },
        }
    });
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

        crate::http::response_enum!(#name { #( #arms )* });
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
