//! The HTTP client every request to Amazon (or the sandbox) goes through.
//!
//! TLS is rustls with *ring* as its crypto provider, installed here rather than picked by
//! reqwest: reqwest's default provider (aws-lc) would add about 1 MiB of C and assembly to
//! the app for no gain over ring, which is already the smaller, widely audited choice.

use std::sync::Once;

/// A client builder with the crypto provider in place.
pub fn client_builder() -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
}

/// A client with reqwest's defaults (the tests' and benches' plain client).
pub fn client() -> reqwest::Client {
    client_builder()
        .build()
        .expect("an HTTP client with default settings always builds")
}

/// Makes ring the process's rustls provider, once; reqwest panics without one.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err means another provider was installed first (by an embedding program):
        // that one is used, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

#[cfg(test)]
mod tests {
    /// Key exchange groups tell the providers apart: aws-lc adds a post-quantum hybrid.
    #[test]
    fn a_client_builds_with_ring_as_the_provider() {
        let _client = super::client();
        let installed = rustls::crypto::CryptoProvider::get_default().expect("installed");
        let names = |p: &rustls::crypto::CryptoProvider| -> Vec<String> {
            p.kx_groups
                .iter()
                .map(|g| format!("{:?}", g.name()))
                .collect()
        };
        assert_eq!(
            names(installed),
            names(&rustls::crypto::ring::default_provider())
        );
        assert!(!names(installed).iter().any(|n| n.contains("MLKEM")));
    }
}
