//! The placeholder vocabulary Postman converters write in place of values (`"<uuid>"`).
//!
//! A placeholder is a type hint, never string data. See `docs/inference.md` for the table.

/// What a placeholder (or a literal scalar) says about a value's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarHint {
    Text,
    Uuid,
    DateTime,
    Date,
    Integer,
    /// `<long>`: the schema said `int64`, so the value is an integer whatever it is named.
    Long,
    Number,
    Boolean,
    /// `<array>`: a list of unknown items.
    Array,
    /// Converter error markers (`<Circular reference…>`, `<Error: …>`) and `<object>`: anything.
    Unknown,
}

/// Recognises a whole-string placeholder: `<` letter, then letters, digits, `_ , -` or spaces, `>`;
/// plus the converters' error markers, which contain other characters.
pub fn parse_placeholder(text: &str) -> Option<ScalarHint> {
    if text.starts_with("<Circular reference") || text.starts_with("<Error:") {
        return Some(ScalarHint::Unknown);
    }
    let inner = text.strip_prefix('<')?.strip_suffix('>')?;
    let mut chars = inner.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ',' | '-' | ' '));
    if !(first_is_letter && rest_ok) {
        return None;
    }
    Some(match inner {
        "uuid" => ScalarHint::Uuid,
        "dateTime" | "date-time" => ScalarHint::DateTime,
        "date" => ScalarHint::Date,
        "integer" | "int" => ScalarHint::Integer,
        "long" => ScalarHint::Long,
        "number" | "float" | "double" => ScalarHint::Number,
        "boolean" | "bool" => ScalarHint::Boolean,
        "array" => ScalarHint::Array,
        "object" => ScalarHint::Unknown,
        // `<string>`, `<email>`, `<uri>`, `<byte>`, `<binary>`, `<password>`, `<int32>` (a
        // string-encoded number) and any other format name: a string of that format.
        _ => ScalarHint::Text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_maps_to_hints() {
        assert_eq!(parse_placeholder("<uuid>"), Some(ScalarHint::Uuid));
        assert_eq!(parse_placeholder("<dateTime>"), Some(ScalarHint::DateTime));
        assert_eq!(parse_placeholder("<long>"), Some(ScalarHint::Long));
        assert_eq!(parse_placeholder("<integer>"), Some(ScalarHint::Integer));
        assert_eq!(parse_placeholder("<float>"), Some(ScalarHint::Number));
        assert_eq!(parse_placeholder("<email>"), Some(ScalarHint::Text));
        assert_eq!(parse_placeholder("<int32>"), Some(ScalarHint::Text));
        assert_eq!(
            parse_placeholder("<Circular reference to #/components/schemas/X detected>"),
            Some(ScalarHint::Unknown)
        );
    }

    #[test]
    fn ordinary_strings_are_data() {
        assert_eq!(parse_placeholder("<b>bold</b>"), None);
        assert_eq!(parse_placeholder("single"), None);
        assert_eq!(parse_placeholder("<>"), None);
        assert_eq!(parse_placeholder("<1abc>"), None);
    }
}
