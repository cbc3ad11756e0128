//! The real public collections in `../shared/collections` (beside the repository): every
//! v2.0/v2.1 one generates a crate that passes `clippy -D warnings` and decodes its saved
//! examples, also when varied the way a live API varies them (`support/perturbation/`); the
//! v1 one is refused with exit code 2. Skipped, with the reason printed, when the folder is
//! absent. `REAL_COLLECTIONS=belvo,plaid` narrows the run to those collections (printed).

mod support;

#[path = "support/perturbation/mod.rs"]
mod perturbation;

use std::path::PathBuf;

fn collections_dir() -> Option<PathBuf> {
    let dir = support::workspace_root().join("../shared/collections");
    dir.is_dir().then_some(dir)
}

/// `(crate name, path)` of every collection file, sorted.
fn collections(dir: &std::path::Path) -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .expect("collections folder is readable")
        .map(|entry| entry.expect("readable entry").path())
        .filter_map(|path| {
            let stem = path
                .file_name()?
                .to_str()?
                .strip_suffix(".postman_collection.json")?;
            Some((stem.to_string(), path))
        })
        .collect();
    found.sort();
    found
}

fn is_version_one(path: &std::path::Path) -> bool {
    let bytes = std::fs::read(path).expect("collection is readable");
    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("collection is JSON");
    value.get("info").is_none() && value.get("requests").is_some()
}

#[test]
fn every_v2_collection_generates_a_clippy_clean_crate_that_decodes_its_examples() {
    let Some(dir) = collections_dir() else {
        println!(
            "skipped: ../shared/collections is absent, so there are no real collections to check"
        );
        return;
    };
    let narrowed = std::env::var("REAL_COLLECTIONS").ok();
    let chosen = |name: &str| {
        narrowed
            .as_deref()
            .is_none_or(|names| names.split(',').any(|chosen| chosen.trim() == name))
    };
    if let Some(names) = &narrowed {
        println!("REAL_COLLECTIONS={names}: only these collections are generated and checked");
    }
    let crates: Vec<_> = collections(&dir)
        .into_iter()
        .filter(|(name, path)| chosen(name) && !is_version_one(path))
        .map(|(name, path)| {
            let (mut files, _) = support::generate(&path, &name);
            let api = support::resolved_api(&path, &name);
            perturbation::add_to_crate(&mut files, &api, &name);
            (name, files)
        })
        .collect();
    assert!(
        crates.len() >= 2 || narrowed.is_some(),
        "expected several v2 collections in {}",
        dir.display()
    );
    support::compile_and_test_then("real-collections", &crates, |workspace| {
        let reports: Vec<_> = crates
            .iter()
            .map(|(name, _)| {
                (
                    name.clone(),
                    perturbation::read_report(&workspace.join(name)),
                )
            })
            .collect();
        println!("{}", perturbation::summary(&reports));
    });
}

#[test]
fn version_one_collections_are_refused_with_exit_code_2() {
    let Some(dir) = collections_dir() else {
        println!("skipped: ../shared/collections is absent");
        return;
    };
    let v1: Vec<_> = collections(&dir)
        .into_iter()
        .filter(|(_, path)| is_version_one(path))
        .collect();
    assert!(
        !v1.is_empty(),
        "expected a v1 collection in {}",
        dir.display()
    );
    for (name, path) in v1 {
        let bytes = std::fs::read(&path).expect("collection is readable");
        let err = generator::generate_files(&bytes, &path, &name).expect_err("v1 is refused");
        assert_eq!(err.exit_code(), 2, "{err}");
        let message = err.to_string();
        assert!(
            message.contains("Postman v1") && message.contains("v2.1"),
            "{message}"
        );
    }
}
