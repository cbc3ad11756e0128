//! How `null`s the examples never show are decoded (docs/inference.md, "Tolerance").

use belvo::links::{ListAllLinksResponse, UpdateResponse};

#[test]
fn a_null_field_where_an_object_was_shown_is_none() {
    let body = br#"{"code":"token_required","token_generation_data":null}"#;

    let decoded = UpdateResponse::decode(428, body).unwrap();

    let UpdateResponse::PreconditionRequired(required) = decoded else {
        panic!("expected PreconditionRequired, got {decoded:?}");
    };
    assert_eq!(required.code.as_deref(), Some("token_required"));
    assert_eq!(required.token_generation_data, None);
}

#[test]
fn a_null_item_in_an_array_is_an_error_at_its_path_not_a_skipped_item() {
    let body = br#"{"count":2,"results":[{"status":"valid"},null]}"#;

    let error = ListAllLinksResponse::decode(200, body).unwrap_err();

    assert_eq!(error.json_path().as_deref(), Some("results[1]"));
    let belvo::Error::Decode {
        status, body: kept, ..
    } = &error
    else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!((*status, kept.as_slice()), (200, &body[..]));
}

#[test]
fn a_whole_null_body_for_a_status_that_shows_an_object_is_an_error() {
    let error = UpdateResponse::decode(200, b"null").unwrap_err();

    assert_eq!(error.json_path().as_deref(), Some("."));
}
