//! Login with Amazon: authorize page, token endpoint and user profile.

pub mod authorize;
pub mod profile;
pub mod token;

/// Scopes the sandbox's LwA knows; anything else is `invalid_scope`.
pub const KNOWN_SCOPES: &[&str] = &[
    "advertising::campaign_management",
    "cpc_advertising:campaign_management",
    "advertising::audiences",
    "advertising::test:create_account",
    "profile",
    "profile:user_id",
    "postal_code",
];
