//! AWS Signature Version 4: the signatures of AWS's own published examples (the IAM
//! `ListUsers` request of the General Reference's signing walkthrough; the S3 API reference's
//! `GET Object` and presigned-URL examples), and signed requests sent through reqwest to a
//! server on 127.0.0.1 whose recorded requests a SigV4 verifier written here, apart from the
//! signer, accepts or (once tampered with) refuses.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest as _, Sha256};

use crate::auth::{aws_sign, aws_sign_valid_for, AwsCredentials, AwsScope};
use crate::http::{default_http_client, DEFAULT_CONNECT_TIMEOUT};
use crate::scripted_server::{answer, Received, ScriptedServer};

/// 2015-08-30T12:36:00Z, the time of the General Reference's examples.
fn august_2015() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_440_938_160)
}

/// 2013-05-24T00:00:00Z, the time of the S3 API reference's examples.
fn may_2013() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_369_353_600)
}

fn credentials(access_key_id: &str, secret_access_key: &str) -> AwsCredentials {
    AwsCredentials {
        access_key_id: access_key_id.into(),
        secret_access_key: secret_access_key.into(),
        session_token: None,
    }
}

fn scope(region: &str, service: &str, in_query: bool) -> AwsScope {
    AwsScope {
        region: region.into(),
        service: service.into(),
        in_query,
    }
}

fn get(url: &str) -> reqwest::Request {
    reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap())
}

fn header<'a>(request: &'a reqwest::Request, name: &str) -> &'a str {
    request.headers()[name].to_str().unwrap()
}

#[test]
fn the_iam_list_users_example_is_signed_as_aws_signs_it() {
    let mut request = get("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08");
    request.headers_mut().insert(
        "content-type",
        "application/x-www-form-urlencoded; charset=utf-8"
            .parse()
            .unwrap(),
    );
    aws_sign(
        &mut request,
        &credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        &scope("us-east-1", "iam", false),
        august_2015(),
    )
    .unwrap();

    assert_eq!(header(&request, "x-amz-date"), "20150830T123600Z");
    assert_eq!(
        header(&request, "authorization"),
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date, \
         Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    );
    // Only S3 is sent the payload's hash.
    assert!(!request.headers().contains_key("x-amz-content-sha256"));
}

