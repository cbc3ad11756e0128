//! How long each stage of the pipeline takes, on real and synthetic collections.
//!
//! `cargo bench -p generator` runs four stages on every input:
//!
//! 1. `parse`: bytes → `postman::Collection`;
//! 2. `parse_lower`: parse, then `lower` (the IR, with type inference from the examples);
//! 3. `generate_files`: the whole pipeline to formatted files in memory;
//! 4. `generate_to_disk`: what the CLI does — read the file, generate, write the crate
//!    atomically into a fresh temporary directory (removed, untimed, before each run).
//!
//! Inputs: `belvo` (the workspace's `collection.json`), `commercetools` (from
//! `../shared/collections`, skipped with a note when absent) and `synthetic-N`: collections
//! built here with N requests in nested folders, each with path variables, placeholder query
//! parameters, a JSON body where the method has one, and 2–3 saved example responses whose
//! field names vary from request to request. They are deterministic (no randomness).
//!
//! Other entry points:
//! - `cargo bench -p generator --bench pipeline -- parse_lower` runs one stage (divan filters
//!   match stage names);
//! - `PIPELINE_BENCH_INPUTS=belvo,synthetic-1000 cargo bench -p generator` runs only those
//!   inputs (the whole run takes about 6 minutes, most of it on `synthetic-10000`);
//! - `PIPELINE_BENCH_WRITE=DIR cargo bench -p generator --bench pipeline` writes the synthetic
//!   collections to `DIR/synthetic-N.postman_collection.json` and exits without measuring,
//!   for timing or memory measurements of the release binary (see BENCHMARKS.md).
//!
//! Each stage takes 10 samples, or as many as fit in 120 s (the 10,000-request input gets
//! seven or eight); `-- --sample-count N --max-time S` overrides both. Figures and their
//! interpretation live in BENCHMARKS.md; nothing here asserts a timing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Once, OnceLock};

use divan::Bencher;
use generator::diagnostics::Diagnostics;
use serde_json::{json, Value};

/// The same allocator as the `generator` binary, so that in-process figures match the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Request counts of the synthetic collections.
const SYNTHETIC_SIZES: [usize; 3] = [100, 1_000, 10_000];

fn main() {
    generator::allocator::return_freed_memory_sooner();
    if let Some(dir) = std::env::var_os("PIPELINE_BENCH_WRITE") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("create the output folder");
        for requests in SYNTHETIC_SIZES {
            let path = dir.join(format!("synthetic-{requests}.postman_collection.json"));
            std::fs::write(&path, synthetic_bytes(requests)).expect("write the collection");
            println!("wrote {}", path.display());
        }
        return;
    }
    divan::main();
}

// ---------------------------------------------------------------------------------------------
// Inputs

struct Input {
    bytes: Vec<u8>,
    /// On disk, for `generate_to_disk` (synthetic inputs are written under `target/tmp`).
    path: PathBuf,
    crate_name: &'static str,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator crate is in a workspace")
        .to_path_buf()
}

fn commercetools_path() -> PathBuf {
    workspace_root().join("../shared/collections/commercetools-api.postman_collection.json")
}

/// The names of the inputs present on this machine, smallest first, restricted to those in
/// `PIPELINE_BENCH_INPUTS` (comma-separated) when it is set.
fn inputs() -> Vec<String> {
    let mut names = available_inputs();
    if let Ok(wanted) = std::env::var("PIPELINE_BENCH_INPUTS") {
        let wanted: Vec<&str> = wanted.split(',').map(str::trim).collect();
        names.retain(|name| wanted.contains(&name.as_str()));
    }
    names
}

fn available_inputs() -> Vec<String> {
    let mut names = vec!["belvo".to_string()];
    if commercetools_path().is_file() {
        names.push("commercetools".into());
    } else {
        static NOTE: Once = Once::new();
        NOTE.call_once(|| {
            eprintln!(
                "note: {} is absent; skipping the commercetools input",
                commercetools_path().display()
            )
        });
    }
    names.extend(SYNTHETIC_SIZES.iter().map(|n| format!("synthetic-{n}")));
    names
}

