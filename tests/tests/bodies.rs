//! The `structure` fixture client against a real HTTP server on 127.0.0.1: every body
//! mode (form, raw text, file, JSON, GraphQL, multipart) and a noauth text request.

use fixture_structure::admin::users::UploadAvatarResponse;
use fixture_structure::bodies::{
    CommentedJsonCreated, CommentedJsonRequest, CommentedJsonResponse, EmptyFormResponse,
    QueryGraphData, QueryGraphOk, QueryGraphRequest, QueryGraphResponse, QueryGraphUser,
    QueryGraphVariables, SearchTypedResponse, SendXmlResponse, SubmitFormRequest,
    SubmitFormResponse, UploadFileResponse,
};
use fixture_structure::{Client, PublicPingHeaders, PublicPingQuery, PublicPingResponse};
use serde_json::{json, Value};
mod common;

use common::server_answering;
use wiremock::{MockServer, Request, ResponseTemplate};

/// The one request `server` received.
async fn only_request(server: &MockServer) -> Request {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests[0].clone()
}

fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("http://x/?{}", std::str::from_utf8(body).unwrap()))
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

#[tokio::test]
async fn form_body_is_urlencoded_with_repeated_keys_and_no_unset_fields() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = Client::new(server.uri()).with_bearer_token("t");
    let body = SubmitFormRequest {
        grant_type: Some("client_credentials".into()),
        scope: Some(vec!["a".into(), "b".into()]),
        ..Default::default()
    };

    let response = client.bodies().submit_form(&body).await.unwrap();

    assert_eq!(response, SubmitFormResponse::NoContent);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/forms");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        request.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(request.headers["authorization"], "Bearer t");
    assert_eq!(
        std::str::from_utf8(&request.body).unwrap(),
        "grant_type=client_credentials&scope=a&scope=b"
    );
}

#[tokio::test]
async fn form_body_sends_set_optional_fields_and_escapes_values() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let body = SubmitFormRequest {
        grant_type: Some("a b&c=d".into()),
        scope: Some(vec!["x/y".into()]),
        limit: Some(5),
        ..Default::default()
    };

    Client::new(server.uri())
        .bodies()
        .submit_form(&body)
        .await
        .unwrap();

    let request = only_request(&server).await;
    let raw = std::str::from_utf8(&request.body).unwrap();
    assert!(!raw.contains("a b&c=d"), "value not escaped: {raw}");
    let mut pairs = form_pairs(&request.body);
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("grant_type".to_string(), "a b&c=d".to_string()),
            ("limit".to_string(), "5".to_string()),
            ("scope".to_string(), "x/y".to_string()),
        ]
    );
}

#[tokio::test]
async fn xml_body_is_sent_as_is_with_its_content_type() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/xml")
            .set_body_string("<ok/>"),
    )
    .await;
    let client = Client::new(server.uri()).with_bearer_token("t");

    let response = client.bodies().send_xml("<a/>").await.unwrap();

    assert_eq!(response, SendXmlResponse::Ok("<ok/>".into()));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/orders.xml");
    assert_eq!(request.headers["content-type"], "application/xml");
    assert_eq!(
        request.headers.get_all("content-type").iter().count(),
        1,
        "{:?}",
        request.headers
    );
    assert_eq!(request.headers["authorization"], "Bearer t");
    assert_eq!(request.body, b"<a/>");
}

#[tokio::test]
async fn file_body_is_sent_as_raw_bytes_with_its_content_type() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = Client::new(server.uri()).with_bearer_token("t");

    let response = client.bodies().upload_file(vec![1, 2, 3]).await.unwrap();

    assert_eq!(response, UploadFileResponse::NoContent);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/logo");
    assert_eq!(request.headers["content-type"], "image/png");
    assert_eq!(request.headers.get_all("content-type").iter().count(), 1);
    assert_eq!(request.headers["authorization"], "Bearer t");
    assert_eq!(request.body, [1, 2, 3]);
}

#[tokio::test]
async fn commented_json_body_is_sent_as_json() {
    let server = server_answering(
        ResponseTemplate::new(201)
            .set_body_json(json!({"id": "0d3ffb69-f83b-456e-ad8e-208d0998d71d"})),
    )
    .await;
    let client = Client::new(server.uri()).with_bearer_token("t");
    let body = CommentedJsonRequest {
        amount: Some(json!(1250)),
        currency: Some("EUR".into()),
        tags: Some(vec!["a".into(), "b".into()]),
        ..Default::default()
    };

    let response = client.bodies().commented_json(&body).await.unwrap();

    // Response structs are `#[non_exhaustive]`: built with `Default` and field assignment.
    let mut created = CommentedJsonCreated::default();
    created.id = Some("0d3ffb69-f83b-456e-ad8e-208d0998d71d".parse().unwrap());
    assert_eq!(response, CommentedJsonResponse::Created(created));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/payments");
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.headers.get_all("content-type").iter().count(), 1);
    assert_eq!(request.headers["authorization"], "Bearer t");
    let sent: Value = request.body_json().unwrap();
    assert_eq!(
        sent,
        json!({"amount": 1250, "currency": "EUR", "tags": ["a", "b"]})
    );
}

