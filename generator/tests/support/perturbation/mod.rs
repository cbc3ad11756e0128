//! The generator's half of the perturbation test: walks every saved response example with
//! the type the generation inferred for it (the [`generator::ir::Api`]), derives the edits
//! [`harness::KINDS`] lists, and adds to an emitted crate's `tests/examples` target a module
//! that applies them and decodes each payload (`harness.rs`, copied, with a table of the
//! crate's decoders and the cases file). After the crate's tests ran, [`read_report`] reads
//! what it found and [`summary`] prints it.

// Its running half (`check`) runs in the emitted crates, not here.
#[allow(dead_code)]
pub mod harness;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use generator::ir::{Api, FieldDef, Module, Operation, ResponseBody, TypeRef, TypeSpace};
use generator::EmittedFile;
use serde_json::Value;

use harness::{Case, Edit, Expectation, KINDS};

/// Where the emitted test writes its report, inside the emitted crate's folder.
pub const REPORT_FILE: &str = "perturbation-report.json";

/// A key no example has: what a newer version of the API might add.
const UNKNOWN_KEY: &str = "key_added_by_a_newer_api";

fn edit(kind: &str, pointer: &str, value: Option<Value>) -> Edit {
    let kind = harness::kind(kind).unwrap_or_else(|| panic!("`{kind}` is not in KINDS"));
    Edit {
        kind,
        pointer: pointer.to_string(),
        value,
    }
}

/// A key of `taken`'s object that it does not have yet.
fn new_key(taken: &serde_json::Map<String, Value>, fields: &[FieldDef]) -> String {
    let mut key = UNKNOWN_KEY.to_string();
    while taken.contains_key(&key) || fields.iter().any(|field| field.key == key) {
        key.push('_');
    }
    key
}

/// The fields of struct `id`, through the aliases.
fn fields_of(types: &TypeSpace, id: generator::ir::TypeId) -> &[FieldDef] {
    let mut def = types.get(id);
    while let Some(target) = def.alias_of {
        def = types.get(target);
    }
    &def.fields
}

/// How many items of each list are varied inside; every item is still replaced by `null`.
const VARIED_ITEMS: usize = 3;

/// Every perturbation of `body` (of type `ty`) the policy names.
pub fn perturbations(body: &Value, ty: &TypeRef, types: &TypeSpace) -> Vec<Edit> {
    let mut edits = vec![edit("null_body", "", Some(Value::Null))];
    walk(body, ty, types, "", &mut edits);
    edits
}

