//! The perturbation harness: saved example responses, varied the way a live API varies them,
//! must decode into their documented variant.
//!
//! One file, used twice: `generator/tests/real_collections.rs` walks each example with its
//! inferred type and writes the edits (`support/perturbation/mod.rs`), and a copy of this file
//! is the module `tests/examples/perturbation/harness.rs` of every emitted crate that test
//! builds, where it applies each edit, decodes the payload with the crate's own
//! `{Op}Response::decode` and writes a report. [`KINDS`] is the policy: every kind of
//! perturbation, and for those the decoding deliberately refuses, the reason.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Map, Value};

/// What the policy promises for one kind of perturbation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expectation {
    /// The payload decodes into the status's documented variant.
    Decodes,
    /// Refused on purpose, for this reason; counted and listed, decoding it is not required.
    Rejected(&'static str),
}

/// One kind of perturbation: how a live API's response differs from the saved example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub name: &'static str,
    pub what: &'static str,
    pub expectation: Expectation,
}

const NOT_AN_INTEGER: &str = "the key names a count or an id, or the schema said int64 \
    (`<long>`): a fraction is not such a value; override the field to f64 if the API sends one";
const NOT_AN_INSTANT: &str =
    "not an instant: RFC 3339 requires an offset; override the field to String";

/// The policy, in one place: every kind the walk derives, what it does, and what decoding it
/// must do.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "as_saved",
        what: "the example itself, re-serialized (checks the harness)",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "null_item",
        what: "an array item (at any depth) replaced by null: null items are skipped",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "field_removed",
        what: "a struct field removed",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "field_null",
        what: "a struct field set to null",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "map_entry_removed",
        what: "a map entry removed",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "map_value_null",
        what: "a map value set to null: a null map value is an absent entry",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "unknown_key",
        what: "an unknown key added to an object: ignored by a struct, a new entry (a copy of \
               an existing value) of a map",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "float_at_f64",
        what: "an integer at an f64 position made non-integral (n + 0.5)",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "integral_float_at_i64",
        what: "an integer at an i64 position sent as an integral float (7 -> 7.0)",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "datetime_fraction",
        what: "a date-time with fractional seconds (.123456)",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "datetime_offset",
        what: "a date-time as the same instant at a numeric offset (+05:30)",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "datetime_lowercase",
        what: "a date-time with lower-case `t` and `z`",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "datetime_space",
        what: "a date-time with a space instead of `T` (RFC 3339 section 5.6 note)",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "empty_string",
        what: "a uuid, date or date-time sent as \"\": an empty string is an absent value",
        expectation: Expectation::Decodes,
    },
    Kind {
        name: "fraction_at_i64",
        what: "an integer at an i64 position made non-integral (n + 0.5)",
        expectation: Expectation::Rejected(NOT_AN_INTEGER),
    },
    Kind {
        name: "datetime_without_offset",
        what: "a date-time without its offset",
        expectation: Expectation::Rejected(NOT_AN_INSTANT),
    },
    Kind {
        name: "date_at_datetime",
        what: "a date alone at a date-time position",
        expectation: Expectation::Rejected(NOT_AN_INSTANT),
    },
    Kind {
        name: "null_body",
        what: "the whole body null",
        expectation: Expectation::Rejected("the status promised a body; Default would invent one"),
    },
];

/// The kind called `name` in [`KINDS`].
pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|kind| kind.name == name)
}

/// One perturbation of an example: the value at a JSON pointer (RFC 6901) removed, or set
/// (inserted when the pointer names a new key of an object).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub kind: &'static Kind,
    pub pointer: String,
    /// `None` removes the value.
    pub value: Option<Value>,
}

/// One saved example with its perturbations, as the cases file holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Index into the crate's table of decoders (one per operation).
    pub decoder: usize,
    /// The request's item path (`Links / Update`).
    pub item: String,
    pub example: String,
    pub status: u16,
    pub body: String,
    pub edits: Vec<Edit>,
}

/// Decodes `body` as `status` with one operation's `{Op}Response::decode`: `Ok` when it
/// gives the documented variant of that status, else the error.
pub type Decoder = fn(u16, &[u8]) -> Result<(), String>;

