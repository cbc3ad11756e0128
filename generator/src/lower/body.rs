//! Request bodies: raw JSON (read leniently), raw text, urlencoded and multipart forms, files
//! and GraphQL, each turned into what the emitted method takes.

use serde_json::{Map, Value};

use super::lowerer::Lowerer;
use super::request_scope::RequestScope;
use crate::diagnostics::WarningKind;
use crate::infer::lenient_json::{parse_lenient, Repair};
use crate::infer::{NameUse, Shape};
use crate::ir::origin::{Part, Site};
use crate::ir::{RequestBody, StructRole, TypeRef};
use crate::postman::{Body, Item, Request, RequestObject};

/// The Content-Type Postman sends for a raw body of this `options.raw.language`.
fn language_content_type(language: &str) -> &'static str {
    match language {
        "json" => "application/json",
        "javascript" => "application/javascript",
        "html" => "text/html",
        "xml" => "application/xml",
        _ => "text/plain",
    }
}

impl Lowerer<'_> {
    pub(super) fn request_body(
        &mut self,
        request: &RequestObject,
        at: &RequestScope<'_>,
    ) -> Option<RequestBody> {
        let (item, item_path, type_prefix) = (at.item, at.item_path.as_str(), &at.type_prefix);
        let body = request.body.as_ref().filter(|body| !body.disabled)?;
        let content_type = request
            .header
            .as_ref()
            .and_then(|headers| headers.get("content-type"));
        let origin = Site::new(&at.key, Part::RequestBody);
        // `Complete a links request` sends a `CompleteLinksRequestBody`, not a
        // `…RequestRequest`.
        let root = if type_prefix.ends_with("Request") {
            "Body"
        } else {
            "Request"
        };
        let name = NameUse::new(at.module_path, type_prefix, root, false, origin);
        match body.mode.as_deref()? {
            "raw" => self.raw_body(item, body, content_type, item_path, name),
            "urlencoded" => self.form_body(body, item_path, name),
            "formdata" => multipart_body(body),
            "file" => Some(RequestBody::Binary {
                content_type: content_type.unwrap_or_else(|| "application/octet-stream".into()),
            }),
            "graphql" => self.graphql_body(body, name),
            other => {
                self.diagnostics.warn(
                    WarningKind::UnusableBody,
                    item_path,
                    format!("request body mode `{other}` is unknown; the request is sent without a body"),
                );
                None
            }
        }
    }

    fn raw_body(
        &mut self,
        item: &Item,
        body: &Body,
        content_type: Option<String>,
        item_path: &str,
        name: NameUse,
    ) -> Option<RequestBody> {
        let raw = body.raw.as_deref().filter(|raw| !raw.trim().is_empty())?;
        let language = body
            .options
            .as_ref()
            .and_then(|options| options.pointer("/raw/language"))
            .and_then(Value::as_str);
        let declared_json = match (&content_type, language) {
            (Some(content_type), _) => Some(content_type.to_ascii_lowercase().contains("json")),
            (None, Some(language)) => Some(language == "json"),
            (None, None) => None,
        };
        // A declared JSON type (`application/merge-patch+json`) is kept; otherwise plain JSON.
        let json_type = content_type
            .clone()
            .filter(|declared| {
                declared.to_ascii_lowercase().contains("json") && !declared.contains("{{")
            })
            .unwrap_or_else(|| "application/json".to_string());
        let parsed = parse_lenient(raw);
        match (declared_json, parsed) {
            (Some(true) | None, Ok(parsed)) => {
                let samples = samples_of(parsed.value, &parsed.repairs)
                    .into_iter()
                    .chain(original_request_samples(item));
                let shape = samples
                    .map(|value| Shape::from_json(&value))
                    .fold(Shape::NOTHING, Shape::merge);
                let ty = self.registry.body_type(&shape, StructRole::Request, name);
                Some(RequestBody::Json(ty, json_type))
            }
            (Some(true), Err(reason)) => {
                self.diagnostics.warn(
                    WarningKind::UnusableBody,
                    item_path,
                    format!("request body is declared JSON but does not parse ({reason}); typed as serde_json::Value"),
                );
                Some(RequestBody::Json(TypeRef::Value, json_type))
            }
            (Some(false) | None, _) => Some(RequestBody::Text {
                content_type: content_type.unwrap_or_else(|| {
                    language_content_type(language.unwrap_or("text")).to_string()
                }),
            }),
        }
    }

    /// Urlencoded fields as a struct: enabled fields required, disabled ones optional,
    /// repeated keys lists; values typed by their placeholders like JSON strings.
    fn form_body(&mut self, body: &Body, item_path: &str, name: NameUse) -> Option<RequestBody> {
        let entries = form_entries(body.urlencoded.as_ref()?);
        if entries.is_empty() {
            return None;
        }
        let mut all = Map::new();
        let mut enabled = Map::new();
        for entry in &entries {
            let value = Value::String(entry.value.clone());
            let slot = all
                .entry(entry.key.clone())
                .or_insert(Value::Array(Vec::new()));
            if let Value::Array(values) = slot {
                values.push(value.clone());
            }
            if !entry.disabled {
                enabled.insert(entry.key.clone(), Value::Null);
            }
        }
        // One value per key stays a scalar; repeated keys stay lists.
        let all: Map<String, Value> = all
            .into_iter()
            .map(|(key, values)| match values {
                Value::Array(mut values) if values.len() == 1 => (key, values.remove(0)),
                other => (key, other),
            })
            .collect();
        let only_enabled: Map<String, Value> = all
            .iter()
            .filter(|(key, _)| enabled.contains_key(*key))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        if only_enabled.is_empty() {
            self.diagnostics.warn(
                WarningKind::UnusableBody,
                item_path,
                "every urlencoded field is disabled; all are optional",
            );
        }
        let shape = Shape::from_json(&Value::Object(all))
            .merge(Shape::from_json(&Value::Object(only_enabled)));
        Some(RequestBody::Form(self.registry.body_type(
            &shape,
            StructRole::Request,
            name,
        )))
    }

    /// GraphQL is sent as JSON `{query, variables}`; its variables are typed from the example.
    fn graphql_body(&mut self, body: &Body, name: NameUse) -> Option<RequestBody> {
        let graphql = body.graphql.as_ref()?;
        let query = graphql
            .get("query")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let variables = match graphql.get("variables") {
            Some(Value::String(text)) if !text.trim().is_empty() => parse_lenient(text)
                .map(|parsed| parsed.value)
                .unwrap_or(Value::Null),
            Some(Value::Object(map)) => Value::Object(map.clone()),
            _ => Value::Null,
        };
        let mut document = Map::new();
        document.insert("query".into(), Value::String(query.to_string()));
        if !variables.is_null() {
            document.insert("variables".into(), variables);
        }
        let shape = Shape::from_json(&Value::Object(document));
        let ty = self.registry.body_type(&shape, StructRole::Request, name);
        Some(RequestBody::Json(ty, "application/json".to_string()))
    }
}

