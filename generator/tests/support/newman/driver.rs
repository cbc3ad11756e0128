//! The generated crate's half: a test target, `tests/newman_driver.rs`, written into the
//! emitted crate by the test (never by the generator), that calls every operation once
//! with the values newman sent (path arguments, `{Op}Query`, `{Op}Headers` and the body
//! deserialized from the collection's own values, credentials set to the fake values newman
//! was given), on `Client::new(<recording server><base url's path>)`, and writes for each
//! operation the number the server recorded its request under, or why none was sent.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use generator::ir::{Api, Credential, Operation, ParamStruct, RequestBody, TypeRef};
use serde_json::{Map, Value};

use super::collection::{variables_in, CollectionBody, CollectionRequest};

/// What the driver writes, in the emitted crate's folder.
pub const OUTCOMES_FILE: &str = "newman-driver.json";
/// The environment variable the driver reads the server's url from.
pub const SERVER_VARIABLE: &str = "NEWMAN_RECORDING_SERVER";
/// What an outcome starts with when a value of the collection does not fit its typed field:
/// counted aside, not as a mismatch.
pub const ASIDE: &str = "aside: ";

/// An operation with the collection request it comes from.
pub struct PlannedCall<'a> {
    /// The operation's place in the driver's outcomes.
    pub number: usize,
    pub operation: &'a Operation,
    /// Its index in [`super::collection::Collection::requests`], run order.
    pub request: usize,
    /// `Some(reason)`: not sent, counted aside.
    pub aside: Option<String>,
}

/// Values resolved with the collection's variables and the fake credentials.
pub struct Values<'a> {
    /// The collection's variables, the fake credentials over them.
    pub variables: &'a BTreeMap<String, String>,
    /// The variables newman was given (`--env-var`): scripts cannot change them.
    pub given: &'a std::collections::BTreeSet<String>,
    pub script_variables: &'a std::collections::BTreeSet<String>,
}

impl Values<'_> {
    /// `text` resolved, or why newman's value cannot be known here.
    pub fn resolve(&self, text: &str) -> Result<String, String> {
        for name in variables_in(text) {
            if name.starts_with('$') {
                return Err(format!(
                    "`{{{{{name}}}}}` is computed by Postman at run time"
                ));
            }
            if self.script_variables.contains(&name) && !self.given.contains(&name) {
                return Err(format!("`{{{{{name}}}}}` is set by a script"));
            }
        }
        Ok(super::collection::substitute(text, self.variables))
    }
}

fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// A query or header value as JSON of the field's type; text that is not of the type stays
/// text, so deserializing it fails and the request is counted aside (`page=<integer>`).
fn typed(ty: &TypeRef, text: &str) -> Value {
    match ty {
        TypeRef::Option(inner) | TypeRef::Vec(inner) => typed(inner, text),
        TypeRef::I64 => text
            .parse::<i64>()
            .map_or_else(|_| text.into(), Value::from),
        TypeRef::F64 => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| text.into(), Value::Number),
        TypeRef::Bool => text
            .parse::<bool>()
            .map_or_else(|_| text.into(), Value::from),
        _ => text.into(),
    }
}

fn is_vec(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Option(inner) => is_vec(inner),
        TypeRef::Vec(_) => true,
        _ => false,
    }
}

