//! Finding newman (on PATH, else a local install under `target/newman`, made with npm when
//! absent) and running it over a collection copy with the JSON reporter.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::server::RECORDED_ID;

/// The newman to run, and how it was found (printed).
pub struct Newman {
    pub program: PathBuf,
    pub found: String,
}

fn version(program: &Path) -> Option<String> {
    let output = Command::new(program).arg("--version").output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// `newman` on PATH, else `target/newman` (installed there with `npm install --prefix
/// target/newman newman@6` when npm is on PATH); `Err(reason to skip)` otherwise.
pub fn find(workspace_root: &Path) -> Result<Newman, String> {
    if let Some(found) = version(Path::new("newman")) {
        return Ok(Newman {
            program: "newman".into(),
            found: format!("newman {found} on PATH"),
        });
    }
    let prefix = workspace_root.join("target/newman");
    let local = prefix.join("node_modules/.bin/newman");
    if let Some(found) = version(&local) {
        return Ok(Newman {
            program: local,
            found: format!("newman {found} in target/newman"),
        });
    }
    let installed = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&prefix)
        .arg("newman@6")
        .output()
        .map_err(|error| format!("newman is not on PATH and npm cannot be run ({error})"))?;
    if !installed.status.success() {
        return Err(format!(
            "newman is not on PATH and `npm install --prefix target/newman newman@6` failed:\n{}",
            String::from_utf8_lossy(&installed.stderr)
        ));
    }
    let found = version(&local).ok_or("newman was installed but does not run")?;
    Ok(Newman {
        program: local,
        found: format!("newman {found}, just installed in target/newman with npm"),
    })
}

/// What newman did with one request item: the number the server recorded it under, or
/// newman's error.
pub type Executions = BTreeMap<usize, Result<String, String>>;

/// Runs newman over `collection` (a copy written by `Collection::for_newman`) with
/// `variables` as environment variables, and reads which recorded request each item sent.
pub fn run(
    newman: &Newman,
    collection: &Path,
    variables: &BTreeMap<String, String>,
    work_dir: &Path,
) -> Result<Executions, String> {
    let report = work_dir.join("newman-report.json");
    let _ = std::fs::remove_file(&report);
    let mut command = Command::new(&newman.program);
    command
        .arg("run")
        .arg(collection)
        .args(["--reporters", "json", "--reporter-json-export"])
        .arg(&report)
        // The run's outcome is read from the report: failing tests of the collection's
        // scripts (every response is a bare 299) must not fail it.
        .arg("--suppress-exit-code")
        .args(["--timeout-request", "10000", "--timeout-script", "10000"])
        .arg("--working-dir")
        .arg(work_dir)
        .arg("--no-insecure-file-read")
        .arg("--ignore-redirects");
    for (name, value) in variables {
        command.arg("--env-var").arg(format!("{name}={value}"));
    }
    let output = command
        .output()
        .map_err(|error| format!("newman: {error}"))?;
    let text = std::fs::read_to_string(&report).map_err(|error| {
        format!(
            "newman wrote no report ({error}):\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    let summary: Value = serde_json::from_str(&text).map_err(|error| error.to_string())?;
    let mut executions = Executions::new();
    for execution in summary
        .pointer("/run/executions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(index) = execution
            .pointer("/item/id")
            .and_then(Value::as_str)
            .and_then(|id| id.strip_prefix("newman-"))
            .and_then(|index| index.parse().ok())
        else {
            continue;
        };
        let recorded = execution
            .pointer("/response/header")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|header| {
                header
                    .get("key")
                    .and_then(Value::as_str)
                    .is_some_and(|key| key.eq_ignore_ascii_case(RECORDED_ID))
            })
            .and_then(|header| header.get("value").and_then(Value::as_str))
            .map(str::to_string);
        let outcome = recorded.ok_or_else(|| {
            execution
                .pointer("/requestError/message")
                .and_then(Value::as_str)
                .unwrap_or("no response")
                .to_string()
        });
        executions.entry(index).or_insert(outcome);
    }
    Ok(executions)
}
