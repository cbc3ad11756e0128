//! Postman urls → [`PathTemplate`] and query parameters.
//!
//! The url object's parts win over `raw` (as in the Postman SDK); `raw` is parsed only when
//! the object has neither host nor path, or when the url is a plain string.

use crate::ir::{PathSegment, PathTemplate, SegmentPart, VariableRef};
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
    let (origin, path) = split_origin(before_query);
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

/// `scheme://host` (or `{{baseUrl}}`) and what follows its first `/`, if anything does.
pub fn split_origin(url: &str) -> (&str, Option<&str>) {
    let scheme_end = url.find("://").map_or(0, |index| index + 3);
    match url[scheme_end..].split_once('/') {
        Some((host, path)) => (&url[..scheme_end + host.len()], Some(path)),
        None => (url, None),
    }
}

/// Path segments → template. `:name` segments are parameters; segments with `{{variables}}`
/// are filled from the client (`variable_field` names the client field for a variable); an
/// empty last segment is a trailing slash; empty segments elsewhere are dropped (`a//b` is a
/// typo, not a route).
pub fn path_template(
    segments: &[String],
    variable_field: &mut dyn FnMut(&str) -> VariableRef,
) -> PathTemplate {
    let mut idents =
        Scope::with_reserved(crate::ir::reserved::OPERATION_PARAMETERS.iter().copied());
    let last = segments.len().saturating_sub(1);
    let segments = segments
        .iter()
        .enumerate()
        .filter(|(index, segment)| !segment.is_empty() || (*index == last && *index > 0))
        .map(|(_, segment)| match segment.strip_prefix(':') {
            // Postman ends a variable name at the first `.`: `:id.json` is `id` + `.json`.
            Some(rest) if !rest.is_empty() && !rest.starts_with('.') => {
                let (name, suffix) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
                let ident = idents.claim(&snake_ident(name, "param"));
                if suffix.is_empty() {
                    PathSegment::Param {
                        name: name.to_string(),
                        ident,
                    }
                } else {
                    PathSegment::Template {
                        written: format!("{{{name}}}{suffix}"),
                        parts: vec![
                            SegmentPart::Param {
                                name: name.to_string(),
                                ident,
                            },
                            SegmentPart::Text(suffix.to_string()),
                        ],
                    }
                }
            }
            _ if segment.contains("{{") => PathSegment::Template {
                written: segment.clone(),
                parts: template_parts(segment)
                    .into_iter()
                    .map(|part| match part {
                        TemplatePart::Text(text) => SegmentPart::Text(text.to_string()),
                        TemplatePart::Variable(name) => SegmentPart::Variable(variable_field(name)),
                    })
                    .collect(),
            },
            _ => PathSegment::Literal(segment.clone()),
        })
        .collect();
    PathTemplate { segments }
}

/// A piece of text with `{{variables}}`.
#[derive(Debug, PartialEq, Eq)]
pub enum TemplatePart<'a> {
    Text(&'a str),
    Variable(&'a str),
}

/// Splits `a{{b}}c` into text and variables, as Postman's `{{[^{}]*}}` pattern does.
pub fn template_parts(text: &str) -> Vec<TemplatePart<'_>> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start + 2..].find("}}") else {
            break;
        };
        let name = &rest[start + 2..start + 2 + length];
        if name.contains(['{', '}']) {
            parts.push(TemplatePart::Text(&rest[..start + 2]));
            rest = &rest[start + 2..];
            continue;
        }
        if start > 0 {
            parts.push(TemplatePart::Text(&rest[..start]));
        }
        parts.push(TemplatePart::Variable(name));
        rest = &rest[start + 4 + length..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Text(rest));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(path: &[&str]) -> String {
        let segments: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        path_template(&segments, &mut |_| VariableRef(0)).display()
    }

    #[test]
    fn trailing_empty_segment_is_a_trailing_slash() {
        assert_eq!(template(&["api", "links", ":id", ""]), "/api/links/{id}/");
        assert_eq!(template(&["api", "links", ":id"]), "/api/links/{id}");
        assert_eq!(template(&["", "api", "", "x"]), "/api/x");
        assert_eq!(template(&["files", ":id.json"]), "/files/{id}.json");
    }

    #[test]
    fn variables_in_segments_are_templates() {
        assert_eq!(
            template(&["{{projectKey}}", "carts", "{{a}}.{{b}}"]),
            "/{{projectKey}}/carts/{{a}}.{{b}}"
        );
        assert_eq!(
            template_parts("x{{a}}.{{b}}"),
            [
                TemplatePart::Text("x"),
                TemplatePart::Variable("a"),
                TemplatePart::Text("."),
                TemplatePart::Variable("b")
            ]
        );
        assert_eq!(template_parts("{{a"), [TemplatePart::Text("{{a")]);
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
