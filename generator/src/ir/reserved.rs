//! Names the emitted crate's fixed parts take, which names made from the collection must
//! keep clear of. `lower/` reserves them; `emit/` creates them; the test below reads an
//! emitted crate back to check that the two agree.

use std::sync::LazyLock;

/// Modules of the crate root. `lib` and `main` would be `src/lib.rs` and `src/main.rs`.
pub const ROOT_MODULES: &[&str] = &[
    "client", "error", "http", "mock", "tolerant", "types", "lib", "main",
];

/// Modules of `mock` besides the folders' (which mirror the crate root's, so root folders keep
/// clear of these too).
pub const MOCK_MODULES: &[&str] = &["mock_server"];

/// Modules every folder module may hold besides its children.
pub const FOLDER_MODULES: &[&str] = &["types"];

/// Types of the crate root besides the collection's own.
pub const ROOT_TYPES: &[&str] = &["Client", "Error", "UndocumentedResponse"];

/// Names from std's prelude that emitted code uses unqualified in every module (`Option<T>`,
/// `Vec<T>`, `Result<Self, crate::Error>`, `Some`, `Ok`): a type of the collection's by one of
/// these names would shadow them.
pub const PRELUDE_NAMES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box",
];

/// Methods of `Client` that top-level requests, folder accessors and setters must not take:
/// the fixed ones, read from the file they are written in (`templates/runtime/src/client.rs`,
/// see `runtime_source.rs`) so that the list cannot fall behind it, and the ones
/// `emit/client/` prints ([`PRINTED_CLIENT_METHODS`]).
pub static CLIENT_METHODS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names = crate::runtime_source::client_method_names();
    names.extend(PRINTED_CLIENT_METHODS.iter().map(|name| name.to_string()));
    names
});

/// The methods of `Client` that `emit/client/` prints for every collection with a default
/// base url: `Default::default` (an inherent `default` would shadow it).
pub const PRINTED_CLIENT_METHODS: &[&str] = &["default"];

/// Methods of `mock::MockServer` (the `mock` feature), which mirrors the client's top-level
/// requests and folder accessors: they must not take these either.
pub const MOCK_SERVER_METHODS: &[&str] = &["start", "base_url", "client", "received_requests"];

/// Methods of a folder's accessor struct: a method `new` not returning `Self` is a clippy
/// error (`new_ret_no_self`).
pub const ACCESSOR_METHODS: &[&str] = &["new"];

/// Parameters of every operation method besides its path arguments.
pub const OPERATION_PARAMETERS: &[&str] = &["body", "query", "headers", "form", "self"];

/// The `Auth` variant of requests that send no credential.
pub const NO_AUTH_VARIANT: &str = "None";

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// One folder with one unauthenticated request and a JSON example (so that the runtime
    /// module of decoding rules is emitted too): every other name is the crate's own.
    const COLLECTION: &str = r#"{
        "info": {"name": "Reserved", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Things", "item": [{"name": "List things", "request": {
            "method": "GET", "url": "https://api.example.com/things"},
            "response": [{"name": "ok", "code": 200, "body": "[{\"id\": 1}]"}]}]}]
    }"#;

    fn file(path: &str) -> syn::File {
        let (files, _) =
            crate::generate_files(COLLECTION.as_bytes(), Path::new("c.json"), "reserved").unwrap();
        let file = files.into_iter().find(|file| file.path == path).unwrap();
        syn::parse_file(&file.contents).unwrap()
    }

    fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
        names.into_iter().map(str::to_string).collect()
    }

    #[test]
    fn client_methods_are_the_reserved_ones_and_the_folder_accessors() {
        let mut methods = BTreeSet::new();
        for item in file("src/client.rs").items {
            // The methods of `Client`, not of `Request` and its builder.
            let syn::Item::Impl(block) = item else {
                continue;
            };
            if matches!(&*block.self_ty, syn::Type::Path(ty) if ty.path.is_ident("Client")) {
                for member in block.items {
                    if let syn::ImplItem::Fn(function) = member {
                        methods.insert(function.sig.ident.to_string());
                    }
                }
            }
        }
        let mut expected = set(CLIENT_METHODS.iter().map(String::as_str));
        expected.insert("things".into());
        // `default` is `Default::default`, and `fmt` is `Debug::fmt`, neither of them inherent.
        expected.insert("fmt".into());
        assert_eq!(methods, expected);
    }

    #[test]
    fn root_modules_and_types_are_the_reserved_ones() {
        let mut modules = BTreeSet::new();
        let mut types = BTreeSet::new();
        for item in file("src/lib.rs").items {
            match item {
                syn::Item::Mod(module) => {
                    modules.insert(module.ident.to_string());
                }
                syn::Item::Use(import) => {
                    let syn::UseTree::Path(path) = import.tree else {
                        continue;
                    };
                    match *path.tree {
                        syn::UseTree::Name(name) => {
                            types.insert(name.ident.to_string());
                        }
                        syn::UseTree::Group(group) => {
                            for tree in group.items {
                                if let syn::UseTree::Name(name) = tree {
                                    types.insert(name.ident.to_string());
                                }
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        modules.remove("things");
        let file_modules = set(ROOT_MODULES
            .iter()
            .copied()
            .filter(|m| !["lib", "main", "types"].contains(m)));
        assert_eq!(modules, file_modules);
        assert_eq!(types, set(ROOT_TYPES.iter().copied()));
    }
}
