//! Postman collection → typed async Rust client crate.
//!
//! The pipeline, one module per stage: [`postman`] reads the file, [`lower`] turns it into the
//! [`ir`] (using [`infer`] for body types and [`naming`] for identifiers), [`emit`] prints the
//! crate's files in memory, and [`output`] writes them atomically or compares them (`--check`).

pub mod allocator;
pub mod config;
pub mod diagnostics;
pub mod emit;
pub mod infer;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod output;
pub mod postman;
pub mod record;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostics::Warning;
pub use emit::{EmitSettings, EmittedFile};

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
    /// Replace an output directory that holds files the generator did not write.
    pub force: bool,
}

/// What a run did.
#[derive(Debug)]
pub struct Report {
    pub operations: usize,
    pub types: usize,
    pub warnings: Vec<Warning>,
    pub elapsed: Duration,
    /// With `--check`: files that differ from what the collection generates.
    pub stale_files: Vec<String>,
    /// Without `--check`: the output already held exactly the generated files.
    pub unchanged: bool,
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
}

impl Error {
    /// 2 for input the generator cannot use, 1 for I/O failures and internal errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Load(postman::LoadError::Io { .. }) | Error::Output(_) | Error::Emit(_) => 1,
            Error::Load(_) | Error::CrateName(_) => 2,
        }
    }
}

/// The crate's files for a collection already in memory (no I/O): used by `generate` and tests.
pub fn generate_files(
    collection_bytes: &[u8],
    collection_path: &Path,
    crate_name: &str,
) -> Result<(Vec<EmittedFile>, Report), Error> {
    generate_files_with(collection_bytes, collection_path, crate_name, &[])
}

/// [`generate_files`] with extra secret field names (see [`emit::secrets`]).
pub fn generate_files_with(
    collection_bytes: &[u8],
    collection_path: &Path,
    crate_name: &str,
    extra_secret_fields: &[String],
) -> Result<(Vec<EmittedFile>, Report), Error> {
    let started = Instant::now();
    validate_crate_name(crate_name)?;
    let (api, diagnostics) = parse_and_lower(collection_bytes, collection_path)?;
    emit_api(
        &api,
        diagnostics,
        collection_path,
        crate_name,
        extra_secret_fields,
        started,
    )
}

/// Bytes → collection → IR. The collection is dropped here, before emitting, where memory
/// peaks; only the IR goes on.
fn parse_and_lower(
    collection_bytes: &[u8],
    collection_path: &Path,
) -> Result<(ir::Api, diagnostics::Diagnostics), Error> {
    let collection = postman::load::parse_collection(collection_bytes, collection_path)?;
    let mut diagnostics = diagnostics::Diagnostics::default();
    let api = lower::lower(
        &collection,
        &mut diagnostics,
        &record::memory::RememberedNames::default(),
    );
    Ok((api, diagnostics))
}

fn emit_api(
    api: &ir::Api,
    diagnostics: diagnostics::Diagnostics,
    collection_path: &Path,
    crate_name: &str,
    extra_secret_fields: &[String],
    started: Instant,
) -> Result<(Vec<EmittedFile>, Report), Error> {
    let settings = EmitSettings {
        crate_name: crate_name.to_string(),
        source_name: collection_path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "collection.json".into()),
        extra_secret_fields: extra_secret_fields.to_vec(),
    };
    let files = emit::emit_crate(api, &settings)?;
    let mut operations = 0;
    emit_count(&api.root, &mut operations);
    Ok((
        files,
        Report {
            operations,
            types: api.types.structs.len(),
            warnings: diagnostics.warnings,
            elapsed: started.elapsed(),
            stale_files: Vec::new(),
            unchanged: false,
        },
    ))
}

fn emit_count(module: &ir::Module, count: &mut usize) {
    *count += module.operations.len();
    for child in &module.children {
        emit_count(child, count);
    }
}

/// Reads the collection, generates the crate and writes it (or checks it with `config.check`).
pub fn generate(config: &Config) -> Result<Report, Error> {
    let started = Instant::now();
    validate_crate_name(&config.crate_name)?;
    let (api, diagnostics) = {
        // The input is not needed once parsed; freeing it lowers the peak (BENCHMARKS.md).
        let bytes = postman::load::read_collection(&config.collection)?;
        parse_and_lower(&bytes, &config.collection)?
    };
    let (files, mut report) = emit_api(
        &api,
        diagnostics,
        &config.collection,
        &config.crate_name,
        &config.extra_secret_fields,
        started,
    )?;
    drop(api);
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
