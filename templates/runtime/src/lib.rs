//! The fixed runtime of every emitted crate, as real Rust: compiled, formatted, linted and
//! tested here on its own, then copied by the generator (`generator/src/emit/runtime.rs`).
//!
//! - `error.rs` becomes the emitted `src/error.rs` as it is, and `http/trace.rs`
//!   `src/http/trace.rs`, a module of `http` (it has a variant for each side of the `tracing`
//!   feature, so it is not joined).
//! - The files of `http/` are the pieces of the emitted `src/http.rs`: the generator takes
//!   the ones a crate needs and joins them into one module, `use` lines first.
//! - The files of `mock/mock_server/` are joined the same way into `src/mock/mock_server.rs`, the
//!   fixed part of the mock server behind the emitted crate's `mock` feature.
//!
//! - `client/fixed.rs` is the fixed part of the emitted `src/client.rs`: `Client` and the
//!   methods every crate has (`new`, the settings, `base_url`, `send`). The generator reads
//!   it back as a syntax tree and prints it with what the collection decides.
//!
//! Nothing in this crate is generated from a collection; what is lives in `quote!` in the
//! generator's `emit/` stage. `client.rs` puts stand-ins for those parts (a credential, a
//! variable, every kind of body) around the real `Client`, so that the pieces that call it
//! compile and run here; the tests send through it to a scripted server on 127.0.0.1.

// The emitted operations call these helpers; here only the tests below do.
#![cfg_attr(not(test), allow(dead_code, unused_imports, unused_macros))]

mod auth;
#[cfg(test)]
mod aws_sigv4_tests;
#[cfg(test)]
mod builder_tests;
#[cfg(test)]
mod call_tests;
mod client;
#[cfg(test)]
mod client_tests;
#[cfg(test)]
mod compression_tests;
#[cfg(test)]
mod digest_tests;
mod error;
#[cfg(test)]
mod jwt_tests;
#[cfg(test)]
mod mock_tests;
#[cfg(test)]
mod oauth1_tests;
#[cfg(test)]
mod oauth2_provider_tests;
#[cfg(test)]
mod oauth2_refresh_tests;
#[cfg(test)]
mod oauth2_tests;
#[cfg(test)]
mod pages_tests;
#[cfg(test)]
mod response_enum_tests;
#[cfg(test)]
mod retry_tests;
#[cfg(test)]
mod scripted_server;
#[cfg(test)]
mod signer_tests;
#[cfg(test)]
mod tolerant_tests;
#[cfg(all(test, feature = "tracing"))]
mod trace_capture;
#[cfg(all(test, feature = "tracing"))]
mod trace_tests;
#[cfg(test)]
mod try_credential_tests;

pub use error::Error;

/// Stands in for the emitted `lib.rs`'s: the `User-Agent` a client sends by default, this
/// crate's name and version and the generator's.
const USER_AGENT: &str = concat!(
    env!("CARGO_PKG_NAME"),
    "/",
    env!("CARGO_PKG_VERSION"),
    " generator/0.0.0"
);

/// Stands in for the emitted `lib.rs`'s: the query parameters of the crate's requests named
/// like secrets, whose values traces redact.
#[cfg(feature = "tracing")]
const SECRET_QUERY_NAMES: &[&str] = &["api_key", "token"];

/// The operation the tests' requests are of.
#[cfg(test)]
const TEST_OPERATION: client::Operation = client::Operation {
    id: "things.list",
    item: "Things / List",
    template: "/things",
};

/// What the tests that send through `http::execute` itself give it: no headers of the
/// call's own, the default `User-Agent`.
#[cfg(test)]
fn test_settings() -> http::TrySettings<'static> {
    static DEFAULT_USER_AGENT: std::sync::LazyLock<reqwest::header::HeaderValue> =
        std::sync::LazyLock::new(|| reqwest::header::HeaderValue::from_static(USER_AGENT));
    http::TrySettings {
        headers: &[],
        user_agent: &DEFAULT_USER_AGENT,
        template: "/things",
        own_query_pairs: 0,
    }
}

/// Mirrors the emitted `http` module: every piece, re-exported so that the pieces reach
/// each other by the same `crate::http::` paths as in an emitted crate.
mod http {
    mod call;
    mod decode_json;
    mod decode_text;
    mod default_client;
    mod json_body;
    mod pages;
    mod pairs;
    mod path_segment;
    mod path_variable;
    mod request;
    mod response;
    mod response_enum;
    mod retry;
    mod send;
    mod trace;
    mod whole_numbers;

