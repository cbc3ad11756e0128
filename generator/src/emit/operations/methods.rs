//! One async method per operation, on its folder's accessor (or on `Client` for top-level
//! requests), and the accessor methods that reach child folders.

use proc_macro2::TokenStream;
use quote::quote;

use super::request::request_call;
use crate::emit::docs::{code_span, doc_attrs};
use crate::emit::types::{ident, module_path_tokens, type_tokens};
use crate::ir::{
    Api, CredentialRef, FieldStep, Module, Operation, PageStyle, Pagination, RequestBody, TypeHome,
};

/// Methods on an accessor (or on `Client` for the root): one per operation and child folder.
/// `usual_auth` is the credential requests need not name (`RuntimeNeeds::usual_auth`).
pub fn api_methods(
    api: &Api,
    usual_auth: Option<CredentialRef>,
    module: &Module,
    path: &[String],
    is_root: bool,
) -> TokenStream {
    let client = if is_root {
        quote! { self }
    } else {
        quote! { self.client }
    };
    let lifetime = if is_root {
        quote! { '_ }
    } else {
        quote! { 'a }
    };
    let accessors = module.children.iter().map(|child| {
        let method = ident(&child.ident);
        let child_module = module_path_tokens(&[path, std::slice::from_ref(&child.ident)].concat());
        let accessor = ident(&child.accessor);
        let doc = format!(
            " The requests of the {} folder.",
            code_span(&child.item_path)
        );
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> #child_module::#accessor<#lifetime> {
                #child_module::#accessor { client: #client }
            }
        }
    });
    let here = TypeHome::Module(path.to_vec());
    // Root operations are methods of `Client` in `crate::client`, but their types live in
    // the crate root.
    let owner = if is_root {
        quote! { crate:: }
    } else {
        quote! {}
    };
    let here = if is_root {
        TypeHome::Module(vec!["client".to_string()])
    } else {
        here
    };
    let operations = module.operations.iter().map(|operation| {
        let receiver = Receiver {
            client: &client,
            owner: &owner,
            lifetime: &lifetime,
            usual_auth,
        };
        operation_method(api, operation, path, &here, &receiver)
    });
    quote! {
        #( #accessors )*
        #( #operations )*
    }
}

