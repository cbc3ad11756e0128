//! Credentials computed for each try (`TryCredential`), on the wire: Digest's challenge round
//! trip through the real `Client`, OAuth 1.0a signatures checked by a verifier written apart
//! from the signing code, and OAuth 2.0 tokens renewed once after a 401. Each server is a
//! scripted one on 127.0.0.1, so what is checked is what was sent.

use crate::test_settings;
use std::time::Duration;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use md5::{Digest as _, Md5};

use crate::auth::{
    ClientAuthentication, ClientCredentials, OAuth1Credentials, OAuth1Method, OAuth1Signer,
    OAuth2Bearer, TokenSource,
};
use crate::client::{Auth, Body, Client, Request};
use crate::http::{
    default_http_client, execute, start_request, CallOptions, EveryTry, RawResponse, RetryPolicy,
    TryCredential, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
};
use crate::scripted_server::{answer, Received, ScriptedServer};
use crate::TEST_OPERATION;

fn digest_request() -> Request {
    Request {
        operation: TEST_OPERATION,
        method: reqwest::Method::GET,
        path: "/dir/index.html".into(),
        query: vec![("q".into(), "1".into())],
        headers: Vec::new(),
        body: Body::None,
        auth: Auth::Digest,
    }
}

fn challenge(nonce: &str, stale: bool) -> String {
    let stale = if stale { ", stale=true" } else { "" };
    let value = format!(
        "Basic realm=\"other\", Digest realm=\"api@example.org\", qop=\"auth\", \
         algorithm=MD5, nonce=\"{nonce}\", opaque=\"op\"{stale}"
    );
    answer(401, &[("www-authenticate", value.as_str())], "")
}

/// The `name="value"` (or `name=value`) fields of a `Digest …` or `OAuth …` header.
fn fields(header: &str) -> Vec<(String, String)> {
    let (_, list) = header.split_once(' ').unwrap();
    list.split(", ")
        .map(|field| {
            let (name, value) = field.split_once('=').unwrap();
            (name.to_string(), value.trim_matches('"').to_string())
        })
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    &fields.iter().find(|(key, _)| key == name).unwrap().1
}

