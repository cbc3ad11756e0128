//! The credentials the client obtains or computes itself rather than being given: OAuth 2.0
//! access tokens (`oauth2.rs`), fetched, cached and renewed; HTTP Digest answers to a
//! server's challenge (`digest.rs`, RFC 7616); OAuth 1.0a signatures (`oauth1.rs`, RFC 5849);
//! AWS Signature Version 4 (`aws_sigv4.rs`, signed by AWS's `aws-sigv4` crate).
//!
//! Not yet part of the emitted crates: the generator wires it in with the `oauth2` auth
//! `oauth1` and `digest` auth of a collection (issue 22).

mod aws_sigv4;
mod digest;
mod oauth1;
mod oauth2;

pub(crate) use aws_sigv4::*;
pub(crate) use digest::*;
pub(crate) use oauth1::*;
pub(crate) use oauth2::*;
