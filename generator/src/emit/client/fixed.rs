//! The fixed part of `src/client.rs`: `Client` and its methods that are the same in every
//! crate, real Rust in `templates/runtime/src/client.rs` (compiled and tested in the
//! `emitted-runtime` crate), read as a syntax tree and printed with what the collection
//! decides.
//!
//! The runtime file is a syntax tree here rather than text (as the pieces of `http.rs` are)
//! because the collection's parts go inside its items: the emitted `Client` has one `impl`
//! block, with the setters after `new` and the folder accessors after `base_url`, and `new`,
//! `send` and `Body` hold the credentials, variables and body kinds the crate has. So only its doc
//! comments reach the output (as attributes), and prettyplease lays it out like the rest.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::super::runtime::BodyKinds;
use crate::runtime_source::CLIENT as CLIENT_PIECE;

/// What the collection decides inside the fixed items.
pub(super) struct ClientParts<'a> {
    /// The client holds credentials: the `credentials` field (and its value in `new`).
    pub credentials: bool,
    /// The client holds collection variables: the `variables` field.
    pub variables: bool,
    /// Printed after `new`: the credential and variable setters.
    pub setters: TokenStream,
    /// Printed after `base_url`: the folder accessors and top-level requests.
    pub accessors: TokenStream,
    /// Which `Body` variants, and their arms of `match request.body` in `send`, stay.
    pub bodies: &'a BodyKinds,
    /// The arms of `match request.auth` in `send`, one per credential.
    pub auth_arms: TokenStream,
    /// Some credential is computed for each try: an arm of `send` sets `credential`.
    pub computes_credentials: bool,
    /// The `RequestBuilder` methods some operation calls; none, and the builder goes.
    pub builder_steps: &'a BTreeSet<&'static str>,
}

/// The fixed items, filled: the runtime file's `use` lines, the `Client` struct, its `impl`
/// block, `Operation` and `Request`, and `Body`.
pub(super) struct FixedClient {
    pub uses: TokenStream,
    pub client: TokenStream,
    pub methods: TokenStream,
    /// `Operation` and `Request`.
    pub request: TokenStream,
    /// `Request::builder`, `RequestBuilder` with the steps the operations take, and
    /// `SegmentPart` when some path segment has several parts.
    pub builder: TokenStream,
    pub body: TokenStream,
}

/// The items of `templates/runtime/src/client.rs`, by role.
struct Piece {
    uses: Vec<syn::ItemUse>,
    client: syn::ItemStruct,
    methods: syn::ItemImpl,
    operation: syn::ItemStruct,
    request: syn::ItemStruct,
    /// `impl Request`, `RequestBuilder` and its `impl`, `SegmentPart`: in the file's order.
    builder: Vec<syn::Item>,
    body: syn::ItemEnum,
}

/// The items that build requests, kept only where some operation builds one.
const BUILDER_ITEMS: &[&str] = &["Request", "RequestBuilder", "SegmentPart"];

/// The runtime crate's stand-ins for the printed items, which the emitted file does not
/// import: they are its own items.
const STAND_INS: &str = "printed";

fn piece() -> Piece {
    // The file is the generator's own, compiled into it: a failure here is a bug that every
    // test meets, never something a collection causes.
    let file = syn::parse_file(CLIENT_PIECE).expect("templates/runtime/src/client.rs parses");
    let (mut uses, mut client, mut methods) = (Vec::new(), None, None);
    let (mut request, mut body, mut builder) = (None, None, Vec::new());
    let mut operation = None;
    for item in file.items {
        match item {
            syn::Item::Impl(item) if is_type(&item.self_ty, BUILDER_ITEMS) => {
                builder.push(syn::Item::Impl(item))
            }
            syn::Item::Struct(item) if item.ident == "RequestBuilder" => {
                builder.push(syn::Item::Struct(item))
            }
            syn::Item::Enum(item) if item.ident == "SegmentPart" => {
                builder.push(syn::Item::Enum(item))
            }
            syn::Item::Mod(module) if module.ident == STAND_INS => {}
            syn::Item::Use(import) if imports_stand_ins(&import.tree) => {}
            syn::Item::Use(import) => uses.push(import),
            syn::Item::Struct(item) if item.ident == "Client" => client = Some(item),
            syn::Item::Struct(item) if item.ident == "Request" => request = Some(item),
            syn::Item::Struct(item) if item.ident == "Operation" => operation = Some(item),
            syn::Item::Enum(item) if item.ident == "Body" => body = Some(item),
            syn::Item::Impl(item) if item.trait_.is_none() => methods = Some(item),
            other => panic!(
                "templates/runtime/src/client.rs: the generator does not place {}",
                other.into_token_stream()
            ),
        }
    }
    Piece {
        uses,
        client: client.expect("templates/runtime/src/client.rs has `struct Client`"),
        methods: methods.expect("templates/runtime/src/client.rs has `impl Client`"),
        operation: operation.expect("templates/runtime/src/client.rs has `struct Operation`"),
        request: request.expect("templates/runtime/src/client.rs has `struct Request`"),
        builder,
        body: body.expect("templates/runtime/src/client.rs has `enum Body`"),
    }
}

