//! Inferred types → Rust structs and type expressions.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{StructDef, StructRole, TypeHome, TypeRef, TypeSpace};

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The path of a module from the crate root (`crate::links`).
pub fn module_path_tokens(path: &[String]) -> TokenStream {
    let segments = path.iter().map(|segment| ident(segment));
    quote! { crate #( :: #segments )* }
}

/// A type as written in module `here`: local structs by name, others by crate path.
pub fn type_tokens(ty: &TypeRef, space: &TypeSpace, here: &TypeHome) -> TokenStream {
    match ty {
        TypeRef::String => quote! { String },
        TypeRef::I64 => quote! { i64 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Bool => quote! { bool },
        TypeRef::Uuid => quote! { uuid::Uuid },
        TypeRef::DateTime => quote! { chrono::DateTime<chrono::FixedOffset> },
        TypeRef::Date => quote! { chrono::NaiveDate },
        TypeRef::Value => quote! { serde_json::Value },
        TypeRef::Vec(item) => {
            let item = type_tokens(item, space, here);
            quote! { Vec<#item> }
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(inner, space, here);
            quote! { Option<#inner> }
        }
        TypeRef::Map(values) => {
            let values = type_tokens(values, space, here);
            quote! { std::collections::BTreeMap<String, #values> }
        }
        TypeRef::Named(id) => {
            let def = space.get(*id);
            let name = ident(&def.name);
            if &def.home == here {
                quote! { #name }
            } else {
                match &def.home {
                    TypeHome::Shared => quote! { crate::types::#name },
                    TypeHome::Module(path) => {
                        let module = module_path_tokens(path);
                        quote! { #module::#name }
                    }
                }
            }
        }
    }
}

/// Which external crates a type space needs (for the emitted Cargo.toml).
#[derive(Debug, Default, Clone, Copy)]
pub struct TypeCrates {
    pub uuid: bool,
    pub chrono: bool,
}

impl TypeCrates {
    pub fn note(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Uuid => self.uuid = true,
            TypeRef::DateTime | TypeRef::Date => self.chrono = true,
            TypeRef::Vec(inner) | TypeRef::Option(inner) | TypeRef::Map(inner) => self.note(inner),
            _ => {}
        }
    }
}

/// One struct definition.
pub fn struct_tokens(def: &StructDef, space: &TypeSpace) -> TokenStream {
    let name = ident(&def.name);
    let fields = def.fields.iter().map(|field| {
        let field_ident = ident(&field.ident);
        let ty = type_tokens(&field.ty, space, &def.home);
        let rename = (field.ident != field.key).then(|| {
            let key = &field.key;
            quote! { #[serde(rename = #key)] }
        });
        let optional = matches!(field.ty, TypeRef::Option(_));
        let presence = match (optional, field.skip_if_none) {
            (true, true) => quote! { #[serde(default, skip_serializing_if = "Option::is_none")] },
            (true, false) => quote! { #[serde(default)] },
            (false, _) => quote! {},
        };
        quote! {
            #rename
            #presence
            pub #field_ident: #ty,
        }
    });
    let derives = match def.role {
        StructRole::Response => quote! {
            #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        },
        StructRole::Request => quote! {
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        },
    };
    quote! {
        #derives
        pub struct #name {
            #( #fields )*
        }
    }
}
