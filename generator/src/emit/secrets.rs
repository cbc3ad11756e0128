//! Which fields hold secrets, so that their `Debug` output is redacted.
//!
//! A field is secret when one of its words (split on anything that is not a letter or digit,
//! and on case changes, trailing digits dropped) is a secret word, or when its name ends with
//! a secret compound (`private_key`, `api_key`). Generator config can add exact names:
//! `secret-fields = ["encryption_key"]` in `[workspace.metadata.generator]`.

use heck::ToSnakeCase;

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
