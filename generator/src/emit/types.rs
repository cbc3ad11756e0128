//! Inferred types → Rust structs and type expressions.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::code_span;
use crate::ir::origin::{Part, Site};
use crate::ir::{EnumDef, StructDef, StructRole, TypeHome, TypeId, TypeRef, TypeSpace};

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The path of a module from the crate root (`crate::links`).
pub fn module_path_tokens(path: &[String]) -> TokenStream {
    let segments = path.iter().map(|segment| ident(segment));
    quote! { crate #( :: #segments )* }
}

/// How module `here` names the item `name` of module `home`: by name when local, otherwise by
/// its crate path; as tokens, and as text for doc links.
pub fn item_path(home: &TypeHome, name: &str, here: &TypeHome) -> (TokenStream, String) {
    let item = ident(name);
    if home == here {
        return (quote! { #item }, name.to_string());
    }
    let module: Vec<&str> = match home {
        TypeHome::Shared => vec!["types"],
        TypeHome::Module(path) => path.iter().map(String::as_str).collect(),
    };
    let segments = module.iter().map(|segment| ident(segment));
    let text = std::iter::once("crate")
        .chain(module.iter().copied())
        .chain([name])
        .collect::<Vec<_>>()
        .join("::");
    (quote! { crate #( :: #segments )* :: #item }, text)
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
            item_path(&def.home, &def.name, here).0
        }
        TypeRef::Enum(id) => {
            let def = space.enum_def(*id);
            item_path(&def.home, &def.name, here).0
        }
    }
}

/// Which external crates a type space needs (for the emitted Cargo.toml).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TypeCrates {
    pub uuid: bool,
    pub chrono: bool,
}

impl TypeCrates {
    /// Notes the crates `ty` needs, at any depth (`Vec<Option<Uuid>>` needs `uuid`).
    pub fn note(&mut self, ty: &TypeRef) {
        for layer in ty.layers() {
            match layer {
                TypeRef::Uuid => self.uuid = true,
                TypeRef::DateTime | TypeRef::Date => self.chrono = true,
                _ => {}
            }
        }
    }
}

/// Whether a field may be absent from JSON, and whether `None` is left out when sent.
#[derive(Clone, Copy)]
pub enum Presence {
    Required,
    Optional,
    SkippedWhenNone,
    /// A response field: decoded by `crate::tolerant::response_struct!`, so serde only
    /// encodes it (for the mock server), leaving it out when `None`.
    Encoded,
}

/// A field's one `#[serde(...)]` attribute, if it needs any: the JSON key when it differs
/// from the Rust name, and its presence.
pub fn serde_field_attr(ident: &str, key: &str, presence: Presence) -> TokenStream {
    let rename = (ident != key).then(|| quote! { rename = #key });
    let presence = match presence {
        Presence::Required => None,
        Presence::Optional => Some(quote! { default }),
        Presence::SkippedWhenNone => {
            Some(quote! { default, skip_serializing_if = "Option::is_none" })
        }
        Presence::Encoded => Some(quote! { skip_serializing_if = "Option::is_none" }),
    };
    match (rename, presence) {
        (None, None) => TokenStream::new(),
        (Some(one), None) | (None, Some(one)) => quote! { #[serde(#one)] },
        (Some(rename), Some(presence)) => quote! { #[serde(#rename, #presence)] },
    }
}

/// One struct definition.
pub fn struct_tokens(def: &StructDef, space: &TypeSpace) -> TokenStream {
    let name = ident(&def.name);
    if let Some(target) = def.alias_of {
        return alias_tokens(def, target, space);
    }
    let fields = def.fields.iter().map(|field| {
        let field_ident = ident(&field.ident);
        let ty = type_tokens(&field.ty, space, &def.home);
        if field.flatten {
            return quote! {
                /// Keys the collection does not show, sent as given beside the fields above.
                #[serde(flatten)]
                pub #field_ident: #ty,
            };
        }
        let optional = matches!(field.ty, TypeRef::Option(_));
        let presence = match (optional, field.skip_if_none) {
            (true, _) if def.role == StructRole::Response => Presence::Encoded,
            (true, true) => Presence::SkippedWhenNone,
            (true, false) => Presence::Optional,
            (false, _) => Presence::Required,
        };
        let serde = serde_field_attr(&field.ident, &field.key, presence);
        quote! {
            #serde
            pub #field_ident: #ty,
        }
    });
    let has_secrets = def.fields.iter().any(|field| field.secret);
    // Structs with secret fields get a hand-written `Debug` that redacts them.
    let debug = (!has_secrets).then(|| quote! { Debug, });
    let response = def.role == StructRole::Response;
    // Servers add fields: `#[non_exhaustive]` keeps a regenerated crate with a new field
    // compatible for its users, who build values with `Default` and field assignment.
    // Request structs stay exhaustive: users write them as struct literals, setting the
    // fields they send and `..Default::default()` for the rest.
    let non_exhaustive = response.then(|| quote! { #[non_exhaustive] });
    let redacted_debug = has_secrets.then(|| {
        let fields: Vec<DebugField> = def
            .fields
            .iter()
            .map(|field| DebugField {
                ident: &field.ident,
                secret: field.secret,
                optional: matches!(field.ty, TypeRef::Option(_)),
            })
            .collect();
        redacted_debug_impl(&def.name, &fields)
    });
    let docs = origin_docs(&def.origins);
    // Response structs decode by the tolerance rules (docs/inference.md, "Tolerance"): the
    // runtime's macro implements `Deserialize` for them, request structs derive it.
    let (deserialize, decoding) = match def.role {
        StructRole::Response => (None, Some(response_decoding(def))),
        StructRole::Request => (Some(quote! { serde::Deserialize }), None),
    };
    quote! {
        #docs
        #[derive(#debug Clone, PartialEq, Default, serde::Serialize, #deserialize)]
        #non_exhaustive
        pub struct #name {
            #( #fields )*
        }

        #redacted_debug
        #decoding
    }
}

/// `crate::tolerant::response_struct!(Name { "key" => field, ... } required { ... });`: the
/// JSON key of every field, those an override made required (not `Option`) apart.
fn response_decoding(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let entry = |field: &&crate::ir::FieldDef| {
        let key = &field.key;
        let field_ident = ident(&field.ident);
        quote! { #key => #field_ident }
    };
    let (optional, required): (Vec<_>, Vec<_>) = def
        .fields
        .iter()
        .partition(|field| matches!(field.ty, TypeRef::Option(_)));
    let optional = optional.iter().map(entry);
    let required = (!required.is_empty()).then(|| {
        let required = required.iter().map(entry);
        quote! { required { #( #required ),* } }
    });
    quote! {
        crate::tolerant::response_struct!(#name { #( #optional ),* } #required);
    }
}

/// Where in the collection an inferred struct was seen, so that a reader can find the
/// example it came from: the request, the status and the JSON path.
fn origin_docs(origins: &[Site]) -> TokenStream {
    /// More would bury the struct under its uses; the record lists them all.
    const SHOWN: usize = 3;
    let places: Vec<String> = origins.iter().take(SHOWN).map(place).collect();
    let lines: Vec<String> = match places.as_slice() {
        [] => Vec::new(),
        [only] => vec![format!(" {}.", capitalized(only))],
        _ => {
            let mut lines = vec![" Seen in the collection as:".to_string(), String::new()];
            lines.extend(places.iter().map(|place| format!(" - {place}")));
            if origins.len() > SHOWN {
                lines.push(format!(" - and in {} more places", origins.len() - SHOWN));
            }
            lines
        }
    };
    quote! { #( #[doc = #lines] )* }
}

/// `Links / Update › 428 › $.token_generation_data` → "the `$.token_generation_data` of
/// the 428 response body of `Links / Update`".
fn place(site: &Site) -> String {
    let (Some(path), Part::RequestBody | Part::Status(_)) = (&site.path, site.part) else {
        return code_span(&site.to_string());
    };
    let body = match site.part {
        Part::Status(status) => format!("the {status} response body"),
        _ => "the request body".to_string(),
    };
    let body = format!("{body} of {}", code_span(&site.request));
    if path == "$" {
        body
    } else {
        format!("{} in {body}", code_span(path))
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A closed set of strings from an override, with `Other` for any value not listed: a value
/// the API adds later still decodes, and a variant listed later is an additive change.
pub fn enum_tokens(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let doc = format!(
        " The values of {} (from an override).",
        code_span(&def.field)
    );
    let variants = def.variants.iter().map(|(value, variant)| {
        let variant = ident(variant);
        quote! {
            #[serde(rename = #value)]
            #variant,
        }
    });
    let tolerant = (def.role == StructRole::Response)
        .then(|| quote! { impl crate::tolerant::Tolerant for #name {} });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value not listed, as sent.
            #[serde(untagged)]
            Other(String),
        }

        #tolerant
    }
}

/// `pub type Name = Target;` for a body that has the shape of an earlier struct.
fn alias_tokens(def: &StructDef, target: TypeId, space: &TypeSpace) -> TokenStream {
    let name = ident(&def.name);
    let target_def = space.get(target);
    let (target_ty, target_path) = item_path(&target_def.home, &target_def.name, &def.home);
    let doc = format!(" The same JSON shape as [`{target_path}`], so the same type.");
    quote! {
        #[doc = #doc]
        pub type #name = #target_ty;
    }
}

/// A field as a hand-written `Debug` impl shows it.
pub struct DebugField<'a> {
    pub ident: &'a str,
    pub secret: bool,
    pub optional: bool,
}

/// `impl Debug` that prints secret fields as `<redacted>` (`Some("<redacted>")` when set).
pub fn redacted_debug_impl(name: &str, fields: &[DebugField<'_>]) -> TokenStream {
    let type_ident = ident(name);
    let entries = fields.iter().map(|field| {
        let field_ident = ident(field.ident);
        let shown = field.ident;
        match (field.secret, field.optional) {
            (false, _) => quote! { .field(#shown, &self.#field_ident) },
            (true, true) => {
                quote! { .field(#shown, &self.#field_ident.as_ref().map(|_| "<redacted>")) }
            }
            (true, false) => quote! { .field(#shown, &"<redacted>") },
        }
    });
    quote! {
        impl std::fmt::Debug for #type_ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name)
                    #( #entries )*
                    .finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::place;

    fn read(site: &str) -> String {
        place(&site.parse().unwrap())
    }

    #[test]
    fn a_site_reads_as_where_to_find_its_example() {
        assert_eq!(
            read("Links / Update › 428 › $.token_generation_data"),
            "`$.token_generation_data` in the 428 response body of `Links / Update`"
        );
        assert_eq!(
            read("Links / Update › request › $"),
            "the request body of `Links / Update`"
        );
        assert_eq!(read("Links / Update › query"), "`Links / Update › query`");
    }
}
