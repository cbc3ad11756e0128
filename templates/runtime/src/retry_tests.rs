//! Retries: which failures are tried again, how long the client waits, and `Client::send`
//! against a server on 127.0.0.1 that answers from a script.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::Method;

use crate::client::{Auth, Body, Client, Request};
use crate::http::*;
use crate::scripted_server::ScriptedServer;
use crate::TEST_OPERATION;

/// Retries after 1 ms, so that the tests spend no time waiting.
const QUICK: RetryPolicy = RetryPolicy {
    max_retries: 2,
    initial_backoff: Duration::from_millis(1),
    max_backoff: Duration::from_millis(4),
};

#[test]
fn backoff_doubles_from_the_initial_wait_up_to_the_cap_less_up_to_a_quarter() {
    let policy = RetryPolicy::default();
    for (retry, full) in [
        (0, 500),
        (1, 1000),
        (2, 2000),
        (3, 4000),
        (4, 8000),
        (9, 8000),
    ] {
        for _ in 0..50 {
            let wait = policy.backoff(retry).as_millis();
            assert!(
                (full * 3 / 4..=full).contains(&wait),
                "retry {retry}: {wait} ms"
            );
        }
    }
    assert_eq!(policy.max_retries, 2);
    // Very late retries neither overflow nor exceed the cap.
    assert!(policy.backoff(u32::MAX) <= Duration::from_secs(8));
}

#[test]
fn every_method_is_retried_on_429_and_503_and_only_idempotent_ones_on_other_failures() {
    for status in [429, 503] {
        for method in [Method::GET, Method::POST, Method::PATCH] {
            assert!(retries_status(&method, status), "{method} {status}");
        }
    }
    for status in [408, 500, 502, 504] {
        for method in [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ] {
            assert!(retries_status(&method, status), "{method} {status}");
        }
        for method in [Method::POST, Method::PATCH] {
            assert!(!retries_status(&method, status), "{method} {status}");
        }
    }
    for status in [200, 201, 400, 401, 404, 409, 501] {
        assert!(!retries_status(&Method::GET, status), "{status}");
    }
}

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| (name.parse().unwrap(), value.parse().unwrap()))
        .collect()
}

#[test]
fn retry_after_reads_milliseconds_seconds_and_http_dates() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let asked = |pairs: &[(&'static str, &str)]| retry_after(&headers(pairs), now);

    assert_eq!(asked(&[("retry-after", "3")]), Some(Duration::from_secs(3)));
    assert_eq!(
        asked(&[("retry-after", "2"), ("retry-after-ms", "1500.5")]),
        Some(Duration::from_micros(1_500_500))
    );
    let in_ten_seconds = httpdate::fmt_http_date(now + Duration::from_secs(10));
    assert_eq!(
        asked(&[("retry-after", &in_ten_seconds)]),
        Some(Duration::from_secs(10))
    );
    let past = httpdate::fmt_http_date(now - Duration::from_secs(10));
    assert_eq!(asked(&[("retry-after", &past)]), Some(Duration::ZERO));
    assert_eq!(asked(&[("retry-after", "soon")]), None);
    assert_eq!(asked(&[("retry-after-ms", "-1")]), None);
    assert_eq!(asked(&[]), None);
}

const UNAVAILABLE: &str =
    "HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
const FAILED: &str =
    "HTTP/1.1 500 Internal Server Error\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
const OK: &str = "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}";

async fn scripted_server(answers: &[&str]) -> ScriptedServer {
    ScriptedServer::start(answers.iter().map(|answer| answer.to_string()).collect()).await
}

/// A client for `base_url` retrying with `policy`, with a hook counting the tries it sees.
fn counting_client(base_url: &str, policy: RetryPolicy) -> (Arc<AtomicUsize>, Client) {
    let tries = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&tries);
    let client = Client::new(base_url)
        .with_max_retries(policy.max_retries)
        .with_retry_backoff(policy.initial_backoff, policy.max_backoff)
        .with_request_hook(move |_: &mut reqwest::Request| {
            counted.fetch_add(1, Ordering::SeqCst);
        });
    (tries, client)
}

