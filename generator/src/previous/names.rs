//! What the previous record says about names: the lowering's side of `api.json`.
//!
//! The record keys items by Rust path; lowering asks the other way round: "what was the
//! folder `Links` called", "what was the request `Links / Update` called", "which type held
//! the body at `Links / Update › 428 › $.token_generation_data`". This is that index.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::ToPascalCase;

use crate::ir::origin::{Part, Site};
use crate::ir::TypeHome;
use crate::naming::without_articles;
use crate::record::model::{ApiRecord, ItemKind, NAMING_REVISION};

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
            .unwrap_or_else(|| self.home.type_path(&self.name))
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
    sites: HashMap<Site, usize>,
    names_by_home: BTreeMap<TypeHome, Vec<String>>,
    /// Paths of the types whose names are retired.
    retired: HashSet<String>,
    /// Whether the record's parameter-struct aliases are to be kept: not for a record of
    /// naming revision 1, whose aliases may point into another folder's module.
    param_sharing: bool,
    /// A parameter site (`Links / Update › query`) → the neutral shared struct in `types`
    /// its `{Op}Query` or `{Op}Headers` was an alias of.
    shared_params: HashMap<Site, String>,
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
        let retires = |name: &str, sites: &[Site]| {
            sites.iter().any(|site| {
                retired_prefixes
                    .get(site.request.as_str())
                    .is_some_and(|prefixes| prefixes.iter().any(|p| name.starts_with(p)))
            })
        };
        for (path, item) in &record.items {
            if item.runtime {
                continue; // The same for every collection: no name to keep.
            }
            let (home, name) = TypeHome::split_type_path(path);
            // A type's origins; `parse_record` refused a record with one that is no site.
            let sites = || -> Vec<Site> {
                item.from
                    .iter()
                    .filter_map(|site| site.parse().ok())
                    .collect()
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
                ItemKind::Struct if home == TypeHome::Shared && is_param_struct(&sites()) => {
                    for site in sites() {
                        remembered.shared_params.insert(site, name.to_string());
                    }
                    remembered
                        .names_by_home
                        .entry(TypeHome::Shared)
                        .or_default()
                        .push(name.to_string());
                }
                ItemKind::Struct | ItemKind::Enum | ItemKind::TypeAlias => {
                    let sites = sites();
                    let retired = retires(name, &sites);
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
                    for site in sites {
                        remembered.sites.insert(site, index);
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

    /// The name the stream of the paginated request with this key had.
    pub fn stream_method(&self, request_key: &str) -> Option<&str> {
        let site = Site::new(request_key, Part::Stream).to_string();
        self.methods.get(&site).map(String::as_str)
    }

    /// The type that held the value at this site (`Links / Update › query`,
    /// `Links / Update › 200 › $.results[*]`).
    pub fn type_at(&self, site: &Site) -> Option<&RememberedType> {
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
    pub fn shared_params_at(&self, site: &Site) -> Option<&str> {
        self.shared_params.get(site).map(String::as_str)
    }
}

/// Whether these origins are parameter sites: a neutral parameter struct in `types` is
/// recorded with the sites of the `{Op}Query` or `{Op}Headers` aliases that name it.
fn is_param_struct(from: &[Site]) -> bool {
    !from.is_empty() && from.iter().all(|site| matches!(site.part, Part::Params(_)))
}
