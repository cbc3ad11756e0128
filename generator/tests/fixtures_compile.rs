//! Every fixture's emitted crate builds with `clippy -D warnings` and passes its own
//! generated example tests.

mod support;

#[test]
fn fixture_crates_compile_clippy_clean_and_decode_their_examples() {
    let crates: Vec<_> = support::fixtures()
        .into_iter()
        .map(|(name, path)| {
            let (files, _) = support::generate(&path, &name);
            (name, files)
        })
        .collect();
    support::compile_and_test("fixtures", &crates);
}
