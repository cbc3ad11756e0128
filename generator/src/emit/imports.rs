//! A module file's uses of the runtime (`crate::client::Call`, `crate::http::pairs`) → one
//! `use crate::client::{…};` and one `use crate::http::{…};` at its top, with the paths
//! shortened to the names they import.
//!
//! The emitters print full paths, which can never clash; this pass imports a name only where
//! nothing else in the file spells the same identifier: no item of the module (a collection's
//! type may be called `Call`, `Request` or `Body`), no parameter or local (a path argument may
//! be called `pairs`), no child module, no field. Such a name keeps its full path, in that file
//! only, so the collection's names stay free and nothing is reserved for the imports.
//!
//! `src/client.rs`, the `client` module itself, needs no import for its own items: there its
//! `crate::client::` paths are only shortened.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Group, Ident, Spacing, Span, TokenStream, TokenTree};

/// The runtime modules whose items module files import.
const RUNTIME_MODULES: &[&str] = &["client", "http"];

/// `tokens` with the runtime paths it can import shortened, and the `use` items for them, to
/// be put first among the file's items. `elsewhere` is text of the same module printed apart
/// (the crate root's preamble), whose identifiers count as taken too.
pub fn import_runtime_paths(tokens: TokenStream, elsewhere: &str) -> (TokenStream, Vec<syn::Item>) {
    let mut uses = Uses::default();
    uses.scan(tokens.clone());
    if let Ok(elsewhere) = elsewhere.parse::<TokenStream>() {
        uses.scan(elsewhere);
    }
    let imported = uses.importable();
    if imported.is_empty() {
        return (tokens, Vec::new());
    }
    let mut by_module: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, module) in &imported {
        by_module.entry(module).or_default().push(name);
    }
    let items = by_module
        .into_iter()
        .map(|(module, mut names)| {
            // rustfmt's order (edition 2021): functions and modules before types.
            names.sort_by_key(|name| (name.starts_with(char::is_uppercase), *name));
            let module = Ident::new(module, Span::call_site());
            let names: Vec<Ident> = names
                .iter()
                .map(|name| Ident::new(name, Span::call_site()))
                .collect();
            match names.as_slice() {
                [one] => syn::parse_quote! { use crate::#module::#one; },
                _ => syn::parse_quote! { use crate::#module::{ #( #names ),* }; },
            }
        })
        .collect();
    (shorten_imported(tokens, &imported), items)
}

/// What a file spells: the runtime names it reaches by full path (and through which module),
/// and every other identifier.
#[derive(Default)]
struct Uses {
    runtime: BTreeMap<String, BTreeSet<&'static str>>,
    others: BTreeSet<String>,
}

impl Uses {
    fn scan(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut at = 0;
        while at < trees.len() {
            if let Some((module, name)) = runtime_path(&trees[at..]) {
                self.runtime
                    .entry(name.to_string())
                    .or_default()
                    .insert(module);
                at += RUNTIME_PATH_LEN;
                continue;
            }
            match &trees[at] {
                TokenTree::Ident(ident) => {
                    self.others.insert(ident.to_string());
                }
                TokenTree::Group(group) => self.scan(group.stream()),
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
            at += 1;
        }
    }

    /// Each name reached through one runtime module only and spelt nowhere else, with it.
    fn importable(&self) -> BTreeMap<String, &'static str> {
        self.runtime
            .iter()
            .filter(|(name, _)| !self.others.contains(*name))
            .filter_map(
                |(name, modules)| match modules.iter().collect::<Vec<_>>()[..] {
                    [module] => Some((name.clone(), *module)),
                    _ => None,
                },
            )
            .collect()
    }
}

/// `crate :: module :: Name` is seven tokens (each `::` is two).
const RUNTIME_PATH_LEN: usize = 7;

/// The runtime module and name of a `crate::client::Name` or `crate::http::Name` path at the
/// start of `trees`.
fn runtime_path(trees: &[TokenTree]) -> Option<(&'static str, &Ident)> {
    let [TokenTree::Ident(krate), first, second, TokenTree::Ident(module), third, fourth, TokenTree::Ident(name), ..] =
        trees
    else {
        return None;
    };
    let module = RUNTIME_MODULES.iter().find(|known| module == *known)?;
    // A macro call (`crate::http::response_enum!`) keeps its path, as the layout of its
    // table expects (`emit/layout.rs`).
    if matches!(trees.get(RUNTIME_PATH_LEN), Some(TokenTree::Punct(bang)) if bang.as_char() == '!')
    {
        return None;
    }
    let colons = [first, second, third, fourth];
    let is_path = krate == "crate"
        && colons
            .chunks(2)
            .all(|pair| is_colon(pair[0], Spacing::Joint) && is_colon(pair[1], Spacing::Alone));
    is_path.then_some((*module, name))
}

fn is_colon(tree: &TokenTree, spacing: Spacing) -> bool {
    matches!(tree, TokenTree::Punct(punct) if punct.as_char() == ':' && punct.spacing() == spacing)
}

/// `tokens` of the runtime module `module`'s own file (`src/client.rs`) with each
/// `crate::module::Name` as `Name`: the file's own items, or what it imports, need no path.
pub fn within_own_module(tokens: TokenStream, module: &str) -> TokenStream {
    shorten(tokens, &|through, _| through == module)
}

/// `tokens` with each `crate::module::Name` of an imported name as `Name`.
fn shorten_imported(tokens: TokenStream, imported: &BTreeMap<String, &'static str>) -> TokenStream {
    shorten(tokens, &|_, name| imported.contains_key(name))
}

/// `tokens` with each `crate::module::Name` that `shortened(module, name)` picks as `Name`.
fn shorten(tokens: TokenStream, shortened: &dyn Fn(&str, &str) -> bool) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut at = 0;
    while at < trees.len() {
        if let Some((module, name)) = runtime_path(&trees[at..]) {
            if shortened(module, &name.to_string()) {
                out.push(TokenTree::Ident(name.clone()));
                at += RUNTIME_PATH_LEN;
                continue;
            }
        }
        out.push(match &trees[at] {
            TokenTree::Group(group) => {
                let mut shortened =
                    Group::new(group.delimiter(), shorten(group.stream(), shortened));
                shortened.set_span(group.span());
                TokenTree::Group(shortened)
            }
            other => other.clone(),
        });
        at += 1;
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use quote::{quote, ToTokens};

    use super::*;

    fn imported(tokens: TokenStream) -> (String, Vec<String>) {
        let (tokens, uses) = import_runtime_paths(tokens, "");
        let uses = uses
            .iter()
            .map(|item| item.to_token_stream().to_string())
            .collect();
        (tokens.to_string(), uses)
    }

    #[test]
    fn used_names_are_imported_once_per_module_in_rustfmt_order() {
        let (tokens, uses) = imported(quote! {
            fn list(&self) -> crate::client::Call<'a, ListResponse> {
                crate::client::Call::new(self.client, |query| crate::http::pairs(query), crate::http::PageStyle::NextUrl)
            }
        });
        assert_eq!(
            uses,
            [
                "use crate :: client :: Call ;",
                "use crate :: http :: { pairs , PageStyle } ;"
            ]
        );
        assert!(!tokens.contains("crate"), "{tokens}");
        assert!(tokens.contains("Call :: new"), "{tokens}");
    }

    #[test]
    fn the_own_module_file_names_its_items_without_a_path() {
        let tokens = within_own_module(
            quote! {
                pub(crate) struct Request;
                fn ping(&self) -> crate::client::Call<'_, crate::PingResponse> {
                    crate::client::Request::builder(crate::http::Method::GET, "/ping").call(self)
                }
            },
            "client",
        )
        .to_string();
        assert!(tokens.contains("-> Call <"), "{tokens}");
        assert!(
            tokens.contains("Request :: builder (crate :: http :: Method"),
            "{tokens}"
        );
        assert!(tokens.contains("crate :: PingResponse"), "{tokens}");
    }

    #[test]
    fn a_name_the_module_defines_keeps_its_full_path() {
        // The collection's own `Body` type, and a path argument called `pairs`.
        let (tokens, uses) = imported(quote! {
            pub struct Body { pub id: i64 }
            fn send(pairs: &str, body: &Body) -> crate::client::Call<'a, R> {
                let pairs = crate::http::path_segment("pairs", crate::http::pairs(pairs)?)?;
                crate::client::Body::Json(crate::http::json_body(body)?)
            }
        });
        assert_eq!(
            uses,
            [
                "use crate :: client :: Call ;",
                "use crate :: http :: { json_body , path_segment } ;"
            ]
        );
        assert!(
            tokens.contains("crate :: client :: Body :: Json"),
            "{tokens}"
        );
        assert!(
            tokens.contains("crate :: http :: pairs (pairs)"),
            "{tokens}"
        );
    }

    #[test]
    fn a_name_spelt_in_the_preamble_or_through_both_modules_keeps_its_full_path() {
        let (tokens, uses) = import_runtime_paths(
            quote! {
                fn a() -> crate::client::Call<'a, R> { crate::http::Call::new(crate::http::pairs()) }
                fn b() -> crate::http::RawResponse { todo!() }
            },
            "pub mod client; pub use http::RawResponse;",
        );
        let uses: Vec<String> = uses
            .iter()
            .map(|item| item.to_token_stream().to_string())
            .collect();
        assert_eq!(uses, ["use crate :: http :: pairs ;"]);
        let tokens = tokens.to_string();
        assert!(tokens.contains("crate :: client :: Call"), "{tokens}");
        assert!(tokens.contains("crate :: http :: RawResponse"), "{tokens}");
    }

    /// A folder whose response holds a `method` object (inferred as the folder's `Method`),
    /// through the whole generator: `Method` keeps its path. Its path argument `:Request` is
    /// the value `request`, which leaves the type `Request` free to import.
    #[test]
    fn a_collection_type_or_argument_of_a_runtime_name_keeps_the_full_path() {
        let collection = r#"{
            "info": {"name": "Clash", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Things", "item": [
                {"name": "Get thing", "request": {
                    "method": "GET", "url": "https://api.example.com/things/:Request"},
                    "response": [{"name": "ok", "code": 200, "body": "{\"method\": {\"id\": 1}}"}]},
                {"name": "List things", "request": {
                    "method": "GET", "url": "https://api.example.com/things"},
                    "response": [{"name": "ok", "code": 200, "body": "[{\"method\": {\"id\": 1}}]"}]}
            ]}]
        }"#;
        let (files, _) = crate::generate_files(
            collection.as_bytes(),
            std::path::Path::new("c.json"),
            "clash",
        )
        .unwrap();
        let file = files
            .iter()
            .find(|file| file.path == "src/things.rs")
            .unwrap();
        let text = &file.contents;
        assert!(text.contains("pub struct Method {"), "{text}");
        assert!(
            text.contains("Request::builder(\n                crate::http::Method::GET,\n"),
            "{text}"
        );
        assert!(
            text.contains("use crate::client::{Call, Request};"),
            "{text}"
        );
        // The only other `crate::http::` path is a macro call, which keeps its path.
        assert!(!text.contains("use crate::http::"), "{text}");
        assert!(
            text.contains("crate::http::response_enum!(GetThingResponse {"),
            "{text}"
        );
        syn::parse_file(text).unwrap();
    }

    #[test]
    fn a_file_without_runtime_paths_is_left_alone() {
        let (tokens, uses) = imported(quote! { pub struct A { pub b: crate::types::B } });
        assert!(uses.is_empty());
        assert!(tokens.contains("crate :: types :: B"), "{tokens}");
    }
}
