//! Shared by the generator's integration tests: where fixtures are, generating them, and
//! compiling emitted crates.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

pub mod belvo_edits;
pub mod consumer;
pub mod naming_lints;

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::EmittedFile;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator crate sits inside the workspace")
        .to_path_buf()
}

/// `(name, path)` of every hand-written fixture collection, sorted.
pub fn fixtures() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("readable fixtures dir").path())
        .filter_map(|path| {
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".postman_collection.json")?
                .to_string();
            Some((name, path))
        })
        .collect();
    found.sort();
    found
}

/// Generates a collection file in memory, panicking with the generator's message on error.
/// A fixture `NAME.postman_collection.json` is generated with the overrides in
/// `NAME.overrides.toml` beside it, if there is one (the table under
/// `[workspace.metadata.generator.overrides]`).
pub fn generate(path: &Path, crate_name: &str) -> (Vec<EmittedFile>, generator::Report) {
    first_generation(path, crate_name, generator::generate_after)
}

/// The IR [`generate`] emits the crate from.
pub fn resolved_api(path: &Path, crate_name: &str) -> generator::ir::Api {
    first_generation(path, crate_name, generator::resolved_api)
}

/// `run` on the collection file at `path`, as a first generation of `crate_name`.
fn first_generation<T>(
    path: &Path,
    crate_name: &str,
    run: fn(
        &[u8],
        &Path,
        &generator::Generation,
        &generator::PreviousOutput,
    ) -> Result<T, generator::Error>,
) -> T {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let previous = generator::PreviousOutput::default();
    run(&bytes, path, &generation(path, crate_name), &previous)
        .unwrap_or_else(|err| panic!("{} does not generate: {err}", path.display()))
}

/// A first generation of `path` as `crate_name`, with the overrides beside it.
fn generation(path: &Path, crate_name: &str) -> generator::Generation {
    let overrides_file = path
        .to_str()
        .and_then(|text| text.strip_suffix(".postman_collection.json"))
        .map(|stem| PathBuf::from(format!("{stem}.overrides.toml")))
        .filter(|file| file.exists());
    let overrides = overrides_file.map_or_else(Default::default, |file| {
        let text = std::fs::read_to_string(&file).expect("overrides are readable");
        toml::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", file.display()))
    });
    generator::Generation {
        overrides,
        ..generator::Generation::new(crate_name)
    }
}

/// Writes each crate into a workspace under `target/emitted-crates/<workspace_name>` that
/// reuses the repository's Cargo.lock (so no new dependency versions are resolved), then
/// requires `cargo clippy --all-targets -D warnings`, `cargo test` and `cargo doc` with
/// rustdoc's warnings denied to pass there, all with every feature on: the mock server is
/// checked too, and its generated tests send every request to it.
///
/// The target directory `target/emitted-crates` is shared by every such test and run, so
/// dependencies compile once. Disk is what runs out first on CI (the eight real collections
/// once filled a runner), so the workspace path is stable (a temporary one would give every
/// run new fingerprints and leave the old artifacts behind), and neither incremental caches
/// nor debug info are written: each emitted crate is built to be checked, never debugged.
pub fn compile_and_test(workspace_name: &str, crates: &[(String, Vec<EmittedFile>)]) {
    compile_and_test_then(workspace_name, crates, |_| {});
}

/// [`compile_and_test`], calling `after_test` with the workspace's folder (each crate is in
/// the subfolder of its name) once `cargo test` has run and before its result is asserted: to
/// read what the tests wrote, failed or not. The tests of every crate run (`--no-fail-fast`).
pub fn compile_and_test_then(
    workspace_name: &str,
    crates: &[(String, Vec<EmittedFile>)],
    after_test: impl FnOnce(&Path),
) {
    let mut after_test = Some(after_test);
    let root = workspace_root();
    let target = root.join("target").join("emitted-crates");
    let workspace = target.join("workspaces").join(workspace_name);
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace).expect("the previous run's workspace is removed");
    }
    std::fs::create_dir_all(&workspace).expect("workspace directory is created");
    for (name, files) in crates {
        generator::output::write_atomically(&workspace.join(name), files)
            .expect("crate is written");
    }
    let members: Vec<String> = crates.iter().map(|(name, _)| format!("{name:?}")).collect();
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("workspace manifest is written");
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .expect("Cargo.lock is copied");

    for (args, rustdoc_flags) in [
        (
            &[
                "clippy",
                "--offline",
                "--all-features",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ][..],
            "",
        ),
        (
            &["test", "--offline", "--all-features", "--no-fail-fast"][..],
            "",
        ),
        // Descriptions become docs: links, brackets and HTML in them must not make rustdoc warn.
        (
            &["doc", "--offline", "--no-deps", "--all-features"][..],
            "-D warnings",
        ),
    ] {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&workspace)
            .env("RUSTDOCFLAGS", rustdoc_flags)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_INCREMENTAL", "0")
            .env("CARGO_PROFILE_DEV_DEBUG", "false")
            .env("CARGO_PROFILE_TEST_DEBUG", "false")
            .output()
            .expect("cargo runs");
        if args[0] == "test" {
            if let Some(after_test) = after_test.take() {
                after_test(&workspace);
            }
        }
        assert!(
            output.status.success(),
            "cargo {} failed:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr),
            failed_tests(&output.stdout)
        );
    }
}

/// What `cargo test` printed about its failed tests (their panics), from each test binary's
/// `failures:` section; the tests' names alone go to stderr.
fn failed_tests(stdout: &[u8]) -> String {
    let stdout = String::from_utf8_lossy(stdout);
    let sections: Vec<&str> = stdout.split("\nfailures:\n").skip(1).step_by(2).collect();
    if sections.is_empty() {
        return String::new();
    }
    format!("\nfailures:\n{}", sections.join("\n"))
}
