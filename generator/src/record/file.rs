//! `api.json`'s text (parsed and validated, or rendered), and the fingerprint of the rest of
//! the output.
//!
//! The record is read back on every run, so it is validated as input: a record this
//! generator cannot have written (another format, a name that is no identifier) is refused
//! with its JSON path, never half-used.

use std::path::{Path, PathBuf};

use super::model::{ApiRecord, ItemKind, NAMING_REVISION, RECORD_FORMAT};
use crate::ir::origin::Site;
use crate::naming::is_identifier;
use crate::output::EmittedFile;

/// The record's file name in the emitted crate.
pub const RECORD_FILE: &str = "api.json";
/// The changelog's file name in the emitted crate.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// Why the previous record cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: {message}; it is written by the generator and read back to keep names stable. \
         Restore it from version control, or delete it to start over (names may then change)",
        path.display()
    )]
    Invalid { path: PathBuf, message: String },
}

/// Parses and validates a record; `path` is for messages.
pub fn parse_record(bytes: &[u8], path: &Path) -> Result<ApiRecord, RecordError> {
    let invalid = |message: String| RecordError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    // A record is almost always well-formed: read it directly, and only read it again
    // with path tracking (several times slower) to say where a broken one breaks.
    let record: ApiRecord = match serde_json::from_slice(bytes) {
        Ok(record) => record,
        Err(_) => {
            let mut deserializer = serde_json::Deserializer::from_slice(bytes);
            let err = serde_path_to_error::deserialize::<_, ApiRecord>(&mut deserializer)
                .err()
                .map_or_else(
                    || "it does not parse".to_string(),
                    |err| format!("at `{}`: {}", err.path(), err.inner()),
                );
            return Err(invalid(err));
        }
    };
    if record.format != RECORD_FORMAT {
        return Err(invalid(format!(
            "record format {} is not the format {RECORD_FORMAT} this generator reads",
            record.format
        )));
    }
    if record.naming > NAMING_REVISION {
        return Err(invalid(format!(
            "naming revision {} is newer than the revision {NAMING_REVISION} this generator names by; \
             regenerate with the newer generator",
            record.naming
        )));
    }
    for path in record.items.keys() {
        if let Some(segment) = path.split("::").find(|segment| !is_identifier(segment)) {
            return Err(invalid(format!(
                "at `items.{path}`: `{segment}` is not a Rust identifier"
            )));
        }
    }
    // The names of types are remembered by these sites: one that does not read as a site
    // would silently name its type anew.
    for (path, item) in &record.items {
        if !matches!(
            item.kind,
            ItemKind::Struct | ItemKind::Enum | ItemKind::TypeAlias
        ) {
            continue;
        }
        if let Some(index) = item.from.iter().position(|site| !Site::is_site(site)) {
            let site = &item.from[index];
            return Err(invalid(format!(
                "at `items.{path}.from[{index}]`: `{site}` is not a site of the collection \
                 (`Folder / Request › part`, then ` › $…` inside a body)"
            )));
        }
    }
    Ok(record)
}

/// The record as written: sorted (its maps are), one item per line, so that a diff of it
/// reads as a list of changed items.
pub fn render_record(record: &ApiRecord) -> String {
    let mut text = String::from("{\n");
    text.push_str(&format!("  \"@generated\": {},\n", json(&record.generated)));
    text.push_str(&format!("  \"format\": {},\n", record.format));
    text.push_str(&format!("  \"naming\": {},\n", record.naming));
    text.push_str(&format!("  \"code\": {},\n", record.code));
    if let Some(behaviour) = record.behaviour {
        text.push_str(&format!("  \"behaviour\": {behaviour},\n"));
    }
    text.push_str(&format!("  \"crate\": {},\n", json(&record.crate_name)));
    text.push_str(&format!("  \"version\": \"{}\",\n", record.version));
    text.push_str(&format!(
        "  \"fingerprint\": {},\n",
        json(&record.fingerprint)
    ));
    text.push_str("  \"items\": {");
    let mut first = true;
    for (path, item) in &record.items {
        text.push_str(if first { "\n" } else { ",\n" });
        first = false;
        text.push_str(&format!("    {}: {}", json(path), json(item)));
    }
    text.push_str(if first { "}\n}\n" } else { "\n  }\n}\n" });
    text
}

