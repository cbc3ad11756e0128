//! Helpers the behaviour tests share.

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
