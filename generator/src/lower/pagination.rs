//! Which requests return their results in pages, found from the collection itself: the type
//! of the documented success body (inferred from its examples) and the query parameters the
//! request documents. Each one found gets a [`Pagination`], and the emitted client a stream of
//! every item across pages.
//!
//! Three styles are told apart, tried in this order:
//! - next url: the page holds its items and `next` (`{count, next, previous, results}`);
//! - cursor: the page holds a token that a documented query parameter sends back
//!   (`meta.next_token` + `pagination_token`, `next_cursor` + `cursor`,
//!   `nextPageToken` + `pageToken`);
//! - offset: the request documents `offset` and `limit`, the page a `total` (or `count`).
//!
//! Only GET requests without a body are paginated: the next page repeats the request.

use serde_json::Value;

use crate::ir::reserved;
use crate::ir::{
    Api, FieldDef, FieldStep, Module, Operation, PageStyle, Pagination, ResponseBody, StructDef,
    TypeRef, TypeSpace,
};
use crate::naming::Scope;
use crate::previous::RememberedNames;

/// Fields that hold a page's items, most likely first; otherwise a page's only list.
const ITEM_FIELDS: &[&str] = &[
    "results", "data", "items", "records", "entries", "elements", "values",
];

/// Fields that hold the next page's url.
const NEXT_URL_FIELDS: &[&str] = &[
    "next",
    "next_url",
    "nextUrl",
    "next_page_url",
    "nextPageUrl",
];

/// Fields that hold the next page's token, each with the query parameters that send it back.
const CURSOR_PAIRS: &[(&[&str], &[&str])] = &[
    (
        &["next_token"],
        &["pagination_token", "next_token", "page_token"],
    ),
    (&["next_cursor", "nextCursor"], &["cursor"]),
    (&["nextPageToken"], &["pageToken"]),
    (&["next_page_token"], &["page_token"]),
];

/// The query parameters of offset pagination, and the fields that give the total.
const OFFSET_PARAM: &str = "offset";
const LIMIT_PARAMS: &[&str] = &["limit", "count", "page_size", "per_page"];
const TOTAL_FIELDS: &[&str] = &["total", "total_count", "totalCount", "count"];

/// Finds the paginated requests of `api` and names their streams: the name the previous
/// generation gave (`remembered`), else `{method}_stream` or the next free name.
pub fn detect(api: &mut Api, remembered: &RememberedNames) {
    let mut root_names: Vec<String> = reserved::CLIENT_METHODS.clone();
    root_names.extend(api.credentials.iter().map(|slot| slot.setter.clone()));
    root_names.extend(api.variables.iter().map(|variable| variable.setter.clone()));
    detect_in(&mut api.root, &api.types, &root_names, remembered);
}

fn detect_in(
    module: &mut Module,
    types: &TypeSpace,
    taken: &[String],
    remembered: &RememberedNames,
) {
    let mut scope = Scope::with_reserved(taken.iter().map(String::as_str));
    for name in module
        .operations
        .iter()
        .map(|operation| &operation.method_name)
    {
        scope.try_claim(name);
    }
    for child in &module.children {
        scope.try_claim(&child.ident);
    }
    // Remembered names first, so that a new stream cannot take one.
    let kept: Vec<Option<String>> = module
        .operations
        .iter()
        .map(|operation| {
            let name = remembered.stream_method(&operation.key)?;
            scope.try_claim(name).then(|| name.to_string())
        })
        .collect();
    for (operation, kept) in module.operations.iter_mut().zip(kept) {
        operation.pagination = pagination(operation, types).map(|mut pagination| {
            pagination.method_name =
                kept.unwrap_or_else(|| scope.claim(&format!("{}_stream", operation.method_name)));
            pagination
        });
    }
    for child in &mut module.children {
        detect_in(child, types, &[], remembered);
    }
}

/// How `operation` is paginated, if it is (its `method_name` is left empty).
fn pagination(operation: &Operation, types: &TypeSpace) -> Option<Pagination> {
    if operation.http_method != "GET" || operation.body.is_some() {
        return None;
    }
    let (variant, page) = operation.responses.iter().find_map(|response| {
        let ResponseBody::Json(TypeRef::Named(id)) = &response.body else {
            return None;
        };
        let success = (200..300).contains(&response.status);
        success.then(|| (response.variant.clone(), resolve(types, *id)))
    })?;
    let (items, item) = items_field(page)?;
    let query_keys: Vec<&str> = operation
        .query
        .iter()
        .flat_map(|query| query.fields.iter().map(|field| field.key.as_str()))
        .collect();
    let (style, next, total) = next_url(page)
        .map(|next| (PageStyle::NextUrl, next, None))
        .or_else(|| cursor(page, types, &query_keys))
        .or_else(|| offset(page, &query_keys))?;
    let mut pagination = Pagination {
        method_name: String::new(),
        style,
        variant,
        items,
        item,
        next,
        total,
        last_page: None,
    };
    pagination.last_page = last_page(operation, &pagination);
    Some(pagination)
}

