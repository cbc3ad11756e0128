//! The `signed-auth` fixture client (OAuth 2.0 client credentials, OAuth 1.0a, HTTP Digest)
//! against wiremock servers on 127.0.0.1 that check each credential as the real service
//! would, with verifiers written here, apart from the client's code: tokens obtained from the
//! token endpoint the collection names, renewed after a 401; signatures recomputed from the
//! request as received; Digest challenges answered.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use base64::Engine as _;
use fixture_signed_auth::statuses::{PostStatusRequest, PostStatusResponse};
use fixture_signed_auth::tokens::ListThingsResponse;
use fixture_signed_auth::vault::ReadSecretResponse;
use fixture_signed_auth::{Client, Error, TokenError};
use hmac::{Hmac, Mac};
use md5::{Digest as _, Md5};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

fn form(request: &Request) -> Vec<(String, String)> {
    form_urlencoded::parse(&request.body).into_owned().collect()
}

/// A token endpoint handing out `t1`, `t2`, … for the client `client`/`secret` (HTTP basic),
/// counting the tokens it gave.
struct TokenEndpoint(Arc<AtomicUsize>);

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let basic = base64::engine::general_purpose::STANDARD.encode("client:secret");
        if header(request, "authorization") != Some(&format!("Basic {basic}")) {
            return ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"error": "invalid_client"}));
        }
        let issued = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": format!("t{issued}"),
            "token_type": "Bearer",
            "expires_in": 3600,
        }))
    }
}

/// An API that accepts only the tokens in its list, answering the body with it.
struct TokenProtected(Vec<&'static str>, serde_json::Value);

/// The things `GET /things` lists.
fn things() -> serde_json::Value {
    serde_json::json!([{"id": "t1"}])
}

impl Respond for TokenProtected {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match header(request, "authorization").and_then(|value| value.strip_prefix("Bearer ")) {
            Some(token) if self.0.contains(&token) => {
                ResponseTemplate::new(200).set_body_json(self.1.clone())
            }
            _ => ResponseTemplate::new(401),
        }
    }
}

async fn oauth2_server(valid: Vec<&'static str>) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let issued = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(TokenEndpoint(Arc::clone(&issued)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(TokenProtected(valid, things()))
        .mount(&server)
        .await;
    (server, issued)
}

#[tokio::test]
async fn oauth2_tokens_come_from_the_token_url_under_the_clients_base_url_once_for_all_calls() {
    let (server, issued) = oauth2_server(vec!["t1"]).await;
    // The collection writes `{{baseUrl}}/oauth/token`: the token url follows `Client::new`.
    let client = Client::new(server.uri()).with_oauth2_client_credentials("client", "secret");

    let calls = (0..50).map(|_| client.tokens().list_things());
    let responses = futures_util::future::join_all(calls).await;

    for response in responses {
        assert!(matches!(response.unwrap(), ListThingsResponse::Ok(_)));
    }
    assert_eq!(
        issued.load(Ordering::SeqCst),
        1,
        "one token for 50 concurrent calls"
    );
    let requests = server.received_requests().await.unwrap();
    let token_request = requests
        .iter()
        .find(|r| r.url.path() == "/oauth/token")
        .unwrap();
    assert_eq!(
        form(token_request),
        [
            ("grant_type", "client_credentials"),
            ("scope", "things:read things:write"),
            ("audience", "https://api.example.com"),
        ]
        .map(|(key, value)| (key.to_string(), value.to_string()))
    );
}

#[tokio::test]
async fn an_oauth2_token_the_api_refuses_is_renewed_and_the_call_sent_once_more() {
    // The API takes only the second token: the first call is refused once, then succeeds.
    let (server, issued) = oauth2_server(vec!["t2"]).await;
    let client = Client::new(server.uri())
        .with_oauth2_client_credentials("client", "secret")
        .with_max_retries(0);

    let response = client.tokens().list_things().with_meta().await.unwrap();

    assert!(matches!(response.value, ListThingsResponse::Ok(_)));
    assert_eq!(response.retries, 1);
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let api_calls: Vec<Option<String>> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/things")
        .map(|r| header(r, "authorization").map(str::to_string))
        .collect();
    assert_eq!(
        api_calls,
        [Some("Bearer t1".into()), Some("Bearer t2".into())]
    );
}

