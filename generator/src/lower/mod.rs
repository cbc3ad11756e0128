//! Postman → IR: folders become modules, requests become operations.
//!
//! In: a parsed [`Collection`]. Out: an [`Api`] with unique names, inherited auth resolved,
//! url templates, query structs and the types of every body (through the inference registry),
//! plus warnings for everything that had to be dropped.

mod auth;
mod body;
mod keys;
mod naming;
pub mod overrides;
pub mod pagination;
mod responses;
pub mod secrets;
mod shared_params;
pub mod status;
mod url;
mod variables;

use std::collections::BTreeMap;

use auth::{AuthResolver, Declared};

use crate::diagnostics::{Diagnostics, WarningKind};
use crate::infer::placeholder::{parse_placeholder, ScalarHint};
use crate::infer::{TypeRegistry, TypeRemap};
use crate::ir::origin::{Part, Site};
use crate::ir::reserved;
use crate::ir::{
    Api, CredentialRef, Module, Operation, ParamField, ParamPart, ParamStruct, PathSegment,
    RequestBody, ResponseBody, SegmentPart, TypeHome, TypeRef, VariableRef,
};
use crate::previous::RememberedNames;
use heck::ToPascalCase;
use keys::OriginKeys;

use crate::naming::{one_line, pascal_word, snake_ident, Scope};
use crate::postman::{Collection, Item, Request, RequestObject};

/// Lowers a collection into the IR, reporting what it drops to `diagnostics`. Names the
/// previous generation gave (`remembered`, empty for a first one) are kept for the same
/// folders, requests and body sites.
pub fn lower(
    collection: &Collection,
    diagnostics: &mut Diagnostics,
    remembered: &RememberedNames,
    secret_fields: &[String],
) -> Api {
    let mut lowerer = Lowerer {
        collection,
        remembered,
        keys: OriginKeys::count(&collection.item, join_path),
        registry: TypeRegistry::default(),
        diagnostics,
        auth: AuthResolver::default(),
        variables: variables::VariableRegistry::default(),
        reserved: BTreeMap::new(),
        origins: Vec::new(),
    };
    if has_scripts(collection) {
        lowerer.diagnostics.warn(
            WarningKind::ScriptsIgnored,
            "",
            "pre-request and test scripts are ignored: the generated client does not run JavaScript",
        );
    }
    let mut root = lowerer.folder(
        &collection.item,
        &[],
        "",
        String::new(),
        Scope::with_reserved(
            reserved::CLIENT_METHODS
                .iter()
                .chain(reserved::MOCK_SERVER_METHODS)
                .copied(),
        ),
        collection
            .auth
            .as_ref()
            .map(|auth| Declared { auth, place: "" }),
    );
    let Lowerer {
        registry,
        reserved,
        origins,
        diagnostics,
        auth,
        variables,
        ..
    } = lowerer;
    let (variables, variables_moved) = variables.finish();
    let (credentials, credentials_moved) = auth.finish(&variables);
    let (types, remap) = registry.finish(&reserved, remembered);
    remap_module(
        &mut root,
        &Moved {
            types: &remap,
            credentials: &credentials_moved,
            variables: &variables_moved,
        },
    );
    let mut api = Api {
        title: one_line(&collection.info.name),
        description: collection
            .info
            .description
            .as_ref()
            .and_then(|d| d.text())
            .map(str::to_string),
        default_base_url: default_base_url(collection, &origins, diagnostics),
        variables,
        credentials,
        root,
        types,
        shared_params: Vec::new(),
    };
    secrets::mark(&mut api, secret_fields);
    // After the marks: a shared struct copies its fields, secrets included.
    shared_params::share_repeated(&mut api, remembered);
    api
}

/// `items` sorted by `compare`, and where each moved: `moved[before] == after`. Registries
/// hand out references in first-use order and sort at the end; the references follow.
fn sort_with_moves<T>(
    items: Vec<T>,
    compare: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> (Vec<T>, Vec<usize>) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|a, b| compare(&items[*a], &items[*b]));
    let mut moved = vec![0; items.len()];
    for (after, before) in order.iter().enumerate() {
        moved[*before] = after;
    }
    let mut items: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let sorted = order
        .iter()
        .filter_map(|before| items[*before].take())
        .collect();
    (sorted, moved)
}

