//! `tests/mock/` of the emitted crate (run with its `mock` feature): every request, sent by
//! the client to the mock server with no stub set, decodes into its first documented 2xx
//! variant. One file per top-level folder, as `tests/examples/`.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::code_span;
use crate::emit::example_tests::folders_with_tests;
use crate::emit::types::ident;
use crate::ir::{Api, Module, Operation, PathSegment, RequestBody, ResponseBody, SegmentPart};

/// `tests/mock/main.rs`: the tests of top-level requests and one `mod` per top-level folder
/// with a request that has a 2xx example.
pub fn mock_tests_main(api: &Api, crate_ident: &str) -> TokenStream {
    let tests = TestWriter::new(api, crate_ident).operation_tests(&api.root, &[]);
    let mods = modules_with_defaults(&api.root).map(|child| {
        let child_ident = ident(&child.ident);
        quote! { mod #child_ident; }
    });
    quote! {
        #![doc = " Every request answers its first saved 2xx example when no stub is set, and that"]
        #![doc = " example decodes into its variant: the happy path a consumer's test starts from."]
        #![allow(clippy::module_inception)]
        #( #mods )*
        #tests
    }
}

/// `tests/mock/{folder}.rs`.
pub fn mock_tests_file(api: &Api, module: &Module, crate_ident: &str) -> TokenStream {
    let writer = TestWriter::new(api, crate_ident);
    let body = writer.module_tests(module, std::slice::from_ref(&module.ident));
    let doc = format!(
        " Default answers of the {} folder.",
        code_span(&module.item_path)
    );
    quote! {
        #![doc = #doc]
        #body
    }
}

/// The child folders of `module` whose subtree has a request with a 2xx example.
pub fn modules_with_defaults(module: &Module) -> impl Iterator<Item = &Module> {
    folders_with_tests(module, |op| op.default_response().is_some())
}

/// What every test of one file needs, found once per file.
struct TestWriter<'a> {
    api: &'a Api,
    krate: proc_macro2::Ident,
    /// See [`shared_endpoints`].
    shared: HashSet<String>,
}

impl<'a> TestWriter<'a> {
    fn new(api: &'a Api, crate_ident: &str) -> Self {
        TestWriter {
            api,
            krate: ident(crate_ident),
            shared: shared_endpoints(api),
        }
    }

    fn module_tests(&self, module: &Module, path: &[String]) -> TokenStream {
        let tests = self.operation_tests(module, path);
        let children = modules_with_defaults(module).map(|child| {
            let child_ident = ident(&child.ident);
            let child_path = [path, std::slice::from_ref(&child.ident)].concat();
            let body = self.module_tests(child, &child_path);
            quote! {
                mod #child_ident {
                    #body
                }
            }
        });
        quote! {
            #tests
            #( #children )*
        }
    }

    fn operation_tests(&self, module: &Module, path: &[String]) -> TokenStream {
        let tests = module
            .operations
            .iter()
            .filter_map(|operation| self.operation_test(operation, path));
        quote! { #( #tests )* }
    }

    fn operation_test(&self, operation: &Operation, path: &[String]) -> Option<TokenStream> {
        let (api, krate, shared) = (self.api, &self.krate, &self.shared);
        let success = operation.default_response()?;
        let test_name = ident(&operation.method_name);
        let segments = path.iter().map(|segment| ident(segment));
        let owner = quote! { #krate #( :: #segments )* };
        let response = ident(&operation.response_enum);
        let variant = ident(&success.variant);
        let pattern = match success.body {
            ResponseBody::Empty => quote! { #owner::#response::#variant },
            _ => quote! { #owner::#response::#variant(_) },
        };
        let accessors: Vec<TokenStream> = path
            .iter()
            .map(|segment| {
                let segment = ident(segment);
                quote! { .#segment() }
            })
            .collect();
        let method = ident(&operation.method_name);
        // Another request of the same endpoint may answer first: ask for this one's example.
        let own_example = shared.contains(&endpoint(operation)).then(|| {
            let name = &success.samples[0].name;
            quote! { server #( #accessors )* .#method().example(#name); }
        });
        // Fixed Rust text: it always parses.
        let args: TokenStream = arguments_text(operation).join(", ").parse().ok()?;
        let setters = variable_setters(api, operation).into_iter().map(|setter| {
            let setter = ident(setter);
            quote! { .#setter("sample") }
        });
        let message = format!(
            "`{}` did not answer its {} example: {{response:?}}",
            operation.item_path, success.status
        );
        Some(quote! {
            #[tokio::test]
            async fn #test_name() {
                let server = #krate::mock::MockServer::start().await;
                let client = server.client() #( #setters )*;
                #own_example
                let response = client #( #accessors )* .#method(#args).await.unwrap();
                assert!(matches!(response, #pattern), #message);
            }
        })
    }
}

/// A value for every argument, as Rust: `"1"` for path arguments, defaults for the rest.
pub fn arguments_text(operation: &Operation) -> Vec<String> {
    let path_args = operation.path.params().map(|_| "\"1\"");
    let query = operation.query.as_ref().map(|_| "&Default::default()");
    let headers = operation.headers.as_ref().map(|_| "&Default::default()");
    let body = operation.body.as_ref().map(|body| match body {
        RequestBody::Json(..) | RequestBody::Form(_) => "&Default::default()",
        RequestBody::Text { .. } => "\"\"",
        RequestBody::Binary { .. } => "Vec::new()",
        RequestBody::Multipart { .. } => "reqwest::multipart::Form::new()",
    });
    let all = path_args.chain(query).chain(headers).chain(body);
    all.map(str::to_string).collect()
}

/// The setters (`with_x`) of the client variables in the path that have no default: the
/// client needs a value for them before it can send the request.
pub fn variable_setters<'a>(api: &'a Api, operation: &Operation) -> Vec<&'a str> {
    let mut setters = Vec::new();
    for segment in &operation.path.segments {
        let PathSegment::Template { parts, .. } = segment else {
            continue;
        };
        for part in parts {
            let SegmentPart::Variable(variable) = part else {
                continue;
            };
            let variable = &api.variables[variable.0];
            if variable.default.is_none() {
                setters.push(variable.setter.as_str());
            }
        }
    }
    setters
}

/// The method and path template of a request, arguments unnamed: what the mock server
/// routes by (`POST /payments`).
pub fn endpoint(operation: &Operation) -> String {
    let mut path = String::new();
    for segment in &operation.path.segments {
        path.push('/');
        match segment {
            PathSegment::Literal(text) => path.push_str(text),
            PathSegment::Param { .. } => path.push_str("{}"),
            PathSegment::Template { parts, .. } => {
                for part in parts {
                    match part {
                        SegmentPart::Text(text) => path.push_str(text),
                        SegmentPart::Param { .. } | SegmentPart::Variable(_) => path.push_str("{}"),
                    }
                }
            }
        }
    }
    format!("{} {path}", operation.http_method.to_ascii_uppercase())
}

/// The endpoints more than one request of the collection is: on the wire the mock server
/// cannot tell those requests apart, so which one's example answers by default is not theirs
/// to choose.
pub fn shared_endpoints(api: &Api) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut shared = HashSet::new();
    for operation in api.root.all_operations() {
        let endpoint = endpoint(operation);
        if !seen.insert(endpoint.clone()) {
            shared.insert(endpoint);
        }
    }
    shared
}
