//! What an operation's method sends, as the steps of the runtime's `RequestBuilder`
//! (`templates/runtime/src/client.rs`): the path with its holes, then one step for each part
//! the operation has and nothing for the parts it lacks.
//!
//! ```text
//! Request::builder(Method::PUT, "/api/links/{id}/", "links.update", "Links / Update")
//!     .path("id", id)
//!     .json(body)
//!     .call(self.client)
//! ```
//!
//! The same steps say which builder methods the crate keeps ([`builder_steps`]): a method no
//! operation calls would warn.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::types::ident;
use crate::ir::{reserved, Api, CredentialRef, Operation, PathSegment, RequestBody, SegmentPart};

/// One call of the builder chain: the method's name and its arguments.
pub struct Step {
    pub method: &'static str,
    args: TokenStream,
}

impl Step {
    fn new(method: &'static str, args: TokenStream) -> Step {
        Step { method, args }
    }
}

/// The expression that builds `operation`'s request and makes its call of `client`; `usual`
/// is the credential `Auth::default()` stands for, `module` the path of the operation's
/// module (empty at the root).
///
/// The request is named for its traces by the operation's id (`links.update`: its module
/// path and method, dotted) and its Postman item.
pub fn request_call(
    api: &Api,
    operation: &Operation,
    module: &[String],
    client: &TokenStream,
    usual: Option<CredentialRef>,
) -> TokenStream {
    let method = http_method(&operation.http_method);
    let (template, steps) = request_steps(api, operation, client, usual);
    let steps = steps.into_iter().map(|Step { method, args }| {
        let method = ident(method);
        quote! { .#method(#args) }
    });
    let id = module
        .iter()
        .chain(std::iter::once(&operation.method_name))
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(".");
    let item = &operation.item_path;
    quote! {
        crate::client::Request::builder(#method, #template, #id, #item)
            #( #steps )*
            .call(#client)
    }
}

/// The builder methods some operation of `api` calls: `call` when there is any operation,
/// and each step some request takes.
pub fn builder_steps(api: &Api, usual: Option<CredentialRef>) -> BTreeSet<&'static str> {
    let client = quote! { self.client };
    let mut steps = BTreeSet::new();
    for operation in api.root.all_operations() {
        steps.insert("call");
        let (_, taken) = request_steps(api, operation, &client, usual);
        steps.extend(taken.iter().map(|step| step.method));
    }
    steps
}

/// The path the builder starts from, and every step of the request: the path's holes, then
/// the query, the headers, the body and a credential other than the usual one.
fn request_steps(
    api: &Api,
    operation: &Operation,
    client: &TokenStream,
    usual: Option<CredentialRef>,
) -> (String, Vec<Step>) {
    let (template, mut steps) = path(api, operation, client);
    if operation.query.is_some() {
        steps.push(Step::new("query", quote! { query }));
    }
    for (name, value) in &operation.fixed_headers {
        steps.push(Step::new("header", quote! { #name, #value }));
    }
    if operation.headers.is_some() {
        steps.push(Step::new("headers", quote! { headers }));
    }
    steps.extend(body_step(operation));
    if operation.auth != usual {
        let variant = match operation.auth {
            None => ident(reserved::NO_AUTH_VARIANT),
            Some(credential) => ident(&api.credentials[credential.0].variant),
        };
        steps.push(Step::new("auth", quote! { crate::client::Auth::#variant }));
    }
    (template, steps)
}

/// How the body argument is sent, when the operation has one.
fn body_step(operation: &Operation) -> Option<Step> {
    let step = match operation.body.as_ref()? {
        RequestBody::Json(_, content_type) if content_type == "application/json" => {
            Step::new("json", quote! { body })
        }
        RequestBody::Json(_, content_type) => Step::new("json_as", quote! { body, #content_type }),
        RequestBody::Form(_) => Step::new("form", quote! { body }),
        RequestBody::Text { content_type } => Step::new("text", quote! { body, #content_type }),
        RequestBody::Binary { content_type } => Step::new("bytes", quote! { body, #content_type }),
        RequestBody::Multipart { .. } => Step::new("multipart", quote! { form }),
    };
    Some(step)
}

/// The path as the builder starts from it, and the steps filling its holes, in one walk so
/// that each hole and the step filling it are spelt alike: literal segments encoded as they
/// are sent, `{name}` for an argument, `{{name}}` for a variable, and a segment of several
/// parts as its hole.
///
/// A hole always holds `{` and never `/`, and neither a literal segment nor a filled hole
/// holds `{` (both are percent-encoded), so the runtime finds each hole by its text: the
/// first match is always the one meant.
fn path(api: &Api, operation: &Operation, client: &TokenStream) -> (String, Vec<Step>) {
    let variable_value = |variable: &crate::ir::VariableRef| {
        let variable = &api.variables[variable.0];
        let (name, field) = (&variable.name, ident(&variable.field));
        (name, quote! { &#client.variables.#field })
    };
    let mut template = String::new();
    let mut steps = Vec::new();
    for segment in &operation.path.segments {
        template.push('/');
        match segment {
            PathSegment::Literal(text) => template.push_str(&encode_literal_segment(text)),
            PathSegment::Param { name, ident: param } => {
                let hole = hole_name(name, param);
                template.push_str(&format!("{{{hole}}}"));
                let param = ident(param);
                steps.push(Step::new("path", quote! { #hole, #param }));
            }
            PathSegment::Template { written, parts } => match parts.as_slice() {
                [SegmentPart::Variable(variable)]
                    if *written == format!("{{{{{}}}}}", api.variables[variable.0].name) =>
                {
                    template.push_str(written);
                    let (name, value) = variable_value(variable);
                    steps.push(Step::new("variable", quote! { #name, #value }));
                }
                _ => {
                    let hole = template_hole(api, written, parts);
                    template.push_str(&hole);
                    let parts = parts.iter().map(|part| match part {
                        SegmentPart::Text(text) => {
                            quote! { crate::client::SegmentPart::Text(#text) }
                        }
                        SegmentPart::Param { ident: param, .. } => {
                            let param = ident(param);
                            quote! { crate::client::SegmentPart::Text(#param) }
                        }
                        SegmentPart::Variable(variable) => {
                            let (name, value) = variable_value(variable);
                            quote! { crate::client::SegmentPart::Variable(#name, #value) }
                        }
                    });
                    steps.push(Step::new("segment", quote! { #hole, &[ #( #parts ),* ] }));
                }
            },
        }
    }
    if template.is_empty() {
        template.push('/');
    }
    (template, steps)
}

/// The name of a `:name` argument's hole (`{name}`) and in its errors: the collection's,
/// unless it could not be told from the path around it.
fn hole_name<'n>(name: &'n str, ident: &'n str) -> &'n str {
    let clear = !name.is_empty() && !name.contains(['{', '}', '/']);
    if clear {
        name
    } else {
        ident
    }
}

/// The hole of a segment of several parts: as written when it holds only variables and
/// text (`{{name}}.{{version}}`), else with each argument as `{name}` (`{id}.json`).
fn template_hole(api: &Api, written: &str, parts: &[SegmentPart]) -> String {
    if !parts
        .iter()
        .any(|part| matches!(part, SegmentPart::Param { .. }))
    {
        return written.to_string();
    }
    parts
        .iter()
        .map(|part| match part {
            SegmentPart::Text(text) => text.clone(),
            SegmentPart::Param { name, ident } => format!("{{{}}}", hole_name(name, ident)),
            SegmentPart::Variable(variable) => {
                format!("{{{{{}}}}}", api.variables[variable.0].name)
            }
        })
        .collect()
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
            quote! { crate::http::Method::#method }
        }
        other => {
            let bytes = Literal::byte_string(other.as_bytes());
            quote! { crate::http::Method::from_bytes(#bytes).unwrap_or_default() }
        }
    }
}
