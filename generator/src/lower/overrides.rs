//! Corrections to inference that the collection cannot express, from the generator's
//! configuration (`[workspace.metadata.generator.overrides]`), applied once the IR is whole.
//!
//! An override names an inferred struct or one of its fields by its Rust path, as `api.json`
//! and the docs show it (`links::UpdateOk`, `links::UpdateOk::refresh_rate`), and says what
//! to change: the struct's name, or the field's type and presence. What it changes is
//! an ordinary change of the public API: the record reports it and versions the crate.

use std::collections::BTreeMap;

use crate::ir::{Api, FieldDef, Module, StructDef, TypeHome, TypeRef};

/// One struct's or field's corrections. Each one left out keeps what inference decided.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FieldOverride {
    /// For a struct: its new name (`PascalCase`, free in its module).
    pub name: Option<String>,
    /// The field's type, as the record writes it: `String`, `i64`, `f64`, `bool`,
    /// `serde_json::Value`, `uuid::Uuid`, `chrono::NaiveDate` or
    /// `chrono::DateTime<chrono::FixedOffset>` (for a list field, the type of its items).
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// `true`: the field is always there (`T`); `false`: it may be absent (`Option<T>`, and
    /// left out of a request when `None`).
    pub required: Option<bool>,
    /// `true`: a list field's items may be `null` (`Vec<Option<T>>`).
    pub nullable_items: Option<bool>,
    /// For a text field: its closed set of values, as an enum (named `name`, or the struct's
    /// name and the field's) with an `Other(String)` variant for values the API adds later.
    #[serde(rename = "enum")]
    pub values: Option<Vec<String>>,
}

/// Overrides by struct or field path.
pub type Overrides = BTreeMap<String, FieldOverride>;

/// Why overrides could not be applied: each names the override's key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideError {
    #[error("override `{key}`: {reason}")]
    Invalid { key: String, reason: String },
}

/// Applies every override to `api`'s structs; the first that matches nothing or cannot apply
/// is an error naming its key.
pub fn apply(api: &mut Api, overrides: &Overrides) -> Result<(), OverrideError> {
    for (key, change) in overrides {
        let fail = |reason: String| OverrideError::Invalid {
            key: key.clone(),
            reason,
        };
        if let Some(position) = find_struct(&api.types.structs, key) {
            rename(api, position, change).map_err(fail)?;
            continue;
        }
        if let (Some(name), None) = (&change.name, &change.values) {
            // A struct renamed by an earlier generation is remembered by its new name.
            let renamed = key
                .rsplit_once("::")
                .map_or(name.clone(), |(modules, _)| format!("{modules}::{name}"));
            if find_struct(&api.types.structs, &renamed).is_some() {
                continue;
            }
            return Err(fail(format!(
                "`name` renames a struct, and no inferred struct is called `{key}`"
            )));
        }
        let (position, index) = find_field(&api.types.structs, key).map_err(fail)?;
        let def = &mut api.types.structs[position];
        if def.alias_of.is_some() {
            return Err(fail(format!(
                "`{}` is another name of a struct with the same shape; override that struct's field",
                def.name
            )));
        }
        apply_to_field(&mut def.fields[index], change).map_err(fail)?;
        if let Some(values) = &change.values {
            make_enum(api, (position, index), key, values, change).map_err(fail)?;
        }
    }
    Ok(())
}

/// Turns the text field at `(struct, field)` positions into an enum of `values` with a
/// catch-all.
fn make_enum(
    api: &mut Api,
    (def_index, index): (usize, usize),
    key: &str,
    values: &[String],
    change: &FieldOverride,
) -> Result<(), String> {
    if change.required == Some(true) {
        return Err("an `enum` field stays optional (its struct derives `Default`)".into());
    }
    if values.is_empty() {
        return Err("`enum` lists no values".into());
    }
    let def = &api.types.structs[def_index];
    let field = &def.fields[index];
    let name = match &change.name {
        Some(name) => name.clone(),
        None => format!(
            "{}{}",
            def.name,
            crate::naming::pascal_word(&field.ident, "value")
        ),
    };
    if !crate::naming::is_type_name(&name) {
        return Err(format!("`{name}` is not a PascalCase type name"));
    }
    let home = def.home.clone();
    let role = def.role;
    if type_names_in(api, &home).any(|taken| taken == name) {
        return Err(format!("`{name}` is already a type of that module"));
    }
    let mut variants = crate::naming::Scope::with_reserved(["Other"]);
    let variants: Vec<(String, String)> = values
        .iter()
        .map(|value| {
            (
                value.clone(),
                variants.claim(&crate::naming::pascal_word(value, "value")),
            )
        })
        .collect();
    let id = crate::ir::EnumId(api.types.enums.len());
    api.types.enums.push(crate::ir::EnumDef {
        name,
        home,
        variants,
        field: key.to_string(),
        role,
    });
    let field = &mut api.types.structs[def_index].fields[index];
    field.ty = retype_text(&field.ty, &TypeRef::Enum(id))?;
    Ok(())
}

