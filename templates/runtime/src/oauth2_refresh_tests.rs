//! `TokenSource::refreshing`: the refresh request as RFC 6749 §6 writes it, checked on the
//! wire by a scripted server on 127.0.0.1; rotated refresh tokens sent next and told to the
//! application; a given access token used first; one request for many callers; renewal
//! before expiry and after a refusal; `invalid_grant` kept, once per call.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::auth::{ClientAuthentication, ProvidedToken, RefreshGrant, TokenError, TokenSource};
use crate::oauth2_tests::{fifty_at_once, form, http, pairs, token_answer};
use crate::scripted_server::{answer, ScriptedServer};

fn grant(server: &ScriptedServer, authentication: ClientAuthentication) -> RefreshGrant {
    RefreshGrant {
        token_url: format!("{}/oauth/token", server.base_url),
        client_id: "client".into(),
        client_secret: "secret".into(),
        refresh_token: "r1".into(),
        scope: Some("read".into()),
        extra: vec![("resource".into(), "https://api.example.com".into())],
        authentication,
        access_token: None,
        on_rotate: None,
    }
}

/// `grant` with an `on_rotate` that keeps what it is told.
fn recording_rotations(grant: RefreshGrant) -> (RefreshGrant, Arc<Mutex<Vec<String>>>) {
    let told = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&told);
    let on_rotate = move |rotated: &str| kept.lock().unwrap().push(rotated.to_string());
    let grant = RefreshGrant {
        on_rotate: Some(Arc::new(on_rotate)),
        ..grant
    };
    (grant, told)
}

/// A token answer that rotates the refresh token to `refresh_token`.
fn rotating_answer(token: &str, refresh_token: &str) -> String {
    answer(
        200,
        &[("content-type", "application/json")],
        &format!(
            r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":3600,"refresh_token":"{refresh_token}"}}"#
        ),
    )
}

/// The refresh token each request sent, in order.
fn refresh_tokens_sent(server: &ScriptedServer) -> Vec<String> {
    let received = server.received();
    let forms = received.iter().map(form);
    let sent = forms.map(|form| {
        let pair = form.into_iter().find(|(key, _)| key == "refresh_token");
        pair.map(|(_, value)| value).unwrap_or_default()
    });
    sent.collect()
}

#[tokio::test]
async fn the_refresh_request_sends_the_refresh_token_and_scope_with_basic_client_authentication() {
    let server = ScriptedServer::start(vec![token_answer("a1", 3600)]).await;
    let source = TokenSource::refreshing(grant(&server, ClientAuthentication::BasicHeader));
    let http = http();

    assert_eq!(&*source.token(&http).await.unwrap(), "a1");
    assert_eq!(&*source.token(&http).await.unwrap(), "a1");

    let received = server.received();
    assert_eq!(received.len(), 1, "a fresh token is reused");
    let request = &received[0];
    assert_eq!(
        request.header("authorization"),
        Some("Basic Y2xpZW50OnNlY3JldA==")
    );
    assert_eq!(
        form(request),
        pairs(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", "r1"),
            ("scope", "read"),
            ("resource", "https://api.example.com"),
        ])
    );
}

#[tokio::test]
async fn body_client_authentication_puts_the_id_and_secret_in_the_refresh_form() {
    let server = ScriptedServer::start(vec![token_answer("a1", 3600)]).await;
    let mut public = grant(&server, ClientAuthentication::Body);
    public.client_secret = String::new();
    public.scope = None;
    let http = http();

    TokenSource::refreshing(grant(&server, ClientAuthentication::Body))
        .token(&http)
        .await
        .unwrap();
    TokenSource::refreshing(public).token(&http).await.unwrap();

    let received = server.received();
    assert_eq!(received[0].header("authorization"), None);
    assert_eq!(
        form(&received[0]),
        pairs(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", "r1"),
            ("scope", "read"),
            ("client_id", "client"),
            ("client_secret", "secret"),
            ("resource", "https://api.example.com"),
        ])
    );
    // A public client has no secret to send (RFC 6749 §2.3.1).
    assert_eq!(
        form(&received[1]),
        pairs(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", "r1"),
            ("client_id", "client"),
            ("resource", "https://api.example.com"),
        ])
    );
}

#[tokio::test]
async fn a_rotated_refresh_token_is_sent_next_and_told_to_the_application() {
    let server = ScriptedServer::start(vec![
        rotating_answer("a1", "r2"),
        rotating_answer("a2", "r3"),
        // Unchanged, then absent: no rotation either time.
        rotating_answer("a3", "r3"),
        token_answer("a4", 3600),
        token_answer("a5", 3600),
    ])
    .await;
    let (grant, told) = recording_rotations(grant(&server, ClientAuthentication::BasicHeader));
    let source = TokenSource::refreshing(grant);
    let http = http();
    assert_eq!(source.current_refresh_token().as_deref(), Some("r1"));

    for expected in ["a1", "a2", "a3", "a4", "a5"] {
        let token = source.token(&http).await.unwrap();
        assert_eq!(&*token, expected);
        source.refuse(&token).await;
    }

    assert_eq!(refresh_tokens_sent(&server), ["r1", "r2", "r3", "r3", "r3"]);
    assert_eq!(*told.lock().unwrap(), ["r2", "r3"]);
    assert_eq!(source.current_refresh_token().as_deref(), Some("r3"));
}

