//! What an override's key names: a struct or one of its fields, by the path `api.json` and
//! the docs show (read by [`TypeHome::split_type_path`]); and which names a module's types
//! already take, for a new name to be free.

use super::{FieldOverride, OverrideError};
use crate::ir::{Module, SharedParams, StructDef, TypeHome};

/// What an override applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// A struct, by its position in the type space.
    Struct(usize),
    /// A struct that an earlier generation renamed as the override says: remembered by its
    /// new name, so nothing is left to do.
    Renamed,
    Field(FieldAt),
}

/// A field, by its struct's position in the type space and its own in the struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FieldAt {
    pub def: usize,
    pub field: usize,
}

/// What `key` names among `structs`, for an override that makes `change`.
pub(super) fn target(
    structs: &[StructDef],
    key: &str,
    change: &FieldOverride,
) -> Result<Target, OverrideError> {
    if let Some(position) = find_struct(structs, key) {
        return Ok(Target::Struct(position));
    }
    if let (Some(name), None) = (&change.name, &change.values) {
        let renamed = key
            .rsplit_once("::")
            .map_or(name.clone(), |(modules, _)| format!("{modules}::{name}"));
        if find_struct(structs, &renamed).is_some() {
            return Ok(Target::Renamed);
        }
        return Err(OverrideError::StructOptionOnField {
            key: key.to_string(),
        });
    }
    let at = find_field(structs, key)?;
    let def = &structs[at.def];
    if let Some(target) = def.alias_of {
        let target = &structs[target.0];
        return Err(OverrideError::FieldOfAlias {
            key: key.to_string(),
            alias: def.name.clone(),
            target: target.home.type_path(&target.name),
            field: def.fields[at.field].ident.clone(),
        });
    }
    Ok(Target::Field(at))
}

/// The struct `path` names as a whole (`links::UpdateOk`, `types::ErrorItem`, `Root`).
fn find_struct(structs: &[StructDef], path: &str) -> Option<usize> {
    let (home, type_name) = TypeHome::split_type_path(path);
    structs
        .iter()
        .position(|def| def.home == home && def.name == type_name)
}

/// The field `key` names (`module::Type::field`, `Type::field` at the crate root,
/// `types::Type::field` for shared types).
fn find_field(structs: &[StructDef], key: &str) -> Result<FieldAt, OverrideError> {
    let Some((type_path, field_name)) = key.rsplit_once("::") else {
        return Err(OverrideError::NotAFieldPath {
            key: key.to_string(),
        });
    };
    let def = find_struct(structs, type_path).ok_or_else(|| OverrideError::NoSuchStruct {
        key: key.to_string(),
        type_path: type_path.to_string(),
    })?;
    let field = structs[def]
        .fields
        .iter()
        .position(|field| field.ident == field_name && !field.flatten)
        .ok_or_else(|| OverrideError::NoSuchField {
            key: key.to_string(),
            type_name: structs[def].name.clone(),
            field: field_name.to_string(),
        })?;
    Ok(FieldAt { def, field })
}

/// The type names a module holds besides the type space's structs and enums: its accessor,
/// its operations' own types, the crate's fixed types at the root, the shared parameter
/// structs in `types`.
pub(super) fn names_beside_types<'a>(
    root: &'a Module,
    shared_params: &'a [SharedParams],
    home: &'a TypeHome,
) -> impl Iterator<Item = &'a str> {
    let module = match home {
        TypeHome::Module(path) => module_at(root, path),
        TypeHome::Shared => None,
    };
    let owned = module.into_iter().flat_map(|module| {
        std::iter::once(module.accessor.as_str()).chain(module.operations.iter().flat_map(|op| {
            std::iter::once(op.response_enum.as_str())
                .chain(op.query.iter().map(|q| q.name.as_str()))
                .chain(op.headers.iter().map(|h| h.name.as_str()))
        }))
    });
    let fixed = match home {
        TypeHome::Module(path) if path.is_empty() => crate::ir::reserved::ROOT_TYPES,
        _ => &[],
    };
    let shared = shared_params
        .iter()
        .filter(move |_| *home == TypeHome::Shared)
        .map(|shared| shared.params.name.as_str());
    owned.chain(fixed.iter().copied()).chain(shared)
}

