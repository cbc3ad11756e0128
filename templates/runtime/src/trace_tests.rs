//! What a call tells `tracing`, captured by a subscriber of the test's own: the call span
//! and its try spans with OpenTelemetry's HTTP client fields, the retry, page and decode
//! events, and no secret anywhere.

use std::pin::Pin;
use std::time::Duration;

use futures_core::Stream;

use crate::client::{Auth, Body, Client, Request};
use crate::http::*;
use crate::pages_tests::{decode as decode_page, page_of};
use crate::scripted_server::{answer, ScriptedServer};
use crate::trace_capture::{Captured, CapturedSpan};
use crate::{Error, TEST_OPERATION};

fn decode(raw: RawResponse) -> Result<Vec<u8>, Error> {
    decode_json(&raw)
}

/// A `GET /things` request of `TEST_OPERATION` with the query `query`.
fn request(query: &[(&str, &str)]) -> Result<Request, Error> {
    Ok(Request {
        operation: TEST_OPERATION,
        method: reqwest::Method::GET,
        path: "/things".into(),
        query: query
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect(),
        headers: Vec::new(),
        body: Body::None,
        auth: Auth::Basic,
    })
}

async fn server(answers: &[String]) -> (Client, ScriptedServer) {
    let server = ScriptedServer::start(answers.to_vec()).await;
    let client = Client::new(&server.base_url)
        .with_retry_backoff(Duration::from_millis(1), Duration::from_millis(4));
    (client, server)
}

#[tokio::test]
async fn a_call_is_a_span_of_its_operation_with_a_client_span_per_try() {
    let (captured, _guard) = Captured::start();
    let (client, server) = server(&[answer(200, &[("x-request-id", "req-1")], "[1]")]).await;

    let call = Call::new(&client, decode, TEST_OPERATION, request(&[("page", "2")]));
    assert!(
        captured.spans().is_empty(),
        "a span before the call is awaited"
    );
    assert_eq!(call.await.unwrap(), [1]);

    let (call, tries) = captured.call_and_tries();
    assert_eq!(call.field("operation"), Some("things.list"));
    assert_eq!(call.field("postman.item"), Some("Things / List"));
    assert_eq!(call.field("otel.name"), Some("things.list"));
    assert_eq!(call.field("error.type"), None);
    assert_eq!(tries.len(), 1);
    let try_span = &tries[0];
    assert_eq!(try_span.name, "try");
    let port = server.base_url.rsplit(':').next().unwrap();
    let expected = [
        ("otel.name", "GET /things"),
        ("otel.kind", "client"),
        ("http.request.method", "GET"),
        ("server.address", "127.0.0.1"),
        ("server.port", port),
        ("url.template", "/things"),
        ("http.request.resend_count", "0"),
        ("http.response.status_code", "200"),
        ("request_id", "req-1"),
    ];
    for (name, value) in expected {
        assert_eq!(try_span.field(name), Some(value), "{name}: {try_span:#?}");
    }
    let url = format!("{}/things?page=2", server.base_url);
    assert_eq!(try_span.field("url.full"), Some(url.as_str()));
    assert_eq!(try_span.field("error.type"), None);
    let events = captured.events_in(try_span);
    let response = events.iter().find(|event| event.message() == "response");
    let response = response.expect("a response event");
    assert_eq!(response.level, tracing::Level::DEBUG);
    assert_eq!(response.field("http.response.status_code"), Some("200"));
}

