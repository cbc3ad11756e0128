//! `Call`: per-call settings reach `Client::send`, errors of building wait for `.await`, and
//! `with_meta` keeps the status and headers next to the decoded value.

use std::time::Duration;

use crate::client::{Auth, Body, Client, Request};
use crate::http::*;
use crate::Error;

/// A client answering every request `201 [1,2]` with a request id and a rate-limit header.
fn client() -> Client {
    answering(b"[1,2]")
}

fn answering(body: &[u8]) -> Client {
    let mut answer = RawResponse::new(201, body);
    answer
        .headers
        .insert("request-id", "req-7".parse().unwrap());
    answer
        .headers
        .insert("x-ratelimit-remaining", "79".parse().unwrap());
    answer.retries = 1;
    Client {
        answers: std::sync::Mutex::new([answer].into()),
        ..Client::default()
    }
}

fn decode(raw: RawResponse) -> Result<Vec<u8>, Error> {
    decode_json(&raw)
}

fn request() -> Result<Request, Error> {
    Ok(Request {
        method: reqwest::Method::GET,
        path: "/things".into(),
        query: Vec::new(),
        headers: Vec::new(),
        body: Body::None,
        auth: Auth::Basic,
    })
}

#[tokio::test]
async fn a_call_sends_when_awaited_and_decodes_the_answer() {
    let client = client();
    let call = Call::new(&client, decode, request);
    assert!(client.sent.lock().unwrap().is_empty(), "sent before .await");

    assert_eq!(call.await.unwrap(), [1, 2]);
    let sent = client.sent.lock().unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, request().unwrap());
    assert_eq!(sent[0].1.timeout, None);
    assert_eq!(
        sent[0].1.retry(RetryPolicy::default()),
        RetryPolicy::default()
    );
}

#[tokio::test]
async fn per_call_settings_reach_the_client() {
    let client = client();

    Call::new(&client, decode, request)
        .timeout(Duration::from_secs(3))
        .max_retries(0)
        .header("x-trace", "t-1")
        .await
        .unwrap();

    let sent = client.sent.lock().unwrap();
    let options = &sent[0].1;
    assert_eq!(options.timeout, Some(Duration::from_secs(3)));
    assert_eq!(options.retry(RetryPolicy::default()).max_retries, 0);
    assert_eq!(options.headers.len(), 1);
    assert_eq!(options.headers[0].0, "x-trace");
    assert_eq!(options.headers[0].1, "t-1");
}

#[tokio::test]
async fn an_invalid_header_or_request_fails_at_await_without_sending() {
    let client = client();

    let outcome = Call::new(&client, decode, request)
        .header("x-a", "a\r\nb")
        .await;
    assert!(matches!(outcome, Err(Error::InvalidHeader { name }) if name == "x-a"));
    let outcome = Call::new(&client, decode, request)
        .header("bad name", "a")
        .await;
    assert!(matches!(outcome, Err(Error::InvalidHeader { name }) if name == "bad name"));
    let outcome = Call::new(&client, decode, || {
        Err(Error::InvalidPathArgument { name: "id".into() })
    })
    .await;
    assert!(matches!(outcome, Err(Error::InvalidPathArgument { .. })));

    assert!(client.sent.lock().unwrap().is_empty());
}

#[tokio::test]
async fn with_meta_keeps_status_headers_request_id_and_retries() {
    let client = client();

    let response = Call::new(&client, decode, request)
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
    let client = answering(b"not json");

    let outcome = Call::new(&client, decode, request).with_meta().await;

    assert!(matches!(outcome, Err(Error::Decode { status: 201, .. })));
}

#[test]
fn calls_can_be_sent_to_other_tasks() {
    fn is_send<T: Send>(_: &T) {}
    let client = client();
    is_send(&Call::new(&client, decode, request));
    is_send(&Call::new(&client, decode, request).with_meta());
}
