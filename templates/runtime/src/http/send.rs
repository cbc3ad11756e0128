use crate::http::{
    header_value, retries_error, retries_status, retry_after, transport, RawResponse, RetryPolicy,
    MAX_RETRY_AFTER,
};
use crate::Error;
use reqwest::header::{HeaderName, HeaderValue};
use std::time::SystemTime;

/// Called with every request just before it is sent (see `Client::with_request_hook`).
pub(crate) type RequestHook = dyn Fn(&mut reqwest::Request) + Send + Sync;

/// What a request signer's future gives: the signed request, or why it could not sign.
pub(crate) type Signed = Result<reqwest::Request, Box<dyn std::error::Error + Send + Sync>>;

/// Signs every try of every request, last (see `Client::with_request_signer`).
pub(crate) type RequestSigner = dyn Fn(reqwest::Request) -> std::pin::Pin<Box<dyn std::future::Future<Output = Signed> + Send>>
    + Send
    + Sync;

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

/// Builds the request, sets `headers` on it (in place of any the operation set), and sends it,
/// again while `retry` allows, reading each response whole.
///
/// Each try is a fresh copy of the request shown to the hook and then to the signer, so
/// every try is signed anew, with every other header final. A signer that fails ends the
/// call with [`Error::Signing`] before that try is sent. A body that cannot be copied (a
/// multipart form is a stream) is sent once.
/// After the last try, its response is returned whatever its status: the operation decodes
/// it as it would any other.
pub(crate) async fn execute(
    http: &reqwest::Client,
    builder: reqwest::RequestBuilder,
    hook: Option<&RequestHook>,
    signer: Option<&RequestSigner>,
    retry: RetryPolicy,
    headers: &[(HeaderName, HeaderValue)],
) -> Result<RawResponse, Error> {
    let mut request = builder.build().map_err(transport)?;
    for (name, value) in headers {
        request.headers_mut().insert(name.clone(), value.clone());
    }
    let method = request.method().clone();
    let mut retries = 0;
    loop {
        let spare = if retries < retry.max_retries {
            request.try_clone()
        } else {
            None
        };
        if let Some(hook) = hook {
            hook(&mut request);
        }
        if let Some(signer) = signer {
            request = signer(request).await.map_err(Error::Signing)?;
        }
        let outcome = send_once(http, request, retries).await;
        let Some(spare) = spare else {
            return outcome.map_err(transport);
        };
        let wait = match &outcome {
            Ok(response) if retries_status(&method, response.status) => {
                match retry_after(&response.headers, SystemTime::now()) {
                    Some(asked) if asked > MAX_RETRY_AFTER => None,
                    Some(asked) => Some(asked),
                    None => Some(retry.backoff(retries)),
                }
            }
            Err(error) if retries_error(&method, error) => Some(retry.backoff(retries)),
            _ => None,
        };
        let Some(wait) = wait else {
            return outcome.map_err(transport);
        };
        tokio::time::sleep(wait).await;
        request = spare;
        retries += 1;
    }
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
