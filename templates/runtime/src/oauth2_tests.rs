//! `TokenSource`: the client-credentials token request as RFC 6749 §4.4 writes it, checked
//! on the wire by a scripted server on 127.0.0.1; one fetch for many callers; renewal before
//! expiry and after a refusal; the token endpoint's errors kept.

use std::time::Duration;

use crate::auth::{ClientAuthentication, ClientCredentials, TokenError, TokenSource};
use crate::http::{default_http_client, DEFAULT_CONNECT_TIMEOUT};
use crate::scripted_server::{answer, Received, ScriptedServer};

/// The client the emitted crate passes: built with a TLS provider installed, as
/// `reqwest::Client::new()` is not under `rustls-no-provider`.
pub(crate) fn http() -> reqwest::Client {
    default_http_client(DEFAULT_CONNECT_TIMEOUT)
}

fn grant(server: &ScriptedServer, authentication: ClientAuthentication) -> ClientCredentials {
    ClientCredentials {
        token_url: format!("{}/oauth/token", server.base_url),
        client_id: "client".into(),
        client_secret: "secret".into(),
        scope: Some("read write".into()),
        extra: vec![("audience".into(), "https://api.example.com".into())],
        authentication,
    }
}

/// The tokens fifty callers got, asking at once.
pub(crate) async fn fifty_at_once(source: &TokenSource, http: &reqwest::Client) -> Vec<String> {
    let callers: Vec<_> = (0..50)
        .map(|_| {
            let (source, http) = (source.clone(), http.clone());
            tokio::spawn(async move { source.token(&http).await.map(|token| token.to_string()) })
        })
        .collect();
    let mut tokens = Vec::new();
    for caller in callers {
        tokens.push(caller.await.unwrap().unwrap());
    }
    tokens
}

pub(crate) fn token_answer(token: &str, expires_in: u64) -> String {
    answer(
        200,
        &[("content-type", "application/json")],
        &format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":{expires_in}}}"#),
    )
}

/// The form a token request sent, as pairs.
pub(crate) fn form(request: &Received) -> Vec<(String, String)> {
    let body = std::str::from_utf8(&request.body).unwrap();
    reqwest::Url::parse(&format!("http://x/?{body}"))
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

pub(crate) fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

#[tokio::test]
async fn the_token_request_is_a_client_credentials_grant_with_basic_client_authentication() {
    let server = ScriptedServer::start(vec![token_answer("t1", 3600)]).await;
    let source = TokenSource::new(grant(&server, ClientAuthentication::BasicHeader));
    let http = http();

    assert_eq!(&*source.token(&http).await.unwrap(), "t1");
    assert_eq!(&*source.token(&http).await.unwrap(), "t1");

    let received = server.received();
    assert_eq!(received.len(), 1, "a fresh token is reused");
    let request = &received[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/oauth/token");
    // RFC 7617: base64 of `client:secret`.
    assert_eq!(
        request.header("authorization"),
        Some("Basic Y2xpZW50OnNlY3JldA==")
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        form(request),
        pairs(&[
            ("grant_type", "client_credentials"),
            ("scope", "read write"),
            ("audience", "https://api.example.com"),
        ])
    );
}

#[tokio::test]
async fn body_client_authentication_sends_the_id_and_secret_in_the_form() {
    let server = ScriptedServer::start(vec![token_answer("t1", 3600)]).await;
    let source = TokenSource::new(grant(&server, ClientAuthentication::Body));

    source.token(&http()).await.unwrap();

    let request = &server.received()[0];
    assert_eq!(request.header("authorization"), None);
    assert_eq!(
        form(request),
        pairs(&[
            ("grant_type", "client_credentials"),
            ("scope", "read write"),
            ("client_id", "client"),
            ("client_secret", "secret"),
            ("audience", "https://api.example.com"),
        ])
    );
}

#[tokio::test]
async fn fifty_callers_at_once_share_one_token_request() {
    let server = ScriptedServer::start(vec![token_answer("shared", 3600)]).await;
    let source = TokenSource::new(grant(&server, ClientAuthentication::BasicHeader));
    let http = http();

    for token in fifty_at_once(&source, &http).await {
        assert_eq!(token, "shared");
    }

    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_token_is_renewed_before_it_expires() {
    // A one-second token is renewed after half of it.
    let server =
        ScriptedServer::start(vec![token_answer("short", 1), token_answer("next", 3600)]).await;
    let source = TokenSource::new(grant(&server, ClientAuthentication::BasicHeader));
    let http = http();

    assert_eq!(&*source.token(&http).await.unwrap(), "short");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(&*source.token(&http).await.unwrap(), "next");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_refused_token_is_replaced_and_a_newer_one_kept() {
    let server =
        ScriptedServer::start(vec![token_answer("old", 3600), token_answer("new", 3600)]).await;
    let source = TokenSource::new(grant(&server, ClientAuthentication::BasicHeader));
    let http = http();

    assert_eq!(&*source.token(&http).await.unwrap(), "old");
    source.refuse("old").await;
    assert_eq!(&*source.token(&http).await.unwrap(), "new");
    // A late refusal of the old token leaves the new one alone.
    source.refuse("old").await;
    assert_eq!(&*source.token(&http).await.unwrap(), "new");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_refusal_by_the_token_endpoint_keeps_its_status_and_error() {
    let server = ScriptedServer::start(vec![answer(
        400,
        &[("content-type", "application/json")],
        r#"{"error":"invalid_client","error_description":"unknown client"}"#,
    )])
    .await;
    let source = TokenSource::new(grant(&server, ClientAuthentication::BasicHeader));

    let error = source.token(&http()).await.unwrap_err();

    assert!(
        matches!(&error, TokenError::Refused { status: 400, error: Some(code), description: Some(text) }
            if code == "invalid_client" && text == "unknown client"),
        "{error:?}"
    );
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("invalid_client"), "{shown}");
    assert!(!shown.contains("secret"), "{shown}");
}

#[tokio::test]
async fn a_success_without_a_token_or_a_token_endpoint_that_is_gone_is_an_error() {
    let server = ScriptedServer::start(vec![answer(200, &[], "{}")]).await;
    let source = TokenSource::new(grant(&server, ClientAuthentication::BasicHeader));
    let error = source.token(&http()).await.unwrap_err();
    assert!(
        matches!(error, TokenError::NoToken { status: 200 }),
        "{error:?}"
    );

    let gone = ClientCredentials {
        token_url: "http://127.0.0.1:1/token".into(),
        ..grant(&server, ClientAuthentication::BasicHeader)
    };
    let error = TokenSource::new(gone).token(&http()).await.unwrap_err();
    assert!(matches!(error, TokenError::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn a_token_without_a_lifetime_is_kept_until_refused() {
    let server = ScriptedServer::start(vec![answer(
        200,
        &[],
        r#"{"access_token":"forever","token_type":"bearer"}"#,
    )])
    .await;
    let source = TokenSource::new(grant(&server, ClientAuthentication::BasicHeader));
    let http = http();

    assert_eq!(&*source.token(&http).await.unwrap(), "forever");
    assert_eq!(&*source.token(&http).await.unwrap(), "forever");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn the_secret_never_reaches_debug() {
    let source = TokenSource::new(ClientCredentials {
        token_url: "https://auth.example.com/token".into(),
        client_id: "client".into(),
        client_secret: "s3cr3t".into(),
        scope: None,
        extra: Vec::new(),
        authentication: ClientAuthentication::BasicHeader,
    });
    let shown = format!("{source:?}");
    assert!(shown.contains("client"), "{shown}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
}
