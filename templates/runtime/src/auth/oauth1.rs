use crate::http::{CredentialFuture, TryCredential};
use crate::Error;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};

/// What RFC 5849 §3.6 leaves unescaped: the unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// HMAC of `$text` under `$key` with the hash `$hash` (SHA-1 or SHA-256).
macro_rules! hmac_of {
    ($hash:ty, $key:expr, $text:expr) => {{
        // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
        let mut mac =
            <Hmac<$hash> as Mac>::new_from_slice($key.as_bytes()).expect("HMAC takes any key");
        mac.update($text.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }};
}

/// How a request is signed (Postman's `signatureMethod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OAuth1Method {
    HmacSha1,
    HmacSha256,
    Plaintext,
}

impl OAuth1Method {
    fn name(self) -> &'static str {
        match self {
            OAuth1Method::HmacSha1 => "HMAC-SHA1",
            OAuth1Method::HmacSha256 => "HMAC-SHA256",
            OAuth1Method::Plaintext => "PLAINTEXT",
        }
    }
}

/// The client's and the user's OAuth 1.0a credentials.
#[derive(Clone)]
pub(crate) struct OAuth1Credentials {
    pub consumer_key: String,
    pub consumer_secret: String,
    /// The user's token and its secret; absent for requests signed by the client alone.
    pub token: Option<(String, String)>,
    pub method: OAuth1Method,
    /// Sent as `realm` in the header, outside the signature (RFC 5849 §3.5.1).
    pub realm: Option<String>,
    /// Whether `oauth_version=1.0` is sent (optional in RFC 5849; Postman sends it).
    pub version: bool,
}

impl std::fmt::Debug for OAuth1Credentials {
    // The secrets never reach logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth1Credentials")
            .field("consumer_key", &self.consumer_key)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

/// `text` escaped as RFC 5849 §3.6 says: every byte but the unreserved ones as `%XX`.
fn escape(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// The protocol parameters of one signed request, `oauth_signature` last: what goes in its
/// `Authorization: OAuth …` header (or its query). `form` is the request's url-encoded body,
/// decoded, when it has one: its pairs are signed too (RFC 5849 §3.4.1.3.1).
pub(crate) fn oauth1_parameters(
    credentials: &OAuth1Credentials,
    method: &str,
    url: &reqwest::Url,
    form: &[(String, String)],
    nonce: &str,
    timestamp: u64,
) -> Vec<(String, String)> {
    let mut protocol = vec![
        (
            "oauth_consumer_key".to_string(),
            credentials.consumer_key.clone(),
        ),
        ("oauth_nonce".to_string(), nonce.to_string()),
        (
            "oauth_signature_method".to_string(),
            credentials.method.name().to_string(),
        ),
        ("oauth_timestamp".to_string(), timestamp.to_string()),
    ];
    if let Some((token, _)) = &credentials.token {
        protocol.push(("oauth_token".to_string(), token.clone()));
    }
    if credentials.version {
        protocol.push(("oauth_version".to_string(), "1.0".to_string()));
    }
    let key = format!(
        "{}&{}",
        escape(&credentials.consumer_secret),
        credentials
            .token
            .as_ref()
            .map(|(_, secret)| escape(secret))
            .unwrap_or_default()
    );
    let signature = match credentials.method {
        OAuth1Method::Plaintext => key,
        signed => {
            let base = signature_base_string(method, url, form, &protocol);
            let digest = match signed {
                OAuth1Method::HmacSha256 => hmac_of!(sha2::Sha256, key, base),
                _ => hmac_of!(sha1::Sha1, key, base),
            };
            base64::engine::general_purpose::STANDARD.encode(digest)
        }
    };
    protocol.push(("oauth_signature".to_string(), signature));
    protocol
}

/// The signature base string (RFC 5849 §3.4.1): the method, the url without its query, and
/// every parameter (query, form, protocol) escaped, sorted and joined.
pub(crate) fn signature_base_string(
    method: &str,
    url: &reqwest::Url,
    form: &[(String, String)],
    protocol: &[(String, String)],
) -> String {
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| (escape(&name), escape(&value)))
        .chain(
            form.iter()
                .map(|(name, value)| (escape(name), escape(value))),
        )
        .chain(
            protocol
                .iter()
                .filter(|(name, _)| name != "oauth_signature" && name != "realm")
                .map(|(name, value)| (escape(name), escape(value))),
        )
        .collect();
    pairs.sort();
    let normalized: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        escape(&base_string_uri(url)),
        escape(&normalized.join("&"))
    )
}

