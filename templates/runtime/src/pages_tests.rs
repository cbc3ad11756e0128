//! `Pages`: each style of pagination followed page after page by the real client against a
//! scripted server, and the ends of a stream: the last page, a page with another status, a
//! foreign next url.

use std::pin::Pin;

use futures_core::Stream;

use crate::client::{Auth, Body, Client, Request};
use crate::http::*;
use crate::scripted_server::{answer, ScriptedServer};
use crate::{Error, TEST_OPERATION};

#[derive(serde::Deserialize)]
pub(crate) struct Page {
    items: Vec<u32>,
    next: Option<String>,
    total: Option<i64>,
}

impl crate::tolerant::Tolerant for Page {}

pub(crate) fn decode(response: RawResponse) -> Result<Page, Error> {
    decode_json(&response)
}

pub(crate) fn page_of(page: Page) -> Option<PageParts<u32>> {
    Some(PageParts {
        items: page.items,
        next: page.next,
        total: page.total,
    })
}

/// A server answering with each of `answers` (status, JSON body, `{base}` standing for the
/// server's url) in turn, and a client for the server's url followed by `prefix`.
async fn client(prefix: &str, answers: &[(u16, &str)]) -> (Client, ScriptedServer) {
    let server = ScriptedServer::start_with(|base_url| {
        answers
            .iter()
            .map(|(status, body)| answer(*status, &[], &body.replace("{base}", base_url)))
            .collect()
    })
    .await;
    let client = Client::new(format!("{}{prefix}", server.base_url));
    (client, server)
}

fn first_request(query: &[(&str, &str)]) -> Result<Request, Error> {
    Ok(Request {
        operation: TEST_OPERATION,
        method: reqwest::Method::GET,
        path: "/things".into(),
        query: query
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect(),
        headers: vec![("accept".into(), "application/json".into())],
        body: Body::None,
        auth: Auth::Basic,
    })
}

/// Reads the whole stream, bounded so that a stream that never ends fails the test.
async fn read_all(mut pages: Pages<'_, u32>) -> Vec<Result<u32, Error>> {
    let mut read = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut pages).poll_next(cx)).await {
        read.push(item);
        assert!(read.len() < 100, "the stream does not end");
    }
    read
}

fn items(read: &[Result<u32, Error>]) -> Vec<u32> {
    read.iter()
        .filter_map(|item| item.as_ref().ok().copied())
        .collect()
}

/// The path and query of each request the server received.
fn sent(server: &ScriptedServer) -> Vec<(String, Vec<(String, String)>)> {
    let received = server.received();
    received
        .iter()
        .map(|request| (request.path().to_string(), request.query()))
        .collect()
}

fn pages<'a>(client: &'a Client, query: &[(&str, &str)], style: PageStyle) -> Pages<'a, u32> {
    let query = first_request(query);
    Pages::new(
        Call::new(client, decode, TEST_OPERATION, query),
        style,
        page_of,
    )
}

