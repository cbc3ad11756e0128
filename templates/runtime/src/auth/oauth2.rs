use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::auth::{
    provide, ProviderFuture, RefreshGrant, Refreshing, TokenEndpoint, TokenProvider,
};

/// How long one token request may take, from connecting to the whole answer: a token
/// endpoint that hangs fails the calls waiting for it instead of holding them forever.
pub(crate) const TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

/// How long before its expiry a token is renewed, at least; up to as much again at random,
/// so that many clients started together do not all renew at once. Never more than half a
/// token's lifetime.
const RENEW_MARGIN: Duration = Duration::from_secs(30);

/// How the client proves who it is to the token endpoint (Postman's
/// `client_authentication`; RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClientAuthentication {
    /// `Authorization: Basic` with the client id and secret (`header`, Postman's default).
    BasicHeader,
    /// `client_id` and `client_secret` in the form (`body`).
    Body,
}

/// An OAuth 2.0 client-credentials grant (RFC 6749 §4.4), as the collection describes it.
#[derive(Clone)]
pub(crate) struct ClientCredentials {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
    /// Sent as `scope` when set.
    pub scope: Option<String>,
    /// Sent as they are (`audience`, `resource`).
    pub extra: Vec<(String, String)>,
    pub authentication: ClientAuthentication,
}

/// Why no access token could be had.
#[derive(Debug)]
#[non_exhaustive]
pub enum TokenError {
    /// The token request was not sent or its answer not received.
    Transport(reqwest::Error),
    /// The token endpoint refused: its status, and the `error` and `error_description` of
    /// its answer when it gave them (RFC 6749 §5.2).
    Refused {
        status: u16,
        error: Option<String>,
        description: Option<String>,
    },
    /// The token endpoint answered success without an `access_token`.
    NoToken { status: u16 },
    /// The client has no token url: the collection gives none that resolves, and none was
    /// set with the client's token url setter.
    NoTokenUrl,
    /// The application's token provider failed, or gave no token within the token timeout
    /// (then its error is a `tokio::time::error::Elapsed`).
    Provider(Box<dyn std::error::Error + Send + Sync>),
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenError::Transport(source) => write!(f, "token request failed: {source}"),
            TokenError::Refused {
                status,
                error,
                description,
            } => {
                write!(f, "the token endpoint refused with {status}")?;
                if let Some(error) = error {
                    write!(f, ": {error}")?;
                }
                if let Some(description) = description {
                    write!(f, " ({description})")?;
                }
                Ok(())
            }
            TokenError::NoToken { status } => {
                write!(
                    f,
                    "the token endpoint answered {status} without an access token"
                )
            }
            TokenError::Provider(source) => write!(f, "the token provider failed: {source}"),
            TokenError::NoTokenUrl => {
                f.write_str("no OAuth 2.0 token url: set one with the client's token url setter")
            }
        }
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokenError::Transport(source) => Some(source),
            TokenError::Provider(source) => Some(&**source),
            _ => None,
        }
    }
}

/// An access token and when to ask for the next.
pub(crate) struct Token {
    value: Arc<str>,
    /// `None`: no lifetime was given; kept until the API refuses it.
    renew_at: Option<Instant>,
}

impl Token {
    /// `value`, good for `lifetime` from `asked_at`, when it was asked for. A lifetime past
    /// what an `Instant` can hold is none.
    pub(crate) fn new(value: Arc<str>, asked_at: Instant, lifetime: Option<Duration>) -> Token {
        let renew_in = lifetime.map(|lifetime| lifetime - renew_margin(lifetime));
        Token {
            value,
            renew_at: renew_in.and_then(|renew_in| asked_at.checked_add(renew_in)),
        }
    }

    fn is_fresh(&self) -> bool {
        self.renew_at.is_none_or(|at| Instant::now() < at)
    }
}

/// How a [`TokenSource`] gets its next access token.
enum Grant {
    ClientCredentials(ClientCredentials),
    Refresh(Refreshing),
    Provided(TokenProvider),
}

impl Grant {
    async fn fetch(&self, http: &reqwest::Client) -> Result<Token, TokenError> {
        match self {
            Grant::ClientCredentials(grant) => {
                let granted = grant
                    .endpoint()
                    .ask(http, &[("grant_type", "client_credentials")])
                    .await?;
                granted.into_token()
            }
            Grant::Refresh(refreshing) => refreshing.fetch(http).await,
            Grant::Provided(provider) => provide(provider).await,
        }
    }

    /// The token endpoint, for grants that have one.
    fn endpoint(&self) -> Option<TokenEndpoint<'_>> {
        match self {
            Grant::ClientCredentials(grant) => Some(grant.endpoint()),
            Grant::Refresh(refreshing) => Some(refreshing.endpoint()),
            Grant::Provided(_) => None,
        }
    }
}

