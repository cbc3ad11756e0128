//! The tolerance rules against structs shaped as the generator prints response structs, decoded
//! as an emitted crate decodes a documented status (`decode_json`).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::http::{decode_json, RawResponse};
use crate::tolerant::Tolerant;
use crate::Error;

/// What `emit/types.rs` prints for a response struct: every field `Option`, the ones whose type
/// has a rule decoded through `crate::tolerant`.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
struct Account {
    #[serde(default, with = "crate::tolerant")]
    id: Option<uuid::Uuid>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    balance: Option<f64>,
    #[serde(default, with = "crate::tolerant")]
    count: Option<i64>,
    #[serde(default, with = "crate::tolerant")]
    fees: Option<Vec<Fee>>,
    #[serde(default, with = "crate::tolerant")]
    grid: Option<Vec<Vec<i64>>>,
    #[serde(default, with = "crate::tolerant")]
    rates: Option<BTreeMap<String, f64>>,
    #[serde(default, with = "crate::tolerant")]
    created_at: Option<DateTime<FixedOffset>>,
    #[serde(default, with = "crate::tolerant")]
    value_date: Option<NaiveDate>,
    #[serde(default, with = "crate::tolerant")]
    raw: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    owner: Option<Fee>,
    #[serde(default, with = "crate::tolerant")]
    sparse: Option<Vec<Option<i64>>>,
}

impl Tolerant for Account {}

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
struct Fee {
    #[serde(default)]
    kind: Option<String>,
}

impl Tolerant for Fee {}

/// A struct with a field an override made required (no `Option`, no `default`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Counted {
    #[serde(with = "crate::tolerant")]
    items: Vec<Fee>,
}

impl Tolerant for Counted {}

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
    let counted: Counted = decoded(r#"{"items":[null,{"kind":"a"}]}"#).unwrap();
    assert_eq!(counted.items, [fee("a")]);
    let error = decoded::<Counted>("{}").unwrap_err();
    assert!(
        error.to_string().contains("missing field `items`"),
        "{error}"
    );
    let error = decoded::<Counted>(r#"{"items":null}"#).unwrap_err();
    assert_eq!(error.json_path().as_deref(), Some("items"));
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
