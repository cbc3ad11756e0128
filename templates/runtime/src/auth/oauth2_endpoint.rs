use std::time::{Duration, Instant};

use crate::auth::{ClientAuthentication, Token, TokenError, TOKEN_TIMEOUT};

/// Where a grant asks for access tokens and how the client proves who it is there: all of a
/// token request (RFC 6749 §3.2) but the grant's own pairs.
pub(crate) struct TokenEndpoint<'a> {
    pub url: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a str,
    pub authentication: ClientAuthentication,
    /// Sent as `scope` when set.
    pub scope: Option<&'a str>,
    /// Sent as they are, last (`audience`, `resource`).
    pub extra: &'a [(String, String)],
}

/// A token endpoint's success answer, as received.
pub(crate) struct TokenGranted {
    status: u16,
    /// When the request was sent: lifetimes count from then, never from later.
    asked_at: Instant,
    answer: Option<TokenAnswer>,
}

/// The fields of a token endpoint's answer that matter here (RFC 6749 §5.1, §5.2).
#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    expires_in: Option<serde_json::Value>,
    refresh_token: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

impl TokenEndpoint<'_> {
    /// Posts `grant`, the grant's own pairs (`grant_type` first), then `scope`, the client's
    /// id and secret when it authenticates in the body, and the extra pairs. An answer other
    /// than a success is [`TokenError::Refused`].
    pub(crate) async fn ask(
        &self,
        http: &reqwest::Client,
        grant: &[(&str, &str)],
    ) -> Result<TokenGranted, TokenError> {
        if self.url.is_empty() {
            return Err(TokenError::NoTokenUrl);
        }
        let mut form = grant.to_vec();
        if let Some(scope) = self.scope {
            form.push(("scope", scope));
        }
        if self.authentication == ClientAuthentication::Body {
            form.push(("client_id", self.client_id));
            // RFC 6749 §2.3.1: a public client, whose secret is empty, may leave it out.
            if !self.client_secret.is_empty() {
                form.push(("client_secret", self.client_secret));
            }
        }
        form.extend(
            self.extra
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str())),
        );
        let mut request = http
            .post(self.url)
            .timeout(TOKEN_TIMEOUT)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&form);
        if self.authentication == ClientAuthentication::BasicHeader {
            request = request.basic_auth(self.client_id, Some(self.client_secret));
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
        Ok(TokenGranted {
            status,
            asked_at,
            answer,
        })
    }
}

impl TokenGranted {
    /// The refresh token the answer carries, if any: a new one where the endpoint rotates
    /// them (RFC 6749 §6).
    pub(crate) fn refresh_token(&self) -> Option<&str> {
        let answer = self.answer.as_ref()?;
        answer
            .refresh_token
            .as_deref()
            .filter(|token| !token.is_empty())
    }

    /// The access token granted, renewed shortly before the `expires_in` it came with.
    pub(crate) fn into_token(self) -> Result<Token, TokenError> {
        let status = self.status;
        let answer = self.answer.ok_or(TokenError::NoToken { status })?;
        let value = answer
            .access_token
            .filter(|token| !token.is_empty())
            .ok_or(TokenError::NoToken { status })?;
        let lifetime = answer
            .expires_in
            .as_ref()
            .and_then(seconds)
            .map(Duration::from_secs);
        Ok(Token::new(value.into(), self.asked_at, lifetime))
    }
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
