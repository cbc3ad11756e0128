//! The example test of the mock server that the crate docs (`src/mock.rs`, run as a doctest)
//! and the README show, written for one request of the collection.

use super::tests::{arguments_text, endpoint, shared_endpoints, variable_setters};
use crate::ir::{Api, Operation, ResponseBody};

/// The lines of a test body: the default answer of one request, a stub the client retries
/// through, what the server received and, when the request has one, a saved error example
/// by name. `None` when no request has a 2xx example.
pub fn mock_example(api: &Api, crate_ident: &str) -> Option<Vec<String>> {
    let (path, operation) = example_operation(api)?;
    let success = operation.default_response()?;
    let accessors: String = path.iter().map(|ident| format!(".{ident}()")).collect();
    let owner: String = path.iter().map(|ident| format!("::{ident}")).collect();
    let response = format!("{crate_ident}{owner}::{}", operation.response_enum);
    let pattern = |variant: &str, body: &ResponseBody| match body {
        ResponseBody::Empty => format!("{response}::{variant}"),
        _ => format!("{response}::{variant}(_)"),
    };
    let call = format!(
        "client{accessors}.{}({})",
        operation.method_name,
        arguments_text(operation).join(", ")
    );
    let stub = format!("server{accessors}.{}()", operation.method_name);
    let setters: String = variable_setters(api, operation)
        .iter()
        .map(|setter| format!(".{setter}(\"sample\")"))
        .collect();
    let success_pattern = pattern(&success.variant, &success.body);
    let mut lines = vec![
        format!("let server = {crate_ident}::mock::MockServer::start().await;"),
        "// A client for it; or give `server.base_url()` to your own code's setup.".into(),
        format!("let client = server.client(){setters};"),
        String::new(),
        "// With no stub set, a request answers its first saved 2xx example.".into(),
        format!("let response = {call}.await.unwrap();"),
        format!("assert!(matches!(response, {success_pattern}));"),
        String::new(),
        "// A stub sets another answer: here one 503, which the client retries.".into(),
        format!("{stub}.times(1).reply({crate_ident}::mock::Reply::new(503));"),
        format!("let response = {call}.await.unwrap();"),
        format!("assert!(matches!(response, {success_pattern}));"),
        String::new(),
        "// Every request received is kept (`body()` decodes it into the request type).".into(),
        format!("assert_eq!({stub}.received().len(), 3);"),
    ];
    // `example` takes the first example of a name: the one shown must be the only one.
    let named = |name: &str| {
        let samples = operation
            .responses
            .iter()
            .flat_map(|status| &status.samples);
        samples.filter(|sample| sample.name == name).count()
    };
    let error_example = operation.responses.iter().find_map(|status| {
        let sample = status.samples.first()?;
        (status.status >= 400 && named(&sample.name) == 1).then_some((status, sample))
    });
    if let Some((status, sample)) = error_example {
        lines.extend([
            String::new(),
            "// A saved example, by name.".into(),
            format!("{stub}.example({:?});", sample.name),
            format!("let response = {call}.await.unwrap();"),
            format!(
                "assert!(matches!(response, {}));",
                pattern(&status.variant, &status.body)
            ),
        ]);
    }
    Some(lines)
}

/// The first request (top-level ones first, then folders in order) with a 2xx example,
/// preferring one that also has a saved error example; with its module path.
fn example_operation(api: &Api) -> Option<(Vec<String>, &Operation)> {
    let mut candidates: Vec<(Vec<String>, &Operation)> = Vec::new();
    for (path, module) in api.root.walk() {
        let with_default = module
            .operations
            .iter()
            .filter(|op| op.default_response().is_some());
        candidates.extend(with_default.map(|operation| (path.clone(), operation)));
    }
    // The example shows the default answer: another request of the same endpoint could give it.
    let shared = shared_endpoints(api);
    candidates.retain(|(_, operation)| !shared.contains(&endpoint(operation)));
    let has_error_example = |operation: &Operation| {
        let error = |status: &&crate::ir::StatusResponse| status.status >= 400;
        operation
            .responses
            .iter()
            .filter(error)
            .any(|s| !s.samples.is_empty())
    };
    let preferred = candidates.iter().position(|(_, op)| has_error_example(op));
    let index = preferred.or((!candidates.is_empty()).then_some(0))?;
    Some(candidates.swap_remove(index))
}
