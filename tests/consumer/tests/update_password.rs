//! `update_password` against Belvo's mock server, as a consumer tests its own code.

use belvo::links::{UpdateRequest, UpdateResponse};
use belvo::mock::{MockServer, Reply};
use belvo::types::ErrorItem;
use belvo_consumer::{update_password, NextStep};

const LINK: &str = "link-1";

#[tokio::test]
async fn a_password_the_bank_accepts_is_done_and_is_what_was_sent() {
    let server = MockServer::start().await;

    let step = update_password(&server.client(), LINK, "s3cret")
        .await
        .unwrap();

    assert_eq!(step, NextStep::Done);
    let sent = server.links().update().received();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path_arg("id"), Some(LINK));
    let body: UpdateRequest = sent[0].body().unwrap();
    assert_eq!(body.password.as_deref(), Some("s3cret"));
}

#[tokio::test]
async fn a_bank_asking_for_a_token_gives_its_session_and_instructions() {
    let server = MockServer::start().await;
    server.links().update().example("MFA Token Required");

    let step = update_password(&server.client(), LINK, "s3cret")
        .await
        .unwrap();

    let NextStep::EnterToken {
        session,
        instructions,
    } = step
    else {
        panic!("{step:?}");
    };
    assert!(!session.is_empty());
    assert!(instructions.is_some());
}

#[tokio::test]
async fn refused_credentials_give_belvo_s_messages() {
    let server = MockServer::start().await;
    let mut error = ErrorItem::default();
    error.message = Some("Invalid credentials provided".into());
    server
        .links()
        .update()
        .respond(UpdateResponse::Unauthorized(vec![error]));

    let step = update_password(&server.client(), LINK, "wrong")
        .await
        .unwrap();

    assert_eq!(
        step,
        NextStep::Refused(vec!["Invalid credentials provided".into()])
    );
}

#[tokio::test]
async fn an_outage_is_retried_then_left_for_later() {
    let server = MockServer::start().await;
    server.links().update().reply(Reply::new(503));

    let step = update_password(&server.client(), LINK, "s3cret")
        .await
        .unwrap();

    assert_eq!(step, NextStep::TryLater { status: 503 });
    // The client's default: two retries.
    assert_eq!(server.links().update().received().len(), 3);
}

#[tokio::test]
async fn a_connection_that_drops_is_an_error() {
    let server = MockServer::start().await;
    server.links().update().drop_connection();

    let outcome = update_password(&server.client(), LINK, "s3cret").await;

    assert!(
        matches!(outcome, Err(belvo::Error::Transport(_))),
        "{outcome:?}"
    );
}