/// The input called `name`, loaded (or built) once per process.
fn input(name: &str) -> &'static Input {
    static INPUTS: OnceLock<std::sync::Mutex<BTreeMap<String, &'static Input>>> = OnceLock::new();
    let mut inputs = INPUTS
        .get_or_init(Default::default)
        .lock()
        .expect("input cache lock");
    if let Some(found) = inputs.get(name) {
        return found;
    }
    let loaded = match name {
        "belvo" => {
            let path = workspace_root().join("collection.json");
            Input {
                bytes: std::fs::read(&path).expect("collection.json is readable"),
                path,
                crate_name: "belvo",
            }
        }
        "commercetools" => {
            let path = commercetools_path();
            Input {
                bytes: std::fs::read(&path).expect("the commercetools collection is readable"),
                path,
                crate_name: "commercetools",
            }
        }
        _ => {
            let requests: usize = name
                .strip_prefix("synthetic-")
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("unknown input {name}"));
            // Under cargo's scratch folder for benches, overwritten by every run: a `TempDir`
            // in a static would never be dropped, and each run would leave 40 MB in /tmp.
            let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pipeline-bench");
            std::fs::create_dir_all(&scratch).expect("create the scratch folder");
            let path = scratch.join(format!("synthetic-{requests}.postman_collection.json"));
            let bytes = synthetic_bytes(requests);
            std::fs::write(&path, &bytes).expect("write the synthetic collection");
            Input {
                bytes,
                path,
                crate_name: "synthetic",
            }
        }
    };
    let leaked: &'static Input = Box::leak(Box::new(loaded));
    inputs.insert(name.to_string(), leaked);
    leaked
}

// ---------------------------------------------------------------------------------------------
// Stages

#[divan::bench(args = inputs(), sample_count = 10, max_time = 120)]
fn parse(bencher: Bencher, name: &str) {
    let input = input(name);
    bencher
        .counter(divan::counter::BytesCount::new(input.bytes.len()))
        .bench(|| {
            generator::postman::load::parse_collection(&input.bytes, &input.path)
                .expect("the collection parses")
        });
}

#[divan::bench(args = inputs(), sample_count = 10, max_time = 120)]
fn parse_lower(bencher: Bencher, name: &str) {
    let input = input(name);
    bencher
        .counter(divan::counter::BytesCount::new(input.bytes.len()))
        .bench(|| {
            let collection = generator::postman::load::parse_collection(&input.bytes, &input.path)
                .expect("the collection parses");
            let mut diagnostics = Diagnostics::default();
            generator::lower::lower(
                &collection,
                &mut diagnostics,
                &generator::previous::RememberedNames::default(),
                &[],
            )
        });
}

#[divan::bench(args = inputs(), sample_count = 10, max_time = 120)]
fn generate_files(bencher: Bencher, name: &str) {
    let input = input(name);
    bencher
        .counter(divan::counter::BytesCount::new(input.bytes.len()))
        .bench(|| {
            generator::generate_files(&input.bytes, &input.path, input.crate_name)
                .expect("the collection generates")
        });
}

#[divan::bench(args = inputs(), sample_count = 10, max_time = 120)]
fn generate_to_disk(bencher: Bencher, name: &str) {
    let input = input(name);
    let scratch = tempfile::tempdir().expect("temporary folder");
    let config = generator::Config {
        collection: input.path.clone(),
        out: scratch.path().join("out"),
        crate_name: input.crate_name.to_string(),
        check: false,
        extra_secret_fields: Vec::new(),
        overrides: Default::default(),
        force: false,
        crate_version: None,
        deny_breaking: false,
    };
    // Every run writes a fresh crate: an output identical to the previous run's would be
    // left alone, which is another (cheaper) path.
    bencher
        .counter(divan::counter::BytesCount::new(input.bytes.len()))
        .with_inputs(|| {
            let _ = std::fs::remove_dir_all(&config.out);
        })
        .bench_values(|()| generator::generate(&config).expect("the crate is written"));
}

// ---------------------------------------------------------------------------------------------
// Synthetic collections