#[tokio::test]
async fn a_token_endpoint_refusing_the_client_fails_the_call_with_its_error() {
    let (server, _) = oauth2_server(vec!["t1"]).await;
    let client = Client::new(server.uri()).with_oauth2_client_credentials("client", "wrong");

    let error = client.tokens().list_things().await.unwrap_err();

    let Error::Credential(source) = &error else {
        panic!("not a credential error: {error:?}");
    };
    let Some(TokenError::Refused {
        status: 401,
        error: Some(code),
        ..
    }) = source.downcast_ref()
    else {
        panic!("not the endpoint's refusal: {source:?}");
    };
    assert_eq!(code, "invalid_client");
    assert!(!format!("{error:?} {client:?}").contains("wrong"));
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests.iter().all(|r| r.url.path() == "/oauth/token"),
        "the API was called"
    );
}

#[tokio::test]
async fn a_token_url_on_another_origin_is_set_with_its_setter_and_given_the_secret_in_the_form() {
    let login = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "p1", "expires_in": 60})),
        )
        .mount(&login)
        .await;
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&api)
        .await;
    // The collection's `https://login.example.net/token` is replaced, before or after.
    let client = Client::new(api.uri())
        .with_partner_client_credentials("partner", "partner-secret")
        .with_partner_token_url(format!("{}/token", login.uri()));

    client.partner().partner_things().await.unwrap();

    let token_request = &login.received_requests().await.unwrap()[0];
    assert_eq!(header(token_request, "authorization"), None);
    let form = form(token_request);
    assert!(
        form.contains(&("client_id".into(), "partner".into())),
        "{form:?}"
    );
    assert!(
        form.contains(&("client_secret".into(), "partner-secret".into())),
        "{form:?}"
    );
    let api_request = &api.received_requests().await.unwrap()[0];
    assert_eq!(header(api_request, "authorization"), Some("Bearer p1"));
}

/// RFC 5849 §3.6 percent-encoding.
fn rfc3986(text: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, KEEP).to_string()
}

/// An API that checks OAuth 1.0a HMAC-SHA1 signatures (RFC 5849 §3.4) in `Authorization`,
/// knowing the consumer and token secrets, and refuses a nonce it has seen.
struct OAuth1Verifier {
    secrets: (&'static str, &'static str),
    nonces: std::sync::Mutex<Vec<String>>,
}

impl OAuth1Verifier {
    fn valid(&self, request: &Request) -> bool {
        // The parameters come in `Authorization: OAuth …`, or in the query or form.
        let mut protocol: Vec<(String, String)> = header(request, "authorization")
            .and_then(|h| h.strip_prefix("OAuth "))
            .map(|fields| {
                fields
                    .split(", ")
                    .filter_map(|field| field.split_once('='))
                    .map(|(name, value)| {
                        let decode = |text: &str| {
                            percent_encoding::percent_decode_str(text.trim_matches('"'))
                                .decode_utf8_lossy()
                                .into_owned()
                        };
                        (decode(name), decode(value))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        if header(request, "content-type") == Some("application/x-www-form-urlencoded") {
            pairs.extend(form(request));
        }
        pairs.append(&mut protocol);
        let Some(at) = pairs.iter().position(|(name, _)| name == "oauth_signature") else {
            return false;
        };
        let (_, signature) = pairs.remove(at);
        let protocol: Vec<(String, String)> = pairs
            .iter()
            .filter(|(name, _)| name.starts_with("oauth_"))
            .cloned()
            .collect();
        let mut encoded: Vec<String> = pairs
            .iter()
            .map(|(name, value)| format!("{}={}", rfc3986(name), rfc3986(value)))
            .collect();
        encoded.sort();
        let url = &request.url;
        let base = format!(
            "{}&{}&{}",
            request.method.as_str(),
            // The authority the client addressed, as its `Host` header says.
            rfc3986(&format!(
                "{}://{}{}",
                url.scheme(),
                header(request, "host").unwrap_or_default(),
                url.path()
            )),
            rfc3986(&encoded.join("&"))
        );
        let key = format!("{}&{}", rfc3986(self.secrets.0), rfc3986(self.secrets.1));
        let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(base.as_bytes());
        let expected =
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        let nonce = protocol
            .iter()
            .find(|(name, _)| name == "oauth_nonce")
            .map(|(_, n)| n.clone());
        let mut nonces = self.nonces.lock().unwrap();
        let fresh = nonce.is_some_and(|nonce| {
            !nonces.contains(&nonce) && {
                nonces.push(nonce);
                true
            }
        });
        expected == signature && fresh
    }
}

impl Respond for OAuth1Verifier {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if self.valid(request) {
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "s1"}))
        } else {
            ResponseTemplate::new(401)
        }
    }
}

