//! Which fields hold secrets, so that their `Debug` output is redacted: decided here, once
//! the IR is whole, and printed by `emit/` as [`crate::ir::FieldDef::secret`] and
//! [`crate::ir::ParamField::secret`].
//!
//! A field is secret when one of its words (split on anything that is not a letter or digit,
//! and on case changes, trailing digits dropped) is a secret word, or when its name ends with
//! a secret compound (`private_key`, `api_key`). Generator config can add exact names:
//! `secret-fields = ["encryption_key"]` in `[workspace.metadata.generator]`.

use heck::ToSnakeCase;

use crate::ir::{Api, TypeRef};

const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "pin",
    "passphrase",
    "pwd",
];
const SECRET_ENDINGS: &[&str] = &[
    "private_key",
    "api_key",
    "apikey",
    "access_key",
    "secret_key",
    "signing_key",
];

/// Marks every secret field of `api`'s structs and parameter structs. `extra` holds names
/// the configuration adds.
///
/// A value named like a secret is redacted; an object so named is not: its own fields are
/// judged by their names (`token_generation_data` shows its MFA instructions, and would
/// redact a `token` inside it).
pub fn mark(api: &mut Api, extra: &[String]) {
    for def in &mut api.types.structs {
        for field in &mut def.fields {
            field.secret = is_secret(&field.key, extra) && holds_value(&field.ty);
        }
    }
    api.root.each_operation_mut(&mut |operation| {
        let params = operation
            .query
            .iter_mut()
            .chain(operation.headers.iter_mut());
        for field in params.flat_map(|params| params.fields.iter_mut()) {
            field.secret = is_secret(&field.key, extra);
        }
    });
}

/// Whether a type holds a plain value (text, number, any JSON), possibly optional or a list
/// of them, rather than objects with fields of their own.
fn holds_value(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => false,
        TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) => holds_value(inner),
        _ => true,
    }
}

/// Whether a field with this JSON key (or query/header name) must print as redacted.
pub fn is_secret(key: &str, extra: &[String]) -> bool {
    let snake = key.to_snake_case();
    if extra
        .iter()
        .any(|name| name == key || name.to_snake_case() == snake)
    {
        return true;
    }
    let words_secret = snake
        .split('_')
        .map(|word| word.trim_end_matches(|c: char| c.is_ascii_digit()))
        .any(|word| SECRET_WORDS.contains(&word));
    words_secret || SECRET_ENDINGS.iter().any(|ending| snake.ends_with(ending))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for key in [
            "password",
            "password2",
            "token",
            "private_key",
            "api_key",
            "client_secret",
            "pin",
            "accessToken",
            "X-Api-Key",
        ] {
            assert!(is_secret(key, &[]), "{key}");
        }
        for key in [
            "encryption_key",
            "username_type",
            "certificate",
            "id",
            "spin",
            "pinned",
            "tokens_count2x",
        ] {
            assert!(!is_secret(key, &[]), "{key}");
        }
        assert!(is_secret("encryption_key", &["encryption_key".to_string()]));
    }
}
