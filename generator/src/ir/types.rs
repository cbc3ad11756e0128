//! Types inferred from examples, as the emitters see them: references and named structs.

use super::origin::Site;

/// A Rust type in the emitted crate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    I64,
    F64,
    Bool,
    Uuid,
    DateTime,
    Date,
    /// Anything: no example, or examples that disagree.
    Value,
    Vec(Box<TypeRef>),
    Option(Box<TypeRef>),
    /// An object whose keys are data (locales, ids): `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A struct in the [`TypeSpace`].
    Named(TypeId),
    /// A closed set of strings in the [`TypeSpace`] (from an override).
    Enum(EnumId),
}

impl TypeRef {
    /// The type inside an `Option`, and whether there was one.
    pub fn split_option(&self) -> (&TypeRef, bool) {
        match self {
            TypeRef::Option(inner) => (inner, true),
            other => (other, false),
        }
    }
}

/// Index of an enum in [`TypeSpace::enums`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(pub usize);

/// A string field's known values as an enum, with `Other(String)` for any value not listed
/// (an override makes it: `enum = ["valid", "invalid"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    pub name: String,
    pub home: TypeHome,
    /// Each value as sent, with its variant (`"token_required"` → `TokenRequired`).
    pub variants: Vec<(String, String)>,
    /// The field it was made for (`links::UpdateOk::status`), for its docs.
    pub field: String,
    /// The role of that field's struct: a response enum decodes by the tolerance rules.
    pub role: StructRole,
}

/// Index of a struct in [`TypeSpace::structs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Every named struct of the crate, with where it is emitted.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    pub structs: Vec<StructDef>,
    pub enums: Vec<EnumDef>,
}

impl TypeSpace {
    pub fn get(&self, id: TypeId) -> &StructDef {
        &self.structs[id.0]
    }

    pub fn enum_def(&self, id: EnumId) -> &EnumDef {
        &self.enums[id.0]
    }
}

/// Where a struct is emitted: in one folder's module, or in the crate's shared `types` module.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeHome {
    /// Module path of idents (`["links"]`); empty for the crate root.
    Module(Vec<String>),
    Shared,
}

impl TypeHome {
    /// The path from the crate root of the type `name` in this home (`links::UpdateOk`,
    /// `types::Account`, `Root`): how the record keys types and overrides name them.
    pub fn type_path(&self, name: &str) -> String {
        match self {
            TypeHome::Shared => format!("types::{name}"),
            TypeHome::Module(path) if path.is_empty() => name.to_string(),
            TypeHome::Module(path) => format!("{}::{name}", path.join("::")),
        }
    }

    /// The home and name a type path says: the one reader of [`TypeHome::type_path`]'s text.
    pub fn split_type_path(path: &str) -> (TypeHome, &str) {
        let (parent, name) = path.rsplit_once("::").unwrap_or(("", path));
        let home = match parent {
            "types" => TypeHome::Shared,
            "" => TypeHome::Module(Vec::new()),
            module => TypeHome::Module(module.split("::").map(str::to_string).collect()),
        };
        (home, name)
    }
}

#[derive(Debug, Clone)]
pub struct StructDef {
    pub name: String,
    pub home: TypeHome,
    pub fields: Vec<FieldDef>,
    /// Response-side structs tolerate missing fields; request-side ones send what they hold.
    pub role: StructRole,
    /// A body with the same shape as an earlier struct is emitted as `pub type Name = Target;`:
    /// it keeps its own name, and the crate compiles one definition instead of two.
    pub alias_of: Option<TypeId>,
    /// Every site of the collection whose value has this type (`Links / Update › 428 ›
    /// $.token_generation_data`), sorted: what the record remembers the name by.
    pub origins: Vec<Site>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StructRole {
    Request,
    Response,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldDef {
    /// The JSON key, exactly as in the examples.
    pub key: String,
    /// The Rust field name; differs from `key` when the key is not an identifier.
    pub ident: String,
    pub ty: TypeRef,
    /// An `Option` field that is left out of the JSON when `None` (the key was missing from
    /// some request examples) rather than sent as `null`.
    pub skip_if_none: bool,
    /// Redacted in `Debug`: a value named like a secret (see `lower/secrets.rs`).
    pub secret: bool,
    /// The catch-all of a request struct (`extra`): a map of keys the collection never
    /// shows, flattened into the JSON object, sent as given. Its `key` is empty.
    pub flatten: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_paths_and_homes_round_trip() {
        for (home, name, path) in [
            (TypeHome::Shared, "Account", "types::Account"),
            (TypeHome::Module(vec![]), "UpdateOk", "UpdateOk"),
            (
                TypeHome::Module(vec!["a".into(), "b".into()]),
                "X",
                "a::b::X",
            ),
        ] {
            assert_eq!(home.type_path(name), path);
            assert_eq!(TypeHome::split_type_path(path), (home.clone(), name));
        }
    }
}
