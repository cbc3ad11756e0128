use crate::http::{CredentialFuture, TryCredential};
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest,
    SignatureLocation, SigningSettings, UriPathNormalizationMode,
};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What SigV4 leaves unescaped in a query: the unreserved characters (RFC 3986 §2.3).
const SIGV4_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How long a presigned request (`in_query`) stays valid. Each try is signed just before it
/// is sent, so the window only has to cover the clocks' skew; AWS tolerates 15 minutes of
/// skew for signed headers, and a shorter window would refuse requests that headers pass.
pub(crate) const AWS_PRESIGNED_VALIDITY: Duration = Duration::from_secs(15 * 60);

/// The keys of Postman's `awsv4` auth.
#[derive(Clone)]
pub(crate) struct AwsCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Temporary credentials' token (STS), sent as `x-amz-security-token` and signed.
    pub session_token: Option<String>,
}

impl std::fmt::Debug for AwsCredentials {
    // The secret key and the session token never reach logs; the key id names the account.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// Where a signature is valid: Postman's `region` and `service`, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AwsScope {
    pub region: String,
    pub service: String,
    /// Postman's `addAuthDataToQuery`: a presigned query instead of headers.
    pub in_query: bool,
}

/// Why a request could not be signed. It names at most a header, never a value: no secret,
/// token or signature can reach it.
#[derive(Debug)]
pub(crate) struct AwsSigningError(AwsSigningFailure);

#[derive(Debug)]
enum AwsSigningFailure {
    NoScope,
    NoHost,
    /// A body sent as a stream (multipart) to a service other than S3.
    UnreadableBody,
    /// A header whose value is not visible ASCII, which SigV4 has no canonical form for.
    HeaderNotText(reqwest::header::HeaderName),
    /// A value the signer produced that HTTP cannot carry: a key or token with a line break.
    NotSendable(&'static str),
    Signer(Box<dyn std::error::Error + Send + Sync>),
}

impl std::fmt::Display for AwsSigningError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            AwsSigningFailure::NoScope => {
                f.write_str("AWS signing needs a region and a service: set both in the auth")
            }
            AwsSigningFailure::NoHost => f.write_str("AWS signing needs a url with a host"),
            AwsSigningFailure::UnreadableBody => f.write_str(
                "AWS signing hashes the body, and a streamed (multipart) body cannot be read \
                 before it is sent; only S3 takes it unsigned",
            ),
            AwsSigningFailure::HeaderNotText(name) => write!(
                f,
                "AWS signing cannot sign header `{name}`: its value is not visible ASCII"
            ),
            AwsSigningFailure::NotSendable(name) => write!(
                f,
                "AWS signing produced a `{name}` that HTTP cannot carry: check the access key \
                 and session token for spaces or line breaks"
            ),
            AwsSigningFailure::Signer(source) => write!(f, "AWS signing failed: {source}"),
        }
    }
}

