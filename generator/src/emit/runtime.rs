//! The fixed runtime of the emitted crate: which pieces a crate needs, and the files made of
//! them.
//!
//! The pieces are real Rust in `templates/runtime/` (a workspace crate that compiles and tests
//! them on their own); they are copied here as text, so their comments and layout reach the
//! output as written. A piece is left out when no operation would use it: unused code in the
//! emitted crate would warn.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Api, Credential, CredentialRef, PathSegment, RequestBody, ResponseBody, StructRole,
};

use super::operations::builder_steps;
use super::types::TypeCrates;

/// What the operations of one crate use, found in one walk over the IR.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RuntimeNeeds {
    /// Some request sends no credential (`Auth::None`).
    pub unauthenticated: bool,
    /// The credential most requests send (`None`: none), which `Auth::default()` is and
    /// requests do not name; the others say theirs.
    pub usual_auth: Option<CredentialRef>,
    /// The methods of the runtime's `RequestBuilder` that some operation calls.
    pub builder_steps: BTreeSet<&'static str>,
    pub bodies: BodyKinds,
    /// Some request has a query struct, a headers struct or a form body: all are sent as
    /// key-value pairs.
    pub pairs: bool,
    /// Some path has an argument, encoded as one segment.
    pub path_arguments: bool,
    /// Some path segment holds a collection variable, or is made of several parts.
    pub path_variables: bool,
    pub json_responses: bool,
    pub text_responses: bool,
    /// Some request is paginated: it has a stream of `Pages`.
    pub pages: bool,
    /// The crates of the types some value has (uuid, chrono).
    pub crates: TypeCrates,
    /// Some operation exists: its response enum gets its methods from `response_enum!`.
    pub response_enums: bool,
    /// Some response body has a struct: `response_struct!` implements its `Deserialize`.
    pub response_structs: bool,
    /// The credentials the client computes for each try, which `src/auth.rs` implements.
    pub computed: ComputedCredentials,
}

/// The kinds of credential the client computes for each try (`TryCredential`) that some
/// request sends.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ComputedCredentials {
    /// OAuth 2.0 tokens fetched and renewed (any grant with a token url, or a provider).
    pub oauth2: bool,
    /// OAuth 1.0a signatures.
    pub oauth1: bool,
    /// HTTP Digest answers.
    pub digest: bool,
    /// JSON Web Tokens.
    pub jwt: bool,
    /// AWS Signature Version 4.
    pub aws: bool,
}

impl ComputedCredentials {
    pub fn any(&self) -> bool {
        self.oauth2 || self.oauth1 || self.digest || self.jwt || self.aws
    }
}

/// The kinds of request body some operation sends.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BodyKinds {
    pub none: bool,
    pub json: bool,
    pub form: bool,
    pub text: bool,
    pub bytes: bool,
    pub multipart: bool,
}

impl BodyKinds {
    /// Every kind, for tests of what each piece does with it.
    #[cfg(test)]
    pub const EVERY: BodyKinds = BodyKinds {
        none: true,
        json: true,
        form: true,
        text: true,
        bytes: true,
        multipart: true,
    };

    /// Some operation sends no body or one without a type (text, bytes, multipart): the
    /// mock server keeps what it received as bytes.
    pub fn untyped(&self) -> bool {
        self.none || self.text || self.bytes || self.multipart
    }
}

impl RuntimeNeeds {
    /// Some operation builds a request: the runtime's `RequestBuilder` and `Auth::default()`
    /// are needed.
    pub fn builds_requests(&self) -> bool {
        !self.builder_steps.is_empty()
    }

