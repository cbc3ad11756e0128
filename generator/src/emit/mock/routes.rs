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
                crate::mock::mock_server::Example {
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
        crate::mock::mock_server::Route {
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
        PathSegment::Literal(text) => quote! { crate::mock::mock_server::Segment::Literal(#text) },
        PathSegment::Param { ident, .. } => {
            quote! { crate::mock::mock_server::Segment::Param(#ident) }
        }
        PathSegment::Template { parts, .. } => {
            let parts = parts.iter().map(|part| match part {
                SegmentPart::Text(text) => quote! { crate::mock::mock_server::Part::Text(#text) },
                SegmentPart::Param { ident, .. } => {
                    quote! { crate::mock::mock_server::Part::Param(#ident) }
                }
                SegmentPart::Variable(_) => quote! { crate::mock::mock_server::Part::Variable },
            });
            quote! { crate::mock::mock_server::Segment::Pattern(&[ #( #parts ),* ]) }
        }
    }
}

/// `text` as a raw string literal (`r#"{"id":1}"#`), so that JSON bodies read as written.
fn raw_string(text: &str) -> Literal {
    let hashes = (1..)
        .map(|count| "#".repeat(count))
        .find(|hashes| !text.contains(&format!("\"{hashes}")))
        .unwrap_or_default();
    let literal = format!("r{hashes}\"{text}\"{hashes}");
    // A raw string holds any text once its closing sequence does not occur in it; a NUL or
    // a lone `\r` still would not lex, so those fall back to an escaped string.
    match text.contains(['\0', '\r']) {
        true => Literal::string(text),
        false => Literal::from_str(&literal).unwrap_or_else(|_| Literal::string(text)),
    }
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
    }
}
