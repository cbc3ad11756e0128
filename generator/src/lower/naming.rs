//! Method names of the requests in one folder.
//!
//! The snake_case item name, unless a sibling already has it: then the request is told apart
//! by what differs (its HTTP method, else the first path segment the first one lacks), and
//! only as a last resort by a number. The first request with a name always keeps it, so
//! adding a duplicate never renames an existing method.

use super::url::split_url;
use crate::naming::{snake_ident, snake_join, Scope};
use crate::postman::{Item, Request};

struct Facts {
    method: String,
    segments: Vec<String>,
}

fn facts(item: &Item) -> Facts {
    match &item.request {
        Some(Request::Full(request)) => Facts {
            method: request
                .method
                .as_deref()
                .unwrap_or("GET")
                .to_ascii_lowercase(),
            segments: request
                .url
                .as_ref()
                .map(|url| split_url(url).segments)
                .unwrap_or_default(),
        },
        Some(Request::Url(url)) => Facts {
            method: "get".into(),
            segments: split_url(&crate::postman::Url::Raw(url.clone())).segments,
        },
        None => Facts {
            method: "get".into(),
            segments: Vec::new(),
        },
    }
}

/// `PATCH /api/links/:id`: what tells requests with the same item path apart in their keys.
pub fn detail(item: &Item) -> String {
    let facts = facts(item);
    format!(
        "{} /{}",
        facts.method.to_ascii_uppercase(),
        facts.segments.join("/")
    )
}

/// One unique method name per request, in order, claimed in `scope`. A request with a
/// `remembered` name keeps it (the caller has claimed those already); the others get new ones.
/// With `avoid_setters`, names starting with `with_` (the client's setters) get `_request`.
pub fn method_names(
    requests: &[&Item],
    remembered: &[Option<&str>],
    scope: &mut Scope,
    avoid_setters: bool,
) -> Vec<String> {
    let bases: Vec<String> = requests
        .iter()
        .map(|item| snake_ident(item.name.as_deref().unwrap_or_default(), "request"))
        .map(|base| {
            if avoid_setters && base.starts_with("with_") {
                snake_join(&[&base, "request"])
            } else {
                base
            }
        })
        .collect();
    let mut names = Vec::with_capacity(requests.len());
    for (index, base) in bases.iter().enumerate() {
        if let Some(name) = remembered.get(index).copied().flatten() {
            names.push(name.to_string());
            continue;
        }
        let first = bases
            .iter()
            .position(|other| other == base)
            .unwrap_or(index);
        if first == index && scope.try_claim(base) {
            names.push(base.clone());
            continue;
        }
        let mine = facts(requests[index]);
        let theirs = facts(requests[first]);
        let mut candidates = Vec::new();
        if mine.method != theirs.method {
            candidates.push(snake_join(&[base, &snake_ident(&mine.method, "method")]));
        }
        if let Some(segment) = mine
            .segments
            .iter()
            .find(|segment| !theirs.segments.contains(segment))
        {
            let words = snake_ident(segment.trim_start_matches(':'), "path");
            candidates.push(snake_join(&[base, "by", &words]));
        }
        let name = match candidates
            .iter()
            .find(|candidate| scope.try_claim(candidate))
        {
            Some(name) => name.clone(),
            None => scope.claim(base),
        };
        names.push(name);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(json: &str) -> Item {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn duplicates_are_told_apart_by_what_differs() {
        let items = [
            item(r#"{"name":"Get user","request":{"method":"GET","url":"{{h}}/users/:id"}}"#),
            item(r#"{"name":"Get user","request":{"method":"PURGE","url":"{{h}}/users/:id"}}"#),
            item(
                r#"{"name":"Get user","request":{"method":"GET","url":"{{h}}/users/key={{key}}"}}"#,
            ),
            item(r#"{"name":"Get user","request":{"method":"GET","url":"{{h}}/users/:id"}}"#),
        ];
        let refs: Vec<&Item> = items.iter().collect();
        let names = method_names(&refs, &[], &mut Scope::default(), false);
        assert_eq!(
            names,
            [
                "get_user",
                "get_user_purge",
                "get_user_by_key_key",
                "get_user_2"
            ]
        );
    }
}