/// Sends one `method` request with a JSON body through `client`, bounded so that a retry
/// loop that never ends fails the test.
async fn send(client: &Client, method: Method) -> Result<RawResponse, crate::Error> {
    let request = Request {
        operation: TEST_OPERATION,
        method,
        path: "/".into(),
        query: Vec::new(),
        headers: Vec::new(),
        body: Body::Json(b"{}".to_vec(), "application/json"),
        auth: Auth::None,
    };
    tokio::time::timeout(
        Duration::from_secs(10),
        client.send(request, &CallOptions::default()),
    )
    .await
    .expect("the retries ended")
}

/// How many requests `server` received.
fn served(server: &ScriptedServer) -> usize {
    server.received().len()
}

#[tokio::test]
async fn a_503_is_retried_until_the_server_answers() {
    let server = scripted_server(&[UNAVAILABLE, UNAVAILABLE, OK]).await;
    let (tries, client) = counting_client(&server.base_url, QUICK);

    let response = send(&client, Method::POST).await.unwrap();

    assert_eq!(response.status, 200);
    let received = server.received();
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!((&*request.method, &*request.target), ("POST", "/"));
        assert_eq!(request.body, b"{}", "every try has the body");
    }
    assert_eq!(tries.load(Ordering::SeqCst), 3, "the hook sees every try");
}

#[tokio::test]
async fn the_last_response_is_returned_once_retries_run_out() {
    let server = scripted_server(&[UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, OK]).await;
    let (_, client) = counting_client(&server.base_url, QUICK);

    let response = send(&client, Method::GET).await.unwrap();

    assert_eq!(response.status, 503);
    assert_eq!(response.retries, 2);
    assert_eq!(served(&server), 3);
}

#[tokio::test]
async fn a_post_answered_500_is_not_retried_but_a_get_is() {
    let server = scripted_server(&[FAILED, OK]).await;
    let (_, client) = counting_client(&server.base_url, QUICK);
    let response = send(&client, Method::POST).await.unwrap();
    assert_eq!(response.status, 500);
    assert_eq!(served(&server), 1);

    let server = scripted_server(&[FAILED, OK]).await;
    let (_, client) = counting_client(&server.base_url, QUICK);
    let response = send(&client, Method::GET).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(served(&server), 2);
}

#[tokio::test]
async fn no_retries_sends_once() {
    let server = scripted_server(&[UNAVAILABLE, OK]).await;
    let once = RetryPolicy {
        max_retries: 0,
        ..QUICK
    };
    let (_, client) = counting_client(&server.base_url, once);

    let response = send(&client, Method::GET).await.unwrap();

    assert_eq!(response.status, 503);
    assert_eq!(served(&server), 1);
}

#[tokio::test]
async fn a_server_asking_for_more_than_a_minute_gets_its_response_back() {
    const LATER: &str = "HTTP/1.1 429 Too Many Requests\r\nretry-after: 61\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
    let server = scripted_server(&[LATER, OK]).await;
    let (_, client) = counting_client(&server.base_url, QUICK);

    let response = send(&client, Method::GET).await.unwrap();

    assert_eq!(response.status, 429);
    assert_eq!(response.headers["retry-after"], "61");
    assert_eq!(served(&server), 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    // Bound and dropped: nothing listens on the port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (tries, client) = counting_client(&format!("http://127.0.0.1:{port}"), QUICK);

    let outcome = send(&client, Method::POST).await;

    let Err(crate::Error::Transport(error)) = outcome else {
        panic!("a closed port answered");
    };
    assert!(error.is_connect(), "{error:?}");
    assert_eq!(tries.load(Ordering::SeqCst), 3);
}
