use crate::http::{header_value, transport, RawResponse};
use crate::Error;

/// Called with every request just before it is sent (see `Client::with_request_hook`).
pub(crate) type RequestHook = dyn Fn(&mut reqwest::Request) + Send + Sync;

/// A request to `base_url` followed by `path`, with the operation's headers and its query
/// (already encoded as pairs; empty when it has none), failing with a timeout error when it
/// takes longer than `timeout` in all (whatever client sends it).
pub(crate) fn start_request(
    http: &reqwest::Client,
    base_url: &str,
    method: reqwest::Method,
    path: &str,
    headers: &[(&str, &str)],
    query: &[(String, String)],
    timeout: std::time::Duration,
) -> Result<reqwest::RequestBuilder, Error> {
    let mut builder = http
        .request(method, format!("{base_url}{path}"))
        .timeout(timeout);
    for (name, value) in headers {
        builder = builder.header(*name, header_value(name, value)?);
    }
    if !query.is_empty() {
        builder = builder.query(query);
    }
    Ok(builder)
}

/// Builds the request, shows it to the hook, sends it and reads the whole response.
pub(crate) async fn execute(
    http: &reqwest::Client,
    builder: reqwest::RequestBuilder,
    hook: Option<&RequestHook>,
) -> Result<RawResponse, Error> {
    let mut request = builder.build().map_err(transport)?;
    if let Some(hook) = hook {
        hook(&mut request);
    }
    let mut response = http.execute(request).await.map_err(transport)?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let body = response.bytes().await.map_err(transport)?.to_vec();
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}
