//! Every fixture's emitted crate builds with `clippy -D warnings` and passes its own
//! generated example tests. The crates are generated into one temporary workspace that
//! reuses the repository's Cargo.lock, so no new dependency versions are resolved.

mod support;

use std::process::Command;

#[test]
fn fixture_crates_compile_clippy_clean_and_decode_their_examples() {
    let root = support::workspace_root();
    let workspace = tempfile::tempdir().expect("temporary directory");
    let fixtures = support::fixtures();
    for (name, path) in &fixtures {
        let (files, _) = support::generate(path, name);
        generator::output::write_atomically(&workspace.path().join(name), &files)
            .expect("fixture crate is written");
    }
    let members: Vec<String> = fixtures
        .iter()
        .map(|(name, _)| format!("{name:?}"))
        .collect();
    std::fs::write(
        workspace.path().join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("workspace manifest is written");
    std::fs::copy(root.join("Cargo.lock"), workspace.path().join("Cargo.lock"))
        .expect("Cargo.lock is copied");

    let target = root.join("target").join("fixture-crates");
    for args in [
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ][..],
        &["test", "--offline"][..],
    ] {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(workspace.path())
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo {} failed for the fixture crates:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
