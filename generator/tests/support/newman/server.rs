//! A recording HTTP/1.1 server on 127.0.0.1: every request it receives is kept (method,
//! target, headers, body) under a number, and answered `299` with that number in
//! `x-recorded-id` and no body. Newman's report and the generated driver both read the
//! number back from the response, so each recorded request is tied to the item or operation
//! that sent it, whatever else (a script's `pm.sendRequest`, a token request) reached the
//! server in between.
//!
//! 299 is a success no collection documents: the generated client returns it as
//! `Undocumented` without decoding, and neither newman nor the client retries it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// The response header carrying a recorded request's number.
pub const RECORDED_ID: &str = "x-recorded-id";

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    /// The request target: path and query, as sent.
    pub target: String,
    /// Names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The running server; it stops with the test process.
pub struct RecordingServer {
    pub url: String,
    recorded: Arc<Mutex<BTreeMap<u64, RecordedRequest>>>,
}

impl RecordingServer {
    pub fn start() -> RecordingServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
        let url = format!(
            "http://127.0.0.1:{}",
            listener.local_addr().expect("bound").port()
        );
        let recorded: Arc<Mutex<BTreeMap<u64, RecordedRequest>>> = Arc::default();
        let next = Arc::new(Mutex::new(0u64));
        let shared = Arc::clone(&recorded);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let recorded = Arc::clone(&shared);
                let next = Arc::clone(&next);
                std::thread::spawn(move || serve(stream, &recorded, &next));
            }
        });
        RecordingServer { url, recorded }
    }

    /// The request recorded under `id`, as newman's report or the driver named it.
    pub fn request(&self, id: &str) -> Option<RecordedRequest> {
        let id: u64 = id.trim().parse().ok()?;
        self.recorded.lock().ok()?.get(&id).cloned()
    }
}

/// Answers every request of one connection (both clients keep connections alive).
fn serve(stream: TcpStream, recorded: &Mutex<BTreeMap<u64, RecordedRequest>>, next: &Mutex<u64>) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let id = {
            let mut next = next.lock().expect("counter lock");
            *next += 1;
            *next
        };
        recorded.lock().expect("record lock").insert(id, request);
        let answer =
            format!("HTTP/1.1 299 Recorded\r\n{RECORDED_ID}: {id}\r\ncontent-length: 0\r\n\r\n");
        if writer.write_all(answer.as_bytes()).is_err() {
            return;
        }
    }
}

fn read_line(reader: &mut impl BufRead) -> Option<String> {
    let mut line = String::new();
    match reader.read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim_end_matches(['\r', '\n']).to_string()),
    }
}

fn read_request(reader: &mut impl BufRead) -> Option<RecordedRequest> {
    let mut first = read_line(reader)?;
    while first.is_empty() {
        first = read_line(reader)?;
    }
    let mut parts = first.split(' ');
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    let mut body = Vec::new();
    if header("transfer-encoding").is_some_and(|value| value.contains("chunked")) {
        loop {
            let size = read_line(reader)?;
            let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
            if size == 0 {
                while !read_line(reader)?.is_empty() {}
                break;
            }
            let mut chunk = vec![0; size];
            reader.read_exact(&mut chunk).ok()?;
            body.extend_from_slice(&chunk);
            read_line(reader)?;
        }
    } else if let Some(length) = header("content-length").and_then(|value| value.parse().ok()) {
        body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
    }
    Some(RecordedRequest {
        method,
        target,
        headers,
        body,
    })
}
