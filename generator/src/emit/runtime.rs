//! The fixed runtime of the emitted crate: which pieces a crate needs, and the files made of
//! them.
//!
//! The pieces are real Rust in `templates/runtime/` (a workspace crate that compiles and tests
//! them on their own); they are copied here as text, so their comments and layout reach the
//! output as written. A piece is left out when no operation would use it: unused code in the
//! emitted crate would warn.

use crate::ir::{Api, PathSegment, RequestBody, ResponseBody, SegmentPart};

use super::scaffold::visit_modules;

/// What the operations of one crate use, found in one walk over the IR.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeNeeds {
    /// Some request sends no credential (`Auth::None`).
    pub unauthenticated: bool,
    pub bodies: BodyKinds,
    /// Some request has a query struct (or a form body): both are sent as key-value pairs.
    pub pairs: bool,
    /// Some path has an argument, encoded as one segment.
    pub path_arguments: bool,
    /// Some path segment holds a collection variable.
    pub path_variables: bool,
    pub json_responses: bool,
    pub text_responses: bool,
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

impl RuntimeNeeds {
    pub fn of(api: &Api) -> RuntimeNeeds {
        let mut needs = RuntimeNeeds::default();
        visit_modules(&api.root, &mut |module| {
            for operation in &module.operations {
                needs.unauthenticated |= operation.auth.is_none();
                needs.pairs |= operation.query.is_some();
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
                    needs.path_variables |= matches!(segment, PathSegment::Template { parts, .. }
                        if parts.iter().any(|part| matches!(part, SegmentPart::Variable(_))));
                }
                for response in &operation.responses {
                    needs.json_responses |= matches!(response.body, ResponseBody::Json(_));
                    needs.text_responses |= matches!(response.body, ResponseBody::Text);
                }
            }
        });
        needs
    }
}

/// `src/error.rs`, as written.
pub const ERROR_MODULE: &str = include_str!("../../../templates/runtime/src/error.rs");

/// One file of `templates/runtime/src/http/`.
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

/// `src/http.rs`: the pieces `needs` calls for, their `use` lines gathered first.
pub fn http_module(needs: &RuntimeNeeds) -> String {
    let pieces = [
        (true, piece!("response.rs")),
        (true, piece!("request.rs")),
        (true, piece!("default_client.rs")),
        (true, piece!("retry.rs")),
        (true, piece!("send.rs")),
        (true, piece!("call.rs")),
        (needs.pairs, piece!("pairs.rs")),
        (needs.bodies.json, piece!("json_body.rs")),
        (needs.path_arguments, piece!("path_segment.rs")),
        (needs.path_variables, piece!("path_variable.rs")),
        (needs.json_responses, piece!("decode_json.rs")),
        (needs.text_responses, piece!("decode_text.rs")),
    ];
    let mut uses = Vec::new();
    let mut bodies = Vec::new();
    for (_, piece) in pieces.iter().filter(|(needed, _)| *needed) {
        let (piece_uses, body) = split_uses(piece.source);
        uses.extend(piece_uses);
        bodies.push(body);
    }
    uses.sort_unstable();
    uses.dedup();
    let mut out = String::from(
        "//! Encoding requests and decoding responses: the plumbing every operation shares.\n\n",
    );
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

/// A piece's leading `use` statements (as rustfmt wrote them, on one line or several) and the
/// rest. Uses of sibling pieces (`crate::http::…`) are dropped: joined into one module, the
/// siblings are in scope already.
fn split_uses(source: &str) -> (Vec<&str>, &str) {
    let mut uses = Vec::new();
    let mut rest = source.trim_start();
    while rest.starts_with("use ") {
        let Some(end) = rest.find(";\n") else { break };
        let statement = &rest[..=end];
        if !statement.starts_with("use crate::http::") {
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
            bodies: BodyKinds {
                none: true,
                json: true,
                form: true,
                text: true,
                bytes: true,
                multipart: true,
            },
            pairs: true,
            path_arguments: true,
            path_variables: true,
            json_responses: true,
            text_responses: true,
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
                leaves(&item.tree, &mut imported);
            }
        }
        let unique = imported.iter().collect::<std::collections::BTreeSet<_>>();
        assert_eq!(unique.len(), imported.len(), "{imported:?}");
    }

    /// The names a `use` brings into scope.
    fn leaves(tree: &syn::UseTree, out: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(path) => leaves(&path.tree, out),
            syn::UseTree::Name(name) => out.push(name.ident.to_string()),
            syn::UseTree::Rename(rename) => out.push(rename.rename.to_string()),
            syn::UseTree::Glob(_) => out.push("*".into()),
            syn::UseTree::Group(group) => group.items.iter().for_each(|tree| leaves(tree, out)),
        }
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
