//! Property tests (the fuzz harness that runs in `cargo test`): arbitrary bytes and arbitrary
//! well-typed collections go through parse → lower → infer → emit without a panic, and every
//! well-typed collection generates (the emitted Rust always parses).
//!
//! `cargo test` runs a small number of cases; a long run sets `PROPTEST_CASES`, e.g.
//! `PROPTEST_CASES=200000 cargo test -p generator --release --test fuzz`.
//! Inputs that ever failed are kept in `fuzz.proptest-regressions` and replayed first.

mod support;

use std::path::Path;

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use support::naming_lints::{declared_identifiers, is_camel_case, is_snake_case, Style};

/// Names and strings that are hard for a code generator.
const ODD_TEXT: &[&str] = &[
    "",
    " ",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "fn",
    "new",
    "default",
    "with_api_key",
    "123",
    "1st",
    "🙂",
    "ação",
    "a-b",
    "A_B",
    "a b",
    "@odata.type",
    "$ref",
    "Content-Type",
    "*/",
    "\"#",
    "\u{0}",
    "`code`",
    "<b>html</b>",
    "```\nfn main() {}\n```",
    "    indented",
    "- list\nlazy",
    "lib",
    "main",
    "client",
    "types",
    "error",
    "Ok",
    "Option",
    "String",
    "Vec",
    "Result",
    "Error",
    "Value",
    "{{var}}",
    "{{a}}.{{b}}",
    ":id",
    "..",
    ".",
    "x/y",
    "%2F",
    "<uuid>",
    "<integer>",
    "<dateTime>",
];

fn odd_text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => proptest::sample::select(ODD_TEXT).prop_map(str::to_string),
        1 => "\\PC{0,12}",
    ]
}

fn json_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(Value::from),
        odd_text().prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_scalar().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((odd_text(), inner), 0..5)
                .prop_map(|fields| Value::Object(fields.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn url() -> impl Strategy<Value = Value> {
    let segment = odd_text();
    prop_oneof![
        prop::collection::vec(segment.clone(), 0..4)
            .prop_map(|segments| Value::from(format!("{{{{baseUrl}}}}/{}", segments.join("/")))),
        (prop::collection::vec(segment.clone(), 0..4), prop::collection::vec((segment, any::<bool>()), 0..3))
            .prop_map(|(path, query)| {
                json!({
                    "host": ["{{baseUrl}}"],
                    "path": path,
                    "query": query.into_iter().map(|(key, disabled)| json!({"key": key, "value": "<integer>", "disabled": disabled})).collect::<Vec<_>>(),
                })
            }),
    ]
}

fn auth() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!({"type": "noauth"})),
        Just(json!({"type": "basic", "basic": [{"key": "username", "value": "u"}]})),
        Just(json!({"type": "bearer", "bearer": {"token": "{{t}}"}})),
        odd_text().prop_map(|key| json!({"type": "apikey", "apikey": [{"key": "key", "value": key}, {"key": "in", "value": "query"}]})),
        Just(json!({"type": "hawk", "hawk": []})),
    ]
}

fn body() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        json_value().prop_map(|value| json!({"mode": "raw", "raw": value.to_string()})),
        odd_text().prop_map(|raw| json!({"mode": "raw", "raw": raw})),
        prop::collection::vec((odd_text(), any::<bool>()), 0..4).prop_map(|fields| {
            json!({"mode": "urlencoded", "urlencoded": fields.into_iter().map(|(key, disabled)| json!({"key": key, "value": "<string>", "disabled": disabled})).collect::<Vec<_>>()})
        }),
        Just(json!({"mode": "formdata", "formdata": [{"key": "file", "type": "file", "src": "a"}]})),
        Just(json!({"mode": "file", "file": {"src": "a"}})),
        json_value().prop_map(|variables| json!({"mode": "graphql", "graphql": {"query": "{ a }", "variables": variables}})),
    ]
}

fn response() -> impl Strategy<Value = Value> {
    (
        prop_oneof![Just(None), (100u16..600).prop_map(Some)],
        odd_text(),
        prop_oneof![json_value().prop_map(|v| v.to_string()), odd_text()],
        any::<bool>(),
    )
        .prop_map(|(code, name, body, is_json)| {
            let content_type = if is_json { "application/json" } else { "text/plain" };
            json!({"name": name, "code": code, "status": "", "header": [{"key": "Content-Type", "value": content_type}], "body": body})
        })
}

fn request_item() -> impl Strategy<Value = Value> {
    (
        odd_text(),
        proptest::sample::select(&["GET", "post", "PUT", "PURGE", "", "bad method"][..]),
        url(),
        auth(),
        body(),
        prop::collection::vec(response(), 0..4),
        prop::collection::vec((odd_text(), odd_text()), 0..3),
    )
        .prop_map(|(name, method, url, auth, body, responses, headers)| {
            json!({
                "name": name,
                "request": {
                    "method": method,
                    "url": url,
                    "auth": auth,
                    "body": body,
                    "header": headers.into_iter().map(|(key, value)| json!({"key": key, "value": value})).collect::<Vec<_>>(),
                    "description": name,
                },
                "response": responses,
            })
        })
}

