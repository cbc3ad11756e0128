//! Postman urls → [`PathTemplate`] and query parameters.
//!
//! The url object's parts win over `raw` (as in the Postman SDK); `raw` is parsed only when
//! the object has neither host nor path, or when the url is a plain string.

use crate::ir::{PathSegment, PathTemplate};
use crate::naming::{snake_ident, Scope};
use crate::postman::{QueryParam, StringOrList, Url, UrlPath};

/// A url split into what the emitted client needs.
#[derive(Debug, Default)]
pub struct SplitUrl {
    /// Scheme, host and port as written (`{{baseUrl}}`, `https://api.example.com:8443`):
    /// what the client's base url stands for.
    pub origin: Option<String>,
    pub segments: Vec<String>,
    pub query: Vec<QueryParam>,
}

/// Splits a Postman url into host, path segments and query parameters.
pub fn split_url(url: &Url) -> SplitUrl {
    match url {
        Url::Raw(raw) => split_raw(raw),
        Url::Parts(parts) if parts.host.is_none() && parts.path.is_none() => {
            let mut split = parts.raw.as_deref().map(split_raw).unwrap_or_default();
            if !parts.query.is_empty() {
                split.query = parts.query.clone();
            }
            split
        }
        Url::Parts(parts) => SplitUrl {
            origin: parts.host.as_ref().map(|host| {
                let host = match host {
                    StringOrList::One(host) => host.clone(),
                    StringOrList::Many(labels) => labels.join("."),
                };
                let scheme = parts
                    .protocol
                    .as_deref()
                    .map(|p| format!("{}://", p.trim_end_matches("://")));
                let port = parts.port.as_deref().map(|port| format!(":{port}"));
                format!(
                    "{}{host}{}",
                    scheme.unwrap_or_default(),
                    port.unwrap_or_default()
                )
            }),
            segments: match &parts.path {
                None => Vec::new(),
                Some(UrlPath::One(path)) => split_path(path.strip_prefix('/').unwrap_or(path)),
                Some(UrlPath::Segments(segments)) => segments
                    .iter()
                    .map(|segment| match segment {
                        crate::postman::PathSegment::Text(text) => text.clone(),
                        crate::postman::PathSegment::Object { value } => {
                            value.clone().unwrap_or_default()
                        }
                    })
                    .collect(),
            },
            query: parts.query.clone(),
        },
    }
}

fn split_path(path: &str) -> Vec<String> {
    path.split('/').map(str::to_string).collect()
}

/// The §2.5 raw-url algorithm, reduced to what matters here: drop the hash, split off the
/// query, drop `scheme://`, and take the first `/` after the host as the start of the path.
fn split_raw(raw: &str) -> SplitUrl {
    let raw = raw.trim_start();
    let raw = raw.split('#').next().unwrap_or_default();
    let (before_query, query) = match raw.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (raw, None),
    };
    let scheme_end = before_query.find("://").map_or(0, |index| index + 3);
    let (origin, path) = match before_query[scheme_end..].split_once('/') {
        Some((host, path)) => (&before_query[..scheme_end + host.len()], Some(path)),
        None => (before_query, None),
    };
    SplitUrl {
        origin: (!origin.is_empty()).then(|| origin.to_string()),
        segments: path.map(split_path).unwrap_or_default(),
        query: query
            .map(|query| {
                query
                    .split('&')
                    .filter(|pair| !pair.is_empty())
                    .map(|pair| {
                        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                        QueryParam {
                            key: Some(key.to_string()),
                            value: Some(value.to_string()),
                            disabled: false,
                            description: None,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Path segments → template. `:name` segments are parameters; an empty last segment is a
/// trailing slash; empty segments elsewhere are dropped (`a//b` is a typo, not a route).
pub fn path_template(segments: &[String]) -> PathTemplate {
    let mut idents = Scope::with_reserved(["body", "query", "headers", "self"]);
    let last = segments.len().saturating_sub(1);
    let segments = segments
        .iter()
        .enumerate()
        .filter(|(index, segment)| !segment.is_empty() || (*index == last && *index > 0))
        .map(|(_, segment)| match segment.strip_prefix(':') {
            Some(name) if !name.is_empty() => PathSegment::Param {
                name: name.to_string(),
                ident: idents.claim(&snake_ident(name, "param")),
            },
            _ => PathSegment::Literal(segment.clone()),
        })
        .collect();
    PathTemplate { segments }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(path: &[&str]) -> String {
        path_template(&path.iter().map(|s| s.to_string()).collect::<Vec<_>>()).display()
    }

    #[test]
    fn trailing_empty_segment_is_a_trailing_slash() {
        assert_eq!(template(&["api", "links", ":id", ""]), "/api/links/{id}/");
        assert_eq!(template(&["api", "links", ":id"]), "/api/links/{id}");
        assert_eq!(template(&["", "api", "", "x"]), "/api/x");
    }

    #[test]
    fn raw_urls_split_into_host_path_and_query() {
        let split = split_raw("{{baseUrl}}/api/links/:id/?page=2&x#frag");
        assert_eq!(split.origin.as_deref(), Some("{{baseUrl}}"));
        assert_eq!(split.segments, ["api", "links", ":id", ""]);
        assert_eq!(split.query.len(), 2);
        assert_eq!(split.query[1].key.as_deref(), Some("x"));
        let split = split_raw("https://api.example.com/v1/users");
        assert_eq!(split.origin.as_deref(), Some("https://api.example.com"));
        assert_eq!(split.segments, ["v1", "users"]);
    }
}
