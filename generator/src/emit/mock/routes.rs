//! An operation → the `Route` the mock server finds it by: method, path template and saved
//! examples, as static data.

use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{Operation, PathSegment, SegmentPart};

/// `Route { item_path, method, segments, examples }` of `operation`.
pub fn route(operation: &Operation) -> TokenStream {
    let item_path = &operation.key;
    let method = &operation.http_method;
    let segments = operation.path.segments.iter().map(segment);
    let examples = operation.responses.iter().flat_map(|status| {
        let code = Literal::u16_unsuffixed(status.status);
        status.samples.iter().map(move |sample| {
            let name = &sample.name;
            let content_type = match &sample.content_type {
                Some(content_type) => quote! { Some(#content_type) },
                None => quote! { None },
            };
            let body = raw_string(&sample.body);
            quote! {
                Example {
                    name: #name,
                    status: #code,
                    content_type: #content_type,
                    body: #body,
                }
            }
        })
    });
    let last_page = match operation
        .pagination
        .as_ref()
        .and_then(|p| p.last_page.as_ref())
    {
        Some(body) => {
            let body = raw_string(body);
            quote! { Some(#body) }
        }
        None => quote! { None },
    };
    quote! {
        Route {
            item_path: #item_path,
            method: #method,
            segments: &[ #( #segments ),* ],
            examples: &[ #( #examples ),* ],
            last_page: #last_page,
        }
    }
}

fn segment(segment: &PathSegment) -> TokenStream {
    match segment {
        PathSegment::Literal(text) => quote! { Segment::Literal(#text) },
        PathSegment::Param { ident, .. } => {
            quote! { Segment::Param(#ident) }
        }
        PathSegment::Template { parts, .. } => {
            let parts = parts.iter().map(|part| match part {
                SegmentPart::Text(text) => quote! { Part::Text(#text) },
                SegmentPart::Param { ident, .. } => {
                    quote! { Part::Param(#ident) }
                }
                SegmentPart::Variable(_) => quote! { Part::Variable },
            });
            quote! { Segment::Pattern(&[ #( #parts ),* ]) }
        }
    }
}

/// `text` as a raw string literal (`r#"{"id":1}"#`), so that JSON bodies read as written;
/// as an escaped one when it holds a character that should not stand in source as itself
/// (a control, a zero-width or bidirectional mark: rustc and clippy refuse those in literals).
fn raw_string(text: &str) -> Literal {
    let as_written = |c: char| matches!(c, '"' | '\'' | '\\') || c.escape_debug().len() == 1;
    if !text.chars().all(as_written) {
        return Literal::string(text);
    }
    let hashes = (1..)
        .map(|count| "#".repeat(count))
        .find(|hashes| !text.contains(&format!("\"{hashes}")))
        .unwrap_or_default();
    Literal::from_str(&format!("r{hashes}\"{text}\"{hashes}"))
        .unwrap_or_else(|_| Literal::string(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_become_raw_strings_that_hold_them() {
        assert_eq!(raw_string(r#"{"a":1}"#).to_string(), r##"r#"{"a":1}"#"##);
        assert_eq!(
            raw_string(r##"{"a":"#"}"##).to_string(),
            r###"r##"{"a":"#"}"##"###
        );
        assert_eq!(raw_string("a\rb").to_string(), r#""a\rb""#);
        // U+202E (right-to-left override) and U+200B (zero-width space) are escaped.
        assert_eq!(
            raw_string("a\u{202e}b\u{200b}").to_string(),
            r#""a\u{202e}b\u{200b}""#
        );
    }
}
