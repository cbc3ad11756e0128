use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper_util::rt::TokioIo;

use crate::mock::mock_server::{form_pairs, PathArgs, Received, Reply, Route};

/// An HTTP server on 127.0.0.1 that answers every request of the collection, for tests of
/// code that uses the client: with no setup each request gets its first saved 2xx example;
/// stubs (from the accessors that mirror the client's, `server.links().update()`) set
/// other answers, and every request received is kept. Stops when dropped.
///
/// Built on hyper rather than a general mock server: a stub here can close the
/// connection without answering, and the latest stub for a request wins over the ones
/// before it, as a test that sets an answer expects.
pub struct MockServer {
    base_url: String,
    state: Arc<Mutex<State>>,
    accepting: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct State {
    stubs: Vec<Mounted>,
    received: Vec<Arrival>,
}

/// A stub as set, answering until `remaining` runs out.
pub(crate) struct Mounted {
    pub route: &'static Route,
    pub path_args: PathArgs,
    pub remaining: Option<usize>,
    pub delay: Option<Duration>,
    pub answer: Answer,
}

#[derive(Clone)]
pub(crate) enum Answer {
    Reply(Reply),
    DropConnection,
}

/// A request as it came, with the route it matched.
struct Arrival {
    route: Option<&'static Route>,
    path_args: PathArgs,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

/// Why a connection was closed without an answer: a stub asked for it.
#[derive(Debug)]
struct ConnectionDropped;

impl std::fmt::Display for ConnectionDropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the stub drops the connection")
    }
}

impl std::error::Error for ConnectionDropped {}

impl MockServer {
    /// Starts a server on a free port of 127.0.0.1, on the current tokio runtime.
    ///
    /// # Panics
    /// When no port can be bound.
    pub async fn start() -> MockServer {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("the mock server cannot bind a port on 127.0.0.1");
        let address = listener
            .local_addr()
            .expect("the mock server's socket has no address");
        let state = Arc::new(Mutex::new(State::default()));
        let accepting = tokio::spawn(accept(listener, Arc::clone(&state)));
        MockServer {
            base_url: format!("http://{address}"),
            state,
            accepting,
        }
    }

    /// `http://127.0.0.1:{port}`: the base url to give the client.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Every request received so far, oldest first, with the request of the collection
    /// each matched ([`Received::operation`]; `None` for a path no request has).
    pub fn received_requests(&self) -> Vec<Received<Vec<u8>>> {
        let state = self.lock();
        let arrivals = state.received.iter();
        let decode = |bytes: &[u8]| Ok(bytes.to_vec());
        arrivals.map(|arrival| arrival.received(decode)).collect()
    }

    pub(crate) fn mount(&self, stub: Mounted) {
        self.lock().stubs.push(stub);
    }

    /// The requests `route` received whose path arguments include `path_args`.
    pub(crate) fn received<B>(
        &self,
        route: &'static Route,
        path_args: &PathArgs,
        decode: fn(&[u8]) -> Result<B, serde_json::Error>,
    ) -> Vec<Received<B>> {
        let state = self.lock();
        let matching = state.received.iter().filter(|arrival| {
            arrival
                .route
                .is_some_and(|matched| matched.same_endpoint(route))
                && path_args.iter().all(|arg| arrival.path_args.contains(arg))
        });
        matching.map(|arrival| arrival.received(decode)).collect()
    }

    /// A test that panicked while holding the lock leaves nothing half-done in it.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for MockServer {
    /// Stops accepting and closes every connection (they are tasks of the accepting one).
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Arrival {
    fn received<B>(&self, decode: fn(&[u8]) -> Result<B, serde_json::Error>) -> Received<B> {
        Received {
            operation: self.route.map(|route| route.item_path),
            method: self.method.clone(),
            path: self.path.clone(),
            path_args: self.path_args.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            decode,
        }
    }
}

async fn accept(listener: tokio::net::TcpListener, state: Arc<Mutex<State>>) {
    // Dropped with this task, which aborts every connection still open.
    let mut connections = tokio::task::JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = Arc::clone(&state);
        connections.spawn(async move {
            let service =
                hyper::service::service_fn(move |request| answer(Arc::clone(&state), request));
            // A dropped connection ends here with the stub's error: nothing to report.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

type Response = hyper::Response<Full<Bytes>>;

async fn answer(
    state: Arc<Mutex<State>>,
    request: hyper::Request<Incoming>,
) -> Result<Response, ConnectionDropped> {
    let (head, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => return Err(ConnectionDropped),
    };
    let method = head.method.as_str();
    let path = head.uri.path();
    let matched = find_route(method, path);
    let (answer, delay) = {
        let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
        let (route, path_args) = matched.clone().unzip();
        state.received.push(Arrival {
            route,
            path_args: path_args.unwrap_or_default(),
            method: method.to_string(),
            path: path.to_string(),
            query: form_pairs(head.uri.query().unwrap_or_default()),
            headers: head.headers.clone(),
            body,
        });
        match &matched {
            Some((route, path_args)) => choose(&mut state.stubs, route, path_args),
            None => (Answer::Reply(no_route(method, path)), None),
        }
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    match answer {
        Answer::Reply(reply) => Ok(response(reply)),
        Answer::DropConnection => Err(ConnectionDropped),
    }
}

/// The request of the collection `method` and `path` are: of several, the one with the
/// most literal segments; of several items of that endpoint, the first with a default
/// answer, else the first.
fn find_route(method: &str, path: &str) -> Option<(&'static Route, PathArgs)> {
    let routes = crate::mock::ROUTES.iter().flat_map(|routes| routes.iter());
    let mut found: Option<(&'static Route, PathArgs)> = None;
    for route in routes.filter(|route| route.method.eq_ignore_ascii_case(method)) {
        let Some(args) = route.match_path(path) else {
            continue;
        };
        let better = found.as_ref().is_none_or(|(best, _)| {
            let (more, same) = (route.literal_segments(), best.literal_segments());
            more > same
                || (more == same
                    && best.default_example().is_none()
                    && route.default_example().is_some())
        });
        if better {
            found = Some((route, args));
        }
    }
    found
}

/// The answer of the latest stub for the request that has answers left, or the default.
fn choose(
    stubs: &mut [Mounted],
    route: &'static Route,
    path_args: &PathArgs,
) -> (Answer, Option<Duration>) {
    let applies = |stub: &&mut Mounted| {
        stub.route.same_endpoint(route)
            && stub.remaining != Some(0)
            && stub.path_args.iter().all(|arg| path_args.contains(arg))
    };
    if let Some(stub) = stubs.iter_mut().rev().find(applies) {
        if let Some(remaining) = &mut stub.remaining {
            *remaining -= 1;
        }
        return (stub.answer.clone(), stub.delay);
    }
    let reply = match route.default_reply() {
        Some(reply) => reply,
        None => Reply::new(501).body(format!(
            "mock server: `{}` has no saved 2xx example to answer with; set a stub for it",
            route.item_path
        )),
    };
    (Answer::Reply(reply), None)
}

fn no_route(method: &str, path: &str) -> Reply {
    Reply::new(404).body(format!(
        "mock server: no request of the collection is {method} {path}"
    ))
}

fn response(reply: Reply) -> Response {
    let mut builder = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        builder = builder.header(name, value);
    }
    builder
        .body(Full::new(Bytes::from(reply.body)))
        .unwrap_or_else(|error| {
            let message = format!("mock server: the stub's reply cannot be sent: {error}");
            let mut refused = hyper::Response::new(Full::new(Bytes::from(message)));
            *refused.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            refused
        })
}
