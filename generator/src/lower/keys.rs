//! Origin keys: what the record remembers a folder or a request by.
//!
//! A folder's key is its path of names (`Links`), a request's its item path
//! (`Links / Update`), so a key does not depend on where an item sits among its siblings.
//! Names can repeat: a repeated request path is told apart by its method and url path
//! (`Users / Get (PURGE /users/:id)`), and only what is still equal by its rank (`#2`).

use std::collections::HashMap;

use crate::postman::Item;

/// Hands out one key per folder and request, in lowering order.
#[derive(Debug, Default)]
pub struct OriginKeys {
    /// How many folders or requests have each item path.
    occurrences: HashMap<String, usize>,
    /// Keys handed out so far, to rank what is still equal.
    given: HashMap<String, usize>,
}

impl OriginKeys {
    /// Counts the item paths of every folder and request below `items`.
    pub fn count(items: &[Item], join: impl Fn(&str, &str) -> String + Copy) -> OriginKeys {
        let mut keys = OriginKeys::default();
        keys.visit(items, "", join);
        keys
    }

    fn visit(&mut self, items: &[Item], parent: &str, join: impl Fn(&str, &str) -> String + Copy) {
        for item in items {
            let path = join(parent, item.name.as_deref().unwrap_or_default());
            let kind = if item.is_folder() {
                "folder"
            } else {
                "request"
            };
            *self
                .occurrences
                .entry(format!("{kind} {path}"))
                .or_default() += 1;
            if let Some(children) = item.item.as_deref() {
                self.visit(children, &path, join);
            }
        }
    }

    /// The key of the folder at `path`.
    pub fn folder(&mut self, path: &str) -> String {
        let base = path.to_string();
        self.rank(base, self.repeats("folder", path))
    }

    /// The key of the request at `path`; `detail` (`PATCH /api/links/:id`) tells repeated
    /// paths apart.
    pub fn request(&mut self, path: &str, detail: impl FnOnce() -> String) -> String {
        if self.repeats("request", path) {
            let base = format!("{path} ({})", detail());
            self.rank(base, true)
        } else {
            path.to_string()
        }
    }

    fn repeats(&self, kind: &str, path: &str) -> bool {
        self.occurrences
            .get(&format!("{kind} {path}"))
            .is_some_and(|&count| count > 1)
    }

    fn rank(&mut self, base: String, may_repeat: bool) -> String {
        if !may_repeat {
            return base;
        }
        let count = self.given.entry(base.clone()).or_default();
        *count += 1;
        if *count == 1 {
            base
        } else {
            format!("{base} #{count}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(parent: &str, name: &str) -> String {
        if parent.is_empty() {
            name.to_string()
        } else {
            format!("{parent} / {name}")
        }
    }

    #[test]
    fn repeated_paths_are_told_apart_by_detail_then_rank() {
        let items: Vec<Item> = serde_json::from_str(
            r#"[{"name":"Users","item":[{"name":"Get"},{"name":"Get"},{"name":"Get"},{"name":"List"}]},
                {"name":"Users","item":[{"name":"Other"}]}]"#,
        )
        .unwrap();
        let mut keys = OriginKeys::count(&items, join);
        assert_eq!(keys.folder("Users"), "Users");
        assert_eq!(keys.folder("Users"), "Users #2");
        assert_eq!(
            keys.request("Users / List", || unreachable!()),
            "Users / List"
        );
        assert_eq!(
            keys.request("Users / Get", || "GET /users/:id".into()),
            "Users / Get (GET /users/:id)"
        );
        assert_eq!(
            keys.request("Users / Get", || "PURGE /users/:id".into()),
            "Users / Get (PURGE /users/:id)"
        );
        assert_eq!(
            keys.request("Users / Get", || "GET /users/:id".into()),
            "Users / Get (GET /users/:id) #2"
        );
    }
}
