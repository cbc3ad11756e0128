//! The naming lints rustc applies to the emitted crate (`non_snake_case`,
//! `non_camel_case_types`), as predicates, and every item identifier of a Rust file.

/// rustc's `non_snake_case`: no upper-case letter, no `__` inside (leading and trailing
/// underscores are allowed).
pub fn is_snake_case(ident: &str) -> bool {
    let ident = ident.trim_start_matches("r#").trim_matches('_');
    !ident.contains("__") && !ident.chars().any(char::is_uppercase)
}

/// rustc's `non_camel_case_types`: after trimming underscores, no lower-case first letter,
/// no `__`, and no `_` next to a letter.
pub fn is_camel_case(ident: &str) -> bool {
    let ident = ident.trim_matches('_');
    let chars: Vec<char> = ident.chars().collect();
    let has_case = |c: char| c.is_lowercase() || c.is_uppercase();
    chars.first().is_none_or(|c| !c.is_lowercase())
        && !ident.contains("__")
        && !chars.windows(2).any(|pair| {
            (pair[0] == '_' && has_case(pair[1])) || (pair[1] == '_' && has_case(pair[0]))
        })
}

/// Whether an identifier must be snake case or camel case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Snake,
    Camel,
}

/// Every identifier an item of `file` declares (modules, types, fields, variants, functions
/// and methods), with the style its lint wants.
pub fn declared_identifiers(file: &syn::File) -> Vec<(String, Style)> {
    let mut found = Vec::new();
    items(&file.items, &mut found);
    found
}

fn items(items: &[syn::Item], found: &mut Vec<(String, Style)>) {
    for item in items {
        match item {
            syn::Item::Mod(module) => {
                found.push((module.ident.to_string(), Style::Snake));
                if let Some((_, inner)) = &module.content {
                    self::items(inner, found);
                }
            }
            syn::Item::Struct(def) => {
                found.push((def.ident.to_string(), Style::Camel));
                for field in &def.fields {
                    if let Some(ident) = &field.ident {
                        found.push((ident.to_string(), Style::Snake));
                    }
                }
            }
            syn::Item::Enum(def) => {
                found.push((def.ident.to_string(), Style::Camel));
                for variant in &def.variants {
                    found.push((variant.ident.to_string(), Style::Camel));
                }
            }
            syn::Item::Type(alias) => found.push((alias.ident.to_string(), Style::Camel)),
            syn::Item::Fn(function) => found.push((function.sig.ident.to_string(), Style::Snake)),
            syn::Item::Impl(block) => {
                for item in &block.items {
                    if let syn::ImplItem::Fn(method) = item {
                        found.push((method.sig.ident.to_string(), Style::Snake));
                        for input in &method.sig.inputs {
                            if let syn::FnArg::Typed(argument) = input {
                                if let syn::Pat::Ident(name) = argument.pat.as_ref() {
                                    found.push((name.ident.to_string(), Style::Snake));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
