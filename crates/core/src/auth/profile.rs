//! Who signed in: LwA's `/user/profile` (needs the `profile` scope), and the check for
//! consumer email domains Amazon refuses for business registrations.

use serde::{Deserialize, Serialize};

use super::{AccessTokens, AuthError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LwaProfile {
    pub user_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// Webmail domains: Amazon rejects these as a business contact address.
const CONSUMER_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.co.jp",
    "yahoo.fr",
    "yahoo.de",
    "ymail.com",
    "rocketmail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "hotmail.de",
    "outlook.com",
    "live.com",
    "msn.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "yandex.com",
    "yandex.ru",
    "qq.com",
    "163.com",
    "naver.com",
    "zoho.com",
];

/// True when `email` is at a consumer webmail domain (gmail.com, outlook.com, …).
pub fn is_consumer_email(email: &str) -> bool {
    let Some((_, domain)) = email.trim().rsplit_once('@') else {
        return false;
    };
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    CONSUMER_DOMAINS.contains(&domain.as_str())
}

enum Fetch {
    Ok(LwaProfile),
    Unauthorized,
    Failed(AuthError),
}

async fn fetch_once(http: &reqwest::Client, url: &str, token: &str) -> Fetch {
    let mut resp = match http.get(url).bearer_auth(token).send().await {
        Ok(r) => r,
        Err(e) => return Fetch::Failed(AuthError::Network(e.without_url().to_string())),
    };
    match resp.status().as_u16() {
        200 => match super::oauth::read_bounded(&mut resp)
            .await
            .ok()
            .and_then(|b| serde_json::from_slice::<LwaProfile>(&b).ok())
        {
            Some(p) => Fetch::Ok(p),
            None => Fetch::Failed(AuthError::Server(
                "the profile answer could not be read".into(),
            )),
        },
        401 => Fetch::Unauthorized,
        403 => Fetch::Failed(AuthError::Server(
            "the profile was not shared (the profile scope was not granted)".into(),
        )),
        s => Fetch::Failed(AuthError::Server(format!("profile request answered {s}"))),
    }
}

/// The profile with a given access token (right after sign-in).
pub async fn fetch_profile_with(
    http: &reqwest::Client,
    url: &str,
    token: &str,
) -> Result<LwaProfile, AuthError> {
    match fetch_once(http, url, token).await {
        Fetch::Ok(p) => Ok(p),
        Fetch::Unauthorized => Err(AuthError::Server(
            "a freshly issued access token was refused by the profile service".into(),
        )),
        Fetch::Failed(e) => Err(e),
    }
}

/// The profile through a token source, refreshing once on 401 as every API caller must.
pub async fn fetch_profile(
    http: &reqwest::Client,
    url: &str,
    tokens: &dyn AccessTokens,
) -> Result<LwaProfile, AuthError> {
    let token = tokens.access_token().await?;
    match fetch_once(http, url, &token).await {
        Fetch::Ok(p) => Ok(p),
        Fetch::Failed(e) => Err(e),
        Fetch::Unauthorized => {
            let token = tokens.refresh_after_unauthorized(&token).await?;
            match fetch_once(http, url, &token).await {
                Fetch::Ok(p) => Ok(p),
                Fetch::Unauthorized => Err(AuthError::SignInRequired),
                Fetch::Failed(e) => Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumer_domains_are_recognised() {
        assert!(is_consumer_email("someone@gmail.com"));
        assert!(is_consumer_email(" Someone@Outlook.COM "));
        assert!(is_consumer_email("a@icloud.com"));
        assert!(!is_consumer_email("dana@havenhotel.com"));
        assert!(!is_consumer_email("gmail.com"));
        assert!(!is_consumer_email("x@notgmail.com"));
    }
}