    pub fn of(api: &Api) -> RuntimeNeeds {
        let mut needs = RuntimeNeeds::default();
        let mut senders: BTreeMap<Option<CredentialRef>, usize> = BTreeMap::new();
        for operation in api.root.all_operations() {
            needs.response_enums = true;
            needs.unauthenticated |= operation.auth.is_none();
            *senders.entry(operation.auth).or_default() += 1;
            needs.pairs |= operation.query.is_some() || operation.headers.is_some();
            needs.pages |= operation.pagination.is_some();
            match &operation.body {
                None => needs.bodies.none = true,
                Some(RequestBody::Json(..)) => needs.bodies.json = true,
                Some(RequestBody::Form(_)) => {
                    needs.bodies.form = true;
                    needs.pairs = true;
                }
                Some(RequestBody::Text { .. }) => needs.bodies.text = true,
                Some(RequestBody::Binary { .. }) => needs.bodies.bytes = true,
                Some(RequestBody::Multipart { .. }) => needs.bodies.multipart = true,
            }
            for segment in &operation.path.segments {
                needs.path_arguments |= !matches!(segment, PathSegment::Literal(_));
                // `RequestBuilder::variable` and `segment` both read variables.
                needs.path_variables |= matches!(segment, PathSegment::Template { .. });
            }
            for response in &operation.responses {
                needs.json_responses |= matches!(response.body, ResponseBody::Json(_));
                needs.text_responses |= matches!(response.body, ResponseBody::Text);
                if let ResponseBody::Json(ty) = &response.body {
                    needs.crates.note(ty);
                }
            }
            if let Some(RequestBody::Json(ty, _) | RequestBody::Form(ty)) = &operation.body {
                needs.crates.note(ty);
            }
            let params = operation.query.iter().chain(operation.headers.iter());
            for field in params.flat_map(|params| &params.fields) {
                needs.crates.note(&field.ty);
            }
        }
        needs.usual_auth = usual_auth(senders);
        for slot in &api.credentials {
            match slot.credential {
                Credential::OAuth2(_) => needs.computed.oauth2 = true,
                Credential::OAuth1(_) => needs.computed.oauth1 = true,
                Credential::Digest => needs.computed.digest = true,
                Credential::Jwt(_) => needs.computed.jwt = true,
                Credential::AwsV4(_) => needs.computed.aws = true,
                Credential::Basic | Credential::Bearer | Credential::ApiKey { .. } => {}
            }
        }
        needs.builder_steps = builder_steps(api, needs.usual_auth);
        for def in &api.types.structs {
            needs.response_structs |= def.role == StructRole::Response && def.alias_of.is_none();
            for field in &def.fields {
                needs.crates.note(&field.ty);
            }
        }
        needs
    }
}

/// The credential most operations send, given how many send each: the first of the
/// crate's `Auth` variants among equals (`None` before the credentials, as `Auth` lists it).
fn usual_auth(senders: BTreeMap<Option<CredentialRef>, usize>) -> Option<CredentialRef> {
    let most = senders.values().copied().max().unwrap_or_default();
    senders
        .into_iter()
        .find(|(_, count)| *count == most)
        .and_then(|(auth, _)| auth)
}

/// `src/error.rs`, as written.
pub const ERROR_MODULE: &str = include_str!("../../../templates/runtime/src/error.rs");

/// `src/http/trace.rs`, as written: what calls tell `tracing` (the `tracing` feature), a
/// module of `src/http.rs` rather than one of its pieces because it has a variant for each side
/// of the feature.
pub const TRACE_MODULE: &str = include_str!("../../../templates/runtime/src/http/trace.rs");

/// One file of `templates/runtime/src/http/` or `templates/runtime/src/mock/mock_server/`.
struct Piece {
    source: &'static str,
}

macro_rules! piece {
    ($file:literal) => {
        Piece {
            source: include_str!(concat!("../../../templates/runtime/src/http/", $file)),
        }
    };
}

macro_rules! tolerant_piece {
    ($file:literal) => {
        Piece {
            source: include_str!(concat!("../../../templates/runtime/src/tolerant/", $file)),
        }
    };
}

macro_rules! auth_piece {
    ($file:literal) => {
        Piece {
            source: include_str!(concat!("../../../templates/runtime/src/auth/", $file)),
        }
    };
}

macro_rules! mock_piece {
    ($file:literal) => {
        Piece {
            source: include_str!(concat!(
                "../../../templates/runtime/src/mock/mock_server/",
                $file
            )),
        }
    };
}

/// `src/http.rs`: the pieces `needs` calls for, their `use` lines gathered first.
pub fn http_module(needs: &RuntimeNeeds) -> String {
    let pieces = [
        (true, piece!("response.rs")),
        (true, piece!("request.rs")),
        (true, piece!("default_client.rs")),
        (true, piece!("retry.rs")),
        (true, piece!("send.rs")),
        (true, piece!("call.rs")),
        (needs.response_enums, piece!("response_enum.rs")),
        (needs.pages, piece!("pages.rs")),
        (needs.pairs, piece!("pairs.rs")),
        (needs.bodies.json, piece!("json_body.rs")),
        (needs.pairs || needs.bodies.json, piece!("whole_numbers.rs")),
        (needs.path_arguments, piece!("path_segment.rs")),
        (needs.path_variables, piece!("path_variable.rs")),
        (needs.json_responses, piece!("decode_json.rs")),
        (needs.text_responses, piece!("decode_text.rs")),
    ];
    joined(
        "//! Encoding requests and decoding responses: the plumbing every operation shares.\n\n\
         mod trace;\n\npub(crate) use trace::{CallSpan, TrySpan};\n",
        &pieces,
        "use crate::http::",
    )
}

