//! Rust identifiers from free text: item names, folder names, JSON keys.
//!
//! In: any string. Out: a valid, non-keyword identifier in the requested case, and unique
//! within a scope when asked. Conversion is ASCII-only and deterministic, so names are stable
//! across machines and editing one item never renames another.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Words that cannot be identifiers (strict and reserved keywords of every edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keeps ASCII letters and digits, turning everything else into word breaks; apostrophes are
/// dropped so that "link's" reads as "links", not "link_s".
fn words(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\'' | '’' | '`'))
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn finish(ident: String, fallback: &str) -> String {
    let ident = if ident.is_empty() {
        fallback.to_string()
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}_{ident}")
    } else {
        ident
    };
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// `snake_case` identifier; `fallback` stands in for empty names and prefixes leading digits.
pub fn snake_ident(text: &str, fallback: &str) -> String {
    finish(words(text).to_snake_case(), fallback)
}

/// The English articles a method name leaves out: Postman titles are sentences ("Get a
/// link's details"), method names are not (`get_links_details`).
const ARTICLES: &[&str] = &["a", "an", "the"];

/// `name` (snake_case) without the articles `a`, `an` and `the`, or `None` when it has none
/// to drop. An article is dropped only before another word (it introduces a noun, so a
/// last `a` is a name: `plan_a`), and only when at least two words remain and they still
/// make an identifier (`a_link` stays, `a_2fa_code` stays: `2fa_code` is none).
pub fn without_articles(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split('_').collect();
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(index, word)| {
            let before_a_word = words[index + 1..].iter().any(|next| !next.is_empty());
            !(ARTICLES.contains(word) && before_a_word)
        })
        .map(|(_, word)| *word)
        .collect();
    let remaining = kept.iter().filter(|word| !word.is_empty()).count();
    let shorter = kept.join("_");
    (kept.len() < words.len() && remaining >= 2 && is_identifier(&shorter)).then_some(shorter)
}

/// `snake_case` identifier made of several: `crate_` and `get` give `crate_get`, not
/// `crate__get` (a keyword's escape inside a name breaks the `non_snake_case` lint).
pub fn snake_join(parts: &[&str]) -> String {
    let joined = parts
        .iter()
        .map(|part| part.trim_matches('_'))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    finish(joined, "name")
}

/// A `PascalCase` word to build names from (`{word}Api`, `{Owner}{Word}Item`); `fallback`
/// stands in for empty names and prefixes leading digits. Never escaped as a keyword, because
/// an escape inside a name (`Self_Api`) breaks the `non_camel_case_types` lint. A name that
/// could end up being the bare word must avoid keywords itself (type naming, `infer/names.rs`,
/// reserves `Self`).
pub fn pascal_word(text: &str, fallback: &str) -> String {
    let word = words(text).to_pascal_case();
    let fallback = fallback.to_pascal_case();
    if word.is_empty() {
        fallback
    } else if word.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}{word}")
    } else {
        word
    }
}

/// Free text as one display line: control characters and line breaks become spaces, runs
/// of whitespace one space. For names shown in docs, messages and file headers.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` can be used as it is as a Rust identifier: ASCII, not a keyword, not `_`.
/// Names read back from a record are checked with this before they reach the emitter.
pub fn is_identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && text != "_"
        && !KEYWORDS.contains(&text)
}

/// Whether `text` is a type name that passes `non_camel_case_types`: an identifier starting
/// with an uppercase letter, without underscores (`Self` is a keyword, so refused).
pub fn is_type_name(text: &str) -> bool {
    is_identifier(text) && text.starts_with(|c: char| c.is_ascii_uppercase()) && !text.contains('_')
}

