//! What a live API sends beyond the saved examples, decoded by the Belvo client as
//! docs/inference.md ("Tolerance") says: each failure the issue that wrote the policy found
//! in Belvo's schema-valid responses, and the limits the policy keeps.

use belvo::invoices::ListAllInvoicesResponse;
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
fn a_null_item_in_a_list_is_skipped_and_the_others_are_kept() {
    let body = br#"{"count":3,"results":[{"status":"valid"},null,{"status":"invalid"}]}"#;

    let ListAllLinksResponse::Ok(page) = ListAllLinksResponse::decode(200, body).unwrap() else {
        panic!("expected Ok");
    };

    let statuses: Vec<_> = page
        .results
        .iter()
        .flatten()
        .map(|link| link.status.as_deref())
        .collect();
    assert_eq!(statuses, [Some("valid"), Some("invalid")]);
    assert_eq!(page.count, Some(3));
}

#[test]
fn a_fraction_where_the_examples_show_an_integer_is_kept() {
    let body = br#"{"count":1,"results":[{"invoice_details":[{"quantity":1.5,"unit_amount":2}]}]}"#;

    let ListAllInvoicesResponse::Ok(page) = ListAllInvoicesResponse::decode(200, body).unwrap()
    else {
        panic!("expected Ok");
    };

    let details = page.results.unwrap()[0].invoice_details.clone().unwrap();
    assert_eq!(details[0].quantity, Some(1.5));
    assert_eq!(details[0].unit_amount, Some(2.0));
}

#[test]
fn a_count_takes_an_integral_float_and_refuses_a_fraction_at_its_path() {
    let ListAllLinksResponse::Ok(page) =
        ListAllLinksResponse::decode(200, br#"{"count":7.0,"results":[]}"#).unwrap()
    else {
        panic!("expected Ok");
    };
    assert_eq!(page.count, Some(7));

    let error = ListAllLinksResponse::decode(200, br#"{"count":7.5}"#).unwrap_err();
    assert_eq!(error.json_path().as_deref(), Some("count"));
    let belvo::Error::Decode { status, body, .. } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!((*status, body.as_slice()), (200, &br#"{"count":7.5}"#[..]));
}

#[test]
fn empty_strings_are_absent_ids_and_dates_and_other_rfc_3339_forms_are_read() {
    let body = br#"{"results":[
        {"id":"","created_at":"","last_accessed_at":"2024-01-02 08:34:05.25+05:30"}
    ]}"#;

    let ListAllLinksResponse::Ok(page) = ListAllLinksResponse::decode(200, body).unwrap() else {
        panic!("expected Ok");
    };

    let link = &page.results.unwrap()[0];
    assert_eq!((link.id, link.created_at), (None, None));
    let accessed = link.last_accessed_at.unwrap();
    assert_eq!(accessed.to_rfc3339(), "2024-01-02T08:34:05.250+05:30");
}

#[test]
fn a_date_time_without_an_offset_is_refused_not_guessed() {
    let body = br#"{"results":[{"created_at":"2024-01-02T03:04:05"}]}"#;

    let error = ListAllLinksResponse::decode(200, body).unwrap_err();

    assert_eq!(error.json_path().as_deref(), Some("results[0].created_at"));
}

#[test]
fn a_whole_null_body_for_a_status_that_shows_an_object_is_an_error() {
    let error = UpdateResponse::decode(200, b"null").unwrap_err();

    assert_eq!(error.json_path().as_deref(), Some("."));
}