    pub(crate) use call::*;
    pub(crate) use decode_json::*;
    pub(crate) use decode_text::*;
    pub(crate) use default_client::*;
    pub(crate) use json_body::*;
    pub(crate) use pages::*;
    pub(crate) use pairs::*;
    pub(crate) use path_segment::*;
    pub(crate) use path_variable::*;
    pub(crate) use request::*;
    pub(crate) use response::*;
    pub(crate) use response_enum::*;
    pub(crate) use retry::*;
    pub(crate) use send::*;
    pub(crate) use trace::{CallSpan, TrySpan};
    pub(crate) use whole_numbers::*;
}

/// Mirrors the emitted `tolerant` module: the decoding rules of response values, in one
/// module as the generator joins them.
mod tolerant {
    mod dates;
    mod non_empty;
    mod rules;
    mod structs;
    mod uuids;

    pub(crate) use non_empty::*;
    pub(crate) use rules::*;
    pub(crate) use structs::*;
}

/// Mirrors the emitted `mock` module: its fixed part (the files of `mock_server/`, joined
/// into the emitted `src/mock/mock_server.rs`) and a route table standing in for the one the
/// generator writes from a collection (`mock_tests.rs` has the routes).
mod mock {
    pub(crate) mod mock_server {
        mod form_request;
        mod json_request;
        mod raw_request;
        mod received;
        mod reply;
        mod route;
        mod server;
        mod stub;

        pub(crate) use form_request::*;
        pub(crate) use json_request::*;
        pub(crate) use raw_request::*;
        pub(crate) use received::*;
        pub(crate) use reply::*;
        pub(crate) use route::*;
        pub(crate) use server::*;
        pub(crate) use stub::*;
    }

    #[cfg(test)]
    pub(crate) use crate::mock_tests::ROUTES;
    #[cfg(not(test))]
    pub(crate) static ROUTES: &[&[mock_server::Route]] = &[];
}

#[cfg(test)]
mod tests {
    use super::http::*;
    use super::{test_settings, Error};

    #[derive(serde::Serialize)]
    struct Query {
        page: Option<u32>,
        fields: Vec<&'static str>,
        name: &'static str,
    }

    #[test]
    fn pairs_leave_out_unset_fields_and_repeat_lists() {
        let query = Query {
            page: None,
            fields: vec!["id", "name"],
            name: "a b",
        };
        assert_eq!(
            pairs(&query).unwrap(),
            [("fields", "id"), ("fields", "name"), ("name", "a b")]
                .map(|(key, value)| (key.to_string(), value.to_string()))
        );
    }

    #[derive(serde::Serialize)]
    struct Amounts {
        whole: f64,
        fraction: f64,
        huge: f64,
        count: i64,
        extra: Vec<f64>,
    }

    #[test]
    fn whole_floats_are_written_as_integers_as_postman_writes_them() {
        let amounts = Amounts {
            whole: 0.0,
            fraction: 1.5,
            huge: 1e300,
            count: 7,
            extra: vec![-3.0, 2.25],
        };
        assert_eq!(
            String::from_utf8(json_body(&amounts).unwrap()).unwrap(),
            r#"{"whole":0,"fraction":1.5,"huge":1e+300,"count":7,"extra":[-3,2.25]}"#
        );
        let pairs = pairs(&amounts).unwrap();
        let value = |key: &str| {
            let pairs = pairs.iter().filter(|(name, _)| name == key);
            pairs.map(|(_, value)| value.as_str()).collect::<Vec<_>>()
        };
        assert_eq!(value("whole"), ["0"]);
        assert_eq!(value("fraction"), ["1.5"]);
        assert_eq!(value("extra"), ["-3", "2.25"]);
    }

    #[test]
    fn path_segments_cannot_leave_their_segment() {
        assert_eq!(path_segment("id", "a/b?c#d").unwrap(), "a%2Fb%3Fc%23d");
        for refused in ["", ".", ".."] {
            assert!(matches!(
                path_segment("id", refused),
                Err(Error::InvalidPathArgument { name }) if name == "id"
            ));
        }
    }

