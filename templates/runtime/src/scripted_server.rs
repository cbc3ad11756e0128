//! A server on 127.0.0.1 that answers from a script and keeps what it was sent: the
//! transport under the real `Client` in this crate's tests.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// An answer that never comes: the server holds the connection open, so that the client
/// times out.
pub(crate) const SILENT: &str = "";

/// One request as the server read it.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub method: String,
    /// The path and query, as sent.
    pub target: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    /// The value of header `name` (lower case), if sent.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.iter().filter(|(key, _)| key == name);
        values.next().map(|(_, value)| value.as_str())
    }

    /// The path, without the query.
    pub(crate) fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query's pairs, decoded, in the order sent.
    pub(crate) fn query(&self) -> Vec<(String, String)> {
        let Some((_, query)) = self.target.split_once('?') else {
            return Vec::new();
        };
        let decode = |text: &str| {
            let text = text.replace('+', " ");
            percent_encoding::percent_decode_str(&text)
                .decode_utf8_lossy()
                .into_owned()
        };
        query
            .split('&')
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(key), decode(value))
            })
            .collect()
    }
}

/// Answers each connection with the next of its answers (the last one again once they run
/// out), closing it after.
pub(crate) struct ScriptedServer {
    pub base_url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl ScriptedServer {
    /// Starts answering with `answers`, each a whole HTTP/1.1 response (see [`answer`]) or
    /// [`SILENT`]; the server stops with the test's runtime.
    pub(crate) async fn start(answers: Vec<String>) -> ScriptedServer {
        ScriptedServer::start_with(|_| answers).await
    }

    /// Starts answering with the answers `script` writes for the server's base url.
    pub(crate) async fn start_with(script: impl FnOnce(&str) -> Vec<String>) -> ScriptedServer {
        ScriptedServer::start_with_bytes(|base_url| {
            script(base_url)
                .into_iter()
                .map(String::into_bytes)
                .collect()
        })
        .await
    }

    /// Starts answering with the answers `script` writes, as bytes: for bodies that are not
    /// text, such as compressed ones (see [`answer_bytes`]).
    pub(crate) async fn start_with_bytes(
        script: impl FnOnce(&str) -> Vec<Vec<u8>>,
    ) -> ScriptedServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let answers = script(&base_url);
        let received = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&received);
        tokio::spawn(async move {
            for next in 0.. {
                let Ok((mut socket, _)) = listener.accept().await else {
                    break;
                };
                let answer = answers
                    .get(next)
                    .or(answers.last())
                    .cloned()
                    .unwrap_or_default();
                let Some(request) = read_request(&mut socket).await else {
                    continue;
                };
                kept.lock().unwrap().push(request);
                if answer.is_empty() {
                    tokio::spawn(async move {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        drop(socket);
                    });
                } else {
                    let _ = socket.write_all(&answer).await;
                }
            }
        });
        ScriptedServer { base_url, received }
    }

    /// The requests received so far, in order.
    pub(crate) fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// A response with `status`, `headers` and `body`, closing its connection.
pub(crate) fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> String {
    head(status, headers, body.len()) + body
}

/// [`answer`] with a body of any bytes.
pub(crate) fn answer_bytes(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut bytes = head(status, headers, body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The status line and headers of a response whose body is `length` bytes long.
fn head(status: u16, headers: &[(&str, &str)], length: usize) -> String {
    let mut text = format!("HTTP/1.1 {status} Scripted\r\nconnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!("content-length: {length}\r\n\r\n"));
    text
}

/// Reads one request: its head, then as much body as `content-length` says.
async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut bytes = Vec::new();
    let mut chunk = [0; 4096];
    let head_end = loop {
        if let Some(end) = bytes.windows(4).position(|window| window == b"\r\n\r\n") {
            break end;
        }
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        bytes.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let target = request_line.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_lowercase(), value.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = bytes[head_end + 4..].to_vec();
    while body.len() < length {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Received {
        method,
        target,
        headers,
        body,
    })
}