/// The edits of `value` at `pointer` and below, `ty` being its type.
fn walk(value: &Value, ty: &TypeRef, types: &TypeSpace, pointer: &str, edits: &mut Vec<Edit>) {
    match (ty, value) {
        (TypeRef::Option(inner), value) => walk(value, inner, types, pointer, edits),
        (TypeRef::Named(id), Value::Object(object)) => {
            let fields = fields_of(types, *id);
            let unknown = harness::pointer_child(pointer, &new_key(object, fields));
            let added = serde_json::json!({"nested": [1, "two", null]});
            edits.push(edit("unknown_key", &unknown, Some(added)));
            for (key, item) in object {
                let Some(field) = fields
                    .iter()
                    .find(|field| !field.flatten && field.key == *key)
                else {
                    continue;
                };
                let here = harness::pointer_child(pointer, key);
                edits.push(edit("field_removed", &here, None));
                if !item.is_null() {
                    edits.push(edit("field_null", &here, Some(Value::Null)));
                }
                walk(item, &field.ty, types, &here, edits);
            }
        }
        (TypeRef::Map(inner), Value::Object(object)) => {
            if let Some(copied) = object.values().next() {
                let unknown = harness::pointer_child(pointer, &new_key(object, &[]));
                edits.push(edit("unknown_key", &unknown, Some(copied.clone())));
            }
            for (key, item) in object {
                let here = harness::pointer_child(pointer, key);
                edits.push(edit("map_entry_removed", &here, None));
                if !item.is_null() {
                    edits.push(edit("map_value_null", &here, Some(Value::Null)));
                }
                walk(item, inner, types, &here, edits);
            }
        }
        (TypeRef::Vec(inner), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                let here = harness::pointer_child(pointer, &index.to_string());
                if !item.is_null() {
                    edits.push(edit("null_item", &here, Some(Value::Null)));
                }
                // Every item is one type: the first few vary every position of it (and the
                // keys some items lack), the rest would vary the same positions again, each
                // payload a copy of the whole body (plaid's lists made it 88 s of decoding).
                if index < VARIED_ITEMS {
                    walk(item, inner, types, &here, edits);
                }
            }
        }
        (TypeRef::I64, Value::Number(number)) if !number.is_f64() => {
            if let Some(n) = number.as_f64() {
                edits.push(edit("integral_float_at_i64", pointer, Some(n.into())));
                edits.push(edit("fraction_at_i64", pointer, Some((n + 0.5).into())));
            }
        }
        (TypeRef::F64, Value::Number(number)) if !number.is_f64() => {
            if let Some(n) = number.as_f64() {
                edits.push(edit("float_at_f64", pointer, Some((n + 0.5).into())));
            }
        }
        (TypeRef::DateTime, Value::String(text)) if !text.is_empty() => {
            if let Some(instant) = Rfc3339::parse(text) {
                for (kind, form) in instant.variations() {
                    edits.push(edit(kind, pointer, Some(form.into())));
                }
            }
            edits.push(edit("empty_string", pointer, Some("".into())));
        }
        (TypeRef::Uuid | TypeRef::Date, Value::String(text)) if !text.is_empty() => {
            edits.push(edit("empty_string", pointer, Some("".into())));
        }
        // The policy varies no string, boolean or enum, and inside a `Value` everything
        // decodes; a value without its type's JSON kind fails the example tests already.
        _ => {}
    }
}

/// A date-time as RFC 3339 writes it, taken apart to write the same instant other ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rfc3339 {
    /// Days since 1970-01-01 of the local date.
    days: i64,
    /// Seconds since local midnight.
    seconds: i64,
    /// `.123` or empty.
    fraction: String,
    /// Minutes east of UTC; `None` for `Z`.
    offset: Option<i64>,
}

impl Rfc3339 {
    /// `2024-01-02T03:04:05.6+01:00` (`T`, `t` or a space; `Z` or `z`).
    pub fn parse(text: &str) -> Option<Rfc3339> {
        let bytes = text.as_bytes();
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            let digits = text.get(range)?;
            digits
                .bytes()
                .all(|byte| byte.is_ascii_digit())
                .then(|| digits.parse().ok())?
        };
        if bytes.len() < 20
            || bytes[4] != b'-'
            || bytes[7] != b'-'
            || !matches!(bytes[10], b'T' | b't' | b' ')
            || bytes[13] != b':'
            || bytes[16] != b':'
        {
            return None;
        }
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        let mut rest = &text[19..];
        let mut fraction = String::new();
        if let Some(after) = rest.strip_prefix('.') {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            fraction = rest[..=digits].to_string();
            rest = &after[digits..];
        }
        let offset = match rest {
            "Z" | "z" => None,
            _ if rest.len() == 6 && matches!(&rest[..1], "+" | "-") && &rest[3..4] == ":" => {
                let hours: i64 = rest[1..3].parse().ok()?;
                let minutes: i64 = rest[4..6].parse().ok()?;
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                Some(sign * (hours * 60 + minutes))
            }
            _ => return None,
        };
        Some(Rfc3339 {
            days: days_from_civil(year, month, day),
            seconds: hour * 3600 + minute * 60 + second,
            fraction,
            offset,
        })
    }

    fn date(&self) -> String {
        let (year, month, day) = civil_from_days(self.days);
        format!("{year:04}-{month:02}-{day:02}")
    }

    fn time(&self) -> String {
        let (hour, minute, second) = (
            self.seconds / 3600,
            self.seconds / 60 % 60,
            self.seconds % 60,
        );
        format!("{hour:02}:{minute:02}:{second:02}")
    }

    fn offset_text(&self) -> String {
        match self.offset {
            None => "Z".into(),
            Some(minutes) => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let minutes = minutes.abs();
                format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
        }
    }

    /// The same instant at `offset` minutes east of UTC.
    fn at_offset(&self, offset: i64) -> Rfc3339 {
        let local = self.days * 86_400 + self.seconds - self.offset.unwrap_or(0) * 60 + offset * 60;
        Rfc3339 {
            days: local.div_euclid(86_400),
            seconds: local.rem_euclid(86_400),
            fraction: self.fraction.clone(),
            offset: Some(offset),
        }
    }

    fn display(&self, separator: char) -> String {
        format!(
            "{}{separator}{}{}{}",
            self.date(),
            self.time(),
            self.fraction,
            self.offset_text()
        )
    }

    /// `(kind, text)` of each variation the policy names: the instant written in other valid
    /// RFC 3339 forms, and the forms that are not an instant.
    pub fn variations(&self) -> Vec<(&'static str, String)> {
        let fractional = Rfc3339 {
            fraction: ".123456".into(),
            ..self.clone()
        };
        let shifted = self.at_offset(if self.offset == Some(330) { -180 } else { 330 });
        vec![
            ("datetime_fraction", fractional.display('T')),
            ("datetime_offset", shifted.display('T')),
            ("datetime_lowercase", self.display('t').to_lowercase()),
            ("datetime_space", self.display(' ')),
            (
                "datetime_without_offset",
                format!("{}T{}{}", self.date(), self.time(), self.fraction),
            ),
            ("date_at_datetime", self.date()),
        ]
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day since 1970-01-01: the inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// An operation with JSON examples, and the Rust path of its module (`belvo::links`).
struct Decoded<'a> {
    module_path: String,
    operation: &'a Operation,
}

