//! A lenient reader for Postman raw request bodies: "JSON as people write it in Postman".
//!
//! In: the raw text of a request body whose language is JSON. Out: a [`serde_json::Value`] for
//! type inference, plus the list of [`Repair`]s that were needed to read it (for warnings), or an
//! error message when the text is not JSON even after repairs.
//!
//! Why: Postman's runtime strips comments from JSON bodies before sending them, so collections
//! carry `// …` and `/* … */` comments that a strict parser rejects. Exported collections also
//! often hold unquoted variables (`{"n": {{count}}}`), which only become JSON once Postman has
//! substituted them. An unquoted variable is read as the converters' error marker
//! `"<Error: unresolved variable name>"`, which [`super::placeholder::parse_placeholder`] maps
//! to "any type". Raw control characters inside strings, trailing commas and several documents
//! one after another (newline-delimited samples) are repaired as well.
//!
//! Valid JSON takes a fast path and is returned untouched. Repairs happen in one linear scan that
//! tracks string literals (with their escapes), so text such as `"http://x"` or `"/* x */"`
//! inside a string is never touched. Error positions refer to the original text.

use serde_json::Value;

/// What had to be repaired to read the body (for warnings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// `// line` or `/* block */` comments outside string literals were removed.
    Comments,
    /// Unquoted `{{name}}` variables were replaced by the marker
    /// `"<Error: unresolved variable name>"` (read as "any type").
    UnquotedVariables,
    /// Raw control characters (U+0000 to U+001F) inside string literals were escaped.
    ControlCharacters,
    /// The body held several top-level documents; the value is an array of them.
    SeveralDocuments,
    /// Commas directly before `}` or `]` were removed.
    TrailingCommas,
}

/// A body read by [`parse_lenient`].
#[derive(Debug, Clone, PartialEq)]
pub struct LenientJson {
    /// The parsed body. When the body held several documents, an array of them.
    pub value: Value,
    /// The repairs needed to read the body, each kind once, in the order of [`Repair`]'s
    /// variants. Empty when the body was valid JSON.
    pub repairs: Vec<Repair>,
}

/// Parses `raw` as JSON, repairing what Postman itself tolerates. Err(message) when it is not
/// JSON even after repairs (message suitable for a warning, e.g. "expected value at line 3
/// column 5"; the position refers to `raw`).
pub fn parse_lenient(raw: &str) -> Result<LenientJson, String> {
    if let Ok(value) = serde_json::from_str::<Value>(raw) {
        return Ok(LenientJson {
            value,
            repairs: Vec::new(),
        });
    }
    let repaired = repair(raw);
    let finish = |value: Value, several_documents: bool| {
        let repairs = [
            repaired.comments.then_some(Repair::Comments),
            repaired.variables.then_some(Repair::UnquotedVariables),
            repaired
                .control_characters
                .then_some(Repair::ControlCharacters),
            several_documents.then_some(Repair::SeveralDocuments),
            repaired.trailing_commas.then_some(Repair::TrailingCommas),
        ];
        LenientJson {
            value,
            repairs: repairs.into_iter().flatten().collect(),
        }
    };

    let single = match serde_json::from_str::<Value>(&repaired.text) {
        Ok(value) => return Ok(finish(value, false)),
        Err(err) => err,
    };

    let mut documents = Vec::new();
    let mut stream_error = None;
    for item in serde_json::Deserializer::from_str(&repaired.text).into_iter::<Value>() {
        match item {
            Ok(value) => documents.push(value),
            Err(err) => {
                stream_error = Some(err);
                break;
            }
        }
    }
    match stream_error {
        None if documents.len() > 1 => Ok(finish(Value::Array(documents), true)),
        // Past the first document the stream's error says where the later document breaks.
        Some(err) if !documents.is_empty() => Err(describe(&err, raw, &repaired)),
        _ => Err(describe(&single, raw, &repaired)),
    }
}

/// The output of the repair scan.
struct Repaired {
    /// The repaired text.
    text: String,
    /// Checkpoints `(offset in text, offset in raw)`, increasing in both, starting with `(0, 0)`:
    /// from each checkpoint the text is a copy of the raw input until the next edit.
    checkpoints: Vec<(usize, usize)>,
    comments: bool,
    variables: bool,
    control_characters: bool,
    trailing_commas: bool,
}

