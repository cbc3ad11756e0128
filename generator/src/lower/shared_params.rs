//! `{Op}Query` and `{Op}Headers` structs that repeat an earlier one become type aliases.
//!
//! Collections repeat the same parameters on many requests (Belvo: `omit` and `fields`, with
//! the same descriptions, on 46 of them). Each operation keeps its own type name, so its
//! signature does not change when another request changes; the crate compiles one definition.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use crate::ir::{Module, ParamAlias, ParamField, ParamStruct};
use crate::record::memory::RememberedNames;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Query,
    Headers,
}

/// Marks every parameter struct whose fields (keys, types and docs) another one in the tree
/// also has as an alias of the group's definition. The definition is the struct the
/// previous generation defined, if one of them is remembered so; otherwise the first in the
/// order the emitter writes them (the root's requests, then each folder before its
/// subfolders). Aliases and definitions so never swap when requests are reordered.
pub fn alias_repeated(root: &mut Module, remembered: &RememberedNames) {
    let mut definitions: HashMap<(Kind, Vec<ParamField>), Definition> = HashMap::new();
    visit(root, &mut Vec::new(), &mut |params, kind, path, key| {
        let part = if kind == Kind::Query {
            "query"
        } else {
            "headers"
        };
        let was_defined = remembered
            .type_at(&format!("{key} › {part}"))
            .is_some_and(|t| t.alias_of.is_none() && t.name == params.name);
        let here = ParamAlias {
            module: path.to_vec(),
            name: params.name.clone(),
        };
        match definitions.entry((kind, params.fields.clone())) {
            Entry::Vacant(entry) => {
                entry.insert(Definition {
                    target: here,
                    was_defined,
                });
            }
            Entry::Occupied(mut entry) if was_defined && !entry.get().was_defined => {
                entry.insert(Definition {
                    target: here,
                    was_defined,
                });
            }
            Entry::Occupied(_) => {}
        }
    });
    visit(root, &mut Vec::new(), &mut |params, kind, path, _| {
        let key = (kind, params.fields.clone());
        if let Some(definition) = definitions.get(&key) {
            let is_definition =
                definition.target.module == path && definition.target.name == params.name;
            if !is_definition {
                params.alias_of = Some(definition.target.clone());
            }
        }
    });
}

struct Definition {
    target: ParamAlias,
    /// The previous generation defined this struct (it was no alias).
    was_defined: bool,
}

/// Calls `each` with every parameter struct, its kind, module path and request key.
fn visit(
    module: &mut Module,
    path: &mut Vec<String>,
    each: &mut impl FnMut(&mut ParamStruct, Kind, &[String], &str),
) {
    for operation in &mut module.operations {
        if let Some(query) = operation.query.as_mut() {
            each(query, Kind::Query, path, &operation.key);
        }
        if let Some(headers) = operation.headers.as_mut() {
            each(headers, Kind::Headers, path, &operation.key);
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

    fn params(name: &str, description: &str) -> ParamStruct {
        ParamStruct {
            name: name.into(),
            fields: vec![ParamField {
                key: "omit".into(),
                ident: "omit".into(),
                ty: TypeRef::String,
                description: Some(description.into()),
                secret: false,
            }],
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

    fn tree(first: &str, second: &str) -> Module {
        let mut root = module(
            "",
            vec![operation(
                "Other",
                Some(params("OtherQuery", "Something else.")),
                None,
            )],
        );
        root.children = vec![
            module(
                first,
                vec![operation(
                    first,
                    Some(params(&format!("{first}Query"), "Omit fields.")),
                    Some(params("H", "Omit fields.")),
                )],
            ),
            module(
                second,
                vec![operation(
                    second,
                    Some(params(&format!("{second}Query"), "Omit fields.")),
                    None,
                )],
            ),
        ];
        root
    }

    fn aliases(root: &Module) -> Vec<(String, Option<String>)> {
        let mut found = Vec::new();
        for module in std::iter::once(root).chain(&root.children) {
            for operation in &module.operations {
                for params in operation.query.iter().chain(&operation.headers) {
                    found.push((
                        params.name.clone(),
                        params.alias_of.as_ref().map(|a| a.name.clone()),
                    ));
                }
            }
        }
        found.sort();
        found
    }

    #[test]
    fn same_fields_and_docs_alias_the_first_whatever_the_folder() {
        let mut root = tree("links", "accounts");
        alias_repeated(&mut root, &RememberedNames::default());
        assert_eq!(
            aliases(&root),
            [
                ("H".to_string(), None),
                ("OtherQuery".to_string(), None),
                ("accountsQuery".to_string(), Some("linksQuery".to_string())),
                ("linksQuery".to_string(), None),
            ]
        );
        // Different docs, or headers rather than query: a struct of its own.
    }

    #[test]
    fn a_remembered_definition_stays_the_definition_when_requests_move() {
        let mut first = tree("links", "accounts");
        alias_repeated(&mut first, &RememberedNames::default());
        let api = crate::ir::Api {
            title: String::new(),
            description: None,
            default_base_url: None,
            credentials: vec![],
            variables: vec![],
            root: first,
            types: Default::default(),
        };
        let record = crate::record::ApiRecord {
            generated: String::new(),
            format: 1,
            crate_name: "c".into(),
            version: crate::record::Version::INITIAL,
            fingerprint: String::new(),
            items: crate::record::build::api_items(&api),
        };
        let remembered = RememberedNames::from_record(&record);
        let mut reordered = tree("accounts", "links");
        alias_repeated(&mut reordered, &remembered);
        assert_eq!(aliases(&reordered), aliases(&api.root));
    }
}