fn module_at<'a>(root: &'a Module, path: &[String]) -> Option<&'a Module> {
    let mut module = root;
    for ident in path {
        module = module.children.iter().find(|child| child.ident == *ident)?;
    }
    Some(module)
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;
    use crate::ir::{Operation, ParamPart, ParamStruct, PathTemplate};

    fn change(name: Option<&str>) -> FieldOverride {
        FieldOverride {
            name: name.map(str::to_string),
            ty: name.is_none().then(|| "i64".to_string()),
            ..FieldOverride::default()
        }
    }

    fn target_of(key: &str, name: Option<&str>) -> Result<Target, OverrideError> {
        target(&sample::space().structs, key, &change(name))
    }

    #[test]
    fn a_key_names_a_struct_in_any_home_or_one_of_its_fields() {
        for (key, expected) in [
            ("loans::GetLoanOk", Target::Struct(0)),
            ("types::Account", Target::Struct(3)),
            ("Root", Target::Struct(4)),
            (
                "loans::GetLoanOk::due",
                Target::Field(FieldAt { def: 0, field: 2 }),
            ),
            (
                "types::Account::id",
                Target::Field(FieldAt { def: 3, field: 0 }),
            ),
            ("Root::ok", Target::Field(FieldAt { def: 4, field: 0 })),
        ] {
            assert_eq!(target_of(key, None), Ok(expected), "{key}");
        }
    }

    #[test]
    fn a_rename_an_earlier_generation_made_is_found_by_the_new_name() {
        assert_eq!(
            target_of("loans::GetLoanItem", Some("GetLoanFeesItem")),
            Ok(Target::Renamed)
        );
        assert_eq!(
            target_of("Gone", Some("Root")),
            Ok(Target::Renamed),
            "at the crate root"
        );
        assert_eq!(
            target_of("loans::GetLoanOk::rate", Some("Rate")),
            Err(OverrideError::StructOptionOnField {
                key: "loans::GetLoanOk::rate".into()
            })
        );
    }

    #[test]
    fn a_key_that_names_nothing_says_which_part_is_missing() {
        let key = |key: &str| key.to_string();
        assert_eq!(
            target_of("rate", None),
            Err(OverrideError::NotAFieldPath { key: key("rate") })
        );
        assert_eq!(
            target_of("loans::Nope::rate", None),
            Err(OverrideError::NoSuchStruct {
                key: key("loans::Nope::rate"),
                type_path: key("loans::Nope"),
            })
        );
        // The struct is in `loans`, not at the root.
        assert!(matches!(
            target_of("GetLoanOk::rate", None),
            Err(OverrideError::NoSuchStruct { .. })
        ));
        for (path, type_name, field) in [
            ("loans::GetLoanOk::nope", "GetLoanOk", "nope"),
            // The catch-all is not a field an override can name.
            ("types::Account::extra", "Account", "extra"),
        ] {
            assert_eq!(
                target_of(path, None),
                Err(OverrideError::NoSuchField {
                    key: key(path),
                    type_name: key(type_name),
                    field: key(field),
                })
            );
        }
    }

    #[test]
    fn an_alias_s_field_points_to_its_target_s() {
        let error = target_of("loans::ListLoansOk::rate", None).unwrap_err();
        assert_eq!(
            error,
            OverrideError::FieldOfAlias {
                key: "loans::ListLoansOk::rate".into(),
                alias: "ListLoansOk".into(),
                target: "loans::GetLoanOk".into(),
                field: "rate".into(),
            }
        );
        assert!(
            error
                .to_string()
                .contains("override that struct's field (`loans::GetLoanOk::rate`)"),
            "{error}"
        );
    }

    fn params(name: &str) -> ParamStruct {
        ParamStruct {
            name: name.into(),
            fields: Vec::new(),
            alias_of: None,
        }
    }

    fn module(ident: &str, accessor: &str, operations: Vec<Operation>) -> Module {
        Module {
            key: ident.into(),
            item_path: ident.into(),
            ident: ident.into(),
            accessor: accessor.into(),
            description: None,
            operations,
            children: Vec::new(),
        }
    }

    fn operation(response_enum: &str, query: &str, headers: &str) -> Operation {
        Operation {
            key: response_enum.into(),
            item_path: response_enum.into(),
            method_name: "get".into(),
            http_method: "GET".into(),
            path: PathTemplate {
                segments: Vec::new(),
            },
            response_enum: response_enum.into(),
            query: Some(params(query)),
            fixed_headers: Vec::new(),
            headers: Some(params(headers)),
            body: None,
            responses: Vec::new(),
            description: None,
            auth: None,
            pagination: None,
        }
    }

    #[test]
    fn a_module_s_other_names_are_its_accessor_operations_and_fixed_types() {
        let mut root = module(
            "",
            "",
            vec![operation("PingResponse", "PingQuery", "PingHeaders")],
        );
        root.children = vec![module(
            "loans",
            "LoansApi",
            vec![operation(
                "GetLoanResponse",
                "GetLoanQuery",
                "GetLoanHeaders",
            )],
        )];
        let shared = [SharedParams {
            params: params("OmitQuery"),
            part: ParamPart::Query,
            origins: Vec::new(),
        }];
        let names = |home: TypeHome| -> Vec<String> {
            names_beside_types(&root, &shared, &home)
                .map(str::to_string)
                .collect()
        };
        assert_eq!(
            names(sample::loans()),
            [
                "LoansApi",
                "GetLoanResponse",
                "GetLoanQuery",
                "GetLoanHeaders"
            ]
        );
        let at_root = names(TypeHome::Module(Vec::new()));
        assert_eq!(
            at_root[..4],
            ["", "PingResponse", "PingQuery", "PingHeaders"]
        );
        for fixed in crate::ir::reserved::ROOT_TYPES {
            assert!(at_root.iter().any(|name| name == fixed), "{fixed}");
        }
        assert_eq!(names(TypeHome::Shared), ["OmitQuery"]);
        assert!(names(TypeHome::Module(vec!["nope".into()])).is_empty());
    }
}
