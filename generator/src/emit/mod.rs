//! IR → the files of the emitted crate, formatted, in memory.
//!
//! Rust sources are built as token streams and printed with `prettyplease`; Cargo.toml,
//! README.md and the lib.rs preamble come from the minijinja templates in `templates/`.

mod client;
mod doc_html;
mod doc_links;
mod docs;
mod example_tests;
mod imports;
mod layout;
mod mock;
mod operations;
mod runtime;
mod scaffold;
mod settings;
mod types;

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;

use crate::ir::{Api, Module, StructDef, TypeHome};
use crate::output::EmittedFile;
pub use scaffold::Manifest;
pub use settings::{EmitError, EmitSettings};

/// What `emit_crate` makes: every file but `Cargo.toml`, and `Cargo.toml` waiting for the
/// version, which is decided from the other files (the record compares their fingerprint).
#[derive(Debug)]
pub struct EmittedCrate {
    /// Sorted by path.
    pub files: Vec<EmittedFile>,
    pub manifest: Manifest,
}

/// Emits every file of the crate, sorted by path.
///
/// Each Rust file is built and formatted by its own job, on as many threads as the machine
/// has: formatting dominates the run time (BENCHMARKS.md) and the files are independent. The
/// token streams are not `Send`, so a job builds and formats its file on one thread.
pub fn emit_crate(api: &Api, settings: &EmitSettings) -> Result<EmittedCrate, EmitError> {
    let header = format!("// {}\n", generated_marker(&settings.source_name));
    let needs = runtime::RuntimeNeeds::of(api);
    let scaffold = scaffold::Scaffold::new(api, &needs, settings);
    let manifest = Manifest::new(&scaffold.render("Cargo.toml.j2")?)?;
    let mut files = vec![EmittedFile {
        path: "README.md".into(),
        contents: scaffold.render("README.md.j2")?,
    }];
    let lib_preamble = scaffold.render("lib.rs.j2")?;
    let structs = StructsByHome::new(api);
    let header = header.as_str();

    let mut jobs: Vec<FileJob<'_>> = vec![
        Box::new(|| {
            let root_types = root_items(api, &structs);
            let root_types = format_importing("src/lib.rs", root_types, &lib_preamble)?;
            Ok(EmittedFile {
                path: "src/lib.rs".into(),
                contents: join_sections(&lib_preamble, &root_types),
            })
        }),
        Box::new(|| {
            let root_methods = operations::api_methods(api, needs.usual_auth, &api.root, &[], true);
            rust_file(
                header,
                "src/client.rs",
                imports::within_own_module(
                    client::client_module(api, &needs, root_methods),
                    "client",
                ),
            )
        }),
        Box::new(|| Ok(runtime_file(header, "src/error.rs", runtime::ERROR_MODULE))),
        Box::new(|| {
            Ok(runtime_file(
                header,
                "src/http/trace.rs",
                runtime::TRACE_MODULE,
            ))
        }),
        Box::new(|| {
            Ok(runtime_file(
                header,
                "src/http.rs",
                &runtime::http_module(&needs),
            ))
        }),
    ];
    if needs.computed.any() {
        jobs.push(Box::new(|| {
            Ok(runtime_file(
                header,
                "src/auth.rs",
                &runtime::auth_module(&needs),
            ))
        }));
    }
    if needs.json_responses {
        jobs.push(Box::new(|| {
            Ok(runtime_file(
                header,
                "src/tolerant.rs",
                &runtime::tolerant_module(&needs),
            ))
        }));
    }
    let shared = structs.of(&TypeHome::Shared);
    if !shared.is_empty() || !api.shared_params.is_empty() {
        jobs.push(Box::new(|| {
            let params = operations::shared_param_structs(api);
            let shared = operations::module_structs(api, &TypeHome::Shared, shared);
            let tokens = quote! {
                #![doc = " Types used by the requests of more than one folder."]
                #params
                #shared
            };
            rust_file(header, "src/types.rs", tokens)
        }));
    }
    for (path, module) in module_paths(&api.root) {
        let (structs, usual_auth) = (&structs, needs.usual_auth);
        jobs.push(Box::new(move || {
            let file = format!("src/{}.rs", path.join("/"));
            let here = structs.of(&TypeHome::Module(path.clone()));
            let tokens = operations::module_file(api, usual_auth, module, &path, here);
            Ok(EmittedFile {
                contents: format!("{header}{}", format_importing(&file, tokens, "")?),
                path: file,
            })
        }));
    }
    let crate_ident = scaffold.crate_ident.as_str();
    jobs.push(Box::new(|| {
        rust_file(header, "src/mock.rs", mock::mock_root(api, crate_ident))
    }));
    jobs.push(Box::new(|| {
        Ok(runtime_file(
            header,
            "src/mock/mock_server.rs",
            &runtime::mock_server_module(&needs),
        ))
    }));
    for (path, module) in module_paths(&api.root) {
        jobs.push(Box::new(move || {
            let file = format!("src/mock/{}.rs", path.join("/"));
            rust_file(header, &file, mock::mock_folder(api, module, &path))
        }));
    }
    jobs.push(Box::new(|| {
        rust_file(
            header,
            "tests/examples/main.rs",
            example_tests::examples_main(api, crate_ident),
        )
    }));
    jobs.push(Box::new(|| {
        rust_file(
            header,
            "tests/mock/main.rs",
            mock::mock_tests_main(api, crate_ident),
        )
    }));
    for child in mock::modules_with_defaults(&api.root) {
        jobs.push(Box::new(move || {
            let file = format!("tests/mock/{}.rs", child.ident);
            rust_file(
                header,
                &file,
                mock::mock_tests_file(api, child, crate_ident),
            )
        }));
    }
    for child in example_tests::modules_with_examples(&api.root) {
        jobs.push(Box::new(move || {
            let file = format!("tests/examples/{}.rs", child.ident);
            rust_file(
                header,
                &file,
                example_tests::examples_file(child, crate_ident),
            )
        }));
    }

    let rust_files = jobs
        .into_par_iter()
        .map(|job| job())
        .collect::<Result<Vec<_>, _>>()?;
    files.extend(rust_files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(EmittedCrate { files, manifest })
}

