//! Shapes → Rust types: every object shape becomes a struct in one registry.
//!
//! Nested object shapes are de-duplicated across the whole crate by structure (the same error
//! item used by a hundred operations is one type). Top-level bodies always get a name of
//! their own, after their operation (`UpdateRequest`, `UpdateOk`), so that an operation's
//! public types never change name because another operation changed. When an earlier struct
//! already has the body's shape, that name is a type alias of it: the same value, one
//! definition to compile.
//!
//! In: the merged [`Shape`] of each body, with the [`NameUse`] saying where it sits. Out: a
//! [`Candidate`] per struct; which are one type (`groups.rs`) and their names (`names.rs`)
//! are decided once every use of every struct is known, by [`TypeRegistry::finish`].

use std::collections::HashMap;

use super::candidates::{Candidate, NameUse};
use super::maps::map_values;
use super::numbers;
use super::shape::{Kind, ObjectShape, Shape, TextFormat};
use crate::ir::{FieldDef, StructRole, TypeId, TypeRef};
use crate::naming::{pascal_word, snake_ident, Scope};

/// Collects structs while operations are lowered; [`TypeRegistry::finish`] names them.
#[derive(Debug, Default)]
pub struct TypeRegistry {
    candidates: Vec<Candidate>,
    /// Nested structs by shape: a second use of a shape shares the struct.
    nested: HashMap<(StructRole, Vec<FieldDef>), TypeId>,
    /// The first real definition of each shape, nested or top-level: later top-level bodies
    /// of that shape become aliases of it.
    definitions: HashMap<(StructRole, Vec<FieldDef>), TypeId>,
    field_names: HashMap<String, (String, String)>,
}

impl TypeRegistry {
    /// The type of a whole body. Objects get a struct owned by this body alone.
    pub fn body_type(&mut self, shape: &Shape, role: StructRole, name: NameUse) -> TypeRef {
        self.convert(shape, role, name, true, None)
    }

    /// `key` is the JSON key the value sits at (a list's items sit at the list's key).
    fn convert(
        &mut self,
        shape: &Shape,
        role: StructRole,
        name: NameUse,
        top_level: bool,
        key: Option<&str>,
    ) -> TypeRef {
        let base = match &shape.kind {
            Kind::Nothing | Kind::Any => TypeRef::Value,
            Kind::Bool => TypeRef::Bool,
            // A request sends what the user gives it, and the examples show integers. A
            // response holds what the server sends: an integer only where the schema said
            // int64 or the name says so (docs/inference.md, "Numbers").
            Kind::Integer { int64 } => {
                let whole = role == StructRole::Request
                    || *int64
                    || key.is_some_and(numbers::names_a_whole_number);
                if whole {
                    TypeRef::I64
                } else {
                    TypeRef::F64
                }
            }
            Kind::Number => TypeRef::F64,
            Kind::Text(TextFormat::Plain) => TypeRef::String,
            Kind::Text(TextFormat::Uuid) => TypeRef::Uuid,
            Kind::Text(TextFormat::DateTime) => TypeRef::DateTime,
            Kind::Text(TextFormat::Date) => TypeRef::Date,
            Kind::Array(item) => {
                // A top-level array's items are nested types: they may be shared.
                TypeRef::Vec(Box::new(self.convert(
                    item,
                    role,
                    name.child("Item", "[*]"),
                    false,
                    key,
                )))
            }
            Kind::Object(object) if object.fields.is_empty() => TypeRef::Value,
            Kind::Object(object) => match map_values(object) {
                Some(values) => TypeRef::Map(Box::new(self.convert(
                    &values,
                    role,
                    name.child("Value", ".*"),
                    false,
                    None,
                ))),
                None => self.struct_type(object, role, name, top_level),
            },
        };
        if shape.nullable && !matches!(base, TypeRef::Value) {
            TypeRef::Option(Box::new(base))
        } else {
            base
        }
    }

