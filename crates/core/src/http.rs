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
    #[test]
    fn a_client_builds_with_ring_as_the_provider() {
        let _client = super::client();
        let provider = rustls::crypto::CryptoProvider::get_default().expect("installed");
        assert!(
            provider
                .cipher_suites
                .iter()
                .any(|s| s.suite() == rustls::CipherSuite::TLS13_AES_128_GCM_SHA256),
            "ring's TLS 1.3 suites are available"
        );
    }
}
