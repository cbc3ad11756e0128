//! The public items of the emitted crate's fixed runtime (`Client::with_timeout`,
//! `client::Call::timeout`, `Error::Page`, …), read back from the emitted files.
//!
//! They are the same for every collection, so the IR does not hold them; but they are API that
//! users compile against all the same. Recording them makes a runtime change (a new setter, a
//! new error variant, a changed signature) versioned and reported like a collection change.
//! Items are marked `runtime`; a previous record without any (written before they were
//! recorded) is taken as having had the current ones. The `mock` module's items are read the
//! same way, its per-folder stubs included: they mirror the client's methods one to one, and
//! reading them back keeps them out of the names remembered by origin.

use std::collections::BTreeMap;

use quote::ToTokens;
use rayon::prelude::*;

use super::diff::{diff, ApiChanges};
use super::model::{ApiItem, ItemKind};
use crate::output::EmittedFile;

/// The runtime's public items in `files`, leaving out those the collection decides (in
/// `decided`, from the IR).
///
/// Each file is parsed once, on a thread of its own: a syn tree cannot leave its thread, the
/// items kept of it can. The modules that re-export (`lib.rs`, `client.rs`, `mock.rs`) are read
/// first, since they say which items of the others are public.
pub fn runtime_items(
    files: &[EmittedFile],
    decided: &BTreeMap<String, ApiItem>,
) -> BTreeMap<String, ApiItem> {
    let text = |path: &str| {
        let file = files.iter().find(|file| file.path == path)?;
        Some(file.contents.as_str())
    };
    let auth = text("src/auth.rs");
    // What the crate root re-exports of `auth.rs` (`TokenError`, `ProvidedToken`), for crates
    // whose credentials obtain OAuth 2.0 tokens; what `client.rs` re-exports of `http.rs`; what
    // `mock.rs` (the `mock` feature's module) re-exports of the fixed server.
    let ((lib, client), mock) = rayon::join(
        || {
            rayon::join(
                || {
                    auth.and(text("src/lib.rs"))
                        .map(|lib| read(lib, "", Wanted::none()))
                },
                || text("src/client.rs").map(|client| read(client, "", Wanted::named("Client"))),
            )
        },
        || text("src/mock.rs").map(|mock| read(mock, "mock::", Wanted::named("MockServer"))),
    );
    // In the order their items are merged: a later file's item of the same path stands.
    let mut sources = Vec::new();
    if let Some(error) = text("src/error.rs") {
        sources.push(Source::Unread(error, String::new(), Wanted::named("Error")));
    }
    if let (Some(lib), Some(auth)) = (lib, auth) {
        sources.push(Source::Unread(
            auth,
            String::new(),
            Wanted::Named(lib.exported),
        ));
    }
    if let (Some(client), Some(http)) = (client, text("src/http.rs")) {
        let exported = Wanted::Named(client.exported);
        sources.push(Source::Read(client.items));
        sources.push(Source::Unread(http, "client::".to_string(), exported));
    }
    if let (Some(mock), Some(server)) = (mock, text("src/mock/mock_server.rs")) {
        let exported = Wanted::Named(mock.exported);
        sources.push(Source::Unread(server, "mock::".to_string(), exported));
        sources.push(Source::Read(mock.items));
    }
    // The stubs of each folder (`mock::links::LinksMock::update`): generated, but mirrors of
    // the client's recorded methods, so read back here rather than remembered by origin.
    for file in files {
        let Some(module) = file
            .path
            .strip_prefix("src/mock/")
            .and_then(|rest| rest.strip_suffix(".rs"))
            .filter(|module| *module != "mock_server")
        else {
            continue;
        };
        let prefix = format!("mock::{}::", module.replace('/', "::"));
        sources.push(Source::Unread(
            &file.contents,
            prefix,
            Wanted::PublicStructs,
        ));
    }
    let read: Vec<BTreeMap<String, ApiItem>> = sources
        .into_par_iter()
        .map(|source| match source {
            Source::Read(items) => items,
            Source::Unread(text, prefix, wanted) => read(text, &prefix, wanted).items,
        })
        .collect();
    let mut items = BTreeMap::new();
    for read in read {
        items.extend(read);
    }
    items
        .into_iter()
        .filter(|(path, _)| !decided.contains_key(path))
        .collect()
}

/// A file whose items are recorded: read already, or its text with what to read of it.
enum Source<'a> {
    Read(BTreeMap<String, ApiItem>),
    Unread(&'a str, String, Wanted),
}

/// Which public types of a file are recorded.
enum Wanted {
    Named(Vec<String>),
    /// Every public struct of the file.
    PublicStructs,
}

impl Wanted {
    fn none() -> Wanted {
        Wanted::Named(Vec::new())
    }

    fn named(name: &str) -> Wanted {
        Wanted::Named(vec![name.to_string()])
    }
}

/// What is kept of a file: the names it re-exports publicly, and its items.
struct Read {
    exported: Vec<String>,
    items: BTreeMap<String, ApiItem>,
}