/// A `multipart/form-data` body of the enabled fields; none when no field is enabled, as
/// Postman then sends no body (not an empty form with a boundary).
fn multipart_body(body: &Body) -> Option<RequestBody> {
    let fields: Vec<(String, bool)> = body
        .formdata
        .as_ref()?
        .as_array()?
        .iter()
        .filter(|entry| {
            !entry
                .get("disabled")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        })
        .filter_map(|entry| {
            let key = entry.get("key")?.as_str()?.to_string();
            let is_file = entry.get("type").and_then(Value::as_str) == Some("file");
            Some((key, is_file))
        })
        .collect();
    (!fields.is_empty()).then_some(RequestBody::Multipart { fields })
}

struct FormEntry {
    key: String,
    value: String,
    disabled: bool,
}

/// Urlencoded entries from the list form, or from the `a=b&c=d` string form.
fn form_entries(value: &Value) -> Vec<FormEntry> {
    match value {
        Value::Array(entries) => entries
            .iter()
            .filter_map(|entry| {
                let key = entry.get("key")?.as_str()?.to_string();
                Some(FormEntry {
                    key,
                    value: entry
                        .get("value")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    disabled: entry
                        .get("disabled")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                })
            })
            .filter(|entry| !entry.key.is_empty())
            .collect(),
        Value::String(text) => text
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                FormEntry {
                    key: key.to_string(),
                    value: value.to_string(),
                    disabled: false,
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Several documents in one body are several samples of one type.
fn samples_of(value: Value, repairs: &[Repair]) -> Vec<Value> {
    match value {
        Value::Array(documents) if repairs.contains(&Repair::SeveralDocuments) => documents,
        single => vec![single],
    }
}

/// Saved examples repeat the request body, often with placeholders that say more about
/// types than the request's own literal values.
fn original_request_samples(item: &Item) -> impl Iterator<Item = Value> + '_ {
    item.response.iter().filter_map(|response| {
        let Some(Request::Full(original)) = &response.original_request else {
            return None;
        };
        let raw = original.body.as_ref()?.raw.as_deref()?;
        parse_lenient(raw).ok().map(|parsed| parsed.value)
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The request body type of a request named `name`, as a first generation names it.
    fn body_type(name: &str) -> String {
        let collection = format!(
            r#"{{"info": {{"name": "c"}}, "item": [{{"name": "{name}", "request": {{
                "method": "POST", "url": "https://api.example.com/x",
                "body": {{"mode": "raw", "raw": "{{\"a\": 1}}",
                          "options": {{"raw": {{"language": "json"}}}}}}}}}}]}}"#
        );
        let (files, _) =
            crate::generate_files(collection.as_bytes(), Path::new("c.json"), "c").unwrap();
        let lib = files.iter().find(|file| file.path == "src/lib.rs").unwrap();
        let start = lib.contents.find("pub struct ").unwrap() + "pub struct ".len();
        lib.contents[start..].split(' ').next().unwrap().to_string()
    }

    #[test]
    fn a_request_named_request_sends_a_body_not_a_request_request() {
        assert_eq!(
            body_type("Complete a links request"),
            "CompleteLinksRequestBody"
        );
        assert_eq!(body_type("Update"), "UpdateRequest");
    }

    #[test]
    fn a_formdata_body_without_an_enabled_field_is_no_body() {
        use super::*;
        let body = |formdata: serde_json::Value| -> Body {
            serde_json::from_value(serde_json::json!({"mode": "formdata", "formdata": formdata}))
                .unwrap()
        };
        assert!(multipart_body(&body(serde_json::json!([]))).is_none());
        let disabled = serde_json::json!([{"key": "a", "value": "1", "disabled": true}]);
        assert!(multipart_body(&body(disabled)).is_none());
        let file = serde_json::json!([
            {"key": "a", "value": "1", "disabled": true},
            {"key": "doc", "type": "file", "src": "x.pdf"}
        ]);
        assert!(matches!(
            multipart_body(&body(file)),
            Some(RequestBody::Multipart { fields }) if fields == [("doc".to_string(), true)]
        ));
    }
}
