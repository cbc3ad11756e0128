use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::auth::{Token, TokenError, TOKEN_TIMEOUT};

/// An access token the application obtained itself, and how long it is good for.
#[derive(Clone)]
pub struct ProvidedToken {
    pub value: String,
    /// Counted from when the token is handed over (for a provider, from when it was called);
    /// `None`: kept until the API refuses it.
    pub expires_in: Option<Duration>,
}

impl std::fmt::Debug for ProvidedToken {
    // The token never reaches logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProvidedToken")
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// What a token provider returns: a token, or why there is none.
pub type ProviderFuture = Pin<
    Box<
        dyn Future<Output = Result<ProvidedToken, Box<dyn std::error::Error + Send + Sync>>> + Send,
    >,
>;

/// The application's own way to get access tokens, for flows the collection cannot describe.
pub(crate) type TokenProvider = Arc<dyn Fn() -> ProviderFuture + Send + Sync>;

/// Calls `provider` once, bounded by [`TOKEN_TIMEOUT`] like a token request.
pub(crate) async fn provide(provider: &TokenProvider) -> Result<Token, TokenError> {
    let asked_at = Instant::now();
    let provided = tokio::time::timeout(TOKEN_TIMEOUT, provider())
        .await
        .map_err(|elapsed| TokenError::Provider(Box::new(elapsed)))?
        .map_err(TokenError::Provider)?;
    if provided.value.is_empty() {
        return Err(TokenError::Provider("it gave an empty token".into()));
    }
    Ok(Token::new(
        provided.value.into(),
        asked_at,
        provided.expires_in,
    ))
}
