//! Belvo's mock server (feature `mock`) end to end, driven by the Belvo client: typed stubs
//! for every documented status of `Links / Update`, saved examples by name, the requests
//! received, injected failures against the client's retries and timeouts, and streams
//! that end after the default answer.

use std::time::Duration;

use futures_util::StreamExt;

use belvo::links::{UpdateOk, UpdatePreconditionRequired, UpdateRequest, UpdateResponse};
use belvo::mock::{MockServer, Reply};
use belvo::types::ErrorItem;

const LINK_ID: &str = "d4617561-1c33-4e8b-a1a3-5a0b1f4e2a77";

fn error_items() -> Vec<ErrorItem> {
    let mut item = ErrorItem::default();
    item.code = Some("too_many_sessions".into());
    item.message = Some("Try again later.".into());
    vec![item]
}

/// One response per documented status, as a consumer's test would build them.
fn every_documented_response() -> Vec<UpdateResponse> {
    let mut ok = UpdateOk::default();
    ok.id = Some(LINK_ID.parse().unwrap());
    ok.status = Some("valid".into());
    let mut mfa = UpdatePreconditionRequired::default();
    mfa.code = Some("token_required".into());
    mfa.expiry = Some(9600.0);
    vec![
        UpdateResponse::Ok(ok),
        UpdateResponse::BadRequest(error_items()),
        UpdateResponse::Unauthorized(error_items()),
        UpdateResponse::NotFound(error_items()),
        UpdateResponse::PreconditionRequired(mfa),
        UpdateResponse::InternalServerError(error_items()),
    ]
}

#[tokio::test]
async fn a_typed_stub_for_every_status_comes_back_as_set() {
    let server = MockServer::start().await;
    let client = server.client().with_max_retries(0);
    for response in every_documented_response() {
        server.links().update().respond(response.clone());
        let received = client
            .links()
            .update(LINK_ID, &UpdateRequest::default())
            .await
            .unwrap();
        assert_eq!(received, response);
    }
}

#[tokio::test]
async fn undocumented_statuses_and_saved_examples_by_name() {
    let server = MockServer::start().await;
    let client = server.client();
    server.links().update().reply(
        Reply::new(418)
            .header("x-request-id", "r-418")
            .body("teapot"),
    );
    let UpdateResponse::Undocumented(teapot) = client
        .links()
        .update(LINK_ID, &UpdateRequest::default())
        .await
        .unwrap()
    else {
        panic!("418 is not documented");
    };
    assert_eq!(
        (teapot.status, teapot.body.as_slice()),
        (418, &b"teapot"[..])
    );
    assert_eq!(teapot.headers["x-request-id"], "r-418");

    server.links().update().example("MFA Token Required");
    let mfa = client
        .links()
        .update(LINK_ID, &UpdateRequest::default())
        .await
        .unwrap();
    assert!(
        matches!(&mfa, UpdateResponse::PreconditionRequired(required) if required.token_generation_data.is_some()),
        "{mfa:?}"
    );
}

#[tokio::test]
async fn stubs_match_on_path_arguments_and_record_typed_bodies() {
    let server = MockServer::start().await;
    let client = server.client();
    server
        .links()
        .update()
        .path_arg("id", "other-link")
        .respond(UpdateResponse::NotFound(error_items()));
    let body = UpdateRequest {
        password: Some("new-password".into()),
        token: Some("1234ab".into()),
        ..Default::default()
    };

    let ours = client.links().update(LINK_ID, &body).await.unwrap();
    let other = client.links().update("other-link", &body).await.unwrap();

    assert!(matches!(ours, UpdateResponse::Ok(_)), "{ours:?}");
    assert!(matches!(other, UpdateResponse::NotFound(_)), "{other:?}");
    let received = server.links().update().received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].path_arg("id"), Some(LINK_ID));
    assert_eq!(received[0].body().unwrap(), body);
    assert!(received[0].header("authorization").is_none());
    let only_other = server
        .links()
        .update()
        .path_arg("id", "other-link")
        .received();
    assert_eq!(only_other.len(), 1);
    // Other requests are kept apart.
    assert!(server.links().delete_link().received().is_empty());
    assert_eq!(server.received_requests().len(), 2);
}

#[tokio::test]
async fn the_client_retries_injected_rate_limits_and_outages() {
    let server = MockServer::start().await;
    let client = server.client();
    server
        .links()
        .update()
        .times(1)
        .reply(Reply::new(429).retry_after(Duration::from_secs(1)));
    server
        .links()
        .get_links_details()
        .times(2)
        .reply(Reply::new(503));

    let started = std::time::Instant::now();
    let updated = client
        .links()
        .update(LINK_ID, &UpdateRequest::default())
        .with_meta()
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
    assert!(matches!(updated.value, UpdateResponse::Ok(_)));
    assert_eq!(updated.retries, 1);

    let details = client
        .links()
        .get_links_details(LINK_ID, &Default::default())
        .with_meta()
        .await
        .unwrap();
    assert_eq!((details.status, details.retries), (200, 2));
    assert_eq!(server.links().get_links_details().received().len(), 3);
}

#[tokio::test]
async fn dropped_connections_and_slow_answers_are_transport_errors() {
    let server = MockServer::start().await;
    let client = server.client().with_max_retries(0);
    server.links().update().times(1).drop_connection();
    let dropped = client
        .links()
        .update(LINK_ID, &UpdateRequest::default())
        .await;
    assert!(
        matches!(dropped, Err(belvo::Error::Transport(_))),
        "{dropped:?}"
    );

    server
        .links()
        .delete_link()
        .delay(Duration::from_secs(5))
        .reply(Reply::new(204));
    let slow = client
        .links()
        .delete_link(LINK_ID)
        .timeout(Duration::from_millis(200))
        .await;
    assert!(slow.is_err_and(|error| error.is_timeout()));
}

/// Everything a stream yields, failing the test on an error or on a stream that never ends.
async fn read_all<T: std::fmt::Debug>(
    stream: impl futures_util::Stream<Item = Result<T, impl std::fmt::Debug>>,
) -> Vec<T> {
    let read = tokio::time::timeout(Duration::from_secs(10), stream.collect::<Vec<_>>())
        .await
        .expect("the stream did not end");
    read.into_iter()
        .map(|item| item.expect("the stream failed"))
        .collect()
}

#[tokio::test]
async fn streams_read_the_default_answer_as_their_last_page() {
    let server = MockServer::start().await;
    let client = server.client();
    let links = read_all(client.links().list_all_links_stream(&Default::default())).await;
    assert!(!links.is_empty());
    // The saved example's `next` points at the real API; its default answer has none.
    assert_eq!(server.links().list_all_links().received().len(), 1);

    // A cursor and an offset: the default answers end them too.
    let server = fixture_structure::mock::MockServer::start().await;
    let client = server.client();
    let events = read_all(client.feeds().list_events_stream(&Default::default())).await;
    let entries = read_all(
        client
            .feeds()
            .list_audit_entries_stream(&Default::default()),
    )
    .await;
    assert_eq!((events.len(), entries.len()), (1, 1));
    assert_eq!(server.feeds().list_events().received().len(), 1);
    assert_eq!(server.feeds().list_audit_entries().received().len(), 1);
}
