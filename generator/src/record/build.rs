//! The resolved IR → the record's items: every public item the collection decides.
//!
//! Constant runtime items (`Error`, `UndocumentedResponse`, `decode`, `status`) are the same
//! for every collection and are left out; what the collection names, types and shapes is in.
//! Signatures are written as the emitted code reads them, with types by their path from the
//! crate root, so a signature changes exactly when what users compile against does.

use std::collections::BTreeMap;

use super::memory::type_path;
use super::model::{ApiItem, ItemKind};
use crate::ir::{
    Api, Credential, Module, Operation, ParamStruct, RequestBody, ResponseBody, StructRole,
    TypeHome, TypeRef, TypeSpace,
};

/// Every public item of the crate emitted from `api`, by path.
pub fn api_items(api: &Api) -> BTreeMap<String, ApiItem> {
    let mut items = Items::default();
    items.client(api);
    items.module(api, &api.root, &[]);
    for shared in &api.shared_params {
        let path = type_path(&TypeHome::Shared, &shared.params.name);
        items.param_struct(api, &shared.params, &path, &shared.origins);
    }
    for def in &api.types.structs {
        let path = type_path(&def.home, &def.name);
        match def.alias_of {
            Some(target) => {
                let target = api.types.get(target);
                let signature = type_path(&target.home, &target.name);
                items.add(&path, ItemKind::TypeAlias, signature, false, &def.origins);
            }
            None => {
                let non_exhaustive = def.role == StructRole::Response;
                items.add(
                    &path,
                    ItemKind::Struct,
                    String::new(),
                    non_exhaustive,
                    &def.origins,
                );
                for field in &def.fields {
                    let signature = type_text(&field.ty, &api.types);
                    items.add(
                        &format!("{path}::{}", field.ident),
                        ItemKind::Field,
                        signature,
                        false,
                        &[],
                    );
                }
            }
        }
    }
    for def in &api.types.enums {
        // `#[non_exhaustive]`: a value listed later is an additive change.
        let path = type_path(&def.home, &def.name);
        items.add(&path, ItemKind::Enum, String::new(), true, &[]);
        for (_, variant) in &def.variants {
            let variant_path = format!("{path}::{variant}");
            items.add(&variant_path, ItemKind::Variant, String::new(), false, &[]);
        }
        let other = format!("{path}::Other");
        items.add(&other, ItemKind::Variant, "(String)".into(), false, &[]);
    }
    items.0
}

#[derive(Default)]
struct Items(BTreeMap<String, ApiItem>);

impl Items {
    fn add(
        &mut self,
        path: &str,
        kind: ItemKind,
        signature: String,
        non_exhaustive: bool,
        from: &[String],
    ) {
        self.0.insert(
            path.to_string(),
            ApiItem {
                kind,
                signature,
                non_exhaustive,
                from: from.to_vec(),
                runtime: false,
            },
        );
    }

    fn method(&mut self, path: &str, signature: String, from: &[String]) {
        self.add(path, ItemKind::Method, signature, false, from);
    }

    /// `Client`, its constructor from the collection's base url and its setters.
    fn client(&mut self, api: &Api) {
        self.add("Client", ItemKind::Struct, String::new(), false, &[]);
        if api.default_base_url.is_some() {
            self.method("Client::default", "fn() -> Self".into(), &[]);
        }
        for slot in &api.credentials {
            let arguments = match slot.credential {
                Credential::Basic => "username: impl Into<String>, password: impl Into<String>",
                Credential::Bearer => "token: impl Into<String>",
                Credential::ApiKey { .. } => "key: impl Into<String>",
            };
            self.method(
                &format!("Client::{}", slot.setter),
                format!("fn(self, {arguments}) -> Self"),
                &[],
            );
        }
        for variable in &api.variables {
            self.method(
                &format!("Client::{}", variable.setter),
                "fn(self, value: impl Into<String>) -> Self".into(),
                &[],
            );
        }
    }

    /// A folder's module, accessor and requests, and its subfolders; the root's requests
    /// are methods of `Client` and their types live in the crate root.
    fn module(&mut self, api: &Api, module: &Module, path: &[String]) {
        let owner = if path.is_empty() {
            "Client".to_string()
        } else {
            let module_path = path.join("::");
            self.add(
                &module_path,
                ItemKind::Module,
                String::new(),
                false,
                std::slice::from_ref(&module.key),
            );
            let owner = format!("{module_path}::{}", module.accessor);
            self.add(&owner, ItemKind::Struct, String::new(), false, &[]);
            owner
        };
        let home = TypeHome::Module(path.to_vec());
        for child in &module.children {
            let mut child_path = path.to_vec();
            child_path.push(child.ident.clone());
            self.method(
                &format!("{owner}::{}", child.ident),
                format!(
                    "fn(&self) -> {}::{}<'_>",
                    child_path.join("::"),
                    child.accessor
                ),
                &[],
            );
            self.module(api, child, &child_path);
        }
        for operation in &module.operations {
            self.operation(api, operation, &owner, &home);
        }
    }