/// The S3 API reference's example keys (not the General Reference's: `/b`, not `+b`).
fn s3_example_keys() -> AwsCredentials {
    credentials(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
}

#[test]
fn the_s3_get_object_example_is_signed_as_aws_signs_it() {
    let mut request = get("https://examplebucket.s3.amazonaws.com/test.txt");
    request
        .headers_mut()
        .insert("range", "bytes=0-9".parse().unwrap());
    aws_sign(
        &mut request,
        &s3_example_keys(),
        &scope("us-east-1", "s3", false),
        may_2013(),
    )
    .unwrap();

    assert_eq!(
        header(&request, "x-amz-content-sha256"),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        header(&request, "authorization"),
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
         SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
         Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    );
}

#[test]
fn the_s3_presigned_url_example_is_the_url_aws_shows() {
    let mut request = get("https://examplebucket.s3.amazonaws.com/test.txt");
    aws_sign_valid_for(
        &mut request,
        &s3_example_keys(),
        &scope("us-east-1", "s3", true),
        may_2013(),
        Duration::from_secs(86_400),
    )
    .unwrap();

    assert_eq!(
        request.url().as_str(),
        "https://examplebucket.s3.amazonaws.com/test.txt\
         ?X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
         &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    );
    assert!(request.headers().is_empty(), "{:?}", request.headers());
}

/// SigV4 as AWS's documentation describes it, written apart from the signer: the keys the
/// verifying server shares with the client, and what it checks.
struct Verifier {
    access_key_id: &'static str,
    secret_access_key: &'static str,
    region: &'static str,
    service: &'static str,
}

/// What a verified request was signed with.
#[derive(Debug)]
struct Verified {
    signed_headers: Vec<String>,
    amz_date: String,
}

/// RFC 3986's unreserved characters: what SigV4's `UriEncode` leaves as they are.
const URI_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The same, with `/` kept: a path's segments.
const PATH_UNRESERVED: &AsciiSet = &URI_UNRESERVED.remove(b'/');

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn hmac_sha256(key: &[u8], text: &str) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    mac.update(text.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

impl Verifier {
    /// Checks `received` as AWS would: the credential scope is this verifier's, and the
    /// signature is the one its keys give for the request as it arrived.
    fn verify(&self, received: &Received) -> Result<Verified, String> {
        let query = received.raw_query_pairs();
        let in_query = query.iter().any(|(name, _)| name == "X-Amz-Signature");
        let field = |name: &str| -> Result<String, String> {
            if in_query {
                let mut values = query.iter().filter(|(key, _)| key == name);
                values
                    .next()
                    .map(|(_, value)| value.clone())
                    .ok_or(format!("no {name}"))
            } else {
                let authorization = received.header("authorization").ok_or("unsigned")?;
                let fields = authorization
                    .strip_prefix("AWS4-HMAC-SHA256 ")
                    .ok_or("not SigV4")?;
                let short = name.trim_start_matches("X-Amz-");
                fields
                    .split(", ")
                    .find_map(|field| field.strip_prefix(&format!("{short}=")))
                    .map(str::to_string)
                    .ok_or(format!("no {short}"))
            }
        };
        let credential = field("X-Amz-Credential")?;
        let signed_headers = field("X-Amz-SignedHeaders")?;
        let signature = field("X-Amz-Signature")?;
        let amz_date = if in_query {
            field("X-Amz-Date")?
        } else {
            received.header("x-amz-date").ok_or("no date")?.to_string()
        };
        let day = amz_date.get(..8).ok_or("short date")?;
        let credential_scope = format!("{day}/{}/{}/aws4_request", self.region, self.service);
        if credential != format!("{}/{credential_scope}", self.access_key_id) {
            return Err(format!("credential {credential}"));
        }

        let canonical_query = {
            let mut pairs: Vec<(String, String)> = query
                .iter()
                .filter(|(name, _)| name != "X-Amz-Signature")
                .map(|(name, value)| {
                    (
                        utf8_percent_encode(name, URI_UNRESERVED).to_string(),
                        utf8_percent_encode(value, URI_UNRESERVED).to_string(),
                    )
                })
                .collect();
            pairs.sort();
            let joined: Vec<String> = pairs
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            joined.join("&")
        };
        let names: Vec<&str> = signed_headers.split(';').collect();
        let mut canonical_headers = String::new();
        for name in &names {
            let values: Vec<String> = received
                .headers
                .iter()
                .filter(|(key, _)| key == name)
                .map(|(_, value)| value.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            if values.is_empty() {
                return Err(format!("signed header {name} not sent"));
            }
            canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
        }
        let body_hash = hex(&Sha256::digest(&received.body));
        let payload = if self.service == "s3" {
            let claimed = received
                .header("x-amz-content-sha256")
                .unwrap_or("UNSIGNED-PAYLOAD");
            if claimed != "UNSIGNED-PAYLOAD" && claimed != body_hash {
                return Err("the body is not the one hashed".into());
            }
            claimed.to_string()
        } else {
            body_hash
        };
        // S3 signs the path as sent; every other service encodes it once more.
        let path = if self.service == "s3" {
            received.path().to_string()
        } else {
            utf8_percent_encode(received.path(), PATH_UNRESERVED).to_string()
        };
        let canonical_request = format!(
            "{}\n{path}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{payload}",
            received.method
        );
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{credential_scope}\n{}",
            hex(&Sha256::digest(canonical_request.as_bytes()))
        );
        let mut key = format!("AWS4{}", self.secret_access_key).into_bytes();
        for part in [day, self.region, self.service, "aws4_request"] {
            key = hmac_sha256(&key, part);
        }
        let expected = hex(&hmac_sha256(&key, &string_to_sign));
        if expected != signature {
            return Err(format!("signature {signature}, expected {expected}"));
        }
        Ok(Verified {
            signed_headers: names.iter().map(|name| name.to_string()).collect(),
            amz_date,
        })
    }
}

impl Received {
    /// The query's pairs, percent-decoded only: SigV4 reads `+` as a plus, not a space.
    fn raw_query_pairs(&self) -> Vec<(String, String)> {
        let Some((_, query)) = self.target.split_once('?') else {
            return Vec::new();
        };
        let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().into_owned();
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(name), decode(value))
            })
            .collect()
    }
}

const SECRET: &str = "loopback/secret+KEY";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEJr//////////wEaDLoopbackToken+/=";

fn verifier(service: &'static str) -> Verifier {
    Verifier {
        access_key_id: "AKIDLOOPBACK",
        secret_access_key: SECRET,
        region: "eu-west-3",
        service,
    }
}

fn loopback_credentials(session_token: Option<&str>) -> AwsCredentials {
    AwsCredentials {
        access_key_id: "AKIDLOOPBACK".into(),
        secret_access_key: SECRET.into(),
        session_token: session_token.map(str::to_string),
    }
}

