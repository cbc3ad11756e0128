//! Folders → module files: the accessor struct, one async method per operation, and each
//! operation's `{Op}Query`, `{Op}Headers` and `{Op}Response` types.

mod methods;
mod params;
mod request;
mod response_enum;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, inner_doc_attrs};
use super::types::{enum_tokens, ident, struct_tokens};
use crate::ir::{Api, CredentialRef, Module, Operation, ParamPart, StructDef, TypeHome};
pub use methods::api_methods;
use params::param_struct;
pub use request::builder_steps;
use response_enum::response_enum;

/// The types an operation owns: its parameter structs and its response enum.
/// `method_owner` is the path of the type its method is on (`crate::Client`, `LinksApi`),
/// for the docs' links to the method.
pub fn operation_types(
    api: &Api,
    operation: &Operation,
    here: &TypeHome,
    method_owner: &str,
) -> TokenStream {
    let method_link = format!(
        "[`{method}`]({method_owner}::{method})",
        method = operation.method_name
    );
    let query = operation.query.as_ref().map(|query| {
        let doc = format!(" Query parameters of {method_link}; unset fields are not sent.");
        param_struct(query, &doc, api, here)
    });
    let headers = operation.headers.as_ref().map(|headers| {
        let doc = " Optional request headers; unset fields are not sent.";
        param_struct(headers, doc, api, here)
    });
    let response = response_enum(api, operation, here, &method_link);
    quote! {
        #query
        #headers
        #response
    }
}

/// The parameter structs requests of several folders share, for the `types` module.
pub fn shared_param_structs(api: &Api) -> TokenStream {
    let structs = api.shared_params.iter().map(|shared| {
        let what = match shared.part {
            ParamPart::Query => "Query parameters",
            ParamPart::Headers => "Optional request headers",
        };
        let doc = format!(
            " {what} that requests of several folders take; each request's own `…{}` type is \
             an alias of this one. Unset fields are not sent.",
            shared.part.type_suffix()
        );
        param_struct(&shared.params, &doc, api, &TypeHome::Shared)
    });
    quote! { #( #structs )* }
}

/// A folder's module file (without the header comment).
pub fn module_file(
    api: &Api,
    usual_auth: Option<CredentialRef>,
    module: &Module,
    path: &[String],
    structs: &[&StructDef],
) -> TokenStream {
    let here = TypeHome::Module(path.to_vec());
    let docs = inner_doc_attrs(&[
        Some(&format!(
            "Requests of the {} folder.",
            code_span(&module.item_path)
        )),
        module.description.as_deref(),
    ]);
    let child_mods = module.children.iter().map(|child| {
        let child_ident = ident(&child.ident);
        quote! { pub mod #child_ident; }
    });
    let accessor = ident(&module.accessor);
    let accessor_doc = format!(
        " The requests of the {} folder; get one with the parent's `{}()`.",
        code_span(&module.item_path),
        module.ident
    );
    let methods = api_methods(api, usual_auth, module, path, false);
    let owned_types = module
        .operations
        .iter()
        .map(|operation| operation_types(api, operation, &here, &module.accessor));
    let structs = module_structs(api, &here, structs);
    quote! {
        #docs
        #( #child_mods )*

        #[doc = #accessor_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #accessor<'a> {
            pub(crate) client: &'a crate::Client,
        }

        impl<'a> #accessor<'a> {
            #methods
        }

        #( #owned_types )*
        #structs
    }
}

/// The inferred structs of one home (grouped once by [`super::StructsByHome`]).
pub fn module_structs(api: &Api, home: &TypeHome, structs: &[&StructDef]) -> TokenStream {
    let structs = structs.iter().map(|def| struct_tokens(def, &api.types));
    // Enums come from overrides: a few per crate at most, so a scan is enough.
    let enums = api
        .types
        .enums
        .iter()
        .filter(|def| def.home == *home)
        .map(enum_tokens);
    quote! {
        #( #structs )*
        #( #enums )*
    }
}
