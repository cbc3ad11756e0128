//! The tolerance rules against structs shaped as the generator prints response structs, decoded
//! as an emitted crate decodes a documented status (`decode_json`).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::http::{decode_json, RawResponse};
use crate::tolerant::Tolerant;
use crate::Error;

/// What `emit/types.rs` prints for a response struct: every field `Option`, `Deserialize`
/// by `response_struct!` (the derive is for `Serialize`, which the mock server uses).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
#[non_exhaustive]
struct Account {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<uuid::Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    balance: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fees: Option<Vec<Fee>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grid: Option<Vec<Vec<i64>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rates: Option<BTreeMap<String, f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_at: Option<DateTime<FixedOffset>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw: Option<Vec<serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<Fee>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sparse: Option<Vec<Option<i64>>>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    r#type: Option<String>,
}

crate::tolerant::response_struct!(Account {
    "id" => id,
    "name" => name,
    "balance" => balance,
    "count" => count,
    "fees" => fees,
    "grid" => grid,
    "rates" => rates,
    "created_at" => created_at,
    "value_date" => value_date,
    "raw" => raw,
    "owner" => owner,
    "sparse" => sparse,
    "type" => r#type,
});

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
#[non_exhaustive]
struct Fee {
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
}

crate::tolerant::response_struct!(Fee { "kind" => kind });

/// A struct with fields an override made required (no `Option`).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
struct Counted {
    items: Vec<Fee>,
    label: Option<String>,
    total: i64,
}

crate::tolerant::response_struct!(Counted { "label" => label } required { "items" => items, "total" => total });

fn decoded<T: Tolerant>(body: &str) -> Result<T, Error> {
    decode_json(&RawResponse::new(200, body.as_bytes()))
}

fn account(body: &str) -> Account {
    decoded(body).unwrap_or_else(|error| panic!("{body}: {error}"))
}

fn fee(kind: &str) -> Fee {
    Fee {
        kind: Some(kind.into()),
    }
}

