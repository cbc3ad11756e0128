//! The mock server against a route table like the ones the generator writes, driven by
//! reqwest as the emitted client would be.

use std::time::Duration;

use crate::mock::mock_server::*;

pub(crate) static ROUTES: &[&[Route]] = &[THINGS, OTHERS];

static THINGS: &[Route] = &[
    Route {
        item_path: "Things / Get a thing",
        method: "GET",
        segments: &[Segment::Literal("things"), Segment::Param("id")],
        examples: &[
            Example {
                name: "Missing",
                status: 404,
                content_type: Some("application/json"),
                body: r#"{"detail":"missing"}"#,
            },
            Example {
                name: "Found",
                status: 200,
                content_type: Some("application/json"),
                body: r#"{"id":"7"}"#,
            },
        ],
        last_page: None,
    },
    Route {
        item_path: "Things / Latest thing",
        method: "GET",
        segments: &[Segment::Literal("things"), Segment::Literal("latest")],
        examples: &[Example {
            name: "Latest",
            status: 200,
            content_type: None,
            body: "latest",
        }],
        last_page: Some("last"),
    },
    Route {
        item_path: "Things / Update a thing",
        method: "PUT",
        segments: &[
            Segment::Literal("things"),
            Segment::Param("id"),
            Segment::Literal(""),
        ],
        examples: &[],
        last_page: None,
    },
];

static OTHERS: &[Route] = &[
    Route {
        item_path: "Payments / Apple Pay",
        method: "POST",
        segments: &[Segment::Literal("payments")],
        examples: &[],
        last_page: None,
    },
    Route {
        item_path: "Payments / iDEAL",
        method: "POST",
        segments: &[Segment::Literal("payments")],
        examples: &[Example {
            name: "Paid",
            status: 201,
            content_type: None,
            body: "paid",
        }],
        last_page: None,
    },
    Route {
        item_path: "Export",
        method: "GET",
        segments: &[Segment::Pattern(&[
            Part::Variable,
            Part::Text("-"),
            Part::Param("name"),
            Part::Text(".json"),
        ])],
        examples: &[],
        last_page: None,
    },
];

/// What a typed response enum would be.
#[derive(Debug, Clone, PartialEq)]
enum ThingResponse {
    Ok(serde_json::Value),
    Missing,
}

fn thing_reply(response: &ThingResponse) -> Reply {
    match response {
        ThingResponse::Ok(body) => Reply::new(200).json(body),
        ThingResponse::Missing => Reply::new(404),
    }
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct UpdateThing {
    name: String,
}

fn get_thing(server: &MockServer) -> Stub<'_, ThingResponse, Vec<u8>> {
    Stub::new(server, &THINGS[0], thing_reply, raw_body)
}

fn update_thing(server: &MockServer) -> Stub<'_, ThingResponse, UpdateThing> {
    Stub::new(server, &THINGS[2], thing_reply, json_body)
}

/// The client the emitted crate would build (ring installed as the TLS provider).
fn http() -> reqwest::Client {
    crate::http::default_http_client(crate::http::DEFAULT_CONNECT_TIMEOUT)
}

