use crate::http::{
    header_value, retries_error, retries_status, retry_after, transport, RawResponse, RetryPolicy,
    TrySpan, MAX_RETRY_AFTER,
};
use crate::Error;
use reqwest::header::{HeaderName, HeaderValue};
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

/// Called with every request just before it is sent (see `Client::with_request_hook`).
pub(crate) type RequestHook = dyn Fn(&mut reqwest::Request) + Send + Sync;

/// What a request signer's future gives: the signed request, or why it could not sign.
pub(crate) type Signed = Result<reqwest::Request, Box<dyn std::error::Error + Send + Sync>>;

/// Signs every try of every request, last (see `Client::with_request_signer`).
pub(crate) type RequestSigner = dyn Fn(reqwest::Request) -> std::pin::Pin<Box<dyn std::future::Future<Output = Signed> + Send>>
    + Send
    + Sync;

/// A future of a [`TryCredential`]'s, boxed so that the trait can be used as `dyn`.
pub(crate) type CredentialFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A credential the client computes for each try of a request, rather than one it is given
/// and sets once: a signature over the request (OAuth 1.0a), a token it fetches and renews
/// (OAuth 2.0), an answer to the server's challenge (Digest).
pub(crate) trait TryCredential: Send + Sync {
    /// Puts the credential on `request`, the try about to be sent, after the request hook
    /// and before the request signer. Its error fails the call: nothing is sent.
    fn apply<'a>(
        &'a self,
        http: &'a reqwest::Client,
        request: &'a mut reqwest::Request,
    ) -> CredentialFuture<'a, Result<(), Error>>;

    /// The server answered 401 to a try sent with the `Authorization` value `sent`: whether
    /// the credential has learnt something from `response` (a token renewed, a challenge read)
    /// that makes one more try worth sending. By default nothing: a signature computed again
    /// from what the client holds would be refused too.
    fn refused<'a>(
        &'a self,
        sent: Option<&'a HeaderValue>,
        response: &'a RawResponse,
    ) -> CredentialFuture<'a, bool> {
        let _ = (sent, response);
        Box::pin(std::future::ready(false))
    }
}

/// What is done to every try of a request just before it is sent, in this order: the hook
/// looks at it, the credential is put on it, the signer signs it.
#[derive(Clone, Copy, Default)]
pub(crate) struct EveryTry<'a> {
    pub hook: Option<&'a RequestHook>,
    pub credential: Option<&'a dyn TryCredential>,
    pub signer: Option<&'a RequestSigner>,
}

/// A request to `base_url` followed by `path`, with the operation's headers and its query
/// (already encoded as pairs; empty when it has none), failing with a timeout error when it
/// takes longer than `timeout` in all (whatever client sends it).
pub(crate) fn start_request(
    http: &reqwest::Client,
    base_url: &str,
    method: reqwest::Method,
    path: &str,
    headers: &[(String, String)],
    query: &[(String, String)],
    timeout: std::time::Duration,
) -> Result<reqwest::RequestBuilder, Error> {
    let mut builder = http
        .request(method, format!("{base_url}{path}"))
        .timeout(timeout);
    for (name, value) in headers {
        builder = builder.header(name.as_str(), header_value(name, value)?);
    }
    if !query.is_empty() {
        builder = builder.query(query);
    }
    Ok(builder)
}

/// What `execute` puts on a request before its first try, and what it traces its tries with.
pub(crate) struct TrySettings<'a> {
    /// The call's own headers, set in place of the operation's.
    pub headers: &'a [(HeaderName, HeaderValue)],
    /// Sent as `User-Agent` unless the operation or the call sends one.
    pub user_agent: &'a HeaderValue,
    /// The path as the collection writes it: the try spans' `url.template`.
    pub template: &'static str,
    /// How many query pairs the operation sends itself (see [`own_query_pairs`]): a try
    /// with more carries a credential in its query, and its url is not traced.
    pub own_query_pairs: usize,
}

/// How many query pairs an operation sends itself: those of its `query`, and those its
/// `path` holds (a next page's url). A credential placed in the query comes on top.
pub(crate) fn own_query_pairs(path: &str, query: &[(String, String)]) -> usize {
    let in_path = path.split_once('?').map_or(0, |(_, query)| {
        query.split('&').filter(|pair| !pair.is_empty()).count()
    });
    in_path + query.len()
}