/// Removes comments, quotes unquoted variables, escapes control characters in strings and
/// blanks trailing commas, in one pass over `raw`.
///
/// Works on bytes: every byte the scan looks at is ASCII, and UTF-8 encodes non-ASCII characters
/// with bytes of 0x80 and above only, so multi-byte characters are copied through unchanged and
/// every cut is on a character boundary.
fn repair(raw: &str) -> Repaired {
    let bytes = raw.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(raw.len() + 16);
    let mut result = Repaired {
        text: String::new(),
        checkpoints: vec![(0, 0)],
        comments: false,
        variables: false,
        control_characters: false,
        trailing_commas: false,
    };
    let mut in_string = false;
    // The last byte outside comments, strings and whitespace (`"` after a string, and a
    // variable counts as a string).
    let mut last_significant: Option<u8> = None;
    // Where in `out` the last comma is, while nothing significant has followed it.
    let mut pending_comma: Option<usize> = None;
    let mut i = 0;

    while let Some(&byte) = bytes.get(i) {
        if in_string {
            match byte {
                b'"' => {
                    in_string = false;
                    out.push(byte);
                    i += 1;
                }
                b'\\' => {
                    // An escape: the next byte is part of it, whatever it is (an escaped raw
                    // control character stays invalid JSON).
                    out.push(byte);
                    i += 1;
                    if let Some(&next) = bytes.get(i) {
                        out.push(next);
                        i += 1;
                    }
                }
                0x00..=0x1f => {
                    push_escaped_control(&mut out, byte);
                    i += 1;
                    result.checkpoints.push((out.len(), i));
                    result.control_characters = true;
                }
                _ => {
                    out.push(byte);
                    i += 1;
                }
            }
            continue;
        }

        let next = bytes.get(i + 1).copied();
        match (byte, next) {
            (b'/', Some(b'/')) => {
                // To the end of the line (`\n`, `\r\n` or `\r`); the line break stays.
                let end = find_line_break(bytes, i + 2).unwrap_or(bytes.len());
                i = end;
                result.checkpoints.push((out.len(), i));
                result.comments = true;
            }
            (b'/', Some(b'*')) => {
                // To the closing `*/`, or to the end of the text when there is none. The
                // comment's newlines stay so that lines in error messages still match.
                let (end, resume) = match find_pair(bytes, i + 2, b'*', b'/') {
                    Some(close) => (close, close + 2),
                    None => (bytes.len(), bytes.len()),
                };
                let newlines = bytes[i + 2..end].iter().filter(|&&b| b == b'\n').count();
                if newlines == 0 {
                    out.push(b' ');
                } else {
                    out.extend(std::iter::repeat_n(b'\n', newlines));
                }
                i = resume;
                result.checkpoints.push((out.len(), i));
                result.comments = true;
            }
            (b'{', Some(b'{')) => match variable_end(bytes, i + 2) {
                Some(end) => {
                    let name = raw.get(i + 2..end).unwrap_or_default();
                    out.extend_from_slice(variable_marker(name).as_bytes());
                    i = end + 2;
                    result.checkpoints.push((out.len(), i));
                    result.variables = true;
                    last_significant = Some(b'"');
                    pending_comma = None;
                }
                None => {
                    out.push(byte);
                    i += 1;
                    last_significant = Some(byte);
                    pending_comma = None;
                }
            },
            (b' ' | b'\t' | b'\n' | b'\r', _) => {
                out.push(byte);
                i += 1;
            }
            _ => {
                match byte {
                    b'}' | b']' => {
                        if let Some(at) = pending_comma {
                            // Blank rather than remove, so offsets after it do not move.
                            out[at] = b' ';
                            result.trailing_commas = true;
                        }
                    }
                    b'"' => in_string = true,
                    _ => {}
                }
                // Only a comma that follows a value can be trailing: `[,]` stays an error.
                let follows_value =
                    !matches!(last_significant, None | Some(b'[' | b'{' | b',' | b':'));
                pending_comma = (byte == b',' && follows_value).then_some(out.len());
                // A string's significant byte is its closing quote, which is the same byte.
                last_significant = Some(byte);
                out.push(byte);
                i += 1;
            }
        }
    }

    // Only whole ASCII bytes were inserted and cuts were at ASCII bytes, so this is UTF-8.
    result.text = String::from_utf8(out)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned());
    result
}

