//! `{Op}Query` and `{Op}Headers` structs that repeat another one become type aliases.
//!
//! Collections repeat the same parameters on many requests (Belvo: `omit` and `fields`, with
//! the same descriptions, on 46 of them, in 20 folders). Each operation keeps its own type
//! name, so its signature does not change when another request changes; the crate compiles
//! one definition. Requests of one folder share the first one's struct, in that module;
//! requests of several folders share one struct in `types`, named from what it holds
//! (`types::OmitFieldsQuery`), so that no folder's names point into another folder.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::ir::origin::{Part, Site};
use crate::ir::{
    Api, Module, ParamAlias, ParamField, ParamPart, ParamStruct, SharedParams, TypeHome,
};
use crate::naming::{pascal_word, Scope};
use crate::previous::RememberedNames;

/// At most this many keys name a shared struct; more are written `Etc`.
const NAME_KEYS: usize = 3;

/// The neutral name of a shared parameter struct: its keys in order, PascalCase, then the
/// part (`omit`, `fields` → `OmitFieldsQuery`; `x-api-version` → `XApiVersionHeaders`).
/// Past three keys the rest are `Etc` (`PageSizePageOmitEtcQuery`), so the name stays short
/// and depends on the parameters alone, never on which requests share them.
pub fn neutral_name(part: ParamPart, fields: &[ParamField]) -> String {
    let mut name: String = fields
        .iter()
        .take(NAME_KEYS)
        .map(|field| pascal_word(&field.key, "param"))
        .collect();
    if fields.len() > NAME_KEYS {
        name.push_str("Etc");
    }
    name.push_str(part.type_suffix());
    name
}

/// What makes parameter structs one type: the part and the fields (keys, types, docs).
type GroupKey = (ParamPart, Vec<ParamField>);

/// One parameter struct of the tree, in the order the emitter writes them (the root's
/// requests, then each folder before its subfolders).
struct Member {
    module: Vec<String>,
    name: String,
    site: Site,
}

/// What one parameter struct becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fate {
    Own,
    Alias(ParamAlias),
}

/// Marks every parameter struct whose fields (keys, types and docs) another one in the tree
/// also has as an alias, and defines the structs shared across folders in `types`
/// (`api.shared_params`).
///
/// With a record, a struct the previous generation defined stays a definition and the
/// requests of its module that were its aliases stay so, whatever order the requests come
/// in; a group that had a shared struct keeps it (and its name) even if one folder is left.
/// The others: within one folder, the first is the definition; across folders, the shared
/// struct. A record of naming revision 1 (whose aliases could point into another folder)
/// is not followed here: its groups are formed again by these rules.
pub fn share_repeated(api: &mut Api, remembered: &RememberedNames) {
    let mut groups: Vec<(GroupKey, Vec<Member>)> = Vec::new();
    let mut group_of: HashMap<GroupKey, usize> = HashMap::new();
    visit(
        &mut api.root,
        &mut Vec::new(),
        &mut |params, part, path, key| {
            let group_key = (part, params.fields.clone());
            let index = *group_of.entry(group_key.clone()).or_insert_with(|| {
                groups.push((group_key, Vec::new()));
                groups.len() - 1
            });
            groups[index].1.push(Member {
                module: path.to_vec(),
                name: params.name.clone(),
                site: Site::new(key, Part::Params(part)),
            });
        },
    );

    let mut shared_names = SharedNames::new(api, remembered);
    let mut fates: HashMap<Site, Fate> = HashMap::new();
    for ((part, fields), members) in &groups {
        let had_shared = |m: &Member| remembered.shared_params_at(&m.site).is_some();
        if members.len() < 2 && !members.iter().any(had_shared) {
            continue;
        }
        let (decided, pending) = follow_record(members, remembered);
        fates.extend(decided);
        let modules: HashSet<&[String]> = pending.iter().map(|m| m.module.as_slice()).collect();
        let was_shared = pending
            .iter()
            .find_map(|m| remembered.shared_params_at(&m.site));
        if modules.len() > 1 || was_shared.is_some() {
            let name = shared_names.claim(was_shared, &neutral_name(*part, fields));
            let target = ParamAlias {
                home: TypeHome::Shared,
                name: name.clone(),
            };
            for member in &pending {
                fates.insert(member.site.clone(), Fate::Alias(target.clone()));
            }
            let origins: BTreeSet<Site> = pending.iter().map(|m| m.site.clone()).collect();
            api.shared_params.push(SharedParams {
                params: ParamStruct {
                    name,
                    fields: fields.clone(),
                    alias_of: None,
                },
                part: *part,
                origins: origins.into_iter().collect(),
            });
        } else if let Some((first, rest)) = pending.split_first() {
            let target = ParamAlias {
                home: TypeHome::Module(first.module.clone()),
                name: first.name.clone(),
            };
            for member in rest {
                fates.insert(member.site.clone(), Fate::Alias(target.clone()));
            }
        }
    }
    visit(
        &mut api.root,
        &mut Vec::new(),
        &mut |params, part, _, key| {
            if let Some(Fate::Alias(target)) = fates.get(&Site::new(key, Part::Params(part))) {
                params.alias_of = Some(target.clone());
            }
        },
    );
}

