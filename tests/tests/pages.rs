//! Streams of paginated requests: the emitted Belvo client follows `next` across pages served
//! by wiremock on 127.0.0.1, and stops where it must.

use belvo::links::{ListAllLinksQuery, ListAllLinksResultsItem};
use belvo::Client;
use futures_util::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The `institution` of each link, which the pages below number in order.
fn institutions(read: &[Result<ListAllLinksResultsItem, belvo::Error>]) -> Vec<String> {
    read.iter()
        .filter_map(|item| item.as_ref().ok()?.institution.clone())
        .collect()
}

/// A Belvo page of links named `names`, pointing at `next`.
fn page(names: &[&str], next: Value) -> ResponseTemplate {
    let results: Vec<Value> = names
        .iter()
        .map(|name| json!({"id": "5c2b6b1e-7c1a-4a5b-9a4e-0e8f2a1b3c4d", "institution": name}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "count": 5, "next": next, "previous": null, "results": results
    }))
}

/// Serves `template` at `GET /api/links/` for the request with `?page=number` (the first
/// page has no `page` parameter).
async fn serve_page(server: &MockServer, number: Option<&str>, template: ResponseTemplate) {
    let mock = Mock::given(method("GET")).and(path("/api/links/"));
    let mock = match number {
        Some(number) => mock.and(query_param("page", number)),
        None => mock.and(query_param_is_missing("page")),
    };
    mock.respond_with(template).expect(1).mount(server).await;
}

async fn read_links(server: &MockServer) -> Vec<Result<ListAllLinksResultsItem, belvo::Error>> {
    let query = ListAllLinksQuery {
        page_size: Some("2".into()),
        ..Default::default()
    };
    let client = Client::new(server.uri()).with_basic_auth("id", "secret");
    client.links().list_all_links_stream(&query).collect().await
}

#[tokio::test]
async fn three_pages_are_followed_in_order() {
    let server = MockServer::start().await;
    let base = server.uri();
    let second = json!(format!("{base}/api/links/?page=2&page_size=2"));
    serve_page(&server, None, page(&["a", "b"], second)).await;
    let third = json!(format!("{base}/api/links/?page=3&page_size=2"));
    serve_page(&server, Some("2"), page(&["c", "d"], third)).await;
    serve_page(&server, Some("3"), page(&["e"], Value::Null)).await;

    let read = read_links(&server).await;

    assert_eq!(institutions(&read), ["a", "b", "c", "d", "e"]);
    assert_eq!(read.len(), 5, "no error after the last page");
    for request in server.received_requests().await.unwrap() {
        let authorization = request.headers["authorization"].to_str().unwrap();
        assert!(authorization.starts_with("Basic "), "{authorization}");
    }
}

#[tokio::test]
async fn a_next_url_on_another_origin_is_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let foreign = format!("{}/api/links/?page=2", elsewhere.uri());
    serve_page(&server, None, page(&["a"], json!(foreign))).await;

    let read = read_links(&server).await;

    assert_eq!(institutions(&read), ["a"]);
    let Some(Err(error @ belvo::Error::ForeignNextPage { url })) = read.last() else {
        panic!("the foreign next page did not end the stream: {read:?}");
    };
    assert_eq!(url, &foreign);
    assert!(error.to_string().contains("not followed"), "{error}");
    let sent_elsewhere = elsewhere.received_requests().await.unwrap();
    assert!(sent_elsewhere.is_empty(), "credentials left the host");
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_with_its_status_and_body() {
    let server = MockServer::start().await;
    let second = json!(format!("{}/api/links/?page=2", server.uri()));
    serve_page(&server, None, page(&["a"], second)).await;
    let denied =
        ResponseTemplate::new(401).set_body_json(json!([{"code": "authentication_failed"}]));
    serve_page(&server, Some("2"), denied).await;

    let read = read_links(&server).await;

    assert_eq!(institutions(&read), ["a"]);
    let Some(Err(belvo::Error::Page { status, body })) = read.last() else {
        panic!("the failed page did not end the stream: {read:?}");
    };
    assert_eq!(*status, 401);
    assert!(String::from_utf8_lossy(body).contains("authentication_failed"));
}

/// A client of the `structure` fixture for `server`.
fn structure_client(server: &MockServer) -> fixture_structure::Client {
    fixture_structure::Client::new(server.uri()).with_bearer_token("t")
}

#[tokio::test]
async fn a_cursor_is_sent_back_as_its_query_parameter_until_there_is_none() {
    use fixture_structure::feeds::ListEventsQuery;
    let server = MockServer::start().await;
    let events = |kinds: &[&str], cursor: Value| {
        let data: Vec<Value> = kinds.iter().map(|kind| json!({"kind": kind})).collect();
        ResponseTemplate::new(200)
            .set_body_json(json!({"data": data, "meta": {"next_cursor": cursor}}))
    };
    let listed = || Mock::given(method("GET")).and(path("/events"));
    listed()
        .and(query_param_is_missing("cursor"))
        .respond_with(events(&["a", "b"], json!("c2")))
        .expect(1)
        .mount(&server)
        .await;
    listed()
        .and(query_param("cursor", "c2"))
        .and(query_param("limit", "2"))
        .respond_with(events(&["c"], Value::Null))
        .expect(1)
        .mount(&server)
        .await;
    let query = ListEventsQuery {
        limit: Some("2".into()),
        ..Default::default()
    };

    let client = structure_client(&server);
    let read: Vec<_> = client.feeds().list_events_stream(&query).collect().await;

    let kinds: Vec<_> = read
        .iter()
        .map(|event| event.as_ref().unwrap().kind.clone().unwrap())
        .collect();
    assert_eq!(kinds, ["a", "b", "c"]);
}

#[tokio::test]
async fn an_offset_moves_on_by_each_page_until_the_total() {
    use fixture_structure::feeds::ListAuditEntriesQuery;
    let server = MockServer::start().await;
    let entries = |ids: &[i64]| {
        let entries: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
        ResponseTemplate::new(200).set_body_json(json!({"total": 3, "entries": entries}))
    };
    for (offset, ids) in [("0", &[1, 2][..]), ("2", &[3][..])] {
        Mock::given(method("GET"))
            .and(path("/audit"))
            .and(query_param("offset", offset))
            .respond_with(entries(ids))
            .expect(1)
            .mount(&server)
            .await;
    }
    let query = ListAuditEntriesQuery {
        offset: Some("0".into()),
        limit: Some("2".into()),
    };

    let client = structure_client(&server);
    let read: Vec<_> = client
        .feeds()
        .list_audit_entries_stream(&query)
        .collect()
        .await;

    let ids: Vec<_> = read
        .iter()
        .map(|entry| entry.as_ref().unwrap().id.unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[tokio::test]
async fn a_header_of_a_stream_is_sent_with_every_page() {
    let server = MockServer::start().await;
    let second = json!(format!("{}/api/links/?page=2", server.uri()));
    serve_page(&server, None, page(&["a"], second)).await;
    serve_page(&server, Some("2"), page(&["b"], Value::Null)).await;
    let client = Client::new(server.uri()).with_basic_auth("id", "secret");

    let read: Vec<_> = client
        .links()
        .list_all_links_stream(&ListAllLinksQuery::default())
        .header("x-trace-id", "t-9")
        .collect()
        .await;

    assert_eq!(institutions(&read), ["a", "b"]);
    for request in server.received_requests().await.unwrap() {
        assert_eq!(request.headers["x-trace-id"], "t-9");
    }
}
