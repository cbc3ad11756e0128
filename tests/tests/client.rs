//! Client-wide behaviour: base urls, query structs, credentials, defaults.

use belvo::links::{ListAllLinksQuery, ListAllLinksResponse, UpdateRequest};
mod common;

use belvo::Client;
use common::server_answering;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn update_request() -> UpdateRequest {
    UpdateRequest {
        password: Some("password".into()),
        password2: Some("pin".into()),
        token: Some("1234ab".into()),
        encryption_key: Some("key".into()),
        username_type: Some("001".into()),
        certificate: Some("cert".into()),
        private_key: Some("key".into()),
        ..Default::default()
    }
}

/// A server answering every request with `200 {}`.
async fn catch_all_server() -> MockServer {
    server_answering(ResponseTemplate::new(200).set_body_json(json!({}))).await
}

/// Sends one update through a client built on `base_url` and returns the request received.
async fn received_update(server: &MockServer, base_url: String) -> wiremock::Request {
    let response = Client::new(base_url)
        .links()
        .update("link-1", &update_request())
        .await;

    assert_eq!(response.unwrap().status(), 200);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests[0].clone()
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = catch_all_server().await;

    let request = received_update(&server, format!("{}/prefix", server.uri())).await;
    let path = request.url.path();

    assert_eq!(path, "/prefix/api/links/link-1/");
}

#[tokio::test]
async fn base_url_trailing_slash_is_not_doubled() {
    let server = catch_all_server().await;

    let request = received_update(&server, format!("{}/prefix/", server.uri())).await;
    let path = request.url.path();

    assert_eq!(path, "/prefix/api/links/link-1/");
}

#[tokio::test]
async fn query_struct_sends_set_fields_only() {
    let server = catch_all_server().await;
    let query = ListAllLinksQuery {
        page: Some(2),
        status: Some("valid".into()),
        created_at_gt: Some("2024-01-01".into()),
        ..Default::default()
    };

    let response = Client::new(server.uri())
        .links()
        .list_all_links(&query)
        .await
        .unwrap();

    assert!(
        matches!(response, ListAllLinksResponse::Ok(_)),
        "{response:?}"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.path(), "/api/links/");
    let mut pairs: Vec<(String, String)> = requests[0].url.query_pairs().into_owned().collect();
    pairs.sort();
    // `created_at_gt` goes out under its wire name `created_at__gt`.
    assert_eq!(
        pairs,
        [
            ("created_at__gt".to_string(), "2024-01-01".to_string()),
            ("page".to_string(), "2".to_string()),
            ("status".to_string(), "valid".to_string()),
        ]
    );
}

#[tokio::test]
async fn empty_query_struct_sends_no_query_string() {
    let server = catch_all_server().await;

    let response = Client::new(server.uri())
        .links()
        .list_all_links(&ListAllLinksQuery::default())
        .await;

    assert!(
        matches!(response, Ok(ListAllLinksResponse::Ok(_))),
        "{response:?}"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn no_authorization_header_without_credentials() {
    let server = catch_all_server().await;

    let request = received_update(&server, server.uri()).await;

    assert!(!request.headers.contains_key("authorization"));
}

#[test]
fn default_client_uses_the_collection_base_url() {
    assert_eq!(Client::default().base_url(), "https://sandbox.belvo.com");
    assert_eq!(Client::DEFAULT_BASE_URL, "https://sandbox.belvo.com");
}

#[test]
fn debug_output_redacts_the_password() {
    let client = Client::new("https://sandbox.belvo.com")
        .with_basic_auth("belvo-user", "hunter2-very-secret");

    let debug = format!("{client:?}");

    assert!(!debug.contains("hunter2-very-secret"), "{debug}");
    assert!(debug.contains("https://sandbox.belvo.com"), "{debug}");
}

#[test]
fn debug_of_a_request_body_redacts_its_secrets() {
    let body = belvo::links::UpdateRequest {
        password: Some("hunter2-password".into()),
        password2: Some("4321".into()),
        token: Some("tok-123456".into()),
        encryption_key: Some("enc-key-material".into()),
        username_type: Some("001".into()),
        certificate: Some("MIIB=".into()),
        private_key: Some("MIIE-private".into()),
        ..Default::default()
    };
    let debug = format!("{body:?}");
    for secret in [
        "hunter2-password",
        "4321",
        "tok-123456",
        "enc-key-material",
        "MIIE-private",
    ] {
        assert!(!debug.contains(secret), "{secret} leaked in {debug}");
    }
    assert!(debug.contains("username_type: Some(\"001\")"), "{debug}");
}

/// The consumer's own reqwest client (the same reqwest major as the emitted crate's) is used
/// as given: its default headers reach the server. Built after `Client::new`, which installs
/// the crypto provider a reqwest built without one needs.
#[tokio::test]
async fn a_client_given_with_with_http_client_sends_the_requests() {
    let server = catch_all_server().await;
    let client = Client::new(server.uri());
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-consumer", "mine".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();

    let response = client
        .with_http_client(http)
        .links()
        .update("link-1", &update_request())
        .await;

    assert_eq!(response.unwrap().status(), 200);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["x-consumer"], "mine");
}

/// A slow server: answers after five seconds.
async fn slow_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({}))
                .set_delay(std::time::Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_request_slower_than_the_timeout_fails_as_a_timeout() {
    let server = slow_server().await;
    let client = Client::new(server.uri()).with_timeout(std::time::Duration::from_millis(200));

    let error = client
        .links()
        .update("link-1", &update_request())
        .await
        .unwrap_err();

    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(error, belvo::Error::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn the_timeout_applies_to_a_client_given_with_with_http_client() {
    let server = slow_server().await;
    let client = Client::new(server.uri());
    let http = reqwest::Client::new();
    let client = client
        .with_http_client(http)
        .with_timeout(std::time::Duration::from_millis(200));

    let error = client
        .links()
        .update("link-1", &update_request())
        .await
        .unwrap_err();

    assert!(error.is_timeout(), "{error:?}");
}

#[test]
fn the_client_shows_its_timeout() {
    let client = Client::new("https://api.example.com");
    assert!(format!("{client:?}").contains("timeout: 60s"), "{client:?}");
}