/// Signs what `build` makes of the server's base url for `service` and sends it; returns
/// the request as the server received it.
async fn sign_and_send(
    service: &str,
    in_query: bool,
    session_token: Option<&str>,
    build: impl FnOnce(&reqwest::Client, &str) -> reqwest::RequestBuilder,
) -> Received {
    let server = ScriptedServer::start(vec![answer(200, &[], "{}")]).await;
    let http = default_http_client(DEFAULT_CONNECT_TIMEOUT);
    let mut request = build(&http, &server.base_url).build().unwrap();
    aws_sign(
        &mut request,
        &loopback_credentials(session_token),
        &scope("eu-west-3", service, in_query),
        SystemTime::now(),
    )
    .unwrap();
    let response = http.execute(request).await.unwrap();
    assert_eq!(response.status(), 200);
    server.received().pop().unwrap()
}

#[tokio::test]
async fn a_get_with_a_query_and_an_added_header_verifies_on_the_wire() {
    let received = sign_and_send("execute-api", false, None, |http, base_url| {
        http.get(format!("{base_url}/stages/prod/items%20all"))
            .query(&[("q", "a b+c/d"), ("empty", ""), ("a", "1")])
            .header("x-tenant", "  acme   corp ")
    })
    .await;

    let verified = verifier("execute-api").verify(&received).unwrap();
    assert_eq!(
        verified.signed_headers,
        ["host", "x-amz-date", "x-tenant"],
        "{received:?}"
    );
    // The space reached the server as `%20`, which no decoder reads as a plus.
    assert!(received.target.contains("q=a%20b%2Bc%2Fd"), "{received:?}");
    assert!(received.header("x-amz-security-token").is_none());

    let mut tampered = received.clone();
    tampered.target = tampered.target.replace("a=1", "a=2");
    assert!(verifier("execute-api").verify(&tampered).is_err());
    let mut tampered = received.clone();
    for (name, value) in &mut tampered.headers {
        if name == "x-tenant" {
            *value = "other".into();
        }
    }
    assert!(verifier("execute-api").verify(&tampered).is_err());
    let wrong_secret = Verifier {
        secret_access_key: "another secret",
        ..verifier("execute-api")
    };
    assert!(wrong_secret.verify(&received).is_err());
    let wrong_service = verifier("lambda");
    assert!(wrong_service.verify(&received).is_err());
}

