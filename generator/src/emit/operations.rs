//! Folders → module files: the accessor struct, one async method per operation, and each
//! operation's `{Op}Query`, `{Op}Headers` and `{Op}Response` types.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{code_span, doc_attrs, inner_doc_attrs};
use super::types::{
    ident, item_path, module_path_tokens, redacted_debug_impl, serde_field_attr, struct_tokens,
    type_tokens, DebugField, Presence,
};
use crate::ir::reserved;
use crate::ir::{
    Api, Module, Operation, ParamStruct, PathSegment, RequestBody, ResponseBody, SegmentPart,
    StatusResponse, StructDef, TypeHome,
};

/// Methods on an accessor (or on `Client` for the root): one per operation and child folder.
pub fn api_methods(api: &Api, module: &Module, path: &[String], is_root: bool) -> TokenStream {
    let client = if is_root {
        quote! { self }
    } else {
        quote! { self.client }
    };
    let client_ref = if is_root {
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
                #child_module::#accessor { client: #client_ref }
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
    let operations = module
        .operations
        .iter()
        .map(|operation| operation_method(api, operation, &here, &client, &owner));
    quote! {
        #( #accessors )*
        #( #operations )*
    }
}

fn operation_method(
    api: &Api,
    operation: &Operation,
    here: &TypeHome,
    client: &TokenStream,
    owner: &TokenStream,
) -> TokenStream {
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
    let args = path_args
        .chain(query_arg)
        .chain(headers_arg)
        .chain(body_arg);

    let (path_statement, path_field) = path_expression(api, operation, client);
    let method = http_method(&operation.http_method);
    let query = if operation.query.is_some() {
        quote! { crate::http::pairs(query)? }
    } else {
        quote! { Vec::new() }
    };

    let fixed = operation
        .fixed_headers
        .iter()
        .map(|(name, value)| quote! { (#name, #value) });
    let header_statement = match &operation.headers {
        None => quote! { let headers: &[(&str, &str)] = &[ #( #fixed ),* ]; },
        Some(optional) => {
            let pushes = optional.fields.iter().map(|field| {
                let field_ident = ident(&field.ident);
                let key = &field.key;
                quote! {
                    if let Some(value) = &headers.#field_ident {
                        sent.push((#key, value.as_str()));
                    }
                }
            });
            quote! {
                let mut sent: Vec<(&str, &str)> = vec![ #( #fixed ),* ];
                #( #pushes )*
                let headers = sent.as_slice();
            }
        }
    };
    let variant = match operation.auth {
        None => ident(reserved::NO_AUTH_VARIANT),
        Some(credential) => ident(&api.credentials[credential.0].variant),
    };
    let auth = quote! { crate::client::Auth::#variant };
    quote! {
        #docs
        pub async fn #method_name(&self, #( #args ),*) -> Result<#owner #response, crate::Error> {
            #path_statement
            #header_statement
            #client
                .send(crate::client::Request {
                    method: #method,
                    #path_field,
                    query: #query,
                    headers,
                    body: #body,
                    auth: #auth,
                })
                .await
                .and_then(#owner #response::from_response)
        }
    }
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

/// `let path = ...;` and the `path` field: a literal when there are no parameters, else
/// `format!` with each argument encoded as one segment.
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
        (quote! { let path = #literal; }, quote! { path })
    } else {
        // Each argument is shadowed by its encoded form, then inlined into the template.
        (
            quote! { #( #args )* let path = format!(#template); },
            quote! { path: &path },
        )
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

fn param_struct(params: &ParamStruct, doc: &str, api: &Api, here: &TypeHome) -> TokenStream {
    let name = ident(&params.name);
    if let Some(alias) = &params.alias_of {
        let home = TypeHome::Module(alias.module.clone());
        let (target, shown) = item_path(&home, &alias.name, here);
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

fn response_enum(
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

/// A folder's module file (without the header comment).
pub fn module_file(
    api: &Api,
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
    let methods = api_methods(api, module, path, false);
    let owned_types = module
        .operations
        .iter()
        .map(|operation| operation_types(api, operation, &here, &module.accessor));
    let structs = module_structs(api, structs);
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
pub fn module_structs(api: &Api, structs: &[&StructDef]) -> TokenStream {
    let structs = structs.iter().map(|def| struct_tokens(def, &api.types));
    quote! { #( #structs )* }
}
