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
            let defaults = section.clone().try_into().map_err(|err| {
                format!(
                    "{}: [workspace.metadata.generator]: {err}",
                    manifest.display()
                )
            })?;
            return Ok((defaults, dir.to_path_buf()));
        }
    }
    Ok((Defaults::default(), start.to_path_buf()))
}
