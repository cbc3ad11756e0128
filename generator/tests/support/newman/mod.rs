//! The newman comparison (`generator/tests/newman.rs`): each collection run by newman
//! against a recording server, the same requests sent by the generated client, and the two
//! compared request by request.
//!
//! - `server.rs`: the recording server both send to;
//! - `collection.rs`: the collection's requests and values, and the copy newman runs;
//! - `driver.rs`: the test target written into the emitted crate that sends them;
//! - `runner.rs`: finding and running newman;
//! - `compare.rs`: what differs between two recorded requests.

pub mod collection;
pub mod compare;
pub mod driver;
pub mod runner;
pub mod server;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use generator::ir::{
    Api, Credential, CredentialRef, Operation, PathSegment, SegmentPart, VariableRef,
};
use generator::EmittedFile;
use serde_json::Value;

use collection::{strip_origin, substitute, variables_in, Collection};
use compare::AuthCheck;
use driver::{PlannedCall, Values};

/// One collection, ready to be sent both ways.
pub struct Prepared {
    pub name: String,
    pub collection: Collection,
    /// The emitted crate with its driver.
    pub files: Vec<EmittedFile>,
    /// The environment variables newman is given: the fake credentials.
    pub newman_variables: BTreeMap<String, String>,
    /// Per operation number: its request's index, and how its credential is compared.
    pub calls: Vec<(usize, usize, AuthCheck)>,
    /// Operations not sent, by number, and why; plus requests the generator made no
    /// operation of (by `usize::MAX - index`).
    pub asides: BTreeMap<usize, String>,
    /// `Folder / Request` of each operation number.
    pub item_paths: Vec<String>,
}

/// A parameter of an auth object, v2.1 (`[{key, value}]`) or v2.0 (`{key: value}`).
fn auth_param(auth: &Value, key: &str) -> Option<String> {
    let kind = auth.get("type")?.as_str()?;
    let params = auth.get(kind)?;
    let value = match params {
        Value::Array(entries) => entries
            .iter()
            .find(|entry| entry.get("key").and_then(Value::as_str) == Some(key))?
            .get("value")?,
        Value::Object(object) => object.get(key)?,
        _ => return None,
    };
    Some(match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    })
}

/// The auth params newman reads for a credential of the client, in the setter's order.
fn credential_params(credential: &Credential, auth_type: &str) -> Option<&'static [&'static str]> {
    Some(match credential {
        Credential::Basic | Credential::Digest => &["username", "password"],
        Credential::Bearer if auth_type == "oauth2" => &["accessToken"],
        Credential::Bearer => &["token"],
        Credential::ApiKey { .. } => &["value"],
        Credential::OAuth2(_) => &["accessToken"],
        Credential::OAuth1(_) => &["consumerKey", "consumerSecret", "token", "tokenSecret"],
        Credential::Jwt(settings) if settings.uses_secret() => &["secret"],
        Credential::Jwt(_) => return None,
        Credential::AwsV4(_) => &["accessKey", "secretKey", "sessionToken"],
    })
}

fn auth_check(api: &Api, operation: &Operation) -> AuthCheck {
    match operation
        .auth
        .map(|CredentialRef(slot)| &api.credentials[slot].credential)
    {
        // Signed with a nonce or the time of sending: only the scheme can be compared.
        Some(
            Credential::OAuth1(_) | Credential::Digest | Credential::Jwt(_) | Credential::AwsV4(_),
        ) => AuthCheck::SchemeOnly,
        _ => AuthCheck::Exact,
    }
}

/// A client variable of the operation's path with no value in the collection: the client
/// refuses to send it until the application sets it, newman sends an empty segment.
fn unset_variable(api: &Api, operation: &Operation) -> Option<String> {
    operation
        .path
        .segments
        .iter()
        .find_map(|segment| match segment {
            PathSegment::Template { parts, .. } => parts.iter().find_map(|part| match part {
                SegmentPart::Variable(VariableRef(index)) => {
                    let variable = &api.variables[*index];
                    variable
                        .default
                        .as_deref()
                        .is_none_or(str::is_empty)
                        .then(|| {
                            format!("the collection gives `{{{{{}}}}}` no value", variable.name)
                        })
                }
                _ => None,
            }),
            _ => None,
        })
}