    /// A record object: a struct with a field per key.
    fn struct_type(
        &mut self,
        object: &ObjectShape,
        role: StructRole,
        name: NameUse,
        top_level: bool,
    ) -> TypeRef {
        let mut idents = Scope::default();
        let fields = object
            .fields
            .iter()
            .map(|field| {
                let (snake, word) = self.field_names(&field.key);
                let ident = idents.claim(&snake);
                let ty = self.convert(
                    &field.shape,
                    role,
                    name.child(&word, &key_step(&field.key)),
                    false,
                    Some(&field.key),
                );
                let ty = strip_option(ty);
                // Examples cannot say a response field is always present: its absence and
                // `null` are tolerated. Nor can they say a request field is required:
                // converters write every property into an example, so every request field
                // is optional and left out when unset (docs/inference.md, "Request bodies").
                FieldDef {
                    key: field.key.clone(),
                    ident,
                    ty: TypeRef::Option(Box::new(ty)),
                    skip_if_none: true,
                    // Decided once the IR is whole (`lower/secrets.rs`).
                    secret: false,
                    flatten: false,
                }
            })
            .collect::<Vec<_>>();
        let mut fields = fields;
        if role == StructRole::Request {
            // Keys the collection never shows can still be sent.
            fields.push(FieldDef {
                key: String::new(),
                ident: idents.claim("extra"),
                ty: TypeRef::Map(Box::new(TypeRef::Value)),
                skip_if_none: false,
                secret: false,
                flatten: true,
            });
        }
        TypeRef::Named(self.register(fields, role, name, top_level))
    }

    /// The `snake_case` field name and `PascalCase` name word of a JSON key. The same keys come
    /// back in every example (`id`, `created_at`), so each is converted once.
    fn field_names(&mut self, key: &str) -> (String, String) {
        if let Some(names) = self.field_names.get(key) {
            return names.clone();
        }
        let names = (snake_ident(key, "field"), pascal_word(key, "field"));
        self.field_names.insert(key.to_string(), names.clone());
        names
    }

    fn register(
        &mut self,
        fields: Vec<FieldDef>,
        role: StructRole,
        name: NameUse,
        top_level: bool,
    ) -> TypeId {
        let shape = (role, fields);
        if !top_level {
            if let Some(&id) = self.nested.get(&shape) {
                self.candidates[id.0].uses.push(name);
                return id;
            }
        }
        let id = TypeId(self.candidates.len());
        let alias_of = if top_level {
            self.definitions.get(&shape).copied()
        } else {
            None
        };
        if alias_of.is_none() {
            self.definitions.entry(shape.clone()).or_insert(id);
        }
        if !top_level {
            self.nested.insert(shape.clone(), id);
        }
        let (role, fields) = shape;
        self.candidates.push(Candidate {
            fields,
            role,
            uses: vec![name],
            alias_of,
            top_level,
        });
        id
    }

    /// The registered structs, in registration order (a struct's id is its index), for
    /// grouping and naming ([`TypeRegistry::finish`]).
    pub(super) fn into_candidates(self) -> Vec<Candidate> {
        self.candidates
    }
}

/// The JSON-path step of an object key in a site: `.key`, or `["a b"]` when the key is not
/// a plain word.
fn key_step(key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!(".{key}")
    } else {
        format!("[{key:?}]")
    }
}

