//! `RequestBuilder`: the path's holes filled in order and encoded, each part of the request
//! set by its step, and the first failing step kept for `.await`.

use crate::client::{Auth, Body, Client, Request, RequestBuilder, SegmentPart};
use crate::http::{FromResponse, Method, RawResponse};
use crate::scripted_server::{answer, ScriptedServer};
use crate::{Error, TEST_OPERATION};

/// The request `builder` built, or the error of its first failing step.
fn built(builder: RequestBuilder) -> Result<Request, Error> {
    builder.request
}

fn path_of(builder: RequestBuilder) -> String {
    match built(builder) {
        Ok(request) => request.path,
        Err(error) => panic!("the request failed: {error:?}"),
    }
}

fn get(path: &'static str) -> RequestBuilder {
    Request::builder(Method::GET, path, TEST_OPERATION.id, TEST_OPERATION.item)
}

#[test]
fn a_path_without_holes_is_sent_as_written() {
    assert_eq!(path_of(get("/api/links/")), "/api/links/");
}

#[test]
fn holes_are_filled_in_order_each_value_encoded_as_one_segment() {
    let builder = get("/{{projectKey}}/files/{id}/{{name}}.{{version}}")
        .variable("projectKey", "my shop")
        .path("id", "a/b?c")
        .segment(
            "{{name}}.{{version}}",
            &[
                SegmentPart::Variable("name", "report"),
                SegmentPart::Text("."),
                SegmentPart::Variable("version", "v1"),
            ],
        );

    assert_eq!(path_of(builder), "/my%20shop/files/a%2Fb%3Fc/report.v1");
}

#[test]
fn a_value_that_spells_a_later_hole_does_not_fill_it() {
    // The first argument's text is `{second}`; encoded, it can no longer match the hole.
    let builder = get("/{first}/{second}")
        .path("first", "{second}")
        .path("second", "2");

    assert_eq!(path_of(builder), "/%7Bsecond%7D/2");
}

#[test]
fn the_same_hole_twice_takes_each_value_in_turn() {
    let builder = get("/{id}/children/{id}")
        .path("id", "parent")
        .path("id", "child");

    assert_eq!(path_of(builder), "/parent/children/child");
}

#[test]
fn a_segment_of_several_parts_is_encoded_once_joined() {
    // `..` only as a whole: each part alone would be a valid segment.
    let refused = built(get("/{{a}}{{b}}").segment(
        "{{a}}{{b}}",
        &[
            SegmentPart::Variable("a", "."),
            SegmentPart::Variable("b", "."),
        ],
    ));
    assert!(matches!(refused, Err(Error::InvalidPathArgument { name }) if name == "{{a}}{{b}}"));

    let joined = get("/{id}.json").segment(
        "{id}.json",
        &[SegmentPart::Text("7 a"), SegmentPart::Text(".json")],
    );
    assert_eq!(path_of(joined), "/7%20a.json");
}

#[test]
fn arguments_that_would_leave_their_segment_are_refused_by_name() {
    for value in ["", ".", ".."] {
        let refused = built(get("/things/{id}").path("id", value));
        assert!(
            matches!(&refused, Err(Error::InvalidPathArgument { name }) if name == "id"),
            "{value:?}"
        );
    }
}

#[test]
fn an_unset_variable_is_refused_by_name() {
    let refused = built(get("/{{projectKey}}").variable("projectKey", ""));
    assert!(matches!(refused, Err(Error::MissingVariable { name }) if name == "projectKey"));

    let refused = built(get("/{{a}}.x").segment(
        "{{a}}.x",
        &[SegmentPart::Variable("a", ""), SegmentPart::Text(".x")],
    ));
    assert!(matches!(refused, Err(Error::MissingVariable { name }) if name == "a"));
}

#[test]
fn the_first_failing_step_is_kept_and_later_steps_do_not_run() {
    #[derive(serde::Serialize)]
    struct Unencodable {
        // A map with non-string keys is no JSON object: `pairs` cannot encode it.
        map: std::collections::BTreeMap<(u8, u8), u8>,
    }
    let query = Unencodable {
        map: [((1, 2), 3)].into_iter().collect(),
    };

    let failed = built(
        get("/{id}")
            .path("id", "..")
            .query(&query)
            .variable("later", ""),
    );

    assert!(matches!(failed, Err(Error::InvalidPathArgument { name }) if name == "id"));
    let failed = built(get("/").query(&query).path("id", ".."));
    assert!(matches!(failed, Err(Error::InvalidParameters(_))));
}

