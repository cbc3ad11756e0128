//! What the previous record says about names: the lowering's side of `api.json`.
//!
//! The record keys items by Rust path; lowering asks the other way round: "what was the
//! folder `Links` called", "what was the request `Links / Update` called", "which type held
//! the body at `Links / Update › 428 › $.token_generation_data`". This is that index.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::ToPascalCase;

use super::model::{ApiRecord, ItemKind, NAMING_REVISION};
use crate::ir::TypeHome;
use crate::naming::without_articles;

/// A type the previous generation emitted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RememberedType {
    pub home: TypeHome,
    pub name: String,
    /// For `pub type Name = Target;`: the target's path (`types::Account`).
    pub alias_of: Option<String>,
    /// A name an older naming revision chose that the current rules retire (see
    /// [`RememberedNames::from_record`]): the origin is still known, so the type stays
    /// grouped and homed as before, but its name is not claimed and a new one is chosen.
    pub retired: bool,
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
    /// Paths of the types whose names are retired.
    retired: HashSet<String>,
    /// Whether the record's parameter-struct aliases are to be kept: not for a record of
    /// naming revision 1, whose aliases may point into another folder's module.
    param_sharing: bool,
    /// A parameter site (`Links / Update › query`) → the neutral shared struct in `types`
    /// its `{Op}Query` or `{Op}Headers` was an alias of.
    shared_params: HashMap<String, String>,
}

impl RememberedNames {
    /// Indexes a record's items by their origin.
    ///
    /// A record of an older naming revision keeps every name but those the current rules
    /// retire on purpose, which are then named as new: a method whose name has articles to
    /// leave out (`get_a_links_details`), with every type named after it (by a site of its
    /// request and a name that starts with the method's type prefix, `GetALinksDetailsOk`);
    /// a request body named `…RequestRequest` (and the types named after it); and the
    /// direction of parameter-struct aliases, chosen again by the current rule.
    pub fn from_record(record: &ApiRecord) -> RememberedNames {
        let older = record.naming < NAMING_REVISION;
        let mut remembered = RememberedNames {
            param_sharing: !older,
            ..RememberedNames::default()
        };
        // Request key → the type-name prefixes the older rules derived from its method.
        let mut retired_prefixes: HashMap<&str, Vec<String>> = HashMap::new();
        if older {
            for (path, item) in &record.items {
                if item.runtime || item.kind != ItemKind::Method {
                    continue;
                }
                let name = path.rsplit("::").next().unwrap_or(path);
                let prefix = name.to_pascal_case();
                for request in &item.from {
                    let prefixes = retired_prefixes.entry(request.as_str()).or_default();
                    if without_articles(name).is_some() {
                        prefixes.push(prefix.clone());
                    } else if prefix.ends_with("Request") {
                        prefixes.push(format!("{prefix}Request"));
                    }
                }
            }
        }
        let retires = |name: &str, sites: &[String]| {
            sites.iter().any(|site| {
                let request = site.split(" › ").next().unwrap_or(site);
                retired_prefixes
                    .get(request)
                    .is_some_and(|prefixes| prefixes.iter().any(|p| name.starts_with(p)))
            })
        };
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
                ItemKind::Method if older && without_articles(name).is_some() => {}
                ItemKind::Method => {
                    for request in &item.from {
                        remembered.methods.insert(request.clone(), name.to_string());
                    }
                }
                ItemKind::Struct if parent == "types" && is_param_struct(&item.from) => {
                    for site in &item.from {
                        remembered
                            .shared_params
                            .insert(site.clone(), name.to_string());
                    }
                    remembered
                        .names_by_home
                        .entry(TypeHome::Shared)
                        .or_default()
                        .push(name.to_string());
                }
                ItemKind::Struct | ItemKind::Enum | ItemKind::TypeAlias => {
                    let home = home_of(parent);
                    let retired = retires(name, &item.from);
                    if retired {
                        remembered.retired.insert(path.clone());
                    } else {
                        remembered
                            .names_by_home
                            .entry(home.clone())
                            .or_default()
                            .push(name.to_string());
                    }
                    let remembered_type = RememberedType {
                        home,
                        name: name.to_string(),
                        alias_of: (item.kind == ItemKind::TypeAlias)
                            .then(|| item.signature.clone()),
                        retired,
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

    /// Every type name the previous generation emitted in `home` and the current rules keep:
    /// kept free for the origin that had it, so a new item cannot take a name an existing
    /// one still needs.
    pub fn type_names_in(&self, home: &TypeHome) -> &[String] {
        self.names_by_home.get(home).map_or(&[], Vec::as_slice)
    }

    /// Whether the type at this path (`links::GetALinksDetailsOk`) has a retired name.
    pub fn is_retired(&self, path: &str) -> bool {
        self.retired.contains(path)
    }

    /// Whether the record's parameter-struct aliases keep their direction (not for a record
    /// of naming revision 1).
    pub fn keeps_param_sharing(&self) -> bool {
        self.param_sharing
    }

    /// The neutral struct in `types` that the parameter struct at `site`
    /// (`Links / Update › query`) was an alias of.
    pub fn shared_params_at(&self, site: &str) -> Option<&str> {
        self.shared_params.get(site).map(String::as_str)
    }
}

/// The parts of a request a parameter struct is made from (`Links / Update › query`).
pub const PARAM_PARTS: [&str; 2] = ["query", "headers"];

/// Whether these origins are parameter sites: a neutral parameter struct in `types` is
/// recorded with the sites of the `{Op}Query` or `{Op}Headers` aliases that name it.
fn is_param_struct(from: &[String]) -> bool {
    !from.is_empty()
        && from.iter().all(|site| {
            site.rsplit_once(" › ")
                .is_some_and(|(_, part)| PARAM_PARTS.contains(&part))
        })
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
