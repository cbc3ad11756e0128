//! The emitted crate's `mock` module (its `mock` feature): the route table of every request
//! and the typed stubs, through accessors that mirror the client's (`server.links().update()`).
//!
//! The server itself is fixed runtime (`templates/runtime/src/mock/mock_server/`, joined into
//! `src/mock/mock_server.rs` by `emit/runtime.rs`); this writes what the collection decides.

mod example;
mod routes;
mod tests;

pub use example::mock_example;
pub use tests::{mock_tests_file, mock_tests_main, modules_with_defaults};

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, doc_attrs, inner_doc_attrs};
use super::types::{ident, module_path_tokens, type_tokens};
use crate::ir::{
    Api, Credential, Module, Operation, PathSegment, RequestBody, ResponseBody, TypeHome,
};

/// `src/mock.rs`: the module's docs and re-exports, the table of every folder's routes, and
/// the server's accessors for top-level requests and folders.
pub fn mock_root(api: &Api, crate_ident: &str) -> TokenStream {
    let child_mods = api.root.children.iter().map(|child| {
        let child_ident = ident(&child.ident);
        quote! { pub mod #child_ident; }
    });
    let mut tables = Vec::new();
    collect_tables(&api.root, &quote! { crate::mock }, &mut tables);
    let token_endpoints = token_endpoints(api);
    if !token_endpoints.is_empty() {
        tables.push(quote! { crate::mock::TOKEN_ENDPOINTS });
    }
    let methods = accessor_methods(api, &api.root, &[], &quote! { self });
    let requests = requests_table(&api.root);
    let docs = module_docs(api, crate_ident);
    let uses = runtime_uses(&api.root, quote! { mock_server }, &[]);
    quote! {
        #( #![doc = #docs] )*
        mod mock_server;
        #( #child_mods )*

        pub use mock_server::{MockServer, Received, Reply, Stub};
        #uses

        /// Every request of the collection, by folder: what the server routes by.
        pub(crate) static ROUTES: &[&[Route]] = &[ #( #tables ),* ];

        #requests

        #token_endpoints

        impl MockServer {
            /// A client for this server, retrying after 1 ms instead of 0.5 s (a
            /// `Retry-After` from a stub still sets the wait).
            pub fn client(&self) -> crate::Client {
                let quick = std::time::Duration::from_millis(1);
                crate::Client::new(self.base_url()).with_retry_backoff(quick, quick * 10)
            }

            #methods
        }
    }
}

/// `static TOKEN_ENDPOINTS`: the OAuth 2.0 token endpoints of the collection's credentials,
/// answering any token request with a token, so that a client given credentials works against
/// the mock as against the API (an endpoint on another origin answers at its path, for a
/// client pointed there with its token url setter). Empty when no credential has one.
fn token_endpoints(api: &Api) -> TokenStream {
    let mut paths: Vec<String> = api
        .credentials
        .iter()
        .filter_map(|slot| match &slot.credential {
            Credential::OAuth2(grant) => grant.token_url.path().map(str::to_string),
            _ => None,
        })
        .collect();
    paths.sort();
    paths.dedup();
    if paths.is_empty() {
        return TokenStream::new();
    }
    let answer = r#"{"access_token":"mock-access-token","token_type":"Bearer","expires_in":3600,"refresh_token":"mock-refresh-token"}"#;
    let routes = paths.iter().map(|path| {
        let segments = path
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| quote! { mock_server::Segment::Literal(#segment) });
        quote! {
            mock_server::Route {
                item_path: "OAuth 2.0 token endpoint",
                method: "POST",
                segments: &[ #( #segments ),* ],
                examples: &[mock_server::Example {
                    name: "token",
                    status: 200,
                    content_type: Some("application/json"),
                    body: #answer,
                }],
                last_page: None,
            }
        }
    });
    quote! {
        /// The OAuth 2.0 token endpoints: any token request gets a token, so that a client
        /// given credentials works against the mock server as against the API.
        pub(crate) static TOKEN_ENDPOINTS: &[mock_server::Route] = &[ #( #routes ),* ];
    }
}

/// The docs of `src/mock.rs`: what the server does, and the example test as a doctest.
fn module_docs(api: &Api, crate_ident: &str) -> Vec<String> {
    let mut lines: Vec<String> = [
        "A mock server for the tests of code that uses this crate (feature `mock`, off by",
        "default): it runs on 127.0.0.1, answers every request of the collection with its saved",
        "examples, and takes typed stubs through accessors that mirror the client's.",
        "",
        "```toml",
        "[dev-dependencies]",
    ]
    .map(str::to_string)
    .to_vec();
    lines.push(format!(
        "{} = {{ path = \"…\", features = [\"mock\"] }}",
        crate_ident.replace('_', "-")
    ));
    lines.push("tokio = { version = \"1\", features = [\"macros\", \"rt\"] }".into());
    lines.push("```".into());
    if let Some(example) = mock_example(api, crate_ident) {
        lines.push(String::new());
        lines.push("In a `#[tokio::test]`:".into());
        lines.push(String::new());
        lines.push("```".into());
        lines.push("# #[tokio::main(flavor = \"current_thread\")]".into());
        lines.push("# async fn main() {".into());
        lines.extend(example);
        lines.push("# }".into());
        lines.push("```".into());
    }
    lines.extend(
        [
            "",
            "- With no stub set, a request answers its first saved 2xx example (placeholders",
            "  such as `<uuid>` replaced by valid values); one without answers 501.",
            "- A [`Stub`] is set with `respond` (a typed response), `example` (a saved example",
            "  by name), `reply` (any [`Reply`]: a status the collection does not document, a 429",
            "  with `Retry-After`) or `drop_connection`; `path_arg`, `times` and `delay` narrow it.",
            "  The latest stub set for a request answers, until its `times` run out.",
            "- `received()` gives the requests a stub's request received, bodies decoded into",
            "  its request type; [`MockServer::received_requests`] gives them all.",
        ]
        .map(str::to_string),
    );
    lines
        .into_iter()
        .map(|line| format!(" {line}").trim_end().to_string())
        .collect()
}

/// `src/mock/{folder}.rs`: the folder's accessor on the mock server and its routes.
pub fn mock_folder(api: &Api, module: &Module, path: &[String]) -> TokenStream {
    let docs = inner_doc_attrs(&[Some(&format!(
        "Stubs of the requests of the {} folder.",
        code_span(&module.item_path)
    ))]);
    let child_mods = module.children.iter().map(|child| {
        let child_ident = ident(&child.ident);
        quote! { pub mod #child_ident; }
    });
    let accessor = ident(&mock_accessor(module));
    let accessor_doc = format!(
        " The requests of the {} folder on the mock server; get one with the parent's `{}()`.",
        code_span(&module.item_path),
        module.ident
    );
    let methods = accessor_methods(api, module, path, &quote! { self.server });
    let requests = requests_table(module);
    let stubs: &[&str] = match module.operations.is_empty() {
        true => &["MockServer"],
        false => &["MockServer", "Reply", "Stub"],
    };
    let uses = runtime_uses(module, quote! { crate::mock::mock_server }, stubs);
    quote! {
        #docs
        #( #child_mods )*

        #uses

        #[doc = #accessor_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #accessor<'a> {
            pub(crate) server: &'a MockServer,
        }

        impl<'a> #accessor<'a> {
            #methods
        }

        #requests
    }
}

/// `use` of the server's types and decoders that `module`'s file names: its route table's
/// (`Route`, and `Segment`, `Part` and `Example` as its paths and examples need them), its
/// stubs' request body decoders, and `also` (the server types its stubs use, in order).
fn runtime_uses(module: &Module, from: TokenStream, also: &[&str]) -> TokenStream {
    let operations = &module.operations;
    let segments = || operations.iter().flat_map(|op| &op.path.segments);
    let samples = || {
        operations
            .iter()
            .flat_map(|op| &op.responses)
            .flat_map(|s| &s.samples)
    };
    let bodies = || operations.iter().map(|op| &op.body);
    let mut names = vec!["Route"];
    let needed = [
        ("Example", samples().next().is_some()),
        (
            "Part",
            segments().any(|s| matches!(s, PathSegment::Template { .. })),
        ),
        ("Segment", segments().next().is_some()),
        (
            "form_body",
            bodies().any(|b| matches!(b, Some(RequestBody::Form(_)))),
        ),
        (
            "json_body",
            bodies().any(|b| matches!(b, Some(RequestBody::Json(..)))),
        ),
        (
            "raw_body",
            bodies().any(|b| !matches!(b, Some(RequestBody::Json(..) | RequestBody::Form(_)))),
        ),
    ];
    names.extend(
        needed
            .iter()
            .filter(|(_, used)| *used)
            .map(|(name, _)| *name),
    );
    // As rustfmt orders them: functions before types, each alphabetically.
    names.sort_unstable_by_key(|name| (name.starts_with(char::is_uppercase), *name));
    let local = names.iter().map(|name| ident(name));
    let server_types = also.iter().map(|name| ident(name));
    let server_use = match also.is_empty() {
        true => quote! {},
        false => quote! { use crate::mock::{ #( #server_types ),* }; },
    };
    // `crate::mock::mock_server::…` sorts before `crate::mock::{…}`.
    quote! {
        use #from::{ #( #local ),* };
        #server_use
    }
}

/// The accessor struct of a folder in `mock` (`LinksMock` for `LinksApi`): the only type of
/// its module, so free of clashes.
fn mock_accessor(module: &Module) -> String {
    let stem = module
        .accessor
        .strip_suffix("Api")
        .unwrap_or(&module.accessor);
    format!("{stem}Mock")
}

/// `REQUESTS` of every module below and including `module`, parents first.
fn collect_tables(module: &Module, path: &TokenStream, tables: &mut Vec<TokenStream>) {
    tables.push(quote! { #path::REQUESTS });
    for child in &module.children {
        let child_ident = ident(&child.ident);
        collect_tables(child, &quote! { #path::#child_ident }, tables);
    }
}

/// `static REQUESTS`: the routes of the module's own requests, in order.
fn requests_table(module: &Module) -> TokenStream {
    let routes = module.operations.iter().map(routes::route);
    let doc = match module.item_path.is_empty() {
        true => " The top-level requests of the collection, in its order.",
        false => " The requests of this folder, in the collection's order.",
    };
    quote! {
        #[doc = #doc]
        pub(crate) static REQUESTS: &[Route] = &[ #( #routes ),* ];
    }
}

/// The accessors of the child folders and one stub method per request of `module`.
fn accessor_methods(
    api: &Api,
    module: &Module,
    path: &[String],
    server: &TokenStream,
) -> TokenStream {
    let lifetime = match path.is_empty() {
        true => quote! { '_ },
        false => quote! { 'a },
    };
    let accessors = module.children.iter().map(|child| {
        let method = ident(&child.ident);
        let child_path = [path, std::slice::from_ref(&child.ident)].concat();
        let child_module = mock_module_tokens(&child_path);
        let accessor = ident(&mock_accessor(child));
        let doc = format!(
            " The requests of the {} folder.",
            code_span(&child.item_path)
        );
        quote! {
            #[doc = #doc]
            pub fn #method(&self) -> #child_module::#accessor<#lifetime> {
                #child_module::#accessor { server: #server }
            }
        }
    });
    let stubs = module
        .operations
        .iter()
        .enumerate()
        .map(|(index, operation)| stub_method(api, operation, path, index, server, &lifetime));
    quote! {
        #( #accessors )*
        #( #stubs )*
    }
}

/// `crate::mock::links::child`.
fn mock_module_tokens(path: &[String]) -> TokenStream {
    let segments = path.iter().map(|segment| ident(segment));
    quote! { crate::mock #( :: #segments )* }
}

/// `pub fn update(&self) -> Stub<'a, UpdateResponse, UpdateRequest>`: the stub of one
/// request, with how its responses are sent and its request bodies decoded.
fn stub_method(
    api: &Api,
    operation: &Operation,
    path: &[String],
    index: usize,
    server: &TokenStream,
    lifetime: &TokenStream,
) -> TokenStream {
    let method_name = ident(&operation.method_name);
    let response_enum = ident(&operation.response_enum);
    let owner = module_path_tokens(path);
    let response = quote! { #owner::#response_enum };
    // Names every type by its crate path: no type lives in `mock`.
    let here = TypeHome::Module(vec!["mock".to_string()]);
    let (body, decode) = match &operation.body {
        Some(RequestBody::Json(ty, _)) => {
            (type_tokens(ty, &api.types, &here), quote! { json_body })
        }
        Some(RequestBody::Form(ty)) => (type_tokens(ty, &api.types, &here), quote! { form_body }),
        _ => (quote! { Vec<u8> }, quote! { raw_body }),
    };
    let arms = operation.responses.iter().map(|status| {
        let variant = ident(&status.variant);
        let code = proc_macro2::Literal::u16_unsuffixed(status.status);
        match &status.body {
            ResponseBody::Empty => {
                quote! { #response::#variant => Reply::new(#code), }
            }
            ResponseBody::Json(_) => quote! {
                #response::#variant(body) => Reply::new(#code).json(body),
            },
            ResponseBody::Text => {
                let content_type = status
                    .samples
                    .iter()
                    .find_map(|sample| sample.content_type.as_deref())
                    .unwrap_or("text/plain");
                quote! {
                    #response::#variant(text) => Reply::new(#code)
                        .header("content-type", #content_type)
                        .body(text.clone()),
                }
            }
        }
    });
    let route = proc_macro2::Literal::usize_unsuffixed(index);
    let signature = code_span(&format!(
        "{} {}",
        operation.http_method,
        operation.path.display()
    ));
    let summary = format!(
        "The stub of {} ({signature}). Until one is set it answers with the first saved 2xx example.",
        code_span(&operation.item_path)
    );
    let examples: Vec<String> = operation
        .responses
        .iter()
        .flat_map(|status| {
            status
                .samples
                .iter()
                .map(move |sample| format!("{} ({})", code_span(&sample.name), status.status))
        })
        .collect();
    let examples = match examples.is_empty() {
        true => "No saved examples.".to_string(),
        false => format!("Saved examples: {}.", examples.join(", ")),
    };
    let docs = doc_attrs(&[Some(&summary), Some(&examples)]);
    // The return type by its full path, as the record reads signatures back (a shorter
    // spelling would be reported as a changed signature).
    quote! {
        #docs
        pub fn #method_name(&self) -> crate::mock::Stub<#lifetime, #response, #body> {
            Stub::new(
                #server,
                &REQUESTS[#route],
                |response: &#response| match response {
                    #( #arms )*
                    #response::Undocumented(response) => Reply::undocumented(response),
                },
                #decode,
            )
        }
    }
}