#[tokio::test]
async fn a_given_access_token_is_sent_first_and_renewed_before_it_expires() {
    let server =
        ScriptedServer::start(vec![token_answer("short", 1), token_answer("next", 3600)]).await;
    let source = TokenSource::refreshing(RefreshGrant {
        access_token: Some(ProvidedToken {
            value: "given".into(),
            expires_in: Some(Duration::from_secs(1)),
        }),
        ..grant(&server, ClientAuthentication::BasicHeader)
    });
    let http = http();

    assert_eq!(&*source.token(&http).await.unwrap(), "given");
    assert!(server.received().is_empty(), "no request for a fresh token");
    // A one-second token is renewed after half of it, given or fetched alike.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(&*source.token(&http).await.unwrap(), "short");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(&*source.token(&http).await.unwrap(), "next");
    assert_eq!(refresh_tokens_sent(&server), ["r1", "r1"]);
}

#[tokio::test]
async fn a_refused_access_token_is_renewed_with_the_refresh_token() {
    let server = ScriptedServer::start(vec![token_answer("new", 3600)]).await;
    let source = TokenSource::refreshing(RefreshGrant {
        access_token: Some(ProvidedToken {
            value: "given".into(),
            expires_in: None,
        }),
        ..grant(&server, ClientAuthentication::BasicHeader)
    });
    let http = http();

    assert_eq!(&*source.token(&http).await.unwrap(), "given");
    assert_eq!(&*source.token(&http).await.unwrap(), "given");
    source.refuse("given").await;
    assert_eq!(&*source.token(&http).await.unwrap(), "new");
    assert_eq!(refresh_tokens_sent(&server), ["r1"]);
}

#[tokio::test]
async fn fifty_callers_at_once_share_one_refresh() {
    let server = ScriptedServer::start(vec![rotating_answer("shared", "r2")]).await;
    let (grant, told) = recording_rotations(grant(&server, ClientAuthentication::BasicHeader));
    let source = TokenSource::refreshing(grant);
    let http = http();

    for token in fifty_at_once(&source, &http).await {
        assert_eq!(token, "shared");
    }

    assert_eq!(server.received().len(), 1);
    assert_eq!(*told.lock().unwrap(), ["r2"]);
}

#[tokio::test]
async fn invalid_grant_is_a_refusal_with_its_error_and_one_request_per_call() {
    let server = ScriptedServer::start(vec![answer(
        400,
        &[("content-type", "application/json")],
        r#"{"error":"invalid_grant","error_description":"refresh token revoked","refresh_token":"r9"}"#,
    )])
    .await;
    let (grant, told) = recording_rotations(grant(&server, ClientAuthentication::BasicHeader));
    let source = TokenSource::refreshing(grant);
    let http = http();

    let error = source.token(&http).await.unwrap_err();

    assert!(
        matches!(&error, TokenError::Refused { status: 400, error: Some(code), description: Some(text) }
            if code == "invalid_grant" && text == "refresh token revoked"),
        "{error:?}"
    );
    assert_eq!(server.received().len(), 1, "one request, no retry loop");
    source.token(&http).await.unwrap_err();
    assert_eq!(refresh_tokens_sent(&server), ["r1", "r1"]);
    // Nothing in a refusal rotates.
    assert!(told.lock().unwrap().is_empty());
    assert_eq!(source.current_refresh_token().as_deref(), Some("r1"));
}

#[tokio::test]
async fn secrets_and_tokens_never_reach_debug() {
    let server = ScriptedServer::start(vec![rotating_answer("acc3ss-new", "r3fr3sh-new")]).await;
    let source = TokenSource::refreshing(RefreshGrant {
        client_secret: "s3cr3t".into(),
        refresh_token: "r3fr3sh".into(),
        access_token: Some(ProvidedToken {
            value: "acc3ss".into(),
            expires_in: Some(Duration::ZERO),
        }),
        ..grant(&server, ClientAuthentication::BasicHeader)
    });
    let given = ProvidedToken {
        value: "acc3ss".into(),
        expires_in: None,
    };

    let before = format!("{source:?} {given:?}");
    source.token(&http()).await.unwrap();
    let after = format!("{source:?}");

    assert_eq!(refresh_tokens_sent(&server), ["r3fr3sh"]);
    for shown in [before, after] {
        assert!(shown.contains("refresh_token"), "{shown}");
        assert!(shown.contains("client"), "{shown}");
        for secret in ["s3cr3t", "r3fr3sh", "acc3ss"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}
