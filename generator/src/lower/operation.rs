//! One request → an [`Operation`]: its method, url template, parameters, body, responses
//! and credential, with the names of its own types.

use super::auth::Declared;
use super::lowerer::Lowerer;
use super::request_scope::RequestScope;
use super::{params, responses, url};
use crate::diagnostics::{Diagnostics, WarningKind};
use crate::ir::origin::{Part, Site};
use crate::ir::{Operation, ParamPart, ParamStruct, TypeHome};
use crate::naming::Scope;
use crate::postman::{Item, Request, RequestObject};

impl Lowerer<'_> {
    /// Lowers one request. `type_names` are the type names its module has taken: its
    /// `{Op}Query`, `{Op}Headers` and `{Op}Response` take the next free ones, unless the
    /// previous generation named them.
    pub(super) fn operation(
        &mut self,
        at: RequestScope<'_>,
        inherited_auth: Option<Declared<'_>>,
        type_names: &mut Scope,
    ) -> Operation {
        let item_path = at.item_path.as_str();
        let request = request_object(at.item, item_path, self.diagnostics);
        let split = request.url.as_ref().map(url::split_url).unwrap_or_default();
        if let Some(origin) = &split.origin {
            self.origins.push((item_path.to_string(), origin.clone()));
        }
        let collection = self.collection;
        let variables = &mut self.variables;
        let path = url::path_template(&split.segments, &mut |name| {
            variables.variable_for(name, collection)
        });
        let http_method = http_method(request.method.as_deref(), item_path, self.diagnostics);
        let declared = request
            .auth
            .as_ref()
            .map(|auth| Declared {
                auth,
                place: item_path,
            })
            .or(inherited_auth);
        let authorization_header = request
            .header
            .as_ref()
            .and_then(|headers| headers.get("authorization"));
        let auth = self
            .auth
            .resolve(declared, authorization_header.as_deref(), self.diagnostics);

        let home = TypeHome::Module(at.module_path.to_vec());
        let remembered = self.remembered;
        let mut owned_name = |part: Part, default: String| {
            remembered
                .type_at(&Site::new(&at.key, part))
                .filter(|remembered| remembered.home == home && !remembered.retired)
                .map(|remembered| remembered.name.clone())
                .unwrap_or_else(|| type_names.claim(&default))
        };
        let type_prefix = &at.type_prefix;
        let query = params::query_fields(&split.query, item_path, self.diagnostics);
        let query = (!query.is_empty()).then(|| ParamStruct {
            name: owned_name(
                Part::Params(ParamPart::Query),
                format!("{type_prefix}Query"),
            ),
            fields: query,
            alias_of: None,
        });
        let (mut fixed_headers, headers) = params::headers(&request, item_path, self.diagnostics);
        let headers = (!headers.is_empty()).then(|| ParamStruct {
            name: owned_name(
                Part::Params(ParamPart::Headers),
                format!("{type_prefix}Headers"),
            ),
            fields: headers,
            alias_of: None,
        });
        let body = self.request_body(&request, &at);
        if body.is_none() {
            let declared = params::bodiless_content_type(&request, item_path, self.diagnostics);
            fixed_headers.extend(declared);
        }
        let responses = responses::lower_responses(&at, &mut self.registry, self.diagnostics);
        let response_enum = owned_name(Part::Response, format!("{type_prefix}Response"));
        let description = request
            .description
            .as_ref()
            .and_then(|d| d.text())
            .or_else(|| at.item.description.as_ref().and_then(|d| d.text()))
            .map(str::to_string);
        Operation {
            key: at.key,
            item_path: at.item_path,
            method_name: at.method_name,
            response_enum,
            http_method,
            path,
            query,
            fixed_headers,
            headers,
            body,
            responses,
            description,
            auth,
            pagination: None,
        }
    }
}

/// The item's request as a full object: a request written as a bare url is a GET of it, an
/// item with none a GET of `/` (with a warning).
fn request_object(item: &Item, item_path: &str, diagnostics: &mut Diagnostics) -> RequestObject {
    match &item.request {
        Some(Request::Full(request)) => (**request).clone(),
        Some(Request::Url(url)) => RequestObject {
            url: Some(crate::postman::Url::Raw(url.clone())),
            ..RequestObject::default()
        },
        None => {
            diagnostics.warn(
                WarningKind::IncompleteRequest,
                item_path,
                "item has no request; generated as GET /",
            );
            RequestObject::default()
        }
    }
}

/// The HTTP method as sent: upper-cased, GET when missing, and GET (with a warning) when it
/// is not an HTTP token and so could not go on the wire.
fn http_method(written: Option<&str>, item_path: &str, diagnostics: &mut Diagnostics) -> String {
    let method = written
        .map(str::to_ascii_uppercase)
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "GET".to_string());
    let is_token = method
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if is_token {
        return method;
    }
    diagnostics.warn(
        WarningKind::IncompleteRequest,
        item_path,
        format!("method `{method}` is not a valid HTTP method; generated as GET"),
    );
    "GET".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_upper_cased_tokens_and_anything_else_is_a_get() {
        let mut diagnostics = Diagnostics::default();
        let mut method = |written| http_method(written, "A", &mut diagnostics);
        assert_eq!(method(Some("patch")), "PATCH");
        assert_eq!(method(Some("PURGE")), "PURGE");
        assert_eq!(method(Some("")), "GET");
        assert_eq!(method(None), "GET");
        assert_eq!(method(Some("GET /x")), "GET");
        assert_eq!(diagnostics.warnings.len(), 1);
    }

    #[test]
    fn a_bare_url_is_a_get_of_it_and_a_missing_request_is_reported() {
        let item: Item = serde_json::from_value(serde_json::json!({
            "name": "A", "request": "https://api.example.com/things"
        }))
        .unwrap();
        let mut diagnostics = Diagnostics::default();
        let request = request_object(&item, "A", &mut diagnostics);
        assert!(
            matches!(request.url, Some(crate::postman::Url::Raw(ref url)) if url == "https://api.example.com/things")
        );
        assert!(diagnostics.warnings.is_empty());
        let item: Item = serde_json::from_value(serde_json::json!({"name": "A"})).unwrap();
        request_object(&item, "A", &mut diagnostics);
        assert_eq!(diagnostics.warnings.len(), 1);
    }
}
