use std::sync::{Arc, Mutex, PoisonError};

use crate::auth::{ClientAuthentication, ProvidedToken, Token, TokenEndpoint, TokenError};

/// Told each new refresh token the token endpoint rotates to, as it arrives.
pub(crate) type OnRotate = Arc<dyn Fn(&str) + Send + Sync>;

/// An OAuth 2.0 refresh-token grant (RFC 6749 §6): access tokens renewed with a refresh token
/// a user obtained out of band (authorization code or password grant).
#[derive(Clone)]
pub(crate) struct RefreshGrant {
    pub token_url: String,
    pub client_id: String,
    /// Empty for a public client: then left out of a `Body` authentication.
    pub client_secret: String,
    /// The first one to send; replaced by each new one the endpoint answers with.
    pub refresh_token: String,
    /// Sent as `scope` when set: no more than was granted with the refresh token.
    pub scope: Option<String>,
    /// Sent as they are (`resource`).
    pub extra: Vec<(String, String)>,
    pub authentication: ClientAuthentication,
    /// The access token obtained with the refresh token, when still at hand: sent until it
    /// expires or is refused, so that the first call needs no token request.
    pub access_token: Option<ProvidedToken>,
    /// Called with each new refresh token, before the access token that came with it is used,
    /// while other callers wait: the place to store it where the next run finds it, since the
    /// endpoint may already refuse the one it replaces. It should be quick; it must not wait
    /// for this token source.
    pub on_rotate: Option<OnRotate>,
}

/// A refresh grant in use: the refresh token it sends next.
pub(crate) struct Refreshing {
    grant: RefreshGrant,
    /// Read by [`crate::auth::TokenSource::current_refresh_token`] at any time, written only
    /// by the one fetch under way.
    refresh_token: Mutex<Arc<str>>,
}

impl Refreshing {
    pub(crate) fn new(grant: RefreshGrant) -> Refreshing {
        Refreshing {
            refresh_token: Mutex::new(grant.refresh_token.as_str().into()),
            grant,
        }
    }

    /// The grant as it stands (its latest refresh token, no access token), asking `token_url`.
    pub(crate) fn moved_to(&self, token_url: String) -> RefreshGrant {
        RefreshGrant {
            token_url,
            refresh_token: self.refresh_token().to_string(),
            access_token: None,
            ..self.grant.clone()
        }
    }

    pub(crate) fn refresh_token(&self) -> Arc<str> {
        let current = self.refresh_token.lock();
        Arc::clone(&current.unwrap_or_else(PoisonError::into_inner))
    }

    pub(crate) fn endpoint(&self) -> TokenEndpoint<'_> {
        let grant = &self.grant;
        TokenEndpoint {
            url: &grant.token_url,
            client_id: &grant.client_id,
            client_secret: &grant.client_secret,
            authentication: grant.authentication,
            scope: grant.scope.as_deref(),
            extra: &grant.extra,
        }
    }

    /// A new access token for the current refresh token; a rotated refresh token is kept and
    /// told even when the answer has no usable access token, since the old one may be spent.
    pub(crate) async fn fetch(&self, http: &reqwest::Client) -> Result<Token, TokenError> {
        let sent = self.refresh_token();
        let grant = [("grant_type", "refresh_token"), ("refresh_token", &*sent)];
        let granted = self.endpoint().ask(http, &grant).await?;
        if let Some(rotated) = granted.refresh_token().filter(|new| *new != &*sent) {
            *self
                .refresh_token
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = rotated.into();
            if let Some(on_rotate) = &self.grant.on_rotate {
                on_rotate(rotated);
            }
        }
        granted.into_token()
    }
}