async fn get(server: &MockServer, path: &str) -> (u16, String) {
    let response = http()
        .get(format!("{}{path}", server.base_url()))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn with_no_stub_a_request_gets_its_first_2xx_example() {
    let server = MockServer::start().await;
    assert_eq!(
        get(&server, "/things/1").await,
        (200, r#"{"id":"7"}"#.into())
    );
    let response = http()
        .get(format!("{}/things/latest", server.base_url()))
        .send()
        .await
        .unwrap();
    // The route with more literal segments wins over `/things/{id}`; a paginated request's
    // default answer is its last page.
    assert_eq!(response.text().await.unwrap(), "last");

    let (status, body) = get(&server, "/export-report.json").await;
    assert_eq!(status, 501);
    assert!(body.contains("`Export` has no saved 2xx example"), "{body}");
    let (status, body) = get(&server, "/nowhere").await;
    assert_eq!(status, 404);
    assert!(body.contains("GET /nowhere"), "{body}");

    let received = server.received_requests();
    let operations: Vec<_> = received.iter().map(Received::operation).collect();
    assert_eq!(
        operations,
        [
            Some("Things / Get a thing"),
            Some("Things / Latest thing"),
            Some("Export"),
            None
        ]
    );
}

#[tokio::test]
async fn the_latest_stub_answers_until_its_times_run_out() {
    let server = MockServer::start().await;
    get_thing(&server).respond(ThingResponse::Ok(serde_json::json!({"id": "a"})));
    get_thing(&server).times(1).respond(ThingResponse::Missing);

    assert_eq!(get(&server, "/things/1").await, (404, String::new()));
    assert_eq!(
        get(&server, "/things/1").await,
        (200, r#"{"id":"a"}"#.into())
    );
    assert_eq!(
        get(&server, "/things/1").await,
        (200, r#"{"id":"a"}"#.into())
    );
}

#[tokio::test]
async fn stubs_can_match_on_path_arguments_and_examples_by_name() {
    let server = MockServer::start().await;
    get_thing(&server).path_arg("id", "a b").example("Missing");

    assert_eq!(get(&server, "/things/a%20b").await.0, 404);
    assert_eq!(get(&server, "/things/c").await.0, 200);
    let only_a_b = get_thing(&server).path_arg("id", "a b").received();
    assert_eq!(only_a_b.len(), 1);
    assert_eq!(only_a_b[0].path(), "/things/a%20b");
    assert_eq!(only_a_b[0].path_arg("id"), Some("a b"));
    assert_eq!(get_thing(&server).received().len(), 2);
}

#[tokio::test]
#[should_panic(expected = "has no saved example `Gone`; it has [\"Missing\", \"Found\"]")]
async fn an_unknown_example_is_refused_with_the_names() {
    let server = MockServer::start().await;
    get_thing(&server).example("Gone");
}

#[tokio::test]
#[should_panic(expected = "has no path argument `thing_id`; it has [\"id\"]")]
async fn an_unknown_path_argument_is_refused_with_the_names() {
    let server = MockServer::start().await;
    let _ = get_thing(&server).path_arg("thing_id", "1");
}

#[tokio::test]
async fn received_bodies_decode_into_the_request_type() {
    let server = MockServer::start().await;
    update_thing(&server).reply(Reply::new(204));
    let response = http()
        .put(format!(
            "{}/things/9/?dry_run=true&tag=a+b",
            server.base_url()
        ))
        .header("x-trace", "t1")
        .body(r#"{"name":"new"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);

    let received = update_thing(&server).received();
    let [update] = received.as_slice() else {
        panic!("{received:?}");
    };
    assert_eq!(update.method(), "PUT");
    assert_eq!(update.path_arg("id"), Some("9"));
    assert_eq!(update.query("tag"), Some("a b"));
    assert_eq!(update.query_pairs().len(), 2);
    assert_eq!(update.header("x-trace"), Some("t1"));
    assert!(update.headers().contains_key("content-length"));
    assert_eq!(update.raw_body(), br#"{"name":"new"}"#);
    assert_eq!(update.body().unwrap(), UpdateThing { name: "new".into() });
}

#[tokio::test]
async fn failures_can_be_injected() {
    let server = MockServer::start().await;
    get_thing(&server)
        .times(1)
        .reply(Reply::new(429).retry_after(Duration::from_millis(1500)));
    let response = http()
        .get(format!("{}/things/1", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "2");

    get_thing(&server).times(1).drop_connection();
    let dropped = http()
        .get(format!("{}/things/1", server.base_url()))
        .send()
        .await;
    assert!(dropped.is_err(), "{dropped:?}");

    get_thing(&server)
        .times(1)
        .delay(Duration::from_secs(5))
        .respond(ThingResponse::Missing);
    let slow = http()
        .get(format!("{}/things/1", server.base_url()))
        .timeout(Duration::from_millis(100))
        .send()
        .await;
    assert!(slow.is_err_and(|error| error.is_timeout()));

    get_thing(&server)
        .times(1)
        .reply(Reply::new(200).header("bad header", "x"));
    let (status, body) = get(&server, "/things/1").await;
    assert_eq!(status, 500);
    assert!(body.contains("cannot be sent"), "{body}");
}

#[tokio::test]
async fn items_of_one_endpoint_share_the_default_answer_stubs_and_requests() {
    let server = MockServer::start().await;
    let post = || {
        http()
            .post(format!("{}/payments", server.base_url()))
            .send()
    };
    // The first item of `POST /payments` has no 2xx example: the next one answers.
    assert_eq!(post().await.unwrap().text().await.unwrap(), "paid");

    let apple_pay = || Stub::new(&server, &OTHERS[0], thing_reply, raw_body);
    apple_pay().times(1).respond(ThingResponse::Missing);
    assert_eq!(post().await.unwrap().status(), 404);
    let ideal = Stub::new(&server, &OTHERS[1], thing_reply, raw_body);
    assert_eq!(ideal.received().len(), 2);
    assert_eq!(apple_pay().received().len(), 2);
}

#[tokio::test]
async fn patterns_capture_their_arguments() {
    let server = MockServer::start().await;
    get(&server, "/v2-daily%20report.json").await;
    let received = server.received_requests();
    assert_eq!(received[0].operation(), Some("Export"));
    assert_eq!(received[0].path_arg("name"), Some("daily report"));
    assert_eq!(get(&server, "/v2-.json").await.0, 404);
}

#[tokio::test]
async fn a_dropped_server_refuses_connections() {
    let server = MockServer::start().await;
    let base_url = server.base_url().to_string();
    drop(server);
    tokio::task::yield_now().await;
    assert!(http()
        .get(format!("{base_url}/things/1"))
        .send()
        .await
        .is_err());
}

#[test]
fn undocumented_responses_are_replied_as_they_came() {
    let mut response = crate::http::RawResponse::new(418, b"teapot");
    response.headers.insert("x-a", "1".parse().unwrap());
    assert_eq!(
        Reply::undocumented(&response.into_undocumented()),
        Reply::new(418).header("x-a", "1").body("teapot")
    );
}

#[test]
fn escapes_and_form_pairs_decode() {
    assert_eq!(percent_decoded("a%2Fb%zz%"), "a/b%zz%");
    assert_eq!(percent_decoded("caf%C3%A9"), "café");
    assert_eq!(
        form_pairs("a=1&b=x+y%26z&flag&"),
        [("a", "1"), ("b", "x y&z"), ("flag", "")].map(|(k, v)| (k.to_string(), v.to_string()))
    );
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Form {
        b: String,
    }
    assert_eq!(
        form_body::<Form>(b"b=x+y").unwrap(),
        Form { b: "x y".into() }
    );
}