#[tokio::test]
async fn graphql_body_is_sent_as_query_and_variables_json() {
    let server = server_answering(
        ResponseTemplate::new(200).set_body_json(json!({"data": {"user": {"name": "Ann"}}})),
    )
    .await;
    let client = Client::new(server.uri()).with_bearer_token("t");
    let query = "query($id: ID!) { user(id: $id) { name } }";
    let body = QueryGraphRequest {
        query: Some(query.into()),
        variables: Some(QueryGraphVariables {
            id: Some("u1".into()),
            first: Some(10),
            ..Default::default()
        }),
        ..Default::default()
    };

    let response = client.bodies().query_graph(&body).await.unwrap();

    let mut user = QueryGraphUser::default();
    user.name = Some("Ann".into());
    let mut data = QueryGraphData::default();
    data.user = Some(user);
    let mut ok = QueryGraphOk::default();
    ok.data = Some(data);
    assert_eq!(response, QueryGraphResponse::Ok(ok));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/graphql");
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.headers["authorization"], "Bearer t");
    let sent: Value = request.body_json().unwrap();
    assert_eq!(
        sent,
        json!({"query": query, "variables": {"id": "u1", "first": 10}})
    );
}

#[tokio::test]
async fn multipart_body_is_sent_as_form_data() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = Client::new(server.uri()).with_bearer_token("t");
    let form = reqwest::multipart::Form::new()
        .text("note", "hello avatar")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"PNGDATA".to_vec())
                .file_name("a.png")
                .mime_str("image/png")
                .unwrap(),
        );

    let response = client
        .admin()
        .users()
        .upload_avatar("user 1", form)
        .await
        .unwrap();

    assert_eq!(response, UploadAvatarResponse::NoContent);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/admin/users/user%201/avatar");
    assert_eq!(request.headers["authorization"], "Bearer t");
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart/form-data: {content_type}"));
    let body = String::from_utf8_lossy(&request.body);
    assert!(body.contains(&format!("--{boundary}")), "{body}");
    assert!(
        body.contains("Content-Disposition: form-data; name=\"note\""),
        "{body}"
    );
    assert!(body.contains("hello avatar"), "{body}");
    assert!(body.contains("name=\"file\"; filename=\"a.png\""), "{body}");
    assert!(body.contains("Content-Type: image/png"), "{body}");
    assert!(body.contains("PNGDATA"), "{body}");
}

#[tokio::test]
async fn a_multipart_body_is_sent_once_even_when_a_retry_would_be_allowed() {
    // A 503 is retried for any method; a multipart form is a stream that cannot be sent again.
    let server = server_answering(ResponseTemplate::new(503)).await;
    let client = Client::new(server.uri())
        .with_bearer_token("t")
        .with_retry_backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(1),
        );
    let form = reqwest::multipart::Form::new().text("note", "hello avatar");

    let response = client
        .admin()
        .users()
        .upload_avatar("user-1", form)
        .await
        .unwrap();

    assert_eq!(response.status(), 503);
    only_request(&server).await;
}

#[tokio::test]
async fn noauth_text_request_sends_its_query_and_headers_but_no_token() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .insert_header("content-type", "text/plain")
            .set_body_string("pong"),
    )
    .await;
    let client = Client::new(server.uri()).with_bearer_token("t");

    let response = client
        .public_ping(
            &PublicPingQuery {
                verbose: Some(true),
            },
            &PublicPingHeaders {
                x_trace: Some("trace-1".into()),
            },
        )
        .await
        .unwrap();

    assert_eq!(response, PublicPingResponse::Ok("pong".into()));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/ping");
    assert_eq!(request.url.query(), Some("verbose=true"));
    assert_eq!(request.headers["x-trace"], "trace-1");
    assert_eq!(request.headers["accept"], "text/plain");
    assert!(!request.headers.contains_key("authorization"));
}

#[tokio::test]
async fn noauth_text_request_leaves_out_unset_query_and_headers() {
    let server = server_answering(ResponseTemplate::new(200).set_body_string("pong")).await;

    let response = Client::new(server.uri())
        .public_ping(&PublicPingQuery::default(), &PublicPingHeaders::default())
        .await
        .unwrap();

    assert_eq!(response, PublicPingResponse::Ok("pong".into()));
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert!(!request.headers.contains_key("x-trace"));
}

#[tokio::test]
async fn header_argument_with_a_line_break_is_refused_before_sending() {
    let server = server_answering(ResponseTemplate::new(200).set_body_string("pong")).await;

    let result = Client::new(server.uri())
        .public_ping(
            &PublicPingQuery::default(),
            &PublicPingHeaders {
                x_trace: Some("a\r\nInjected: yes".into()),
            },
        )
        .await;

    assert!(
        matches!(&result, Err(fixture_structure::Error::InvalidHeader { name }) if name == "X-Trace"),
        "{result:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn text_response_that_is_not_utf8_is_a_decode_error() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_bytes(b"po\xffng".to_vec())).await;

    let result = Client::new(server.uri())
        .public_ping(&PublicPingQuery::default(), &PublicPingHeaders::default())
        .await;

    match result {
        Err(fixture_structure::Error::Decode { status, body, .. }) => {
            assert_eq!(status, 200);
            assert_eq!(body, b"po\xffng");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_request_without_a_body_sends_its_declared_content_type_as_postman_does() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = Client::new(server.uri()).with_bearer_token("t");

    let response = client.bodies().search_typed().await.unwrap();

    assert_eq!(response, SearchTypedResponse::NoContent);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.headers["content-type"], "application/json");
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_formdata_body_without_an_enabled_field_sends_no_body() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = Client::new(server.uri()).with_bearer_token("t");

    let response = client.bodies().empty_form().await.unwrap();

    assert_eq!(response, EmptyFormResponse::NoContent);
    let request = only_request(&server).await;
    assert!(request.headers.get("content-type").is_none(), "{request:?}");
    assert!(request.body.is_empty());
}
