//! The minijinja templates of the emitted crate (Cargo.toml, README.md, lib.rs preamble).

use minijinja::{context, Environment};

use super::docs::{code_span, markdown_lines};
use super::runtime::RuntimeNeeds;
use super::settings::{EmitError, EmitSettings};
use crate::ir::{Api, PageStyle};
use crate::output::EmittedFile;

/// Templates are compiled into the generator so that it runs from any directory.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "Cargo.toml.j2",
        include_str!("../../../templates/Cargo.toml.j2"),
    ),
    (
        "README.md.j2",
        include_str!("../../../templates/README.md.j2"),
    ),
    ("lib.rs.j2", include_str!("../../../templates/lib.rs.j2")),
];

pub struct Scaffold {
    env: Environment<'static>,
    context: minijinja::Value,
    /// The crate name as a Rust identifier (`my-api` → `my_api`).
    pub crate_ident: String,
}

impl Scaffold {
    pub fn new(api: &Api, needs: &RuntimeNeeds, settings: &EmitSettings) -> Scaffold {
        let mut env = Environment::new();
        env.set_keep_trailing_newline(true);
        for (name, source) in TEMPLATES {
            // The templates are fixed at compile time; a syntax error there fails the tests.
            if let Err(err) = env.add_template(name, source) {
                panic!("template {name} does not parse: {err}");
            }
        }
        let crate_ident = settings.crate_name.replace('-', "_");
        let operation_count = api.root.all_operations().count();
        let modules: Vec<&str> = api.root.children.iter().map(|m| m.ident.as_str()).collect();
        let context = context! {
            generator => format!("generator {}", env!("CARGO_PKG_VERSION")),
            // After the crate's own name and version in its `User-Agent`.
            generator_agent => format!("generator/{}", env!("CARGO_PKG_VERSION")),
            secret_query_names => secret_query_names(api),
            source => settings.source_name,
            crate_name => settings.crate_name,
            // Filled in once the release is planned (`Manifest::with_version`).
            version => VERSION_SLOT,
            crate_ident => crate_ident,
            // Shown inside markdown (the crate docs and the README): cleaned as descriptions are.
            title_markdown => markdown_lines(&[Some(&api.title)]).join(" "),
            // A TOML string literal, quotes and escapes included.
            cargo_description => toml::Value::String(format!(
                "Typed async client for {}, generated from its Postman collection.",
                api.title
            ))
            .to_string(),
            description_lines => markdown_lines(&[api.description.as_deref()]),
            // A Rust string literal: a base url may hold quotes or line breaks, and the
            // example is code inside a doc comment.
            example_base_url => format!("{:?}", api.default_base_url.as_deref().unwrap_or("https://api.example.com")),
            credential_setters => api.credentials.iter().filter(|slot| slot.companion_of.is_none()).map(|slot| {
                let arguments: Vec<String> = slot
                    .credential
                    .setter_parameters()
                    .iter()
                    .map(|name| format!("{name:?}"))
                    .collect();
                format!("{}({})", slot.setter, arguments.join(", "))
            }).collect::<Vec<_>>(),
            modules => modules,
            first_module => modules.first().copied().unwrap_or("folder"),
            has_shared_types => !api.shared_params.is_empty()
                || api.types.structs.iter().any(|s| s.home == crate::ir::TypeHome::Shared),
            uses_chrono => needs.crates.chrono,
            uses_uuid => needs.crates.uuid,
            tolerant => needs.json_responses,
            uses_multipart => needs.bodies.multipart,
            // The token request of OAuth 2.0 is a form too.
            uses_form => needs.bodies.form || needs.computed.oauth2,
            uses_percent_encoding => needs.path_arguments
                || needs.computed.oauth1
                || needs.computed.jwt
                || needs.computed.aws,
            computes_credentials => needs.computed.any(),
            uses_oauth2 => needs.computed.oauth2,
            uses_oauth1 => needs.computed.oauth1,
            uses_digest => needs.computed.digest,
            uses_jwt => needs.computed.jwt,
            uses_aws => needs.computed.aws,
            uses_pages => needs.pages,
            streams => streams(api),
            mock_example => super::mock::mock_example(api, &crate_ident),
            operation_count => operation_count,
            type_count => api.types.structs.len(),
        };
        Scaffold {
            env,
            context,
            crate_ident,
        }
    }

    pub fn render(&self, template: &str) -> Result<String, EmitError> {
        let fail = |err: minijinja::Error| EmitError::Template {
            template: template.to_string(),
            message: err.to_string(),
        };
        self.env
            .get_template(template)
            .map_err(fail)?
            .render(&self.context)
            .map_err(fail)
    }
}

/// The query keys of the crate's requests that are named like secrets (`lower/secrets.rs`),
/// each a Rust string literal: traces redact their values.
fn secret_query_names(api: &Api) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    for operation in api.root.all_operations() {
        let fields = operation.query.iter().flat_map(|query| &query.fields);
        names.extend(fields.filter(|field| field.secret).map(|field| &field.key));
    }
    names.into_iter().map(|name| format!("{name:?}")).collect()
}

/// One line per stream for the crate docs: its path, its request and how it pages.
fn streams(api: &Api) -> Vec<String> {
    let mut lines = Vec::new();
    for (path, module) in api.root.walk() {
        let owner = if path.is_empty() {
            "Client".to_string()
        } else {
            format!("{}::{}", path.join("::"), module.accessor)
        };
        for operation in &module.operations {
            let Some(pagination) = &operation.pagination else {
                continue;
            };
            let how = match &pagination.style {
                PageStyle::NextUrl => "follows each page's next url".to_string(),
                PageStyle::Cursor { param } => {
                    format!("sends each page's token back as `{param}`")
                }
                PageStyle::Offset { param } => format!("moves `{param}` on by each page's items"),
            };
            lines.push(format!(
                "[`{owner}::{}`](crate::{owner}::{}) ({}): {how}",
                pagination.method_name,
                pagination.method_name,
                code_span(&operation.item_path),
            ));
        }
    }
    lines
}

/// Where the version goes in the rendered `Cargo.toml`: no version can contain it.
const VERSION_SLOT: &str = "\u{0}version\u{0}";

/// The emitted `Cargo.toml`, rendered once: the text before and after its version.
#[derive(Debug, Clone)]
pub struct Manifest {
    before: String,
    after: String,
}

impl Manifest {
    pub const PATH: &'static str = "Cargo.toml";

    pub(super) fn new(rendered: &str) -> Result<Manifest, EmitError> {
        let (before, after) =
            rendered
                .split_once(VERSION_SLOT)
                .ok_or_else(|| EmitError::Template {
                    template: "Cargo.toml.j2".into(),
                    message: "it does not write the crate's version".into(),
                })?;
        Ok(Manifest {
            before: before.to_string(),
            after: after.to_string(),
        })
    }

    /// `Cargo.toml` for the crate at `version`.
    pub fn with_version(&self, version: impl std::fmt::Display) -> EmittedFile {
        EmittedFile {
            path: Manifest::PATH.into(),
            contents: format!("{}{version}{}", self.before, self.after),
        }
    }
}