#[tokio::test]
async fn oauth1_requests_and_their_form_bodies_are_signed_on_every_try() {
    let server = MockServer::start().await;
    // The first try of each request is refused as unavailable: the retry is signed anew.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(OAuth1Verifier {
            secrets: ("consumer/secret", "token secret"),
            nonces: std::sync::Mutex::new(Vec::new()),
        })
        .mount(&server)
        .await;
    let client = Client::new(server.uri())
        .with_oauth1("consumer key", "consumer/secret", "token", "token secret")
        .with_retry_backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(2),
        );

    let body = PostStatusRequest {
        status: Some("hello there!".into()),
        ..Default::default()
    };
    let posted = client.statuses().post_status(&body).await.unwrap();
    let read = client.statuses().get_status("s 1").await.unwrap();

    assert!(matches!(posted, PostStatusResponse::Ok(_)), "{posted:?}");
    assert_eq!(read.status(), 200);
    // One setter for the same secrets: the Search folder places them in the query.
    let searched = client
        .search()
        .search_statuses(&Default::default())
        .await
        .unwrap();
    assert_eq!(searched.status(), 200);
    let requests = server.received_requests().await.unwrap();
    let search = requests.iter().find(|r| r.url.path() == "/search").unwrap();
    assert_eq!(header(search, "authorization"), None);
    assert!(search
        .url
        .query_pairs()
        .any(|(name, _)| name == "oauth_signature"));
    let wrong =
        Client::new(server.uri()).with_oauth1("consumer key", "other", "token", "token secret");
    assert_eq!(
        wrong.statuses().get_status("s1").await.unwrap().status(),
        401
    );
}

/// An API behind HTTP Digest (RFC 7616, MD5, qop=auth) that knows the password and issues
/// the nonce `n1`.
struct DigestProtected;

fn md5_hex(text: &str) -> String {
    Md5::digest(text)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

impl Respond for DigestProtected {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let challenge = ResponseTemplate::new(401).insert_header(
            "www-authenticate",
            "Digest realm=\"vault\", qop=\"auth\", nonce=\"n1\", algorithm=MD5",
        );
        let Some(answer) = header(request, "authorization").and_then(|h| h.strip_prefix("Digest "))
        else {
            return challenge;
        };
        let fields: Vec<(&str, &str)> = answer
            .split(", ")
            .filter_map(|field| field.split_once('='))
            .map(|(name, value)| (name, value.trim_matches('"')))
            .collect();
        let get = |name: &str| {
            fields
                .iter()
                .find(|(key, _)| *key == name)
                .map_or("", |(_, v)| v)
        };
        let target = match request.url.query() {
            Some(query) => format!("{}?{query}", request.url.path()),
            None => request.url.path().to_string(),
        };
        let ha1 = md5_hex(&format!("{}:vault:open sesame", get("username")));
        let ha2 = md5_hex(&format!("GET:{target}"));
        let expected = md5_hex(&format!(
            "{ha1}:n1:{}:{}:auth:{ha2}",
            get("nc"),
            get("cnonce")
        ));
        if get("response") == expected && get("uri") == target {
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"value": "x"}))
        } else {
            challenge
        }
    }
}

#[tokio::test]
async fn digest_requests_answer_the_challenge_and_a_wrong_password_is_not_looped() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(DigestProtected)
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).with_digest_auth("ali", "open sesame");

    let first = client.vault().read_secret("key 1").await.unwrap();
    let second = client.vault().read_secret("key 2").await.unwrap();

    assert!(matches!(first, ReadSecretResponse::Ok(_)), "{first:?}");
    assert!(matches!(second, ReadSecretResponse::Ok(_)), "{second:?}");
    // One challenge, then answered at once.
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    let wrong = Client::new(server.uri()).with_digest_auth("ali", "guess");
    let refused = wrong.vault().read_secret("k").await.unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        5,
        "sent twice, no more"
    );
}

/// A token endpoint for the refresh grant: refresh token `rN` gives access token `aN` and
/// rotates to `r{N+1}`, for the client `app`/`app-secret` sent in the form.
struct RefreshEndpoint;