#[tokio::test]
async fn a_retried_503_is_two_tries_with_the_retry_and_its_wait_between() {
    let (captured, _guard) = Captured::start();
    let (client, _server) = server(&[
        answer(503, &[("retry-after", "0")], ""),
        answer(503, &[], ""),
        answer(200, &[], "[2]"),
    ])
    .await;

    let value = Call::new(&client, decode, TEST_OPERATION, request(&[])).await;

    assert_eq!(value.unwrap(), [2]);
    let (_, tries) = captured.call_and_tries();
    let resend_counts: Vec<_> = tries
        .iter()
        .map(|span| span.field("http.request.resend_count").unwrap())
        .collect();
    assert_eq!(resend_counts, ["0", "1", "2"]);
    let statuses: Vec<_> = tries
        .iter()
        .map(|span| span.field("http.response.status_code").unwrap())
        .collect();
    assert_eq!(statuses, ["503", "503", "200"]);
    assert_eq!(tries[0].field("error.type"), Some("503"));
    assert_eq!(tries[0].field("otel.status_code"), Some("ERROR"));

    let retry = |span: &CapturedSpan| {
        let events = captured.events_in(span).into_iter();
        let mut retries = events.filter(|event| event.message() == "retrying");
        retries.next().expect("a retry event")
    };
    let asked = retry(&tries[0]);
    assert_eq!(asked.field("http.response.status_code"), Some("503"));
    assert_eq!(asked.field("retry.after"), Some("true"));
    assert_eq!(asked.field("retry.wait_ms"), Some("0"));
    let backoff = retry(&tries[1]);
    assert_eq!(backoff.field("retry.after"), Some("false"));
    let waited: u64 = backoff.field("retry.wait_ms").unwrap().parse().unwrap();
    assert!(
        waited <= 4,
        "waited {waited} ms, over the 4 ms the backoff allows"
    );
    assert!(captured
        .events_in(&tries[2])
        .iter()
        .all(|event| event.message() != "retrying"));
}

#[tokio::test]
async fn a_transport_failure_is_its_error_type_on_the_try_and_the_call() {
    let (captured, _guard) = Captured::start();
    // A port nothing listens on: the connection is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::new(base_url)
        .with_max_retries(1)
        .with_retry_backoff(Duration::from_millis(1), Duration::from_millis(1));

    let outcome = Call::new(&client, decode, TEST_OPERATION, request(&[])).await;

    assert!(matches!(outcome, Err(Error::Transport(_))));
    let (call, tries) = captured.call_and_tries();
    assert_eq!(call.field("error.type"), Some("connect"));
    assert_eq!(tries.len(), 2);
    for try_span in &tries {
        assert_eq!(try_span.field("error.type"), Some("connect"));
        assert_eq!(try_span.field("http.response.status_code"), None);
    }
    let retried = captured.events_in(&tries[0]);
    let retried = retried.iter().find(|event| event.message() == "retrying");
    assert_eq!(retried.unwrap().field("error.type"), Some("connect"));
}

