//! The client's default base url, from the origins the requests are written with.

use super::url;
use crate::diagnostics::{Diagnostics, WarningKind};
use crate::postman::Collection;

/// The client's default base url: the origin most requests are written with (`{{baseUrl}}`),
/// with collection variables substituted. Requests written with another origin are sent to
/// the client's base url all the same, with a warning.
pub(super) fn default_base_url(
    collection: &Collection,
    origins: &[(String, String)],
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let main = main_origin(origins)?;
    for (item_path, origin) in origins.iter().filter(|(_, origin)| origin != main) {
        diagnostics.warn(
            WarningKind::OtherOrigin,
            item_path,
            format!("url origin `{origin}` differs from `{main}` used by most requests; the client sends it to its one base url"),
        );
    }
    let resolved = resolve_variables(main, collection);
    (!resolved.is_empty() && !resolved.contains("{{")).then_some(resolved)
}

/// The origin most requests are written with (`{{baseUrl}}`), as written; the first among
/// equals.
pub(super) fn main_origin(origins: &[(String, String)]) -> Option<&str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (_, origin) in origins {
        match counts.iter_mut().find(|(seen, _)| *seen == origin) {
            Some((_, count)) => *count += 1,
            None => counts.push((origin, 1)),
        }
    }
    let best = counts.iter().map(|(_, count)| *count).max()?;
    Some(counts.iter().find(|(_, count)| *count == best)?.0)
}

/// `text` with the collection's variables substituted, as Postman does, up to 19 levels deep
/// (values may refer to other variables), without a trailing `/`; variables without a value
/// stay as written.
pub(super) fn resolve_variables(text: &str, collection: &Collection) -> String {
    let mut resolved = text.to_string();
    for _ in 0..19 {
        let next = substitute_variables(&resolved, collection);
        if next == resolved {
            break;
        }
        resolved = next;
    }
    resolved
}

/// Replaces `{{name}}` with the collection variable's value, where it has one.
fn substitute_variables(text: &str, collection: &Collection) -> String {
    let mut out = String::new();
    for part in url::template_parts(text) {
        match part {
            url::TemplatePart::Text(text) => out.push_str(text),
            url::TemplatePart::Variable(name) => match collection.variable_value(name) {
                Some(value) => out.push_str(&value),
                None => {
                    out.push_str("{{");
                    out.push_str(name);
                    out.push_str("}}");
                }
            },
        }
    }
    out.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(variables: &str) -> Collection {
        let text = format!(r#"{{"info": {{"name": "C"}}, "item": [], "variable": {variables}}}"#);
        serde_json::from_str(&text).unwrap()
    }

    fn origins(written: &[(&str, &str)]) -> Vec<(String, String)> {
        written
            .iter()
            .map(|(item, origin)| (item.to_string(), origin.to_string()))
            .collect()
    }

    #[test]
    fn the_most_used_origin_wins_and_the_others_are_reported() {
        let collection = collection(r#"[{"key": "baseUrl", "value": "https://api.example.com/"}]"#);
        let mut diagnostics = Diagnostics::default();
        let origins = origins(&[
            ("A", "{{baseUrl}}"),
            ("B", "https://status.example.com"),
            ("C", "{{baseUrl}}"),
        ]);
        let url = default_base_url(&collection, &origins, &mut diagnostics);
        assert_eq!(url.as_deref(), Some("https://api.example.com"));
        assert_eq!(diagnostics.warnings.len(), 1);
        assert_eq!(diagnostics.warnings[0].item_path, "B");
    }

    #[test]
    fn variables_resolve_through_other_variables_and_unknown_ones_leave_no_default() {
        let collection = collection(
            r#"[{"key": "host", "value": "https://{{region}}.example.com"},
                {"key": "region", "value": "eu"}]"#,
        );
        let mut diagnostics = Diagnostics::default();
        let resolved = default_base_url(
            &collection,
            &origins(&[("A", "{{host}}")]),
            &mut diagnostics,
        );
        assert_eq!(resolved.as_deref(), Some("https://eu.example.com"));
        let unknown = default_base_url(
            &collection,
            &origins(&[("A", "{{other}}")]),
            &mut diagnostics,
        );
        assert_eq!(unknown, None);
        assert_eq!(default_base_url(&collection, &[], &mut diagnostics), None);
    }

    #[test]
    fn a_variable_that_refers_to_itself_stops() {
        let collection = collection(r#"[{"key": "a", "value": "{{a}}/x"}]"#);
        let resolved = default_base_url(
            &collection,
            &origins(&[("A", "{{a}}")]),
            &mut Diagnostics::default(),
        );
        assert_eq!(resolved, None);
    }
}