/// Words that field, resource and parameter names are made of; indexed deterministically.
const WORDS: [&str; 40] = [
    "account", "amount", "balance", "category", "channel", "city", "code", "color", "country",
    "currency", "customer", "date", "device", "discount", "email", "event", "flag", "group",
    "holder", "invoice", "label", "limit", "locale", "merchant", "note", "order", "owner",
    "payment", "phone", "price", "product", "rate", "region", "score", "segment", "status",
    "store", "tag", "tax", "vendor",
];

/// Placeholder values as Postman's OpenAPI importer writes them.
const PLACEHOLDERS: [&str; 6] = [
    "<string>",
    "<integer>",
    "<boolean>",
    "<number>",
    "<dateTime>",
    "<uuid>",
];

fn word(seed: usize) -> &'static str {
    WORDS[seed % WORDS.len()]
}

fn placeholder(seed: usize) -> &'static str {
    PLACEHOLDERS[seed % PLACEHOLDERS.len()]
}

/// A collection with `requests` requests: top-level groups of 10 folders of 10 requests.
fn synthetic(requests: usize) -> Value {
    let per_folder = 10;
    let per_group = 10 * per_folder;
    let mut groups = Vec::new();
    let mut made = 0;
    while made < requests {
        let group_index = made / per_group;
        let mut folders = Vec::new();
        while made < requests && made / per_group == group_index {
            let folder_index = made / per_folder;
            let resource = format!("{}-{}s", word(folder_index * 7), word(folder_index * 3 + 1));
            let mut items = Vec::new();
            while made < requests && made / per_folder == folder_index {
                items.push(synthetic_request(made, group_index, &resource));
                made += 1;
            }
            folders.push(json!({
                "name": format!("{} {folder_index}", resource.replace('-', " ")),
                "description": format!("Operations on {resource}."),
                "item": items,
            }));
        }
        groups.push(json!({
            "name": format!("Area {group_index}"),
            "description": {"content": format!("Group {group_index} of the synthetic API."), "type": "text/plain"},
            "item": folders,
        }));
    }
    json!({
        "info": {
            "_postman_id": "00000000-0000-4000-8000-000000000000",
            "name": format!("Synthetic {requests}"),
            "description": format!("A generated collection with {requests} requests for benchmarks."),
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": groups,
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{bearerToken}}", "type": "string"}]},
        "variable": [
            {"key": "baseUrl", "value": "https://api.example.com"},
            {"key": "bearerToken", "value": ""},
        ],
    })
}

fn synthetic_bytes(requests: usize) -> Vec<u8> {
    serde_json::to_vec(&synthetic(requests)).expect("serialize the synthetic collection")
}

/// Request `index`: the method cycles, and every name and field set depends on the index.
fn synthetic_request(index: usize, group: usize, resource: &str) -> Value {
    let methods = ["GET", "GET", "POST", "PUT", "PATCH", "DELETE"];
    let method = methods[index % methods.len()];
    let by_id = !(method == "POST" || index % 6 == 0);
    let action = match method {
        "GET" if by_id => "Get",
        "GET" => "List",
        "POST" => "Create",
        "PUT" => "Replace",
        "PATCH" => "Update",
        _ => "Delete",
    };
    let name = format!("{action} {} {index}", resource.replace('-', " "));

    let mut path = vec![
        format!("v{}", 1 + group % 3),
        format!("area{group}"),
        resource.to_string(),
    ];
    let mut variables = Vec::new();
    if by_id {
        path.push(":id".into());
        variables
            .push(json!({"key": "id", "value": "<uuid>", "description": "The resource's id."}));
    }
    if index % 4 == 1 {
        path.push(word(index + 11).to_string());
        path.push(format!(":{}_id", word(index + 5)));
        variables.push(json!({"key": format!("{}_id", word(index + 5)), "value": "<integer>"}));
    }
    let mut query = vec![
        json!({"key": "limit", "value": "<integer>", "description": "Page size."}),
        json!({"key": "offset", "value": "<integer>"}),
    ];
    for k in 0..(index % 4) {
        query.push(json!({
            "key": format!("{}_{}", word(index * 3 + k), word(index + k * 13 + 2)),
            "value": placeholder(index + k),
            "disabled": k == 2,
        }));
    }
    if index % 5 == 0 {
        query.push(json!({"key": "since", "value": "<dateTime>"}));
    }
    let raw_url = format!(
        "{{{{baseUrl}}}}/{}?{}",
        path.join("/"),
        query
            .iter()
            .map(|q| format!(
                "{}={}",
                q["key"].as_str().unwrap(),
                q["value"].as_str().unwrap()
            ))
            .collect::<Vec<_>>()
            .join("&")
    );
    let url = json!({
        "raw": raw_url,
        "host": ["{{baseUrl}}"],
        "path": path,
        "query": query,
        "variable": variables,
    });
    let mut headers = vec![json!({"key": "Accept", "value": "application/json"})];
    let has_body = matches!(method, "POST" | "PUT" | "PATCH");
    let mut request = json!({
        "method": method,
        "url": url,
        "description": format!("{name}: a synthetic operation."),
    });
    if has_body {
        headers.push(json!({"key": "Content-Type", "value": "application/json"}));
        request["body"] = json!({
            "mode": "raw",
            "raw": serde_json::to_string_pretty(&request_body(index)).unwrap(),
            "options": {"raw": {"language": "json"}},
        });
    }
    request["header"] = Value::Array(headers);

    let success = if method == "POST" { 201 } else { 200 };
    let mut responses = vec![example(
        "Successful response",
        success,
        if method == "DELETE" {
            json!({"deleted": "<boolean>", "id": "<uuid>"})
        } else {
            response_body(index)
        },
        &request,
    )];
    responses.push(example("Bad request", 400, error_body(index), &request));
    if index % 2 == 0 {
        responses.push(example("Not found", 404, error_body(index + 1), &request));
    }
    json!({
        "name": name,
        "request": request,
        "response": responses,
    })
}

