use crate::client::{Auth, Body, Client, Operation, Request};
use crate::http::{Call, CallOptions, CallSpan, RawResponse};
use crate::Error;
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// How a paginated request asks for the page after the one it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// A crate's requests page in the styles of its collection, seldom all three.
#[allow(dead_code)]
pub(crate) enum PageStyle {
    /// Each page holds the url of the next one (`next`), absent or null on the last.
    NextUrl,
    /// Each page holds a token (`next_token`, `next_cursor`, …) sent back in this query
    /// parameter for the next page; absent, null or empty on the last.
    Cursor { param: &'static str },
    /// The next page starts this query parameter further on by as many items as this page
    /// held, until a page is empty or the total is reached.
    Offset { param: &'static str },
}

/// What one page says: its items, and what leads to the next one.
pub(crate) struct PageParts<T> {
    pub items: Vec<T>,
    /// The next page's url (`NextUrl`) or token (`Cursor`).
    pub next: Option<String>,
    /// How many items there are in all (`Offset`).
    pub total: Option<i64>,
}

type Fetching<'a, T> = Pin<
    Box<dyn Future<Output = Result<(Vec<T>, Option<Result<Request, Error>>), Error>> + Send + 'a>,
>;

/// Every item of a paginated request, page after page, as a `futures_core::Stream` (use
/// `futures::StreamExt` or `tokio_stream::StreamExt` to read it).
///
/// A page is requested only once the items of the one before have been taken. The stream
/// ends after the last page, or with an error: a failed request, a page answered with
/// another status ([`Error::Page`], with its status and body), or a next page outside the
/// client's base url ([`Error::ForeignNextPage`], never followed).
#[must_use = "a stream requests nothing until it is read"]
pub struct Pages<'a, T> {
    client: &'a Client,
    options: CallOptions,
    style: PageStyle,
    items: VecDeque<T>,
    next: Option<Result<Request, Error>>,
    fetching: Option<Fetching<'a, T>>,
    read_page: ReadPage<'a, T>,
    /// The path and query of every page requested: a page leading back to one of them
    /// (a cursor that repeats, next urls in a cycle) ends the stream instead of looping.
    requested: HashSet<(String, Vec<(String, String)>)>,
    operation: Operation,
    /// The stream's span, from the first page on.
    span: Option<CallSpan>,
    /// How many items the pages read so far held.
    items_read: u64,
}

/// Decodes a response into its page, or fails with [`Error::Page`].
type ReadPage<'a, T> = Arc<dyn Fn(RawResponse) -> Result<PageParts<T>, Error> + Send + Sync + 'a>;

impl<'a, T: Send + 'a> Pages<'a, T> {
    /// The pages `first` starts: each response is decoded as `first` would decode it, and
    /// `page_of` finds the page in its documented success variant (`None` for the others).
    pub(crate) fn new<R: 'a>(
        first: Call<'a, R>,
        style: PageStyle,
        page_of: fn(R) -> Option<PageParts<T>>,
    ) -> Self {
        let Call {
            client,
            operation,
            request,
            options,
            decode,
            ..
        } = first;
        let read_page = move |response: RawResponse| {
            let (status, body) = (response.status, response.body.clone());
            if !(200..300).contains(&status) {
                return Err(Error::Page { status, body });
            }
            page_of(decode(response)?).ok_or(Error::Page { status, body })
        };
        Pages {
            client,
            options,
            style,
            items: VecDeque::new(),
            next: request,
            fetching: None,
            read_page: Arc::new(read_page),
            requested: HashSet::new(),
            operation,
            span: None,
            items_read: 0,
        }
    }
}

impl<T> Pages<'_, T> {
    /// How long each try of each page's request may take, instead of the client's timeout.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// How many times each page's request is sent again after a failure a retry may fix,
    /// instead of the client's number.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.options.max_retries = Some(max_retries);
        self
    }

    /// Sends the header `name: value` with every page's request. An invalid one ends the
    /// stream with [`Error::InvalidHeader`] before anything is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Err(error) = self.options.add_header(name, value) {
            self.next = Some(Err(error));
        }
        self
    }
}

/// The page `request` asks for read by `read_page`, its items, and the request for the page
/// after it (`None` after the last; an error when the next page must not be requested).
async fn fetch<'a, T>(
    client: &'a Client,
    options: CallOptions,
    style: PageStyle,
    request: Request,
    read_page: ReadPage<'a, T>,
) -> Result<(Vec<T>, Option<Result<Request, Error>>), Error> {
    let asked = same_request(&request, request.path.clone(), request.query.clone());
    let response = client.send(request, &options).await?;
    let page = read_page(response)?;
    let next = next_request(client.base_url(), style, &asked, &page).transpose();
    Ok((page.items, next))
}