#[tokio::test]
async fn a_decode_error_is_an_event_with_its_status_and_path_never_the_body() {
    let (captured, _guard) = Captured::start();
    let (client, _server) = server(&[answer(201, &[], r#"[1, "secret-body"]"#)]).await;

    let outcome = Call::new(&client, decode, TEST_OPERATION, request(&[]))
        .with_meta()
        .await;

    assert!(matches!(outcome, Err(Error::Decode { status: 201, .. })));
    let (call, _) = captured.call_and_tries();
    assert_eq!(call.field("error.type"), Some("decode"));
    let events = captured.events_in(&call);
    let failed = events
        .iter()
        .find(|event| event.message() == "the response did not decode");
    let failed = failed.expect("a decode event");
    assert_eq!(failed.field("http.response.status_code"), Some("201"));
    assert_eq!(failed.field("json_path"), Some("[1]"));
    assert!(!captured.everything().contains("secret-body"));
}

#[tokio::test]
async fn a_stream_is_a_span_with_an_event_per_page() {
    let (captured, _guard) = Captured::start();
    let server = ScriptedServer::start_with(|base| {
        vec![
            answer(
                200,
                &[],
                &format!(r#"{{"items":[1,2],"next":"{base}/things?page=2"}}"#),
            ),
            answer(200, &[], r#"{"items":[3],"next":"/things?page=3"}"#),
            answer(200, &[], r#"{"items":[4,5,6],"next":null}"#),
        ]
    })
    .await;
    let client = Client::new(&server.base_url);
    let first = Call::new(&client, decode_page, TEST_OPERATION, request(&[]));
    let mut pages = Pages::new(first, PageStyle::NextUrl, page_of);

    let mut items = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut pages).poll_next(cx)).await {
        items.push(item.unwrap());
    }

    assert_eq!(items, [1, 2, 3, 4, 5, 6]);
    assert!(captured.spans_named("call").is_empty());
    let streams = captured.spans_named("pages");
    assert_eq!(streams.len(), 1);
    assert_eq!(streams[0].field("operation"), Some("things.list"));
    let tries = captured.children(&streams[0]);
    assert_eq!(tries.len(), 3);
    let read: Vec<_> = captured
        .events_in(&streams[0])
        .iter()
        .map(|event| {
            let field = |name| event.field(name).unwrap().to_string();
            (field("page"), field("page.items"), field("items_so_far"))
        })
        .collect();
    let expected = [("1", "2", "2"), ("2", "1", "3"), ("3", "3", "6")];
    assert_eq!(
        read,
        expected.map(|(a, b, c)| (a.into(), b.into(), c.into()))
    );
    // The next pages' queries are the page's url, not a credential: their urls are traced.
    let url = format!("{}/things?page=3", server.base_url);
    assert_eq!(tries[2].field("url.full"), Some(url.as_str()));
}

#[tokio::test]
async fn no_secret_reaches_a_span_or_an_event() {
    let (captured, _guard) = Captured::start();
    let (client, server) = server(&[answer(200, &[], "[1]")]).await;
    let client = client
        .with_basic_auth("basic-user", "basic-password")
        // A credential the hook puts in the query, as an API key in the query is put.
        .with_request_hook(|request| {
            request
                .url_mut()
                .query_pairs_mut()
                .append_pair("key", "hooked-api-key");
        });

    let query = [("token", "query-token"), ("page", "1")];
    Call::new(&client, decode, TEST_OPERATION, request(&query))
        .header("authorization", "Bearer bearer-token")
        .await
        .unwrap();

    let received = server.received();
    assert!(received[0].target.contains("hooked-api-key"));
    let everything = captured.everything();
    for secret in [
        "basic-user",
        "basic-password",
        "YmFzaWMtdXNlcjpiYXNpYy1wYXNzd29yZA",
        "bearer-token",
        "hooked-api-key",
        "query-token",
    ] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
    let (_, tries) = captured.call_and_tries();
    assert_eq!(tries[0].field("url.full"), None, "a url with a credential");

    // Without a credential in the query, the url is traced, secret-named values redacted.
    let plain = Client::new(&server.base_url);
    Call::new(&plain, decode, TEST_OPERATION, request(&query))
        .await
        .unwrap();
    let tries = captured.children(&captured.spans_named("call")[1]);
    let url = format!("{}/things?token=REDACTED&page=1", server.base_url);
    assert_eq!(tries[0].field("url.full"), Some(url.as_str()));
    assert!(!captured.everything().contains("query-token"));
}

#[tokio::test]
async fn a_user_and_password_in_the_base_url_reach_no_span() {
    let (captured, _guard) = Captured::start();
    let (_, server) = server(&[answer(200, &[], "[1]")]).await;
    let with_userinfo = server
        .base_url
        .replace("http://", "http://url-user:url-password@");
    let client = Client::new(with_userinfo);

    Call::new(&client, decode, TEST_OPERATION, request(&[]))
        .await
        .unwrap();

    // reqwest sends them as basic credentials: a header, which no span records.
    let received = server.received();
    assert!(received[0]
        .header("authorization")
        .unwrap()
        .starts_with("Basic "));
    let (_, tries) = captured.call_and_tries();
    let url = format!("{}/things", server.base_url);
    assert_eq!(tries[0].field("url.full"), Some(url.as_str()));
    let everything = captured.everything();
    assert!(!everything.contains("url-user") && !everything.contains("url-password"));
}

#[tokio::test]
async fn the_request_hook_runs_inside_the_try_span() {
    let (captured, _guard) = Captured::start();
    let (client, _server) = server(&[answer(200, &[], "[1]")]).await;
    let client = client.with_request_hook(|_| {
        tracing::info!("in the hook");
    });

    Call::new(&client, decode, TEST_OPERATION, request(&[]))
        .await
        .unwrap();

    let (_, tries) = captured.call_and_tries();
    let in_try = captured.events_in(&tries[0]);
    assert!(in_try.iter().any(|event| event.message() == "in the hook"));
}
