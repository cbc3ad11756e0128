//! The credentials the client obtains or computes itself rather than being given: OAuth 2.0
//! access tokens (`oauth2.rs`), fetched, cached and renewed, from a client-credentials grant,
//! a refresh token (`oauth2_refresh.rs`) or the application's own provider
//! (`oauth2_provider.rs`), the token endpoint asked in `oauth2_endpoint.rs`, put on requests by
//! `oauth2_credential.rs`; HTTP Digest answers to a server's challenge (`digest.rs`, RFC 7616);
//! OAuth 1.0a signatures (`oauth1.rs`, RFC 5849); Postman's `jwt` tokens, signed for every
//! try (`jwt.rs`, RFC 7515, with `ring`); AWS Signature Version 4 (`aws_sigv4.rs`, signed by
//! AWS's `aws-sigv4` crate).
//!
//! Each implements `crate::http::TryCredential`; the generator joins the pieces a crate's
//! credentials need into its `src/auth.rs`.

mod aws_sigv4;
mod digest;
mod jwt;
mod oauth1;
mod oauth2;
mod oauth2_credential;
mod oauth2_endpoint;
mod oauth2_provider;
mod oauth2_refresh;

pub(crate) use aws_sigv4::*;
pub(crate) use digest::*;
pub(crate) use jwt::*;
pub(crate) use oauth1::*;
pub(crate) use oauth2::*;
pub(crate) use oauth2_credential::*;
pub(crate) use oauth2_endpoint::*;
pub(crate) use oauth2_provider::*;
pub(crate) use oauth2_refresh::*;