/// Parses `text` for the names it re-exports and its public types `wanted`, under `prefix`.
fn read(text: &str, prefix: &str, wanted: Wanted) -> Read {
    let Ok(file) = syn::parse_file(text) else {
        return Read {
            exported: Vec::new(),
            items: BTreeMap::new(),
        };
    };
    let names = match wanted {
        Wanted::Named(names) => names,
        Wanted::PublicStructs => file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Struct(def) if is_public(&def.vis) => Some(def.ident.to_string()),
                _ => None,
            })
            .collect(),
    };
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut items = Items::default();
    items.file(&file, prefix, &names);
    Read {
        exported: reexports(&file),
        items: items.0,
    }
}

/// The changes between the runtime items of the previous record and `now`; none when the
/// previous record has no runtime items at all.
pub fn runtime_changes(
    previous: &BTreeMap<String, ApiItem>,
    now: &BTreeMap<String, ApiItem>,
) -> ApiChanges {
    let before: BTreeMap<String, ApiItem> = previous
        .iter()
        .filter(|(_, item)| item.runtime)
        .map(|(path, item)| (path.clone(), item.clone()))
        .collect();
    if before.is_empty() {
        return ApiChanges::default();
    }
    diff(&before, now)
}

/// The names a module re-exports publicly (`client.rs` from `crate::http`).
fn reexports(module: &syn::File) -> Vec<String> {
    let mut names = Vec::new();
    for item in &module.items {
        if let syn::Item::Use(item) = item {
            if matches!(item.vis, syn::Visibility::Public(_)) {
                leaves(&item.tree, &mut names);
            }
        }
    }
    names
}

/// The names a `use` brings into scope (a glob names none).
pub(crate) fn leaves(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => leaves(&path.tree, out),
        syn::UseTree::Name(name) => out.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => out.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| leaves(tree, out)),
        syn::UseTree::Glob(_) => {}
    }
}

#[derive(Default)]
struct Items(BTreeMap<String, ApiItem>);

impl Items {
    fn add(&mut self, path: String, kind: ItemKind, signature: String, non_exhaustive: bool) {
        let item = ApiItem {
            kind,
            signature,
            non_exhaustive,
            from: Vec::new(),
            runtime: true,
        };
        self.0.insert(path, item);
    }

