//! The collection as newman reads it: its requests in run order with the values written in
//! them (path variables, enabled query parameters and headers, body, inherited auth), its
//! variables, and the variables its scripts set. [`Collection::for_newman`] writes the copy
//! newman runs: every request pointed at the recording server and tagged with its index.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

/// One request item, in the order newman runs them (depth first).
#[derive(Debug, Clone)]
pub struct CollectionRequest {
    /// Folder and request names joined by ` / `, each on one line: the IR's `item_path`.
    pub item_path: String,
    /// The origin as written (`{{baseUrl}}`, `https://api.twitter.com`).
    pub origin: String,
    /// `:name` path variables and their values, as written.
    pub path_values: Vec<(String, String)>,
    /// Enabled query parameters as written; `None` for a key without `=`.
    pub query: Vec<(String, Option<String>)>,
    /// Enabled headers as written.
    pub headers: Vec<(String, String)>,
    pub body: Option<CollectionBody>,
    /// The auth in effect (inherited), `None` for none or `noauth`.
    pub auth: Option<Value>,
}

#[derive(Debug, Clone)]
pub enum CollectionBody {
    Raw(String),
    UrlEncoded(Vec<(String, String)>),
    /// `(key, text value)` or a file part (`None`).
    FormData(Vec<(String, Option<String>)>),
    /// A file's bytes, which the collection does not carry.
    File,
    GraphQl {
        query: String,
        variables: String,
    },
}

pub struct Collection {
    pub json: Value,
    pub requests: Vec<CollectionRequest>,
    /// Enabled collection variables.
    pub variables: BTreeMap<String, String>,
    /// Variables some pre-request or test script sets.
    pub script_variables: BTreeSet<String>,
}

/// Whitespace runs as one space, as the generator's item paths write names.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn enabled(entry: &Value) -> bool {
    !entry
        .get("disabled")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

impl Collection {
    pub fn read(path: &std::path::Path) -> Collection {
        let bytes = std::fs::read(path).expect("collection is readable");
        let json: Value = serde_json::from_slice(&bytes).expect("collection is JSON");
        let variables = json
            .get("variable")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|entry| enabled(entry))
            .filter_map(|entry| {
                let key = entry.get("key").or_else(|| entry.get("id"))?.as_str()?;
                Some((key.to_string(), text_of(entry.get("value")?)))
            })
            .collect();
        let mut script_variables = BTreeSet::new();
        collect_script_variables(&json, &mut script_variables);
        let mut requests = Vec::new();
        let auth = json.get("auth").cloned();
        walk_items(&json, "", auth.as_ref(), &mut requests);
        Collection {
            json,
            requests,
            variables,
            script_variables,
        }
    }

    /// The copy newman runs: each request item gets the id `newman-<index>`, and its url
    /// the recording server's origin (`server`), keeping the path prefix its origin resolves
    /// to (`/v71` of `https://checkout-test.adyen.com/v71`); collection variables holding an
    /// http(s) url are pointed at the server too, for scripts that send requests.
    pub fn for_newman(&self, server: &str) -> Value {
        let mut copy = self.json.clone();
        let mut index = 0;
        if let Some(items) = copy.get_mut("item") {
            rewrite_items(items, &self.variables, server, &mut index);
        }
        if let Some(variables) = copy.get_mut("variable").and_then(Value::as_array_mut) {
            for entry in variables {
                if let Some(Value::String(value)) = entry.get_mut("value") {
                    if let Some(rest) = strip_origin(value) {
                        *value = format!("{server}{rest}");
                    }
                }
            }
        }
        copy
    }
}

/// `/rest` of `https://host[:port]/rest`, `""` for a bare origin; `None` for no http(s) url.
pub fn strip_origin(url: &str) -> Option<&str> {
    let after = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    Some(after.find('/').map_or("", |slash| &after[slash..]))
}

/// `text` with `{{name}}` replaced from `variables`, as Postman does (values may refer to
/// other variables); unknown names stay as written.
pub fn substitute(text: &str, variables: &BTreeMap<String, String>) -> String {
    let mut resolved = text.to_string();
    for _ in 0..19 {
        let mut next = String::new();
        let mut rest = resolved.as_str();
        while let Some(start) = rest.find("{{") {
            let Some(length) = rest[start + 2..].find("}}") else {
                break;
            };
            let name = &rest[start + 2..start + 2 + length];
            next.push_str(&rest[..start]);
            match variables.get(name) {
                Some(value) => next.push_str(value),
                None => next.push_str(&rest[start..start + 4 + length]),
            }
            rest = &rest[start + 4 + length..];
        }
        next.push_str(rest);
        if next == resolved {
            break;
        }
        resolved = next;
    }
    resolved
}