/// The request for the page after `page`, which `asked` got.
fn next_request<T>(
    base_url: &str,
    style: PageStyle,
    asked: &Request,
    page: &PageParts<T>,
) -> Result<Option<Request>, Error> {
    match style {
        PageStyle::NextUrl => {
            let Some(url) = page.next.as_deref().filter(|url| !url.is_empty()) else {
                return Ok(None);
            };
            let path = path_under(base_url, url)?;
            Ok(Some(same_request(asked, path, Vec::new())))
        }
        PageStyle::Cursor { param } => {
            let Some(token) = page.next.as_deref().filter(|token| !token.is_empty()) else {
                return Ok(None);
            };
            if page.items.is_empty() {
                return Ok(None);
            }
            Ok(Some(with_query_value(asked, param, token.to_string())))
        }
        PageStyle::Offset { param } => {
            let offset = query_value(asked, param)
                .and_then(|offset| offset.parse::<i64>().ok())
                .unwrap_or(0);
            let next = offset.saturating_add(page.items.len() as i64);
            if page.items.is_empty() || page.total.is_some_and(|total| next >= total) {
                return Ok(None);
            }
            Ok(Some(with_query_value(asked, param, next.to_string())))
        }
    }
}

/// `url` (absolute, or relative to the base url) as a path after `base_url`, query included;
/// refused when it is on another origin or outside the base url's path.
fn path_under(base_url: &str, url: &str) -> Result<String, Error> {
    let foreign = || Error::ForeignNextPage {
        url: url.to_string(),
    };
    let base = reqwest::Url::parse(base_url).map_err(|_| foreign())?;
    let next = base.join(url).map_err(|_| foreign())?;
    let prefix = base.path().trim_end_matches('/');
    let rest = next.path().strip_prefix(prefix).ok_or_else(foreign)?;
    if next.origin() != base.origin() || !(rest.is_empty() || rest.starts_with('/')) {
        return Err(foreign());
    }
    Ok(match next.query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_string(),
    })
}

/// The value `asked` sends for the query parameter `param`.
fn query_value<'r>(asked: &'r Request, param: &str) -> Option<&'r str> {
    asked
        .query
        .iter()
        .find(|(key, _)| key == param)
        .map(|(_, value)| value.as_str())
}

/// `asked` with the query parameter `param` set to `value` alone.
fn with_query_value(asked: &Request, param: &str, value: String) -> Request {
    let mut query: Vec<_> = asked
        .query
        .iter()
        .filter(|(key, _)| key != param)
        .cloned()
        .collect();
    query.push((param.to_string(), value));
    same_request(asked, asked.path.clone(), query)
}

/// `asked` to another path and query. Paginated requests send no body.
fn same_request(asked: &Request, path: String, query: Vec<(String, String)>) -> Request {
    let auth: Auth = asked.auth;
    Request {
        operation: asked.operation,
        method: asked.method.clone(),
        path,
        query,
        headers: asked.headers.clone(),
        body: Body::None,
        auth,
    }
}

impl<'a, T: Send + Unpin + 'a> futures_core::Stream for Pages<'a, T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            let span = this
                .span
                .get_or_insert_with(|| CallSpan::pages(&this.operation));
            if let Some(fetching) = &mut this.fetching {
                let fetched = std::task::ready!(fetching.as_mut().poll(cx));
                this.fetching = None;
                span.ended(&fetched);
                match fetched {
                    Ok((items, next)) => {
                        this.items_read += items.len() as u64;
                        span.page(this.requested.len() as u64, items.len(), this.items_read);
                        this.items.extend(items);
                        this.next = next;
                    }
                    Err(error) => return Poll::Ready(Some(Err(error))),
                }
                continue;
            }
            match this.next.take() {
                None => return Poll::Ready(None),
                Some(Err(error)) => {
                    let failed = Err(error);
                    span.ended(&failed);
                    return Poll::Ready(Some(failed));
                }
                Some(Ok(request)) => {
                    let page = (request.path.clone(), request.query.clone());
                    if !this.requested.insert(page) {
                        return Poll::Ready(None);
                    }
                    let (client, options) = (this.client, this.options.clone());
                    let (style, read_page) = (this.style, Arc::clone(&this.read_page));
                    let fetching = fetch(client, options, style, request, read_page);
                    this.fetching = Some(Box::pin(span.instrument(fetching)));
                }
            }
        }
    }
}
