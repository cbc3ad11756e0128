use std::time::Duration;

use crate::mock::mock_server::Example;

/// What the mock server answers a request with: a status, headers and a body. For
/// resilience tests, `Reply::new(429).retry_after(Duration::from_secs(1))` or
/// `Reply::new(503)`; a documented response is better given typed, to a stub's `respond`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// A reply with this status, no headers and an empty body.
    pub fn new(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header; the server refuses to send an invalid one (it answers 500 saying so).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The body, sent as given.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Reply {
        self.body = body.into();
        self
    }

    /// `value` as a JSON body, with `content-type: application/json`.
    ///
    /// # Panics
    /// When `value` cannot be JSON (a map with keys that are not strings).
    pub fn json(self, value: &impl serde::Serialize) -> Reply {
        let body = serde_json::to_vec(value).expect("a mock reply's body cannot be JSON");
        self.header("content-type", "application/json").body(body)
    }

    /// A `Retry-After` header asking the client to wait this long (whole seconds, rounded up).
    pub fn retry_after(self, wait: Duration) -> Reply {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        self.header("retry-after", seconds.to_string())
    }

    /// A saved example as the collection has it.
    pub(crate) fn example(example: &Example) -> Reply {
        let reply = Reply::new(example.status).body(example.body);
        match example.content_type {
            Some(content_type) => reply.header("content-type", content_type),
            None => reply,
        }
    }

    /// A response of a status the collection does not document, sent back as it came.
    pub(crate) fn undocumented(response: &crate::http::UndocumentedResponse) -> Reply {
        let mut reply = Reply::new(response.status).body(response.body.clone());
        for (name, value) in &response.headers {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            reply = reply.header(name.as_str(), value);
        }
        reply
    }
}