/// An OAuth 2.0 credential the collection holds no access token for (Postman's UI fetches
/// it; newman sends none).
fn missing_token(
    api: &Api,
    operation: &Operation,
    credentials: &[Option<Vec<String>>],
) -> Option<String> {
    let CredentialRef(slot) = operation.auth?;
    let oauth2 = matches!(api.credentials[slot].credential, Credential::OAuth2(_));
    let token = credentials[slot].as_ref().and_then(|values| values.first());
    (oauth2 && token.is_none_or(String::is_empty))
        .then(|| "the collection holds no OAuth 2.0 access token".to_string())
}

/// Generates `path` as crate `name`, and plans and writes its driver.
pub fn prepare(name: &str, path: &Path) -> Prepared {
    let collection = Collection::read(path);
    let api = crate::support::resolved_api(path, name);
    let (mut files, _) = crate::support::generate(path, name);
    let operations: Vec<&Operation> = api.root.all_operations().collect();

    // Each operation's request: the n-th operation with an item path is the n-th request
    // with it, in collection order.
    let mut taken: BTreeMap<&str, usize> = BTreeMap::new();
    let mut request_of = Vec::new();
    for operation in &operations {
        let seen = taken.entry(operation.item_path.as_str()).or_default();
        let request = collection
            .requests
            .iter()
            .enumerate()
            .filter(|(_, request)| request.item_path == operation.item_path)
            .nth(*seen)
            .map(|(index, _)| index);
        *seen += 1;
        request_of.push(request);
    }

    // The fake credentials: every variable a credential's params read.
    let mut newman_variables = BTreeMap::new();
    let slot_auth: Vec<Option<&Value>> = (0..api.credentials.len())
        .map(|slot| {
            operations
                .iter()
                .zip(&request_of)
                .find(|(operation, _)| operation.auth == Some(CredentialRef(slot)))
                .and_then(|(_, request)| collection.requests[(*request)?].auth.as_ref())
        })
        .collect();
    // A credential written as an `Authorization` header (`SSWS {{apikey}}`): its value after
    // the scheme's prefix, from the first request that sends it.
    let header_value = |slot: usize| -> Option<Vec<String>> {
        let request = operations
            .iter()
            .zip(&request_of)
            .find(|(operation, _)| operation.auth == Some(CredentialRef(slot)))
            .and_then(|(_, request)| (*request).map(|index| &collection.requests[index]))?;
        let (_, value) = request
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))?;
        let value = match &api.credentials[slot].credential {
            Credential::ApiKey { prefix, .. } => value.strip_prefix(prefix.as_str())?,
            Credential::Bearer => value.split_once(' ')?.1,
            _ => return None,
        };
        Some(vec![value.to_string()])
    };
    let params_of = |slot: usize| -> Option<Vec<String>> {
        let Some(auth) = slot_auth[slot] else {
            return header_value(slot);
        };
        let kind = auth.get("type")?.as_str()?;
        let keys = credential_params(&api.credentials[slot].credential, kind)?;
        Some(
            keys.iter()
                .map(|key| auth_param(auth, key).unwrap_or_default())
                .collect(),
        )
    };
    for slot in 0..api.credentials.len() {
        for raw in params_of(slot).into_iter().flatten() {
            for variable in variables_in(&raw) {
                if !variable.starts_with('$') {
                    let fake = format!("fake-{variable}");
                    newman_variables.insert(variable, fake);
                }
            }
        }
    }
    let mut variables = collection.variables.clone();
    variables.extend(newman_variables.clone());
    let credentials: Vec<Option<Vec<String>>> = (0..api.credentials.len())
        .map(|slot| {
            params_of(slot).map(|raws| raws.iter().map(|raw| substitute(raw, &variables)).collect())
        })
        .collect();

    let mut origins: BTreeMap<&str, usize> = BTreeMap::new();
    for request in &collection.requests {
        *origins.entry(request.origin.as_str()).or_default() += 1;
    }
    let most = origins.values().copied().max().unwrap_or_default();
    let main_origin = collection
        .requests
        .iter()
        .map(|request| request.origin.as_str())
        .find(|origin| origins[origin] == most)
        .unwrap_or_default();

    let mut asides = BTreeMap::new();
    let mut planned = Vec::new();
    let mut calls = Vec::new();
    for (number, (operation, request)) in operations.iter().zip(&request_of).enumerate() {
        let Some(request) = *request else {
            asides.insert(number, "no collection request found for it".to_string());
            continue;
        };
        let aside = (collection.requests[request].origin != main_origin)
            .then(|| {
                format!(
                    "written with another origin ({}): the client sends it to its one base url",
                    collection.requests[request].origin
                )
            })
            .or_else(|| unset_variable(&api, operation))
            .or_else(|| missing_token(&api, operation, &credentials));
        if let Some(reason) = &aside {
            asides.insert(number, reason.clone());
        }
        calls.push((number, request, auth_check(&api, operation)));
        planned.push(PlannedCall {
            number,
            operation,
            request,
            aside,
        });
    }
    let generated: BTreeSet<usize> = request_of.iter().flatten().copied().collect();
    for (index, request) in collection.requests.iter().enumerate() {
        if !generated.contains(&index) {
            asides.insert(
                usize::MAX - index,
                format!(
                    "{}: the generator made no operation of it",
                    request.item_path
                ),
            );
        }
    }

    let given: BTreeSet<String> = newman_variables.keys().cloned().collect();
    let values = Values {
        variables: &variables,
        given: &given,
        script_variables: &collection.script_variables,
    };
    let base_path = api
        .default_base_url
        .as_deref()
        .and_then(strip_origin)
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let source = driver::driver_source(
        &api,
        &driver::ClientSettings {
            crate_name: name,
            base_path: &base_path,
            credentials: &credentials,
        },
        &planned,
        &collection.requests,
        &values,
        &mut asides,
    );
    files.push(EmittedFile {
        path: "tests/newman_driver.rs".into(),
        contents: source,
    });
    Prepared {
        name: name.to_string(),
        item_paths: operations
            .iter()
            .map(|operation| operation.item_path.clone())
            .collect(),
        collection,
        files,
        newman_variables,
        calls,
        asides,
    }
}

