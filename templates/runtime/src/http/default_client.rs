use std::time::Duration;

/// How long a whole request may take, from connecting to the last byte of the body, unless
/// `Client::with_timeout` says otherwise.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long connecting may take, unless `Client::with_connect_timeout` says otherwise.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The HTTP client `Client::new` sends with: rustls, with ring as its crypto provider, and
/// `connect_timeout` for each new connection.
///
/// The crate builds reqwest without a provider of its own (aws-lc-rs, reqwest's default, needs
/// more of a C toolchain to build and builds slower), so reqwest takes the process's default
/// provider: ring is installed as that default unless the application chose one first.
///
/// # Panics
///
/// As `reqwest::Client::new` does, when the TLS backend cannot be initialised.
pub(crate) fn default_http_client(connect_timeout: Duration) -> reqwest::Client {
    // `Err` means a provider is installed already: the application's choice stands.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .build()
        .expect("the TLS backend initialises")
}
