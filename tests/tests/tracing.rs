//! What the emitted clients tell `tracing`, captured by a subscriber of the test's own
//! (the runtime's `trace_capture.rs`) while they talk to wiremock on 127.0.0.1: a call span
//! named by the operation and its Postman item, a client span per try with OpenTelemetry's
//! HTTP fields, events for retries, pages and decode failures, and no credential anywhere.

#[path = "../../templates/runtime/src/trace_capture.rs"]
mod trace_capture;

use belvo::links::{ListAllLinksQuery, UpdateRequest, UpdateResponse};
use belvo::Client;
use fixture_auth_and_variables::keys::QueryKeyQuery;
use futures_util::StreamExt;
use serde_json::{json, Value};
use trace_capture::{Captured, CapturedSpan};
use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LINK_ID: &str = "d4617561-1c33-4e8b-a1a3-5a0b1f4e2a77";

/// Serves `templates` in turn at every request, the last one from then on.
async fn server_answering(templates: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    let count = templates.len();
    for (at, template) in templates.into_iter().enumerate() {
        let mock = Mock::given(any()).respond_with(template);
        // Mounted first, matched first: each answers once, but the last.
        let mock = if at + 1 < count {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        mock.with_priority(at as u8 + 1).mount(&server).await;
    }
    server
}

fn belvo(server: &MockServer) -> Client {
    Client::new(server.uri())
        .with_basic_auth("belvo-secret-id", "belvo-secret-password")
        .with_retry_backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(5),
        )
}

async fn update(client: &Client) -> Result<UpdateResponse, belvo::Error> {
    let body = UpdateRequest {
        password: Some("link-password".into()),
        ..Default::default()
    };
    client.links().update(LINK_ID, &body).await
}

#[tokio::test]
async fn a_call_says_its_operation_item_method_template_and_status() {
    let (captured, _guard) = Captured::start();
    let ok = ResponseTemplate::new(200)
        .insert_header("x-request-id", "belvo-req-1")
        .set_body_json(json!({"id": LINK_ID}));
    let server = server_answering(vec![ok]).await;

    let response = update(&belvo(&server)).await.unwrap();

    assert!(matches!(response, UpdateResponse::Ok(_)), "{response:?}");
    let (call, tries) = captured.call_and_tries();
    assert_eq!(call.field("operation"), Some("links.update"));
    assert_eq!(call.field("postman.item"), Some("Links / Update"));
    assert_eq!(tries.len(), 1);
    let try_span = &tries[0];
    let url = format!("{}/api/links/{LINK_ID}/", server.uri());
    let port = server.address().port().to_string();
    let expected = [
        ("otel.name", "PUT /api/links/{id}/"),
        ("otel.kind", "client"),
        ("http.request.method", "PUT"),
        ("server.address", "127.0.0.1"),
        ("server.port", &port),
        ("url.full", &url),
        ("url.template", "/api/links/{id}/"),
        ("http.request.resend_count", "0"),
        ("http.response.status_code", "200"),
        ("request_id", "belvo-req-1"),
    ];
    for (name, value) in expected {
        assert_eq!(try_span.field(name), Some(value), "{name}: {try_span:#?}");
    }
}

#[tokio::test]
async fn a_retried_503_is_two_tries_and_a_retry_event_with_its_wait() {
    let (captured, _guard) = Captured::start();
    let unavailable = ResponseTemplate::new(503).insert_header("retry-after", "0");
    let ok = ResponseTemplate::new(200).set_body_json(json!({"id": LINK_ID}));
    let server = server_answering(vec![unavailable, ok]).await;

    update(&belvo(&server)).await.unwrap();

    let (_, tries) = captured.call_and_tries();
    let field = |span: &CapturedSpan, name| span.field(name).unwrap().to_string();
    let tried: Vec<_> = tries
        .iter()
        .map(|span| {
            let resends = field(span, "http.request.resend_count");
            (resends, field(span, "http.response.status_code"))
        })
        .collect();
    let expected = [("0", "503"), ("1", "200")];
    assert_eq!(tried, expected.map(|(a, b)| (a.to_string(), b.to_string())));
    let events = captured.events_in(&tries[0]);
    let retry = events.iter().find(|event| event.message() == "retrying");
    let retry = retry.expect("a retry event");
    assert_eq!(retry.level, tracing::Level::INFO, "at the default level");
    assert_eq!(retry.field("http.response.status_code"), Some("503"));
    assert_eq!(retry.field("retry.wait_ms"), Some("0"));
    assert_eq!(retry.field("retry.after"), Some("true"));
}

