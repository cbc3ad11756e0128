//! Shared by the generator's integration tests: where fixtures are, and generating them.

use std::path::{Path, PathBuf};

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
pub fn generate(path: &Path, crate_name: &str) -> (Vec<EmittedFile>, generator::Report) {
    let bytes = std::fs::read(path).expect("fixture is readable");
    generator::generate_files(&bytes, path, crate_name)
        .unwrap_or_else(|err| panic!("{} does not generate: {err}", path.display()))
}
