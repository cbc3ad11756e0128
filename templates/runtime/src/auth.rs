//! The credentials the client obtains itself rather than being given: OAuth 2.0 access
//! tokens (`oauth2.rs`), fetched, cached and renewed.
//!
//! Not yet part of the emitted crates: the generator wires it in with the `oauth2` auth
//! of a collection (issue 22).

mod oauth2;

pub(crate) use oauth2::*;
