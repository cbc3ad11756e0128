//! A request's query parameters and headers → the fields of its `{Op}Query` and
//! `{Op}Headers` structs (and the headers it always sends as written).

use crate::diagnostics::{Diagnostics, WarningKind};
use crate::infer::placeholder::{parse_placeholder, ScalarHint};
use crate::ir::{ParamField, TypeRef};
use crate::naming::{snake_ident, Scope};
use crate::postman::{QueryParam, RequestObject};

/// The fields of the `{Op}Query` struct.
pub(super) fn query_fields(
    params: &[QueryParam],
    item_path: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<ParamField> {
    // Disabled parameters are documented options, so they are fields too; a repeated key
    // (`ids=1&ids=2`) is a list, described by its first occurrence.
    let mut idents = Scope::default();
    let mut fields: Vec<ParamField> = Vec::new();
    for param in params {
        let Some(key) = param.key.as_deref().filter(|key| !key.is_empty()) else {
            continue;
        };
        if key.contains("{{") {
            diagnostics.warn(
                WarningKind::DroppedParameter,
                item_path,
                format!("query parameter `{key}` has a variable name and is not generated"),
            );
            continue;
        }
        if let Some(field) = fields.iter_mut().find(|field| field.key == key) {
            if !matches!(field.ty, TypeRef::Vec(_)) {
                field.ty = TypeRef::Vec(Box::new(field.ty.clone()));
            }
            continue;
        }
        fields.push(ParamField {
            key: key.to_string(),
            ident: idents.claim(&snake_ident(key, "param")),
            ty: scalar_type(param.value.as_deref()),
            description: param
                .description
                .as_ref()
                .and_then(|d| d.text())
                .map(str::to_string),
            // Decided once the IR is whole (`lower/secrets.rs`).
            secret: false,
        });
    }
    fields
}

/// Splits request headers into those sent as written (`Accept`) and optional per-call ones.
/// `Content-Type` follows the body (without one, see [`bodiless_content_type`]) and
/// `Authorization` the client's credentials.
pub(super) fn headers(
    request: &RequestObject,
    item_path: &str,
    diagnostics: &mut Diagnostics,
) -> (Vec<(String, String)>, Vec<ParamField>) {
    let mut fixed = Vec::new();
    let mut optional = Vec::new();
    let mut idents = Scope::default();
    for (key, value) in request
        .header
        .as_ref()
        .map(|h| h.enabled())
        .unwrap_or_default()
    {
        if value.contains(['\r', '\n', '\0']) || key.contains(['\r', '\n', '\0', ':']) {
            diagnostics.warn(
                WarningKind::DroppedParameter,
                item_path,
                format!(
                    "header `{}` has a line break or NUL and is not generated",
                    key.escape_debug()
                ),
            );
            continue;
        }
        match key.to_ascii_lowercase().as_str() {
            "content-type" | "authorization" => {}
            "accept" if !value.contains("{{") => fixed.push(("accept".to_string(), value)),
            _ if key.contains("{{") => diagnostics.warn(
                WarningKind::DroppedParameter,
                item_path,
                format!("header `{key}` has a variable name and is not generated"),
            ),
            _ => optional.push(ParamField {
                ident: idents.claim(&snake_ident(&key, "header")),
                key,
                ty: TypeRef::String,
                description: Some(format!("Example value: `{value}`.")),
                secret: false,
            }),
        }
    }
    (fixed, optional)
}

/// The `Content-Type` a request without a body declares, which Postman sends as written
/// (with a body, the body's kind decides it). A value with a variable cannot be sent as
/// written and is dropped with a warning.
pub(super) fn bodiless_content_type(
    request: &RequestObject,
    item_path: &str,
    diagnostics: &mut Diagnostics,
) -> Option<(String, String)> {
    let value = request.header.as_ref()?.get("content-type")?;
    if value.contains("{{") || value.contains(['\r', '\n', '\0']) {
        diagnostics.warn(
            WarningKind::DroppedParameter,
            item_path,
            format!(
                "the Content-Type `{}` of a request without a body is not a literal value and is not sent",
                value.escape_debug()
            ),
        );
        return None;
    }
    Some(("content-type".to_string(), value))
}

/// The type a query value's example says: a placeholder's type, otherwise a string.
pub(super) fn scalar_type(example: Option<&str>) -> TypeRef {
    match example.and_then(parse_placeholder) {
        Some(ScalarHint::Integer | ScalarHint::Long) => TypeRef::I64,
        Some(ScalarHint::Number) => TypeRef::F64,
        Some(ScalarHint::Boolean) => TypeRef::Bool,
        Some(ScalarHint::Uuid) => TypeRef::Uuid,
        Some(ScalarHint::DateTime) => TypeRef::DateTime,
        Some(ScalarHint::Date) => TypeRef::Date,
        _ => TypeRef::String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Vec<QueryParam> {
        let json: Vec<_> = pairs
            .iter()
            .map(|(key, value)| serde_json::json!({"key": key, "value": value}))
            .collect();
        serde_json::from_value(serde_json::Value::Array(json)).unwrap()
    }

    #[test]
    fn query_fields_take_their_type_from_placeholders_and_repeats_are_lists() {
        let mut diagnostics = Diagnostics::default();
        let params = query(&[
            ("page", "<integer>"),
            ("ids", "1"),
            ("ids", "2"),
            ("{{dynamic}}", "x"),
            ("created-after", "<dateTime>"),
        ]);
        let fields = query_fields(&params, "A", &mut diagnostics);
        let summary: Vec<(&str, &str, &TypeRef)> = fields
            .iter()
            .map(|field| (field.key.as_str(), field.ident.as_str(), &field.ty))
            .collect();
        assert_eq!(
            summary,
            [
                ("page", "page", &TypeRef::I64),
                ("ids", "ids", &TypeRef::Vec(Box::new(TypeRef::String))),
                ("created-after", "created_after", &TypeRef::DateTime),
            ]
        );
        assert_eq!(diagnostics.warnings.len(), 1, "{:?}", diagnostics.warnings);
    }

    #[test]
    fn headers_split_into_fixed_optional_and_left_to_the_client() {
        let request: RequestObject = serde_json::from_value(serde_json::json!({
            "header": [
                {"key": "Accept", "value": "application/json"},
                {"key": "Content-Type", "value": "application/json"},
                {"key": "Authorization", "value": "Bearer x"},
                {"key": "X-Request-Id", "value": "abc"},
                {"key": "X-{{name}}", "value": "abc"},
                {"key": "X-Bad", "value": "a\r\nb"}
            ]
        }))
        .unwrap();
        let mut diagnostics = Diagnostics::default();
        let (fixed, optional) = headers(&request, "A", &mut diagnostics);
        assert_eq!(
            fixed,
            [("accept".to_string(), "application/json".to_string())]
        );
        let optional: Vec<(&str, &str)> = optional
            .iter()
            .map(|field| (field.key.as_str(), field.ident.as_str()))
            .collect();
        assert_eq!(optional, [("X-Request-Id", "x_request_id")]);
        assert_eq!(diagnostics.warnings.len(), 2, "{:?}", diagnostics.warnings);
    }

    #[test]
    fn a_bodiless_request_sends_its_literal_content_type() {
        let with = |value: &str| -> RequestObject {
            serde_json::from_value(serde_json::json!({
                "header": [
                    {"key": "Accept", "value": "application/json"},
                    {"key": "content-type", "value": value},
                    {"key": "Content-Type", "value": "text/plain", "disabled": true}
                ]
            }))
            .unwrap()
        };
        let mut diagnostics = Diagnostics::default();
        assert_eq!(
            bodiless_content_type(&with("application/json"), "A", &mut diagnostics),
            Some(("content-type".to_string(), "application/json".to_string()))
        );
        assert!(diagnostics.warnings.is_empty());

        assert_eq!(
            bodiless_content_type(&with("{{type}}"), "A", &mut diagnostics),
            None
        );
        assert_eq!(diagnostics.warnings.len(), 1, "{:?}", diagnostics.warnings);

        let none = RequestObject::default();
        assert_eq!(bodiless_content_type(&none, "A", &mut diagnostics), None);
    }
}