/// Writes the crates into one workspace under `target/emitted-crates/workspaces/newman`
/// (sharing `target/emitted-crates` with the other compile tests, so dependencies build
/// once) and runs each crate's driver against `server`. `Err` carries cargo's output.
pub fn build_and_drive(crates: &[&Prepared], server: &str) -> Result<std::path::PathBuf, String> {
    let root = crate::support::workspace_root();
    let target = root.join("target").join("emitted-crates");
    let workspace = target.join("workspaces").join("newman");
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace).expect("the previous run's workspace is removed");
    }
    std::fs::create_dir_all(&workspace).expect("workspace directory is created");
    for prepared in crates {
        generator::output::write_atomically(&workspace.join(&prepared.name), &prepared.files)
            .expect("crate is written");
    }
    let members: Vec<String> = crates
        .iter()
        .map(|prepared| format!("{:?}", prepared.name))
        .collect();
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("workspace manifest is written");
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .expect("Cargo.lock is copied");
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "test",
            "--offline",
            "--workspace",
            "--no-fail-fast",
            "--test",
            "newman_driver",
        ])
        .current_dir(&workspace)
        .env(driver::SERVER_VARIABLE, server)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env("CARGO_PROFILE_TEST_DEBUG", "false")
        .output()
        .expect("cargo runs");
    if output.status.success() {
        Ok(workspace)
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stderr),
            String::from_utf8_lossy(&output.stdout)
        ))
    }
}