fn operations_with_json<'a>(module: &'a Module, path: &str, found: &mut Vec<Decoded<'a>>) {
    for operation in &module.operations {
        let has_json = operation.responses.iter().any(|status| {
            matches!(status.body, ResponseBody::Json(_)) && !status.samples.is_empty()
        });
        if has_json {
            found.push(Decoded {
                module_path: path.to_string(),
                operation,
            });
        }
    }
    for child in &module.children {
        operations_with_json(child, &format!("{path}::{}", child.ident), found);
    }
}

/// The cases of every JSON example of `api`, and the `perturbation.rs` that decodes them
/// (its table of decoders, one per operation with JSON examples, in the cases' order).
pub fn cases_and_decoders(api: &Api, crate_name: &str) -> (Vec<Case>, String) {
    let crate_ident = crate_name.replace('-', "_");
    let mut operations = Vec::new();
    operations_with_json(&api.root, &crate_ident, &mut operations);
    let mut cases = Vec::new();
    let mut decoders = String::new();
    for (
        index,
        Decoded {
            module_path,
            operation,
        },
    ) in operations.iter().enumerate()
    {
        let mut arms = Vec::new();
        for status in &operation.responses {
            let ResponseBody::Json(ty) = &status.body else {
                continue;
            };
            arms.push(format!("({}, R::{}(_))", status.status, status.variant));
            for sample in &status.samples {
                // A body that is not JSON is kept without edits: the harness reports it.
                let edits = serde_json::from_str::<Value>(&sample.body)
                    .map(|body| perturbations(&body, ty, &api.types))
                    .unwrap_or_default();
                cases.push(Case {
                    decoder: index,
                    item: operation.item_path.clone(),
                    example: sample.name.clone(),
                    status: status.status,
                    body: sample.body.clone(),
                    edits,
                });
            }
        }
        let _ = write!(
            decoders,
            "\nfn decode_{index}(status: u16, body: &[u8]) -> Result<(), String> {{\n    \
             use {module_path}::{} as R;\n    \
             let decoded = R::decode(status, body).map_err(|error| short(&error))?;\n    \
             documented(matches!((status, decoded), {}))\n}}\n",
            operation.response_enum,
            arms.join(" | "),
        );
    }
    // A crate without JSON examples has no decoders, and needs no helpers.
    let helpers = if operations.is_empty() {
        String::new()
    } else {
        format!(
            "\n\
         /// The decode error's path and cause, without the body it quotes.\n\
         fn short(error: &{crate_ident}::Error) -> String {{\n    \
             let text = error.to_string();\n    \
             let cause = text.split_once(\"response body: \").map_or(text.as_str(), |(_, cause)| cause);\n    \
             cause.split(\"; body (\").next().unwrap_or(cause).to_string()\n\
         }}\n\
         \n\
         fn documented(variant: bool) -> Result<(), String> {{\n    \
             if variant {{\n        \
                 Ok(())\n    \
             }} else {{\n        \
                 Err(\"decoded into another variant than the status's\".into())\n    \
             }}\n\
         }}\n",
        )
    };
    let table: Vec<String> = (0..operations.len())
        .map(|index| format!("decode_{index}"))
        .collect();
    let source = format!(
        "//! Saved examples varied the way a live API varies them decode into their documented\n\
         //! variant. Written by the generator's `real_collections` test, not by the generator:\n\
         //! the cases are in `perturbation/cases.json`, the policy in `perturbation/harness.rs`.\n\
         \n\
         // The generator's test writes the cases with the other half of the harness.\n\
         #[allow(dead_code)]\n\
         mod harness;\n\
         \n\
         #[test]\n\
         fn perturbed_examples_decode_into_their_variant() {{\n    \
             let cases = concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/tests/examples/perturbation/cases.json\");\n    \
             let cases = std::fs::read_to_string(cases).expect(\"the cases are readable\");\n    \
             let report = concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{REPORT_FILE}\");\n    \
             harness::check({crate_name:?}, &cases, DECODERS, report);\n\
         }}\n\
         \n\
         const DECODERS: &[harness::Decoder] = &[{}];\n\
         {helpers}{decoders}",
        table.join(", "),
    );
    (cases, source)
}

