//! `tests/examples/` of the emitted crate: every saved example decodes into its variant.
//!
//! Placeholders in the examples were replaced by sample values of their type during lowering,
//! so this checks that the inferred types accept what the collection documents.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::code_span;
use super::types::ident;
use crate::ir::{Api, Module, Operation, ResponseBody};

/// `tests/examples/main.rs`: the test target's root, with the tests of top-level requests
/// and one `mod` per top-level folder that has examples.
pub fn examples_main(api: &Api, crate_ident: &str) -> TokenStream {
    let crate_ident = ident(crate_ident);
    let tests = operation_tests(&api.root, &quote! { #crate_ident });
    let mods = modules_with_examples(&api.root).map(|child| {
        let child_ident = ident(&child.ident);
        quote! { mod #child_ident; }
    });
    quote! {
        #![doc = " Every saved example response of the collection decodes into its documented variant."]
        // Test modules mirror the folders, which may nest one of the same name.
        #![allow(clippy::module_inception)]
        #( #mods )*
        #tests
    }
}

/// `tests/examples/{folder}.rs`: the tests of one top-level folder and its subfolders. One
/// file per folder keeps each file small enough to format and review.
pub fn examples_file(module: &Module, crate_ident: &str) -> TokenStream {
    let crate_ident = ident(crate_ident);
    let module_ident = ident(&module.ident);
    let body = module_tests(module, &quote! { #crate_ident::#module_ident });
    let doc = format!(
        " Example responses of the {} folder.",
        code_span(&module.item_path)
    );
    quote! {
        #![doc = #doc]
        #body
    }
}

/// The child folders of `module` whose subtree has at least one saved example.
pub fn modules_with_examples(module: &Module) -> impl Iterator<Item = &Module> {
    folders_with_tests(module, |op| !op.responses.is_empty())
}

/// The child folders of `module` with a request in their subtree that `tested` says gets a
/// test: a generated test file has a `mod` for each of them, and for no other.
pub fn folders_with_tests(
    module: &Module,
    tested: fn(&Operation) -> bool,
) -> impl Iterator<Item = &Module> {
    fn any_tested(module: &Module, tested: fn(&Operation) -> bool) -> bool {
        module.operations.iter().any(tested)
            || module
                .children
                .iter()
                .any(|child| any_tested(child, tested))
    }
    let children = module.children.iter();
    children.filter(move |child| any_tested(child, tested))
}

fn module_tests(module: &Module, path: &TokenStream) -> TokenStream {
    let tests = operation_tests(module, path);
    let children = modules_with_examples(module).map(|child| {
        let child_ident = ident(&child.ident);
        let child_path = quote! { #path::#child_ident };
        let body = module_tests(child, &child_path);
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

/// One `#[test]` per operation of `module` with saved examples.
fn operation_tests(module: &Module, path: &TokenStream) -> TokenStream {
    let tests = module
        .operations
        .iter()
        .filter(|op| !op.responses.is_empty())
        .map(|operation| {
            let test_name = ident(&operation.method_name);
            let response = ident(&operation.response_enum);
            let checks = operation.responses.iter().flat_map(|status| {
                let variant = ident(&status.variant);
                let code = Literal::u16_unsuffixed(status.status);
                let pattern = match status.body {
                    ResponseBody::Empty => quote! { Ok(#path::#response::#variant) },
                    _ => quote! { Ok(#path::#response::#variant(_)) },
                };
                let message = format!(
                    "{} example of `{}`: {{decoded:?}}",
                    status.status, operation.item_path
                );
                let response = response.clone();
                // Bodiless examples all decode the same: one check stands for them.
                let checked = match status.body {
                    ResponseBody::Empty => 1,
                    _ => status.samples.len(),
                };
                status.samples.iter().take(checked).map(move |sample| {
                    let bytes = Literal::byte_string(sample.body.as_bytes());
                    quote! {
                        let decoded = #path::#response::decode(#code, #bytes);
                        let #pattern = decoded else {
                            panic!(#message);
                        };
                    }
                })
            });
            quote! {
                #[test]
                fn #test_name() {
                    #( #checks )*
                }
            }
        });
    quote! { #( #tests )* }
}
