//! The intermediate model between the Postman collection and the emitted crate.
//!
//! Everything here is already resolved: auth inherited, urls split into templates, names made
//! into unique Rust identifiers, example bodies turned into types in a [`TypeSpace`]. The
//! emitters only read it.

pub mod origin;
pub mod reserved;
mod scalar_text;
mod types;
pub mod walk;

pub use origin::ParamPart;
pub use types::*;

/// The whole API: one client, a tree of modules, one type space.
#[derive(Debug, Clone)]
pub struct Api {
    /// The collection's display name.
    pub title: String,
    pub description: Option<String>,
    /// The origin most requests are written with, resolved through collection variables.
    pub default_base_url: Option<String>,
    /// Every credential some request uses; the client has a setter for each.
    pub credentials: Vec<CredentialSlot>,
    /// Collection variables the requests need at run time (`{{projectKey}}` in a path).
    pub variables: Vec<ClientVariable>,
    /// Top-level requests live on the client; folders are child modules.
    pub root: Module,
    pub types: TypeSpace,
    /// `{Op}Query` and `{Op}Headers` structs that requests of several folders share: each
    /// defined once in `types` under a neutral name, the requests' own names aliases of it.
    pub shared_params: Vec<SharedParams>,
}

/// A parameter struct shared across folders (`types::OmitFieldsQuery`).
#[derive(Debug, Clone)]
pub struct SharedParams {
    /// The struct itself; never an alias.
    pub params: ParamStruct,
    /// What it holds: query parameters or request headers, for its docs.
    pub part: ParamPart,
    /// The sites of the requests' structs that alias it (`Links / Update › query`), sorted:
    /// what the record remembers it by.
    pub origins: Vec<origin::Site>,
}

/// A credential a request can send.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Credential {
    /// HTTP basic: `Authorization: Basic …`.
    Basic,
    /// `Authorization: Bearer <token>` (also OAuth 2.0 access tokens the user obtains).
    Bearer,
    /// A key sent as the header or query parameter `name`, after `prefix` (`SSWS `).
    ApiKey {
        name: String,
        location: KeyLocation,
        prefix: String,
    },
    /// OAuth 2.0 access tokens the client obtains itself from the token endpoint (the
    /// client-credentials grant, RFC 6749 §4.4, or a refresh token, §6) or from the
    /// application's provider, and sends as `Authorization: {prefix} <token>`.
    OAuth2(OAuth2Grant),
    /// OAuth 1.0a (RFC 5849): every try signed with the consumer's and the user's secrets.
    OAuth1(OAuth1Settings),
    /// HTTP Digest (RFC 7616): the server's challenge answered.
    Digest,
    /// Postman's `jwt`: a JSON Web Token signed for every try with the user's secret or
    /// private key.
    Jwt(JwtSettings),
    /// AWS Signature Version 4 (Postman's `awsv4`): every try signed with the user's keys
    /// for the collection's region and service.
    AwsV4(AwsScopeSettings),
}

impl Credential {
    /// The parameters of the credential's setter, each an `impl Into<String>`.
    pub fn setter_parameters(&self) -> &'static [&'static str] {
        match self {
            Credential::Basic | Credential::Digest => &["username", "password"],
            Credential::Bearer => &["token"],
            Credential::ApiKey { .. } => &["key"],
            Credential::OAuth2(grant) if grant.client_credentials => {
                &["client_id", "client_secret"]
            }
            Credential::OAuth2(_) => &["client_id", "client_secret", "refresh_token"],
            Credential::OAuth1(_) => &["consumer_key", "consumer_secret", "token", "token_secret"],
            Credential::Jwt(settings) if settings.uses_secret() => &["secret"],
            Credential::Jwt(_) => &["private_key"],
            Credential::AwsV4(_) => &["access_key_id", "secret_access_key", "session_token"],
        }
    }
}

/// How the client asks for OAuth 2.0 tokens, from the collection's `oauth2` settings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OAuth2Grant {
    /// The collection's `grant_type` is `client_credentials`: the client asks for tokens with
    /// its id and secret. Otherwise (authorization code, password) a user obtained the first
    /// token out of band, and the client renews it with the refresh token that came with it.
    pub client_credentials: bool,
    pub token_url: TokenUrl,
    pub scope: Option<String>,
    /// Postman's `client_authentication`: the client id and secret in a basic
    /// `Authorization` header (`header`, the default) or in the form (`body`).
    pub credentials_in_body: bool,
    /// Sent in the token request's form as they are (`audience`, `resource`).
    pub extra: Vec<(String, String)>,
    /// Postman's `headerPrefix` (`Bearer`).
    pub prefix: String,
}

/// Where the token endpoint is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenUrl {
    /// Written with the origin of the requests (`{{baseUrl}}/oauth/token`): this path under
    /// the client's base url, whatever server the client is built for.
    UnderBaseUrl(String),
    /// Another origin, resolved through the collection's variables.
    Absolute(String),
    /// The collection gives none that resolves: the user sets it.
    Unset,
}

