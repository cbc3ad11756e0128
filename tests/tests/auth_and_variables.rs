//! The `auth-and-variables` fixture client against a real HTTP server on 127.0.0.1:
//! credentials per request, collection variables in paths, repeated query keys.

use fixture_auth_and_variables::keys::{
    ListKeysResponse, PublicOk, PublicResponse, QueryKeyQuery, QueryKeyResponse,
};
use fixture_auth_and_variables::legacy::{OktaStyleResponse, SignedResponse};
use fixture_auth_and_variables::projects::{
    GetFileOk, GetFileQuery, GetFileResponse, GetProjectOk, GetProjectResponse,
};
use fixture_auth_and_variables::{Client, Error};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server answering every request with `200` and `body` as JSON.
async fn server_answering(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// The one request `server` received.
async fn only_request(server: &MockServer) -> Request {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests[0].clone()
}

/// A client on `server` with every credential set, each to a distinct value.
fn client_with_all_credentials(server: &MockServer) -> Client {
    Client::new(server.uri())
        .with_bearer_token("bearer-secret")
        .with_application_token("application-secret")
        .with_authorization("authorization-secret")
        .with_x_api_key("x-api-key-secret")
        .with_api_key("api-key-secret")
}

/// The query pairs of `request`, in the order they were sent.
fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().into_owned().collect()
}

#[tokio::test]
async fn bearer_token_is_sent_as_authorization_bearer() {
    let server = server_answering(json!({"key": "my proj"})).await;
    let client = Client::new(server.uri())
        .with_bearer_token("t")
        .with_project_key("p1");

    let response = client.projects().get_project().await.unwrap();

    // Response structs are `#[non_exhaustive]`: built with `Default` and field assignment.
    let mut project = GetProjectOk::default();
    project.key = Some("my proj".into());
    assert_eq!(response, GetProjectResponse::Ok(project));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/p1");
    assert_eq!(request.url.query(), None);
    assert_eq!(request.headers["authorization"], "Bearer t");
}

#[tokio::test]
async fn bearer_request_sends_only_the_bearer_credential() {
    let server = server_answering(json!({})).await;
    let client = client_with_all_credentials(&server).with_project_key("p1");

    client.projects().get_project().await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.headers["authorization"], "Bearer bearer-secret");
    assert!(!request.headers.contains_key("x-api-key"));
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn project_key_variable_is_percent_encoded_into_the_path() {
    let server = server_answering(json!({})).await;
    let client = Client::new(server.uri()).with_project_key("my proj");

    let response = client.projects().get_project().await.unwrap();

    assert_eq!(response.status(), 200);
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/my%20proj");
    assert!(!request.headers.contains_key("authorization"));
}

#[tokio::test]
async fn project_key_variable_cannot_add_a_path_segment() {
    let server = server_answering(json!({})).await;
    let client = Client::new(server.uri()).with_project_key("../admin?x=1");

    client.projects().get_project().await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/..%2Fadmin%3Fx%3D1");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn version_variable_defaults_to_the_collection_value() {
    let server = server_answering(json!({"size": 42})).await;
    let client = Client::new(server.uri())
        .with_project_key("my proj")
        .with_name("a");

    let response = client
        .projects()
        .get_file(&GetFileQuery::default())
        .await
        .unwrap();

    let mut file = GetFileOk::default();
    file.size = Some(42);
    assert_eq!(response, GetFileResponse::Ok(file));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/my%20proj/files/a.v2");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn version_variable_set_on_the_client_replaces_the_default() {
    let server = server_answering(json!({})).await;
    let client = Client::new(server.uri())
        .with_project_key("my proj")
        .with_name("a")
        .with_version("v3 beta");

    client
        .projects()
        .get_file(&GetFileQuery::default())
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/my%20proj/files/a.v3%20beta");
}

#[tokio::test]
async fn unset_variables_fail_before_sending() {
    let server = server_answering(json!({})).await;

    // `projectKey` has an empty default in the collection.
    let unset_project_key = Client::new(server.uri()).with_name("a");
    let result = unset_project_key.projects().get_project().await;
    assert!(
        matches!(&result, Err(Error::MissingVariable { name }) if name == "projectKey"),
        "{result:?}"
    );
    let result = unset_project_key
        .projects()
        .get_file(&GetFileQuery::default())
        .await;
    assert!(
        matches!(&result, Err(Error::MissingVariable { name }) if name == "projectKey"),
        "{result:?}"
    );

    // `name` is not declared by the collection at all.
    let unset_name = Client::new(server.uri()).with_project_key("p1");
    let result = unset_name
        .projects()
        .get_file(&GetFileQuery::default())
        .await;
    assert!(
        matches!(&result, Err(Error::MissingVariable { name }) if name == "name"),
        "{result:?}"
    );
    let message = result.unwrap_err().to_string();
    assert!(message.contains("`name`"), "{message}");

    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn list_query_parameter_repeats_its_key() {
    let server = server_answering(json!({})).await;
    let client = Client::new(server.uri())
        .with_project_key("p1")
        .with_name("a");
    let query = GetFileQuery {
        ids: Some(vec![1, 2]),
        ..GetFileQuery::default()
    };

    client.projects().get_file(&query).await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("ids=1&ids=2"));
}