/// Whether `ty` is one of the types `names`.
fn is_type(ty: &syn::Type, names: &[&str]) -> bool {
    matches!(ty, syn::Type::Path(path) if names.iter().any(|name| path.path.is_ident(name)))
}

fn imports_stand_ins(tree: &syn::UseTree) -> bool {
    matches!(tree, syn::UseTree::Path(path) if path.ident == STAND_INS)
}

/// The fixed items with `parts` in their places.
pub(super) fn fixed_client(parts: &ClientParts) -> FixedClient {
    let Piece {
        uses,
        mut client,
        mut methods,
        operation,
        request,
        builder,
        mut body,
    } = piece();
    body.variants = std::mem::take(&mut body.variants)
        .into_iter()
        .filter(|variant| parts.sends(&variant.ident.to_string()))
        .collect();
    if let syn::Fields::Named(fields) = &mut client.fields {
        fields.named = std::mem::take(&mut fields.named)
            .into_iter()
            .filter(|field| field.ident.as_ref().is_some_and(|name| parts.holds(name)))
            .collect();
    }
    let mut methods_body = TokenStream::new();
    for item in &mut methods.items {
        let syn::ImplItem::Fn(function) = item else {
            item.to_tokens(&mut methods_body);
            continue;
        };
        let name = function.sig.ident.to_string();
        match name.as_str() {
            "new" => without_absent_fields(&mut function.block, parts),
            "send" => send_for(&mut function.block, parts),
            _ => {}
        }
        function.to_tokens(&mut methods_body);
        match name.as_str() {
            "new" => methods_body.extend(parts.setters.clone()),
            "base_url" => methods_body.extend(parts.accessors.clone()),
            _ => {}
        }
    }
    let (attrs, self_ty) = (&methods.attrs, &methods.self_ty);
    FixedClient {
        uses: quote! { #( #uses )* },
        client: client.into_token_stream(),
        methods: quote! {
            #( #attrs )*
            impl #self_ty {
                #methods_body
            }
        },
        request: quote! { #operation #request },
        builder: builder_for(builder, parts.builder_steps),
        body: body.into_token_stream(),
    }
}

/// The builder items with the methods `steps` names, and the private helpers those call;
/// `call` and `builder` whenever some operation builds a request, `SegmentPart` only when
/// `segment` is a step.
fn builder_for(items: Vec<syn::Item>, steps: &BTreeSet<&'static str>) -> TokenStream {
    if steps.is_empty() {
        return TokenStream::new();
    }
    let mut kept = TokenStream::new();
    for item in items {
        match item {
            syn::Item::Enum(item) if item.ident == "SegmentPart" && !steps.contains("segment") => {}
            syn::Item::Impl(mut block) if is_type(&block.self_ty, &["RequestBuilder"]) => {
                block.items = builder_methods(std::mem::take(&mut block.items), steps);
                block.to_tokens(&mut kept);
            }
            other => other.to_tokens(&mut kept),
        }
    }
    kept
}

/// The methods of `impl RequestBuilder` that are steps in `steps` or `call`, and those they
/// call (`then`, `fill`; `json_as` from `json`).
fn builder_methods(
    items: Vec<syn::ImplItem>,
    steps: &BTreeSet<&'static str>,
) -> Vec<syn::ImplItem> {
    let name = |item: &syn::ImplItem| match item {
        syn::ImplItem::Fn(function) => function.sig.ident.to_string(),
        _ => String::new(),
    };
    let mut wanted: BTreeSet<String> = items
        .iter()
        .map(name)
        .filter(|name| name == "call" || steps.contains(name.as_str()))
        .collect();
    // What the kept methods call, until nothing new is reached.
    loop {
        let reached: BTreeSet<String> = items
            .iter()
            .filter(|item| wanted.contains(&name(item)))
            .flat_map(|item| method_calls(item.to_token_stream()))
            .collect();
        let before = wanted.len();
        wanted.extend(
            items
                .iter()
                .filter(|item| reached.contains(&name(item)))
                .map(name),
        );
        if wanted.len() == before {
            break;
        }
    }
    items
        .into_iter()
        .filter(|item| wanted.contains(&name(item)))
        .collect()
}

/// The names of the methods `tokens` calls (`.then(…)`; not fields, `.path`), in groups too.
fn method_calls(tokens: TokenStream) -> Vec<String> {
    use proc_macro2::{Delimiter, TokenTree};
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut found = Vec::new();
    for (at, tree) in trees.iter().enumerate() {
        if let TokenTree::Group(group) = tree {
            found.extend(method_calls(group.stream()));
        }
        if let [TokenTree::Punct(dot), TokenTree::Ident(name), TokenTree::Group(args), ..] =
            &trees[at..]
        {
            if dot.as_char() == '.' && args.delimiter() == Delimiter::Parenthesis {
                found.push(name.to_string());
            }
        }
    }
    found
}

impl ClientParts<'_> {
    /// Whether the emitted `Client` has the field `name`.
    fn holds(&self, name: &syn::Ident) -> bool {
        match name.to_string().as_str() {
            "credentials" => self.credentials,
            "variables" => self.variables,
            _ => true,
        }
    }

    /// Whether some arm of `send` changes the request once started: a body or a credential
    /// (`mut builder` unused would warn).
    fn changes_request(&self) -> bool {
        let kinds = self.bodies;
        kinds.json || kinds.form || kinds.text || kinds.bytes || kinds.multipart || self.credentials
    }

    /// Whether `Body::{variant}` and its arm in `send` stay (an unused variant would warn).
    fn sends(&self, variant: &str) -> bool {
        let kinds = self.bodies;
        match variant {
            // Every request starts from `Body::None` (`Request::builder`).
            "None" => kinds.none || !self.builder_steps.is_empty(),
            "Json" => kinds.json,
            "Form" => kinds.form,
            "Text" => kinds.text,
            "Bytes" => kinds.bytes,
            "Multipart" => kinds.multipart,
            other => panic!("templates/runtime/src/client.rs: `Body::{other}` is no body kind"),
        }
    }
}

