//! What the previous generation left in the output directory, read before anything is
//! lowered: its record (`api.json`), which [`RememberedNames`] indexes by origin for `lower/`
//! and `infer/` to keep its names, and its changelog, which the new release continues.
//!
//! Reading only: building the new record, comparing it with this one and choosing the next
//! version are `record/`'s.

mod names;

use std::path::Path;

pub use names::{RememberedNames, RememberedType};

use crate::record::file::{parse_record, RecordError, CHANGELOG_FILE, RECORD_FILE};
use crate::record::ApiRecord;

/// What the previous generation left in the output directory.
#[derive(Debug, Clone, Default)]
pub struct PreviousOutput {
    pub record: Option<ApiRecord>,
    pub changelog: Option<String>,
}

impl PreviousOutput {
    /// Reads `api.json` and `CHANGELOG.md` from `out`; either may be absent (a first
    /// generation, or output from before records existed).
    pub fn read(out: &Path) -> Result<PreviousOutput, RecordError> {
        let record_path = out.join(RECORD_FILE);
        let record = match std::fs::read(&record_path) {
            Ok(bytes) => Some(parse_record(&bytes, &record_path)?),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(RecordError::Io {
                    path: record_path,
                    source,
                })
            }
        };
        let changelog_path = out.join(CHANGELOG_FILE);
        let changelog = match std::fs::read_to_string(&changelog_path) {
            Ok(text) => Some(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(RecordError::Io {
                    path: changelog_path,
                    source,
                })
            }
        };
        Ok(PreviousOutput { record, changelog })
    }
}
