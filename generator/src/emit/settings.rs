//! What `emit/` is asked to make, and how it can fail.

/// What the emitted crate is called and where it came from (for headers).
#[derive(Debug, Clone)]
pub struct EmitSettings {
    pub crate_name: String,
    /// The collection's file name, as shown in headers.
    pub source_name: String,
}

/// Why the crate could not be emitted. Only a bug in the generator reaches these.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("internal error: emitted {file} is not valid Rust ({message}); please report this with the collection")]
    InvalidRust { file: String, message: String },
    #[error("internal error: template {template} failed: {message}")]
    Template { template: String, message: String },
}
