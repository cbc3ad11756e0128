//! A stand-in for the emitted `client.rs`, which the generator writes for each collection:
//! the `Client::send` and `Request` that `http/call.rs` relies on, with the same signatures,
//! answering from memory so that calls can be tested without a server.

use std::sync::Mutex;

use crate::http::{CallOptions, RawResponse};
use crate::Error;

/// Answers every request with `status`, `headers` and `body`, and keeps what it was sent.
#[derive(Default)]
pub struct Client {
    pub(crate) status: u16,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) sent: Mutex<Vec<(Request, CallOptions)>>,
}

/// What an operation sends; the emitted one holds the method, path, query, headers, body
/// and credential.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    pub path: String,
}

impl Client {
    pub(crate) async fn send(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<RawResponse, Error> {
        self.sent.lock().unwrap().push((request, options.clone()));
        Ok(RawResponse {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
            retries: 1,
        })
    }
}