fn operation_method(
    api: &Api,
    operation: &Operation,
    module: &[String],
    here: &TypeHome,
    receiver: &Receiver,
) -> TokenStream {
    let Receiver {
        client,
        owner,
        lifetime,
        ..
    } = receiver;
    let method_name = ident(&operation.method_name);
    let response = ident(&operation.response_enum);
    let signature = code_span(&format!(
        "{} {}",
        operation.http_method,
        operation.path.display()
    ));
    let source = format!("Postman item: {}.", code_span(&operation.item_path));
    let docs = doc_attrs(&[
        operation.description.as_deref(),
        Some(&signature),
        Some(&source),
    ]);

    let path_args = operation.path.params().map(|(_, param)| {
        let param = ident(param);
        quote! { #param: &str }
    });
    let query_arg = operation.query.as_ref().map(|query| {
        let name = ident(&query.name);
        quote! { query: &#owner #name }
    });
    let headers_arg = operation.headers.as_ref().map(|headers| {
        let name = ident(&headers.name);
        quote! { headers: &#owner #name }
    });
    let body_arg = body_arg(api, operation, here);
    let args: Vec<TokenStream> = path_args
        .chain(query_arg)
        .chain(headers_arg)
        .chain(body_arg)
        .collect();
    let stream = operation
        .pagination
        .as_ref()
        .map(|pagination| stream_method(api, operation, pagination, here, &args, receiver));

    let call = request_call(api, operation, module, client, receiver.usual_auth);
    quote! {
        #docs
        pub fn #method_name(&self, #( #args ),*) -> crate::client::Call<#lifetime, #owner #response> {
            #call
        }

        #stream
    }
}

/// What the methods of one module are on: the client (`self` on `Client`, `self.client` on
/// an accessor), the prefix of the types of root operations (`crate::`), and what a call
/// borrows the client for.
struct Receiver<'t> {
    client: &'t TokenStream,
    owner: &'t TokenStream,
    lifetime: &'t TokenStream,
    /// The credential `Auth::default()` stands for.
    usual_auth: Option<CredentialRef>,
}

/// The stream of every item of a paginated operation: the operation's call, its page style,
/// and how to find the items and the way on in its page.
fn stream_method(
    api: &Api,
    operation: &Operation,
    pagination: &Pagination,
    here: &TypeHome,
    args: &[TokenStream],
    receiver: &Receiver,
) -> TokenStream {
    let Receiver {
        owner, lifetime, ..
    } = receiver;
    let stream_name = ident(&pagination.method_name);
    let method_name = ident(&operation.method_name);
    let response = ident(&operation.response_enum);
    let variant = ident(&pagination.variant);
    let item = type_tokens(&pagination.item, &api.types, here);
    let passed = operation
        .path
        .params()
        .map(|(_, param)| ident(param))
        .chain(operation.query.as_ref().map(|_| ident("query")))
        .chain(operation.headers.as_ref().map(|_| ident("headers")));
    let items = ident(&pagination.items.ident);
    let items = if pagination.items.optional {
        quote! { page.#items.unwrap_or_default() }
    } else {
        quote! { page.#items }
    };
    let next = optional_access(&pagination.next);
    let total = optional_access(pagination.total.as_slice());
    let (style, how) = match &pagination.style {
        PageStyle::NextUrl => (
            quote! { NextUrl },
            "following each page's next url (only under the client's base url)".to_string(),
        ),
        PageStyle::Cursor { param } => (
            quote! { Cursor { param: #param } },
            format!("sending each page's token back as {}", code_span(param)),
        ),
        PageStyle::Offset { param } => (
            quote! { Offset { param: #param } },
            format!("moving {} on by each page's items", code_span(param)),
        ),
    };
    let doc = format!(
        " Every item of [`{}`](Self::{}), page after page, {how}.",
        operation.method_name, operation.method_name
    );
    quote! {
        #[doc = #doc]
        pub fn #stream_name(&self, #( #args ),*) -> crate::client::Pages<#lifetime, #item> {
            crate::client::Pages::new(
                self.#method_name(#( #passed ),*),
                crate::http::PageStyle::#style,
                |response| match response {
                    #owner #response::#variant(page) => Some(crate::http::PageParts {
                        items: #items,
                        next: #next,
                        total: #total,
                    }),
                    _ => None,
                },
            )
        }
    }
}

/// `page.a.b` as an `Option`, through the `Option`s on the way; `None` for no steps.
fn optional_access(steps: &[FieldStep]) -> TokenStream {
    let Some((first, rest)) = steps.split_first() else {
        return quote! { None };
    };
    let first_ident = ident(&first.ident);
    let mut access = quote! { page.#first_ident };
    let mut optional = first.optional;
    // Each value reached through an `Option` is named after its field.
    let mut holder = first_ident;
    for step in rest {
        let field = ident(&step.ident);
        access = match (optional, step.optional) {
            (true, true) => quote! { #access.and_then(|#holder| #holder.#field) },
            (true, false) => quote! { #access.map(|#holder| #holder.#field) },
            (false, _) => quote! { #access.#field },
        };
        optional |= step.optional;
        holder = field;
    }
    if optional {
        access
    } else {
        quote! { Some(#access) }
    }
}

/// The body argument of an operation, when it has a body.
fn body_arg(api: &Api, operation: &Operation, here: &TypeHome) -> Option<TokenStream> {
    let arg = match operation.body.as_ref()? {
        RequestBody::Json(ty, _) | RequestBody::Form(ty) => {
            let ty = type_tokens(ty, &api.types, here);
            quote! { body: &#ty }
        }
        RequestBody::Text { .. } => quote! { body: &str },
        RequestBody::Binary { .. } => quote! { body: Vec<u8> },
        RequestBody::Multipart { .. } => quote! { form: reqwest::multipart::Form },
    };
    Some(arg)
}
