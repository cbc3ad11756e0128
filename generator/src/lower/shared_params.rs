//! `{Op}Query` and `{Op}Headers` structs that repeat an earlier one become type aliases.
//!
//! Collections repeat the same parameters on many requests (Belvo: `omit` and `fields`, with
//! the same descriptions, on 46 of them). Each operation keeps its own type name, so its
//! signature does not change when another request changes; the crate compiles one definition.

use std::collections::HashMap;

use crate::ir::{Module, ParamAlias, ParamField, ParamStruct};

#[derive(PartialEq, Eq, Hash)]
enum Kind {
    Query,
    Headers,
}

/// Marks every parameter struct whose fields (keys, types and docs) an earlier one in the
/// tree already has, in the order the emitter writes them: the root's requests, then each
/// folder before its subfolders.
pub fn alias_repeated(root: &mut Module) {
    let mut first: HashMap<(Kind, Vec<ParamField>), ParamAlias> = HashMap::new();
    visit(root, &mut Vec::new(), &mut first);
}

fn visit(
    module: &mut Module,
    path: &mut Vec<String>,
    first: &mut HashMap<(Kind, Vec<ParamField>), ParamAlias>,
) {
    for operation in &mut module.operations {
        if let Some(query) = operation.query.as_mut() {
            alias_if_seen(query, Kind::Query, path, first);
        }
        if let Some(headers) = operation.headers.as_mut() {
            alias_if_seen(headers, Kind::Headers, path, first);
        }
    }
    for child in &mut module.children {
        path.push(child.ident.clone());
        visit(child, path, first);
        path.pop();
    }
}

fn alias_if_seen(
    params: &mut ParamStruct,
    kind: Kind,
    path: &[String],
    first: &mut HashMap<(Kind, Vec<ParamField>), ParamAlias>,
) {
    let key = (kind, params.fields.clone());
    match first.get(&key) {
        Some(target) => params.alias_of = Some(target.clone()),
        None => {
            first.insert(
                key,
                ParamAlias {
                    module: path.to_vec(),
                    name: params.name.clone(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeRef;

    fn params(name: &str, description: &str) -> ParamStruct {
        ParamStruct {
            name: name.into(),
            fields: vec![ParamField {
                key: "omit".into(),
                ident: "omit".into(),
                ty: TypeRef::String,
                description: Some(description.into()),
            }],
            alias_of: None,
        }
    }

    #[test]
    fn same_fields_and_docs_alias_the_first_whatever_the_folder() {
        let mut first = HashMap::new();
        let mut a = params("ListQuery", "Omit fields.");
        let mut b = params("GetQuery", "Omit fields.");
        let mut c = params("OtherQuery", "Something else.");
        let mut d = params("GetHeaders", "Omit fields.");
        alias_if_seen(&mut a, Kind::Query, &["links".into()], &mut first);
        alias_if_seen(&mut b, Kind::Query, &["accounts".into()], &mut first);
        alias_if_seen(&mut c, Kind::Query, &[], &mut first);
        alias_if_seen(&mut d, Kind::Headers, &[], &mut first);
        assert_eq!(a.alias_of, None);
        assert_eq!(
            b.alias_of,
            Some(ParamAlias {
                module: vec!["links".into()],
                name: "ListQuery".into()
            })
        );
        // Different docs, or headers rather than query: a struct of its own.
        assert_eq!(c.alias_of, None);
        assert_eq!(d.alias_of, None);
    }
}
