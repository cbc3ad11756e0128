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
    /// How the crate behaves differently since the previous generation, for its users: the
    /// notes of each generator revision newer than the previous record's.
    pub behaviour: Vec<&'static str>,
    /// How the emitted code reads differently, for its reviewers: the notes of each layout
    /// revision newer than the previous record's, when the output changed.
    pub code: Vec<&'static str>,
}

/// What each revision of the generator's rules changed for the crates it generates, beyond
/// what the API diff lists (the revision is the record's `behaviour`, see
/// [`super::model::BEHAVIOUR_REVISION`]; up to revision 2 it was the naming revision, which
/// also brought the decoding rules). A crate gets the notes of the revisions after its
/// record's when its output changed: a rule that touches none of its requests changes
/// nothing for it.
const BEHAVIOUR_NOTES: &[(u32, &[&str])] = &[
    (
        2,
    &[
        "Method names leave out the articles of their Postman titles (`get_links_details`, not \
         `get_a_links_details`), request bodies of requests named `… request` are `…Body`, and \
         query or header structs shared across folders are one type in `types` named from their \
         keys (`types::OmitFieldsQuery`); every rename is listed below.",
        "Responses decode what a live API sends beyond the saved examples: a `null` item in a \
         list is skipped, a `null` map value is an absent entry, an integer field takes `7.0`, \
         uuids and dates read `\"\"` as absent, date-times take every RFC 3339 form of an \
         instant, and a number the examples show as an integer is `f64` unless its name says it \
         counts or identifies (the retyped fields are listed below).",
        "A struct no longer decodes from a JSON array (serde read `[]` as a struct of `None`s): \
         an array where an object is documented is a decode error at its path.",
    ],
    ),
    (
        3,
        &[
            "Requests are sent as Postman sends them: a request without a body sends the \
             `Content-Type` its collection declares, and one whose `formdata` body has no \
             enabled field sends no body (and its method takes no `form`).",
        ],
    ),
    (
        4,
        &[
            "A credential is one per source, not per scheme: where requests of one scheme read \
             different variables (`Bearer {{token}}`, `Bearer {{application_token}}`), the \
             scheme's setter is sent only by the requests that read the variable most of them \
             read, and each other variable has a setter of its own (`with_application_token`).",
        ],
    ),
    (
        5,
        &[
            "Whole numbers in request bodies, queries and forms are sent as integers (`0`, not \
             `0.0`), as Postman sends them: a field typed `f64` may be one the API reads as an \
             integer.",
        ],
    ),
    (
        6,
        &[
            "Every request sends a `User-Agent` naming this crate and its generator with their \
             versions (`Client::with_user_agent` or a call's `.header(\"User-Agent\", ..)` \
             sends another; one the collection writes stands), and asks for compressed \
             responses (`Accept-Encoding: gzip, br, deflate`, as Postman does), which it \
             decompresses.",
            "Calls are traced: with the default `tracing` feature every call is a span with a \
             child span per try (OpenTelemetry's HTTP client names), and retries, pages and \
             decode failures are events; nothing secret is recorded.",
        ],
    ),
];