/// The struct's JSON from `(key, value)` pairs; keys the struct has no field for are left
/// out (the client sends them another way, as a credential, or not at all).
fn param_json(
    params: &ParamStruct,
    pairs: &[(String, String)],
    values: &Values,
    case_insensitive: bool,
) -> Result<String, String> {
    let mut object = Map::new();
    for (key, value) in pairs {
        let field = params.fields.iter().find(|field| {
            field.key == *key || (case_insensitive && field.key.eq_ignore_ascii_case(key))
        });
        let Some(field) = field else { continue };
        let value = typed(&field.ty, &values.resolve(value)?);
        if is_vec(&field.ty) {
            let entry = object
                .entry(field.key.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = entry {
                items.push(value);
            }
        } else {
            object.insert(field.key.clone(), value);
        }
    }
    Ok(Value::Object(object).to_string())
}

/// The statements computing the arguments, and the arguments, of one call.
fn arguments(
    operation: &Operation,
    request: &CollectionRequest,
    values: &Values,
) -> Result<(String, Vec<String>), String> {
    let mut setup = String::new();
    let mut args = Vec::new();
    for (name, _) in operation.path.params() {
        let value = request
            .path_values
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| values.resolve(value))
            .transpose()?
            .unwrap_or_default();
        if value.is_empty() {
            // The client refuses an empty segment (README: path arguments).
            return Err(format!("the collection gives `:{name}` no value"));
        }
        args.push(literal(&value));
    }
    if let Some(query) = &operation.query {
        let pairs: Vec<(String, String)> = request
            .query
            .iter()
            .map(|(key, value)| (key.clone(), value.clone().unwrap_or_default()))
            .collect();
        let json = param_json(query, &pairs, values, false)?;
        writeln!(setup, "let query = decode(\"query\", {})?;", literal(&json)).unwrap();
        args.push("&query".into());
    }
    if let Some(headers) = &operation.headers {
        let json = param_json(headers, &request.headers, values, true)?;
        writeln!(
            setup,
            "let headers = decode(\"headers\", {})?;",
            literal(&json)
        )
        .unwrap();
        args.push("&headers".into());
    }
    if let Some(body) = &operation.body {
        let argument = body_argument(body, request, values)?;
        setup.push_str(&argument);
        args.push(match body {
            RequestBody::Multipart { .. } => "form".into(),
            RequestBody::Binary { .. } => "body".into(),
            RequestBody::Text { .. } => "&body".into(),
            _ => "&body".into(),
        });
    }
    Ok((setup, args))
}

fn body_argument(
    body: &RequestBody,
    request: &CollectionRequest,
    values: &Values,
) -> Result<String, String> {
    let written = request.body.as_ref();
    Ok(match (body, written) {
        (RequestBody::Json(..), Some(CollectionBody::Raw(raw))) => {
            format!(
                "let body = decode(\"body\", {})?;\n",
                literal(&values.resolve(raw)?)
            )
        }
        (RequestBody::Json(..), Some(CollectionBody::GraphQl { query, variables })) => {
            let variables = values.resolve(variables)?;
            let variables: Value = if variables.trim().is_empty() {
                Value::Object(Map::new())
            } else {
                serde_json::from_str(&variables)
                    .map_err(|error| format!("GraphQL variables are not JSON: {error}"))?
            };
            let document =
                serde_json::json!({"query": values.resolve(query)?, "variables": variables});
            format!(
                "let body = decode(\"body\", {})?;\n",
                literal(&document.to_string())
            )
        }
        (RequestBody::Form(_), Some(CollectionBody::UrlEncoded(pairs))) => {
            let mut object = Map::new();
            for (key, value) in pairs {
                let value = Value::from(values.resolve(value)?);
                // A repeated key is a list field.
                match object.get_mut(key) {
                    Some(Value::Array(items)) => items.push(value),
                    Some(first) => *first = Value::Array(vec![first.clone(), value]),
                    None => {
                        object.insert(key.clone(), value);
                    }
                }
            }
            let json = Value::Object(object).to_string();
            format!("let body = decode(\"body\", {})?;\n", literal(&json))
        }
        (RequestBody::Text { .. }, Some(CollectionBody::Raw(raw))) => {
            format!("let body = {};\n", literal(&values.resolve(raw)?))
        }
        (RequestBody::Multipart { .. }, Some(CollectionBody::FormData(parts))) => {
            let mut form = String::from("let form = reqwest::multipart::Form::new()");
            for (key, value) in parts {
                let Some(value) = value else {
                    return Err("a multipart file part: the collection has no file".into());
                };
                let value = values.resolve(value)?;
                write!(form, ".text({}, {})", literal(key), literal(&value)).unwrap();
            }
            form.push_str(";\n");
            form
        }
        (RequestBody::Binary { .. }, _) => {
            return Err("a file body: the collection has no file".into());
        }
        (_, written) => {
            return Err(format!(
                "the collection's body ({}) is not what the operation takes",
                match written {
                    None => "none",
                    Some(CollectionBody::Raw(_)) => "raw",
                    Some(CollectionBody::UrlEncoded(_)) => "urlencoded",
                    Some(CollectionBody::FormData(_)) => "formdata",
                    Some(CollectionBody::File) => "file",
                    Some(CollectionBody::GraphQl { .. }) => "graphql",
                }
            ));
        }
    })
}