impl Respond for RefreshEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form = form(request);
        let value = |key: &str| {
            form.iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value.as_str())
        };
        let client_ok =
            value("client_id") == Some("app") && value("client_secret") == Some("app-secret");
        let refresh = value("refresh_token").and_then(|token| token.strip_prefix('r'));
        match (
            value("grant_type"),
            client_ok,
            refresh.and_then(|n| n.parse::<u32>().ok()),
        ) {
            (Some("refresh_token"), true, Some(n)) => {
                ResponseTemplate::new(200).set_body_json(serde_json::json!({
                    "access_token": format!("a{n}"),
                    "refresh_token": format!("r{}", n + 1),
                    "expires_in": 3600,
                }))
            }
            _ => ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"error": "invalid_grant"})),
        }
    }
}

#[tokio::test]
async fn a_refresh_token_is_renewed_and_its_rotations_are_kept_for_the_application() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(RefreshEndpoint)
        .mount(&server)
        .await;
    // The API takes only the second access token: the first is refused, and renewed.
    Mock::given(method("GET"))
        .and(path("/me"))
        .respond_with(TokenProtected(
            vec!["a2"],
            serde_json::json!({"name": "Ada"}),
        ))
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).with_app_refresh_token("app", "app-secret", "r1");
    assert_eq!(client.app_refresh_token().as_deref(), Some("r1"));

    let response = client.profile().get_profile().await.unwrap();

    assert_eq!(response.status(), 200);
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .map(|r| {
            let form = form(r);
            assert!(
                form.contains(&("scope".into(), "profile".into())),
                "{form:?}"
            );
            form.into_iter()
                .find(|(name, _)| name == "refresh_token")
                .unwrap()
                .1
        })
        .collect();
    assert_eq!(sent, ["r1", "r2"], "each renewal sends the rotated token");
    assert_eq!(client.app_refresh_token().as_deref(), Some("r3"));
}

#[tokio::test]
async fn tokens_from_the_applications_provider_are_shared_by_concurrent_calls() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(TokenProtected(vec!["provided"], things()))
        .mount(&server)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let client = Client::new(server.uri()).with_oauth2_token_provider(move || {
        counted.fetch_add(1, Ordering::SeqCst);
        Box::pin(async {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            Ok(fixture_signed_auth::ProvidedToken {
                value: "provided".into(),
                expires_in: Some(std::time::Duration::from_secs(600)),
            })
        })
    });

    let responses =
        futures_util::future::join_all((0..20).map(|_| client.tokens().list_things())).await;

    for response in responses {
        assert!(matches!(response.unwrap(), ListThingsResponse::Ok(_)));
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

/// An API that accepts HS256 JSON Web Tokens signed with `secret` (RFC 7515 §5.2, checked
/// here with `hmac`) whose claims are `claims`.
struct JwtProtected {
    secret: &'static [u8],
    claims: serde_json::Value,
}

impl Respond for JwtProtected {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let token =
            header(request, "authorization").and_then(|value| value.strip_prefix("Bearer "));
        let Some((signed, signature)) = token.and_then(|token| token.rsplit_once('.')) else {
            return ResponseTemplate::new(401);
        };
        let base64url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(self.secret).unwrap();
        mac.update(signed.as_bytes());
        let valid_signature = base64url.encode(mac.finalize().into_bytes()) == signature;
        let decode = |part: &str| {
            base64url
                .decode(part)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        };
        let (header_part, claims_part) = signed.split_once('.').unwrap_or_default();
        let header_ok =
            decode(header_part) == Some(serde_json::json!({"typ": "JWT", "alg": "HS256"}));
        if valid_signature && header_ok && decode(claims_part).as_ref() == Some(&self.claims) {
            ResponseTemplate::new(200).set_body_json(serde_json::json!([{"id": "r1"}]))
        } else {
            ResponseTemplate::new(401)
        }
    }
}

