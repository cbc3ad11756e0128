//! Edits of Belvo's collection a team makes between two regenerations.

use serde_json::{json, Value};

/// Belvo's collection, as the repository holds it.
pub fn belvo() -> Value {
    let path = super::workspace_root().join("collection.json");
    serde_json::from_slice(&std::fs::read(path).expect("collection.json")).expect("JSON")
}

pub fn folder<'a>(collection: &'a mut Value, name: &str) -> &'a mut Vec<Value> {
    collection["item"]
        .as_array_mut()
        .and_then(|items| items.iter_mut().find(|item| item["name"] == name))
        .and_then(|folder| folder["item"].as_array_mut())
        .unwrap_or_else(|| panic!("folder {name}"))
}

pub fn request<'a>(collection: &'a mut Value, folder_name: &str, name: &str) -> &'a mut Value {
    folder(collection, folder_name)
        .iter_mut()
        .find(|item| item["name"] == name)
        .unwrap_or_else(|| panic!("request {folder_name} / {name}"))
}

/// Applies `change` to the JSON body of the example of `status`.
fn edit_example(item: &mut Value, status: u16, change: impl FnOnce(&mut Value)) {
    let example = item["response"]
        .as_array_mut()
        .and_then(|responses| responses.iter_mut().find(|r| r["code"] == status))
        .unwrap_or_else(|| panic!("a {status} example"));
    let mut body: Value =
        serde_json::from_str(example["body"].as_str().expect("a body")).expect("a JSON body");
    change(&mut body);
    example["body"] = json!(body.to_string());
}

/// A copy of `Links / Update` under another name and path: it shares the 428 body's
/// nested `token_generation_data` object.
pub fn new_request_sharing_a_nested_shape(c: &mut Value) {
    let mut copy = request(c, "Links", "Update").clone();
    copy["name"] = json!("Update credentials");
    copy["request"]["url"]["raw"] = json!("{{baseUrl}}/api/links/:id/credentials/");
    copy["request"]["url"]["path"] = json!(["api", "links", ":id", "credentials", ""]);
    folder(c, "Links").push(copy);
}

/// A new top-level folder with copies of three `Links` requests.
pub fn new_folder_sharing_types(c: &mut Value) {
    let copies: Vec<Value> = folder(c, "Links").iter().take(3).cloned().collect();
    let items = c["item"].as_array_mut().expect("items");
    items.push(json!({"name": "Links archive", "item": copies}));
}

/// A key only one `Accounts / List all accounts` result has.
pub fn new_optional_response_key(c: &mut Value) {
    edit_example(request(c, "Accounts", "List all accounts"), 200, |body| {
        body["results"][0]["nickname"] = json!("<string>");
    });
}

pub fn reversed_folders(c: &mut Value) {
    c["item"].as_array_mut().expect("items").reverse();
}

/// Every folder's requests in reverse order.
pub fn reversed_requests(c: &mut Value) {
    for folder in c["item"].as_array_mut().expect("items") {
        if let Some(items) = folder["item"].as_array_mut() {
            items.reverse();
        }
    }
}

pub fn removed_request(c: &mut Value) {
    folder(c, "Links").retain(|item| item["name"] != "Delete a link");
}

/// `Links / Update`'s 200 `refresh_rate` becomes a number (`<integer>`; `refresh_rate` names
/// no whole number, so in a response it is `f64`: docs/inference.md, "Numbers").
pub fn retyped_field(c: &mut Value) {
    edit_example(request(c, "Links", "Update"), 200, |body| {
        body["refresh_rate"] = json!("<integer>");
    });
}

/// `Links / Update`'s request body (and every example's) gains `otp`.
pub fn new_request_field(c: &mut Value) {
    let update = request(c, "Links", "Update");
    let raw = update["request"]["body"]["raw"].as_str().expect("raw");
    let mut body: Value = serde_json::from_str(raw).expect("JSON");
    body["otp"] = json!("123456");
    update["request"]["body"]["raw"] = json!(body.to_string());
    for response in update["response"].as_array_mut().expect("responses") {
        if let Some(raw) = response.pointer_mut("/originalRequest/body/raw") {
            let mut original: Value =
                serde_json::from_str(raw.as_str().unwrap_or("{}")).unwrap_or(json!({}));
            original["otp"] = json!("123456");
            *raw = json!(original.to_string());
        }
    }
}

/// A request named like the stream of `Links / List all links` (`list_all_links_stream`).
pub fn new_request_named_like_a_stream(c: &mut Value) {
    let mut copy = request(c, "Links", "Get a link's details").clone();
    copy["name"] = json!("List all links stream");
    folder(c, "Links").push(copy);
}