/// The first 2xx example (what the mock server answers with by default) as a last page: with
/// its own next link, a stream against the mock would leave for the real API (and be
/// refused) or ask for the same page again.
fn last_page(operation: &Operation, pagination: &Pagination) -> Option<String> {
    let status = operation.default_response()?;
    if status.variant != pagination.variant {
        return None;
    }
    let mut page: Value = serde_json::from_str(&status.samples.first()?.body).ok()?;
    match &pagination.style {
        PageStyle::NextUrl | PageStyle::Cursor { .. } => {
            let (last, parents) = pagination.next.split_last()?;
            let mut holder = &mut page;
            for parent in parents {
                holder = holder.get_mut(&parent.key)?;
            }
            let end = match last.optional {
                true => Value::Null,
                false => Value::String(String::new()),
            };
            holder.as_object_mut()?.insert(last.key.clone(), end);
        }
        PageStyle::Offset { .. } => {
            let shown = page.get(&pagination.items.key)?.as_array()?.len();
            let total = pagination.total.as_ref()?;
            page.as_object_mut()?
                .insert(total.key.clone(), shown.into());
        }
    }
    serde_json::to_string(&page).ok()
}

/// The struct a named type is, following an alias.
fn resolve(types: &TypeSpace, id: crate::ir::TypeId) -> &StructDef {
    let def = types.get(id);
    def.alias_of.map_or(def, |target| types.get(target))
}

fn step(field: &FieldDef) -> FieldStep {
    FieldStep {
        key: field.key.clone(),
        ident: field.ident.clone(),
        optional: field.ty.split_option().1,
    }
}

/// The page's list of items: a field named like one, or else its only list.
fn items_field(page: &StructDef) -> Option<(FieldStep, TypeRef)> {
    let lists: Vec<(&FieldDef, &TypeRef)> = page
        .fields
        .iter()
        .filter_map(|field| match field.ty.split_option().0 {
            TypeRef::Vec(item) => Some((field, item.as_ref())),
            _ => None,
        })
        .collect();
    let named = ITEM_FIELDS
        .iter()
        .find_map(|key| lists.iter().find(|(field, _)| field.key == *key).copied());
    let (field, item) = match (named, lists.as_slice()) {
        (Some(found), _) => found,
        (None, [only]) => *only,
        _ => return None,
    };
    Some((step(field), item.clone()))
}

/// A text field of `page` named one of `keys`.
fn text_field<'a>(page: &'a StructDef, keys: &[&str]) -> Option<&'a FieldDef> {
    keys.iter().find_map(|key| {
        page.fields
            .iter()
            .find(|field| field.key == *key && *field.ty.split_option().0 == TypeRef::String)
    })
}

fn next_url(page: &StructDef) -> Option<Vec<FieldStep>> {
    text_field(page, NEXT_URL_FIELDS).map(|field| vec![step(field)])
}

/// A token field of the page or of one object inside it, paired with a query parameter.
fn cursor(
    page: &StructDef,
    types: &TypeSpace,
    query_keys: &[&str],
) -> Option<(PageStyle, Vec<FieldStep>, Option<FieldStep>)> {
    CURSOR_PAIRS.iter().find_map(|(token_keys, params)| {
        let param = params.iter().find(|param| query_keys.contains(param))?;
        let path = match text_field(page, token_keys) {
            Some(field) => vec![step(field)],
            None => page.fields.iter().find_map(|outer| {
                let TypeRef::Named(id) = outer.ty.split_option().0 else {
                    return None;
                };
                let inner = text_field(resolve(types, *id), token_keys)?;
                Some(vec![step(outer), step(inner)])
            })?,
        };
        let style = PageStyle::Cursor {
            param: param.to_string(),
        };
        Some((style, path, None))
    })
}

