//! Postman collection → typed async Rust client crate.
//!
//! The pipeline, one module per stage: [`postman`] reads the file, [`lower`] turns it into the
//! [`ir`] (using `infer` for body types and `naming` for identifiers), `emit` prints the
//! crate's files in memory, and [`output`] writes them atomically or compares them (`--check`).

pub mod allocator;
pub mod config;
pub mod diagnostics;
pub(crate) mod emit;
pub(crate) mod infer;
pub mod ir;
pub mod lower;
pub(crate) mod naming;
pub mod output;
pub mod postman;
pub mod previous;
pub mod record;
pub(crate) mod runtime_source;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostics::Warning;
pub use emit::EmitSettings;
pub use output::EmittedFile;
pub use previous::PreviousOutput;
use previous::RememberedNames;

/// What to generate, from where, to where.
#[derive(Debug, Clone)]
pub struct Config {
    pub collection: PathBuf,
    pub out: PathBuf,
    pub crate_name: String,
    /// Compare instead of writing.
    pub check: bool,
    /// Field names to redact in `Debug` besides the built-in rule.
    pub extra_secret_fields: Vec<String>,
    /// Corrections to inference, by field path (see [`lower::overrides`]).
    pub overrides: lower::overrides::Overrides,
    /// Replace an output directory that holds files the generator did not write.
    pub force: bool,
    /// `--crate-version`: the emitted crate's version, instead of the one the changes imply.
    pub crate_version: Option<record::Version>,
    /// `--deny-breaking`: fail, writing nothing, when the public API would break.
    pub deny_breaking: bool,
}

/// What a run did.
#[derive(Debug)]
pub struct Report {
    pub operations: usize,
    /// Paginated operations, each with a stream of every item.
    pub streams: usize,
    pub types: usize,
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
    /// With `--check`: files that differ from what the collection generates.
    pub stale_files: Vec<String>,
    /// Without `--check`: the output already held exactly the generated files.
    pub unchanged: bool,
    /// The version this generation has, and the API changes that decided it.
    pub release: record::Release,
}

/// Everything about one generation except the input and where the files go.
#[derive(Debug, Clone)]
pub struct Generation {
    pub crate_name: String,
    /// Field names to redact in `Debug` besides the built-in rule.
    pub extra_secret_fields: Vec<String>,
    /// Corrections to inference, by field path (see [`lower::overrides`]).
    pub overrides: lower::overrides::Overrides,
    /// `--crate-version`, if given.
    pub crate_version: Option<record::Version>,
}

impl Generation {
    pub fn new(crate_name: &str) -> Generation {
        Generation {
            crate_name: crate_name.to_string(),
            extra_secret_fields: Vec::new(),
            overrides: Default::default(),
            crate_version: None,
        }
    }
}

/// Why a run failed. [`Error::exit_code`] maps each to the CLI's exit status.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Load(#[from] postman::LoadError),
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error(
        "invalid crate name `{0}`: use ASCII letters, digits, `-` and `_`, starting with a letter"
    )]
    CrateName(String),
    #[error(transparent)]
    Record(#[from] record::file::RecordError),
    #[error(transparent)]
    Override(#[from] lower::overrides::OverrideError),
    #[error(
        "the public API would break ({} breaking change{}); nothing was written because of \
         --deny-breaking:\n{}",
        .0.len(),
        if .0.len() == 1 { "" } else { "s" },
        .0.iter().map(|change| format!("  - {change}")).collect::<Vec<_>>().join("\n")
    )]
    Breaking(Vec<String>),
}

impl Error {
    /// 2 for input the generator cannot use, 1 for I/O failures and internal errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Load(postman::LoadError::Io { .. })
            | Error::Output(_)
            | Error::Emit(_)
            | Error::Breaking(_)
            | Error::Record(record::file::RecordError::Io { .. }) => 1,
            Error::Load(_) | Error::CrateName(_) | Error::Record(_) | Error::Override(_) => 2,
        }
    }
}

/// The crate's files for a collection already in memory (no I/O), as a first generation:
/// used by tests.
pub fn generate_files(
    collection_bytes: &[u8],
    collection_path: &Path,
    crate_name: &str,
) -> Result<(Vec<EmittedFile>, Report), Error> {
    generate_files_with(collection_bytes, collection_path, crate_name, &[])
}