/// Where the references handed out while lowering point once their registries are final.
struct Moved<'a> {
    types: &'a TypeRemap,
    credentials: &'a [CredentialRef],
    variables: &'a [VariableRef],
}

/// Points every body type of `module` and below at its final struct (see [`TypeRemap`]),
/// and every credential and variable reference at its final place.
fn remap_module(module: &mut Module, moved: &Moved<'_>) {
    for operation in &mut module.operations {
        if let Some(RequestBody::Json(ty, _) | RequestBody::Form(ty)) = &mut operation.body {
            moved.types.apply(ty);
        }
        for response in &mut operation.responses {
            if let ResponseBody::Json(ty) = &mut response.body {
                moved.types.apply(ty);
            }
        }
        if let Some(credential) = &mut operation.auth {
            *credential = moved.credentials[credential.0];
        }
        for segment in &mut operation.path.segments {
            if let PathSegment::Template { parts, .. } = segment {
                for part in parts {
                    if let SegmentPart::Variable(variable) = part {
                        *variable = moved.variables[variable.0];
                    }
                }
            }
        }
    }
    for child in &mut module.children {
        remap_module(child, moved);
    }
}

struct Lowerer<'a> {
    collection: &'a Collection,
    remembered: &'a RememberedNames,
    keys: OriginKeys,
    registry: TypeRegistry,
    diagnostics: &'a mut Diagnostics,
    auth: AuthResolver,
    variables: variables::VariableRegistry,
    /// Type names the emitters use per module, kept free of inferred structs.
    reserved: BTreeMap<TypeHome, Vec<String>>,
    /// `(item path, origin as written)` of every request with a host.
    origins: Vec<(String, String)>,
}

