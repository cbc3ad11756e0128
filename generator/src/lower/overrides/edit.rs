//! The changes an override makes to the type space: a struct's name; a field's type,
//! presence and nullable items; a text field made an enum.

use super::resolve::FieldAt;
use super::{FieldOverride, OverrideError};
use crate::ir::{EnumDef, EnumId, FieldDef, TypeHome, TypeRef, TypeSpace};
use crate::naming::{is_type_name, pascal_word, Scope};

/// Renames the struct at `position` as `change` says: only `name` applies to a struct, and
/// the new name must be a type name that no struct or enum of its module, nor any of
/// `beside`, takes.
pub(super) fn rename<'a>(
    space: &mut TypeSpace,
    position: usize,
    key: &str,
    change: &FieldOverride,
    beside: impl IntoIterator<Item = &'a str>,
) -> Result<(), OverrideError> {
    let options = change.field_options();
    if !options.is_empty() {
        return Err(OverrideError::FieldOptionsOnStruct {
            key: key.to_string(),
            options,
        });
    }
    let Some(name) = &change.name else {
        return Err(OverrideError::NothingToChange {
            key: key.to_string(),
        });
    };
    check_free(space, &space.structs[position].home, key, name, beside)?;
    space.structs[position].name = name.clone();
    Ok(())
}

/// Changes a field's type (`type`), its items' nullability (`nullable-items`) and its
/// presence (`required`) as `change` says; each left out keeps what the field has.
pub(super) fn retype_field(
    field: &mut FieldDef,
    key: &str,
    change: &FieldOverride,
) -> Result<(), OverrideError> {
    let (inner, optional) = field.ty.split_option();
    let mut inner = inner.clone();
    if let Some(text) = &change.ty {
        let scalar = TypeRef::from_scalar_text(text).ok_or_else(|| OverrideError::UnknownType {
            key: key.to_string(),
            text: text.clone(),
            accepted: TypeRef::scalar_texts().collect(),
        })?;
        // A list's `type` is its items': they keep whether they may be `null`.
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
            return Err(OverrideError::NullableItemsOnNonList {
                key: key.to_string(),
            });
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

/// Turns the text field `at` into an enum of `values` with a catch-all, named `change.name`
/// or after its struct and field; the name must be free as for [`rename`].
pub(super) fn make_enum<'a>(
    space: &mut TypeSpace,
    at: FieldAt,
    key: &str,
    values: &[String],
    change: &FieldOverride,
    beside: impl IntoIterator<Item = &'a str>,
) -> Result<(), OverrideError> {
    if change.required == Some(true) {
        return Err(OverrideError::RequiredEnum {
            key: key.to_string(),
        });
    }
    if values.is_empty() {
        return Err(OverrideError::EmptyEnum {
            key: key.to_string(),
        });
    }
    let def = &space.structs[at.def];
    let field = &def.fields[at.field];
    let name = match &change.name {
        Some(name) => name.clone(),
        None => format!("{}{}", def.name, pascal_word(&field.ident, "value")),
    };
    check_free(space, &def.home, key, &name, beside)?;
    let id = EnumId(space.enums.len());
    let retyped = with_text_replaced(&field.ty, &TypeRef::Enum(id)).ok_or_else(|| {
        OverrideError::EnumOnNonText {
            key: key.to_string(),
        }
    })?;
    let mut variants = Scope::with_reserved(["Other"]);
    let variants = values
        .iter()
        .map(|value| (value.clone(), variants.claim(&pascal_word(value, "value"))))
        .collect();
    let enum_def = EnumDef {
        name,
        home: def.home.clone(),
        variants,
        field: key.to_string(),
        role: def.role,
    };
    space.enums.push(enum_def);
    space.structs[at.def].fields[at.field].ty = retyped;
    Ok(())
}

/// `ty` with its text replaced by `with` (inside `Option` and `Vec`); `None` when it holds
/// no text.
fn with_text_replaced(ty: &TypeRef, with: &TypeRef) -> Option<TypeRef> {
    Some(match ty {
        TypeRef::String => with.clone(),
        TypeRef::Option(inner) => TypeRef::Option(Box::new(with_text_replaced(inner, with)?)),
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(with_text_replaced(inner, with)?)),
        _ => return None,
    })
}

