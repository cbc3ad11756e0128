//! `TokenSource::provided`: the application's own token provider, called when a token is
//! needed and only then: cached, renewed before expiry and after a refusal, once for many
//! callers; its failure kept as the error's source.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{ProvidedToken, ProviderFuture, TokenError, TokenSource};
use crate::oauth2_tests::{fifty_at_once, http};

/// A provider that counts its calls and answers the n-th (from 1) with `answer(n)`, after a
/// pause in which other callers could run.
fn counting(
    answer: impl Fn(usize) -> Result<ProvidedToken, std::io::Error> + Send + Sync + 'static,
) -> (TokenSource, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let answer = Arc::new(answer);
    let source = TokenSource::provided(move || -> ProviderFuture {
        let call = counted.fetch_add(1, Ordering::SeqCst) + 1;
        let answer = Arc::clone(&answer);
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            answer(call).map_err(Into::into)
        })
    });
    (source, calls)
}

fn token(value: String, expires_in: Option<Duration>) -> Result<ProvidedToken, std::io::Error> {
    Ok(ProvidedToken { value, expires_in })
}

#[tokio::test]
async fn a_provided_token_is_kept_and_renewed_before_it_expires() {
    let (source, calls) = counting(|call| token(format!("p{call}"), Some(Duration::from_secs(1))));
    let http = http();

    assert_eq!(&*source.token(&http).await.unwrap(), "p1");
    assert_eq!(&*source.token(&http).await.unwrap(), "p1");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // A one-second token is renewed after half of it.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(&*source.token(&http).await.unwrap(), "p2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_refused_provided_token_is_replaced_and_a_newer_one_kept() {
    let (source, calls) = counting(|call| token(format!("p{call}"), None));
    let http = http();

    assert_eq!(&*source.token(&http).await.unwrap(), "p1");
    assert_eq!(&*source.token(&http).await.unwrap(), "p1");
    source.refuse("p1").await;
    assert_eq!(&*source.token(&http).await.unwrap(), "p2");
    source.refuse("p1").await;
    assert_eq!(&*source.token(&http).await.unwrap(), "p2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_good_for_ever_is_kept() {
    let (source, calls) = counting(|call| token(format!("p{call}"), Some(Duration::MAX)));
    let http = http();

    assert_eq!(&*source.token(&http).await.unwrap(), "p1");
    assert_eq!(&*source.token(&http).await.unwrap(), "p1");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn fifty_callers_at_once_share_one_provider_call() {
    let (source, calls) = counting(|call| token(format!("p{call}"), None));
    let http = http();

    for token in fifty_at_once(&source, &http).await {
        assert_eq!(token, "p1");
    }

    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_provider_failure_keeps_its_error_and_is_not_remembered() {
    let (source, calls) = counting(|call| match call {
        1 => Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "vault sealed",
        )),
        _ => token(String::new(), None),
    });
    let http = http();

    let error = source.token(&http).await.unwrap_err();
    assert!(matches!(error, TokenError::Provider(_)), "{error:?}");
    assert!(error.to_string().contains("vault sealed"), "{error}");
    let kept = std::error::Error::source(&error)
        .and_then(|source| source.downcast_ref::<std::io::Error>())
        .expect("the provider's own error as the source");
    assert_eq!(kept.kind(), std::io::ErrorKind::PermissionDenied);

    // Asked again on the next call; an empty token is no token.
    let error = source.token(&http).await.unwrap_err();
    assert!(error.to_string().contains("empty token"), "{error}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn a_provider_source_shows_no_token() {
    let source = TokenSource::provided(|| -> ProviderFuture {
        Box::pin(async {
            Ok(ProvidedToken {
                value: "pr0v1ded".into(),
                expires_in: None,
            })
        })
    });
    let shown = format!("{source:?}");
    assert!(shown.contains("provider"), "{shown}");
    assert!(!shown.contains("pr0v1ded"), "{shown}");
}
