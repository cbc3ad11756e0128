//! A lenient serde model of Postman Collection v2.0 and v2.1.
//!
//! Both versions are accepted in either shape wherever they differ (auth parameters as a list
//! or a map, url as a string or an object, descriptions as strings or objects). Unknown keys
//! are ignored, as the Postman app itself ignores them. Unions carry an `expecting` message so
//! that a wrong type reads as "expected …" rather than a raw serde message.

use serde::Deserialize;
use serde_json::Value;

/// The whole collection file.
#[derive(Debug, Clone, Deserialize)]
pub struct Collection {
    pub info: Info,
    pub item: Vec<Item>,
    #[serde(default)]
    pub variable: Vec<Variable>,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default)]
    pub event: Vec<Event>,
}

impl Collection {
    /// The value of an enabled collection variable, when it has a non-empty one.
    pub fn variable_value(&self, name: &str) -> Option<String> {
        self.variable
            .iter()
            .filter(|variable| !variable.disabled)
            .find(|variable| variable.name() == Some(name))
            .and_then(Variable::value_text)
            .filter(|value| !value.is_empty())
    }
}

/// `info`: the collection's name, schema marker and description.
#[derive(Debug, Clone, Deserialize)]
pub struct Info {
    pub name: String,
    #[serde(default)]
    pub schema: Option<String>,
    #[serde(default)]
    pub description: Option<Description>,
}

/// A folder (`item` present) or a request item (anything else), as the Postman SDK tells them apart.
#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<Description>,
    /// Present (even empty) on folders only.
    #[serde(default)]
    pub item: Option<Vec<Item>>,
    #[serde(default)]
    pub request: Option<Request>,
    #[serde(default)]
    pub response: Vec<Response>,
    /// Folder-level auth; `null` and absent both mean "inherit".
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default)]
    pub event: Vec<Event>,
}

impl Item {
    /// Whether this item is a folder (the SDK's rule: an `item` key makes a folder).
    pub fn is_folder(&self) -> bool {
        self.item.is_some()
    }
}

/// A request: a bare URL string (meaning GET) or the full object.
#[derive(Debug, Clone)]
pub enum Request {
    Url(String),
    Full(Box<RequestObject>),
}

/// String-or-object unions are read by looking at the JSON type first, so that an error
/// inside the object keeps its own path and message (an untagged enum would only say that
/// no variant matched).
macro_rules! string_or_object {
    ($union:ident, $string:ident, $object:ident, $inner:ty, $expecting:literal) => {
        impl<'de> Deserialize<'de> for $union {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = $union;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<$union, E> {
                        Ok($union::$string(text.to_string()))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        map: A,
                    ) -> Result<$union, A::Error> {
                        let object = <$inner>::deserialize(
                            serde::de::value::MapAccessDeserializer::new(map),
                        )?;
                        Ok($union::$object(Box::new(object)))
                    }
                }
                deserializer.deserialize_any(Visitor)
            }
        }
    };
}

string_or_object!(
    Request,
    Url,
    Full,
    RequestObject,
    "a request object or a URL string"
);

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RequestObject {
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub url: Option<Url>,
    #[serde(default)]
    pub header: Option<HeaderList>,
    #[serde(default)]
    pub body: Option<Body>,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default)]
    pub description: Option<Description>,
}

/// `url`: a raw string, or the parsed object (often without `raw`).
#[derive(Debug, Clone)]
pub enum Url {
    Raw(String),
    Parts(Box<UrlParts>),
}

string_or_object!(Url, Raw, Parts, UrlParts, "a URL string or a URL object");

#[derive(Debug, Clone, Default, Deserialize)]
pub struct UrlParts {
    #[serde(default)]
    pub raw: Option<String>,
    #[serde(default)]
    pub protocol: Option<String>,
    #[serde(default)]
    pub host: Option<StringOrList>,
    #[serde(default)]
    pub port: Option<String>,
    #[serde(default)]
    pub path: Option<UrlPath>,
    #[serde(default)]
    pub query: Vec<QueryParam>,
    #[serde(default)]
    pub variable: Vec<Variable>,
}

/// A value written either as one string or as a list of strings (`host`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged, expecting = "expected a string or a list of strings")]
pub enum StringOrList {
    One(String),
    Many(Vec<String>),
}