/// Appends the JSON escape for the control character `byte`.
fn push_escaped_control(out: &mut Vec<u8>, byte: u8) {
    match byte {
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\t' => out.extend_from_slice(b"\\t"),
        b'\r' => out.extend_from_slice(b"\\r"),
        _ => out.extend_from_slice(format!("\\u{byte:04x}").as_bytes()),
    }
}

/// The first index at or after `from` holding `\n` or `\r`.
fn find_line_break(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    rest.iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map(|at| from + at)
}

/// The first index at or after `from` where `first` is directly followed by `second`.
fn find_pair(bytes: &[u8], from: usize, first: u8, second: u8) -> Option<usize> {
    let rest = bytes.get(from..)?;
    rest.windows(2)
        .position(|pair| pair[0] == first && pair[1] == second)
        .map(|at| from + at)
}

/// For a `{{` whose name starts at `start`: the index of the closing `}}`. Like Postman, a name
/// holds no braces, so the search stops at the first brace (which keeps the scan linear).
fn variable_end(bytes: &[u8], start: usize) -> Option<usize> {
    let rest = bytes.get(start..)?;
    let brace = rest.iter().position(|&b| b == b'{' || b == b'}')?;
    let at = start + brace;
    (bytes.get(at) == Some(&b'}') && bytes.get(at + 1) == Some(&b'}')).then_some(at)
}

/// The JSON string that stands for an unquoted variable: the converters' error marker, which
/// placeholder parsing reads as "any type". Quotes and backslashes are dropped from the name and
/// surrounding whitespace is trimmed.
fn variable_marker(name: &str) -> String {
    let name: String = name.chars().filter(|&c| c != '"' && c != '\\').collect();
    Value::String(format!("<Error: unresolved variable {}>", name.trim())).to_string()
}

/// The parse error as a message whose line and column refer to `raw` instead of the repaired
/// text.
fn describe(err: &serde_json::Error, raw: &str, repaired: &Repaired) -> String {
    let full = err.to_string();
    if err.line() == 0 {
        return full;
    }
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let (line, column) = original_position(raw, repaired, err.line(), err.column());
    format!("{message} at line {line} column {column}")
}

