//! The resolved IR → the record's items: every public item the collection decides.
//!
//! Constant runtime items (`Error`, `UndocumentedResponse`, `decode`, `status`) are the same
//! for every collection and are left out; what the collection names, types and shapes is in.
//! Signatures are written as the emitted code reads them, with types by their path from the
//! crate root, so a signature changes exactly when what users compile against does.

use std::collections::BTreeMap;

use super::model::{ApiItem, ItemKind};
use crate::ir::origin::{Part, Site};
use crate::ir::{
    Api, Module, Operation, ParamPart, ParamStruct, RequestBody, ResponseBody, StructRole,
    TypeHome, TypeRef, TypeSpace,
};

/// Every public item of the crate emitted from `api`, by path.
pub fn api_items(api: &Api) -> BTreeMap<String, ApiItem> {
    let mut items = Items::default();
    items.client(api);
    items.module(api, &api.root, &[]);
    for shared in &api.shared_params {
        let path = TypeHome::Shared.type_path(&shared.params.name);
        items.param_struct(api, &shared.params, &path, texts(&shared.origins));
    }
    for def in &api.types.structs {
        let path = def.home.type_path(&def.name);
        match def.alias_of {
            Some(target) => {
                let target = api.types.get(target);
                let signature = target.home.type_path(&target.name);
                items.add(
                    &path,
                    ItemKind::TypeAlias,
                    signature,
                    false,
                    texts(&def.origins),
                );
            }
            None => {
                let non_exhaustive = def.role == StructRole::Response;
                items.add(
                    &path,
                    ItemKind::Struct,
                    String::new(),
                    non_exhaustive,
                    texts(&def.origins),
                );
                for field in &def.fields {
                    let signature = type_text(&field.ty, &api.types);
                    items.add(
                        &format!("{path}::{}", field.ident),
                        ItemKind::Field,
                        signature,
                        false,
                        Vec::new(),
                    );
                }
            }
        }
    }
    for def in &api.types.enums {
        // `#[non_exhaustive]`: a value listed later is an additive change.
        let path = def.home.type_path(&def.name);
        items.add(&path, ItemKind::Enum, String::new(), true, Vec::new());
        for (_, variant) in &def.variants {
            let variant_path = format!("{path}::{variant}");
            items.add(
                &variant_path,
                ItemKind::Variant,
                String::new(),
                false,
                Vec::new(),
            );
        }
        let other = format!("{path}::Other");
        items.add(
            &other,
            ItemKind::Variant,
            "(String)".into(),
            false,
            Vec::new(),
        );
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
        from: Vec<String>,
    ) {
        self.0.insert(
            path.to_string(),
            ApiItem {
                kind,
                signature,
                non_exhaustive,
                from,
                runtime: false,
            },
        );
    }

    fn method(&mut self, path: &str, signature: String, from: Vec<String>) {
        self.add(path, ItemKind::Method, signature, false, from);
    }

    /// `Client`, its constructor from the collection's base url and its setters.
    fn client(&mut self, api: &Api) {
        self.add("Client", ItemKind::Struct, String::new(), false, Vec::new());
        if api.default_base_url.is_some() {
            self.method("Client::default", "fn() -> Self".into(), Vec::new());
        }
        // A companion is set by its primary's setter.
        for slot in api
            .credentials
            .iter()
            .filter(|slot| slot.companion_of.is_none())
        {
            let arguments: Vec<String> = slot
                .credential
                .setter_parameters()
                .iter()
                .map(|name| format!("{name}: impl Into<String>"))
                .collect();
            self.method(
                &format!("Client::{}", slot.setter),
                format!("fn(self, {}) -> Self", arguments.join(", ")),
                Vec::new(),
            );
            if let Some(setter) = &slot.aws_scope_setter {
                self.method(
                    &format!("Client::{setter}"),
                    "fn(self, region: impl Into<String>, service: impl Into<String>) -> Self"
                        .into(),
                    Vec::new(),
                );
            }
            if let Some(methods) = &slot.oauth2 {
                self.method(
                    &format!("Client::{}", methods.token_url),
                    "fn(self, url: impl Into<String>) -> Self".into(),
                    Vec::new(),
                );
                self.method(
                    &format!("Client::{}", methods.provider),
                    "fn(self, provider: impl Fn() -> crate::ProviderFuture + Send + Sync + 'static) -> Self"
                        .into(),
                    Vec::new(),
                );
                if let Some(getter) = &methods.refresh_token {
                    self.method(
                        &format!("Client::{getter}"),
                        "fn(&self) -> Option<String>".into(),
                        Vec::new(),
                    );
                }
            }
        }
        for variable in &api.variables {
            self.method(
                &format!("Client::{}", variable.setter),
                "fn(self, value: impl Into<String>) -> Self".into(),
                Vec::new(),
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
                vec![module.key.clone()],
            );
            let owner = format!("{module_path}::{}", module.accessor);
            self.add(&owner, ItemKind::Struct, String::new(), false, Vec::new());
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
                Vec::new(),
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
            ("query", &operation.query, ParamPart::Query),
            ("headers", &operation.headers, ParamPart::Headers),
        ] {
            if let Some(params) = params {
                let path = home.type_path(&params.name);
                arguments.push(format!("{argument}: &{path}"));
                let site = Site::new(&operation.key, Part::Params(part));
                self.param_struct(api, params, &path, vec![site.to_string()]);
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
        let response = home.type_path(&operation.response_enum);
        // A call borrows the client: `Client`'s own methods through `&self`, an accessor's
        // through the accessor's lifetime.
        let lifetime = if owner == "Client" { "'_" } else { "'a" };
        let arguments: String = arguments.iter().map(|a| format!(", {a}")).collect();
        self.method(
            &format!("{owner}::{}", operation.method_name),
            format!("fn(&self{arguments}) -> client::Call<{lifetime}, {response}>"),
            vec![operation.key.clone()],
        );
        if let Some(pagination) = &operation.pagination {
            let item = type_text(&pagination.item, &api.types);
            self.method(
                &format!("{owner}::{}", pagination.method_name),
                format!("fn(&self{arguments}) -> client::Pages<{lifetime}, {item}>"),
                vec![Site::new(&operation.key, Part::Stream).to_string()],
            );
        }
        self.add(
            &response,
            ItemKind::Enum,
            String::new(),
            true,
            vec![Site::new(&operation.key, Part::Response).to_string()],
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
                Vec::new(),
            );
        }
        self.add(
            &format!("{response}::Undocumented"),
            ItemKind::Variant,
            "(UndocumentedResponse)".into(),
            false,
            Vec::new(),
        );
    }

    /// A parameter struct or its alias; `from` is its site, or the sites of the aliases of
    /// a struct shared across folders.
    fn param_struct(&mut self, api: &Api, params: &ParamStruct, path: &str, from: Vec<String>) {
        if let Some(alias) = &params.alias_of {
            let target = alias.home.type_path(&alias.name);
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
                Vec::new(),
            );
        }
    }
}

/// Sites as the record writes them.
fn texts(sites: &[Site]) -> Vec<String> {
    sites.iter().map(Site::to_string).collect()
}

/// A type as the record writes it: scalars in the text `ir` keeps for them (which overrides
/// read back), structs and enums by their path from the crate root.
pub fn type_text(ty: &TypeRef, space: &TypeSpace) -> String {
    if let Some(scalar) = ty.scalar_text() {
        return scalar.into();
    }
    match ty {
        TypeRef::Vec(item) => format!("Vec<{}>", type_text(item, space)),
        TypeRef::Option(inner) => format!("Option<{}>", type_text(inner, space)),
        TypeRef::Map(values) => format!(
            "std::collections::BTreeMap<String, {}>",
            type_text(values, space)
        ),
        TypeRef::Named(id) => {
            let def = space.get(*id);
            def.home.type_path(&def.name)
        }
        TypeRef::Enum(id) => {
            let def = space.enum_def(*id);
            def.home.type_path(&def.name)
        }
        TypeRef::String
        | TypeRef::I64
        | TypeRef::F64
        | TypeRef::Bool
        | TypeRef::Uuid
        | TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Value => unreachable!("a scalar's text is its `scalar_text`"),
    }
}