fn md5_hex(text: &str) -> String {
    Md5::digest(text)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Checks a Digest answer as a server would (RFC 7616 §3.4.1, MD5, qop=auth), from the
/// password it knows and the request it received.
fn digest_is_valid(request: &Received, password: &str, nonce: &str) -> bool {
    let Some(header) = request.header("authorization") else {
        return false;
    };
    let fields = fields(header);
    let ha1 = md5_hex(&format!(
        "{}:{}:{password}",
        field(&fields, "username"),
        field(&fields, "realm")
    ));
    let ha2 = md5_hex(&format!("{}:{}", request.method, request.target));
    let expected = md5_hex(&format!(
        "{ha1}:{nonce}:{}:{}:auth:{ha2}",
        field(&fields, "nc"),
        field(&fields, "cnonce")
    ));
    field(&fields, "uri") == request.target
        && field(&fields, "nonce") == nonce
        && field(&fields, "response") == expected
}

#[tokio::test]
async fn digest_answers_the_challenge_then_reuses_it_counting_the_nonce() {
    let ok = answer(200, &[], "{}");
    let server = ScriptedServer::start(vec![challenge("n1", false), ok.clone(), ok]).await;
    let client = Client::new(&server.base_url).with_digest_auth("Mufasa", "Circle of Life");

    let first = client
        .send(digest_request(), &CallOptions::default())
        .await
        .unwrap();
    let second = client
        .send(digest_request(), &CallOptions::default())
        .await
        .unwrap();

    assert_eq!((first.status, second.status), (200, 200));
    let received = server.received();
    assert_eq!(received.len(), 3, "one challenge, then answered at once");
    assert_eq!(received[0].header("authorization"), None);
    assert!(digest_is_valid(&received[1], "Circle of Life", "n1"));
    assert!(digest_is_valid(&received[2], "Circle of Life", "n1"));
    let count = |request: &Received| {
        field(&fields(request.header("authorization").unwrap()), "nc").to_string()
    };
    assert_eq!(
        (count(&received[1]), count(&received[2])),
        ("00000001".into(), "00000002".into())
    );
    // The verifier refuses a wrong password: the check above can fail.
    assert!(!digest_is_valid(&received[1], "wrong", "n1"));
    assert_eq!(
        first.retries, 1,
        "the challenged try counts as a try before"
    );
}

#[tokio::test]
async fn a_stale_nonce_is_answered_anew_and_a_wrong_password_is_sent_once_more_only() {
    let ok = answer(200, &[], "{}");
    let server = ScriptedServer::start(vec![
        challenge("n1", false),
        ok,
        challenge("n2", true),
        answer(200, &[], "{}"),
    ])
    .await;
    let client = Client::new(&server.base_url).with_digest_auth("Mufasa", "Circle of Life");
    for _ in 0..2 {
        let response = client
            .send(digest_request(), &CallOptions::default())
            .await
            .unwrap();
        assert_eq!(response.status, 200);
    }
    let received = server.received();
    assert_eq!(received.len(), 4);
    assert!(digest_is_valid(&received[2], "Circle of Life", "n1"));
    assert!(digest_is_valid(&received[3], "Circle of Life", "n2"));

    // A server refusing every answer with the same nonce: the client does not loop.
    let refusing = ScriptedServer::start(vec![challenge("n1", false)]).await;
    let client = Client::new(&refusing.base_url)
        .with_digest_auth("Mufasa", "wrong")
        .with_max_retries(0);
    let response = client
        .send(digest_request(), &CallOptions::default())
        .await
        .unwrap();
    assert_eq!(response.status, 401);
    assert_eq!(refusing.received().len(), 2);
}

/// RFC 5849 §3.6 percent-encoding, written apart from the signing code.
fn rfc3986(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn decoded_pairs(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

/// Verifies an HMAC-SHA1 OAuth 1.0a request as a server would (RFC 5849 §3.4), from the
/// secrets it knows and the request it received: the parameters from the header, the query
/// or the form body, whichever carries them.
fn oauth1_is_valid(
    request: &Received,
    base_url: &str,
    consumer_secret: &str,
    token_secret: &str,
) -> bool {
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    let mut parameters = decoded_pairs(query);
    if request.header("content-type") == Some("application/x-www-form-urlencoded") {
        parameters.extend(decoded_pairs(std::str::from_utf8(&request.body).unwrap()));
    }
    if let Some(header) = request.header("authorization") {
        let protocol = fields(header).into_iter().map(|(name, value)| {
            let decode = |text: &str| {
                percent_encoding::percent_decode_str(text)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(&name), decode(&value))
        });
        parameters.extend(protocol.filter(|(name, _)| name != "realm"));
    }
    let Some(at) = parameters
        .iter()
        .position(|(name, _)| name == "oauth_signature")
    else {
        return false;
    };
    let (_, signature) = parameters.remove(at);
    let mut encoded: Vec<String> = parameters
        .iter()
        .map(|(name, value)| format!("{}={}", rfc3986(name), rfc3986(value)))
        .collect();
    encoded.sort();
    let base = format!(
        "{}&{}&{}",
        request.method,
        rfc3986(&format!("{base_url}{path}")),
        rfc3986(&encoded.join("&"))
    );
    let key = format!("{}&{}", rfc3986(consumer_secret), rfc3986(token_secret));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(base.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()) == signature
}

fn oauth1_signer(in_header: bool) -> OAuth1Signer {
    OAuth1Signer {
        credentials: OAuth1Credentials {
            consumer_key: "consumer key".into(),
            consumer_secret: "consumer/secret".into(),
            token: Some(("token".into(), "token secret&".into())),
            method: OAuth1Method::HmacSha1,
            realm: None,
            version: true,
        },
        in_header,
    }
}

/// Sends `method /path?a=1 b` with `form` (url-encoded, when some) through `execute` to
/// `server`, with `credential` applied to every try.
async fn send_with(
    server: &ScriptedServer,
    credential: &dyn TryCredential,
    method: reqwest::Method,
    form: Option<&[(&str, &str)]>,
    retry: RetryPolicy,
) -> Result<RawResponse, crate::Error> {
    let http = default_http_client(DEFAULT_CONNECT_TIMEOUT);
    let query = [("a".to_string(), "1 b".to_string())];
    let mut builder = start_request(
        &http,
        &server.base_url,
        method,
        "/path",
        &[],
        &query,
        DEFAULT_TIMEOUT,
    )?;
    if let Some(form) = form {
        builder = builder.form(form);
    }
    let every = EveryTry {
        credential: Some(credential),
        ..EveryTry::default()
    };
    execute(&http, builder, every, retry, test_settings()).await
}

fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
    }
}

#[tokio::test]
async fn oauth1_signs_every_try_anew_in_the_header() {
    let server = ScriptedServer::start(vec![answer(503, &[], ""), answer(200, &[], "")]).await;
    let signer = oauth1_signer(true);
    let form = [("status", "hi there!")];
    let response = send_with(
        &server,
        &signer,
        reqwest::Method::POST,
        Some(&form),
        quick_retries(1),
    )
    .await
    .unwrap();
    assert_eq!(response.status, 200);
    let received = server.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert!(request
            .header("authorization")
            .unwrap()
            .starts_with("OAuth "));
        assert!(oauth1_is_valid(
            request,
            &server.base_url,
            "consumer/secret",
            "token secret&"
        ));
        assert!(!oauth1_is_valid(
            request,
            &server.base_url,
            "consumer/secret",
            "other"
        ));
    }
    let nonce = |request: &Received| {
        field(
            &fields(request.header("authorization").unwrap()),
            "oauth_nonce",
        )
        .to_string()
    };
    assert_ne!(
        nonce(&received[0]),
        nonce(&received[1]),
        "a retry is signed anew"
    );
}

