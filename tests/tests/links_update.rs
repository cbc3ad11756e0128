//! `Links / Update` (`PUT /api/links/{id}/`) against a real HTTP server on 127.0.0.1.

use belvo::links::{UpdateOk, UpdatePreconditionRequired, UpdateRequest, UpdateResponse};
use belvo::types::ErrorItem;
use belvo::Client;
use serde_json::{json, Value};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LINK_ID: &str = "d4617561-1c33-4e8b-a1a3-5a0b1f4e2a77";

fn update_request() -> UpdateRequest {
    UpdateRequest {
        password: Some("new-password".into()),
        password2: Some("1234".into()),
        token: Some("1234ab".into()),
        encryption_key: Some("customencryptionkey".into()),
        username_type: Some("001".into()),
        certificate: Some("MIIB=".into()),
        private_key: Some("MIIE=".into()),
        ..Default::default()
    }
}

fn error_items_json() -> Value {
    json!([
        {"code": "invalid", "message": "This field is required.", "request_id": "a6e1c493d7a29d91"},
        {"code": "too_many_sessions", "message": "Try again later."}
    ])
}

/// Response structs are `#[non_exhaustive]`: built with `Default` and field assignment.
fn error_items() -> Vec<ErrorItem> {
    let mut invalid = ErrorItem::default();
    invalid.code = Some("invalid".into());
    invalid.message = Some("This field is required.".into());
    invalid.request_id = Some("a6e1c493d7a29d91".into());
    let mut too_many_sessions = ErrorItem::default();
    too_many_sessions.code = Some("too_many_sessions".into());
    too_many_sessions.message = Some("Try again later.".into());
    vec![invalid, too_many_sessions]
}

/// Starts a server answering `PUT /api/links/{LINK_ID}/` with `template` and sends one update,
/// once: how each answer decodes is the subject here, retries are `retries.rs`'s.
async fn update_answered_with(template: ResponseTemplate) -> Result<UpdateResponse, belvo::Error> {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/api/links/{LINK_ID}/")))
        .respond_with(template)
        .expect(1)
        .mount(&server)
        .await;
    Client::new(server.uri())
        .with_max_retries(0)
        .links()
        .update(LINK_ID, &update_request())
        .await
}

#[tokio::test]
async fn sends_put_with_json_body_and_basic_auth() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).with_basic_auth("belvo-user", "p@ss:w0rd!");

    let response = client.links().update(LINK_ID, &update_request()).await;

    assert_eq!(response.unwrap(), UpdateResponse::Ok(UpdateOk::default()));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), format!("/api/links/{LINK_ID}/"));
    assert_eq!(request.url.query(), None);
    assert_eq!(request.headers["content-type"], "application/json");
    // base64("belvo-user:p@ss:w0rd!"), written out so the test does not share the client's encoder.
    assert_eq!(
        request.headers["authorization"],
        "Basic YmVsdm8tdXNlcjpwQHNzOncwcmQh"
    );
    let body: Value = request.body_json().unwrap();
    assert_eq!(body, serde_json::to_value(update_request()).unwrap());
    assert_eq!(
        body,
        json!({
            "password": "new-password",
            "password2": "1234",
            "token": "1234ab",
            "encryption_key": "customencryptionkey",
            "username_type": "001",
            "certificate": "MIIB=",
            "private_key": "MIIE=",
        })
    );
}

#[tokio::test]
async fn status_200_decodes_into_ok() {
    let template = ResponseTemplate::new(200).set_body_json(json!({
        "id": "0d3ffb69-f83b-456e-ad8e-208d0998d71d",
        "institution": "erebor_mx_retail",
        "access_mode": "recurrent",
        "last_accessed_at": "2022-02-09T08:45:50.406032+02:00",
        "status": "valid",
        "created_by": "c8a3a0b6-4b5e-4a8e-9c3d-2f0b3d7e6a11",
        "refresh_rate": "7d",
    }));

    let response = update_answered_with(template).await.unwrap();

    assert_eq!(response.status(), 200);
    let UpdateResponse::Ok(ok) = response else {
        panic!("expected UpdateResponse::Ok, got {response:?}");
    };
    assert_eq!(
        ok.id.map(|id| id.to_string()).as_deref(),
        Some("0d3ffb69-f83b-456e-ad8e-208d0998d71d")
    );
    assert_eq!(
        ok.created_by.map(|id| id.to_string()).as_deref(),
        Some("c8a3a0b6-4b5e-4a8e-9c3d-2f0b3d7e6a11")
    );
    let last_accessed_at = ok.last_accessed_at.expect("last_accessed_at decoded");
    assert_eq!(last_accessed_at.timestamp(), 1_644_389_150);
    assert_eq!(last_accessed_at.timestamp_subsec_micros(), 406_032);
    assert_eq!(last_accessed_at.offset().local_minus_utc(), 2 * 3600);
    assert_eq!(ok.institution.as_deref(), Some("erebor_mx_retail"));
    assert_eq!(ok.access_mode.as_deref(), Some("recurrent"));
    assert_eq!(ok.status.as_deref(), Some("valid"));
    assert_eq!(ok.refresh_rate.as_deref(), Some("7d"));
}

