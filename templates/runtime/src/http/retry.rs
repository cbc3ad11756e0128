use std::time::Duration;
use std::time::SystemTime;

/// How many times a request is sent again, unless `Client::with_max_retries` says otherwise.
pub(crate) const DEFAULT_MAX_RETRIES: u32 = 2;

/// The wait before the first retry; it doubles for each one after, up to
/// `DEFAULT_MAX_BACKOFF`.
pub(crate) const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);

/// The longest wait between two tries that the client chooses itself.
pub(crate) const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(8);

/// A server asking to wait longer than this is not waited for: its response is returned as
/// it is, so that a caller is never held for minutes without knowing why.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// When a request is sent again, and how long the client waits before it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    pub max_retries: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: DEFAULT_MAX_RETRIES,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0 for the first) when the server does not say:
    /// the initial backoff doubled `retry` times, capped, then shortened by up to a quarter at
    /// random so that clients that failed together do not all come back together.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let doubled = self
            .initial_backoff
            .saturating_mul(1 << retry.min(16))
            .min(self.max_backoff);
        doubled.mul_f64(1.0 - 0.25 * fastrand::f64())
    }
}

/// Whether a `method` request answered with `status` is worth sending again. 429 and 503 say
/// the server did not act on the request, so any method is retried on them; 408, 500, 502 and
/// 504 leave it unknown, so only idempotent methods (RFC 9110, section 9.2.2: GET, HEAD, PUT,
/// DELETE, OPTIONS, TRACE) are.
pub(crate) fn retries_status(method: &reqwest::Method, status: u16) -> bool {
    match status {
        429 | 503 => true,
        408 | 500 | 502 | 504 => method.is_idempotent(),
        _ => false,
    }
}

/// Whether a `method` request that failed with `error` is worth sending again. A failure to
/// connect sent nothing, so any method is retried; a connection lost later is retried for
/// idempotent methods only. A timeout is not: the time given to the request is spent.
pub(crate) fn retries_error(method: &reqwest::Method, error: &reqwest::Error) -> bool {
    if error.is_connect() {
        return true;
    }
    !error.is_timeout() && (error.is_request() || error.is_body()) && method.is_idempotent()
}

/// How long the server asks the client to wait before trying again, as of `now`:
/// `retry-after-ms` (milliseconds, sent by some APIs for waits finer than a second) when it
/// is there, else `Retry-After` as seconds or as an HTTP date. A date in the past asks for no
/// wait; a value that reads as neither is ignored.
pub(crate) fn retry_after(
    headers: &reqwest::header::HeaderMap,
    now: SystemTime,
) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
    };
    if let Some(millis) = text("retry-after-ms").and_then(|value| value.parse::<f64>().ok()) {
        if millis.is_finite() && millis >= 0.0 {
            return Some(Duration::from_secs_f64(millis / 1000.0));
        }
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}