#[tokio::test]
async fn a_refused_connection_is_the_error_type_of_every_try() {
    let (captured, _guard) = Captured::start();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::new(base_url).with_retry_backoff(
        std::time::Duration::from_millis(1),
        std::time::Duration::from_millis(1),
    );

    let outcome = update(&client).await;

    assert!(matches!(outcome, Err(belvo::Error::Transport(_))));
    let (call, tries) = captured.call_and_tries();
    assert_eq!(call.field("error.type"), Some("connect"));
    assert_eq!(tries.len(), 3, "the first try and two retries");
    assert!(tries
        .iter()
        .all(|span| span.field("error.type") == Some("connect")));
}

#[tokio::test]
async fn a_stream_of_three_pages_is_a_span_with_an_event_per_page() {
    let (captured, _guard) = Captured::start();
    let server = MockServer::start().await;
    let base = server.uri();
    let page = |names: &[&str], next: Value| {
        let results: Vec<Value> = names
            .iter()
            .map(|name| json!({"id": LINK_ID, "institution": name}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"next": next, "results": results}))
    };
    let pages = [
        (
            None,
            page(&["a", "b"], json!(format!("{base}/api/links/?page=2"))),
        ),
        (
            Some("2"),
            page(&["c"], json!(format!("{base}/api/links/?page=3"))),
        ),
        (Some("3"), page(&["d", "e"], Value::Null)),
    ];
    for (number, template) in pages {
        let mock = Mock::given(method("GET")).and(path("/api/links/"));
        let mock = match number {
            Some(number) => mock.and(query_param("page", number)),
            None => mock.and(query_param_is_missing("page")),
        };
        mock.respond_with(template).mount(&server).await;
    }

    let client = belvo(&server);
    let links = client
        .links()
        .list_all_links_stream(&ListAllLinksQuery::default());
    let read: Vec<_> = links.collect().await;

    assert_eq!(read.len(), 5);
    let streams = captured.spans_named("pages");
    assert_eq!(streams.len(), 1);
    assert_eq!(streams[0].field("operation"), Some("links.list_all_links"));
    assert_eq!(
        captured.children(&streams[0]).len(),
        3,
        "a try span per page"
    );
    let read_pages: Vec<_> = captured
        .events_in(&streams[0])
        .iter()
        .filter(|event| event.message() == "page read")
        .map(|event| {
            let field = |name| event.field(name).unwrap().to_string();
            (field("page"), field("items_so_far"))
        })
        .collect();
    let expected = [("1", "2"), ("2", "3"), ("3", "5")];
    assert_eq!(
        read_pages,
        expected.map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[tokio::test]
async fn a_decode_error_is_an_event_with_its_status_and_path() {
    let (captured, _guard) = Captured::start();
    let wrong = json!({"id": LINK_ID, "institution": ["not", "text"], "kept": "body-text"});
    let server = server_answering(vec![ResponseTemplate::new(200).set_body_json(wrong)]).await;

    let outcome = update(&belvo(&server)).await;

    let error = outcome.unwrap_err();
    assert_eq!(error.json_path().as_deref(), Some("institution"));
    let (call, _) = captured.call_and_tries();
    assert_eq!(call.field("error.type"), Some("decode"));
    let events = captured.events_in(&call);
    let decode = events
        .iter()
        .find(|event| event.message() == "the response did not decode")
        .expect("a decode event");
    assert_eq!(decode.field("http.response.status_code"), Some("200"));
    assert_eq!(decode.field("json_path"), Some("institution"));
    assert!(!captured.everything().contains("body-text"));
}

#[tokio::test]
async fn no_credential_reaches_a_span_or_an_event() {
    use fixture_auth_and_variables::Client as Fixture;
    let (captured, _guard) = Captured::start();
    let ok = ResponseTemplate::new(200).set_body_json(json!({}));
    let server = server_answering(vec![ok]).await;

    // Basic credentials (Belvo), a bearer token, and an API key in the query next to a
    // secret-named query parameter (the fixture).
    update(&belvo(&server)).await.unwrap();
    let fixture = Fixture::new(server.uri())
        .with_bearer_token("fixture-bearer-token")
        .with_project_key("p1")
        .with_api_key("fixture-query-api-key");
    fixture.projects().get_project().await.unwrap();
    let query = QueryKeyQuery {
        access_token: Some("fixture-access-token".into()),
        page: Some(2),
    };
    fixture.keys().query_key(&query).await.unwrap();
    // The same request without the key in the query: its url is traced, redacted.
    let without_key = Fixture::new(server.uri());
    without_key.keys().query_key(&query).await.unwrap();

    let everything = captured.everything();
    for secret in [
        "belvo-secret-id",
        "belvo-secret-password",
        "link-password",
        "fixture-bearer-token",
        "fixture-query-api-key",
        "fixture-access-token",
    ] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
    let tries = captured.spans_named("try");
    assert_eq!(tries.len(), 4);
    assert_eq!(tries[2].field("url.full"), None, "a url with an API key");
    let url = format!("{}/keys/query?access_token=REDACTED&page=2", server.uri());
    assert_eq!(tries[3].field("url.full"), Some(url.as_str()));
    let received = server.received_requests().await.unwrap();
    let sent_key = received[2]
        .url
        .query_pairs()
        .any(|(_, v)| v == "fixture-query-api-key");
    assert!(sent_key, "the key was sent, in the query");
}

#[tokio::test]
async fn the_user_agent_names_the_crate_and_the_generator() {
    let server = server_answering(vec![ResponseTemplate::new(200).set_body_json(json!({}))]).await;

    update(&belvo(&server)).await.unwrap();
    update(&belvo(&server).with_user_agent("my-service/3.1"))
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let agent = |at: usize| {
        received[at].headers["user-agent"]
            .to_str()
            .unwrap()
            .to_string()
    };
    let expected = format!(
        "belvo/{} generator/{}",
        belvo_version(),
        generator_version()
    );
    assert_eq!(agent(0), expected);
    assert_eq!(agent(1), "my-service/3.1");
}

/// The version in `generated/Cargo.toml`.
fn belvo_version() -> String {
    version_in(include_str!("../../generated/Cargo.toml"))
}

/// The version in `generator/Cargo.toml`.
fn generator_version() -> String {
    version_in(include_str!("../../generator/Cargo.toml"))
}

fn version_in(manifest: &str) -> String {
    let line = manifest.lines().find(|line| line.starts_with("version = "));
    line.unwrap()
        .trim_start_matches("version = ")
        .trim_matches('"')
        .to_string()
}

/// A writer the `fmt` subscriber prints into, kept for the test to read.
#[derive(Clone, Default)]
struct Printed(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Printed {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_subscribers_fmt_shows_each_try_its_status_and_the_wait() {
    let printed = Printed::default();
    let writer = printed.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let unavailable = ResponseTemplate::new(503).insert_header("retry-after", "0");
    let ok = ResponseTemplate::new(200).set_body_json(json!({"id": LINK_ID}));
    let server = server_answering(vec![unavailable, ok]).await;

    update(&belvo(&server)).await.unwrap();

    let printed = String::from_utf8(printed.0.lock().unwrap().clone()).unwrap();
    let ours: Vec<&str> = printed
        .lines()
        .filter(|line| line.contains("belvo::"))
        .collect();
    // The 503, the retry and its wait, then the 200, each with the call and try it is in.
    assert_eq!(ours.len(), 3, "{printed}");
    for line in &ours {
        assert!(line.contains(r#"call{otel.name="links.update" operation="links.update""#));
        assert!(line.contains(r#"postman.item="Links / Update""#), "{line}");
        assert!(
            line.contains(r#"otel.name="PUT /api/links/{id}/""#),
            "{line}"
        );
    }
    assert!(ours[0].contains("DEBUG") && ours[0].contains("response"));
    assert!(
        ours[0].contains("http.response.status_code=503"),
        "{}",
        ours[0]
    );
    assert!(ours[1].contains("INFO") && ours[1].contains("retrying"));
    assert!(
        ours[1].contains("retry.wait_ms=0 retry.after=true"),
        "{}",
        ours[1]
    );
    assert!(
        ours[2].contains("http.request.resend_count=1"),
        "{}",
        ours[2]
    );
    assert!(
        ours[2].contains("http.response.status_code=200"),
        "{}",
        ours[2]
    );
    assert!(!printed.contains("belvo-secret"), "{printed}");
}