/// Whether `name` can be a new type of `home`: a type name that none of its structs and
/// enums, nor any of `beside`, takes.
fn check_free<'a>(
    space: &TypeSpace,
    home: &TypeHome,
    key: &str,
    name: &str,
    beside: impl IntoIterator<Item = &'a str>,
) -> Result<(), OverrideError> {
    if !is_type_name(name) {
        return Err(OverrideError::NotATypeName {
            key: key.to_string(),
            name: name.to_string(),
        });
    }
    let structs = space
        .structs
        .iter()
        .filter(|def| def.home == *home)
        .map(|def| def.name.as_str());
    let enums = space
        .enums
        .iter()
        .filter(|def| def.home == *home)
        .map(|def| def.name.as_str());
    let taken_here = structs.chain(enums).any(|taken| taken == name);
    if taken_here || beside.into_iter().any(|taken| taken == name) {
        return Err(OverrideError::NameTaken {
            key: key.to_string(),
            name: name.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::sample::{self, list, optional};
    use super::*;
    use crate::ir::{StructRole, TypeId};

    const KEY: &str = "loans::GetLoanOk::x";

    fn retyped(ty: TypeRef, change: FieldOverride) -> Result<(TypeRef, bool), OverrideError> {
        let mut field = sample::field("x", ty);
        retype_field(&mut field, KEY, &change)?;
        Ok((field.ty, field.skip_if_none))
    }

    fn typed(text: &str) -> FieldOverride {
        FieldOverride {
            ty: Some(text.into()),
            ..FieldOverride::default()
        }
    }

    #[test]
    fn a_type_replaces_a_field_s_or_its_items_and_keeps_the_rest() {
        assert_eq!(
            retyped(optional(TypeRef::F64), typed("i64")),
            Ok((optional(TypeRef::I64), true))
        );
        assert_eq!(
            retyped(TypeRef::String, typed("uuid::Uuid")),
            Ok((TypeRef::Uuid, false))
        );
        // A list's items are retyped and stay nullable or not.
        assert_eq!(
            retyped(list(optional(TypeRef::String)), typed("chrono::NaiveDate")),
            Ok((list(optional(TypeRef::Date)), false))
        );
        assert_eq!(
            retyped(
                optional(list(TypeRef::Named(TypeId(1)))),
                typed("serde_json::Value")
            ),
            Ok((optional(list(TypeRef::Value)), true))
        );
        assert_eq!(
            retyped(TypeRef::F64, typed("u8")),
            Err(OverrideError::UnknownType {
                key: KEY.into(),
                text: "u8".into(),
                accepted: TypeRef::scalar_texts().collect(),
            })
        );
    }

    #[test]
    fn required_and_nullable_items_change_the_option_layers() {
        let change = |required, nullable_items| FieldOverride {
            required,
            nullable_items,
            ..FieldOverride::default()
        };
        let item = || TypeRef::Named(TypeId(1));
        assert_eq!(
            retyped(optional(list(item())), change(Some(true), Some(true))),
            Ok((list(optional(item())), false))
        );
        assert_eq!(
            retyped(list(optional(item())), change(Some(false), Some(false))),
            Ok((optional(list(item())), true))
        );
        assert_eq!(
            retyped(TypeRef::Bool, change(None, None)),
            Ok((TypeRef::Bool, false)),
            "nothing said, nothing changed"
        );
        assert_eq!(
            retyped(optional(TypeRef::F64), change(None, Some(true))),
            Err(OverrideError::NullableItemsOnNonList { key: KEY.into() })
        );
    }

    fn named(name: &str) -> FieldOverride {
        FieldOverride {
            name: Some(name.into()),
            ..FieldOverride::default()
        }
    }

    fn renamed(change: FieldOverride, beside: &[&str]) -> Result<String, OverrideError> {
        let mut space = sample::space();
        rename(
            &mut space,
            1,
            "loans::GetLoanFeesItem",
            &change,
            beside.iter().copied(),
        )?;
        Ok(space.structs[1].name.clone())
    }

    #[test]
    fn a_rename_takes_a_free_type_name_only() {
        let key = "loans::GetLoanFeesItem".to_string();
        assert_eq!(renamed(named("Fee"), &[]), Ok("Fee".into()));
        // `Account` and `Root` are types of other modules.
        assert_eq!(renamed(named("Account"), &[]), Ok("Account".into()));
        assert_eq!(renamed(named("Root"), &[]), Ok("Root".into()));
        for (name, beside) in [("GetLoanOk", &[][..]), ("LoansApi", &["LoansApi"][..])] {
            assert_eq!(
                renamed(named(name), beside),
                Err(OverrideError::NameTaken {
                    key: key.clone(),
                    name: name.into(),
                })
            );
        }
        assert_eq!(
            renamed(named("fee_item"), &[]),
            Err(OverrideError::NotATypeName {
                key: key.clone(),
                name: "fee_item".into(),
            })
        );
    }

    #[test]
    fn a_struct_takes_no_field_option_and_needs_a_name() {
        let key = "loans::GetLoanFeesItem".to_string();
        let mut change = named("Fee");
        change.ty = Some("i64".into());
        change.nullable_items = Some(true);
        assert_eq!(
            renamed(change, &[]),
            Err(OverrideError::FieldOptionsOnStruct {
                key: key.clone(),
                options: vec!["type", "nullable-items"],
            })
        );
        assert_eq!(
            renamed(FieldOverride::default(), &[]),
            Err(OverrideError::NothingToChange { key })
        );
    }

    fn enumerated(
        field: usize,
        values: &[&str],
        change: FieldOverride,
    ) -> Result<TypeSpace, OverrideError> {
        let mut space = sample::space();
        let values: Vec<String> = values.iter().map(|value| value.to_string()).collect();
        let at = FieldAt { def: 0, field };
        make_enum(&mut space, at, KEY, &values, &change, ["LoansApi"])?;
        Ok(space)
    }

    #[test]
    fn a_text_field_becomes_an_enum_with_a_catch_all() {
        let space = enumerated(
            2,
            &["2024-01-02", "other", "Other"],
            FieldOverride::default(),
        )
        .unwrap();
        assert_eq!(
            space.structs[0].fields[2].ty,
            optional(TypeRef::Enum(EnumId(0)))
        );
        assert_eq!(
            space.enums,
            [EnumDef {
                name: "GetLoanOkDue".into(),
                home: sample::loans(),
                variants: vec![
                    ("2024-01-02".into(), "Value20240102".into()),
                    // `Other` is the catch-all's: values spelled so take the next names.
                    ("other".into(), "Other2".into()),
                    ("Other".into(), "Other3".into()),
                ],
                field: KEY.into(),
                role: StructRole::Response,
            }]
        );

        // A list of nullable text, under the name given.
        let space = enumerated(3, &["a"], named("Tag")).unwrap();
        assert_eq!(
            space.structs[0].fields[3].ty,
            list(optional(TypeRef::Enum(EnumId(0))))
        );
        assert_eq!(space.enums[0].name, "Tag");
    }

    #[test]
    fn an_enum_needs_text_values_a_free_name_and_an_optional_field() {
        let key = || KEY.to_string();
        let error = |field, values: &[&str], change| enumerated(field, values, change).unwrap_err();
        assert_eq!(
            error(0, &["1"], FieldOverride::default()),
            OverrideError::EnumOnNonText { key: key() }
        );
        assert_eq!(
            error(2, &[], FieldOverride::default()),
            OverrideError::EmptyEnum { key: key() }
        );
        let required = FieldOverride {
            required: Some(true),
            ..FieldOverride::default()
        };
        assert_eq!(
            error(2, &["a"], required),
            OverrideError::RequiredEnum { key: key() }
        );
        for name in ["GetLoanFeesItem", "LoansApi"] {
            assert_eq!(
                error(2, &["a"], named(name)),
                OverrideError::NameTaken {
                    key: key(),
                    name: name.into(),
                }
            );
        }
        assert_eq!(
            error(2, &["a"], named("due")),
            OverrideError::NotATypeName {
                key: key(),
                name: "due".into(),
            }
        );
        // Nothing is left half made.
        let mut space = sample::space();
        let at = FieldAt { def: 0, field: 0 };
        let values = ["1".to_string()];
        let refused = make_enum(&mut space, at, KEY, &values, &FieldOverride::default(), []);
        assert!(refused.is_err());
        assert!(space.enums.is_empty());
    }
}
