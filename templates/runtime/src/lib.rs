//! The fixed runtime of every emitted crate, as real Rust: compiled, formatted, linted and
//! tested here on its own, then copied by the generator (`generator/src/emit/runtime.rs`).
//!
//! - `error.rs` becomes the emitted `src/error.rs` as it is.
//! - The files of `http/` are the pieces of the emitted `src/http.rs`: the generator takes
//!   the ones a crate needs and joins them into one module, `use` lines first.
//!
//! Nothing in this crate is generated from a collection; what is lives in `quote!` in the
//! generator's `emit/` stage.

// The emitted operations call these helpers; here only the tests below do.
#![cfg_attr(not(test), allow(dead_code, unused_imports))]

mod error;

pub use error::Error;

/// Mirrors the emitted `http` module: every piece, re-exported so that the pieces reach
/// each other by the same `crate::http::` paths as in an emitted crate.
mod http {
    mod decode_json;
    mod decode_text;
    mod json_body;
    mod pairs;
    mod path_segment;
    mod path_variable;
    mod request;
    mod response;
    mod tls;

    pub(crate) use decode_json::*;
    pub(crate) use decode_text::*;
    pub(crate) use json_body::*;
    pub(crate) use pairs::*;
    pub(crate) use path_segment::*;
    pub(crate) use path_variable::*;
    pub(crate) use request::*;
    pub(crate) use response::*;
    pub(crate) use tls::*;
}

#[cfg(test)]
mod tests {
    use super::http::*;
    use super::Error;

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
        default_http_client();
        default_http_client();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
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