/// [`generate_files`] with extra secret field names (see [`lower::secrets`]).
pub fn generate_files_with(
    collection_bytes: &[u8],
    collection_path: &Path,
    crate_name: &str,
    extra_secret_fields: &[String],
) -> Result<(Vec<EmittedFile>, Report), Error> {
    let generation = Generation {
        extra_secret_fields: extra_secret_fields.to_vec(),
        ..Generation::new(crate_name)
    };
    generate_after(
        collection_bytes,
        collection_path,
        &generation,
        &PreviousOutput::default(),
    )
}

/// The crate's files for a collection already in memory, after the `previous` output: its
/// names are kept, its version is the base of the new one, its changelog is continued.
pub fn generate_after(
    collection_bytes: &[u8],
    collection_path: &Path,
    generation: &Generation,
    previous: &PreviousOutput,
) -> Result<(Vec<EmittedFile>, Report), Error> {
    let started = Instant::now();
    let (api, diagnostics) =
        lower_generation(collection_bytes, collection_path, generation, previous)?;
    let source_name = collection_path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "collection.json".into());
    let settings = EmitSettings {
        crate_name: generation.crate_name.clone(),
        source_name,
    };
    let previous_version = previous
        .record
        .as_ref()
        .map_or(record::Version::INITIAL, |record| record.version);
    // The record is built and compared while the files are emitted: neither needs the other.
    let (emitted, (mut items, changes)) = rayon::join(
        || emit::emit_crate(&api, &settings),
        || {
            let items = record::build::api_items(&api);
            let changes = previous.record.as_ref().map(|previous| {
                let decided = previous.items.iter().filter(|(_, item)| !item.runtime);
                let decided = decided
                    .map(|(path, item)| (path.clone(), item.clone()))
                    .collect();
                record::diff::diff(&decided, &items)
            });
            (items, changes)
        },
    );
    let emit::EmittedCrate {
        mut files,
        manifest,
    } = emitted?;
    // At the previous version first: an output that did not change keeps it.
    let manifest_at = files.partition_point(|file| file.path.as_str() < emit::Manifest::PATH);
    files.insert(manifest_at, manifest.with_version(previous_version));
    // The fixed runtime's items are read back from the files, which are ready only now.
    let runtime = record::runtime_api::runtime_items(&files, &items);
    let changes = changes.map(|mut changes| {
        if let Some(previous) = &previous.record {
            changes.extend(record::runtime_api::runtime_changes(
                &previous.items,
                &runtime,
            ));
        }
        changes
    });
    items.extend(runtime);
    let mut fingerprint = record::file::fingerprint(&files);
    let release = record::Release::plan(
        previous.record.as_ref(),
        changes,
        &fingerprint,
        generation.crate_version,
    );
    if release.version != previous_version {
        files[manifest_at] = manifest.with_version(release.version);
        fingerprint = record::file::fingerprint(&files);
    }
    let marker = emit::generated_marker(&settings.source_name);
    let new_record = record::ApiRecord {
        generated: marker.clone(),
        format: record::model::RECORD_FORMAT,
        naming: record::model::NAMING_REVISION,
        code: record::model::CODE_REVISION,
        behaviour: Some(record::model::BEHAVIOUR_REVISION),
        crate_name: generation.crate_name.clone(),
        version: release.version,
        fingerprint,
        items,
    };
    files.push(EmittedFile {
        path: record::file::RECORD_FILE.into(),
        contents: record::file::render_record(&new_record),
    });
    files.push(EmittedFile {
        path: record::file::CHANGELOG_FILE.into(),
        contents: release.changelog(
            &marker,
            previous.changelog.as_deref(),
            operation_count(&api.root),
        ),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let report = Report {
        operations: operation_count(&api.root),
        streams: count_operations(&api.root, |operation| operation.pagination.is_some()),
        types: api.types.structs.len(),
        warnings: diagnostics.warnings,
        elapsed: started.elapsed(),
        stale_files: Vec::new(),
        unchanged: false,
        release,
    };
    Ok((files, report))
}

/// The [`ir::Api`] that [`generate_after`] emits a crate from, for the same arguments, without
/// emitting anything: for tests that check the emitted crate against the model it came from
/// (`generator/tests/real_collections.rs` walks every saved example with its type).
pub fn resolved_api(
    collection_bytes: &[u8],
    collection_path: &Path,
    generation: &Generation,
    previous: &PreviousOutput,
) -> Result<ir::Api, Error> {
    lower_generation(collection_bytes, collection_path, generation, previous).map(|(api, _)| api)
}

/// The IR of one generation: the crate name checked, the previous output's names remembered,
/// the configuration's secrets and overrides applied.
fn lower_generation(
    collection_bytes: &[u8],
    collection_path: &Path,
    generation: &Generation,
    previous: &PreviousOutput,
) -> Result<(ir::Api, diagnostics::Diagnostics), Error> {
    validate_crate_name(&generation.crate_name)?;
    let remembered = previous
        .record
        .as_ref()
        .map(RememberedNames::from_record)
        .unwrap_or_default();
    parse_and_lower(
        collection_bytes,
        collection_path,
        &remembered,
        &generation.extra_secret_fields,
        &generation.overrides,
    )
}

/// Bytes → collection → IR. The collection is dropped here, before emitting, where memory
/// peaks; only the IR goes on.
fn parse_and_lower(
    collection_bytes: &[u8],
    collection_path: &Path,
    remembered: &RememberedNames,
    secret_fields: &[String],
    overrides: &lower::overrides::Overrides,
) -> Result<(ir::Api, diagnostics::Diagnostics), Error> {
    let collection = postman::load::parse_collection(collection_bytes, collection_path)?;
    let mut diagnostics = diagnostics::Diagnostics::default();
    let mut api = lower::lower(&collection, &mut diagnostics, remembered, secret_fields);
    lower::overrides::apply(&mut api, overrides)?;
    // After overrides: a retyped field can make or unmake a page.
    lower::pagination::detect(&mut api, remembered);
    Ok((api, diagnostics))
}

/// The operations of `module` and its children that `counted` says.
fn count_operations(module: &ir::Module, counted: fn(&ir::Operation) -> bool) -> usize {
    module
        .all_operations()
        .filter(|operation| counted(operation))
        .count()
}

fn operation_count(module: &ir::Module) -> usize {
    count_operations(module, |_| true)
}

/// Reads the collection and the previous output, generates the crate and writes it (or
/// checks it with `config.check`).
pub fn generate(config: &Config) -> Result<Report, Error> {
    let started = Instant::now();
    validate_crate_name(&config.crate_name)?;
    let previous = PreviousOutput::read(&config.out)?;
    let generation = Generation {
        crate_name: config.crate_name.clone(),
        extra_secret_fields: config.extra_secret_fields.clone(),
        overrides: config.overrides.clone(),
        crate_version: config.crate_version,
    };
    let (files, mut report) = {
        // The input is not needed once parsed; freeing it lowers the peak (BENCHMARKS.md).
        let bytes = postman::load::read_collection(&config.collection)?;
        generate_after(&bytes, &config.collection, &generation, &previous)?
    };
    if config.deny_breaking && !report.release.changes.breaking.is_empty() {
        return Err(Error::Breaking(
            report
                .release
                .changes
                .breaking
                .iter()
                .map(ToString::to_string)
                .collect(),
        ));
    }
    if config.check {
        report.stale_files = output::check(&config.out, &files)?;
    } else {
        refuse_collection_folder(config)?;
        let written = output::write_crate(&config.out, &files, config.force)?;
        report.unchanged = written == output::Written::Unchanged;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

fn validate_crate_name(name: &str) -> Result<(), Error> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(Error::CrateName(name.to_string()))
    }
}

/// The output directory must not contain the collection: replacing it would delete it.
fn refuse_collection_folder(config: &Config) -> Result<(), Error> {
    let (Ok(out), Ok(collection)) = (config.out.canonicalize(), config.collection.canonicalize())
    else {
        return Ok(());
    };
    if collection.starts_with(&out) {
        return Err(Error::Output(output::OutputError::Protected {
            path: config.out.clone(),
            reason: "it contains the collection file",
        }));
    }
    Ok(())
}