/// `url.path`: a string, or a list of segments that are strings or `{value}` objects.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "expected a path string or a list of path segments"
)]
pub enum UrlPath {
    One(String),
    Segments(Vec<PathSegment>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "expected a path segment string or a {\"value\": …} object"
)]
pub enum PathSegment {
    Text(String),
    Object {
        #[serde(default)]
        value: Option<String>,
    },
}

#[derive(Debug, Clone, Deserialize)]
pub struct QueryParam {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub description: Option<Description>,
}

/// A collection or url variable; legacy exports use `id` where newer ones use `key`.
#[derive(Debug, Clone, Deserialize)]
pub struct Variable {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub value: Option<Value>,
    #[serde(default)]
    pub description: Option<Description>,
    #[serde(default)]
    pub disabled: bool,
}

impl Variable {
    /// The variable's name: `key`, else the legacy `id`.
    pub fn name(&self) -> Option<&str> {
        self.key.as_deref().or(self.id.as_deref())
    }

    /// The value as text, when it is a string, number or boolean (what Postman substitutes).
    pub fn value_text(&self) -> Option<String> {
        match self.value.as_ref()? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// A description: a string, or `{content, type}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "expected a description string or a {\"content\": …} object"
)]
pub enum Description {
    Text(String),
    Object {
        #[serde(default)]
        content: Option<String>,
    },
}

impl Description {
    /// The text, or `None` when it is empty.
    pub fn text(&self) -> Option<&str> {
        let text = match self {
            Description::Text(text) => text.as_str(),
            Description::Object { content } => content.as_deref()?,
        };
        (!text.trim().is_empty()).then_some(text)
    }
}

/// Headers: a list of entries, or one raw `Key: value` block.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged, expecting = "expected a list of headers or a header string")]
pub enum HeaderList {
    List(Vec<HeaderEntry>),
    Raw(String),
}

/// One header; old exports mix `"Key: value"` strings into the list.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "expected a {\"key\", \"value\"} header object or a \"Key: value\" string"
)]
pub enum HeaderEntry {
    Object(Header),
    Line(String),
}

#[derive(Debug, Clone, Deserialize)]
pub struct Header {
    pub key: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub disabled: bool,
}

impl HeaderList {
    /// The value of the first enabled header named `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<String> {
        self.enabled()
            .into_iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// Enabled headers as `(name, value)` pairs, whatever shape they were written in.
    pub fn enabled(&self) -> Vec<(String, String)> {
        let parse_line = |line: &str| {
            let (key, value) = line.split_once(':')?;
            let key = key.trim();
            (!key.is_empty() && !key.contains(char::is_whitespace))
                .then(|| (key.to_string(), value.trim().to_string()))
        };
        match self {
            HeaderList::Raw(block) => block.lines().filter_map(parse_line).collect(),
            HeaderList::List(entries) => entries
                .iter()
                .filter_map(|entry| match entry {
                    HeaderEntry::Object(h) if !h.disabled => {
                        Some((h.key.clone(), h.value.clone().unwrap_or_default()))
                    }
                    HeaderEntry::Object(_) => None,
                    HeaderEntry::Line(line) => parse_line(line),
                })
                .collect(),
        }
    }
}

/// A request body. Only the parts a generator reads are modelled; other modes are kept as
/// their mode name so that lowering can warn about them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Body {
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub raw: Option<String>,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default)]
    pub options: Option<Value>,
    /// `[{key, value, disabled}]` (or a `a=b&c=d` string), kept loose and read by lowering.
    #[serde(default)]
    pub urlencoded: Option<Value>,
    /// `[{key, type: text|file, value|src, disabled}]`.
    #[serde(default)]
    pub formdata: Option<Value>,
    /// `{query, variables, operationName}`; `variables` may be a JSON string.
    #[serde(default)]
    pub graphql: Option<Value>,
}

/// Auth on the collection, a folder or a request. Parameters are a v2.1 list or a v2.0 map.
#[derive(Debug, Clone, Deserialize)]
pub struct Auth {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(flatten)]
    pub params: serde_json::Map<String, Value>,
}

/// A saved example response.
#[derive(Debug, Clone, Deserialize)]
pub struct Response {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub code: Option<u16>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub header: Option<HeaderList>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default, rename = "_postman_previewlanguage")]
    pub preview_language: Option<String>,
    #[serde(default, rename = "originalRequest")]
    pub original_request: Option<Request>,
}

/// A script attached to the collection, a folder or an item (never run by the generator).
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    #[serde(default)]
    pub listen: Option<String>,
    #[serde(default)]
    pub disabled: bool,
}