impl TokenUrl {
    /// The path the endpoint is at, without the query: `/oauth/token`.
    pub fn path(&self) -> Option<&str> {
        let with_query = match self {
            TokenUrl::UnderBaseUrl(path) => path.as_str(),
            // `lower/` keeps only `http://` and `https://` urls here.
            TokenUrl::Absolute(url) => {
                let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
                after_scheme.find('/').map_or("/", |at| &after_scheme[at..])
            }
            TokenUrl::Unset => return None,
        };
        with_query.split(['?', '#']).next()
    }
}

/// How requests are signed with OAuth 1.0a, from the collection's `oauth1` settings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OAuth1Settings {
    /// `HMAC-SHA1`, `HMAC-SHA256` or `PLAINTEXT`.
    pub method: OAuth1Method,
    /// Postman's `addParamsToHeader`: in `Authorization`, else in a form body or the query.
    pub in_header: bool,
    pub realm: Option<String>,
    /// Whether `oauth_version=1.0` is sent.
    pub version: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OAuth1Method {
    HmacSha1,
    HmacSha256,
    Plaintext,
}

/// Where AWS signatures are valid, from the collection's `awsv4` settings (variables
/// substituted).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AwsScopeSettings {
    pub region: String,
    pub service: String,
    /// Postman's `addAuthDataToQuery`: a presigned query instead of headers.
    pub in_query: bool,
}

/// How a JSON Web Token is made and sent, from the collection's `jwt` settings.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JwtSettings {
    /// RFC 7518's name: `HS256`, `RS384`, `PS512`, `ES256`, ….
    pub algorithm: String,
    /// Postman's `isSecretBase64Encoded`.
    pub secret_base64: bool,
    /// The extra protected header and the claims: JSON objects as text, the collection's
    /// variables substituted.
    pub header: String,
    pub payload: String,
    /// `Authorization: {prefix} <token>`, or `?{key}=<token>` when `Some(key)`.
    pub prefix: String,
    pub query_key: Option<String>,
}

impl JwtSettings {
    /// Signed with a shared secret (`HS*`) rather than a private key.
    pub fn uses_secret(&self) -> bool {
        self.algorithm.starts_with("HS")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyLocation {
    Header,
    Query,
}

/// A credential of the client: how requests name it and how users set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialSlot {
    pub credential: Credential,
    /// Variant of the emitted `Auth` enum (`Basic`, `ApiKey`).
    pub variant: String,
    /// Field of the client's credentials (`api_key`).
    pub field: String,
    /// The client's setter (`with_basic_auth`, `with_api_key`).
    pub setter: String,
    /// The collection variables it is read from (`seller_access_token`), where another
    /// credential of the same scheme is read from others; empty otherwise.
    pub source: Vec<String>,
    /// The further methods of OAuth 2.0 tokens the client obtains; `None` for other
    /// credentials.
    pub oauth2: Option<OAuth2Methods>,
    /// Sets the region and service AWS signatures are for (`with_aws_scope`), for AWS
    /// credentials; `None` for others.
    pub aws_scope_setter: Option<String>,
    /// The credential whose setter sets this one too: the same OAuth 1.0a secrets, which some
    /// requests place otherwise (`in_query`). It has no setter of its own.
    pub companion_of: Option<CredentialRef>,
}

/// The client's methods for an OAuth 2.0 credential besides its setter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuth2Methods {
    /// Sets the token url (`with_oauth2_token_url`).
    pub token_url: String,
    /// Sets the application's own token provider (`with_oauth2_token_provider`).
    pub provider: String,
    /// Reads the latest refresh token (`oauth2_refresh_token`), for refresh grants.
    pub refresh_token: Option<String>,
}

/// One of [`Api::credentials`], by index: what a request sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CredentialRef(pub usize);

/// One of [`Api::variables`], by index: what a path segment is filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VariableRef(pub usize);

/// A collection variable the client holds (`{{projectKey}}` → `with_project_key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientVariable {
    /// As written in the collection (`projectKey`).
    pub name: String,
    pub field: String,
    pub setter: String,
    /// The collection's value, used until the setter is called.
    pub default: Option<String>,
}

/// A folder of the collection; becomes a Rust module with an accessor struct.
#[derive(Debug, Clone)]
pub struct Module {
    /// What the record remembers the folder by: its path, told apart from a sibling of the
    /// same name (`Users #2`); empty for the root.
    pub key: String,
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
    /// What the record remembers the request by: its item path, told apart from a request
    /// with the same path by method and url (`Users / Get (PURGE /users/:id)`).
    pub key: String,
    /// `Links / Update`: used in warnings and docs.
    pub item_path: String,
    /// Method name on the accessor (`update`).
    pub method_name: String,
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
    /// The credential this request sends, if any.
    pub auth: Option<CredentialRef>,
    /// Set when its responses come in pages: it then also gets a stream of every item.
    pub pagination: Option<Pagination>,
}

impl Operation {
    /// The first documented 2xx status with a saved example: what the mock server answers
    /// with when no stub is set (its first example; as a last page when paginated).
    pub fn default_response(&self) -> Option<&StatusResponse> {
        let success = |status: &&StatusResponse| (200..300).contains(&status.status);
        let with_samples = self
            .responses
            .iter()
            .filter(|status| !status.samples.is_empty());
        with_samples.into_iter().find(success)
    }
}