/// The accessor chain to the module at `path` (`client.spaces().search_spaces()`).
fn accessor(path: &[String]) -> String {
    let mut chain = String::from("client");
    for ident in path {
        write!(chain, ".{ident}()").unwrap();
    }
    chain
}

/// The credential setters, each with the values newman was given.
pub fn client_setup(api: &Api, credentials: &[Option<Vec<String>>], crate_ident: &str) -> String {
    let mut setup = String::new();
    for (slot, values) in api.credentials.iter().zip(credentials) {
        let Some(values) = values else { continue };
        let args: Vec<String> = values.iter().map(|value| literal(value)).collect();
        match (&slot.credential, &slot.oauth2) {
            (Credential::OAuth2(_), Some(methods)) => {
                let token = args.first().cloned().unwrap_or_else(|| "\"\"".into());
                write!(
                    setup,
                    "\n        .{}(|| Box::pin(async {{ Ok({crate_ident}::ProvidedToken {{ value: {token}.into(), expires_in: None }}) }}))",
                    methods.provider
                )
                .unwrap();
            }
            _ => write!(setup, "\n        .{}({})", slot.setter, args.join(", ")).unwrap(),
        }
    }
    setup
}

/// How the driver builds its client.
pub struct ClientSettings<'a> {
    pub crate_name: &'a str,
    /// The default base url's path (`/v71`), after the recording server's origin.
    pub base_path: &'a str,
    /// Each credential's setter arguments; `None`: not set.
    pub credentials: &'a [Option<Vec<String>>],
}

/// The source of `tests/newman_driver.rs`.
pub fn driver_source(
    api: &Api,
    settings: &ClientSettings,
    calls: &[PlannedCall],
    requests: &[CollectionRequest],
    values: &Values,
    asides: &mut BTreeMap<usize, String>,
) -> String {
    let ClientSettings {
        crate_name,
        base_path,
        credentials,
    } = settings;
    let crate_ident = crate_name.replace('-', "_");
    let paths: BTreeMap<*const Operation, Vec<String>> = api
        .root
        .walk()
        .into_iter()
        .flat_map(|(path, module)| {
            module
                .operations
                .iter()
                .map(move |operation| (operation as *const Operation, path.clone()))
        })
        .collect();
    let mut body = String::new();
    for call in calls.iter().filter(|call| call.aside.is_none()) {
        let operation = call.operation;
        let request = &requests[call.request];
        let (setup, args) = match arguments(operation, request, values) {
            Ok(found) => found,
            Err(reason) => {
                asides.insert(call.number, reason);
                continue;
            }
        };
        let chain = accessor(&paths[&(operation as *const Operation)]);
        write!(
            body,
            "    // {item}\n    {{\n        let outcome: Result<String, String> = async {{\n{setup}            sent!({chain}.{method}({args}))\n        }}\n        .await;\n        outcomes.push(({number}, outcome));\n    }}\n",
            item = operation.item_path.replace('\n', " "),
            setup = setup
                .lines()
                .map(|line| format!("            {line}\n"))
                .collect::<String>(),
            method = operation.method_name,
            args = args.join(", "),
            number = call.number,
        )
        .unwrap();
    }
    format!(
        r#"//! Written by `generator/tests/newman.rs`, not by the generator: sends every request
//! of the collection once, with the values newman sent, to the recording server.
#![allow(unused, clippy::all)]

fn decode<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, String> {{
    serde_json::from_str(json)
        .map_err(|error| format!("{ASIDE}the collection's {{what}} does not fit its type: {{error}}"))
}}

macro_rules! sent {{
    ($call:expr) => {{
        match $call.with_meta().await {{
            Ok(response) => Ok(response.header("x-recorded-id").unwrap_or_default().to_string()),
            Err(error) => Err(format!("not sent: {{error}}")),
        }}
    }};
}}

#[tokio::test]
async fn newman_driver() {{
    let server = std::env::var("{SERVER_VARIABLE}").expect("the recording server's url");
    let client = {crate_ident}::Client::new(format!("{{server}}{base_path}"))
        .with_max_retries(0){setup};
    let mut outcomes: Vec<(usize, Result<String, String>)> = Vec::new();
{body}
    let report = serde_json::to_string(&outcomes).expect("outcomes are JSON");
    std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/{OUTCOMES_FILE}"), report)
        .expect("outcomes are written");
}}
"#,
        setup = client_setup(api, credentials, &crate_ident),
    )
}