fn items() -> impl Strategy<Value = Vec<Value>> {
    let leaf = prop::collection::vec(request_item(), 0..4);
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop::collection::vec(
            prop_oneof![
                request_item(),
                (odd_text(), inner, auth()).prop_map(
                    |(name, item, auth)| json!({"name": name, "item": item, "auth": auth})
                ),
            ],
            0..4,
        )
    })
}

fn collection() -> impl Strategy<Value = Value> {
    (odd_text(), items(), auth(), odd_text()).prop_map(|(name, item, auth, base)| {
        json!({
            "info": {"name": name, "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json", "description": name},
            "variable": [{"key": "baseUrl", "value": format!("https://example.test/{base}")}],
            "auth": auth,
            "item": item,
        })
    })
}

#[test]
fn the_naming_predicates_follow_rustc() {
    for good in ["links", "type_", "_x", "field_123", "a1_b2"] {
        assert!(is_snake_case(good), "{good}");
    }
    for bad in ["Links", "a__b", "getUser"] {
        assert!(!is_snake_case(bad), "{bad}");
    }
    for good in ["UpdateOk", "Self_", "Type2fa", "A1_2"] {
        assert!(is_camel_case(good), "{good}");
    }
    for bad in ["updateOk", "Self_Api", "A__B", "Get_user"] {
        assert!(!is_camel_case(bad), "{bad}");
    }
}

/// Identifiers of the emitted Rust files that a naming lint would reject.
fn lint_failures(files: &[generator::EmittedFile]) -> Vec<String> {
    let mut failures = Vec::new();
    for file in files.iter().filter(|file| file.path.ends_with(".rs")) {
        let Ok(parsed) = syn::parse_file(&file.contents) else {
            failures.push(format!(
                "{}: does not parse: {:?}",
                file.path,
                syn::parse_file(&file.contents).err()
            ));
            continue;
        };
        for (ident, style) in declared_identifiers(&parsed) {
            let ok = match style {
                Style::Snake => is_snake_case(&ident),
                Style::Camel => is_camel_case(&ident),
            };
            if !ok {
                failures.push(format!("{}: `{ident}` is not {style:?} case", file.path));
            }
        }
    }
    failures
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = generator::generate_files(&bytes, Path::new("fuzz.json"), "fuzzed");
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        let _ = generator::generate_files(value.to_string().as_bytes(), Path::new("fuzz.json"), "fuzzed");
    }

    #[test]
    fn well_typed_collections_always_generate(collection in collection()) {
        let bytes = collection.to_string();
        let result = generator::generate_files(bytes.as_bytes(), Path::new("fuzz.json"), "fuzzed");
        prop_assert!(result.is_ok(), "{:?}\ninput: {}", result.err(), bytes);
    }

    /// Whatever the names in the collection, every identifier the crate declares passes
    /// rustc's naming lints (which `clippy -D warnings` turns into errors).
    #[test]
    fn every_emitted_identifier_passes_the_naming_lints(collection in collection()) {
        let bytes = collection.to_string();
        let (files, _) = generator::generate_files(bytes.as_bytes(), Path::new("fuzz.json"), "fuzzed")
            .map_err(|err| TestCaseError::fail(format!("{err}\ninput: {bytes}")))?;
        let failures = lint_failures(&files);
        prop_assert!(failures.is_empty(), "{failures:#?}\ninput: {bytes}");
    }

    /// Regenerating after its own output changes nothing: the names read back from the
    /// record are the names it was written with, for any collection.
    #[test]
    fn regenerating_after_the_own_output_is_a_fixed_point(collection in collection()) {
        let bytes = collection.to_string();
        let path = Path::new("fuzz.json");
        let (first, _) = generator::generate_files(bytes.as_bytes(), path, "fuzzed")
            .map_err(|err| TestCaseError::fail(format!("{err}\ninput: {bytes}")))?;
        let text = |name: &str| first.iter().find(|file| file.path == name).map(|file| file.contents.clone());
        let record_text = text("api.json").unwrap_or_default();
        let record = generator::record::file::parse_record(record_text.as_bytes(), Path::new("api.json"))
            .map_err(|err| TestCaseError::fail(format!("{err}\ninput: {bytes}")))?;
        let previous = generator::PreviousOutput { record: Some(record), changelog: text("CHANGELOG.md") };
        let (second, report) = generator::generate_after(
            bytes.as_bytes(),
            path,
            &generator::Generation::new("fuzzed"),
            &previous,
        )
        .map_err(|err| TestCaseError::fail(format!("{err}\ninput: {bytes}")))?;
        prop_assert!(report.release.changes.is_empty(), "{:?}\ninput: {}", report.release.changes, bytes);
        prop_assert!(first == second, "the regeneration differs\ninput: {}", bytes);
    }
}