/// A JSON request body whose fields depend on `index`.
fn request_body(index: usize) -> Value {
    let mut body = serde_json::Map::new();
    body.insert("name".into(), json!("<string>"));
    for k in 0..(3 + index % 5) {
        body.insert(
            format!("{}_{}", word(index + k * 7), word(index * 5 + k)),
            json!(placeholder(index * 2 + k)),
        );
    }
    if index % 3 == 0 {
        body.insert(
            word(index + 19).to_string(),
            json!({"street": "<string>", "zip": "<string>", word(index + 23): "<integer>"}),
        );
    }
    body.insert(
        format!("{}s", word(index + 29)),
        json!(["<string>", "<string>"]),
    );
    Value::Object(body)
}

/// A success body: `{"id","count","items":[{...}]}` plus fields that depend on `index`.
fn response_body(index: usize) -> Value {
    let mut item = serde_json::Map::new();
    item.insert("name".into(), json!("<string>"));
    for k in 0..(2 + index % 4) {
        item.insert(
            format!("{}_{}", word(index * 11 + k), word(index + k * 3 + 1)),
            json!(placeholder(index + k * 5)),
        );
    }
    let mut body = serde_json::Map::new();
    body.insert("id".into(), json!("<uuid>"));
    body.insert("count".into(), json!("<integer>"));
    body.insert(
        "items".into(),
        json!([Value::Object(item.clone()), Value::Object(item)]),
    );
    body.insert(
        word(index * 13 + 3).to_string(),
        json!(placeholder(index + 2)),
    );
    if index % 4 == 0 {
        body.insert(
            "meta".into(),
            json!({"created_at": "<dateTime>", "version": "<integer>", word(index + 17): "<boolean>"}),
        );
    }
    Value::Object(body)
}

/// An error body: an array of error objects, as many APIs return.
fn error_body(index: usize) -> Value {
    let mut error = json!({"code": "<string>", "message": "<string>", "request_id": "<string>"});
    if index % 3 == 0 {
        error["field"] = json!("<string>");
    }
    json!([error.clone(), error])
}

/// A saved example response with the compact `originalRequest` Postman keeps beside it.
fn example(name: &str, code: u16, body: Value, request: &Value) -> Value {
    let status = match code {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Unknown",
    };
    json!({
        "name": name,
        "originalRequest": {
            "method": request["method"],
            "url": request["url"],
            "header": request.get("header").cloned().unwrap_or(Value::Null),
        },
        "status": status,
        "code": code,
        "_postman_previewlanguage": "json",
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "cookie": [],
        "body": serde_json::to_string_pretty(&body).unwrap(),
    })
}