/// Builds the request, sets the `settings`' headers on it, and sends it, again while
/// `retry` allows, reading each response whole.
///
/// Each try is a fresh copy of the request given to `every` (the hook, the credential, the
/// signer), so every try is signed anew, with every other header final. A credential or
/// signer that fails ends the call before that try is sent. A request refused with 401 is
/// sent once more, without waiting and whatever `retry` says, when its credential has
/// learnt something from the refusal (a renewed token, a new challenge); never twice, so a
/// wrong password cannot loop. A body that cannot be copied (a multipart form is a stream)
/// is sent once.
/// After the last try, its response is returned whatever its status: the operation decodes
/// it as it would any other.
///
/// Each try runs in its own span (`TrySpan`), the hook, credential and signer included, so
/// that a hook can propagate the try's trace context.
pub(crate) async fn execute(
    http: &reqwest::Client,
    builder: reqwest::RequestBuilder,
    every: EveryTry<'_>,
    retry: RetryPolicy,
    settings: TrySettings<'_>,
) -> Result<RawResponse, Error> {
    let mut request = builder.build().map_err(transport)?;
    let headers = request.headers_mut();
    if !headers.contains_key(reqwest::header::USER_AGENT) {
        headers.insert(reqwest::header::USER_AGENT, settings.user_agent.clone());
    }
    for (name, value) in settings.headers {
        headers.insert(name.clone(), value.clone());
    }
    let method = request.method().clone();
    let (mut retries, mut reauthenticated) = (0, false);
    loop {
        let may_reauthenticate = every.credential.is_some() && !reauthenticated;
        let spare = if retries < retry.max_retries || may_reauthenticate {
            request.try_clone()
        } else {
            None
        };
        let resend_count = retries + u32::from(reauthenticated);
        let span = TrySpan::new(&request, settings.template, resend_count);
        let try_once = send_try(http, request, every, &span, &settings, resend_count);
        let (outcome, sent) = span.instrument(try_once).await?;
        let Some(spare) = spare else {
            return outcome.map_err(transport);
        };
        if let (Some(credential), Ok(response)) = (every.credential, &outcome) {
            if response.status == 401
                && may_reauthenticate
                && span
                    .instrument(credential.refused(sent.as_ref(), response))
                    .await
            {
                span.reauthenticating();
                reauthenticated = true;
                request = spare;
                continue;
            }
        }
        if retries >= retry.max_retries {
            return outcome.map_err(transport);
        }
        let wait = match &outcome {
            Ok(response) if retries_status(&method, response.status) => {
                match retry_after(&response.headers, SystemTime::now()) {
                    Some(asked) if asked > MAX_RETRY_AFTER => {
                        span.not_waiting(asked);
                        None
                    }
                    Some(asked) => Some((asked, true)),
                    None => Some((retry.backoff(retries), false)),
                }
            }
            Err(error) if retries_error(&method, error) => Some((retry.backoff(retries), false)),
            _ => None,
        };
        let Some((wait, asked)) = wait else {
            return outcome.map_err(transport);
        };
        span.retrying(&outcome, wait, asked);
        tokio::time::sleep(wait).await;
        request = spare;
        retries += 1;
    }
}

/// What a try gives: the response or the failure in transport, and the `Authorization`
/// value its credential sent.
type TryOutcome = (Result<RawResponse, reqwest::Error>, Option<HeaderValue>);

/// One try of `request`: the hook, the credential and the signer applied in that order, then
/// sent once, the outcome recorded in `span`. `resend_count` tries were sent before it.
async fn send_try(
    http: &reqwest::Client,
    mut request: reqwest::Request,
    every: EveryTry<'_>,
    span: &TrySpan,
    settings: &TrySettings<'_>,
    resend_count: u32,
) -> Result<TryOutcome, Error> {
    if let Some(hook) = every.hook {
        hook(&mut request);
    }
    let mut sent = None;
    if let Some(credential) = every.credential {
        credential.apply(http, &mut request).await?;
        sent = request
            .headers()
            .get(reqwest::header::AUTHORIZATION)
            .cloned();
    }
    if let Some(signer) = every.signer {
        request = signer(request).await.map_err(Error::Signing)?;
    }
    span.sending(&request, settings.own_query_pairs);
    let outcome = send_once(http, request, resend_count).await;
    match &outcome {
        Ok(response) => span.answered(response),
        Err(error) => span.failed(error),
    }
    Ok((outcome, sent))
}

/// Sends `request` once and reads the whole response.
async fn send_once(
    http: &reqwest::Client,
    request: reqwest::Request,
    retries: u32,
) -> Result<RawResponse, reqwest::Error> {
    let mut response = http.execute(request).await?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let body = response.bytes().await?.to_vec();
    Ok(RawResponse {
        status,
        headers,
        body,
        retries,
    })
}
