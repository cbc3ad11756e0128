//! One async method per operation, on its folder's accessor (or on `Client` for top-level
//! requests), and the accessor methods that reach child folders.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::docs::{code_span, doc_attrs};
use crate::emit::types::{ident, module_path_tokens, type_tokens};
use crate::ir::reserved;
use crate::ir::{
    Api, FieldStep, Module, Operation, PageStyle, Pagination, PathSegment, RequestBody,
    SegmentPart, TypeHome,
};

/// Methods on an accessor (or on `Client` for the root): one per operation and child folder.
pub fn api_methods(api: &Api, module: &Module, path: &[String], is_root: bool) -> TokenStream {
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
        };
        operation_method(api, operation, &here, &receiver)
    });
    quote! {
        #( #accessors )*
        #( #operations )*
    }
}

fn operation_method(
    api: &Api,
    operation: &Operation,
    here: &TypeHome,
    receiver: &Receiver,
) -> TokenStream {
    let Receiver {
        client,
        owner,
        lifetime,
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
    let (body_arg, body) = body_tokens(api, operation, here);
    let args: Vec<TokenStream> = path_args
        .chain(query_arg)
        .chain(headers_arg)
        .chain(body_arg)
        .collect();
    let stream = operation
        .pagination
        .as_ref()
        .map(|pagination| stream_method(api, operation, pagination, here, &args, receiver));

    let (path_statement, path) = path_expression(api, operation, client);
    let method = http_method(&operation.http_method);
    let query = if operation.query.is_some() {
        quote! { crate::http::pairs(query)? }
    } else {
        quote! { Vec::new() }
    };
    let (header_statement, headers) = header_expression(operation);
    let variant = match operation.auth {
        None => ident(reserved::NO_AUTH_VARIANT),
        Some(credential) => ident(&api.credentials[credential.0].variant),
    };
    let auth = quote! { crate::client::Auth::#variant };
    quote! {
        #docs
        pub fn #method_name(&self, #( #args ),*) -> crate::client::Call<#lifetime, #owner #response> {
            crate::client::Call::new(#client, #owner #response::from_response, || {
                #path_statement
                #header_statement
                Ok(crate::client::Request {
                    method: #method,
                    path: #path,
                    query: #query,
                    headers: #headers,
                    body: #body,
                    auth: #auth,
                })
            })
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

/// The statements that gather the headers an operation sends, and the expression that gives
/// them: the fixed ones, then those of its `{Op}Headers` argument that are set.
fn header_expression(operation: &Operation) -> (TokenStream, TokenStream) {
    let fixed = operation
        .fixed_headers
        .iter()
        .map(|(name, value)| quote! { (#name, #value.into()) });
    let Some(optional) = &operation.headers else {
        let headers = if operation.fixed_headers.is_empty() {
            quote! { Vec::new() }
        } else {
            quote! { vec![ #( #fixed ),* ] }
        };
        return (TokenStream::new(), headers);
    };
    let pushes = optional.fields.iter().map(|field| {
        let field_ident = ident(&field.ident);
        let key = &field.key;
        quote! {
            if let Some(value) = &headers.#field_ident {
                sent.push((#key, value.clone()));
            }
        }
    });
    (
        quote! {
            let mut sent: Vec<(&'static str, String)> = vec![ #( #fixed ),* ];
            #( #pushes )*
        },
        quote! { sent },
    )
}

/// The body argument of an operation and the `Body` it sends.
fn body_tokens(
    api: &Api,
    operation: &Operation,
    here: &TypeHome,
) -> (Option<TokenStream>, TokenStream) {
    match &operation.body {
        None => (None, quote! { crate::client::Body::None }),
        Some(RequestBody::Json(ty, content_type)) => {
            let ty = type_tokens(ty, &api.types, here);
            (
                Some(quote! { body: &#ty }),
                quote! { crate::client::Body::Json(crate::http::json_body(body)?, #content_type) },
            )
        }
        Some(RequestBody::Form(ty)) => {
            let ty = type_tokens(ty, &api.types, here);
            (
                Some(quote! { body: &#ty }),
                quote! { crate::client::Body::Form(crate::http::pairs(body)?) },
            )
        }
        Some(RequestBody::Text { content_type }) => (
            Some(quote! { body: &str }),
            quote! { crate::client::Body::Text(body.to_string(), #content_type) },
        ),
        Some(RequestBody::Binary { content_type }) => (
            Some(quote! { body: Vec<u8> }),
            quote! { crate::client::Body::Bytes(body, #content_type) },
        ),
        Some(RequestBody::Multipart { .. }) => (
            Some(quote! { form: reqwest::multipart::Form }),
            quote! { crate::client::Body::Multipart(form) },
        ),
    }
}

/// The statements encoding the path's arguments and the path itself: a literal when there
/// are no arguments, else `format!` with each argument encoded as one segment.
fn path_expression(
    api: &Api,
    operation: &Operation,
    client: &TokenStream,
) -> (TokenStream, TokenStream) {
    let mut template = String::new();
    let mut args = Vec::new();
    for (index, segment) in operation.path.segments.iter().enumerate() {
        template.push('/');
        match segment {
            PathSegment::Literal(text) => template.push_str(
                &encode_literal_segment(text)
                    .replace('{', "{{")
                    .replace('}', "}}"),
            ),
            PathSegment::Param { ident: param, name } => {
                template.push_str(&format!("{{{param}}}"));
                let param = ident(param);
                args.push(quote! { let #param = crate::http::path_segment(#name, #param)?; });
            }
            PathSegment::Template { written, parts } => {
                let local = format!("segment_{index}");
                template.push_str(&format!("{{{local}}}"));
                let local = ident(&local);
                let pieces = parts.iter().map(|part| match part {
                    SegmentPart::Text(text) => quote! { #text },
                    SegmentPart::Param { ident: param, .. } => {
                        let param = ident(param);
                        quote! { #param }
                    }
                    SegmentPart::Variable(variable) => {
                        let variable = &api.variables[variable.0];
                        let name = &variable.name;
                        let field = ident(&variable.field);
                        quote! { crate::http::variable(#name, &#client.variables.#field)? }
                    }
                });
                args.push(quote! {
                    let #local = crate::http::path_segment(#written, &[#( #pieces ),*].concat())?;
                });
            }
        }
    }
    if template.is_empty() {
        template.push('/');
    }
    if args.is_empty() {
        let literal = template.replace("{{", "{").replace("}}", "}");
        (TokenStream::new(), quote! { #literal.into() })
    } else {
        // Each argument is shadowed by its encoded form, then inlined into the template.
        (quote! { #( #args )* }, quote! { format!(#template) })
    }
}

/// Literal segments are written in the collection as they are sent, but may hold spaces or
/// other characters a url cannot carry raw.
fn encode_literal_segment(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@%".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn http_method(method: &str) -> TokenStream {
    match method {
        "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | "TRACE" | "CONNECT" => {
            let method = ident(method);
            quote! { reqwest::Method::#method }
        }
        other => {
            let bytes = Literal::byte_string(other.as_bytes());
            quote! { reqwest::Method::from_bytes(#bytes).unwrap_or_default() }
        }
    }
}
