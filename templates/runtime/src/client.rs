//! A stand-in for the emitted `client.rs`, which the generator writes for each collection:
//! the `Client::send`, `Client::base_url`, `Request`, `Body::None` and `Auth` that the pieces
//! rely on, with the same signatures and fields, answering from a script so that calls and
//! streams can be tested without a server.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::http::{CallOptions, RawResponse};
use crate::Error;

/// Answers each request with the next of `answers` (the last one again once they run out)
/// and keeps what it was sent.
#[derive(Default)]
pub struct Client {
    pub(crate) base_url: String,
    pub(crate) answers: Mutex<VecDeque<RawResponse>>,
    pub(crate) sent: Mutex<Vec<(Request, CallOptions)>>,
}

/// What an operation sends, already encoded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    pub method: reqwest::Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
    pub auth: Auth,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    None,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Auth {
    Basic,
}

impl Client {
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) async fn send(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<RawResponse, Error> {
        self.sent.lock().unwrap().push((request, options.clone()));
        let mut answers = self.answers.lock().unwrap();
        let answer = match answers.len() {
            0 => RawResponse::new(500, b"no answer scripted"),
            1 => answers[0].clone(),
            _ => answers.pop_front().unwrap(),
        };
        Ok(answer)
    }
}