/// `[kind, pointer]` removes, `[kind, pointer, value]` sets: an edit as the cases file holds
/// it.
pub fn edit_to_json(edit: &Edit) -> Value {
    let mut parts = vec![
        Value::from(edit.kind.name),
        Value::from(edit.pointer.clone()),
    ];
    parts.extend(edit.value.clone());
    Value::Array(parts)
}

fn edit_from_json(value: &Value) -> Result<Edit, String> {
    let parts = value.as_array().ok_or("an edit is not an array")?;
    let (name, pointer) = match (parts.first(), parts.get(1)) {
        (Some(Value::String(name)), Some(Value::String(pointer))) => (name, pointer),
        _ => {
            return Err(format!(
                "an edit does not start with kind and pointer: {value}"
            ))
        }
    };
    let kind = kind(name).ok_or_else(|| format!("unknown perturbation kind `{name}`"))?;
    Ok(Edit {
        kind,
        pointer: pointer.clone(),
        value: parts.get(2).cloned(),
    })
}

/// The cases file: `{"cases": [{decoder, item, example, status, body, edits}]}`.
pub fn cases_to_json(cases: &[Case]) -> Value {
    let cases = cases.iter().map(|case| {
        serde_json::json!({
            "decoder": case.decoder,
            "item": case.item,
            "example": case.example,
            "status": case.status,
            "body": case.body,
            "edits": case.edits.iter().map(edit_to_json).collect::<Vec<_>>(),
        })
    });
    serde_json::json!({ "cases": cases.collect::<Vec<_>>() })
}

pub fn cases_from_json(text: &str) -> Result<Vec<Case>, String> {
    let file: Value = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let cases = file["cases"].as_array().ok_or("no `cases` array")?;
    cases
        .iter()
        .map(|case| {
            let text = |key: &str| {
                case[key]
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("a case has no `{key}`"))
            };
            let number = |key: &str| {
                case[key]
                    .as_u64()
                    .ok_or_else(|| format!("a case has no `{key}`"))
            };
            let edits = case["edits"].as_array().ok_or("a case has no `edits`")?;
            Ok(Case {
                decoder: usize::try_from(number("decoder")?).map_err(|error| error.to_string())?,
                item: text("item")?,
                example: text("example")?,
                status: u16::try_from(number("status")?).map_err(|error| error.to_string())?,
                body: text("body")?,
                edits: edits.iter().map(edit_from_json).collect::<Result<_, _>>()?,
            })
        })
        .collect()
}

