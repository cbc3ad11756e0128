//! The `generator` command: arguments → [`generator::Config`] → generate → one summary line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

/// Emitting builds and drops millions of small token trees; under glibc malloc that cost grew
/// faster than the collection (BENCHMARKS.md, "Growth"). mimalloc keeps it linear.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates a typed async Rust client crate from a Postman collection.
///
/// With no arguments, reads the defaults from `[workspace.metadata.generator]` in the
/// workspace's Cargo.toml (collection, out, crate-name), relative to that file.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// The Postman collection (v2.0 or v2.1) to read.
    #[arg(long)]
    collection: Option<PathBuf>,
    /// The directory of the emitted crate; replaced as a whole.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The emitted crate's package name.
    #[arg(long)]
    crate_name: Option<String>,
    /// Write nothing; exit 1 and list the files that differ if the output is stale.
    #[arg(long)]
    check: bool,
    /// Replace the output directory even if it holds files the generator did not write.
    #[arg(long)]
    force: bool,
    /// The emitted crate's version (MAJOR.MINOR.PATCH), instead of the one the API changes
    /// imply.
    #[arg(long, value_name = "X.Y.Z")]
    crate_version: Option<generator::record::Version>,
    /// Exit 1 and write nothing when the public API would break (for CI of teams that pin
    /// the crate).
    #[arg(long)]
    deny_breaking: bool,
}

fn resolve(
    base: &Path,
    given: Option<PathBuf>,
    default: Option<PathBuf>,
    fallback: &str,
) -> PathBuf {
    match given {
        Some(path) => path,
        None => base.join(default.unwrap_or_else(|| PathBuf::from(fallback))),
    }
}

fn main() -> ExitCode {
    generator::allocator::return_freed_memory_sooner();
    let cli = Cli::parse();
    let found = std::env::current_dir()
        .map_err(|err| format!("cannot read the current directory: {err}"))
        .and_then(|cwd| generator::config::find_workspace_defaults(&cwd));
    let (defaults, base) = match found {
        Ok(found) => found,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let config = generator::Config {
        collection: resolve(
            &base,
            cli.collection,
            defaults.collection,
            "collection.json",
        ),
        out: resolve(&base, cli.out, defaults.out, "generated"),
        crate_name: cli
            .crate_name
            .or(defaults.crate_name)
            .unwrap_or_else(|| "api-client".to_string()),
        check: cli.check,
        extra_secret_fields: defaults.secret_fields,
        overrides: defaults.overrides,
        force: cli.force,
        crate_version: cli.crate_version,
        deny_breaking: cli.deny_breaking,
    };
    match generator::generate(&config) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{warning}");
            }
            let summary = format!(
                "{}; {} operations ({} paginated, with a stream), {} types, {}, {:.0?}",
                report.release.summary(),
                report.operations,
                report.streams,
                report.types,
                generator::diagnostics::summary(&report.warnings),
                report.elapsed
            );
            if !config.check {
                let note = if report.unchanged {
                    " (unchanged, nothing written)"
                } else {
                    ""
                };
                println!("generated {}{note}: {summary}", config.out.display());
                return ExitCode::SUCCESS;
            }
            if report.stale_files.is_empty() {
                println!("{} is up to date: {summary}", config.out.display());
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "{} is stale; run `cargo run -p generator` to regenerate it:",
                    config.out.display()
                );
                for file in &report.stale_files {
                    eprintln!("  {file}");
                }
                ExitCode::from(1)
            }
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