/// Splits a group into the members whose fate the record decides (definitions it had, and
/// their aliases in the same module) and the rest, in order.
fn follow_record<'a>(
    members: &'a [Member],
    remembered: &RememberedNames,
) -> (Vec<(Site, Fate)>, Vec<&'a Member>) {
    if !remembered.keeps_param_sharing() {
        return (Vec::new(), members.iter().collect());
    }
    let home = |member: &Member| TypeHome::Module(member.module.clone());
    let definitions: Vec<&Member> = members
        .iter()
        .filter(|member| {
            remembered.type_at(&member.site).is_some_and(|t| {
                t.alias_of.is_none() && t.name == member.name && t.home == home(member)
            })
        })
        .collect();
    let mut decided: Vec<(Site, Fate)> = definitions
        .iter()
        .map(|member| (member.site.clone(), Fate::Own))
        .collect();
    let mut pending = Vec::new();
    for member in members {
        if definitions.iter().any(|d| d.site == member.site) {
            continue;
        }
        match definitions.iter().find(|d| d.module == member.module) {
            Some(definition) => decided.push((
                member.site.clone(),
                Fate::Alias(ParamAlias {
                    home: home(definition),
                    name: definition.name.clone(),
                }),
            )),
            None => pending.push(member),
        }
    }
    (decided, pending)
}

/// Names for the shared structs, free in `types`: the one the record gave, else the neutral
/// name (with a number only if two different groups, or an inferred type, want it).
struct SharedNames {
    /// Every name of `types`, the record's included, so a new group keeps clear of them.
    scope: Scope,
    /// Inferred types of `types`: a remembered name they hold is not free.
    inferred: HashSet<String>,
    /// Remembered names given again.
    given: HashSet<String>,
}

impl SharedNames {
    fn new(api: &Api, remembered: &RememberedNames) -> SharedNames {
        let shared = |home: &TypeHome| *home == TypeHome::Shared;
        let inferred: HashSet<String> = (api.types.structs.iter())
            .filter(|def| shared(&def.home))
            .map(|def| def.name.clone())
            .chain(
                (api.types.enums.iter())
                    .filter(|def| shared(&def.home))
                    .map(|def| def.name.clone()),
            )
            .collect();
        let remembered_names = remembered.type_names_in(&TypeHome::Shared);
        let scope = Scope::with_reserved(
            (inferred.iter())
                .chain(remembered_names)
                .map(String::as_str),
        );
        SharedNames {
            scope,
            inferred,
            given: HashSet::new(),
        }
    }

    fn claim(&mut self, remembered_name: Option<&str>, neutral: &str) -> String {
        if let Some(name) = remembered_name {
            if !self.inferred.contains(name) && self.given.insert(name.to_string()) {
                return name.to_string();
            }
        }
        self.scope.claim(neutral)
    }
}

