//! Helpers the behaviour tests share.

// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server on 127.0.0.1 answering every request with `template`.
pub async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// A server answering the first `times` requests with `first`, every later one with `then`.
pub async fn server_answering_first(
    times: u64,
    first: ResponseTemplate,
    then: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}
