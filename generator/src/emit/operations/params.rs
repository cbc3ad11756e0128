//! `{Op}Query` and `{Op}Headers`: optional per-call parameters, sent when set.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::doc_attrs;
use crate::emit::types::{
    ident, item_path, redacted_debug_impl, serde_field_attr, type_tokens, DebugField, Presence,
};
use crate::ir::{Api, ParamStruct, TypeHome};

pub(super) fn param_struct(
    params: &ParamStruct,
    doc: &str,
    api: &Api,
    here: &TypeHome,
) -> TokenStream {
    let name = ident(&params.name);
    if let Some(alias) = &params.alias_of {
        let (target, shown) = item_path(&alias.home, &alias.name, here);
        let same = format!(" The same fields as [`{shown}`], so the same type.");
        return quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #same]
            pub type #name = #target;
        };
    }
    let debug_fields: Vec<DebugField> = params
        .fields
        .iter()
        .map(|field| DebugField {
            ident: &field.ident,
            secret: field.secret,
            optional: true,
        })
        .collect();
    let has_secrets = debug_fields.iter().any(|field| field.secret);
    let debug = (!has_secrets).then(|| quote! { Debug, });
    let redacted_debug = has_secrets.then(|| redacted_debug_impl(&params.name, &debug_fields));
    let fields = params.fields.iter().map(|field| {
        let field_ident = ident(&field.ident);
        let ty = type_tokens(&field.ty, &api.types, here);
        let docs = doc_attrs(&[field.description.as_deref()]);
        let serde = serde_field_attr(&field.ident, &field.key, Presence::SkippedWhenNone);
        quote! {
            #docs
            #serde
            pub #field_ident: Option<#ty>,
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(#debug Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #( #fields )*
        }

        #redacted_debug
    }
}