/// What each layout revision of the emitted code changed with neither its API nor its
/// behaviour (the revision is the record's `code`, see [`super::model::CODE_REVISION`]), so
/// that such a release says more than that nothing public changed.
const CODE_NOTES: &[(u32, &[&str])] = &[
    (
        1,
    &["Folder files import the runtime items they use (`use crate::client::{Call, Request, …};`, \
       `use crate::http::{pairs, …};`) instead of spelling `crate::client::` and \
       `crate::http::` on every line; a name the module also uses for something else keeps its \
       full path."],
    ),
    (
        2,
        &["Response enums get `decode`, `status` and `from_response` from one macro \
           (`crate::http::response_enum!`) instead of each printing them out."],
    ),
    (
        3,
        &["Each operation's method says only what its request has: \
           `Request::builder(Method::PUT, \"/api/links/{id}/\").path(\"id\", id).json(body)`, \
           the credential only when it is not the one most requests send, instead of a \
           closure filling every field of `Request`. The requests sent are the same."],
    ),
];

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
                behaviour: Vec::new(),
                code: Vec::new(),
            };
        };
        let changes = changes.unwrap_or_default();
        let output_changed = previous.fingerprint != fingerprint;
        let behaviour: Vec<&str> = BEHAVIOUR_NOTES
            .iter()
            .filter(|(revision, _)| output_changed && *revision > previous.behaviour_revision())
            .flat_map(|(_, notes)| notes.iter().copied())
            .collect();
        let code: Vec<&str> = CODE_NOTES
            .iter()
            .filter(|(revision, _)| output_changed && *revision > previous.code)
            .flat_map(|(_, notes)| notes.iter().copied())
            .collect();
        // A crate that decodes differently can break its users as a removed item does: the
        // version says so even where the API diff alone would not.
        let behaviour_changed = !behaviour.is_empty();
        let implied = next_version(
            previous.version,
            &changes,
            behaviour_changed,
            output_changed,
        );
        Release {
            previous: Some(previous.version),
            version: requested.unwrap_or(implied),
            changes,
            output_changed,
            behaviour,
            code,
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
            Some(_) => Some(Section::changes(
                self.version,
                &self.changes,
                &self.behaviour,
                &self.code,
            )),
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

#[cfg(test)]
mod tests {
    use super::super::model::{BEHAVIOUR_REVISION, CODE_REVISION};
    use super::*;

    fn previous(code: u32) -> ApiRecord {
        ApiRecord {
            generated: String::new(),
            format: 1,
            naming: super::super::model::NAMING_REVISION,
            code,
            behaviour: Some(BEHAVIOUR_REVISION),
            crate_name: "c".into(),
            version: "0.1.0".parse().unwrap(),
            fingerprint: "before".into(),
            items: Default::default(),
        }
    }

    #[test]
    fn code_notes_come_once_with_a_changed_output_and_raise_the_patch() {
        let oldest = previous(0);
        let release = Release::plan(Some(&oldest), None, "after", None);
        assert_eq!(release.code.len(), CODE_NOTES.len());
        let older = previous(1);
        let release = Release::plan(Some(&older), None, "after", None);
        assert_eq!(release.version.to_string(), "0.1.1");
        // The notes of every revision after the record's, in order.
        let later: Vec<&str> = CODE_NOTES[1..]
            .iter()
            .flat_map(|(_, notes)| notes.iter().copied())
            .collect();
        assert_eq!(release.code, later);
        let changelog = release.changelog("m", None, 1);
        for note in later {
            assert!(changelog.contains(&format!("- {note}")), "{changelog}");
        }
        let unchanged = Release::plan(Some(&older), None, "before", None);
        assert!(unchanged.code.is_empty());
        let current = previous(CODE_REVISION);
        assert!(Release::plan(Some(&current), None, "after", None)
            .code
            .is_empty());
    }

    #[test]
    fn behaviour_notes_come_with_a_changed_output_from_the_records_revision() {
        // A record from before the `behaviour` key is at its naming revision.
        let before_the_key = ApiRecord {
            naming: 2,
            behaviour: None,
            ..previous(CODE_REVISION)
        };
        assert_eq!(before_the_key.behaviour_revision(), 2);
        let release = Release::plan(Some(&before_the_key), None, "after", None);
        let newer: Vec<&str> = BEHAVIOUR_NOTES
            .iter()
            .filter(|(revision, _)| *revision > 2)
            .flat_map(|(_, notes)| notes.iter().copied())
            .collect();
        assert!(!newer.is_empty());
        assert_eq!(release.behaviour, newer);
        // A behaviour change raises the minor version below 1.0.
        assert_eq!(release.version.to_string(), "0.2.0");

        // No output change: the new rules touched nothing of this crate.
        let unchanged = Release::plan(Some(&before_the_key), None, "before", None);
        assert!(unchanged.behaviour.is_empty());
        assert_eq!(unchanged.version.to_string(), "0.1.0");

        let current = previous(CODE_REVISION);
        assert!(Release::plan(Some(&current), None, "after", None)
            .behaviour
            .is_empty());
    }
}