/// `/a/b~1c/0` → `["a", "b/c", "0"]`; `""` is the whole document.
pub fn pointer_tokens(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let rest = pointer
        .strip_prefix('/')
        .ok_or_else(|| format!("`{pointer}` is not a JSON pointer"))?;
    Ok(rest
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// The JSON pointer of `parent`'s child `token`.
pub fn pointer_child(parent: &str, token: &str) -> String {
    format!("{parent}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// `document` with `edit` applied.
pub fn apply(document: &Value, edit: &Edit) -> Result<Value, String> {
    with_edit(&mut document.clone(), edit, Value::clone)
}

/// Applies `edit` to `document` in place, gives the result to `use_edited` and undoes the
/// edit: a large body is not copied for each of its many payloads.
pub fn with_edit<R>(
    document: &mut Value,
    edit: &Edit,
    use_edited: impl FnOnce(&Value) -> R,
) -> Result<R, String> {
    let tokens = pointer_tokens(&edit.pointer)?;
    let Some((last, parents)) = tokens.split_last() else {
        let whole = edit
            .value
            .as_ref()
            .ok_or("the whole document cannot be removed")?;
        return Ok(use_edited(whole));
    };
    let previous = swap(
        parent(document, parents, edit)?,
        last,
        edit.value.clone(),
        edit,
    )?;
    let result = use_edited(document);
    swap(parent(document, parents, edit)?, last, previous, edit)?;
    Ok(result)
}

/// The value `tokens` lead to.
fn parent<'a>(
    document: &'a mut Value,
    tokens: &[String],
    edit: &Edit,
) -> Result<&'a mut Value, String> {
    let mut parent = document;
    for token in tokens {
        parent = match parent {
            Value::Object(map) => map.get_mut(token.as_str()),
            Value::Array(items) => token
                .parse::<usize>()
                .ok()
                .and_then(|index| items.get_mut(index)),
            _ => None,
        }
        .ok_or_else(|| format!("`{}` names nothing", edit.pointer))?;
    }
    Ok(parent)
}

/// Puts `value` at `parent`'s `token` (`None` removes it) and returns what was there.
fn swap(
    parent: &mut Value,
    token: &str,
    value: Option<Value>,
    edit: &Edit,
) -> Result<Option<Value>, String> {
    let nothing = || format!("`{}` names nothing", edit.pointer);
    match (parent, value) {
        (Value::Object(map), Some(value)) => Ok(map.insert(token.to_string(), value)),
        (Value::Object(map), None) => map.remove(token).map(Some).ok_or_else(nothing),
        (Value::Array(items), Some(value)) => {
            let index = token
                .parse::<usize>()
                .ok()
                .filter(|index| *index < items.len());
            let slot = index.map(|index| &mut items[index]).ok_or_else(nothing)?;
            Ok(Some(std::mem::replace(slot, value)))
        }
        (Value::Array(_), None) => Err(format!(
            "`{}`: array items are replaced, never removed",
            edit.pointer
        )),
        _ => Err(format!("`{}` is inside a scalar", edit.pointer)),
    }
}

/// Decodes `cases` on `threads` threads, each taking every `threads`-th edit of every case:
/// one large example (plaid, twitter) is most of the work.
pub fn run_in_parallel(cases: &[Case], decoders: &[Decoder], threads: usize) -> Outcome {
    let threads = threads.max(1);
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let running: Vec<_> = (0..threads)
            .map(|share| scope.spawn(move || run_share(cases, decoders, share, threads)))
            .collect();
        running
            .into_iter()
            .map(|thread| thread.join().expect("a decoding thread panicked"))
            .collect()
    });
    let mut outcome = Outcome::default();
    for part in outcomes {
        for (kind, tally) in part.tallies {
            let sum = outcome.tallies.entry(kind).or_default();
            sum.tried += tally.tried;
            sum.decoded += tally.decoded;
        }
        outcome.failures.extend(part.failures);
    }
    outcome
}

/// Payloads of one kind: how many were tried and how many decoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub tried: u64,
    pub decoded: u64,
}

/// A must-decode payload that did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub item: String,
    pub example: String,
    pub status: u16,
    pub kind: &'static str,
    pub pointer: String,
    pub error: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(the body)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "`{}` [{}] {} {} at {pointer}: {}",
            self.item, self.example, self.status, self.kind, self.error
        )
    }
}

/// What a run found: a tally per kind (in [`KINDS`] order) and every failure.
#[derive(Debug, Default)]
pub struct Outcome {
    pub tallies: BTreeMap<&'static str, Tally>,
    pub failures: Vec<Failure>,
}

/// Decodes every example of `cases` with every edit applied.
pub fn run(cases: &[Case], decoders: &[Decoder]) -> Outcome {
    run_share(cases, decoders, 0, 1)
}