/// Names already used in one Rust namespace (a module's types, an impl's methods).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Scope {
            taken: names.into_iter().map(str::to_string).collect(),
        }
    }

    /// Takes every one of `names` that is still free, and ignores those that are not.
    pub fn reserve<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        self.taken.extend(names.into_iter().map(str::to_string));
    }

    /// Claims `name` if free and returns whether it was.
    pub fn try_claim(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_string())
    }

    /// Claims `name`, or `name_2`, `name_3`, … (`Name2` for Pascal names) when taken. Only
    /// reached when two items really share a name after conversion.
    pub fn claim(&mut self, name: &str) -> String {
        if self.try_claim(name) {
            return name.to_string();
        }
        let separator = if name.ends_with('_') {
            ""
        } else if name.contains('_') || name.starts_with(|c: char| c.is_lowercase()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{name}{separator}{n}"))
            .find(|candidate| self.try_claim(candidate))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_names_become_method_names() {
        assert_eq!(
            snake_ident("Get a link's details", "op"),
            "get_a_links_details"
        );
        assert_eq!(snake_ident("Update", "op"), "update");
        assert_eq!(
            snake_ident("Get details about a payment intent.", "op"),
            "get_details_about_a_payment_intent"
        );
    }

    #[test]
    fn articles_are_dropped_before_a_word_when_two_words_remain() {
        let drop = |name: &str| without_articles(name);
        assert_eq!(
            drop("get_a_links_details").as_deref(),
            Some("get_links_details")
        );
        assert_eq!(
            drop("get_an_institutions_details").as_deref(),
            Some("get_institutions_details")
        );
        assert_eq!(
            drop("the_list_of_the_links").as_deref(),
            Some("list_of_links")
        );
        assert_eq!(
            drop("retrieve_accounts_for_a_link").as_deref(),
            Some("retrieve_accounts_for_link")
        );
        assert_eq!(
            drop("with_a_token_request").as_deref(),
            Some("with_token_request")
        );
        // Nothing to drop: none, or part of a word.
        assert_eq!(drop("update"), None);
        assert_eq!(drop("create_another_thing"), None);
        // Too little left, a name rather than an article, or no identifier without it.
        assert_eq!(drop("a_link"), None);
        assert_eq!(drop("the_a"), None);
        assert_eq!(drop("plan_a"), None);
        assert_eq!(drop("get_a"), None);
        assert_eq!(drop("a_2fa_code"), None);
    }

    #[test]
    fn keywords_digits_and_empty_names_stay_valid() {
        assert_eq!(snake_ident("type", "field"), "type_");
        assert_eq!(snake_ident("self", "field"), "self_");
        assert_eq!(snake_ident("123", "field"), "field_123");
        assert_eq!(snake_ident("🙂", "op"), "op");
        assert_eq!(pascal_word("2fa", "type"), "Type2fa");
        assert_eq!(pascal_word("@odata.type", "type"), "OdataType");
        assert_eq!(pascal_word("self", "type"), "Self");
        assert_eq!(snake_join(&["crate_", "get"]), "crate_get");
        assert_eq!(snake_join(&["self_", ""]), "self_");
        assert_eq!(pascal_word("", "type"), "Type");
    }

    #[test]
    fn identifiers_are_checked() {
        for good in ["links", "UpdateOk", "type_", "_x", "a1"] {
            assert!(is_identifier(good), "{good}");
        }
        for bad in ["", "_", "type", "1a", "a-b", "é", "a b", "Self"] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn display_names_are_one_line() {
        assert_eq!(one_line(" a\r\n b\u{0}c  "), "a b c");
    }

    #[test]
    fn scope_suffixes_only_on_collision() {
        let mut scope = Scope::with_reserved(["client"]);
        assert_eq!(scope.claim("client"), "client_2");
        assert_eq!(scope.claim("update"), "update");
        assert_eq!(scope.claim("update"), "update_2");
        assert_eq!(scope.claim("Link"), "Link");
        assert_eq!(scope.claim("Link"), "Link2");
        assert_eq!(scope.claim("ref_"), "ref_");
        assert_eq!(scope.claim("ref_"), "ref_2");
    }
}
