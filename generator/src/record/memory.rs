//! What the previous record says about names: the lowering's side of `api.json`.
//!
//! The record keys items by Rust path; lowering asks the other way round: "what was the
//! folder `Links` called", "what was the request `Links / Update` called", "which type held
//! the body at `Links / Update › 428 › $.token_generation_data`". This is that index.

use std::collections::{BTreeMap, HashMap};

use super::model::{ApiRecord, ItemKind};
use crate::ir::TypeHome;

/// A type the previous generation emitted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RememberedType {
    pub home: TypeHome,
    pub name: String,
    /// For `pub type Name = Target;`: the target's path (`types::Account`).
    pub alias_of: Option<String>,
}

impl RememberedType {
    /// The path of the struct this type is or stands for: its identity.
    pub fn identity(&self) -> String {
        self.alias_of
            .clone()
            .unwrap_or_else(|| type_path(&self.home, &self.name))
    }
}

/// The names of the previous generation, by where in the collection they came from. Empty
/// for a first generation: every lookup misses and names are chosen as if new.
#[derive(Debug, Clone, Default)]
pub struct RememberedNames {
    modules: HashMap<String, String>,
    methods: HashMap<String, String>,
    types: Vec<RememberedType>,
    /// Site → index in `types`: a shared type has hundreds of sites.
    sites: HashMap<String, usize>,
    names_by_home: BTreeMap<TypeHome, Vec<String>>,
}

impl RememberedNames {
    /// Indexes a record's items by their origin.
    pub fn from_record(record: &ApiRecord) -> RememberedNames {
        let mut remembered = RememberedNames::default();
        for (path, item) in &record.items {
            if item.runtime {
                continue; // The same for every collection: no name to keep.
            }
            let (parent, name) = match path.rsplit_once("::") {
                Some((parent, name)) => (parent, name),
                None => ("", path.as_str()),
            };
            match item.kind {
                ItemKind::Module => {
                    for folder in &item.from {
                        remembered.modules.insert(folder.clone(), name.to_string());
                    }
                }
                ItemKind::Method => {
                    for request in &item.from {
                        remembered.methods.insert(request.clone(), name.to_string());
                    }
                }
                ItemKind::Struct | ItemKind::Enum | ItemKind::TypeAlias => {
                    let home = home_of(parent);
                    remembered
                        .names_by_home
                        .entry(home.clone())
                        .or_default()
                        .push(name.to_string());
                    let remembered_type = RememberedType {
                        home,
                        name: name.to_string(),
                        alias_of: (item.kind == ItemKind::TypeAlias)
                            .then(|| item.signature.clone()),
                    };
                    let index = remembered.types.len();
                    remembered.types.push(remembered_type);
                    for site in &item.from {
                        remembered.sites.insert(site.clone(), index);
                    }
                }
                ItemKind::Field | ItemKind::Variant => {}
            }
        }
        remembered
    }

    /// The module identifier the folder with this key had.
    pub fn module(&self, folder_key: &str) -> Option<&str> {
        self.modules.get(folder_key).map(String::as_str)
    }

    /// The method name the request with this key had.
    pub fn method(&self, request_key: &str) -> Option<&str> {
        self.methods.get(request_key).map(String::as_str)
    }

    /// The type that held the value at this site (`Links / Update › query`,
    /// `Links / Update › 200 › $.results[*]`).
    pub fn type_at(&self, site: &str) -> Option<&RememberedType> {
        self.sites.get(site).map(|&index| &self.types[index])
    }

    /// Every type name the previous generation emitted in `home`: kept free for the origin
    /// that had it, so a new item cannot take a name an existing one still needs.
    pub fn type_names_in(&self, home: &TypeHome) -> &[String] {
        self.names_by_home.get(home).map_or(&[], Vec::as_slice)
    }
}

/// The home of a type whose path has this parent: `types` is the shared module, `` the
/// crate root, anything else a folder's module.
pub fn home_of(parent: &str) -> TypeHome {
    match parent {
        "types" => TypeHome::Shared,
        "" => TypeHome::Module(Vec::new()),
        module => TypeHome::Module(module.split("::").map(str::to_string).collect()),
    }
}

/// The path of a type from the crate root, as the record writes it.
pub fn type_path(home: &TypeHome, name: &str) -> String {
    match home {
        TypeHome::Shared => format!("types::{name}"),
        TypeHome::Module(path) if path.is_empty() => name.to_string(),
        TypeHome::Module(path) => format!("{}::{name}", path.join("::")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_homes_round_trip() {
        for (home, name) in [
            (TypeHome::Shared, "Account"),
            (TypeHome::Module(vec![]), "UpdateOk"),
            (TypeHome::Module(vec!["a".into(), "b".into()]), "X"),
        ] {
            let path = type_path(&home, name);
            let (parent, last) = path.rsplit_once("::").unwrap_or(("", &path));
            assert_eq!((home_of(parent), last), (home.clone(), name));
        }
    }
}
