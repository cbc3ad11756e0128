use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long one token request may take, from connecting to the whole answer: a token
/// endpoint that hangs fails the calls waiting for it instead of holding them forever.
pub(crate) const TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

/// How long before its expiry a token is renewed, at least; up to as much again at random,
/// so that many clients started together do not all renew at once. Never more than half a
/// token's lifetime.
const RENEW_MARGIN: Duration = Duration::from_secs(30);

/// How the client proves who it is to the token endpoint (Postman's
/// `client_authentication`; RFC 6749 §2.3.1).
// The collection picks one: the other is unused in a crate, yet kept whole.
#[allow(dead_code)]
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
        }
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokenError::Transport(source) => Some(source),
            _ => None,
        }
    }
}

/// An access token and when to ask for the next.
struct Token {
    value: Arc<str>,
    /// `None`: the endpoint gave no lifetime; kept until the API refuses it.
    renew_at: Option<Instant>,
}

impl Token {
    fn is_fresh(&self) -> bool {
        self.renew_at.is_none_or(|at| Instant::now() < at)
    }
}

/// Access tokens of one grant, fetched when first needed, reused until shortly before they
/// expire, and shared by every clone: callers that need a token while it is being fetched
/// wait for that one fetch instead of starting their own.
#[derive(Clone)]
pub(crate) struct TokenSource {
    grant: Arc<ClientCredentials>,
    current: Arc<tokio::sync::Mutex<Option<Token>>>,
}

impl std::fmt::Debug for TokenSource {
    // The secret and the token never reach logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSource")
            .field("token_url", &self.grant.token_url)
            .field("client_id", &self.grant.client_id)
            .finish_non_exhaustive()
    }
}

impl TokenSource {
    pub(crate) fn new(grant: ClientCredentials) -> TokenSource {
        TokenSource {
            grant: Arc::new(grant),
            current: Arc::new(tokio::sync::Mutex::new(None)),
        }
    }

    /// A source of the same grant that asks `token_url` for tokens, holding none yet.
    pub(crate) fn with_token_url(&self, token_url: String) -> TokenSource {
        let mut grant = ClientCredentials::clone(&self.grant);
        grant.token_url = token_url;
        TokenSource::new(grant)
    }

    /// A token to send: the current one while it is fresh, else a new one from the token
    /// endpoint, fetched once for all who wait.
    pub(crate) async fn token(&self, http: &reqwest::Client) -> Result<Arc<str>, TokenError> {
        // Held across the fetch: whoever comes meanwhile waits here, then finds it fresh.
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref().filter(|token| token.is_fresh()) {
            return Ok(Arc::clone(&token.value));
        }
        let fetched = fetch(http, &self.grant).await?;
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
}

/// The fields of a token endpoint's answer that matter here.
#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    expires_in: Option<serde_json::Value>,
    error: Option<String>,
    error_description: Option<String>,
}

async fn fetch(http: &reqwest::Client, grant: &ClientCredentials) -> Result<Token, TokenError> {
    let mut form = vec![("grant_type", "client_credentials")];
    if let Some(scope) = &grant.scope {
        form.push(("scope", scope.as_str()));
    }
    if grant.authentication == ClientAuthentication::Body {
        form.push(("client_id", grant.client_id.as_str()));
        form.push(("client_secret", grant.client_secret.as_str()));
    }
    form.extend(
        grant
            .extra
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str())),
    );
    let mut request = http
        .post(&grant.token_url)
        .timeout(TOKEN_TIMEOUT)
        .header(reqwest::header::ACCEPT, "application/json")
        .form(&form);
    if grant.authentication == ClientAuthentication::BasicHeader {
        request = request.basic_auth(&grant.client_id, Some(&grant.client_secret));
    }
    let asked_at = Instant::now();
    // Without the url: the token url may carry a secret in its query.
    let strip = |error: reqwest::Error| TokenError::Transport(error.without_url());
    let response = request.send().await.map_err(strip)?;
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(strip)?;
    let answer: Option<TokenAnswer> = serde_json::from_slice(&body).ok();
    if !(200..300).contains(&status) {
        let (error, description) = answer
            .map(|answer| (answer.error, answer.error_description))
            .unwrap_or_default();
        return Err(TokenError::Refused {
            status,
            error,
            description,
        });
    }
    let answer = answer.ok_or(TokenError::NoToken { status })?;
    let value = answer
        .access_token
        .filter(|token| !token.is_empty())
        .ok_or(TokenError::NoToken { status })?;
    let lifetime = answer
        .expires_in
        .as_ref()
        .and_then(seconds)
        .map(Duration::from_secs);
    Ok(Token {
        value: value.into(),
        renew_at: lifetime.map(|lifetime| asked_at + lifetime - renew_margin(lifetime)),
    })
}

/// `expires_in` as whole seconds: a number, or a number in a string (some servers send one).
fn seconds(value: &serde_json::Value) -> Option<u64> {
    match value {
        serde_json::Value::Number(number) => number.as_u64().or_else(|| {
            number
                .as_f64()
                .filter(|secs| *secs >= 0.0)
                .map(|secs| secs as u64)
        }),
        serde_json::Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// How long before the end of `lifetime` to renew: [`RENEW_MARGIN`] plus up to as much at
/// random, at most half the lifetime.
fn renew_margin(lifetime: Duration) -> Duration {
    let jitter = RENEW_MARGIN.mul_f64(fastrand::f64());
    (RENEW_MARGIN + jitter).min(lifetime / 2)
}
