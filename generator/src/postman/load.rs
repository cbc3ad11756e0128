//! Loading a collection file: bytes → JSON → [`Collection`], with errors that point at the
//! place in the file (JSON path and item names) and say what was expected.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::model::Collection;

/// Why a collection could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not valid JSON: {message} (line {line}, column {column})", path.display())]
    NotJson {
        path: PathBuf,
        message: String,
        line: usize,
        column: usize,
    },
    #[error(
        "{} is a Postman v1 collection (top-level `requests`/`order`), which is not supported; \
         re-export it from the Postman app as Collection v2.1 (or convert it with postman-collection-transformer)",
        path.display()
    )]
    VersionOne { path: PathBuf },
    #[error(
        "{} is {} MB; collections larger than {} MB are not supported",
        path.display(),
        size / (1024 * 1024),
        MAX_COLLECTION_BYTES / (1024 * 1024)
    )]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{} is not a Postman collection: the top level must be an object with `info` and `item`", path.display())]
    NotACollection { path: PathBuf },
    #[error("{} at {location}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        /// JSON path, followed by the item path when the problem is inside an item.
        location: String,
        message: String,
    },
}

/// Reads and parses the collection at `path`.
pub fn load_collection(path: &Path) -> Result<Collection, LoadError> {
    parse_collection(&read_collection(path)?, path)
}

/// The largest collection read. Real collections are a few MB (commercetools, 2,000
/// requests, is 3.6 MB); past this the emitted crate could not be compiled anyway, and a
/// clear refusal beats minutes of work and gigabytes of memory.
pub const MAX_COLLECTION_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the collection file, refusing one larger than [`MAX_COLLECTION_BYTES`].
pub fn read_collection(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_COLLECTION_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    std::fs::read(path).map_err(io)
}

/// Parses collection bytes; `path` is only used in messages.
pub fn parse_collection(bytes: &[u8], path: &Path) -> Result<Collection, LoadError> {
    // A well-formed collection is read in one pass, straight from the bytes. Anything else
    // takes the slower path below, through a `Value`, which recognises the API envelope and v1
    // and names the JSON and item path of what is wrong. Both accept the same files.
    if first_non_whitespace(bytes) == Some(b'{') {
        if let Ok(collection) = serde_json::from_slice::<Collection>(bytes) {
            return Ok(collection);
        }
    }
    parse_through_value(bytes, path)
}

fn parse_through_value(bytes: &[u8], path: &Path) -> Result<Collection, LoadError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|err| LoadError::NotJson {
        path: path.to_path_buf(),
        message: describe_json_error(&err),
        line: err.line(),
        column: err.column(),
    })?;
    let value = unwrap_api_envelope(value);
    let Value::Object(top) = &value else {
        return Err(LoadError::NotACollection {
            path: path.to_path_buf(),
        });
    };
    if !top.contains_key("info") && top.contains_key("requests") {
        return Err(LoadError::VersionOne {
            path: path.to_path_buf(),
        });
    }
    if !top.contains_key("info") || !top.contains_key("item") {
        return Err(LoadError::NotACollection {
            path: path.to_path_buf(),
        });
    }
    serde_path_to_error::deserialize(&value).map_err(|err| {
        let json_path = err.path().to_string();
        let location = match item_path(&value, &json_path) {
            Some(items) => format!("{json_path} ({items})"),
            None => json_path,
        };
        LoadError::Invalid {
            path: path.to_path_buf(),
            location,
            message: err
                .into_inner()
                .to_string()
                .replace("invalid type: ", "wrong type: "),
        }
    })
}

fn first_non_whitespace(bytes: &[u8]) -> Option<u8> {
    bytes
        .iter()
        .copied()
        .find(|byte| !byte.is_ascii_whitespace())
}

/// The Postman API returns `{"collection": {...}}`; the file format is the inner object.
fn unwrap_api_envelope(value: Value) -> Value {
    match value {
        Value::Object(mut top) if !top.contains_key("info") && top.contains_key("collection") => {
            top.remove("collection").unwrap_or(Value::Null)
        }
        other => other,
    }
}

fn describe_json_error(err: &serde_json::Error) -> String {
    let text = err.to_string();
    if text.starts_with("recursion limit exceeded") {
        // serde_json stops at 128 levels of arrays and objects: about 60 nested folders.
        return "nested too deeply (more than 128 levels of arrays and objects, about 60 nested folders)".into();
    }
    // serde_json appends " at line L column C"; the caller prints the position itself.
    match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// Translates the `item[1].item[7]` prefix of a JSON path into item names (`Links / Update`).
fn item_path(root: &Value, json_path: &str) -> Option<String> {
    let mut names = Vec::new();
    let mut node = root;
    for part in json_path.split('.') {
        let Some(index) = part
            .strip_prefix("item[")
            .and_then(|rest| rest.strip_suffix(']'))
            .and_then(|index| index.parse::<usize>().ok())
        else {
            break;
        };
        node = node.get("item")?.get(index)?;
        let name = node
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("(unnamed)");
        names.push(name.to_string());
    }
    (!names.is_empty()).then(|| names.join(" / "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Collection, LoadError> {
        parse_collection(text.as_bytes(), Path::new("c.json"))
    }

    #[test]
    fn wrong_type_names_json_path_and_item_path() {
        let err = parse(
            r#"{"info":{"name":"x"},"item":[{"name":"Links","item":[{"name":"Update","request":{"url":5}}]}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("item[0].item[0].request.url"), "{err}");
        assert!(err.contains("Links / Update"), "{err}");
        assert!(
            err.contains("expected a URL string or a URL object"),
            "{err}"
        );
    }

    #[test]
    fn both_readings_agree_on_the_belvo_collection() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../collection.json");
        let bytes = std::fs::read(&path).unwrap();
        let direct = serde_json::from_slice::<Collection>(&bytes).unwrap();
        let through_value = parse_through_value(&bytes, &path).unwrap();
        assert_eq!(format!("{direct:?}"), format!("{through_value:?}"));
    }

    #[test]
    fn duplicate_keys_take_the_slow_path_and_the_last_value() {
        let collection = parse(r#"{"info":{"name":"a"},"info":{"name":"b"},"item":[]}"#).unwrap();
        assert_eq!(collection.info.name, "b");
    }

    #[test]
    fn v1_is_refused_by_name() {
        let err = parse(r#"{"name":"x","order":[],"requests":[]}"#).unwrap_err();
        assert!(matches!(err, LoadError::VersionOne { .. }));
    }

    #[test]
    fn not_json_reports_position() {
        let err = parse("{\n  \"info\": ").unwrap_err();
        assert!(matches!(err, LoadError::NotJson { line: 2, .. }), "{err}");
    }

    #[test]
    fn api_envelope_is_unwrapped() {
        let collection = parse(r#"{"collection":{"info":{"name":"x"},"item":[]}}"#).unwrap();
        assert_eq!(collection.info.name, "x");
    }

    #[test]
    fn top_level_array_is_not_a_collection() {
        assert!(matches!(
            parse("[]").unwrap_err(),
            LoadError::NotACollection { .. }
        ));
    }
}
