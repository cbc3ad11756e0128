//! The intermediate model between the Postman collection and the emitted crate.
//!
//! Everything here is already resolved: auth inherited, urls split into templates, names made
//! into unique Rust identifiers, example bodies turned into types in a [`TypeSpace`]. The
//! emitters only read it.

mod types;

pub use types::*;

/// The whole API: one client, a tree of modules, one type space.
#[derive(Debug, Clone)]
pub struct Api {
    /// The collection's display name.
    pub title: String,
    pub description: Option<String>,
    /// From the `baseUrl` collection variable, when it has a value.
    pub default_base_url: Option<String>,
    /// The auth scheme the client offers setters for.
    pub auth: AuthScheme,
    /// Top-level requests live on the client; folders are child modules.
    pub root: Module,
    pub types: TypeSpace,
}

/// How requests authenticate. Only what the emitted client can apply is modelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthScheme {
    #[default]
    None,
    Basic,
    Bearer,
}

/// A folder of the collection; becomes a Rust module with an accessor struct.
#[derive(Debug, Clone)]
pub struct Module {
    /// The folder path as written (`Links`), empty for the root.
    pub item_path: String,
    /// Module identifier (`links`), unique among siblings; empty for the root.
    pub ident: String,
    /// The accessor struct (`LinksApi`), unique within the module.
    pub accessor: String,
    pub description: Option<String>,
    pub operations: Vec<Operation>,
    pub children: Vec<Module>,
}

/// One request of the collection.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `Links / Update`: used in warnings and docs.
    pub item_path: String,
    /// Method name on the accessor (`update`).
    pub method_name: String,
    /// PascalCase prefix of the types this operation owns (`Update` → `UpdateResponse`).
    pub type_prefix: String,
    pub http_method: String,
    pub path: PathTemplate,
    /// The `{Op}Response` enum's name.
    pub response_enum: String,
    pub query: Option<ParamStruct>,
    /// Headers sent as written (`Accept: application/json`).
    pub fixed_headers: Vec<(String, String)>,
    /// Other documented headers, as optional per-call values (`{Op}Headers`).
    pub headers: Option<ParamStruct>,
    pub body: Option<RequestBody>,
    pub responses: Vec<StatusResponse>,
    pub description: Option<String>,
    /// Whether the effective auth of this request is the client's scheme (false for `noauth`).
    pub authenticated: bool,
}

/// The url path after the base url, as literal and parameter segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    pub segments: Vec<PathSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Sent as written; an empty literal at the end is a trailing slash.
    Literal(String),
    /// A `:name` variable, passed as a `&str` argument and encoded as one segment.
    Param { name: String, ident: String },
}

impl PathTemplate {
    /// `/api/links/{id}/`: the form shown in docs.
    pub fn display(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            out.push('/');
            match segment {
                PathSegment::Literal(text) => out.push_str(text),
                PathSegment::Param { name, .. } => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
        }
        if out.is_empty() {
            out.push('/');
        }
        out
    }

    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.segments.iter().filter_map(|segment| match segment {
            PathSegment::Param { name, ident } => Some((name.as_str(), ident.as_str())),
            PathSegment::Literal(_) => None,
        })
    }
}

/// A struct of optional per-call parameters: `{Op}Query` (enabled query parameters) or
/// `{Op}Headers` (documented request headers).
#[derive(Debug, Clone)]
pub struct ParamStruct {
    pub name: String,
    pub fields: Vec<ParamField>,
}

#[derive(Debug, Clone)]
pub struct ParamField {
    /// The query key or header name, as sent.
    pub key: String,
    pub ident: String,
    pub ty: TypeRef,
    pub description: Option<String>,
}

/// What the request sends as its body.
#[derive(Debug, Clone)]
pub enum RequestBody {
    /// A JSON body typed from the raw example.
    Json(TypeRef),
}

/// One documented status of an operation: a variant of its response enum.
#[derive(Debug, Clone)]
pub struct StatusResponse {
    pub status: u16,
    pub variant: String,
    pub body: ResponseBody,
    /// The names of the saved examples merged into this status, for docs.
    pub example_names: Vec<String>,
    /// Example bodies with placeholders replaced by sample values, for the generated decode test.
    pub samples: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum ResponseBody {
    /// No body documented: a unit variant.
    Empty,
    /// JSON decoded into this type.
    Json(TypeRef),
    /// Non-JSON text kept as `String`.
    Text,
}
