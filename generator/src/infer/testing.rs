//! Test helpers shared by the phases' unit tests: candidates built by hand, and the record a
//! previous generation would have left.

use crate::ir::origin::{Part, Site};
use crate::ir::{FieldDef, StructRole, TypeId, TypeRef, TypeSpace};
use crate::previous::RememberedNames;
use crate::record::{ApiItem, ApiRecord, ItemKind, Version};

use super::candidates::{Candidate, NameUse};

/// The 200 body of `owner` in `module`, its site named after both.
pub(super) fn body_use(module: &str, owner: &str) -> NameUse {
    let origin = Site::new(&format!("{module} / {owner}"), Part::Status(200));
    NameUse::new(&[module.to_string()], owner, "Ok", false, origin)
}

/// An optional response field `key` of type `ty`, as registration makes it.
pub(super) fn field(key: &str, ty: TypeRef) -> FieldDef {
    FieldDef {
        key: key.to_string(),
        ident: key.to_string(),
        ty: TypeRef::Option(Box::new(ty)),
        skip_if_none: true,
        secret: false,
        flatten: false,
    }
}

/// A registered response struct with `fields`, used at `uses`.
pub(super) fn candidate(
    fields: Vec<FieldDef>,
    uses: Vec<NameUse>,
    alias_of: Option<usize>,
    top_level: bool,
) -> Candidate {
    Candidate {
        fields,
        role: StructRole::Response,
        uses,
        alias_of: alias_of.map(TypeId),
        top_level,
    }
}

/// A registered nested response struct with `fields`, used at `uses`.
pub(super) fn nested(fields: Vec<FieldDef>, uses: Vec<NameUse>) -> Candidate {
    candidate(fields, uses, None, false)
}

/// The `.owner` values in the bodies of `links / List` and `accounts / Get`, and a record in
/// which one struct, `types::Owner`, held both.
pub(super) fn owner_in_two_folders() -> (NameUse, NameUse, RememberedNames) {
    let list = body_use("links", "List").child("Owner", ".owner");
    let get = body_use("accounts", "Get").child("Owner", ".owner");
    let remembered = record([(
        "types::Owner".to_string(),
        None,
        vec![list.site.clone(), get.site.clone()],
    )]);
    (list, get, remembered)
}

/// The two uses of [`owner_in_two_folders`] as nested structs, the second with a key more
/// (`nickname`), and that record.
pub(super) fn owner_widened_by_one_use() -> (Vec<Candidate>, RememberedNames) {
    let (list, get, remembered) = owner_in_two_folders();
    let id = field("id", TypeRef::I64);
    let nickname = field("nickname", TypeRef::String);
    let candidates = vec![
        nested(vec![id.clone()], vec![list]),
        nested(vec![id, nickname], vec![get]),
    ];
    (candidates, remembered)
}

/// A record of structs and aliases: `(path, alias target path, sites)`.
pub(super) fn record(
    types: impl IntoIterator<Item = (String, Option<String>, Vec<Site>)>,
) -> RememberedNames {
    let items = types
        .into_iter()
        .map(|(path, target, sites)| {
            let item = ApiItem {
                kind: if target.is_some() {
                    ItemKind::TypeAlias
                } else {
                    ItemKind::Struct
                },
                signature: target.unwrap_or_default(),
                non_exhaustive: false,
                from: sites.iter().map(ToString::to_string).collect(),
                runtime: false,
            };
            (path, item)
        })
        .collect();
    RememberedNames::from_record(&ApiRecord {
        generated: String::new(),
        format: 1,
        naming: crate::record::model::NAMING_REVISION,
        code: crate::record::model::CODE_REVISION,
        behaviour: None,
        crate_name: "c".into(),
        version: Version::INITIAL,
        fingerprint: String::new(),
        items,
    })
}

/// What the record of `space` tells the next generation.
pub(super) fn remember(space: &TypeSpace) -> RememberedNames {
    record(space.structs.iter().map(|def| {
        let target = def.alias_of.map(|target| {
            let target = space.get(target);
            target.home.type_path(&target.name)
        });
        (def.home.type_path(&def.name), target, def.origins.clone())
    }))
}
