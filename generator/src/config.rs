//! The generator's defaults in `[workspace.metadata.generator]` of the workspace Cargo.toml.

use std::path::{Path, PathBuf};

/// `[workspace.metadata.generator]`: paths are relative to the manifest that holds it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Defaults {
    pub collection: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub crate_name: Option<String>,
    /// Field names redacted in `Debug` besides the built-in rule (password, token, ...).
    #[serde(default)]
    pub secret_fields: Vec<String>,
    /// Corrections to inference by field path (`[workspace.metadata.generator.overrides]`).
    #[serde(default)]
    pub overrides: crate::lower::overrides::Overrides,
}

/// The defaults of the nearest Cargo.toml at or above `start` that has the section, with
/// that manifest's directory; empty defaults and `start` when none has it.
pub fn find_workspace_defaults(start: &Path) -> Result<(Defaults, PathBuf), String> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let value: toml::Value =
            toml::from_str(&text).map_err(|err| format!("{}: {err}", manifest.display()))?;
        if let Some(section) = value
            .get("workspace")
            .and_then(|w| w.get("metadata"))
            .and_then(|m| m.get("generator"))
        {
            // The error names the key at fault (`overrides."links::A::b".typ`).
            let defaults = serde_path_to_error::deserialize(section.clone()).map_err(|err| {
                format!(
                    "{}: [workspace.metadata.generator] {}: {}",
                    manifest.display(),
                    err.path(),
                    err.inner()
                )
            })?;
            return Ok((defaults, dir.to_path_buf()));
        }
    }
    Ok((Defaults::default(), start.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults_of(manifest: &str) -> Result<Defaults, String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
        find_workspace_defaults(dir.path()).map(|(defaults, _)| defaults)
    }

    #[test]
    fn overrides_are_read_and_a_bad_key_is_named_with_its_path() {
        let read = defaults_of(
            "[workspace.metadata.generator.overrides.\"links::UpdateOk::rate\"]\ntype = \"f64\"\n",
        )
        .unwrap();
        assert_eq!(
            read.overrides["links::UpdateOk::rate"].ty.as_deref(),
            Some("f64")
        );

        let error = defaults_of(
            "[workspace.metadata.generator.overrides.\"links::UpdateOk::rate\"]\nrequird = true\n",
        )
        .unwrap_err();
        assert!(error.contains("overrides.links::UpdateOk::rate"), "{error}");
        assert!(error.contains("unknown field `requird`"), "{error}");
    }
}