    /// The public types of `file` named in `types`, under `prefix`, with their public fields,
    /// variants and inherent methods.
    fn file(&mut self, file: &syn::File, prefix: &str, types: &[&str]) {
        let wanted = |ident: &syn::Ident| types.iter().any(|name| ident == name);
        for item in &file.items {
            match item {
                syn::Item::Struct(def) if is_public(&def.vis) && wanted(&def.ident) => {
                    let path = format!("{prefix}{}", def.ident);
                    self.add(
                        path.clone(),
                        ItemKind::Struct,
                        String::new(),
                        non_exhaustive(&def.attrs),
                    );
                    for field in &def.fields {
                        if let (Some(name), true) = (&field.ident, is_public(&field.vis)) {
                            let ty = tidy(&field.ty.to_token_stream().to_string());
                            self.add(format!("{path}::{name}"), ItemKind::Field, ty, false);
                        }
                    }
                }
                syn::Item::Enum(def) if is_public(&def.vis) && wanted(&def.ident) => {
                    let path = format!("{prefix}{}", def.ident);
                    self.add(
                        path.clone(),
                        ItemKind::Enum,
                        String::new(),
                        non_exhaustive(&def.attrs),
                    );
                    for variant in &def.variants {
                        let payload = payload(&variant.fields);
                        let variant_path = format!("{path}::{}", variant.ident);
                        self.add(variant_path, ItemKind::Variant, payload, false);
                    }
                }
                syn::Item::Impl(block) if block.trait_.is_none() => {
                    let syn::Type::Path(self_type) = block.self_ty.as_ref() else {
                        continue;
                    };
                    let Some(last) = self_type.path.segments.last() else {
                        continue;
                    };
                    if !wanted(&last.ident) {
                        continue;
                    }
                    for member in &block.items {
                        if let syn::ImplItem::Fn(method) = member {
                            if is_public(&method.vis) {
                                let path = format!("{prefix}{}::{}", last.ident, method.sig.ident);
                                self.add(path, ItemKind::Method, signature(&method.sig), false);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// A variant's fields as written, without their docs: `(reqwest::Error)`,
/// `{ status: u16, body: Vec<u8> }`.
fn payload(fields: &syn::Fields) -> String {
    let types = fields.iter().map(|field| {
        let ty = tidy(&field.ty.to_token_stream().to_string());
        match &field.ident {
            Some(name) => format!("{name}: {ty}"),
            None => ty,
        }
    });
    let types: Vec<String> = types.collect();
    match fields {
        syn::Fields::Named(_) => format!("{{ {} }}", types.join(", ")),
        syn::Fields::Unnamed(_) => format!("({})", types.join(", ")),
        syn::Fields::Unit => String::new(),
    }
}

/// `pub`, not `pub(crate)`.
fn is_public(visibility: &syn::Visibility) -> bool {
    matches!(visibility, syn::Visibility::Public(_))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
}

/// `fn(self, timeout: Duration) -> Self`: the record's way of writing a method's signature
/// (`mut` on a parameter is the method's own business, not its callers').
fn signature(sig: &syn::Signature) -> String {
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Receiver(receiver) => match (&receiver.reference, &receiver.mutability) {
                (Some(_), Some(_)) => "&mut self".to_string(),
                (Some(_), None) => "&self".to_string(),
                (None, _) => "self".to_string(),
            },
            syn::FnArg::Typed(typed) => {
                let name = match typed.pat.as_ref() {
                    syn::Pat::Ident(pat) => pat.ident.to_string(),
                    other => tidy(&other.to_token_stream().to_string()),
                };
                format!("{name}: {}", tidy(&typed.ty.to_token_stream().to_string()))
            }
        })
        .collect();
    let output = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => format!(" -> {}", tidy(&ty.to_token_stream().to_string())),
    };
    let generics = &sig.generics;
    let generics = if generics.params.is_empty() {
        String::new()
    } else {
        tidy(&generics.to_token_stream().to_string())
    };
    format!("fn{generics}({}){output}", inputs.join(", "))
}

/// Token text as Rust is written: `Option < & str >` → `Option<&str>`.
fn tidy(tokens: &str) -> String {
    let mut text = tokens.to_string();
    for (spaced, tight) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
        ("( ", "("),
        (" )", ")"),
        (" (", "("),
        (" :", ":"),
    ] {
        text = text.replace(spaced, tight);
    }
    // A list that rustfmt wrapped ends with a comma: `Stub<'a, A, B,>` is `Stub<'a, A, B>`.
    text.replace(",>", ">")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated() -> Vec<EmittedFile> {
        let collection = r#"{
            "info": {"name": "R", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "List things", "request": {"method": "GET", "url": "https://api.example.com/things"}}]
        }"#;
        let (files, _) = crate::generate_files(
            collection.as_bytes(),
            std::path::Path::new("r.json"),
            "runtime",
        )
        .unwrap();
        files
    }

    #[test]
    fn the_runtime_items_are_read_back_from_the_emitted_files() {
        let items = runtime_items(&generated(), &BTreeMap::new());
        let signature = |path: &str| {
            let item = items.get(path).unwrap_or_else(|| panic!("{path} missing"));
            assert!(item.runtime, "{path}");
            item.signature.as_str()
        };
        assert_eq!(
            signature("Client::with_timeout"),
            "fn(self, timeout: Duration) -> Self"
        );
        assert_eq!(
            signature("Client::with_request_hook"),
            "fn(self, hook: impl Fn(&mut reqwest::Request) + Send + Sync + 'static) -> Self"
        );
        assert_eq!(signature("Client::base_url"), "fn(&self) -> &str");
        assert_eq!(
            signature("client::Call::header"),
            "fn(self, name: &str, value: &str) -> Self"
        );
        assert_eq!(signature("client::Response::status"), "u16");
        assert_eq!(signature("Error::Transport"), "(reqwest::Error)");
        assert_eq!(signature("Error::is_timeout"), "fn(&self) -> bool");
        assert!(items["Error"].non_exhaustive);
        assert!(items.contains_key("client::UndocumentedResponse::body"));
        for private in [
            "Client::send",
            "client::Call::poll_raw",
            "client::Call::client",
        ] {
            assert!(!items.contains_key(private), "{private}");
        }
        // No paginated request: no stream type.
        assert!(!items.keys().any(|path| path.starts_with("client::Pages")));
    }

    #[test]
    fn items_the_collection_decides_are_left_to_it() {
        let all = runtime_items(&generated(), &BTreeMap::new());
        let decided: BTreeMap<_, _> = all
            .iter()
            .filter(|(path, _)| path.as_str() == "Client::list_things")
            .map(|(path, item)| (path.clone(), item.clone()))
            .collect();
        assert!(
            !decided.is_empty(),
            "the root request is a method of Client"
        );
        let runtime = runtime_items(&generated(), &decided);
        assert!(!runtime.contains_key("Client::list_things"));
    }

    #[test]
    fn a_record_from_before_runtime_items_reports_no_runtime_change() {
        let now = runtime_items(&generated(), &BTreeMap::new());
        assert!(runtime_changes(&BTreeMap::new(), &now).is_empty());

        let mut before = now.clone();
        before.remove("Client::with_max_retries");
        before.get_mut("Error::is_timeout").unwrap().signature = "fn(self) -> bool".into();
        let changes = runtime_changes(&before, &now);
        assert_eq!(changes.additive.len(), 1, "{changes:?}");
        assert_eq!(changes.additive[0].path, "Client::with_max_retries");
        assert_eq!(changes.breaking.len(), 1, "{changes:?}");
        assert_eq!(changes.breaking[0].path, "Error::is_timeout");
    }
}
