use std::time::Duration;

use crate::mock::mock_server::{Answer, MockServer, Mounted, PathArgs, Received, Reply, Route};

/// How the mock server answers one request of the collection, made by the accessors that
/// mirror the client's (`server.links().update()`). Narrowed with [`Stub::path_arg`],
/// [`Stub::times`] and [`Stub::delay`], then set with [`Stub::respond`],
/// [`Stub::example`], [`Stub::reply`] or [`Stub::drop_connection`]. The latest stub set
/// for a request wins; once its [`times`](Stub::times) are used up, the one before it
/// answers again, and with none left the default (the first saved 2xx example).
///
/// `R` is the operation's response enum; `B` what its request body decodes into. Items of
/// the collection with the same method and path are one endpoint to the server: they share
/// their stubs and the requests received.
#[must_use = "a stub answers nothing until it is set with respond, example, reply or drop_connection"]
pub struct Stub<'a, R, B> {
    server: &'a MockServer,
    route: &'static Route,
    reply_of: fn(&R) -> Reply,
    decode: fn(&[u8]) -> Result<B, serde_json::Error>,
    path_args: PathArgs,
    times: Option<usize>,
    delay: Option<Duration>,
}

impl<'a, R, B> Stub<'a, R, B> {
    pub(crate) fn new(
        server: &'a MockServer,
        route: &'static Route,
        reply_of: fn(&R) -> Reply,
        decode: fn(&[u8]) -> Result<B, serde_json::Error>,
    ) -> Self {
        Stub {
            server,
            route,
            reply_of,
            decode,
            path_args: Vec::new(),
            times: None,
            delay: None,
        }
    }

    /// Only requests whose path argument `name` (as the operation's parameter is named) is
    /// `value`.
    ///
    /// # Panics
    /// When the request has no path argument of that name.
    pub fn path_arg(mut self, name: &str, value: impl Into<String>) -> Self {
        let params = self.route.params();
        let Some(name) = params.iter().find(|param| **param == name) else {
            panic!(
                "`{}` ({}) has no path argument `{name}`; it has {params:?}",
                self.route.item_path,
                self.route.display(),
            );
        };
        self.path_args.push((name, value.into()));
        self
    }

    /// Answers only the next `times` matching requests; later ones get the answer set
    /// before this one (or the default).
    pub fn times(mut self, times: usize) -> Self {
        self.times = Some(times);
        self
    }

    /// Waits this long before answering: longer than the client's timeout, a timeout.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answers with a documented response, encoded as the API would send it.
    pub fn respond(self, response: R) {
        let reply = (self.reply_of)(&response);
        self.mount(Answer::Reply(reply));
    }

    /// Answers with the saved example of this name, as the collection has it.
    ///
    /// # Panics
    /// When the request has no saved example of that name (the message lists them).
    pub fn example(self, name: &str) {
        let examples = self.route.examples;
        let Some(example) = examples.iter().find(|example| example.name == name) else {
            let names: Vec<&str> = examples.iter().map(|example| example.name).collect();
            panic!(
                "`{}` has no saved example `{name}`; it has {names:?}",
                self.route.item_path
            );
        };
        self.mount(Answer::Reply(Reply::example(example)));
    }

    /// Answers with any status, headers and body: a status the collection does not
    /// document, a 429 with `Retry-After`, a body that does not decode.
    pub fn reply(self, reply: Reply) {
        self.mount(Answer::Reply(reply));
    }

    /// Closes the connection without answering, as a server that went away does.
    pub fn drop_connection(self) {
        self.mount(Answer::DropConnection);
    }

    /// The requests of this operation received so far (only those with the path
    /// arguments of [`Stub::path_arg`], if set), oldest first.
    pub fn received(&self) -> Vec<Received<B>> {
        self.server
            .received(self.route, &self.path_args, self.decode)
    }

    fn mount(self, answer: Answer) {
        self.server.mount(Mounted {
            route: self.route,
            path_args: self.path_args,
            remaining: self.times,
            delay: self.delay,
            answer,
        });
    }
}