impl Lowerer<'_> {
    fn folder(
        &mut self,
        items: &[Item],
        module_path: &[String],
        item_path: &str,
        accessor: String,
        mut methods: Scope,
        inherited_auth: Option<Declared<'_>>,
    ) -> Module {
        let mut module_idents = if module_path.is_empty() {
            Scope::with_reserved(
                reserved::ROOT_MODULES
                    .iter()
                    .chain(reserved::MOCK_MODULES)
                    .copied(),
            )
        } else {
            Scope::with_reserved(reserved::FOLDER_MODULES.iter().copied())
        };
        let folders: Vec<&Item> = items
            .iter()
            .filter(|item| item.is_folder() && contains_requests(item))
            .collect();
        let requests: Vec<&Item> = items.iter().filter(|item| !item.is_folder()).collect();
        let folder_keys: Vec<String> = folders
            .iter()
            .map(|folder| {
                let name = folder.name.as_deref().unwrap_or_default();
                self.keys.folder(&join_path(item_path, name))
            })
            .collect();
        let request_keys: Vec<String> = requests
            .iter()
            .map(|request| {
                let name = request.name.as_deref().unwrap_or_default();
                self.keys
                    .request(&join_path(item_path, name), || naming::detail(request))
            })
            .collect();
        // Names the previous generation gave stay with their folders and requests: claimed
        // before any new one is chosen. Accessor methods and request methods share a
        // namespace, so each kind keeps clear of the other's.
        let remembered = self.remembered;
        let remembered_idents: Vec<Option<&str>> = folder_keys
            .iter()
            .map(|key| remembered.module(key))
            .collect();
        let remembered_methods: Vec<Option<&str>> = request_keys
            .iter()
            .map(|key| remembered.method(key))
            .collect();
        // A paginated request's stream is a method too: a new request must not take its name.
        let remembered_streams: Vec<Option<&str>> = request_keys
            .iter()
            .map(|key| remembered.stream_method(key))
            .collect();
        for name in remembered_idents
            .iter()
            .chain(&remembered_methods)
            .chain(&remembered_streams)
            .flatten()
        {
            module_idents.try_claim(name);
            methods.try_claim(name);
        }
        let home = TypeHome::Module(module_path.to_vec());
        // The crate root re-exports `Client`, `Error` and `UndocumentedResponse`.
        let fixed_types = if module_path.is_empty() {
            reserved::ROOT_TYPES
        } else {
            &[]
        };
        let mut type_names = Scope::with_reserved(
            std::iter::once(accessor.as_str())
                .chain(fixed_types.iter().copied())
                .chain(remembered.type_names_in(&home).iter().map(String::as_str)),
        );
        let mut children = Vec::new();
        for ((folder, key), remembered_ident) in
            folders.iter().zip(folder_keys).zip(remembered_idents)
        {
            let name = folder.name.as_deref().unwrap_or_default();
            let child_path_text = join_path(item_path, name);
            let ident = match remembered_ident {
                Some(ident) => ident.to_string(),
                None => module_idents.claim(&snake_ident(name, "folder")),
            };
            methods.try_claim(&ident);
            let mut child_module = module_path.to_vec();
            child_module.push(ident.clone());
            let child_accessor = format!("{}Api", pascal_word(&ident, "folder"));
            let auth = folder
                .auth
                .as_ref()
                .map(|auth| Declared {
                    auth,
                    place: &child_path_text,
                })
                .or(inherited_auth);
            let mut child = self.folder(
                folder.item.as_deref().unwrap_or_default(),
                &child_module,
                &child_path_text,
                child_accessor,
                Scope::with_reserved(reserved::ACCESSOR_METHODS.iter().copied()),
                auth,
            );
            child.key = key;
            child.description = folder
                .description
                .as_ref()
                .and_then(|d| d.text())
                .map(str::to_string);
            children.push(child);
        }
        // Client setters all start with `with_`; top-level requests must never take one.
        let method_names = naming::method_names(
            &requests,
            &remembered_methods,
            &mut methods,
            module_path.is_empty(),
        );
        let mut operations = Vec::new();
        for ((item, method_name), key) in requests.into_iter().zip(method_names).zip(request_keys) {
            let name = item.name.as_deref().unwrap_or_default();
            let op_path = join_path(item_path, name);
            // Always followed by a suffix (`Response`, `Query`, `Ok`), so a keyword-like method
            // name (`self_`) needs no escaping here.
            let type_prefix = method_name.to_pascal_case();
            operations.push(self.operation(
                item,
                &op_path,
                key,
                module_path,
                method_name,
                &type_prefix,
                &mut type_names,
                inherited_auth,
            ));
        }
        self.reserved
            .entry(home)
            .or_default()
            .extend(operations.iter().flat_map(|op: &Operation| {
                let mut names = vec![op.response_enum.clone()];
                names.extend(op.query.as_ref().map(|q| q.name.clone()));
                names.extend(op.headers.as_ref().map(|h| h.name.clone()));
                names
            }));
        let names_taken = self
            .reserved
            .entry(TypeHome::Module(module_path.to_vec()))
            .or_default();
        names_taken.push(accessor.clone());
        names_taken.extend(fixed_types.iter().map(|name| name.to_string()));
        Module {
            key: String::new(),
            item_path: item_path.to_string(),
            ident: module_path.last().cloned().unwrap_or_default(),
            accessor,
            description: None,
            operations,
            children,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        item: &Item,
        item_path: &str,
        key: String,
        module_path: &[String],
        method_name: String,
        type_prefix: &str,
        type_names: &mut Scope,
        inherited_auth: Option<Declared<'_>>,
    ) -> Operation {
        let request = match &item.request {
            Some(Request::Full(request)) => (**request).clone(),
            Some(Request::Url(url)) => RequestObject {
                url: Some(crate::postman::Url::Raw(url.clone())),
                ..RequestObject::default()
            },
            None => {
                self.diagnostics.warn(
                    WarningKind::IncompleteRequest,
                    item_path,
                    "item has no request; generated as GET /",
                );
                RequestObject::default()
            }
        };
        let split = request.url.as_ref().map(url::split_url).unwrap_or_default();
        if let Some(origin) = &split.origin {
            self.origins.push((item_path.to_string(), origin.clone()));
        }
        let collection = self.collection;
        let variables = &mut self.variables;
        let path = url::path_template(&split.segments, &mut |name| {
            variables.variable_for(name, collection)
        });
        let http_method = request
            .method
            .as_deref()
            .map(str::to_ascii_uppercase)
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "GET".to_string());
        let is_token = http_method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        let http_method = if is_token {
            http_method
        } else {
            self.diagnostics.warn(
                WarningKind::IncompleteRequest,
                item_path,
                format!("method `{http_method}` is not a valid HTTP method; generated as GET"),
            );
            "GET".to_string()
        };
        let declared = request
            .auth
            .as_ref()
            .map(|auth| Declared {
                auth,
                place: item_path,
            })
            .or(inherited_auth);
        let authorization_header = request
            .header
            .as_ref()
            .and_then(|headers| headers.get("authorization"));
        let auth = self
            .auth
            .resolve(declared, authorization_header.as_deref(), self.diagnostics);

        let home = TypeHome::Module(module_path.to_vec());
        let mut owned_name = |part: Part, default: String| {
            self.remembered
                .type_at(&Site::new(&key, part))
                .filter(|remembered| remembered.home == home && !remembered.retired)
                .map(|remembered| remembered.name.clone())
                .unwrap_or_else(|| type_names.claim(&default))
        };
        let query = self.query_fields(&split.query, item_path);
        let query = (!query.is_empty()).then(|| ParamStruct {
            name: owned_name(
                Part::Params(ParamPart::Query),
                format!("{type_prefix}Query"),
            ),
            fields: query,
            alias_of: None,
        });
        let (fixed_headers, headers) = self.headers(&request, item_path);
        let headers = (!headers.is_empty()).then(|| ParamStruct {
            name: owned_name(
                Part::Params(ParamPart::Headers),
                format!("{type_prefix}Headers"),
            ),
            fields: headers,
            alias_of: None,
        });
        let body = self.request_body(item, &request, item_path, &key, module_path, type_prefix);
        let responses = responses::lower_responses(
            item,
            item_path,
            &key,
            module_path,
            type_prefix,
            &mut self.registry,
            self.diagnostics,
        );
        let response_enum = owned_name(Part::Response, format!("{type_prefix}Response"));
        let description = request
            .description
            .as_ref()
            .and_then(|d| d.text())
            .or_else(|| item.description.as_ref().and_then(|d| d.text()))
            .map(str::to_string);
        Operation {
            key,
            item_path: item_path.to_string(),
            method_name,
            response_enum,
            http_method,
            path,
            query,
            fixed_headers,
            headers,
            body,
            responses,
            description,
            auth,
            pagination: None,
        }
    }

    /// The fields of the `{Op}Query` struct.
    fn query_fields(
        &mut self,
        params: &[crate::postman::QueryParam],
        item_path: &str,
    ) -> Vec<ParamField> {
        // Disabled parameters are documented options, so they are fields too; a repeated key
        // (`ids=1&ids=2`) is a list, described by its first occurrence.
        let mut idents = Scope::default();
        let mut fields: Vec<ParamField> = Vec::new();
        for param in params {
            let Some(key) = param.key.as_deref().filter(|key| !key.is_empty()) else {
                continue;
            };
            if key.contains("{{") {
                self.diagnostics.warn(
                    WarningKind::DroppedParameter,
                    item_path,
                    format!("query parameter `{key}` has a variable name and is not generated"),
                );
                continue;
            }
            if let Some(field) = fields.iter_mut().find(|field| field.key == key) {
                if !matches!(field.ty, TypeRef::Vec(_)) {
                    field.ty = TypeRef::Vec(Box::new(field.ty.clone()));
                }
                continue;
            }
            fields.push(ParamField {
                key: key.to_string(),
                ident: idents.claim(&snake_ident(key, "param")),
                ty: scalar_type(param.value.as_deref()),
                description: param
                    .description
                    .as_ref()
                    .and_then(|d| d.text())
                    .map(str::to_string),
                // Decided once the IR is whole (`lower/secrets.rs`).
                secret: false,
            });
        }
        fields
    }

    /// Splits request headers into those sent as written (`Accept`) and optional per-call ones.
    /// `Content-Type` follows the body and `Authorization` the client's credentials.
    fn headers(
        &mut self,
        request: &RequestObject,
        item_path: &str,
    ) -> (Vec<(String, String)>, Vec<ParamField>) {
        let mut fixed = Vec::new();
        let mut optional = Vec::new();
        let mut idents = Scope::default();
        for (key, value) in request
            .header
            .as_ref()
            .map(|h| h.enabled())
            .unwrap_or_default()
        {
            if value.contains(['\r', '\n', '\0']) || key.contains(['\r', '\n', '\0', ':']) {
                self.diagnostics.warn(
                    WarningKind::DroppedParameter,
                    item_path,
                    format!(
                        "header `{}` has a line break or NUL and is not generated",
                        key.escape_debug()
                    ),
                );
                continue;
            }
            match key.to_ascii_lowercase().as_str() {
                "content-type" | "authorization" => {}
                "accept" if !value.contains("{{") => fixed.push(("accept".to_string(), value)),
                _ if key.contains("{{") => self.diagnostics.warn(
                    WarningKind::DroppedParameter,
                    item_path,
                    format!("header `{key}` has a variable name and is not generated"),
                ),
                _ => optional.push(ParamField {
                    ident: idents.claim(&snake_ident(&key, "header")),
                    key,
                    ty: TypeRef::String,
                    description: Some(format!("Example value: `{value}`.")),
                    secret: false,
                }),
            }
        }
        (fixed, optional)
    }
}