/// The struct `key` names as a whole (`links::UpdateOk`, `types::ErrorItem`, `Root`).
fn find_struct(structs: &[StructDef], key: &str) -> Option<usize> {
    let (home, type_name) = TypeHome::split_type_path(key);
    structs
        .iter()
        .position(|def| def.home == home && def.name == type_name)
}

/// Renames a struct: only `name` applies to a struct, and the new name must be a type name
/// no other item of its module takes.
fn rename(api: &mut Api, position: usize, change: &FieldOverride) -> Result<(), String> {
    let FieldOverride {
        name,
        ty,
        required,
        nullable_items,
        values,
    } = change;
    if ty.is_some() || required.is_some() || nullable_items.is_some() || values.is_some() {
        return Err("`type`, `required`, `nullable-items` and `enum` apply to a field: name it as `module::Type::field`".into());
    }
    let Some(name) = name else {
        return Err("say what to change (`name`, or name a field)".into());
    };
    if !crate::naming::is_type_name(name) {
        return Err(format!("`{name}` is not a PascalCase type name"));
    }
    let home = api.types.structs[position].home.clone();
    if type_names_in(api, &home).any(|taken| taken == *name) {
        return Err(format!("`{name}` is already a type of that module"));
    }
    api.types.structs[position].name = name.clone();
    Ok(())
}

/// Every type name a module holds: its structs, its operations' own types, its accessor
/// and, at the root, the crate's fixed types.
fn type_names_in<'a>(api: &'a Api, home: &'a TypeHome) -> impl Iterator<Item = &'a str> {
    let structs = api
        .types
        .structs
        .iter()
        .filter(move |def| def.home == *home)
        .map(|def| def.name.as_str());
    let enums = api
        .types
        .enums
        .iter()
        .filter(move |def| def.home == *home)
        .map(|def| def.name.as_str());
    let module = match home {
        TypeHome::Module(path) => module_at(&api.root, path),
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
    structs
        .chain(enums)
        .chain(owned)
        .chain(fixed.iter().copied())
}

fn module_at<'a>(root: &'a Module, path: &[String]) -> Option<&'a Module> {
    let mut module = root;
    for ident in path {
        module = module.children.iter().find(|child| child.ident == *ident)?;
    }
    Some(module)
}

/// The struct `key` names and the index of its field (`module::Type::field`, `Type::field`
/// at the crate root, `types::Type::field` for shared types).
fn find_field(structs: &[StructDef], key: &str) -> Result<(usize, usize), String> {
    let Some((type_path, field_name)) = key.rsplit_once("::") else {
        return Err("name a field as `module::Type::field` (the path api.json shows)".into());
    };
    let (_, type_name) = TypeHome::split_type_path(type_path);
    let position = find_struct(structs, type_path)
        .ok_or_else(|| format!("no inferred struct `{type_path}`"))?;
    let index = structs[position]
        .fields
        .iter()
        .position(|field| field.ident == field_name && !field.flatten)
        .ok_or_else(|| format!("`{type_name}` has no field `{field_name}`"))?;
    Ok((position, index))
}

/// Changes one field as `change` says.
fn apply_to_field(field: &mut FieldDef, change: &FieldOverride) -> Result<(), String> {
    let (inner, optional) = field.ty.split_option();
    let mut inner = inner.clone();
    if let Some(name) = &change.ty {
        let scalar = scalar_type(name)?;
        inner = match inner {
            TypeRef::Vec(item) => TypeRef::Vec(Box::new(match *item {
                TypeRef::Option(_) => TypeRef::Option(Box::new(scalar)),
                _ => scalar,
            })),
            _ => scalar,
        };
    }
    if let Some(nullable) = change.nullable_items {
        let TypeRef::Vec(item) = inner else {
            return Err("`nullable-items` applies to a list field only".into());
        };
        let item = match *item {
            TypeRef::Option(item) => *item,
            item => item,
        };
        inner = TypeRef::Vec(Box::new(if nullable {
            TypeRef::Option(Box::new(item))
        } else {
            item
        }));
    }
    let required = change.required.unwrap_or(!optional);
    field.ty = if required {
        inner
    } else {
        TypeRef::Option(Box::new(inner))
    };
    field.skip_if_none = !required;
    Ok(())
}