fn strip_option(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => *inner,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::testing::{body_use, remember};
    use super::*;
    use crate::ir::origin::{Part, Site};
    use crate::ir::{TypeHome, TypeSpace};
    use crate::naming::Scope;
    use crate::previous::RememberedNames;
    use serde_json::json;

    /// The body site of an operation whose name does not matter to the test.
    fn op_site() -> Site {
        Site::new("Op", Part::Status(200))
    }

    fn shape(value: serde_json::Value) -> Shape {
        Shape::from_json(&value)
    }

    #[test]
    fn identical_nested_shapes_across_modules_are_one_shared_type() {
        let mut registry = TypeRegistry::default();
        let error = json!([{"code": "<string>", "message": "<string>", "request_id": "<string>"}]);
        for (module, owner) in [
            ("links", "Update"),
            ("accounts", "List"),
            ("links", "Delete"),
        ] {
            let name = NameUse::new(&[module.to_string()], owner, "BadRequest", true, op_site());
            registry.body_type(&shape(error.clone()), StructRole::Response, name);
        }
        let space = registry
            .finish(&BTreeMap::new(), &RememberedNames::default())
            .0;
        assert_eq!(space.structs.len(), 1);
        assert_eq!(space.structs[0].name, "ErrorItem");
        assert_eq!(space.structs[0].home, TypeHome::Shared);
    }

    #[test]
    fn a_body_shaped_like_an_earlier_struct_is_an_alias_with_its_own_name() {
        let mut registry = TypeRegistry::default();
        let links = ["links".to_string()];
        let accounts = ["accounts".to_string()];
        let body_type = |registry: &mut TypeRegistry, module: &[String], owner: &str, body| {
            registry.body_type(
                &shape(body),
                StructRole::Response,
                NameUse::new(module, owner, "Ok", false, op_site()),
            )
        };
        let list = body_type(
            &mut registry,
            &links,
            "List",
            json!({"results": [{"id": "<uuid>"}]}),
        );
        let detail = body_type(&mut registry, &links, "Detail", json!({"id": "<uuid>"}));
        let other = body_type(&mut registry, &accounts, "Detail", json!({"id": "<uuid>"}));
        let request = registry.body_type(
            &shape(json!({"id": "<uuid>"})),
            StructRole::Request,
            NameUse::new(&links, "Create", "Request", false, op_site()),
        );
        let space = registry
            .finish(&BTreeMap::new(), &RememberedNames::default())
            .0;
        let id = |ty: TypeRef| match ty {
            TypeRef::Named(id) => id,
            other => panic!("{other:?}"),
        };
        let list_def = space.get(id(list.clone()));
        let TypeRef::Option(results) = &list_def.fields[0].ty else {
            panic!("{list_def:?}")
        };
        let TypeRef::Vec(item) = results.as_ref() else {
            panic!("{results:?}")
        };
        let item = id(item.as_ref().clone());
        assert_eq!(space.get(id(list.clone())).alias_of, None);
        assert_eq!(space.get(id(detail.clone())).name, "DetailOk");
        assert_eq!(space.get(id(detail)).alias_of, Some(item));
        // Across modules too, and always to the real definition.
        assert_eq!(space.get(id(other)).alias_of, Some(item));
        // A request body with the same keys is a different type (other serde rules).
        assert_eq!(space.get(id(request)).alias_of, None);
    }

    #[test]
    fn top_level_bodies_are_owned_and_named_after_the_operation() {
        let mut registry = TypeRegistry::default();
        let body = json!({"id": "<uuid>", "institution": {"name": "x"}});
        let links = ["links".to_string()];
        let ty = registry.body_type(
            &shape(body),
            StructRole::Response,
            NameUse::new(&links, "Update", "Ok", false, op_site()),
        );
        let space = registry
            .finish(&BTreeMap::new(), &RememberedNames::default())
            .0;
        let TypeRef::Named(id) = ty else {
            panic!("{ty:?}")
        };
        assert_eq!(space.get(id).name, "UpdateOk");
        assert_eq!(space.structs[0].name, "UpdateInstitution");
        assert_eq!(
            space.get(id).fields[0].ty,
            TypeRef::Option(Box::new(TypeRef::Uuid))
        );
    }

    /// One generation: each body `(module, operation, json)` is a 200 response.
    fn generation(
        bodies: &[(&str, &str, serde_json::Value)],
        remembered: &RememberedNames,
    ) -> (TypeSpace, Vec<TypeRef>) {
        let mut registry = TypeRegistry::default();
        let mut reserved = BTreeMap::new();
        let types = bodies
            .iter()
            .map(|(module, owner, body)| {
                reserved.insert(TypeHome::Module(vec![module.to_string()]), Scope::default());
                let name = body_use(module, owner);
                registry.body_type(&shape(body.clone()), StructRole::Response, name)
            })
            .collect::<Vec<_>>();
        let (space, remap) = registry.finish(&reserved, remembered);
        let types = types
            .into_iter()
            .map(|mut ty| {
                remap.apply(&mut ty);
                ty
            })
            .collect();
        (space, types)
    }

    /// `(path, field keys)` of the struct a body's `owner` field has.
    fn item_struct(space: &TypeSpace, body: &TypeRef) -> (String, Vec<String>) {
        let TypeRef::Named(id) = body else {
            panic!("{body:?}")
        };
        let def = space.get(*id);
        let def = def.alias_of.map_or(def, |target| space.get(target));
        let TypeRef::Option(item) = &def.fields[0].ty else {
            panic!("{def:?}")
        };
        let TypeRef::Named(item) = item.as_ref() else {
            panic!("{item:?}")
        };
        let item = space.get(*item);
        (
            item.home.type_path(&item.name),
            item.fields.iter().map(|f| f.key.clone()).collect(),
        )
    }

    #[test]
    fn a_remembered_shared_type_is_widened_by_a_new_key_in_one_use() {
        let first = [
            ("links", "List", json!({"owner": {"id": 1}})),
            ("accounts", "Get", json!({"owner": {"id": 1}})),
        ];
        let (space, types) = generation(&first, &RememberedNames::default());
        assert_eq!(item_struct(&space, &types[0]).0, "types::Owner");
        let second = [
            (
                "links",
                "List",
                json!({"owner": {"id": 1, "nickname": "x"}}),
            ),
            ("accounts", "Get", json!({"owner": {"id": 1}})),
        ];
        // Without the record the shapes differ, so they are two types.
        let (fresh, fresh_types) = generation(&second, &RememberedNames::default());
        assert_ne!(
            item_struct(&fresh, &fresh_types[0]).0,
            item_struct(&fresh, &fresh_types[1]).0
        );
        let (space, types) = generation(&second, &remember(&space));
        let widened = (
            "types::Owner".to_string(),
            vec!["id".to_string(), "nickname".to_string()],
        );
        assert_eq!(item_struct(&space, &types[0]), widened);
        assert_eq!(item_struct(&space, &types[1]), widened);
    }

    #[test]
    fn a_remembered_type_keeps_its_home_when_another_folder_starts_using_it() {
        let first = [("links", "List", json!({"owner": {"id": 1}}))];
        let (space, types) = generation(&first, &RememberedNames::default());
        assert_eq!(item_struct(&space, &types[0]).0, "links::ListOwner");
        let second = [
            ("links", "List", json!({"owner": {"id": 1}})),
            ("accounts", "Get", json!({"owner": {"id": 1}})),
        ];
        let (fresh, fresh_types) = generation(&second, &RememberedNames::default());
        assert_eq!(item_struct(&fresh, &fresh_types[1]).0, "types::Owner");
        let (space, types) = generation(&second, &remember(&space));
        assert_eq!(item_struct(&space, &types[0]).0, "links::ListOwner");
        assert_eq!(item_struct(&space, &types[1]).0, "links::ListOwner");
    }

    #[test]
    fn a_use_whose_field_changed_type_splits_off_and_the_name_stays() {
        let first = [
            ("links", "List", json!({"owner": {"id": 1}})),
            ("accounts", "Get", json!({"owner": {"id": 1}})),
        ];
        let (space, _) = generation(&first, &RememberedNames::default());
        let second = [
            ("links", "List", json!({"owner": {"id": 1}})),
            ("accounts", "Get", json!({"owner": {"id": "now text"}})),
        ];
        let (space, types) = generation(&second, &remember(&space));
        assert_eq!(item_struct(&space, &types[0]).0, "types::Owner");
        let (split, fields) = item_struct(&space, &types[1]);
        assert_ne!(split, "types::Owner");
        assert_eq!(fields, ["id"]);
    }

    #[test]
    fn reserved_names_are_avoided() {
        let mut registry = TypeRegistry::default();
        let links = vec!["links".to_string()];
        registry.body_type(
            &shape(json!({"a": 1})),
            StructRole::Request,
            NameUse::new(&links, "Update", "Request", false, op_site()),
        );
        let reserved = BTreeMap::from([(
            TypeHome::Module(links),
            Scope::with_reserved(["UpdateRequest"]),
        )]);
        let space = registry.finish(&reserved, &RememberedNames::default()).0;
        assert_eq!(space.structs[0].name, "UpdateRequest2");
    }

    #[test]
    fn request_fields_are_optional_and_a_catch_all_takes_other_keys() {
        let mut registry = TypeRegistry::default();
        let merged = shape(json!({"a": 1, "extra": null})).merge(shape(json!({"a": 2})));
        registry.body_type(
            &merged,
            StructRole::Request,
            NameUse::new(&[], "Op", "Request", false, op_site()),
        );
        let space = registry
            .finish(&BTreeMap::new(), &RememberedNames::default())
            .0;
        let fields: Vec<(&str, &str, TypeRef, bool, bool)> = space.structs[0]
            .fields
            .iter()
            .map(|f| {
                (
                    f.key.as_str(),
                    f.ident.as_str(),
                    f.ty.clone(),
                    f.skip_if_none,
                    f.flatten,
                )
            })
            .collect();
        let optional = |ty| TypeRef::Option(Box::new(ty));
        assert_eq!(
            fields,
            [
                // Present in every sample, and still optional: a sample cannot show required.
                ("a", "a", optional(TypeRef::I64), true, false),
                ("extra", "extra", optional(TypeRef::Value), true, false),
                (
                    "",
                    "extra_2",
                    TypeRef::Map(Box::new(TypeRef::Value)),
                    false,
                    true
                ),
            ]
        );
    }
}
