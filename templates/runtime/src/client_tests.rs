//! `Client`: its settings and how `send` encodes each kind of body and the credential,
//! against a server on 127.0.0.1 that answers from a script.

use std::time::Duration;

use crate::client::{Auth, Body, Client, Request};
use crate::http::*;
use crate::scripted_server::{answer, ScriptedServer, SILENT};

fn request(body: Body, auth: Auth) -> Request {
    Request {
        operation: TEST_OPERATION,
        method: reqwest::Method::POST,
        path: "/things".into(),
        query: Vec::new(),
        headers: Vec::new(),
        body,
        auth,
    }
}

/// What `server` received of the one request `client` sent it with `body` and `auth`.
async fn sent(client: &Client, server: &ScriptedServer, body: Body, auth: Auth) -> Received {
    let response = client
        .send(request(body, auth), &CallOptions::default())
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    server.received().pop().unwrap()
}

use crate::scripted_server::Received;
use crate::TEST_OPERATION;

async fn ok_server() -> ScriptedServer {
    ScriptedServer::start(vec![answer(200, &[], "{}")]).await
}

#[tokio::test]
async fn the_base_url_loses_its_trailing_slash_and_prefixes_every_path() {
    let server = ok_server().await;
    let client = Client::new(format!("{}/v1/", server.base_url));
    assert_eq!(client.base_url(), format!("{}/v1", server.base_url));

    let received = sent(&client, &server, Body::None, Auth::None).await;

    assert_eq!(received.target, "/v1/things");
    assert_eq!(
        client.variables.region, "eu",
        "variables start at their defaults"
    );
}

#[tokio::test]
async fn each_kind_of_body_is_sent_with_its_content_type() {
    let server = ok_server().await;
    let client = Client::new(&server.base_url);

    let json = Body::Json(br#"{"a":1}"#.to_vec(), "application/json");
    let received = sent(&client, &server, json, Auth::None).await;
    assert_eq!(received.header("content-type"), Some("application/json"));
    assert_eq!(received.body, br#"{"a":1}"#);

    let form = Body::Form(vec![("a b".into(), "c&d".into())]);
    let received = sent(&client, &server, form, Auth::None).await;
    assert_eq!(
        received.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(received.body, b"a+b=c%26d");

    let text = Body::Text("hello".into(), "text/plain");
    let received = sent(&client, &server, text, Auth::None).await;
    assert_eq!(received.header("content-type"), Some("text/plain"));
    assert_eq!(received.body, b"hello");

    let bytes = Body::Bytes(vec![0, 1, 2], "application/octet-stream");
    let received = sent(&client, &server, bytes, Auth::None).await;
    assert_eq!(
        received.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(received.body, [0, 1, 2]);

    let form = reqwest::multipart::Form::new().text("name", "value");
    let received = sent(&client, &server, Body::Multipart(form), Auth::None).await;
    let content_type = received.header("content-type").unwrap_or_default();
    assert!(content_type.starts_with("multipart/form-data; boundary="));

    let received = sent(&client, &server, Body::None, Auth::None).await;
    assert_eq!(received.header("content-type"), None);
    assert!(received.body.is_empty());
}

#[tokio::test]
async fn a_credential_is_sent_only_once_set_and_only_by_the_requests_that_use_it() {
    let server = ok_server().await;
    let unset = Client::new(&server.base_url);
    let received = sent(&unset, &server, Body::None, Auth::Basic).await;
    assert_eq!(received.header("authorization"), None);

    let client = unset.with_basic_auth("user", "secret");
    let received = sent(&client, &server, Body::None, Auth::Basic).await;
    assert_eq!(
        received.header("authorization"),
        Some("Basic dXNlcjpzZWNyZXQ=")
    );
    let received = sent(&client, &server, Body::None, Auth::None).await;
    assert_eq!(received.header("authorization"), None);
}

#[tokio::test]
async fn the_timeout_bounds_every_try_and_a_call_may_set_its_own() {
    let server = ScriptedServer::start(vec![SILENT.into()]).await;
    let client = Client::new(&server.base_url)
        .with_timeout(Duration::from_millis(50))
        .with_connect_timeout(Duration::from_secs(1));

    let outcome = client
        .send(request(Body::None, Auth::None), &CallOptions::default())
        .await;
    assert!(matches!(outcome, Err(error) if error.is_timeout()));
    assert_eq!(server.received().len(), 1, "a timeout is not retried");

    let client = Client::new(&server.base_url);
    let options = CallOptions {
        timeout: Some(Duration::from_millis(50)),
        ..CallOptions::default()
    };
    let outcome = client.send(request(Body::None, Auth::None), &options).await;
    assert!(matches!(outcome, Err(error) if error.is_timeout()));
}

#[tokio::test]
async fn a_given_http_client_sends_and_keeps_its_own_settings() {
    let server = ok_server().await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from", "given".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    // The connect timeout is for the client the crate builds: this one keeps its own.
    let client = Client::new(&server.base_url)
        .with_http_client(http)
        .with_connect_timeout(Duration::from_nanos(1));

    let received = sent(&client, &server, Body::None, Auth::None).await;

    assert_eq!(received.header("x-from"), Some("given"));
}

#[tokio::test]
async fn the_request_hook_may_change_what_is_sent() {
    let server = ok_server().await;
    let client = Client::new(&server.base_url).with_request_hook(|request| {
        request
            .headers_mut()
            .insert("x-signed", "yes".parse().unwrap());
    });

    let received = sent(&client, &server, Body::None, Auth::None).await;

    assert_eq!(received.header("x-signed"), Some("yes"));
}

#[tokio::test]
async fn every_request_says_which_crate_and_generator_sent_it() {
    let server = ok_server().await;
    let client = Client::new(&server.base_url);
    let agent = |received: Received| received.header("user-agent").unwrap().to_string();

    let default = sent(&client, &server, Body::None, Auth::None).await;
    let client = client.with_user_agent("my-app/2.0");
    let given = sent(&client, &server, Body::None, Auth::None).await;
    let mut one_call = CallOptions::default();
    one_call.add_header("user-agent", "one-call/1").unwrap();
    let plain = request(Body::None, Auth::None);
    client.send(plain, &one_call).await.unwrap();
    let for_one_call = server.received().pop().unwrap();
    let mut written = request(Body::None, Auth::None);
    written
        .headers
        .push(("User-Agent".into(), "collection/1".into()));
    client.send(written, &CallOptions::default()).await.unwrap();
    let written_in_collection = server.received().pop().unwrap();

    assert_eq!(agent(default), "emitted-runtime/0.0.0 generator/0.0.0");
    assert_eq!(agent(given), "my-app/2.0");
    assert_eq!(agent(for_one_call), "one-call/1");
    assert_eq!(agent(written_in_collection), "collection/1");
    let invalid = client.with_user_agent("a\nb");
    let no_options = CallOptions::default();
    let outcome = invalid
        .send(request(Body::None, Auth::None), &no_options)
        .await;
    assert!(matches!(outcome, Err(crate::Error::InvalidHeader { name }) if name == "User-Agent"));
    assert_eq!(server.received().len(), 4);
}