#[tokio::test]
async fn x_api_key_is_sent_as_its_header_only() {
    let server = server_answering(json!([{"id": "0d3ffb69-f83b-456e-ad8e-208d0998d71d"}])).await;
    let client = Client::new(server.uri()).with_x_api_key("k1");

    let response = client.keys().list_keys().await.unwrap();

    let ListKeysResponse::Ok(items) = response else {
        panic!("expected ListKeysResponse::Ok, got {response:?}");
    };
    assert_eq!(items.len(), 1);
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/keys");
    assert_eq!(request.headers["x-api-key"], "k1");
    assert!(!request.headers.contains_key("authorization"));
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn x_api_key_request_sends_no_other_credential() {
    let server = server_answering(json!([])).await;

    client_with_all_credentials(&server)
        .keys()
        .list_keys()
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_eq!(request.headers["x-api-key"], "x-api-key-secret");
    assert!(!request.headers.contains_key("authorization"));
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn query_api_key_is_sent_as_its_query_parameter() {
    let server = server_answering(json!({})).await;
    let client = Client::new(server.uri()).with_api_key("k2");
    let query = QueryKeyQuery {
        page: Some(3),
        ..QueryKeyQuery::default()
    };

    let response = client.keys().query_key(&query).await.unwrap();

    assert!(matches!(response, QueryKeyResponse::Ok(_)), "{response:?}");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/keys/query");
    assert_eq!(
        query_pairs(&request),
        [
            ("page".to_string(), "3".to_string()),
            ("api_key".to_string(), "k2".to_string()),
        ]
    );
    assert!(!request.headers.contains_key("authorization"));
    assert!(!request.headers.contains_key("x-api-key"));
}

#[tokio::test]
async fn query_api_key_request_sends_no_other_credential() {
    let server = server_answering(json!({})).await;

    client_with_all_credentials(&server)
        .keys()
        .query_key(&QueryKeyQuery::default())
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_eq!(
        query_pairs(&request),
        [("api_key".to_string(), "api-key-secret".to_string())]
    );
    assert!(!request.headers.contains_key("authorization"));
    assert!(!request.headers.contains_key("x-api-key"));
    // The collection's `X-Trace: a\r\nInjected: yes` header must not turn into a header.
    assert!(!request.headers.contains_key("injected"));
}

#[tokio::test]
async fn noauth_request_sends_no_credentials_even_when_all_are_set() {
    let server = server_answering(json!({"up": true})).await;

    let response = client_with_all_credentials(&server)
        .keys()
        .public()
        .await
        .unwrap();

    let mut public = PublicOk::default();
    public.up = Some(true);
    assert_eq!(response, PublicResponse::Ok(public));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/public");
    assert_eq!(request.url.query(), None);
    assert!(!request.headers.contains_key("authorization"));
    assert!(!request.headers.contains_key("x-api-key"));
    for (name, value) in &request.headers {
        let value = value.to_str().unwrap_or_default();
        assert!(
            !value.contains("secret"),
            "credential in header {name}: {value}"
        );
    }
}

#[tokio::test]
async fn authorization_api_key_is_sent_with_the_collection_prefix() {
    let server = server_answering(json!([{"id": "u1"}])).await;
    let client = Client::new(server.uri()).with_authorization("abc");

    let response = client.legacy().okta_style().await.unwrap();

    let OktaStyleResponse::Ok(users) = response else {
        panic!("expected OktaStyleResponse::Ok, got {response:?}");
    };
    assert_eq!(users[0].id.as_deref(), Some("u1"));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/api/v1/users");
    assert_eq!(request.headers["authorization"], "SSWS abc");
    assert_eq!(request.headers.get_all("authorization").iter().count(), 1);
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn unsupported_auth_sends_no_credentials() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;

    let response = client_with_all_credentials(&server)
        .legacy()
        .signed()
        .await
        .unwrap();

    assert_eq!(response.status(), 202);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/signed");
    assert!(!request.headers.contains_key("authorization"));
    assert!(!request.headers.contains_key("x-api-key"));
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn request_hook_can_sign_an_unsupported_auth_request() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", "Hawk")
                .set_body_string("nope"),
        )
        .mount(&server)
        .await;
    let client = Client::new(server.uri()).with_request_hook(|request| {
        // The hook sees the finished request: method and url are already set.
        let signature = format!(
            r#"Hawk id="x", mac="{} {}""#,
            request.method(),
            request.url().path()
        );
        request.headers_mut().insert(
            reqwest::header::AUTHORIZATION,
            reqwest::header::HeaderValue::from_str(&signature).unwrap(),
        );
    });

    let response = client.legacy().signed().await.unwrap();

    // Response enums are `#[non_exhaustive]`: a status documented later is a new variant.
    let undocumented = match response {
        SignedResponse::Undocumented(undocumented) => undocumented,
        other => panic!("expected an undocumented response, got {other:?}"),
    };
    assert_eq!(undocumented.status, 401);
    assert_eq!(undocumented.headers["www-authenticate"], "Hawk");
    assert_eq!(undocumented.body, b"nope");
    let request = only_request(&server).await;
    assert_eq!(
        request.headers["authorization"],
        r#"Hawk id="x", mac="POST /signed""#
    );
}

#[tokio::test]
async fn an_async_request_signer_signs_an_unsupported_auth_request_last() {
    let server = server_answering(json!({})).await;
    let client = Client::new(server.uri())
        .with_request_hook(|request| {
            request
                .headers_mut()
                .insert("x-hooked", "yes".parse().unwrap());
        })
        .with_request_signer(|mut request: reqwest::Request| async move {
            // As a signer calling a key service would: it waits, then signs what it sees.
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            let signature = format!(
                r#"Hawk id="x", mac="{} {} {}""#,
                request.method(),
                request.url().path(),
                request.headers().contains_key("x-hooked")
            );
            request
                .headers_mut()
                .insert(reqwest::header::AUTHORIZATION, signature.parse()?);
            Ok(request)
        });

    client.legacy().signed().await.unwrap();

    let request = only_request(&server).await;
    assert_eq!(
        request.headers["authorization"],
        r#"Hawk id="x", mac="POST /signed true""#
    );
}

#[tokio::test]
async fn transport_error_does_not_reveal_the_query_api_key() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::new(format!("http://127.0.0.1:{port}")).with_api_key("supersecretkey");
    let query = QueryKeyQuery {
        access_token: Some("supersecrettoken".into()),
        page: None,
    };

    let result = client.keys().query_key(&query).await;

    let err = match result {
        Err(err @ Error::Transport(_)) => err,
        other => panic!("expected Error::Transport, got {other:?}"),
    };
    let Error::Transport(source) = &err else {
        unreachable!()
    };
    assert!(source.is_connect(), "{source}");
    let mut texts = vec![err.to_string(), format!("{err:?}")];
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(&err);
    while let Some(current) = cause {
        texts.push(current.to_string());
        cause = current.source();
    }
    for text in texts {
        assert!(!text.contains("supersecretkey"), "api key leaked: {text}");
        assert!(
            !text.contains("supersecrettoken"),
            "query secret leaked: {text}"
        );
    }
}