/// The type a query value's example says: a placeholder's type, otherwise a string.
fn scalar_type(example: Option<&str>) -> TypeRef {
    match example.and_then(parse_placeholder) {
        Some(ScalarHint::Integer | ScalarHint::Long) => TypeRef::I64,
        Some(ScalarHint::Number) => TypeRef::F64,
        Some(ScalarHint::Boolean) => TypeRef::Bool,
        Some(ScalarHint::Uuid) => TypeRef::Uuid,
        Some(ScalarHint::DateTime) => TypeRef::DateTime,
        Some(ScalarHint::Date) => TypeRef::Date,
        _ => TypeRef::String,
    }
}

fn join_path(parent: &str, name: &str) -> String {
    let name = one_line(name);
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent} / {name}")
    }
}

fn contains_requests(folder: &Item) -> bool {
    folder
        .item
        .as_deref()
        .unwrap_or_default()
        .iter()
        .any(|item| !item.is_folder() || contains_requests(item))
}

fn has_scripts(collection: &Collection) -> bool {
    fn in_items(items: &[Item]) -> bool {
        items.iter().any(|item| {
            item.event.iter().any(|event| !event.disabled)
                || item.item.as_deref().is_some_and(in_items)
        })
    }
    collection.event.iter().any(|event| !event.disabled) || in_items(&collection.item)
}

