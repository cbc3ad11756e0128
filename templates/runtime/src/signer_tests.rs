//! `Client::with_request_signer`: every try signed anew, last, by an async signer that sees
//! the final request; a failing signer sends nothing.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::client::{Auth, Body, Client, Request};
use crate::http::CallOptions;
use crate::scripted_server::{answer, ScriptedServer};
use crate::{Error, TEST_OPERATION};

fn request() -> Request {
    Request {
        operation: TEST_OPERATION,
        method: reqwest::Method::PUT,
        path: "/things".into(),
        query: Vec::new(),
        headers: vec![("accept".into(), "application/json".into())],
        body: Body::Json(br#"{"a":1}"#.to_vec(), "application/json"),
        auth: Auth::Basic,
    }
}

/// A signer that, after a pause (it could be calling out), writes which try it signed and
/// what it saw of the final request: the body's length and the headers set before it.
fn counting_signer(client: Client) -> (Arc<AtomicUsize>, Client) {
    let tries = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&tries);
    let client = client.with_request_signer(move |mut request: reqwest::Request| {
        let counted = Arc::clone(&counted);
        async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            let try_number = counted.fetch_add(1, Ordering::SeqCst) + 1;
            let body = request
                .body()
                .and_then(|body| body.as_bytes())
                .map_or(0, <[u8]>::len);
            let saw = |name: &str| request.headers().contains_key(name);
            let seen = format!(
                "try={try_number} body={body} hook={} call={} auth={}",
                saw("x-hook"),
                saw("x-call"),
                saw("authorization")
            );
            request.headers_mut().insert("x-signature", seen.parse()?);
            Ok(request)
        }
    });
    (tries, client)
}

#[tokio::test]
async fn every_try_is_signed_anew_after_every_other_header() {
    let unavailable = answer(503, &[], "");
    let server = ScriptedServer::start(vec![unavailable, answer(200, &[], "{}")]).await;
    let client = Client::new(&server.base_url)
        .with_retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .with_basic_auth("user", "password")
        .with_request_hook(|request: &mut reqwest::Request| {
            request.headers_mut().insert("x-hook", "1".parse().unwrap());
        });
    let (tries, client) = counting_signer(client);
    let mut options = CallOptions::default();
    options.add_header("x-call", "1").unwrap();

    let response = client.send(request(), &options).await.unwrap();

    assert_eq!(response.status, 200);
    assert_eq!(tries.load(Ordering::SeqCst), 2);
    let received = server.received();
    let signatures: Vec<_> = received
        .iter()
        .map(|request| {
            request
                .header("x-signature")
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        signatures,
        [
            "try=1 body=7 hook=true call=true auth=true",
            "try=2 body=7 hook=true call=true auth=true"
        ]
    );
}

#[tokio::test]
async fn a_failing_signer_fails_the_call_and_sends_nothing() {
    let server = ScriptedServer::start(vec![answer(200, &[], "{}")]).await;
    let client = Client::new(&server.base_url).with_request_signer(|_request| async {
        Err::<reqwest::Request, _>("the key service is down".into())
    });

    let outcome = client.send(request(), &CallOptions::default()).await;

    let Err(error @ Error::Signing(_)) = outcome else {
        panic!("not a signing error");
    };
    assert!(
        error.to_string().contains("the key service is down"),
        "{error}"
    );
    assert!(server.received().is_empty());
}
