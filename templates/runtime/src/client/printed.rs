//! Stand-ins for what the generator prints around the fixed `Client` from a collection
//! (`generator/src/emit/client/`), so that the real `Client` compiles and runs in this
//! crate's tests: a basic credential, a digest one (computed for each try), and one variable.

use super::Client;
use crate::auth::DigestCredential;

/// Credentials, as the generator prints them for a collection with basic auth.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    pub(crate) basic: Option<(String, String)>,
    pub(crate) digest: Option<DigestCredential>,
}

/// Collection variables, as the generator prints them for one variable.
#[derive(Clone)]
pub(crate) struct Variables {
    pub(crate) region: String,
}

impl Default for Variables {
    fn default() -> Self {
        Variables {
            region: "eu".into(),
        }
    }
}

impl Client {
    /// The setter the generator prints for a basic credential.
    pub fn with_basic_auth(
        mut self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.credentials.basic = Some((username.into(), password.into()));
        self
    }

    /// The setter the generator prints for a digest credential.
    pub fn with_digest_auth(
        mut self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.credentials.digest = Some(DigestCredential::new(username.into(), password.into()));
        self
    }
}

/// Which credential a request sends.
#[derive(Clone, Copy, Default)]
pub(crate) enum Auth {
    None,
    #[default]
    Basic,
    Digest,
}