impl ClientCredentials {
    fn endpoint(&self) -> TokenEndpoint<'_> {
        TokenEndpoint {
            url: &self.token_url,
            client_id: &self.client_id,
            client_secret: &self.client_secret,
            authentication: self.authentication,
            scope: self.scope.as_deref(),
            extra: &self.extra,
        }
    }
}

/// Access tokens of one grant, fetched when first needed, reused until shortly before they
/// expire, and shared by every clone: callers that need a token while it is being fetched
/// wait for that one fetch instead of starting their own.
#[derive(Clone)]
pub(crate) struct TokenSource {
    grant: Arc<Grant>,
    current: Arc<tokio::sync::Mutex<Option<Token>>>,
}

impl std::fmt::Debug for TokenSource {
    // Secrets and tokens never reach logs: the grant's kind, and where it asks as whom.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut shown = f.debug_struct("TokenSource");
        let grant = match &*self.grant {
            Grant::ClientCredentials(_) => "client_credentials",
            Grant::Refresh(_) => "refresh_token",
            Grant::Provided(_) => "provider",
        };
        shown.field("grant", &grant);
        if let Some(endpoint) = self.grant.endpoint() {
            shown
                .field("token_url", &endpoint.url)
                .field("client_id", &endpoint.client_id);
        }
        shown.finish_non_exhaustive()
    }
}

impl TokenSource {
    /// Tokens of a client-credentials grant.
    pub(crate) fn new(grant: ClientCredentials) -> TokenSource {
        TokenSource::with(Grant::ClientCredentials(grant), None)
    }

    /// Tokens renewed with a refresh token (RFC 6749 §6), starting with the grant's access
    /// token when it has one.
    pub(crate) fn refreshing(mut grant: RefreshGrant) -> TokenSource {
        let given = grant
            .access_token
            .take()
            .filter(|token| !token.value.is_empty());
        let given =
            given.map(|token| Token::new(token.value.into(), Instant::now(), token.expires_in));
        TokenSource::with(Grant::Refresh(Refreshing::new(grant)), given)
    }

    /// Tokens from the application's own `provider`, for flows the collection cannot
    /// describe; cached and renewed like the others.
    pub(crate) fn provided(
        provider: impl Fn() -> ProviderFuture + Send + Sync + 'static,
    ) -> TokenSource {
        TokenSource::with(Grant::Provided(Arc::new(provider)), None)
    }

    fn with(grant: Grant, current: Option<Token>) -> TokenSource {
        TokenSource {
            grant: Arc::new(grant),
            current: Arc::new(tokio::sync::Mutex::new(current)),
        }
    }

    /// A source of the same grant that asks `token_url` for tokens, holding none yet (a
    /// refresh grant keeps the refresh token it has come to); a provider's is unchanged.
    pub(crate) fn with_token_url(&self, token_url: String) -> TokenSource {
        match &*self.grant {
            Grant::ClientCredentials(grant) => TokenSource::new(ClientCredentials {
                token_url,
                ..grant.clone()
            }),
            Grant::Refresh(refreshing) => TokenSource::refreshing(refreshing.moved_to(token_url)),
            Grant::Provided(_) => self.clone(),
        }
    }

    /// A token to send: the current one while it is fresh, else a new one from the grant,
    /// fetched once for all who wait.
    pub(crate) async fn token(&self, http: &reqwest::Client) -> Result<Arc<str>, TokenError> {
        // Held across the fetch: whoever comes meanwhile waits here, then finds it fresh.
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref().filter(|token| token.is_fresh()) {
            return Ok(Arc::clone(&token.value));
        }
        let fetched = self.grant.fetch(http).await?;
        let value = Arc::clone(&fetched.value);
        *current = Some(fetched);
        Ok(value)
    }

    /// Forgets `refused`, a token the API answered 401 to, so that the next [`Self::token`]
    /// fetches another; a token fetched since by another call is kept.
    pub(crate) async fn refuse(&self, refused: &str) {
        let mut current = self.current.lock().await;
        if current
            .as_ref()
            .is_some_and(|token| &*token.value == refused)
        {
            *current = None;
        }
    }

    /// The refresh token the next renewal sends, the latest the endpoint gave; `None` for
    /// grants without one.
    pub(crate) fn current_refresh_token(&self) -> Option<Arc<str>> {
        match &*self.grant {
            Grant::Refresh(refreshing) => Some(refreshing.refresh_token()),
            _ => None,
        }
    }
}

/// How long before the end of `lifetime` to renew: [`RENEW_MARGIN`] plus up to as much at
/// random, at most half the lifetime.
fn renew_margin(lifetime: Duration) -> Duration {
    let jitter = RENEW_MARGIN.mul_f64(fastrand::f64());
    (RENEW_MARGIN + jitter).min(lifetime / 2)
}