/// The client's default base url: the origin most requests are written with (`{{baseUrl}}`),
/// with collection variables substituted. Requests written with another origin are sent to
/// the client's base url all the same, with a warning.
fn default_base_url(
    collection: &Collection,
    origins: &[(String, String)],
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (_, origin) in origins {
        match counts.iter_mut().find(|(seen, _)| *seen == origin) {
            Some((_, count)) => *count += 1,
            None => counts.push((origin, 1)),
        }
    }
    let best = counts.iter().map(|(_, count)| *count).max()?;
    let main = counts.iter().find(|(_, count)| *count == best)?.0;
    for (item_path, origin) in origins.iter().filter(|(_, origin)| origin != main) {
        diagnostics.warn(
            WarningKind::OtherOrigin,
            item_path,
            format!("url origin `{origin}` differs from `{main}` used by most requests; the client sends it to its one base url"),
        );
    }
    // Values may refer to other variables; Postman resolves up to 19 levels deep.
    let mut resolved = main.to_string();
    for _ in 0..19 {
        let next = substitute_variables(&resolved, collection);
        if next == resolved {
            break;
        }
        resolved = next;
    }
    (!resolved.is_empty() && !resolved.contains("{{")).then_some(resolved)
}

/// Replaces `{{name}}` with the collection variable's value, where it has one.
fn substitute_variables(text: &str, collection: &Collection) -> String {
    let mut out = String::new();
    for part in url::template_parts(text) {
        match part {
            url::TemplatePart::Text(text) => out.push_str(text),
            url::TemplatePart::Variable(name) => match collection.variable_value(name) {
                Some(value) => out.push_str(&value),
                None => {
                    out.push_str("{{");
                    out.push_str(name);
                    out.push_str("}}");
                }
            },
        }
    }
    out.trim_end_matches('/').to_string()
}
