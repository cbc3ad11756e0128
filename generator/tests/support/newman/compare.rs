//! One request as newman sent it against the same request as the generated client sent it:
//! the differences, each with a class (`header \`content-type\` value`) to count by.

use super::server::RecordedRequest;

/// Headers left out of the comparison. `host` and `content-length` follow from the url and
/// the body, which are compared; `connection`, `keep-alive`, `transfer-encoding`, `te`,
/// `trailer`, `upgrade` and `proxy-connection` are hop-by-hop (RFC 9110 §7.6.1): how one
/// connection is managed, not part of the request; `user-agent`, `postman-token`,
/// `accept-encoding` and `cache-control: no-cache` are what newman adds to every request
/// (its own name, a random id for its cache, the encodings its HTTP library decodes, and
/// Postman's "send no-cache header" setting), never written in the collection.
pub const IGNORED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-connection",
    "user-agent",
    "postman-token",
    "accept-encoding",
];

/// One way the two requests differ.
#[derive(Debug, Clone)]
pub struct Difference {
    /// What differs, without values: what differences are counted by.
    pub class: String,
    /// Both values.
    pub detail: String,
}

/// How the credential is computed: signed credentials differ on every try (nonce, time), so
/// only their scheme is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthCheck {
    Exact,
    SchemeOnly,
}

fn difference(class: String, newman: &str, client: &str) -> Difference {
    Difference {
        class,
        detail: format!("newman {newman:?}, client {client:?}"),
    }
}

/// Percent-decoding as a server reads a query or form (`+` is a space).
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'+' => out.push(b' '),
            b'%' if at + 2 < bytes.len() => {
                let hex = |byte: u8| (byte as char).to_digit(16);
                match (hex(bytes[at + 1]), hex(bytes[at + 2])) {
                    (Some(high), Some(low)) => {
                        out.push((high * 16 + low) as u8);
                        at += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `(key, value)` pairs of a query or form, decoded, in order.
fn decoded_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(key), decode_component(value))
        })
        .collect()
}

/// The differences of two lists of pairs, by key: missing, extra, or another value.
fn pair_differences(
    what: &str,
    newman: &[(String, String)],
    client: &[(String, String)],
) -> Vec<Difference> {
    let mut found = Vec::new();
    let mut keys: Vec<&String> = newman.iter().chain(client).map(|(key, _)| key).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let values = |pairs: &[(String, String)]| -> Vec<String> {
            let mut values: Vec<String> = pairs
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, value)| value.clone())
                .collect();
            values.sort();
            values
        };
        let (sent, ours) = (values(newman), values(client));
        if sent == ours {
            continue;
        }
        let class = if ours.is_empty() {
            format!("{what} `{key}` missing")
        } else if sent.is_empty() {
            format!("{what} `{key}` extra")
        } else {
            format!("{what} `{key}` value")
        };
        found.push(difference(class, &sent.join(" | "), &ours.join(" | ")));
    }
    found
}

fn split_target(target: &str) -> (&str, &str) {
    target.split_once('?').unwrap_or((target, ""))
}

fn header<'a>(request: &'a RecordedRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The media type of a content type, lower-cased, parameters dropped.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The headers compared: names lower-cased, the ignored ones left out, a signed
/// credential's `authorization` cut to its scheme, a multipart content type to its media
/// type (the boundary is random).
fn compared_headers(request: &RecordedRequest, auth: AuthCheck) -> Vec<(String, String)> {
    request
        .headers
        .iter()
        .filter(|(name, _)| !IGNORED_HEADERS.contains(&name.as_str()))
        .filter(|(name, value)| !(name == "cache-control" && value == "no-cache"))
        .map(|(name, value)| {
            let value = match name.as_str() {
                "authorization" if auth == AuthCheck::SchemeOnly => {
                    value.split(' ').next().unwrap_or_default().to_string()
                }
                "content-type" if media_type(value) == "multipart/form-data" => media_type(value),
                _ => value.clone(),
            };
            (name.clone(), value)
        })
        .collect()
}