/// Maps serde_json's position in the repaired text (1-based line; column counted in bytes, the
/// offending byte included) to the same convention in `raw`.
fn original_position(raw: &str, repaired: &Repaired, line: usize, column: usize) -> (usize, usize) {
    let text = repaired.text.as_bytes();
    let line_start = if line <= 1 {
        0
    } else {
        text.iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    };
    let in_text = (line_start + column).min(text.len());

    let checkpoints = &repaired.checkpoints;
    let index = checkpoints
        .partition_point(|&(at, _)| at <= in_text)
        .saturating_sub(1);
    let (text_at, raw_at) = checkpoints.get(index).copied().unwrap_or((0, 0));
    let mut in_raw = raw_at + (in_text - text_at);
    if let Some(&(_, next_raw)) = checkpoints.get(index + 1) {
        // Inside an edited region: somewhere in what it replaced.
        in_raw = in_raw.min(next_raw);
    }
    let before = &raw.as_bytes()[..in_raw.min(raw.len())];
    let raw_line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let raw_column = before.len()
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
    (raw_line, raw_column)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::infer::placeholder::{parse_placeholder, ScalarHint};

    fn ok(raw: &str) -> LenientJson {
        match parse_lenient(raw) {
            Ok(parsed) => parsed,
            Err(message) => panic!("{raw:?} should parse: {message}"),
        }
    }

    fn err(raw: &str) -> String {
        match parse_lenient(raw) {
            Ok(parsed) => panic!("{raw:?} should not parse, got {parsed:?}"),
            Err(message) => message,
        }
    }

    fn unknown(name: &str) -> Value {
        Value::from(format!("<Error: unresolved variable {name}>"))
    }

    #[test]
    fn valid_json_takes_the_fast_path() {
        let parsed = ok(r#"{"a": [1, 2.5, "x"], "b": null}"#);
        assert_eq!(parsed.value, json!({"a": [1, 2.5, "x"], "b": null}));
        assert!(parsed.repairs.is_empty());
    }

    #[test]
    fn line_comments_are_removed() {
        let raw = "{\n  // the account\n  \"id\": 1, // trailing note\n  \"name\": \"x\"\n}";
        let parsed = ok(raw);
        assert_eq!(parsed.value, json!({"id": 1, "name": "x"}));
        assert_eq!(parsed.repairs, vec![Repair::Comments]);
    }

    #[test]
    fn line_comments_end_at_any_line_break() {
        let parsed = ok("{\"a\": 1, // c\r\n\"b\": 2, // d\r\"c\": 3}");
        assert_eq!(parsed.value, json!({"a": 1, "b": 2, "c": 3}));
        assert_eq!(parsed.repairs, vec![Repair::Comments]);
    }

    #[test]
    fn line_comment_at_the_end_without_newline() {
        let parsed = ok("[1, 2] // done");
        assert_eq!(parsed.value, json!([1, 2]));
        assert_eq!(parsed.repairs, vec![Repair::Comments]);
    }

    #[test]
    fn block_comments_are_removed() {
        let raw = "/* header\n   spanning lines */ {\"a\": /* inline */ 1, \"b\"/**/:2}";
        let parsed = ok(raw);
        assert_eq!(parsed.value, json!({"a": 1, "b": 2}));
        assert_eq!(parsed.repairs, vec![Repair::Comments]);
    }

    #[test]
    fn block_comment_separates_tokens() {
        // `1/**/2` is two numbers, not `12`.
        let parsed = ok("1/**/2");
        assert_eq!(parsed.value, json!([1, 2]));
        assert_eq!(
            parsed.repairs,
            vec![Repair::Comments, Repair::SeveralDocuments]
        );
    }

    #[test]
    fn unterminated_block_comment_runs_to_the_end() {
        let parsed = ok("{\"a\": 1} /* never closed\n \"b\": 2 }");
        assert_eq!(parsed.value, json!({"a": 1}));
        assert_eq!(parsed.repairs, vec![Repair::Comments]);
    }

    #[test]
    fn comment_like_text_inside_strings_is_untouched() {
        let raw = r#"{
            "url": "http://example.com/a//b",
            "glob": "/* not a comment */",
            "slashes": "//",
            "star": "*/"
        } // real comment"#;
        let parsed = ok(raw);
        assert_eq!(
            parsed.value,
            json!({
                "url": "http://example.com/a//b",
                "glob": "/* not a comment */",
                "slashes": "//",
                "star": "*/"
            })
        );
        assert_eq!(parsed.repairs, vec![Repair::Comments]);
    }

    #[test]
    fn escaped_quotes_inside_strings_do_not_end_them() {
        let raw = r#"{"say": "he said \"hi // there\" /* ok */", /* c */ "b": "x"}"#;
        let parsed = ok(raw);
        assert_eq!(
            parsed.value,
            json!({"say": "he said \"hi // there\" /* ok */", "b": "x"})
        );
        assert_eq!(parsed.repairs, vec![Repair::Comments]);
    }

    #[test]
    fn escaped_backslash_at_the_end_of_a_string() {
        // `"c:\\"` ends at its second quote; the `//` after it is a comment.
        let raw = r#"{"path": "c:\\", // comment "
"next": "\\\"//"}"#;
        let parsed = ok(raw);
        assert_eq!(parsed.value, json!({"path": "c:\\", "next": "\\\"//"}));
        assert_eq!(parsed.repairs, vec![Repair::Comments]);
    }

    #[test]
    fn unquoted_variables_become_unknown_markers() {
        let parsed = ok(r#"{"n": {{count}}, "ids": [{{a}}, {{b}}]}"#);
        assert_eq!(
            parsed.value,
            json!({"n": unknown("count"), "ids": [unknown("a"), unknown("b")]})
        );
        assert_eq!(parsed.repairs, vec![Repair::UnquotedVariables]);
    }

    #[test]
    fn markers_read_as_unknown_placeholders() {
        let parsed = ok("{\"n\": {{count}}, \"d\": {{$randomInt}}}");
        for value in parsed.value.as_object().unwrap().values() {
            let text = value.as_str().unwrap();
            assert_eq!(parse_placeholder(text), Some(ScalarHint::Unknown), "{text}");
        }
    }

    #[test]
    fn quoted_variables_stay_plain_strings() {
        let parsed = ok(r#"{"n": "{{count}}"}"#);
        assert_eq!(parsed.value, json!({"n": "{{count}}"}));
        assert!(parsed.repairs.is_empty());

        // Also on the repairing path.
        let parsed = ok("{\"n\": \"{{count}}\", \"m\": \"x {{a}} y\"} // c");
        assert_eq!(parsed.value, json!({"n": "{{count}}", "m": "x {{a}} y"}));
        assert_eq!(parsed.repairs, vec![Repair::Comments]);
    }

    #[test]
    fn variables_nested_in_arrays_and_objects() {
        let parsed = ok("[[{{a}}, [{{b}}]], {\"x\": [{{c}}, {\"y\": {{d}}}]}, {{e}}]");
        assert_eq!(
            parsed.value,
            json!([
                [unknown("a"), [unknown("b")]],
                {"x": [unknown("c"), {"y": unknown("d")}]},
                unknown("e")
            ])
        );
        assert_eq!(parsed.repairs, vec![Repair::UnquotedVariables]);
    }

    #[test]
    fn variable_names_lose_quotes_backslashes_and_surrounding_space() {
        let parsed = ok(r#"{"a": {{ my "odd\ name }}, "b": {{x.y-z}}}"#);
        assert_eq!(
            parsed.value,
            json!({"a": unknown("my odd name"), "b": unknown("x.y-z")})
        );
    }

    #[test]
    fn variable_name_with_control_character_stays_valid_json() {
        let parsed = ok("{\"a\": {{bad\u{1}name}}}");
        assert_eq!(parsed.value, json!({"a": unknown("bad\u{1}name")}));
        assert_eq!(parsed.repairs, vec![Repair::UnquotedVariables]);
    }

    #[test]
    fn whole_body_and_key_variables() {
        let parsed = ok("{{body}}");
        assert_eq!(parsed.value, unknown("body"));

        let parsed = ok("{ {{key}}: 1 }");
        assert_eq!(parsed.value, json!({"<Error: unresolved variable key>": 1}));
    }

    #[test]
    fn unclosed_variable_is_not_repaired() {
        let message = err("{\"a\": {{b}");
        assert!(message.contains("line 1"), "{message}");
        err("{\"a\": {{b");
        err("{\"a\": {{b{c}}}");
    }

    #[test]
    fn control_characters_in_strings_are_escaped() {
        let raw = "{\"text\": \"line one\nline two\tand\rmore\u{1}\u{1f}\"}";
        let parsed = ok(raw);
        assert_eq!(
            parsed.value,
            json!({"text": "line one\nline two\tand\rmore\u{1}\u{1f}"})
        );
        assert_eq!(parsed.repairs, vec![Repair::ControlCharacters]);
    }

    #[test]
    fn control_characters_outside_strings_stay_errors() {
        err("{\"a\":\u{1}1}");
        // An escaped raw newline is not a valid escape either.
        err("{\"a\": \"x\\\ny\"}");
    }

    #[test]
    fn trailing_commas_are_removed() {
        let parsed = ok("{\"a\": [1, 2, ], \"b\": {\"c\": 3,},}");
        assert_eq!(parsed.value, json!({"a": [1, 2], "b": {"c": 3}}));
        assert_eq!(parsed.repairs, vec![Repair::TrailingCommas]);

        let parsed = ok("[\"x\",\n]");
        assert_eq!(parsed.value, json!(["x"]));
        assert_eq!(parsed.repairs, vec![Repair::TrailingCommas]);
    }

    #[test]
    fn comma_inside_string_before_bracket_is_kept() {
        let parsed = ok("[\"a,\", \"b,]\",]");
        assert_eq!(parsed.value, json!(["a,", "b,]"]));
        assert_eq!(parsed.repairs, vec![Repair::TrailingCommas]);
    }

    #[test]
    fn commas_that_follow_no_value_stay_errors() {
        err("[,]");
        err("{,}");
        err("[1,,]");
        err("{\"a\":,}");
    }

    #[test]
    fn several_documents_become_an_array() {
        let parsed = ok("{\"a\": 1}\n{\"a\": 2}\n\n{\"a\": 3}\n");
        assert_eq!(parsed.value, json!([{"a": 1}, {"a": 2}, {"a": 3}]));
        assert_eq!(parsed.repairs, vec![Repair::SeveralDocuments]);

        let parsed = ok("[1] [2]");
        assert_eq!(parsed.value, json!([[1], [2]]));
    }

    #[test]
    fn several_documents_with_a_broken_one_is_an_error() {
        let message = err("{\"a\": 1}\n{\"a\": }");
        assert_eq!(message, "expected value at line 2 column 7");
    }

    #[test]
    fn combined_repairs_are_listed_once_in_enum_order() {
        let raw = "// samples\n{\"n\": {{count}}, \"t\": \"a\nb\", \"l\": [1,],}\n\
                   {\"n\": {{other}}, /* two */ \"t\": \"c\", \"l\": [2,3,],}";
        let parsed = ok(raw);
        assert_eq!(
            parsed.value,
            json!([
                {"n": unknown("count"), "t": "a\nb", "l": [1]},
                {"n": unknown("other"), "t": "c", "l": [2, 3]}
            ])
        );
        assert_eq!(
            parsed.repairs,
            vec![
                Repair::Comments,
                Repair::UnquotedVariables,
                Repair::ControlCharacters,
                Repair::SeveralDocuments,
                Repair::TrailingCommas,
            ]
        );
    }

    #[test]
    fn comment_between_trailing_comma_and_bracket() {
        let parsed = ok("{\n  \"a\": {{v}}, // last one\n}");
        assert_eq!(parsed.value, json!({"a": unknown("v")}));
        assert_eq!(
            parsed.repairs,
            vec![
                Repair::Comments,
                Repair::UnquotedVariables,
                Repair::TrailingCommas
            ]
        );
    }

    #[test]
    fn non_ascii_text_survives_repairs() {
        let raw = "{\"é\": \"日本語 // no\", /* ü */ \"x\": \"😀\n\", \"v\": [{{café}},],}";
        let parsed = ok(raw);
        assert_eq!(
            parsed.value,
            json!({"é": "日本語 // no", "x": "😀\n", "v": [unknown("café")]})
        );
    }

    #[test]
    fn still_not_json_is_an_error() {
        let message = err("{\"a\": 1, // c\n \"b\": }");
        assert_eq!(message, "expected value at line 2 column 7");
        err("{\"a\" 1}");
        err("{\"a\": \"unterminated}");
        err("{\"a\": undefined}");
        err("{'a': 1}");
    }

    #[test]
    fn error_positions_refer_to_the_original_text() {
        // Comments and a long marker before the error.
        let raw = "// comment\n{\"a\": /* x\n y */ {{v}},\n  oops}";
        assert_eq!(err(raw), "key must be a string at line 4 column 3");
        // A raw newline in a string (escaped to two bytes) before the error.
        let raw = "{\"a\": \"x\ny\", \"b\": }";
        assert_eq!(err(raw), "expected value at line 2 column 10");
        // Same line, after a comment.
        let raw = "{\"a\": /* long comment */ 1 2}";
        assert_eq!(err(raw), "expected `,` or `}` at line 1 column 28");
    }

    #[test]
    fn empty_and_whitespace_bodies_are_errors() {
        for raw in ["", " ", "\n\t\r\n", "// only a comment", "/* only */"] {
            let message = err(raw);
            assert!(message.contains("EOF"), "{raw:?}: {message}");
        }
    }

    #[test]
    fn xml_body_is_an_error() {
        err("<?xml version=\"1.0\"?>\n<root><a href=\"http://x\">{{v}}</a></root>");
        err("<note>\n  <to>Tove</to>\n</note>");
    }

    #[test]
    fn other_non_json_bodies_are_errors() {
        err("name=x&count={{count}}");
        err("hello world");
        err("{{a}} {{");
    }

    /// A few dozen valid values, built by hand, including strings that look like what the
    /// repairs touch.
    fn sample_values() -> Vec<Value> {
        let scalars = vec![
            Value::Null,
            json!(true),
            json!(false),
            json!(0),
            json!(-1),
            json!(42),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(0.5),
            json!(-2.25),
            json!(1024.125),
            json!(""),
            json!("plain"),
            json!("http://example.com/a//b?c=/*d*/"),
            json!("{{quoted}}"),
            json!("quote \" backslash \\ slash / end\\"),
            json!("control \n \t \r \u{1} \u{1f}"),
            json!("unicode é 日本 😀 \u{2028}"),
            json!("<uuid>"),
            json!("trailing,]"),
        ];
        let mut values = scalars.clone();
        for (index, scalar) in scalars.iter().enumerate() {
            values.push(json!([scalar]));
            values.push(json!({ format!("k{index} // key"): scalar, "z": [scalar, scalar] }));
            values.push(json!({"nested": {"deeper": [[scalar], {"x": scalar}]}, "a": []}));
        }
        values.push(json!([]));
        values.push(json!({}));
        values.push(Value::Array(scalars.clone()));
        values.push(Value::Array(values.clone()));
        values
    }

    #[test]
    fn valid_json_is_returned_unchanged() {
        let values = sample_values();
        assert!(values.len() > 40);
        for value in &values {
            for text in [
                value.to_string(),
                serde_json::to_string_pretty(value).unwrap(),
            ] {
                let parsed = ok(&text);
                assert_eq!(&parsed.value, value, "{text}");
                assert!(parsed.repairs.is_empty(), "{text}");
            }
        }
    }

    #[test]
    fn repair_scan_is_the_identity_on_valid_json() {
        for value in sample_values() {
            for text in [
                value.to_string(),
                serde_json::to_string_pretty(&value).unwrap(),
            ] {
                let repaired = repair(&text);
                assert_eq!(repaired.text, text);
                assert!(!repaired.comments && !repaired.variables);
                assert!(!repaired.control_characters && !repaired.trailing_commas);
            }
        }
    }

    #[test]
    fn arbitrary_input_never_panics() {
        const PIECES: [&str; 24] = [
            "{", "}", "[", "]", "{{", "}}", "\"", "\\", "/", "*", "//", "/*", "*/", ",", ":", "\n",
            "\u{1}", "é", "😀", "1", "a", " ", "\"x\"", "null",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            // Bound is small, so the cast cannot truncate in a way that matters.
            ((state >> 33) % bound as u64) as usize
        };
        for _ in 0..3000 {
            let length = next(30);
            let text: String = (0..length).map(|_| PIECES[next(PIECES.len())]).collect();
            let _ = parse_lenient(&text);
        }
        // Every prefix of a body that needs all repairs.
        let raw = "// é\n{\"n\": {{count}}, \"t\": \"a\n😀\", \"l\": [1,],}\n{\"a\": /* ü */ 2}";
        for (at, _) in raw.char_indices() {
            let _ = parse_lenient(&raw[..at]);
            let _ = parse_lenient(&raw[at..]);
        }
    }

    #[test]
    fn large_pathological_inputs_finish() {
        // Each would take quadratic time with a naive rescan.
        let size = 200_000;
        err(&"{{".repeat(size));
        err(&"{{a".repeat(size));
        err(&"/*".repeat(size));
        err(&format!("[{}", "1, ".repeat(size)));
        err(&"[".repeat(size));
        let parsed = ok(&format!("[{}0]", "{{v}},".repeat(size)));
        assert_eq!(parsed.value.as_array().map(Vec::len), Some(size + 1));
        let parsed = ok(&format!("[0, // x\n{}]", "1, // x\n".repeat(size)));
        assert_eq!(parsed.value.as_array().map(Vec::len), Some(size + 1));
    }
}
