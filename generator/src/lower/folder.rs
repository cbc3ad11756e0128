//! The folder walk: a folder → a [`Module`], its subfolders → child modules, its requests →
//! operations, each with a name unique where it lives (names the previous generation gave
//! claimed first).

use heck::ToPascalCase;

use super::auth::Declared;
use super::lowerer::Lowerer;
use super::naming;
use super::request_scope::RequestScope;
use crate::ir::reserved;
use crate::ir::{Module, TypeHome};
use crate::naming::{one_line, pascal_word, snake_ident, Scope};
use crate::postman::Item;

/// Where a folder sits and what it inherits from the folders above it.
pub(super) struct FolderScope<'a> {
    /// Its module path (`["links"]`); empty for the collection itself.
    pub module_path: Vec<String>,
    /// Its item path (`Links`), for messages; empty for the collection itself.
    pub item_path: String,
    /// The name of the struct its requests are methods of (`LinksApi`); empty at the root,
    /// whose requests are methods of `Client`.
    pub accessor: String,
    /// The method names that struct already has.
    pub methods: Scope,
    /// The nearest auth declared above it.
    pub inherited_auth: Option<Declared<'a>>,
}

impl Lowerer<'_> {
    /// Lowers a folder's items into a module. Its key and description are the parent's to
    /// set; the module's type names go to `self.type_names`.
    pub(super) fn folder(&mut self, items: &[Item], scope: FolderScope<'_>) -> Module {
        let FolderScope {
            module_path,
            item_path,
            accessor,
            mut methods,
            inherited_auth,
        } = scope;
        let item_path = item_path.as_str();
        let mut module_idents = if module_path.is_empty() {
            Scope::with_reserved(
                reserved::ROOT_MODULES
                    .iter()
                    .chain(reserved::MOCK_MODULES)
                    .copied(),
            )
        } else {
            Scope::with_reserved(reserved::FOLDER_MODULES.iter().copied())
        };
        let folders: Vec<&Item> = items
            .iter()
            .filter(|item| item.is_folder() && contains_requests(item))
            .collect();
        let requests: Vec<&Item> = items.iter().filter(|item| !item.is_folder()).collect();
        let folder_keys: Vec<String> = folders
            .iter()
            .map(|folder| {
                let name = folder.name.as_deref().unwrap_or_default();
                self.keys.folder(&join_path(item_path, name))
            })
            .collect();
        let request_keys: Vec<String> = requests
            .iter()
            .map(|request| {
                let name = request.name.as_deref().unwrap_or_default();
                self.keys
                    .request(&join_path(item_path, name), || naming::detail(request))
            })
            .collect();
        // Names the previous generation gave stay with their folders and requests: claimed
        // before any new one is chosen. Accessor methods and request methods share a
        // namespace, so each kind keeps clear of the other's.
        let remembered = self.remembered;
        let remembered_idents: Vec<Option<&str>> = folder_keys
            .iter()
            .map(|key| remembered.module(key))
            .collect();
        let remembered_methods: Vec<Option<&str>> = request_keys
            .iter()
            .map(|key| remembered.method(key))
            .collect();
        // A paginated request's stream is a method too: a new request must not take its name.
        let remembered_streams: Vec<Option<&str>> = request_keys
            .iter()
            .map(|key| remembered.stream_method(key))
            .collect();
        for name in remembered_idents
            .iter()
            .chain(&remembered_methods)
            .chain(&remembered_streams)
            .flatten()
        {
            module_idents.try_claim(name);
            methods.try_claim(name);
        }
        let home = TypeHome::Module(module_path.clone());
        // The crate root re-exports `Client`, `Error` and `UndocumentedResponse`.
        let fixed_types = if module_path.is_empty() {
            reserved::ROOT_TYPES
        } else {
            &[]
        };
        // The module's one set of type names besides its inferred structs'; these keep clear
        // of it (`TypeRegistry::finish`).
        let mut type_names = Scope::with_reserved(
            std::iter::once(accessor.as_str())
                .chain(fixed_types.iter().copied())
                .chain(remembered.type_names_in(&home).iter().map(String::as_str)),
        );
        let mut children = Vec::new();
        for ((folder, key), remembered_ident) in
            folders.iter().zip(folder_keys).zip(remembered_idents)
        {
            let name = folder.name.as_deref().unwrap_or_default();
            let child_item_path = join_path(item_path, name);
            let ident = match remembered_ident {
                Some(ident) => ident.to_string(),
                None => module_idents.claim(&snake_ident(name, "folder")),
            };
            methods.try_claim(&ident);
            let mut child_module = module_path.clone();
            child_module.push(ident.clone());
            let auth = folder
                .auth
                .as_ref()
                .map(|auth| Declared {
                    auth,
                    place: &child_item_path,
                })
                .or(inherited_auth);
            let child_scope = FolderScope {
                module_path: child_module,
                item_path: child_item_path.clone(),
                accessor: format!("{}Api", pascal_word(&ident, "folder")),
                methods: Scope::with_reserved(reserved::ACCESSOR_METHODS.iter().copied()),
                inherited_auth: auth,
            };
            let mut child = self.folder(folder.item.as_deref().unwrap_or_default(), child_scope);
            child.key = key;
            child.description = folder
                .description
                .as_ref()
                .and_then(|d| d.text())
                .map(str::to_string);
            children.push(child);
        }
        // Client setters all start with `with_`; top-level requests must never take one.
        let method_names = naming::method_names(
            &requests,
            &remembered_methods,
            &mut methods,
            module_path.is_empty(),
        );
        let mut operations = Vec::new();
        for ((item, method_name), key) in requests.into_iter().zip(method_names).zip(request_keys) {
            let name = item.name.as_deref().unwrap_or_default();
            // Always followed by a suffix (`Response`, `Query`, `Ok`), so a keyword-like method
            // name (`self_`) needs no escaping here.
            let type_prefix = method_name.to_pascal_case();
            let at = RequestScope {
                item,
                item_path: join_path(item_path, name),
                key,
                module_path: &module_path,
                method_name,
                type_prefix,
            };
            operations.push(self.operation(at, inherited_auth, &mut type_names));
        }
        self.type_names.insert(home, type_names);
        Module {
            key: String::new(),
            item_path: item_path.to_string(),
            ident: module_path.last().cloned().unwrap_or_default(),
            accessor,
            description: None,
            operations,
            children,
        }
    }
}

/// The item path of `name` in the folder at `parent` (`Links / Update`).
pub(super) fn join_path(parent: &str, name: &str) -> String {
    let name = one_line(name);
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent} / {name}")
    }
}

/// Whether a folder holds a request at any depth: empty folders become no module.
fn contains_requests(folder: &Item) -> bool {
    folder
        .item
        .as_deref()
        .unwrap_or_default()
        .iter()
        .any(|item| !item.is_folder() || contains_requests(item))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_paths_join_one_line_names() {
        assert_eq!(join_path("", "Links"), "Links");
        assert_eq!(join_path("Links", "Update\n  one"), "Links / Update one");
    }

    #[test]
    fn a_folder_counts_when_a_request_is_somewhere_below_it() {
        let folder = |json| serde_json::from_value::<Item>(json).unwrap();
        let nested = folder(serde_json::json!({
            "name": "A", "item": [{"name": "B", "item": [{"name": "R", "request": "https://x.test"}]}]
        }));
        let empty = folder(serde_json::json!({"name": "A", "item": [{"name": "B", "item": []}]}));
        assert!(contains_requests(&nested));
        assert!(!contains_requests(&empty));
    }
}