/// A signed request's OAuth 1.0a parameters (in the query or a form) that change on every
/// try: their values are not compared.
fn unsigned(pairs: Vec<(String, String)>, auth: AuthCheck) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|(key, value)| match key.as_str() {
            "oauth_nonce" | "oauth_timestamp" | "oauth_signature"
                if auth == AuthCheck::SchemeOnly =>
            {
                (key, "…".into())
            }
            _ => (key, value),
        })
        .collect()
}

/// `(name, filename, content)` of each part of a multipart body.
fn multipart_parts(request: &RecordedRequest) -> Option<Vec<(String, String)>> {
    let content_type = header(request, "content-type")?;
    let boundary = content_type
        .split(';')
        .find_map(|param| param.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let body = String::from_utf8_lossy(&request.body);
    let mut parts = Vec::new();
    for part in body.split(&format!("--{boundary}")).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let (head, content) = part.split_once("\r\n\r\n")?;
        let disposition = head
            .lines()
            .find(|line| line.to_ascii_lowercase().starts_with("content-disposition"))?;
        let name = disposition
            .split(';')
            .find_map(|param| param.trim().strip_prefix("name="))
            .unwrap_or_default()
            .trim_matches('"')
            .to_string();
        parts.push((name, content.trim_end_matches("\r\n").to_string()));
    }
    Some(parts)
}

fn body_differences(
    newman: &RecordedRequest,
    client: &RecordedRequest,
    auth: AuthCheck,
) -> Vec<Difference> {
    if newman.body == client.body {
        return Vec::new();
    }
    let text = |request: &RecordedRequest| String::from_utf8_lossy(&request.body).into_owned();
    let kind = header(newman, "content-type")
        .map(media_type)
        .unwrap_or_default();
    if let (Ok(sent), Ok(ours)) = (
        serde_json::from_slice::<serde_json::Value>(&newman.body),
        serde_json::from_slice::<serde_json::Value>(&client.body),
    ) {
        if sent == ours {
            return Vec::new();
        }
        return vec![difference(
            "JSON body".into(),
            &sent.to_string(),
            &ours.to_string(),
        )];
    }
    if kind == "application/x-www-form-urlencoded" {
        let pairs = |request| unsigned(decoded_pairs(&text(request)), auth);
        return pair_differences("form field", &pairs(newman), &pairs(client));
    }
    if kind == "multipart/form-data" {
        if let (Some(sent), Some(ours)) = (multipart_parts(newman), multipart_parts(client)) {
            return pair_differences("multipart part", &sent, &ours);
        }
    }
    let class = if newman.body.is_empty() {
        "body extra"
    } else if client.body.is_empty() {
        "body missing"
    } else {
        "body"
    };
    vec![difference(class.into(), &text(newman), &text(client))]
}

/// Every difference between the two requests; none: they match.
pub fn differences(
    newman: &RecordedRequest,
    client: &RecordedRequest,
    auth: AuthCheck,
) -> Vec<Difference> {
    let mut found = Vec::new();
    if !newman.method.eq_ignore_ascii_case(&client.method) {
        found.push(difference("method".into(), &newman.method, &client.method));
    }
    let (sent_path, sent_query) = split_target(&newman.target);
    let (our_path, our_query) = split_target(&client.target);
    if sent_path != our_path {
        let class = if decode_component(sent_path) == decode_component(our_path) {
            "path encoding"
        } else {
            "path"
        };
        found.push(difference(class.into(), sent_path, our_path));
    }
    found.extend(pair_differences(
        "query",
        &unsigned(decoded_pairs(sent_query), auth),
        &unsigned(decoded_pairs(our_query), auth),
    ));
    found.extend(pair_differences(
        "header",
        &compared_headers(newman, auth),
        &compared_headers(client, auth),
    ));
    found.extend(body_differences(newman, client, auth));
    found
}
