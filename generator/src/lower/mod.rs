//! Postman → IR: folders become modules, requests become operations.
//!
//! In: a parsed [`Collection`]. Out: an [`Api`] with unique names, inherited auth resolved,
//! url templates, query structs and the types of every body (through the inference registry),
//! plus warnings for everything that had to be dropped.

mod auth;
mod base_url;
mod body;
mod folder;
mod keys;
mod lowerer;
mod naming;
mod operation;
pub mod overrides;
pub mod pagination;
mod params;
mod remap;
mod request_scope;
mod responses;
pub mod secrets;
mod shared_params;
pub mod status;
mod url;
mod variables;

use std::collections::BTreeMap;

use auth::{AuthResolver, Declared, WrittenValues};
use folder::{join_path, FolderScope};
use keys::OriginKeys;
use lowerer::Lowerer;
use remap::{remap_module, Moved};

use crate::diagnostics::{Diagnostics, WarningKind};
use crate::infer::TypeRegistry;
use crate::ir::reserved;
use crate::ir::Api;
use crate::naming::{one_line, Scope};
use crate::postman::{Collection, Item};
use crate::previous::RememberedNames;

/// Lowers a collection into the IR, reporting what it drops to `diagnostics`. Names the
/// previous generation gave (`remembered`, empty for a first one) are kept for the same
/// folders, requests and body sites.
pub fn lower(
    collection: &Collection,
    diagnostics: &mut Diagnostics,
    remembered: &RememberedNames,
    secret_fields: &[String],
) -> Api {
    let mut lowerer = Lowerer {
        collection,
        remembered,
        keys: OriginKeys::count(&collection.item, join_path),
        registry: TypeRegistry::default(),
        diagnostics,
        auth: AuthResolver::default(),
        variables: variables::VariableRegistry::default(),
        type_names: BTreeMap::new(),
        origins: Vec::new(),
    };
    if has_scripts(collection) {
        lowerer.diagnostics.warn(
            WarningKind::ScriptsIgnored,
            "",
            "pre-request and test scripts are ignored: the generated client does not run JavaScript",
        );
    }
    let root_scope = FolderScope {
        module_path: Vec::new(),
        item_path: String::new(),
        accessor: String::new(),
        methods: Scope::with_reserved(
            reserved::CLIENT_METHODS
                .iter()
                .map(String::as_str)
                .chain(reserved::MOCK_SERVER_METHODS.iter().copied()),
        ),
        inherited_auth: collection
            .auth
            .as_ref()
            .map(|auth| Declared { auth, place: "" }),
    };
    let mut root = lowerer.folder(&collection.item, root_scope);
    let Lowerer {
        registry,
        type_names,
        origins,
        diagnostics,
        auth,
        variables,
        ..
    } = lowerer;
    let (variables, variables_moved) = variables.finish();
    let resolve = |text: &str| base_url::resolve_variables(text, collection);
    let written = WrittenValues {
        main_origin: base_url::main_origin(&origins),
        resolve: &resolve,
    };
    let (credentials, credentials_moved) = auth.finish(&variables, &written);
    let (types, remap) = registry.finish(&type_names, remembered);
    remap_module(
        &mut root,
        &Moved {
            types: &remap,
            credentials: &credentials_moved,
            variables: &variables_moved,
        },
    );
    let mut api = Api {
        title: one_line(&collection.info.name),
        description: collection
            .info
            .description
            .as_ref()
            .and_then(|d| d.text())
            .map(str::to_string),
        default_base_url: base_url::default_base_url(collection, &origins, diagnostics),
        variables,
        credentials,
        root,
        types,
        shared_params: Vec::new(),
    };
    secrets::mark(&mut api, secret_fields);
    // After the marks: a shared struct copies its fields, secrets included.
    shared_params::share_repeated(&mut api, remembered);
    api
}

/// Whether any item or the collection has an enabled script, which the client cannot run.
fn has_scripts(collection: &Collection) -> bool {
    fn in_items(items: &[Item]) -> bool {
        items.iter().any(|item| {
            item.event.iter().any(|event| !event.disabled)
                || item.item.as_deref().is_some_and(in_items)
        })
    }
    collection.event.iter().any(|event| !event.disabled) || in_items(&collection.item)
}