/// The `{{name}}`s of `text`.
pub fn variables_in(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start + 2..].find("}}") else {
            break;
        };
        names.push(rest[start + 2..start + 2 + length].to_string());
        rest = &rest[start + 4 + length..];
    }
    names
}

fn collect_script_variables(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let Some(events) = object.get("event").and_then(Value::as_array) {
                for event in events {
                    let exec = event.pointer("/script/exec");
                    let text = match exec {
                        Some(Value::Array(lines)) => {
                            lines.iter().map(text_of).collect::<Vec<_>>().join("\n")
                        }
                        Some(other) => text_of(other),
                        None => String::new(),
                    };
                    for marker in [
                        ".set(",
                        "setEnvironmentVariable(",
                        "setGlobalVariable(",
                        "setVariable(",
                    ] {
                        for (at, _) in text.match_indices(marker) {
                            let after = text[at + marker.len()..].trim_start();
                            let Some(quote) = after.chars().next().filter(|c| "\"'`".contains(*c))
                            else {
                                continue;
                            };
                            if let Some(end) = after[1..].find(quote) {
                                found.insert(after[1..1 + end].to_string());
                            }
                        }
                    }
                }
            }
            for child in object.values() {
                collect_script_variables(child, found);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_script_variables(item, found)),
        _ => {}
    }
}

fn is_folder(item: &Value) -> bool {
    item.get("item").is_some()
}

fn walk_items(
    parent: &Value,
    item_path: &str,
    auth: Option<&Value>,
    found: &mut Vec<CollectionRequest>,
) {
    for item in parent
        .get("item")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = one_line(item.get("name").and_then(Value::as_str).unwrap_or_default());
        let path = if item_path.is_empty() {
            name
        } else {
            format!("{item_path} / {name}")
        };
        if is_folder(item) {
            let own = item.get("auth").filter(|auth| !auth.is_null());
            walk_items(item, &path, own.or(auth), found);
        } else {
            found.push(request_of(item, path, auth));
        }
    }
}

/// The request of an item, `request` as an object (a bare url string made one).
fn request_object(item: &Value) -> Value {
    match item.get("request") {
        Some(Value::String(url)) => json!({"url": url, "method": "GET"}),
        Some(request) => request.clone(),
        None => json!({}),
    }
}

/// A url object's parts, a url string parsed into them.
fn url_object(url: &Value) -> Value {
    let Some(raw) = url.as_str() else {
        return url.clone();
    };
    let (without_hash, _) = raw.split_once('#').unwrap_or((raw, ""));
    let (base, query) = without_hash
        .split_once('?')
        .map_or((without_hash, None), |(base, query)| (base, Some(query)));
    let (protocol, rest) = base
        .split_once("://")
        .map_or((None, base), |(protocol, rest)| (Some(protocol), rest));
    // `{{baseUrl}}/x`: the host ends at the first `/` outside `{{…}}`.
    let host_end = rest.find('/').unwrap_or(rest.len());
    let (host, path) = rest.split_at(host_end);
    let path: Vec<Value> = path
        .split('/')
        .skip(1)
        .map(|segment| Value::String(segment.to_string()))
        .collect();
    let query: Vec<Value> = query
        .into_iter()
        .flat_map(|query| query.split('&'))
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => json!({"key": key, "value": value}),
            None => json!({"key": pair, "value": null}),
        })
        .collect();
    let mut object = json!({"raw": raw, "host": [host], "path": path, "query": query});
    if let Some(protocol) = protocol {
        object["protocol"] = protocol.into();
    }
    object
}

fn host_text(url: &Value) -> String {
    let host = match url.get("host") {
        Some(Value::Array(parts)) => parts.iter().map(text_of).collect::<Vec<_>>().join("."),
        Some(other) => text_of(other),
        None => String::new(),
    };
    let protocol = url.get("protocol").map(text_of);
    let port = url.get("port").map(text_of).filter(|port| !port.is_empty());
    let mut origin = protocol.map_or(String::new(), |protocol| format!("{protocol}://"));
    origin.push_str(&host);
    if let Some(port) = port {
        origin.push(':');
        origin.push_str(&port);
    }
    origin
}