    #[test]
    fn header_values_cannot_inject_headers() {
        assert!(header_value("x-a", "plain").is_ok());
        assert!(matches!(
            header_value("x-a", "a\r\nx-b: c"),
            Err(Error::InvalidHeader { name }) if name == "x-a"
        ));
    }

    #[tokio::test]
    async fn transport_errors_drop_the_url_and_its_query() {
        let refused = reqwest::get("http://127.0.0.1:1/?api_key=secret")
            .await
            .unwrap_err();
        assert!(refused.url().is_some());
        let Error::Transport(error) = transport(refused) else {
            panic!("not a transport error");
        };
        assert!(error.url().is_none());
        assert!(!error.to_string().contains("secret"));
    }

    #[test]
    fn a_default_client_builds_with_or_without_a_provider_installed() {
        // The first call installs ring; later ones find a provider and keep it.
        default_http_client(DEFAULT_CONNECT_TIMEOUT);
        default_http_client(DEFAULT_CONNECT_TIMEOUT);
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }

    /// Serves one request on 127.0.0.1 with a fixed response; returns the base url and the
    /// request as received.
    async fn one_shot_server(response: &'static str) -> (String, tokio::task::JoinHandle<String>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let served = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut received = vec![0; 4096];
            let read = socket.read(&mut received).await.unwrap();
            socket.write_all(response.as_bytes()).await.unwrap();
            String::from_utf8_lossy(&received[..read]).into_owned()
        });
        (base_url, served)
    }

    #[tokio::test]
    async fn a_request_is_started_shown_to_the_hook_sent_and_read_whole() {
        let (base_url, served) = one_shot_server(
            "HTTP/1.1 201 Created\r\nx-request-id: r1\r\ncontent-length: 2\r\n\r\n{}",
        )
        .await;
        let http = default_http_client(DEFAULT_CONNECT_TIMEOUT);
        let query = [("a".to_string(), "1 2".to_string())];
        let builder = start_request(
            &http,
            &base_url,
            reqwest::Method::GET,
            "/things",
            &[("accept".to_string(), "application/json".to_string())],
            &query,
            DEFAULT_TIMEOUT,
        )
        .unwrap();
        let hook: &RequestHook = &|request: &mut reqwest::Request| {
            request
                .headers_mut()
                .insert("x-hook", "seen".parse().unwrap());
        };
        let every = EveryTry {
            hook: Some(hook),
            ..EveryTry::default()
        };
        let response = execute(
            &http,
            builder,
            every,
            RetryPolicy::default(),
            test_settings(),
        )
        .await
        .unwrap();

        assert_eq!(response.status, 201);
        assert_eq!(response.headers["x-request-id"], "r1");
        assert_eq!(response.body, b"{}");
        let received = served.await.unwrap();
        assert!(
            received.starts_with("GET /things?a=1+2 HTTP/1.1\r\n"),
            "{received}"
        );
        assert!(
            received.contains("accept: application/json\r\n"),
            "{received}"
        );
        assert!(received.contains("x-hook: seen\r\n"), "{received}");
    }

    #[tokio::test]
    async fn a_request_slower_than_its_timeout_is_a_timeout_error() {
        // Accepts the connection and never answers.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let _held = tokio::spawn(async move {
            let connection = listener.accept().await;
            std::future::pending::<()>().await;
            drop(connection);
        });
        let http = default_http_client(DEFAULT_CONNECT_TIMEOUT);
        let short = std::time::Duration::from_millis(200);
        let builder =
            start_request(&http, &base_url, reqwest::Method::GET, "/", &[], &[], short).unwrap();

        // Bounded here too, so that a missing timeout fails the test instead of hanging it.
        let outcome = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            execute(
                &http,
                builder,
                EveryTry::default(),
                RetryPolicy::default(),
                test_settings(),
            ),
        )
        .await
        .expect("the request timed out by itself");
        let Err(error) = outcome else {
            panic!("a server that never answers answered");
        };

        assert!(error.is_timeout(), "{error:?}");
    }

    #[test]
    fn header_values_given_to_a_request_cannot_inject_headers() {
        let refused = start_request(
            &default_http_client(DEFAULT_CONNECT_TIMEOUT),
            "http://127.0.0.1:1",
            reqwest::Method::GET,
            "/",
            &[("x-a".to_string(), "a\r\nx-b: c".to_string())],
            &[],
            DEFAULT_TIMEOUT,
        );
        assert!(matches!(refused, Err(Error::InvalidHeader { .. })));
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // Only decoded, to fail.
    struct Page {
        results: Vec<Loan>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Loan {
        fees: Vec<Fee>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Fee {
        amount: f64,
    }

    impl crate::tolerant::Tolerant for Page {}

    /// Stands in for any item type (the runtime's own rules have no bytes).
    impl crate::tolerant::Tolerant for u8 {}

    #[test]
    fn decode_errors_name_the_json_path_and_show_the_body_around_it() {
        let padding = "x".repeat(4000);
        let body =
            format!(r#"{{"padding":"{padding}","results":[{{"fees":[{{"amount":1}},null]}}]}}"#);
        let error = decode_json::<Page>(&RawResponse::new(200, body.as_bytes())).unwrap_err();

        assert_eq!(error.json_path().as_deref(), Some("results[0].fees[1]"));
        let shown = error.to_string();
        assert!(
            shown.contains("results[0].fees[1]: invalid type: null"),
            "{shown}"
        );
        // Cut before the failure, which is near the end of the body.
        assert!(shown.contains(": …xxx"), "{shown}");
        assert!(
            shown.ends_with(r#"xx","results":[{"fees":[{"amount":1},null]}]}"#),
            "{shown}"
        );
        assert!(shown.len() < 600, "{} bytes: {shown}", shown.len());
        let debugged = format!("{error:?}");
        let length = format!("body_len: {}", body.len());
        assert!(debugged.contains(&length), "{debugged}");
        assert!(!debugged.contains("[123, 34"), "bytes in {debugged}");
        assert!(debugged.len() < 800, "{} bytes: {debugged}", debugged.len());
    }

    #[test]
    fn decode_errors_of_invalid_utf8_and_trailing_text_are_excerpts_too() {
        let error = decode_json::<Vec<u8>>(&RawResponse::new(500, b"[1] tail")).unwrap_err();
        assert_eq!(error.json_path().as_deref(), Some("."));
        assert!(error.to_string().contains("trailing characters"), "{error}");
        let error = decode_text(&RawResponse::new(200, b"ok \xff")).unwrap_err();
        assert_eq!(error.json_path(), None);
        assert!(
            error.to_string().ends_with("body (4 bytes): ok \u{fffd}"),
            "{error}"
        );
    }

    /// The shape `emit/types.rs::enum_tokens` prints for an `enum` override.
    #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    enum Status {
        #[serde(rename = "token_required")]
        TokenRequired,
        #[serde(untagged)]
        Other(String),
    }

    #[test]
    fn an_override_enum_keeps_values_it_does_not_list() {
        let decoded: Vec<Status> = serde_json::from_str(r#"["token_required","new"]"#).unwrap();
        assert_eq!(
            decoded,
            [Status::TokenRequired, Status::Other("new".into())]
        );
        assert_eq!(
            serde_json::to_string(&decoded).unwrap(),
            r#"["token_required","new"]"#
        );
    }

    #[test]
    fn unset_variables_are_refused() {
        assert_eq!(variable("host", "example.com").unwrap(), "example.com");
        assert!(matches!(
            variable("host", ""),
            Err(Error::MissingVariable { name }) if name == "host"
        ));
    }

    #[test]
    fn decode_errors_keep_the_status_and_body() {
        let response = RawResponse::new(200, b"{\"a\":");
        let Err(Error::Decode { status, body, .. }) = decode_json::<serde_json::Value>(&response)
        else {
            panic!("truncated JSON decoded");
        };
        assert_eq!((status, body.as_slice()), (200, &b"{\"a\":"[..]));
        assert_eq!(decode_text(&RawResponse::new(200, b"ok")).unwrap(), "ok");
        assert!(decode_text(&RawResponse::new(200, &[0xff])).is_err());
    }

    #[test]
    fn undocumented_responses_keep_everything() {
        let mut response = RawResponse::new(418, b"[1]");
        response
            .headers
            .insert("x-request-id", "r1".parse().unwrap());
        let undocumented = response.into_undocumented();
        assert_eq!(undocumented.status, 418);
        assert_eq!(undocumented.headers["x-request-id"], "r1");
        assert_eq!(undocumented.json::<Vec<u8>>().unwrap(), [1]);
        assert_eq!(json_body(&[1, 2]).unwrap(), b"[1,2]");
    }
}
