//! The text of the scalar types (`i64`, `chrono::NaiveDate`): one table, read both ways.
//! The record prints a field's type with it (`record/build.rs`) and overrides parse the
//! `type` they are given with it, so the two always agree on the spelling.

use super::TypeRef;

impl TypeRef {
    /// Every scalar type, in the order the docs and the overrides' errors list them.
    pub const SCALARS: [TypeRef; 8] = [
        TypeRef::String,
        TypeRef::I64,
        TypeRef::F64,
        TypeRef::Bool,
        TypeRef::Value,
        TypeRef::Uuid,
        TypeRef::Date,
        TypeRef::DateTime,
    ];

    /// A scalar type's text, as the record writes it (`uuid::Uuid`); `None` for a list,
    /// an option, a map, a struct or an enum, whose text depends on what they hold.
    pub fn scalar_text(&self) -> Option<&'static str> {
        Some(match self {
            TypeRef::String => "String",
            TypeRef::I64 => "i64",
            TypeRef::F64 => "f64",
            TypeRef::Bool => "bool",
            TypeRef::Value => "serde_json::Value",
            TypeRef::Uuid => "uuid::Uuid",
            TypeRef::Date => "chrono::NaiveDate",
            TypeRef::DateTime => "chrono::DateTime<chrono::FixedOffset>",
            TypeRef::Vec(_)
            | TypeRef::Option(_)
            | TypeRef::Map(_)
            | TypeRef::Named(_)
            | TypeRef::Enum(_) => return None,
        })
    }

    /// The scalar type `text` spells, as [`TypeRef::scalar_text`] writes it.
    pub fn from_scalar_text(text: &str) -> Option<TypeRef> {
        TypeRef::SCALARS
            .into_iter()
            .find(|scalar| scalar.scalar_text() == Some(text))
    }

    /// The text of every scalar type, in the order of [`TypeRef::SCALARS`].
    pub fn scalar_texts() -> impl Iterator<Item = &'static str> {
        TypeRef::SCALARS.iter().filter_map(TypeRef::scalar_text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{EnumId, TypeId};

    #[test]
    fn every_scalar_text_reads_back_as_its_type() {
        for scalar in TypeRef::SCALARS {
            let text = scalar.scalar_text().unwrap();
            assert_eq!(TypeRef::from_scalar_text(text), Some(scalar), "{text}");
        }
        assert_eq!(TypeRef::scalar_texts().count(), TypeRef::SCALARS.len());
    }

    #[test]
    fn types_made_of_others_have_no_scalar_text() {
        let boxed = || Box::new(TypeRef::String);
        for compound in [
            TypeRef::Vec(boxed()),
            TypeRef::Option(boxed()),
            TypeRef::Map(boxed()),
            TypeRef::Named(TypeId(0)),
            TypeRef::Enum(EnumId(0)),
        ] {
            assert_eq!(compound.scalar_text(), None, "{compound:?}");
        }
        for text in ["u8", "Vec<String>", "Option<i64>", "string", ""] {
            assert_eq!(TypeRef::from_scalar_text(text), None, "{text}");
        }
    }
}
