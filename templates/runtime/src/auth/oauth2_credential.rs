use crate::auth::TokenSource;
use crate::http::{CredentialFuture, RawResponse, TryCredential};
use crate::Error;
use reqwest::header::{HeaderValue, AUTHORIZATION};

/// OAuth 2.0 access tokens as the client sends them: `Authorization: {prefix} {token}` on
/// every try, the token fetched and renewed by its [`TokenSource`]; a 401 makes the source
/// forget the token it was sent with, and the request is sent once more with a new one.
#[derive(Debug, Clone)]
pub(crate) struct OAuth2Bearer {
    pub tokens: TokenSource,
    /// Postman's `headerPrefix`: `Bearer` unless the collection says otherwise.
    pub prefix: String,
}

impl TryCredential for OAuth2Bearer {
    fn apply<'a>(
        &'a self,
        http: &'a reqwest::Client,
        request: &'a mut reqwest::Request,
    ) -> CredentialFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let token = self
                .tokens
                .token(http)
                .await
                .map_err(|error| Error::Credential(Box::new(error)))?;
            let mut value =
                HeaderValue::from_str(&format!("{} {token}", self.prefix)).map_err(|_| {
                    Error::InvalidHeader {
                        name: AUTHORIZATION.to_string(),
                    }
                })?;
            value.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, value);
            Ok(())
        })
    }

    fn refused<'a>(
        &'a self,
        sent: Option<&'a HeaderValue>,
        _response: &'a RawResponse,
    ) -> CredentialFuture<'a, bool> {
        Box::pin(async move {
            let token = sent
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.strip_prefix(self.prefix.as_str()))
                .map(str::trim_start);
            let Some(token) = token else {
                return false;
            };
            self.tokens.refuse(token).await;
            true
        })
    }
}