fn pairs(list: Option<&Value>) -> Vec<(String, String)> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|entry| enabled(entry))
        .map(|entry| {
            (
                entry.get("key").map(text_of).unwrap_or_default(),
                entry.get("value").map(text_of).unwrap_or_default(),
            )
        })
        .collect()
}

fn request_of(item: &Value, item_path: String, inherited: Option<&Value>) -> CollectionRequest {
    let request = request_object(item);
    let url = url_object(request.get("url").unwrap_or(&Value::Null));
    let query = url
        .get("query")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|entry| enabled(entry))
        .map(|entry| {
            let value = entry.get("value").filter(|value| !value.is_null());
            (
                entry.get("key").map(text_of).unwrap_or_default(),
                value.map(text_of),
            )
        })
        .collect();
    let headers = match request.get("header") {
        Some(Value::String(text)) => text
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(key, value)| (key.trim().to_string(), value.trim().to_string()))
            .collect(),
        other => pairs(other),
    };
    let auth = match request.get("auth").filter(|auth| !auth.is_null()) {
        Some(own) => Some(own.clone()),
        None => inherited.cloned(),
    }
    .filter(|auth| auth.get("type").and_then(Value::as_str) != Some("noauth"));
    CollectionRequest {
        item_path,
        origin: host_text(&url),
        path_values: pairs(url.get("variable")),
        query,
        headers,
        body: request.get("body").and_then(body_of),
        auth,
    }
}

fn body_of(body: &Value) -> Option<CollectionBody> {
    if body.get("disabled").and_then(Value::as_bool) == Some(true) {
        return None;
    }
    match body.get("mode").and_then(Value::as_str)? {
        "raw" => {
            let raw = body.get("raw").map(text_of).unwrap_or_default();
            (!raw.is_empty()).then_some(CollectionBody::Raw(raw))
        }
        "urlencoded" => Some(CollectionBody::UrlEncoded(pairs(body.get("urlencoded")))),
        "formdata" => Some(CollectionBody::FormData(
            body.get("formdata")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|entry| enabled(entry))
                .map(|entry| {
                    let key = entry.get("key").map(text_of).unwrap_or_default();
                    let file = entry.get("type").and_then(Value::as_str) == Some("file");
                    (
                        key,
                        (!file).then(|| entry.get("value").map(text_of).unwrap_or_default()),
                    )
                })
                .collect(),
        )),
        "file" => Some(CollectionBody::File),
        "graphql" => {
            let graphql = body.get("graphql")?;
            Some(CollectionBody::GraphQl {
                query: graphql.get("query").map(text_of).unwrap_or_default(),
                variables: graphql.get("variables").map(text_of).unwrap_or_default(),
            })
        }
        _ => None,
    }
}

fn rewrite_items(
    items: &mut Value,
    variables: &BTreeMap<String, String>,
    server: &str,
    index: &mut usize,
) {
    for item in items.as_array_mut().into_iter().flatten() {
        if is_folder(item) {
            if let Some(children) = item.get_mut("item") {
                rewrite_items(children, variables, server, index);
            }
            continue;
        }
        item["id"] = format!("newman-{index}").into();
        *index += 1;
        let mut request = request_object(item);
        let url = url_object(request.get("url").unwrap_or(&Value::Null));
        request["url"] = pointed_at(url, variables, server);
        item["request"] = request;
    }
}

/// `url` sent to `server`, with the path prefix its origin resolves to.
fn pointed_at(mut url: Value, variables: &BTreeMap<String, String>, server: &str) -> Value {
    let origin = substitute(&host_text(&url), variables);
    let after_scheme = origin
        .split_once("://")
        .map_or(origin.as_str(), |(_, rest)| rest);
    let prefix: Vec<Value> = after_scheme
        .find('/')
        .map(|slash| &after_scheme[slash..])
        .unwrap_or("")
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| Value::String(segment.to_string()))
        .collect();
    let path: Vec<Value> = match url.get("path") {
        Some(Value::Array(segments)) => segments.clone(),
        Some(Value::String(path)) => path
            .trim_start_matches('/')
            .split('/')
            .map(|segment| Value::String(segment.to_string()))
            .collect(),
        _ => Vec::new(),
    };
    let port = server.rsplit(':').next().unwrap_or_default();
    let object = url.as_object_mut().expect("url objects");
    object.remove("raw");
    object.insert("protocol".into(), "http".into());
    object.insert("host".into(), json!(["127", "0", "0", "1"]));
    object.insert("port".into(), port.into());
    object.insert("path".into(), prefix.into_iter().chain(path).collect());
    url
}
