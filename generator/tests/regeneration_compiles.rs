//! The promise, checked by the compiler: a crate written against the API of one generation
//! still compiles after every regeneration that the report calls non-breaking, and stops
//! compiling after one it calls breaking.
//!
//! For each edit of Belvo (see `support/belvo_edits.rs`), Belvo is generated, a consumer
//! crate is written that uses every item of that first record (`support/consumer.rs`), the
//! edited collection is regenerated over the first output, and the consumer is checked
//! against the result.

mod support;

use std::path::Path;
use std::process::Command;

use generator::record::file::{parse_record, RECORD_FILE};
use serde_json::Value;
use support::belvo_edits as edits;

type Edit = fn(&mut Value);

/// Regenerates Belvo after `edit` in `dir/name`; returns the consumer source written
/// against the first generation and whether the report says breaking.
fn regenerate(dir: &Path, name: &str, edit: Edit) -> (String, bool) {
    let collection_path = dir.join(format!("{name}.postman_collection.json"));
    let out = dir.join(name);
    let config = generator::Config {
        collection: collection_path.clone(),
        out: out.clone(),
        crate_name: name.to_string(),
        check: false,
        extra_secret_fields: Vec::new(),
        overrides: Default::default(),
        force: false,
        crate_version: None,
        deny_breaking: false,
    };
    let mut collection = edits::belvo();
    let write = |collection: &Value| {
        let text = serde_json::to_string(collection).expect("serializes");
        std::fs::write(&collection_path, text).expect("collection is written");
    };
    write(&collection);
    generator::generate(&config).expect("Belvo generates");
    let record_path = out.join(RECORD_FILE);
    let record = parse_record(
        &std::fs::read(&record_path).expect("api.json"),
        &record_path,
    )
    .expect("api.json parses");
    let consumer = support::consumer::consumer_source(&record.items);
    edit(&mut collection);
    write(&collection);
    let report = generator::generate(&config).expect("the edit generates");
    std::fs::remove_file(&collection_path).expect("collection is removed");
    (consumer, !report.release.changes.breaking.is_empty())
}

fn write_consumer(workspace: &Path, crate_name: &str, source: &str) -> String {
    let name = format!("uses-{crate_name}");
    let dir = workspace.join(&name);
    std::fs::create_dir_all(dir.join("src")).expect("consumer dir");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\ndep = {{ package = \"{crate_name}\", path = \"../{crate_name}\" }}\n\
             chrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\n\
             serde_json = \"1\"\nuuid = \"1\"\n"
        ),
    )
    .expect("consumer manifest");
    std::fs::write(dir.join("src/lib.rs"), source).expect("consumer source");
    name
}

fn cargo_check(workspace: &Path, target: &Path, package: &str) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args(["check", "--offline", "-p", package])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .output()
        .expect("cargo runs")
}

#[test]
fn code_written_against_the_first_generation_compiles_after_non_breaking_ones() {
    // Each edit, with what the compiler says to the consumer when the edit is breaking.
    let edits: [(&str, Edit, Option<&str>); 7] = [
        (
            "belvo-new-request",
            edits::new_request_sharing_a_nested_shape,
            None,
        ),
        ("belvo-new-folder", edits::new_folder_sharing_types, None),
        ("belvo-new-key", edits::new_optional_response_key, None),
        ("belvo-reordered-folders", edits::reversed_folders, None),
        ("belvo-reordered-requests", edits::reversed_requests, None),
        (
            "belvo-removed-request",
            edits::removed_request,
            Some("no method named `delete_link`"),
        ),
        (
            "belvo-new-required-field",
            edits::new_request_field,
            Some("missing field `otp` in initializer of `UpdateRequest`"),
        ),
    ];
    let root = support::workspace_root();
    let target = root.join("target").join("emitted-crates");
    let workspace = target.join("workspaces").join("regeneration");
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace).expect("the previous run's workspace is removed");
    }
    std::fs::create_dir_all(&workspace).expect("workspace");
    let mut members = Vec::new();
    let mut checks = Vec::new();
    for (name, edit, expected_error) in edits {
        let (consumer, breaking) = regenerate(&workspace, name, edit);
        assert_eq!(
            breaking,
            expected_error.is_some(),
            "{name}: the report's classification"
        );
        let consumer = write_consumer(&workspace, name, &consumer);
        members.push(format!("{name:?}"));
        members.push(format!("{consumer:?}"));
        checks.push((consumer, expected_error));
    }
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("Cargo.lock");
    for (consumer, expected_error) in checks {
        let output = cargo_check(&workspace, &target, &consumer);
        let stderr = String::from_utf8_lossy(&output.stderr);
        match expected_error {
            // The consumer is strict enough to notice: a breaking regeneration breaks it.
            Some(expected_error) => {
                assert!(
                    !output.status.success(),
                    "{consumer} still compiles after a breaking change"
                );
                assert!(stderr.contains(expected_error), "{consumer}: {stderr}");
            }
            None => assert!(
                output.status.success(),
                "{consumer} no longer compiles:\n{stderr}"
            ),
        }
    }
}
