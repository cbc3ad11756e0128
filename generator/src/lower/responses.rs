//! Saved example responses → one [`StatusResponse`] per documented status.
//!
//! Examples with the same status are merged into one type. Whether a body is JSON is decided
//! as Postman does: the `Content-Type` header, then `_postman_previewlanguage`, then a parse.

use serde_json::Value;

use super::request_scope::RequestScope;
use super::status::{example_status, variant_name};
use crate::diagnostics::{Diagnostics, WarningKind};
use crate::infer::sample::concretized_json;
use crate::infer::{NameUse, Shape, TypeRegistry};
use crate::ir::origin::{Part, Site};
use crate::ir::{ResponseBody, Sample, StatusResponse, StructRole};
use crate::naming::one_line;
use crate::postman::Response;

/// A saved example with its label (its name, or `response[2]`) and what its body is.
type LabeledExample<'a> = (&'a Response, String, ExampleBody);

/// What one saved example's body turned out to be.
enum ExampleBody {
    Empty,
    Json(Value),
    Text(String),
}

/// The example's declared content type, if any.
fn declared_content_type(response: &Response) -> Option<String> {
    response
        .header
        .as_ref()
        .and_then(|headers| headers.get("content-type"))
}

fn classify(response: &Response) -> Result<ExampleBody, String> {
    let Some(body) = response
        .body
        .as_deref()
        .filter(|body| !body.trim().is_empty())
    else {
        return Ok(ExampleBody::Empty);
    };
    let content_type = declared_content_type(response).map(|value| value.to_ascii_lowercase());
    let declared_json = match &content_type {
        Some(content_type) => Some(content_type.contains("json")),
        None => response
            .preview_language
            .as_deref()
            .map(|language| language.eq_ignore_ascii_case("json")),
    };
    match (declared_json, serde_json::from_str::<Value>(body)) {
        (Some(true) | None, Ok(value)) => Ok(ExampleBody::Json(value)),
        (Some(true), Err(err)) => Err(format!(
            "its body is declared JSON but does not parse ({err})"
        )),
        (Some(false), _) | (None, Err(_)) => Ok(ExampleBody::Text(body.to_string())),
    }
}

/// Groups the item's examples by status, in ascending status order.
pub(super) fn lower_responses(
    at: &RequestScope<'_>,
    registry: &mut TypeRegistry,
    diagnostics: &mut Diagnostics,
) -> Vec<StatusResponse> {
    let (item, item_path) = (at.item, at.item_path.as_str());
    let mut by_status: Vec<(u16, Vec<LabeledExample>)> = Vec::new();
    for (index, response) in item.response.iter().enumerate() {
        let label = response
            .name
            .as_deref()
            .map(one_line)
            .unwrap_or_else(|| format!("response[{index}]"));
        let Some(status) = example_status(response.code, response.status.as_deref()) else {
            diagnostics.warn(
                WarningKind::UnusableExample,
                item_path,
                format!("example `{label}` has no status code (nor one in its status text); it is not used"),
            );
            continue;
        };
        let body = match classify(response) {
            Ok(body) => body,
            Err(reason) => {
                diagnostics.warn(
                    WarningKind::UnusableExample,
                    item_path,
                    format!("example `{label}` ({status}) is not decodable: {reason}"),
                );
                continue;
            }
        };
        match by_status.iter_mut().find(|(seen, _)| *seen == status) {
            Some((_, examples)) => examples.push((response, label, body)),
            None => by_status.push((status, vec![(response, label, body)])),
        }
    }
    if item.response.is_empty() {
        diagnostics.warn(
            WarningKind::NoExamples,
            item_path,
            "no saved example responses; every response is returned as `Undocumented` (its `json()` gives a serde_json::Value)",
        );
    }
    by_status.sort_by_key(|(status, _)| *status);

    by_status
        .into_iter()
        .map(|(status, examples)| {
            let variant = variant_name(status);
            let example_names = examples
                .iter()
                .filter_map(|(response, _, _)| response.name.as_deref().map(one_line))
                .collect();
            let json: Vec<&Value> = examples
                .iter()
                .filter_map(|(_, _, body)| match body {
                    ExampleBody::Json(value) => Some(value),
                    _ => None,
                })
                .collect();
            let has_text = examples.iter().any(|(_, _, body)| matches!(body, ExampleBody::Text(_)));
            let (body, samples) = if !json.is_empty() {
                if has_text {
                    diagnostics.warn(
                        WarningKind::UnusableExample,
                        item_path,
                        format!("status {status} has both JSON and text examples; typed from the JSON ones"),
                    );
                }
                let shape = json.iter().map(|value| Shape::from_json(value)).fold(Shape::NOTHING, Shape::merge);
                let origin = Site::new(&at.key, Part::Status(status));
                let name = NameUse::new(at.module_path, &at.type_prefix, &variant, status >= 400, origin);
                let ty = registry.body_type(&shape, StructRole::Response, name);
                let samples = samples_of(&examples, |body| match body {
                    ExampleBody::Json(value) => Some((concretized_json(value), "application/json")),
                    _ => None,
                });
                (ResponseBody::Json(ty), samples)
            } else if has_text {
                let samples = samples_of(&examples, |body| match body {
                    ExampleBody::Text(text) => Some((text.clone(), "text/plain")),
                    _ => None,
                });
                (ResponseBody::Text, samples)
            } else {
                let samples = examples
                    .iter()
                    .map(|(_, label, _)| Sample {
                        name: label.clone(),
                        body: String::new(),
                        content_type: None,
                    })
                    .collect();
                (ResponseBody::Empty, samples)
            };
            StatusResponse {
                status,
                variant,
                body,
                example_names,
                samples,
            }
        })
        .collect()
}

/// The examples whose body `read` takes (its text and the content type it was read as, when
/// the example declares none), in the collection's order.
fn samples_of(
    examples: &[LabeledExample],
    read: impl Fn(&ExampleBody) -> Option<(String, &'static str)>,
) -> Vec<Sample> {
    examples
        .iter()
        .filter_map(|(response, label, body)| {
            let (body, read_as) = read(body)?;
            let content_type =
                declared_content_type(response).unwrap_or_else(|| read_as.to_string());
            Some(Sample {
                name: label.clone(),
                body,
                content_type: Some(content_type),
            })
        })
        .collect()
}