/// `src/tolerant.rs`: how response values decode beyond what the examples show (the rules of
/// docs/inference.md, "Tolerance"), for the types this crate has.
pub fn tolerant_module(needs: &RuntimeNeeds) -> String {
    let dated = needs.crates.uuid || needs.crates.chrono;
    let pieces = [
        (true, tolerant_piece!("rules.rs")),
        (needs.response_structs, tolerant_piece!("structs.rs")),
        (dated, tolerant_piece!("non_empty.rs")),
        (needs.crates.uuid, tolerant_piece!("uuids.rs")),
        (needs.crates.chrono, tolerant_piece!("dates.rs")),
    ];
    joined(
        "//! Decoding response values by the rules that make a live API's responses fit types\n\
         //! inferred from a few examples: null list items skipped, integral floats read as\n\
         //! integers, empty strings read as absent uuids and dates. Nothing that carries data is\n\
         //! dropped; what does not fit is an `Error::Decode` naming its JSON path.\n\n",
        &pieces,
        "use crate::tolerant::",
    )
}

/// `src/auth.rs`: the credentials the client computes for each try, those some request sends.
pub fn auth_module(needs: &RuntimeNeeds) -> String {
    let computed = needs.computed;
    let pieces = [
        (computed.oauth2, auth_piece!("oauth2.rs")),
        (computed.oauth2, auth_piece!("oauth2_credential.rs")),
        (computed.oauth2, auth_piece!("oauth2_endpoint.rs")),
        (computed.oauth2, auth_piece!("oauth2_provider.rs")),
        (computed.oauth2, auth_piece!("oauth2_refresh.rs")),
        (computed.oauth1, auth_piece!("oauth1.rs")),
        (computed.digest, auth_piece!("digest.rs")),
        (computed.jwt, auth_piece!("jwt.rs")),
        (computed.aws, auth_piece!("aws_sigv4.rs")),
    ];
    // Unlike `http.rs`, whose pieces each serve a kind of operation, a scheme's pieces are
    // whole however few of its settings the collection picks (one grant, one signature
    // method); they are linted and tested in `templates/runtime/`.
    joined(
        "//! Credentials the client computes for each try of a request rather than being given:\n\
         //! signatures, answers to a server's challenge, tokens it fetches and renews. Each is\n\
         //! applied after every other header is final, and again on every retry.\n\n\
         // The collection picks the settings (a grant, a signature method): the others stay.\n\
         #![allow(dead_code)]\n\n",
        &pieces,
        "use crate::auth::",
    )
}

/// `src/mock/mock_server.rs` (the `mock` feature): the server, its stubs and what it
/// received, with the request body decoders the crate's stubs use.
pub fn mock_server_module(needs: &RuntimeNeeds) -> String {
    let pieces = [
        (true, mock_piece!("server.rs")),
        (true, mock_piece!("route.rs")),
        (true, mock_piece!("stub.rs")),
        (true, mock_piece!("reply.rs")),
        (true, mock_piece!("received.rs")),
        (needs.bodies.json, mock_piece!("json_request.rs")),
        (needs.bodies.form, mock_piece!("form_request.rs")),
        (needs.bodies.untyped(), mock_piece!("raw_request.rs")),
    ];
    joined(
        "//! The mock server: routing, stubs and the requests received. The same in every crate;\n\
         //! what the collection decides (the routes, the typed stubs) is in the modules around it.\n\n",
        &pieces,
        "use crate::mock::mock_server::",
    )
}