#[tokio::test]
async fn next_urls_are_followed_in_order_absolute_or_relative() {
    let (client, server) = client(
        "/v1",
        &[
            (200, r#"{"items":[1,2],"next":"{base}/v1/things?page=2"}"#),
            (200, r#"{"items":[3,4],"next":"/v1/things?page=3"}"#),
            (200, r#"{"items":[5],"next":null}"#),
        ],
    )
    .await;

    let read = read_all(pages(&client, &[("status", "valid")], PageStyle::NextUrl)).await;

    assert_eq!(items(&read), [1, 2, 3, 4, 5]);
    assert_eq!(read.len(), 5);
    let received = server.received();
    let targets: Vec<_> = received.iter().map(|request| &request.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/things?status=valid",
            "/v1/things?page=2",
            "/v1/things?page=3"
        ],
        "the next url carries the query"
    );
    assert_eq!(received[2].header("accept"), Some("application/json"));
}

#[tokio::test]
async fn a_next_url_on_another_origin_or_path_ends_the_stream_unfollowed() {
    let elsewhere = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let other_port = elsewhere.local_addr().unwrap().port();
    // Each made from the server's `host:port`.
    let foreigners: [&dyn Fn(&str) -> String; 5] = [
        &|_| "https://evil.example.com/v1/things?page=2".into(),
        &|host| format!("https://{host}/v1/things?page=2"),
        &|_| format!("http://127.0.0.1:{other_port}/v1/things?page=2"),
        &|host| format!("http://{host}/v2/things?page=2"),
        &|host| format!("http://{host}/v1x/things"),
    ];
    for foreigner in foreigners {
        let server = ScriptedServer::start_with(|base_url| {
            let foreign = foreigner(base_url.trim_start_matches("http://"));
            let body = format!(r#"{{"items":[1],"next":"{foreign}"}}"#);
            vec![answer(200, &[], &body)]
        })
        .await;
        let foreign = foreigner(server.base_url.trim_start_matches("http://"));
        let client = Client::new(format!("{}/v1/", server.base_url));

        let read = read_all(pages(&client, &[], PageStyle::NextUrl)).await;

        assert_eq!(items(&read), [1], "{foreign}");
        let Some(Err(Error::ForeignNextPage { url })) = read.last() else {
            panic!("{foreign} was followed");
        };
        assert_eq!(*url, foreign);
        assert_eq!(sent(&server).len(), 1, "{foreign}");
    }
}

#[tokio::test]
async fn a_page_with_another_status_ends_the_stream_with_its_status_and_body() {
    let (client, _server) = client(
        "",
        &[
            (200, r#"{"items":[1],"next":"{base}/things?page=2"}"#),
            (400, r#"{"detail":"no such page"}"#),
        ],
    )
    .await;

    let read = read_all(pages(&client, &[], PageStyle::NextUrl)).await;

    assert_eq!(items(&read), [1]);
    let Some(Err(Error::Page { status, body })) = read.last() else {
        panic!("the failed page did not end the stream");
    };
    assert_eq!(*status, 400);
    assert_eq!(body, br#"{"detail":"no such page"}"#);
    assert_eq!(read.len(), 2);
}

#[tokio::test]
async fn cursors_are_sent_back_in_their_parameter_until_there_is_none() {
    let (client, server) = client(
        "",
        &[
            (200, r#"{"items":[1,2],"next":"c2"}"#),
            (200, r#"{"items":[3],"next":"c3"}"#),
            (200, r#"{"items":[4],"next":""}"#),
        ],
    )
    .await;
    let style = PageStyle::Cursor { param: "cursor" };

    let read = read_all(pages(&client, &[("limit", "2")], style)).await;

    assert_eq!(items(&read), [1, 2, 3, 4]);
    let queries: Vec<_> = sent(&server).into_iter().map(|(_, query)| query).collect();
    let pair = |key: &str, value: &str| (key.to_string(), value.to_string());
    assert_eq!(
        queries,
        [
            vec![pair("limit", "2")],
            vec![pair("limit", "2"), pair("cursor", "c2")],
            vec![pair("limit", "2"), pair("cursor", "c3")],
        ]
    );
}

#[tokio::test]
async fn next_urls_in_a_cycle_end_the_stream() {
    let (client, server) = client(
        "",
        &[
            (200, r#"{"items":[1],"next":"/things?page=2"}"#),
            (200, r#"{"items":[2],"next":"/things?page=1"}"#),
            (200, r#"{"items":[3],"next":"/things?page=2"}"#),
        ],
    )
    .await;

    let read = read_all(pages(&client, &[], PageStyle::NextUrl)).await;

    assert_eq!(items(&read), [1, 2, 3]);
    assert_eq!(read.len(), 3);
    assert_eq!(sent(&server).len(), 3);
}

#[tokio::test]
async fn a_cursor_that_repeats_ends_the_stream() {
    let (client, server) = client("", &[(200, r#"{"items":[1],"next":"same"}"#)]).await;

    let read = read_all(pages(&client, &[], PageStyle::Cursor { param: "cursor" })).await;

    assert_eq!(items(&read), [1, 1]);
    assert_eq!(sent(&server).len(), 2);
}

#[tokio::test]
async fn offsets_advance_by_the_items_of_each_page_up_to_the_total() {
    let (client, server) = client(
        "",
        &[
            (200, r#"{"items":[1,2],"total":5}"#),
            (200, r#"{"items":[3,4],"total":5}"#),
            (200, r#"{"items":[5],"total":5}"#),
            (200, r#"{"items":[9],"total":5}"#),
        ],
    )
    .await;
    let style = PageStyle::Offset { param: "offset" };

    let read = read_all(pages(&client, &[("limit", "2")], style)).await;

    assert_eq!(items(&read), [1, 2, 3, 4, 5]);
    let offsets: Vec<_> = sent(&server)
        .into_iter()
        .map(|(_, query)| {
            let offset = query.iter().find(|(key, _)| key == "offset");
            offset.map(|(_, value)| value.clone())
        })
        .collect();
    assert_eq!(offsets, [None, Some("2".into()), Some("4".into())]);
}

#[tokio::test]
async fn an_empty_page_ends_a_stream_without_a_total() {
    let (client, server) = client("", &[(200, r#"{"items":[1]}"#), (200, r#"{"items":[]}"#)]).await;

    let read = read_all(pages(&client, &[], PageStyle::Offset { param: "offset" })).await;

    assert_eq!(items(&read), [1]);
    assert_eq!(sent(&server).len(), 2);
}

#[tokio::test]
async fn a_request_that_cannot_be_built_is_the_only_item() {
    let (client, server) = client("", &[]).await;
    let failing = Err(Error::InvalidPathArgument { name: "id".into() });
    let pages = Pages::new(
        Call::new(&client, decode, TEST_OPERATION, failing),
        PageStyle::NextUrl,
        page_of,
    );

    let read = read_all(pages).await;

    assert!(matches!(read[..], [Err(Error::InvalidPathArgument { .. })]));
    assert!(sent(&server).is_empty());
}

#[tokio::test]
async fn settings_of_a_stream_reach_every_page() {
    let (client, server) = client(
        "",
        &[
            (200, r#"{"items":[1],"next":"/things?page=2"}"#),
            (200, r#"{"items":[2],"next":"/things?page=3"}"#),
            (503, r#"{"detail":"try again"}"#),
        ],
    )
    .await;
    let set = pages(&client, &[], PageStyle::NextUrl)
        .timeout(std::time::Duration::from_secs(3))
        .max_retries(0)
        .header("x-trace", "t-1");

    let read = read_all(set).await;
    assert_eq!(items(&read), [1, 2]);
    assert!(matches!(
        read.last(),
        Some(Err(Error::Page { status: 503, .. }))
    ));
    let received = server.received();
    assert_eq!(received.len(), 3, "the 503 was retried");
    for request in &received {
        assert_eq!(request.header("x-trace"), Some("t-1"));
    }

    let refused = pages(&client, &[], PageStyle::NextUrl).header("x-a", "a\nb");
    let read = read_all(refused).await;
    assert!(matches!(read[..], [Err(Error::InvalidHeader { .. })]));
    assert_eq!(server.received().len(), 3, "nothing more sent");
}

#[test]
fn pages_can_be_sent_to_other_tasks() {
    fn is_send<T: Send>(_: &T) {}
    let client = Client::new("http://127.0.0.1:9");
    is_send(&pages(&client, &[], PageStyle::NextUrl));
}
