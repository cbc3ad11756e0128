//! Snapshot tests: the emitted crate for each hand-written fixture, file by file, and the
//! warnings it produced. A changed snapshot is reviewed like code (see the commit message).
//!
//! Each expected output has one golden copy. `generated/` is the one of `collection.json`
//! (`generated_crate_is_current`), and the fixtures the behaviour tests compile have theirs
//! in `tests/fixture-crates/` (`fixture_crates_used_by_behaviour_tests_are_current`); the
//! other fixtures' files are insta snapshots.

mod support;

/// Fixtures whose emitted crate is committed in `tests/fixture-crates/`.
const COMMITTED_FIXTURES: [&str; 3] = ["structure", "auth-and-variables", "signed-auth"];

/// Files copied from `templates/runtime/`, which is their golden copy (compiled and tested
/// there); which pieces a crate gets is tested in `emit/runtime.rs`.
const RUNTIME_FILES: [&str; 5] = [
    "src/auth.rs",
    "src/error.rs",
    "src/http.rs",
    "src/http/trace.rs",
    "src/mock/mock_server.rs",
];

#[test]
fn fixture_crates() {
    for (name, path) in support::fixtures() {
        let (files, report) = support::generate(&path, &name);
        if !COMMITTED_FIXTURES.contains(&name.as_str()) {
            for file in files
                .iter()
                .filter(|file| !RUNTIME_FILES.contains(&file.path.as_str()))
            {
                insta::assert_snapshot!(format!("{name}@{}", file.path), &file.contents);
            }
        }
        // The count by kind first (the CLI's summary says it), then each warning.
        let warnings: Vec<String> =
            std::iter::once(generator::diagnostics::summary(&report.warnings))
                .chain(report.warnings.iter().map(ToString::to_string))
                .collect();
        insta::assert_snapshot!(format!("{name}@warnings"), warnings.join("\n"));
    }
}

#[test]
fn generated_crate_is_current() {
    let root = support::workspace_root();
    let (defaults, _) =
        generator::config::find_workspace_defaults(&root).expect("workspace config reads");
    let bytes = std::fs::read(root.join("collection.json")).expect("collection.json is readable");
    // As `cargo run -p generator` does: after the output that is there (its names, version
    // and changelog).
    let previous =
        generator::PreviousOutput::read(&root.join("generated")).expect("generated/ is readable");
    let generation = generator::Generation {
        extra_secret_fields: defaults.secret_fields.clone(),
        overrides: defaults.overrides.clone(),
        ..generator::Generation::new("belvo")
    };
    let (files, report) = generator::generate_after(
        &bytes,
        &root.join("collection.json"),
        &generation,
        &previous,
    )
    .expect("collection.json generates");
    let stale =
        generator::output::check(&root.join("generated"), &files).expect("generated/ is readable");
    assert!(
        stale.is_empty(),
        "generated/ is not what collection.json generates; run `cargo run -p generator`:\n{}",
        stale.join("\n")
    );
    assert_eq!(report.operations, 103);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn generation_is_deterministic() {
    let root = support::workspace_root();
    let (first, _) = support::generate(&root.join("collection.json"), "belvo");
    let (second, _) = support::generate(&root.join("collection.json"), "belvo");
    assert_eq!(first, second);
}

#[test]
fn fixture_crates_used_by_behaviour_tests_are_current() {
    // tests/fixture-crates holds the fixtures emitted for live-server tests; regenerate with
    // `cargo run -p generator -- --collection generator/tests/fixtures/NAME.postman_collection.json
    //  --out tests/fixture-crates/NAME --crate-name fixture-NAME`.
    let root = support::workspace_root();
    for name in COMMITTED_FIXTURES {
        let fixture = root.join(format!(
            "generator/tests/fixtures/{name}.postman_collection.json"
        ));
        let out = root.join("tests/fixture-crates").join(name);
        let previous = generator::PreviousOutput::read(&out).expect("fixture crate is readable");
        let bytes = std::fs::read(&fixture).expect("fixture is readable");
        let generation = generator::Generation::new(&format!("fixture-{name}"));
        let (files, _) = generator::generate_after(&bytes, &fixture, &generation, &previous)
            .expect("fixture generates");
        let stale = generator::output::check(&out, &files).expect("fixture crate is readable");
        assert!(
            stale.is_empty(),
            "{} is stale:\n{}",
            out.display(),
            stale.join("\n")
        );
    }
}
