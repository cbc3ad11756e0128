//! Auth: which scheme the client offers, and whether each request uses it.
//!
//! Postman inherits auth from the collection through folders to the request; `noauth` stops
//! the inheritance. The emitted client applies one scheme, taken from the collection.

use crate::diagnostics::Diagnostics;
use crate::ir::AuthScheme;
use crate::postman::Auth;

fn scheme_of(kind: &str) -> Option<AuthScheme> {
    match kind {
        "basic" => Some(AuthScheme::Basic),
        "bearer" => Some(AuthScheme::Bearer),
        "noauth" => Some(AuthScheme::None),
        _ => None,
    }
}

/// The client's scheme, from the collection-level auth.
pub fn client_scheme(auth: Option<&Auth>, diagnostics: &mut Diagnostics) -> AuthScheme {
    let Some(auth) = auth else {
        return AuthScheme::None;
    };
    scheme_of(&auth.kind).unwrap_or_else(|| {
        diagnostics.warn(
            "",
            format!(
                "collection auth `{}` is not supported yet; set credentials yourself with `Client::with_http_client` (default headers)",
                auth.kind
            ),
        );
        AuthScheme::None
    })
}

/// Whether a request with this effective auth (its own, else inherited) sends the client's
/// credentials.
pub fn is_authenticated(
    effective: Option<&Auth>,
    client: AuthScheme,
    item_path: &str,
    diagnostics: &mut Diagnostics,
) -> bool {
    let Some(auth) = effective else {
        return false;
    };
    match scheme_of(&auth.kind) {
        Some(AuthScheme::None) => false,
        Some(scheme) if scheme == client => true,
        _ => {
            diagnostics.warn(
                item_path,
                format!(
                    "auth `{}` differs from the collection's and is not supported yet; the request is sent without credentials",
                    auth.kind
                ),
            );
            false
        }
    }
}