    fn operation(&mut self, api: &Api, operation: &Operation, owner: &str, home: &TypeHome) {
        let mut arguments: Vec<String> = operation
            .path
            .params()
            .map(|(_, ident)| format!("{ident}: &str"))
            .collect();
        for (argument, params, part) in [
            ("query", &operation.query, "query"),
            ("headers", &operation.headers, "headers"),
        ] {
            if let Some(params) = params {
                let path = type_path(home, &params.name);
                arguments.push(format!("{argument}: &{path}"));
                let site = [format!("{} › {part}", operation.key)];
                self.param_struct(api, params, &path, &site);
            }
        }
        arguments.extend(match &operation.body {
            None => None,
            Some(RequestBody::Json(ty, _) | RequestBody::Form(ty)) => {
                Some(format!("body: &{}", type_text(ty, &api.types)))
            }
            Some(RequestBody::Text { .. }) => Some("body: &str".into()),
            Some(RequestBody::Binary { .. }) => Some("body: Vec<u8>".into()),
            Some(RequestBody::Multipart { .. }) => Some("form: reqwest::multipart::Form".into()),
        });
        let response = type_path(home, &operation.response_enum);
        // A call borrows the client: `Client`'s own methods through `&self`, an accessor's
        // through the accessor's lifetime.
        let lifetime = if owner == "Client" { "'_" } else { "'a" };
        let arguments: String = arguments.iter().map(|a| format!(", {a}")).collect();
        self.method(
            &format!("{owner}::{}", operation.method_name),
            format!("fn(&self{arguments}) -> client::Call<{lifetime}, {response}>"),
            std::slice::from_ref(&operation.key),
        );
        if let Some(pagination) = &operation.pagination {
            let item = type_text(&pagination.item, &api.types);
            self.method(
                &format!("{owner}::{}", pagination.method_name),
                format!("fn(&self{arguments}) -> client::Pages<{lifetime}, {item}>"),
                &[crate::lower::pagination::stream_key(&operation.key)],
            );
        }
        self.add(
            &response,
            ItemKind::Enum,
            String::new(),
            true,
            &[format!("{} › response", operation.key)],
        );
        for status in &operation.responses {
            let payload = match &status.body {
                ResponseBody::Empty => String::new(),
                ResponseBody::Text => "(String)".into(),
                ResponseBody::Json(ty) => format!("({})", type_text(ty, &api.types)),
            };
            self.add(
                &format!("{response}::{}", status.variant),
                ItemKind::Variant,
                payload,
                false,
                &[],
            );
        }
        self.add(
            &format!("{response}::Undocumented"),
            ItemKind::Variant,
            "(UndocumentedResponse)".into(),
            false,
            &[],
        );
    }

    /// A parameter struct or its alias; `from` is its site, or the sites of the aliases of
    /// a struct shared across folders.
    fn param_struct(&mut self, api: &Api, params: &ParamStruct, path: &str, from: &[String]) {
        if let Some(alias) = &params.alias_of {
            let target = type_path(&alias.home, &alias.name);
            self.add(path, ItemKind::TypeAlias, target, false, from);
            return;
        }
        self.add(path, ItemKind::Struct, String::new(), false, from);
        for field in &params.fields {
            self.add(
                &format!("{path}::{}", field.ident),
                ItemKind::Field,
                format!("Option<{}>", type_text(&field.ty, &api.types)),
                false,
                &[],
            );
        }
    }
}

/// A type as the record writes it: structs by their path from the crate root.
pub fn type_text(ty: &TypeRef, space: &TypeSpace) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Uuid => "uuid::Uuid".into(),
        TypeRef::DateTime => "chrono::DateTime<chrono::FixedOffset>".into(),
        TypeRef::Date => "chrono::NaiveDate".into(),
        TypeRef::Value => "serde_json::Value".into(),
        TypeRef::Vec(item) => format!("Vec<{}>", type_text(item, space)),
        TypeRef::Option(inner) => format!("Option<{}>", type_text(inner, space)),
        TypeRef::Map(values) => format!(
            "std::collections::BTreeMap<String, {}>",
            type_text(values, space)
        ),
        TypeRef::Named(id) => {
            let def = space.get(*id);
            type_path(&def.home, &def.name)
        }
        TypeRef::Enum(id) => {
            let def = space.enum_def(*id);
            type_path(&def.home, &def.name)
        }
    }
}