#[tokio::test]
async fn status_400_decodes_into_bad_request() {
    let template = ResponseTemplate::new(400).set_body_json(error_items_json());

    let response = update_answered_with(template).await.unwrap();

    assert_eq!(response, UpdateResponse::BadRequest(error_items()));
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn status_401_decodes_into_unauthorized() {
    let template = ResponseTemplate::new(401).set_body_json(error_items_json());

    let response = update_answered_with(template).await.unwrap();

    assert_eq!(response, UpdateResponse::Unauthorized(error_items()));
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn status_404_decodes_into_not_found() {
    let template = ResponseTemplate::new(404).set_body_json(error_items_json());

    let response = update_answered_with(template).await.unwrap();

    assert_eq!(response, UpdateResponse::NotFound(error_items()));
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn status_428_decodes_into_precondition_required() {
    let template = ResponseTemplate::new(428).set_body_json(json!({
        "code": "token_required",
        "message": "A MFA token is required by the institution to login",
        "request_id": "6e3c0e0a-6b5e-4a0e-8f4e-1a2b3c4d5e6f",
        "session": "2675b703b9d4451f8d4861a3eee54449",
        "expiry": 9600,
        "link": LINK_ID,
        "token_generation_data": {
            "instructions": "Use this code to generate the token",
            "type": "numeric",
            "value": "12345",
        },
    }));

    let response = update_answered_with(template).await.unwrap();

    assert_eq!(response.status(), 428);
    let UpdateResponse::PreconditionRequired(required) = response else {
        panic!("expected UpdateResponse::PreconditionRequired, got {response:?}");
    };
    let UpdatePreconditionRequired {
        code,
        session,
        expiry,
        link,
        token_generation_data,
        ..
    } = required;
    assert_eq!(code.as_deref(), Some("token_required"));
    // A simple-form uuid in the body still decodes; it prints hyphenated.
    assert_eq!(
        session.map(|id| id.to_string()).as_deref(),
        Some("2675b703-b9d4-451f-8d48-61a3eee54449")
    );
    assert_eq!(expiry, Some(9600.0));
    assert_eq!(link.map(|id| id.to_string()).as_deref(), Some(LINK_ID));
    let token_generation_data = token_generation_data.expect("token_generation_data decoded");
    assert_eq!(token_generation_data.type_.as_deref(), Some("numeric"));
    assert_eq!(token_generation_data.value.as_deref(), Some("12345"));
}

#[tokio::test]
async fn status_500_decodes_into_internal_server_error() {
    let template = ResponseTemplate::new(500).set_body_json(error_items_json());

    let response = update_answered_with(template).await.unwrap();

    assert_eq!(response, UpdateResponse::InternalServerError(error_items()));
    assert_eq!(response.status(), 500);
}

#[tokio::test]
async fn undocumented_status_keeps_status_headers_and_raw_body() {
    let raw_body: &[u8] = b"I'm a teapot \xff\x00 not json";
    let template = ResponseTemplate::new(418)
        .insert_header("x-request-id", "req-418")
        .set_body_bytes(raw_body);

    let response = update_answered_with(template).await.unwrap();

    assert_eq!(response.status(), 418);
    let UpdateResponse::Undocumented(undocumented) = response else {
        panic!("expected UpdateResponse::Undocumented, got {response:?}");
    };
    assert_eq!(undocumented.status, 418);
    assert_eq!(undocumented.headers["x-request-id"], "req-418");
    assert_eq!(undocumented.body, raw_body);
}

#[tokio::test]
async fn documented_status_with_invalid_json_is_a_decode_error() {
    let template = ResponseTemplate::new(200).set_body_string("<html>gateway hiccup</html>");

    let result = update_answered_with(template).await;

    match result {
        Err(belvo::Error::Decode { status, body, .. }) => {
            assert_eq!(status, 200);
            assert_eq!(body, b"<html>gateway hiccup</html>");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn documented_status_with_wrongly_shaped_json_is_a_decode_error() {
    // 400 documents an array of errors; a single object must not be accepted.
    let template = ResponseTemplate::new(400).set_body_string(r#"{"detail":"bad"}"#);

    let result = update_answered_with(template).await;

    match result {
        Err(belvo::Error::Decode { status, body, .. }) => {
            assert_eq!(status, 400);
            assert_eq!(body, br#"{"detail":"bad"}"#);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::new(format!("http://127.0.0.1:{port}"));

    let result = client.links().update(LINK_ID, &update_request()).await;

    match result {
        Err(belvo::Error::Transport(source)) => assert!(source.is_connect(), "{source}"),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

/// Sends one update with `id` to a catch-all server and returns the path it received.
async fn received_path_for_id(id: &str) -> String {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;

    let response = Client::new(server.uri())
        .links()
        .update(id, &update_request())
        .await;

    assert_eq!(response.unwrap().status(), 200);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.query(),
        None,
        "the id leaked into the query"
    );
    requests[0].url.path().to_string()
}

#[tokio::test]
async fn path_argument_is_sent_as_one_encoded_segment() {
    assert_eq!(
        received_path_for_id("a/../b?x#y").await,
        "/api/links/a%2F..%2Fb%3Fx%23y/"
    );
}

#[tokio::test]
async fn path_argument_percent_and_non_ascii_are_encoded() {
    // A literal `%` must not be read as an escape on the server.
    assert_eq!(
        received_path_for_id("50%2F off ñ").await,
        "/api/links/50%252F%20off%20%C3%B1/"
    );
}

#[tokio::test]
async fn dot_and_empty_path_arguments_are_refused_before_sending() {
    // `.` and `..` would be resolved by url parsing (even percent-encoded) and send the
    // request, with credentials, to another endpoint; an empty id would hit the list route.
    for id in ["..", ".", ""] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .mount(&server)
            .await;

        let result = Client::new(server.uri())
            .links()
            .update(id, &update_request())
            .await;

        assert!(
            matches!(&result, Err(belvo::Error::InvalidPathArgument { name }) if name == "id"),
            "id {id:?}: {result:?}"
        );
        assert!(
            server.received_requests().await.unwrap().is_empty(),
            "id {id:?} was sent"
        );
    }
}

#[test]
fn undocumented_body_decodes_as_json_value() {
    let response = UpdateResponse::decode(409, br#"{"detail":"conflict","retry":true}"#).unwrap();
    let UpdateResponse::Undocumented(undocumented) = response else {
        panic!("409 is not documented: {response:?}");
    };
    let value: Value = undocumented.json().unwrap();
    assert_eq!(value, json!({"detail": "conflict", "retry": true}));
}

#[test]
fn decode_is_sans_io() {
    let ok = UpdateResponse::decode(
        200,
        br#"{"id":"0d3ffb69-f83b-456e-ad8e-208d0998d71d","status":"valid"}"#,
    )
    .unwrap();
    let mut expected = UpdateOk::default();
    expected.id = Some("0d3ffb69-f83b-456e-ad8e-208d0998d71d".parse().unwrap());
    expected.status = Some("valid".into());
    assert_eq!(ok, UpdateResponse::Ok(expected));

    let undocumented = UpdateResponse::decode(503, b"down").unwrap();
    let UpdateResponse::Undocumented(undocumented) = undocumented else {
        panic!("expected UpdateResponse::Undocumented, got {undocumented:?}");
    };
    assert_eq!(undocumented.status, 503);
    assert_eq!(undocumented.body, b"down");
    assert!(undocumented.headers.is_empty());
}

#[test]
fn debug_redacts_secret_values_and_shows_objects_named_like_secrets() {
    let shown = format!("{:?}", update_request());
    for secret in ["new-password", "1234ab", "customencryptionkey", "MIIE="] {
        assert!(!shown.contains(secret), "{secret} is shown: {shown}");
    }
    assert!(shown.contains("username_type: Some(\"001\")"), "{shown}");
    assert!(shown.contains("password: Some(\"<redacted>\")"), "{shown}");

    // `token_generation_data` is an object: its instructions are no secret, and the user
    // needs them to answer the MFA challenge.
    let mut data = belvo::links::UpdateTokenGenerationData::default();
    data.instructions = Some("Enter the code sent by SMS".into());
    let mut required = UpdatePreconditionRequired::default();
    required.token_generation_data = Some(data);
    let shown = format!("{required:?}");
    assert!(shown.contains("Enter the code sent by SMS"), "{shown}");
}

/// A user who only rotates a password sends just that, plus a key the collection never shows.
#[tokio::test]
async fn only_the_fields_set_are_sent_with_extra_keys_beside_them() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let body = UpdateRequest {
        password: Some("rotated".into()),
        extra: [("otp_channel".to_string(), json!("sms"))].into(),
        ..Default::default()
    };

    let response = Client::new(server.uri())
        .links()
        .update(LINK_ID, &body)
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let sent: Value = server.received_requests().await.unwrap()[0]
        .body_json()
        .unwrap();
    assert_eq!(sent, json!({"password": "rotated", "otp_channel": "sms"}));
}

#[tokio::test]
async fn a_decode_error_names_the_json_path_and_shows_the_body_as_text() {
    // The second error's `code` is a number where the collection shows text.
    let body = r#"[{"code":"a","message":"b","request_id":"r"},{"code":7,"message":"c"}]"#;
    let template = ResponseTemplate::new(400).set_body_string(body);

    let error = update_answered_with(template).await.unwrap_err();

    assert_eq!(error.json_path().as_deref(), Some("[1].code"));
    let shown = error.to_string();
    assert!(
        shown.contains("[1].code: invalid type: integer `7`"),
        "{shown}"
    );
    assert!(shown.ends_with(body), "{shown}");
    let debugged = format!("{error:?}");
    assert!(debugged.contains(r#"{\"code\":7"#), "{debugged}");
    assert!(!debugged.contains("[91, 123"), "bytes in {debugged}");
}
