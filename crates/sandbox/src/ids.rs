//! Identifier and token shapes as Amazon issues them.

use rand::distributions::{Distribution, Uniform};
use rand::Rng;
use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

fn random_from(alphabet: &[u8], len: usize) -> String {
    let mut rng = rand::thread_rng();
    let pick = Uniform::from(0..alphabet.len());
    (0..len)
        .map(|_| alphabet[pick.sample(&mut rng)] as char)
        .collect()
}

const BASE36: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const UPPER_ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Access tokens are "350 characters or more"; ours are 380.
pub fn access_token() -> String {
    format!("Atza|{}", random_from(URL_SAFE, 375))
}

pub fn refresh_token() -> String {
    format!("Atzr|{}", random_from(URL_SAFE, 375))
}

pub fn auth_code() -> String {
    random_from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 20)
}

/// `amzn1.ads-account.g.<25 lowercase base-36>`
pub fn ads_account_id() -> String {
    format!("amzn1.ads-account.g.{}", random_from(BASE36, 25))
}

pub fn entity_id() -> String {
    format!("ENTITY{}", random_from(UPPER_ALNUM, 10))
}

pub fn profile_id() -> i64 {
    rand::thread_rng().gen_range(100_000_000_000_000..999_999_999_999_999)
}

pub fn request_id() -> String {
    random_from(UPPER_ALNUM, 20)
}

/// A UUID v4 string, the documented shape of a terms token.
pub fn uuid_v4() -> String {
    let mut b: [u8; 16] = rand::thread_rng().gen();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Stable LwA-style user id for an email, so the same person keeps their terms acceptance.
pub fn user_id_for(email: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(email.trim().to_ascii_lowercase().as_bytes());
    let tail: String = digest
        .iter()
        .take(14)
        .map(|b| UPPER_ALNUM[(*b as usize) % UPPER_ALNUM.len()] as char)
        .collect();
    format!("amzn1.account.{tail}")
}