/// `ty` with its text replaced by `with` (inside `Option` and `Vec`); an error when it
/// holds no text.
fn retype_text(ty: &TypeRef, with: &TypeRef) -> Result<TypeRef, String> {
    Ok(match ty {
        TypeRef::String => with.clone(),
        TypeRef::Option(inner) => TypeRef::Option(Box::new(retype_text(inner, with)?)),
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(retype_text(inner, with)?)),
        _ => return Err("`enum` applies to a text field (`String`) or a list of text".into()),
    })
}

/// A type name as the record writes it.
fn scalar_type(name: &str) -> Result<TypeRef, String> {
    TypeRef::from_scalar_text(name).ok_or_else(|| {
        let mut accepted: Vec<&str> = TypeRef::scalar_texts().collect();
        let last = accepted.pop().unwrap_or_default();
        format!(
            "unknown type `{name}`: use {} or {last}",
            accepted.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::{generate_after, Generation, PreviousOutput};

    /// One request whose 200 body has an integer, a list of objects and a date.
    const COLLECTION: &str = r#"{
        "info": {"name": "Overrides", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Loans", "item": [{"name": "Get loan",
            "request": {"method": "GET", "url": "https://api.example.com/loans/1"},
            "response": [{"name": "ok", "code": 200,
                "originalRequest": {"method": "GET", "url": "https://api.example.com/loans/1"},
                "body": "{\"rate\": 3, \"fees\": [{\"amount\": 1}], \"due\": \"2024-01-02\"}"}]}]}]
    }"#;

    fn generated(overrides: &[(&str, FieldOverride)]) -> Result<String, crate::Error> {
        let generation = Generation {
            overrides: overrides
                .iter()
                .map(|(key, change)| (key.to_string(), change.clone()))
                .collect(),
            ..Generation::new("overrides")
        };
        let (files, _) = generate_after(
            COLLECTION.as_bytes(),
            Path::new("c.json"),
            &generation,
            &PreviousOutput::default(),
        )?;
        let module = files
            .iter()
            .find(|file| file.path == "src/loans.rs")
            .unwrap();
        Ok(module.contents.clone())
    }

    fn typed(ty: &str) -> FieldOverride {
        FieldOverride {
            ty: Some(ty.into()),
            ..FieldOverride::default()
        }
    }

    #[test]
    fn each_kind_of_override_changes_the_emitted_field() {
        let before = generated(&[]).unwrap();
        // A rate shown as `3` may come back as `3.5`: a float unless the name says otherwise.
        assert!(before.contains("pub rate: Option<f64>,"), "{before}");
        assert!(
            before.contains("pub fees: Option<Vec<GetLoanFeesItem>>,"),
            "{before}"
        );

        let after = generated(&[
            ("loans::GetLoanOk::rate", typed("i64")),
            (
                "loans::GetLoanOk::fees",
                FieldOverride {
                    nullable_items: Some(true),
                    required: Some(true),
                    ..FieldOverride::default()
                },
            ),
            ("loans::GetLoanOk::due", typed("String")),
        ])
        .unwrap();
        assert!(after.contains("pub rate: Option<i64>,"), "{after}");
        assert!(
            after.contains("pub fees: Vec<Option<GetLoanFeesItem>>,"),
            "{after}"
        );
        assert!(after.contains("pub due: Option<String>,"), "{after}");
    }

    #[test]
    fn a_struct_takes_a_new_name_everywhere_it_is_used() {
        let renamed = FieldOverride {
            name: Some("Fee".into()),
            ..FieldOverride::default()
        };
        let after = generated(&[("loans::GetLoanFeesItem", renamed)]).unwrap();
        assert!(after.contains("pub struct Fee {"), "{after}");
        assert!(after.contains("pub fees: Option<Vec<Fee>>,"), "{after}");
        assert!(!after.contains("GetLoanFeesItem"), "{after}");

        for (name, expected) in [
            ("GetLoanOk", "already a type of that module"),
            ("GetLoanResponse", "already a type of that module"),
            ("fee_item", "not a PascalCase type name"),
        ] {
            let change = FieldOverride {
                name: Some(name.into()),
                ..FieldOverride::default()
            };
            let error = generated(&[("loans::GetLoanFeesItem", change)]).unwrap_err();
            assert!(error.to_string().contains(expected), "{error}");
        }
        let misplaced = FieldOverride {
            name: Some("Rate".into()),
            ..FieldOverride::default()
        };
        let error = generated(&[("loans::GetLoanOk::rate", misplaced)]).unwrap_err();
        assert!(
            error.to_string().contains("`name` renames a struct"),
            "{error}"
        );
    }

    #[test]
    fn a_rename_holds_when_the_record_already_has_the_new_name() {
        let overrides: Overrides = [(
            "loans::GetLoanFeesItem".to_string(),
            FieldOverride {
                name: Some("Fee".into()),
                ..FieldOverride::default()
            },
        )]
        .into();
        let generation = Generation {
            overrides,
            ..Generation::new("overrides")
        };
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = generate_after(
            COLLECTION.as_bytes(),
            Path::new("c.json"),
            &generation,
            &PreviousOutput::default(),
        )
        .unwrap()
        .0;
        crate::output::write_atomically(&out, &first).unwrap();

        let previous = PreviousOutput::read(&out).unwrap();
        let again = generate_after(
            COLLECTION.as_bytes(),
            Path::new("c.json"),
            &generation,
            &previous,
        )
        .unwrap()
        .0;

        assert_eq!(first, again);
    }

    #[test]
    fn a_text_field_becomes_an_enum_with_a_catch_all() {
        let values = |values: &[&str]| FieldOverride {
            ty: Some("String".into()),
            values: Some(values.iter().map(|v| v.to_string()).collect()),
            ..FieldOverride::default()
        };
        let after =
            generated(&[("loans::GetLoanOk::due", values(&["2024-01-02", "other"]))]).unwrap();
        assert!(after.contains("pub due: Option<GetLoanOkDue>,"), "{after}");
        assert!(after.contains("pub enum GetLoanOkDue {"), "{after}");
        assert!(
            after.contains("#[serde(rename = \"2024-01-02\")]\n    Value20240102,"),
            "{after}"
        );
        // `Other` is the catch-all: a value spelled so takes the next name.
        assert!(
            after.contains("#[serde(rename = \"other\")]\n    Other2,"),
            "{after}"
        );
        assert!(
            after.contains("#[serde(untagged)]\n    Other(String),"),
            "{after}"
        );

        let error = generated(&[(
            "loans::GetLoanOk::rate",
            FieldOverride {
                values: Some(vec!["1".into()]),
                ..FieldOverride::default()
            },
        )])
        .unwrap_err();
        assert!(
            error.to_string().contains("applies to a text field"),
            "{error}"
        );
        let mut required = values(&["a"]);
        required.required = Some(true);
        let error = generated(&[("loans::GetLoanOk::due", required)]).unwrap_err();
        assert!(error.to_string().contains("stays optional"), "{error}");
    }

    #[test]
    fn an_override_that_matches_nothing_is_an_error_naming_its_key() {
        for (key, expected) in [
            ("loans::Nope::rate", "no inferred struct `loans::Nope`"),
            ("loans::GetLoanOk::nope", "`GetLoanOk` has no field `nope`"),
            ("rate", "name a field as `module::Type::field`"),
        ] {
            let error = generated(&[(key, typed("f64"))]).unwrap_err();
            let shown = error.to_string();
            assert!(shown.starts_with(&format!("override `{key}`: ")), "{shown}");
            assert!(shown.contains(expected), "{shown}");
            assert_eq!(error.exit_code(), 2);
        }
        let error = generated(&[("loans::GetLoanOk::rate", typed("u8"))]).unwrap_err();
        assert!(error.to_string().contains("unknown type `u8`"), "{error}");
        let error = generated(&[(
            "loans::GetLoanOk::rate",
            FieldOverride {
                nullable_items: Some(true),
                ..FieldOverride::default()
            },
        )])
        .unwrap_err();
        assert!(error.to_string().contains("a list field only"), "{error}");
    }

    #[test]
    fn unknown_keys_in_an_override_are_refused_by_name() {
        let error = toml::from_str::<Overrides>("[\"loans::GetLoanOk::rate\"]\ntyp = \"f64\"\n")
            .unwrap_err();
        assert!(error.to_string().contains("unknown field `typ`"), "{error}");
    }
}