/// One line of JSON; the record's strings and items always serialize.
fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A hash of every emitted file except the record and the changelog, which are written
/// after it. FNV-1a over 8-byte words: defined here, so stable across platforms and Rust
/// versions (a `Hasher` is not promised to be), and fast on a megabyte of sources. It
/// detects change; it guards nothing.
pub fn fingerprint(files: &[EmittedFile]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    let mut feed = |bytes: &[u8]| {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buffer = [0; 8];
            buffer.copy_from_slice(word);
            hash ^= u64::from_le_bytes(buffer);
            hash = hash.wrapping_mul(PRIME);
        }
        for &byte in words.remainder() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
        // The length ends each part, so moving bytes from one file to the next shows.
        hash ^= bytes.len() as u64;
        hash = hash.wrapping_mul(PRIME);
    };
    for file in files
        .iter()
        .filter(|file| file.path != RECORD_FILE && file.path != CHANGELOG_FILE)
    {
        feed(file.path.as_bytes());
        feed(file.contents.as_bytes());
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record_json(items: &str) -> String {
        format!(
            r#"{{"@generated": "x", "format": 1, "crate": "c", "version": "0.1.0",
                "fingerprint": "0", "items": {items}}}"#
        )
    }

    #[test]
    fn a_record_round_trips() {
        let text = record_json(
            r#"{"links::UpdateOk": {"kind": "struct", "non_exhaustive": true, "from": ["Links / Update › 200 › $"]}}"#,
        );
        let record = parse_record(text.as_bytes(), Path::new("api.json")).unwrap();
        let again = parse_record(render_record(&record).as_bytes(), Path::new("api.json")).unwrap();
        assert_eq!(record, again);
        // Written before naming revisions existed: revision 1.
        assert_eq!(record.naming, 1);
    }

    #[test]
    fn invalid_records_name_the_place() {
        let cases = [
            (
                record_json(r#"{"links": {"kind": "crate"}}"#),
                "items.links.kind",
            ),
            (
                record_json(r#"{"links::fn": {"kind": "method"}}"#),
                "`fn` is not a Rust identifier",
            ),
            (
                record_json("{}").replace("\"format\": 1", "\"format\": 9"),
                "record format 9",
            ),
            (record_json("{}").replace("0.1.0", "1.x"), "version"),
            (
                record_json("{}").replace("\"format\": 1", "\"format\": 1, \"naming\": 9"),
                "naming revision 9",
            ),
            (
                record_json(
                    r#"{"links::UpdateOk": {"kind": "struct", "from": ["Links / Update"]}}"#,
                ),
                "at `items.links::UpdateOk.from[0]`: `Links / Update` is not a site",
            ),
        ];
        for (text, expected) in cases {
            let err = parse_record(text.as_bytes(), Path::new("out/api.json")).unwrap_err();
            let message = err.to_string();
            assert!(message.contains(expected), "{message}");
            assert!(message.starts_with("out/api.json"), "{message}");
        }
    }

    #[test]
    fn the_fingerprint_ignores_the_record_and_changelog_only() {
        let file = |path: &str, contents: &str| EmittedFile {
            path: path.into(),
            contents: contents.into(),
        };
        let base = vec![file("src/lib.rs", "a"), file("api.json", "1")];
        let same = vec![
            file("src/lib.rs", "a"),
            file("api.json", "2"),
            file(CHANGELOG_FILE, "x"),
        ];
        let other = vec![file("src/lib.rs", "b"), file("api.json", "1")];
        assert_eq!(fingerprint(&base), fingerprint(&same));
        assert_ne!(fingerprint(&base), fingerprint(&other));
    }
}