#[tokio::test]
async fn a_json_post_with_a_session_token_verifies_on_the_wire() {
    let received = sign_and_send("lambda", false, Some(SESSION_TOKEN), |http, base_url| {
        http.post(format!("{base_url}/2015-03-31/functions/f/invocations"))
            .header("content-type", "application/json")
            .body(r#"{"name":"ada","n":1}"#)
    })
    .await;

    let verified = verifier("lambda").verify(&received).unwrap();
    assert_eq!(
        verified.signed_headers,
        ["content-type", "host", "x-amz-date", "x-amz-security-token"]
    );
    assert_eq!(received.header("x-amz-security-token"), Some(SESSION_TOKEN));
    assert_eq!(received.body, br#"{"name":"ada","n":1}"#);

    let mut tampered = received.clone();
    tampered.body = br#"{"name":"eve","n":1}"#.to_vec();
    let refused = verifier("lambda").verify(&tampered).unwrap_err();
    assert!(refused.starts_with("signature"), "{refused}");
}

#[tokio::test]
async fn a_presigned_post_with_a_session_token_verifies_on_the_wire() {
    let received = sign_and_send("sqs", true, Some(SESSION_TOKEN), |http, base_url| {
        http.post(format!("{base_url}/123456789012/orders?Action=SendMessage"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("MessageBody=hello")
    })
    .await;

    let verified = verifier("sqs").verify(&received).unwrap();
    assert_eq!(verified.signed_headers, ["content-type", "host"]);
    assert!(received.header("authorization").is_none());
    assert!(received.header("x-amz-date").is_none());
    let query = received.raw_query_pairs();
    let value = |name: &str| {
        query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    assert_eq!(value("Action"), Some("SendMessage"));
    assert_eq!(value("X-Amz-Security-Token"), Some(SESSION_TOKEN));
    assert_eq!(value("X-Amz-Expires"), Some("900"));
    assert_eq!(value("X-Amz-Date"), Some(verified.amz_date.as_str()));

    let mut tampered = received.clone();
    tampered.body = b"MessageBody=bye".to_vec();
    assert!(verifier("sqs").verify(&tampered).is_err());
}

#[tokio::test]
async fn an_s3_put_sends_the_hash_of_its_body_and_verifies_on_the_wire() {
    let received = sign_and_send("s3", false, None, |http, base_url| {
        http.put(format!("{base_url}/bucket/notes/a%20b.txt"))
            .header("content-type", "text/plain")
            .body("Welcome to Amazon S3.")
    })
    .await;

    let verified = verifier("s3").verify(&received).unwrap();
    assert_eq!(
        verified.signed_headers,
        ["content-type", "host", "x-amz-content-sha256", "x-amz-date"]
    );
    assert_eq!(
        received.header("x-amz-content-sha256"),
        Some("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
    );

    let mut tampered = received.clone();
    tampered.body = b"Welcome to Amazon S4.".to_vec();
    assert_eq!(
        verifier("s3").verify(&tampered).unwrap_err(),
        "the body is not the one hashed"
    );
}

fn multipart(url: &str) -> reqwest::Request {
    let form = reqwest::multipart::Form::new().text("field", "value");
    default_http_client(DEFAULT_CONNECT_TIMEOUT)
        .post(url)
        .multipart(form)
        .build()
        .unwrap()
}

#[test]
fn a_streamed_body_is_unsigned_for_s3_and_refused_elsewhere() {
    let mut upload = multipart("https://bucket.s3.eu-west-3.amazonaws.com/a");
    aws_sign(
        &mut upload,
        &loopback_credentials(None),
        &scope("eu-west-3", "s3", false),
        SystemTime::now(),
    )
    .unwrap();
    assert_eq!(header(&upload, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");

    let mut post = multipart("https://api.example.com/upload");
    let refused = aws_sign(
        &mut post,
        &loopback_credentials(None),
        &scope("eu-west-3", "execute-api", false),
        SystemTime::now(),
    )
    .unwrap_err();
    assert!(refused.to_string().contains("streamed"), "{refused}");
    assert!(!post.headers().contains_key("authorization"));
}

#[test]
fn every_try_is_signed_anew_and_no_secret_is_shown() {
    let unsigned = get("https://iam.amazonaws.com/?Action=ListUsers");
    let credentials = loopback_credentials(Some(SESSION_TOKEN));
    let scope = scope("us-east-1", "iam", false);
    let signed_at = |time: SystemTime| {
        let mut request = unsigned.try_clone().unwrap();
        aws_sign(&mut request, &credentials, &scope, time).unwrap();
        request
    };
    let first = signed_at(august_2015());
    let second = signed_at(august_2015() + Duration::from_secs(1));
    assert_ne!(header(&first, "x-amz-date"), header(&second, "x-amz-date"));
    assert_ne!(
        header(&first, "authorization"),
        header(&second, "authorization")
    );
    // The same request at the same time is signed the same: nothing random is signed.
    assert_eq!(
        header(&first, "authorization"),
        header(&signed_at(august_2015()), "authorization")
    );

    let shown = format!("{credentials:?}");
    assert!(shown.contains("AKIDLOOPBACK"), "{shown}");
    assert!(
        !shown.contains(SECRET) && !shown.contains(SESSION_TOKEN),
        "{shown}"
    );
    let mut no_token = get("https://iam.amazonaws.com/");
    let empty_token = AwsCredentials {
        session_token: Some(String::new()),
        ..credentials.clone()
    };
    aws_sign(&mut no_token, &empty_token, &scope, august_2015()).unwrap();
    assert!(!no_token.headers().contains_key("x-amz-security-token"));

    let shown = format!("{first:?}");
    assert!(
        !shown.contains(SESSION_TOKEN) && !shown.contains("Signature="),
        "{shown}"
    );
}

#[test]
fn a_request_that_cannot_be_signed_is_refused_with_a_reason_and_no_secret() {
    let credentials = AwsCredentials {
        access_key_id: "AKIDLOOPBACK".into(),
        secret_access_key: SECRET.into(),
        session_token: Some("token\r\nx-injected: 1".into()),
    };
    let refusals = [
        aws_sign(
            &mut get("https://iam.amazonaws.com/"),
            &credentials,
            &scope("", "iam", false),
            SystemTime::now(),
        ),
        aws_sign(
            &mut get("https://iam.amazonaws.com/"),
            &credentials,
            &scope("us-east-1", "iam", false),
            SystemTime::now(),
        ),
    ];
    for refused in refusals {
        let error = refused.unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains(SECRET) && !shown.contains("x-injected"),
            "{shown}"
        );
    }

    let mut odd_header = get("https://iam.amazonaws.com/");
    odd_header.headers_mut().insert(
        "x-name",
        reqwest::header::HeaderValue::from_bytes(b"caf\xc3\xa9").unwrap(),
    );
    let error = aws_sign(
        &mut odd_header,
        &loopback_credentials(None),
        &scope("us-east-1", "iam", false),
        SystemTime::now(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("`x-name`"), "{error}");
}