#[derive(serde::Serialize)]
struct Fields {
    #[serde(rename = "X-Mode", skip_serializing_if = "Option::is_none")]
    mode: Option<String>,
    #[serde(rename = "X-Unset", skip_serializing_if = "Option::is_none")]
    unset: Option<String>,
}

#[test]
fn query_headers_and_credential_are_set_by_their_steps() {
    let set = Fields {
        mode: Some("sync".into()),
        unset: None,
    };
    let Ok(request) = built(
        get("/")
            .query(&set)
            .header("accept", "application/json")
            .headers(&set)
            .auth(Auth::None),
    ) else {
        panic!("the request failed");
    };

    assert_eq!(request.query, [("X-Mode".to_string(), "sync".to_string())]);
    assert_eq!(
        request.headers,
        [
            ("accept".to_string(), "application/json".to_string()),
            ("X-Mode".to_string(), "sync".to_string()),
        ]
    );
    assert!(matches!(request.auth, Auth::None));
    assert!(matches!(
        built(get("/")),
        Ok(Request {
            auth: Auth::Basic,
            ..
        })
    ));
}

#[test]
fn each_body_step_sets_its_kind_of_body() {
    let fields = Fields {
        mode: Some("a b".into()),
        unset: None,
    };
    let body = |builder: RequestBuilder| match built(builder) {
        Ok(request) => request.body,
        Err(error) => panic!("the request failed: {error:?}"),
    };
    let post = || Request::builder(Method::POST, "/", TEST_OPERATION.id, TEST_OPERATION.item);

    assert!(matches!(body(post()), Body::None));
    assert!(
        matches!(body(post().json(&fields)), Body::Json(bytes, "application/json") if bytes == br#"{"X-Mode":"a b"}"#)
    );
    assert!(matches!(
        body(post().json_as(&fields, "application/vnd.api+json")),
        Body::Json(_, "application/vnd.api+json")
    ));
    assert!(
        matches!(body(post().form(&fields)), Body::Form(pairs) if pairs == [("X-Mode".to_string(), "a b".to_string())])
    );
    assert!(
        matches!(body(post().text("hi", "text/plain")), Body::Text(text, "text/plain") if text == "hi")
    );
    assert!(
        matches!(body(post().bytes(vec![1, 2], "image/png")), Body::Bytes(bytes, "image/png") if bytes == [1, 2])
    );
    let form = reqwest::multipart::Form::new().text("a", "b");
    assert!(matches!(body(post().multipart(form)), Body::Multipart(_)));
}

/// A response decoded to its status alone.
struct Status(u16);

impl FromResponse for Status {
    fn from_response(response: RawResponse) -> Result<Self, Error> {
        Ok(Status(response.status))
    }
}

#[tokio::test]
async fn the_built_request_is_sent_when_its_call_is_awaited() {
    let server = ScriptedServer::start(vec![answer(202, &[], "")]).await;
    let client = Client::new(&server.base_url);

    let call = Request::builder(
        Method::PUT,
        "/links/{id}/",
        TEST_OPERATION.id,
        TEST_OPERATION.item,
    )
    .path("id", "l 1")
    .header("accept", "application/json")
    .json(&serde_json::json!({ "a": 1 }))
    .call::<Status>(&client);
    let Ok(Status(status)) = call.await else {
        panic!("the call failed");
    };

    assert_eq!(status, 202);
    let received = server.received();
    assert_eq!(received[0].method, "PUT");
    assert_eq!(received[0].target, "/links/l%201/");
    assert_eq!(received[0].header("accept"), Some("application/json"));
    assert_eq!(received[0].header("content-type"), Some("application/json"));
    assert_eq!(received[0].body, br#"{"a":1}"#);
}

#[tokio::test]
async fn a_request_that_failed_to_build_fails_its_call_and_sends_nothing() {
    let server = ScriptedServer::start(vec![answer(200, &[], "")]).await;
    let client = Client::new(&server.base_url);

    let outcome = get("/{id}").path("id", "..").call::<Status>(&client).await;

    assert!(matches!(outcome, Err(Error::InvalidPathArgument { .. })));
    assert!(server.received().is_empty());
}
