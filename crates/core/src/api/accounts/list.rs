//! `POST /adsAccounts/list` and its `nextToken` paginator.

use super::{AdsAccount, LIST_MEDIA_TYPE, MAX_PAGE};
use crate::api::{decode, encode, ApiClient, ApiError, Call, Retry};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct ListRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<&'a str>,
    max_results: u32,
}

/// One page of the account list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccountPage {
    pub accounts: Vec<AdsAccount>,
    pub next_token: Option<String>,
    /// Items that could not be read as an account (skipped and logged).
    pub unreadable: usize,
}

/// Every account the user has, and how many list items could not be read, so a front
/// end can say "one account could not be read" instead of failing the whole list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccountList {
    pub accounts: Vec<AdsAccount>,
    pub unreadable: usize,
}

/// The spec's `{adsAccounts, nextToken}` and the guide's bare array of
/// `{adsAccount:{..}}` (or of accounts) are both accepted. Items are read one by one:
/// an odd item is skipped and counted, never the reason the page fails.
pub fn parse_account_page(body: &[u8]) -> Result<AccountPage, ApiError> {
    let shape_error = |message: &str| ApiError::Decode {
        operation: "list ads accounts",
        message: message.into(),
    };
    let (items, next_token) = match decode::<Value>("list ads accounts", body)? {
        Value::Object(mut o) => {
            let items = match o.remove("adsAccounts") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(a)) => a,
                Some(_) => return Err(shape_error("adsAccounts is not a list")),
            };
            let next = match o.remove("nextToken") {
                Some(Value::String(t)) => Some(t).filter(|t| !t.is_empty()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            (items, next)
        }
        Value::Array(items) => (items, None),
        _ => {
            return Err(shape_error(
                "the answer is neither {adsAccounts, nextToken} nor a list",
            ))
        }
    };
    let mut page = AccountPage {
        next_token,
        ..AccountPage::default()
    };
    for (index, item) in items.into_iter().enumerate() {
        match account_item(item) {
            Ok(a) => page.accounts.push(a),
            Err(e) => {
                tracing::warn!(index, error = %e, "skipped an account the list holds but that cannot be read");
                page.unreadable += 1;
            }
        }
    }
    Ok(page)
}

/// `{adsAccount:{..}}` (the guide) or the account itself (the spec). Only an object with
/// a non-empty ID is an account (serde alone would read `["x"]` as one).
fn account_item(item: Value) -> Result<AdsAccount, serde_json::Error> {
    use serde::de::Error;
    let Value::Object(mut o) = item else {
        return Err(serde_json::Error::custom("the item is not an object"));
    };
    let inner = match o.remove("adsAccount") {
        Some(inner @ Value::Object(_)) if !o.contains_key("adsAccountId") => inner,
        Some(other) => {
            o.insert("adsAccount".into(), other);
            Value::Object(o)
        }
        None => Value::Object(o),
    };
    let a: AdsAccount = serde_json::from_value(inner)?;
    if a.ads_account_id.is_empty() {
        return Err(serde_json::Error::custom("adsAccountId is empty"));
    }
    Ok(a)
}

impl ApiClient {
    /// `POST /adsAccounts/list`, one page.
    pub async fn list_ads_accounts_page(
        &self,
        next_token: Option<&str>,
        max_results: u32,
    ) -> Result<AccountPage, ApiError> {
        let body = ListRequest {
            next_token,
            max_results: max_results.clamp(1, MAX_PAGE),
        };
        let reply = self
            .execute(Call {
                operation: "list ads accounts",
                method: Method::POST,
                region: self.region(),
                path: "/adsAccounts/list".into(),
                query: vec![],
                content_type: Some(LIST_MEDIA_TYPE),
                accept: LIST_MEDIA_TYPE,
                body: Some(encode(&body)),
                retry: Retry::Read,
                extra_headers: vec![],
            })
            .await?;
        parse_account_page(&reply.body)
    }

    /// Pages through every account the user has.
    pub fn ads_account_pages(&self) -> AccountPages<'_> {
        AccountPages {
            client: self,
            next: None,
            done: false,
            page_size: MAX_PAGE,
            pages: 0,
            unreadable: 0,
        }
    }

    /// Every account, following `nextToken` to the end (unreadable items left out).
    pub async fn list_ads_accounts(&self) -> Result<Vec<AdsAccount>, ApiError> {
        Ok(self.read_ads_accounts().await?.accounts)
    }

    /// Every account, with the count of list items that could not be read.
    pub async fn read_ads_accounts(&self) -> Result<AccountList, ApiError> {
        let mut pages = self.ads_account_pages();
        let mut all = AccountList::default();
        while let Some(page) = pages.next_page().await? {
            all.accounts.extend(page);
        }
        all.unreadable = pages.unreadable();
        Ok(all)
    }
}

/// Paginator over `nextToken`. Stops if the server repeats a token or exceeds a sane
/// page count, so a misbehaving server cannot loop it forever.
pub struct AccountPages<'a> {
    client: &'a ApiClient,
    next: Option<String>,
    done: bool,
    page_size: u32,
    pages: u32,
    unreadable: usize,
}

impl AccountPages<'_> {
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = n.clamp(1, MAX_PAGE);
        self
    }

    /// List items skipped so far because they could not be read.
    pub fn unreadable(&self) -> usize {
        self.unreadable
    }

    pub async fn next_page(&mut self) -> Result<Option<Vec<AdsAccount>>, ApiError> {
        if self.done {
            return Ok(None);
        }
        let page = self
            .client
            .list_ads_accounts_page(self.next.as_deref(), self.page_size)
            .await?;
        self.pages += 1;
        self.unreadable += page.unreadable;
        let repeated = page.next_token.is_some() && page.next_token == self.next;
        self.done = page.next_token.is_none() || repeated || self.pages >= 10_000;
        self.next = page.next_token;
        Ok(Some(page.accounts))
    }
}