/// The needed pieces as one module after `docs`: their `use` lines gathered first, uses of
/// each other (`sibling_uses`, a path prefix) dropped.
fn joined(docs: &str, pieces: &[(bool, Piece)], sibling_uses: &str) -> String {
    let mut uses = Vec::new();
    let mut bodies = Vec::new();
    for (_, piece) in pieces.iter().filter(|(needed, _)| *needed) {
        let (piece_uses, body) = split_uses(piece.source, sibling_uses);
        uses.extend(piece_uses);
        bodies.push(body);
    }
    let mut out = String::from(docs);
    let uses = merged_uses(&uses);
    for line in &uses {
        out.push_str(line);
        out.push('\n');
    }
    if !uses.is_empty() {
        out.push('\n');
    }
    out.push_str(&bodies.join("\n"));
    out
}

/// `use` statements of several pieces as one per path, each name once: two pieces may both
/// import `crate::client::Client`, one alone and one in a group.
fn merged_uses(statements: &[&str]) -> Vec<String> {
    let mut by_path: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for statement in statements {
        let flat: String = statement.split_whitespace().collect::<Vec<_>>().join(" ");
        let path = flat.trim_start_matches("use ").trim_end_matches(';');
        let (prefix, names) = match path.split_once("::{") {
            Some((prefix, group)) => (prefix, group.trim_end_matches('}')),
            None => path.rsplit_once("::").unwrap_or(("", path)),
        };
        let names = names
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty());
        by_path
            .entry(prefix.to_string())
            .or_default()
            .extend(names.map(str::to_string));
    }
    by_path
        .into_iter()
        .map(|(prefix, names)| {
            let names: Vec<String> = names.into_iter().collect();
            match names.as_slice() {
                [one] => format!("use {prefix}::{one};"),
                _ => format!("use {prefix}::{{{}}};", names.join(", ")),
            }
        })
        .collect()
}

/// A piece's leading `use` statements (as rustfmt wrote them, on one line or several) and the
/// rest. Uses of sibling pieces (starting with `sibling_uses`, `use crate::http::`) are
/// dropped: joined into one module, the siblings are in scope already.
fn split_uses<'a>(source: &'a str, sibling_uses: &str) -> (Vec<&'a str>, &'a str) {
    let mut uses = Vec::new();
    let mut rest = source.trim_start();
    while rest.starts_with("use ") {
        let Some(end) = rest.find(";\n") else { break };
        let statement = &rest[..=end];
        if !statement.starts_with(sibling_uses) {
            uses.push(statement);
        }
        rest = rest[end + 2..].trim_start();
    }
    (uses, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_use_of_every_piece_lands_at_the_top() {
        let everything = RuntimeNeeds {
            unauthenticated: true,
            bodies: BodyKinds::EVERY,
            pairs: true,
            path_arguments: true,
            path_variables: true,
            json_responses: true,
            text_responses: true,
            pages: true,
            crates: TypeCrates {
                uuid: true,
                chrono: true,
            },
            response_structs: true,
            response_enums: true,
            ..RuntimeNeeds::default()
        };
        let module = http_module(&everything);
        let after_uses = module
            .lines()
            .skip_while(|line| !line.starts_with("use "))
            .skip_while(|line| line.starts_with("use "))
            .collect::<Vec<_>>()
            .join("\n");
        // A `use` below an item would be left in the middle.
        assert!(!after_uses.contains("\nuse "), "{module}");
        assert!(!module.contains("use crate::http::"), "{module}");
        for gathered in ["\nuse crate::Error;\n", "\nuse percent_encoding::"] {
            assert!(
                module.contains(gathered),
                "{gathered} missing from {module}"
            );
        }
        // Two pieces importing one name in different groupings would not compile.
        let file = syn::parse_file(&module).unwrap();
        let mut imported = Vec::new();
        for item in &file.items {
            if let syn::Item::Use(item) = item {
                crate::record::runtime_api::leaves(&item.tree, &mut imported);
            }
        }
        let unique = imported.iter().collect::<std::collections::BTreeSet<_>>();
        assert_eq!(unique.len(), imported.len(), "{imported:?}");
    }

    #[test]
    fn unused_pieces_are_left_out() {
        let module = http_module(&RuntimeNeeds::default());
        assert!(module.contains("pub struct UndocumentedResponse"));
        assert!(module.contains("fn header_value("));
        for absent in [
            "fn pairs",
            "fn json_body",
            "fn path_segment",
            "fn variable",
            "fn decode_",
        ] {
            assert!(!module.contains(absent), "{absent} in {module}");
        }
        assert!(!module.contains("percent_encoding"));
    }
}