/// The url as the base string has it (RFC 5849 §3.4.1.2): scheme and host lowercase, the
/// default port left out, no query or fragment.
fn base_string_uri(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    // `port()` is already `None` for the scheme's default port.
    let port = url
        .port()
        .map(|port| format!(":{port}"))
        .unwrap_or_default();
    format!("{}://{host}{port}{}", url.scheme(), url.path())
}

/// The `Authorization` value for `parameters` (RFC 5849 §3.5.1), the credentials' `realm`
/// first when set.
pub(crate) fn oauth1_header(
    credentials: &OAuth1Credentials,
    parameters: &[(String, String)],
) -> String {
    let mut fields: Vec<String> = credentials
        .realm
        .as_ref()
        .map(|realm| format!("realm=\"{}\"", escape(realm)))
        .into_iter()
        .collect();
    fields.extend(
        parameters
            .iter()
            .map(|(name, value)| format!("{}=\"{}\"", escape(name), escape(value))),
    );
    format!("OAuth {}", fields.join(", "))
}

/// A fresh nonce (128 random bits, hex) and the current time in seconds: what every try of a
/// request is signed with anew.
pub(crate) fn oauth1_nonce_and_timestamp() -> (String, u64) {
    let nonce = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or_default();
    (nonce, timestamp)
}

/// OAuth 1.0a as the client applies it: every try signed anew, with a fresh nonce and
/// timestamp, where Postman puts the parameters.
#[derive(Debug, Clone)]
pub(crate) struct OAuth1Signer {
    pub credentials: OAuth1Credentials,
    /// Postman's `addParamsToHeader`: the parameters go in `Authorization`. Otherwise, as
    /// Postman does (and RFC 5849 §3.5 allows), they go in the form body of a PUT or POST
    /// that has one, else in the query.
    pub in_header: bool,
}

/// The pairs of a url-encoded form body, decoded; none when the request has no such body.
fn form_pairs(request: &reqwest::Request) -> Vec<(String, String)> {
    let is_form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    let body = request.body().and_then(|body| body.as_bytes());
    match body {
        Some(body) if is_form => form_urlencoded::parse(body).into_owned().collect(),
        _ => Vec::new(),
    }
}

impl OAuth1Signer {
    /// Signs `request` with `nonce` and `timestamp`: the signature covers its method, url,
    /// query and form pairs; the parameters are then placed on it.
    pub(crate) fn sign(
        &self,
        request: &mut reqwest::Request,
        nonce: &str,
        timestamp: u64,
    ) -> Result<(), Error> {
        let form = form_pairs(request);
        let parameters = oauth1_parameters(
            &self.credentials,
            request.method().as_str(),
            request.url(),
            &form,
            nonce,
            timestamp,
        );
        let puts_form = matches!(
            *request.method(),
            reqwest::Method::POST | reqwest::Method::PUT
        ) && !form.is_empty();
        if self.in_header {
            let header = oauth1_header(&self.credentials, &parameters);
            let mut value = HeaderValue::from_str(&header).map_err(|_| Error::InvalidHeader {
                name: AUTHORIZATION.to_string(),
            })?;
            value.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, value);
        } else if puts_form {
            let mut body = form_urlencoded::Serializer::new(String::new());
            body.extend_pairs(form.iter().chain(parameters.iter()));
            *request.body_mut() = Some(body.finish().into());
        } else {
            request
                .url_mut()
                .query_pairs_mut()
                .extend_pairs(&parameters);
        }
        Ok(())
    }
}

impl TryCredential for OAuth1Signer {
    fn apply<'a>(
        &'a self,
        _http: &'a reqwest::Client,
        request: &'a mut reqwest::Request,
    ) -> CredentialFuture<'a, Result<(), Error>> {
        let (nonce, timestamp) = oauth1_nonce_and_timestamp();
        Box::pin(std::future::ready(self.sign(request, &nonce, timestamp)))
    }
}
