//! The record's data: the public API of one generation, as written to `api.json`.
//!
//! Every public item of the emitted crate that the collection decides is one entry, keyed by
//! its Rust path from the crate root (`links::LinksApi::update`, `types::Account::id`). Each
//! entry says what kind of item it is, a signature that changes exactly when the item's type
//! does, and, for items named from the collection, where in the collection it came from (the
//! identity the next run matches to keep the name).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The format of `api.json`; a record of another format is refused, not guessed at.
pub const RECORD_FORMAT: u32 = 1;

/// The naming rules this generator names new items by. A record written under older rules
/// (`"naming"` absent is revision 1) keeps its names except those the newer rules retire on
/// purpose (see `memory.rs`); the new record is written at this revision, so the next run
/// keeps the new names. Revision 2 left out articles from method names, retired
/// `…RequestRequest` bodies and gave parameter structs shared across folders a neutral type.
pub const NAMING_REVISION: u32 = 2;

/// The revision of the emitted code's layout this generator writes: raised by a change of
/// how the output reads that changes neither its API nor its behaviour, with a note in
/// `CODE_NOTES` (`release.rs`) for the changelog. A record without `"code"` is revision 0.
/// Revision 1: folder files import the runtime items they use; 2: response enums' methods
/// come from one macro; 3: operations build their request with the runtime's builder.
pub const CODE_REVISION: u32 = 3;

/// The revision of how the emitted crates behave beyond their API (what they send and how
/// they decode), raised with notes in `BEHAVIOUR_NOTES` (`release.rs`) for the changelog. A
/// record without `"behaviour"` is at its naming revision, which carried these notes before.
/// Revision 3: requests without a body send their declared `Content-Type`, and an empty
/// `formdata` body is no body; 4: a credential per source; 5: whole numbers sent as integers;
/// 6: a `User-Agent` of the crate's own, and compressed responses asked for.
pub const BEHAVIOUR_REVISION: u32 = 6;

/// What a record without a `"naming"` key was named by.
fn first_naming_revision() -> u32 {
    1
}

/// The whole record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiRecord {
    /// The `@generated` marker line, so the output check recognises the file as ours.
    #[serde(rename = "@generated")]
    pub generated: String,
    pub format: u32,
    /// The naming revision the record's names were chosen by ([`NAMING_REVISION`]).
    #[serde(default = "first_naming_revision")]
    pub naming: u32,
    /// The layout revision of the emitted code ([`CODE_REVISION`]); 0 when absent.
    #[serde(default)]
    pub code: u32,
    /// The behaviour revision of the emitted code ([`BEHAVIOUR_REVISION`]); `None` when
    /// absent (see [`ApiRecord::behaviour_revision`]).
    #[serde(default)]
    pub behaviour: Option<u32>,
    #[serde(rename = "crate")]
    pub crate_name: String,
    pub version: Version,
    /// A hash of every emitted file except the ones that carry the version (Cargo.toml,
    /// CHANGELOG.md, api.json): tells "no change at all" from "docs or code changed".
    pub fingerprint: String,
    pub items: BTreeMap<String, ApiItem>,
}

impl ApiRecord {
    /// The behaviour revision the recorded crate was generated at: its naming revision when
    /// the record predates the key, as the behaviour notes went with naming revisions then.
    pub fn behaviour_revision(&self) -> u32 {
        self.behaviour.unwrap_or(self.naming)
    }
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiItem {
    pub kind: ItemKind,
    /// What users compile against, as Rust text: a field's or alias's type, a method's
    /// arguments and return type, a variant's payload. Empty for modules and structs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
    /// Structs and enums marked `#[non_exhaustive]`: new fields or variants are additive.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_exhaustive: bool,
    /// Where in the collection the item comes from: a folder path for modules, a request's
    /// key for methods and response enums, body sites (`Links / Update › 428 ›
    /// $.token_generation_data`) for inferred types. The next run gives the same name to the
    /// same origin.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    /// Part of the fixed runtime, the same for every collection (see `runtime_api.rs`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub runtime: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Module,
    Struct,
    Enum,
    /// `pub type Name = Target;`
    TypeAlias,
    Field,
    Variant,
    /// A method of `Client` or of a folder's accessor struct.
    Method,
}

impl ItemKind {
    pub fn describe(self) -> &'static str {
        match self {
            ItemKind::Module => "module",
            ItemKind::Struct => "struct",
            ItemKind::Enum => "enum",
            ItemKind::TypeAlias => "type alias",
            ItemKind::Field => "field",
            ItemKind::Variant => "variant",
            ItemKind::Method => "method",
        }
    }
}

/// A crate version `MAJOR.MINOR.PATCH` (no pre-release or build parts: the generator never
/// writes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    /// What the first generation is called unless `--crate-version` says otherwise.
    pub const INITIAL: Version = Version {
        major: 0,
        minor: 1,
        patch: 0,
    };
}

/// Why a text is not a version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a version: write MAJOR.MINOR.PATCH, for example 1.4.0")]
pub struct VersionError(pub String);

impl std::str::FromStr for Version {
    type Err = VersionError;

    fn from_str(text: &str) -> Result<Version, VersionError> {
        let invalid = || VersionError(text.to_string());
        let mut parts = text.split('.').map(|part| {
            let well_formed = !part.is_empty()
                && part.bytes().all(|b| b.is_ascii_digit())
                && (part == "0" || !part.starts_with('0'));
            well_formed
                .then(|| part.parse::<u64>().ok())
                .flatten()
                .ok_or_else(invalid)
        });
        let version = Version {
            major: parts.next().ok_or_else(invalid)??,
            minor: parts.next().ok_or_else(invalid)??,
            patch: parts.next().ok_or_else(invalid)??,
        };
        match parts.next() {
            None => Ok(version),
            Some(_) => Err(invalid()),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Version, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The parent of an item path: `links::UpdateOk` for `links::UpdateOk::status`, `None` for
/// a top-level item.
pub fn parent_path(path: &str) -> Option<&str> {
    path.rsplit_once("::").map(|(parent, _)| parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_three_plain_numbers() {
        assert_eq!(
            "1.20.3".parse(),
            Ok(Version {
                major: 1,
                minor: 20,
                patch: 3
            })
        );
        for bad in [
            "1.2",
            "1.2.3.4",
            "1.02.3",
            "v1.2.3",
            "1.2.3-beta",
            "",
            "1..3",
        ] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
        assert_eq!(Version::INITIAL.to_string(), "0.1.0");
    }

    #[test]
    fn parents_are_the_path_without_its_last_segment() {
        assert_eq!(
            parent_path("links::UpdateOk::status"),
            Some("links::UpdateOk")
        );
        assert_eq!(parent_path("links"), None);
    }
}
