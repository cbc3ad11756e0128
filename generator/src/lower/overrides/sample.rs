//! A small hand-built type space for the unit tests of resolving and editing.

use crate::ir::{FieldDef, StructDef, StructRole, TypeHome, TypeId, TypeRef, TypeSpace};

pub(super) fn field(ident: &str, ty: TypeRef) -> FieldDef {
    FieldDef {
        key: ident.into(),
        ident: ident.into(),
        ty,
        skip_if_none: false,
        secret: false,
        flatten: false,
    }
}

pub(super) fn optional(ty: TypeRef) -> TypeRef {
    TypeRef::Option(Box::new(ty))
}

pub(super) fn list(item: TypeRef) -> TypeRef {
    TypeRef::Vec(Box::new(item))
}

fn def(home: TypeHome, name: &str, fields: Vec<FieldDef>) -> StructDef {
    StructDef {
        name: name.into(),
        home,
        fields,
        role: StructRole::Response,
        alias_of: None,
        origins: Vec::new(),
    }
}

pub(super) fn loans() -> TypeHome {
    TypeHome::Module(vec!["loans".into()])
}

/// `loans::GetLoanOk` (0) with a number, a list of `loans::GetLoanFeesItem` (1), a date
/// as text and a list of nullable text; `loans::ListLoansOk` (2), an alias of the first;
/// `types::Account` (3) with a catch-all; `Root` (4) at the crate root.
pub(super) fn space() -> TypeSpace {
    let mut alias = def(
        loans(),
        "ListLoansOk",
        vec![field("rate", optional(TypeRef::F64))],
    );
    alias.alias_of = Some(TypeId(0));
    let mut extra = field("extra", TypeRef::Map(Box::new(TypeRef::Value)));
    extra.key = String::new();
    extra.flatten = true;
    let mut account = def(
        TypeHome::Shared,
        "Account",
        vec![field("id", TypeRef::String), extra],
    );
    account.role = StructRole::Request;
    TypeSpace {
        structs: vec![
            def(
                loans(),
                "GetLoanOk",
                vec![
                    field("rate", optional(TypeRef::F64)),
                    field("fees", optional(list(TypeRef::Named(TypeId(1))))),
                    field("due", optional(TypeRef::String)),
                    field("tags", list(optional(TypeRef::String))),
                ],
            ),
            def(
                loans(),
                "GetLoanFeesItem",
                vec![field("amount", optional(TypeRef::F64))],
            ),
            alias,
            account,
            def(
                TypeHome::Module(Vec::new()),
                "Root",
                vec![field("ok", TypeRef::Bool)],
            ),
        ],
        enums: Vec::new(),
    }
}