#[tokio::test]
async fn oauth1_parameters_go_in_a_post_form_else_in_the_query_as_postman_puts_them() {
    let signer = oauth1_signer(false);
    let server = ScriptedServer::start(vec![answer(200, &[], "")]).await;
    let form = [("status", "hi")];
    send_with(
        &server,
        &signer,
        reqwest::Method::POST,
        Some(&form),
        quick_retries(0),
    )
    .await
    .unwrap();
    let request = &server.received()[0];
    assert_eq!(request.header("authorization"), None);
    let body = decoded_pairs(std::str::from_utf8(&request.body).unwrap());
    assert_eq!(body[0], ("status".to_string(), "hi".to_string()));
    assert!(body.iter().any(|(name, _)| name == "oauth_signature"));
    assert!(oauth1_is_valid(
        request,
        &server.base_url,
        "consumer/secret",
        "token secret&"
    ));

    let server = ScriptedServer::start(vec![answer(200, &[], "")]).await;
    send_with(
        &server,
        &signer,
        reqwest::Method::GET,
        None,
        quick_retries(0),
    )
    .await
    .unwrap();
    let request = &server.received()[0];
    assert!(request
        .query()
        .iter()
        .any(|(name, _)| name == "oauth_signature"));
    assert!(oauth1_is_valid(
        request,
        &server.base_url,
        "consumer/secret",
        "token secret&"
    ));
}