#[tokio::test]
async fn jwt_requests_carry_the_collections_claims_signed_with_the_secret() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(JwtProtected {
            secret: b"jwt secret",
            // `{{client_name}}` substituted from the collection's variables.
            claims: serde_json::json!({"iss": "fixture", "scope": "reports"}),
        })
        .mount(&server)
        .await;

    let accepted = Client::new(server.uri()).with_jwt_secret("jwt secret");
    let refused = Client::new(server.uri()).with_jwt_secret("other secret");

    assert_eq!(
        accepted.reports().list_reports().await.unwrap().status(),
        200
    );
    assert_eq!(
        refused.reports().list_reports().await.unwrap().status(),
        401
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn hmac_sha256(key: &[u8], text: &str) -> Vec<u8> {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(text.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// An API that checks AWS Signature Version 4 in headers (AWS's "Create a signed AWS API
/// request": canonical request, string to sign, the derived key), knowing the secret key,
/// for `eu-west-1`/`execute-api`. Paths and query values here are plain words, so the
/// canonical forms need no encoding beyond what is written below.
struct AwsVerifier;

impl AwsVerifier {
    fn valid(request: &Request) -> bool {
        let Some(authorization) = header(request, "authorization") else {
            return false;
        };
        let field = |name: &str| {
            authorization
                .split([' ', ','])
                .find_map(|part| part.strip_prefix(name))
                .unwrap_or_default()
        };
        let (credential, signed_headers, signature) = (
            field("Credential="),
            field("SignedHeaders="),
            field("Signature="),
        );
        let amz_date = header(request, "x-amz-date").unwrap_or_default();
        let mut query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        query.sort();
        let canonical_query: Vec<String> = query
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        let canonical_headers: String = signed_headers
            .split(';')
            .map(|name| {
                format!(
                    "{name}:{}\n",
                    header(request, name).unwrap_or_default().trim()
                )
            })
            .collect();
        let canonical_request = format!(
            "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{}",
            request.method.as_str(),
            request.url.path(),
            canonical_query.join("&"),
            hex(&sha2::Sha256::digest(&request.body))
        );
        let scope = format!(
            "{}/eu-west-1/execute-api/aws4_request",
            &amz_date[..8.min(amz_date.len())]
        );
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
            hex(&sha2::Sha256::digest(canonical_request.as_bytes()))
        );
        let mut key = hmac_sha256(b"AWS4secret-key", &amz_date[..8.min(amz_date.len())]);
        for part in ["eu-west-1", "execute-api", "aws4_request"] {
            key = hmac_sha256(&key, part);
        }
        credential == format!("AKIDEXAMPLE/{scope}")
            && signed_headers
                .split(';')
                .any(|name| name == "x-amz-security-token")
            && hex(&hmac_sha256(&key, &string_to_sign)) == signature
    }
}

impl Respond for AwsVerifier {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if AwsVerifier::valid(request) {
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"stored": true}))
        } else {
            ResponseTemplate::new(403)
        }
    }
}

#[tokio::test]
async fn aws_requests_are_signed_for_the_collections_region_and_service() {
    use fixture_signed_auth::archive::{StoreObjectQuery, StoreObjectRequest};
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(AwsVerifier)
        .mount(&server)
        .await;
    let query = StoreObjectQuery {
        version: Some("2".into()),
    };
    let body = StoreObjectRequest {
        key: Some("a".into()),
        size: Some(1),
        ..Default::default()
    };
    let (query, body) = (&query, &body);
    let send = |client: Client| async move {
        let response = client
            .archive()
            .store_object("a", query, body)
            .await
            .unwrap();
        response.status()
    };

    let signing =
        Client::new(server.uri()).with_aws_credentials("AKIDEXAMPLE", "secret-key", "token");
    // `{{aws_region}}` is `eu-west-1` in the collection's variables.
    assert_eq!(send(signing.clone()).await, 200);
    assert_eq!(
        send(signing.clone().with_aws_scope("us-east-1", "execute-api")).await,
        403
    );
    let wrong = Client::new(server.uri()).with_aws_credentials("AKIDEXAMPLE", "other", "token");
    assert_eq!(send(wrong).await, 403);
}

#[tokio::test]
async fn the_mock_server_hands_out_tokens_so_a_client_given_credentials_works_against_it() {
    use fixture_signed_auth::mock::MockServer;
    let server = MockServer::start().await;
    let client = Client::new(server.base_url())
        .with_oauth2_client_credentials("client", "secret")
        .with_partner_client_credentials("partner", "secret")
        // The partner's token endpoint is on another origin: pointed at the mock's path.
        .with_partner_token_url(format!("{}/token", server.base_url()));

    let things = client.tokens().list_things().await.unwrap();
    let partner = client.partner().partner_things().await.unwrap();

    assert!(matches!(things, ListThingsResponse::Ok(_)), "{things:?}");
    assert_eq!(partner.status(), 200);
    let sent: Vec<(String, Option<String>)> = server
        .received_requests()
        .iter()
        .map(|received| {
            (
                received.path().to_string(),
                received.header("authorization").map(str::to_string),
            )
        })
        .collect();
    assert!(
        sent.contains(&("/things".into(), Some("Bearer mock-access-token".into()))),
        "{sent:?}"
    );
    assert!(sent.iter().any(|(path, _)| path == "/token"), "{sent:?}");
}