/// The first line of every emitted file, in the comment syntax of its kind.
pub fn generated_marker(source_name: &str) -> String {
    format!(
        "@generated by generator {} from {source_name}. Do not edit by hand: run `cargo run -p generator`.",
        env!("CARGO_PKG_VERSION")
    )
}

/// Builds and formats one file; run on any thread.
type FileJob<'a> = Box<dyn FnOnce() -> Result<EmittedFile, EmitError> + Send + 'a>;

/// Every folder below the root with its module path of idents, parents before children.
fn module_paths(root: &Module) -> impl Iterator<Item = (Vec<String>, &Module)> {
    root.walk().into_iter().skip(1)
}

/// The inferred structs grouped by where they are emitted, in their IR order. Grouped once,
/// because looking them up per module made emitting quadratic in the number of folders.
struct StructsByHome<'a> {
    by_home: HashMap<&'a TypeHome, Vec<&'a StructDef>>,
}

impl<'a> StructsByHome<'a> {
    fn new(api: &'a Api) -> Self {
        let mut by_home: HashMap<&TypeHome, Vec<&StructDef>> = HashMap::new();
        for def in &api.types.structs {
            by_home.entry(&def.home).or_default().push(def);
        }
        StructsByHome { by_home }
    }

    fn of(&self, home: &TypeHome) -> &[&'a StructDef] {
        self.by_home.get(home).map_or(&[], Vec::as_slice)
    }
}

/// The crate root's own items: the types of top-level requests and of root-homed structs.
fn root_items(api: &Api, structs: &StructsByHome<'_>) -> TokenStream {
    let here = TypeHome::Module(Vec::new());
    let owned = api
        .root
        .operations
        .iter()
        .map(|operation| operations::operation_types(api, operation, &here, "crate::Client"));
    let structs = operations::module_structs(api, &here, structs.of(&here));
    quote! {
        #( #owned )*
        #structs
    }
}

fn rust_file(header: &str, path: &str, tokens: TokenStream) -> Result<EmittedFile, EmitError> {
    Ok(EmittedFile {
        path: path.to_string(),
        contents: format!("{header}{}", format_rust(path, tokens)?),
    })
}

/// A file of the fixed runtime, copied as written (see [`runtime`]).
fn runtime_file(header: &str, path: &str, source: &str) -> EmittedFile {
    EmittedFile {
        path: path.to_string(),
        contents: format!("{header}{source}"),
    }
}

fn format_rust(path: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|err| EmitError::InvalidRust {
        file: path.to_string(),
        message: err.to_string(),
    })?;
    Ok(layout::unparse(file))
}

/// A module file, formatted, with the runtime items it uses imported at its top (see
/// [`imports`]); `elsewhere` is text of the same module printed apart.
fn format_importing(path: &str, tokens: TokenStream, elsewhere: &str) -> Result<String, EmitError> {
    let (tokens, uses) = imports::import_runtime_paths(tokens, elsewhere);
    let mut file = syn::parse2::<syn::File>(tokens).map_err(|err| EmitError::InvalidRust {
        file: path.to_string(),
        message: err.to_string(),
    })?;
    file.items.splice(0..0, uses);
    Ok(layout::unparse(file))
}

fn join_sections(first: &str, second: &str) -> String {
    let first = first.trim_end();
    if second.trim().is_empty() {
        format!("{first}\n")
    } else {
        format!("{first}\n\n{second}")
    }
}
