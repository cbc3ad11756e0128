//! Retries and rate limits: the emitted Belvo client against wiremock on 127.0.0.1.
//!
//! The client waits 1 ms between tries it times itself (`with_retry_backoff`); a wait the
//! server asks for with `Retry-After` is waited in full.

use std::time::{Duration, Instant};

use belvo::links::{
    ListAllLinksQuery, ListAllLinksResponse, RegisterNewLinkQuery, RegisterNewLinkRequest,
    RegisterNewLinkResponse, UpdateRequest, UpdateResponse,
};
use belvo::Client;
use serde_json::json;
mod common;

use common::server_answering_first;
use wiremock::{MockServer, ResponseTemplate};

/// A client for `server` that retries after 1 ms when the server does not say.
fn quick_client(server: &MockServer) -> Client {
    Client::new(server.uri())
        .with_basic_auth("id", "secret")
        .with_retry_backoff(Duration::from_millis(1), Duration::from_millis(4))
}

fn page() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "count": 0, "next": null, "previous": null, "results": []
    }))
}

fn errors() -> ResponseTemplate {
    ResponseTemplate::new(500).set_body_json(json!([{
        "code": "unexpected_error", "message": "Belvo is unavailable", "request_id": "r-9"
    }]))
}

async fn list_links(client: Client) -> Result<ListAllLinksResponse, belvo::Error> {
    client
        .links()
        .list_all_links(&ListAllLinksQuery::default())
        .await
}

async fn register_link(client: Client) -> RegisterNewLinkResponse {
    client
        .links()
        .register_new_link(
            &RegisterNewLinkQuery::default(),
            &RegisterNewLinkRequest::default(),
        )
        .await
        .unwrap()
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_429_is_retried_after_the_wait_the_server_asks_for() {
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "1");
    let server = server_answering_first(1, limited, page()).await;
    let started = Instant::now();

    let response = list_links(quick_client(&server)).await.unwrap();

    assert!(
        matches!(response, ListAllLinksResponse::Ok(_)),
        "{response:?}"
    );
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_503_twice_then_a_page_returns_the_page() {
    let server = server_answering_first(2, ResponseTemplate::new(503), page()).await;

    let response = list_links(quick_client(&server)).await.unwrap();

    assert!(
        matches!(response, ListAllLinksResponse::Ok(_)),
        "{response:?}"
    );
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn retries_run_out_into_the_documented_variant() {
    let server = server_answering_first(u64::MAX, errors(), page()).await;

    let response = quick_client(&server)
        .links()
        .update("link-1", &UpdateRequest::default())
        .await
        .unwrap();

    let UpdateResponse::InternalServerError(errors) = response else {
        panic!("not the documented 500: {response:?}");
    };
    assert_eq!(errors[0].request_id.as_deref(), Some("r-9"));
    assert_eq!(received(&server).await, 3, "one try and two retries");
}

#[tokio::test]
async fn a_post_answered_500_is_sent_once() {
    let server = server_answering_first(1, errors(), page()).await;

    let response = register_link(quick_client(&server)).await;

    assert!(
        matches!(response, RegisterNewLinkResponse::InternalServerError(_)),
        "{response:?}"
    );
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_post_answered_503_is_retried_the_server_did_not_act() {
    let server = server_answering_first(1, ResponseTemplate::new(503), page()).await;

    let response = register_link(quick_client(&server)).await;

    // The catch-all answers 200 with a page, which the 201-only operation keeps as is.
    assert_eq!(response.status(), 200);
    assert_eq!(received(&server).await, 2);
    let bodies = server.received_requests().await.unwrap();
    assert_eq!(bodies[0].body, bodies[1].body, "the same body both times");
}

#[tokio::test]
async fn no_retries_sends_once() {
    let server = server_answering_first(1, ResponseTemplate::new(503), page()).await;

    let response = list_links(quick_client(&server).with_max_retries(0))
        .await
        .unwrap();

    let ListAllLinksResponse::Undocumented(undocumented) = response else {
        panic!("a 503 decoded as documented: {response:?}");
    };
    assert_eq!(undocumented.status, 503);
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_wait_longer_than_a_minute_is_not_waited_for() {
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "3600");
    let server = server_answering_first(1, limited, page()).await;

    let response = list_links(quick_client(&server)).await.unwrap();

    let ListAllLinksResponse::Undocumented(undocumented) = response else {
        panic!("a 429 decoded as documented: {response:?}");
    };
    assert_eq!(undocumented.headers["retry-after"], "3600");
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_slow_server_is_a_timeout_and_not_retried() {
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(5));
    let server = server_answering_first(u64::MAX, slow, page()).await;

    let outcome = list_links(quick_client(&server).with_timeout(Duration::from_millis(200))).await;

    let Err(error) = outcome else {
        panic!("a 5 s answer beat a 200 ms timeout");
    };
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(received(&server).await, 1);
}
