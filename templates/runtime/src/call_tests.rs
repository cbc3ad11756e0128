//! `Call`: per-call settings reach `Client::send`, errors of building wait for `.await`, and
//! `with_meta` keeps the status and headers next to the decoded value.

use std::time::Duration;

use crate::client::{Auth, Body, Client, Request};
use crate::http::*;
use crate::scripted_server::{answer, ScriptedServer, SILENT};
use crate::{Error, TEST_OPERATION};

/// A server answering every request `201 [1,2]` with a request id and a rate-limit header,
/// and a client for it.
async fn client() -> (Client, ScriptedServer) {
    answering(&answer(
        201,
        &[("request-id", "req-7"), ("x-ratelimit-remaining", "79")],
        "[1,2]",
    ))
    .await
}

async fn answering(answer: &str) -> (Client, ScriptedServer) {
    let server = ScriptedServer::start(vec![answer.to_string()]).await;
    let client = Client::new(&server.base_url)
        .with_retry_backoff(Duration::from_millis(1), Duration::from_millis(4));
    (client, server)
}

fn decode(raw: RawResponse) -> Result<Vec<u8>, Error> {
    decode_json(&raw)
}

fn request() -> Result<Request, Error> {
    Ok(Request {
        operation: TEST_OPERATION,
        method: reqwest::Method::GET,
        path: "/things".into(),
        query: vec![("page".into(), "2".into())],
        headers: vec![("accept".into(), "application/json".into())],
        body: Body::None,
        auth: Auth::None,
    })
}

#[tokio::test]
async fn a_call_sends_when_awaited_and_decodes_the_answer() {
    let (client, server) = client().await;
    let call = Call::new(&client, decode, TEST_OPERATION, request());
    tokio::task::yield_now().await;
    assert!(server.received().is_empty(), "sent before .await");

    assert_eq!(call.await.unwrap(), [1, 2]);
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method, "GET");
    assert_eq!(received[0].target, "/things?page=2");
    assert_eq!(received[0].header("accept"), Some("application/json"));
}

#[tokio::test]
async fn per_call_settings_reach_the_client() {
    let (client, server) = answering(&answer(503, &[], "")).await;

    let response = Call::new(&client, decode, TEST_OPERATION, request())
        .max_retries(0)
        .header("x-trace", "t-1")
        .with_meta()
        .await;

    assert!(matches!(response, Err(Error::Decode { status: 503, .. })));
    let received = server.received();
    assert_eq!(received.len(), 1, "retried");
    assert_eq!(received[0].header("x-trace"), Some("t-1"));

    let (client, _server) = answering(SILENT).await;
    let outcome = Call::new(&client, decode, TEST_OPERATION, request())
        .timeout(Duration::from_millis(50))
        .await;
    assert!(matches!(outcome, Err(error) if error.is_timeout()));
}

#[tokio::test]
async fn an_invalid_header_or_request_fails_at_await_without_sending() {
    let (client, server) = client().await;

    let outcome = Call::new(&client, decode, TEST_OPERATION, request())
        .header("x-a", "a\r\nb")
        .await;
    assert!(matches!(outcome, Err(Error::InvalidHeader { name }) if name == "x-a"));
    let outcome = Call::new(&client, decode, TEST_OPERATION, request())
        .header("bad name", "a")
        .await;
    assert!(matches!(outcome, Err(Error::InvalidHeader { name }) if name == "bad name"));
    let outcome = Call::new(
        &client,
        decode,
        TEST_OPERATION,
        Err(Error::InvalidPathArgument { name: "id".into() }),
    )
    .await;
    assert!(matches!(outcome, Err(Error::InvalidPathArgument { .. })));

    assert!(server.received().is_empty());
}

#[tokio::test]
async fn with_meta_keeps_status_headers_request_id_and_retries() {
    let server = ScriptedServer::start(vec![
        answer(503, &[], ""),
        answer(
            201,
            &[("request-id", "req-7"), ("x-ratelimit-remaining", "79")],
            "[1,2]",
        ),
    ])
    .await;
    let client = Client::new(&server.base_url)
        .with_retry_backoff(Duration::from_millis(1), Duration::from_millis(4));

    let response = Call::new(&client, decode, TEST_OPERATION, request())
        .with_meta()
        .await
        .unwrap();

    assert_eq!(response.value, [1, 2]);
    assert_eq!(response.status, 201);
    assert_eq!(response.request_id(), Some("req-7"));
    assert_eq!(response.header("x-ratelimit-remaining"), Some("79"));
    assert_eq!(response.header("absent"), None);
    assert_eq!(response.retries, 1);
}

#[tokio::test]
async fn with_meta_passes_decode_errors_on() {
    let (client, _server) = answering(&answer(201, &[], "not json")).await;

    let outcome = Call::new(&client, decode, TEST_OPERATION, request())
        .with_meta()
        .await;

    assert!(matches!(outcome, Err(Error::Decode { status: 201, .. })));
}

#[test]
fn calls_can_be_sent_to_other_tasks() {
    fn is_send<T: Send>(_: &T) {}
    let client = Client::new("http://127.0.0.1:9");
    is_send(&Call::new(&client, decode, TEST_OPERATION, request()));
    is_send(&Call::new(&client, decode, TEST_OPERATION, request()).with_meta());
}
