//! Per-call settings and response metadata: what `.timeout`, `.max_retries`, `.header` and
//! `.with_meta` on one call do, against wiremock on 127.0.0.1.

use std::time::Duration;

use belvo::links::{
    ListAllLinksQuery, ListAllLinksResponse, RegisterNewLinkQuery, RegisterNewLinkRequest,
};
mod common;

use belvo::Client;
use common::{server_answering, server_answering_first};
use serde_json::json;
use wiremock::ResponseTemplate;

fn page() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "count": 1, "next": null, "previous": null, "results": [{"id": "5c2b6b1e-7c1a-4a5b-9a4e-0e8f2a1b3c4d"}]
    }))
}

fn query() -> ListAllLinksQuery {
    ListAllLinksQuery::default()
}

#[tokio::test]
async fn with_meta_gives_the_documented_variant_with_status_headers_and_request_id() {
    let template = page()
        .insert_header("x-request-id", "req-42")
        .insert_header("x-ratelimit-remaining", "79");
    let server = server_answering(template).await;

    let response = Client::new(server.uri())
        .links()
        .list_all_links(&query())
        .with_meta()
        .await
        .unwrap();

    let ListAllLinksResponse::Ok(page) = &response.value else {
        panic!("not the documented 200: {response:?}");
    };
    let results = page.results.as_deref().unwrap_or_default();
    let id = results[0].id.map(|id| id.to_string());
    assert_eq!(id.as_deref(), Some("5c2b6b1e-7c1a-4a5b-9a4e-0e8f2a1b3c4d"));
    assert_eq!(response.status, 200);
    assert_eq!(response.request_id(), Some("req-42"));
    assert_eq!(response.header("x-ratelimit-remaining"), Some("79"));
    assert_eq!(response.retries, 0);
}

#[tokio::test]
async fn with_meta_counts_the_retries_before_the_response() {
    let server = server_answering_first(1, ResponseTemplate::new(503), page()).await;

    let response = Client::new(server.uri())
        .with_retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
        .links()
        .list_all_links(&query())
        .with_meta()
        .await
        .unwrap();

    assert_eq!(response.status, 200);
    assert_eq!(response.retries, 1);
}

#[tokio::test]
async fn a_header_of_one_call_is_sent_in_place_of_the_operations_own() {
    let server = server_answering(ResponseTemplate::new(201).set_body_json(json!({}))).await;
    let client = Client::new(server.uri());

    client
        .links()
        .register_new_link(
            &RegisterNewLinkQuery::default(),
            &RegisterNewLinkRequest::default(),
        )
        .header("accept", "application/vnd.belvo+json")
        .header("idempotency-key", "key-1")
        .await
        .unwrap();
    client.links().list_all_links(&query()).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let accepts: Vec<_> = requests[0].headers.get_all("accept").iter().collect();
    assert_eq!(accepts, ["application/vnd.belvo+json"]);
    assert_eq!(requests[0].headers["idempotency-key"], "key-1");
    assert!(
        !requests[1].headers.contains_key("idempotency-key"),
        "a call's header reached the next call"
    );
}

#[tokio::test]
async fn an_invalid_header_of_one_call_fails_without_sending() {
    let server = server_answering(page()).await;

    let outcome = Client::new(server.uri())
        .links()
        .list_all_links(&query())
        .header("x-note", "two\r\nlines")
        .await;

    assert!(
        matches!(outcome, Err(belvo::Error::InvalidHeader { ref name }) if name == "x-note"),
        "{outcome:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_timeout_of_one_call_stands_over_the_clients() {
    let server = server_answering(page().set_delay(Duration::from_secs(5))).await;

    let outcome = Client::new(server.uri())
        .links()
        .list_all_links(&query())
        .timeout(Duration::from_millis(200))
        .await;

    let Err(error) = outcome else {
        panic!("a 5 s answer beat a 200 ms timeout");
    };
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn max_retries_of_one_call_stands_over_the_clients() {
    let server = server_answering(ResponseTemplate::new(503)).await;

    let response = Client::new(server.uri())
        .with_max_retries(5)
        .links()
        .list_all_links(&query())
        .max_retries(0)
        .await
        .unwrap();

    assert_eq!(response.status(), 503);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