#[test]
fn null_list_items_are_skipped_at_every_depth_and_at_the_top() {
    let one = account(r#"{"fees":[null,{"kind":"a"},null],"grid":[[1,null],null,[2]]}"#);
    assert_eq!(one.fees, Some(vec![fee("a")]));
    assert_eq!(one.grid, Some(vec![vec![1], vec![2]]));

    let all: Vec<Account> = decoded(r#"[null,{"name":"x"},null]"#).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name.as_deref(), Some("x"));
}

#[test]
fn a_required_field_follows_the_same_rules_and_must_be_there() {
    let counted: Counted = decoded(r#"{"items":[null,{"kind":"a"}],"total":2.0}"#).unwrap();
    assert_eq!((counted.items, counted.total), (vec![fee("a")], 2));
    let error = decoded::<Counted>(r#"{"total":1}"#).unwrap_err();
    assert!(
        error.to_string().contains("missing field `items`"),
        "{error}"
    );
    // `null` is no value: for a required field it is as missing as an absent key.
    let error = decoded::<Counted>(r#"{"items":null,"total":1}"#).unwrap_err();
    assert!(
        error.to_string().contains("missing field `items`"),
        "{error}"
    );
}

#[test]
fn a_list_of_options_keeps_its_nulls_in_place() {
    let one = account(r#"{"sparse":[1,null,3.0]}"#);
    assert_eq!(one.sparse, Some(vec![Some(1), None, Some(3)]));
}

#[test]
fn a_json_value_keeps_its_nulls() {
    let one = account(r#"{"raw":[1,null,"x"]}"#);
    assert_eq!(
        one.raw,
        Some(vec![1.into(), serde_json::Value::Null, "x".into()])
    );
}

#[test]
fn null_map_values_are_absent_entries() {
    let one = account(r#"{"rates":{"usd":1.5,"eur":null,"mxn":2}}"#);
    let rates = one.rates.unwrap();
    assert_eq!(rates.keys().collect::<Vec<_>>(), ["mxn", "usd"]);
    assert_eq!(rates["mxn"], 2.0);
}

#[test]
fn keys_that_are_not_identifiers_and_escaped_keys_are_read() {
    let one = account(r#"{"type":"a","na\u006de":"b"}"#);
    assert_eq!(
        (one.r#type.as_deref(), one.name.as_deref()),
        (Some("a"), Some("b"))
    );
}

#[test]
fn a_value_that_is_not_an_object_is_refused_as_derive_would() {
    let error = decoded::<Account>(r#"{"owner":"x"}"#).unwrap_err();
    assert_eq!(error.json_path().as_deref(), Some("owner"));
    assert!(error.to_string().contains("expected struct Fee"), "{error}");
}

#[test]
fn null_absent_and_unknown_fields() {
    let none = account(r#"{"id":null,"fees":null,"count":null,"owner":null,"unknown":{"a":[1]}}"#);
    assert_eq!(none, Account::default());
    assert_eq!(account("{}"), Account::default());
}

#[test]
fn integers_take_integral_floats_and_refuse_fractions() {
    assert_eq!(account(r#"{"count":7.0}"#).count, Some(7));
    assert_eq!(account(r#"{"count":-3}"#).count, Some(-3));
    assert_eq!(
        account(r#"{"grid":[[1.0,2]]}"#).grid,
        Some(vec![vec![1, 2]])
    );
    for refused in ["7.5", "1e300", "18446744073709551615"] {
        let body = format!(r#"{{"count":{refused}}}"#);
        let error = decoded::<Account>(&body).unwrap_err();
        assert_eq!(error.json_path().as_deref(), Some("count"), "{refused}");
        assert!(error.to_string().contains("expected an integer"), "{error}");
    }
    let error = decoded::<Account>(r#"{"grid":[[1],[2, 0.5]]}"#).unwrap_err();
    assert_eq!(error.json_path().as_deref(), Some("grid[1][1]"));
}

#[test]
fn floats_take_integers() {
    assert_eq!(account(r#"{"balance":12}"#).balance, Some(12.0));
    assert_eq!(account(r#"{"balance":12.25}"#).balance, Some(12.25));
}

#[test]
fn empty_strings_are_absent_uuids_and_dates() {
    let blank = account(r#"{"id":"","created_at":"","value_date":""}"#);
    assert_eq!(blank, Account::default());
    let set = account(r#"{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","value_date":"2024-02-29"}"#);
    assert_eq!(
        set.id.unwrap().to_string(),
        "0f8fad5b-d9cb-469f-a165-70867728950e"
    );
    assert_eq!(set.value_date, NaiveDate::from_ymd_opt(2024, 2, 29));
}

#[test]
fn strings_that_are_not_the_type_are_refused_at_their_path() {
    for (body, path, expected) in [
        (r#"{"id":"nope"}"#, "id", "a UUID"),
        (r#"{"value_date":"2024-02-30"}"#, "value_date", "a date"),
        (
            r#"{"created_at":"2024-01-02T03:04:05"}"#,
            "created_at",
            "RFC 3339",
        ),
        (r#"{"created_at":"2024-01-02"}"#, "created_at", "RFC 3339"),
        (r#"{"id":7}"#, "id", "string"),
    ] {
        let error = decoded::<Account>(body).unwrap_err();
        assert_eq!(error.json_path().as_deref(), Some(path), "{body}");
        assert!(error.to_string().contains(expected), "{body}: {error}");
    }
}

#[test]
fn every_rfc_3339_form_of_an_instant_is_read() {
    let expected = DateTime::parse_from_rfc3339("2024-01-02T03:04:05Z").unwrap();
    for form in [
        "2024-01-02T03:04:05Z",
        "2024-01-02t03:04:05z",
        "2024-01-02 03:04:05Z",
        "2024-01-02T03:04:05.000000Z",
        "2024-01-02T08:34:05+05:30",
        "2024-01-01T22:04:05-05:00",
        "2024-01-02T03:04:05+00:00",
    ] {
        let body = format!(r#"{{"created_at":"{form}"}}"#);
        assert_eq!(account(&body).created_at, Some(expected), "{form}");
    }
}

#[test]
fn a_whole_null_body_is_still_an_error() {
    let error = decoded::<Account>("null").unwrap_err();
    assert_eq!(error.json_path().as_deref(), Some("."));
    let error = decoded::<Vec<Account>>("null").unwrap_err();
    assert_eq!(error.json_path().as_deref(), Some("."));
}

#[test]
fn decoded_values_encode_back_as_the_mock_server_sends_them() {
    let one =
        account(r#"{"count":7.0,"fees":[null,{"kind":"a"}],"created_at":"2024-01-02 03:04:05z"}"#);
    let json = serde_json::to_value(&one).unwrap();
    assert_eq!(json["count"], 7);
    assert_eq!(json["fees"], serde_json::json!([{"kind": "a"}]));
    assert_eq!(json["created_at"], "2024-01-02T03:04:05Z");
    assert_eq!(account(&json.to_string()), one);
}