/// How a request's documented page leads to the next page, found from the collection (see
/// `lower/pagination.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The stream method next to the operation's (`list_all_links_stream`).
    pub method_name: String,
    pub style: PageStyle,
    /// The response variant holding a page (`Ok`).
    pub variant: String,
    /// The page's field holding the items, and their type.
    pub items: FieldStep,
    pub item: TypeRef,
    /// The fields leading to the next page's url or token (`next`; `meta`, `next_token`).
    pub next: Vec<FieldStep>,
    /// The field with the number of items in all, for `Offset`.
    pub total: Option<FieldStep>,
    /// The mock server's default answer: the first 2xx example as a last page (its next url
    /// or token emptied, its total the items it shows), so that a stream ends after it.
    pub last_page: Option<String>,
}

/// A field on the way from a page to a value, and whether it is an `Option`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// The JSON key.
    pub key: String,
    pub ident: String,
    pub optional: bool,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStyle {
    /// GET the url the page names.
    NextUrl,
    /// Send the page's token back in this query parameter.
    Cursor { param: String },
    /// Move this query parameter on by the items of the page.
    Offset { param: String },
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
    /// Text with `{{variables}}` the client holds (`{{projectKey}}`, `{{a}}.{{b}}`), encoded
    /// as one segment once substituted.
    Template {
        written: String,
        parts: Vec<SegmentPart>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SegmentPart {
    Text(String),
    /// The value of a client variable.
    Variable(VariableRef),
    /// A `:name` argument followed by text in the same segment (`:id.json`).
    Param {
        name: String,
        ident: String,
    },
}

impl PathTemplate {
    /// `/api/links/{id}/`: the form shown in docs.
    pub fn display(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            out.push('/');
            match segment {
                PathSegment::Literal(text) | PathSegment::Template { written: text, .. } => {
                    out.push_str(text)
                }
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

    /// `(name, argument)` of every `:name` parameter, in path order.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.segments.iter().flat_map(|segment| {
            let params: Vec<(&str, &str)> = match segment {
                PathSegment::Param { name, ident } => vec![(name.as_str(), ident.as_str())],
                PathSegment::Template { parts, .. } => parts
                    .iter()
                    .filter_map(|part| match part {
                        SegmentPart::Param { name, ident } => Some((name.as_str(), ident.as_str())),
                        _ => None,
                    })
                    .collect(),
                PathSegment::Literal(_) => Vec::new(),
            };
            params
        })
    }
}

/// A struct of optional per-call parameters: `{Op}Query` (query parameters) or
/// `{Op}Headers` (documented request headers).
#[derive(Debug, Clone)]
pub struct ParamStruct {
    pub name: String,
    pub fields: Vec<ParamField>,
    /// Set when another operation has a struct of the very same fields (and docs): this one
    /// is emitted as `pub type Name = Target;`, the target an earlier request's struct in the
    /// same module or a [`SharedParams`] struct in `types`.
    pub alias_of: Option<ParamAlias>,
}

/// Where the struct an alias names is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamAlias {
    pub home: TypeHome,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParamField {
    /// The query key or header name, as sent.
    pub key: String,
    pub ident: String,
    pub ty: TypeRef,
    pub description: Option<String>,
    /// Redacted in `Debug`: named like a secret (see `lower/secrets.rs`).
    pub secret: bool,
}

/// What the request sends as its body.
#[derive(Debug, Clone)]
pub enum RequestBody {
    /// A JSON body typed from the raw example (or a GraphQL `{query, variables}` document),
    /// sent with this content type (`application/json`, or a declared `…+json` type).
    Json(TypeRef, String),
    /// `application/x-www-form-urlencoded` fields, typed like a JSON object of strings.
    Form(TypeRef),
    /// Raw text that is not JSON (XML, plain text, HTML), sent with this content type.
    Text { content_type: String },
    /// `multipart/form-data`, built by the caller; the documented fields as `(key, is_file)`.
    Multipart { fields: Vec<(String, bool)> },
    /// The bytes of one file (`mode: file`), sent with this content type.
    Binary { content_type: String },
}

/// One documented status of an operation: a variant of its response enum.
#[derive(Debug, Clone)]
pub struct StatusResponse {
    pub status: u16,
    pub variant: String,
    pub body: ResponseBody,
    /// The names of the saved examples merged into this status, for docs.
    pub example_names: Vec<String>,
    /// The saved examples that decode into the variant, placeholders replaced by sample values
    /// of their type: for the generated decode test and the mock server's answers.
    pub samples: Vec<Sample>,
}

/// One saved example response, as the mock server sends it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// The example's name (`MFA Token Required`), or `response[2]` for an unnamed one.
    pub name: String,
    /// The body, placeholders replaced; empty for a status without a body.
    pub body: String,
    /// As the example declares it, or what its body was read as (`application/json`,
    /// `text/plain`); `None` for an empty body.
    pub content_type: Option<String>,
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