#[test]
fn default_base_url_resolves_nested_variables() {
    // `{{baseUrl}}` is `https://{{region}}.api.example.com` with `region` = `eu`.
    assert_eq!(Client::default().base_url(), "https://eu.api.example.com");
    assert_eq!(Client::DEFAULT_BASE_URL, "https://eu.api.example.com");
}

#[test]
fn debug_output_redacts_every_credential() {
    let client = Client::new("https://eu.api.example.com")
        .with_bearer_token("bearer-secret")
        .with_application_token("application-secret")
        .with_authorization("authorization-secret")
        .with_x_api_key("x-api-key-secret")
        .with_api_key("api-key-secret");

    let debug = format!("{client:?}");

    assert!(!debug.contains("secret"), "{debug}");
    assert!(debug.contains("https://eu.api.example.com"), "{debug}");
}

#[tokio::test]
async fn each_bearer_variable_has_its_own_credential() {
    let server = server_answering(json!({"id": "a1", "key": "p"})).await;
    let client = Client::new(server.uri())
        .with_bearer_token("project-token")
        .with_application_token("application-token")
        .with_project_key("shop");

    client.applications().get_application("a1").await.unwrap();
    client.projects().get_project().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].url.path(), "/applications/a1");
    assert_eq!(
        requests[0].headers["authorization"],
        "Bearer application-token"
    );
    assert_eq!(requests[1].headers["authorization"], "Bearer project-token");
}