/// [`run`] for the edits whose index is `share` modulo `shares` (and, in share 0, the
/// examples as saved).
fn run_share(cases: &[Case], decoders: &[Decoder], share: usize, shares: usize) -> Outcome {
    let mut outcome = Outcome::default();
    let as_saved = kind("as_saved").expect("the policy has `as_saved`");
    for case in cases {
        let mut record = |kind: &'static Kind, pointer: &str, result: Result<(), String>| {
            let tally = outcome.tallies.entry(kind.name).or_default();
            tally.tried += 1;
            match result {
                Ok(()) => tally.decoded += 1,
                Err(error) if kind.expectation == Expectation::Decodes => {
                    outcome.failures.push(Failure {
                        item: case.item.clone(),
                        example: case.example.clone(),
                        status: case.status,
                        kind: kind.name,
                        pointer: pointer.to_string(),
                        error,
                    });
                }
                Err(_) => {}
            }
        };
        // A case that cannot run is one failure, counted by share 0.
        let Some(decode) = decoders.get(case.decoder) else {
            if share == 0 {
                record(as_saved, "", Err(format!("no decoder #{}", case.decoder)));
            }
            continue;
        };
        let mut document: Value = match serde_json::from_str(&case.body) {
            Ok(document) => document,
            Err(error) => {
                if share == 0 {
                    let error = format!("the example is not JSON: {error}");
                    record(as_saved, "", Err(error));
                }
                continue;
            }
        };
        let payload = |document: &Value| serde_json::to_vec(document).map_err(|e| e.to_string());
        if share == 0 {
            record(
                as_saved,
                "",
                payload(&document).and_then(|bytes| decode(case.status, &bytes)),
            );
        }
        for edit in case.edits.iter().skip(share).step_by(shares) {
            let result = with_edit(&mut document, edit, payload)
                .and_then(|payload| payload)
                .and_then(|bytes| decode(case.status, &bytes));
            record(edit.kind, &edit.pointer, result);
        }
    }
    outcome
}

/// The failures worth showing first, `limit` in all: at most `per_kind` of each kind in the
/// order they were found, then the next ones of any kind.
pub fn first_failures(failures: &[Failure], per_kind: usize, limit: usize) -> Vec<&Failure> {
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut first, rest): (Vec<_>, Vec<_>) = failures.iter().partition(|failure| {
        let count = shown.entry(failure.kind).or_default();
        *count += 1;
        *count <= per_kind
    });
    first.truncate(limit);
    let more = limit - first.len();
    first.extend(rest.into_iter().take(more));
    first
}

/// The report file: per kind what it does, its expectation and reason, and its counts; the
/// number of failures and the first ones; how long decoding them all took.
pub fn report_json(collection: &str, outcome: &Outcome, elapsed: std::time::Duration) -> Value {
    let kinds = KINDS.iter().map(|kind| {
        let tally = outcome.tallies.get(kind.name).copied().unwrap_or_default();
        let failed = outcome
            .failures
            .iter()
            .filter(|failure| failure.kind == kind.name)
            .count();
        let mut row = Map::new();
        row.insert("kind".into(), kind.name.into());
        row.insert("what".into(), kind.what.into());
        row.insert("tried".into(), tally.tried.into());
        row.insert("decoded".into(), tally.decoded.into());
        match kind.expectation {
            Expectation::Decodes => row.insert("failed".into(), failed.into()),
            Expectation::Rejected(reason) => row.insert("rejected".into(), reason.into()),
        };
        Value::Object(row)
    });
    let shown = first_failures(&outcome.failures, 5, 30);
    serde_json::json!({
        "collection": collection,
        "seconds": elapsed.as_secs_f64(),
        "kinds": kinds.collect::<Vec<_>>(),
        "failures": outcome.failures.len(),
        "first_failures": shown.iter().map(|failure| failure.to_string()).collect::<Vec<_>>(),
    })
}

/// The test of one emitted crate: runs every case, writes the report to `report_path`, and
/// panics listing the first must-decode failures.
pub fn check(collection: &str, cases_file: &str, decoders: &[Decoder], report_path: &str) {
    let cases = cases_from_json(cases_file).unwrap_or_else(|error| {
        panic!("the perturbation cases of {collection} do not read: {error}")
    });
    let started = std::time::Instant::now();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let outcome = run_in_parallel(&cases, decoders, threads);
    let report = report_json(collection, &outcome, started.elapsed());
    let text = serde_json::to_string_pretty(&report).expect("a report is JSON");
    std::fs::write(report_path, text)
        .unwrap_or_else(|error| panic!("{report_path} is not written: {error}"));
    if outcome.failures.is_empty() {
        return;
    }
    let tried: u64 = outcome.tallies.values().map(|tally| tally.tried).sum();
    let mut message = format!(
        "{collection}: {} of {tried} perturbed payloads that must decode did not (report: \
         {report_path}); the first ones:",
        outcome.failures.len()
    );
    for failure in first_failures(&outcome.failures, 5, 30) {
        let _ = write!(message, "\n  {collection} {failure}");
    }
    panic!("{message}");
}