fn token_answer(token: &str) -> String {
    answer(
        200,
        &[("content-type", "application/json")],
        &format!(r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":3600}}"#),
    )
}

fn bearer(server_url: &str) -> OAuth2Bearer {
    OAuth2Bearer {
        tokens: TokenSource::new(ClientCredentials {
            token_url: format!("{server_url}/oauth/token"),
            client_id: "client".into(),
            client_secret: "secret".into(),
            scope: None,
            extra: Vec::new(),
            authentication: ClientAuthentication::BasicHeader,
        }),
        prefix: "Bearer".into(),
    }
}

#[tokio::test]
async fn an_oauth2_token_refused_with_401_is_renewed_and_the_request_sent_once_more() {
    let server = ScriptedServer::start(vec![
        token_answer("t1"),
        answer(401, &[], ""),
        token_answer("t2"),
        answer(200, &[], ""),
    ])
    .await;
    let credential = bearer(&server.base_url);
    // No retries at all: the second try is the credential's, not the retry policy's.
    let response = send_with(
        &server,
        &credential,
        reqwest::Method::GET,
        None,
        quick_retries(0),
    )
    .await
    .unwrap();

    assert_eq!(response.status, 200);
    let sent: Vec<(String, Option<String>)> = server
        .received()
        .iter()
        .map(|request| {
            (
                request.path().to_string(),
                request.header("authorization").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(sent[0].0, "/oauth/token");
    assert_eq!(sent[1], ("/path".into(), Some("Bearer t1".into())));
    assert_eq!(sent[2].0, "/oauth/token");
    assert_eq!(sent[3], ("/path".into(), Some("Bearer t2".into())));
    assert_eq!(sent.len(), 4);
}

#[tokio::test]
async fn an_oauth2_request_refused_twice_is_answered_401_and_a_refusing_endpoint_is_an_error() {
    let server = ScriptedServer::start(vec![
        token_answer("t1"),
        answer(401, &[], ""),
        token_answer("t2"),
        answer(401, &[], ""),
    ])
    .await;
    let credential = bearer(&server.base_url);
    let response = send_with(
        &server,
        &credential,
        reqwest::Method::GET,
        None,
        quick_retries(2),
    )
    .await
    .unwrap();
    let (status, sent) = (response.status, server.received().len());
    assert_eq!((status, sent), (401, 4), "renewed once, never looped");

    let refusing = ScriptedServer::start(vec![answer(
        400,
        &[("content-type", "application/json")],
        r#"{"error":"invalid_client","error_description":"unknown client"}"#,
    )])
    .await;
    let credential = bearer(&refusing.base_url);
    let outcome = send_with(
        &refusing,
        &credential,
        reqwest::Method::GET,
        None,
        quick_retries(2),
    )
    .await;
    let Err(error) = outcome else {
        panic!("a refusing token endpoint let the request go");
    };
    let crate::Error::Credential(source) = &error else {
        panic!("not a credential error: {error:?}");
    };
    let Some(crate::auth::TokenError::Refused {
        status: 400,
        error: Some(code),
        ..
    }) = source.downcast_ref()
    else {
        panic!("not the endpoint's refusal: {source:?}");
    };
    assert_eq!(code, "invalid_client");
    assert!(!error.to_string().contains("secret"), "{error}");
    assert_eq!(
        refusing.received().len(),
        1,
        "the API is never called without a token"
    );
}

#[tokio::test]
async fn a_token_source_given_another_token_url_asks_it_and_forgets_the_old_token() {
    let first = ScriptedServer::start(vec![token_answer("old")]).await;
    let second = ScriptedServer::start(vec![token_answer("new")]).await;
    let http = default_http_client(DEFAULT_CONNECT_TIMEOUT);
    let tokens = bearer(&first.base_url).tokens;
    assert_eq!(&*tokens.token(&http).await.unwrap(), "old");

    let moved = tokens.with_token_url(format!("{}/oauth/token", second.base_url));

    assert_eq!(&*moved.token(&http).await.unwrap(), "new");
    assert_eq!(second.received()[0].path(), "/oauth/token");
    assert_eq!(first.received().len(), 1);
}

fn jwt_signer(key: Result<crate::auth::JwtKey, crate::auth::JwtError>) -> crate::auth::JwtSigner {
    crate::auth::JwtSigner {
        settings: crate::auth::JwtSettings {
            algorithm: crate::auth::JwtAlgorithm::Hs256,
            header: serde_json::Map::new(),
            payload: crate::auth::json_object(r#"{"sub": "client", "scope": "read"}"#),
            placement: crate::auth::JwtPlacement::Header {
                prefix: "Bearer".into(),
            },
        },
        key,
    }
}

#[tokio::test]
async fn a_jwt_is_put_on_every_try_and_a_bad_secret_sends_nothing() {
    let server = ScriptedServer::start(vec![answer(503, &[], ""), answer(200, &[], "")]).await;
    let signer = jwt_signer(crate::auth::JwtKey::postman_secret("c2VjcmV0", true));
    send_with(
        &server,
        &signer,
        reqwest::Method::GET,
        None,
        quick_retries(1),
    )
    .await
    .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        let token = request
            .header("authorization")
            .unwrap()
            .strip_prefix("Bearer ")
            .unwrap();
        let (signed, signature) = token.rsplit_once('.').unwrap();
        // HS256 over the header and payload with the decoded secret, `secret`.
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"secret").unwrap();
        mac.update(signed.as_bytes());
        let expected =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        assert_eq!(signature, expected);
    }

    let server = ScriptedServer::start(vec![answer(200, &[], "")]).await;
    let signer = jwt_signer(crate::auth::JwtKey::postman_secret("not base64!", true));
    let outcome = send_with(
        &server,
        &signer,
        reqwest::Method::GET,
        None,
        quick_retries(1),
    )
    .await;
    assert!(matches!(outcome, Err(crate::Error::Credential(_))));
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn aws_requests_are_signed_on_every_try_at_the_time_they_are_sent() {
    let server = ScriptedServer::start(vec![answer(503, &[], ""), answer(200, &[], "")]).await;
    let signer = crate::auth::AwsSigner {
        credentials: crate::auth::AwsCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "secret".into(),
            session_token: Some("session".into()),
        },
        scope: crate::auth::AwsScope {
            region: "eu-west-1".into(),
            service: "execute-api".into(),
            in_query: false,
        },
    };
    let form = [("a", "1")];
    send_with(
        &server,
        &signer,
        reqwest::Method::POST,
        Some(&form),
        quick_retries(1),
    )
    .await
    .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        let authorization = request.header("authorization").unwrap();
        assert!(
            authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                && authorization.contains("/eu-west-1/execute-api/aws4_request"),
            "{authorization}"
        );
        assert_eq!(request.header("x-amz-security-token"), Some("session"));
        assert!(request.header("x-amz-date").is_some());
    }
    // The signature itself is checked by the verifier of `aws_sigv4_tests.rs`.
}

#[tokio::test]
async fn a_client_without_a_token_url_fails_its_calls_saying_so_and_sends_nothing() {
    let server = ScriptedServer::start(vec![answer(200, &[], "")]).await;
    let mut credential = bearer(&server.base_url);
    credential.tokens = credential.tokens.with_token_url(String::new());
    let outcome = send_with(
        &server,
        &credential,
        reqwest::Method::GET,
        None,
        quick_retries(0),
    )
    .await;
    let Err(crate::Error::Credential(source)) = outcome else {
        panic!("a request went without a token");
    };
    assert!(matches!(
        source.downcast_ref(),
        Some(crate::auth::TokenError::NoTokenUrl)
    ));
    assert!(server.received().is_empty());
}