impl std::error::Error for AwsSigningError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0 {
            AwsSigningFailure::Signer(source) => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl From<AwsSigningFailure> for AwsSigningError {
    fn from(failure: AwsSigningFailure) -> Self {
        AwsSigningError(failure)
    }
}

/// Signs `request` in place for one try at `time` (AWS Signature Version 4), over its method,
/// url, every header already on it and its body: sets `x-amz-date`, `x-amz-security-token`
/// with a session token, `x-amz-content-sha256` for S3, and `authorization`; or, `in_query`,
/// the `X-Amz-*` query parameters of a presigned request, valid for
/// [`AWS_PRESIGNED_VALIDITY`].
///
/// A streamed body (multipart) cannot be hashed before it is sent: S3 takes it as
/// `UNSIGNED-PAYLOAD`, as its API documents; every other service hashes the body it receives
/// and would refuse the request, so it is refused here, before anything is sent.
///
/// A `+` in the query is sent as `%20`: both mean a space to the signer and to AWS's form
/// decoding, and `%20` cannot be read as a plus by anything in between.
pub(crate) fn aws_sign(
    request: &mut reqwest::Request,
    credentials: &AwsCredentials,
    scope: &AwsScope,
    time: SystemTime,
) -> Result<(), AwsSigningError> {
    aws_sign_valid_for(request, credentials, scope, time, AWS_PRESIGNED_VALIDITY)
}

/// [`aws_sign`] with the validity of a presigned request given (AWS's published presigned
/// example is valid for a day).
pub(crate) fn aws_sign_valid_for(
    request: &mut reqwest::Request,
    credentials: &AwsCredentials,
    scope: &AwsScope,
    time: SystemTime,
    presigned_validity: Duration,
) -> Result<(), AwsSigningError> {
    if scope.region.is_empty() || scope.service.is_empty() {
        return Err(AwsSigningFailure::NoScope.into());
    }
    if request.url().host_str().is_none_or(str::is_empty) {
        return Err(AwsSigningFailure::NoHost.into());
    }
    if let Some(query) = request.url().query().filter(|query| query.contains('+')) {
        let query = query.replace('+', "%20");
        request.url_mut().set_query(Some(&query));
    }
    let s3 = signs_like_s3(&scope.service);

    let mut settings = SigningSettings::default();
    if s3 {
        // S3 signs the path as sent (object keys may hold `//` or `..`) and wants the
        // payload's hash as a header.
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    if scope.in_query {
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(presigned_validity);
    }
    let identity = aws_credential_types::Credentials::new(
        credentials.access_key_id.clone(),
        credentials.secret_access_key.clone(),
        // Postman keeps an unset token as "": no token, not an empty header.
        credentials
            .session_token
            .clone()
            .filter(|token| !token.is_empty()),
        None,
        "postman-awsv4",
    )
    .into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(&scope.region)
        .name(&scope.service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|error| AwsSigningFailure::Signer(error.into()))?
        .into();

    // The signer borrows the request; what it returns is owned, and applied after.
    let instructions = {
        let body = match request.body() {
            None => SignableBody::Bytes(&[]),
            Some(body) => match body.as_bytes() {
                Some(bytes) => SignableBody::Bytes(bytes),
                None if s3 => SignableBody::UnsignedPayload,
                None => return Err(AwsSigningFailure::UnreadableBody.into()),
            },
        };
        // S3's presigned requests never sign the payload (its query-string auth docs).
        let body = if s3 && scope.in_query {
            SignableBody::UnsignedPayload
        } else {
            body
        };
        let headers = request
            .headers()
            .iter()
            .map(|(name, value)| match value.to_str() {
                Ok(value) => Ok((name.as_str(), value)),
                Err(_) => Err(AwsSigningFailure::HeaderNotText(name.clone())),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let url = signed_url(request.url());
        let signable = SignableRequest::new(
            request.method().as_str(),
            url.as_str(),
            headers.into_iter(),
            body,
        )
        .map_err(|error| AwsSigningFailure::Signer(error.into()))?;
        sign(signable, &params)
            .map_err(|error| AwsSigningFailure::Signer(error.into()))?
            .into_parts()
            .0
    };

    let (headers, params) = instructions.into_parts();
    for header in headers {
        let name = reqwest::header::HeaderName::from_bytes(header.name().as_bytes())
            .map_err(|_| AwsSigningFailure::NotSendable(header.name()))?;
        let mut value = reqwest::header::HeaderValue::from_str(header.value())
            .map_err(|_| AwsSigningFailure::NotSendable(header.name()))?;
        // Kept out of reqwest's Debug: the token is a secret, the signature a credential
        // until it expires.
        value.set_sensitive(header.sensitive() || name == reqwest::header::AUTHORIZATION);
        request.headers_mut().insert(name, value);
    }
    if !params.is_empty() {
        let mut query = request.url().query().unwrap_or_default().to_string();
        for (name, value) in params {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(&utf8_percent_encode(name, SIGV4_UNRESERVED).to_string());
            query.push('=');
            query.push_str(&utf8_percent_encode(&value, SIGV4_UNRESERVED).to_string());
        }
        request.url_mut().set_query(Some(&query));
    }
    Ok(())
}

/// The services signed as S3 is: the path as sent and `x-amz-content-sha256`.
fn signs_like_s3(service: &str) -> bool {
    matches!(service, "s3" | "s3-outposts" | "s3-object-lambda")
}

/// The url as the server sees it: no user info (never sent in `Host`) and no fragment.
fn signed_url(url: &reqwest::Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    // Only fails for urls without a host, refused before.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.into()
}

/// Postman's `awsv4` auth as the client applies it: every try signed at the time it is sent.
#[derive(Debug, Clone)]
pub(crate) struct AwsSigner {
    pub credentials: AwsCredentials,
    pub scope: AwsScope,
}

impl TryCredential for AwsSigner {
    fn apply<'a>(
        &'a self,
        _http: &'a reqwest::Client,
        request: &'a mut reqwest::Request,
    ) -> CredentialFuture<'a, Result<(), crate::Error>> {
        let signed = aws_sign(request, &self.credentials, &self.scope, SystemTime::now())
            .map_err(|error| crate::Error::Credential(Box::new(error)));
        Box::pin(std::future::ready(signed))
    }
}
