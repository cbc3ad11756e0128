/// The HTTP client `Client::new` sends with: rustls, with ring as its crypto provider.
///
/// The crate builds reqwest without a provider of its own (aws-lc-rs, reqwest's default, needs
/// more of a C toolchain to build and builds slower), so reqwest takes the process's default
/// provider: ring is installed as that default unless the application chose one first.
pub(crate) fn default_http_client() -> reqwest::Client {
    // `Err` means a provider is installed already: the application's choice stands.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