/// `new` without the values of the fields the client lacks: its last statement is the
/// `Client { .. }` it returns.
fn without_absent_fields(block: &mut syn::Block, parts: &ClientParts) {
    let Some(syn::Stmt::Expr(syn::Expr::Struct(literal), None)) = block.stmts.last_mut() else {
        panic!("templates/runtime/src/client.rs: `Client::new` ends in `Client {{ .. }}`");
    };
    literal.fields = std::mem::take(&mut literal.fields)
        .into_iter()
        .filter(|field| match &field.member {
            syn::Member::Named(name) => parts.holds(name),
            syn::Member::Unnamed(_) => true,
        })
        .collect();
}

/// `send` for the crate: `builder` and `credential` mutable only when some arm changes them, the arms of the
/// body kinds it sends, and the collection's credentials in place of the stand-in ones.
fn send_for(block: &mut syn::Block, parts: &ClientParts) {
    for statement in &mut block.stmts {
        match statement {
            syn::Stmt::Local(local) => {
                let binding = match &mut local.pat {
                    syn::Pat::Ident(binding) => Some(binding),
                    syn::Pat::Type(typed) => match typed.pat.as_mut() {
                        syn::Pat::Ident(binding) => Some(binding),
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(binding) = binding {
                    let changed = match binding.ident.to_string().as_str() {
                        "builder" => parts.changes_request(),
                        "credential" => parts.computes_credentials,
                        _ => true,
                    };
                    if !changed {
                        binding.mutability = None;
                    }
                }
            }
            syn::Stmt::Expr(syn::Expr::Match(matched), _) => match matched_field(&matched.expr) {
                Some("body") => matched.arms.retain(|arm| parts.sends(&variant(&arm.pat))),
                Some("auth") => {
                    let auth_arms = &parts.auth_arms;
                    let printed: syn::ExprMatch = syn::parse_quote! {
                        match request.auth { #auth_arms }
                    };
                    matched.arms = printed.arms;
                }
                _ => {}
            },
            _ => {}
        }
    }
}

/// `body` of `match request.body`.
fn matched_field(scrutinee: &syn::Expr) -> Option<&'static str> {
    let syn::Expr::Field(field) = scrutinee else {
        return None;
    };
    let syn::Member::Named(name) = &field.member else {
        return None;
    };
    ["body", "auth"].into_iter().find(|known| name == known)
}

/// `Json` of the pattern `Body::Json(bytes, content_type)`.
fn variant(pattern: &syn::Pat) -> String {
    let path = match pattern {
        syn::Pat::Path(pattern) => &pattern.path,
        syn::Pat::TupleStruct(pattern) => &pattern.path,
        syn::Pat::Struct(pattern) => &pattern.path,
        other => panic!(
            "templates/runtime/src/client.rs: `match request.body` arm {} names no variant",
            other.into_token_stream()
        ),
    };
    path.segments
        .last()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_client_parses_into_its_parts() {
        let piece = piece();
        assert!(!piece.uses.is_empty());
        assert_eq!(piece.client.ident, "Client");
        // The names `ir/reserved.rs` reads from the same file are this block's.
        let names: Vec<String> = piece
            .methods
            .items
            .iter()
            .filter_map(|item| match item {
                syn::ImplItem::Fn(function) => Some(function.sig.ident.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(names, crate::runtime_source::client_method_names());
    }

    #[test]
    fn every_body_variant_and_arm_of_send_is_a_body_kind() {
        let every = BodyKinds::EVERY;
        let parts = ClientParts {
            credentials: false,
            variables: false,
            setters: TokenStream::new(),
            accessors: TokenStream::new(),
            bodies: &every,
            auth_arms: TokenStream::new(),
            computes_credentials: false,
            builder_steps: &BTreeSet::new(),
        };
        // `sends` panics on a variant it does not know.
        let fixed = fixed_client(&parts);
        let methods = fixed.methods.to_string();
        assert!(methods.contains("Body :: Multipart"), "{methods}");
        assert!(fixed.body.to_string().contains("Multipart"));
        assert!(
            !methods.contains("Auth ::"),
            "stand-in credentials left: {methods}"
        );
    }

    #[test]
    fn the_builder_keeps_the_steps_taken_and_what_they_call() {
        let json_only = BodyKinds {
            json: true,
            ..BodyKinds::default()
        };
        let steps: BTreeSet<&'static str> = ["call", "json", "path"].into_iter().collect();
        let parts = ClientParts {
            credentials: false,
            variables: false,
            setters: TokenStream::new(),
            accessors: TokenStream::new(),
            bodies: &json_only,
            auth_arms: TokenStream::new(),
            computes_credentials: false,
            builder_steps: &steps,
        };
        let fixed = fixed_client(&parts);
        let builder = fixed.builder.to_string();
        for kept in [
            "fn builder",
            "fn call",
            "fn json",
            "fn json_as",
            "fn path",
            "fn fill",
            "fn then",
        ] {
            assert!(builder.contains(kept), "{kept} in {builder}");
        }
        for dropped in [
            "fn text",
            "fn form",
            "fn query",
            "fn variable",
            "fn auth",
            "SegmentPart",
        ] {
            assert!(!builder.contains(dropped), "{dropped} in {builder}");
        }
        // Every request starts from `Body::None`, though none stays without a body.
        assert!(fixed.body.to_string().contains("None"), "{}", fixed.body);

        let no_operations = ClientParts {
            builder_steps: &BTreeSet::new(),
            ..parts
        };
        assert!(fixed_client(&no_operations).builder.is_empty());
    }
}
