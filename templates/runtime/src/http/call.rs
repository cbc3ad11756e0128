use crate::client::{Client, Operation, Request};
use crate::http::{header_value, CallSpan, RawResponse, RetryPolicy};
use crate::Error;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// Headers that carry the id a server gave a request, most common first.
const REQUEST_ID_HEADERS: &[&str] = &[
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-correlation-id",
];

/// The id the server gave a request, from the first of [`REQUEST_ID_HEADERS`] it sent.
pub(crate) fn request_id(headers: &reqwest::header::HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
}

/// Settings of one call that stand over the client's.
#[derive(Debug, Default, Clone)]
pub(crate) struct CallOptions {
    pub timeout: Option<Duration>,
    pub max_retries: Option<u32>,
    pub headers: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
}

impl CallOptions {
    /// Adds the header `name: value`, refused when either is not valid in a header.
    pub(crate) fn add_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        let parsed = reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::InvalidHeader {
                name: name.to_string(),
            }
        })?;
        self.headers.push((parsed, header_value(name, value)?));
        Ok(())
    }

    /// The client's retry policy with this call's number of retries.
    pub(crate) fn retry(&self, client: RetryPolicy) -> RetryPolicy {
        RetryPolicy {
            max_retries: self.max_retries.unwrap_or(client.max_retries),
            ..client
        }
    }
}

type Sending<'a> = Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + 'a>>;

/// One request, sent when awaited: `client.links().update(id, &body).await` gives the
/// operation's response enum.
///
/// Before it is awaited, a call can change how it alone is sent: [`Call::timeout`],
/// [`Call::max_retries`] and [`Call::header`]; [`Call::with_meta`] keeps the status and
/// headers next to the decoded value.
#[must_use = "a call sends nothing until it is awaited"]
pub struct Call<'a, T> {
    // Read by `Pages`, which sends calls of its own.
    pub(crate) client: &'a Client,
    pub(crate) operation: Operation,
    /// Taken when the call is sent.
    pub(crate) request: Option<Result<Request, Error>>,
    pub(crate) options: CallOptions,
    /// The call's span and what sends it, from the first poll on.
    sending: Option<(CallSpan, Sending<'a>)>,
    pub(crate) decode: fn(RawResponse) -> Result<T, Error>,
}

impl<'a, T> Call<'a, T> {
    /// A call of `client` sending `operation`'s `request` (or failing with its error when
    /// awaited), its response decoded by `decode`.
    pub(crate) fn new(
        client: &'a Client,
        decode: fn(RawResponse) -> Result<T, Error>,
        operation: Operation,
        request: Result<Request, Error>,
    ) -> Self {
        Call {
            client,
            operation,
            request: Some(request),
            options: CallOptions::default(),
            sending: None,
            decode,
        }
    }

    /// How long each try of this call may take, instead of the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// How many times this call is sent again after a failure a retry may fix, instead of the
    /// client's number; 0 sends it once.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.options.max_retries = Some(max_retries);
        self
    }

    /// Sends the header `name: value` with this call, in place of any value the operation
    /// sets for it. A name or value that is not valid in a header (a line break, say) fails
    /// the call with [`Error::InvalidHeader`] when it is awaited.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Err(error) = self.options.add_header(name, value) {
            self.request = Some(Err(error));
        }
        self
    }

    /// Gives the response's status, headers and request id along with its decoded value.
    pub fn with_meta(self) -> CallWithMeta<'a, T> {
        CallWithMeta(self)
    }

    /// Opens the call's span and sends the request on the first poll, then drives it to the
    /// whole response.
    fn poll_raw(&mut self, cx: &mut Context<'_>) -> Poll<Result<RawResponse, Error>> {
        let (_, sending) = self.sending.get_or_insert_with(|| {
            let span = CallSpan::call(&self.operation);
            let (client, options) = (self.client, std::mem::take(&mut self.options));
            // Taken once: `sending` is set from here on.
            let request = self.request.take();
            let sending = span.instrument(async move {
                match request {
                    Some(request) => client.send(request?, &options).await,
                    None => unreachable!("a call is sent once"),
                }
            });
            (span, Box::pin(sending))
        });
        sending.as_mut().poll(cx)
    }

    /// `outcome`, the call's end, recorded in its span.
    fn ended<V>(&self, outcome: Result<V, Error>) -> Result<V, Error> {
        if let Some((span, _)) = &self.sending {
            span.ended(&outcome);
        }
        outcome
    }
}

impl<T> Future for Call<'_, T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let raw = std::task::ready!(this.poll_raw(cx));
        Poll::Ready(this.ended(raw.and_then(this.decode)))
    }
}

/// A [`Call`] whose value comes with the response's status and headers.
#[must_use = "a call sends nothing until it is awaited"]
pub struct CallWithMeta<'a, T>(Call<'a, T>);

impl<T> Future for CallWithMeta<'_, T> {
    type Output = Result<Response<T>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let call = &mut self.get_mut().0;
        let raw = match std::task::ready!(call.poll_raw(cx)) {
            Ok(raw) => raw,
            Err(error) => return Poll::Ready(call.ended(Err(error))),
        };
        let (status, headers, retries) = (raw.status, raw.headers.clone(), raw.retries);
        let response = (call.decode)(raw).map(|value| Response {
            value,
            status,
            headers,
            retries,
        });
        Poll::Ready(call.ended(response))
    }
}

/// A decoded response with its status and headers, from [`Call::with_meta`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The operation's response enum, as the call alone would give it.
    pub value: T,
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    /// How many times the request was sent again before this response.
    pub retries: u32,
}

impl<T> Response<T> {
    /// The id the server gave the request, from the first of `x-request-id`, `request-id`,
    /// `x-amzn-requestid`, `x-amz-request-id` and `x-correlation-id` that it sent: the value
    /// to quote in a support ticket or to find the request in the API's logs.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The header `name`, when it is there and is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}
