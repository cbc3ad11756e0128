//! Method names of the requests in one folder.
//!
//! The snake_case item name, unless a sibling already has it: then the request is told apart
//! by what differs (its HTTP method, else the first path segment the first one lacks), and
//! only as a last resort by a number. The first request with a name always keeps it, so
//! adding a duplicate never renames an existing method.

use std::collections::{HashMap, HashSet};

use super::url::split_url;
use crate::naming::{snake_ident, snake_join, without_articles, Scope};
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
///
/// A new name leaves out the title's articles (`get_links_details` for "Get a link's
/// details", see [`without_articles`]) unless that shorter name is another request's full
/// name or shorter name too, or already taken: then the request keeps its full name, so
/// which request gets a name never depends on their order.
pub fn method_names(
    requests: &[&Item],
    remembered: &[Option<&str>],
    scope: &mut Scope,
    avoid_setters: bool,
) -> Vec<String> {
    let clear_of_setters = |base: String| {
        if avoid_setters && base.starts_with("with_") {
            snake_join(&[&base, "request"])
        } else {
            base
        }
    };
    let titles: Vec<String> = requests
        .iter()
        .map(|item| snake_ident(item.name.as_deref().unwrap_or_default(), "request"))
        .collect();
    let shorts: Vec<Option<String>> = titles
        .iter()
        .map(|title| without_articles(title).map(clear_of_setters))
        .collect();
    let fulls: Vec<String> = titles.into_iter().map(clear_of_setters).collect();
    // Which titles want each name, as their full or shorter name: a shorter name is free only
    // when no other title wants it.
    let mut wanted_by: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (full, short) in fulls.iter().zip(&shorts) {
        for name in std::iter::once(full).chain(short) {
            wanted_by
                .entry(name.as_str())
                .or_default()
                .insert(full.as_str());
        }
    }
    // The name each request is told apart from its namesakes by.
    let stems: Vec<&str> = fulls
        .iter()
        .zip(&shorts)
        .map(|(full, short)| match short {
            Some(short)
                if wanted_by[short.as_str()]
                    .iter()
                    .all(|title| *title == full.as_str()) =>
            {
                short.as_str()
            }
            _ => full.as_str(),
        })
        .collect();
    let mut names = Vec::with_capacity(requests.len());
    for (index, (full, stem)) in fulls.iter().zip(&stems).enumerate() {
        if let Some(name) = remembered.get(index).copied().flatten() {
            names.push(name.to_string());
            continue;
        }
        let first = fulls
            .iter()
            .position(|other| other == full)
            .unwrap_or(index);
        if first == index {
            if scope.try_claim(stem) {
                names.push(stem.to_string());
                continue;
            }
            if stem != full && scope.try_claim(full) {
                names.push(full.clone());
                continue;
            }
        }
        let mine = facts(requests[index]);
        let theirs = facts(requests[first]);
        let mut candidates = Vec::new();
        if mine.method != theirs.method {
            candidates.push(snake_join(&[stem, &snake_ident(&mine.method, "method")]));
        }
        if let Some(segment) = mine
            .segments
            .iter()
            .find(|segment| !theirs.segments.contains(segment))
        {
            let words = snake_ident(segment.trim_start_matches(':'), "path");
            candidates.push(snake_join(&[stem, "by", &words]));
        }
        let name = match candidates
            .iter()
            .find(|candidate| scope.try_claim(candidate))
        {
            Some(name) => name.clone(),
            None => scope.claim(stem),
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
    fn articles_are_left_out_unless_another_title_wants_the_shorter_name() {
        let items = [
            item(r#"{"name":"Get a link's details","request":{"url":"{{h}}/links/:id"}}"#),
            item(r#"{"name":"Delete a user","request":{"url":"{{h}}/users/:id"}}"#),
            item(r#"{"name":"Delete user","request":{"url":"{{h}}/users/:id"}}"#),
            item(r#"{"name":"Get a user","request":{"url":"{{h}}/users/:id"}}"#),
            item(r#"{"name":"Get the user","request":{"url":"{{h}}/users/:id"}}"#),
            item(
                r#"{"name":"Get a link's details","request":{"method":"PUT","url":"{{h}}/links/:id"}}"#,
            ),
            item(r#"{"name":"Create an owner","request":{"url":"{{h}}/owners"}}"#),
        ];
        let refs: Vec<&Item> = items.iter().collect();
        let mut scope = Scope::with_reserved(["create_owner"]);
        let names = method_names(&refs, &[], &mut scope, false);
        // Among the client's own methods, a name the article hid is still kept off its setters.
        let setter = [item(
            r#"{"name":"A with token","request":{"url":"{{h}}/t"}}"#,
        )];
        let refs: Vec<&Item> = setter.iter().collect();
        let top_level = method_names(&refs, &[], &mut Scope::default(), true);
        assert_eq!(top_level, ["with_token_request"]);
        assert_eq!(
            names,
            [
                "get_links_details",
                "delete_a_user",
                "delete_user",
                "get_a_user",
                "get_the_user",
                "get_links_details_put",
                "create_an_owner",
            ]
        );
        // The same requests in another order get the same names (but for the namesakes,
        // where the first keeps the name).
        let reversed: Vec<&Item> = items.iter().rev().collect();
        let mut scope = Scope::with_reserved(["create_owner"]);
        let mut again = method_names(&reversed, &[], &mut scope, false);
        again.reverse();
        assert_eq!(again[1..5], names[1..5]);
        assert_eq!(again[6], names[6]);
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