/// Calls `each` with every parameter struct, its part, module path and request key.
fn visit(
    module: &mut Module,
    path: &mut Vec<String>,
    each: &mut impl FnMut(&mut ParamStruct, ParamPart, &[String], &str),
) {
    for operation in &mut module.operations {
        if let Some(query) = operation.query.as_mut() {
            each(query, ParamPart::Query, path, &operation.key);
        }
        if let Some(headers) = operation.headers.as_mut() {
            each(headers, ParamPart::Headers, path, &operation.key);
        }
    }
    for child in &mut module.children {
        path.push(child.ident.clone());
        visit(child, path, each);
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Operation, PathTemplate, TypeRef};

    fn field(key: &str, description: &str) -> ParamField {
        ParamField {
            key: key.into(),
            ident: key.replace('-', "_"),
            ty: TypeRef::String,
            description: Some(description.into()),
            secret: false,
        }
    }

    fn params(name: &str, description: &str) -> ParamStruct {
        ParamStruct {
            name: name.into(),
            fields: vec![field("omit", description), field("fields", description)],
            alias_of: None,
        }
    }

    fn operation(key: &str, query: Option<ParamStruct>, headers: Option<ParamStruct>) -> Operation {
        Operation {
            key: key.into(),
            item_path: key.into(),
            method_name: "op".into(),
            http_method: "GET".into(),
            path: PathTemplate { segments: vec![] },
            response_enum: "OpResponse".into(),
            query,
            fixed_headers: vec![],
            headers,
            body: None,
            responses: vec![],
            pagination: None,
            description: None,
            auth: None,
        }
    }

    fn module(ident: &str, operations: Vec<Operation>) -> Module {
        Module {
            key: ident.into(),
            item_path: ident.into(),
            ident: ident.into(),
            accessor: "Api".into(),
            description: None,
            operations,
            children: vec![],
        }
    }

    fn api(root: Module) -> Api {
        Api {
            title: String::new(),
            description: None,
            default_base_url: None,
            credentials: vec![],
            variables: vec![],
            root,
            types: Default::default(),
            shared_params: vec![],
        }
    }

    /// The root has a struct of its own; `first` has two requests with the same query (and
    /// headers with those docs); `second` one request with that query too.
    fn tree(first: &str, second: &str) -> Api {
        let mut root = module(
            "",
            vec![operation(
                "Other",
                Some(params("OtherQuery", "Something else.")),
                None,
            )],
        );
        let op = |folder: &str, n: &str, headers: bool| {
            operation(
                &format!("{folder} / {n}"),
                Some(params(&format!("{folder}{n}Query"), "Omit fields.")),
                headers.then(|| params("H", "Omit fields.")),
            )
        };
        root.children = vec![
            module(first, vec![op(first, "A", true), op(first, "B", false)]),
            module(second, vec![op(second, "A", false)]),
        ];
        api(root)
    }

    /// `(name, alias target)` of every parameter struct, sorted.
    fn aliases(api: &Api) -> Vec<(String, Option<String>)> {
        let mut found = Vec::new();
        for module in std::iter::once(&api.root).chain(&api.root.children) {
            for operation in &module.operations {
                for params in operation.query.iter().chain(&operation.headers) {
                    found.push((
                        params.name.clone(),
                        params.alias_of.as_ref().map(|a| a.home.type_path(&a.name)),
                    ));
                }
            }
        }
        found.sort();
        found
    }

    fn remembered(api: &Api, naming: u32) -> RememberedNames {
        RememberedNames::from_record(&crate::record::ApiRecord {
            generated: String::new(),
            format: 1,
            naming,
            code: crate::record::model::CODE_REVISION,
            behaviour: None,
            crate_name: "c".into(),
            version: crate::record::Version::INITIAL,
            fingerprint: String::new(),
            items: crate::record::build::api_items(api),
        })
    }

    #[test]
    fn neutral_names_say_what_the_struct_holds() {
        let fields = |keys: &[&str]| keys.iter().map(|k| field(k, "")).collect::<Vec<_>>();
        assert_eq!(
            neutral_name(ParamPart::Query, &fields(&["omit", "fields"])),
            "OmitFieldsQuery"
        );
        assert_eq!(
            neutral_name(ParamPart::Headers, &fields(&["x-api-version"])),
            "XApiVersionHeaders"
        );
        assert_eq!(
            neutral_name(
                ParamPart::Query,
                &fields(&["page_size", "page", "omit", "fields"])
            ),
            "PageSizePageOmitEtcQuery"
        );
        assert_eq!(
            neutral_name(ParamPart::Query, &fields(&["2fa"])),
            "Param2faQuery"
        );
    }

    #[test]
    fn one_folder_aliases_its_first_request_and_several_folders_share_a_neutral_type() {
        let mut api = tree("links", "accounts");
        share_repeated(&mut api, &RememberedNames::default());
        let shared = Some("types::OmitFieldsQuery".to_string());
        assert_eq!(
            aliases(&api),
            [
                ("H".to_string(), None),
                ("OtherQuery".to_string(), None),
                ("accountsAQuery".to_string(), shared.clone()),
                ("linksAQuery".to_string(), shared.clone()),
                ("linksBQuery".to_string(), shared),
            ]
        );
        assert_eq!(api.shared_params.len(), 1);
        assert_eq!(
            api.shared_params[0]
                .origins
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            [
                "accounts / A › query",
                "links / A › query",
                "links / B › query"
            ]
        );
        // Without the other folder, the second request aliases the first in its module.
        let mut api = tree("links", "accounts");
        api.root.children.pop();
        share_repeated(&mut api, &RememberedNames::default());
        assert!(api.shared_params.is_empty());
        assert_eq!(
            aliases(&api)[3],
            (
                "linksBQuery".to_string(),
                Some("links::linksAQuery".to_string())
            )
        );
    }

    #[test]
    fn a_remembered_sharing_holds_when_requests_move_or_folders_go() {
        let mut first = tree("links", "accounts");
        share_repeated(&mut first, &RememberedNames::default());
        let memory = remembered(&first, crate::record::model::NAMING_REVISION);
        let mut reordered = tree("links", "accounts");
        reordered.root.children.reverse();
        for child in &mut reordered.root.children {
            child.operations.reverse();
        }
        share_repeated(&mut reordered, &memory);
        assert_eq!(aliases(&reordered), aliases(&first));
        // One folder left: its requests still share the neutral type.
        let mut fewer = tree("links", "accounts");
        fewer.root.children.pop();
        share_repeated(&mut fewer, &memory);
        assert_eq!(
            aliases(&fewer)[2].1.as_deref(),
            Some("types::OmitFieldsQuery")
        );
        // A folder's own definition stays one when another folder's request joins it.
        let mut alone = tree("links", "accounts");
        alone.root.children.pop();
        share_repeated(&mut alone, &RememberedNames::default());
        let memory = remembered(&alone, crate::record::model::NAMING_REVISION);
        let mut joined = tree("links", "accounts");
        share_repeated(&mut joined, &memory);
        assert_eq!(
            aliases(&joined)[2..],
            [
                ("accountsAQuery".to_string(), None),
                ("linksAQuery".to_string(), None),
                (
                    "linksBQuery".to_string(),
                    Some("links::linksAQuery".to_string())
                ),
            ]
        );
        assert!(joined.shared_params.is_empty());
    }

    #[test]
    fn a_naming_revision_1_record_does_not_keep_cross_folder_aliases() {
        // As revision 1 wrote it: the second folder's query an alias into the first's module.
        let mut old = tree("links", "accounts");
        old.root.children.pop();
        share_repeated(&mut old, &RememberedNames::default());
        let mut joined = tree("links", "accounts");
        joined.root.children[1].operations[0]
            .query
            .as_mut()
            .unwrap()
            .alias_of = Some(ParamAlias {
            home: TypeHome::Module(vec!["links".into()]),
            name: "linksAQuery".into(),
        });
        old.root.children.push(joined.root.children.pop().unwrap());
        let memory = remembered(&old, 1);
        let mut again = tree("links", "accounts");
        share_repeated(&mut again, &memory);
        let mut fresh = tree("links", "accounts");
        share_repeated(&mut fresh, &RememberedNames::default());
        assert_eq!(aliases(&again), aliases(&fresh));
    }
}