fn offset(
    page: &StructDef,
    query_keys: &[&str],
) -> Option<(PageStyle, Vec<FieldStep>, Option<FieldStep>)> {
    let paged = query_keys.contains(&OFFSET_PARAM)
        && LIMIT_PARAMS.iter().any(|limit| query_keys.contains(limit));
    if !paged {
        return None;
    }
    let total = TOTAL_FIELDS.iter().find_map(|key| {
        page.fields
            .iter()
            .find(|field| field.key == *key && *field.ty.split_option().0 == TypeRef::I64)
    })?;
    let style = PageStyle::Offset {
        param: OFFSET_PARAM.to_string(),
    };
    Some((style, Vec::new(), Some(step(total))))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The IR of a collection holding one GET request with `query` keys and a 200 example body.
    fn lowered(query: &[&str], body: &str) -> Api {
        let query: Vec<String> = query
            .iter()
            .map(|key| format!(r#"{{"key": "{key}", "value": "1"}}"#))
            .collect();
        let body = serde_json::to_string(body).unwrap();
        let collection = format!(
            r#"{{
            "info": {{"name": "P", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
            "item": [{{"name": "Things", "item": [{{"name": "List things",
                "request": {{"method": "GET", "url": {{"raw": "https://api.example.com/things",
                    "host": ["api", "example", "com"], "path": ["things"], "query": [{}]}}}},
                "response": [{{"name": "ok", "code": 200, "body": {body},
                    "header": [{{"key": "Content-Type", "value": "application/json"}}]}}]
            }}]}}]
        }}"#,
            query.join(",")
        );
        let (api, _) = crate::parse_and_lower(
            collection.as_bytes(),
            Path::new("p.json"),
            &Default::default(),
            &[],
            &Default::default(),
        )
        .unwrap();
        api
    }

    fn found(api: &Api) -> Option<&Pagination> {
        api.root.children[0].operations[0].pagination.as_ref()
    }

    fn idents(steps: &[FieldStep]) -> Vec<&str> {
        steps.iter().map(|step| step.ident.as_str()).collect()
    }

    #[test]
    fn a_page_with_next_and_results_follows_next() {
        let api = lowered(
            &["page"],
            r#"{"count": 2, "next": "https://api.example.com/things?page=2", "previous": null, "results": [{"id": "a"}]}"#,
        );
        let pagination = found(&api).expect("paginated");
        assert_eq!(pagination.style, PageStyle::NextUrl);
        assert_eq!(pagination.method_name, "list_things_stream");
        assert_eq!(pagination.variant, "Ok");
        assert_eq!(pagination.items.ident, "results");
        assert_eq!(idents(&pagination.next), ["next"]);
        assert!(matches!(pagination.item, TypeRef::Named(_)));
    }

    #[test]
    fn a_nested_token_pairs_with_its_query_parameter() {
        let api = lowered(
            &["max_results", "pagination_token"],
            r#"{"data": [{"id": "1"}], "meta": {"result_count": 1, "next_token": "abc"}}"#,
        );
        let pagination = found(&api).expect("paginated");
        assert_eq!(
            pagination.style,
            PageStyle::Cursor {
                param: "pagination_token".into()
            }
        );
        assert_eq!(pagination.items.ident, "data");
        assert_eq!(idents(&pagination.next), ["meta", "next_token"]);
    }

    #[test]
    fn a_token_without_its_query_parameter_is_not_a_cursor() {
        let api = lowered(&["limit"], r#"{"items": [1], "next_cursor": "abc"}"#);
        assert_eq!(found(&api), None);
    }

    #[test]
    fn offset_and_limit_with_a_total_move_the_offset() {
        let api = lowered(
            &["limit", "offset"],
            r#"{"limit": 20, "offset": 0, "count": 1, "total": 1, "results": [{"id": "a"}]}"#,
        );
        let pagination = found(&api).expect("paginated");
        assert_eq!(
            pagination.style,
            PageStyle::Offset {
                param: "offset".into()
            }
        );
        assert_eq!(pagination.total.as_ref().unwrap().ident, "total");
    }

    #[test]
    fn a_plain_object_or_list_is_not_a_page() {
        assert_eq!(found(&lowered(&[], r#"{"id": "a", "next": "b"}"#)), None);
        assert_eq!(
            found(&lowered(&["offset", "limit"], r#"[{"id": "a"}]"#)),
            None
        );
        assert_eq!(
            found(&lowered(&["offset", "limit"], r#"{"results": [1]}"#)),
            None,
            "offset without a total"
        );
    }

    #[test]
    fn a_stream_name_that_is_taken_gets_another() {
        let mut api = lowered(&[], r#"{"next": "u", "results": [1]}"#);
        let mut taken = api.root.children[0].operations[0].clone();
        taken.method_name = "list_things_stream".into();
        taken.pagination = None;
        api.root.children[0].operations.push(taken);
        detect(&mut api, &RememberedNames::default());
        let name = &found(&api).unwrap().method_name;
        assert_ne!(name, "list_things_stream");
        assert!(name.starts_with("list_things_stream"), "{name}");
    }
}
