//! Compressed responses: the client asks for gzip, brotli and deflate as Postman does, and a
//! body the scripted server sends compressed decodes as if it had come plain.

use std::io::Write;
use std::time::Duration;

use crate::client::{Auth, Body, Client, Request};
use crate::http::*;
use crate::scripted_server::{answer_bytes, ScriptedServer};
use crate::{Error, TEST_OPERATION};

/// A list page large enough that compressing it pays: 200 accounts.
fn page() -> serde_json::Value {
    let results: Vec<serde_json::Value> = (0..200)
        .map(|n| {
            serde_json::json!({
                "id": format!("0d3ffb69-f83b-456e-ad8e-208d0998d{n:03}"),
                "name": "Cuenta de ahorro",
                "balance": {"current": n * 100, "available": n * 90},
                "currency": "BRL",
            })
        })
        .collect();
    serde_json::json!({"count": 200, "next": null, "results": results})
}

fn gzip(plain: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(plain).unwrap();
    encoder.finish().unwrap()
}

/// HTTP's `deflate` is zlib's format (RFC 9110, 8.4.1.2), not a raw deflate stream.
fn deflate(plain: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(plain).unwrap();
    encoder.finish().unwrap()
}

fn brotli(plain: &[u8]) -> Vec<u8> {
    let mut compressed = Vec::new();
    let mut encoder = brotli::CompressorWriter::new(&mut compressed, 4096, 5, 22);
    encoder.write_all(plain).unwrap();
    drop(encoder);
    compressed
}

/// A client of a server answering `200` with `body` sent as `encoding`.
async fn answering_compressed(encoding: &str, body: Vec<u8>) -> (Client, ScriptedServer) {
    let headers = [
        ("content-type", "application/json"),
        ("content-encoding", encoding),
        ("request-id", "req-9"),
    ];
    let answer = answer_bytes(200, &headers, &body);
    let server = ScriptedServer::start_with_bytes(|_| vec![answer]).await;
    let client = Client::new(&server.base_url)
        .with_retry_backoff(Duration::from_millis(1), Duration::from_millis(4));
    (client, server)
}

fn decode(raw: RawResponse) -> Result<serde_json::Value, Error> {
    decode_json(&raw)
}

fn request() -> Result<Request, Error> {
    Ok(Request {
        operation: TEST_OPERATION,
        method: reqwest::Method::GET,
        path: "/accounts".into(),
        query: Vec::new(),
        headers: Vec::new(),
        body: Body::None,
        auth: Auth::None,
    })
}

#[tokio::test]
async fn gzip_brotli_and_deflate_are_asked_for_and_decoded() {
    let plain = serde_json::to_vec(&page()).unwrap();
    for (encoding, compress) in [
        ("gzip", gzip as fn(&[u8]) -> Vec<u8>),
        ("br", brotli),
        ("deflate", deflate),
    ] {
        let compressed = compress(&plain);
        assert!(
            compressed.len() * 5 < plain.len(),
            "{encoding} barely compresses"
        );
        let (client, server) = answering_compressed(encoding, compressed).await;

        let value = Call::new(&client, decode, TEST_OPERATION, request())
            .await
            .unwrap();

        assert_eq!(value, page(), "{encoding}");
        let received = server.received();
        let asked = received[0].header("accept-encoding").unwrap_or_default();
        for asked_for in ["gzip", "br", "deflate"] {
            assert!(asked.contains(asked_for), "{encoding}: asked for {asked:?}");
        }
    }
}

/// reqwest decodes the body before the client sees it and removes the two headers that
/// describe the compressed bytes: what `with_meta()` shows is a plain body's headers.
#[tokio::test]
async fn with_meta_of_a_compressed_body_has_no_content_encoding_nor_content_length() {
    let plain = serde_json::to_vec(&page()).unwrap();
    let (client, _server) = answering_compressed("gzip", gzip(&plain)).await;

    let response = Call::new(&client, decode, TEST_OPERATION, request())
        .with_meta()
        .await
        .unwrap();

    assert_eq!(response.value, page());
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-encoding"), None);
    assert_eq!(response.header("content-length"), None);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.request_id(), Some("req-9"));
    assert_eq!(response.retries, 0);
}
