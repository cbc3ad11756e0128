//! Overrides through the whole pipeline: each kind changes the emitted module, a rename
//! holds across regenerations, and each mistake is an `Error::Override` naming its key
//! (exit 2). How keys resolve and each edit alone are unit tests in `lower/overrides/`.

use std::path::Path;

use generator::lower::overrides::{FieldOverride, OverrideError, Overrides};
use generator::{generate_after, Error, Generation, PreviousOutput};

/// One request whose 200 body has an integer, a list of objects and a date.
const COLLECTION: &str = r#"{
    "info": {"name": "Overrides", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
    "item": [{"name": "Loans", "item": [{"name": "Get loan",
        "request": {"method": "GET", "url": "https://api.example.com/loans/1"},
        "response": [{"name": "ok", "code": 200,
            "originalRequest": {"method": "GET", "url": "https://api.example.com/loans/1"},
            "body": "{\"rate\": 3, \"fees\": [{\"amount\": 1}], \"due\": \"2024-01-02\"}"}]}]}]
}"#;

fn generation(overrides: &[(&str, FieldOverride)]) -> Generation {
    Generation {
        overrides: overrides
            .iter()
            .map(|(key, change)| (key.to_string(), change.clone()))
            .collect::<Overrides>(),
        ..Generation::new("overrides")
    }
}

/// `src/loans.rs` as generated with `overrides`.
fn generated(overrides: &[(&str, FieldOverride)]) -> Result<String, Error> {
    let (files, _) = generate_after(
        COLLECTION.as_bytes(),
        Path::new("c.json"),
        &generation(overrides),
        &PreviousOutput::default(),
    )?;
    let module = files
        .iter()
        .find(|file| file.path == "src/loans.rs")
        .expect("the folder has a module");
    Ok(module.contents.clone())
}

/// The override error `overrides` fail with, checked to name its key and exit 2.
fn refused(overrides: &[(&str, FieldOverride)]) -> OverrideError {
    let error = generated(overrides).expect_err("the overrides are refused");
    assert_eq!(error.exit_code(), 2);
    let Error::Override(error) = error else {
        panic!("expected an override error, got {error:?}");
    };
    let key = overrides[0].0;
    assert_eq!(error.key(), key);
    assert!(
        error
            .to_string()
            .starts_with(&format!("override `{key}`: ")),
        "{error}"
    );
    error
}

fn typed(ty: &str) -> FieldOverride {
    FieldOverride {
        ty: Some(ty.into()),
        ..FieldOverride::default()
    }
}

fn named(name: &str) -> FieldOverride {
    FieldOverride {
        name: Some(name.into()),
        ..FieldOverride::default()
    }
}

#[test]
fn each_kind_of_override_changes_the_emitted_field() {
    let before = generated(&[]).unwrap();
    // A rate shown as `3` may come back as `3.5`: a float unless the name says otherwise.
    assert!(before.contains("pub rate: Option<f64>,"), "{before}");
    assert!(
        before.contains("pub fees: Option<Vec<GetLoanFeesItem>>,"),
        "{before}"
    );

    let after = generated(&[
        ("loans::GetLoanOk::rate", typed("i64")),
        (
            "loans::GetLoanOk::fees",
            FieldOverride {
                nullable_items: Some(true),
                required: Some(true),
                ..FieldOverride::default()
            },
        ),
        ("loans::GetLoanOk::due", typed("String")),
    ])
    .unwrap();
    assert!(after.contains("pub rate: Option<i64>,"), "{after}");
    assert!(
        after.contains("pub fees: Vec<Option<GetLoanFeesItem>>,"),
        "{after}"
    );
    assert!(after.contains("pub due: Option<String>,"), "{after}");
}

