//! The version a generation gets, the changes that decide it, and its changelog entry.

use super::changelog::{self, Section};
use super::diff::{next_version, ApiChanges};
use super::model::{ApiRecord, Version};

/// What this generation is, compared with the previous one.
#[derive(Debug, Clone)]
pub struct Release {
    /// The previous generation's version; `None` for a first generation.
    pub previous: Option<Version>,
    pub version: Version,
    /// The public API's changes, classified; empty for a first generation.
    pub changes: ApiChanges,
    /// Some emitted file other than the record and changelog differs.
    pub output_changed: bool,
}

impl Release {
    /// The release after the previous record, given the API `changes` since it (see
    /// [`super::diff::diff`]) and the new output's `fingerprint`; the version follows from them unless
    /// `requested` (`--crate-version`) says it.
    pub fn plan(
        previous: Option<&ApiRecord>,
        changes: Option<ApiChanges>,
        fingerprint: &str,
        requested: Option<Version>,
    ) -> Release {
        let Some(previous) = previous else {
            return Release {
                previous: None,
                version: requested.unwrap_or(Version::INITIAL),
                changes: ApiChanges::default(),
                output_changed: true,
            };
        };
        let changes = changes.unwrap_or_default();
        let output_changed = previous.fingerprint != fingerprint;
        let implied = next_version(previous.version, &changes, output_changed);
        Release {
            previous: Some(previous.version),
            version: requested.unwrap_or(implied),
            changes,
            output_changed,
        }
    }

    /// Whether this generation gets a changelog section: a first one, and any that changed
    /// the API, the output or the version.
    fn section(&self, operations: usize) -> Option<Section<'_>> {
        match self.previous {
            None => Some(Section::first(self.version, operations)),
            Some(previous)
                if previous == self.version && !self.output_changed && self.changes.is_empty() =>
            {
                None
            }
            Some(_) => Some(Section::changes(self.version, &self.changes)),
        }
    }

    /// `CHANGELOG.md`: the previous text with this generation's section on top.
    pub fn changelog(&self, marker: &str, previous: Option<&str>, operations: usize) -> String {
        changelog::render(marker, previous, self.section(operations))
    }

    /// `0.1.0 → 0.2.0, 1 breaking, 3 additive`, for the summary line.
    pub fn summary(&self) -> String {
        let counts = format!(
            "{} breaking, {} additive",
            self.changes.breaking.len(),
            self.changes.additive.len()
        );
        match self.previous {
            None => format!("{} (first generation)", self.version),
            Some(_) if self.changes.is_empty() && !self.output_changed => {
                format!("{}, no change", self.version)
            }
            Some(previous) if previous == self.version => {
                format!("{} (version kept), {counts}", self.version)
            }
            Some(previous) => format!("{previous} → {}, {counts}", self.version),
        }
    }
}