/// Adds the perturbation module to an emitted crate's `tests/examples` target: `mod
/// perturbation;` in its `main.rs`, the decoders, the harness and the cases.
pub fn add_to_crate(files: &mut Vec<EmittedFile>, api: &Api, crate_name: &str) {
    let (cases, source) = cases_and_decoders(api, crate_name);
    let main = files
        .iter_mut()
        .find(|file| file.path == "tests/examples/main.rs")
        .unwrap_or_else(|| panic!("{crate_name} has no tests/examples/main.rs"));
    assert!(
        !main.contents.contains("mod perturbation;"),
        "{crate_name} has a folder module `perturbation` already"
    );
    main.contents.push_str("\nmod perturbation;\n");
    let cases = serde_json::to_string(&harness::cases_to_json(&cases)).expect("cases are JSON");
    for (path, contents) in [
        ("tests/examples/perturbation.rs", source),
        (
            "tests/examples/perturbation/harness.rs",
            include_str!("harness.rs").to_string(),
        ),
        ("tests/examples/perturbation/cases.json", cases),
    ] {
        files.push(EmittedFile {
            path: path.into(),
            contents,
        });
    }
}

/// One crate's report, as its test wrote it; `None` when the test did not run that far.
pub fn read_report(crate_dir: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(crate_dir.join(REPORT_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

/// `tried`, `decoded` and `failed` of each kind in one report.
fn counts(report: &Value) -> BTreeMap<String, [u64; 3]> {
    let rows = report["kinds"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .map(|row| {
            let number = |key: &str| row[key].as_u64().unwrap_or(0);
            let name = row["kind"].as_str().unwrap_or("?").to_string();
            (name, [number("tried"), number("decoded"), number("failed")])
        })
        .collect()
}

/// The policy, then per collection and in total the payloads tried, decoded and failed by
/// kind, and the rejected ones with their reason. `reports` holds `(collection, report)`,
/// `None` for a crate whose test wrote none.
pub fn summary(reports: &[(String, Option<Value>)]) -> String {
    let mut out = String::from(
        "Perturbed examples (policy: generator/tests/support/perturbation/harness.rs, KINDS)\n\
         must decode:\n",
    );
    for kind in KINDS {
        if kind.expectation == Expectation::Decodes {
            let _ = writeln!(out, "  {:<24} {}", kind.name, kind.what);
        }
    }
    out.push_str("rejected on purpose (counted, not required to decode):\n");
    for kind in KINDS {
        if let Expectation::Rejected(reason) = kind.expectation {
            let _ = writeln!(out, "  {:<24} {}: {reason}", kind.name, kind.what);
        }
    }
    let mut total: BTreeMap<String, [u64; 3]> = BTreeMap::new();
    let table = |name: &str, counts: &BTreeMap<String, [u64; 3]>, out: &mut String| {
        let sum = |pick: fn(&[u64; 3]) -> u64, decodes: bool| -> u64 {
            KINDS
                .iter()
                .filter(|kind| (kind.expectation == Expectation::Decodes) == decodes)
                .filter_map(|kind| counts.get(kind.name))
                .map(pick)
                .sum()
        };
        let _ = writeln!(
            out,
            "{name}: must decode {} tried, {} decoded, {} failed; rejected on purpose {} tried, {} \
             decoded anyway",
            sum(|c| c[0], true),
            sum(|c| c[1], true),
            sum(|c| c[2], true),
            sum(|c| c[0], false),
            sum(|c| c[1], false),
        );
        for kind in KINDS {
            let Some([tried, decoded, failed]) = counts.get(kind.name).copied() else {
                continue;
            };
            if tried == 0 {
                continue;
            }
            let outcome = match kind.expectation {
                Expectation::Decodes => format!("{failed} failed"),
                Expectation::Rejected(_) => format!("{} rejected", tried - decoded),
            };
            let _ = writeln!(
                out,
                "  {:<24} {tried:>8} tried {decoded:>8} decoded {outcome}",
                kind.name
            );
        }
    };
    for (collection, report) in reports {
        let Some(report) = report else {
            let _ = writeln!(out, "{collection}: no report (its test did not run)");
            continue;
        };
        let counts = counts(report);
        let seconds = report["seconds"].as_f64().unwrap_or(0.0);
        let collection = format!("{collection} ({seconds:.1} s to decode)");
        for (kind, [tried, decoded, failed]) in &counts {
            let sum = total.entry(kind.clone()).or_default();
            sum[0] += tried;
            sum[1] += decoded;
            sum[2] += failed;
        }
        table(&collection, &counts, &mut out);
    }
    table("total", &total, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::harness::{apply, cases_from_json, cases_to_json, pointer_child, run, Decoder};
    use super::*;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).expect("test JSON")
    }

    #[test]
    fn edits_remove_set_and_insert_at_json_pointers() {
        let document = parse(r#"{"a": [1, {"b/c": 2, "d~e": 3}], "f": null}"#);
        let cases = [
            (
                edit("null_item", "/a/0", Some(Value::Null)),
                r#"{"a": [null, {"b/c": 2, "d~e": 3}], "f": null}"#,
            ),
            (
                edit("field_removed", "/a/1/b~1c", None),
                r#"{"a": [1, {"d~e": 3}], "f": null}"#,
            ),
            (
                edit("field_null", "/a/1/d~0e", Some(Value::Null)),
                r#"{"a": [1, {"b/c": 2, "d~e": null}], "f": null}"#,
            ),
            (
                edit("unknown_key", "/a/1/new", Some(parse("[1]"))),
                r#"{"a": [1, {"b/c": 2, "d~e": 3, "new": [1]}], "f": null}"#,
            ),
            (edit("null_body", "", Some(Value::Null)), "null"),
        ];
        for (edit, expected) in cases {
            assert_eq!(apply(&document, &edit), Ok(parse(expected)), "{edit:?}");
            // In place, the edit is undone once used.
            let mut in_place = document.clone();
            let seen = harness::with_edit(&mut in_place, &edit, Value::clone);
            assert_eq!(
                (seen, in_place),
                (Ok(parse(expected)), document.clone()),
                "{edit:?}"
            );
        }
        for pointer in ["/a/2", "/x/y", "/f/g", "a", "/a/1/b~1c/z"] {
            let edit = edit("field_removed", pointer, None);
            assert!(apply(&document, &edit).is_err(), "{pointer}");
        }
        assert_eq!(pointer_child("/a", "b/c~d"), "/a/b~1c~0d");
    }

    #[test]
    fn date_times_are_written_as_the_same_instant_in_other_forms() {
        let forms = |text: &str| Rfc3339::parse(text).expect("RFC 3339").variations();
        assert_eq!(
            forms("2024-01-02T03:04:05Z"),
            [
                (
                    "datetime_fraction",
                    "2024-01-02T03:04:05.123456Z".to_string()
                ),
                ("datetime_offset", "2024-01-02T08:34:05+05:30".into()),
                ("datetime_lowercase", "2024-01-02t03:04:05z".into()),
                ("datetime_space", "2024-01-02 03:04:05Z".into()),
                ("datetime_without_offset", "2024-01-02T03:04:05".into()),
                ("date_at_datetime", "2024-01-02".into()),
            ]
        );
        // Across the end of a (leap) month and year, from another offset, keeping the fraction.
        let shifted = |text: &str| forms(text)[1].1.clone();
        assert_eq!(
            shifted("2024-12-31T20:00:00.5Z"),
            "2025-01-01T01:30:00.5+05:30"
        );
        assert_eq!(
            shifted("2024-02-28T23:00:00-01:00"),
            "2024-02-29T05:30:00+05:30"
        );
        assert_eq!(
            shifted("2024-03-01T01:00:00+05:30"),
            "2024-02-29T16:30:00-03:00"
        );
        assert_eq!(shifted("1969-12-31T23:59:59Z"), "1970-01-01T05:29:59+05:30");
        for text in [
            "2024-01-02",
            "2024-01-02T03:04:05",
            "2024-13-02T03:04:05Z",
            "sample",
            "2024-01-02T03:04:05.Z",
        ] {
            assert_eq!(Rfc3339::parse(text), None, "{text}");
        }
    }

    /// One request whose 200 example has every kind of position the walk knows.
    const COLLECTION: &str = r#"{
        "info": {"name": "Walk", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Things", "item": [{"name": "List things",
            "request": {"method": "GET", "url": "https://api.example.com/things"},
            "response": [{"name": "OK", "code": 200,
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": "{\"results\": [{\"id\": \"<uuid>\", \"count\": 3, \"ratio\": 2, \"at\": \"<dateTime>\", \"day\": \"<date>\", \"labels\": {\"en-US\": \"a\", \"de-DE\": \"b\"}, \"free\": {\"x\": 1}}, {\"ratio\": 2.5, \"free\": \"text\"}]}"
            }]}]}]
    }"#;

    fn walked() -> (Vec<Edit>, Value) {
        let generation = generator::Generation::new("walk");
        let api = generator::resolved_api(
            COLLECTION.as_bytes(),
            Path::new("walk.postman_collection.json"),
            &generation,
            &Default::default(),
        )
        .expect("the collection lowers");
        let (cases, source) = cases_and_decoders(&api, "walk");
        assert!(
            source.contains("use walk::things::ListThingsResponse as R;"),
            "{source}"
        );
        assert!(
            source.contains("matches!((status, decoded), (200, R::Ok(_)))"),
            "{source}"
        );
        assert_eq!(cases.len(), 1);
        let case = cases[0].clone();
        (case.edits, parse(&case.body))
    }

    #[test]
    fn the_walk_derives_each_kind_where_the_type_says() {
        let (edits, body) = walked();
        let found: Vec<(&str, &str)> = edits
            .iter()
            .map(|edit| (edit.kind.name, edit.pointer.as_str()))
            .collect();
        for expected in [
            ("null_body", ""),
            ("unknown_key", "/key_added_by_a_newer_api"),
            ("field_removed", "/results"),
            ("field_null", "/results"),
            ("null_item", "/results/0"),
            ("null_item", "/results/1"),
            ("unknown_key", "/results/0/key_added_by_a_newer_api"),
            ("field_removed", "/results/0/id"),
            ("empty_string", "/results/0/id"),
            ("integral_float_at_i64", "/results/0/count"),
            ("fraction_at_i64", "/results/0/count"),
            ("float_at_f64", "/results/0/ratio"),
            ("datetime_offset", "/results/0/at"),
            ("date_at_datetime", "/results/0/at"),
            ("empty_string", "/results/0/at"),
            ("empty_string", "/results/0/day"),
            ("unknown_key", "/results/0/labels/key_added_by_a_newer_api"),
            ("map_entry_removed", "/results/0/labels/en-US"),
            ("map_value_null", "/results/0/labels/de-DE"),
            ("field_null", "/results/0/free"),
        ] {
            assert!(found.contains(&expected), "{expected:?} not in {found:?}");
        }
        // `free` is a `Value`: nothing inside it varies; 2.5 is no integer.
        assert!(!found
            .iter()
            .any(|(_, pointer)| pointer.starts_with("/results/0/free/")));
        assert!(!found.contains(&("float_at_f64", "/results/1/ratio")));
        // Every edit applies to its example.
        for edit in &edits {
            apply(&body, edit).unwrap_or_else(|error| panic!("{edit:?}: {error}"));
        }
        let map_key = edits
            .iter()
            .find(|edit| edit.pointer == "/results/0/labels/key_added_by_a_newer_api");
        assert_eq!(
            map_key.and_then(|edit| edit.value.clone()),
            Some(Value::from("a"))
        );
    }

    #[test]
    fn a_run_counts_every_kind_and_lists_only_must_decode_failures() {
        let (edits, body) = walked();
        let case = Case {
            decoder: 0,
            item: "Things / List things".into(),
            example: "OK".into(),
            status: 200,
            body: body.to_string(),
            edits,
        };
        let cases = cases_from_json(&cases_to_json(std::slice::from_ref(&case)).to_string())
            .expect("reads back");
        assert_eq!(cases, [case]);
        // A decoder refusing every null and integral float: strict types without the policy.
        fn strict(_: u16, body: &[u8]) -> Result<(), String> {
            let text = std::str::from_utf8(body).map_err(|error| error.to_string())?;
            if text.contains("null") || text.contains(".0") {
                Err("strict".into())
            } else {
                Ok(())
            }
        }
        let decoders: &[Decoder] = &[strict];
        let outcome = run(&cases, decoders);
        let parallel =
            harness::run_in_parallel(&[cases.clone(), cases.clone()].concat(), decoders, 2);
        assert_eq!(
            parallel.tallies["null_item"].tried,
            2 * outcome.tallies["null_item"].tried
        );
        assert_eq!(parallel.failures.len(), 2 * outcome.failures.len());
        let tally = |kind: &str| outcome.tallies.get(kind).copied().unwrap_or_default();
        assert_eq!(tally("as_saved").tried, 1);
        assert_eq!(tally("as_saved").decoded, 1);
        assert!(tally("null_item").tried >= 2 && tally("null_item").decoded == 0);
        assert_eq!(tally("null_body").tried, 1);
        assert!(tally("field_removed").decoded == tally("field_removed").tried);
        let failed_kinds: std::collections::BTreeSet<&str> = outcome
            .failures
            .iter()
            .map(|failure| failure.kind)
            .collect();
        assert!(
            failed_kinds.contains("null_item") && failed_kinds.contains("integral_float_at_i64")
        );
        // Rejected kinds are counted, never failures.
        assert!(!failed_kinds.contains("null_body") && !failed_kinds.contains("fraction_at_i64"));
        // One of each failing kind first, then the next ones in order.
        let shown = harness::first_failures(&outcome.failures, 1, 3);
        assert_eq!(shown.len(), 3);
        assert_ne!(shown[0].kind, shown[1].kind);
        let report = harness::report_json("walk", &outcome, std::time::Duration::ZERO);
        assert_eq!(report["failures"], outcome.failures.len());
        let summary = summary(&[("walk".into(), Some(report)), ("absent".into(), None)]);
        assert!(summary.contains("absent: no report"), "{summary}");
        assert!(summary.contains("the status promised a body"), "{summary}");
    }
}