#[test]
fn a_struct_takes_a_new_name_everywhere_it_is_used() {
    let after = generated(&[("loans::GetLoanFeesItem", named("Fee"))]).unwrap();
    assert!(after.contains("pub struct Fee {"), "{after}");
    assert!(after.contains("pub fees: Option<Vec<Fee>>,"), "{after}");
    assert!(!after.contains("GetLoanFeesItem"), "{after}");

    // A struct of the module, the operation's response enum, not a type name.
    for (name, expected) in [
        ("GetLoanOk", "`GetLoanOk` is already a type of that module"),
        (
            "GetLoanResponse",
            "`GetLoanResponse` is already a type of that module",
        ),
        ("fee_item", "`fee_item` is not a PascalCase type name"),
    ] {
        let error = refused(&[("loans::GetLoanFeesItem", named(name))]);
        assert!(error.to_string().contains(expected), "{error}");
    }
    let error = refused(&[("loans::GetLoanOk::rate", named("Rate"))]);
    assert!(
        matches!(error, OverrideError::StructOptionOnField { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("`name` renames a struct"),
        "{error}"
    );
}

#[test]
fn a_struct_override_takes_a_name_only() {
    let error = refused(&[("loans::GetLoanFeesItem", typed("i64"))]);
    assert!(
        error
            .to_string()
            .contains("`type` applies to a field, and `loans::GetLoanFeesItem` is a struct"),
        "{error}"
    );
    let error = refused(&[("loans::GetLoanFeesItem", FieldOverride::default())]);
    assert!(
        matches!(error, OverrideError::NothingToChange { .. }),
        "{error:?}"
    );
}

#[test]
fn a_rename_holds_when_the_record_already_has_the_new_name() {
    let generation = generation(&[("loans::GetLoanFeesItem", named("Fee"))]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let first = generate_after(
        COLLECTION.as_bytes(),
        Path::new("c.json"),
        &generation,
        &PreviousOutput::default(),
    )
    .unwrap()
    .0;
    generator::output::write_atomically(&out, &first).unwrap();

    let previous = PreviousOutput::read(&out).unwrap();
    let again = generate_after(
        COLLECTION.as_bytes(),
        Path::new("c.json"),
        &generation,
        &previous,
    )
    .unwrap()
    .0;

    assert_eq!(first, again);
}

#[test]
fn a_text_field_becomes_an_enum_with_a_catch_all() {
    let values = |values: &[&str]| FieldOverride {
        ty: Some("String".into()),
        values: Some(values.iter().map(|v| v.to_string()).collect()),
        ..FieldOverride::default()
    };
    let after = generated(&[("loans::GetLoanOk::due", values(&["2024-01-02", "other"]))]).unwrap();
    assert!(after.contains("pub due: Option<GetLoanOkDue>,"), "{after}");
    assert!(after.contains("pub enum GetLoanOkDue {"), "{after}");
    assert!(
        after.contains("#[serde(rename = \"2024-01-02\")]\n    Value20240102,"),
        "{after}"
    );
    // `Other` is the catch-all: a value spelled so takes the next name.
    assert!(
        after.contains("#[serde(rename = \"other\")]\n    Other2,"),
        "{after}"
    );
    assert!(
        after.contains("#[serde(untagged)]\n    Other(String),"),
        "{after}"
    );

    let error = refused(&[(
        "loans::GetLoanOk::rate",
        FieldOverride {
            values: Some(vec!["1".into()]),
            ..FieldOverride::default()
        },
    )]);
    assert!(
        error.to_string().contains("applies to a text field"),
        "{error}"
    );
    let mut required = values(&["a"]);
    required.required = Some(true);
    let error = refused(&[("loans::GetLoanOk::due", required)]);
    assert!(error.to_string().contains("stays optional"), "{error}");
    let error = refused(&[("loans::GetLoanOk::due", values(&[]))]);
    assert!(
        error.to_string().contains("`enum` lists no values"),
        "{error}"
    );
}

#[test]
fn an_override_that_matches_nothing_is_an_error_naming_its_key() {
    for (key, expected) in [
        ("loans::Nope::rate", "no inferred struct `loans::Nope`"),
        ("loans::GetLoanOk::nope", "`GetLoanOk` has no field `nope`"),
        ("rate", "name a field as `module::Type::field`"),
    ] {
        let error = refused(&[(key, typed("f64"))]);
        assert!(error.to_string().contains(expected), "{error}");
    }
    let error = refused(&[("loans::GetLoanOk::rate", typed("u8"))]);
    assert!(
        error
            .to_string()
            .contains("unknown type `u8`: use String, i64, f64, bool"),
        "{error}"
    );
    let error = refused(&[(
        "loans::GetLoanOk::rate",
        FieldOverride {
            nullable_items: Some(true),
            ..FieldOverride::default()
        },
    )]);
    assert!(error.to_string().contains("a list field only"), "{error}");
}
